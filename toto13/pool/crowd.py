"""The crowd: what share of all tips played picks each outcome, modelled from the probabilities
where no shares are published, and spelvärde (probability / crowd share)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import check_int, check_nonnegative, check_probability_table


#: Crowd sharpness fitted by :func:`fit_crowd_sharpness` on the 937 Stryktipset rounds 1999-2025 with
#: Oddset odds and real crowd pick shares for every match (TipsXtra export, placeholder shares left out),
#: the margin removed by power (the package's default): 1.1937. By era 1.19 (1999-2008), 1.17
#: (2009-2015), 1.22 (2016-2025); with multiplicative removal it drifts from 1.57 to 1.31. Until 0.2 the
#: default was 1.2654 (21 rounds of 2025, multiplicative). Recomputed in tests/test_backtest_payouts.py.
DEFAULT_SHARPNESS = 1.1937


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
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # a share of 1e-320: inf
        return np.where(p > 0, p / c, 0.0)


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
    A crowd tip misses match ``j`` of ``r`` with probability ``1 - c[j, r_j]``, independently, so the
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
