"""The pari-mutuel pool: what a tip set is worth when every tier's pool is shared by its winners.

A 13-match pool pays each tier ``k`` a fixed share of all stakes, ``pool_k``, split equally among every
row with exactly ``k`` strikes. So a tip's worth depends on how many *other* rows share its prize, not
only on how likely it is. For per-match probabilities ``p``, the crowd's pick shares ``c`` and turnover
``T`` (``rows = T / stake`` rows played by others), the expected return of a tip set ``S`` is, exactly
over all ``3**m`` results ``r``,

    E[return] = sum_r P(r) sum_k n_k(r) · pool_k · E[1 / (W_k(r) + n_k(r))],

with ``n_k(r)`` our tips with exactly ``k`` strikes for ``r`` (they dilute each other),
``pool_k = (T + |S|·stake) · payout_ratio · share_k`` (+ a jackpot at the top tier) and ``W_k(r)`` the
other rows with ``k`` strikes. Co-winner models (:class:`CoWinners`):

* ``poisson``: crowd rows independent, ``W_k(r) ~ Poisson(λ_k(r))``,
  ``λ_k(r) = rows · P_crowd(exactly k strikes | r)``, a Poisson-binomial over the crowd's shares of the
  outcomes of ``r``; ``E[1/(W+n)] = ∫_0^1 t^(n-1) e^(-λ(1-t)) dt``.
* ``calibrated`` (default): ``W_k(r)`` negative binomial (a gamma-mixed Poisson) with the same mean and
  a shape per tier fitted by maximum likelihood on the real winner counts of 21 Stryktipset rounds
  (May–September 2025, TipsXtra/Svenska Spel statistics): systems players spread their rows, so real
  winner counts vary far more than independent rows would give.
  ``E[1/(W+n)] = ∫_0^1 t^(n-1) G(t) dt`` with the pgf ``G(t) = (1 + (1-t)·λ/s)^(-s)``.

Everything is computed for all results at once: the crowd's strike distribution per result is a
product over matches (one polynomial transform over the result array), ``n_k(r)`` and the single-row
returns are Hamming sphere sums. Background: R. Stömmer (2023), arXiv:2303.16648, for the game and the
combinatorics; the pool model is this package's own.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from enum import Enum
import numpy as np
from numpy.typing import ArrayLike, NDArray

from .errors import check_fraction, check_int, check_nonnegative, check_probability_table
from .hamming import (distance_weighted_sums, error_patterns, index_of, jit, points_of, sphere_sums,
                      strides)
from .rules import Rules
from .tickets.evaluate import result_probabilities  # leaf modules of tickets: no import of pool
from .greedy import coverage_greedy, lazy_greedy

__all__ = ["CoWinners", "Pool", "PoolValue", "CrowdModel", "DEFAULT_SHARPNESS", "CALIBRATED_SHAPES",
           "fit_crowd_sharpness", "fit_co_winner_shape", "crowd_shares", "spelvarde", "crowd_miss_pmf",
           "co_winner_means", "inverse_moment", "expected_return", "row_returns",
           "expected_co_winners", "value_tips"]

#: Crowd sharpness fitted by :func:`fit_crowd_sharpness` on the 273 matches of the 21 Stryktipset rounds
#: 202519-202539 that publish crowd pick shares (Oddset odds, multiplicative margin removal): 1.2654.
#: Recomputed in tests/test_backtest_payouts.py.
DEFAULT_SHARPNESS = 1.2654

#: Negative-binomial shape of the co-winners per number of misses (0 = the top tier, 13 of 13), fitted
#: by maximum likelihood of the real winner counts of the 21 Stryktipset rounds 202519-202539 at their
#: real result (``python scripts/calibrate_pool.py`` recomputes them; tests/test_pool.py checks them).
#: Tiers with more misses use the last value.
CALIBRATED_SHAPES = (6.9809, 4.1822, 7.1365, 15.1057)

#: Smallest shape the fit allows: above 1 the closed forms for ``E[1/(W+1)]`` (and its truncation by a
#: minimum quota) hold; the fitted shapes are far above it.
MIN_SHAPE = 1.01

#: Typical turnover where known, used by :meth:`Pool.for_rules`: the median of the 21 Stryktipset
#: rounds of May–September 2025 (SEK).
TYPICAL_TURNOVER = {"stryktipset": 15_603_087.0}

_GL_X, _GL_W = np.polynomial.legendre.leggauss(32)
_TAIL = 60.0  # e^-60: where the integrands below are cut off


class CoWinners(str, Enum):
    """How the other winners of a tier are distributed (feeds ``--co-winners``)."""

    CALIBRATED = "calibrated"
    POISSON = "poisson"


# ---------------------------------------------------------------- crowd model
@dataclass(frozen=True)
class CrowdModel:
    """Crowd picks from odds-implied probabilities ``q``: ``share_c ∝ q_c ** sharpness``.

    Examples
    --------
    >>> CrowdModel(2.0).picks([[0.5, 0.25, 0.25]]).round(4).tolist()
    [[0.6667, 0.1667, 0.1667]]
    """

    sharpness: float = DEFAULT_SHARPNESS

    def __post_init__(self) -> None:
        check_nonnegative("sharpness", self.sharpness)

    def picks(self, probs: ArrayLike) -> NDArray[np.float64]:
        """Pick shares per outcome, same shape as ``probs`` (last axis = home, draw, away)."""
        q = np.asarray(probs, dtype=np.float64)
        with np.errstate(divide="ignore"):
            logit = self.sharpness * np.log(q)
        logit -= logit.max(axis=-1, keepdims=True)
        w = np.exp(logit)
        return w / w.sum(axis=-1, keepdims=True)


def fit_crowd_sharpness(probs: ArrayLike, shares: ArrayLike) -> float:
    """Fit :class:`CrowdModel` sharpness to observed crowd pick shares by minimum cross-entropy.

    Parameters
    ----------
    probs : array_like, shape (n, 3)
        Odds-implied probabilities per match.
    shares : array_like, shape (n, 3)
        Observed crowd pick shares per match (any positive scale; rows are normalised).

    Returns
    -------
    float
        ``s`` minimising ``-sum_i sum_c share_ic log(q_ic^s / sum_c' q_ic'^s)`` over ``s`` in (0.05, 10).

    Examples
    --------
    >>> q = np.array([[0.5, 0.3, 0.2], [0.7, 0.2, 0.1]])
    >>> round(fit_crowd_sharpness(q, CrowdModel(1.7).picks(q)), 4)
    1.7
    """
    q = np.asarray(probs, dtype=np.float64)
    s = np.asarray(shares, dtype=np.float64)
    if q.shape != s.shape or q.ndim != 2 or q.shape[1] != 3:
        raise ValueError(f"probs {q.shape} and shares {s.shape} must both have shape (n, 3)")
    s = s / s.sum(axis=1, keepdims=True)
    from scipy.optimize import minimize_scalar  # (scipy.optimize and .stats load slowly: here only)

    def loss(k: float) -> float:
        return float(-(s * np.log(CrowdModel(k).picks(q))).sum())

    return float(minimize_scalar(loss, bounds=(0.05, 10.0), method="bounded",
                                 options={"xatol": 1e-8}).x)


def fit_co_winner_shape(means: ArrayLike, winners: ArrayLike) -> float:
    """Maximum-likelihood negative-binomial shape for real winner counts around modelled means.

    Parameters
    ----------
    means : array_like
        ``λ`` per observation (the independent model's expected winners at the real result).
    winners : array_like of int
        The real winner counts.

    Returns
    -------
    float
        ``s`` in ``[MIN_SHAPE, 1e6]`` maximising ``Σ log NB(winners; s, p = s/(s+λ))`` (mean ``λ``,
        variance ``λ + λ²/s``).

    Examples
    --------
    >>> lam = np.full(4000, 50.0)
    >>> w = np.random.default_rng(0).negative_binomial(5.0, 5.0 / 55.0, size=4000)
    >>> 4.5 < fit_co_winner_shape(lam, w) < 5.5
    True
    """
    lam = np.asarray(means, dtype=np.float64)
    w = np.asarray(winners, dtype=np.float64)
    if lam.shape != w.shape or lam.size == 0 or (lam <= 0).any() or (w < 0).any():
        raise ValueError("means (> 0) and winners (>= 0) must be non-empty arrays of equal shape")
    from scipy import stats
    from scipy.optimize import minimize_scalar

    def nll(log_s: float) -> float:
        s = math.exp(log_s)
        return float(-stats.nbinom.logpmf(w, s, s / (s + lam)).sum())

    res = minimize_scalar(nll, bounds=(math.log(MIN_SHAPE), math.log(1e6)), method="bounded",
                          options={"xatol": 1e-9})
    return float(math.exp(res.x))


def crowd_shares(probs: ArrayLike, model: CrowdModel | None = None) -> NDArray[np.float64]:
    """The crowd's pick shares modelled from probabilities, ``(m, 3)`` (default :class:`CrowdModel`).

    Examples
    --------
    >>> crowd_shares([[0.5, 0.3, 0.2]], CrowdModel(1.0)).tolist()
    [[0.5, 0.3, 0.2]]
    """
    p = check_probability_table("probs", probs)
    return (model or CrowdModel()).picks(p)


def _check_crowd(crowd: ArrayLike, matches: int) -> NDArray[np.float64]:
    """Crowd shares as an ``(matches, 3)`` table of rows summing to 1 (percent or fractions)."""
    return check_probability_table("crowd", crowd, matches=matches, atol=None)


def spelvarde(probs: ArrayLike, crowd: ArrayLike) -> NDArray[np.float64]:
    """Value per match and outcome: probability ÷ crowd share (Swedish *spelvärde*); inf where no one
    picks an outcome that can happen.

    Examples
    --------
    >>> spelvarde([[0.5, 0.3, 0.2]], [[60, 25, 15]]).round(3).tolist()
    [[0.833, 1.2, 1.333]]
    """
    p = check_probability_table("probs", probs)
    c = _check_crowd(crowd, p.shape[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p > 0, p / c, 0.0)


# ---------------------------------------------------------------- the pool
@dataclass(frozen=True)
class Pool:
    """One round's pool: the rules, what the others stake, a jackpot, the minimum quota, the model.

    Parameters
    ----------
    rules : Rules
    turnover : float
        The other players' stakes (> 0); ``rows = turnover / stake`` rows played.
    jackpot : float
        Money carried into the top tier (>= 0).
    min_quota : float or None
        Smallest quota paid; None takes the rules' own (``Rules.min_quota``), 0 switches it off.
    co_winners : CoWinners
        ``calibrated`` (default) or ``poisson``.
    """

    rules: Rules
    turnover: float
    jackpot: float = 0.0
    min_quota: float | None = None
    co_winners: CoWinners = CoWinners.CALIBRATED

    def __post_init__(self) -> None:
        if not isinstance(self.rules, Rules):
            raise ValueError(f"rules ({self.rules!r}) must be a Rules object")
        if self.rules.stake <= 0:
            raise ValueError(f"rules.stake ({self.rules.stake!r}) must be > 0 for a pool")
        t = check_nonnegative("turnover", self.turnover)
        if t <= 0:
            raise ValueError(f"turnover ({self.turnover!r}) must be > 0")
        object.__setattr__(self, "turnover", t)
        object.__setattr__(self, "jackpot", check_nonnegative("jackpot", self.jackpot))
        mq = self.rules.min_quota if self.min_quota is None else check_nonnegative("min_quota",
                                                                                   self.min_quota)
        object.__setattr__(self, "min_quota", mq)
        try:
            object.__setattr__(self, "co_winners", CoWinners(self.co_winners))
        except ValueError:
            allowed = ", ".join(c.value for c in CoWinners)
            raise ValueError(f"co_winners ({self.co_winners!r}) must be one of {allowed}") from None

    @classmethod
    def for_rules(cls, rules: Rules, turnover: float | None = None, **kwargs) -> "Pool":
        """A pool for ``rules``; without ``turnover`` the rules' typical one where known (else raise)."""
        if turnover is None:
            turnover = TYPICAL_TURNOVER.get(rules.name)
            if not turnover:
                raise ValueError(f"turnover is required: rules '{rules.name}' have no typical turnover")
        return cls(rules, turnover, **kwargs)

    @property
    def rows(self) -> float:
        """Rows played by the others: ``turnover / stake``."""
        return self.turnover / self.rules.stake

    def tier_pools(self, n: int) -> NDArray[np.float64]:
        """``pool_k = (turnover + n·stake) · payout_ratio · share_k`` per tier, + jackpot at the top."""
        pools = ((self.turnover + n * self.rules.stake) * self.rules.payout_ratio
                 * np.array(self.rules.tier_shares))
        pools[0] += self.jackpot
        return pools

    def shapes(self) -> NDArray[np.float64]:
        """Co-winner shape per tier: inf for ``poisson``, else :data:`CALIBRATED_SHAPES` by misses."""
        misses = [self.rules.matches - k for k in self.rules.tiers]
        if self.co_winners is CoWinners.POISSON:
            return np.full(len(misses), np.inf)
        return np.array([CALIBRATED_SHAPES[min(d, len(CALIBRATED_SHAPES) - 1)] for d in misses])


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


# ---------------------------------------------------------------- co-winner distributions
def crowd_miss_pmf(crowd: ArrayLike, max_misses: int) -> NDArray[np.float64]:
    """``P_crowd(exactly d misses | r)`` for every result ``r`` and ``d = 0..max_misses``.

    Parameters
    ----------
    crowd : array_like, shape (m, 3)
        Pick shares per match (rows sum to 1).
    max_misses : int

    Returns
    -------
    ndarray, shape (3**m, max_misses + 1)
        Results indexed base 3 with match 0 most significant.

    Notes
    -----
    A crowd row misses match ``j`` of ``r`` with probability ``1 - c[j, r_j]``, independently, so the
    generating polynomial of its misses is ``prod_j (c[j, r_j] + (1 - c[j, r_j]) y)``. Built one match
    at a time over the growing result array (each step multiplies by the new match's factor, truncated
    at degree ``max_misses``); all terms are non-negative, so nothing cancels.

    Examples
    --------
    >>> crowd_miss_pmf([[0.5, 0.3, 0.2]], 1).tolist()
    [[0.5, 0.5], [0.3, 0.7], [0.2, 0.8]]
    """
    c = np.asarray(crowd, dtype=np.float64)
    deg = check_int("max_misses", max_misses, 0)
    out = np.zeros((1, deg + 1))
    out[0, 0] = 1.0
    for row in c:
        nxt = np.empty((out.shape[0], 3, deg + 1))
        for o in range(3):
            nxt[:, o, :] = out * row[o]
            nxt[:, o, 1:] += out[:, :-1] * (1.0 - row[o])
        out = nxt.reshape(-1, deg + 1)
    return out


def co_winner_means(crowd: ArrayLike, pool: Pool) -> NDArray[np.float64]:
    """``λ_k(r) = rows · P_crowd(exactly k strikes | r)``: shape ``(tiers, 3**m)``."""
    m = pool.rules.matches
    misses = [m - k for k in pool.rules.tiers]
    pmf = crowd_miss_pmf(crowd, max(misses))
    return pool.rows * pmf[:, misses].T


def inverse_moment(lam: ArrayLike, n: ArrayLike, shape: float = np.inf) -> NDArray[np.float64]:
    """``E[1/(W + n)]`` for ``W`` Poisson (``shape = inf``) or negative binomial with mean ``lam``.

    Parameters
    ----------
    lam : array_like
        Means (>= 0).
    n : array_like of int
        Own winning tips (>= 1), broadcast against ``lam``.
    shape : float
        Negative-binomial shape ``s`` (variance ``λ + λ²/s``); inf for Poisson.

    Notes
    -----
    ``E[1/(W+n)] = ∫_0^1 t^(n-1) G(t) dt`` with ``G`` the pgf of ``W``. For ``n = 1`` in closed form:
    Poisson ``-expm1(-λ)/λ``; negative binomial (``a = λ/s``, ``L = log1p(a)``)
    ``expm1(x)/x · L/a`` with ``x = (1 - s) L``. For ``n >= 2``, 32-point Gauss–Legendre after a
    substitution that flattens the peak at ``t = 1``: Poisson ``x = λ(1-t)`` over ``[0, min(λ, 60)]``;
    negative binomial ``v = log1p(a(1-t))/L`` over ``[0, min(1, 60/((s-1)L))]``; the integrand beyond
    the cut is below ``e^-60``. Checked against mpmath in tests/test_pool.py.

    Examples
    --------
    >>> round(float(inverse_moment(2.0, 1)), 12)  # (1 - e^-2) / 2
    0.432332358382
    """
    lam = np.asarray(lam, dtype=np.float64)
    n = np.asarray(n, dtype=np.int64)
    lam, n = np.broadcast_arrays(lam, n)
    out = np.empty(lam.shape)
    one = n == 1
    out[one] = _inv1(lam[one], shape)
    many = ~one
    if many.any():
        lm, nm = lam[many], n[many]
        a = lm if math.isinf(shape) else lm / shape
        rec = (a >= 10.0) & (nm <= 10) if not math.isinf(shape) else lm >= nm
        res = np.empty(lm.shape)
        if rec.any():
            res[rec] = _inv_recurrence(lm[rec], nm[rec], shape)
        if (~rec).any():
            res[~rec] = _inv_quad(lm[~rec], nm[~rec], shape)
        out[many] = res
    return out


def _inv_recurrence(lam: NDArray, n: NDArray, shape: float) -> NDArray:
    """``E[1/(W+n)]`` by recurrence in ``n`` where it is stable.

    Poisson (``λ >= n``): ``I_n = (1 - (n-1) I_{n-1}) / λ`` (integration by parts), each step
    multiplying earlier errors by ``(n-1)/λ <= 1``. Negative binomial (``a = λ/s >= 10``):
    ``J_n(s) = ((1+a) J_{n-1}(s) - J_{n-1}(s-1)) / a``, from ``(1-u) = ((1+a) - (1+au))/a`` in
    ``J_n(s) = ∫_0^1 (1-u)^(n-1) (1+au)^(-s) du``, starting from the closed form of ``J_1`` for the
    shapes ``s, s-1, ..., s-n+1`` (used for ``n <= 10``, where it keeps 1e-10 against mpmath).
    """
    from scipy import special
    top = int(n.max())
    if math.isinf(shape):
        cur = -np.expm1(-lam) / lam
        out = cur.copy()
        for j in range(2, top + 1):
            cur = (1.0 - (j - 1) * cur) / lam
            out = np.where(n == j, cur, out)
        return out
    a = lam / shape
    big_l = np.log1p(a)
    # level 1 for shapes s - i, i = 0..top-1
    level = np.array([special.exprel((1.0 - (shape - i)) * big_l) * big_l / a for i in range(top)])
    out = level[0].copy()
    for j in range(2, top + 1):
        level = ((1.0 + a) * level[:-1] - level[1:]) / a
        out = np.where(n == j, level[0], out)
    return out


def _inv1(lam: NDArray, shape: float) -> NDArray:
    from scipy import special
    out = np.ones(lam.shape)
    pos = lam > 0
    x = lam[pos]
    if math.isinf(shape):
        out[pos] = -np.expm1(-x) / x
    else:
        a = x / shape
        big_l = np.log1p(a)
        out[pos] = special.exprel((1.0 - shape) * big_l) * big_l / a
    return out


def _inv_quad(lam: NDArray, n: NDArray, shape: float) -> NDArray:
    out = 1.0 / n.astype(np.float64)
    pos = lam > 0
    x, k = lam[pos][:, None], (n[pos] - 1)[:, None]
    with np.errstate(divide="ignore"):
        if math.isinf(shape):
            b = np.minimum(x, _TAIL)
            u = 0.5 * b * (_GL_X[None, :] + 1.0)                       # u = λ(1 - t)
            f = np.exp(k * np.log1p(-np.minimum(u / x, 1.0)) - u)
            val = 0.5 * b * (f * _GL_W[None, :]).sum(axis=1, keepdims=True) / x
        else:
            a = x / shape
            big_l = np.log1p(a)                                        # v = log1p(a(1-t)) / L
            vmax = (np.minimum(1.0, _TAIL / ((shape - 1.0) * big_l)) if shape > 1
                    else np.ones_like(big_l))
            v = 0.5 * vmax * (_GL_X[None, :] + 1.0)
            one_minus_t = np.minimum(np.expm1(v * big_l) / a, 1.0)
            f = np.exp(k * np.log1p(-one_minus_t) - (shape - 1.0) * v * big_l)
            val = 0.5 * vmax * (f * _GL_W[None, :]).sum(axis=1, keepdims=True) * big_l / a
    out[pos] = val[:, 0]
    return out


_DIRECT_MAX = 20_000  # caps up to this many winners are summed term by term when n >= 2


def _head_sum(lam: float, n: int, shape: float, top: int) -> float:
    """``Σ_{w=0}^{top} pmf(w) / (w + n)``, summed directly."""
    from scipy import stats
    w = np.arange(top + 1)
    if math.isinf(shape):
        f = stats.poisson.pmf(w, lam)
    else:
        f = stats.nbinom.pmf(w, shape, shape / (shape + lam))
    return float((f / (w + n)).sum())


def _sf(lam: NDArray, shape: float, x: NDArray) -> NDArray:
    """``P(W > x)`` (x floored; 1 where x < 0): regularized incomplete gamma / beta functions."""
    from scipy import special
    x = np.floor(np.broadcast_to(x, np.shape(lam)))
    out = np.ones(np.shape(lam))
    ok = x >= 0
    lam_ok, k = np.broadcast_to(lam, out.shape)[ok], x[ok] + 1.0
    if math.isinf(shape):
        out[ok] = special.gammainc(k, lam_ok)                 # P(Poisson(λ) >= k)
    else:
        out[ok] = special.betainc(k, shape, lam_ok / (shape + lam_ok))  # P(NB >= k)
    return out


@functools.lru_cache(maxsize=256)
def _negligible_below(shape: float, x: float) -> float:
    """The largest mean ``λ`` with ``P(W > x) < 1e-17``: below it a minimum quota never binds
    (``P(W > x)`` grows with ``λ``; bisection in ``log λ``)."""
    if x < 0:
        return 0.0
    lo, hi = -40.0, math.log(max(x, 1.0)) + 1.0
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        if _sf(np.array([math.exp(mid)]), shape, np.array([x]))[0] < 1e-17:
            lo = mid
        else:
            hi = mid
    return math.exp(lo)


def _binding(lam: NDArray, shape: float, x: float) -> NDArray[np.bool_]:
    """Where ``P(W > x)`` is not negligible (>= 1e-17)."""
    return lam >= _negligible_below(float(shape), float(np.floor(x)))


def _inv_capped(lam: NDArray, n: NDArray, shape: float, cap: float) -> NDArray:
    """``E[1/(W+n); W + n <= cap]``: the quota is paid only while it stays at or above the minimum.

    For ``n = 1`` exact: ``Σ_{w<=K} pmf(w)/(w+1)`` with ``K = floor(cap - 1)`` is, for Poisson,
    ``(P(W >= 1) - P(W >= K+2)) / λ`` (as ``pmf(w)/(w+1) = pmf(w+1)/λ``), and for the negative
    binomial with shape ``s > 1`` ``s/((s-1)λ) · (P(W' >= 1) - P(W' >= K+2))`` with ``W'`` negative
    binomial of shape ``s - 1`` and the same ``p = s/(s+λ)``. For ``n >= 2`` (several own tips in one
    tier for one result) the sum is taken term by term up to ``K_n = floor(cap - n)`` when
    ``K_n <= 20,000``; beyond, the ratio ``E[1/(W+1); W <= K_n] / E[1/(W+1)]`` scales the untruncated
    ``E[1/(W+n)]`` (exact without truncation; its error is tested against the direct sum).
    Results where ``P(W + n > cap) < 1e-17`` are not truncated.
    """
    from scipy import special
    full = inverse_moment(lam, n, shape)
    if not math.isfinite(cap):
        return full
    out = full.copy()
    todo = _binding(lam, shape, cap - n.max())
    if not todo.any():
        return out
    x, k = lam[todo], n[todo]
    kk = np.floor(cap - k)
    if math.isinf(shape):
        head = (-np.expm1(-x) - _sf(x, shape, kk + 1)) / x
    else:
        p = shape / (shape + x)
        first = -np.expm1(-(shape - 1.0) * np.log1p(x / shape))
        tail = np.where(kk + 2 > 0, special.betainc(np.maximum(kk + 2, 1.0), shape - 1.0, 1.0 - p), 1.0)
        head = shape / ((shape - 1.0) * x) * (first - tail)
    head = np.where(kk < 0, 0.0, np.maximum(head, 0.0))
    ratio = np.where(k == 1, 1.0, full[todo] / _inv1(x, shape))
    direct = (k > 1) & (kk >= 0) & (kk <= _DIRECT_MAX)
    if direct.any():  # sum the distribution itself up to the cap
        ratio[direct] = 1.0
        head[direct] = [_head_sum(lv, int(nv), shape, int(kv))
                        for lv, nv, kv in zip(x[direct], k[direct], kk[direct])]
    out[todo] = head * ratio
    return out


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
    def build(cls, probs: ArrayLike, crowd: ArrayLike, pool: Pool, n: int) -> "_Round":
        if not isinstance(pool, Pool):
            raise ValueError(f"pool ({pool!r}) must be a Pool")
        m = pool.rules.matches
        p = check_probability_table("probs", probs, matches=m)
        c = _check_crowd(crowd, m)
        pools = pool.tier_pools(n)
        tiers = pool.rules.tiers
        dest = tiers.index(pool.rules.min_quota_tier)
        caps = np.full(len(tiers), np.inf)
        if pool.min_quota > 0:
            caps = pools / pool.min_quota
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
    m = pool.rules.matches
    t = _check_tips(tips, m)
    rnd = _Round.build(probs, crowd, pool, len(t))
    n_all = 3 ** m
    ind = np.bincount(index_of(t, (3,) * m), minlength=n_all).astype(np.float64)
    sph = _spheres(ind, m, int(rnd.misses.max()))
    counts = np.rint(sph[rnd.misses]).astype(np.int64)          # (T, N)
    idx = np.flatnonzero(counts.any(axis=0))
    cnt = counts[:, idx].T
    vals = rnd.values(idx, cnt)                                  # (E, T), weighted by P(r)
    per = vals.sum(axis=0)
    total = float(per.sum())
    cost = pool.rules.cost(len(t))
    p_ge = _prob_ge_cost(rnd, idx, cnt, vals, cost)
    return PoolValue(
        expected_return=total, cost=cost, expected_profit=total - cost,
        return_per_stake=total / (len(t) * pool.rules.stake),
        per_tier={k: float(v) for k, v in zip(pool.rules.tiers, per)},
        p_return_ge_cost=p_ge, tips=len(t), co_winners=pool.co_winners.value,
        turnover=pool.turnover, jackpot=pool.jackpot, min_quota=pool.min_quota,
        crowd_source=crowd_source)


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


def row_returns(probs: ArrayLike, crowd: ArrayLike, pool: Pool, *,
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
def _ball_gains(rows, pos, shift, tier, delta, pv, out):  # pragma: no cover - compiled
    # out[i] = Σ_b delta[tier[b], index of rows[i] changed by pattern b]
    m = pv.shape[0]
    dig = np.empty(m, np.int64)
    for i in range(rows.shape[0]):
        r = rows[i]
        for j in range(m):
            dig[j] = (r // pv[j]) % 3
        g = 0.0
        for b in range(pos.shape[0]):
            idx = r
            for w in range(pos.shape[1]):
                s = shift[b, w]
                if s != 0:
                    j = pos[b, w]
                    c = dig[j]
                    idx += (((c + s) % 3) - c) * pv[j]
            g += delta[tier[b], idx]
        out[i] = g


class _Balls:
    """Indices of the results within ``radius`` of given rows, and each one's distance."""

    def __init__(self, m: int, radius: int) -> None:
        self.m = m
        self.pos, self.shift, self.dist = error_patterns((3,) * m, radius)  # padded with shift 0
        pv = strides((3,) * m)
        c = np.arange(3)
        # delta[j, c, s]: index change when match j moves from outcome c on by s
        self.delta = (((c[:, None] + c[None, :]) % 3 - c[:, None])[None] * pv[:, None, None])
        self.pv = pv

    def __call__(self, rows: NDArray[np.int64]) -> NDArray[np.int64]:
        rows = np.asarray(rows, dtype=np.int64)
        digits = (rows[:, None] // self.pv[None, :]) % 3                       # (b, m)
        out = np.repeat(rows[:, None], self.pos.shape[0], axis=1)
        for i in range(self.pos.shape[1]):
            p = self.pos[:, i]
            out += self.delta[p[None, :], digits[:, p], self.shift[None, :, i]]
        return out


def expected_co_winners(rows: ArrayLike, probs: ArrayLike, crowd: ArrayLike,
                        pool: Pool) -> NDArray[np.float64]:
    """Expected other winners per tier given the row wins that tier: ``(len(rows), tiers)``.

    ``E[W_k(r) | r at distance m-k of the row] = Σ P(r) λ_k(r) / Σ P(r)`` over that sphere (NaN where
    the sphere has probability 0).
    """
    m = pool.rules.matches
    t = _check_tips(rows, m)
    rnd = _Round.build(probs, crowd, pool, 1)
    balls = _Balls(m, int(rnd.misses.max()))
    ball, dist = balls(index_of(t, (3,) * m)), balls.dist
    out = np.full((len(t), len(rnd.misses)), np.nan)
    for j, d in enumerate(rnd.misses):
        b = ball[:, dist == d]
        w = rnd.prob[b]
        tot = w.sum(axis=1)
        ok = tot > 0
        out[ok, j] = (w * rnd.lam[j, b]).sum(axis=1)[ok] / tot[ok]
    return out


# ---------------------------------------------------------------- value tips
def value_tips(n: int, probs: ArrayLike, crowd: ArrayLike, pool: Pool, *,
               min_coverage: tuple[int, float] | None = None, return_gains: bool = False):
    """``n`` distinct rows maximising the set's exact expected return, one at a time by marginal gain.

    Parameters
    ----------
    n : int
        Rows wanted (``1`` gives the single best row).
    probs, crowd, pool
        As in :func:`expected_return`.
    min_coverage : (x, Q), optional
        Keep ``P(best >= x) >= Q``: first greedy coverage rows until the coverage reaches ``Q``, then
        rows by value. Raises ``ValueError`` when ``n`` rows cannot reach it.
    return_gains : bool
        Also return each row's marginal gain; their cumulative sums are the exact expected returns
        of the prefixes (with the pools of ``n`` tips).

    Returns
    -------
    ndarray of int8, shape (n, m)
        (and the gains, shape (n,), with ``return_gains``)

    Notes
    -----
    The set value is ``F(S) = Σ_r Σ_k P(r) pool_k g_k(r, n_k(r))`` with ``g(n) = n E[1/(W+n)]``;
    ``pool_k`` is taken at the final size ``|S| = n`` from the start, so the gains add up to the final
    set's exact value. ``g(n+1) - g(n) = E[(W/((W+n)(W+n+1)))] + P(W=0)[n=0]`` falls with ``n`` (the
    map ``n -> n/(w+n)`` is concave for every ``w``), and ``n_k(r)`` grows with ``S``: the gains only
    fall as the set grows (diminishing returns), so lazy evaluation with stale upper bounds
    (:func:`toto13.greedy.lazy_greedy`; gains gathered over each row's ball by a compiled
    kernel) picks exactly the rows of the plain greedy. With a minimum quota this can fail where our own rows push a
    tier's winners over its cap (``cap_k = pool_k / min_quota``: hundreds of thousands of rows in
    Stryktipset): there the lazy choice is a close approximation of the plain greedy.
    """
    m = pool.rules.matches
    n = check_int("n", n, 1, 3 ** m)
    rnd = _Round.build(probs, crowd, pool, n)
    n_all = 3 ** m
    radius = int(rnd.misses.max())
    balls = _Balls(m, radius)
    tier_of = {int(d): j for j, d in enumerate(rnd.misses)}
    pat_tier = np.array([tier_of.get(int(d), -1) for d in balls.dist])
    keep = pat_tier >= 0
    balls.pos, balls.shift, pat_tier = balls.pos[keep], balls.shift[keep], pat_tier[keep]
    t_count = len(rnd.misses)
    counts = np.zeros((t_count, n_all), dtype=np.int64)
    order: list[int] = []
    f = _single_tables(rnd)
    delta = f.copy()                      # delta[j, r]: change of F at r when a tip joins tier j there
    current = np.zeros_like(f)            # current[j, r]: P(r) · own value of tier j at r
    chosen_mask = np.zeros(n_all, dtype=bool)

    dest = rnd.dest
    transfers = bool(np.isfinite(rnd.caps).any())

    gains_taken: list[float] = []

    def add(row: int) -> None:
        row = int(row)
        gains_taken.append(float(value_gains(np.array([row], dtype=np.int64))[0]))
        # only tier ``pat_tier`` of each result in the row's ball gains a tip; see _Round.values for
        # the coupling through moved money, which only the receiving tier feels
        ball = balls(np.array([row]))[0]
        counts[pat_tier, ball] += 1
        chosen_mask[row] = True
        order.append(row)
        special = counts[dest, ball] > 0          # results where we already hold the receiving tier
        if special.any():
            sb = ball[special]
            cnt = counts[:, sb].T
            ups = np.repeat(cnt[None], t_count + 1, axis=0)             # base, then +1 in each tier
            ups[np.arange(1, t_count + 1), :, np.arange(t_count)] += 1
            vals = rnd.values(np.tile(sb, t_count + 1), ups.reshape(-1, t_count)).sum(axis=1)
            vals = vals.reshape(t_count + 1, sb.size)
            delta[:, sb] = vals[1:] - vals[0]
        rest_b, rest_t = ball[~special], pat_tier[~special]
        pr = rnd.prob
        for j in range(t_count):
            sel = rest_t == j
            if not sel.any():
                continue
            rb = rest_b[sel]
            current[j, rb] += delta[j, rb]        # the tier's own value at the new count
            delta[j, rb] = pr[rb] * rnd.own(j, rb, counts[j, rb] + 1) - current[j, rb]
        if transfers and rest_b.size:
            one = np.ones(rest_b.size, dtype=np.int64)
            delta[dest, rest_b] = pr[rest_b] * (rnd.own(dest, rest_b, one) + rnd.moved(
                rest_b, counts[:, rest_b].T) * inverse_moment(rnd.lam[dest, rest_b], one, rnd.shapes[dest]))

    def value_gains(rows: NDArray[np.int64]) -> NDArray[np.float64]:
        g = np.empty(rows.size)
        _ball_gains(rows, balls.pos, balls.shift, pat_tier, delta, balls.pv, g)
        g[chosen_mask[rows]] = -np.inf
        return g

    if min_coverage is not None:
        for r in _coverage_rows(n, min_coverage, rnd):
            add(r)
    rest = n - len(order)
    if rest > 0:
        bounds = distance_weighted_sums(_by_distance(rnd, f), (3,) * m).ravel()
        bounds[chosen_mask] = -np.inf
        lazy_greedy(rest, bounds, value_gains, add, batch=8)
    tips = points_of((3,) * m)[np.array(order, dtype=np.int64)]
    return (tips, np.array(gains_taken)) if return_gains else tips


def _coverage_rows(n: int, min_coverage, rnd: _Round) -> list[int]:
    """The fewest rows (by greedy coverage) with ``P(best >= x) >= Q``; ValueError beyond ``n``."""
    try:
        x, q = min_coverage
    except (TypeError, ValueError):
        raise ValueError(f"min_coverage ({min_coverage!r}) must be a pair (x, Q)") from None
    m = rnd.m
    x = check_int("min_coverage x", x, 0, m)
    q = check_fraction("min_coverage Q", q, closed=True)
    if q == 0:
        return []
    rows, gains = coverage_greedy(n, np.arange(3 ** m, dtype=np.int64), rnd.prob.copy(), m - x,
                                  until=q - 1e-12)
    got = float(gains.sum())
    if got < q - 1e-12:
        raise ValueError(f"min_coverage ({x}, {q}) cannot be met with {n} rows: greedy coverage "
                         f"reaches P(best >= {x}) = {got:.4f}")
    return [int(r) for r in rows]
