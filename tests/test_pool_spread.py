"""The spread of a tip set's return against brute force, expected_return and a seeded Monte Carlo."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import toto13.pool.setup as pool_mod
from toto13.engine import poisson_binomial_pmf
from toto13.hamming import strides
from toto13.pool import Pool, crowd_miss_pmf, expected_return, return_distribution
from toto13.rules import Rules
from toto13.tickets.encoding import tips_from_index


def small_rules(m: int, **kw) -> Rules:
    """``m`` matches paying ``m``, ``m-1``, ``m-2`` strikes (as in tests/test_pool.py)."""
    base = dict(name="small", matches=m, tiers=(m, m - 1, m - 2), tier_shares=(0.4, 0.25, 0.25),
                payout_ratio=0.65, stake=1.0, voucher_fee=0.0, quota_step=0.0, average_payouts=None)
    base.update(kw)
    return Rules(**base)


@pytest.fixture
def shape_patch():
    """Set every calibrated co-winner shape to one value (where Pool.shapes looks them up)."""
    old = pool_mod.CALIBRATED_SHAPES

    def use(shape: float) -> str:
        pool_mod.CALIBRATED_SHAPES = (shape,) * 4
        return "poisson" if math.isinf(shape) else "calibrated"
    yield use
    pool_mod.CALIBRATED_SHAPES = old


# ---------------------------------------------------------------- brute force
def brute_distribution(tips, probs, crowd, rules, turnover, shape):
    """Every result and every joint value of the paying tiers' co-winners (each truncated where its
    tail is below 1e-13): the exact atoms ``(values, masses)`` of one round's return, no min quota."""
    m = rules.matches
    results = tips_from_index(np.arange(3 ** m), m).astype(np.int64)
    pr = np.prod(probs[np.arange(m), results], axis=1)
    pmf = poisson_binomial_pmf(crowd[np.arange(m), results])
    strikes = (results[:, None, :] == np.asarray(tips)[None]).sum(axis=2)
    pools = (turnover + len(tips) * rules.stake) * rules.payout_ratio * np.array(rules.tier_shares)
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
    old = pool_mod.CALIBRATED_SHAPES
    pool_mod.CALIBRATED_SHAPES = (shape,) * 4
    try:
        model = "poisson" if math.isinf(shape) else "calibrated"
        got = return_distribution(tips, p, c, Pool(rules, turnover, co_winners=model))
    finally:
        pool_mod.CALIBRATED_SHAPES = old
    v, f = brute_distribution(tips, p, c, rules, turnover, shape)
    assert got.approximate_mass == 0.0
    assert got.mean == pytest.approx(float(v @ f), rel=1e-9)
    for q, x in ((0.05, got.q05), (0.5, got.median), (0.95, got.q95)):
        assert x == pytest.approx(brute_quantile(v, f, q), rel=1e-9, abs=1e-12), q
    assert got.p_return_ge_cost == pytest.approx(f[v >= got.cost * (1 - 1e-12)].sum(), abs=1e-10)
    assert got.p_return_positive == pytest.approx(f[v > 0].sum(), abs=1e-10)
    assert got.p_profit == pytest.approx(f[v > got.cost * (1 + 1e-12)].sum(), abs=1e-10)
    assert (got.total_q05, got.total_median, got.total_q95) == (got.q05, got.median, got.q95)
    assert got.rounds_per_payout == pytest.approx(1 / f[v > 0].sum(), rel=1e-9)
