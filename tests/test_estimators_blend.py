"""The odds-and-crowd blend: the fit, rows summing to 1, rolling origin, spelvärde calibration, errors."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from scipy.optimize import minimize
from scipy.special import logsumexp

from toto13.estimators import Blend, blend_by_season, calibration_by_value, fit_blend, remove_margin


def _draw(rng, p):
    return (rng.random(len(p))[:, None] > np.cumsum(p, axis=1)).sum(axis=1)


def _synthetic(seed, n, truth):
    rng = np.random.default_rng(seed)
    q = rng.dirichlet([5, 3, 3], size=n)
    c = np.exp(np.log(q) + rng.normal(0, 0.3, size=(n, 3)))  # shares near the odds, as on real rounds
    c /= c.sum(axis=1, keepdims=True)
    return q, c, _draw(rng, truth.apply(q, c))


def test_fit_is_the_likelihood_maximum_found_independently():
    q, c, y = _synthetic(2, 3000, Blend(0.8, 0.3, -0.1, 0.05))

    lq, lc, rows = np.log(q), np.log(c), np.arange(len(y))

    def nll(t):  # the likelihood written out apart from the code under test (logsumexp, no gradient)
        z = t[0] * lq + t[1] * lc + np.array([0.0, t[2], t[3]])
        return -(z[rows, y] - logsumexp(z, axis=1)).sum()

    ref = minimize(nll, [1.0, 0.0, 0.0, 0.0], method="Nelder-Mead",
                   options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 8000}).x
    b = fit_blend(q, c, y)
    assert [b.odds_weight, b.crowd_weight, b.a_draw, b.a_away] == pytest.approx(ref, abs=2e-3)


def test_fit_recovers_known_weights_within_their_standard_errors():
    truth = Blend(0.8, 0.3, -0.1, 0.05)
    q, c, y = _synthetic(11, 20000, truth)
    b = fit_blend(q, c, y)
    est = np.array([b.odds_weight, b.crowd_weight, b.a_draw, b.a_away])
    true = np.array([0.8, 0.3, -0.1, 0.05])
    assert (np.abs(est - true) < 3 * np.array(b.stderr)).all(), (est, b.stderr)
    assert b.matches == 20000 and b.margin_method.value == "power"
    no_icpt = fit_blend(q, c, y, intercepts=False)
    assert no_icpt.a_draw == 0.0 and len(no_icpt.stderr) == 2


def test_fit_records_dates_and_half_life_weights_recent_matches_more():
    q, c, y = _synthetic(4, 4000, Blend(1.0, 0.0))
    dates = np.datetime64("2010-01-02") + np.arange(4000)
    y[-1000:] = _draw(np.random.default_rng(0), Blend(0.2, 0.8).apply(q[-1000:], c[-1000:]))
    flat = fit_blend(q, c, y, dates=dates)
    recent = fit_blend(q, c, y, dates=dates, half_life=200)
    assert (flat.first, flat.last) == ("2010-01-02", str(dates[-1]))
    assert recent.half_life == 200 and recent.crowd_weight > flat.crowd_weight + 0.2


def test_odds_are_margin_removed_and_a_missing_crowd_falls_back_to_the_odds():
    odds = np.array([[2.0, 3.4, 3.8], [1.5, 4.0, 6.5]])
    b = Blend(0.9, 0.2, -0.1, 0.0, margin_method="shin")
    q = remove_margin(odds, "shin").probs
    np.testing.assert_allclose(b.apply(odds, [[40, 30, 30], [60, 25, 15]]),
                               b.apply(q, [[0.4, 0.3, 0.3], [0.6, 0.25, 0.15]]))
    np.testing.assert_allclose(b.apply(odds, None), q)
    out = b.apply([[np.nan] * 3, [0.5, 0.3, 0.2]], [[0.3, 0.3, 0.4], [np.nan] * 3])
    assert np.isnan(out[0]).all() and out[1].tolist() == [0.5, 0.3, 0.2]


def test_zero_crowd_share_is_floored():
    out = Blend(0.5, 0.5).apply([[0.5, 0.3, 0.2]], [[70, 30, 0]])
    assert (out > 0).all() and out.sum() == pytest.approx(1.0)


@st.composite
def _case(draw):
    n = draw(st.integers(1, 6))
    rows = st.lists(st.floats(0.01, 1.0), min_size=3, max_size=3)
    q = np.array(draw(st.lists(rows, min_size=n, max_size=n)))
    c = np.array(draw(st.lists(rows, min_size=n, max_size=n)))
    c[np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))] = np.nan
    w = draw(st.lists(st.floats(-3, 3), min_size=4, max_size=4))
    return q / q.sum(axis=1, keepdims=True), c, Blend(*w)


@given(_case())
@example((np.full((1, 3), 1 / 3), np.array([[1e-9, 0.5, 0.5]]), Blend(-3.0, 3.0, 3.0, -3.0)))
def test_rows_sum_to_one(case):
    q, c, b = case
    p = b.apply(q, c)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-12)
    assert ((p >= 0) & (p <= 1)).all()


def test_calibration_z_against_a_hand_computation():
    # spelvärde p / c: match 1 (2.0, 1.2, 0.4), result home; match 2 (1.2, 0.8, 0.8), result away.
    t = calibration_by_value([[0.5, 0.3, 0.2], [0.6, 0.2, 0.2]], [[25, 25, 50], [50, 25, 25]], [0, 2],
                             edges=[0, 1, 2, np.inf])
    assert t.columns.tolist() == ["lo", "hi", "n", "predicted", "happened", "z"]
    # [0, 1): p = 0.2, 0.2, 0.2, one happened: (1 - 0.6) / sqrt(3 * 0.16)
    # [1, 2): p = 0.3, 0.6, none happened: (0 - 0.9) / sqrt(0.21 + 0.24)
    # [2, inf): p = 0.5, happened: 0.5 / sqrt(0.25)
    assert t["n"].tolist() == [3, 2, 1]
    assert t["predicted"].tolist() == pytest.approx([0.2, 0.45, 0.5])
    assert t["happened"].tolist() == pytest.approx([1 / 3, 0.0, 1.0])
    assert t["z"].tolist() == pytest.approx([0.4 / np.sqrt(0.48), -0.9 / np.sqrt(0.45), 1.0])


def _seasons_case():
    """Three seasons; the last one's results follow the crowd alone, so a fit that saw them would weigh
    the crowd far more."""
    q, c, y = _synthetic(5, 3000, Blend(1.0, 0.0))
    s = np.repeat([2001, 2002, 2003], 1000)
    y[s == 2003] = _draw(np.random.default_rng(9), c[s == 2003])
    return q, c, y, s


def test_by_season_never_sees_its_own_or_later_seasons():
    q, c, y, s = _seasons_case()
    p, fits = blend_by_season(q, c, y, s, half_life=None, min_matches=500)
    assert fits[2001] is None and fits[2002].matches == 1000 and fits[2003].matches == 2000
    np.testing.assert_allclose(p[s == 2001], q[s == 2001])  # too little history: the odds alone
    ref = fit_blend(q[s == 2001], c[s == 2001], y[s == 2001]).apply(q[s == 2002], c[s == 2002])
    np.testing.assert_allclose(p[s == 2002], ref)
    leaked = fit_blend(q[s >= 2002], c[s >= 2002], y[s >= 2002])
    assert leaked.crowd_weight > fits[2003].crowd_weight + 0.3  # the test can tell a leak
    y2 = y.copy()
    y2[s == 2003] = 1  # rewriting a season's results changes none of its forecasts nor earlier ones
    p2, _ = blend_by_season(q, c, y2, s, half_life=None, min_matches=500)
    np.testing.assert_array_equal(p, p2)


def test_half_life_choice_sees_only_earlier_seasons():
    q, c, y, s = _seasons_case()
    s = np.repeat([2000, 2001, 2002, 2003, 2004, 2005], 500)
    dates = np.datetime64("2000-01-01") + (np.arange(3000) * 2190 // 3000)
    kw = dict(dates=dates, half_life=(None, 100.0, 365.0), min_matches=400)
    p, fits = blend_by_season(q, c, y, s, **kw)
    assert fits[2000] is None and fits[2001].half_life is None  # no scored history yet: the first
    y2 = y.copy()
    y2[s == 2005] = 0
    p2, fits2 = blend_by_season(q, c, y2, s, **kw)
    np.testing.assert_array_equal(p, p2)
    assert fits == fits2


@pytest.mark.parametrize("call, message", [
    (lambda: Blend(odds_weight=np.nan), r"odds_weight \(nan\) must be a finite number"),
    (lambda: Blend(margin_method="best"), r"margin_method \('best'\) must be one of"),
    (lambda: Blend(matches=-1), r"matches \(-1\) must be at least 0"),
    (lambda: Blend().apply([[0.5, 0.5]], None), r"odds_or_probs must have shape \(matches, 3\)"),
    (lambda: Blend().apply([["a", 1, 2]], None), "odds_or_probs must be a table of numbers"),
    (lambda: Blend().apply([[0.5, 0.3, 0.3]], None), r"odds_or_probs row 0 \(\[0.5, 0.3, 0.3\]\) must be"),
    (lambda: Blend().apply([[2.0, 3.0, 0.5]], None), r"odds row 0 \(\[2.0, 3.0, 0.5\]\) must be finite"),
    (lambda: Blend().apply([[0.5, 0.3, 0.2]], [[1, 1, 1], [1, 1, 1]]),
     "crowd has 2 rows, the odds table has 1"),
    (lambda: Blend().apply([[0.5, 0.3, 0.2]], [[-1, 1, 1]]), r"crowd row 0 \(\[-1.0, 1.0, 1.0\]\) must hold"),
    (lambda: Blend().apply([[0.5, 0.3, 0.2]], [[0, 0, 0]]), r"crowd row 0 .* positive sum"),
    (lambda: fit_blend([[0.5, 0.3, 0.2]] * 5, [[1, 1, 1]] * 5, [0] * 5), "at least 10 matches .* got 5"),
    (lambda: fit_blend([[0.5, 0.3, 0.2]] * 12, [[1, 1, 1]] * 12, [3] * 12),
     r"outcomes\[0\] \(.*3.0\)\)? must be"),
    (lambda: fit_blend([[0.5, 0.3, 0.2]] * 12, [[1, 1, 1]] * 12, [0] * 12, dates=["2020-01-01"]),
     "dates has 1 entries, the odds table has 12"),
    (lambda: fit_blend([[0.5, 0.3, 0.2]] * 12, [[1, 1, 1]] * 12, [0] * 12, dates=["x"] * 12),
     "dates must be dates"),
    (lambda: fit_blend([[0.5, 0.3, 0.2]] * 12, [[1, 1, 1]] * 12, [0] * 12, dates=["NaT"] * 12),
     r"dates\[0\] is missing"),
    (lambda: fit_blend([[0.5, 0.3, 0.2]] * 12, [[1, 1, 1]] * 12, [0] * 12, half_life=30),
     r"half_life \(30\) must be > 0 days, with dates given"),
    (lambda: fit_blend([[0.5, 0.3, 0.2]] * 12, [[1, 1, 1]] * 12, [0] * 12, dates=["2020-01-01"] * 12,
                       half_life=-1), r"half_life \(-1\) must be a finite number >= 0"),
    (lambda: blend_by_season([[0.5, 0.3, 0.2]], [[1, 1, 1]], [0], [1], min_matches=5),
     r"min_matches \(5\) must be at least 10"),
    (lambda: blend_by_season([[0.5, 0.3, 0.2]], [[1, 1, 1]], [0, 1], [1]), "must have the same length"),
    (lambda: blend_by_season([[0.5, 0.3, 0.2]], [[1, 1, 1]], [5], [1]), r"outcomes\[0\] \(5\) must be"),
    (lambda: blend_by_season([[0.5, 0.3, 0.2]], [[1, 1, 1]], [0], [1], half_life=()),
     r"half_life \(\(\)\) must be"),
    (lambda: calibration_by_value([[0.5, 0.3, 0.2]], [[1, 1, 1]], [0], edges=[1, 0]),
     r"edges \(\[1, 0\]\) must be at least two increasing numbers >= 0"),
    (lambda: calibration_by_value([[1.5, 0.3, 0.2]], [[1, 1, 1]], [0]), r"probs row 0 .* in \[0, 1\]"),
])
def test_every_error_names_the_parameter_and_value(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.slow
def test_real_rounds_default_blend_is_calibrated_by_value(shared_data):
    from toto13.backtest import import_stryktipset
    d = shared_data / "stryktipset-tipsxtra"
    if not (d / "stryktipset_detaljer.csv").is_file():
        pytest.skip("Stryktipset details file absent")
    r = import_stryktipset(d / "stryktipset_summering.csv", d / "stryktipset_detaljer.csv").rounds
    odds, crowd = r.odds.reshape(-1, 3), r.crowd.reshape(-1, 3).copy()
    pct = np.round(crowd * 100)
    crowd[(pct == (43, 28, 29)).all(axis=1) | (pct == (34, 33, 33)).all(axis=1)] = np.nan  # placeholders
    keep = np.isfinite(odds).all(axis=1)
    dates = np.repeat(r.dates, r.results.shape[1])[keep]
    seasons = dates.astype("datetime64[Y]").astype(int) + 1970
    y = r.results.reshape(-1)[keep].astype(int)
    p, fits = blend_by_season(odds[keep], crowd[keep], y, seasons, dates=dates)
    fitted = np.isin(seasons, [k for k, f in fits.items() if f is not None])
    for m in (fitted, fitted & (seasons >= 2016)):
        t = calibration_by_value(p[m], crowd[keep][m], y[m])
        assert (t[t["n"] >= 200]["z"].abs() <= 2).all(), t
