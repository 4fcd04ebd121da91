"""Exact evaluation: brute force, Monte Carlo, monotonicity, the recipe's hit-rate model."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from scipy import stats

from toto13.tickets import (best_strikes, coverage_curve, evaluate, first_cover, hit_rate_spec,
                            hit_rate_table, result_probabilities, strike_pmfs, strikes,
                            tips_from_index, tips_from_strings, tips_to_index, tips_to_strings)


def brute_force(tips, probs):
    """Plain python over every result: P(best >= x) and expected tips with exactly x strikes."""
    m = len(probs)
    pmf_terms = [[] for _ in range(m + 1)]
    hit_terms = [[] for _ in range(m + 1)]
    for result in itertools.product(range(3), repeat=m):
        pr = math.prod(probs[j][result[j]] for j in range(m))
        counts = [sum(int(t[j] == result[j]) for j in range(m)) for t in tips]
        pmf_terms[max(counts)].append(pr)
        for c in counts:
            hit_terms[c].append(pr)
    best_pmf = [math.fsum(v) for v in pmf_terms]
    coverage = [math.fsum(best_pmf[x:]) for x in range(m + 1)]
    hits = [math.fsum(v) for v in hit_terms]
    return np.array(coverage), np.array(hits), np.array(best_pmf)


def all_results(m):
    return tips_from_index(np.arange(3 ** m), m)


@st.composite
def tables(draw, m):
    rows = []
    for _ in range(m):
        w = draw(st.lists(st.floats(0.0, 1.0), min_size=3, max_size=3).filter(lambda v: sum(v) > 0.05))
        rows.append([v / sum(w) for v in w])
    return np.array(rows)


@st.composite
def instances(draw, max_m=5, max_tips=12):
    m = draw(st.integers(1, max_m))
    probs = draw(tables(m))
    n = draw(st.integers(1, max_tips))
    tips = np.array(draw(st.lists(st.lists(st.integers(0, 2), min_size=m, max_size=m),
                                  min_size=n, max_size=n)), dtype=np.int8)
    return tips, probs


@given(instances())
@example((np.zeros((1, 1), dtype=np.int8), np.array([[1.0, 0.0, 0.0]])))
def test_evaluate_matches_brute_force_small(inst):
    tips, probs = inst
    cov, hits, pmf = brute_force(tips.tolist(), probs.tolist())
    ev = evaluate(tips, probs)
    np.testing.assert_allclose(ev.coverage, cov, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ev.expected_hits, hits, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ev.best_pmf, pmf, rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", [0])
def test_evaluate_matches_brute_force_13_matches(seed):
    # Brute force over all 3**13 results, tip by tip (cost grows with the tips; the evaluator's
    # does not), probabilities summed with math.fsum (numpy's pairwise sum below 8 strikes, where
    # the terms are many and the fsum slow).
    rng = np.random.default_rng(seed)
    m = 13
    probs = rng.dirichlet([2, 1.5, 1.5], size=m)
    tips = rng.integers(0, 3, size=(4, m)).astype(np.int8)
    tips[1] = tips[0]
    tips[1, :3] = (tips[0, :3] + 1) % 3  # a tip at distance 3 from another
    res = all_results(m)
    pr = result_probabilities(probs)
    counts = np.stack([(res == t).sum(axis=1) for t in tips])
    best = counts.max(axis=0)
    ev = evaluate(tips, probs)
    for x in range(m + 1):
        total = math.fsum if x >= 8 else np.sum
        assert ev.coverage[x] == pytest.approx(total(pr[best >= x]), abs=1e-12)
        assert ev.best_pmf[x] == pytest.approx(total(pr[best == x]), abs=1e-12)
        assert ev.expected_hits[x] == pytest.approx(total(pr[np.nonzero(counts == x)[1]]), abs=1e-12)
    np.testing.assert_array_equal(best_strikes(tips, m), best)


def test_result_probabilities_order_and_sum():
    probs = np.array([[0.5, 0.3, 0.2], [0.1, 0.6, 0.3]])
    pr = result_probabilities(probs)
    for i, r in enumerate(itertools.product(range(3), repeat=2)):
        assert pr[i] == pytest.approx(probs[0, r[0]] * probs[1, r[1]], abs=1e-15)
    assert pr.sum() == pytest.approx(1.0, abs=1e-15)


def test_monte_carlo_agrees_within_three_standard_errors():
    # Results drawn first from the match probabilities, then each tip's strikes counted.
    rng = np.random.default_rng(20261126)
    m = 13
    probs = rng.dirichlet([3, 2, 2], size=m)
    tips = (rng.random((300, m, 1)) > np.cumsum(probs, axis=1)[None]).sum(axis=2).astype(np.int8)
    ev = evaluate(tips, probs)
    draws = 40_000
    results = (rng.random((draws, m, 1)) > np.cumsum(probs, axis=1)[None]).sum(axis=2)
    best = np.zeros(draws, dtype=int)
    hits = np.zeros(m + 1)
    for t in tips:
        s = (results == t).sum(axis=1)
        best = np.maximum(best, s)
        hits += np.bincount(s, minlength=m + 1)
    for x in (9, 10, 11, 12):
        p_hat = (best >= x).mean()
        se = math.sqrt(max(ev.coverage[x] * (1 - ev.coverage[x]), 1e-12) / draws)
        assert abs(p_hat - ev.coverage[x]) < 3 * se, (x, p_hat, ev.coverage[x], se)
    # Expected tips with exactly 10 strikes: the mean over draws, with its own standard error.
    per_draw = np.zeros(draws)
    for t in tips:
        per_draw += (results == t).sum(axis=1) == 10
    se = per_draw.std(ddof=1) / math.sqrt(draws)
    assert abs(per_draw.mean() - ev.expected_hits[10]) < 3 * se


@given(instances(max_m=4, max_tips=8), st.data())
def test_coverage_never_falls_when_tips_are_added_or_x_lowered(inst, data):
    tips, probs = inst
    m = tips.shape[1]
    extra = np.array(data.draw(st.lists(st.integers(0, 2), min_size=m, max_size=m)), dtype=np.int8)
    a = evaluate(tips, probs).coverage
    b = evaluate(np.vstack([tips, extra]), probs).coverage
    assert np.all(b >= a - 1e-15)
    assert np.all(np.diff(a) <= 1e-15)  # lowering x never lowers the coverage
    assert a[0] == 1.0


@given(instances(max_m=4, max_tips=10), st.integers(0, 4))
def test_coverage_curve_equals_prefix_evaluations(inst, x):
    tips, probs = inst
    m = tips.shape[1]
    x = min(x, m)
    curve = coverage_curve(tips, probs, x)
    assert curve[0] == 0.0
    for k in range(1, len(tips) + 1):
        assert curve[k] == pytest.approx(evaluate(tips[:k], probs).coverage[x], abs=1e-12)
    fc = first_cover(tips, x)
    res = all_results(m)
    for r_i in range(0, 3 ** m, 7):
        reach = [i for i, t in enumerate(tips) if (t == res[r_i]).sum() >= x]
        assert fc[r_i] == (reach[0] if reach else len(tips))


def test_strike_pmfs_rows_are_poisson_binomial():
    probs = np.array([[0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.9, 0.05, 0.05]])
    tip = np.array([[0, 2, 1]])
    rates = [0.5, 0.6, 0.05]
    ref = np.zeros(4)
    for hits in itertools.product([0, 1], repeat=3):
        ref[sum(hits)] += math.prod(r if h else 1 - r for r, h in zip(rates, hits))
    np.testing.assert_allclose(strike_pmfs(tip, probs)[0], ref, atol=1e-15)


def test_strikes_and_best_strikes_agree():
    tips = tips_from_strings(["1021100211020", "2222222222222"])
    assert strikes(tips, "1021100211020").tolist() == [13, 3]
    best = best_strikes(tips, 13)
    idx = tips_to_index(tips_from_strings(["1021100211022"]))[0]
    assert best[idx] == 12
    assert best.dtype == np.uint8 and best.shape == (3 ** 13,)


def test_uniform_hit_rate_third_is_the_urn_space():
    # p = 1/3: every result has probability 3**-13; a single tip's tiers are the recipe's
    # M_x / N = C(13,x) 2^(13-x) / 3^13 (Stömmer 2023, arXiv:2303.16648; docs/maths.md §2: M_10..13 = 2288, 312, 26, 1).
    ev = evaluate(tips_from_strings(["1021100211020"]), 1 / 3)
    N = 3 ** 13
    for x, mx in [(13, 1), (12, 26), (11, 312), (10, 2288)]:
        assert ev.expected_hits[x] == pytest.approx(mx / N, rel=1e-12)
    assert ev.coverage[10] == pytest.approx((1 + 26 + 312 + 2288) / N, rel=1e-12)


def test_uniform_hit_rate_half_is_binomial():
    # p = 1/2 space: tips inside the spec hit each match with probability 1/2, so one tip's strikes
    # are Binomial(13, 1/2) (Stömmer 2023, arXiv:2303.16648; docs/maths.md §2), checked against scipy.
    t = hit_rate_table(0.5, 13)
    assert t[0].tolist() == [0.5, 0.5, 0.0]
    spec = hit_rate_spec(0.5, 13)
    assert spec[0].tolist() == [True, True, False]
    ev = evaluate(np.zeros((1, 13), dtype=np.int8), 0.5)
    np.testing.assert_allclose(ev.expected_hits, stats.binom.pmf(np.arange(14), 13, 0.5), atol=1e-15)
    with pytest.raises(ValueError, match="hit_rate"):
        hit_rate_table(0.2, 13)


def test_formula_column_is_independence_claim():
    probs = np.tile([0.5, 0.27, 0.23], (13, 1))
    tips = tips_from_strings(["1111111111111", "1111111111110"])
    ev = evaluate(tips, probs)
    q = ev.per_tip[12]
    assert ev.formula[12] == pytest.approx(1 - (1 - q) ** 2, rel=1e-12)
    assert ev.to_dict()["coverage"].keys() == {"10", "11", "12", "13"}


def test_strings_round_trip_and_errors():
    s = ["1021100211020", "0000000000000", "2222222222222"]
    assert tips_to_strings(tips_from_strings(s)) == s
    with pytest.raises(ValueError, match="tip 1"):
        tips_from_strings(["102", "1X2"])
    with pytest.raises(ValueError, match="expected 3"):
        tips_from_strings(["102", "10"])
    with pytest.raises(ValueError, match="at least one tip"):
        evaluate(np.zeros((0, 3), dtype=np.int8), 1 / 3)
    with pytest.raises(ValueError, match="probs"):
        evaluate(np.zeros((1, 3), dtype=np.int8), [[0.5, 0.5, 0.5]] * 3)
