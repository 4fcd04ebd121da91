"""Recalibration of odds probabilities on earlier results: the favourite-longshot bias and the draw rate.

Margin removal takes the bookmaker's margin out of the odds but keeps their shape; on real rounds the
favourites win more often, and the longshots less, than the odds so corrected say (the
favourite-longshot bias). A recalibration fits, on matches already played,

    q_j  proportional to  exp(a_j) * p_j ** b        (a_home = 0)

by maximum likelihood (a multinomial logit on log p): ``b > 1`` sharpens the favourites, ``a_draw`` and
``a_away`` move the draw and away rates. :func:`recalibrate_by_season` fits one map per season on all
earlier seasons only, so no forecast sees its own season or later.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize

from ..errors import check_int
from .scoring import check_outcomes

__all__ = ["Recalibration", "fit_recalibration", "recalibrate_by_season"]


@dataclass(frozen=True)
class Recalibration:
    """The map ``q_j ∝ exp(a_j) p_j^b`` with ``a = (0, a_draw, a_away)``, fitted on ``matches``."""

    slope: float = 1.0
    a_draw: float = 0.0
    a_away: float = 0.0
    matches: int = 0

    def apply(self, probs: ArrayLike) -> NDArray[np.float64]:
        """Recalibrated probabilities (rows sum to 1) of an ``(n, 3)`` array of probabilities.

        Examples
        --------
        >>> Recalibration().apply([[0.5, 0.3, 0.2]]).round(3).tolist()
        [[0.5, 0.3, 0.2]]
        >>> Recalibration(slope=2.0).apply([[0.5, 0.3, 0.2]]).round(3).tolist()
        [[0.658, 0.237, 0.105]]
        """
        p = np.asarray(probs, dtype=np.float64)
        if p.ndim != 2 or p.shape[1] != 3 or not np.isfinite(p).all() or (p <= 0).any():
            raise ValueError(f"probs must be an (n, 3) array of positive probabilities, got shape "
                             f"{p.shape}")
        logit = self.slope * np.log(p) + np.array([0.0, self.a_draw, self.a_away])
        logit -= logit.max(axis=1, keepdims=True)
        q = np.exp(logit)
        return q / q.sum(axis=1, keepdims=True)


def fit_recalibration(probs: ArrayLike, outcomes: ArrayLike) -> Recalibration:
    """Maximum-likelihood recalibration of ``probs`` (n, 3) against ``outcomes`` (0 home, 1 draw, 2 away).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> p = rng.dirichlet([4, 2, 3], size=20000)
    >>> true = Recalibration(slope=1.3, a_draw=-0.1).apply(p)
    >>> y = (rng.random(20000)[:, None] > np.cumsum(true, axis=1)).sum(axis=1)
    >>> r = fit_recalibration(p, y)
    >>> round(r.slope, 1), round(r.a_draw, 1)
    (1.3, -0.1)
    """
    p = np.asarray(probs, dtype=np.float64)
    y = check_outcomes(outcomes, len(p))
    if p.ndim != 2 or p.shape[1] != 3 or (p <= 0).any() or not np.isfinite(p).all():
        raise ValueError(f"probs must be an (n, 3) array of positive probabilities, got shape {p.shape}")
    lp = np.log(p)
    rows = np.arange(len(y))

    def nll(theta):
        b, ad, aa = theta
        z = b * lp + np.array([0.0, ad, aa])
        m = z.max(axis=1)
        lse = m + np.log(np.exp(z - m[:, None]).sum(axis=1))
        q = np.exp(z - lse[:, None])
        onehot = np.zeros_like(p)
        onehot[rows, y] = 1.0
        diff = onehot - q
        grad = -np.array([(diff * lp).sum(), diff[:, 1].sum(), diff[:, 2].sum()])
        return float(lse.sum() - z[rows, y].sum()), grad

    res = minimize(nll, np.array([1.0, 0.0, 0.0]), jac=True, method="BFGS")
    b, ad, aa = (float(v) for v in res.x)
    return Recalibration(b, ad, aa, len(y))


def recalibrate_by_season(probs: ArrayLike, outcomes: ArrayLike, seasons: ArrayLike, *,
                          min_matches: int = 1000) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Each season's probabilities recalibrated by a map fitted on all earlier seasons only.

    Parameters
    ----------
    probs : array_like, shape (n, 3)
        Probabilities (e.g. margin-removed odds); NaN rows are left as they are and never fitted on.
    outcomes : array_like of int, shape (n,)
        0/1/2, or -1 where unknown (never fitted on).
    seasons : array_like, shape (n,)
        The season of each match (any sortable labels).
    min_matches : int
        Fewest earlier matches a season's map is fitted on; seasons with fewer get no forecast.

    Returns
    -------
    (probs, ok)
        Recalibrated probabilities (NaN where ``ok`` is False: too little history, or no input).
    """
    min_matches = check_int("min_matches", min_matches, 1)
    p = np.asarray(probs, dtype=np.float64)
    y = np.asarray(outcomes)
    s = np.asarray(seasons)
    if not (len(p) == len(y) == len(s)):
        raise ValueError(f"probs, outcomes and seasons must have the same length ({len(p)}, {len(y)}, "
                         f"{len(s)})")
    out = np.full_like(p, np.nan)
    usable = np.isfinite(p).all(axis=1)
    played = usable & (y >= 0)
    for season in np.unique(s[usable]):
        train = played & (s < season)
        if train.sum() < min_matches:
            continue
        fit = fit_recalibration(p[train], y[train])
        here = usable & (s == season)
        out[here] = fit.apply(p[here])
    return out, np.asarray(np.isfinite(out).all(axis=1))
