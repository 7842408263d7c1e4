"""The interactive shell in a pseudo-terminal (TERM=xterm, NO_COLOR=1, 40x120): greeting,
TAB completion, history (also across restarts), Ctrl-C, Ctrl-D and `exit`.

Completion is checked by what the completed line does when it runs: text typed after the
TAB only makes a valid command if the TAB inserted exactly the expected characters."""
import textwrap

import pytest

from conftest import DATASETS, PROMPT, decode_history, frames_table, read_csv

UP = "\x1b[A"


def started(shell, *args):
    s = shell(args)
    s.expect_prompt()
    return s


def test_greeting_and_prompt(shell, run_opslab):
    version = run_opslab(["--version"]).stdout.strip()
    s = shell()
    greeting = s.expect_prompt()
    assert greeting.splitlines()[0] == f"{version} — MLOps sandbox. Start with `lessons`, `help` or `load titanic`."
    assert "\x1b[1m" not in greeting  # NO_COLOR: no bold
    out = s.run("datasets")
    assert "titanic" in out and "iris" in out


def test_greeting_wraps_at_spaces_on_a_narrow_terminal(shell, run_opslab):
    version = run_opslab(["--version"]).stdout.strip()
    greeting = f"{version} — MLOps sandbox. Start with `lessons`, `help` or `load titanic`."
    s = shell(columns=50)
    lines = s.expect_prompt().splitlines()
    # Greedy breaks at spaces, every line within 50 columns (it is one line in 80).
    expected = textwrap.wrap(greeting, width=50, break_long_words=False, break_on_hyphens=False)
    assert len(expected) == 2 and lines[:2] == expected


def test_tab_completes_a_verb(shell):
    s = started(shell)
    s.run("load iris")
    s.child.send("desc\t")
    s.child.expect_exact("ribe ")
    s.child.send("cols=sepal_width_cm\r")  # runs only if the line became "describe cols=..."
    out = s.expect_prompt()
    assert "iris: 150 rows" in out
    assert "sepal_width_cm" in out and "petal_length_cm" not in out


def test_tab_completes_a_key(shell):
    s = started(shell)
    s.run("load iris")
    s.child.send("show c\t")
    s.child.expect_exact("ols=")
    s.child.send("species n=2\r")  # "show cols=species n=2"
    out = s.expect_prompt()
    lines = [l.strip() for l in out.splitlines()]
    assert lines[-4:] == ["species", "setosa", "setosa", "[showing 2 of 150 rows]"]


def test_tab_lists_the_choices_when_several_match(shell):
    s = started(shell)
    s.child.send("s\t")
    s.child.expect_exact(PROMPT + "s")  # the list is printed under the line, then the line is redrawn
    listed = s.child.before.split()
    choices = set(listed) - {"s", "\x1b[K"}
    assert {"sample", "save", "select", "show", "sort", "split", "scale"} <= choices
    assert all(c.startswith("s") for c in choices)
    s.child.send("ort\x15\r")  # clear the line (Ctrl-U) and run nothing
    s.expect_prompt()


def test_tab_completes_a_bundled_dataset_after_load(shell):
    s = started(shell)
    s.child.send("load tita\t")
    s.child.expect_exact("nic ")
    s.child.send("as ship\r")  # "load titanic as ship"
    out = s.expect_prompt()
    _, rows = read_csv(DATASETS / "titanic.csv")
    assert f"loaded ship: {len(rows)} rows × 14 columns — from bundled dataset titanic" in out


def test_tab_completes_a_column_name(shell):
    s = started(shell)
    s.run("load titanic")
    s.child.send("select emb\t")
    s.child.expect_exact("arked ")
    s.child.send("name\r")  # "select embarked name"
    out = s.expect_prompt()
    assert "selected titanic: 1309 rows × 2 columns" in out
    out = s.run("show n=1")
    assert out.splitlines()[-3].split() == ["embarked", "name"]


def test_tab_completes_a_target_and_the_items_of_a_column_list(shell):
    s = started(shell)
    s.run("load titanic")
    s.child.send("train boost target=surv\t")
    s.child.expect_exact("ived ")
    s.child.send("categorical=emb\t")
    s.child.expect_exact("arked")  # no space after a list item: a comma may follow
    s.child.send(",se\t")
    s.child.expect_exact("x")  # libedit may redraw the line to insert it
    # Runs only if the first TAB left no space before the comma: "... categorical=embarked,sex rounds=3".
    s.child.send(" rounds=3\r")
    out = s.expect_prompt()
    assert "splits on categories of sex (2), embarked (3)" in out


def test_tab_completes_a_file_path_after_load(shell, tmp_path):
    (tmp_path / "data_x.csv").write_text("k,v\n1,2\n3,4\n5,6\n")
    (tmp_path / "other.csv").write_text("k\n1\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "inner.csv").write_text("z\n9\n")
    s = started(shell)
    s.child.send("load data_\t")
    s.child.expect_exact("x.csv ")
    s.child.send("\r")
    out = s.expect_prompt()
    assert "loaded data_x: 3 rows × 2 columns — from data_x.csv (2 integer)" in out
    s.child.send("load su\t")
    s.child.expect_exact("b/")
    s.child.send("in\t")
    s.child.expect_exact("ner.csv ")
    s.child.send("\r")
    assert "loaded inner: 1 row × 1 column — from sub/inner.csv" in s.expect_prompt()


def test_up_arrow_recalls_the_previous_command(shell):
    s = started(shell)
    s.run("load iris")
    s.run('filter species == "setosa"')
    s.child.send(UP)
    s.child.expect_exact('filter species == "setosa"')
    s.child.send(UP)
    s.child.expect_exact("load iris")
    s.child.send("\r")  # runs `load iris` again: back to 150 rows
    assert "loaded iris: 150 rows" in s.expect_prompt()


def test_history_persists_across_restarts(shell, tmp_path):
    s = started(shell)
    s.run("load iris")
    s.run("load wine")
    s.child.sendline("exit")
    assert s.wait_exit() == (0, None)
    assert decode_history(tmp_path / ".opslab" / "history")[-3:] == ["load iris", "load wine", "exit"]
    s = started(shell)
    s.child.send(UP + UP)  # skip `exit`
    s.child.expect_exact("load wine")
    s.child.send("\r")
    assert "loaded wine: 178 rows × 14 columns" in s.expect_prompt()


def test_a_continued_command_is_one_history_entry(shell, tmp_path):
    s = started(shell)
    s.run("load iris")
    s.child.sendline("filter sepal_length_cm > 5 \\")
    s.child.expect_exact("...> ")
    s.child.sendline('and species == "setosa"')
    assert "kept 22 of 150 rows" in s.expect_prompt()
    assert decode_history(tmp_path / ".opslab" / "history")[-1] == 'filter sepal_length_cm > 5  and species == "setosa"'
    s.run("undo")
    s.child.send(UP + UP)
    s.child.expect_exact('and species == "setosa"')
    s.child.send("\r")
    assert "kept 22 of 150 rows" in s.expect_prompt()


def test_ctrl_c_discards_a_partly_typed_line(shell, tmp_path):
    s = started(shell)
    s.run("load iris")
    s.child.send('filter species == "setosa"')
    s.child.expect_exact('"setosa"')
    s.child.sendintr()
    s.child.expect_exact("^C")
    s.expect_prompt()
    assert s.child.isalive()
    assert frames_table(s.run("frames")) == {"iris": (150, 5, True)}
    journal = (tmp_path / ".opslab" / "journal").read_text()
    assert "filter" not in journal


def test_ctrl_c_on_an_empty_line_does_not_exit(shell):
    s = started(shell)
    s.child.sendintr()
    s.child.expect_exact("^C")
    s.expect_prompt()
    s.child.sendintr()
    s.expect_prompt()
    assert s.child.isalive()
    assert "loaded iris" in s.run("load iris")


def test_ctrl_c_cancels_a_continued_line(shell):
    s = started(shell)
    s.run("load iris")
    s.child.sendline('filter species == "setosa" \\')
    s.child.expect_exact("...> ")
    s.child.sendintr()
    s.expect_prompt()
    out = s.run("frames")  # not joined to the cancelled continuation
    assert frames_table(out) == {"iris": (150, 5, True)}


def test_ctrl_d_exits_0_and_removes_the_journal(shell, tmp_path):
    s = started(shell)
    s.run("load iris")
    assert (tmp_path / ".opslab" / "journal").exists()
    s.child.sendcontrol("d")
    assert s.wait_exit() == (0, None)
    assert not (tmp_path / ".opslab" / "journal").exists()


def test_exit_and_quit_leave_with_status_0(shell, tmp_path):
    s = started(shell)
    s.run("load iris")
    s.child.sendline("exit")
    assert s.wait_exit() == (0, None)
    assert not (tmp_path / ".opslab" / "journal").exists()
    s = started(shell)
    s.child.sendline("quit")
    assert s.wait_exit() == (0, None)


def test_errors_keep_the_shell_running(shell):
    s = started(shell)
    out = s.run("lod iris")
    assert "unknown command 'lod' (did you mean 'load'?)" in out
    assert s.child.isalive()
    assert "loaded iris" in s.run("load iris")


def test_tab_completes_a_column_inside_parentheses(shell):
    s = started(shell)
    s.run("load titanic")
    s.child.send("derive lf = log(fa\t")
    s.child.expect_exact("re", timeout=3)
    s.child.send(" + 1)\r")  # "derive lf = log(fare + 1)"
    assert "added column lf to titanic: 1309 rows × 15 columns" in s.expect_prompt()


def test_tab_completed_path_with_a_space_loads(shell, tmp_path):
    (tmp_path / "my dir").mkdir()
    (tmp_path / "my dir" / "f.csv").write_text("a\n1\n")
    s = started(shell)
    s.child.send("load my\t")
    s.child.expect_exact("dir/", timeout=3)
    s.child.send("f\t")
    s.child.expect_exact(".csv", timeout=3)
    s.child.send("\r")
    assert "loaded f: 1 row × 1 column" in s.expect_prompt()


def test_tab_completes_a_column_for_rename(shell):
    s = started(shell)
    s.run("load titanic")
    s.child.send("rename home\t")
    s.child.expect_exact("_dest", timeout=3)


def test_ctrl_c_cancels_a_long_command_and_keeps_the_state(shell, tmp_path):
    # About 120 MB of numbers: loading takes seconds in a debug build, long enough to interrupt.
    big = tmp_path / "big.csv"
    row = ",".join(f"{i}.123456" for i in range(20)) + "\n"
    with open(big, "w") as f:
        f.write(",".join(f"c{i}" for i in range(20)) + "\n")
        f.write(row * 800_000)
    s = started(shell)
    s.run("load iris")
    s.child.sendline("load big.csv")
    s.child.expect_exact("load big.csv")
    s.child.sendintr()
    s.child.expect_exact("cancelled — the session is unchanged")
    s.expect_prompt()
    assert frames_table(s.run("frames")) == {"iris": (150, 5, True)}
    assert "load big.csv" not in (tmp_path / ".opslab" / "journal").read_text()
