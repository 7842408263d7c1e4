"""Bad input through the binary: each error names the problem (CSV errors as file:line:column)
and leaves the session as it was: `frames` still shows the previous frame, same rows."""
import pytest

from conftest import frames_table

BEFORE = "load iris\n"
AFTER = "frames\ncolumns\n"
IRIS = {"iris": (150, 5, True)}
IRIS_COLUMNS = ["sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm", "species"]


def column_names(stdout):
    lines = stdout.splitlines()
    at = max(i for i, l in enumerate(lines) if l.startswith("#  name"))
    return [l.split()[1] for l in lines[at + 1:]]


def run_bad(run_opslab, line):
    """Runs `line` between a good load and `frames`/`columns`; returns (first error line, hint, stdout)."""
    proc = run_opslab(stdin=BEFORE + line + "\n" + AFTER)
    assert proc.returncode == 1, proc.stdout
    err = proc.stderr.splitlines()
    if len(err) == 4:
        # An error at a place in the line shows the line and a caret under that place.
        assert err[1] == "  " + line and err[2].strip() == "^", proc.stderr
        err = [err[0], err[3]]
    assert len(err) == 2, proc.stderr
    assert err[0].startswith("error: <stdin>:2: ")
    assert err[1].startswith("  hint: ")
    assert frames_table(proc.stdout) == IRIS, "the session changed after a failed command"
    assert column_names(proc.stdout) == IRIS_COLUMNS
    return err[0][len("error: <stdin>:2: "):], err[1][len("  hint: "):], proc.stdout


# --- CSV files -------------------------------------------------------------------------------

def test_ragged_row_with_too_few_fields(run_opslab, fixture_file):
    fixture_file("ragged_too_few.csv")
    message, hint, _ = run_bad(run_opslab, "load ragged_too_few.csv")
    assert message == "ragged_too_few.csv:3:4: this row has 2 fields, the header has 3"
    assert "one value per column" in hint


def test_ragged_row_with_too_many_fields(run_opslab, fixture_file):
    fixture_file("ragged_too_many.csv")
    message, hint, _ = run_bad(run_opslab, "load ragged_too_many.csv")
    assert message == "ragged_too_many.csv:3:7: this row has more than the 3 fields of the header"
    assert "quoted" in hint


def test_unterminated_quote(run_opslab, fixture_file):
    fixture_file("unterminated_quote.csv")
    message, hint, _ = run_bad(run_opslab, "load unterminated_quote.csv")
    assert message == "unterminated_quote.csv:3:3: a quoted field opened here is never closed"
    assert "close the quote" in hint


def test_invalid_utf8(run_opslab, fixture_file):
    fixture_file("invalid_utf8.csv")
    message, hint, _ = run_bad(run_opslab, "load invalid_utf8.csv")
    assert message == "invalid_utf8.csv:3:4: invalid UTF-8 (byte 0xFC)"
    assert "iconv" in hint


def test_empty_file(run_opslab, fixture_file):
    fixture_file("empty.csv")
    message, hint, _ = run_bad(run_opslab, "load empty.csv")
    assert message == "empty.csv is empty"
    assert "header line" in hint


def test_header_only(run_opslab, fixture_file):
    fixture_file("header_only.csv")
    message, _, _ = run_bad(run_opslab, "load header_only.csv")
    assert message == "header_only.csv has a header but no data rows"


def test_duplicate_column_names_load_with_the_repeat_renamed(run_opslab, fixture_file):
    fixture_file("duplicate_columns.csv")
    proc = run_opslab(stdin="load duplicate_columns.csv\ncolumns\n")
    assert proc.returncode == 0, proc.stderr
    assert "warning: the header names 'score' more than once: loaded column 4 as score_2 " \
           "(`rename` gives them better names)" in proc.stdout.splitlines()
    assert column_names(proc.stdout) == ["id", "score", "name", "score_2"]


@pytest.fixture(scope="module")
def big_field_csv(tmp_path_factory):
    """A 50 MB single field (over the default 16 MB limit), on line 3."""
    folder = tmp_path_factory.mktemp("big")
    with open(folder / "big.csv", "w") as f:
        f.write("id,blob\n1,small\n2,")
        f.write("x" * (50 << 20))
        f.write("\n3,end\n")
    return folder / "big.csv"


def test_50mb_field_over_the_default_limit(run_opslab, tmp_path, big_field_csv):
    (tmp_path / "big.csv").symlink_to(big_field_csv)
    message, hint, _ = run_bad(run_opslab, "load big.csv")
    assert message == "big.csv:3:3: field 2 ('blob') is 50 MB, over the 16 MB limit for one field"
    assert "maxfield=51" in hint


def test_50mb_field_loads_with_a_higher_maxfield(run_json, tmp_path, big_field_csv):
    (tmp_path / "big.csv").symlink_to(big_field_csv)
    proc, objs = run_json("load big.csv maxfield=64\nshow cols=id\n")
    assert proc.returncode == 0, proc.stderr
    assert (objs[0]["result"]["rows"], objs[0]["result"]["columns"]) == (3, 2)
    assert objs[1]["result"]["rows"] == [[1], [2], [3]]


def test_path_that_does_not_exist(run_opslab):
    message, hint, _ = run_bad(run_opslab, "load no_such_file.csv")
    assert message == "cannot read 'no_such_file.csv': no such file"
    assert "datasets" in hint


def test_unknown_dataset_name_suggests_one(run_opslab):
    message, hint, _ = run_bad(run_opslab, "load titanik")
    assert message == "no bundled dataset or file named 'titanik' (did you mean 'titanic'?)"
    assert "titanic" in hint


def test_a_directory(run_opslab, tmp_path):
    (tmp_path / "folder.csv").mkdir()
    message, _, _ = run_bad(run_opslab, "load folder.csv")
    assert message == "'folder.csv' is a directory, not a CSV file"


# --- expressions ------------------------------------------------------------------------------

def test_unknown_column_in_an_expression(run_opslab):
    message, hint, _ = run_bad(run_opslab, "filter sepal_lenght_cm > 5")
    assert message == "no column 'sepal_lenght_cm' in frame 'iris' (did you mean 'sepal_length_cm'?)"
    assert hint == "columns are: " + ", ".join(IRIS_COLUMNS)


def test_unknown_column_in_derive_adds_nothing(run_opslab):
    message, _, _ = run_bad(run_opslab, "derive ratio = petal_lenght_cm / petal_width_cm")
    assert message == "no column 'petal_lenght_cm' in frame 'iris' (did you mean 'petal_length_cm'?)"


def test_type_error_in_an_expression(run_opslab):
    message, hint, _ = run_bad(run_opslab, "filter species > 3")
    assert message == "cannot apply '>' to string and integer"
    assert "compare text with text" in hint


def test_division_by_zero(run_opslab):
    message, hint, _ = run_bad(run_opslab, "derive r = sepal_length_cm / (petal_width_cm - petal_width_cm)")
    assert message == "division by zero in row 1"
    assert "divisor is 0" in hint


def test_unbalanced_parenthesis(run_opslab):
    message, _, _ = run_bad(run_opslab, "filter (sepal_length_cm > 3")
    assert message == "unexpected end of expression: expected ')' at column 28"


def test_an_error_in_an_expression_points_at_its_column(run_opslab):
    proc = run_opslab(stdin=BEFORE + "derive k = 7 // 2\n")
    assert proc.stderr.splitlines()[:3] == ["error: <stdin>:2: expected a value at column 15, found '/'",
                                            "  derive k = 7 // 2",
                                            "                ^"]


# --- command language -------------------------------------------------------------------------

def test_unknown_command_suggests_one(run_opslab):
    message, hint, _ = run_bad(run_opslab, "shwo n=3")
    assert message == "unknown command 'shwo' (did you mean 'show'?)"
    assert "help" in hint


def test_unknown_key_suggests_one(run_opslab):
    message, hint, _ = run_bad(run_opslab, "show coles=species")
    assert message == "unknown option 'coles=' for show (did you mean 'cols'?)"
    assert hint == "show takes: n=, cols=, from=, sort="


def test_bad_key_value_type(run_opslab):
    message, _, _ = run_bad(run_opslab, "sample n=abc")
    assert message == "n=abc is not valid for sample: expected an integer"


def test_key_value_out_of_range(run_opslab):
    message, _, _ = run_bad(run_opslab, "load iris maxfield=0")
    assert message == "maxfield=0 is not valid for load: expected an integer from 1 to 4096"


def test_unknown_column_in_select(run_opslab):
    message, _, _ = run_bad(run_opslab, "select specis")
    assert message == "no column 'specis' in frame 'iris' (did you mean 'species'?)"


def test_sampling_more_rows_than_there_are(run_opslab):
    message, hint, _ = run_bad(run_opslab, "sample n=151")
    assert message == "cannot sample 151 rows from 150"
    assert hint == "n must be between 0 and 150"


def test_command_before_any_data(run_opslab):
    proc = run_opslab(stdin="show\nundo\n")
    assert proc.returncode == 1
    assert "error: <stdin>:1: no data loaded yet" in proc.stderr
    assert "error: <stdin>:2: nothing to undo" in proc.stderr
