"""Tracking against the real MLflow: a `mlflow server` (SQLite backend) receives a session's runs,
registered versions and aliases through its REST API, and MlflowClient reads them back equal to
what lab.db holds; `export mlflow DIR` is read by MlflowClient as a file store."""
import json
import os
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from threading import Thread

import pytest

from mlflow_server import MLflowServer, free_port  # also turns MLflow's telemetry off before mlflow is imported

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
from mlflow import MlflowClient  # noqa: E402

from conftest import TITANIC_SETUP as SETUP, TITANIC_FEATURES as FEATURES  # noqa: E402


@pytest.fixture(scope="module")
def mlflow_server(tmp_path_factory):
    server = MLflowServer(tmp_path_factory.mktemp("mlflow")).start()
    yield server
    server.stop()


def local_runs(folder):
    """Everything lab.db holds about each run, by run name."""
    db = sqlite3.connect(folder / ".opslab" / "lab.db")
    out = {}
    for run_id, name, status, start, end in db.execute("SELECT run_id, name, status, start_ms, end_ms FROM runs"):
        out[name] = {
            "id": run_id, "status": status, "start": start, "end": end,
            "params": dict(db.execute("SELECT key, value FROM run_params WHERE run_id = ?", (run_id,))),
            "tags": dict(db.execute("SELECT key, value FROM run_tags WHERE run_id = ?", (run_id,))),
            "metrics": [tuple(r) for r in db.execute(
                "SELECT key, value, step, timestamp_ms FROM run_metrics WHERE run_id = ? ORDER BY key, step, timestamp_ms", (run_id,))],
            "model": db.execute("SELECT content FROM run_artifacts WHERE run_id = ? AND path = 'model/model.json'", (run_id,)).fetchone(),
        }
    db.close()
    return out


def server_metrics(client, run):
    out = []
    for key in sorted(run.data.metrics):
        out += [(m.key, m.value, m.step, m.timestamp) for m in client.get_metric_history(run.info.run_id, key)]
    return sorted(out)


def test_a_session_sent_to_a_real_mlflow_server_reads_back_equal(run_opslab, tmp_path, mlflow_server):
    script = SETUP + f"""\
experiment titanic_e2e
train linear target=fare features=age,pclass as early
track to={mlflow_server.url}
train logistic target=survived {FEATURES} C=0.5 as lr
train boost target=survived {FEATURES} rounds=30 as gb
register gb as titanic_e2e
register lr as titanic_e2e
alias titanic_e2e@champion v1
"""
    (tmp_path / "track.lab").write_text(script)
    proc = run_opslab(["run", "track.lab"])
    assert proc.returncode == 0, proc.stderr
    assert f"sending runs to MLflow 3.17.2 at {mlflow_server.url}" in proc.stdout
    assert "did not take it" not in proc.stdout
    local = local_runs(tmp_path)
    # Tags set and a note written afterwards go to the server too.
    gb_id = local["gb"]["id"]
    after = f"track to={mlflow_server.url}\ntag {gb_id[:8]} stage=candidate\nnote {gb_id[:8]} \"boosted, 30 rounds\"\n"
    (tmp_path / "tag.lab").write_text(after)
    proc = run_opslab(["run", "tag.lab"])
    assert proc.returncode == 0, proc.stderr
    local = local_runs(tmp_path)

    client = MlflowClient(tracking_uri=mlflow_server.url, registry_uri=mlflow_server.url)
    experiment = client.get_experiment_by_name("titanic_e2e")
    remote = {r.info.run_name: r for r in client.search_runs([experiment.experiment_id])}
    assert sorted(remote) == ["gb", "lr"], "runs recorded before track to= stay local"
    for name in ["lr", "gb"]:
        mine, theirs = local[name], remote[name]
        assert theirs.info.status == "FINISHED" == mine["status"]
        assert theirs.info.start_time == mine["start"]
        assert theirs.info.end_time == mine["end"]
        assert theirs.data.params == mine["params"]
        for key, value in mine["tags"].items():
            assert theirs.data.tags[key] == value, key
        assert theirs.data.tags["opslab.run_id"] == mine["id"]
        assert server_metrics(client, theirs) == sorted((k, v, s, t) for k, v, s, t in mine["metrics"])
    assert remote["lr"].data.params["C"] == "0.5"
    assert remote["gb"].data.tags["stage"] == "candidate"
    assert remote["gb"].data.tags["mlflow.note.content"] == "boosted, 30 rounds"
    assert len(client.get_metric_history(remote["gb"].info.run_id, "training_loss")) == 31
    assert len(client.get_metric_history(remote["lr"].info.run_id, "loss")) > 5

    champion = client.get_model_version_by_alias("titanic_e2e", "champion")
    assert champion.version == "1"
    assert champion.run_id == remote["gb"].info.run_id
    versions = sorted(client.search_model_versions("name='titanic_e2e'"), key=lambda v: int(v.version))
    assert [v.run_id for v in versions] == [remote["gb"].info.run_id, remote["lr"].info.run_id]
    saved = client.download_artifacts(remote["gb"].info.run_id, "model/model.json", str(tmp_path / "dl"))
    assert json.loads(open(saved).read()) == json.loads(local["gb"]["model"][0])

    # all=true sends what was recorded before, and does not duplicate what the server has.
    (tmp_path / "all.lab").write_text(f"track to={mlflow_server.url} all=true\n")
    proc = run_opslab(["run", "all.lab"])
    assert proc.returncode == 0, proc.stderr
    runs = client.search_runs([experiment.experiment_id])
    assert sorted(r.info.run_name for r in runs) == ["early", "gb", "lr"]
    early = next(r for r in runs if r.info.run_name == "early")
    assert early.data.params == local["early"]["params"]
    assert len(client.search_model_versions("name='titanic_e2e'")) == 2


def test_a_run_the_server_refuses_does_not_block_the_queue(run_opslab, tmp_path, mlflow_server):
    client = MlflowClient(tracking_uri=mlflow_server.url)
    client.delete_experiment(client.create_experiment("deleted_there"))
    script = SETUP + f"""\
track to={mlflow_server.url}
experiment deleted_there
train logistic target=survived {FEATURES} as refused
experiment fine_there
train logistic target=survived {FEATURES} as accepted
track
"""
    (tmp_path / "r.lab").write_text(script)
    proc = run_opslab(["run", "r.lab"])
    assert proc.returncode == 0, proc.stderr
    assert f"warning: MLflow at {mlflow_server.url} refused run " in proc.stdout
    assert "it stays in lab.db only" in proc.stdout
    assert "0 items queued for a server" in proc.stdout
    assert sorted(local_runs(tmp_path)) == ["accepted", "refused"]
    fine = client.get_experiment_by_name("fine_there")
    assert [r.info.run_name for r in client.search_runs([fine.experiment_id])] == ["accepted"]


def test_a_tuning_run_arrives_as_a_parent_with_its_child_runs(run_opslab, tmp_path, mlflow_server):
    script = SETUP + f"""\
track to={mlflow_server.url}
experiment tuning_e2e
tune logistic target=survived {FEATURES} grid="C=0.1,1,10" folds=3 as tuned
"""
    (tmp_path / "tune.lab").write_text(script)
    proc = run_opslab(["run", "tune.lab"])
    assert proc.returncode == 0, proc.stderr
    assert "with 3 child runs, one per combination" in proc.stdout
    client = MlflowClient(tracking_uri=mlflow_server.url)
    experiment = client.get_experiment_by_name("tuning_e2e")
    runs = client.search_runs([experiment.experiment_id])
    parent = next(r for r in runs if r.info.run_name == "tune logistic")
    children = [r for r in runs if r.data.tags.get("mlflow.parentRunId") == parent.info.run_id]
    assert len(runs) == 4
    assert sorted(r.data.params["C"] for r in children) == ["0.1", "1", "10"]
    assert parent.info.status == "FINISHED" and all(r.info.status == "FINISHED" for r in children)
    assert parent.data.metrics["cv_accuracy"] == max(r.data.metrics["cv_accuracy"] for r in children)
    assert [m.step for m in client.get_metric_history(children[0].info.run_id, "cv_accuracy_fold")] == [0, 1, 2]


def test_runs_made_while_the_server_is_down_are_queued_and_sent_later(shell, tmp_path, tmp_path_factory):
    server = MLflowServer(tmp_path_factory.mktemp("mlflow-outage")).start()
    try:
        s = shell()
        s.expect_prompt()
        for line in SETUP.splitlines():
            s.run(line)
        assert "sending runs to MLflow" in s.run(f"track to={server.url}")
        server.stop()
        out = s.run(f"train logistic target=survived {FEATURES} as down1")
        assert "recorded in experiment 'Default'" in out
        assert "did not take it" in out and "1 item queued" in out, out
        out = s.run(f"train logistic target=survived {FEATURES} C=0.1 as down2")
        assert "2 items queued" in out, out
        assert "2 items queued for a server" in s.run("track")
        # Refused while it is down: the setting stays as it was.
        assert "cannot reach an MLflow server" in s.run(f"track to={server.url}")
        server.start()
        out = s.run(f"track to={server.url}")
        assert "sent to MLflow at" in out and "2 items" in out, out
        assert "0 items queued" in s.run("track")
        client = MlflowClient(tracking_uri=server.url)
        names = sorted(r.info.run_name for r in client.search_runs(["0"]))
        assert names == ["down1", "down2"]
    finally:
        server.stop()


class NotMLflow(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(404)
        self.send_header("Content-Length", "9")
        self.end_headers()
        self.wfile.write(b"not here\n")

    def log_message(self, *args):
        pass


class OldMLflow(BaseHTTPRequestHandler):
    """Answers /version as an MLflow 1.x server would: no aliases, no registered-models/alias."""

    def do_GET(self):
        body = b"1.30.0"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def fake_server(handler):
    """A stand-in HTTP server on a free local port, for servers that are not (or not a new enough) MLflow; yields its URL."""
    httpd = HTTPServer(("127.0.0.1", 0), handler)
    Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def test_an_mlflow_too_old_for_aliases_is_refused(run_opslab, tmp_path):
    with fake_server(OldMLflow) as url:
        (tmp_path / "old.lab").write_text(f"track to={url}\ntrack\n")
        proc = run_opslab(["run", "old.lab"])
        assert proc.returncode == 1
        assert f"{url} runs MLflow 1.30.0; opslab needs MLflow 2 or newer (aliases, log-batch)" in proc.stderr


def test_an_unreachable_or_wrong_server_is_refused_with_one_message(run_opslab, tmp_path):
    port = free_port()
    (tmp_path / "down.lab").write_text(f"track to=http://127.0.0.1:{port}\n")
    proc = run_opslab(["run", "down.lab"])
    assert proc.returncode == 1
    assert f"down.lab:1: cannot reach an MLflow server at http://127.0.0.1:{port}: cannot connect to 127.0.0.1:{port}: Connection refused" in proc.stderr
    with fake_server(NotMLflow) as url:
        (tmp_path / "wrong.lab").write_text(f"track to={url}\n")
        proc = run_opslab(["run", "wrong.lab"])
        assert proc.returncode == 1
        assert f"{url} answers, but not as an MLflow tracking server (GET /version gave HTTP 404)" in proc.stderr
    (tmp_path / "bad.lab").write_text("track to=https://example.invalid\n")
    proc = run_opslab(["run", "bad.lab"])
    assert "'https://example.invalid' is not an http:// address" in proc.stderr


def test_export_is_an_mlflow_file_store_that_mlflow_client_reads(run_opslab, tmp_path):
    script = SETUP + f"""\
train logistic target=survived {FEATURES} C=0.5 as lr
experiment second
train boost target=survived {FEATURES} rounds=20 as gb
register gb as survival
register lr as survival
alias survival@champion v2
export mlflow mlruns
"""
    (tmp_path / "export.lab").write_text(script)
    proc = run_opslab(["run", "export.lab"])
    assert proc.returncode == 0, proc.stderr
    assert "exported 2 runs in 2 experiments and 1 registered model to mlruns (MLflow file store)" in proc.stdout
    local = local_runs(tmp_path)
    uri = "file://" + str(tmp_path / "mlruns")
    client = MlflowClient(tracking_uri=uri, registry_uri=uri)
    assert sorted(e.name for e in client.search_experiments()) == ["Default", "second"]
    for name, experiment in [("lr", "Default"), ("gb", "second")]:
        mine = local[name]
        run = client.get_run(mine["id"])
        assert run.info.run_name == name
        assert run.info.status == "FINISHED"
        assert client.get_experiment(run.info.experiment_id).name == experiment
        assert run.info.start_time == mine["start"] and run.info.end_time == mine["end"]
        assert run.data.params == mine["params"]
        assert run.data.tags == mine["tags"]
        assert server_metrics(client, run) == sorted(mine["metrics"])
    champion = client.get_model_version_by_alias("survival", "champion")
    assert str(champion.version) == "2"  # the file store keeps it as a number
    assert champion.run_id == local["lr"]["id"]
    model = client.download_artifacts(local["lr"]["id"], "model/model.json", str(tmp_path / "dl"))
    assert json.loads(open(model).read()) == json.loads(local["lr"]["model"][0])
