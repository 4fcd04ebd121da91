"""Scoring rules against published values and brute-force loops; calibration table; properties."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from toto13.estimators import (brier, calibration_table, favourite_hit_rate, log_loss, rps,
                               score_all)


def test_rps_hand_worked():
    # Worked by hand from the definition (Epstein 1969): RPS = ((P1 - E1)^2 + (P1 + P2 - E1 - E2)^2) / 2.
    # E.g. (0.5, 0.25, 0.25), home win: ((0.5 - 1)^2 + (0.75 - 1)^2) / 2 = (0.25 + 0.0625) / 2 = 0.15625;
    # (0.6, 0.15, 0.25), draw: ((0.6 - 0)^2 + (0.75 - 1)^2) / 2 = (0.36 + 0.0625) / 2 = 0.21125.
    # The away-win forecast (0, 0, 1) is punished more for a home win (RPS 1) than a draw forecast
    # (0, 1, 0) (RPS 0.5): the ordering the rule is built for.
    probs = [[1, 0, 0], [0.9, 0.1, 0], [0.8, 0.1, 0.1], [0.5, 0.25, 0.25], [0.35, 0.3, 0.35],
             [0.6, 0.15, 0.25], [0, 0, 1], [0, 1, 0]]
    outcomes = [0, 0, 0, 0, 1, 1, 0, 0]
    worked = [0, 0.005, 0.025, 0.15625, 0.1225, 0.21125, 1.0, 0.5]
    np.testing.assert_allclose(rps(probs, outcomes, per_match=True), worked, rtol=1e-12, atol=1e-15)
    # Brier of (0.5, 0.3, 0.2), home win: 0.25 + 0.09 + 0.04 = 0.38; log loss of a draw: -ln 0.3
    assert brier([[0.5, 0.3, 0.2]], [0]) == pytest.approx(0.38, rel=1e-12)
    assert log_loss([[0.5, 0.3, 0.2]], [1]) == pytest.approx(1.2039728043259361, rel=1e-12)


def _loops(p, o):
    b = ll = r = 0.0
    for row, k in zip(p, o):
        b += sum((row[c] - (c == k)) ** 2 for c in range(3))
        ll += -np.log(row[k])
        r += ((row[0] - (k == 0)) ** 2 + (row[0] + row[1] - (k <= 1)) ** 2) / 2
    n = len(o)
    return b / n, ll / n, r / n


@st.composite
def forecasts(draw):
    n = draw(st.integers(1, 40))
    raw = draw(arrays(np.float64, (n, 3), elements=st.floats(0.01, 1.0)))
    o = draw(arrays(np.int64, n, elements=st.integers(0, 2)))
    return raw / raw.sum(axis=1, keepdims=True), o


@given(forecasts())
def test_against_loops_and_ranges(fo):
    p, o = fo
    b, ll, r = _loops(p, o)
    assert brier(p, o) == pytest.approx(b, rel=1e-12)
    assert log_loss(p, o) == pytest.approx(ll, rel=1e-12)
    assert rps(p, o) == pytest.approx(r, rel=1e-12, abs=1e-15)
    assert 0 <= rps(p, o) <= 1 and 0 <= brier(p, o) <= 2 and log_loss(p, o) >= 0
    assert rps(p, o, per_match=True).shape == (len(o),)
    s = score_all(p, o)
    assert s["matches"] == len(o) and s["rps"] == pytest.approx(rps(p, o), rel=1e-12)
    perfect = np.eye(3)[o]
    assert brier(perfect, o) == 0 and rps(perfect, o) == 0 and favourite_hit_rate(perfect, o) == 1


def test_favourite_and_ties():
    assert favourite_hit_rate([[0.4, 0.4, 0.2], [0.2, 0.3, 0.5]], [0, 1]) == 0.5
    assert favourite_hit_rate(np.full((3, 3), 1 / 3), [0, 1, 2]) == pytest.approx(1 / 3)


def test_log_loss_of_impossible_outcome_is_inf():
    assert log_loss([[1.0, 0.0, 0.0]], [1]) == np.inf


def test_calibration_table_counts_and_means():
    rng = np.random.default_rng(0)
    p = rng.dirichlet([3, 2, 2], size=2000)
    o = np.array([rng.choice(3, p=row) for row in p])
    t = calibration_table(p, o, bins=10)
    for name, col in (("home", 0), ("draw", 1), ("away", 2)):
        sub = t[t.outcome == name]
        assert sub["n"].sum() == 2000
        assert (sub["n"] * sub["forecast"]).sum() == pytest.approx(p[:, col].sum())
        assert (sub["n"] * sub["observed"]).sum() == pytest.approx((o == col).sum())
    assert t[t.outcome == "all"]["n"].sum() == 6000
    # outcomes drawn from the forecasts: calibrated within 4 standard errors in every well-filled bin
    big = t[(t.outcome == "all") & (t.n >= 100)]
    assert (np.abs(big.observed - big.forecast) <= 4 * big.stderr + 1e-9).all()


@pytest.mark.parametrize("probs, outcomes, match", [
    ([[0.5, 0.3, 0.2]], [3], r"outcomes\[0\]"),
    ([[0.5, 0.3, 0.2]], [0, 1], "2 entries"),
    ([[0.5, 0.3, 0.3]], [0], "row 0"),
    ([[0.5, 0.5]], [0], "shape"),
    (np.empty((0, 3)), [], "at least one"),
])
def test_bad_input(probs, outcomes, match):
    with pytest.raises(ValueError, match=match):
        rps(probs, outcomes)
