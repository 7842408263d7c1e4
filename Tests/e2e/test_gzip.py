"""gzip-compressed CSV (.csv.gz), read and written, against pandas' own reading and writing."""
import gzip

import pandas as pd

from conftest import DATASETS, content_sha256


def test_pandas_gzip_output_loads_as_the_csv_it_holds(run_json, tmp_path):
    df = pd.read_csv(DATASETS / "titanic.csv")
    df.to_csv(tmp_path / "people.csv.gz", index=False)  # compression from the name, as a user would write it
    proc, objs = run_json("load people.csv.gz\ncolumns\n")
    assert proc.returncode == 0, proc.stderr
    loaded, columns = objs[0]["result"], objs[1]["result"]
    assert (loaded["name"], loaded["rows"], loaded["columns"]) == ("people", len(df), len(df.columns))
    (tmp_path / "people.csv").write_bytes(gzip.decompress((tmp_path / "people.csv.gz").read_bytes()))
    assert loaded["sha256"] == content_sha256(tmp_path / "people.csv", [r[2] for r in columns["rows"]])
    assert [r[1] for r in columns["rows"]] == list(df.columns)
    assert [r[3] for r in columns["rows"]] == [int(n) for n in df.isna().sum()]


def test_write_gz_is_read_back_by_pandas_unchanged(run_json, tmp_path):
    proc, _ = run_json("load titanic\nwrite titanic_out.csv.gz\n")
    assert proc.returncode == 0, proc.stderr
    raw = (tmp_path / "titanic_out.csv.gz").read_bytes()
    assert raw[:2] == b"\x1f\x8b"
    assert gzip.decompress(raw).startswith(b"pclass,survived,name,sex,age")
    ours = pd.read_csv(tmp_path / "titanic_out.csv.gz")
    assert ours.equals(pd.read_csv(DATASETS / "titanic.csv"))


def test_a_script_pins_the_data_of_the_compressed_file(run_opslab, tmp_path):
    text = (DATASETS / "iris.csv").read_bytes()
    (tmp_path / "iris.csv.gz").write_bytes(gzip.compress(text, compresslevel=6, mtime=0))
    proc = run_opslab(stdin="load iris.csv.gz\nsave session s.lab\n")
    assert proc.returncode == 0, proc.stderr
    assert run_opslab(["run", "s.lab"]).returncode == 0
    # The same text compressed otherwise is other bytes but the same data: it still replays.
    (tmp_path / "iris.csv.gz").write_bytes(gzip.compress(text, compresslevel=1, mtime=0))
    assert run_opslab(["run", "s.lab"]).returncode == 0
    # One value changed is other data: the replay stops and names the file.
    (tmp_path / "iris.csv.gz").write_bytes(gzip.compress(text.replace(b"5.1,", b"5.2,", 1), mtime=0))
    replay = run_opslab(["run", "s.lab"])
    assert replay.returncode == 1
    assert "iris.csv.gz" in replay.stderr and "sha256" in replay.stderr.lower()


def test_a_cut_gzip_file_is_one_clear_error(run_opslab, tmp_path):
    whole = gzip.compress((DATASETS / "adult.csv").read_bytes())
    (tmp_path / "adult.csv.gz").write_bytes(whole[: len(whole) // 2])
    proc = run_opslab(stdin="load adult.csv.gz\nframes\n")
    assert "adult.csv.gz ends before its compressed data does: the file is cut short" in proc.stderr
    assert "adult" not in proc.stdout.split("adult.csv.gz")[0]  # nothing loaded: frames lists none


def test_tsv_names_mean_tabs_both_ways_compressed_or_not(run_json, tmp_path):
    proc, objs = run_json("load iris\nwrite plain.tsv\nwrite packed.tsv.gz\nload packed.tsv.gz as back\n")
    assert proc.returncode == 0, proc.stderr
    iris = pd.read_csv(DATASETS / "iris.csv")
    assert pd.read_csv(tmp_path / "plain.tsv", sep="\t").equals(iris)
    assert pd.read_csv(tmp_path / "packed.tsv.gz", sep="\t").equals(iris)
    assert (objs[-1]["result"]["name"], objs[-1]["result"]["columns"]) == ("back", 5)
