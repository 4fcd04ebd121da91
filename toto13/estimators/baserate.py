"""Probabilities that ignore who plays: uniform, base rates from past results, a constant pick rate.

Results tables are pandas DataFrames with an integer ``result`` column (0 = home, 1 = draw, 2 = away;
-1 = not played / unknown, ignored) and optionally ``league`` and ``season`` (the year a season starts),
as returned by :func:`toto13.io.footballdata.read_football_data` and
:func:`toto13.io.footballdata.read_engsoccer`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from ..errors import check_int

__all__ = ["uniform", "BaseRates", "base_rates", "base_rate_table", "pick_hit_rate", "expanding_base_rates"]


def uniform(matches: int = 13) -> NDArray[np.float64]:
    """Every outcome equally likely: a (matches, 3) table of 1/3.

    Examples
    --------
    >>> uniform(2)
    array([[0.33333333, 0.33333333, 0.33333333],
           [0.33333333, 0.33333333, 0.33333333]])
    """
    matches = check_int("matches", matches, 1)
    return np.full((matches, 3), 1.0 / 3.0)


@dataclass(frozen=True)
class BaseRates:
    """Home / draw / away frequencies over a set of past matches.

    Attributes
    ----------
    probs : ndarray, shape (3,)
        Frequencies ``home, draw, away`` (sum 1).
    counts : ndarray of int, shape (3,)
    matches : int
        Number of matches counted.
    """

    probs: NDArray[np.float64]
    counts: NDArray[np.int64]
    matches: int

    def table(self, matches: int = 13) -> NDArray[np.float64]:
        """The rates repeated for ``matches`` matches: a (matches, 3) probability table."""
        matches = check_int("matches", matches, 1)
        return np.tile(self.probs, (matches, 1))


def _outcomes(results: pd.DataFrame | ArrayLike) -> NDArray[np.int64]:
    if isinstance(results, pd.DataFrame):
        if "result" not in results.columns:
            raise ValueError("results must have a 'result' column (0 = home, 1 = draw, 2 = away)")
        o = results["result"].to_numpy()
    else:
        o = np.asarray(results)
    try:
        o = np.asarray(o, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        raise ValueError("results must be outcome codes 0 (home), 1 (draw), 2 (away)") from None
    bad = ~np.isin(o, (-1.0, 0.0, 1.0, 2.0))
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"results[{i}] ({o[i]!r}) must be 0 (home), 1 (draw), 2 (away) or -1 (unknown)")
    return o.astype(np.int64)


def _select(results: pd.DataFrame | ArrayLike, league, seasons) -> pd.DataFrame | ArrayLike:
    if league is None and seasons is None:
        return results
    if not isinstance(results, pd.DataFrame):
        raise ValueError("league and seasons need a results DataFrame with 'league' and 'season' columns")
    keep = np.ones(len(results), dtype=bool)
    if league is not None:
        if "league" not in results.columns:
            raise ValueError("league given but the results have no 'league' column")
        leagues = [league] if isinstance(league, str) else list(league)
        keep &= results["league"].isin(leagues).to_numpy()
    if seasons is not None:
        if "season" not in results.columns:
            raise ValueError("seasons given but the results have no 'season' column")
        lo, hi = seasons
        s = results["season"].to_numpy()
        keep &= (s >= lo) & (s <= hi)
    return results[keep]


def base_rates(results: pd.DataFrame | ArrayLike, *, league: str | Iterable[str] | None = None,
               seasons: tuple[int, int] | None = None) -> BaseRates:
    """Home / draw / away frequencies in past results.

    Parameters
    ----------
    results : DataFrame or array_like of int
        A results table (column ``result``) or the outcome codes themselves; -1 (unknown) is skipped.
    league : str or iterable of str, optional
        Keep only these values of the ``league`` column (e.g. ``"D1"``, ``"tier1"``).
    seasons : (int, int), optional
        Keep only seasons ``first..last`` (inclusive; a season is named by the year it starts).

    Returns
    -------
    BaseRates

    Raises
    ------
    ValueError
        No matches left after the selection, codes other than -1, 0, 1, 2, selection columns missing.

    Examples
    --------
    >>> r = base_rates([0, 0, 1, 2, 0, -1])
    >>> r.probs, r.counts, r.matches
    (array([0.6, 0.2, 0.2]), array([3, 1, 1]), 5)
    """
    o = _outcomes(_select(results, league, seasons))
    o = o[o >= 0]
    if len(o) == 0:
        raise ValueError(f"no played matches to count (league={league!r}, seasons={seasons!r})")
    counts = np.bincount(o, minlength=3).astype(np.int64)
    return BaseRates(counts / counts.sum(), counts, int(counts.sum()))


def base_rate_table(results: pd.DataFrame, *, by: str | list[str] = "season") -> pd.DataFrame:
    """Base rates per group (e.g. per ``season`` or per ``league``): columns ``home, draw, away, matches``.

    Examples
    --------
    >>> df = pd.DataFrame({"season": [2000, 2000, 2001], "result": [0, 1, 2]})
    >>> base_rate_table(df)
            home  draw  away  matches
    season
    2000     0.5   0.5   0.0        2
    2001     0.0   0.0   1.0        1
    """
    df = results[results["result"] >= 0]
    if df.empty:
        raise ValueError("no played matches to count")
    counts = pd.crosstab([df[c] for c in ([by] if isinstance(by, str) else by)], df["result"])
    counts = counts.reindex(columns=[0, 1, 2], fill_value=0)
    n = counts.sum(axis=1)
    out = counts.div(n, axis=0)
    out.columns = ["home", "draw", "away"]
    out.columns.name = None
    out["matches"] = n
    return out


def pick_hit_rate(results: pd.DataFrame | ArrayLike, pick: int | str = 0) -> float:
    """The recipe's constant per-match hit rate ``p``: how often one fixed pick (e.g. home win) was right.

    Parameters
    ----------
    results : DataFrame or array_like of int
    pick : int or str
        0 / ``"home"`` / ``"1"``, 1 / ``"draw"`` / ``"0"``, 2 / ``"away"`` / ``"2"``.

    Examples
    --------
    >>> pick_hit_rate([0, 0, 1, 2], "home")
    0.5
    """
    names = {"home": 0, "1": 0, "draw": 1, "0": 1, "x": 1, "away": 2, "2": 2}
    if isinstance(pick, str):
        if pick.lower() not in names:
            raise ValueError(f"pick ({pick!r}) must be home, draw or away (1, 0, 2)")
        code = names[pick.lower()]
    else:
        code = check_int("pick", pick, 0, 2)
    return float(base_rates(results).probs[code])


def expanding_base_rates(dates: ArrayLike, outcomes: ArrayLike, *, prior: ArrayLike | None = None,
                         prior_weight: float = 0.0) -> NDArray[np.float64]:
    """For each match, the base rates of all matches strictly before its date (no look-ahead).

    Parameters
    ----------
    dates : array_like of datetime64 (or anything sortable), shape (n,)
    outcomes : array_like of int, shape (n,)
        -1 (unknown / to predict) is not counted.
    prior : array_like, shape (3,), optional
        Rates to start from (e.g. base rates of earlier seasons); uniform if omitted.
    prior_weight : float
        How many matches the prior counts for (0: used only while nothing has been seen).

    Returns
    -------
    ndarray, shape (n, 3)

    Examples
    --------
    >>> expanding_base_rates([1, 2, 2, 3], [0, 1, 2, -1])
    array([[0.33333333, 0.33333333, 0.33333333],
           [1.        , 0.        , 0.        ],
           [1.        , 0.        , 0.        ],
           [0.33333333, 0.33333333, 0.33333333]])
    """
    d = np.asarray(dates)
    o = _outcomes(outcomes)
    if len(d) != len(o):
        raise ValueError(f"dates ({len(d)}) and outcomes ({len(o)}) must have the same length")
    pr = np.full(3, 1 / 3) if prior is None else np.asarray(prior, dtype=np.float64)
    order = np.argsort(d, kind="stable")
    ds, os_ = d[order], o[order]
    onehot = np.zeros((len(o), 3))
    played = os_ >= 0
    onehot[np.flatnonzero(played), os_[played]] = 1.0
    cum = np.vstack([np.zeros(3), np.cumsum(onehot, axis=0)])
    first = np.searchsorted(ds, ds, side="left")  # matches strictly before this date
    counts = cum[first] + prior_weight * pr
    tot = counts.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = np.where(tot > 0, counts / np.where(tot > 0, tot, 1), pr)
    out = np.empty_like(rates)
    out[order] = rates
    return out
