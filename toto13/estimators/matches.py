"""Estimating and scoring on match tables (the DataFrames of :mod:`toto13.io.footballdata`).

A match table has ``date, home_team, away_team, home_goals, away_goals, result`` and
``odds_home, odds_draw, odds_away`` columns (NaN / -1 where unknown) and is indexed by the line number
in its file, so every problem can be reported by row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import InputError
from .baserate import expanding_base_rates
from .margin import MarginError, MarginMethod, remove_margin
from .model import DEFAULT_XI, predict_rolling
from .scoring import score_all

__all__ = ["EstimateMethod", "MatchEstimate", "estimate_matches", "score_methods"]

ODDS = ["odds_home", "odds_draw", "odds_away"]


class EstimateMethod(str, Enum):
    """Every way ``toto13 estimate`` can produce probabilities."""

    MULTIPLICATIVE = "multiplicative"
    ADDITIVE = "additive"
    POWER = "power"
    SHIN = "shin"
    ODDS_RATIO = "odds_ratio"
    BASE_RATE = "base-rate"
    MODEL = "model"

    @property
    def uses_odds(self) -> bool:
        return self.value in {m.value for m in MarginMethod}


@dataclass(frozen=True)
class MatchEstimate:
    """Probabilities for the rows of a match table that could be estimated.

    ``rows`` are the table's index labels (file line numbers) that got probabilities, ``skipped`` maps
    left-out rows to the reason; ``margin`` and ``parameter`` are None unless the method uses odds.
    """

    method: EstimateMethod
    probs: NDArray[np.float64]
    rows: NDArray[np.int64]
    margin: NDArray[np.float64] | None = None
    parameter: NDArray[np.float64] | None = None
    parameter_name: str | None = None
    skipped: dict = field(default_factory=dict)


def _where(table: pd.DataFrame) -> str | None:
    return table.attrs.get("path")


def _pool(table: pd.DataFrame, history: Sequence[pd.DataFrame]) -> tuple[pd.DataFrame, NDArray]:
    """History tables followed by the target table; returns the pool and a mask of the target rows."""
    parts = [h.reset_index(drop=True) for h in history] + [table.reset_index(drop=True)]
    pool = pd.concat(parts, ignore_index=True)
    target = np.zeros(len(pool), dtype=bool)
    target[len(pool) - len(table):] = True
    return pool, target


def estimate_matches(table: pd.DataFrame, method: EstimateMethod | str, *,
                     history: Sequence[pd.DataFrame] = (), xi: float = DEFAULT_XI,
                     min_matches: int = 100) -> MatchEstimate:
    """Probabilities ``home, draw, away`` for the matches of a match table.

    Parameters
    ----------
    table : DataFrame
        Match table of the matches to estimate.
    method : EstimateMethod or str
        A margin-removal method (needs odds), ``base-rate`` (frequencies of all results before each
        match: those in ``history`` and earlier rows of ``table``; all of ``history`` when there are no
        dates; with add-one smoothing, so no outcome gets probability 0) or ``model`` (Dixon–Coles fitted weekly on the results before each match; needs dates and
        team names).
    history : sequence of DataFrame
        Earlier results (match tables) for ``base-rate`` and ``model``.

    Returns
    -------
    MatchEstimate
        Rows that cannot be estimated (no odds; no earlier results) are in ``skipped`` with the reason.

    Raises
    ------
    InputError
        The file lacks what the method needs (odds, dates, teams), naming the file and column, or the
        additive method fails on a row (naming the file row).
    """
    try:
        m = EstimateMethod(method)
    except ValueError:
        raise ValueError(f"method ({method!r}) must be one of {', '.join(e.value for e in EstimateMethod)}") \
            from None
    path = _where(table)
    index = table.index.to_numpy()
    if m.uses_odds:
        if table.attrs.get("format") == "football-data" and table.attrs.get("bookmaker") is None:
            raise InputError("this season has no odds columns; use --method base-rate or model",
                             file=path, row=1)
        odds = table[ODDS].to_numpy(dtype=np.float64)
        ok = ~np.isnan(odds).any(axis=1)
        skipped = {int(r): "no odds" for r in index[~ok]}
        if not ok.any():
            raise InputError("no match has odds", file=path)
        try:
            r = remove_margin(odds[ok], m.value)
        except MarginError as exc:
            raise InputError(str(exc).replace(f"odds row {exc.row}", "this row"), file=path,
                             row=int(index[ok][exc.row]), column=",".join(_odds_columns(table))) from None
        return MatchEstimate(m, r.probs, index[ok].astype(np.int64), r.margin, r.parameter,
                             MarginMethod(m.value).parameter_name, skipped)
    pool, target = _pool(table, history)
    dated = pool["date"].notna().all()
    if m is EstimateMethod.BASE_RATE:
        if dated:
            prior_n = _prior_counts(pool)
            # add-one (Laplace) smoothing: no outcome gets probability 0 after a handful of matches
            probs = expanding_base_rates(pool["date"].to_numpy(), pool["result"].to_numpy(),
                                         prior_weight=3.0)[target]
            ok = prior_n[target] > 0
        else:
            hist = pool[~target]
            hist = hist[hist["result"] >= 0]
            counts = np.bincount(hist["result"].to_numpy(dtype=np.int64), minlength=3)
            ok = np.full(len(table), counts.sum() > 0)
            probs = np.tile((counts + 1) / (counts.sum() + 3), (len(table), 1))
        if not ok.any():
            raise InputError("base-rate needs earlier results: pass --history FILE (e.g. engsoccerdata "
                             "germany.csv or football-data season files)", file=path)
        skipped = {int(r): "no earlier results" for r in index[~ok]}
        return MatchEstimate(m, probs[ok], index[ok].astype(np.int64), skipped=skipped)
    # model
    for c in ("home_team", "away_team"):
        if (table[c] == "").any():
            raise InputError(f"the model needs team names; column {c} is missing or empty", file=path,
                             row=1, column=c)
    if not dated:
        raise InputError("the model needs a date for every match (column date / Date)", file=path,
                         row=1, column="date")
    pred = predict_rolling(pool, xi=xi, min_matches=min_matches)[target]
    ok = ~np.isnan(pred).any(axis=1)
    if not ok.any():
        raise InputError(f"the model needs at least {min_matches} earlier results before a match: pass "
                         "--history FILE with earlier seasons", file=path)
    skipped = {int(r): f"fewer than {min_matches} earlier results" for r in index[~ok]}
    return MatchEstimate(m, pred[ok], index[ok].astype(np.int64), skipped=skipped)


def _prior_counts(pool: pd.DataFrame) -> NDArray[np.int64]:
    d = pool["date"].to_numpy()
    played = (pool["result"].to_numpy() >= 0)
    order = np.argsort(d, kind="stable")
    cum = np.concatenate([[0], np.cumsum(played[order])])
    first = np.searchsorted(d[order], d[order], side="left")
    out = np.empty(len(pool), dtype=np.int64)
    out[order] = cum[first]
    return out


def _odds_columns(table: pd.DataFrame) -> list[str]:
    b = table.attrs.get("bookmaker")
    return [b + s for s in "HDA"] if b else ODDS


def score_methods(table: pd.DataFrame, methods: Sequence[EstimateMethod | str] | None = None, *,
                  history: Sequence[pd.DataFrame] = (), xi: float = DEFAULT_XI,
                  common: bool = True) -> tuple[pd.DataFrame, dict]:
    """Score every method on the played matches of a match table, side by side.

    Parameters
    ----------
    table : DataFrame
        Match table with results (and odds for the margin methods).
    methods : sequence, optional
        Default: every :class:`EstimateMethod` that the table supports (odds methods need odds, the model needs
        dates and team names), plus ``uniform``.
    history : sequence of DataFrame
        Earlier results for ``base-rate`` and ``model``.
    common : bool
        Score all methods on the same matches: those every method could forecast.

    Returns
    -------
    (DataFrame, dict)
        One row per method: ``method, brier, log_loss, rps, favourite_hit_rate, matches``; and notes
        (method -> reason it was left out or rows it skipped).
    """
    path = _where(table)
    played = table["result"].to_numpy() >= 0
    if not played.any():
        raise InputError("no match has a result (FTR or home_goals/away_goals or result column); "
                         "score needs results", file=path)
    if methods is None:
        methods = list(EstimateMethod)
        auto = True
    else:
        auto = False
    notes: dict = {}
    preds: dict[str, pd.DataFrame] = {}
    index = table.index.to_numpy()
    for meth in methods:
        m = EstimateMethod(meth)
        try:
            est = estimate_matches(table, m, history=history, xi=xi)
        except InputError as exc:
            if not auto:
                raise
            notes[m.value] = f"left out: {exc.message}"
            continue
        if est.skipped:
            notes[m.value] = f"{len(est.skipped)} rows without a forecast"
        preds[m.value] = pd.DataFrame(est.probs, index=est.rows)
    preds = {"uniform": pd.DataFrame(np.full((len(table), 3), 1 / 3), index=index), **preds}
    keep = pd.Index(index[played])
    if common:
        for p in preds.values():
            keep = keep.intersection(p.index)
        if len(keep) == 0:
            raise InputError("no played match could be forecast by every method", file=path)
    outcomes = table["result"]
    rows = []
    for name, p in preds.items():
        rows_here = keep if common else p.index.intersection(pd.Index(index[played]))
        s = score_all(p.loc[rows_here].to_numpy(), outcomes.loc[rows_here].to_numpy())
        rows.append({"method": name, **s})
    return pd.DataFrame(rows), notes
