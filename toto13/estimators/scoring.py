"""Scoring rules for 1X2 forecasts: Brier, log loss, ranked probability score, calibration, hit rate.

Forecasts are (n, 3) tables ``home, draw, away``; outcomes are integer codes 0 = home, 1 = draw,
2 = away (column c of the table). Lower is better for Brier, log loss and RPS.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from ..errors import check_int, check_probability_table

__all__ = ["brier", "log_loss", "rps", "favourite_hit_rate", "calibration_table", "score_all",
           "check_outcomes"]


def check_outcomes(outcomes: ArrayLike, n: int | None = None) -> NDArray[np.int64]:
    """Return outcome codes as an int array; ``ValueError`` unless every code is 0, 1 or 2."""
    try:
        o = np.asarray(outcomes, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        raise ValueError("outcomes must be integer codes 0 (home), 1 (draw), 2 (away)") from None
    bad = ~np.isin(o, (0.0, 1.0, 2.0))
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"outcomes[{i}] ({o[i]!r}) must be 0 (home), 1 (draw) or 2 (away)")
    if n is not None and len(o) != n:
        raise ValueError(f"outcomes has {len(o)} entries, the probability table has {n} rows")
    return o.astype(np.int64)


def _prepare(probs: ArrayLike, outcomes: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    p = check_probability_table("probs", probs)
    o = check_outcomes(outcomes, len(p))
    if len(p) == 0:
        raise ValueError("probs and outcomes must hold at least one match")
    return p, o


def _result(per: NDArray[np.float64], per_match: bool):
    return per if per_match else float(per.mean())


def brier(probs: ArrayLike, outcomes: ArrayLike, *, per_match: bool = False):
    """Brier score ``sum_c (p_c - [outcome = c])^2`` (0 = perfect, 2 = worst), mean over matches.

    Parameters
    ----------
    probs : array_like, shape (n, 3)
    outcomes : array_like of int, shape (n,)
    per_match : bool
        Return the (n,) scores instead of their mean.

    Examples
    --------
    >>> brier([[0.5, 0.3, 0.2]], [0])
    0.38
    """
    p, o = _prepare(probs, outcomes)
    e = np.zeros_like(p)
    e[np.arange(len(o)), o] = 1.0
    return _result(((p - e) ** 2).sum(axis=1), per_match)


def log_loss(probs: ArrayLike, outcomes: ArrayLike, *, per_match: bool = False):
    """Logarithmic loss ``-ln p_outcome`` (natural log), mean over matches; ``inf`` if p_outcome = 0.

    Examples
    --------
    >>> round(log_loss([[0.5, 0.3, 0.2]], [1]), 6)
    1.203973
    """
    p, o = _prepare(probs, outcomes)
    with np.errstate(divide="ignore"):
        per = -np.log(p[np.arange(len(o)), o])
    return _result(per, per_match)


def rps(probs: ArrayLike, outcomes: ArrayLike, *, per_match: bool = False):
    """Ranked probability score over the ordered outcomes home < draw < away, mean over matches.

    Notes
    -----
    ``RPS = 1/(r-1) sum_{k=1}^{r-1} (sum_{j<=k} p_j - sum_{j<=k} e_j)^2`` with r = 3 (Epstein 1969;
    Constantinou and Fenton 2012, *Solving the problem of inadequate scoring rules for assessing
    probabilistic football forecast models*, JQAS 8). A draw forecast is penalised less for an away win
    than a home forecast is.

    Examples
    --------
    Forecasts of a home win (worked by hand: e.g. ``((0.5 - 1)^2 + (0.75 - 1)^2) / 2 = 0.15625``):

    >>> rps([[1, 0, 0], [0.9, 0.1, 0], [0.8, 0.1, 0.1], [0.5, 0.25, 0.25]], [0, 0, 0, 0], per_match=True)
    array([0.     , 0.005  , 0.025  , 0.15625])
    """
    p, o = _prepare(probs, outcomes)
    e = np.zeros_like(p)
    e[np.arange(len(o)), o] = 1.0
    cp = np.cumsum(p, axis=1)[:, :2]
    ce = np.cumsum(e, axis=1)[:, :2]
    return _result(((cp - ce) ** 2).sum(axis=1) / 2.0, per_match)


def favourite_hit_rate(probs: ArrayLike, outcomes: ArrayLike) -> float:
    """Share of matches whose most probable outcome happened (ties go to home, then draw).

    Examples
    --------
    >>> favourite_hit_rate([[0.5, 0.3, 0.2], [0.2, 0.3, 0.5]], [0, 0])
    0.5
    """
    p, o = _prepare(probs, outcomes)
    return float((np.argmax(p, axis=1) == o).mean())


def calibration_table(probs: ArrayLike, outcomes: ArrayLike, *, bins: int = 10) -> pd.DataFrame:
    """Reliability table: forecasts binned by probability, against how often the outcome happened.

    Every one of the 3n forecasts (each outcome of each match) is one entry, binned into ``bins`` equal
    bins over [0, 1].

    Returns
    -------
    pandas.DataFrame
        Columns ``outcome`` (``home``, ``draw``, ``away`` or ``all``), ``bin_lo``, ``bin_hi``, ``n``,
        ``forecast`` (mean forecast probability in the bin), ``observed`` (share that happened),
        ``stderr`` (binomial standard error of ``observed`` at ``forecast``). Empty bins are left out.

    Examples
    --------
    >>> t = calibration_table([[0.6, 0.3, 0.1], [0.6, 0.3, 0.1]], [0, 1], bins=5)
    >>> t[t.outcome == "home"][["bin_lo", "n", "forecast", "observed"]].to_dict("records")
    [{'bin_lo': 0.6, 'n': 2, 'forecast': 0.6, 'observed': 0.5}]
    """
    p, o = _prepare(probs, outcomes)
    bins = check_int("bins", bins, 1, 1000)
    e = np.zeros_like(p)
    e[np.arange(len(o)), o] = 1.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    rows = []
    for name, cols in (("home", [0]), ("draw", [1]), ("away", [2]), ("all", [0, 1, 2])):
        f = p[:, cols].ravel()
        hit = e[:, cols].ravel()
        idx = np.clip(np.searchsorted(edges, f, side="right") - 1, 0, bins - 1)
        for b in range(bins):
            m = idx == b
            k = int(m.sum())
            if k == 0:
                continue
            fc = float(f[m].mean())
            rows.append({"outcome": name, "bin_lo": round(float(edges[b]), 12),
                         "bin_hi": round(float(edges[b + 1]), 12), "n": k, "forecast": fc,
                         "observed": float(hit[m].mean()),
                         "stderr": float(np.sqrt(fc * (1 - fc) / k))})
    return pd.DataFrame(rows, columns=["outcome", "bin_lo", "bin_hi", "n", "forecast", "observed",
                                       "stderr"])


def score_all(probs: ArrayLike, outcomes: ArrayLike) -> dict[str, float]:
    """All scores at once: ``brier, log_loss, rps, favourite_hit_rate, matches``.

    Examples
    --------
    >>> score_all([[0.5, 0.3, 0.2]], [0])["rps"]
    0.145
    """
    p, o = _prepare(probs, outcomes)
    return {"brier": brier(p, o), "log_loss": log_loss(p, o), "rps": rps(p, o),
            "favourite_hit_rate": favourite_hit_rate(p, o), "matches": int(len(o))}
