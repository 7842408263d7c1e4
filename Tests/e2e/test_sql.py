"""SQL over frames, the SQLite warehouse (`store`, `load sqlite:`) and dataset versions, through
the binary. Expected numbers are computed here in Python (csv, sqlite3), not taken from opslab."""
import math
import re
import signal
import sqlite3
import subprocess
import time
from collections import defaultdict

import pytest

from conftest import base_env, frames_table, read_csv


def ok(objects):
    failed = [o for o in objects if not o["ok"]]
    assert not failed, failed
    return objects


def test_group_by_matches_python(run_json, titanic):
    proc, objects = run_json(
        "load titanic\n"
        "sql SELECT pclass, sex, count(*) AS n, sum(fare) AS fares, avg(age) AS mean_age FROM titanic "
        "GROUP BY pclass, sex as groups\n"
        "show n=10\n"
    )
    assert proc.returncode == 0, proc.stderr
    ok(objects)
    summary, preview = objects[1]["result"]["parts"]
    assert summary["name"] == "groups" and summary["rows"] == 6
    table = objects[2]["result"]
    # The query shows its first rows itself: the same as `show`.
    assert preview["columns"] == table["columns"] and preview["rows"] == table["rows"]
    assert table["columns"] == ["pclass", "sex", "n", "fares", "mean_age"]
    groups = defaultdict(lambda: {"n": 0, "fares": 0.0, "ages": []})
    for r in titanic:
        g = groups[(int(r["pclass"]), r["sex"])]
        g["n"] += 1
        g["fares"] += float(r["fare"]) if r["fare"] else 0.0
        if r["age"]:
            g["ages"].append(float(r["age"]))
    assert [tuple(row[:2]) for row in table["rows"]] == sorted(groups)
    for pclass, sex, n, fares, mean_age in table["rows"]:
        g = groups[(pclass, sex)]
        assert n == g["n"]
        assert math.isclose(fares, g["fares"], rel_tol=1e-12)
        assert math.isclose(mean_age, sum(g["ages"]) / len(g["ages"]), rel_tol=1e-12)
    assert sum(row[2] for row in table["rows"]) == 1309


def test_join_window_and_cte_through_the_shell(run_opslab, tmp_path):
    (tmp_path / "orders.csv").write_text("person,amount,day\n1,10.5,2024-01-03\n2,3,2024-01-01\n1,4.5,2024-02-10\n9,1,2024-03-01\n2,,2024-03-05\n")
    (tmp_path / "people.csv").write_text("id,name\n1,ann\n2,bob\n3,cyd\n")
    proc = run_opslab(stdin=(
        "load people.csv\nload orders.csv\n"
        "sql WITH spent AS (SELECT person, sum(amount) AS total, count(*) AS n, max(day) AS last FROM orders GROUP BY person) "
        "SELECT p.name, s.total, s.n, s.last, ROW_NUMBER() OVER (ORDER BY s.total DESC) AS rank "
        "FROM people p LEFT JOIN spent s ON s.person = p.id ORDER BY p.name as summary\n"
        "write summary.csv\ncolumns\n"
    ))
    assert proc.returncode == 0, proc.stderr
    header, rows = read_csv(tmp_path / "summary.csv")
    assert header == ["name", "total", "n", "last", "rank"]
    # ann: 10.5 + 4.5; bob: 3 (the missing amount is not summed, but counted); cyd: no orders.
    assert rows == [["ann", "15.0", "2", "2024-02-10", "1"], ["bob", "3.0", "2", "2024-03-05", "2"], ["cyd", "", "", "", "3"]]
    # max() of ISO dates is their text: a computed column has no declared type to make it a date again.
    assert re.search(r"\blast\s+string\b", proc.stdout), proc.stdout


def test_store_and_load_round_trip_and_other_tools_can_read_it(run_opslab, tmp_path):
    proc = run_opslab(stdin=(
        "load titanic\nwrite original.csv\nstore to=w.db\n"
        "load sqlite:w.db table=titanic as back\nwrite back.csv\n"
        "load sqlite:w.db query=\"SELECT sex, count(*) AS n FROM titanic GROUP BY sex\" as counts\nframes\n"
    ))
    assert proc.returncode == 0, proc.stderr
    assert "stored 1309 rows × 14 columns of 'titanic' as table titanic in w.db" in proc.stdout
    assert (tmp_path / "back.csv").read_bytes() == (tmp_path / "original.csv").read_bytes()
    assert frames_table(proc.stdout)["back"] == (1309, 14, False)
    with sqlite3.connect(tmp_path / "w.db") as db:
        assert db.execute("SELECT count(*), sum(survived) FROM titanic").fetchone() == (1309, 500)
        types = dict(db.execute("SELECT column_name, type FROM _opslab_columns WHERE table_name = 'titanic'").fetchall())
        assert types["age"] == "float" and types["pclass"] == "integer" and types["name"] == "string"
        assert db.execute("SELECT count(*) FROM titanic WHERE age IS NULL").fetchone() == (263,)


def test_store_and_load_keep_booleans_dates_and_datetimes(run_opslab, tmp_path):
    (tmp_path / "events.csv").write_text(
        "id,ok,day,at\n1,true,2024-02-29,2024-02-29T23:59:59.25Z\n2,false,,2024-03-01T00:00:00Z\n3,,1999-12-31,\n")
    proc = run_opslab(stdin="load events.csv\nstore\nload sqlite:.opslab/warehouse.db table=events as back\ncolumns\nwrite back.csv\n")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "back.csv").read_text() == (
        "id,ok,day,at\n1,true,2024-02-29,2024-02-29T23:59:59.25Z\n2,false,,2024-03-01T00:00:00Z\n3,,1999-12-31,\n")
    for name, kind in (("ok", "boolean"), ("day", "date"), ("at", "datetime")):
        assert re.search(rf"\b{name}\s+{kind}\b", proc.stdout), proc.stdout
    with sqlite3.connect(tmp_path / ".opslab" / "warehouse.db") as db:
        assert db.execute("SELECT ok, day, at FROM events WHERE id = 1").fetchone() == (1, "2024-02-29", "2024-02-29T23:59:59.25Z")
        assert db.execute("SELECT date(day, '+1 day') FROM events WHERE id = 1").fetchone() == ("2024-03-01",)


def test_kill_9_during_a_store_leaves_the_previous_table(opslab_bin, run_opslab, tmp_path):
    """A store is one transaction: killing opslab while it writes leaves the table as it was."""
    (tmp_path / "small.csv").write_text("k,v\n1,a\n2,b\n3,c\n")
    assert run_opslab(stdin="load small.csv\nstore to=w.db table=t\n").returncode == 0
    with open(tmp_path / "big.csv", "w") as f:
        f.write("k,x,y,label\n")
        for i in range(400_000):
            f.write(f"{i},{i * 0.5},{i % 977},row {i % 1000}\n")
    db = tmp_path / "w.db"
    journal = tmp_path / "w.db-journal"
    size_before = db.stat().st_size
    proc = subprocess.Popen([opslab_bin], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=tmp_path, env=base_env())
    try:
        proc.stdin.write(b"load big.csv\nstore to=w.db table=t\n")
        proc.stdin.flush()
        # The rollback journal appears when the store's transaction starts changing the file (it drops
        # the old table first); the 400,000 inserts take a good part of a second after that.
        deadline = time.monotonic() + 120
        seen_journal = None
        while proc.poll() is None and time.monotonic() < deadline:
            if seen_journal is None and journal.exists():
                seen_journal = time.monotonic()
            if seen_journal is not None and (db.stat().st_size > size_before or time.monotonic() - seen_journal > 0.02):
                break
            time.sleep(0.001)
        assert proc.poll() is None, "the store finished before it could be killed: " + proc.stdout.read().decode()
        assert seen_journal is not None, "no write transaction was seen"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        out = proc.stdout.read().decode()
        proc.stdin.close()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert "stored" not in out
    assert journal.exists(), "the killed transaction left its rollback journal"
    after = run_opslab(stdin="load sqlite:w.db table=t\nframes\nwrite t.csv\n")
    assert after.returncode == 0, after.stderr
    assert frames_table(after.stdout) == {"t": (3, 2, True)}
    assert (tmp_path / "t.csv").read_text() == "k,v\n1,a\n2,b\n3,c\n"
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("SELECT column_name, type FROM _opslab_columns WHERE table_name = 't' ORDER BY position").fetchall() == [
            ("k", "integer"), ("v", "string")]


def test_versions_and_diff_through_the_shell(run_opslab, tmp_path):
    (tmp_path / "d.csv").write_text("a,b\n1,x\n2,y\n3,x\n")
    first = run_opslab(stdin="load d.csv\n")
    assert first.returncode == 0, first.stderr
    (tmp_path / "d.csv").write_text("a,b,c\n1,x,true\n2,y,false\n30,x,true\n4,,false\n")
    proc = run_opslab(stdin="load d.csv\nversions d\n")
    assert proc.returncode == 0, proc.stderr
    lines = [l for l in proc.stdout.splitlines() if l.startswith(("1 ", "2 "))]
    assert len(lines) == 2 and all(" d " in l and l.rstrip().endswith("d.csv") for l in lines), proc.stdout
    old_hash = lines[0].split()[2]
    diff = run_opslab(stdin=f"load d.csv\ndiff data {old_hash[:8]} d\n")
    assert diff.returncode == 0, diff.stderr
    assert re.search(r"^c\s+added\s+boolean$", diff.stdout, re.M), diff.stdout
    rows = {tuple(l.split()[:2]): l.split()[2:] for l in diff.stdout.splitlines() if l.startswith(("a ", "b "))}
    assert rows[("a", "count")] == ["3", "4", "1"]
    assert rows[("a", "mean")] == ["2", "9.25", "7.25"]
    assert rows[("a", "max")] == ["3", "30", "27"]
    assert rows[("b", "missing")] == ["0", "1", "1"]


def run_bad(run_opslab, line, setup="load iris\n", frames=None):
    proc = run_opslab(stdin=setup + line + "\nframes\n")
    assert proc.returncode == 1, proc.stdout
    err = proc.stderr.splitlines()
    assert len(err) == 2, proc.stderr
    assert frames_table(proc.stdout) == (frames or {"iris": (150, 5, True)}), "the session changed after a failed command"
    return err[0].split(": ", 2)[2], err[1][len("  hint: "):]


@pytest.mark.parametrize("line,message,hint", [
    ("sql SELEC * FROM iris", 'SQL error: near "SELEC": syntax error', "did you mean SELECT for 'SELEC'?; query: SELEC * FROM iris"),
    ("sql SELECT * FROM irs", "SQL error: no such table: irs", "did you mean 'iris'?; tables are the frames: iris; query: SELECT * FROM irs"),
    ("sql SELECT petal FROM iris", "SQL error: no such column: petal", "did you mean 'petal_length_cm'?; query: SELECT petal FROM iris"),
    ("store to=nowhere/w.db", "cannot store to 'nowhere/w.db': the folder 'nowhere' does not exist",
     "create the folder first, or leave out to= to use the default warehouse"),
    ("load sqlite:none.db table=t", "no SQLite database at 'none.db'", "store a frame there first with `store to=none.db`, or check the path"),
    ("diff data iris 123abc", "no frame or dataset version '123abc'", "give a frame name or the first 6+ characters of a hash from `versions`; names: iris"),
])
def test_bad_sql_store_load_and_diff_lines(run_opslab, line, message, hint):
    assert run_bad(run_opslab, line) == (message, hint)


def test_missing_table_and_append_with_another_schema(run_opslab, tmp_path):
    assert run_opslab(stdin="load iris\nstore to=w.db\n").returncode == 0
    assert run_bad(run_opslab, "load sqlite:w.db table=irs") == (
        "no table 'irs' in w.db (did you mean 'iris'?)", "tables: iris")
    message, hint = run_bad(run_opslab, "store to=w.db mode=append", setup="load iris\nselect species\n",
                            frames={"iris": (150, 1, True)})
    assert message == "cannot append 'iris' to table 'iris' in w.db: the columns differ (the frame lacks sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm)"
    assert hint.startswith("table: sepal_length_cm float, ")
    with sqlite3.connect(tmp_path / "w.db") as db:
        assert db.execute("SELECT count(*) FROM iris").fetchone() == (150,)


def test_a_damaged_lab_db_is_reported_and_left_alone(run_opslab, tmp_path):
    state = tmp_path / ".opslab"
    state.mkdir()
    garbage = b"definitely not sqlite\n" * 200
    (state / "lab.db").write_bytes(garbage)
    proc = run_opslab(stdin="load iris\nversions\nframes\n")
    assert proc.returncode == 1
    assert "warning: dataset version not recorded: " in proc.stdout
    assert frames_table(proc.stdout) == {"iris": (150, 5, True)}
    assert "lab.db is damaged or not a SQLite database (file is not a database)" in proc.stderr
    assert (state / "lab.db").read_bytes() == garbage
