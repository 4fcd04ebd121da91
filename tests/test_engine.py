"""Engine: strike distributions, reduced space, hypergeometric model, tips needed.

Reference values come from the published tables of Stömmer 2023 (arXiv:2303.16648),
from mpmath at 60 digits, from scipy.stats and from brute-force enumeration.
"""
from __future__ import annotations

import itertools
import math

import mpmath
import numpy as np
import pytest
from hypothesis import assume, example, given, reject, strategies as st
from scipy import stats

from toto13 import engine
from toto13.engine import (binomial_pmf, hypergeom_logpmf, log_binom, log_prob_none,
                           multivariate_hypergeom_logpmf, poisson_binomial_pmf, prob_none_approx,
                           reduced_space, coverage_approx, coverage_exact, tips_needed)

SAFETIES = (0.9, 0.99, 0.999, 0.9999)

# Stömmer 2023 (arXiv:2303.16648): the published values for p = 1/2, the approximation rounded up.
PUBLISHED_HALF = {
    10: (50, 100, 149, 198),
    11: (203, 400, 593, 781),
    12: (1243, 2297, 3191, 3949),
}


@pytest.mark.parametrize("x", sorted(PUBLISHED_HALF))
def test_published_table_p_half(x):
    got = tuple(tips_needed(0.5, x, q, "approx") for q in SAFETIES)
    assert got == PUBLISHED_HALF[x]


def test_published_13_row_is_ceil_not_nearest():
    # Stömmer 2023 (arXiv:2303.16648) prints 8,110 at 99% (rounded to nearest); 8110/8192 < 0.99, so the
    # smallest n that reaches 99% is 8,111. For 13 strikes the formula is exact: Q = n/N.
    assert 8110 / 8192 < 0.99 <= 8111 / 8192
    assert tips_needed(0.5, 13, 0.99, "approx") == 8111
    assert tips_needed(0.5, 13, 0.99, "exact") == 8111


def test_published_exact_lower():
    # The exact hypergeometric counts are a little below the published approximations (>=10 at 99.99%: 193).
    assert tips_needed(0.5, 10, 0.9999, "exact") == 193


def test_reduced_space_reference_values():
    # Stömmer 2023, arXiv:2303.16648; docs/maths.md §2: p = 1/3 gives N = 3^13 = 1,594,323 and M_10..13 = 2288, 312, 26, 1.
    s = reduced_space(1 / 3)
    assert s.is_integer and s.N == 1_594_323
    assert s.exact_M()[10:] == [2288, 312, 26, 1]
    assert list(s.M[10:]) == [2288.0, 312.0, 26.0, 1.0]
    assert sum(s.exact_M()) == 3 ** 13
    h = reduced_space(0.5)
    assert h.N == 8192 and sum(h.exact_M()) == 8192
    # 1/P within 1e-9 of an integer counts as that integer
    assert reduced_space(1 / 3 + 1e-12).is_integer


@pytest.mark.parametrize("p", [0.43, 0.47, 0.3, 0.61])
def test_reduced_space_real(p):
    s = reduced_space(p)
    assert not s.is_integer
    assert s.N == pytest.approx((1 / p) ** 13, rel=1e-13)
    assert s.M.sum() == pytest.approx(s.N, rel=1e-12)
    # M_x = N P(x) (Stömmer 2023, arXiv:2303.16648; docs/maths.md §2), P from scipy's binomial
    np.testing.assert_allclose(s.M, s.N * stats.binom.pmf(np.arange(14), 13, p), rtol=1e-10)
    with pytest.raises(ValueError, match="not an integer"):
        s.exact_M()


def test_binomial_matches_scipy():
    for p in (0.0, 1 / 3, 0.5, 0.47, 1.0):
        np.testing.assert_allclose(binomial_pmf(p), stats.binom.pmf(np.arange(14), 13, p),
                                   rtol=1e-12, atol=1e-300)


def test_poisson_binomial_brute_force():
    # enumerate all 2^m hit patterns
    rng = np.random.default_rng(1)
    for m in (1, 3, 6):
        r = rng.random(m)
        want = np.zeros(m + 1)
        for hits in itertools.product((0, 1), repeat=m):
            want[sum(hits)] += np.prod([ri if h else 1 - ri for ri, h in zip(r, hits)])
        np.testing.assert_allclose(poisson_binomial_pmf(r), want, rtol=1e-12, atol=1e-15)
    rows = rng.random((4, 5))
    np.testing.assert_allclose(poisson_binomial_pmf(rows)[2], poisson_binomial_pmf(rows[2]))


def test_hypergeom_matches_scipy():
    N, M, n = 8192, 378, 193
    k = np.arange(0, 40)
    np.testing.assert_allclose(np.exp(hypergeom_logpmf(k, N, M, n)),
                               stats.hypergeom.pmf(k, N, M, n), rtol=1e-9)


def test_hypergeom_tail_precision_at_3_pow_13():
    # far tail at N = 3^13: mpmath at 60 digits is the reference
    N, M, n, k = 3 ** 13, 2627, 50_000, 300
    with mpmath.workdps(60):
        want = mpmath.log(mpmath.binomial(M, k) * mpmath.binomial(N - M, n - k)
                          / mpmath.binomial(N, n))
    assert float(hypergeom_logpmf(k, N, M, n)) == pytest.approx(float(want), rel=1e-10)


def test_multivariate_hypergeom_sums_to_one_and_matches_brute_force():
    # small space: enumerate every n-subset of N labelled items
    N, groups, n = 9, [2, 3], 3
    labels = [0] * 2 + [1] * 3 + [2] * 4
    counts = {}
    subsets = list(itertools.combinations(range(N), n))
    for sub in subsets:
        key = (sum(labels[i] == 0 for i in sub), sum(labels[i] == 1 for i in sub))
        counts[key] = counts.get(key, 0) + 1
    total = 0.0
    for key, c in counts.items():
        got = math.exp(multivariate_hypergeom_logpmf(list(key), groups, N, n))
        assert got == pytest.approx(c / len(subsets), rel=1e-12)
        total += got
    assert total == pytest.approx(1.0, rel=1e-12)


def _mp_none(N, S, n):
    return mpmath.binomial(N - S, n) / mpmath.binomial(N, n)


@pytest.mark.parametrize("p", [1 / 2, 1 / 3])
@pytest.mark.parametrize("x", [10, 11, 12, 13])
@pytest.mark.parametrize("q", SAFETIES)
def test_exact_counts_against_mpmath(p, x, q):
    """The exact n is the smallest integer whose mpmath (60-digit) safety reaches Q."""
    n = tips_needed(p, x, q, "exact")
    b = round(1 / p)
    N = b ** 13
    S = sum(math.comb(13, k) * (b - 1) ** (13 - k) for k in range(x, 14))
    with mpmath.workdps(60):
        assert 1 - _mp_none(N, S, n) >= q
        assert 1 - _mp_none(N, S, n - 1) < q


@given(N=st.integers(2, 10 ** 7), s_frac=st.floats(0, 1), n_frac=st.floats(0, 1))
@example(N=3 ** 13, s_frac=2627 / 3 ** 13, n_frac=0.9)
@example(N=8192, s_frac=1 / 8192, n_frac=0.5)
def test_prob_none_matches_mpmath(N, s_frac, n_frac):
    S = int(s_frac * N)
    n = int(n_frac * (N - S))
    with mpmath.workdps(60):
        want = mpmath.log(_mp_none(N, S, n)) if n <= N - S else -mpmath.inf
    got = log_prob_none(N, S, n)
    if want == -mpmath.inf:
        assert got == -math.inf
    else:
        assert got == pytest.approx(float(want), rel=1e-9, abs=1e-12)


def test_prob_none_real_space_matches_mpmath():
    s = reduced_space(0.47)
    S = s.S(10)
    for n in (1, 10, 100, 500):
        with mpmath.workdps(60):
            N = mpmath.mpf(1) / mpmath.mpf(0.47) ** 13
            Sm = sum(mpmath.binomial(13, k) * (1 / mpmath.mpf(0.47) - 1) ** (13 - k)
                     for k in range(10, 14))
            want = mpmath.log(mpmath.binomial(N - Sm, n) / mpmath.binomial(N, n))
        assert log_prob_none(s.N, S, n) == pytest.approx(float(want), rel=1e-9)


def test_log_binom_against_mpmath():
    for a, k in [(3 ** 13, 5), (3 ** 13, 797161), (8192.5, 100.25), (10.0, 0.0), (7.0, 7.0)]:
        with mpmath.workdps(60):
            want = float(mpmath.log(mpmath.binomial(a, k)))
        assert float(log_binom(a, k)) == pytest.approx(want, rel=1e-12, abs=1e-12)
    assert log_binom(5, 6) == -math.inf


@given(p=st.floats(0.01, 0.99), m=st.integers(1, 20))
@example(p=1 / 3, m=13)
@example(p=0.5, m=13)
def test_pmfs_sum_to_one(p, m):
    assert binomial_pmf(p, m).sum() == pytest.approx(1.0, abs=1e-12)
    assert poisson_binomial_pmf(np.full(m, p)).sum() == pytest.approx(1.0, abs=1e-12)


@given(p=st.floats(0.0, 1.0), m=st.integers(1, 25))
@example(p=1 / 3, m=13)
def test_poisson_binomial_equal_rates_is_binomial(p, m):
    np.testing.assert_allclose(poisson_binomial_pmf(np.full(m, p)), binomial_pmf(p, m),
                               rtol=1e-10, atol=1e-14)


hit_rates = st.one_of(st.sampled_from([1 / 2, 1 / 3, 0.43, 0.47]), st.floats(0.34, 0.75))


def _needed(p, x, q, method):
    """tips_needed, with the examples whose safety the (small, real) space cannot reach rejected."""
    try:
        return tips_needed(p, x, q, method)
    except ValueError as exc:
        assert "cannot be reached" in str(exc)
        reject()


@given(p=hit_rates, x=st.integers(9, 13), q1=st.floats(0.01, 0.9999), q2=st.floats(0.01, 0.9999))
@example(p=0.5, x=13, q1=0.99, q2=0.9999)
def test_tips_needed_monotone_in_safety(p, x, q1, q2):
    lo, hi = sorted((q1, q2))
    for method in ("exact", "approx"):
        assert _needed(p, x, lo, method) <= _needed(p, x, hi, method)


@given(p=hit_rates, q=st.floats(0.01, 0.9999), x=st.integers(9, 12))
@example(p=1 / 3, q=0.9999, x=12)
def test_tips_needed_monotone_in_strikes(p, q, x):
    for method in ("exact", "approx"):
        assert _needed(p, x, q, method) <= _needed(p, x + 1, q, method)


@given(p=hit_rates, x=st.integers(8, 13), q=st.floats(0.05, 0.9999))
@example(p=0.5, x=10, q=0.9999)
@example(p=1 / 3, x=13, q=0.9999)
@example(p=1 / 3, x=13, q=1 / 3)  # Q·N whole: the exact count was an ulp off (531,442)
def test_approx_never_fewer_than_exact_where_valid(p, x, q):
    space = reduced_space(p)
    # a real-valued space of N combinations holds only floor(N) distinct tips
    assume(coverage_exact(p, x, math.floor(space.N)) >= q)
    n_exact = tips_needed(p, x, q, "exact")
    try:
        n_approx = tips_needed(p, x, q, "approx")
    except ValueError as exc:  # the formula asks for more than floor(N): it is not valid there
        assert "cannot be reached" in str(exc)
        assert engine.approx_margin(space.N, space.S(x), math.floor(space.N)) > engine.APPROX_VALID
        return
    if engine.approx_margin(space.N, space.S(x), n_approx) <= engine.APPROX_VALID:
        assert n_approx >= n_exact
    # and the exact count is minimal: it reaches Q, one fewer does not
    assert coverage_exact(p, x, n_exact) >= q
    assert n_exact == 1 or coverage_exact(p, x, n_exact - 1) < q
    assert coverage_approx(p, x, n_approx) >= q * (1 - 1e-12)


def test_real_space_boundary_against_mpmath():
    # p = 0.734375: N = (1/p)^13 = 55.34 combinations, 13 strikes: S = 1. The exact none-probability
    # of all 55 tips is C(N-1, 55)/C(N, 55) = 1 - 55/N, positive: 55 tips cannot reach Q = 0.995.
    p = 0.734375
    with mpmath.workdps(60):
        N = 1 / mpmath.mpf(p) ** 13
        want = mpmath.binomial(N - 1, 55) / mpmath.binomial(N, 55)
    assert math.exp(log_prob_none(reduced_space(p).N, 1.0, 55)) == pytest.approx(float(want), rel=1e-9)
    assert coverage_exact(p, 13, 55) == pytest.approx(55 / float(N), rel=1e-12)
    for method in ("exact", "approx"):
        with pytest.raises(ValueError, match=r"safety \(0\.995\) cannot be reached at hit_rate 0\.734375: "
                                             r"the reduced space holds N = 55\.34\d* combinations, and all "
                                             r"55 distinct tips give 0\.99379"):
            tips_needed(p, 13, 0.995, method)


def test_approximation_is_conservative():
    # exact none-probability <= (1 - n/N)^S for S >= 1 (Stömmer 2023, arXiv:2303.16648; docs/maths.md §2)
    for N, S, n in [(8192, 378, 100), (3 ** 13, 2627, 10 ** 5), (8192, 1, 4000)]:
        assert math.exp(log_prob_none(N, S, n)) <= prob_none_approx(N, S, n) * (1 + 1e-12)


def test_13_strikes_formula_exact():
    # For 13 strikes, S = 1 and Q = n/N exactly (Stömmer 2023, arXiv:2303.16648; docs/maths.md §2).
    for n in (1, 100, 8191):
        assert coverage_exact(0.5, 13, n) == pytest.approx(n / 8192, rel=1e-13)
        assert coverage_approx(0.5, 13, n) == pytest.approx(n / 8192, rel=1e-13)


def test_real_hit_rates_work():
    for p in (0.43, 0.47):
        for x in (10, 11, 12, 13):
            ne, na = tips_needed(p, x, 0.99, "exact"), tips_needed(p, x, 0.99, "approx")
            assert 1 <= ne <= na


@pytest.mark.parametrize("call, message", [
    (lambda: tips_needed(1.2, 10, 0.9), r"hit_rate \(1\.2\) must be in \(0, 1\)"),
    (lambda: tips_needed(0.5, 14, 0.9), r"min_strikes \(14\) must be in 0\.\.13"),
    (lambda: tips_needed(0.5, 10, 1.0), r"safety \(1\.0\) must be in \(0, 1\)"),
    (lambda: tips_needed(0.5, 10, "x"), r"safety \('x'\) must be a number"),
    (lambda: tips_needed(0.5, 10, 0.9, "fast"), r"method \('fast'\) must be one of exact, approx"),
    (lambda: log_prob_none(100, 200, 1), r"S \(200\) must be in \[0, N=100\]"),
    (lambda: log_prob_none(100, 2, 101), r"n \(101\) must be at most N"),
    (lambda: reduced_space(1e-30), r"hit_rate \(1e-30\) is too small"),
    (lambda: poisson_binomial_pmf([0.5, 1.5]), "rates must hold probabilities"),
    (lambda: multivariate_hypergeom_logpmf([1], [1, 2], 10, 2), "same shape"),
])
def test_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_huge_real_space_against_mpmath():
    # p = 0.06: N = 16.7^13 = 7.7e15 (real), S for 10 strikes = 1.1e6; n beyond the summed range is
    # handled by Euler–Maclaurin. Reference: mpmath at 40 digits.
    sp = reduced_space(0.06)
    S = sp.S(10)
    for n, rel in ((10 ** 8, 5e-8), (2 * 10 ** 10, 1e-9), (10 ** 12, 1e-10)):
        with mpmath.workdps(40):
            b = 1 / mpmath.mpf(0.06)
            Nm = b ** 13
            Sm = sum(mpmath.binomial(13, k) * (b - 1) ** (13 - k) for k in range(10, 14))
            want = float(mpmath.log(mpmath.binomial(Nm - Sm, n) / mpmath.binomial(Nm, n)))
        assert log_prob_none(sp.N, S, n) == pytest.approx(want, rel=rel)
    assert tips_needed(0.06, 10, 0.9, "exact") <= tips_needed(0.06, 10, 0.9, "approx")


def test_approx_count_decided_on_the_safety_not_on_rounding():
    # Q just above 797162/3^13 (13 strikes, S = 1, formula exact: Q = n/N): 797162 tips fall short
    q = (797162 + 1e-7) / 3 ** 13
    assert 797162 / 3 ** 13 < q
    assert tips_needed(1 / 3, 13, q, "approx") == 797163 == tips_needed(1 / 3, 13, q, "exact")
    # and a whole Q·N is not pushed one up: 0.5 · 8192 = 4096
    assert tips_needed(0.5, 13, 0.5, "approx") == 4096


def test_too_small_hit_rate_is_refused():
    with pytest.raises(ValueError, match=r"hit_rate \(0\.05\) is too small for 13 matches.*2\^53"):
        tips_needed(0.05, 13, 0.5)


def test_thirteen_strikes_at_a_whole_q_n():
    # one tip of N = 3^13 has all 13 strikes: n random tips reach it with probability n/N exactly, so
    # Q = 1/3 needs N/3 = 3^12 tips (by hand), not one more
    assert tips_needed(1 / 3, 13, 1 / 3, "exact") == 3 ** 12
    assert coverage_exact(1 / 3, 13, 3 ** 12) == 3 ** 12 / 3 ** 13
