"""The lessons, driven through the shell binary as a learner would: typed solutions,
answers, hints, a wrong attempt, progress kept across a kill, and `opslab lesson lint`."""
import re
import subprocess

import pexpect
import pytest

from conftest import DATASETS, REPO, base_env

LESSON_PROMPT = r"opslab(?:\[(\d+)/(\d+) ([a-z_-]+)\])?> "
STEP = re.compile(r"(?:──|--) lesson (\d+) · step (\d+)/(\d+)(?: · (task|quiz|at work))? (?:──|--)")
DONE = re.compile(r"(?:✓ |\[ok\] )step (\d+) done")


class Learner:
    """An interactive opslab whose prompt may carry a lesson's position."""

    def __init__(self, binary, cwd, args=()):
        env = base_env({"TERM": "xterm", "OPSLAB_LESSONS": str(REPO / "lessons")})
        self.child = pexpect.spawn(binary, list(args), cwd=str(cwd), env=env, dimensions=(40, 160),
                                   encoding="utf-8", codec_errors="replace", timeout=30)
        self.child.expect(LESSON_PROMPT)
        self.greeting = self.child.before.replace("\r\n", "\n")
        self.position = self.child.match.groups()

    def type(self, line):
        """Types a line; returns what was printed before the next prompt, and notes the prompt's lesson position."""
        self.child.sendline(line)
        self.child.expect(LESSON_PROMPT)
        self.position = self.child.match.groups()
        return self.child.before.replace("\r\n", "\n")

    def close(self):
        if self.child.isalive():
            self.child.kill(9)
        self.child.close(force=True)


def last_step(text):
    steps = STEP.findall(text)
    return steps[-1] if steps else None


def walk(learner, number):
    """Walks lesson `number` to its end: types each task's solution as `hint` reveals it, answers each quiz, reads on."""
    out = learner.type(f"lesson {number}")
    typed = 0
    for _ in range(200):
        if "complete:" in out:
            return out, typed
        step = last_step(out)
        assert step, out
        kind = step[3]
        if kind == "task":
            hints = ""
            while "the solution" not in hints:
                hints = learner.type("hint")
            lines = [l.strip() for l in hints.split("the solution", 1)[1].splitlines()[1:] if l.startswith("  ")]
            assert lines, hints
            outputs = [learner.type(line) for line in lines]
            typed += len(lines)
            out = outputs[-1]
            # A task is done as soon as the state is reached, which may be before its last line.
            assert any(DONE.search(o) for o in outputs), f"typing the solution of step {step[1]} did not finish it:\n{out}"
            out = next(o for o in reversed(outputs) if last_step(o) or "complete:" in o)
        elif kind == "quiz":
            out = learner.type("answer 1")
            assert "right" in out or "not quite" in out, out
        else:
            out = learner.type("next")
    raise AssertionError("the lesson did not end")


def test_every_lesson_walks_end_to_end_with_typed_solutions(opslab_bin, tmp_path):
    learner = Learner(opslab_bin, tmp_path)
    try:
        for number in (1, 2, 3, 4, 5, 6, 7):
            out, typed = walk(learner, number)
            assert f"lesson {number} complete" in out
            assert typed > 0
            assert "0 skipped" in out
            assert learner.position == (None, None, None), "the prompt is plain again after a lesson"
        out = learner.type("lessons")
        assert len(re.findall(r"finished", out)) == 7, out
    finally:
        learner.close()


def test_lesson_one_in_the_shell_prompt_hints_and_a_wrong_attempt(opslab_bin, tmp_path):
    learner = Learner(opslab_bin, tmp_path)
    try:
        out = learner.type("lesson 1")
        assert "lesson 1: The sandbox and the MLOps lifecycle" in out
        assert learner.position == ("1", "13", "sandbox")
        learner.type("next")
        assert learner.position == ("2", "13", "sandbox")
        out = learner.type("load titanic")
        assert "loaded titanic: 1309 rows × 14 columns" in out
        assert DONE.search(out).group(1) == "2"
        assert learner.position == ("3", "13", "sandbox")
        learner.type("next")
        out = learner.type("hint")
        assert "hint: 1 of 3\n`show n=5` prints rows" in out
        # A wrong attempt gets the lesson's feedback, and the task is not passed.
        out = learner.type("filter age > 70")
        assert "kept 6 of 1309 rows" in out and not DONE.search(out)
        out = learner.type("check")
        assert 'not yet: frame("titanic").rows == 33' in out
        assert "it is 6" in out
        assert "That kept fewer rows than expected. `undo` steps back" in out
        learner.type("undo")
        out = learner.type("filter age > 60")
        assert DONE.search(out).group(1) == "4"
        out = learner.type("answer 2")
        assert "right" in out and "NaN > 60 is False" in out
        out = learner.type("progress")
        assert re.search(r"^\s+2\s+task\s+done\s+0", out, re.M), out
        assert re.search(r"^\s+4\s+task\s+done\s+1", out, re.M), out
        out = learner.type("bye")
        assert "left lesson 1 at step 6 of 13; `lesson 1` resumes it" in out
        assert learner.position == (None, None, None)
    finally:
        learner.close()


def test_progress_survives_a_kill_and_the_lesson_resumes_where_it_was(opslab_bin, tmp_path):
    first = Learner(opslab_bin, tmp_path)
    first.type("lesson 1")
    first.type("next")
    first.type("load titanic")
    first.type("next")
    assert first.position == ("4", "13", "sandbox")
    first.child.kill(9)
    first.close()
    again = Learner(opslab_bin, tmp_path, args=["--no-restore"])
    try:
        assert "lesson 1 (sandbox) is in progress at step 4/13; `lesson 1` resumes it" in again.greeting
        out = again.type("lesson sandbox")
        assert "resuming lesson 1 at step 4 of 13" in out
        assert "replaying the 1 command of the earlier steps" in out
        assert "> load titanic" in out
        assert again.position == ("4", "13", "sandbox")
        out = again.type("filter age > 60")
        assert DONE.search(out).group(1) == "4"
    finally:
        again.close()


def test_skipping_through_a_lesson_then_saving_gives_a_script_that_replays(run_opslab, tmp_path):
    proc = run_opslab(stdin="lesson 1\n" + "skip\n" * 13 + "lesson save sandbox-work.lab\n", env={"OPSLAB_LESSONS": str(REPO / "lessons")})
    assert proc.returncode == 0, proc.stderr
    assert "lesson 1 complete: The sandbox and the MLOps lifecycle" in proc.stdout
    assert "0 of 5 tasks done yourself, 5 skipped" in proc.stdout
    assert "saved your 2 commands to sandbox-work.lab" in proc.stdout
    script = (tmp_path / "sandbox-work.lab").read_text()
    commands = [l for l in script.splitlines() if l and not l.startswith("#")]
    assert commands[0].startswith("load titanic sha256=")
    assert commands[1] == "derive family = sibsp + parch + 1"
    replay = run_opslab(["run", "sandbox-work.lab"])
    assert replay.returncode == 0, replay.stderr
    assert "added column family to titanic: 1309 rows × 15 columns" in replay.stdout


def test_lesson_lint_replays_every_lesson(run_opslab):
    proc = run_opslab(["lesson", "lint"], env={"OPSLAB_LESSONS": str(REPO / "lessons")})
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert [l.split(":")[0] for l in lines] == ["ok lessons/01-sandbox.yaml", "ok lessons/02-data.yaml",
                                               "ok lessons/03-preparation.yaml", "ok lessons/04-training.yaml",
                                               "ok lessons/05-evaluation.yaml", "ok lessons/06-tracking.yaml",
                                               "ok lessons/07-monitoring.yaml"]


def test_lesson_lint_names_file_and_line_of_a_broken_lesson(run_opslab, tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    good = (REPO / "lessons" / "01-sandbox.yaml").read_text()
    (folder / "01-sandbox.yaml").write_text(good)
    (folder / "02-broken.yaml").write_text(good.replace("id: sandbox", "id: broken").replace("number: 1", "number: 2")
                                           .replace("check: frame(\"titanic\").rows == 33", "check: frame(\"titanic\").rows == 34"))
    proc = run_opslab(["lesson", "lint"], env={"OPSLAB_LESSONS": str(folder)})
    assert proc.returncode == 1
    assert "ok lessons/01-sandbox.yaml" in proc.stdout
    assert "FAILED lessons/02-broken.yaml" in proc.stdout
    assert ('lessons/02-broken.yaml:30: step 4 (task): after its solution the check still fails: '
            'frame("titanic").rows == 34: it is 33') in proc.stderr


WRONG_ATTEMPTS = [
    # lesson, steps to skip, a learner's mistake, the lesson's feedback on `check`
    (2, 7, "sql SELECT species, count(*) AS n FROM penguins GROUP BY species as counts",
     'not yet: frame("counts").rows == 5\nit is 3', "`counts` has 3 rows; group by both species and island."),
    (3, 4, "split test=0.2",
     'not yet: split("titanic").balanced("survived")\nit is false',
     "The split exists but the survivors' share differs between train and test. `undo`, then split again with stratify=survived."),
    (4, 2, "train ridge target=mpg features=weight_lbs,horsepower,model_year as lin",
     'not yet: model("lin").kind == "linear"\nit is "ridge"', "`lin` is a ridge model; train it again with the kind `linear`."),
    (5, 1, "load adult\nsplit test=0.2",
     'not yet: split("adult").balanced("income")\nit is false', "The split is not stratified; `undo` and add stratify=income."),
    (5, 3, "train logistic target=income features=fnlwgt as lazy",
     'not yet: model("lazy").evaluated == "test"\nit is missing', "`lazy` is trained; `eval lazy` scores it on the test rows."),
    (6, 4, "train tree target=survived features=pclass,sex_male,age,fare max_depth=2 as d2",
     'not yet: model("d2").evaluated == "test"\nit is missing', "`d2` is trained; `eval d2` scores it on the test rows (and records the scores)."),
]


@pytest.mark.parametrize("number,skips,mistake,verdict,advice", WRONG_ATTEMPTS)
def test_a_wrong_attempt_gets_the_lessons_own_feedback(run_opslab, number, skips, mistake, verdict, advice):
    stdin = f"lesson {number}\n" + "skip\n" * skips + mistake + "\ncheck\nprogress\n"
    proc = run_opslab(stdin=stdin, env={"OPSLAB_LESSONS": str(REPO / "lessons")})
    assert proc.returncode == 0, proc.stderr
    assert verdict in proc.stdout, proc.stdout[-3000:]
    assert advice in proc.stdout
    assert re.search(rf"^\s+{skips + 1}\s+task\s+← here", proc.stdout, re.M), "the task is not passed"
