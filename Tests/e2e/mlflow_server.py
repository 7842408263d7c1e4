"""A real MLflow tracking server for the tests: `mlflow server` from the test venv on a free
loopback port, with a SQLite backend and proxied artifacts in a temporary folder."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

MLFLOW = Path(sys.executable).parent / "mlflow"
# The tests talk to this machine only: MLflow's usage reporting stays off, in the server and the client.
NO_TELEMETRY = {"MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true"}
os.environ.update(NO_TELEMETRY)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MLflowServer:
    def __init__(self, folder, port=None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self, timeout=120):
        env = dict(os.environ)
        env.pop("MLFLOW_TRACKING_URI", None)
        env.update(NO_TELEMETRY)
        self.process = subprocess.Popen(
            [str(MLFLOW), "server", "--backend-store-uri", f"sqlite:///{self.folder / 'mlflow.db'}",
             "--artifacts-destination", str(self.folder / "artifacts"),
             "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1"],
            cwd=str(self.folder), env=env,
            stdout=open(self.folder / "server.log", "ab"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("mlflow server exited: " + (self.folder / "server.log").read_text()[-2000:])
            try:
                with urllib.request.urlopen(self.url + "/version", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("mlflow server did not start in time")

    def stop(self):
        if self.process and self.process.poll() is None:
            # The server's workers are in its process group: end them all.
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()
        self.process = None
