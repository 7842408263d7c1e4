import XCTest
@testable import LabOps

/// The alerting rules file (promtool checks and runs it in Tests/e2e/test_prometheus.py).
final class PrometheusRulesTests: XCTestCase {
    func testDriftRulesAlways() {
        let yaml = PrometheusRules.yaml(bar: nil)
        XCTAssertTrue(yaml.contains("""
            groups:
              - name: opslab
                rules:
                  - alert: OpslabDataDrift
                    expr: "opslab_drift_share >= 0.5"
                    labels:
                      severity: warning
                    annotations:
                      summary: "Data drift in {{ $labels.frame }}"
            """), yaml)
        XCTAssertTrue(yaml.contains("  - alert: OpslabColumnDrift\n        expr: \"opslab_drift_detected == 1\"\n"), yaml)
        XCTAssertFalse(yaml.contains("OpslabModelPastBar"))
    }

    func testABarAlertsBelowAScoreAndAboveALoss() {
        let score = PrometheusRules.yaml(bar: .init(metric: "roc_auc", value: 0.8, greaterIsBetter: true))
        XCTAssertTrue(score.contains(#"expr: "opslab_model_metric{metric=\"roc_auc\"} < 0.8""#), score)
        XCTAssertTrue(score.contains(#"summary: "{{ $labels.model }}: roc_auc below 0.8""#), score)
        let loss = PrometheusRules.yaml(bar: .init(metric: "rmse", value: 3, greaterIsBetter: false))
        XCTAssertTrue(loss.contains(#"expr: "opslab_model_metric{metric=\"rmse\"} > 3""#), loss)
        XCTAssertTrue(loss.contains("above its bar of 3."), loss)
    }

    func testQuotedScalarsEscapeWhatYAMLNeeds() {
        XCTAssertEqual(PrometheusRules.quoted(#"a "b" \ c"#), #""a \"b\" \\ c""#)
    }
}
