"""Importers: real historical data into :class:`~toto13.backtest.rounds.Rounds`.

``stryktipset``
    The TipsXtra statistics export of Swedish Stryktipset rounds, read as it is (``;``-separated, ``X``
    for a draw), with its documented quirks (../shared/data/README.md §1-2):

    * ``utd13 = 10000000`` is a placeholder when nobody had 13 (``ant13 = 0``): a tier with no winners
      gets a *missing* quota (the payout model decides what a lone own winner would get), never the
      placeholder. With one winner the published 10,000,000 is kept (a capped or jackpot prize).
    * ``turnover = 0`` means missing (every round up to 200848).
    * A quota of 0 with winners means the tier paid nothing (below the minimum payout): kept as 0.
    * Matches drawn by lot (``random_results``; ``matchstatus = Lottad`` in the details file) count
      with the drawn result, as the pool paid them; with the details file the match is flagged
      ``by_lot = 1``.
    * Weeks with two rounds (Christmas / New Year) get distinct ids: ``YYYYWW`` for the one with the
      lower TipsXtra id, ``YYYYWW-2`` for the other.
    * The round's date is the Saturday of its ISO week. Rounds are written oldest first.

``football_data``
    football-data.co.uk season files made into pseudo-rounds the way the TOTO coupon is: each weekend's
    (Friday to Monday) Bundesliga (``D1``) matches by kick-off, filled up to 13 with 2. Bundesliga
    (``D2``) matches of the same weekend by kick-off; weekends that cannot fill 13 are left out.
    Odds: closing odds where the file has them (Pinnacle ``PSC*``, market average ``AvgC*``, Bet365
    ``B365C*``), else the pre-match average (``BbAv*``, ``Avg*``) or a single bookmaker. Payouts are
    marked missing (no quotas exist for pseudo-rounds).
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import InputError
from ..io.csvfile import parse_numbers, read_table
from ..io.dates import DAY_FIRST, parse_dates
from .rounds import Rounds

__all__ = ["ImportReport", "import_stryktipset", "import_football_data", "read_stryktipset_crowd",
           "STRYKTIPSET_PLACEHOLDER", "FD_ODDS_PREFERENCE"]

#: TipsXtra's 13-correct payout when nobody had 13 (README of the data, §1 caveats).
STRYKTIPSET_PLACEHOLDER = 10_000_000
_TIERS = (13, 12, 11, 10)
_STRYK_SYMBOL = {"1": 0, "X": 1, "2": 2}
_SUMMARY_COLUMNS = ("omg", "correct_row", "turnover", "utd13", "utd12", "utd11", "utd10", "ant13",
                    "ant12", "ant11", "ant10", "random_results", "id")
_DETAIL_COLUMNS = ("omg", "matchnummer", "hemmalag", "bortalag", "utfall", "matchstatus", "oddset1",
                   "oddsetx", "oddset2", "svenska_folket1", "svenska_folketx", "svenska_folket2",
                   "svspelinfo_id")
#: football-data.co.uk odds column prefixes, most preferred first (closing odds first).
FD_ODDS_PREFERENCE = ("PSC", "AvgC", "B365C", "BbAv", "Avg", "PS", "B365", "BW", "IW", "WH", "LB",
                      "GB", "SB", "VC")


@dataclass(frozen=True)
class ImportReport:
    """What an import did: the rounds, and counts of every quirk handled."""

    rounds: Rounds
    notes: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """Human-readable lines: one per note."""
        return [f"{k}: {v}" for k, v in self.notes.items()]


def _iso_saturday(omg: str, path, row: int) -> np.datetime64:
    try:
        year, week = int(omg[:4]), int(omg[4:])
        if len(omg) != 6:
            raise ValueError
        return np.datetime64(_dt.date.fromisocalendar(year, week, 6), "D")
    except ValueError:
        raise InputError(f"{omg!r} is not a year and ISO week YYYYWW", file=path, row=row,
                         column="omg") from None


def _int_column(df: pd.DataFrame, col: str) -> np.ndarray:
    return parse_numbers(df, col, expected="a whole number >= 0",
                         check=lambda v: (v >= 0) & (v == np.round(v)))


def _read_details(path, matches: int) -> dict[str, pd.DataFrame]:
    df = read_table(path, required=_DETAIL_COLUMNS, sep=";")
    num = parse_numbers(df, "matchnummer", expected=f"a match number 1..{matches}",
                        check=lambda v: (v >= 1) & (v <= matches) & (v == np.round(v)))
    bad = ~df["utfall"].isin(list(_STRYK_SYMBOL))
    if bad.any():
        i = int(np.argmax(bad.to_numpy()))
        raise InputError(f"{df['utfall'].iloc[i]!r} is not a result; expected 1, X or 2", file=path,
                         row=int(df.index[i]), column="utfall")
    for c in ("oddset1", "oddsetx", "oddset2", "svenska_folket1", "svenska_folketx", "svenska_folket2"):
        parse_numbers(df, c, expected="a number >= 0", check=lambda v: v >= 0, allow_missing=True)
    df = df.assign(_num=num.astype(int))
    out = {}
    for key, g in df.groupby("svspelinfo_id", sort=False):
        if len(g) != matches or sorted(g["_num"]) != list(range(1, matches + 1)):
            raise InputError(f"round id {key!r} has match numbers {sorted(g['_num'].tolist())}, expected "
                             f"1..{matches} once each", file=path, row=int(g.index[-1]),
                             column="matchnummer")
        out[key] = g.sort_values("_num")
    return out


def read_stryktipset_crowd(details: str | os.PathLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The odds, crowd pick shares and results of the Stryktipset details file.

    Returns
    -------
    odds : ndarray (n, 3)
        Oddset decimal odds (home, draw, away); NaN where the file has 0.
    shares : ndarray (n, 3)
        "Svenska folket" pick shares in percent.
    results : ndarray (n,)
        Outcome codes (0 home, 1 draw, 2 away).
    """
    df = read_table(details, required=_DETAIL_COLUMNS, sep=";")
    odds = np.column_stack([parse_numbers(df, c, expected="a number >= 0", check=lambda v: v >= 0)
                            for c in ("oddset1", "oddsetx", "oddset2")])
    odds[odds <= 1] = np.nan
    shares = np.column_stack([parse_numbers(df, c, expected="a number >= 0", check=lambda v: v >= 0)
                              for c in ("svenska_folket1", "svenska_folketx", "svenska_folket2")])
    bad = ~df["utfall"].isin(list(_STRYK_SYMBOL))
    if bad.any():
        i = int(np.argmax(bad.to_numpy()))
        raise InputError(f"{df['utfall'].iloc[i]!r} is not a result; expected 1, X or 2", file=details,
                         row=int(df.index[i]), column="utfall")
    return odds, shares, df["utfall"].map(_STRYK_SYMBOL).to_numpy()


def import_stryktipset(summary: str | os.PathLike, details: str | os.PathLike | None = None, *,
                       matches: int = 13) -> ImportReport:
    """Read the TipsXtra Stryktipset export (and optionally the per-match details) into rounds.

    Parameters
    ----------
    summary : path-like
        ``stryktipset_summering.csv``: one row per round.
    details : path-like, optional
        ``stryktipset_detaljer_*.csv``: 13 rows per round (teams, odds, lots), joined on
        ``svspelinfo_id`` = ``id``.
    matches : int
        Matches per round.

    Returns
    -------
    ImportReport
        The rounds (oldest first) and counts of each quirk handled.

    Raises
    ------
    InputError
        Naming file, row and column: missing columns, a ``correct_row`` not of ``matches`` symbols
        1/X/2, a negative or non-integer count or payout, a bad ``omg``, a details round whose results
        disagree with the summary.
    """
    path = Path(summary)
    df = read_table(path, required=_SUMMARY_COLUMNS, sep=";")
    rows = df["correct_row"]
    for k, text in enumerate(rows):
        if len(text) != matches or any(ch not in _STRYK_SYMBOL for ch in text):
            raise InputError(f"{text!r} is not a row of {matches} results 1, X or 2", file=path,
                             row=int(df.index[k]), column="correct_row")
    turnover = parse_numbers(df, "turnover", expected="a number >= 0", check=lambda v: v >= 0)
    utd = {x: parse_numbers(df, f"utd{x}", expected="a payout >= 0", check=lambda v: v >= 0)
           for x in _TIERS}
    ant = {x: _int_column(df, f"ant{x}") for x in _TIERS}
    lots = _int_column(df, "random_results")
    ids = parse_numbers(df, "id", expected="a round id (whole number)",
                        check=lambda v: v == np.round(v)).astype(np.int64)
    dates = np.array([_iso_saturday(o, path, int(r)) for o, r in zip(df["omg"], df.index)])
    omg = df["omg"].to_numpy()
    order = np.lexsort((ids, omg.astype(np.int64)))
    detail_rounds = _read_details(details, matches) if details is not None else {}
    names: list[str] = []
    seen: dict[str, int] = {}
    notes = {"rounds": len(df), "weeks with two rounds (second id gets -2)": 0,
             "13-tier placeholder 10,000,000 with no 13-winner (quota set missing)": 0,
             "tiers with no winners (quota missing)": 0, "turnover 0 (set missing)": 0,
             "tiers that paid 0 to their winners": 0, "rounds with matches drawn by lot": 0,
             "matches drawn by lot": 0, "rounds with details (odds, teams)": 0}
    r = len(df)
    results = np.empty((r, matches), dtype=np.int8)
    odds = np.full((r, matches, 3), np.nan)
    crowd = np.full((r, matches, 3), np.nan)
    quotas = np.full((r, 4), np.nan)
    winners = np.full((r, 4), np.nan)
    tv = np.full(r, np.nan)
    team_rows = []
    for j, k in enumerate(order):
        o = str(omg[k])
        seen[o] = seen.get(o, 0) + 1
        rid = o if seen[o] == 1 else f"{o}-{seen[o]}"
        if seen[o] == 2:
            notes["weeks with two rounds (second id gets -2)"] += 1
        names.append(rid)
        results[j] = [_STRYK_SYMBOL[ch] for ch in rows.iloc[k]]
        if turnover[k] > 0:
            tv[j] = turnover[k]
        else:
            notes["turnover 0 (set missing)"] += 1
        for c, x in enumerate(_TIERS):
            winners[j, c] = ant[x][k]
            if ant[x][k] == 0:
                notes["tiers with no winners (quota missing)"] += 1
                if x == 13 and utd[x][k] == STRYKTIPSET_PLACEHOLDER:
                    notes["13-tier placeholder 10,000,000 with no 13-winner (quota set missing)"] += 1
            else:
                quotas[j, c] = utd[x][k]
                if utd[x][k] == 0:
                    notes["tiers that paid 0 to their winners"] += 1
        if lots[k] > 0:
            notes["rounds with matches drawn by lot"] += 1
            notes["matches drawn by lot"] += int(lots[k])
        det = detail_rounds.get(str(ids[k]))
        if det is not None:
            notes["rounds with details (odds, teams)"] += 1
            det_res = det["utfall"].map(_STRYK_SYMBOL).to_numpy()
            if (det_res != results[j]).any():
                m = int(np.argmax(det_res != results[j]))
                raise InputError(f"round id {ids[k]} match {m + 1}: result {det['utfall'].iloc[m]!r} "
                                 f"disagrees with correct_row {rows.iloc[k]!r} of the summary",
                                 file=details, row=int(det.index[m]), column="utfall")
            o3 = det[["oddset1", "oddsetx", "oddset2"]].apply(pd.to_numeric).to_numpy(dtype=float).copy()
            o3[~(o3 > 1)] = np.nan
            odds[j] = o3
            c3 = det[["svenska_folket1", "svenska_folketx", "svenska_folket2"]].apply(pd.to_numeric) \
                .to_numpy(dtype=float)
            crowd[j] = np.where(c3.sum(axis=1, keepdims=True) > 0, c3 / c3.sum(axis=1, keepdims=True),
                                np.nan)
            for m in range(matches):
                team_rows.append({"round": rid, "match": str(m + 1),
                                  "home_team": det["hemmalag"].iloc[m].strip(),
                                  "away_team": det["bortalag"].iloc[m].strip(),
                                  "by_lot": float(det["matchstatus"].iloc[m] == "Lottad")})
        else:
            for m in range(matches):
                team_rows.append({"round": rid, "match": str(m + 1), "home_team": "", "away_team": "",
                                  "by_lot": np.nan if lots[k] else 0.0})
    rounds = Rounds(tuple(names), dates[order], results, _TIERS, quotas, winners,
                    np.full((r, 4), np.nan), tv, odds, pd.DataFrame(team_rows), str(path), crowd)
    return ImportReport(rounds, notes)


def _to_float(cells: np.ndarray) -> np.ndarray:
    """Strings to floats; empty or unparsable cells become NaN."""
    a = np.where(cells == "", "nan", cells)
    try:
        return a.astype(np.float64)
    except ValueError:
        return pd.DataFrame(a).apply(pd.to_numeric, errors="coerce").to_numpy(dtype=np.float64)


def _fd_odds(df: pd.DataFrame) -> np.ndarray:
    out = np.full((len(df), 3), np.nan)
    for prefix in FD_ODDS_PREFERENCE:
        cols = [f"{prefix}{s}" for s in "HDA"]
        if not all(c in df.columns for c in cols):
            continue
        vals = _to_float(df[cols].to_numpy(dtype=str))
        ok = np.isfinite(vals).all(axis=1) & (vals > 1).all(axis=1)
        fill = ok & np.isnan(out).any(axis=1)
        out[fill] = vals[fill]
    return out


def _read_fd(path) -> pd.DataFrame:
    df = read_table(path, required=("Div", "Date", "HomeTeam", "AwayTeam", "FTR"))
    df = df[df["Div"] != ""]
    if df.empty:
        raise InputError("no matches (every Div cell is empty)", file=path)
    df.attrs["path"] = str(path)
    bad = ~df["FTR"].isin(["H", "D", "A"])
    if bad.any():
        i = int(np.argmax(bad.to_numpy()))
        raise InputError(f"{df['FTR'].iloc[i]!r} is not a full-time result; expected H, D or A",
                         file=path, row=int(df.index[i]), column="FTR")
    dates = parse_dates(df, "Date", DAY_FIRST, path=path)
    time = df["Time"] if "Time" in df.columns else pd.Series("", index=df.index)
    odds = _fd_odds(df)
    return pd.DataFrame({
        "div": df["Div"].to_numpy(), "date": dates, "time": time.to_numpy(),
        "home_team": df["HomeTeam"].to_numpy(), "away_team": df["AwayTeam"].to_numpy(),
        "result": df["FTR"].map({"H": 0, "D": 1, "A": 2}).to_numpy(),
        "odds_home": odds[:, 0], "odds_draw": odds[:, 1], "odds_away": odds[:, 2],
        "file": str(path), "line": df.index.to_numpy()})


def import_football_data(files: Sequence[str | os.PathLike], *, top: str = "D1", fill: str = "D2",
                         matches: int = 13) -> ImportReport:
    """Build TOTO-like pseudo-rounds from football-data.co.uk season files.

    Parameters
    ----------
    files : sequence of path-like
        Season files of the ``top`` and ``fill`` divisions (any mix, any order).
    top, fill : str
        ``Div`` codes of the first league and the league that fills the coupon up to 13.
    matches : int
        Matches per round.

    Returns
    -------
    ImportReport
        Rounds (one per weekend, id ``D1-YYYY-MM-DD`` with the Saturday's date) and counts.

    Raises
    ------
    InputError
        Missing columns, a ``Div`` other than ``top``/``fill``, a result not H/D/A, a bad date.
    """
    if not files:
        raise ValueError("give at least one football-data file")
    frames = []
    for f in files:
        t = _read_fd(f)
        other = ~t["div"].isin([top, fill])
        if other.any():
            i = int(np.argmax(other.to_numpy()))
            raise InputError(f"division {t['div'].iloc[i]!r} is neither {top!r} (first league) nor "
                             f"{fill!r} (fill-up league)", file=f, row=int(t['line'].iloc[i]),
                             column="Div")
        frames.append(t)
    allm = pd.concat(frames, ignore_index=True)
    days = allm["date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    wd = (days + 3) % 7  # Mon=0 .. Sun=6 (1970-01-01 was a Thursday)
    weekend = np.isin(wd, [4, 5, 6, 0])
    shift = np.select([wd == 4, wd == 5, wd == 6, wd == 0], [1, 0, -1, -2], 0)
    allm["saturday"] = allm["date"].to_numpy() + shift.astype("timedelta64[D]")
    notes = {"matches read": len(allm), "midweek matches left out": int((~weekend).sum())}
    allm = allm[weekend].sort_values(["saturday", "date", "time", "file", "line"], kind="stable")
    sat = allm["saturday"].to_numpy()
    is_top = (allm["div"] == top).to_numpy()
    is_fill = (allm["div"] == fill).to_numpy()
    res_all = allm["result"].to_numpy()
    odds_all = allm[["odds_home", "odds_draw", "odds_away"]].to_numpy(dtype=float)
    home, away = allm["home_team"].to_numpy(), allm["away_team"].to_numpy()
    starts = np.flatnonzero(np.r_[True, sat[1:] != sat[:-1]])
    ends = np.r_[starts[1:], len(sat)]
    ids, dates, results, odds, teams = [], [], [], [], []
    short = 0
    for a, b in zip(starts, ends):
        first = a + np.flatnonzero(is_top[a:b])
        if first.size == 0:
            short += 1
            continue
        first = first[:matches]
        extra = (a + np.flatnonzero(is_fill[a:b]))[:matches - first.size]
        pick = np.r_[first, extra]
        if pick.size < matches:
            short += 1
            continue
        day = pd.Timestamp(sat[a]).date()
        rid = f"{top}-{day.isoformat()}"
        ids.append(rid)
        dates.append(np.datetime64(day, "D"))
        results.append(res_all[pick])
        odds.append(odds_all[pick])
        teams.extend({"round": rid, "match": str(m + 1), "home_team": home[i], "away_team": away[i]}
                     for m, i in enumerate(pick))
    notes["weekends that could not fill 13 matches (left out)"] = short
    notes["pseudo-rounds"] = len(ids)
    r = len(ids)
    if r == 0:
        raise ValueError(f"no weekend had {matches} matches of {top} and {fill}; give the {fill} files of "
                         "the same seasons too")
    res = np.array(results, dtype=np.int8)
    od = np.array(odds)
    notes["rounds with odds for all matches"] = int(np.isfinite(od).all(axis=(1, 2)).sum())
    t = len(_TIERS)
    rounds = Rounds(tuple(ids), np.array(dates, dtype="datetime64[D]"), res, _TIERS,
                    np.full((r, t), np.nan), np.full((r, t), np.nan), np.full((r, t), np.nan),
                    np.full(r, np.nan), od, pd.DataFrame(teams), ",".join(str(f) for f in files))
    return ImportReport(rounds, notes)
