"""`opslab run FILE.lab [--json]`: headless, deterministic replay; `save session` writes
scripts that replay to the same state; the first failing line stops the run."""
import json
import shutil
import statistics

from conftest import DATASETS, content_sha256, frames_table, read_csv

PIPELINE = """\
# a small pipeline over titanic
load titanic
filter age >= 18 and sex == "female"
derive family = sibsp + parch + 1
describe cols=age,fare,family
sort fare desc
sample n=20
columns
show n=20
"""


def sha256(path):
    """What a script pins: the content hash of the data the file holds."""
    return content_sha256(path)



def recorded(run_opslab, tmp_path, session, final, name):
    """Runs `session`, saves it as `name`, then runs `final`: the process and the saved script."""
    original = run_opslab(stdin=session + f"save session {name}\n" + final)
    assert original.returncode == 0, original.stderr
    return original, (tmp_path / name).read_text()


def replayed(run_opslab, tmp_path, saved, final):
    """Replays a saved script followed by `final` headless (`opslab run`)."""
    (tmp_path / "check.lab").write_text(saved + final)
    replay = run_opslab(["run", "check.lab"])
    assert replay.returncode == 0, replay.stderr
    return replay

def test_run_twice_gives_byte_identical_output(run_opslab, tmp_path):
    (tmp_path / "p.lab").write_text(PIPELINE)
    first = run_opslab(["run", "p.lab"])
    second = run_opslab(["run", "p.lab"])
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""
    assert first.stdout == second.stdout
    assert "sampled 20 rows into titanic: 20 rows × 15 columns — seed 42" in first.stdout
    json1 = run_opslab(["run", "p.lab", "--json"])
    json2 = run_opslab(["run", "p.lab", "--json"])
    assert json1.returncode == 0
    assert json1.stdout == json2.stdout


def test_run_output_matches_piped_output(run_opslab, tmp_path):
    (tmp_path / "p.lab").write_text(PIPELINE)
    replay = run_opslab(["run", "p.lab"])
    piped = run_opslab(stdin=PIPELINE)
    assert replay.returncode == piped.returncode == 0
    assert replay.stdout == piped.stdout


def test_a_script_with_crlf_line_ends_runs_as_with_lf(run_opslab, tmp_path):
    (tmp_path / "p.lab").write_text(PIPELINE)
    (tmp_path / "w.lab").write_bytes(PIPELINE.replace("\n", "\r\n").encode())
    unix, windows = run_opslab(["run", "p.lab"]), run_opslab(["run", "w.lab"])
    assert windows.returncode == 0, windows.stderr
    assert windows.stdout == unix.stdout


def test_save_session_writes_pinned_commands_with_defaults(run_opslab, tmp_path):
    version = run_opslab(["--version"]).stdout.strip()  # "opslab X.Y.Z"
    proc = run_opslab(stdin='load titanic\nfilter sex == "male"\nshow n=2\nsample n=5\nsave session s.lab\n')
    assert proc.returncode == 0, proc.stderr
    assert "saved 3 command(s) to s.lab; replay with: opslab run s.lab" in proc.stdout
    text = (tmp_path / "s.lab").read_text()
    digest = sha256(DATASETS / "titanic.csv")
    comments = [l for l in text.splitlines() if l.startswith("#")]
    commands = [l for l in text.splitlines() if l and not l.startswith("#")]
    assert any(version in c for c in comments), comments
    assert any(digest in c for c in comments), comments
    assert commands == [f"load titanic sha256={digest}", 'filter sex == "male"', "sample n=5 seed=42"]


def test_saved_session_replays_to_the_same_state(run_opslab, tmp_path, titanic):
    session = (
        "load titanic\n"
        "filter age is not missing\n"
        "derive fare_per_person = fare / (sibsp + parch + 1)\n"
        "rename home_dest=destination\n"
        "sort fare_per_person desc age\n"
        "sample n=40 seed=7 as few\n"
        "select name age fare_per_person destination\n"
        "load iris\n"
        "filter species in (\"setosa\", \"virginica\")\n"
        "use few\n"
    )
    final = "frames\nshow n=100\ncolumns\n"
    original, saved = recorded(run_opslab, tmp_path, session, final, "replay.lab")
    replay = replayed(run_opslab, tmp_path, saved, final)
    # The tail of the replay (frames, show, columns) is exactly what the original session showed.
    tail = original.stdout[original.stdout.index("saved 10 command(s)"):].split("\n", 1)[1]
    assert replay.stdout.endswith(tail)
    with_age = sum(1 for r in titanic if r["age"] != "")
    assert frames_table(tail) == {"titanic": (with_age, 15, False), "few": (40, 4, True), "iris": (100, 5, False)}


def test_saved_session_replays_to_the_same_rows_in_json(run_opslab, run_json, tmp_path):
    proc = run_opslab(stdin="load penguins\nfilter body_mass_g > 4000\nsample n=12 seed=3\nsave session pg.lab\n")
    assert proc.returncode == 0, proc.stderr
    saved = (tmp_path / "pg.lab").read_text()
    _, first = run_json(saved + "show n=50\n", name="a.lab")
    _, again = run_json(saved + "show n=50\n", name="b.lab")
    last = first[-1]["result"]
    assert last["type"] == "table" and last["total_rows"] == 12 and len(last["rows"]) == 12
    assert first == again
    header, rows = read_csv(DATASETS / "penguins.csv")
    mass = header.index("body_mass_g")
    heavy = {tuple(r) for r in rows if r[mass] not in ("", "NA") and float(r[mass]) > 4000}
    assert last["columns"] == header
    for row in last["rows"]:
        assert row[mass] > 4000
        assert row[header.index("species")] in {r[header.index("species")] for r in heavy}


def test_json_lines_parse_and_carry_real_values(run_json):
    header, rows = read_csv(DATASETS / "iris.csv")
    setosa = [r for r in rows if r[4] == "setosa"]
    lengths = [float(r[0]) for r in setosa]
    proc, objs = run_json(
        "load iris\n"
        "\n"
        "# keep one species\n"
        'filter species == "setosa"\n'
        "describe cols=sepal_length_cm\n"
        "show n=3 cols=species,sepal_length_cm\n"
        "columns\n"
    )
    assert proc.returncode == 0, proc.stderr
    assert [o["line"] for o in objs] == [1, 4, 5, 6, 7]
    assert all(o["ok"] is True for o in objs)
    assert objs[0]["command"] == "load iris"
    load = objs[0]["result"]
    assert load["type"] == "frame" and load["name"] == "iris"
    assert (load["rows"], load["columns"]) == (len(rows), len(header))
    assert load["sha256"] == sha256(DATASETS / "iris.csv")
    assert objs[1]["result"]["rows"] == len(setosa) == 50
    assert objs[2]["result"]["type"] == "group"  # pandas' statistics, then the column profile
    desc = objs[2]["result"]["parts"][0]
    assert desc["type"] == "table"
    assert desc["columns"][:11] == ["column", "type", "count", "missing", "mean", "std", "min", "25%", "50%", "75%", "max"]
    row = dict(zip(desc["columns"], desc["rows"][0]))
    assert row["column"] == "sepal_length_cm" and row["type"] == "float"
    assert row["count"] == 50 and row["missing"] == 0
    assert abs(row["mean"] - statistics.mean(lengths)) < 1e-9
    assert abs(row["std"] - statistics.stdev(lengths)) < 1e-9
    assert row["min"] == min(lengths) and row["max"] == max(lengths)
    assert abs(row["50%"] - statistics.median(lengths)) < 1e-9
    show = objs[3]["result"]
    assert show["columns"] == ["species", "sepal_length_cm"]
    assert show["rows"] == [["setosa", float(r[0])] for r in setosa[:3]]
    assert show["total_rows"] == 50
    cols = objs[4]["result"]
    assert [(r[1], r[2]) for r in cols["rows"]] == [(h, "float") for h in header[:4]] + [("species", "string")]


def test_json_integers_booleans_and_missing(run_json, fixture_file):
    fixture_file("people.csv")
    proc, objs = run_json("load people.csv\nshow\n")
    assert proc.returncode == 0, proc.stderr
    assert objs[1]["result"]["rows"] == [
        [1, "ann", 7.5, True],
        [2, "bob", None, False],
        [3, "cyd, jr", 9.25, True],
        [4, 'dee "d"', 4.0, False],
    ]


def test_failing_line_stops_the_run_with_file_and_line(run_opslab, tmp_path):
    (tmp_path / "bad.lab").write_text(
        "load iris\n"
        "# comment\n"
        "\n"
        "filter sepal_width > 3\n"
        "write after.csv\n"
        "show\n"
    )
    proc = run_opslab(["run", "bad.lab"])
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: bad.lab:4: no column 'sepal_width' in frame 'iris' (did you mean 'sepal_width_cm'?)")
    assert proc.stdout.startswith("loaded iris: 150 rows")
    assert "wrote" not in proc.stdout and "sepal_length_cm" not in proc.stdout
    assert not (tmp_path / "after.csv").exists()


def test_failing_line_in_json_mode(run_opslab, tmp_path):
    (tmp_path / "bad.lab").write_text("load iris\nsample n=1000\nshow\n")
    proc = run_opslab(["run", "bad.lab", "--json"])
    assert proc.returncode == 1
    import json

    objs = [json.loads(l) for l in proc.stdout.splitlines()]
    assert len(objs) == 2
    assert objs[1]["line"] == 2 and objs[1]["ok"] is False and objs[1]["command"] == "sample n=1000"
    assert objs[1]["error"] == "cannot sample 1000 rows from 150"
    assert "error: bad.lab:2: cannot sample 1000 rows from 150" in proc.stderr


def test_changed_csv_fails_replay_naming_the_file(run_opslab, tmp_path, fixture_file):
    fixture_file("people.csv")
    proc = run_opslab(stdin="load people.csv\nfilter passed\nsave session people.lab\n")
    assert proc.returncode == 0, proc.stderr
    before = sha256(tmp_path / "people.csv")
    assert f"load people.csv sha256={before}" in (tmp_path / "people.lab").read_text()
    ok = run_opslab(["run", "people.lab"])
    assert ok.returncode == 0, ok.stderr
    with open(tmp_path / "people.csv", "a") as f:
        f.write("5,eve,8,true\n")
    after = sha256(tmp_path / "people.csv")
    changed = run_opslab(["run", "people.lab"])
    assert changed.returncode == 1
    line = next(i + 1 for i, l in enumerate((tmp_path / "people.lab").read_text().splitlines()) if l.startswith("load "))
    first = changed.stderr.splitlines()[0]
    assert first == (f"error: people.lab:{line}: the data changed: people.csv has sha256 {after[:12]}…, "
                     f"the script expects {before[:12]}…")
    assert "kept" not in changed.stdout
    # A pipeline retrained on this week's data: --new-data goes on, and says so.
    renewed = run_opslab(["run", "--new-data", "people.lab"])
    assert renewed.returncode == 0, renewed.stderr
    assert (f"warning: the data changed: people.csv has sha256 {after[:12]}…, the script expects {before[:12]}…; "
            "replaying on it as it is now (--new-data), so the numbers may differ") in renewed.stdout
    assert "kept" in renewed.stdout


def test_expect_gates_a_script_with_its_exit_status(run_opslab, tmp_path):
    base = "load iris\nsplit test=0.3 seed=1 stratify=species\ntrain logistic target=species as lr\neval lr\n"
    (tmp_path / "pass.lab").write_text(base + "expect lr accuracy >= 0.8 and f1_macro > 0.8\n")
    ok = run_opslab(["run", "pass.lab"])
    assert ok.returncode == 0, ok.stderr
    assert "expectation met for lr: accuracy >= 0.8 and f1_macro > 0.8" in ok.stdout
    (tmp_path / "fail.lab").write_text(base + "expect lr accuracy > 1\nshow\n")
    failed = run_opslab(["run", "fail.lab"])
    assert failed.returncode == 1
    assert failed.stderr.startswith("error: fail.lab:5: expectation not met for lr: accuracy > 1 (accuracy = "), failed.stderr
    assert "sepal_length_cm" not in failed.stdout, "the script stops at the failed expectation"


def test_changed_bundled_dataset_fails_replay(run_opslab, tmp_path):
    data = tmp_path / "ds"
    data.mkdir()
    shutil.copyfile(DATASETS / "SOURCES.md", data / "SOURCES.md")
    shutil.copyfile(DATASETS / "iris.csv", data / "iris.csv")
    env = {"OPSLAB_DATASETS": str(data)}
    assert run_opslab(stdin="load iris\nsave session iris.lab\n", env=env).returncode == 0
    assert run_opslab(["run", "iris.lab"], env=env).returncode == 0
    with open(data / "iris.csv", "a") as f:
        f.write("1.0,1.0,1.0,1.0,setosa\n")
    proc = run_opslab(["run", "iris.lab"], env=env)
    assert proc.returncode == 1
    assert "the data changed" in proc.stderr and str(data / "iris.csv") in proc.stderr


def test_run_without_a_script(run_opslab, tmp_path):
    missing = run_opslab(["run", "nothere.lab"])
    assert missing.returncode == 1
    assert "error: cannot read script 'nothere.lab': no such file" in missing.stderr
    assert "save session FILE.lab" in missing.stderr and "CSV" not in missing.stderr
    (tmp_path / "scripts").mkdir()
    folder = run_opslab(["run", "scripts"], cwd=tmp_path)
    assert folder.returncode == 1
    assert "'scripts' is a directory, not a script" in folder.stderr and "CSV" not in folder.stderr
    usage = run_opslab(["run"])
    assert usage.returncode == 2
    assert "run needs one script file" in usage.stderr
    typo = run_opslab(["run", "x.lab", "--jsn"])
    assert typo.returncode == 2
    assert "unknown option '--jsn' for run (did you mean '--json'?)" in typo.stderr


def test_dates_and_datetimes_describe_and_filter(run_json):
    import datetime

    nyc = read_csv(DATASETS / "nyc_weather_2013.csv")
    times = sorted(r[nyc[0].index("time_hour")] for r in nyc[1])
    seattle = read_csv(DATASETS / "seattle_weather.csv")
    proc, objs = run_json(
        "load nyc_weather_2013\ndescribe cols=time_hour\n"
        'load seattle_weather\nfilter date >= "2015-01-01"\nsort date desc\nshow n=1 cols=date\n'
    )
    assert proc.returncode == 0, proc.stderr
    stats = objs[1]["result"]["parts"][0]
    row = dict(zip(stats["columns"], stats["rows"][0]))
    assert row["type"] == "datetime" and row["count"] == len(times)
    assert (row["min"], row["max"]) == (times[0], times[-1])
    seconds = [datetime.datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp() for t in times]
    median = datetime.datetime.fromtimestamp(statistics.median(seconds), datetime.timezone.utc)
    assert row["50%"] == median.strftime("%Y-%m-%dT%H:%M:%SZ")
    dates = [r[0] for r in seattle[1]]
    assert objs[3]["result"]["rows"] == sum(1 for d in dates if d >= "2015-01-01")
    assert objs[5]["result"]["rows"] == [[max(dates)]]


def test_timings_are_added_only_when_asked(run_opslab, tmp_path):
    (tmp_path / "t.lab").write_text("load iris\ndescribe\n")
    plain = run_opslab(["run", "t.lab", "--json"])
    timed = run_opslab(["run", "t.lab", "--json", "--timings"])
    assert plain.returncode == timed.returncode == 0
    plain_lines = [json.loads(l) for l in plain.stdout.splitlines()]
    timed_lines = [json.loads(l) for l in timed.stdout.splitlines()]
    assert all("seconds" not in o for o in plain_lines)
    assert all(o["seconds"] > 0 for o in timed_lines)
    assert [{k: v for k, v in o.items() if k not in ("seconds", "phases")} for o in timed_lines] == plain_lines


def test_timings_give_the_fit_phase_of_train_and_of_each_cv_fold(run_opslab, tmp_path):
    (tmp_path / "t.lab").write_text("load iris\nsplit test=0.2 seed=1\ntrain naive_bayes target=species as nb\n"
                                    "cv tree target=species folds=3 max_depth=2\npredict nb\n")
    plain = run_opslab(["run", "t.lab", "--json"])
    timed = run_opslab(["run", "t.lab", "--json", "--timings"])
    assert plain.returncode == timed.returncode == 0, timed.stderr
    objs = [json.loads(l) for l in timed.stdout.splitlines()]
    # Only the commands that fit have the fit phase (load has its own; train also writes the model
    # and records its run), and the phases are part of their time.
    assert [sorted(o.get("phases", {})) for o in objs] == [["hash", "read", "version"], [], ["encode", "fit", "save", "track"], ["fit"], []]
    for o in objs[2:4]:
        assert 0 < o["phases"]["fit"] <= o["seconds"]
    assert 0 < sum(objs[2]["phases"].values()) <= objs[2]["seconds"]
    assert 0 < sum(objs[0]["phases"].values()) <= objs[0]["seconds"]
    assert "phases" not in plain.stdout


def test_models_on_gaps_and_a_time_split_replay_to_the_same_predictions(run_opslab, tmp_path):
    # A time split by share and the kinds that learn from missing values, saved and replayed headless.
    session = (
        "load seattle_weather\n"
        "split by=date test=0.2\n"
        "load titanic\n"
        "split test=0.2 seed=9 stratify=survived\n"
        "encode sex\n"
        "encode embarked missing=category\n"
        "train boost target=survived features=pclass,sex_male,age,fare,embarked rounds=25 as gb\n"
        "train forest target=survived features=pclass,sex_male,age,fare,body trees=20 seed=4 as rf\n"
        "train tree target=survived features=pclass,sex_male,age,fare max_depth=5 as t\n"
    )
    final = "predict gb\npredict rf\npredict t\nwrite scored.csv\n"
    original, saved = recorded(run_opslab, tmp_path, session, final, "gaps.lab")
    assert "by date: train before 2015-03-14, test from 2015-03-14" in original.stdout
    assert "missing values in age (" in original.stdout and "as scikit-learn's RandomForest" in original.stdout
    first = (tmp_path / "scored.csv").read_bytes()
    assert "split test=0.2 by=date\n" in saved and "missing=category" in saved
    replayed(run_opslab, tmp_path, saved, final)
    assert (tmp_path / "scored.csv").read_bytes() == first


PARAMETERIZED = """\
# a pipeline: the data and the seed change between runs (${NOT_READ} in a comment)
load ${DATA:-titanic} as d
split test=0.2 seed=${SEED:-42}
"""


def test_parameters_come_from_the_command_line_then_the_environment_then_the_default(run_opslab, tmp_path):
    (tmp_path / "p.lab").write_text(PARAMETERIZED)
    (tmp_path / "small.csv").write_text("a,b\n1,x\n2,y\n3,x\n4,y\n5,x\n")

    def run(*args, env=None):
        proc = run_opslab(["run", "p.lab", "--json", *args], env=env)
        return proc, [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]

    proc, objs = run()
    assert proc.returncode == 0, proc.stderr
    assert [o["command"] for o in objs] == ["load titanic as d", "split test=0.2 seed=42"]
    proc, objs = run("DATA=small.csv", "SEED=7")
    assert proc.returncode == 0, proc.stderr
    assert objs[0]["result"]["rows"] == 5 and objs[1]["command"] == "split test=0.2 seed=7"
    proc, objs = run("DATA=small.csv", env={"SEED": "3", "DATA": "ignored.csv"})
    assert proc.returncode == 0, proc.stderr
    assert [o["command"] for o in objs] == ["load small.csv as d", "split test=0.2 seed=3"]
    # The same seed gives the same split, whichever way it was given.
    assert run("SEED=3")[1][1]["result"] == run(env={"SEED": "3"})[1][1]["result"]


def test_a_misspelt_or_missing_parameter_stops_the_run(run_opslab, tmp_path):
    (tmp_path / "p.lab").write_text(PARAMETERIZED)
    proc = run_opslab(["run", "p.lab", "DAT=small.csv"])
    assert proc.returncode == 1
    assert "p.lab has no ${DAT} (did you mean 'DATA'?)" in proc.stderr
    assert "its parameters: ${DATA}, ${SEED}" in proc.stderr
    (tmp_path / "q.lab").write_text("datasets\nload ${DATA}\n")
    proc = run_opslab(["run", "q.lab"])
    assert proc.returncode == 1
    assert "q.lab:2: ${DATA} is not set" in proc.stderr
    assert "opslab run FILE.lab DATA=VALUE" in proc.stderr
    proc = run_opslab(["run", "q.lab", "9X=1"])
    assert proc.returncode == 2 and "'9X=1' is not a parameter" in proc.stderr
