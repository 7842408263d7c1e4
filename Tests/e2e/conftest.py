"""Shared fixtures for the end-to-end tests: they drive the built `opslab` binary.

Every test runs the binary with its working directory in a pytest tmp_path, so the
state directory (`.opslab/`) of the repository is never touched.
"""
import csv
import hashlib
import json
import os
import re
import shutil
import signal
import struct
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

import pexpect
import pytest

E2E_DIR = Path(__file__).resolve().parent
REPO = E2E_DIR.parents[1]
FIXTURES = E2E_DIR / "fixtures"
DATASETS = REPO / "datasets"
BINARY = Path(os.environ.get("OPSLAB_BIN", REPO / ".build" / "debug" / "opslab"))

# The missing-value markers opslab recognises by default (CSVOptions.defaultMissingMarkers).
MISSING_MARKERS = {"", "NA", "N/A", "n/a", "NaN", "nan", "-nan", "-NaN", "null", "NULL", "None", "#N/A"}

PROMPT = "opslab> "

# titanic ready for a model: split, gaps filled, sex encoded; and the features the models use.
TITANIC_SETUP = """\
load titanic
split test=0.2 seed=42 stratify=survived
impute age fare with=median
encode sex
"""
TITANIC_FEATURES = "features=age,sex_male,pclass,fare"


@pytest.fixture(scope="session")
def opslab_bin():
    if not BINARY.is_file():
        pytest.fail(f"opslab binary not found at {BINARY}; build it with `swift build` or set OPSLAB_BIN")
    return str(BINARY)


def base_env(extra=None):
    """A reproducible environment: no colour, a UTF-8 locale (ASCII output is tested on its own),
    fixed datasets folder, no inherited state folder."""
    env = dict(os.environ)
    for name in ("OPSLAB_HOME", "COLUMNS", "LINES", "LC_ALL", "LC_CTYPE"):
        env.pop(name, None)
    env["LANG"] = "C.UTF-8"
    env["NO_COLOR"] = "1"
    env.setdefault("OPSLAB_DATASETS", str(DATASETS))
    if extra:
        env.update(extra)
    return env


@pytest.fixture
def run_opslab(opslab_bin, tmp_path):
    """run_opslab(args=[], stdin="...", cwd=tmp_path) -> CompletedProcess (text, stdout/stderr captured)."""

    def run(args=(), stdin="", cwd=None, env=None, timeout=60):
        data = stdin.encode() if isinstance(stdin, str) else stdin
        proc = subprocess.run(
            [opslab_bin, *args],
            input=data,
            cwd=str(cwd or tmp_path),
            env=base_env(env),
            capture_output=True,
            timeout=timeout,
        )
        return subprocess.CompletedProcess(
            proc.args, proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
        )

    return run


@pytest.fixture
def run_json(run_opslab, tmp_path):
    """Writes `script` to a file in tmp_path, runs `opslab run FILE --json`, returns (proc, [objects])."""

    def run(script, name="script.lab", cwd=None):
        folder = Path(cwd or tmp_path)
        (folder / name).write_text(script)
        proc = run_opslab(["run", name, "--json"], cwd=folder)
        objects = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
        return proc, objects

    return run


@pytest.fixture
def fixture_file(tmp_path):
    """Copies a file from Tests/e2e/fixtures into tmp_path and returns its name there."""

    def copy(name):
        shutil.copyfile(FIXTURES / name, tmp_path / name)
        return name

    return copy


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def column_types(path):
    """Each column's type as inferred here, for plain files: integer, float, boolean, date, datetime (ISO), else string."""
    header, rows = read_csv(path)

    def fits(cells, parse):
        try:
            return all(parse(c) is not None for c in cells)
        except ValueError:
            return False

    types = []
    for j in range(len(header)):
        cells = [r[j].strip() for r in rows if r[j].strip() not in MISSING_MARKERS]
        if fits(cells, int):
            types.append("integer")
        elif fits(cells, float):
            types.append("float")
        elif fits(cells, lambda c: c.lower() in ("true", "false") or None):
            types.append("boolean")
        elif fits(cells, lambda c: re.fullmatch(r"\d{4}-\d\d-\d\d", c) and date.fromisoformat(c)):
            types.append("date")
        elif fits(cells, lambda c: re.fullmatch(r"\d{4}-\d\d-\d\d[T ][\d:.]+Z?", c) and datetime.fromisoformat(c)):
            types.append("datetime")
        else:
            types.append("string")
    return types


def content_sha256(path, types=None):
    """The data's content hash (canonical form v1 of Sources/LabData/FrameContentHash.swift), computed
    here from Python's own reading of the CSV; `types` default to `column_types(path)`."""
    header, rows = read_csv(path)
    types = types or column_types(path)

    def number(cell, kind):
        if kind == "boolean":
            return 1.0 if cell.strip().lower() == "true" else 0.0
        if kind == "date":
            return float((date.fromisoformat(cell) - date(1970, 1, 1)).days)
        if kind == "datetime":
            moment = datetime.fromisoformat(cell)
            return moment.replace(tzinfo=moment.tzinfo or timezone.utc).timestamp()
        return float(cell)

    frame = hashlib.sha256(b"opslab-frame-v1\n" + struct.pack("<QQ", len(header), len(rows)))
    for j, (name, kind) in enumerate(zip(header, types)):
        cells = [r[j] for r in rows]
        missing = [c.strip() in MISSING_MARKERS for c in cells]
        column = hashlib.sha256()
        if kind == "string":
            for cell, gap in zip(cells, missing):
                column.update(b"\xff\xff\xff\xff" if gap else struct.pack("<I", len(cell.encode())) + cell.encode())
        else:
            words = [0] * ((len(cells) + 63) // 64)
            for r, gap in enumerate(missing):
                words[r >> 6] |= gap << (r & 63)
            column.update(struct.pack(f"<{len(words)}Q", *words))
            values = [0.0 if gap else number(cell, kind) for cell, gap in zip(cells, missing)]
            column.update(struct.pack(f"<{len(values)}d", *[0.0 if v == 0 else v for v in values]))
        frame.update(struct.pack("<Q", len(name.encode())) + name.encode()
                     + struct.pack("<Q", len(kind.encode())) + kind.encode() + column.digest())
    return frame.hexdigest()


def read_dicts(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="session")
def titanic():
    """The titanic dataset as a list of dicts, read with Python's csv module."""
    return read_dicts(DATASETS / "titanic.csv")


def table_rows(stdout, title):
    """The body lines of a rendered table that starts with the line `title` (up to a blank/footer line)."""
    lines = stdout.splitlines()
    start = lines.index(title)
    body = []
    for line in lines[start + 2:]:
        if not line.strip() or line.startswith("["):
            break
        body.append(line)
    return body


def frames_table(stdout):
    """Parses the output of `frames`: {name: (rows, columns, current)}."""
    out = {}
    lines = stdout.splitlines()
    try:
        start = next(i for i, l in enumerate(lines) if re.match(r"^\s+name\s+rows\s+columns\s+source$", l))
    except StopIteration:
        return out
    for line in lines[start + 1:]:
        m = re.match(r"^(\*| ) +(\S+) +(\d+) +(\d+)(?:  .*)?$", line)
        if not m:
            break
        out[m.group(2)] = (int(m.group(3)), int(m.group(4)), m.group(1) == "*")
    return out


def decode_history(path):
    """Reads libedit's history file (vis(3)-encoded lines after a _HiStOrY_V2_ header)."""
    text = Path(path).read_text()
    lines = text.splitlines()
    if lines and lines[0] == "_HiStOrY_V2_":
        lines = lines[1:]
    return [re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), l).replace("\\\\", "\\") for l in lines]


class Shell:
    """An interactive opslab in a pseudo-terminal (pexpect), 40 rows × 120 columns."""

    def __init__(self, binary, cwd, args=(), timeout=15, columns=120):
        self.cwd = Path(cwd)
        self.child = pexpect.spawn(
            binary,
            list(args),
            cwd=str(cwd),
            env=base_env({"TERM": "xterm"}),
            dimensions=(40, columns),
            encoding="utf-8",
            codec_errors="replace",
            timeout=timeout,
        )

    def expect_prompt(self):
        self.child.expect_exact(PROMPT)
        return self.child.before

    def run(self, line):
        """Types a line and returns everything printed before the next prompt."""
        self.child.sendline(line)
        self.child.expect_exact(PROMPT)
        return self.child.before

    def kill9(self):
        self.child.kill(signal.SIGKILL)
        self.child.wait()

    def close(self):
        if self.child.isalive():
            self.child.kill(signal.SIGKILL)
            self.child.wait()
        self.child.close(force=True)

    def wait_exit(self):
        self.child.expect(pexpect.EOF)
        self.child.close()
        return self.child.exitstatus, self.child.signalstatus


@pytest.fixture
def shell(opslab_bin, tmp_path):
    """shell(args=(), cwd=tmp_path, columns=120) starts an interactive opslab; all are killed at teardown."""
    started = []

    def start(args=(), cwd=None, columns=120):
        s = Shell(opslab_bin, cwd or tmp_path, args, columns=columns)
        started.append(s)
        return s

    yield start
    for s in started:
        s.close()
