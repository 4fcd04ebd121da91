"""Recalibration of odds probabilities on earlier seasons (favourite-longshot bias, draw rate)."""
from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize

from toto13.estimators import Recalibration, fit_recalibration, recalibrate_by_season


def _draw(rng, q):
    return (rng.random(len(q))[:, None] > np.cumsum(q, axis=1)).sum(axis=1)


def test_fit_recovers_a_known_map_seeded_monte_carlo():
    rng = np.random.default_rng(11)
    p = rng.dirichlet([5, 3, 3], size=40000)
    truth = Recalibration(slope=1.2, a_draw=-0.15, a_away=0.05)
    y = _draw(rng, truth.apply(p))
    fit = fit_recalibration(p, y)
    assert fit.slope == pytest.approx(1.2, abs=0.04)
    assert fit.a_draw == pytest.approx(-0.15, abs=0.04) and fit.a_away == pytest.approx(0.05, abs=0.04)
    assert fit.matches == 40000


def test_fit_is_the_likelihood_maximum_found_independently():
    rng = np.random.default_rng(2)
    p = rng.dirichlet([3, 2, 2], size=3000)
    y = _draw(rng, p)

    def nll(t):  # written out per match, without the vectorised code under test
        total = 0.0
        for row, k in zip(p, y):
            w = np.exp(t[0] * np.log(row) + np.array([0.0, t[1], t[2]]))
            total -= np.log(w[k] / w.sum())
        return total

    ref = minimize(nll, [1.0, 0.0, 0.0], method="Nelder-Mead", options={"xatol": 1e-7, "fatol": 1e-9}).x
    fit = fit_recalibration(p, y)
    assert [fit.slope, fit.a_draw, fit.a_away] == pytest.approx(ref, abs=2e-3)


def test_by_season_sees_only_earlier_seasons():
    rng = np.random.default_rng(5)
    n = 3000
    p = rng.dirichlet([4, 2, 3], size=n)
    y = _draw(rng, p)
    seasons = np.repeat([2000, 2001, 2002], n // 3)
    q, ok = recalibrate_by_season(p, y, seasons, min_matches=500)
    assert not ok[seasons == 2000].any() and ok[seasons > 2000].all()
    y2 = y.copy()
    y2[seasons == 2002] = 1  # rewriting the last season's results changes no forecast
    q2, _ = recalibrate_by_season(p, y2, seasons, min_matches=500)
    np.testing.assert_array_equal(q[ok], q2[ok])
    ref = fit_recalibration(p[seasons == 2000], y[seasons == 2000]).apply(p[seasons == 2001])
    np.testing.assert_allclose(q[seasons == 2001], ref)


def test_bad_input():
    with pytest.raises(ValueError, match="probs"):
        fit_recalibration([[0.5, 0.5, 0.0]], [0])
    with pytest.raises(ValueError, match="outcomes"):
        fit_recalibration([[0.5, 0.3, 0.2]], [3])
    with pytest.raises(ValueError, match="same length"):
        recalibrate_by_season([[0.5, 0.3, 0.2]], [0, 1], [2000])
