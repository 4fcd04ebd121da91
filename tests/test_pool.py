"""The pool model against brute force, mpmath, seeded Monte Carlo and the real Stryktipset rounds."""
from __future__ import annotations

import math
import warnings

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from toto13.backtest import import_stryktipset
from toto13.engine import poisson_binomial_pmf
from toto13.estimators import remove_margin
from toto13.pool import (DEFAULT_CO_WINNER_MODEL, DEFAULT_SHARPNESS, CoWinnerModel, CoWinners,
                         CrowdModel, Pool, crowd_miss_pmf,
                         crowd_shares, expected_co_winners, expected_return, inverse_moment,
                         tip_returns, spelvarde, value_tips)
from toto13.rules import STRYKTIPSET, TOTO13, Rules
from toto13.hamming import strides
from toto13.tickets.encoding import tips_from_index
from toto13.tickets.evaluate import coverage_curve


def small_rules(m: int, **kw) -> Rules:
    """A pool of ``m`` matches paying ``m``, ``m-1``, ``m-2`` strikes (Stryktipset-like money)."""
    base = dict(name="small", matches=m, tiers=(m, m - 1, m - 2), tier_shares=(0.4, 0.25, 0.25),
                payout_ratio=0.65, stake=1.0, voucher_fee=0.0, quota_step=0.0, average_payouts=None)
    base.update(kw)
    return Rules(**base)


def table(rng, m, conc=(3.0, 2.0, 2.0)):
    return rng.dirichlet(conc, size=m)


def small_round(seed: int, m: int):
    """``rng, rules, probs, crowd``: a seeded generator, :func:`small_rules` and two tables from it."""
    rng = np.random.default_rng(seed)
    return rng, small_rules(m), table(rng, m), table(rng, m)


# ---------------------------------------------------------------- brute force
def flat_model(shape: float, tiers: int = 3) -> CoWinnerModel:
    """A co-winner model with the independent mean (no correction) and one negative-binomial shape."""
    return CoWinnerModel(center=(0.0,) * tiers, scale=(1.0,) * tiers, z_low=(0.0,) * tiers,
                         z_high=(0.0,) * tiers, coefs=((0.0,),) * tiers, shapes=(shape,) * tiers)


def model_pool(rules, turnover, shape, **kw) -> Pool:
    """``poisson`` for an infinite shape, else ``calibrated`` with :func:`flat_model` of that shape."""
    if np.isinf(shape):
        return Pool(rules, turnover, co_winners="poisson", **kw)
    return Pool(rules, turnover, co_winners="calibrated", model=flat_model(shape), **kw)


def brute_round(tips, probs, crowd, rules, turnover):
    """What every brute-force check starts from, all 3^m results enumerated: the results, their
    probabilities, the crowd's strike pmf per result (engine.poisson_binomial_pmf), our tips' strikes
    per result and the tier pools with our stakes in."""
    m = rules.matches
    results = tips_from_index(np.arange(3 ** m), m).astype(np.int64)
    pr = np.prod(probs[np.arange(m), results], axis=1)
    pmf = poisson_binomial_pmf(crowd[np.arange(m), results])                # (N, m + 1)
    strikes = (results[:, None, :] == np.asarray(tips)[None]).sum(axis=2)  # (N, |S|)
    pools = (turnover + len(tips) * rules.stake) * rules.payout_ratio * np.array(rules.tier_shares)
    return results, pr, pmf, strikes, pools


def brute_expected(tips, probs, crowd, rules, turnover, shape=np.inf, jackpot=0.0, mean_map=None):
    """Σ_r P(r) Σ_k n_k pool_k E[1/(W+n_k)], every result enumerated, the crowd's strike distribution by
    engine.poisson_binomial_pmf per result and E[1/(W+n)] by summing the pmf series (no minimum quota).
    ``shape`` is one number or one per tier; ``mean_map(λ, misses)`` maps the independent mean."""
    results, pr, pmf, strikes, pools = brute_round(tips, probs, crowd, rules, turnover)
    pools[0] += jackpot
    rows = turnover / rules.stake
    total = 0.0
    shapes = np.broadcast_to(np.asarray(shape, dtype=np.float64), (len(rules.tiers),))
    for j, k in enumerate(rules.tiers):
        n = (strikes == k).sum(axis=1)
        shape = shapes[j]
        for r in np.flatnonzero(n):
            lam = rows * pmf[r, k]
            if mean_map is not None:
                lam = float(mean_map(lam, rules.matches - k))
            w = np.arange(0, int(lam + 40 * math.sqrt(lam + 1) + 60 + 40 * lam / min(shape, 1e9)))
            if np.isinf(shape):
                f = stats.poisson.pmf(w, lam)
            else:
                f = stats.nbinom.pmf(w, shape, shape / (shape + lam))
            total += pr[r] * n[r] * pools[j] * float((f / (w + n[r])).sum())
    return total


@pytest.mark.parametrize("shape_model", ["poisson", "calibrated"])
def test_expected_return_brute_force_13(shape_model):
    rng = np.random.default_rng(7)
    p, c = table(rng, 13), table(rng, 13, (4, 2, 2))
    tips = rng.integers(0, 3, size=(3, 13))
    tips[1] = tips[0]
    tips[1, :2] = (tips[0, :2] + 1) % 3      # two tips at distance 2: they dilute each other
    rules = TOTO13
    pool = Pool(rules, 2_000.0, co_winners=shape_model, jackpot=30.0)
    got = expected_return(tips, p, c, pool)
    if shape_model == "calibrated":  # the default model: its mean map and its shape per tier
        m = DEFAULT_CO_WINNER_MODEL
        want = brute_expected(tips, p, c, rules, 2_000.0, [m.shape(13 - k) for k in rules.tiers], 30.0,
                              mean_map=lambda lam, d: m.mean(lam, d, tips=pool.crowd_tips))
    else:
        want = brute_expected(tips, p, c, rules, 2_000.0, jackpot=30.0)
    assert got.expected_return == pytest.approx(want, rel=1e-9)
    assert sum(got.per_tier.values()) == pytest.approx(got.expected_return, rel=1e-12)


@settings(max_examples=25)
@given(st.integers(0, 2 ** 32 - 1), st.integers(3, 5), st.integers(1, 6),
       st.sampled_from([np.inf, 1.5, 6.0]))
def test_expected_return_brute_force_small(seed, m, size, shape):
    rng = np.random.default_rng(seed)
    p, c = table(rng, m), table(rng, m)
    tips = rng.integers(0, 3, size=(size, m))
    rules = small_rules(m)
    turnover = float(rng.uniform(5, 300))
    got = expected_return(tips, p, c, model_pool(rules, turnover, shape)).expected_return
    assert got == pytest.approx(brute_expected(tips, p, c, rules, turnover, shape), rel=1e-9, abs=1e-12)


def test_row_returns_agree_with_one_row_sets():
    rng = np.random.default_rng(3)
    p, c = table(rng, 13), crowd_shares(table(rng, 13))
    for model, mq in ((CoWinners.POISSON, None), (CoWinners.CALIBRATED, 0.0)):
        if True:
            pool = Pool(STRYKTIPSET, 2e6, co_winners=model, min_quota=mq, jackpot=1e5)
            rr = tip_returns(p, c, pool)
            for i in (0, int(np.argmax(rr)), int(rng.integers(3 ** 13))):
                one = expected_return(tips_from_index([i], 13), p, c, pool)
                assert rr[i] == pytest.approx(one.expected_return, rel=1e-10)


# ---------------------------------------------------------------- the integral against mpmath
def mp_inverse_moment(lam, n, shape):
    with mpmath.workdps(40):
        lam = mpmath.mpf(lam)
        if lam == 0:
            return 1.0 / n
        if math.isinf(shape):
            g = lambda t: t ** (n - 1) * mpmath.exp(-lam * (1 - t))  # noqa: E731
        else:
            s = mpmath.mpf(shape)
            g = lambda t: t ** (n - 1) * (1 + (1 - t) * lam / s) ** (-s)  # noqa: E731
        pts = sorted({mpmath.mpf(0), mpmath.mpf(1)} | {1 - mpmath.mpf(k) / lam for k in (1, 10, 100)
                                                       if k < lam})
        return float(mpmath.quad(g, pts))


@pytest.mark.parametrize("shape", [np.inf, 1.2, 4.1822, 15.0, 800.0])
@pytest.mark.parametrize("n", [1, 2, 3, 7, 10, 11, 25])
def test_inverse_moment_mpmath(shape, n):
    lams = np.array([0.0, 1e-9, 1e-3, 0.4, 2.0, 17.0, 350.0, 2.5e4, 3e6])
    got = inverse_moment(lams, n, shape)
    want = [mp_inverse_moment(x, n, shape) for x in lams]
    np.testing.assert_allclose(got, want, rtol=1e-10)


def test_inverse_moment_poisson_series():
    # the defining series Σ_w pmf(w) / (w + n)
    for lam in (0.3, 4.0, 60.0):
        w = np.arange(400)
        for n in (1, 4):
            want = float((stats.poisson.pmf(w, lam) / (w + n)).sum())
            assert inverse_moment(lam, n)[()] == pytest.approx(want, rel=1e-12)


# ---------------------------------------------------------------- minimum quota
def brute_min_quota(tips, probs, crowd, rules, turnover, min_quota, shape=np.inf):
    """Direct sums: tier k pays while pool_k/(W+n) >= min_quota; else its pool moves to the top tier."""
    m = rules.matches
    results, pr, pmf, strikes, pools = brute_round(tips, probs, crowd, rules, turnover)
    rows = turnover / rules.stake

    def dist(lam):
        w = np.arange(0, int(lam * (3 if np.isinf(shape) else 60) + 200))
        f = stats.poisson.pmf(w, lam) if np.isinf(shape) else stats.nbinom.pmf(w, shape, shape / (shape + lam))
        return w, f

    total = 0.0
    for r in range(3 ** m):
        ns = [(strikes[r] == k).sum() for k in rules.tiers]
        if not any(ns):
            continue
        moved = 0.0
        for j, k in enumerate(rules.tiers):
            w, f = dist(rows * pmf[r, k])
            if j > 0:
                pays = pools[j] >= min_quota * (w + ns[j])
                moved += pools[j] * f[~pays].sum()
                if ns[j]:
                    total += pr[r] * ns[j] * pools[j] * (f * pays / (w + ns[j])).sum()
        if ns[0]:
            w, f = dist(rows * pmf[r, m])
            total += pr[r] * ns[0] * (pools[0] + moved) * (f / (w + ns[0])).sum()
    return total


@pytest.mark.parametrize("shape", [np.inf, 3.0])
def test_min_quota_brute_force(shape):
    rng = np.random.default_rng(11)
    m = 4
    p, c = table(rng, m), table(rng, m, (8, 1, 1))
    rules = small_rules(m, min_quota=1.3)
    tips = np.array([[0, 0, 0, 0], [0, 0, 0, 1], [1, 2, 0, 0]])
    turnover = 150.0
    pool = model_pool(rules, turnover, shape)
    got = expected_return(tips, p, c, pool).expected_return
    single = expected_return(tips[:1], p, c, pool).expected_return
    off = expected_return(tips, p, c, model_pool(rules, turnover, shape, min_quota=0))
    want = brute_min_quota(tips, p, c, rules, turnover, 1.3, shape)
    assert got == pytest.approx(want, rel=1e-9)
    assert single == pytest.approx(brute_min_quota(tips[:1], p, c, rules, turnover, 1.3, shape), rel=1e-9)
    assert off.expected_return != pytest.approx(got, rel=1e-6)   # the rule matters in this pool


@pytest.mark.parametrize("shape", [np.inf, 4.0])
def test_capped_moment_large_caps(shape):
    # beyond 20,000 winners the truncated E[1/(W+n); W+n <= cap] for n >= 2 is a ratio approximation;
    # against the direct sum of the distribution
    from toto13.pool.cowinners import _inv_capped
    lam = np.array([2.0e4, 2.4e4, 3.0e4, 4.0e4])
    for n in (2, 5):
        cap = 25_000.5 + n
        got = _inv_capped(lam, np.full(lam.size, n), shape, cap)
        w = np.arange(int(cap - n) + 1)
        for g, x in zip(got, lam):
            f = stats.poisson.pmf(w, x) if np.isinf(shape) else stats.nbinom.pmf(w, shape, shape / (shape + x))
            want = float((f / (w + n)).sum())
            assert g == pytest.approx(want, rel=1e-3, abs=1e-12)


@pytest.mark.parametrize("shape", [np.inf, 4.0])
def test_capped_moment_without_co_winners(shape):
    # λ = 0 (an outcome the crowd never picks): W = 0, so E[1/(W+n); W+n <= cap] = 1/n where n <= cap,
    # else 0; it divided by λ (a RuntimeWarning, found by the pool-options fuzzing with --min-quota 1e12)
    from toto13.pool.cowinners import _inv_capped
    lam = np.zeros(3)
    n = np.array([1, 2, 3])
    for cap in (0.5, 1.0, 2.5, 3.0):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            got = _inv_capped(lam, n, shape, cap)
        np.testing.assert_allclose(got, np.where(n <= cap, 1.0 / n, 0.0), rtol=1e-15)


# ---------------------------------------------------------------- P(return >= cost)
def simulate_rounds(tips, p, c, pool, n, gen):
    """Independent rounds of the model, drawn directly: a result per match, every tier's winners
    Poisson."""
    m = p.shape[0]
    res = np.stack([gen.choice(3, size=n, p=row) for row in p], axis=1)
    strikes = (res[:, None, :] == tips[None]).sum(axis=2)
    idx = res @ strides((3,) * m)
    pmf = crowd_miss_pmf(c, 2)
    pools = pool.tier_pools(len(tips))
    ret = np.zeros(n)
    for j, k in enumerate(pool.rules.tiers):
        nk = (strikes == k).sum(axis=1)
        w = gen.poisson(pool.crowd_tips * pmf[idx, m - k])
        ret += np.where(nk > 0, nk * pools[j] / np.maximum(w + nk, 1), 0.0)
    return ret


def test_p_return_ge_cost_monte_carlo():
    m = 5
    rng, rules, p, c = small_round(5, m)
    tips = np.array([[0, 0, 0, 0, 0], [0, 0, 0, 1, 1], [2, 1, 0, 0, 0]])
    pool = Pool(rules, 60.0, co_winners="poisson")
    got = expected_return(tips, p, c, pool)
    # seeded Monte Carlo of the round: a result by P, every tier's winners by the model
    n = 200_000
    ret = simulate_rounds(tips, p, c, pool, n, np.random.default_rng(2024))
    se = math.sqrt(0.25 / n)
    assert ret.mean() == pytest.approx(got.expected_return, abs=6 * ret.std() / math.sqrt(n))
    assert abs((ret >= got.cost).mean() - got.p_return_ge_cost) < 0.01 + 5 * se


# ---------------------------------------------------------------- sanity
def test_crowd_row_returns_ratio_times_shares():
    # a row drawn by the crowd's own shares: Σ_t c(t) rr(t) = Σ_r P(r) Σ_k pool_k (1 - e^-λ_k(r)) / rows
    # (Poisson), which tends to ratio × Σ shares per unit staked as every tier gets won
    m = 6
    rng, rules, p, c = small_round(9, m)
    pool = Pool(rules, 5e5, co_winners="poisson")
    rr = tip_returns(p, c, pool)
    crowd_prob = np.prod(np.stack(np.meshgrid(*c, indexing="ij"), -1), -1).ravel()
    assert float(crowd_prob @ rr) == pytest.approx(0.65 * 0.9 * (1 + 1 / pool.crowd_tips), rel=2e-3)
    # seeded draws of crowd rows
    gen = np.random.default_rng(1)
    draws = rr[gen.choice(rr.size, size=4000, p=crowd_prob)]
    assert abs(draws.mean() - 0.65 * 0.9) < 5 * draws.std() / math.sqrt(draws.size) + 2e-3


def test_crowd_row_real_rounds(shared_data):
    # Reference figure: a row drawn by the crowd's own shares gets 0.585 per SEK on the 21 real
    # rounds (independent crowd, no minimum quota). By the identity above it needs only the crowd's
    # strike distribution per result; one round checks the identity against tip_returns itself.
    d = shared_data / "stryktipset-tipsxtra"
    rounds = import_stryktipset(d / "stryktipset_summering.csv",
                                d / "stryktipset_detaljer_2025w19-w39.csv").rounds
    rounds = rounds.subset(rounds.has_crowd())
    assert len(rounds) == 21
    probs = remove_margin(rounds.odds.reshape(-1, 3), "multiplicative").probs.reshape(rounds.odds.shape)
    got = []
    for i in range(len(rounds)):
        pool = Pool(STRYKTIPSET, rounds.turnover[i], co_winners="poisson", min_quota=0)
        pr = np.ones(1)
        for row in probs[i]:
            pr = np.multiply.outer(pr, row).ravel()
        lam = pool.crowd_tips * crowd_miss_pmf(rounds.crowd[i], 3)
        got.append(float(pr @ (-np.expm1(-lam) @ pool.tier_pools(1))) / pool.crowd_tips)
        if i == 0:
            crowd_prob = np.ones(1)
            for row in rounds.crowd[i]:
                crowd_prob = np.multiply.outer(crowd_prob, row).ravel()
            assert float(crowd_prob @ tip_returns(probs[i], rounds.crowd[i], pool)) == pytest.approx(
                got[0], rel=1e-9)
    assert np.mean(got) == pytest.approx(0.585, abs=0.001)
    assert max(got) < 0.65 * 0.92 * 1.0001      # never more than ratio × Σ shares


@settings(max_examples=30)
@given(st.integers(0, 2 ** 32 - 1), st.integers(3, 5), st.integers(1, 5),
       st.sampled_from(list(CoWinners)))
def test_adding_a_tip_and_subadditivity(seed, m, size, model):
    rng = np.random.default_rng(seed)
    p, c = table(rng, m), table(rng, m)
    rules = small_rules(m)
    pool = Pool(rules, float(rng.uniform(3, 200)), co_winners=model)
    idx = rng.choice(3 ** m, size=size + 1, replace=False)
    tips = tips_from_index(idx, m)
    small = expected_return(tips[:-1], p, c, pool).expected_return
    big = expected_return(tips, p, c, pool).expected_return
    assert big >= small * (1 - 1e-12)
    single = tip_returns(p, c, pool, size=size + 1)[idx]
    assert big <= single.sum() * (1 + 1e-12)


# ---------------------------------------------------------------- value tips
def test_value_tips_single_best_and_plain_greedy():
    m = 5
    rng, rules, p, c = small_round(4, m)
    for model in CoWinners:
        pool = Pool(rules, 80.0, co_winners=model)
        one = value_tips(1, p, c, pool)
        assert (one[0] @ strides((3,) * m)) == int(np.argmax(tip_returns(p, c, pool)))
        n = 6
        got = value_tips(n, p, c, pool)
        assert len({tuple(t) for t in got}) == n
        # plain greedy with exact set values at the final pool size
        chosen: list[int] = []
        for _ in range(n):
            best, best_v = None, -np.inf
            for cand in range(3 ** m):
                if cand in chosen:
                    continue
                v = expected_return(tips_from_index(chosen + [cand], m), p, c,
                                    Pool(rules, pool.turnover + (n - len(chosen) - 1) * rules.stake,
                                         co_winners=model)).expected_return
                if v > best_v + 1e-12:
                    best, best_v = cand, v
            chosen.append(best)
        assert (got.astype(np.int64) @ strides((3,) * m)).tolist() == chosen


def test_value_tips_min_coverage():
    m = 6
    rng, rules, p, c = small_round(8, m)
    pool = Pool(rules, 500.0)
    tips = value_tips(20, p, c, pool, min_coverage=(5, 0.6))
    assert coverage_curve(tips, p, 5)[-1] >= 0.6 - 1e-12
    with pytest.raises(ValueError, match=r"min_coverage \(6, 0.99\) cannot be met with 3 tips"):
        value_tips(3, p, c, pool, min_coverage=(6, 0.99))
    with pytest.raises(ValueError, match=r"min_coverage Q \(1.5\) must be in \[0, 1\]"):
        value_tips(3, p, c, pool, min_coverage=(5, 1.5))


def test_expected_co_winners_and_spelvarde():
    m = 4
    rng, rules, p, c = small_round(2, m)
    pool = Pool(rules, 1000.0)
    tips = np.array([[0, 1, 2, 0]])
    got = expected_co_winners(tips, p, c, pool)
    # brute force: the top tier is the row itself; the default model maps the independent mean
    lam = pool.crowd_tips * np.prod(c[np.arange(m), tips[0]])
    assert got[0, 0] == pytest.approx(float(DEFAULT_CO_WINNER_MODEL.mean(lam, 0, tips=pool.crowd_tips)))
    indep = expected_co_winners(tips, p, c, Pool(rules, 1000.0, co_winners="poisson"))
    assert indep[0, 0] == pytest.approx(lam)
    assert spelvarde(p, c * 100) == pytest.approx(p / c)


# ---------------------------------------------------------------- input checks
@pytest.mark.parametrize("kwargs, message", [
    ({"turnover": 0}, r"turnover \(0\) must be a number >= 1 and at most 1e\+12"),
    ({"turnover": -5}, r"turnover \(-5\) must be a number >= 1"),
    ({"turnover": 5e-324}, r"turnover \(5e-324\) must be a number >= 1"),
    ({"jackpot": -1}, r"jackpot \(-1\) must be a finite number >= 0"),
    ({"min_quota": -2}, r"min_quota \(-2\) must be a finite number >= 0"),
    ({"co_winners": "gauss"}, r"co_winners \('gauss'\) must be one of calibrated, poisson"),
])
def test_pool_checks(kwargs, message):
    args = {"rules": TOTO13, "turnover": 1e6} | kwargs
    with pytest.raises(ValueError, match=message):
        Pool(**args)


@pytest.mark.parametrize("crowd, message", [
    (np.full((12, 3), 1 / 3), r"crowd must have 13 rows \(one per match\), got 12"),
    (np.r_[[[-0.1, 0.6, 0.5]], np.full((12, 3), 1 / 3)], r"crowd row 0 .* must hold finite shares >= 0"),
    (np.r_[np.full((12, 3), 1 / 3), [[0, 0, 0]]], r"crowd row 12 .* is all zero"),
    (np.full((13, 2), 0.5), r"crowd must have shape \(matches, 3\)"),
])
def test_crowd_checks(crowd, message):
    p = np.full((13, 3), 1 / 3)
    with pytest.raises(ValueError, match=message):
        expected_return(np.zeros((1, 13), dtype=int), p, crowd, Pool(TOTO13, 1e6))


def test_tip_and_count_checks():
    p = np.full((13, 3), 1 / 3)
    pool = Pool(TOTO13, 1e6)
    with pytest.raises(ValueError, match=r"tips row 0 .* must hold outcome codes 0, 1, 2"):
        expected_return(np.full((1, 13), 3), p, p, pool)
    with pytest.raises(ValueError, match=r"tips must have shape \(n, 13\)"):
        expected_return(np.zeros((1, 12), dtype=int), p, p, pool)
    with pytest.raises(ValueError, match=r"n \(0\) must be in 1\.\."):
        value_tips(0, p, p, pool)
    with pytest.raises(ValueError, match=r"probs must have 13 rows"):
        tip_returns(p[:5], p, pool)


def test_for_rules_typical_turnover():
    assert Pool.for_rules(STRYKTIPSET).turnover > 1e7
    with pytest.raises(ValueError, match="turnover is required: rules 'toto13' have no typical turnover"):
        Pool.for_rules(TOTO13)


def test_crowd_model_moved_here():
    from toto13.backtest import payouts
    assert payouts.CrowdModel is CrowdModel and payouts.DEFAULT_SHARPNESS == DEFAULT_SHARPNESS


@settings(max_examples=20)
@given(st.integers(0, 2 ** 32 - 1), st.integers(3, 5), st.integers(1, 12),
       st.sampled_from(list(CoWinners)), st.sampled_from([0.0, 0.4, 1.5]))
def test_value_gains_add_up_to_the_set_value(seed, m, n, model, min_quota):
    # the gains value_tips books (own dilution, minimum quota and the money it moves) sum to the
    # exact expected return of the set it returns
    rng = np.random.default_rng(seed)
    rules = small_rules(m, min_quota=min_quota)
    p, c = table(rng, m), table(rng, m, (6, 2, 1))
    pool = Pool(rules, float(rng.uniform(20, 400)), co_winners=model)
    n = min(n, 3 ** m)
    tips, gains = value_tips(n, p, c, pool, return_gains=True)
    assert len({tuple(t) for t in tips}) == n
    assert gains.sum() == pytest.approx(expected_return(tips, p, c, pool).expected_return, rel=1e-9)
    if min_quota == 0:
        assert np.all(np.diff(gains) <= 1e-12 * gains[0])   # diminishing returns
