"""eval, roc, pr, confusion and threshold against scikit-learn.

Each script predicts the evaluated rows and writes them to CSV; scikit-learn then scores
those exact predictions and probabilities, and the numbers opslab printed (in --json) must
agree to 1e-9.
"""
import math

import numpy as np
import pytest
from sklearn import metrics as M

from conftest import read_dicts

TOL = 1e-9


def result_of(objects, command):
    for o in objects:
        if o["command"] == command:
            assert o["ok"], o
            return o["result"]
    raise AssertionError(f"no result for {command}: {[o['command'] for o in objects]}")


def parts(result, kind):
    items = result["parts"] if result["type"] == "group" else [result]
    return [p for p in items if p["type"] == kind]


def metric_table(result):
    table = parts(result, "table")[0]
    return {row[0]: row[1] for row in table["rows"]}


def close(a, b):
    assert math.isclose(a, b, rel_tol=TOL, abs_tol=TOL), (a, b)


BINARY = """load titanic
split test=0.2 seed=7 stratify=survived
impute age fare with=median
encode sex
train logistic target=survived features=pclass,age,sex_male,fare as lr
eval lr
roc lr
pr lr
confusion lr
confusion lr normalize=true
threshold lr at=0.3
predict lr as scored
filter _split == "test"
write test_rows.csv
"""


@pytest.fixture
def binary(run_json, tmp_path):
    proc, objects = run_json(BINARY)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = read_dicts(tmp_path / "test_rows.csv")
    y = np.array([int(r["survived"]) for r in rows])
    proba = np.array([float(r["proba_lr_1"]) for r in rows])
    pred = np.array([int(r["pred_lr"]) for r in rows])
    return objects, y, proba, pred


def test_eval_binary_matches_scikit_learn(binary):
    objects, y, proba, pred = binary
    got = metric_table(result_of(objects, "eval lr"))
    assert len(y) == 262
    close(got["accuracy"], M.accuracy_score(y, pred))
    close(got["balanced_accuracy"], M.balanced_accuracy_score(y, pred))
    close(got["precision"], M.precision_score(y, pred))
    close(got["recall"], M.recall_score(y, pred))
    close(got["f1"], M.f1_score(y, pred))
    close(got["roc_auc"], M.roc_auc_score(y, proba))
    close(got["average_precision"], M.average_precision_score(y, proba))
    close(got["brier"], M.brier_score_loss(y, proba))
    close(got["log_loss"], M.log_loss(y, np.column_stack([1 - proba, proba])))


def test_roc_and_pr_curves_are_scikit_learns_point_by_point(binary):
    objects, y, proba, _ = binary
    roc = parts(result_of(objects, "roc lr"), "plot")[0]
    fpr, tpr, _ = M.roc_curve(y, proba)
    curve = roc["series"][0]
    assert len(curve["x"]) == len(fpr)
    for a, b in zip(curve["x"] + curve["y"], list(fpr) + list(tpr)):
        close(a, b)
    assert roc["series"][-1]["reference"] is True
    assert f"AUC class 1: {M.roc_auc_score(y, proba):.4f}" in roc["notes"][0]
    pr = parts(result_of(objects, "pr lr"), "plot")[0]
    precision, recall, _ = M.precision_recall_curve(y, proba)
    curve = pr["series"][0]
    assert len(curve["x"]) == len(recall)
    for a, b in zip(curve["x"] + curve["y"], list(recall) + list(precision)):
        close(a, b)


def test_confusion_and_report_match_scikit_learn(binary):
    objects, y, _, pred = binary
    tables = parts(result_of(objects, "confusion lr"), "table")
    matrix = [row[1:] for row in tables[0]["rows"]]
    assert matrix == M.confusion_matrix(y, pred).tolist()
    report = M.classification_report(y, pred, output_dict=True)
    by_class = {row[0]: row[1:] for row in tables[1]["rows"]}
    for label in ["0", "1", "macro avg", "weighted avg"]:
        p, r, f, support = by_class[label]
        close(p, report[label]["precision"])
        close(r, report[label]["recall"])
        close(f, report[label]["f1-score"])
        assert support == report[label]["support"]
    close(by_class["accuracy"][2], report["accuracy"])
    normalized = parts(result_of(objects, "confusion lr normalize=true"), "table")[0]
    for got, want in zip([row[1:] for row in normalized["rows"]], M.confusion_matrix(y, pred, normalize="true").tolist()):
        for a, b in zip(got, want):
            close(a, b)


def test_threshold_matches_scikit_learn_on_moved_predictions(binary):
    objects, y, proba, pred = binary
    table = parts(result_of(objects, "threshold lr at=0.3"), "table")[0]
    rows = {row[0]: row[1:] for row in table["rows"]}
    moved = (proba >= 0.3).astype(int)
    close(rows["precision"][0], M.precision_score(y, pred))
    close(rows["precision"][1], M.precision_score(y, moved))
    close(rows["recall"][1], M.recall_score(y, moved))
    close(rows["f1"][1], M.f1_score(y, moved))
    close(rows["accuracy"][1], M.accuracy_score(y, moved))
    tn, fp, fn, tp = M.confusion_matrix(y, moved).ravel()
    assert rows["true positives"][1] == tp and rows["false positives"][1] == fp
    assert rows["false negatives"][1] == fn and rows["true negatives"][1] == tn


def test_multiclass_eval_matches_scikit_learn(run_json, tmp_path):
    proc, objects = run_json("""load iris
split test=0.3 seed=3 stratify=species
train logistic target=species C=0.5 as m
eval m
roc m
predict m
filter _split == "test"
write test_rows.csv
""")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = read_dicts(tmp_path / "test_rows.csv")
    classes = ["setosa", "versicolor", "virginica"]
    y = np.array([r["species"] for r in rows])
    pred = np.array([r["pred_m"] for r in rows])
    proba = np.array([[float(r[f"proba_m_{c}"]) for c in classes] for r in rows])
    got = metric_table(result_of(objects, "eval m"))
    close(got["accuracy"], M.accuracy_score(y, pred))
    close(got["balanced_accuracy"], M.balanced_accuracy_score(y, pred))
    for average in ["macro", "weighted"]:
        close(got[f"precision_{average}"], M.precision_score(y, pred, average=average))
        close(got[f"recall_{average}"], M.recall_score(y, pred, average=average))
        close(got[f"f1_{average}"], M.f1_score(y, pred, average=average))
        close(got[f"roc_auc_ovr_{average}"], M.roc_auc_score(y, proba, multi_class="ovr", average=average))
    close(got["log_loss"], M.log_loss(y, proba, labels=classes))
    roc = parts(result_of(objects, "roc m"), "plot")[0]
    assert [s["name"] for s in roc["series"]] == [f"{c} vs rest" for c in classes] + ["chance"]
    fpr, tpr, _ = M.roc_curve(y == "virginica", proba[:, 2])
    for a, b in zip(roc["series"][2]["x"] + roc["series"][2]["y"], list(fpr) + list(tpr)):
        close(a, b)


def test_regression_eval_matches_scikit_learn(run_json, tmp_path):
    proc, objects = run_json("""load diabetes
split test=0.25 seed=11
train ridge target=disease_progression alpha=0.5 as r
eval r
predict r
filter _split == "test"
write test_rows.csv
""")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = read_dicts(tmp_path / "test_rows.csv")
    y = np.array([float(r["disease_progression"]) for r in rows])
    pred = np.array([float(r["pred_r"]) for r in rows])
    got = metric_table(result_of(objects, "eval r"))
    close(got["r2"], M.r2_score(y, pred))
    close(got["mse"], M.mean_squared_error(y, pred))
    close(got["rmse"], math.sqrt(M.mean_squared_error(y, pred)))
    close(got["mae"], M.mean_absolute_error(y, pred))
    close(got["mape"], M.mean_absolute_percentage_error(y, pred))


def test_kmeans_eval_gives_inertia_and_silhouette(run_json, tmp_path):
    proc, objects = run_json("""load iris
drop species
train kmeans k=3 seed=1 as km
eval km
predict km
write all_rows.csv
""")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = read_dicts(tmp_path / "all_rows.csv")
    features = ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm"]
    x = np.array([[float(r[f]) for f in features] for r in rows])
    labels = np.array([int(r["pred_km"]) for r in rows])
    got = metric_table(result_of(objects, "eval km"))
    centres = np.array([x[labels == k].mean(axis=0) for k in range(3)])
    # The model's centres are the means of their members at convergence.
    close(got["inertia"], float(((x - centres[labels]) ** 2).sum()))
    close(got["silhouette"], M.silhouette_score(x, labels))


def test_eval_on_another_frame_applies_the_models_preparation(run_json, tmp_path):
    proc, objects = run_json("""load titanic as t
impute age with=median
encode sex
train logistic target=survived features=pclass,age,sex_male as lr
load titanic as fresh
eval lr on=fresh
eval lr
""")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    on_fresh = metric_table(result_of(objects, "eval lr on=fresh"))
    on_training = result_of(objects, "eval lr")
    # The same rows, prepared the same way: the same numbers; only the training frame warns of optimism.
    assert on_fresh == metric_table(on_training)
    assert any("optimistic" in p["text"] for p in parts(on_training, "warning"))


@pytest.mark.parametrize("line, message", [
    ("eval lx", "no model named 'lx' (did you mean 'lr'?)"),
    ("roc reg", "`roc` is for classifiers; 'reg' is a regression model"),
    ("threshold lr at=1.5", "threshold 1.5 is not a probability"),
    ("eval lr pos=2", "pos=2 is not a class of this model"),
    ("eval lr part=valid", "the split of 'titanic' has no valid part"),
    ("eval lr on=other", "frame 'other' has no columns 'age', 'sex', 'pclass', which model 'lr' reads"),
    ("eval p", "a pca model has no predictions to score"),
])
def test_bad_evaluation_input_is_refused_and_changes_nothing(run_json, line, message):
    script = """load titanic
split test=0.2 seed=1
impute age fare with=median
encode sex
train logistic target=survived features=pclass,age,sex_male as lr
train linear target=fare features=pclass,age as reg
train pca components=2 features=pclass,age as p
load iris as other
use titanic
""" + line + "\n"
    proc, objects = run_json(script)
    assert proc.returncode == 1
    failure = objects[-1]
    assert failure["ok"] is False and message in failure["error"], failure


PREPARED = """load titanic
split test=0.2 seed=7 stratify=survived
impute age fare with=median
encode sex
"""
FEATURES = "features=pclass,age,sex_male,fare"


def test_cv_tune_curves_and_importance_headless(run_json):
    proc, objects = run_json(PREPARED + f"""cv logistic target=survived {FEATURES} folds=4
tune tree target=survived {FEATURES} grid="max_depth=2..4 min_samples_leaf=1,20" folds=3 metric=auc as best
models
eval best
curve validation tree target=survived {FEATURES} param=max_depth values=1..6 folds=3
curve learning logistic target=survived {FEATURES} folds=3
importance best repeats=3
""")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    cv = result_of(objects, f"cv logistic target=survived {FEATURES} folds=4")
    folds = parts(cv, "table")[0]
    assert [row[0] for row in folds["rows"]] == [1, 2, 3, 4]
    assert sum(row[2] for row in folds["rows"]) == 1047, "the folds cover the training rows once"
    scores = [row[3] for row in folds["rows"]]
    mean = parts(cv, "message")[0]["text"]
    assert mean.startswith(f"accuracy: {np.mean(scores):.4f} ± {np.std(scores):.4f}")
    tune = result_of(objects, f'tune tree target=survived {FEATURES} grid="max_depth=2..4 min_samples_leaf=1,20" folds=3 metric=auc as best')
    grid = parts(tune, "table")[0]
    assert len(grid["rows"]) == 6
    means = [row[3] for row in grid["rows"]]
    assert means == sorted(means, reverse=True)
    # scikit-learn's rank_test_score: 1 + the number of strictly better means (ties share a rank).
    assert [row[0] for row in grid["rows"]] == [1 + sum(m > x for m in means) for x in means]
    best_depth, best_leaf = grid["rows"][0][1], grid["rows"][0][2]
    assert f"best: max_depth={best_depth} min_samples_leaf={best_leaf}" in parts(tune, "message")[0]["text"]
    assert "best" in [row[0] for row in result_of(objects, "models")["rows"]]
    validation = result_of(objects, f"curve validation tree target=survived {FEATURES} param=max_depth values=1..6 folds=3")
    plot = parts(validation, "plot")[0]
    assert [s["name"] for s in plot["series"]] == ["training", "validation"]
    assert plot["series"][0]["x"] == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    training = plot["series"][0]["y"]
    assert training[-1] > training[0], "a deeper tree fits its training rows better"
    importance = result_of(objects, "importance best repeats=3")
    assert importance["title"].startswith("permutation importance of best on test")
    assert {row[0] for row in importance["rows"]} == {"pclass", "age", "sex_male", "fare"}


@pytest.mark.parametrize("line, message", [
    (f'tune tree target=survived {FEATURES} grid="depth=1,2"', "depth= is not a parameter of tree"),
    (f'tune tree target=survived {FEATURES} grid="max_depth=1,x"', "max_depth=x is not valid for tree"),
    (f"cv logistic target=survived {FEATURES} folds=1", "folds="),
    (f"cv logistic target=survived {FEATURES} metric=rmse", "metric 'rmse' is not computed for this model"),
    (f"curve validation tree target=survived {FEATURES}", "a validation curve needs param= and values="),
    (f"curve validation tree target=survived {FEATURES} param=C values=1,2", "C= is not a parameter of tree"),
    (f"cv ridge target=survived {FEATURES} stratified=true", "stratified folds need classes"),
    (f"cv logistic target=nope {FEATURES}", "no column 'nope'"),
])
def test_bad_model_selection_input_is_refused(run_json, line, message):
    proc, objects = run_json(PREPARED + line + "\n")
    assert proc.returncode == 1
    assert objects[-1]["ok"] is False and message in objects[-1]["error"], objects[-1]


def prepared_shell(shell):
    """A shell at its prompt with PREPARED typed in."""
    s = shell()
    s.expect_prompt()
    for line in PREPARED.strip().splitlines():
        s.run(line)
    return s


def test_long_work_shows_a_progress_bar_and_ctrl_c_cancels_it(shell):
    s = prepared_shell(shell)
    s.child.sendline(f'tune forest target=survived {FEATURES} grid="trees=100,200 max_depth=4,8,12" folds=5')
    s.child.expect(r"combination \d+/6 \[[#.█░]+\] \d+%  ETA \d+s", timeout=60)
    s.child.sendintr()
    s.child.expect_exact("cancelled")
    s.expect_prompt()
    out = s.run("models")
    assert "tuned_forest" not in out and "no models" in out.lower()


def test_the_bar_gives_way_to_saving_when_the_trees_are_grown(shell):
    s = prepared_shell(shell)
    # Enough trees for the fit to outlast the bar's first quiet second on a fast machine too.
    s.child.sendline(f"train forest target=survived {FEATURES} trees=4000")
    s.child.expect(r"tree \d+/4000 \[[#.█░]+\] \d+%", timeout=60)
    # Writing 4,000 trees takes seconds: the bar is replaced rather than left at its last step.
    s.child.expect(r"\r(\x1b\[K)?saving the model(…|\.\.\.)", timeout=60)
    s.expect_prompt()
    assert "forest" in s.run("models")


def test_single_class_rows_get_scikit_learns_message(run_json):
    proc, objects = run_json("""load titanic
impute age with=median
train logistic target=survived features=pclass,age as lr
load titanic as dead
filter survived == 0
eval lr on=dead
roc lr on=dead
""")
    assert proc.returncode == 1
    evaluation = result_of(objects, "eval lr on=dead")
    assert "roc_auc" not in metric_table(evaluation)
    assert any("only one class among these rows" in p["text"] for p in parts(evaluation, "warning"))
    assert objects[-1]["error"] == "Only one class present in y_true. ROC AUC score is not defined in that case."
