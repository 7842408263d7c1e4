"""`drift` through the binary: its scores are scipy's distances on the same rows."""
import numpy as np
import pandas as pd
from scipy.spatial.distance import jensenshannon
from scipy.stats import wasserstein_distance

from conftest import DATASETS, frames_table


def test_drift_of_a_time_split_is_scipys(run_json):
    proc, objs = run_json('load seattle_weather\nsplit by=date at=2015-01-01\ndrift precipitation temp_max wind weather\n')
    assert proc.returncode == 0, proc.stderr
    table = objs[-1]["result"]
    df = pd.read_csv(DATASETS / "seattle_weather.csv")
    before, after = df[df.date < "2015-01-01"], df[df.date >= "2015-01-01"]
    expected = {}
    for column in ["precipitation", "temp_max", "wind"]:
        expected[column] = wasserstein_distance(before[column], after[column]) / np.std(before[column])
    keys = sorted(set(df.weather))
    share = lambda part: [(part.weather == k).mean() for k in keys]  # noqa: E731
    expected["weather"] = jensenshannon(share(before), share(after))
    got = {row[0]: row[3] for row in table["rows"]}
    assert got.keys() == expected.keys()
    for column, score in expected.items():
        assert abs(got[column] - score) <= 1e-9 * max(1, score), column
    assert [row[4] for row in table["rows"]] == ["yes" if expected[r[0]] >= 0.1 else "no" for r in table["rows"]]


def test_drift_without_a_split_says_how_to_get_one(run_opslab):
    proc = run_opslab(stdin="load iris\ndrift\nframes\n")
    assert "error: <stdin>:2: 'iris' has no split to compare test rows with training rows" in proc.stderr
    assert "drift against=NAME" in proc.stderr
    assert frames_table(proc.stdout) == {"iris": (150, 5, True)}
