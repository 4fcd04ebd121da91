"""The Dixon-Coles model: likelihood and gradient against independent computations, predictions against
scipy's Skellam distribution, parameter recovery on simulated seasons, and no look-ahead."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats

from toto13.estimators import DixonColes, fit_dixon_coles, predict_rolling
# the likelihood and its gradient are the units under test here (checked against a hand-written formula
# and finite differences), so the private helpers are imported on purpose
from toto13.estimators.model import _negloglik, _score_matrices


def _tau(x, y, lam, mu, rho):
    # Dixon & Coles (1997), eq. (4.2)
    if x == 0 and y == 0:
        return 1 - lam * mu * rho
    if x == 0 and y == 1:
        return 1 + lam * rho
    if x == 1 and y == 0:
        return 1 + mu * rho
    if x == 1 and y == 1:
        return 1 - rho
    return 1.0


def _problem(seed=0, n=300, nt=6):
    rng = np.random.default_rng(seed)
    hi = rng.integers(0, nt, n)
    ai = (hi + rng.integers(1, nt, n)) % nt
    x = rng.poisson(1.5, n).astype(float)
    y = rng.poisson(1.1, n).astype(float)
    w = rng.random(n)
    theta = rng.normal(0, 0.2, 2 * nt + 3)
    theta[-1] = -0.08
    return theta, hi, ai, x, y, w, nt


def test_likelihood_against_direct_formula():
    theta, hi, ai, x, y, w, nt = _problem()
    ridge = 0.3
    a, d, c, h, rho = theta[:nt], theta[nt:2 * nt], *theta[2 * nt:]
    ll = 0.0
    for i in range(len(x)):
        lam = np.exp(c + h + a[hi[i]] + d[ai[i]])
        mu = np.exp(c + a[ai[i]] + d[hi[i]])
        p = _tau(x[i], y[i], lam, mu, rho) * stats.poisson.pmf(x[i], lam) * stats.poisson.pmf(y[i], mu)
        # the library drops the constant -log(x! y!)
        ll += w[i] * (np.log(p) + np.log(float(np.prod(range(1, int(x[i]) + 1))))
                      + np.log(float(np.prod(range(1, int(y[i]) + 1)))))
    want = -(ll - ridge * (a @ a + d @ d))
    assert _negloglik(theta, hi, ai, x, y, w, nt, ridge)[0] == pytest.approx(want, rel=1e-12)


def test_gradient_against_finite_differences():
    theta, hi, ai, x, y, w, nt = _problem(1)
    f = lambda t: _negloglik(t, hi, ai, x, y, w, nt, 0.5)[0]  # noqa: E731
    g = lambda t: _negloglik(t, hi, ai, x, y, w, nt, 0.5)[1]  # noqa: E731
    assert optimize.check_grad(f, g, theta, epsilon=1e-6) < 1e-4 * np.abs(g(theta)).max()


def test_predict_without_rho_is_skellam():
    # rho = 0: independent Poisson goals, so P(home) = P(X - Y > 0) is the Skellam survival function
    m = DixonColes(("A", "B"), np.array([0.3, -0.1]), np.array([-0.2, 0.15]), 0.1, 0.25, 0.0)
    p = m.predict(["A", "B"], ["B", "A"], max_goals=40)
    lam, mu = m.rates(["A", "B"], ["B", "A"])
    want = np.column_stack([stats.skellam.sf(0, lam, mu), stats.skellam.pmf(0, lam, mu),
                            stats.skellam.cdf(-1, lam, mu)])
    np.testing.assert_allclose(p, want, rtol=1e-10)


def test_predict_with_rho_matches_score_matrix_by_hand():
    m = DixonColes(("A", "B"), np.array([0.3, -0.1]), np.array([-0.2, 0.15]), 0.1, 0.25, -0.12)
    lam, mu = (v[0] for v in m.rates(["A"], ["B"]))
    g = 30
    mat = np.array([[_tau(i, j, lam, mu, -0.12) * stats.poisson.pmf(i, lam) * stats.poisson.pmf(j, mu)
                     for j in range(g + 1)] for i in range(g + 1)])
    mat /= mat.sum()
    want = [np.tril(mat, -1).sum(), np.trace(mat), np.triu(mat, 1).sum()]
    np.testing.assert_allclose(m.predict(["A"], ["B"], max_goals=g)[0], want, rtol=1e-12)
    np.testing.assert_allclose(m.score_matrix("A", "B", 30), mat, rtol=1e-12)
    # an unseen team gets the newcomer parameters, and every row still sums to 1
    assert m.predict(["Z"], ["A"]).sum() == pytest.approx(1.0)


def _simulate(rng, true: DixonColes, n):
    k = len(true.teams)
    hi = rng.integers(0, k, n)
    ai = (hi + rng.integers(1, k, n)) % k
    teams = np.array(true.teams)
    lam, mu = true.rates(teams[hi], teams[ai])
    mats = _score_matrices(lam, mu, true.rho, 12).reshape(n, -1)
    s = (mats.cumsum(axis=1) < rng.random(n)[:, None]).sum(axis=1)  # inverse-cdf draw per match
    x, y = np.divmod(np.minimum(s, 168), 13)
    return teams[hi], teams[ai], x.astype(float), y.astype(float)


def test_recovers_parameters_of_a_simulated_league():
    rng = np.random.default_rng(7)
    att = np.array([0.35, 0.2, 0.05, 0.0, -0.1, -0.2, -0.3, 0.0])
    dfc = np.array([-0.3, -0.15, 0.0, 0.05, 0.1, 0.1, 0.2, 0.0])
    true = DixonColes(tuple("ABCDEFGH"), att, dfc, 0.1, 0.3, -0.1)
    h, a, x, y = _simulate(rng, true, 20000)
    m = fit_dixon_coles(h, a, x, y, ridge=0.0)
    # 20,000 matches: standard errors about 0.01 for h and 0.02 for rho
    assert m.home == pytest.approx(0.3, abs=0.04)
    assert m.rho == pytest.approx(-0.1, abs=0.08)
    strength = m.attack - m.defence
    assert np.corrcoef(strength, att - dfc)[0, 1] > 0.98
    np.testing.assert_allclose(m.predict(["A", "G"], ["G", "A"]), true.predict(["A", "G"], ["G", "A"]),
                               atol=0.03)


def test_time_decay_weights_recent_matches():
    # Team A was strong long ago and weak lately: with decay its attack is lower than without.
    rng = np.random.default_rng(3)
    n = 2000
    dates = pd.date_range("2015-01-01", periods=n, freq="D")
    h = np.where(rng.random(n) < 0.5, "A", "B")
    a = np.where(h == "A", "B", "A")
    early = np.arange(n) < n // 2
    x = rng.poisson(np.where((h == "A") & early, 3.0, 1.0))
    y = rng.poisson(np.where((a == "A") & early, 3.0, 1.0))
    flat = fit_dixon_coles(h, a, x, y, dates, xi=0.0, ridge=0.0)
    decay = fit_dixon_coles(h, a, x, y, dates, xi=0.01, ridge=0.0)
    ia = flat.teams.index("A")
    assert decay.attack[ia] - decay.attack[1 - ia] < flat.attack[ia] - flat.attack[1 - ia] - 0.3


def test_no_look_ahead():
    rng = np.random.default_rng(5)
    teams = [f"T{i}" for i in range(8)]
    rows = []
    for day in pd.date_range("2020-08-01", periods=24, freq="7D"):
        perm = rng.permutation(8)
        for k in range(4):
            rows.append({"date": day, "home_team": teams[perm[2 * k]], "away_team": teams[perm[2 * k + 1]],
                         "home_goals": float(rng.poisson(1.5)), "away_goals": float(rng.poisson(1.1))})
    df = pd.DataFrame(rows)
    p1 = predict_rolling(df, min_matches=40)
    changed = df.copy()
    late = changed["date"] >= pd.Timestamp("2020-12-01")
    changed.loc[late, "home_goals"] = 9.0
    p2 = predict_rolling(changed, min_matches=40)
    # matches up to and including the first changed week never see the changed results
    first = changed.loc[late, "date"].min()
    keep = (df["date"] <= first).to_numpy()
    np.testing.assert_array_equal(np.isnan(p1), np.isnan(p2))
    np.testing.assert_allclose(p1[keep], p2[keep], equal_nan=True)
    assert not np.allclose(p1[~keep], p2[~keep])
    assert np.isnan(p1[:40]).all() and not np.isnan(p1[-1]).any()
    np.testing.assert_allclose(np.nansum(p1, axis=1)[~np.isnan(p1[:, 0])], 1.0)


def test_refuses_future_matches_and_bad_input():
    d = pd.date_range("2020-01-01", periods=20, freq="D")
    t = np.array(["A", "B"] * 10)
    u = np.array(["B", "A"] * 10)
    g = np.ones(20)
    with pytest.raises(ValueError, match="as_of"):
        fit_dixon_coles(t, u, g, g, d, as_of="2020-01-10")
    with pytest.raises(ValueError, match="at least 10"):
        fit_dixon_coles(t[:5], u[:5], g[:5], g[:5])
    with pytest.raises(ValueError, match="goals"):
        fit_dixon_coles(t, u, -g, g)
    with pytest.raises(ValueError, match="xi"):
        fit_dixon_coles(t, u, g, g, d, xi=-1)
