"""Every bundled dataset loads with the shape, missing counts and content hash Python's csv module finds."""
import pytest

from conftest import DATASETS, MISSING_MARKERS, column_types, content_sha256, read_csv

NAMES = sorted(p.stem for p in DATASETS.glob("*.csv"))


def test_datasets_lists_every_bundled_csv_with_its_shape(run_json):
    proc, objs = run_json("datasets\n")
    assert proc.returncode == 0, proc.stderr
    table = objs[0]["result"]
    assert table["columns"][:3] == ["name", "rows", "columns"]
    listed = {row[0]: (row[1], row[2]) for row in table["rows"]}
    expected = {}
    for name in NAMES:
        header, rows = read_csv(DATASETS / f"{name}.csv")
        expected[name] = (len(rows), len(header))
    assert listed == expected


@pytest.mark.parametrize("name", NAMES)
def test_bundled_dataset_loads_like_python_reads_it(run_json, name):
    header, rows = read_csv(DATASETS / f"{name}.csv")
    proc, objs = run_json(f"load {name}\ncolumns\n")
    assert proc.returncode == 0, proc.stderr
    loaded, columns = objs[0]["result"], objs[1]["result"]
    assert (loaded["name"], loaded["rows"], loaded["columns"]) == (name, len(rows), len(header))
    assert [r[1] for r in columns["rows"]] == header
    assert [r[2] for r in columns["rows"]] == column_types(DATASETS / f"{name}.csv")
    assert loaded["sha256"] == content_sha256(DATASETS / f"{name}.csv")
    missing = [sum(1 for r in rows if r[j].strip() in MISSING_MARKERS) for j in range(len(header))]
    assert [r[3] for r in columns["rows"]] == missing
