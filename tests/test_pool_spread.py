"""The spread of a tip set's return against brute force, expected_return and a seeded Monte Carlo."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

from toto13.pool import Pool, expected_return, return_distribution

from test_pool import brute_round, model_pool, simulate_rounds, small_rules  # the same small pools as the expected-return tests


# ---------------------------------------------------------------- brute force
def brute_distribution(tips, probs, crowd, rules, turnover, shape):
    """Every result and every joint value of the paying tiers' co-winners (each truncated where its
    tail is below 1e-13): the exact atoms ``(values, masses)`` of one round's return, no min quota."""
    m = rules.matches
    results, pr, pmf, strikes, pools = brute_round(tips, probs, crowd, rules, turnover)
    values, masses = [np.zeros(1)], [np.zeros(1)]
    for r in range(3 ** m):
        val, mass = np.zeros(1), np.full(1, pr[r])
        for j, k in enumerate(rules.tiers):
            n = int((strikes[r] == k).sum())
            if n == 0:
                continue
            lam = turnover / rules.stake * pmf[r, k]
            dist = stats.poisson(lam) if math.isinf(shape) else stats.nbinom(shape, shape / (shape + lam))
            w = np.arange(int(dist.isf(1e-13)) + 1)
            val = (val[:, None] + n * pools[j] / (w + n)[None]).ravel()
            mass = (mass[:, None] * dist.pmf(w)[None]).ravel()
        values.append(val)
        masses.append(mass)
    v, f = np.concatenate(values), np.concatenate(masses)
    f[0] = 1.0 - f[1:].sum()        # the atom at 0 takes the results no tip reaches
    order = np.argsort(v, kind="stable")
    return v[order], f[order]


def brute_quantile(v, f, q):
    return v[np.searchsorted(np.cumsum(f), q * (1 - 1e-12))]


@settings(max_examples=12)
@given(st.integers(0, 2 ** 32 - 1), st.integers(1, 4), st.sampled_from([np.inf, 2.0, 7.0]))
def test_one_round_against_brute_force(seed, size, shape):
    m = 3
    rng = np.random.default_rng(seed)
    p, c = rng.dirichlet((3, 2, 2), size=m), rng.dirichlet((3, 2, 2), size=m)
    tips = rng.integers(0, 3, size=(size, m))
    rules = small_rules(m)
    turnover = float(rng.uniform(3, 40))
    got = return_distribution(tips, p, c, model_pool(rules, turnover, shape))
    v, f = brute_distribution(tips, p, c, rules, turnover, shape)
    assert got.mean == pytest.approx(float(v @ f), rel=1e-9)  # exact even where tiers are approximated
    # heavy tails (shape 2) can make several paying tiers' joint support exceed the enumeration limit:
    # those results are documented as approximate, and only the exact distributions are compared
    assume(got.approximate_mass == 0.0)
    for q, x in ((0.05, got.q05), (0.5, got.median), (0.95, got.q95)):
        assert x == pytest.approx(brute_quantile(v, f, q), rel=1e-9, abs=1e-12), q
    assert got.p_return_ge_cost == pytest.approx(f[v >= got.cost * (1 - 1e-12)].sum(), abs=1e-10)
    assert got.p_return_positive == pytest.approx(f[v > 0].sum(), abs=1e-10)
    assert got.p_profit == pytest.approx(f[v > got.cost * (1 + 1e-12)].sum(), abs=1e-10)
    assert (got.total_q05, got.total_median, got.total_q95) == (got.q05, got.median, got.q95)
    assert got.rounds_per_payout == pytest.approx(1 / f[v > 0].sum(), rel=1e-9)


# ---------------------------------------------------------------- the mean and P(>= cost)
@settings(max_examples=12)
@given(st.integers(0, 2 ** 32 - 1), st.integers(3, 5), st.integers(1, 8),
       st.sampled_from([np.inf, 1.5, 6.0]), st.sampled_from([0.0, 1.3]))
def test_mean_is_expected_return(seed, m, size, shape, min_quota):
    rng = np.random.default_rng(seed)
    p, c = rng.dirichlet((3, 2, 2), size=m), rng.dirichlet((3, 2, 2), size=m)
    tips = rng.integers(0, 3, size=(size, m))
    pool = model_pool(small_rules(m, min_quota=min_quota), float(rng.uniform(5, 300)), shape)
    got, want = return_distribution(tips, p, c, pool), expected_return(tips, p, c, pool)
    assert got.mean == pytest.approx(want.expected_return, rel=1e-9, abs=1e-300)
    assert got.cost == want.cost
    assert 0.0 <= got.q05 <= got.median <= got.q95
    assert got.p_return_ge_cost <= got.p_return_positive <= 1.0
    if got.approximate_mass == 0.0 and min_quota == 0.0:   # exact where expected_return's is not
        assert got.p_return_ge_cost >= 0.0
    else:
        assert got.p_return_ge_cost == pytest.approx(want.p_return_ge_cost, abs=0.05)


@pytest.mark.parametrize("rounds", [1, 5])
def test_rounds_against_direct_monte_carlo(rounds):
    m = 5
    rng = np.random.default_rng(5)
    p, c = rng.dirichlet((3, 2, 2), size=m), rng.dirichlet((3, 2, 2), size=m)
    tips = np.array([[0, 0, 0, 0, 0], [0, 0, 0, 1, 1], [2, 1, 0, 0, 0], [1, 1, 1, 1, 1]])
    pool = Pool(small_rules(m), 80.0, co_winners="poisson")
    got = return_distribution(tips, p, c, pool, rounds=rounds, rng=1, samples=40_000)
    n = 40_000
    total = simulate_rounds(tips, p, c, pool, n * rounds, np.random.default_rng(99))
    total = total.reshape(rounds, n).sum(axis=0)
    want = (total > rounds * got.cost).mean()
    se = math.sqrt(want * (1 - want) / n) + got.p_profit_se
    assert abs(got.p_profit - want) < 5 * se
    total.sort()
    for q, lo_hi in ((0.05, got.total_q05_ci), (0.5, got.total_median_ci), (0.95, got.total_q95_ci)):
        # the direct sample's own 99.9 % order-statistic interval must meet the reported one
        j, k = stats.binom.ppf([0.0005, 0.9995], n, q).astype(int)
        assert total[j - 1] <= lo_hi[1] * (1 + 1e-12) and lo_hi[0] <= total[k] * (1 + 1e-12), q
    assert got.method == ("exact" if rounds == 1 else "monte carlo")
    if rounds > 1:
        assert got.seed == 1 and got.samples == 40_000
        assert got.p_profit_ci[0] <= got.p_profit <= got.p_profit_ci[1]
        again = return_distribution(tips, p, c, pool, rounds=rounds, rng=1, samples=40_000)
        assert again == got                                   # the seed fixes the result
        assert return_distribution(tips, p, c, pool, rounds=rounds, samples=200).seed is not None


def test_how_rarely_and_one_round_reference():
    p = np.full((4, 3), 1 / 3)
    got = return_distribution([[0, 0, 0, 0]], p, p, Pool(small_rules(4), 50.0, co_winners="poisson"))
    # one tip pays when it has 2+ strikes: P = (1 + 8 + 24) / 81
    assert got.p_return_positive == pytest.approx(33 / 81, rel=1e-12)
    assert got.rounds_per_payout == pytest.approx(81 / 33, rel=1e-12)
    assert got.how_rarely().startswith("pays something once in 2.45 rounds; pays back its cost once in")


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("kwargs, message", [
    ({"rounds": 0}, r"rounds \(0\) must be at least 1"),
    ({"rounds": 2.5}, r"rounds \(2.5\) must be a whole number"),
    ({"samples": 10}, r"samples \(10\) must be in 100..100000000"),
    ({"samples": "many"}, r"samples \('many'\) must be a whole number"),
    ({"rng": "seed"}, r"rng \('seed'\) must be a numpy Generator, a seed"),
    ({"rng": -1}, r"rng \(-1\) must be"),
    ({"tips": [[0, 0, 3]]}, r"tips row 0 \(\[0, 0, 3\]\) must hold outcome codes"),
    ({"tips": [[0, 0]]}, r"tips must have shape \(n, 3\)"),
    ({"pool": "big"}, r"pool \('big'\) must be a Pool"),
    ({"probs": [[0.5, 0.5, 0.5]] * 3}, r"probs row 0 sums to"),
])
def test_bad_input(kwargs, message):
    p = np.full((3, 3), 1 / 3)
    args = {"tips": [[0, 0, 0]], "probs": p, "crowd": p, "pool": Pool(small_rules(3), 10.0)}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        return_distribution(args.pop("tips"), args.pop("probs"), args.pop("crowd"), args.pop("pool"),
                            **args)
