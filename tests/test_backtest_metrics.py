"""Summary metrics against brute force and numpy."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from toto13.backtest import bootstrap_roi, longest_losing_run, max_drawdown, sharpe, summarize

money = st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=1, max_size=60)


@given(money)
@example([-1.0, -2.0, -3.0])
@example([5.0])
def test_max_drawdown_brute_force(profit):
    b = [0.0]
    for p in profit:
        b.append(b[-1] + p)
    brute = max(b[i] - b[j] for i in range(len(b)) for j in range(i, len(b)))
    assert max_drawdown(profit) == pytest.approx(brute, abs=1e-6)


@given(money)
def test_longest_losing_run_brute_force(profit):
    brute = 0
    for i in range(len(profit)):
        for j in range(i, len(profit)):
            if all(p < 0 for p in profit[i:j + 1]):
                brute = max(brute, j - i + 1)
    assert longest_losing_run(profit) == brute


def test_sharpe_against_numpy():
    rng = np.random.default_rng(0)
    cost = rng.uniform(10, 20, 50)
    profit = rng.normal(-2, 5, 50)
    r = profit / cost
    assert sharpe(profit, cost) == pytest.approx(r.mean() / r.std(ddof=1))
    assert np.isnan(sharpe([1.0], [1.0]))


def test_bootstrap_roi():
    rng = np.random.default_rng(1)
    cost = np.full(400, 50.0)
    profit = np.where(rng.random(400) < 0.1, 300.0, -50.0)  # true ROI = 0.1 x 7 - 1 = -0.3
    lo, hi = bootstrap_roi(profit, cost, rng=7)
    assert (lo, hi) == bootstrap_roi(profit, cost, rng=7)  # seeded: reproducible
    roi = profit.sum() / cost.sum()
    assert lo < roi < hi and lo < -0.3 < hi
    # normal approximation of the same interval (binomial share of winning rounds): within 20 %
    p = (profit > 0).mean()
    se = 350.0 * np.sqrt(p * (1 - p) / 400) / 50.0
    assert (hi - lo) == pytest.approx(2 * 1.96 * se, rel=0.2)
    with pytest.raises(ValueError, match="level"):
        bootstrap_roi(profit, cost, level=1.5)


def test_summarize():
    s = summarize([-10, 30, -10], [10, 10, 10], [0, 40, 0], [20, 20, 20], [9, 11, 10],
                  [[0.0, 0.1, 0.5, 0.9]] * 3, (13, 12, 11, 10), bankroll=100, rng=0)
    assert s.rounds == 3 and s.tips == 60 and s.total_cost == 30 and s.winnings == 40
    assert s.profit == 10 and s.roi == pytest.approx(1 / 3) and s.final_bankroll == 110
    assert s.reached == {13: 0.0, 12: 0.0, 11: pytest.approx(1 / 3), 10: pytest.approx(2 / 3)}
    assert s.promised[10] == pytest.approx(0.9)
    assert s.longest_losing_run == 1 and s.max_drawdown == 10
    d = s.as_dict()
    assert d["reach_10_promised"] == pytest.approx(0.9) and d["roi_ci_low"] <= d["roi"] <= d["roi_ci_high"]


def test_promised_and_achieved_over_the_same_rounds():
    # round 2 was skipped (no odds: no tips, no promise); it must not count as a miss
    best = [10, -1, 9, 10]
    promised = [[0.9], [np.nan], [0.9], [0.9]]
    s = summarize([0, 0, 0, 0], [1, 0, 1, 1], [1, 0, 1, 1], [1, 0, 1, 1], best, promised, (10,), rng=0)
    assert s.promised[10] == pytest.approx(0.9)
    assert s.reached[10] == pytest.approx(2 / 3)
