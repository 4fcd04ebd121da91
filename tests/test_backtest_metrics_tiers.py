"""``tier_returns``: the expected beside the realised return and hits per prize tier, against hand
computations."""
from __future__ import annotations

import math

import numpy as np
import pytest

from toto13.backtest.metrics import TierReturn, tier_returns

NAN = math.nan


def test_hand_computed_table():
    """Three rounds, two tiers; the third has no expected return and the fourth no cost: both left out.
    Every figure below is worked out by hand from the arrays."""
    cost = [10.0, 30.0, 7.0, 0.0]
    expected = [[1.0, 3.0], [5.0, 11.0], [NAN, NAN], [2.0, 2.0]]
    paid = [[0.0, 0.0], [8.0, 0.0], [70.0, 700.0], [0.0, 0.0]]
    hits = [[1.5, 0.25], [2.5, 0.0], [9.0, 9.0], [1.0, 1.0]]
    won = [[0, 0], [7, 0], [3, 1], [0, 0]]
    t10, t11 = tier_returns(cost, expected, paid, hits, won, (10, 11))
    assert t10 == TierReturn(tier=10, rounds=2, expected_per_stake=6 / 40, realised_per_stake=8 / 40,
                             expected_hits=4.0, achieved_hits=7, z=(7 - 4) / 2, paying_rounds=1)
    assert t11 == TierReturn(tier=11, rounds=2, expected_per_stake=14 / 40, realised_per_stake=0.0,
                             expected_hits=0.25, achieved_hits=0, z=-0.25 / 0.5, paying_rounds=0)
    assert t10.z == 1.5 and t11.z == -0.5


@pytest.mark.parametrize("hits, won, z", [
    (0.0, 0, 0.0),        # nothing expected, nothing came
    (0.0, 2, math.inf),   # nothing expected, something came
])
def test_z_without_expected_hits(hits, won, z):
    t = tier_returns([1.0], [[0.0]], [[0.0]], [[hits]], [[won]], (13,))[0]
    assert t.z == z


def test_no_round_with_an_expected_return():
    (t,) = tier_returns([2.0, 2.0], [[NAN], [NAN]], [[5.0], [0.0]], [[NAN], [NAN]], [[1], [0]], (10,))
    assert t.rounds == 0 and t.achieved_hits == 0 and t.paying_rounds == 0
    assert all(math.isnan(v) for v in (t.expected_per_stake, t.realised_per_stake, t.expected_hits, t.z))


def test_as_dict_keys():
    t = tier_returns([1.0], [[0.5]], [[0.0]], [[0.1]], [[0]], (12,))[0]
    assert list(t.as_dict()) == ["expected_per_stake", "realised_per_stake", "expected_hits",
                                 "achieved_hits", "z", "paying_rounds"]


def test_tiers_add_up_to_the_totals():
    rng = np.random.default_rng(3)
    cost = rng.uniform(1, 5, 20)
    expected, paid = rng.uniform(0, 3, (20, 4)), rng.uniform(0, 3, (20, 4))
    expected[[2, 5]] = NAN
    t = tier_returns(cost, expected, paid, np.ones((20, 4)), np.ones((20, 4), dtype=int), (10, 11, 12, 13))
    on = np.isfinite(expected[:, 0])
    assert sum(x.expected_per_stake for x in t) == pytest.approx(expected[on].sum() / cost[on].sum())
    assert sum(x.realised_per_stake for x in t) == pytest.approx(paid[on].sum() / cost[on].sum())
