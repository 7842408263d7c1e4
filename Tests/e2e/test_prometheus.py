"""Metrics files for Prometheus (node_exporter's textfile collector), checked by Prometheus' own promtool."""
import os
import re
import shutil
import subprocess

from conftest import REPO

# `make test` unpacks promtool into .build-tools/ and passes its path; one on the PATH also does.
PROMTOOL = next((p for p in [os.environ.get("PROMTOOL"), str(REPO / ".build-tools/prometheus/usr/bin/promtool"), shutil.which("promtool")]
                 if p and os.path.exists(p)), None)


def promtool_check_metrics(path):
    assert PROMTOOL, "promtool is missing: `make test` fetches it (make deps-test)"
    return subprocess.run([PROMTOOL, "check", "metrics"], stdin=open(path), capture_output=True, text=True)


def test_a_monitoring_script_writes_metrics_promtool_accepts(run_opslab, tmp_path):
    (tmp_path / "monitor.lab").write_text(
        "load titanic\n"
        "split test=0.25 seed=3 stratify=survived\n"
        "impute age fare with=median\n"
        "encode sex\n"
        "train logistic target=survived features=age,fare,pclass,sex_male as lr\n"
        "eval lr prom=model.prom\n"
        "drift prom=drift.prom\n")
    proc = run_opslab(["run", "monitor.lab"])
    assert proc.returncode == 0, proc.stderr
    for name in ["model.prom", "drift.prom"]:
        check = promtool_check_metrics(tmp_path / name)
        assert check.returncode == 0 and check.stdout == "" and check.stderr == "", (name, check.stdout, check.stderr)
    model = (tmp_path / "model.prom").read_text()
    assert 'opslab_model_metric{model="lr",frame="titanic",rows="test",metric="roc_auc"} 0.' in model
    drift = (tmp_path / "drift.prom").read_text()
    # A column name with a quote or a backslash would be escaped; every column of titanic is there.
    assert drift.count("opslab_drift_detected{") == 15  # 14 columns and sex_male, not the split marker
    assert 'column="name",method="jensen_shannon"' in drift


def test_a_name_that_needs_escaping_still_passes_promtool(run_opslab, tmp_path):
    (tmp_path / "odd.csv").write_text('"a ""quoted"" \\\\ name",b\n1,x\n2,y\n3,x\n')
    (tmp_path / "odd2.csv").write_text('"a ""quoted"" \\\\ name",b\n5,y\n6,y\n7,x\n')
    proc = run_opslab(stdin="load odd.csv\nload odd2.csv\ndrift against=odd prom=odd.prom\n")
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "odd.prom").read_text()
    assert 'column="a \\"quoted\\" \\\\\\\\ name"' in text, text
    check = promtool_check_metrics(tmp_path / "odd.prom")
    assert check.returncode == 0, check.stdout + check.stderr


def samples(path):
    """(series, value) of each sample line of a metrics file."""
    out = []
    for line in path.read_text().splitlines():
        if not line.startswith("#"):
            series, value = line.rsplit(" ", 1)
            out.append((series, float(value)))
    return out


def test_alert_rules_pass_promtool_and_fire_on_the_metrics_opslab_wrote(run_opslab, tmp_path):
    assert PROMTOOL, "promtool is missing: `make test` fetches it (make deps-test)"
    (tmp_path / "monitor.lab").write_text(
        "load seattle_weather\n"
        "split by=date at=2015-01-01\n"
        "train linear target=temp_max features=temp_min,wind as lm\n"
        "eval lm prom=model.prom\n"
        "drift temp_max temp_min weather prom=drift.prom\n"
        "export alerts rules.yml metric=rmse bar=1\n")
    proc = run_opslab(["run", "monitor.lab"])
    assert proc.returncode == 0, proc.stderr
    check = subprocess.run([PROMTOOL, "check", "rules", "rules.yml"], cwd=tmp_path, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "SUCCESS: 3 rules found" in check.stdout

    written = samples(tmp_path / "drift.prom") + samples(tmp_path / "model.prom")
    share = next(v for s, v in written if s.startswith("opslab_drift_share"))
    rmse = next(v for s, v in written if 'metric="rmse"' in s)
    drifted = [re.search(r'column="([^"]+)"', s).group(1) for s, v in written if s.startswith("opslab_drift_detected") and v == 1]
    assert share == 1 and drifted == ["temp_max", "temp_min", "weather"] and rmse > 1  # a year later, warmer: every column moved

    def labels(series):
        return dict(re.findall(r'(\w+)="([^"]*)"', series))

    series = "\n".join(f"      - series: '{s}'\n        values: '{v}x5'" for s, v in written)
    column_alerts = "\n".join(
        f"          - exp_labels: {{severity: info, frame: seattle_weather, reference: train, column: {c}}}\n"
        f"            exp_annotations:\n"
        f"              summary: \"{c} of seattle_weather drifted\"\n"
        f"              description: \"The values of {c} in seattle_weather moved from train (drift score at or above its threshold, or a changed type).\""
        for c in drifted)
    model = labels(next(s for s, _ in written if 'metric="rmse"' in s))
    (tmp_path / "rules_test.yml").write_text(f"""rule_files:
  - rules.yml
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
{series}
    alert_rule_test:
      - eval_time: 2m
        alertname: OpslabDataDrift
        exp_alerts:
          - exp_labels: {{severity: warning, frame: seattle_weather, reference: train}}
            exp_annotations:
              summary: "Data drift in seattle_weather"
              description: "100% of the columns of seattle_weather drifted against train."
      - eval_time: 2m
        alertname: OpslabColumnDrift
        exp_alerts:
{column_alerts}
      - eval_time: 2m
        alertname: OpslabModelPastBar
        exp_alerts:
          - exp_labels: {{severity: critical, model: lm, frame: {model["frame"]}, rows: {model["rows"]}, metric: rmse}}
            exp_annotations:
              summary: "lm: rmse above 1"
              description: "lm has rmse {rmse!r} on the {model["rows"]} rows of {model["frame"]}, above its bar of 1."
""")
    run = subprocess.run([PROMTOOL, "test", "rules", "rules_test.yml"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
