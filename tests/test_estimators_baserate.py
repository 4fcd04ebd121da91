"""Uniform, base rates, the constant pick rate and expanding (no look-ahead) base rates."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from toto13.estimators import (base_rate_table, base_rates, expanding_base_rates, pick_hit_rate,
                               uniform)


def test_uniform():
    u = uniform()
    assert u.shape == (13, 3) and np.allclose(u.sum(axis=1), 1) and np.all(u == 1 / 3)
    with pytest.raises(ValueError, match="matches"):
        uniform(0)


def test_base_rates_selection():
    df = pd.DataFrame({"league": ["D1", "D1", "D2", "D1", "D1"], "season": [2000, 2001, 2001, 2002, 2002],
                       "result": [0, 1, 2, 2, -1]})
    r = base_rates(df)
    assert r.matches == 4 and r.counts.tolist() == [1, 1, 2]
    r = base_rates(df, league="D1", seasons=(2001, 2002))
    assert r.counts.tolist() == [0, 1, 1] and r.probs.tolist() == [0, 0.5, 0.5]
    assert r.table(13).shape == (13, 3)
    with pytest.raises(ValueError, match="no played matches"):
        base_rates(df, league="E0")
    with pytest.raises(ValueError, match="results\\[0\\]"):
        base_rates([5])
    with pytest.raises(ValueError, match="DataFrame"):
        base_rates([0, 1], league="D1")
    t = base_rate_table(df, by="league")
    assert t.loc["D1", "matches"] == 3 and t.loc["D2", "away"] == 1.0


def test_pick_hit_rate():
    assert pick_hit_rate([0, 0, 1, 2], "1") == 0.5
    assert pick_hit_rate([0, 0, 1, 2], "draw") == 0.25
    assert pick_hit_rate([0, 0, 1, 2], 2) == 0.25
    with pytest.raises(ValueError, match="pick"):
        pick_hit_rate([0], "both")


@given(st.lists(st.tuples(st.integers(0, 10), st.integers(-1, 2)), min_size=1, max_size=40))
def test_expanding_matches_brute_force(rows):
    d = np.array([r[0] for r in rows])
    o = np.array([r[1] for r in rows])
    got = expanding_base_rates(d, o)
    for i in range(len(rows)):
        before = o[(d < d[i]) & (o >= 0)]
        want = np.bincount(before, minlength=3) / len(before) if len(before) else np.full(3, 1 / 3)
        np.testing.assert_allclose(got[i], want, rtol=1e-12)


def test_engsoccer_tier1_base_rates(shared_data):
    # README section 6: tier 1, 1963/64-2024/25: 50.0 % / 25.6 % / 24.4 % over 18,874 matches
    from toto13.io.footballdata import read_engsoccer
    t = read_engsoccer(shared_data / "engsoccerdata" / "germany.csv", tier=1)
    r = base_rates(t, seasons=(1963, 2024))
    assert r.matches == 18874
    assert [round(100 * x, 1) for x in r.probs] == [50.0, 25.6, 24.4]
    assert pick_hit_rate(t, "home") == pytest.approx(r.probs[0])
