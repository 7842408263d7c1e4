"""scikit-learn's side of bench.py's `metrics` section, the same protocol as bench/opslab-bench:

    python bench/sklearn_metrics.py scores_1m.csv [REPEAT]

Reads the `label` and `score` columns once (untimed), predicts `score >= 0.5`, calls every
metric REPEAT times (default 5) and keeps the median. Prints one JSON object shaped like
opslab-bench's: {"rows": N, "repeat": R, "metrics": {NAME: {"seconds": S, "value": V}}}.
"""
import json
import statistics
import sys
import time

import polars as pl
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support, roc_auc_score, roc_curve


def timed(repeat, fn):
    times, value = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), value


def main(path, repeat):
    d = pl.read_csv(path)
    labels = d["label"].to_numpy()
    scores = d["score"].to_numpy()
    predicted = (scores >= 0.5).astype(labels.dtype)
    out = {}
    s, v = timed(repeat, lambda: roc_auc_score(labels, scores))
    out["roc_auc"] = {"seconds": s, "value": float(v)}
    s, v = timed(repeat, lambda: roc_curve(labels, scores))
    out["roc_curve"] = {"seconds": s, "value": len(v[2])}
    s, v = timed(repeat, lambda: precision_recall_fscore_support(labels, predicted, average="binary"))
    out["precision_recall_f1"] = {"seconds": s, "value": [float(x) for x in v[:3]]}
    s, v = timed(repeat, lambda: confusion_matrix(labels, predicted))
    out["confusion_matrix"] = {"seconds": s, "value": v.tolist()}
    return {"rows": len(labels), "repeat": repeat, "metrics": out}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)))
