"""Metrics files for Prometheus (node_exporter's textfile collector), checked by Prometheus' own promtool."""
import shutil
import subprocess

PROMTOOL = shutil.which("promtool")


def promtool_check_metrics(path):
    assert PROMTOOL, "promtool is missing: `make test` installs it (Debian's prometheus package)"
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
