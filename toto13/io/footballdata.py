"""Match files as they come: football-data.co.uk seasons, engsoccerdata results, our odds CSV.

All readers return one *match table*: a pandas DataFrame indexed by the line number in the file (header
= line 1), with the columns

``match, date, season, league, home_team, away_team, home_goals, away_goals, result, odds_home,
odds_draw, odds_away``

(football-data files add ``kickoff``, the ``Time`` cell or "", and ``odds_source``, the bookmaker prefix
whose odds a row got, or "")

where ``result`` is 0 = home win, 1 = draw, 2 = away win, -1 = unknown (not played yet), ``date`` is a
datetime64 (NaT when the file has none), ``season`` the year the season starts, and the odds are NaN where
the file has none for a match. ``attrs`` holds ``path``, ``format`` (``football-data``,
``engsoccerdata`` or ``odds``), ``bookmaker`` (the odds columns' prefix, or None), ``bookmakers`` (all
prefixes the file offers), ``missing_odds`` (line numbers of matches without odds) and, for football-data
files, ``odds_one`` (line numbers whose chosen bookmaker's odds held a 1.00: odds that pay back only the
stake are a placeholder, read as missing, as every importer reads them).

football-data.co.uk quirks handled: trailing rows of commas
only, a UTF-8 byte-order mark (2024/25), Latin-1 team names, CRLF line endings (D2), ``dd/mm/yy`` and
``dd/mm/yyyy`` dates, a ``Time`` column from 2019/20, bookmaker columns that vary by season, and matches
whose odds are missing (reported in ``attrs["missing_odds"]``, never dropped silently).
"""
from __future__ import annotations

import os
from typing import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import InputError
from .csvfile import parse_numbers, read_table, require_columns
from .dates import parse_dates

__all__ = ["read_football_data", "read_engsoccer", "read_match_file", "bookmakers_in",
           "is_closing", "BOOKMAKER_PREFERENCE", "MATCH_COLUMNS", "parse_result"]

MATCH_COLUMNS = ("match", "date", "season", "league", "home_team", "away_team", "home_goals",
                 "away_goals", "result", "odds_home", "odds_draw", "odds_away")

#: The one bookmaker preference of every football-data reader: ``auto`` takes the first of these the
#: file has (and, with ``fill_missing``, the next one a match has where the first is empty). Closing
#: before pre-match, sharp (Pinnacle) before the market average before single bookmakers.
BOOKMAKER_PREFERENCE = ("PSC", "AvgC", "B365C", "PS", "Avg", "BbAv", "B365", "BW", "IW", "WH", "VC",
                        "LB", "GB", "SB")

_FTR = {"H": 0, "D": 1, "A": 2}
_RESULT = {"1": 0, "0": 1, "X": 1, "2": 2, "H": 0, "D": 1, "A": 2}
_ODDS_EXPECTED = "decimal odds > 1 (a finite number)"
_FD_ODDS_EXPECTED = "decimal odds > 1, 1.00 or empty for none (a finite number)"


def bookmakers_in(columns: Sequence[str]) -> list[str]:
    """Bookmaker prefixes ``P`` with all of ``PH, PD, PA`` among ``columns`` (file order).

    Examples
    --------
    >>> bookmakers_in(["Div", "B365H", "B365D", "B365A", "PSCH", "PSCD", "PSCA", "B365AHH"])
    ['B365', 'PSC']
    """
    cols = set(columns)
    out = []
    for c in columns:
        if c.endswith("H") and len(c) > 1:
            p = c[:-1]
            if p + "D" in cols and p + "A" in cols and p not in out:
                out.append(p)
    return out


def is_closing(prefix: str) -> bool:
    """True if the odds columns ``prefix`` are closing odds: football-data names them with a ``C``
    after the bookmaker (``PSC``, ``AvgC``, ``B365C``, ``VCC``); ``VC`` alone is VC Bet pre-match.

    Examples
    --------
    >>> [is_closing(p) for p in ("PSC", "AvgC", "VCC", "VC", "PS", "BbAv")]
    [True, True, True, False, False, False]
    """
    return prefix.endswith("C") and prefix != "VC"


def _choose_bookmaker(df: pd.DataFrame, bookmaker: str | None, path) -> str | None:
    available = bookmakers_in(list(df.columns))
    df.attrs["bookmakers"] = available
    if bookmaker is None:
        return None
    if bookmaker.lower() == "auto":
        for b in BOOKMAKER_PREFERENCE:
            if b in available:
                return b
        return available[0] if available else None
    lower = {b.lower(): b for b in available}
    if bookmaker.lower() in lower:
        return lower[bookmaker.lower()]
    offer = ", ".join(available) if available else "none (this season has no odds)"
    raise InputError(f"bookmaker {bookmaker!r} not in this file: no columns {bookmaker}H, {bookmaker}D, "
                     f"{bookmaker}A; the file offers: {offer}", file=path, row=1, column=f"{bookmaker}H")


def _parse_dates(df: pd.DataFrame, column: str, path, formats: Sequence[str]) -> NDArray:
    return parse_dates(df, column, formats, path=path, allow_empty=True).astype("datetime64[ns]")


def _season(dates: NDArray) -> NDArray:
    d = pd.DatetimeIndex(dates)
    s = np.where(d.month >= 7, d.year, d.year - 1).astype(np.float64)
    s[d.isna()] = np.nan
    return s


def parse_result(df: pd.DataFrame, column: str, mapping: dict[str, int] = _RESULT) -> NDArray[np.int64]:
    """Result codes from a column of ``1/0/2`` (or ``X``, ``H/D/A``); empty -> -1; else InputError."""
    cells = df[column].str.upper()
    codes = cells.map(mapping)
    bad = codes.isna() & (cells != "")
    if bad.any():
        row = int(bad[bad].index[0])
        allowed = "/".join(sorted(set(mapping)))
        raise InputError(f"{df[column][row]!r} is not a result (expected one of {allowed})",
                         file=df.attrs.get("path"), row=row, column=column)
    return codes.fillna(-1).to_numpy(dtype=np.int64)


def _goals(df: pd.DataFrame, column: str) -> NDArray[np.float64]:
    return parse_numbers(df, column, expected="a number of goals (whole number >= 0)",
                         check=lambda v: np.isfinite(v) & (v >= 0) & (v == np.floor(v)), allow_missing=True)


def _odds(df: pd.DataFrame, columns: Sequence[str]) -> NDArray[np.float64]:
    cols = [parse_numbers(df, c, expected=_ODDS_EXPECTED, check=lambda v: np.isfinite(v) & (v > 1),
                          allow_missing=True) for c in columns]
    return np.column_stack(cols)


def _bookmaker_odds(df: pd.DataFrame, columns: Sequence[str]) -> tuple[NDArray[np.float64], NDArray]:
    """A bookmaker's odds in a football-data file, and which rows had a cell of exactly 1.00: odds that
    pay back only the stake are a placeholder for "none", so those rows' three odds are missing (the
    rule of every importer, docs/formats.md)."""
    cols = [parse_numbers(df, c, expected=_FD_ODDS_EXPECTED, check=lambda v: np.isfinite(v) & (v >= 1),
                          allow_missing=True) for c in columns]
    o = np.column_stack(cols)
    one = (o == 1).any(axis=1)
    o[one] = np.nan
    return o, one


def _finish(df: pd.DataFrame, out: dict, fmt: str, bookmaker: str | None) -> pd.DataFrame:
    n = len(df)
    table = pd.DataFrame(index=df.index)
    for c in MATCH_COLUMNS:
        if c in out:
            table[c] = out[c]
        elif c in ("odds_home", "odds_draw", "odds_away", "home_goals", "away_goals", "season"):
            table[c] = np.full(n, np.nan)
        elif c == "date":
            table[c] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[ns]")
        elif c == "result":
            table[c] = np.full(n, -1, dtype=np.int64)
        elif c == "match":
            table[c] = [str(i) for i in range(1, n + 1)]
        else:
            table[c] = ""
    odds = table[["odds_home", "odds_draw", "odds_away"]].to_numpy()
    missing = np.isnan(odds).any(axis=1)
    table.attrs.update(df.attrs)
    table.attrs["format"] = fmt
    table.attrs["bookmaker"] = bookmaker
    table.attrs.setdefault("bookmakers", [])
    table.attrs["missing_odds"] = [int(i) for i in df.index[missing]] if bookmaker or fmt == "odds" else []
    return table


def _match_odds(df: pd.DataFrame, bk: str, source: NDArray, *, fill: bool) -> NDArray[np.float64]:
    """The odds of bookmaker ``bk``; with ``fill``, a match without them takes the next bookmaker of
    :data:`BOOKMAKER_PREFERENCE` (then any other of the file) with all three. ``source`` gets the
    bookmaker that served each match; ``df.attrs["odds_one"]`` the lines whose ``bk`` odds held a
    1.00 (read as missing)."""
    o, one = _bookmaker_odds(df, [bk + "H", bk + "D", bk + "A"])
    df.attrs["odds_one"] = [int(i) for i in df.index[one]]
    source[~np.isnan(o).any(axis=1)] = bk
    if not fill:
        return o
    available = df.attrs["bookmakers"]
    order = [b for b in BOOKMAKER_PREFERENCE if b in available]
    for b in order + [b for b in available if b not in order]:
        todo = np.isnan(o).any(axis=1)
        if not todo.any():
            break
        if b == bk:
            continue
        rows = np.flatnonzero(todo)
        alt, _ = _bookmaker_odds(df.iloc[rows], [b + "H", b + "D", b + "A"])
        ok = ~np.isnan(alt).any(axis=1)
        idx = rows[ok]
        o[idx] = alt[ok]
        source[idx] = b
    return o


def read_football_data(path: str | os.PathLike, *, bookmaker: str | None = "auto",
                       fill_missing: bool = False) -> pd.DataFrame:
    """Read a football-data.co.uk season file (e.g. ``D1_2324.csv``) as it is.

    Parameters
    ----------
    path : path-like
    bookmaker : str or None
        Prefix of the odds columns to use: ``B365``, ``PS``, ``PSC`` (Pinnacle closing), ``Avg``,
        ``AvgC``, ``Max``, ``BbAv``, ... (case-insensitive); ``"auto"`` takes the first in
        :data:`BOOKMAKER_PREFERENCE` the file has (closing odds first); None reads results only.
    fill_missing : bool
        With ``"auto"``: a match whose chosen odds are empty takes the next bookmaker of
        :data:`BOOKMAKER_PREFERENCE` (then any other of the file) with all three odds; column
        ``odds_source`` says which served. Every odds cell used is checked like the chosen ones.

    Returns
    -------
    pandas.DataFrame
        The match table described in the module notes; ``league`` is the ``Div`` column.

    Raises
    ------
    InputError
        Missing columns, a bad date, result, goal count or odds cell (naming file, row and column); a
        bookmaker the file does not have (naming the ones it has).

    Examples
    --------
    >>> import io, tempfile, pathlib
    >>> text = ("\\ufeffDiv,Date,HomeTeam,AwayTeam,FTHG,FTAG,FTR,B365H,B365D,B365A\\r\\n"
    ...         "D1,18/08/23,Bremen,Bayern,0,4,A,7.5,6.5,1.3\\r\\n"
    ...         "D1,19/08/2023,Augsburg,Gladbach,4,4,D,,,\\r\\n,,,,,,,,,\\r\\n")
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "D1.csv"; _ = p.write_text(text, encoding="utf-8")
    >>> t = read_football_data(p, bookmaker="B365")
    >>> t[["date", "home_team", "result", "odds_home"]]
              date home_team  result  odds_home
    row
    2   2023-08-18    Bremen       2        7.5
    3   2023-08-19  Augsburg       1        NaN
    >>> t.attrs["missing_odds"], t.attrs["bookmaker"]
    ([3], 'B365')
    """
    df = read_table(path, required=("Date", "HomeTeam", "AwayTeam"), encodings=("utf-8-sig", "latin-1"))
    if "Div" in df.columns:
        df = df[(df["Div"] != "") | (df["HomeTeam"] != "")]
        if df.empty:
            raise InputError("no match rows after the header", file=path)
    bk = _choose_bookmaker(df, bookmaker, path)
    dates = _parse_dates(df, "Date", path, ("%d/%m/%Y", "%d/%m/%y"))
    out: dict = {"date": dates, "season": _season(dates),
                 "league": df["Div"].to_numpy() if "Div" in df.columns else "",
                 "home_team": df["HomeTeam"].to_numpy(), "away_team": df["AwayTeam"].to_numpy()}
    for c in ("HomeTeam", "AwayTeam"):
        empty = df[c] == ""
        if empty.any():
            raise InputError("team name is empty", file=path, row=int(empty[empty].index[0]), column=c)
    if "FTHG" in df.columns and "FTAG" in df.columns:
        out["home_goals"], out["away_goals"] = _goals(df, "FTHG"), _goals(df, "FTAG")
    if "FTR" in df.columns:
        out["result"] = parse_result(df, "FTR", _FTR)
    elif "FTHG" in df.columns and "FTAG" in df.columns:
        out["result"] = _result_from_goals(out["home_goals"], out["away_goals"])
    source = np.full(len(df), "", dtype=object)
    if bk is not None:
        fill = fill_missing and bookmaker is not None and bookmaker.lower() == "auto"
        o = _match_odds(df, bk, source, fill=fill)
        out["odds_home"], out["odds_draw"], out["odds_away"] = o.T
    table = _finish(df, out, "football-data", bk)
    table["kickoff"] = df["Time"].to_numpy() if "Time" in df.columns else ""
    table["odds_source"] = source
    return table


def _result_from_goals(h: NDArray, a: NDArray) -> NDArray[np.int64]:
    r = np.where(h > a, 0, np.where(h == a, 1, 2))
    return np.where(np.isnan(h) | np.isnan(a), -1, r).astype(np.int64)


def read_engsoccer(path: str | os.PathLike, *, tier: int | None = None) -> pd.DataFrame:
    """Read an engsoccerdata results file (``germany.csv``: Date, Season, home, visitor, hgoal, vgoal, tier).

    ``league`` becomes ``tier1`` / ``tier2``; ``tier`` keeps only that tier.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "germany.csv"
    >>> _ = p.write_text('"Date","Season","home","visitor","FT","hgoal","vgoal","tier","division"\\n'
    ...                  '"1963-08-24",1963,"Werder Bremen","Borussia Dortmund","3-2",3,2,1,"1"\\n')
    >>> read_engsoccer(p)[["season", "league", "home_goals", "result"]]
         season league  home_goals  result
    row
    2    1963.0  tier1         3.0       0
    """
    df = read_table(path, required=("Date", "Season", "home", "visitor", "hgoal", "vgoal"))
    if tier is not None and "tier" in df.columns:
        df = df[df["tier"] == str(tier)]
        if df.empty:
            raise InputError(f"no matches of tier {tier}", file=path)
    dates = _parse_dates(df, "Date", path, ("%Y-%m-%d",))
    h, a = _goals(df, "hgoal"), _goals(df, "vgoal")
    season = parse_numbers(df, "Season", expected="a season year",
                           check=lambda v: (v > 1800) & (v < 3000))
    league = ("tier" + df["tier"]).to_numpy() if "tier" in df.columns else ""
    out = {"date": dates, "season": season, "league": league, "home_team": df["home"].to_numpy(),
           "away_team": df["visitor"].to_numpy(), "home_goals": h, "away_goals": a,
           "result": _result_from_goals(h, a)}
    return _finish(df, out, "engsoccerdata", None)


def read_match_file(path: str | os.PathLike, *, bookmaker: str | None = "auto") -> pd.DataFrame:
    """Read any match file, telling the format by its header.

    * football-data.co.uk (``HomeTeam``, ``AwayTeam``, ``Date``): :func:`read_football_data`;
    * engsoccerdata (``home``, ``visitor``, ``hgoal``, ``vgoal``): :func:`read_engsoccer`;
    * our odds CSV (docs/formats.md): ``odds_home,odds_draw,odds_away``, optional ``match``,
      ``date`` (ISO ``YYYY-MM-DD`` or ``dd/mm/yyyy``), ``home_team``, ``away_team``, ``result``
      (``1``/``0``/``2``) and ``home_goals``, ``away_goals``. Empty odds cells are allowed (reported in
      ``attrs["missing_odds"]``); other bad cells raise.

    ``bookmaker`` applies to football-data files only (a different value with an odds CSV raises).
    """
    head = read_table(path, sep=",")
    cols = set(head.columns)
    if {"HomeTeam", "AwayTeam", "Date"} <= cols:
        return read_football_data(path, bookmaker=bookmaker)
    if {"home", "visitor", "hgoal", "vgoal"} <= cols:
        return read_engsoccer(path)
    df = require_columns(head, ("odds_home", "odds_draw", "odds_away"))  # the table already read
    if bookmaker not in (None, "auto"):
        raise InputError(f"--bookmaker {bookmaker} applies to football-data.co.uk files; this odds file "
                         "has the columns odds_home,odds_draw,odds_away", file=path, row=1,
                         column="odds_home")
    o = _odds(df, ["odds_home", "odds_draw", "odds_away"])
    out: dict = {"odds_home": o[:, 0], "odds_draw": o[:, 1], "odds_away": o[:, 2]}
    if "match" in df.columns:
        out["match"] = df["match"].to_numpy()
    if "date" in df.columns:
        out["date"] = _parse_dates(df, "date", path, ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y",
                                                      "%Y-%m-%d %H:%M:%S"))
        out["season"] = _season(out["date"])
    for c in ("home_team", "away_team", "league"):
        if c in df.columns:
            out[c] = df[c].to_numpy()
    if "home_goals" in df.columns and "away_goals" in df.columns:
        out["home_goals"], out["away_goals"] = _goals(df, "home_goals"), _goals(df, "away_goals")
        out["result"] = _result_from_goals(out["home_goals"], out["away_goals"])
    if "result" in df.columns:
        out["result"] = parse_result(df, "result")
    table = _finish(df, out, "odds", "odds")
    table.attrs["bookmaker"] = None
    table.attrs["columns"] = list(df.columns)
    return table
