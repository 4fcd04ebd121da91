"""Exact expected returns: of a tip set (:func:`expected_return`), of every single tip in one pass
(:func:`tip_returns`), and the expected co-winners of given tips."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import check_int, check_probability_table
from ..hamming import (Balls, ball_indices, distance_weighted_sums, index_of, jit, sphere_sums)
from ..tickets.evaluate import result_probabilities
from .cowinners import _binding, _inv1, _inv_capped, _sf, inverse_moment
from .crowd import _check_crowd, crowd_miss_pmf
from .setup import Pool


@dataclass(frozen=True)
class PoolValue:
    """What a tip set is worth in a pool (see :func:`expected_return`).

    ``per_tier`` maps strikes to the expected return from that tier (money a minimum quota moves is
    counted at the tier that receives it); ``p_return_ge_cost`` is P(the round returns >= cost).
    """

    expected_return: float
    cost: float
    expected_profit: float
    return_per_stake: float
    per_tier: dict[int, float]
    p_return_ge_cost: float
    tips: int
    co_winners: str
    turnover: float
    jackpot: float
    min_quota: float
    crowd_source: str = "file"


def co_winner_means(crowd: ArrayLike, pool: Pool) -> NDArray[np.float64]:
    """Expected co-winners per tier and result, shape ``(tiers, 3**m)``.

    ``λ_k(r) = crowd_tips · P_crowd(exactly k strikes | r)`` for independent crowd tips (``poisson``),
    mapped by the pool's co-winner model for ``calibrated`` (:meth:`Pool.co_winner_means`,
    :class:`~toto13.pool.CoWinnerModel`): real crowds pile up on the likeliest and the most surprising
    results.
    """
    m = pool.rules.matches
    misses = [m - k for k in pool.rules.tiers]
    pmf = crowd_miss_pmf(crowd, max(misses))
    return pool.co_winner_means(pool.crowd_tips * pmf[:, misses].T)


# ---------------------------------------------------------------- the model of one round
@dataclass
class _Round:
    """Everything about one round that does not depend on our tips (except the pool size ``n``)."""

    m: int
    prob: NDArray[np.float64]          # (N,)
    lam: NDArray[np.float64]           # (T, N)
    pools: NDArray[np.float64]         # (T,)
    caps: NDArray[np.float64]          # (T,) winners at which the quota falls under the minimum
    shapes: NDArray[np.float64]        # (T,)
    misses: NDArray[np.int64]          # (T,)
    dest: int                          # tier index receiving money from tiers under the minimum
    pool: Pool = field(repr=False)

    @classmethod
    def build(cls, probs: ArrayLike, crowd: ArrayLike, pool: Pool, n: int) -> _Round:
        if not isinstance(pool, Pool):
            raise ValueError(f"pool ({pool!r}) must be a Pool")
        m = pool.rules.matches
        p = check_probability_table("probs", probs, matches=m)
        c = _check_crowd(crowd, m)
        pools = pool.tier_pools(n)
        tiers = pool.rules.tiers
        dest = tiers.index(pool.rules.min_quota_tier)
        caps = np.full(len(tiers), np.inf)
        if pool.minimum_quota > 0:
            with np.errstate(over="ignore"):  # a minimum quota near 0 (1e-310): no cap reached, inf
                caps = pools / pool.minimum_quota
            caps[dest] = np.inf
        return cls(m, result_probabilities(p), co_winner_means(c, pool), pools, caps, pool.shapes(),
                   np.array([m - k for k in tiers]), dest, pool)

    def values(self, idx: NDArray[np.int64], counts: NDArray[np.int64]) -> NDArray[np.float64]:
        """Expected return per tier at results ``idx`` given our tips per tier ``counts`` (E, T),
        weighted by ``P(r)``. Money moved by the minimum quota is credited to the receiving tier:

        ``n_dest · E[1/(W_dest + n_dest)] · (pool_dest + Σ_k pool_k · P(W_k + n_k > cap_k))``,

        taking the tiers' co-winner counts as independent given the result.
        """
        e, t = counts.shape
        out = np.zeros((e, t))
        for j in range(t):
            win = counts[:, j] > 0
            if win.any():
                out[win, j] = self.own(j, idx[win], counts[win, j])
        moved = self.moved(idx, counts)
        d = self.dest
        gets = (counts[:, d] > 0) & (moved > 0)
        if gets.any():
            nd = counts[gets, d]
            out[gets, d] += nd * moved[gets] * inverse_moment(self.lam[d, idx[gets]], nd, self.shapes[d])
        return out * self.prob[idx, None]

    def own(self, j: int, idx: NDArray[np.int64], n: NDArray[np.int64]) -> NDArray[np.float64]:
        """``n · pool_j · E[1/(W_j + n); W_j + n <= cap_j]`` at results ``idx`` (``n >= 1``)."""
        return n * self.pools[j] * _inv_capped(self.lam[j, idx], n, self.shapes[j], self.caps[j])

    def moved(self, idx: NDArray[np.int64], counts: NDArray[np.int64]) -> NDArray[np.float64]:
        """``Σ_k pool_k · P(W_k + n_k > cap_k)``: the money the minimum quota moves, in expectation."""
        out = np.zeros(len(idx))
        for j in range(len(self.pools)):
            if math.isfinite(self.caps[j]):
                lam, nk = self.lam[j, idx], counts[:, j]
                near = _binding(lam, self.shapes[j], self.caps[j] - nk.max())
                if near.any():
                    out[near] += self.pools[j] * _sf(lam[near], self.shapes[j], self.caps[j] - nk[near])
        return out


def _spheres(weights: NDArray[np.float64], m: int, radius: int) -> NDArray[np.float64]:
    """``out[d][x]``: sum of ``weights`` over the results at Hamming distance exactly ``d`` of ``x``."""
    return sphere_sums(weights.reshape((3,) * m), radius).reshape(radius + 1, -1)


def _check_tips(tips: ArrayLike, m: int) -> NDArray[np.int64]:
    try:
        t = np.array(tips, dtype=np.int64)
    except (TypeError, ValueError):
        raise ValueError("tips must be a table of outcome codes 0, 1, 2") from None
    if t.ndim == 1 and t.size == m:
        t = t[None, :]
    if t.ndim != 2 or t.shape[1] != m:
        raise ValueError(f"tips must have shape (n, {m}), got {t.shape}")
    if t.shape[0] == 0:
        raise ValueError("tips must hold at least one tip")
    if ((t < 0) | (t > 2)).any():
        i = int(np.argmax(((t < 0) | (t > 2)).any(axis=1)))
        raise ValueError(f"tips row {i} ({t[i].tolist()}) must hold outcome codes 0, 1, 2")
    return t


def expected_return(tips: ArrayLike, probs: ArrayLike, crowd: ArrayLike, pool: Pool, *,
                    crowd_source: str = "file") -> PoolValue:
    """The expected return of a tip set, exact over all ``3**m`` results, own tips diluting each other.

    Parameters
    ----------
    tips : array_like of int, shape (n, m)
        Outcome codes (0 home, 1 draw, 2 away); a repeated tip counts twice.
    probs : array_like, shape (m, 3)
        Probabilities per match.
    crowd : array_like, shape (m, 3)
        The crowd's pick shares (percent or fractions; rows are normalised).
    pool : Pool
    crowd_source : {"file", "model"}
        Where ``crowd`` came from (reported, not used).

    Returns
    -------
    PoolValue

    Notes
    -----
    ``E = Σ_r P(r) Σ_k n_k(r) · pool_k · E[1/(W_k(r) + n_k(r))]`` (module docstring), with ``n_k(r)``
    the sphere counts of the tip set. Minimum quota ``q_min``: tier ``k`` pays nothing when
    ``pool_k/(W+n) < q_min``, i.e. when ``W + n > cap_k = pool_k / q_min``, so its term is
    ``n · pool_k · E[1/(W+n); W + n <= cap_k]``; its money then goes to the receiving tier (the top
    tier), whose pool for result ``r`` becomes ``pool_top + Σ_k pool_k · P(W_k + n_k > cap_k)`` in
    expectation (tiers' co-winners independent given ``r``). Quotas are not rounded down here (that
    loses less than one ``quota_step`` per winning tip).

    ``p_return_ge_cost`` is exact over results. Given a result, the return is exact in ``W`` when one
    tier pays us (``P(W <= n·pool/cost - n)``, the usual case); when several tiers pay, the tiers other
    than the one paying most in expectation are replaced by their expectations (tested against a
    seeded Monte Carlo).
    """
    if crowd_source not in ("file", "model"):
        raise ValueError(f"crowd_source ({crowd_source!r}) must be 'file' or 'model'")
    return _pool_value(_reached(tips, probs, crowd, pool), pool, crowd_source)


def _pool_value(reached: tuple, pool: Pool, crowd_source: str) -> PoolValue:
    """:func:`expected_return` of a tip set from what :func:`_reached` built."""
    t, rnd, idx, cnt, vals = reached
    per = vals.sum(axis=0)
    total = float(per.sum())
    cost = pool.rules.cost(len(t))
    p_ge = _prob_ge_cost(rnd, idx, cnt, vals, cost)
    return PoolValue(
        expected_return=total, cost=cost, expected_profit=total - cost,
        return_per_stake=total / (len(t) * pool.rules.stake),
        per_tier={k: float(v) for k, v in zip(pool.rules.tiers, per)},
        p_return_ge_cost=p_ge, tips=len(t), co_winners=pool.co_winners.value,
        turnover=pool.turnover, jackpot=pool.jackpot, min_quota=pool.minimum_quota,
        crowd_source=crowd_source)


def _reached(tips: ArrayLike, probs: ArrayLike, crowd: ArrayLike, pool: Pool
             ) -> tuple[NDArray[np.int64], _Round, NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """What a tip set's return is built from: the checked tips, the round, the results some tip
    reaches (``idx``), our tips per tier there (``cnt``, (E, T)) and the expected return per tier there
    weighted by ``P(r)`` (``vals``, (E, T)); the other results return nothing."""
    if not isinstance(pool, Pool):
        raise ValueError(f"pool ({pool!r}) must be a Pool")
    m = pool.rules.matches
    t = _check_tips(tips, m)
    rnd = _Round.build(probs, crowd, pool, len(t))
    ind = np.bincount(index_of(t, (3,) * m), minlength=3 ** m).astype(np.float64)
    counts = np.rint(_spheres(ind, m, int(rnd.misses.max()))[rnd.misses]).astype(np.int64)  # (T, N)
    idx = np.flatnonzero(counts.any(axis=0))
    cnt = counts[:, idx].T
    return t, rnd, idx, cnt, rnd.values(idx, cnt)


def _prob_ge_cost(rnd: _Round, idx, cnt, vals, cost: float) -> float:
    """``P(return >= cost)``: exact over results; see :func:`expected_return` for ``W``."""
    if cost <= 0:
        return 1.0
    pr = rnd.prob[idx]
    with np.errstate(divide="ignore", invalid="ignore"):
        cond = np.where(pr[:, None] > 0, vals / pr[:, None], 0.0)  # E[return from tier | r]
    dom = np.argmax(cond, axis=1)
    rest = cond.sum(axis=1) - cond[np.arange(len(idx)), dom]
    need = cost - rest
    p = np.zeros(len(idx))
    p[need <= 0] = 1.0
    for j in range(cnt.shape[1]):
        sel = (dom == j) & (need > 0) & (cnt[:, j] > 0)
        if not sel.any():
            continue
        nk = cnt[sel, j]
        lam = rnd.lam[j, idx[sel]]
        pool_j = np.full(sel.sum(), rnd.pools[j])
        if j == rnd.dest:
            # the moved money in expectation: cond / (n E[1/(W+n)]) is the effective pool
            pool_j = cond[sel, j] / (nk * inverse_moment(lam, nk, rnd.shapes[j]))
        top = np.minimum(nk * pool_j / need[sel], rnd.caps[j]) - nk   # W <= top
        ok = top >= 0
        q = np.zeros(sel.sum())
        q[ok] = 1.0 - _sf(lam[ok], rnd.shapes[j], top[ok])
        p[sel] = q
    return float(min(1.0, (pr * p).sum()))


def _single_tables(rnd: _Round) -> NDArray[np.float64]:
    """``f[j, r]``: expected return at result ``r`` from one own tip in tier ``j`` and none in the
    others, weighted by ``P(r)`` (what :meth:`_Round.values` gives for those counts, for all ``r``)."""
    t = len(rnd.pools)
    ones = np.ones(rnd.prob.size, dtype=np.int64)
    f = np.empty((t, rnd.prob.size))
    moved = np.zeros(rnd.prob.size)
    for j in range(t):
        lam = rnd.lam[j]
        f[j] = rnd.pools[j] * _inv_capped(lam, ones, rnd.shapes[j], rnd.caps[j])
        if math.isfinite(rnd.caps[j]):
            near = _binding(lam, rnd.shapes[j], rnd.caps[j])
            moved[near] += rnd.pools[j] * _sf(lam[near], rnd.shapes[j], rnd.caps[j])
    d = rnd.dest
    gets = moved > 0
    f[d, gets] += moved[gets] * _inv1(rnd.lam[d, gets], rnd.shapes[d])
    return f * rnd.prob[None, :]


def tip_returns(probs: ArrayLike, crowd: ArrayLike, pool: Pool, *,
                size: int = 1) -> NDArray[np.float64]:
    """The expected return of every single row, in one pass: shape ``(3**m,)``, index base 3.

    Parameters
    ----------
    probs, crowd, pool
        As in :func:`expected_return`.
    size : int
        The number of own tips whose stakes the pools include (1: the row alone).

    Notes
    -----
    For a row ``t`` alone: ``Σ_k Σ_{r at distance m-k of t} P(r) · pool_k ·
    E[1/(W_k(r) + 1)]`` (+ the money a minimum quota moves to the top tier) — a sphere sum over the
    ``3**m`` array whose weights depend on the distance. Equal to :func:`expected_return` of ``[t]``.
    """
    rnd = _Round.build(probs, crowd, pool, check_int("size", size, 1))
    return distance_weighted_sums(_by_distance(rnd, _single_tables(rnd)), (3,) * rnd.m).ravel()


def _by_distance(rnd: _Round, f: NDArray[np.float64]) -> NDArray[np.float64]:
    """Tier tables re-indexed by distance ``0..max misses`` (zero where no tier pays)."""
    out = np.zeros((int(rnd.misses.max()) + 1, f.shape[1]))
    for j, d in enumerate(rnd.misses):
        out[d] += f[j]
    return out


@jit
def _ball_gains(rows, sizes, strides, pos, shift, tier, delta, out):  # pragma: no cover - compiled
    # out[i] = Σ_b delta[tier[b], member b of the ball of rows[i]] (hamming.ball_indices, inlined)
    steps = np.empty((sizes.shape[0], sizes.max()), np.int64)
    ball = np.empty(pos.shape[0], np.int64)
    for i in range(rows.shape[0]):
        ball_indices(rows[i], sizes, strides, pos, shift, steps, ball)
        g = 0.0
        for b in range(ball.shape[0]):
            g += delta[tier[b], ball[b]]
        out[i] = g


#: ball members gathered at once by :func:`expected_co_winners` (some 40 bytes each)
CO_WINNERS_CHUNK = 1_000_000


def expected_co_winners(rows: ArrayLike, probs: ArrayLike, crowd: ArrayLike,
                        pool: Pool) -> NDArray[np.float64]:
    """Expected other winners per tier given the row wins that tier: ``(len(rows), tiers)``.

    ``E[W_k(r) | r at distance m-k of the row] = Σ P(r) λ_k(r) / Σ P(r)`` over that sphere (NaN where
    the sphere has probability 0).
    """
    m = pool.rules.matches
    t = _check_tips(rows, m)
    rnd = _Round.build(probs, crowd, pool, 1)
    balls = Balls((3,) * m, int(rnd.misses.max()))
    index, dist = index_of(t, (3,) * m), balls.distances
    out = np.full((len(t), len(rnd.misses)), np.nan)
    step = max(1, CO_WINNERS_CHUNK // dist.size)  # rows a chunk: memory bounded, whatever len(rows)
    for lo in range(0, len(t), step):
        ball = balls(index[lo:lo + step])
        for j, d in enumerate(rnd.misses):
            b = ball[:, dist == d]
            w = rnd.prob[b]
            tot = w.sum(axis=1)
            ok = tot > 0
            out[lo:lo + step][ok, j] = (w * rnd.lam[j, b]).sum(axis=1)[ok] / tot[ok]
    return out


# ---------------------------------------------------------------- the single tips of highest return
@dataclass(frozen=True, eq=False)
class RankedTips:
    """The single tips of highest expected return in a pool, highest first
    (:func:`highest_return_tips`).

    ``tips`` (k, m) are outcome codes; ``expected_return`` and ``return_per_stake`` (k,) each tip's
    expected return alone and per unit staked; ``p_all`` (k,) the probability that the tip has all
    ``m`` strikes (that it is the result); ``co_winners`` (k, tiers) the expected other winners in
    each tier (in the order of ``rules.tiers``) given the tip wins that tier.
    """

    tips: NDArray[np.int8]
    expected_return: NDArray[np.float64]
    return_per_stake: NDArray[np.float64]
    p_all: NDArray[np.float64]
    co_winners: NDArray[np.float64]


def highest_return_tips(probs: ArrayLike, crowd: ArrayLike, pool: Pool, k: int) -> RankedTips:
    """The ``k`` single tips of highest expected return, each with its chance and its co-winners.

    Parameters
    ----------
    probs, crowd, pool
        As in :func:`expected_return`.
    k : int
        How many tips, ``1 .. 3**m``.

    Returns
    -------
    RankedTips

    Raises
    ------
    ValueError
        Naming ``k`` (out of range), ``probs``, ``crowd`` or ``pool``.

    Notes
    -----
    Every tip is judged alone (:func:`tip_returns`: the pools include one own stake); equal returns
    keep index order (base 3, the first match most significant). ``p_all = Π_j probs[j, tip_j]``;
    the co-winners are :func:`expected_co_winners` of the chosen tips.

    Examples
    --------
    >>> from toto13.rules import Rules
    >>> rules = Rules(name="three", matches=3, tiers=(3, 2), tier_shares=(0.5, 0.3),
    ...               payout_ratio=0.6, stake=1.0, voucher_fee=0.0, quota_step=0.0,
    ...               average_payouts=None)
    >>> top = highest_return_tips([[0.5, 0.3, 0.2]] * 3, [[0.6, 0.3, 0.1]] * 3, Pool(rules, 100.0), 2)
    >>> top.tips.tolist(), top.expected_return.round(4).tolist(), top.p_all.tolist()
    ([[0, 0, 2], [0, 2, 0]], [0.5808, 0.5808], [0.05, 0.05])
    >>> top.co_winners.round(2).tolist()  # the default co-winner model's means (independent: 3.6, 33.71)
    [[3.7, 46.81], [3.7, 46.81]]
    """
    from ..tickets.encoding import tips_from_index

    returns = tip_returns(probs, crowd, pool)  # checks probs, crowd and pool
    k = check_int("k", k, 1, returns.size)
    order = np.argsort(-returns, kind="stable")[:k]
    tips = tips_from_index(order, pool.rules.matches)
    p = np.asarray(probs, dtype=np.float64)
    p_all = np.prod(np.take_along_axis(p, tips.T.astype(np.intp), axis=1), axis=0)
    return RankedTips(tips=tips, expected_return=returns[order],
                      return_per_stake=returns[order] / pool.rules.stake, p_all=p_all,
                      co_winners=expected_co_winners(tips, probs, crowd, pool))
