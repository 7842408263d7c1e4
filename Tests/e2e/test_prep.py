"""Split and preparation through the binary: learned values, replay, leakage warnings, bad input."""
import csv
import math
import statistics

from conftest import DATASETS


def titanic_rows():
    with open(DATASETS / "titanic.csv", newline="") as f:
        return list(csv.DictReader(f))


PREP = """load titanic
split test=0.2 seed=7 stratify=survived
impute age with=median
impute embarked with=most_frequent
encode sex embarked drop=first
scale age
prep
"""


def test_split_sizes_and_class_balance(run_json):
    proc, objects = run_json("load titanic\nsplit test=0.2 stratify=survived\n")
    assert proc.returncode == 0, proc.stderr
    table = objects[1]["result"]["parts"][-1]
    assert table["columns"] == ["part", "rows", "share", "survived=0", "survived=1"]
    rows = {r[0]: r for r in table["rows"]}
    assert rows["train"][1] == 1047 and rows["test"][1] == 262
    assert rows["train"][3] == rows["test"][3] == "61.8%"


def test_learned_values_come_from_training_rows(run_json):
    proc, objects = run_json(PREP + "write prepared.csv\n")
    assert proc.returncode == 0, proc.stderr
    prep = objects[6]["result"]
    learned = {(r[0], r[1]): r[2] for r in prep["rows"]}
    assert learned[("impute most_frequent", "embarked")] == 'fill "S"'
    assert learned[("one-hot drop=first", "sex")].startswith("2 categories: female, male")
    assert prep["title"] == "preparation of titanic (5 steps)"


def test_training_median_matches_python(run_opslab, tmp_path):
    (tmp_path / "s.lab").write_text(PREP + "write prepared.csv\n")
    proc = run_opslab(["run", "s.lab"])
    assert proc.returncode == 0, proc.stderr
    with open(tmp_path / "prepared.csv", newline="") as f:
        prepared = list(csv.DictReader(f))
    original = titanic_rows()
    train_ages = sorted(float(o["age"]) for o, p in zip(original, prepared) if p["_split"] == "train" and o["age"])
    median = statistics.median(train_ages)
    assert f"impute median         age       fill {median:g}" in proc.stdout
    # The scaled ages: (filled age - mean) / population std, both from the training rows.
    filled = [float(o["age"]) if o["age"] else median for o in original]
    train = [a for a, p in zip(filled, prepared) if p["_split"] == "train"]
    mean = statistics.fmean(train)
    std = math.sqrt(sum((a - mean) ** 2 for a in train) / len(train))
    for a, p in zip(filled[:50], prepared[:50]):
        assert math.isclose(float(p["age"]), (a - mean) / std, rel_tol=1e-12, abs_tol=1e-12)
    assert set(prepared[0]) >= {"sex_male", "embarked_Q", "embarked_S"}


def test_saved_session_replays_the_same_prepared_frame(run_opslab, tmp_path):
    (tmp_path / "a.lab").write_text(PREP + "save session again.lab\nwrite first.csv\n")
    assert run_opslab(["run", "a.lab"]).returncode == 0
    script = (tmp_path / "again.lab").read_text()
    assert "split test=0.2 seed=7 stratify=survived" in script
    (tmp_path / "b.lab").write_text(script + "write second.csv\n")
    proc = run_opslab(["run", "b.lab"])
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "first.csv").read_bytes() == (tmp_path / "second.csv").read_bytes()


def test_fitting_before_the_split_warns(run_opslab):
    proc = run_opslab(stdin="load titanic\nimpute age\nsplit test=0.2\n")
    assert proc.returncode == 0
    assert "warning: fitted on all 1309 rows. A split made after this leaks" in proc.stdout
    assert "warning: impute mean age learned from all rows, the new test rows included: that leaks." in proc.stdout


def test_bad_preparation_is_refused_and_changes_nothing(run_opslab):
    proc = run_opslab(stdin="load titanic\nencode embarked\nscale cabin\nsplit stratify=body\nframes\n")
    assert proc.returncode == 1
    assert "error: <stdin>:2: column 'embarked' has 2 missing values" in proc.stderr
    assert "hint: impute it first, e.g. impute embarked with=most_frequent" in proc.stderr
    assert "error: <stdin>:3: cannot scale string column 'cabin'" in proc.stderr
    assert "error: <stdin>:4: stratify column 'body' has 1188 missing values" in proc.stderr
    assert "titanic  1309       14" in proc.stdout
