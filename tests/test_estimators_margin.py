"""Margin removal: each method against an independent high-precision computation, and properties."""
from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from toto13.estimators import MarginError, MarginMethod, remove_margin

METHODS = [m.value for m in MarginMethod]

# Odds rows: typical, home favourite, away favourite, a long shot, no margin (S = 1), an arbitrage
# (S < 1, as the best odds over many bookmakers can be), and the corners of the hypothesis range.
CASES = [
    (2.0, 3.4, 3.8),
    (1.25, 6.5, 11.0),
    (5.2, 4.1, 1.62),
    (1.08, 11.0, 29.0),
    (2.0, 4.0, 4.0),
    (2.2, 3.7, 3.9),
    (1.01, 1.01, 1000.0),
    (1000.0, 1000.0, 1000.0),
    (1.01, 1.01, 1.01),
]


def _mp_reference(odds, method):
    """Probabilities and parameter from the method's defining equation, solved by mpmath at 50 digits.

    Independent of the library: the equations are written from the papers (see toto13.estimators.margin)
    and solved with mpmath's bracketing Anderson-Bjorck solver from a bracket found here by scanning.
    """
    with mpmath.workdps(50):
        pi = [1 / mpmath.mpf(o) for o in odds]
        s = sum(pi)
        if method == "multiplicative":
            return [x / s for x in pi], None
        if method == "additive":
            return [x - (s - 1) / 3 for x in pi], None
        if method == "power":
            def probs(k):
                return [x ** k for x in pi]
        elif method == "odds_ratio":
            def probs(c):
                return [x / (c * (1 - x) + x) for x in pi]
        else:  # Shin, Jullien & Salanie (1994) closed form for p_i given z
            def probs(z):
                return [(mpmath.sqrt(z ** 2 + 4 * (1 - z) * x ** 2 / s) - z) / (2 * (1 - z)) for x in pi]

        def f(t):
            return sum(probs(t)) - 1

        if abs(s - 1) < mpmath.mpf(10) ** -40:
            t = {"power": 1, "odds_ratio": 1, "shin": 0}[method]
            return probs(mpmath.mpf(t)), t
        grid = ([mpmath.mpf(i) / 1000 - 1 + mpmath.mpf(1) / 2000 for i in range(2000)] if method == "shin"
                else [mpmath.mpf(2) ** (i / 8) for i in range(-200, 120)])
        vals = [f(t) for t in grid]
        j = next(i for i in range(len(grid) - 1) if vals[i] > 0 >= vals[i + 1])
        t = mpmath.findroot(f, (grid[j], grid[j + 1]), solver="anderson", tol=mpmath.mpf(10) ** -45)
        return probs(t), t


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("odds", CASES)
def test_against_mpmath(odds, method):
    if method == "additive" and min(1 / o for o in odds) <= (sum(1 / o for o in odds) - 1) / 3:
        with pytest.raises(MarginError, match="additive"):
            remove_margin([odds], method)
        return
    ref_p, ref_t = _mp_reference(odds, method)
    r = remove_margin([odds], method)
    np.testing.assert_allclose(r.probs[0], [float(x) for x in ref_p], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(r.margin[0], sum(1 / o for o in odds) - 1, rtol=1e-12)
    if ref_t is None:
        assert np.isnan(r.parameter[0])
    else:
        np.testing.assert_allclose(r.parameter[0], float(ref_t), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("odds", CASES[:6])
def test_shin_reproduces_the_odds(odds):
    # Shin (1993), eq. for the bookmaker's prices: pi_i = sqrt(z p_i + (1 - z) p_i^2) * sum_j sqrt(z p_j +
    # (1 - z) p_j^2). Feeding our (p, z) forward through it must give back 1 / odds: an independent check
    # of the inverse formula used in the library.
    r = remove_margin([odds], "shin")
    p, z = r.probs[0], r.parameter[0]
    root = np.sqrt(z * p + (1 - z) * p ** 2)
    np.testing.assert_allclose(root * root.sum(), 1 / np.asarray(odds), rtol=1e-9)


def test_multiplicative_worked_example():
    # Worked by hand: odds 2.00 / 3.40 / 3.80 -> 1/2 + 1/3.4 + 1/3.8 = 1.057275541795666 (booksum);
    # home = 0.5 / 1.0572755... = 0.472913616...
    r = remove_margin([2.0, 3.4, 3.8], "multiplicative")
    assert r.margin[0] == pytest.approx(0.057275541795666, rel=1e-12)
    assert r.probs[0, 0] == pytest.approx(0.5 / 1.057275541795666, rel=1e-12)


def test_additive_error_names_row_and_method():
    odds = [[2.0, 3.4, 3.8], [1.01, 20.0, 100.0]]
    with pytest.raises(MarginError, match=r"additive.*row 1") as exc:
        remove_margin(odds, "additive")
    assert exc.value.row == 1
    assert exc.value.method == "additive"


def test_vectorised_equals_row_by_row():
    rng = np.random.default_rng(3)
    odds = 1.01 + rng.gamma(1.5, 3.0, size=(200, 3))
    for method in ("power", "shin", "odds_ratio", "multiplicative"):
        r = remove_margin(odds, method)
        for i in range(0, 200, 37):
            one = remove_margin(odds[i], method)
            np.testing.assert_allclose(one.probs[0], r.probs[i], rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(one.parameter, r.parameter[i:i + 1], rtol=1e-11)


def test_no_margin_is_identity():
    for method in METHODS:
        r = remove_margin([2.0, 4.0, 4.0], method)
        np.testing.assert_allclose(r.probs[0], [0.5, 0.25, 0.25], rtol=1e-14)


def test_shin_z_and_power_k_above_neutral_when_margin_positive():
    r_s = remove_margin([[2.0, 3.4, 3.8]], "shin")
    r_p = remove_margin([[2.0, 3.4, 3.8]], "power")
    r_o = remove_margin([[2.0, 3.4, 3.8]], "odds_ratio")
    assert 0 < r_s.parameter[0] < 1 and r_p.parameter[0] > 1 and r_o.parameter[0] > 1
    # The favourite-longshot bias correction: every non-multiplicative method gives the favourite more
    # than the multiplicative method does.
    base = remove_margin([[2.0, 3.4, 3.8]], "multiplicative").probs[0, 0]
    assert min(r_s.probs[0, 0], r_p.probs[0, 0], r_o.probs[0, 0]) > base


@pytest.mark.parametrize("bad, where", [
    ([[2.0, 3.0, 1.0]], "row 0"),
    ([[2.0, 3.0, 4.0], [2.0, np.nan, 4.0]], "row 1"),
    ([[2.0, 3.0, -4.0]], "row 0"),
    ([[2.0, 3.0, np.inf]], "row 0"),
])
def test_bad_odds(bad, where):
    for method in METHODS:
        with pytest.raises(ValueError, match=where):
            remove_margin(bad, method)


def test_bad_shape_and_method():
    with pytest.raises(ValueError, match="shape"):
        remove_margin([[2.0, 3.0]])
    with pytest.raises(ValueError, match="must be one of"):
        remove_margin([[2.0, 3.0, 4.0]], "bogus")
    with pytest.raises(ValueError, match="numbers"):
        remove_margin([["a", 3.0, 4.0]])
    assert remove_margin(np.empty((0, 3)), "shin").probs.shape == (0, 3)


odds_tables = arrays(np.float64, st.tuples(st.integers(1, 30), st.just(3)),
                     elements=st.floats(1.01, 1000.0, allow_nan=False))


@given(odds=odds_tables, method=st.sampled_from(METHODS))
@example(odds=np.array([[1.01, 1.01, 1000.0]]), method="shin")
@example(odds=np.array([[1000.0, 1000.0, 1000.0]]), method="power")
@example(odds=np.array([[1.01, 1.01, 1.01]]), method="odds_ratio")
@example(odds=np.array([[1.01, 1000.0, 1000.0]]), method="additive")
def test_rows_are_probabilities_or_clear_error(odds, method):
    try:
        r = remove_margin(odds, method)
    except MarginError as exc:
        assert method == "additive"
        assert f"row {exc.row}" in str(exc) and "additive" in str(exc)
        pi = 1 / odds[exc.row]
        assert pi.min() <= (pi.sum() - 1) / 3
        return
    assert r.probs.shape == odds.shape
    assert ((r.probs > 0) & (r.probs < 1)).all()
    np.testing.assert_allclose(r.probs.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(r.margin, (1 / odds).sum(axis=1) - 1, rtol=1e-12)
    # Ordering is kept: shorter odds never get the smaller probability.
    order = np.argsort(odds, axis=1, kind="stable")
    ps = np.take_along_axis(r.probs, order, axis=1)
    assert (np.diff(ps, axis=1) <= 1e-12).all()
