"""scikit-learn's side of bench.py's `models` section: one estimator, one fresh process.

    python bench/sklearn_models.py '{"estimator": "Ridge(alpha=1.0)", "data": "...csv", "task": "regression"}'

Reads the CSV (untimed), fits on the rows with part == 0 and predicts the rows with part == 1
(or, with "queries", fits on every row and predicts the queries file), timing fit and predict
with perf_counter as opslab's `run --json --timings` times its `train` and `predict` commands.
Prints one JSON object: {"fit": s, "predict": s, "metrics": {...}}.
"""
import json
import sys
import time

import numpy as np
import polars as pl
from sklearn.cluster import KMeans  # noqa: F401  (named by the estimator expressions)
from sklearn.decomposition import PCA  # noqa: F401
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier  # noqa: F401
from sklearn.linear_model import Lasso, LinearRegression, LogisticRegression, Ridge  # noqa: F401
from sklearn.metrics import accuracy_score, r2_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.naive_bayes import GaussianNB  # noqa: F401
from sklearn.neighbors import KNeighborsClassifier  # noqa: F401
from sklearn.tree import DecisionTreeClassifier  # noqa: F401

FEATURES = [f"f{i}" for i in range(20)]


def read(path, categorical=()):
    """Features, target and part; text features (categorical) as the index of their value among
    the sorted values, as OrdinalEncoder numbers them (the file holds every category)."""
    d = pl.read_csv(path)
    for f in categorical:
        name = FEATURES[f]
        codes = {v: i for i, v in enumerate(sorted(d[name].unique().to_list()))}
        d = d.with_columns(pl.col(name).replace_strict(codes, return_dtype=pl.Float64))
    return d.select(FEATURES).to_numpy(), d["y"].to_numpy(), d["part"].to_numpy()


def main(spec):
    x, y, part = read(spec["data"], spec.get("categorical", ()))
    if spec["task"] == "classification":
        y = y.astype(np.int64)
    if spec.get("cv"):
        # cross_val_score's cv=5 for a classifier is StratifiedKFold(5) without shuffling.
        t0 = time.perf_counter()
        scores = cross_val_score(eval(spec["estimator"]), x, y, cv=StratifiedKFold(spec["cv"]))
        return {"fit": time.perf_counter() - t0, "metrics": {"accuracy": float(scores.mean())}}
    if spec.get("queries"):
        x_train, y_train = x, y
        x_test, y_test, _ = read(spec["queries"])
        y_test = y_test.astype(y.dtype)
    else:
        x_train, y_train, x_test, y_test = x[part == 0], y[part == 0], x[part == 1], y[part == 1]
    model = eval(spec["estimator"])
    unsupervised = spec["task"] in ("clustering", "decomposition")
    t0 = time.perf_counter()
    model.fit(x_train) if unsupervised else model.fit(x_train, y_train)
    fit = time.perf_counter() - t0
    t0 = time.perf_counter()
    if spec["task"] == "classification":
        out = model.predict_proba(x_test)  # opslab's predict adds the class and its probabilities
    elif spec["task"] == "decomposition":
        out = model.transform(x_test)
    else:
        out = model.predict(x_test)
    predict = time.perf_counter() - t0
    metrics = {}
    if spec["task"] == "classification":
        metrics["accuracy"] = accuracy_score(y_test, model.classes_[out.argmax(axis=1)])
        metrics["roc_auc"] = roc_auc_score(y_test, out[:, 1])
    elif spec["task"] == "regression":
        metrics["r2"] = r2_score(y_test, out)
    elif spec["task"] == "clustering":
        metrics["inertia"] = -model.score(x_test)  # inertia of the test rows, as opslab's eval
    else:
        metrics["explained_variance"] = 100 * float(model.explained_variance_ratio_.sum())
    return {"fit": fit, "predict": predict, "metrics": {k: float(v) for k, v in metrics.items()}}


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
