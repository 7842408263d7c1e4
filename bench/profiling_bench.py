"""Times opslab's profiling commands (describe, corr, missing, outliers) on the generated
1M-row files against the same work in pandas, one process each.

    .venv/bin/python bench/profiling_bench.py --opslab .build/release/opslab

opslab's time for a command is (load + the command `repeat` times) minus (load alone),
divided by `repeat`, each the best of `runs`; pandas times the calls in-process after
reading the file once. Needs bench/out/ from `make bench`.
"""
import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parent / "out"
NUMERIC = [f"f{i}" for i in range(20)]


def best(fn, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def opslab_time(binary, csv, command, runs, repeat):
    env = dict(os.environ, LANG="C.UTF-8")
    with tempfile.TemporaryDirectory() as tmp:
        def run(lines):
            script = Path(tmp) / "s.lab"
            script.write_text("\n".join([f"load {csv} as x"] + lines) + "\n")
            return best(lambda: subprocess.run([binary, "run", str(script)], cwd=tmp, env=env, check=True,
                                               stdout=subprocess.DEVNULL), runs)
        base = run([])
        return max(0.0, (run([command] * repeat) - base) / repeat)


def pandas_profile(df):
    df.describe()
    df.isna().sum()
    df.nunique()
    for c in df.columns:
        df[c].value_counts().head(3)
        if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]):
            np.histogram(df[c].dropna().to_numpy(), bins=10)


def pandas_missing(df):
    df.isna().sum()
    df.isna().value_counts()


def iqr_outliers(s):
    x = s.dropna().to_numpy()
    q1, q3 = np.percentile(x, [25, 75])
    k = 1.5 * (q3 - q1)
    return int(((x < q1 - k) | (x > q3 + k)).sum())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--opslab", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    binary = str(Path(args.opslab).resolve())
    rows = []
    numeric_cols = ",".join(NUMERIC)
    for name in ("numeric_1m", "messy_1m"):
        csv = OUT / f"{name}.csv"
        df = pd.read_csv(csv)
        numbers = df.select_dtypes(include=["number", "bool"])
        corr_cols = numbers[NUMERIC] if name == "numeric_1m" else numbers
        cases = [
            ("describe", "describe", lambda: df.describe(), "pandas describe()"),
            ("describe", "describe", lambda: pandas_profile(df), "pandas describe+nunique+value_counts+histogram"),
            ("corr pearson", f"corr cols={numeric_cols}" if name == "numeric_1m" else "corr",
             lambda: corr_cols.corr(), f"pandas corr() on {corr_cols.shape[1]} columns"),
            ("corr spearman", f"corr method=spearman cols={numeric_cols}" if name == "numeric_1m" else "corr method=spearman",
             lambda: corr_cols.corr(method="spearman"), "pandas corr(method='spearman')"),
            ("missing", "missing", lambda: pandas_missing(df), "pandas isna().sum() + isna().value_counts()"),
        ]
        first = numbers.columns[0]
        cases.append(("outliers", f"outliers {first}", lambda: iqr_outliers(df[first]), "numpy percentile + mask"))
        measured = {}
        for label, command, fn, what in cases:
            if command not in measured:
                measured[command] = opslab_time(binary, csv, command, args.runs, args.repeat)
            rows.append((name, label, measured[command], best(fn, args.runs), what))
    print(f"{'file':<11} {'command':<14} {'opslab s':>9} {'pandas s':>9}  pandas work")
    for name, label, ours, theirs, what in rows:
        print(f"{name:<11} {label:<14} {ours:>9.3f} {theirs:>9.3f}  {what}")


if __name__ == "__main__":
    main()
