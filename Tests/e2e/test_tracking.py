"""Experiment tracking in .opslab/lab.db, driven through the binary: runs recorded by `train`,
looked at with runs/run/compare/best, two processes logging at once, a kill -9 mid-run, and
lab.db files this opslab must not touch."""
import os
import signal
import sqlite3
import subprocess
import time

from conftest import base_env

from conftest import TITANIC_SETUP as SETUP, TITANIC_FEATURES as FEATURES  # noqa: E402


def runs_in(folder, where="1"):
    db = sqlite3.connect(f"file:{folder / '.opslab' / 'lab.db'}?mode=ro", uri=True)
    try:
        return db.execute(f"SELECT run_id, name, status, pid FROM runs WHERE {where} ORDER BY start_ms").fetchall()
    finally:
        db.close()


def test_train_records_runs_that_runs_best_and_compare_show(run_opslab, tmp_path):
    script = SETUP + f"""\
train logistic target=survived {FEATURES} C=0.01 as weak
train logistic target=survived {FEATURES} C=1.0 as strong
runs where params.C >= 0.5 sort=-metrics.roc_auc
best metric=auc
"""
    (tmp_path / "s.lab").write_text(script)
    proc = run_opslab(["run", "s.lab"])
    assert proc.returncode == 0, proc.stderr
    runs = runs_in(tmp_path)
    assert [(r[1], r[2]) for r in runs] == [("weak", "FINISHED"), ("strong", "FINISHED")]
    weak, strong = runs[0][0], runs[1][0]
    assert f"run {weak[:8]} recorded in experiment 'Default'" in proc.stdout
    table = proc.stdout.split("runs in 'Default'")[1]
    assert strong[:8] in table and weak[:8] not in table.split("best by")[0]
    db = sqlite3.connect(tmp_path / ".opslab" / "lab.db")
    aucs = dict(db.execute("SELECT r.name, m.value FROM run_metrics m JOIN runs r USING (run_id) WHERE m.key = 'roc_auc'"))
    best = max(aucs, key=aucs.get)
    assert f"best by roc_auc (highest of 2 runs): run {dict((n, i) for i, n, _, _ in runs)[best][:8]} '{best}'" in proc.stdout
    (tmp_path / "c.lab").write_text(f"compare {weak[:6]} {strong[:6]}\nrun {strong[:10]}\n")
    proc = run_opslab(["run", "c.lab"])
    assert proc.returncode == 0, proc.stderr
    c_row = next(l for l in proc.stdout.splitlines() if "params.C" in l)
    assert c_row.split() == ["≠", "params.C", "0.01", "1.0"]
    assert f"run {strong} 'strong' in experiment 'Default' (id 0)" in proc.stdout
    assert "lineage (the commands that built the state):" in proc.stdout
    assert "  encode sex" in proc.stdout


def test_a_registered_model_predicts_in_a_fresh_process(run_opslab, tmp_path):
    (tmp_path / "train.lab").write_text(SETUP + f"train logistic target=survived {FEATURES} as lr\nregister lr as survival\nalias survival@champion v1\n")
    assert run_opslab(["run", "train.lab"]).returncode == 0
    (tmp_path / "use.lab").write_text("load titanic\nimpute age fare with=median\nencode sex\npredict survival@champion as scored\nwrite scored.csv\n")
    proc = run_opslab(["run", "use.lab"])
    assert proc.returncode == 0, proc.stderr
    assert "predicted with lr into scored: 1309 rows" in proc.stdout
    header = (tmp_path / "scored.csv").read_text().splitlines()[0].split(",")
    assert "pred_lr" in header and "proba_lr_1" in header
    (tmp_path / "bad.lab").write_text("load titanic\npredict survival@prod\n")
    proc = run_opslab(["run", "bad.lab"])
    assert proc.returncode == 1
    assert "bad.lab:2: survival has no alias 'prod'" in proc.stderr


def test_two_processes_logging_at_once_lose_no_run(opslab_bin, tmp_path):
    per_process = 150
    for p in ("a", "b"):
        lines = ["load iris", f"experiment load_{p}"]
        lines += [f"train linear target=petal_width_cm features=sepal_length_cm,sepal_width_cm as {p}{i}" for i in range(per_process)]
        (tmp_path / f"{p}.lab").write_text("\n".join(lines) + "\n")
    procs = [subprocess.Popen([opslab_bin, "run", f"{p}.lab"], cwd=tmp_path, env=base_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for p in ("a", "b")]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
        assert b"not recorded" not in out
        assert out.count(b"recorded in experiment 'load_") == per_process
    db = sqlite3.connect(tmp_path / ".opslab" / "lab.db")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    counts = dict(db.execute("SELECT e.name, count(*) FROM runs r JOIN experiments e USING (experiment_id) WHERE r.status = 'FINISHED' GROUP BY e.name"))
    assert counts == {"load_a": per_process, "load_b": per_process}
    assert db.execute("SELECT count(DISTINCT run_id) FROM run_params WHERE key = 'kind' AND value = 'linear'").fetchone() == (2 * per_process,)
    assert db.execute("SELECT count(*) FROM run_artifacts WHERE path = 'model/model.json'").fetchone() == (2 * per_process,)


def test_kill_9_during_training_leaves_a_failed_run_and_a_consistent_store(opslab_bin, run_opslab, tmp_path):
    (tmp_path / "slow.lab").write_text("load titanic\nimpute age fare with=median\ntrain linear target=fare features=age,pclass as quick\n"
                                       "train forest target=survived features=age,pclass,fare,sibsp,parch trees=5000 as slow\n")
    proc = subprocess.Popen([opslab_bin, "run", "slow.lab"], cwd=tmp_path, env=base_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if runs_in(tmp_path, "name = 'slow'"):
                break
        except sqlite3.OperationalError:
            pass  # lab.db not there or not migrated yet
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert [r[1:3] for r in runs_in(tmp_path)] == [("quick", "FINISHED"), ("slow", "RUNNING")], "as stored"
    db = sqlite3.connect(tmp_path / ".opslab" / "lab.db")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    slow = runs_in(tmp_path, "name = 'slow'")[0][0]
    assert db.execute("SELECT count(*) FROM run_params WHERE run_id = ?", (slow,)).fetchone() == (0,), "nothing half-written"
    (tmp_path / "look.lab").write_text(f"runs\nrun {slow[:8]}\n")
    out = run_opslab(["run", "look.lab"])
    assert out.returncode == 0, out.stderr
    line = next(l for l in out.stdout.splitlines() if l.startswith(slow[:8]))
    assert "FAILED" in line, line
    assert "status: FAILED" in out.stdout


def test_lab_db_from_a_newer_opslab_or_damaged_is_refused_and_left_alone(run_opslab, tmp_path):
    state = tmp_path / ".opslab"
    state.mkdir()
    db = sqlite3.connect(state / "lab.db")
    db.execute("CREATE TABLE schema_version(version INTEGER NOT NULL)")
    db.execute("INSERT INTO schema_version VALUES (99)")
    db.commit()
    db.close()
    before = (state / "lab.db").read_bytes()
    (tmp_path / "r.lab").write_text("runs\n")
    proc = run_opslab(["run", "r.lab"])
    assert proc.returncode == 1
    assert "lab.db was written by a newer opslab (lab.db schema 99; this opslab knows 5)" in proc.stderr
    (tmp_path / "t.lab").write_text("load iris\ntrain linear target=petal_width_cm features=sepal_length_cm as m\n")
    proc = run_opslab(["run", "t.lab"])
    assert proc.returncode == 0, proc.stderr
    assert "warning: run not recorded:" in proc.stdout and "newer opslab" in proc.stdout
    assert (state / "lab.db").read_bytes() == before
    garbage = b"not a database at all" + bytes(5000)
    (state / "lab.db").write_bytes(garbage)
    proc = run_opslab(["run", "r.lab"])
    assert proc.returncode == 1
    assert "lab.db is damaged or not a SQLite database" in proc.stderr
    assert (state / "lab.db").read_bytes() == garbage
