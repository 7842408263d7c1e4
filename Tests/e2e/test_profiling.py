"""Profiling through the binary: describe's profile and sparklines (UTF-8 or ASCII by locale),
corr, outliers and missing against the pandas/numpy values in Tests/fixtures/profiling/."""
import json

import pytest

from conftest import REPO, frames_table, table_rows

FIXTURES = REPO / "Tests" / "fixtures" / "profiling"
UNICODE_GLYPHS = "▁▂▃▄▅▆▇█"
ASCII_GLYPHS = "_.-=#"


def fixture(name):
    return json.loads((FIXTURES / f"{name}.json").read_text())


def sparkline(counts, glyphs):
    """The documented drawing rule: lowest glyph for an empty bin, the rest scaled to the tallest."""
    tallest = max(counts)
    steps = len(glyphs) - 2
    return "".join(glyphs[0] if n == 0 else glyphs[1 + int(n / tallest * steps + 0.5)] for n in counts)


def locale(value):
    return {"LANG": value, "LC_ALL": "", "LC_CTYPE": ""}


@pytest.mark.parametrize("lang, glyphs", [("C.UTF-8", UNICODE_GLYPHS), ("C", ASCII_GLYPHS)])
def test_describe_profiles_columns_with_a_sparkline_for_the_locale(run_opslab, lang, glyphs):
    expected = fixture("describe")["titanic"]["columns"]
    proc = run_opslab(stdin="load titanic\ndescribe cols=age,fare,sex\n", env=locale(lang))
    assert proc.returncode == 0, proc.stderr
    # The pandas statistics table keeps its place and title; the profile follows a blank line.
    assert [l.split()[0] for l in table_rows(proc.stdout, "titanic: 1309 rows")] == ["age", "fare"]
    profile = {l.split()[0]: l for l in table_rows(proc.stdout, "titanic: 3 columns profiled")}
    assert set(profile) == {"age", "fare", "sex"}
    for name in ("age", "fare"):
        e = expected[name]
        fields = profile[name].split()
        assert fields[1:5] == ["float", str(e["missing"]), f"{e['missing_percent']:.1f}", str(e["unique"])]
        assert fields[5] == sparkline(e["histogram"]["counts"], glyphs)
    assert profile["sex"].split()[5] == "-"  # not applicable to text, and not a missing value
    assert profile["sex"].endswith("male (843), female (466)")
    other = UNICODE_GLYPHS if glyphs == ASCII_GLYPHS else None
    if other:
        assert not any(g in proc.stdout for g in other)


def test_corr_json_matches_pandas_pairwise_complete(run_json):
    expected = fixture("corr")["penguins"]
    proc, objs = run_json("load penguins\ncorr\ncorr method=spearman\n")
    assert proc.returncode == 0, proc.stderr
    for obj, method in zip(objs[1:], ("pearson", "spearman")):
        table = obj["result"]
        assert table["columns"] == [""] + expected["columns"]
        for row, want in zip(table["rows"], expected[method]):
            for got, ref in zip(row[1:], want):
                assert (got is None and ref is None) or abs(got - ref) <= 1e-12
    text = run_json("load penguins\ncorr cols=bill_length_mm,body_mass_g\n", name="t.lab")[0]
    assert text.returncode == 0


def test_corr_renders_three_decimals(run_opslab):
    proc = run_opslab(stdin="load penguins\ncorr cols=flipper_length_mm,body_mass_g\n")
    assert proc.returncode == 0, proc.stderr
    r = fixture("corr")["penguins"]["pearson"][2][3]  # flipper × body mass
    body = table_rows(proc.stdout, "pearson correlation: penguins, 2 columns")
    # Numbers align right under their column's name.
    assert body == [f"flipper_length_mm  {'1.000':>17}  {r:>11.3f}", f"body_mass_g        {r:>17.3f}  {'1.000':>11}"]


@pytest.mark.parametrize("case", [c for c in fixture("outliers") if c["dataset"] in ("titanic", "nyc_weather_2013")],
                         ids=lambda c: f"{c['dataset']}-{c['column']}-{c['method']}-{c['k']}")
def test_outliers_count_and_order_match_numpy(run_json, case):
    k = case["k"]
    proc, objs = run_json(f"load {case['dataset']}\noutliers {case['column']} method={case['method']} k={k}\n")
    assert proc.returncode == 0, proc.stderr
    summary, table = objs[1]["result"]["parts"]
    count, total = case["count"], case["non_missing"]
    assert summary["text"].startswith(f"{case['column']}: {count} outlier{'s' if count != 1 else ''} of {total} values "
                                      f"({count / total * 100:.2f}%) outside [")
    assert table["total_rows"] == count
    assert [row[0] for row in table["rows"]] == case["first_rows"]
    assert table["columns"][:3] == ["row", "beyond fence" if case["method"] == "iqr" else "z", case["column"]]


def test_missing_counts_and_patterns_match_pandas(run_json):
    expected = fixture("missing")["nyc_weather_2013"]
    proc, objs = run_json("load nyc_weather_2013\nmissing\n")
    assert proc.returncode == 0, proc.stderr
    per_column, patterns = objs[1]["result"]["parts"]
    assert {r[0]: r[2] for r in per_column["rows"]} == expected["columns"]
    assert per_column["title"].endswith(f"{expected['complete_rows']} of {expected['rows']} rows complete")
    gappy = patterns["columns"][3:]
    assert gappy == [c for c, n in expected["columns"].items() if n > 0]
    shown = [{"columns": [c for c, mark in zip(gappy, r[3:]) if mark == "x"], "rows": r[1]} for r in patterns["rows"]]
    assert shown == expected["patterns"][:10]
    assert len(expected["patterns"]) == 10 and len(patterns["rows"]) == 10  # all ten fit, no "other" row


@pytest.mark.parametrize("case", fixture("box")["grouped"], ids=lambda c: f"{c['dataset']}-{c['column']}-by-{c['by']}")
def test_box_numbers_are_matplotlibs(run_json, case):
    proc, objs = run_json(f"load {case['dataset']}\nbox {case['column']} by={case['by']} whis={case['whis']}\n")
    assert proc.returncode == 0, proc.stderr
    table = objs[1]["result"]
    assert table["columns"] == [case["by"], "box", "count", "low", "25%", "50%", "75%", "high", "outliers"]
    keys = ["whisker_low", "q1", "median", "q3", "whisker_high"]
    for row, group in zip(table["rows"], case["groups"], strict=True):
        assert row[0] == str(group["group"])
        assert row[1] == {**{k: pytest.approx(group[k], rel=1e-12) for k in keys}, "outliers": group["outlier_count"]}
        assert row[2:] == [group["count"], *[pytest.approx(group[k], rel=1e-12) for k in keys], group["outlier_count"]]


def test_box_strips_are_drawn_for_the_locale(run_opslab):
    for lang, marks in [("C.UTF-8", "├▒█┤·"), ("C", "|=#|.")]:
        proc = run_opslab(stdin="load titanic\nbox fare by=pclass\n", env=locale(lang))
        assert proc.returncode == 0, proc.stderr
        rows = [l for l in proc.stdout.splitlines() if l[:1] in "123"]
        assert len(rows) == 3
        assert all(mark in rows[0] for mark in marks), rows[0]


def test_bad_profiling_input_names_the_problem_and_changes_nothing(run_opslab):
    lines = [
        "corr",
        "load titanic",
        "corr cols=age,sex",
        "corr cols=age",
        "corr method=kendal",
        "outliers sex",
        "outliers parch",
        "outliers fare method=zscor",
        "missing extra",
        "frames",
    ]
    proc = run_opslab(stdin="\n".join(lines) + "\n")
    assert proc.returncode == 1
    errors = [l for l in proc.stderr.splitlines() if l.startswith("error: ")]
    assert errors == [
        "error: <stdin>:1: no data loaded yet",
        "error: <stdin>:3: column 'sex' is string; correlation needs numeric columns (integer, float, boolean)",
        "error: <stdin>:4: correlation needs at least 2 numeric columns, got 1 ('age')",
        "error: <stdin>:5: method=kendal is not valid for corr",
        "error: <stdin>:6: outliers needs a numeric column; 'sex' is string",
        "error: <stdin>:7: half of 'parch' lies on one value (Q1 = Q3 = 0): its IQR is 0, so the IQR fences cannot single out outliers",
        "error: <stdin>:8: method=zscor is not valid for outliers (did you mean 'zscore'?)",
        "error: <stdin>:9: unexpected 'extra' after missing",
    ]
    assert "  hint: try method=zscore" in proc.stderr
    assert frames_table(proc.stdout) == {"titanic": (1309, 14, True)}
