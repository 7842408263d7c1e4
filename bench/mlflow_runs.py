"""MLflow's side of the tracking benchmark: N runs of 20 params and 10 metrics each through
MlflowClient with a SQLite backend (create_run, log_batch and set_terminated per run: MLflow's
calls for a run and its values, as opslab's are a start and a finish that logs them), then the same query as opslab's
`runs where metrics.auc > 0.9 sort=-metrics.auc`. Prints one JSON object.

    python bench/mlflow_runs.py N DIR
"""
import json
import os
import random
import sys
import time

os.environ.setdefault("MLFLOW_ENABLE_TELEMETRY", "false")
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")

from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import Metric, Param  # noqa: E402


def main() -> None:
    count, folder = int(sys.argv[1]), sys.argv[2]
    client = MlflowClient(tracking_uri=f"sqlite:///{folder}/mlflow.db")
    experiment = client.create_experiment("bench")
    rng = random.Random(7)
    start = time.perf_counter()
    for i in range(count):
        run = client.create_run(experiment, run_name=f"run-{i}")
        now = int(time.time() * 1000)
        params = [Param(f"param_{p}", str(rng.randrange(10_000) / 100)) for p in range(20)]
        metrics = [Metric("auc", 0.5 + rng.randrange(500_000) / 1_000_000, now, 0)]
        metrics += [Metric(f"metric_{m}", rng.randrange(1_000_000) / 1_000_000, now, 0) for m in range(1, 10)]
        client.log_batch(run.info.run_id, metrics=metrics, params=params)
        client.set_terminated(run.info.run_id)
    logging = time.perf_counter() - start
    start = time.perf_counter()
    found = client.search_runs([experiment], filter_string="metrics.auc > 0.9", order_by=["metrics.auc DESC"],
                               max_results=50_000)
    query = time.perf_counter() - start
    print(json.dumps({"runs": count, "seconds": logging, "query_seconds": query, "found": len(found)}))


if __name__ == "__main__":
    main()
