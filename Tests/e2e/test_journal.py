"""The crash journal: every successful state-changing command is in .opslab/journal before
the prompt returns; after kill -9 the next start offers to restore it (undo lines included)."""
import signal
import subprocess

import pytest

from conftest import DATASETS, base_env, content_sha256, frames_table, read_csv

TITANIC_SHA = content_sha256(DATASETS / "titanic.csv")
IRIS_SHA = content_sha256(DATASETS / "iris.csv")


def journal_lines(tmp_path):
    return (tmp_path / ".opslab" / "journal").read_text().splitlines()


def adults(titanic):
    return [r for r in titanic if r["age"] != "" and float(r["age"]) >= 18]


def crash_after(shell, lines):
    """Types `lines` into an interactive opslab, then kills it with SIGKILL."""
    s = shell()
    s.expect_prompt()
    for line in lines:
        out = s.run(line)
        assert "error:" not in out, out
    s.kill9()
    return s


def test_kill9_leaves_a_journal_and_y_restores_it(shell, tmp_path, titanic):
    crash_after(shell, ["load titanic", "show n=2", "filter age >= 18", "derive family = sibsp + parch + 1", "columns"])
    assert journal_lines(tmp_path) == [
        "# opslab journal v1",
        f"load titanic sha256={TITANIC_SHA}",
        "filter age >= 18",
        "derive family = sibsp + parch + 1",
    ]
    s = shell()
    s.child.expect_exact("The last session here ended without `exit` (3 commands, last: derive family = sibsp + parch + 1).")
    s.child.expect_exact("restore it? [Y/n] ")
    s.child.sendline("y")
    s.child.expect_exact("restored 3 commands; current frame: titanic")
    s.expect_prompt()
    assert frames_table(s.run("frames")) == {"titanic": (len(adults(titanic)), 15, True)}
    # The fresh journal is re-seeded with the restored commands.
    assert journal_lines(tmp_path)[1:] == [f"load titanic sha256={TITANIC_SHA}", "filter age >= 18",
                                           "derive family = sibsp + parch + 1"]
    s.child.sendline("exit")
    assert s.wait_exit() == (0, None)
    assert not (tmp_path / ".opslab" / "journal").exists()


def decline_restore(s, answer):
    """Answers the restore question with `answer` and checks the session starts empty."""
    s.child.expect_exact("restore it? [Y/n] ")
    s.child.sendline(answer)
    s.child.expect_exact("not restored; the old journal is kept as")
    s.expect_prompt()
    assert "no frames yet" in s.run("frames")


def test_enter_restores_by_default_and_n_declines(shell, tmp_path):
    crash_after(shell, ["load iris", 'filter species == "setosa"'])
    s = shell()
    s.child.expect_exact("restore it? [Y/n] ")
    s.child.sendline("")
    s.child.expect_exact("restored 2 commands; current frame: iris")
    s.expect_prompt()
    s.run("sample n=3")
    s.kill9()
    s = shell()
    s.child.expect_exact("(3 commands, last: sample n=3 seed=42)")
    decline_restore(s, "n")
    prev = (tmp_path / ".opslab" / "journal.prev").read_text().splitlines()
    assert prev[1:] == [f"load iris sha256={IRIS_SHA}",
                        'filter species == "setosa"', "sample n=3 seed=42"]


def test_a_command_typed_at_the_restore_question_asks_again(shell, tmp_path):
    crash_after(shell, ["load iris"])
    s = shell()
    s.child.expect_exact("restore it? [Y/n] ")
    s.child.sendline("load wine")
    s.child.expect_exact("please answer y or n (Enter means yes)")
    decline_restore(s, "no")


def test_undo_lines_are_honored_on_restore(shell, tmp_path, titanic):
    crash_after(shell, ["load titanic", "filter age >= 18", "derive f = fare * 2", "sort fare",
                        "undo steps=2", 'filter sex == "male"'])
    lines = journal_lines(tmp_path)
    assert lines[1:] == [f"load titanic sha256={TITANIC_SHA}", "filter age >= 18", "derive f = fare * 2", "sort fare asc",
                         "undo", "undo", 'filter sex == "male"']
    s = shell()
    s.child.expect_exact("restore it? [Y/n] ")
    s.child.sendline("y")
    s.child.expect_exact("restored 3 commands; current frame: titanic")
    s.expect_prompt()
    men = [r for r in adults(titanic) if r["sex"] == "male"]
    assert frames_table(s.run("frames")) == {"titanic": (len(men), 14, True)}
    history = s.run("history")
    assert "derive" not in history and "sort" not in history
    assert '3  filter sex == "male"' in history


def test_restore_flag_with_piped_stdin(shell, run_opslab, tmp_path, titanic):
    crash_after(shell, ["load titanic", "filter age >= 18", "derive family = sibsp + parch + 1"])
    proc = run_opslab(["--restore"], stdin="frames\n")
    assert proc.returncode == 0, proc.stderr
    assert "restored 3 commands; current frame: titanic" in proc.stderr
    assert frames_table(proc.stdout) == {"titanic": (len(adults(titanic)), 15, True)}
    # A clean end of input removes the journal.
    assert not (tmp_path / ".opslab" / "journal").exists()


def test_piped_stdin_without_flag_does_not_restore(shell, run_opslab, tmp_path):
    crash_after(shell, ["load iris", 'filter species == "setosa"'])
    before = (tmp_path / ".opslab" / "journal").read_text()
    proc = run_opslab(stdin="frames\n")
    assert proc.returncode == 0
    assert "no frames yet" in proc.stdout
    assert "The last session here ended without `exit` (2 commands" in proc.stderr
    assert "not restored; the old journal is kept as" in proc.stderr
    assert (tmp_path / ".opslab" / "journal.prev").read_text() == before
    assert not (tmp_path / ".opslab" / "journal").exists()


def test_the_restore_offer_shortens_a_pinned_hash(shell, run_opslab):
    crash_after(shell, ["load iris"])
    proc = run_opslab(stdin="frames\n")
    assert f"The last session here ended without `exit` (1 command, last: load iris sha256={IRIS_SHA[:12]}…)." in proc.stderr


def test_no_restore_flag(run_opslab, tmp_path):
    (tmp_path / ".opslab").mkdir()
    (tmp_path / ".opslab" / "journal").write_text("# opslab journal v1\nload iris\n")
    proc = run_opslab(["--no-restore"], stdin="frames\n")
    assert proc.returncode == 0
    assert "no frames yet" in proc.stdout
    assert (tmp_path / ".opslab" / "journal.prev").exists()


def test_killed_piped_session_leaves_a_synced_journal(opslab_bin, run_opslab, tmp_path):
    proc = subprocess.Popen([opslab_bin], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=tmp_path, env=base_env())
    try:
        proc.stdin.write(b'load iris\nfilter species == "virginica"\nsort petal_width_cm desc\n')
        proc.stdin.flush()
        for _ in range(3):  # each result line is printed after its journal entry is synced
            assert proc.stdout.readline()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdin.close()
        proc.stdout.close()
        proc.stderr.close()
    assert journal_lines(tmp_path)[2:] == ['filter species == "virginica"', "sort petal_width_cm desc"]
    restored = run_opslab(["--restore"], stdin="show n=1 cols=species,petal_width_cm\n")
    assert restored.returncode == 0, restored.stderr
    assert "restored 3 commands; current frame: iris" in restored.stderr
    widest = max(float(r[3]) for r in read_csv(DATASETS / "iris.csv")[1] if r[4] == "virginica")
    assert restored.stdout.splitlines()[2].split() == ["virginica", f"{widest:g}"]
    assert "[showing 1 of 50 rows]" in restored.stdout


def test_failed_commands_are_not_journaled(shell, tmp_path):
    crash_after(shell, ["load iris"])  # leaves a journal of one line, then
    s = shell(["--restore"])
    s.expect_prompt()
    out = s.run("filter nope > 1")
    assert "no column 'nope'" in out
    s.run("frobnicate")
    s.run("show n=1")
    s.run("frames")
    s.kill9()
    assert [l for l in journal_lines(tmp_path) if not l.startswith("#")] == [
        f"load iris sha256={IRIS_SHA}"]


def test_failed_restore_leaves_the_session_unchanged(shell, run_opslab, tmp_path):
    (tmp_path / "extra.csv").write_text("a,b\n1,2\n")
    crash_after(shell, ["load titanic", "load extra.csv", "filter a > 0"])
    (tmp_path / "extra.csv").write_text("a,b\n1,2\n3,4\n")  # the data changed after the crash
    proc = run_opslab(["--restore"], stdin="frames\n")
    assert "the data changed" in proc.stderr
    assert "not restored" in proc.stderr
    assert "no frames yet" in proc.stdout, proc.stdout


def test_second_opslab_does_not_take_a_running_sessions_journal(shell, run_opslab, tmp_path):
    first = shell()
    first.expect_prompt()
    first.run("load iris")
    other = run_opslab(stdin="frames\n")  # e.g. a script piped into opslab in another terminal
    assert other.returncode == 0
    first.run('filter species == "setosa"')
    first.kill9()
    proc = run_opslab(["--restore"], stdin="frames\n")
    assert frames_table(proc.stdout) == {"iris": (50, 5, True)}, proc.stderr


def test_run_leaves_an_unfinished_journal_alone(shell, run_opslab, tmp_path):
    crash_after(shell, ["load iris"])
    before = journal_lines(tmp_path)
    (tmp_path / "s.lab").write_text("load wine\n")
    assert run_opslab(["run", "s.lab"]).returncode == 0
    assert journal_lines(tmp_path) == before


def test_opslab_home_holds_the_journal(opslab_bin, tmp_path):
    state = tmp_path / "state"
    proc = subprocess.Popen([opslab_bin], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            cwd=tmp_path, env=base_env({"OPSLAB_HOME": str(state)}))
    try:
        proc.stdin.write(b"load iris\n")
        proc.stdin.flush()
        assert proc.stdout.readline().startswith(b"loaded iris")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdin.close()
        proc.stdout.close()
    assert (state / "journal").read_text().splitlines()[1].startswith("load iris sha256=")
    assert not (tmp_path / ".opslab").exists()
