"""Estimating and scoring on match tables (the DataFrames of :mod:`toto13.io.footballdata`).

A match table has ``date, home_team, away_team, home_goals, away_goals, result`` and
``odds_home, odds_draw, odds_away`` columns (NaN / -1 where unknown) and is indexed by the line number
in its file, so every problem can be reported by row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import InputError
from .baserate import expanding_base_rates
from .margin import MarginError, MarginMethod, remove_margin
from .model import DEFAULT_XI, predict_rolling
from .recalibration import recalibrate_by_season
from .scoring import score_all

__all__ = ["EstimateMethod", "MatchEstimate", "estimate_matches", "score_methods", "select_league",
           "combine_tables"]

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
    RECALIBRATED = "recalibrated"

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

    def frame(self, table: pd.DataFrame) -> pd.DataFrame:
        """The estimate as a probabilities table: ``match, home, draw, away``, then ``margin`` and the
        method's parameter where they apply, and ``date, home_team, away_team`` where ``table`` (the
        estimated match table) has them.

        Examples
        --------
        >>> t = pd.DataFrame({"match": ["1"], "date": [pd.NaT], "home_team": ["A"], "away_team": ["B"]})
        >>> MatchEstimate(EstimateMethod.BASE_RATE, np.array([[0.5, 0.3, 0.2]]), np.array([0])).frame(t)
          match  home  draw  away home_team away_team
        0     1   0.5   0.3   0.2         A         B
        """
        sub = table.loc[self.rows]
        out = pd.DataFrame({"match": sub["match"].astype(str).to_numpy(), "home": self.probs[:, 0],
                            "draw": self.probs[:, 1], "away": self.probs[:, 2]})
        if self.margin is not None:
            out["margin"] = self.margin
            if self.parameter_name:
                out[self.parameter_name] = self.parameter
        if sub["date"].notna().any():
            out["date"] = [d.strftime("%Y-%m-%d") if not pd.isna(d) else "" for d in sub["date"]]
        for c in ("home_team", "away_team"):
            if (sub[c] != "").any():
                out[c] = sub[c].to_numpy()
        return out


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
        dates; with add-one smoothing, so no outcome gets probability 0) or ``model`` (Dixon–Coles fitted
        weekly on the results before each match; needs dates and team names).
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
            raise InputError("this season has no odds columns; use method base-rate or model",
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
    if m is EstimateMethod.RECALIBRATED:
        return _recalibrated(table, pool, target, index, path)
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
            raise InputError("base-rate needs earlier results: pass them in history (e.g. engsoccerdata "
                             "germany.csv or football-data season files)", file=path)
        skipped = {int(r): "no earlier results" for r in index[~ok]}
        return MatchEstimate(m, probs[ok], index[ok].astype(np.int64), skipped=skipped)
    # model
    for frame in [*history, table]:  # name the file and row that lack what the model needs
        where = _where(frame)
        for c in ("home_team", "away_team"):
            empty = (frame[c] == "").to_numpy()
            if empty.any():
                raise InputError(f"the model needs team names; column {c} is missing or empty",
                                 file=where, row=int(frame.index[np.argmax(empty)]), column=c)
        undated = frame["date"].isna().to_numpy()
        if undated.any():
            raise InputError("the model needs a date for every match (column date / Date)", file=where,
                             row=int(frame.index[np.argmax(undated)]), column="date")
    pred = predict_rolling(pool, xi=xi, min_matches=min_matches)[target]
    ok = ~np.isnan(pred).any(axis=1)
    if not ok.any():
        raise InputError(f"the model needs at least {min_matches} earlier results before a match: pass "
                         "earlier seasons in history", file=path)
    skipped = {int(r): f"fewer than {min_matches} earlier results" for r in index[~ok]}
    return MatchEstimate(m, pred[ok], index[ok].astype(np.int64), skipped=skipped)


#: Fewest earlier matches with odds and results a season's recalibration is fitted on (about a season).
RECALIBRATION_MIN_MATCHES = 300


def _recalibrated(table: pd.DataFrame, pool: pd.DataFrame, target: NDArray, index: NDArray,
                  path) -> MatchEstimate:
    """Multiplicative margin removal, then :func:`recalibrate_by_season` on the earlier seasons."""
    odds = pool[ODDS].to_numpy(dtype=np.float64)
    has = ~np.isnan(odds).any(axis=1)
    if not has[target].any():
        raise InputError("recalibrated needs odds; no match has odds", file=path)
    if pool["season"].isna().any():
        raise InputError("recalibrated needs a date for every match (column date / Date)", file=path,
                         row=1, column="date")
    probs = np.full_like(odds, np.nan)
    probs[has] = remove_margin(odds[has], "multiplicative").probs
    out, ok = recalibrate_by_season(probs, pool["result"].to_numpy(), pool["season"].to_numpy(),
                                    min_matches=RECALIBRATION_MIN_MATCHES)
    out, ok = out[target], ok[target]
    if not ok.any():
        raise InputError(f"recalibrated needs {RECALIBRATION_MIN_MATCHES} earlier matches with odds and "
                         "results from earlier seasons: pass --history FILE with earlier seasons",
                         file=path)
    skipped = {int(r): "no odds" if not h else "too few earlier matches with odds"
               for r, h in zip(index[~ok], has[target][~ok])}
    return MatchEstimate(EstimateMethod.RECALIBRATED, out[ok], index[ok].astype(np.int64),
                         skipped=skipped)


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


def select_league(tables: Sequence[pd.DataFrame], league: str | None) -> list[pd.DataFrame]:
    """The rows of each match table whose ``league`` is ``league`` (all rows when None).

    Raises
    ------
    ValueError
        Naming ``league`` and the leagues there are, when no table has a row of that league.
    """
    tables = list(tables)
    if league is None:
        return tables
    kept = [t[t["league"] == league] for t in tables]
    if tables and not any(len(t) for t in kept):
        found = sorted({str(v) for t in tables for v in t["league"].unique()})
        raise ValueError(f"league {league!r} has no rows in the history, which has {', '.join(found)}")
    return kept


def combine_tables(tables: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Several match tables as one run of matches (in date order when every date is known).

    The result is indexed by ``(file, row)``: the position of the table in ``tables`` and the row's
    line number in its file; ``attrs["paths"]`` lists the files. :func:`score_methods` takes such a
    table and names the file and row of a problem.

    Examples
    --------
    >>> a = pd.DataFrame({"date": pd.to_datetime(["2024-01-02"]), "result": [0]}, index=[2])
    >>> b = pd.DataFrame({"date": pd.to_datetime(["2024-01-01"]), "result": [1]}, index=[2])
    >>> combine_tables([a, b]).index.tolist()
    [(1, 2), (0, 2)]
    """
    tables = list(tables)
    if not tables:
        raise ValueError("tables must hold at least one match table")
    table = pd.concat(tables, keys=range(len(tables)), names=["file", "row"])
    table.attrs = dict(tables[0].attrs, paths=[t.attrs.get("path") for t in tables])
    table.attrs["path"] = ", ".join(str(p) for p in table.attrs["paths"] if p is not None) or None
    bks = sorted({t.attrs.get("bookmaker") for t in tables} - {None})
    table.attrs["bookmaker"] = "+".join(bks) or None
    if table["date"].notna().all():
        table = table.sort_values("date", kind="stable")
    return table


_FLAT = 10 ** 9  # flat labels of combined rows start here, above any line number of a header message


def _flat(table: pd.DataFrame) -> tuple[pd.DataFrame, Any]:
    """A table indexed by ``(file, row)`` as one with integer labels, and the map back for errors."""
    if not isinstance(table.index, pd.MultiIndex):
        return table, None
    where = table.index.to_list()
    flat = table.set_axis(pd.RangeIndex(_FLAT, _FLAT + len(table)), axis=0)
    flat.attrs = dict(table.attrs)

    def locate(exc: InputError) -> InputError:
        if exc.row is None or not 0 <= exc.row - _FLAT < len(where):
            return exc
        f, row = where[exc.row - _FLAT]
        return InputError(exc.message, file=table.attrs["paths"][f], row=int(row), column=exc.column)

    return flat, locate


def score_methods(table: pd.DataFrame, methods: Sequence[EstimateMethod | str] | None = None, *,
                  history: Sequence[pd.DataFrame] = (), xi: float = DEFAULT_XI,
                  common: bool = True) -> tuple[pd.DataFrame, dict]:
    """Score every method on the played matches of a match table, side by side.

    Parameters
    ----------
    table : DataFrame
        Match table with results (and odds for the margin methods); several files as one run of
        matches from :func:`combine_tables` (problems then name the file and row).
    methods : sequence, optional
        Default: every :class:`EstimateMethod` that the table supports (odds methods need odds, the
        model needs dates and team names), plus ``uniform``.
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
    flat, locate = _flat(table)
    if locate is None:
        return _score(table, methods, history, xi, common)
    try:
        return _score(flat, methods, history, xi, common)
    except InputError as exc:
        raise locate(exc) from None


def _score(table: pd.DataFrame, methods, history, xi: float, common: bool) -> tuple[pd.DataFrame, dict]:
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
