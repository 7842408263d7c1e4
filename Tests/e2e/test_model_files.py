"""Models saved by train and tune reload in a new process and predict the same bits."""
import json

import pytest

from conftest import read_dicts

TRAIN = """load titanic
split test=0.2 seed=4 stratify=survived
impute age fare with=median
impute embarked with=most_frequent
encode sex embarked
train {kind} target=survived features=pclass,age,fare,sex_male,sibsp {params} as m
predict m on=titanic as scored
write first.csv
"""

FRESH = """load titanic as fresh
import m
predict m on=fresh as scored
write second.csv
"""


@pytest.mark.parametrize("kind, params", [
    ("logistic", "C=0.7"), ("forest", "trees=15 max_depth=5 seed=3"), ("boost", "rounds=30"), ("knn", "k=7"),
    ("tree", "max_depth=4"), ("naive_bayes", ""),
])
def test_a_new_process_predicts_the_same_bits(run_opslab, tmp_path, kind, params):
    (tmp_path / "train.lab").write_text(TRAIN.format(kind=kind, params=params))
    first = run_opslab(["run", "train.lab"])
    assert first.returncode == 0, first.stderr
    saved = tmp_path / ".opslab" / "models" / "m.json"
    document = json.loads(saved.read_text())
    assert document["format"] == "opslab-model" and document["format_version"] == 3
    assert document["model"]["name"] == "m" and document["model"]["kind"] == kind
    (tmp_path / "fresh.lab").write_text(FRESH)
    second = run_opslab(["run", "fresh.lab"])
    assert second.returncode == 0, second.stderr
    a, b = read_dicts(tmp_path / "first.csv"), read_dicts(tmp_path / "second.csv")
    columns = [c for c in a[0] if c.startswith(("pred_m", "proba_m"))]
    assert columns and all(c in b[0] for c in columns)
    # The fresh frame was prepared by the imported model's own steps: same predictions, digit for digit.
    assert [[r[c] for c in columns] for r in a] == [[r[c] for c in columns] for r in b]


def test_models_lists_saved_models_and_import_pins_the_file(run_opslab, run_json, tmp_path):
    (tmp_path / "train.lab").write_text(TRAIN.format(kind="tree", params="max_depth=3"))
    assert run_opslab(["run", "train.lab"]).returncode == 0
    proc, objects = run_json("models\nimport m as copy\nsave session s.lab\n")
    assert proc.returncode == 0, proc.stderr
    assert "saved in .opslab/models, not in this session: m" in objects[0]["result"]["text"]
    script = (tmp_path / "s.lab").read_text()
    line = [l for l in script.splitlines() if l.startswith("import m")][0]
    assert "sha256=" in line and "as copy" in line
    # A changed model file makes the replay fail loudly, naming the file.
    saved = tmp_path / ".opslab" / "models" / "m.json"
    saved.write_text(saved.read_text().replace('"max_depth":"3"', '"max_depth":"3" '))
    replay = run_opslab(["run", "s.lab"])
    assert replay.returncode == 1 and "has changed since this script was saved" in replay.stderr


@pytest.mark.parametrize("content, message", [
    (None, "no saved model named 'mm' (did you mean 'm'?)"),
    ("{not json", "is not an opslab model file"),
    ('{"format": "opslab-model", "format_version": 99, "model": {}}', "was written by a newer opslab (model format 99"),
    ('{"format": "opslab-model", "format_version": 1, "saved_at": "x", "model": {"name": 3}}', "is damaged"),
])
def test_bad_model_files_are_refused_clearly(run_opslab, run_json, tmp_path, content, message):
    (tmp_path / "train.lab").write_text(TRAIN.format(kind="tree", params="max_depth=2"))
    assert run_opslab(["run", "train.lab"]).returncode == 0
    if content is None:
        line = "import mm"
    else:
        (tmp_path / "bad.json").write_text(content)
        line = "import ./bad.json"
    proc, objects = run_json(line + "\n")
    assert proc.returncode == 1
    assert message in objects[-1]["error"], objects[-1]


GAPS_TRAIN = """load titanic
split test=0.2 seed=4 stratify=survived
encode sex
train boost target=survived features=pclass,age,fare,sex_male,body rounds=20 as m
predict m on=titanic as scored
write first.csv
"""


def test_boost_trained_on_gaps_reloads_and_older_files_still_read(run_opslab, tmp_path):
    # Boosting takes titanic's missing ages and bodies as they are; a new process predicts the same bits.
    (tmp_path / "train.lab").write_text(GAPS_TRAIN)
    first = run_opslab(["run", "train.lab"])
    assert first.returncode == 0, first.stderr
    saved = tmp_path / ".opslab" / "models" / "m.json"
    document = json.loads(saved.read_text())
    trees = document["model"]["fitted"]["boost"]["_0"]["trees"]
    assert all(len(t[0]["missingLeft"]) == len(t[0]["feature"]) for t in trees)
    assert any(any(t[0]["missingLeft"]) for t in trees)
    (tmp_path / "fresh.lab").write_text(FRESH)
    second = run_opslab(["run", "fresh.lab"])
    assert second.returncode == 0, second.stderr
    a, b = read_dicts(tmp_path / "first.csv"), read_dicts(tmp_path / "second.csv")
    assert [r["proba_m_1"] for r in a] == [r["proba_m_1"] for r in b]
    # A version 1 file (before missingLeft) still imports: its trees send missing values right.
    for t in trees:
        del t[0]["missingLeft"]
    document["format_version"] = 1
    saved.write_text(json.dumps(document))
    old = run_opslab(["run", "fresh.lab"])
    assert old.returncode == 0, old.stderr
    c = read_dicts(tmp_path / "second.csv")
    complete = [i for i, r in enumerate(a) if r["age"] != "" and r["fare"] != "" and r["body"] != ""]
    assert complete and all(a[i]["proba_m_1"] == c[i]["proba_m_1"] for i in complete)


def test_boost_with_categories_reloads_and_sends_unseen_ones_where_gaps_go(run_opslab, tmp_path):
    # Rows as a user would bring them: a class (4) and a port (X) training never saw, and gaps.
    (tmp_path / "new.csv").write_text("pclass,sex,age,fare,embarked,survived\n1,female,29,211.3375,S,1\n3,male,22,7.25,S,0\n"
                                      "4,male,22,7.25,S,0\n,male,22,7.25,S,0\n3,male,22,7.25,X,0\n3,male,22,7.25,,0\n")
    score = "load new.csv as fresh\n{imp}predict m on=fresh as scored\nwrite {out}\n"
    (tmp_path / "train.lab").write_text("""load titanic
split test=0.2 seed=4 stratify=survived
encode sex embarked method=ordinal unknown=ignore
train boost target=survived features=pclass,sex,age,fare,embarked categorical=sex,embarked,pclass rounds=30 as m
""" + score.format(imp="", out="first.csv"))
    first = run_opslab(["run", "train.lab"])
    assert first.returncode == 0, first.stderr
    assert "splits on categories of pclass (3), sex (2), embarked (3)" in first.stdout
    document = json.loads((tmp_path / ".opslab" / "models" / "m.json").read_text())
    boost = document["model"]["fitted"]["boost"]["_0"]
    assert boost["categories"] == [[1.0, 2.0, 3.0], [0.0, 1.0], [], [], [0.0, 1.0, 2.0]]
    assert any(t[0].get("categorySplits") for t in boost["trees"])
    assert document["model"]["parameters"]["categorical"] == "sex,embarked,pclass"
    (tmp_path / "fresh.lab").write_text(score.format(imp="import m\n", out="second.csv"))
    second = run_opslab(["run", "fresh.lab"])
    assert second.returncode == 0, second.stderr
    a = [r["proba_m_1"] for r in read_dicts(tmp_path / "first.csv")]
    assert a == [r["proba_m_1"] for r in read_dicts(tmp_path / "second.csv")]
    # An unseen category goes where a missing one goes, split after split (as scikit-learn's).
    assert a[2] == a[3] and a[4] == a[5]
    assert a[0] != a[1]


def test_text_columns_as_categories_show_replay_and_explain_mistakes(run_json, tmp_path):
    start = "load titanic\nsplit test=0.2 seed=3 stratify=survived\n"
    proc, objects = run_json(start + "train boost target=survived categorical=sexx\n", name="typo.lab")
    assert proc.returncode == 1
    assert not objects[-1]["ok"] and "no column 'sexx' in frame 'titanic' (did you mean 'sex'?)" in objects[-1]["error"]
    proc, objects = run_json(start + """train boost target=survived categorical=sex,embarked,pclass rounds=40 as m
model m
importance m method=permutation repeats=2
eval m
save session again.lab
""")
    assert proc.returncode == 0, proc.stderr
    by_line = {o["line"]: o for o in objects}
    trained = json.dumps(by_line[3]["result"])
    assert "splits on categories of pclass (3), sex (2), embarked (3)" in trained
    assert "embarked (2)" in trained  # its gaps, kept as they are
    assert "categories: pclass (1, 2, 3), sex (female, male), embarked (C, Q, S)" in json.dumps(by_line[4]["result"])
    assert "sex" in json.dumps(by_line[5]["result"])
    script = (tmp_path / "again.lab").read_text()
    assert "categorical=sex,embarked,pclass" in script
    replay, again = run_json(script + "eval m\n", name="replay.lab")
    assert replay.returncode == 0, replay.stderr
    # The same numbers (the run ids differ).
    assert by_line[6]["result"]["parts"][0] == again[-1]["result"]["parts"][0]


def test_train_names_columns_that_give_the_outcome_away(run_json):
    proc, objects = run_json("load titanic\nsplit test=0.2 seed=3 stratify=survived\ntrain boost target=survived rounds=10\n"
                             "train logistic target=survived features=pclass,fare\n"
                             "derive alive = survived == 1\ntrain tree target=survived features=pclass,alive\n")
    assert proc.returncode == 0, proc.stderr
    boost, logistic = json.dumps(objects[2]["result"]), json.dumps(objects[3]["result"])
    # A copy of the target under another name is named by its value alone.
    assert "'alive' tells survived by its value alone on all of 1047 training rows (false: 0, true: 1)" in json.dumps(objects[5]["result"])
    # body (a feature by default) is present only for passengers who died; boat (text) almost only for survivors.
    assert "'body' has a value on" in boost and "all of them have survived 0" in boost and "target leakage" in boost
    assert "'boat' has a value on" in boost and "survived 1: likely filled in from the outcome" in boost
    assert "categorical=sex,embarked:" in boost  # boat is not offered
    assert "'body'" not in logistic and "leakage" not in logistic
