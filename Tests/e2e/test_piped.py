"""Piped scripts: `opslab < script` runs each line, prints results on stdout, errors on
stderr as `error: <stdin>:LINE: message`, continues after an error, exits 1 if any line failed."""
from conftest import DATASETS, frames_table, read_csv, table_rows


def adult_women(titanic):
    return [r for r in titanic if r["age"] != "" and float(r["age"]) >= 18 and r["sex"] == "female"]




def g6(x):
    """Numbers in rendered tables: 6 significant digits."""
    return f"{x:.6g}"


def test_load_filter_derive_reports_shapes_computed_from_the_csv(run_opslab, titanic):
    header, rows = read_csv(DATASETS / "titanic.csv")
    women = adult_women(titanic)
    proc = run_opslab(stdin='load titanic\nfilter age >= 18 and sex == "female"\nderive family = sibsp + parch + 1\n')
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    lines = proc.stdout.splitlines()
    assert lines[0].startswith(f"loaded titanic: {len(rows)} rows × {len(header)} columns — from bundled dataset titanic")
    assert lines[1] == f"kept {len(women)} of {len(rows)} rows in titanic: {len(women)} rows × {len(header)} columns"
    assert lines[2] == f"added column family to titanic: {len(women)} rows × {len(header) + 1} columns — integer, 0 missing"
    assert len(women) == 316  # sanity check of the independent computation


def test_columns_lists_names_types_and_missing_counts(run_opslab, fixture_file):
    fixture_file("people.csv")
    proc = run_opslab(stdin="load people.csv\ncolumns\n")
    assert proc.returncode == 0, proc.stderr
    body = table_rows(proc.stdout, "people: 4 columns")
    parsed = [line.split(None, 4) for line in body]
    assert [(p[1], p[2], int(p[3])) for p in parsed] == [
        ("id", "integer", 0),
        ("name", "string", 0),
        ("score", "float", 1),
        ("passed", "boolean", 0),
    ]


def test_show_prints_quoted_fields_and_missing_as_na(run_opslab, fixture_file):
    fixture_file("people.csv")
    proc = run_opslab(stdin="load people.csv\nshow\n")
    assert proc.returncode == 0, proc.stderr
    body = table_rows(proc.stdout, "people")
    assert body == [
        " 1  ann        7.5    true",
        " 2  bob         NA   false",
        " 3  cyd, jr   9.25    true",
        ' 4  dee "d"      4   false',
    ]
    assert "showing" not in proc.stdout  # all 4 rows fit in the default n=10


def test_describe_numbers_match_python(run_opslab, titanic):
    import statistics

    women = adult_women(titanic)
    ages = [float(r["age"]) for r in women]
    family = [int(r["sibsp"]) + int(r["parch"]) + 1 for r in women]
    proc = run_opslab(
        stdin='load titanic\nfilter age >= 18 and sex == "female"\nderive family = sibsp + parch + 1\n'
        "describe cols=age,family\n"
    )
    assert proc.returncode == 0, proc.stderr
    body = table_rows(proc.stdout, f"titanic: {len(women)} rows")
    cells = {line.split()[0]: line.split() for line in body}
    assert set(cells) == {"age", "family"}
    q_age = statistics.quantiles(ages, n=4, method="inclusive")
    assert cells["age"][:11] == [
        "age", "float", str(len(ages)), "0", g6(statistics.mean(ages)), g6(statistics.stdev(ages)),
        g6(min(ages)), g6(q_age[0]), g6(q_age[1]), g6(q_age[2]), g6(max(ages)),
    ]
    q_fam = statistics.quantiles(family, n=4, method="inclusive")
    assert cells["family"][:11] == [
        "family", "integer", str(len(family)), "0", g6(statistics.mean(family)), g6(statistics.stdev(family)),
        str(min(family)), g6(q_fam[0]), g6(q_fam[1]), g6(q_fam[2]), str(max(family)),
    ]


def test_sort_select_show_gives_the_top_rows_python_finds(run_opslab, titanic):
    women = adult_women(titanic)
    top = sorted(women, key=lambda r: -float(r["fare"]))[:5]  # Python's sort is stable, like opslab's
    proc = run_opslab(
        stdin='load titanic\nfilter age >= 18 and sex == "female"\nsort fare desc\nselect name fare\nshow n=5\n'
    )
    assert proc.returncode == 0, proc.stderr
    assert f"selected titanic: {len(women)} rows × 2 columns" in proc.stdout
    body = table_rows(proc.stdout, "titanic")
    assert len(body) == 5
    for line, row in zip(body, top):
        name, fare = line.rsplit(None, 1)
        assert name.strip() == row["name"]  # the table fits, so nothing is cut
        assert fare == g6(float(row["fare"]))
    assert f"[showing 5 of {len(women)} rows]" in proc.stdout


def test_sample_is_seeded_and_reproducible(run_opslab, tmp_path):
    script = "load iris\nsample n=5\nshow cols=sepal_length_cm,species\n"
    first = run_opslab(stdin=script)
    second = run_opslab(stdin=script)
    explicit = run_opslab(stdin=script.replace("sample n=5", "sample n=5 seed=42"))
    other = run_opslab(stdin=script.replace("sample n=5", "sample n=5 seed=7"))
    for p in (first, second, explicit, other):
        assert p.returncode == 0, p.stderr
    assert "sampled 5 rows into iris: 5 rows × 5 columns — seed 42" in first.stdout
    assert first.stdout == second.stdout == explicit.stdout
    assert "seed 7" in other.stdout
    assert table_rows(other.stdout, "iris") != table_rows(first.stdout, "iris")
    assert len(table_rows(first.stdout, "iris")) == 5


def test_an_error_is_reported_and_the_next_lines_still_run(run_opslab):
    proc = run_opslab(stdin="load iris\nfilter petal_size > 1\nfilter species == \"setosa\"\nfrobnicate\nframes\n")
    assert proc.returncode == 1
    err = proc.stderr.splitlines()
    assert err[0] == "error: <stdin>:2: no column 'petal_size' in frame 'iris'"
    assert err[1].startswith("  hint: columns are: sepal_length_cm, sepal_width_cm, petal_length_cm")
    assert err[2] == "error: <stdin>:4: unknown command 'frobnicate'"
    assert "kept 50 of 150 rows in iris: 50 rows × 5 columns" in proc.stdout
    assert frames_table(proc.stdout) == {"iris": (50, 5, True)}


def test_a_clean_script_exits_0_with_empty_stderr(run_opslab):
    proc = run_opslab(stdin="# a comment line\n\nload wine   # trailing comment\nframes\n")
    assert proc.returncode == 0
    assert proc.stderr == ""
    _, rows = read_csv(DATASETS / "wine.csv")
    assert frames_table(proc.stdout) == {"wine": (len(rows), 14, True)}


def test_continued_lines_count_for_error_locations(run_opslab):
    script = "load iris\nfilter nope \\\n  > 1\n\nbogus\n"
    proc = run_opslab(stdin=script)
    assert proc.returncode == 1
    assert "error: <stdin>:2: no column 'nope'" in proc.stderr
    assert "error: <stdin>:5: unknown command 'bogus'" in proc.stderr


def test_continued_line_runs_as_one_command(run_opslab):
    proc = run_opslab(stdin='load iris\nfilter species == "virginica" \\\n  and petal_width_cm > 2\n')
    assert proc.returncode == 0, proc.stderr
    _, rows = read_csv(DATASETS / "iris.csv")
    expected = sum(1 for r in rows if r[4] == "virginica" and float(r[3]) > 2)
    assert f"kept {expected} of 150 rows in iris" in proc.stdout


def test_exit_stops_reading_and_keeps_the_failure_status(run_opslab):
    ok = run_opslab(stdin="load iris\nexit\nfrobnicate\n")
    assert ok.returncode == 0
    assert ok.stderr == ""
    failed = run_opslab(stdin="frobnicate\nexit\nload iris\n")
    assert failed.returncode == 1
    assert "loaded" not in failed.stdout


def test_crlf_script_lines(run_opslab):
    proc = run_opslab(stdin="load iris\r\nfilter species == \"setosa\"\r\nframes\r\n")
    assert proc.returncode == 0, proc.stderr
    assert frames_table(proc.stdout) == {"iris": (50, 5, True)}


def test_undo_and_history(run_opslab):
    proc = run_opslab(stdin="load iris\nfilter species == \"setosa\"\nsort sepal_length_cm desc\nundo steps=2\nhistory\nframes\n")
    assert proc.returncode == 0, proc.stderr
    assert 'undid: sort sepal_length_cm desc; filter species == "setosa"' in proc.stdout
    lines = proc.stdout.splitlines()
    at = lines.index("#  command")
    assert lines[at + 1].startswith("1  load iris sha256=")
    assert not lines[at + 2].startswith("2  ")
    assert frames_table(proc.stdout) == {"iris": (150, 5, True)}


def test_write_then_load_round_trips_the_values(run_opslab, tmp_path, fixture_file):
    fixture_file("people.csv")
    proc = run_opslab(stdin="load people.csv\nwrite copy.csv\nload copy.csv\nframes\n")
    assert proc.returncode == 0, proc.stderr
    assert "wrote 4 rows × 4 columns of 'people' to copy.csv" in proc.stdout
    header, rows = read_csv(tmp_path / "copy.csv")
    assert header == ["id", "name", "score", "passed"]
    assert [r[1] for r in rows] == ["ann", "bob", "cyd, jr", 'dee "d"']
    assert [float(r[2]) if r[2] else None for r in rows] == [7.5, None, 9.25, 4.0]
    assert frames_table(proc.stdout) == {"people": (4, 4, False), "copy": (4, 4, True)}


def test_piped_run_leaves_no_journal_behind(run_opslab, tmp_path):
    proc = run_opslab(stdin="load iris\nfilter species == \"setosa\"\n")
    assert proc.returncode == 0
    assert (tmp_path / ".opslab").is_dir()
    assert not (tmp_path / ".opslab" / "journal").exists()


def _num(value):
    return float(value) if value != "" else None


# (filter expression, the same condition in Python over the csv rows; missing values never pass)
FILTERS = [
    ('embarked in ("C", "Q")', lambda r: r["embarked"] in ("C", "Q")),
    ("not (age < 18)", lambda r: _num(r["age"]) is not None and not _num(r["age"]) < 18),
    ("age < 18 or age >= 18", lambda r: r["age"] != ""),
    ("cabin is missing", lambda r: r["cabin"] == ""),
    ("body is not missing", lambda r: r["body"] != ""),
    ('age > 30 or sex == "female"', lambda r: (_num(r["age"]) or 0) > 30 or r["sex"] == "female"),
    ('embarked != "S"', lambda r: r["embarked"] not in ("S", "")),
    ("fare % 7 == 0", lambda r: r["fare"] != "" and float(r["fare"]) % 7 == 0),
    ("min(age, 10) == 10", lambda r: _num(r["age"]) is not None and float(r["age"]) >= 10),
    ("sibsp / 2 == 0.5", lambda r: int(r["sibsp"]) == 1),
    ("pclass * 10 + survived == 31", lambda r: r["pclass"] == "3" and r["survived"] == "1"),
]


def test_filter_counts_match_python(run_opslab, titanic):
    script = "".join(f"load titanic\nfilter {expr}\n" for expr, _ in FILTERS)
    proc = run_opslab(stdin=script)
    assert proc.returncode == 0, proc.stderr
    kept = [l for l in proc.stdout.splitlines() if l.startswith("kept ")]
    assert len(kept) == len(FILTERS)
    for (expr, condition), line in zip(FILTERS, kept):
        expected = sum(1 for r in titanic if condition(r))
        assert line.startswith(f"kept {expected} of {len(titanic)} rows"), (expr, line)


def test_command_line_arguments(run_opslab):
    version = run_opslab(["--version"])
    assert version.returncode == 0 and version.stdout.startswith("opslab ")
    bogus = run_opslab(["--bogus"], stdin="load iris\n")
    assert bogus.returncode == 2
    assert "error: unknown argument '--bogus'" in bogus.stderr
    assert bogus.stdout == ""
