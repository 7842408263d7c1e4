#!/usr/bin/env python3
"""opslab benchmark: opslab against pandas, polars and scikit-learn.

Run from the repo root (this is what `make bench` does):

    .venv/bin/python bench/bench.py --opslab .build/release/opslab
    .venv/bin/python bench/bench.py --quick              # 100k-row files
    .venv/bin/python bench/bench.py --only load --runs 5
    .venv/bin/python bench/bench.py --only models,metrics --quick
    .venv/bin/python bench/bench.py --list

Every tool is timed the same way: a fresh subprocess started in a fresh
temporary directory, wall time from just before the spawn until os.wait4()
reaps it, peak RSS from that child's rusage. Ratios use the raw numbers; the
Python peers' import-only baselines are printed so a reader can subtract them.

To add a section (data prep, model fits, metrics ...), write a function that
takes a Context and decorate it with @section("name", "what it measures").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
MANIFEST = OUT_DIR / "manifest.json"
SEED = 42
# Bump when a generator changes so old files in bench/out/ get rebuilt.
GENERATOR_VERSION = 1
# The model sections: first TRAIN_SHARE of the rows train (part=0), the rest test (part=1).
TRAIN_SHARE = 0.8
KNN_QUERIES = 10_000
MB = 1e6  # MB means 10^6 bytes everywhere (throughput and memory).
RUN_TIMEOUT_S = 900

TARGETS_LINE = ("targets: load >= 2x faster than pandas, peak memory <= 0.5x pandas; "
                "--version < 20 ms; shell ready < 100 ms")


# --------------------------------------------------------------------------
# Measurement: one mechanism for every tool, so the comparison stays fair.
# --------------------------------------------------------------------------

@dataclass
class Run:
    wall_s: float
    maxrss_mb: float
    rc: int
    stdout: str
    stderr: str


@dataclass
class Measurement:
    label: str
    walls: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    stdout: str = ""       # stdout of the last successful run (for quality checks)
    error: str | None = None
    inner: list[float] = field(default_factory=list)  # in-process seconds each run reported, if asked for

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.walls)

    @property
    def median_s(self) -> float:
        return statistics.median(self.walls)


def run_once(cmd: list[str], stdin_data: bytes | None = None,
             timeout_s: float = RUN_TIMEOUT_S, env_extra: dict[str, str] | None = None) -> Run:
    """Spawn cmd in a fresh temp dir and reap it with wait4 for its own rusage.

    A fresh cwd per run means opslab's `.opslab/` state never carries over
    between runs (no warm caches), and the peers get the same treatment.
    Output goes to temp files rather than pipes so that a chatty child can
    never block while we sit in wait4.
    """
    with tempfile.TemporaryDirectory(prefix="opslab-bench-") as cwd, \
            tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdin = subprocess.PIPE if stdin_data is not None else subprocess.DEVNULL
        t0 = time.perf_counter()
        env = {**os.environ, **env_extra} if env_extra else None
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=stdin, stdout=out, stderr=err, env=env)
        if stdin_data is not None:
            try:
                proc.stdin.write(stdin_data)
                proc.stdin.close()
            except BrokenPipeError:  # child exited before reading: still a result
                pass
        killer = threading.Timer(timeout_s, _kill_quietly, args=(proc.pid,))
        killer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        killer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)  # we reaped it, tell Popen
        out.seek(0)
        err.seek(0)
        return Run(wall_s=wall,
                   maxrss_mb=usage.ru_maxrss * 1024 / MB,  # Linux reports KiB
                   rc=proc.returncode,
                   stdout=out.read().decode(errors="replace"),
                   stderr=err.read().decode(errors="replace"))


def _kill_quietly(pid: int) -> None:
    try:
        os.kill(pid, 9)
    except ProcessLookupError:
        pass


def measure(label: str, cmd: list[str], runs: int, warmup: int = 0,
            stdin_data: bytes | None = None, inner=None) -> Measurement:
    """Run cmd `warmup` + `runs` times; keep median wall and max peak RSS, and what
    `inner(stdout)` reads from each timed run (the time spent in-process, if given).

    Warm-up runs are untimed: they pull the input file and the tool's own
    libraries into the page cache so the first timed tool is not penalised.
    Never raises: a missing binary or a failing run becomes m.error.
    """
    m = Measurement(label)
    for i in range(warmup + runs):
        try:
            r = run_once(cmd, stdin_data)
        except OSError as e:  # e.g. binary not found / not executable
            m.error = f"{type(e).__name__}: {e}"
            return m
        if r.rc != 0:
            detail = _last_line(r.stderr) or _last_line(r.stdout) or "(no output)"
            m.error = f"exit {r.rc}: {detail}"
            return m
        m.stdout = r.stdout
        m.peak_mb = max(m.peak_mb, r.maxrss_mb)
        if i >= warmup:
            m.walls.append(r.wall_s)
            seconds = inner(r.stdout) if inner else None
            if seconds is not None:
                m.inner.append(seconds)
    return m


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1][:160] if lines else ""


# --------------------------------------------------------------------------
# Data sets: seeded, generated once, reused while the manifest size matches.
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Dataset:
    kind: str       # a GENERATORS key
    rows: int       # rows generated; a "_test" or "_queries" file holds a part of them
    columns: int

    @property
    def path(self) -> Path:
        suffix = "1m" if self.rows == 1_000_000 else f"{self.rows // 1000}k"
        return OUT_DIR / f"{self.kind}_{suffix}.csv"

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def datasets(quick: bool) -> list[Dataset]:
    rows = 100_000 if quick else 1_000_000
    return [Dataset("numeric", rows, 21), Dataset("messy", rows, 13)]


def ensure_dataset(ds: Dataset) -> None:
    manifest = _read_manifest()
    entry = manifest.get(ds.path.name, {})
    if (ds.path.exists() and entry.get("size") == ds.size
            and entry.get("version") == GENERATOR_VERSION):
        print(f"  {ds.path.name}: {ds.size / MB:.1f} MB (cached)")
        return
    t0 = time.perf_counter()
    # Generate in a child process: on Linux a child's ru_maxrss starts at the
    # peak RSS of the process that forked it, so this process must never load
    # numpy/polars itself or every measured peak would be inflated.
    gen = subprocess.run([sys.executable, __file__, "--generate-one", ds.kind,
                          str(ds.rows), str(ds.path)], capture_output=True, text=True)
    if gen.returncode != 0:
        raise RuntimeError(f"generating {ds.path.name} failed: {_last_line(gen.stderr)}")
    manifest[ds.path.name] = {"size": ds.size, "rows": ds.rows, "columns": ds.columns,
                              "seed": SEED, "version": GENERATOR_VERSION}
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"  {ds.path.name}: {ds.size / MB:.1f} MB "
          f"(generated in {time.perf_counter() - t0:.1f} s)")


def _read_manifest() -> dict:
    try:
        return json.loads(MANIFEST.read_text())
    except (OSError, ValueError):
        return {}


def gen_numeric(rows: int):
    """20 normal float columns at mixed scales (so printed widths vary, like
    real features) rounded to 6 decimals, plus a 0/1 label that depends on a
    few features so later model-fit sections have something to learn."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(SEED)
    k = 20
    z = rng.standard_normal((rows, k))
    scale = 10.0 ** rng.integers(-2, 4, k)          # 0.01 .. 1000
    loc = rng.uniform(-3, 3, k) * scale
    x = np.round(z * scale + loc, 6)
    w = np.zeros(k)
    w[:5] = rng.uniform(-2, 2, 5)
    label = (z @ w + rng.standard_normal(rows) > 0).astype(np.int64)
    cols = {f"f{i}": x[:, i] for i in range(k)}
    cols["label"] = label
    return pl.DataFrame(cols)


CITIES = [
    "New York", "Los Angeles", "Chicago", "Houston", "Phoenix", "Philadelphia",
    "San Antonio", "San Diego", "Dallas", "Jacksonville", "Fort Worth", "San Jose",
    "Austin", "Charlotte", "Columbus", "Indianapolis", "San Francisco", "Seattle",
    "Denver", "Oklahoma City", "Nashville", "Washington, D.C.", "El Paso",
    "Las Vegas", "Boston", "Detroit", "Portland", "Louisville", "Memphis",
    "Baltimore", "Milwaukee", "Albuquerque", "Tucson", "Fresno", "Sacramento",
    "Mesa", "Kansas City", "Atlanta", "Omaha", "Colorado Springs", "Raleigh",
    "Long Beach", "Virginia Beach", "Miami", "Oakland", "Minneapolis", "Tulsa",
    "Bakersfield", "Wichita", "Winston-Salem, NC",
]  # 50; two contain a comma so the CSV has quoted fields, as real exports do


def gen_messy(rows: int):
    """Mixed-type table: 8 numeric columns (floats and ints) with 5% empty
    cells, 4 string categoricals with ~3% empty cells, an integer target."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(SEED)
    n = rows
    numeric = {
        "income": np.round(rng.lognormal(10.5, 0.6, n), 2),
        "age": rng.integers(18, 91, n),
        "ratio": np.round(rng.random(n), 4),
        "visits": rng.poisson(3, n),
        "temp_c": np.round(rng.normal(14, 9, n), 1),
        "account_id": rng.integers(1, 1_000_000_000, n),
        "score": np.round(rng.standard_t(3, n), 6),
        "balance": rng.integers(-1000, 1001, n),
    }
    # Skewed city popularity, uniform products: both patterns occur in practice.
    city_p = 1.0 / np.arange(1, len(CITIES) + 1)
    city_idx = rng.choice(len(CITIES), n, p=city_p / city_p.sum())
    product_idx = rng.integers(0, 1000, n)
    flag_idx = (rng.random(n) < 0.3).astype(np.int64)
    grade_idx = rng.choice(5, n, p=[0.15, 0.3, 0.3, 0.15, 0.1])

    logit = (0.8 * (numeric["age"] - 50) / 20 + 0.5 * np.log(numeric["income"] / 36000)
             - 0.4 * grade_idx + 0.7 * flag_idx + rng.standard_normal(n))
    target = (logit > 0).astype(np.int64)

    def with_nulls(s: pl.Series, frac: float) -> pl.Series:
        mask = pl.Series(rng.random(n) < frac)
        return pl.select(pl.when(mask).then(None).otherwise(s)).to_series().alias(s.name)

    def categorical(name: str, values: list[str], idx) -> pl.Series:
        return pl.Series(name, values, dtype=pl.String).gather(idx)

    cols = [with_nulls(pl.Series(k, v), 0.05) for k, v in numeric.items()]
    cols += [with_nulls(s, 0.03) for s in (
        categorical("city", CITIES, city_idx),
        categorical("product", [f"SKU-{i:04d}" for i in range(1000)], product_idx),
        categorical("member", ["no", "yes"], flag_idx),
        categorical("grade", list("ABCDE"), grade_idx),
    )]
    cols.append(pl.Series("target", target))
    return pl.DataFrame(cols)


def with_parts(x, y, train_rows: int):
    """f0..f19 rounded to 6 decimals (both sides then read the same numbers from the CSV), the
    target y, and the split as a column: part=0 for the first train_rows rows, 1 after."""
    import numpy as np
    import polars as pl

    cols = {f"f{i}": np.round(x[:, i], 6) for i in range(x.shape[1])}
    cols["y"] = y
    cols["part"] = (np.arange(len(y)) >= train_rows).astype(np.int64)
    return pl.DataFrame(cols)


def gen_classification(rows: int, piece: str = "all"):
    """scikit-learn's make_classification, 20 features of which 10 informative. The generated
    set has KNN_QUERIES extra rows: "queries" is those (the kNN predictions), "test" the part=1
    rows alone (what opslab predicts into), "all" the `rows` rows with their part column."""
    from sklearn.datasets import make_classification

    x, y = make_classification(n_samples=rows + KNN_QUERIES, n_features=20, n_informative=10,
                               n_redundant=2, random_state=SEED)
    train = int(rows * TRAIN_SHARE)
    if piece == "queries":
        return with_parts(x[rows:], y[rows:], 0)
    frame = with_parts(x[:rows], y[:rows], train)
    return frame[train:] if piece == "test" else frame


def gen_categories(rows: int, piece: str = "all"):
    """The classification set with f0 and f1 turned into text categories: 12 and 60 buckets of
    equal counts, named in a seeded shuffled order (so sorting the names does not sort the
    buckets: a split must group them, not cut a range). For boost with categorical=f0,f1."""
    import numpy as np
    import polars as pl

    frame = gen_classification(rows, piece="all")
    rng = np.random.default_rng(SEED)
    columns = {}
    for name, buckets in (("f0", 12), ("f1", 60)):
        values = frame[name].to_numpy()
        edges = np.quantile(values, np.linspace(0, 1, buckets + 1)[1:-1])
        names = np.array([f"k{i:02d}" for i in rng.permutation(buckets)])
        columns[name] = names[np.searchsorted(edges, values)]
    frame = frame.with_columns([pl.Series(name, v) for name, v in columns.items()])
    train = int(rows * TRAIN_SHARE)
    return frame[train:] if piece == "test" else frame


def gen_regression(rows: int, piece: str = "all"):
    """make_regression, 20 features of which 10 informative, noise 10; y rounded to 6 decimals."""
    import numpy as np
    from sklearn.datasets import make_regression

    x, y = make_regression(n_samples=rows, n_features=20, n_informative=10, noise=10.0, random_state=SEED)
    train = int(rows * TRAIN_SHARE)
    frame = with_parts(x, np.round(y, 6), train)
    return frame[train:] if piece == "test" else frame


def gen_scores(rows: int):
    """A binary classifier's output on `rows` samples: 0/1 labels (30% positive) and scores in
    (0, 1) rounded to 6 decimals, so there are ties, as with real predicted probabilities."""
    import numpy as np
    import polars as pl

    rng = np.random.default_rng(SEED)
    label = (rng.random(rows) < 0.3).astype(np.int64)
    score = 1 / (1 + np.exp(-(rng.standard_normal(rows) + 1.2 * label - 0.5)))
    return pl.DataFrame({"label": label, "score": np.round(score, 6)})


GENERATORS: dict[str, Callable] = {
    "numeric": gen_numeric, "messy": gen_messy,
    "classification": gen_classification, "classification_test": lambda n: gen_classification(n, "test"),
    "classification_queries": lambda n: gen_classification(n, "queries"),
    "regression": gen_regression, "regression_test": lambda n: gen_regression(n, "test"),
    "categories": gen_categories, "categories_test": lambda n: gen_categories(n, "test"),
    "scores": gen_scores,
}


def generate_one(kind: str, rows: int, path: Path) -> None:
    """Child-process entry point (see ensure_dataset)."""
    tmp = path.with_suffix(".csv.tmp")
    GENERATORS[kind](rows).write_csv(tmp)
    tmp.replace(path)  # atomic: an interrupted run never leaves a half file


# --------------------------------------------------------------------------
# Context, targets, sections registry
# --------------------------------------------------------------------------

@dataclass
class Context:
    opslab: Path
    python: str
    runs: int
    startup_runs: int
    warmup: int
    quick: bool
    estimators: set[str] = field(default_factory=set)  # empty: every estimator
    rss_floor_mb: float = 0.0  # see print_environment
    targets: list[tuple[str, str, str]] = field(default_factory=list)  # (name, value, status)
    _opslab_json: bool | None = None

    def check(self, name: str, value: float | None, ok: bool | None, fmt: str) -> str:
        """Record a target; None means it could not be evaluated (tool failed)."""
        status = "n/a" if ok is None else ("PASS" if ok else "MISS")
        shown = "-" if value is None else fmt.format(value)
        self.targets.append((name, shown, status))
        return f"{name}: {shown} -> {status}"

    def opslab_run_cmd(self, script: Path) -> list[str]:
        """`opslab run --json` prints one JSON object per command; older builds
        may lack --json, so probe once and fall back (quality then shows '?')."""
        if self._opslab_json is None:
            self._opslab_json = self._probe_json()
        flags = ["--json"] if self._opslab_json else []
        return [str(self.opslab), "run", *flags, str(script)]

    def opslab_timed_cmd(self, script: Path) -> list[str]:
        """`run --json --timings`: each command's own run time, without process start or load."""
        return [str(self.opslab), "run", "--json", "--timings", str(script)]

    def _probe_json(self) -> bool:
        tiny = OUT_DIR / "probe.csv"
        tiny.write_text("a,b\n1,x\n2,y\n")
        script = write_lab_script("probe", tiny)
        try:
            return run_once([str(self.opslab), "run", "--json", str(script)], timeout_s=60).rc == 0
        except OSError:
            return False


@dataclass(frozen=True)
class Section:
    name: str
    help: str
    fn: Callable[[Context], None]


SECTIONS: dict[str, Section] = {}


def section(name: str, help: str):
    def register(fn: Callable[[Context], None]):
        SECTIONS[name] = Section(name, help, fn)
        return fn
    return register


# --------------------------------------------------------------------------
# Output helpers
# --------------------------------------------------------------------------

def print_table(title: str, headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        # First column left-aligned (names), the rest right-aligned (numbers).
        return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths)))

    print(f"\n== {title}")
    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


def print_errors(measurements: list[Measurement]) -> None:
    # Errors go below the table so one long message does not stretch every row.
    for m in measurements:
        if m.error:
            print(f"  {m.label} FAILED: {m.error}")


def peak_text(ctx: Context, m: Measurement) -> str:
    if m.peak_mb <= ctx.rss_floor_mb + 0.5:
        return f"<={ctx.rss_floor_mb:.0f}"
    return f"{m.peak_mb:.1f}"


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def ratio(num: Measurement, den: Measurement, attr: str) -> float | None:
    if not (num.ok and den.ok):
        return None
    a, b = getattr(num, attr), getattr(den, attr)
    return a / b if b else None


# --------------------------------------------------------------------------
# Section: startup
# --------------------------------------------------------------------------

@section("startup", "opslab --version and shell start+exit latency")
def bench_startup(ctx: Context) -> None:
    n = ctx.startup_runs
    version = measure("opslab --version", [str(ctx.opslab), "--version"], n, warmup=1)
    shell = measure("shell start+exit (piped)", [str(ctx.opslab)], n, warmup=1,
                    stdin_data=b"exit\n")
    rows = []
    for m, limit in ((version, 20), (shell, 100)):
        if m.ok:
            ms = m.median_s * 1000
            rows.append([m.label, f"{ms:.1f}", f"{min(m.walls) * 1000:.1f}",
                         peak_text(ctx, m), f"< {limit}", "PASS" if ms < limit else "MISS"])
        else:
            rows.append([m.label, "-", "-", "-", f"< {limit}", "FAILED"])
    print_table(f"startup ({n} runs each)",
                ["measure", "median ms", "min ms", "peak MB", "target ms", "status"], rows)
    print_errors([version, shell])
    ctx.check("--version < 20 ms", version.median_s * 1000 if version.ok else None,
              version.median_s * 1000 < 20 if version.ok else None, "{:.1f} ms")
    ctx.check("shell ready < 100 ms", shell.median_s * 1000 if shell.ok else None,
              shell.median_s * 1000 < 100 if shell.ok else None, "{:.1f} ms")


# --------------------------------------------------------------------------
# Section: load
# --------------------------------------------------------------------------

# The peers print the shape as JSON, the same shape opslab's --json gives us.
PEER_LOADERS = {
    "pandas": ("import pandas as pd", "df = pd.read_csv({path!r}, engine='c')"),
    "polars": ("import polars as pl", "df = pl.read_csv({path!r})"),
}
SHAPE_PRINT = "print(json.dumps({{'rows': df.shape[0], 'columns': df.shape[1], 'read_seconds': read_seconds}}))"


def peer_cmd(ctx: Context, tool: str, path: Path | None) -> list[str]:
    """python -c that imports the library (and loads the file unless path is None, timing the read alone)."""
    imp, load = PEER_LOADERS[tool]
    code = f"import json, time; {imp}"
    if path is not None:
        code += (f"; started = time.perf_counter(); {load.format(path=str(path))}; "
                 f"read_seconds = time.perf_counter() - started; {SHAPE_PRINT.format()}")
    return [ctx.python, "-c", code]


def first_json_number(key: str):
    """Reads `key` from the first JSON line of a run's stdout that has it: the read time a peer
    printed ("read_seconds"), or the load command's own time in `run --json --timings` ("seconds")."""
    def read(stdout: str) -> float | None:
        for line in stdout.splitlines():
            try:
                return float(json.loads(line)[key])
            except (ValueError, KeyError, TypeError):
                continue
        return None
    return read


def write_lab_script(tag: str, csv: Path) -> Path:
    script = OUT_DIR / f"load_{tag}.lab"
    script.write_text(f"load {csv.resolve()} as x\n")
    return script


def find_shape(stdout: str) -> tuple[int, int] | None:
    """Find the first JSON object carrying "rows" and "columns" anywhere in the
    output. The --json format is still being defined, so accept one object per
    line or one document, nested at any depth, columns as a count or a list."""
    docs = []
    try:
        docs.append(json.loads(stdout))
    except ValueError:
        for ln in stdout.splitlines():
            try:
                docs.append(json.loads(ln))
            except ValueError:
                continue
    stack = docs[::-1]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "rows" in node and "columns" in node:
                rows, cols = node["rows"], node["columns"]
                cols = len(cols) if isinstance(cols, list) else cols
                if isinstance(rows, int) and isinstance(cols, int):
                    return rows, cols
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return None


def quality(m: Measurement, ds: Dataset) -> str:
    if not m.ok:
        return "-"
    shape = find_shape(m.stdout)
    if shape is None:
        return "?"
    ok = shape == (ds.rows, ds.columns)
    return f"{'ok' if ok else 'WRONG'} {shape[0]}x{shape[1]}"


@section("load", "CSV load: opslab vs pandas.read_csv vs polars.read_csv")
def bench_load(ctx: Context) -> None:
    print(f"\n{TARGETS_LINE}")
    print("data sets:")
    sets = datasets(ctx.quick)
    for ds in sets:
        ensure_dataset(ds)
    baselines = [measure(f"{tool} (import only)", peer_cmd(ctx, tool, None), ctx.runs,
                         warmup=ctx.warmup) for tool in PEER_LOADERS]
    for ds in sets:
        load_one(ctx, ds, baselines)


def load_one(ctx: Context, ds: Dataset, baselines: list[Measurement]) -> None:
    size_mb = ds.size / MB
    script = write_lab_script(ds.path.stem, ds.path)
    opslab = measure("opslab", ctx.opslab_timed_cmd(script), ctx.runs, warmup=ctx.warmup,
                     inner=first_json_number("seconds"))
    peers = [measure(tool, peer_cmd(ctx, tool, ds.path), ctx.runs, warmup=ctx.warmup,
                     inner=first_json_number("read_seconds")) for tool in PEER_LOADERS]

    rows = []
    for m in (opslab, *peers):
        if not m.ok:
            rows.append([m.label, "-", "-", "-", "-", "-", "FAILED"])
            continue
        rows.append([m.label, f"{m.median_s:.3f}", f"{size_mb / m.median_s:.1f}",
                     peak_text(ctx, m), fmt(ratio(m, opslab, "median_s"), ".2f"),
                     fmt(ratio(opslab, m, "peak_mb"), ".2f"), quality(m, ds)])
    for b in baselines:
        rows.append([b.label, fmt(b.median_s if b.ok else None, ".3f"), "",
                     peak_text(ctx, b) if b.ok else "-", "", "",
                     "" if b.ok else "FAILED"])
    print_table(f"load {ds.path.name} ({size_mb:.1f} MB, {ds.rows} x {ds.columns}, "
                f"median of {ctx.runs})",
                ["tool", "median s", "MB/s", "peak MB", "peer/opslab time",
                 "opslab/peer mem", "quality"], rows)
    print("  (peer/opslab time > 1: opslab faster; opslab/peer mem < 1: opslab leaner)")
    print_errors([opslab, *peers, *baselines])

    pandas = peers[list(PEER_LOADERS).index("pandas")]
    speedup = ratio(pandas, opslab, "median_s")
    mem = ratio(opslab, pandas, "peak_mb")
    print("  " + ctx.check(f"{ds.path.name} load >= 2x faster than pandas", speedup,
                           None if speedup is None else speedup >= 2, "{:.2f}x"))
    print("  " + ctx.check(f"{ds.path.name} peak memory <= 0.5x pandas", mem,
                           None if mem is None else mem <= 0.5, "{:.2f}x"))
    # The stricter view: engine against engine, each timed inside its own process (pandas'
    # read_csv alone; opslab's whole load command: parse, content hash, version record).
    if opslab.inner and all(p.inner for p in peers):
        ours = statistics.median(opslab.inner)
        parts = [f"opslab load {ours:.3f} s ({size_mb / ours:.0f} MB/s)"]
        for p in peers:
            theirs = statistics.median(p.inner)
            parts.append(f"{p.label} {theirs:.3f} s ({size_mb / theirs:.0f} MB/s) -> opslab {theirs / ours:.2f}x")
        print("  in-process, interpreter and import left out: " + "; ".join(parts))
        theirs = statistics.median(pandas.inner)
        print("  " + ctx.check(f"{ds.path.name} load alone >= 2x pandas.read_csv alone", theirs / ours,
                               theirs / ours >= 2, "{:.2f}x"))


# --------------------------------------------------------------------------
# Preparation: impute, scale, encode, split on the messy file
# --------------------------------------------------------------------------

MESSY_NUMERIC = ["income", "age", "ratio", "visits", "temp_c", "account_id", "score", "balance"]

PREP_LAB = """load {path} as m
split test=0.2 seed=42
impute {numeric} with=median
scale {numeric}
impute city product member grade with=most_frequent
encode city member grade
encode product method=ordinal
"""

# The same pipeline in scikit-learn: split first, fit on the training rows, transform both parts.
PREP_SKLEARN = """
import json, pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler
df = pd.read_csv({path!r})
train, test = train_test_split(df, test_size=0.2, random_state=42)
ct = ColumnTransformer([
    ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), {numeric!r}),
    ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                          OneHotEncoder(handle_unknown="ignore", sparse_output=False)), ["city", "member", "grade"]),
    ("ord", make_pipeline(SimpleImputer(strategy="most_frequent"), OrdinalEncoder()), ["product"]),
])
a = ct.fit_transform(train)
b = ct.transform(test)
print(json.dumps({{"rows": a.shape[0] + b.shape[0], "columns": a.shape[1]}}))
"""


def messy_dataset(ctx: Context) -> tuple[Dataset, str]:
    """The messy CSV of this run's size, generated if missing, and its absolute path."""
    ds = [d for d in datasets(ctx.quick) if d.kind == "messy"][0]
    ensure_dataset(ds)
    return ds, str(ds.path.resolve())


@section("prep", "impute + scale + one-hot + split on the messy file: opslab vs scikit-learn ColumnTransformer")
def bench_prep(ctx: Context) -> None:
    ds, path = messy_dataset(ctx)
    script = OUT_DIR / f"prep_{ds.path.stem}.lab"
    script.write_text(PREP_LAB.format(path=path, numeric=" ".join(MESSY_NUMERIC)))
    load_only = write_lab_script(ds.path.stem, ds.path)
    opslab = measure("opslab prep", ctx.opslab_run_cmd(script), ctx.runs, warmup=ctx.warmup)
    opslab_load = measure("opslab load only", ctx.opslab_run_cmd(load_only), ctx.runs, warmup=ctx.warmup)
    sklearn = measure("scikit-learn prep", [ctx.python, "-c", PREP_SKLEARN.format(path=path, numeric=MESSY_NUMERIC)],
                      ctx.runs, warmup=ctx.warmup)
    pandas_load = measure("pandas load only", peer_cmd(ctx, "pandas", ds.path), ctx.runs, warmup=ctx.warmup)
    rows = []
    for m in (opslab, sklearn, opslab_load, pandas_load):
        rows.append([m.label, fmt(m.median_s if m.ok else None, ".3f"), peak_text(ctx, m) if m.ok else "-",
                     "" if m.ok else "FAILED"])
    print_table(f"prep {ds.path.name} (median of {ctx.runs})", ["run", "median s", "peak MB", ""], rows)
    print_errors([opslab, sklearn, opslab_load, pandas_load])
    if all(m.ok for m in (opslab, sklearn, opslab_load, pandas_load)):
        ours = opslab.median_s - opslab_load.median_s
        theirs = sklearn.median_s - pandas_load.median_s
        print(f"  pipeline alone (load subtracted): opslab {ours:.3f} s, scikit-learn {theirs:.3f} s")
        print("  " + ctx.check("prep pipeline >= 5x faster than scikit-learn", theirs / max(ours, 1e-9), theirs / max(ours, 1e-9) >= 5, "{:.2f}x"))
        print("  " + ctx.check("prep peak memory below scikit-learn's", opslab.peak_mb / sklearn.peak_mb,
                               opslab.peak_mb < sklearn.peak_mb, "{:.2f}x"))



# --------------------------------------------------------------------------
# Models: fit and predict times and test metrics, opslab against scikit-learn
# --------------------------------------------------------------------------

FEATURES = ",".join(f"f{i}" for i in range(20))


@dataclass(frozen=True)
class Estimator:
    name: str
    task: str             # classification | regression | clustering | decomposition
    opslab: str           # `train` arguments
    sklearn: str          # the scikit-learn estimator, same hyper-parameters
    on_1m: bool = True    # False: skipped on the 1M-row file (far too long on 2 cores)
    once_on_1m: bool = False  # True: one timed run on the 1M file (scikit-learn's fit alone takes many seconds)
    queries: bool = False  # kNN: learn every row, predict KNN_QUERIES other rows
    dataset: str | None = None  # the generated set, when not the task's own
    categorical: tuple[int, ...] = ()  # features taken as categories (text on both sides)

    @property
    def data(self) -> str:
        return self.dataset or ("regression" if self.task == "regression" else "classification")


ESTIMATORS = [
    Estimator("linear", "regression", "linear", "LinearRegression()"),
    Estimator("ridge", "regression", "ridge alpha=1.0", "Ridge(alpha=1.0)"),
    Estimator("lasso", "regression", "lasso alpha=1.0 max_iter=1000 tol=0.0001",
              "Lasso(alpha=1.0, max_iter=1000, tol=1e-4)"),
    Estimator("logistic", "classification", "logistic C=1.0 penalty=l2 max_iter=100",
              "LogisticRegression(C=1.0, max_iter=100)"),
    Estimator("tree", "classification", "tree criterion=gini max_depth=10 seed=42",
              "DecisionTreeClassifier(max_depth=10, random_state=42)", once_on_1m=True),
    Estimator("forest", "classification", "forest trees=100 max_depth=10 max_features=sqrt seed=42",
              "RandomForestClassifier(n_estimators=100, max_depth=10, n_jobs=2, random_state=42)", on_1m=False),
    Estimator("boost", "classification",
              "boost rounds=100 learning_rate=0.1 max_leaf_nodes=31 min_samples_leaf=20 max_bins=255 "
              "l2_regularization=0 early_stopping=false seed=42",
              "HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, "
              "min_samples_leaf=20, max_bins=255, l2_regularization=0.0, early_stopping=False, random_state=42)"),
    # f0 and f1 as text categories: boost splits sets of them; scikit-learn reads their sorted codes (OrdinalEncoder's order).
    Estimator("boost_categorical", "classification",
              "boost rounds=100 learning_rate=0.1 max_leaf_nodes=31 min_samples_leaf=20 max_bins=255 "
              "l2_regularization=0 early_stopping=false categorical=f0,f1 seed=42",
              "HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, "
              "min_samples_leaf=20, max_bins=255, l2_regularization=0.0, early_stopping=False, "
              "categorical_features=[0, 1], random_state=42)",
              dataset="categories", categorical=(0, 1)),
    Estimator("knn", "classification", "knn k=5 weights=uniform", "KNeighborsClassifier(n_neighbors=5)",
              on_1m=False, queries=True),
    Estimator("naive_bayes", "classification", "naive_bayes", "GaussianNB()"),
    Estimator("kmeans", "clustering", "kmeans k=8 n_init=1 max_iter=300 tol=0.0001 seed=42",
              "KMeans(n_clusters=8, n_init=1, max_iter=300, tol=1e-4, random_state=42)"),
    Estimator("pca", "decomposition", "pca components=5", "PCA(n_components=5)"),
]

# The metric shown per task, and when opslab's value counts as the same quality as scikit-learn's.
QUALITY = {
    "classification": ("accuracy", lambda o, s: abs(o - s) <= 0.01, "{:.4f}"),   # 1 point
    "regression": ("r2", lambda o, s: abs(o - s) <= 1e-4, "{:.6f}"),
    "clustering": ("inertia", lambda o, s: o <= s * 1.01, "{:.6g}"),              # within 1% (lower is better)
    "decomposition": ("explained_variance", lambda o, s: abs(o - s) <= 0.1, "{:.1f}%"),  # opslab shows 0.1%
}
MODEL_TARGETS = ("targets: every fit at least 3x faster than scikit-learn at equal quality (kNN: predict); "
                 "5-fold CV of logistic at least 3x faster")


def model_sets(quick: bool) -> list[int]:
    return [100_000] if quick else [100_000, 1_000_000]


def model_script(est: Estimator, rows: int) -> Path:
    """The opslab side: load, split on the part column, train, predict the test rows, eval."""
    main = Dataset(est.data, rows, 22).path.resolve()
    lines = []
    if est.queries:
        lines += [f"load {Dataset('classification_queries', rows, 22).path.resolve()} as te",
                  f"load {main} as d"]  # no split: kNN learns every row
        evaluate = "eval m on=te"
    else:
        lines += [f"load {Dataset(est.data + '_test', rows, 22).path.resolve()} as te",
                  f"load {main} as d", "split by=part at=1"]
        evaluate = "eval m" if est.task != "decomposition" else "model m"
    target = "target=y " if est.task in ("classification", "regression") else ""
    lines += [f"train {est.opslab} {target}features={FEATURES} as m", "predict m on=te", evaluate]
    script = OUT_DIR / f"model_{est.name}_{rows // 1000}k.lab" if rows < 1_000_000 else OUT_DIR / f"model_{est.name}_1m.lab"
    script.write_text("\n".join(lines) + "\n")
    return script


def opslab_model_result(stdout: str) -> dict:
    """Times of the train / predict / cv commands and the eval metrics from `run --json --timings`."""
    out: dict = {"metrics": {}}
    for ln in stdout.splitlines():
        try:
            doc = json.loads(ln)
        except ValueError:
            continue
        verb = doc.get("command", "").split(" ", 1)[0]
        if verb == "train":
            # The fit itself (feature matrix, fit, data hash), as scikit-learn's timer covers model.fit;
            # the whole command also scores the test rows, records the run and writes the model file.
            out["fit"] = doc.get("phases", {}).get("fit", doc.get("seconds"))
            out["command"] = doc.get("seconds")
        elif verb == "cv":
            out["fit"] = out["command"] = doc.get("seconds")
        elif verb == "predict":
            out["predict"] = doc.get("seconds")
        text = json.dumps(doc.get("result", {}), ensure_ascii=False)
        if verb == "train":
            m = re.search(r"explains ([0-9.]+)% of the variance", text)
            if m:
                out["metrics"]["explained_variance"] = float(m.group(1))
        if verb in ("eval", "cv"):
            for table in _tables(doc.get("result", {})):
                if table.get("columns", [])[:2] == ["metric", "value"]:
                    out["metrics"].update({r[0]: r[1] for r in table["rows"]})
            m = re.search(r"accuracy: ([0-9.]+) ±", text)
            if m:  # cv's mean over the folds (4 decimals)
                out["metrics"]["accuracy"] = float(m.group(1))
    return out


def _tables(node) -> list[dict]:
    if isinstance(node, dict):
        found = [node] if node.get("type") == "table" else []
        for v in node.values():
            found += _tables(v)
        return found
    if isinstance(node, list):
        return [t for v in node for t in _tables(v)]
    return []


@dataclass
class Timed:
    """Per-run results of a repeated child; medians of fit and predict, metrics of the last run
    (and of every run, for the medians of timed metrics)."""
    label: str
    fits: list[float] = field(default_factory=list)
    commands: list[float] = field(default_factory=list)
    predicts: list[float] = field(default_factory=list)
    metrics: dict = field(default_factory=dict)
    metric_runs: list[dict] = field(default_factory=list)
    error: str | None = None

    def median(self, what: str) -> float | None:
        values = {"fit": self.fits, "command": self.commands}.get(what, self.predicts)
        return statistics.median(values) if values and self.error is None else None


def _run_into(t: Timed, cmd: list[str], parse: Callable[[str], dict]) -> bool:
    """One run of a child, its times added to `t`; False (with t.error set) when it failed."""
    try:
        r = run_once(cmd)
    except OSError as e:
        t.error = f"{type(e).__name__}: {e}"
        return False
    if r.rc != 0:
        t.error = f"exit {r.rc}: {_last_line(r.stderr) or _last_line(r.stdout) or '(no output)'}"
        return False
    try:
        doc = parse(r.stdout)
    except ValueError as e:
        t.error = f"unreadable output: {e}"
        return False
    if doc.get("fit") is None:
        t.error = "no fit time in the output"
        return False
    t.fits.append(doc["fit"])
    if doc.get("command") is not None:
        t.commands.append(doc["command"])
    if doc.get("predict") is not None:
        t.predicts.append(doc["predict"])
    t.metrics = doc.get("metrics", {})
    t.metric_runs.append(t.metrics)
    return True


def repeat_pair(ours: tuple[str, list[str], Callable[[str], dict]], theirs: tuple[str, list[str], Callable[[str], dict]],
                runs: int) -> tuple[Timed, Timed]:
    """Both children `runs` times, taking turns (ours, theirs, ours, ...): this machine's speed drifts by
    tens of percent over minutes, and runs of one side all in a slow stretch would decide the ratio."""
    a, b = Timed(ours[0]), Timed(theirs[0])
    for _ in range(runs):
        for t, (_, cmd, parse) in ((a, ours), (b, theirs)):
            if t.error is None:
                _run_into(t, cmd, parse)
    return a, b


def sklearn_cmd(ctx: Context, spec: dict) -> list[str]:
    return [ctx.python, str(BENCH_DIR / "sklearn_models.py"), json.dumps(spec)]


def speed(sklearn: float | None, opslab: float | None) -> float | None:
    return sklearn / opslab if sklearn is not None and opslab else None


GROUPBY_QUERY = "SELECT city, count(*) AS n, avg(income) AS mean_income, max(score) AS top_score FROM m GROUP BY city"
GROUPBY_PANDAS = """
import json, sys, time
import pandas as pd
df = pd.read_csv({path!r})
t0 = time.perf_counter()
g = df.groupby("city", dropna=False).agg(n=("income", "size"), mean_income=("income", "mean"), top_score=("score", "max"))
print(json.dumps({{"seconds": time.perf_counter() - t0, "groups": len(g)}}))
"""


@section("sql", "sql GROUP BY over the messy 1M-row frame: opslab (SQLite over the frame) vs pandas groupby")
def bench_sql(ctx: Context) -> None:
    ds, path = messy_dataset(ctx)
    script = OUT_DIR / f"sql_{ds.path.stem}.lab"
    script.write_text(f"load {path} as m\nsql {GROUPBY_QUERY} as g\n")
    ours, theirs = [], []
    for _ in range(ctx.runs):
        r = run_once([str(ctx.opslab), "run", "--json", "--timings", str(script)])
        p = run_once([ctx.python, "-c", GROUPBY_PANDAS.format(path=path)])
        if r.rc != 0 or p.rc != 0:
            print(f"  FAILED: {_last_line(r.stderr) or _last_line(p.stderr)}")
            return
        line = json.loads(r.stdout.splitlines()[-1])
        # The result is the new frame's summary, shown with its first rows.
        result = line["result"]
        frame = result if result.get("type") == "frame" else next((p for p in result.get("parts", []) if p.get("type") == "frame"), {})
        ours.append((line["seconds"], frame.get("rows")))
        theirs.append(json.loads(p.stdout.splitlines()[-1]))
    o = statistics.median(t for t, _ in ours)
    t = statistics.median(x["seconds"] for x in theirs)
    print_table(f"GROUP BY city on {ds.path.name} (the query alone, median of {ctx.runs})", ["tool", "median s", "groups", "pandas/opslab"],
                [["opslab sql", f"{o:.4f}", str(ours[0][1]), f"{t / max(o, 1e-9):.2f}"],
                 ["pandas groupby", f"{t:.4f}", str(theirs[0]["groups"]), "1.00"]])
    print(f"  query: {GROUPBY_QUERY}")


@section("models", "fit / predict time and test metric of each estimator: opslab vs scikit-learn")
def bench_models(ctx: Context) -> None:
    print(f"\n{MODEL_TARGETS}")
    for rows in model_sets(ctx.quick):
        print(f"data sets ({rows:,} rows):")
        kinds = ["classification", "classification_test", "regression", "regression_test"]
        if not ctx.estimators or "boost_categorical" in ctx.estimators:
            kinds += ["categories", "categories_test"]
        kinds += ["classification_queries"] if rows == 100_000 else []
        for kind in kinds:
            ensure_dataset(Dataset(kind, rows, 22))
        models_one(ctx, rows)


def models_one(ctx: Context, rows: int) -> None:
    # Each fit runs `--runs` times on the 1M file (scikit-learn's tree, half a minute there, once),
    # taking turns with scikit-learn's, so that a moment of this machine's drift (single 1M boost fits
    # here moved by 5-10% from one run to the next) does not decide a ratio; on the 100k file, whose
    # fits take tenths of a second and where such a moment weighs more, at least five times.
    runs = ctx.runs if rows > 100_000 else max(ctx.runs, 5)
    once = [est.name for est in ESTIMATORS if rows > 100_000 and est.once_on_1m]
    tag = f"{rows // 1000}k" if rows < 1_000_000 else "1m"
    table, skipped = [], []
    print("  measuring:", end="", flush=True)  # the table comes at the end; this shows progress
    for est in ESTIMATORS:
        if ctx.estimators and est.name not in ctx.estimators:
            continue
        if rows > 100_000 and not est.on_1m:
            skipped.append(est.name)
            continue
        print(f" {est.name}", end="", flush=True)
        est_runs = 1 if est.name in once else runs
        spec = {"estimator": est.sklearn, "task": est.task, "data": str(Dataset(est.data, rows, 22).path.resolve()),
                "categorical": list(est.categorical)}
        if est.queries:
            spec["queries"] = str(Dataset("classification_queries", rows, 22).path.resolve())
        ours, theirs = repeat_pair(("opslab", ctx.opslab_timed_cmd(model_script(est, rows)), opslab_model_result),
                                   ("scikit-learn", sklearn_cmd(ctx, spec), json.loads), est_runs)
        table.append(model_row(ctx, est, tag, ours, theirs))
    if not ctx.estimators or "cv" in ctx.estimators:
        print(" cv", flush=True)
        table.append(cv_row(ctx, rows, tag, runs))
    else:
        print(flush=True)
    queries = f"; knn: {KNN_QUERIES:,} queries over {rows:,} rows" if rows == 100_000 else ""
    print_table(f"models on classification/regression_{tag} ({int(rows * TRAIN_SHARE):,} train / "
                f"{rows - int(rows * TRAIN_SHARE):,} test rows{queries}; median of {runs}"
                f"{'; ' + ', '.join(once) + ': 1 run' if once else ''})",
                ["estimator", "opslab fit s", "sklearn fit s", "fit x", "train cmd s", "opslab pred s", "sklearn pred s", "pred x",
                 "metric", "opslab", "sklearn", "quality"], table)
    print("  (x = scikit-learn time / opslab time: > 1 means opslab is faster; pred = predict the test rows)")
    print("  (opslab's fit: from the frame's columns to the fitted model (features read, fit, the data hash), as scikit-learn's")
    print("   is model.fit on arrays it already holds; train cmd: the whole `train` command, which also scores the test rows,")
    print("   records the run in lab.db and writes the model file to .opslab/models/ (for kNN, every training row))")
    if skipped:
        print(f"  skipped on {rows:,} rows: {', '.join(skipped)} (scikit-learn alone needs many minutes "
              "on 2 cores: forest about 10x its 100k time, kNN brute force 10x the distances)")


def model_row(ctx: Context, est: Estimator, tag: str, ours: Timed, theirs: Timed) -> list[str]:
    metric, same, shown = QUALITY[est.task]
    o, s = ours.metrics.get(metric), theirs.metrics.get(metric)
    equal = same(o, s) if o is not None and s is not None else None
    if ours.error or theirs.error:
        for t in (ours, theirs):
            if t.error:
                print(f"  {est.name}: {t.label} FAILED: {t.error}")
    fit_x = speed(theirs.median("fit"), ours.median("fit"))
    pred_x = speed(theirs.median("predict"), ours.median("predict"))
    # kNN's fit only stores the rows: its work, and so its target, is the prediction.
    key = pred_x if est.name == "knn" else fit_x
    what = "predict" if est.name == "knn" else "fit"
    ctx.check(f"{est.name} {what} >= 3x faster than scikit-learn at equal quality [{tag}]", key,
              None if key is None or equal is None else key >= 3 and equal, "{:.2f}x")
    metric_text = metric if est.task != "classification" else "accuracy"
    if est.task == "classification" and "roc_auc" in ours.metrics:
        o_auc, s_auc = ours.metrics.get("roc_auc"), theirs.metrics.get("roc_auc")
        metric_text += " / auc"
        o_text = f"{shown.format(o)} / {o_auc:.4f}" if o is not None and o_auc is not None else "-"
        s_text = f"{shown.format(s)} / {s_auc:.4f}" if s is not None and s_auc is not None else "-"
    else:
        o_text = "-" if o is None else shown.format(o)
        s_text = "-" if s is None else shown.format(s)
    return [est.name, fmt(ours.median("fit"), ".3f"), fmt(theirs.median("fit"), ".3f"), fmt(fit_x, ".2f"),
            fmt(ours.median("command"), ".3f"), fmt(ours.median("predict"), ".3f"), fmt(theirs.median("predict"), ".3f"), fmt(pred_x, ".2f"),
            metric_text, o_text, s_text, "-" if equal is None else ("same" if equal else "WORSE")]


def cv_row(ctx: Context, rows: int, tag: str, runs: int) -> list[str]:
    """5-fold CV of logistic on every row of the file: opslab's stratified `cv` against
    cross_val_score(LogisticRegression(), cv=5), which stratifies too (without shuffling)."""
    path = Dataset("classification", rows, 22).path.resolve()
    script = OUT_DIR / f"cv_logistic_{tag}.lab"
    script.write_text(f"load {path} as d\ncv logistic target=y features={FEATURES} folds=5 C=1.0 max_iter=100\n")
    spec = {"estimator": "LogisticRegression(C=1.0, max_iter=100)", "task": "classification",
            "data": str(path), "cv": 5}
    ours, theirs = repeat_pair(("opslab", ctx.opslab_timed_cmd(script), opslab_model_result),
                               ("scikit-learn", sklearn_cmd(ctx, spec), json.loads), runs)
    for t in (ours, theirs):
        if t.error:
            print(f"  cv logistic: {t.label} FAILED: {t.error}")
    o, s = ours.metrics.get("accuracy"), theirs.metrics.get("accuracy")
    equal = abs(o - s) <= 0.01 if o is not None and s is not None else None
    x = speed(theirs.median("fit"), ours.median("fit"))
    ctx.check(f"cv logistic 5 folds >= 3x faster than scikit-learn [{tag}]", x,
              None if x is None or equal is None else x >= 3 and equal, "{:.2f}x")
    return ["cv logistic (5 folds, all rows)", fmt(ours.median("fit"), ".3f"), fmt(theirs.median("fit"), ".3f"),
            fmt(x, ".2f"), fmt(ours.median("command"), ".3f"), "", "", "", "mean accuracy", fmt(o, ".4f"), fmt(s, ".4f"),
            "-" if equal is None else ("same" if equal else "WORSE")]


# --------------------------------------------------------------------------
# Metrics on 1,000,000 scores: LabML's functions against scikit-learn's
# --------------------------------------------------------------------------

METRIC_REPEAT = 5
METRIC_NAMES = {"roc_auc": "roc_auc_score", "roc_curve": "roc_curve (thresholds)",
                "precision_recall_f1": "precision/recall/f1 (binary)", "confusion_matrix": "confusion_matrix"}


def same_value(a, b) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(1.0, abs(b))
    return a == b


@section("metrics", "AUC, ROC curve, P/R/F1, confusion matrix on 1M scores: LabML vs scikit-learn")
def bench_metrics(ctx: Context) -> None:
    print("\ntargets: metrics on 1M scores at least 10x faster than scikit-learn")
    ds = Dataset("scores", 1_000_000, 2)
    ensure_dataset(ds)
    helper = ctx.opslab.parent / "opslab-bench"
    path = str(ds.path.resolve())
    parse = lambda out: {"fit": 0, **json.loads(out)}  # noqa: E731  (the runner wants a fit time)
    # Each process times METRIC_REPEAT calls (its median); the processes take turns, ctx.runs each.
    ours, theirs = repeat_pair(("opslab-bench", [str(helper), "metrics", path, str(METRIC_REPEAT)], parse),
                               ("scikit-learn", [ctx.python, str(BENCH_DIR / "sklearn_metrics.py"), path, str(METRIC_REPEAT)], parse),
                               max(ctx.runs, 1))

    def seconds(t: Timed, key: str) -> float | None:
        values = [m[key]["seconds"] for m in t.metric_runs if key in m]
        return statistics.median(values) if values and t.error is None else None

    rows = []
    for key, label in METRIC_NAMES.items():
        o, s = ours.metrics.get(key, {}), theirs.metrics.get(key, {})
        o_s, s_s = seconds(ours, key), seconds(theirs, key)
        x = speed(s_s, o_s)
        equal = same_value(o.get("value"), s.get("value")) if o and s else None
        rows.append([label, fmt(o_s, ".4f"), fmt(s_s, ".4f"), fmt(x, ".1f"),
                     "-" if equal is None else ("same" if equal else "DIFFERENT")])
        ctx.check(f"{key} on 1M scores >= 10x faster than scikit-learn", x,
                  None if x is None or equal is None else x >= 10 and equal, "{:.1f}x")
    print_table(f"metrics on {ds.path.name} (1,000,000 scores; in-process, median of {METRIC_REPEAT} calls in each of "
                f"{max(ctx.runs, 1)} processes taking turns with scikit-learn's, median over the processes)",
                ["function", "opslab s", "sklearn s", "x", "value"], rows)
    print("  (x = scikit-learn time / opslab time; opslab's functions timed by bench/opslab-bench)")
    for t in (ours, theirs):
        if t.error:
            print(f"  {t.label} FAILED: {t.error}")


@section("tracking", "log runs (20 params, 10 metrics each) and query them: opslab's lab.db vs MLflow's client on SQLite")
def bench_tracking(ctx: Context) -> None:
    print("\ntargets: logging at least 20x faster than MLflow; the query under 50 ms")
    count = 1_000 if ctx.quick else 10_000
    helper = ctx.opslab.parent / "opslab-bench"
    with tempfile.TemporaryDirectory(prefix="opslab-bench-tracking-") as folder:
        ours_dir, theirs_dir = Path(folder) / "opslab", Path(folder) / "mlflow"
        ours_dir.mkdir()
        theirs_dir.mkdir()
        logged = run_once([str(helper), "log-runs", str(count), str(ours_dir)], timeout_s=RUN_TIMEOUT_S)
        script = Path(folder) / "query.lab"
        script.write_text("runs where metrics.auc > 0.9 sort=-metrics.auc experiment=bench limit=100000\n")
        # The query is short and a single process's time is noisy: the median of ctx.runs processes.
        queries = [run_once([str(ctx.opslab), "run", "--json", "--timings", str(script)], timeout_s=RUN_TIMEOUT_S,
                            env_extra={"OPSLAB_HOME": str(ours_dir)}) for _ in range(max(ctx.runs, 1))]
        queried = next((q for q in queries if q.rc != 0), queries[0])
        theirs = run_once([ctx.python, str(BENCH_DIR / "mlflow_runs.py"), str(count), str(theirs_dir)], timeout_s=RUN_TIMEOUT_S)
    failed = [(n, r) for n, r in (("opslab-bench log-runs", logged), ("opslab runs where", queried), ("mlflow", theirs)) if r.rc != 0]
    for name, r in failed:
        print(f"  {name} FAILED: {_last_line(r.stderr) or _last_line(r.stdout)}")
    if failed:
        return
    ours = json.loads(logged.stdout)
    timed = sorted((json.loads(q.stdout.splitlines()[-1]) for q in queries), key=lambda q: q["seconds"])
    query = timed[len(timed) // 2]
    result = query["result"]
    tables = [result] if result.get("type") == "table" else [p for p in result.get("parts", []) if p.get("type") == "table"]
    found = len(tables[0]["rows"]) if tables else 0
    mlflow = json.loads(theirs.stdout.splitlines()[-1])
    x = mlflow["seconds"] / max(ours["seconds"], 1e-9)
    print_table(f"tracking: {count:,} runs x (20 params + 10 metrics)",
                ["", "opslab s", "MLflow s", "x"],
                [["log the runs", f"{ours['seconds']:.3f}", f"{mlflow['seconds']:.3f}", f"{x:.1f}"],
                 [f"runs where metrics.auc > 0.9 sort=-metrics.auc (median of {len(timed)})", f"{query['seconds']:.4f}", f"{mlflow['query_seconds']:.4f}",
                  f"{mlflow['query_seconds'] / max(query['seconds'], 1e-9):.1f}"],
                 ["runs found", str(found), str(mlflow["found"]), ""]])
    print("  " + ctx.check("logging >= 20x faster than MLflow", x, x >= 20, "{:.1f}x"))
    print("  " + ctx.check("query under 50 ms", query["seconds"] * 1000, query["seconds"] < 0.05, "{:.1f} ms"))


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Benchmark opslab against pandas, polars and scikit-learn.")
    p.add_argument("--opslab", default=".build/release/opslab", help="path to the opslab binary")
    p.add_argument("--only", help="run only these sections (comma-separated)")
    p.add_argument("--estimators", help="models section: only these estimators (comma-separated, e.g. kmeans,lasso)")
    p.add_argument("--runs", type=int, default=3, help="timed runs per heavy measurement (default 3)")
    p.add_argument("--startup-runs", type=int, default=20, help="timed runs for startup (default 20)")
    p.add_argument("--warmup", type=int, default=1, help="untimed warm-up runs (default 1)")
    p.add_argument("--quick", action="store_true",
                   help="use 100,000-row files instead of 1,000,000 (models: the 100k set only)")
    p.add_argument("--list", action="store_true", help="list sections and exit")
    p.add_argument("--generate-one", nargs=3, metavar=("KIND", "ROWS", "PATH"),
                   help=argparse.SUPPRESS)  # internal: data generation child
    return p.parse_args(argv)


def swift_runtime_is_shared(binary: Path) -> bool:
    """Whether the binary loads libswiftCore from a shared library (ldd lists it)."""
    try:
        listed = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return "libswiftCore" in listed


def print_environment(ctx: Context) -> None:
    # Library versions come from a child so this process stays lean (see ensure_dataset).
    versions = subprocess.run(
        [ctx.python, "-c", "import numpy, pandas, polars; print(f'numpy {numpy.__version__}, "
         "pandas {pandas.__version__}, polars {polars.__version__}')"],
        capture_output=True, text=True).stdout.strip()
    ctx.rss_floor_mb = floor = run_once(["/bin/true"]).maxrss_mb
    try:
        r = run_once([str(ctx.opslab), "--version"], timeout_s=30)
        first = (r.stdout.strip().splitlines() or [""])[0]
        opslab_version = first if r.rc == 0 else f"--version failed (exit {r.rc})"
    except OSError as e:
        opslab_version = f"unavailable ({e.strerror}: {ctx.opslab})"
    print(f"machine: {platform.machine()}, {os.cpu_count()} cpus, {platform.platform()}")
    print(f"python {platform.python_version()}, {versions}")
    print(f"opslab: {opslab_version}")
    if swift_runtime_is_shared(ctx.opslab):
        # A plain `swift build -c release` links the Swift runtime and Foundation as shared
        # libraries: each start loads and relocates them (~8 ms here), which the start-up
        # targets would then measure. `make bench` builds with --static-swift-stdlib.
        print("  note: this opslab loads the Swift runtime as shared libraries; `make bench` builds the "
              "static binary the start-up targets are set for")
    # On Linux ru_maxrss is a high-water mark that a child starts with the
    # forking process's peak, so a child using less than this reads as the floor.
    print(f"peak MB floor: {floor:.1f} (what /bin/true reports; lower peaks show as '<=floor')")


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.generate_one:
        kind, rows, path = args.generate_one
        generate_one(kind, int(rows), Path(path))
        return 0
    if args.list:
        for s in SECTIONS.values():
            print(f"{s.name:10} {s.help}")
        return 0
    chosen = list(SECTIONS) if not args.only else [s.strip() for s in args.only.split(",")]
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        print(f"unknown section(s): {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
        return 2

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    # Absolute path: every tool runs with a temp dir as its cwd.
    ctx = Context(opslab=Path(args.opslab).resolve(), python=sys.executable,
                  runs=args.runs, startup_runs=args.startup_runs,
                  warmup=args.warmup, quick=args.quick,
                  estimators=set(filter(None, (args.estimators or "").split(","))))
    unknown = ctx.estimators - {e.name for e in ESTIMATORS} - {"cv"}
    if unknown:
        print(f"unknown estimator(s): {', '.join(sorted(unknown))}; expected: "
              f"{', '.join([e.name for e in ESTIMATORS] + ['cv'])}", file=sys.stderr)
        return 2
    print_environment(ctx)
    for name in chosen:
        try:
            SECTIONS[name].fn(ctx)
        except Exception as e:  # one broken section must not hide the others
            print(f"\n!! section {name} failed: {type(e).__name__}: {e}")

    if ctx.targets:
        print_table("targets", ["target", "value", "status"], [list(t) for t in ctx.targets])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
