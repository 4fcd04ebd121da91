"""Importers: real historical data into :class:`~toto13.io.rounds.Rounds`.

``stryktipset``
    The TipsXtra statistics export of Swedish Stryktipset rounds, read as it is (``;``-separated, ``X``
    for a draw), with its quirks (docs/formats.md, docs/data-sources.md):

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

    With the details file (13 rows a round), joined on the week and the correct row, never on
    ``svspelinfo_id`` alone (its numbering restarts); details rounds that fit no summary row, and
    summary rounds without details, are counted. Per match: odds of 0.00, 1.00 or empty are missing
    (all three); the default crowd shares 43/28/29 and 34/33/33 are unknown up to 2006; ``Lottad``
    matches are kept and flagged; a blank ``utfall`` takes the summary's result; ``utfall`` is trusted
    over the score (cup ties settled after extra time or penalties). Each is counted in the report.

``football_data``
    football-data.co.uk season files made into pseudo-rounds the way coupons are made: each weekend's
    (Friday to Monday) matches ordered by the divisions' priority and then by kick-off, 13 to a round
    (by default the Bundesliga ``D1`` filled up with 2. Bundesliga ``D2``, as the TOTO coupon is);
    optionally also Tuesday-Thursday rounds. Weekends that cannot fill 13 are left out. Files are read by
    :func:`toto13.io.footballdata.read_football_data` with its one bookmaker preference, match by match
    (closing odds where the file has them). Payouts are marked missing (no quotas exist for
    pseudo-rounds).
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import MAX_AMOUNT, InputError, check_int
from ..io.csvfile import parse_numbers, read_table
from ..io.footballdata import BOOKMAKER_PREFERENCE, is_closing, read_football_data
from ..io.rounds import Rounds

__all__ = ["ImportReport", "import_stryktipset", "import_football_data", "read_stryktipset_crowd",
           "parse_priority", "STRYKTIPSET_PLACEHOLDER", "STRYKTIPSET_DEFAULT_CROWD",
           "STRYKTIPSET_DEFAULT_CROWD_UNTIL"]

#: TipsXtra's 13-correct payout when nobody had 13 (README of the data, §1 caveats).
STRYKTIPSET_PLACEHOLDER = 10_000_000
_TIERS = (13, 12, 11, 10)
_STRYK_SYMBOL = {"1": 0, "X": 1, "2": 2}
_SUMMARY_COLUMNS = ("omg", "correct_row", "turnover", "utd13", "utd12", "utd11", "utd10", "ant13",
                    "ant12", "ant11", "ant10", "random_results", "id")
_DETAIL_COLUMNS = ("omg", "matchnummer", "hemmalag", "bortalag", "utfall", "matchstatus", "oddset1",
                   "oddsetx", "oddset2", "svenska_folket1", "svenska_folketx", "svenska_folket2",
                   "svspelinfo_id")
_ODDS_COLUMNS = ("oddset1", "oddsetx", "oddset2")
_SHARE_COLUMNS = ("svenska_folket1", "svenska_folketx", "svenska_folket2")
_SCORE_COLUMNS = ("hemmaresultat", "bortaresultat")
_IMPORT_DETAIL_COLUMNS = _DETAIL_COLUMNS + _SCORE_COLUMNS
#: ``matchstatus``: played, or not played and its result drawn by lot.
_MATCH_STATUS = ("Avslutad", "Lottad")
#: Crowd shares (percent, 1/X/2) TipsXtra wrote where none were published (data notes §2), read as
#: unknown in the weeks up to :data:`STRYKTIPSET_DEFAULT_CROWD_UNTIL` (2003-2005: 4-5 matches a round).
#: Later they are as common as their neighbouring triples (43/28/29: 28 matches from 2007 on, 43/27/30:
#: 19, 43/29/28: 36), so real shares, and kept.
STRYKTIPSET_DEFAULT_CROWD = ((43, 28, 29), (34, 33, 33))
STRYKTIPSET_DEFAULT_CROWD_UNTIL = 200652


@dataclass(frozen=True)
class ImportReport:
    """What an import did: the rounds, and counts of every quirk handled."""

    rounds: Rounds
    notes: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """Human-readable lines: one per note."""
        return [f"{k}: {v}" for k, v in self.notes.items()]


#: No round has more winners than this in a tier (amounts are bounded by errors.MAX_AMOUNT).
_MAX_WINNERS = 1e9


def _iso_saturday(omg: str, path, row: int) -> np.datetime64:
    try:
        if len(omg) != 6 or not omg.isascii() or not omg.isdigit():  # int() would read "2_1923"
            raise ValueError
        year, week = int(omg[:4]), int(omg[4:])
        return np.datetime64(_dt.date.fromisocalendar(year, week, 6), "D")
    except ValueError:
        raise InputError(f"{omg!r} is not a year and ISO week YYYYWW", file=path, row=row,
                         column="omg") from None


def _int_column(df: pd.DataFrame, col: str, hi: float = _MAX_WINNERS) -> np.ndarray:
    return parse_numbers(df, col, expected=f"a whole number in 0..{hi:,.0f}",
                         check=lambda v: (v >= 0) & (v <= hi) & (v == np.round(v)))


def _amount_column(df: pd.DataFrame, col: str, what: str) -> np.ndarray:
    return parse_numbers(df, col, expected=f"{what} >= 0 and at most {MAX_AMOUNT:.0e}",
                         check=lambda v: np.isfinite(v) & (v >= 0) & (v <= MAX_AMOUNT))


def _round_ids(df: pd.DataFrame, path) -> np.ndarray:
    """The TipsXtra round ids: whole numbers written as digits, each once."""
    seen: dict[str, int] = {}
    for row, text in zip(df.index, df["id"]):
        if not (text.isascii() and text.isdigit() and len(text) <= 12):
            raise InputError(f"{text!r} is not a round id (up to 12 digits)", file=path, row=int(row),
                             column="id")
        key = text.lstrip("0") or "0"
        if key in seen:
            raise InputError(f"round id {text} repeats row {seen[key]} (the same round twice?)",
                             file=path, row=int(row), column="id")
        seen[key] = int(row)
    return df["id"].astype(np.int64).to_numpy()


def _stryktipset_rows(df: pd.DataFrame, path) -> tuple[pd.DataFrame, int]:
    """The Stryktipset rows of a TipsXtra export and how many rows of other products were left out.

    The raw export also holds Europatipset, EM- and VM-tipset rounds (column ``produktnamn``); files
    without that column are taken as Stryktipset throughout.
    """
    if "produktnamn" not in df.columns:
        return df, 0
    keep = (df["produktnamn"].str.strip().str.lower() == "stryktipset").to_numpy()
    if not keep.any():
        raise InputError(f"no Stryktipset rows (found {', '.join(sorted(set(df['produktnamn'])))[:200]})",
                         file=path, row=int(df.index[0]) if len(df) else None, column="produktnamn")
    return df[keep], int((~keep).sum())


def _check_cells(df: pd.DataFrame, column: str, allowed: Sequence[str], expected: str, path) -> None:
    """Every cell of ``column`` is one of ``allowed``; the first that is not raises, naming its row."""
    bad = ~df[column].isin(list(allowed))
    if bad.any():
        i = int(np.argmax(bad.to_numpy()))
        raise InputError(f"{df[column].iloc[i]!r} is not {expected}", file=path, row=int(df.index[i]),
                         column=column)


def _read_details(path, matches: int) -> list[pd.DataFrame]:
    """The rounds of a details file (grouped by ``omg`` and ``svspelinfo_id``), each its ``matches``
    rows in coupon order, with the numbers parsed into ``_num``, ``_odds0..2``, ``_crowd0..2`` and
    ``_score0..1`` (NaN where empty). Results may be blank; 0.00 and 1.00 are odds' "none"."""
    df, _ = _stryktipset_rows(read_table(path, required=_IMPORT_DETAIL_COLUMNS, sep=";"), path)
    num = parse_numbers(df, "matchnummer", expected=f"a match number 1..{matches}",
                        check=lambda v: (v >= 1) & (v <= matches) & (v == np.round(v)))
    _check_cells(df, "utfall", ("1", "X", "2", ""), "a result; expected 1, X, 2 or empty", path)
    _check_cells(df, "matchstatus", tuple(_MATCH_STATUS), "a match status; expected "
                 f"{' or '.join(_MATCH_STATUS)}", path)
    parsed = {"_num": num.astype(int)}
    for k, c in enumerate(_ODDS_COLUMNS):
        parsed[f"_odds{k}"] = parse_numbers(
            df, c, expected="decimal odds > 1, or 0.00, 1.00 or empty for none",
            check=lambda v: (v == 0) | ((v >= 1) & np.isfinite(v)), allow_missing=True)
    for k, c in enumerate(_SHARE_COLUMNS):
        parsed[f"_crowd{k}"] = parse_numbers(df, c, expected="a crowd share in percent, 0..100, or empty",
                                             check=lambda v: (v >= 0) & (v <= 100), allow_missing=True)
    for k, c in enumerate(_SCORE_COLUMNS):
        parsed[f"_score{k}"] = parse_numbers(df, c, expected="a score (a whole number >= 0) or empty",
                                             check=lambda v: (v >= 0) & (v == np.round(v)) & (v < 1e3),
                                             allow_missing=True)
    df = df.assign(**parsed)
    out = []
    for (omg, key), g in df.groupby(["omg", "svspelinfo_id"], sort=False):
        if len(g) != matches or sorted(g["_num"]) != list(range(1, matches + 1)):
            raise InputError(f"week {omg} round id {key!r} has match numbers {sorted(g['_num'].tolist())}, "
                             f"expected 1..{matches} once each", file=path, row=int(g.index[-1]),
                             column="matchnummer")
        out.append(g.sort_values("_num"))
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
    df, _ = _stryktipset_rows(read_table(details, required=_DETAIL_COLUMNS, sep=";"), details)
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
    details : path-like or sequence of path-like, optional
        ``stryktipset_detaljer*.csv``: 13 rows per round (teams, odds, crowd shares, lots), joined to
        the summary on the week (``omg``) and the correct row (``correct_row`` = the 13 ``utfall``).
        Several files (the history is published in parts) are joined one after the other; a round
        given in two of them is an error.
    matches : int
        Matches per round.

    Returns
    -------
    ImportReport
        The rounds (oldest first) and counts of each quirk handled (docs/data-sources.md).

    Notes
    -----
    With details: odds of 0.00 or 1.00 (or empty) and the default crowd shares
    (:data:`STRYKTIPSET_DEFAULT_CROWD`, up to 2006) are unknown (NaN, the whole match's three); a
    round missing any match's odds or shares counts as a round without them (:meth:`Rounds.has_odds`,
    :meth:`Rounds.has_crowd`) and is kept for the strategies that need neither. A blank ``utfall``
    takes the summary's result; ``utfall`` is trusted over the score (extra time, penalties).

    Raises
    ------
    InputError
        Naming file, row and column: missing columns, a ``correct_row`` not of ``matches`` symbols
        1/X/2, a negative or non-integer count or payout, a bad ``omg``, a details round whose results
        disagree with the summary round of its week and id, a bad odds, share or score cell.
    """
    path = Path(summary)
    df, other_products = _stryktipset_rows(read_table(path, required=_SUMMARY_COLUMNS, sep=";"), path)
    s = _read_summary(df, path, matches)
    order = np.lexsort((s.ids, s.omg.astype(np.int64)))
    notes = _stryktipset_notes(len(df), other_products, bool(_paths(details)))
    details_paths = _paths(details)
    joined: dict[int, pd.DataFrame] = {}
    for dpath in details_paths:
        _join_details(_read_details(dpath, matches), s, dpath, notes, joined)
    r = len(df)
    names: list[str] = []
    seen: dict[str, int] = {}
    results = np.empty((r, matches), dtype=np.int8)
    odds = np.full((r, matches, 3), np.nan)
    crowd = np.full((r, matches, 3), np.nan)
    quotas = np.full((r, 4), np.nan)
    winners = np.full((r, 4), np.nan)
    tv = np.full(r, np.nan)
    team_rows: list[dict[str, object]] = []
    for j, k in enumerate(order):
        rid = _week_round_id(str(s.omg[k]), seen, notes, s.ids[k], path, int(df.index[k]))
        names.append(rid)
        results[j] = [_STRYK_SYMBOL[ch] for ch in s.rows.iloc[k]]
        tv[j] = _summary_payouts(s, k, quotas[j], winners[j], notes)
        det = joined.get(int(k))
        if det is not None:
            odds[j], crowd[j] = _detail_matches(det, results[j], int(s.lots[k]), notes)
            team_rows.extend(_detail_teams(det, rid, matches))
        else:
            team_rows.extend({"round": rid, "match": str(m + 1), "home_team": "", "away_team": "",
                              "by_lot": np.nan if s.lots[k] else 0.0} for m in range(matches))
    if details_paths:
        notes["summary rounds with no details round (no odds, shares or teams)"] = r - len(joined)
        notes["rounds with odds for all matches (usable by the odds strategies)"] = int(
            np.isfinite(odds).all(axis=(1, 2)).sum())
        notes["rounds with crowd shares for all matches"] = int(np.isfinite(crowd).all(axis=(1, 2)).sum())
    rounds = Rounds(tuple(names), s.dates[order], results, _TIERS, quotas, winners,
                    np.full((r, 4), np.nan), tv, odds, pd.DataFrame(team_rows), str(path), crowd)
    return ImportReport(rounds, notes)


def _paths(details) -> list[Path]:
    """``details`` (None, one path or a sequence of paths) as a list of paths."""
    if details is None:
        return []
    if isinstance(details, (str, os.PathLike)):
        return [Path(details)]
    return [Path(p) for p in details]


def _join_details(rounds: list[pd.DataFrame], s: _Summary, path, notes: dict[str, int],
                  joined: dict[int, pd.DataFrame]) -> None:
    """Put each details round into ``joined`` under the position of its summary row (a round
    already joined from this or an earlier file is an error): the row of the same week whose
    ``correct_row`` equals the round's 13 ``utfall`` (a blank one fits any result; where two rows of
    the week fit, the one with the same id). ``svspelinfo_id`` alone is no key: its numbering restarts.

    A details round that fits no row of its week although the week has a row with its id disagrees
    with the summary: an error naming its first differing match. One that fits nothing is counted."""
    by_week: dict[str, list[int]] = {}
    for k, omg in enumerate(s.omg):
        by_week.setdefault(str(omg), []).append(k)
    for g in rounds:
        omg, key = str(g["omg"].iloc[0]), str(g["svspelinfo_id"].iloc[0])
        same_id = [k for k in by_week.get(omg, []) if str(s.ids[k]) == (key.lstrip("0") or "0")]
        res = g["utfall"].tolist()
        fits = [k for k in by_week.get(omg, []) if all(u in ("", c) for u, c in zip(res, s.rows.iloc[k]))]
        if len(fits) > 1:
            fits = [k for k in fits if k in same_id]
        if not fits and same_id:
            k = same_id[0]
            m = next(i for i, (u, c) in enumerate(zip(res, s.rows.iloc[k])) if u not in ("", c))
            raise InputError(f"week {omg} round id {key}: match {m + 1} result {res[m]!r} disagrees with "
                             f"correct_row {s.rows.iloc[k]!r} of the summary round of that week and id",
                             file=path, row=int(g.index[m]), column="utfall")
        if len(fits) != 1:
            notes["details rounds with no summary row (left out)"] += 1
            continue
        k = fits[0]
        if k in joined and _same_round(joined[k], g):
            notes["details rounds given again, identical (kept once)"] += 1
            continue
        if k in joined and str(joined[k]["svspelinfo_id"].iloc[0]) == key:
            raise InputError(f"week {omg} round id {key} is given again with other contents (teams, "
                             "odds, shares or scores); a round is given once", file=path,
                             row=int(g.index[0]), column="svspelinfo_id")
        if k in joined:
            raise InputError(f"week {omg}: round ids {joined[k]['svspelinfo_id'].iloc[0]} and {key} both "
                             f"fit the summary's correct_row {s.rows.iloc[k]!r}; a round is given once",
                             file=path, row=int(g.index[0]), column="svspelinfo_id")
        joined[k] = g
        notes["details rounds joined on week and correct row"] += 1
        notes["of which with a svspelinfo_id other than the summary's id"] += int(k not in same_id)


def _same_round(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Whether two details rounds hold the same id, teams, results, odds, shares and scores."""
    cols = ["svspelinfo_id", "hemmalag", "bortalag", "utfall", "matchstatus",
            *(f"_{n}{c}" for n in ("odds", "crowd") for c in range(3)), "_score0", "_score1"]
    cols = [c for c in cols if c in a.columns and c in b.columns]
    return a[cols].reset_index(drop=True).equals(b[cols].reset_index(drop=True))


def _detail_matches(det: pd.DataFrame, results: np.ndarray, lots: int, notes: dict[str, int]
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Odds and crowd shares (rows summing to 1) of one joined details round, NaN where unknown, the
    round's quirks counted in ``notes``. ``results`` are the summary's (they fill blank ``utfall``)."""
    o3 = det[[f"_odds{c}" for c in range(3)]].to_numpy(dtype=float)
    no_odds = ~(o3 > 1).all(axis=1)  # 0.00, 1.00 or empty: no odds published (any of the three)
    o3[no_odds] = np.nan
    c3 = det[[f"_crowd{c}" for c in range(3)]].to_numpy(dtype=float)
    blank = ~np.isfinite(c3).all(axis=1) | ~(np.nan_to_num(c3).sum(axis=1) > 0)
    looks_default = np.zeros(len(c3), dtype=bool)
    for triple in STRYKTIPSET_DEFAULT_CROWD:
        looks_default |= (c3 == triple).all(axis=1)
    default = looks_default & (int(det["omg"].iloc[0]) <= STRYKTIPSET_DEFAULT_CROWD_UNTIL)
    c3[blank | default] = np.nan
    lot = (det["matchstatus"] == "Lottad").to_numpy()
    no_result = (det["utfall"] == "").to_numpy()
    h, a = det["_score0"].to_numpy(dtype=float), det["_score1"].to_numpy(dtype=float)
    no_score = np.isnan(h) | np.isnan(a)
    by_score = np.where(h > a, 0, np.where(h == a, 1, 2))
    notes["matches with odds missing (0.00/1.00/empty)"] += int(no_odds.sum())
    notes["matches with default crowd shares (unknown)"] += int(default.sum())
    notes["matches with default-looking crowd shares from 2007 (kept as real)"] += int(
        (looks_default & ~default).sum())
    notes["matches with crowd shares empty or all 0 (unknown)"] += int(blank.sum())
    notes["matches drawn by lot (matchstatus Lottad, kept and flagged)"] += int(lot.sum())
    notes["rounds whose Lottad matches differ from random_results (Lottad flags kept)"] += int(
        int(lot.sum()) != lots)
    notes["results blank in details (taken from correct_row)"] += int(no_result.sum())
    notes["scores blank in details (utfall used)"] += int((no_score & ~lot).sum())
    notes["results settled after 90 minutes (utfall trusted over the score)"] += int(
        (~lot & ~no_score & ~no_result & (by_score != results)).sum())
    with np.errstate(invalid="ignore"):
        return o3, c3 / c3.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class _Summary:
    """The checked columns of a Stryktipset summary file, in file order."""

    rows: pd.Series                    # correct_row: the results as text, 1/X/2
    turnover: np.ndarray
    utd: dict[int, np.ndarray]         # tier -> published quota
    ant: dict[int, np.ndarray]         # tier -> winners
    lots: np.ndarray                   # matches drawn by lot
    ids: np.ndarray                    # TipsXtra round ids
    dates: np.ndarray                  # the Saturday of the ISO week
    omg: np.ndarray                    # the week, YYYYWW


def _read_summary(df: pd.DataFrame, path: Path, matches: int) -> _Summary:
    rows = df["correct_row"]
    for k, text in enumerate(rows):
        if len(text) != matches or any(ch not in _STRYK_SYMBOL for ch in text):
            raise InputError(f"{text!r} is not a row of {matches} results 1, X or 2", file=path,
                             row=int(df.index[k]), column="correct_row")
    turnover = _amount_column(df, "turnover", "a turnover")
    utd = {x: _amount_column(df, f"utd{x}", "a payout") for x in _TIERS}
    ant = {x: _int_column(df, f"ant{x}") for x in _TIERS}
    lots = _int_column(df, "random_results", hi=matches)
    ids = _round_ids(df, path)
    dates = np.array([_iso_saturday(o, path, int(r)) for o, r in zip(df["omg"], df.index)])
    return _Summary(rows, turnover, utd, ant, lots, ids, dates, df["omg"].to_numpy())


def _stryktipset_notes(rounds: int, other_products: int, details: bool) -> dict[str, int]:
    """The quirk counters of a Stryktipset import, all at 0 (the report lists them in this order)."""
    notes = {"rounds": rounds, "weeks with two rounds (second id gets -2)": 0,
             "13-tier placeholder 10,000,000 with no 13-winner (quota set missing)": 0,
             "tiers with no winners (quota missing)": 0, "turnover 0 (set missing)": 0,
             "tiers that paid 0 to their winners": 0, "rounds with matches drawn by lot": 0,
             "matches drawn by lot": 0}
    if other_products:
        notes["rows of other products left out (produktnamn)"] = other_products
    if details:
        notes.update(dict.fromkeys((
            "details rounds joined on week and correct row",
            "of which with a svspelinfo_id other than the summary's id",
            "details rounds given again, identical (kept once)",
            "details rounds with no summary row (left out)",
            "matches with odds missing (0.00/1.00/empty)",
            "matches with default crowd shares (unknown)",
            "matches with default-looking crowd shares from 2007 (kept as real)",
            "matches with crowd shares empty or all 0 (unknown)",
            "matches drawn by lot (matchstatus Lottad, kept and flagged)",
            "rounds whose Lottad matches differ from random_results (Lottad flags kept)",
            "results blank in details (taken from correct_row)",
            "scores blank in details (utfall used)",
            "results settled after 90 minutes (utfall trusted over the score)"), 0))
    return notes


def _week_round_id(omg: str, seen: dict[str, int], notes: dict[str, int], round_id: int, path: Path,
                   row: int) -> str:
    """The round's id: its week ``YYYYWW``, or ``YYYYWW-2`` for the week's second round (rounds come
    in id order); counted in ``seen``."""
    seen[omg] = seen.get(omg, 0) + 1
    rid = omg if seen[omg] == 1 else f"{omg}-{seen[omg]}"
    if seen[omg] == 2:
        notes["weeks with two rounds (second id gets -2)"] += 1
    if seen[omg] > 2:
        raise InputError(f"week {omg} has a third round (id {round_id}); a week has at most two",
                         file=path, row=row, column="omg")
    return rid


def _summary_payouts(s: _Summary, k: int, quotas: np.ndarray, winners: np.ndarray,
                     notes: dict[str, int]) -> float:
    """Fill one round's ``quotas`` and ``winners`` (per tier) from summary row ``k``; return its
    turnover. A tier without winners gets a missing quota, a turnover of 0 is missing."""
    for c, x in enumerate(_TIERS):
        winners[c] = s.ant[x][k]
        if s.ant[x][k] == 0:
            notes["tiers with no winners (quota missing)"] += 1
            if x == 13 and s.utd[x][k] == STRYKTIPSET_PLACEHOLDER:
                notes["13-tier placeholder 10,000,000 with no 13-winner (quota set missing)"] += 1
        else:
            quotas[c] = s.utd[x][k]
            if s.utd[x][k] == 0:
                notes["tiers that paid 0 to their winners"] += 1
    if s.lots[k] > 0:
        notes["rounds with matches drawn by lot"] += 1
        notes["matches drawn by lot"] += int(s.lots[k])
    if s.turnover[k] > 0:
        return float(s.turnover[k])
    notes["turnover 0 (set missing)"] += 1
    return np.nan


def _detail_teams(det: pd.DataFrame, rid: str, matches: int) -> list[dict[str, object]]:
    """The rows of the round's matches file: teams and whether the match was drawn by lot."""
    return [{"round": rid, "match": str(m + 1), "home_team": det["hemmalag"].iloc[m].strip(),
             "away_team": det["bortalag"].iloc[m].strip(),
             "by_lot": float(det["matchstatus"].iloc[m] == "Lottad")} for m in range(matches)]


def parse_priority(priority: str | Sequence[str]) -> tuple[str, ...]:
    """The division codes of a priority list (``"E0,SP1,D1"`` or a sequence), checked.

    Raises
    ------
    ValueError
        Empty, an empty or malformed code, or a code given twice (naming ``priority`` and the value).

    Examples
    --------
    >>> parse_priority("E0, SP1,D1")
    ('E0', 'SP1', 'D1')
    """
    items = priority.split(",") if isinstance(priority, str) else list(priority)
    codes = tuple(str(c).strip() for c in items)
    if not codes or codes == ("",):
        raise ValueError(f"priority ({priority!r}) is empty; expected division codes such as E0,SP1,D1")
    for c in codes:
        if not c or not c.isalnum():
            raise ValueError(f"priority ({priority!r}): {c!r} is not a division code such as E0 or SP1")
    dup = sorted({c for c in codes if codes.count(c) > 1})
    if dup:
        raise ValueError(f"priority ({priority!r}) names {', '.join(dup)} more than once")
    return codes


#: Window of a round: weekday (Mon = 0) -> days to the round's anchor day (Saturday for the weekend
#: Friday-Monday, Wednesday for midweek Tuesday-Thursday).
_WEEKEND = {4: 1, 5: 0, 6: -1, 0: -2}
_MIDWEEK = {1: 1, 2: 0, 3: -1}


def _read_fd(path, priority: tuple[str, ...]) -> pd.DataFrame:
    """One season file through the football-data reader, checked for what a round needs."""
    t = read_football_data(path, bookmaker="auto", fill_missing=True)
    bad_div = ~t["league"].isin(priority)
    if bad_div.any():
        row = int(t.index[int(np.argmax(bad_div.to_numpy()))])
        div = t.at[row, "league"]
        what = "the Div cell is empty" if div == "" else f"division {div!r} is not in the priority list"
        raise InputError(f"{what} ({', '.join(priority)})", file=path, row=row, column="Div")
    for c, column, msg in (("date", "Date", "the date is empty; expected dd/mm/yy or dd/mm/yyyy"),
                           ("result", "FTR", "the full-time result is empty; expected H, D or A")):
        bad = (t[c].isna() if c == "date" else t[c] < 0).to_numpy()
        if bad.any():
            raise InputError(msg, file=path, row=int(t.index[int(np.argmax(bad))]), column=column)
    t = t.assign(file=str(path), line=t.index.to_numpy())
    t.attrs["closing"] = [b for b in t.attrs["bookmakers"] if is_closing(b)]
    return t


def import_football_data(files: Sequence[str | os.PathLike], *,
                         priority: str | Sequence[str] | None = None, midweek: bool = False,
                         matches: int = 13) -> ImportReport:
    """Build coupon-like pseudo-rounds from football-data.co.uk season files.

    Each weekend's (Friday to Monday) matches, ordered by the divisions' ``priority`` and then by
    kick-off, 13 to a round, the way pool coupons are made; weekends that cannot fill 13 are left out.
    With ``midweek`` also Tuesday-Thursday rounds where 13 matches exist.

    Parameters
    ----------
    files : sequence of path-like
        Season files of the divisions in ``priority`` (any mix, any order; each file once).
    priority : str or sequence of str, optional
        Division codes (``Div``), most wanted first: ``"E0,SP1,D1,I1,F1"``. Default ``D1,D2``: the
        Bundesliga filled up with 2. Bundesliga, as the TOTO coupon is.
    midweek : bool
        Also build Tuesday-Thursday rounds.
    matches : int
        Matches per round.

    Returns
    -------
    ImportReport
        Rounds (id ``<first division>-YYYY-MM-DD`` with the Saturday, or the Wednesday of a midweek
        round) and counts: rounds per division mix, rounds with pre-match rather than closing odds, the
        odds sources, and what was left out.

    Odds come from the football-data reader's one bookmaker preference (closing Pinnacle, closing
    average, closing Bet365, then pre-match: Pinnacle, market average, single bookmakers), match by
    match; a bad odds cell is an error (naming file, row and column), never read as missing.

    Raises
    ------
    InputError
        Missing columns; a bad date, result, team name or odds cell; a ``Div`` not in ``priority``; a
        match given twice (naming file and row of the second).
    ValueError
        No files, a file given twice, a bad ``priority``, or no round could be filled.
    """
    prio = parse_priority(("D1", "D2") if priority is None else priority)
    matches = check_int("matches", matches, 1)
    _check_files(files)
    frames = [_read_fd(f, prio) for f in files]
    allm = pd.concat(frames, ignore_index=True)
    _check_matches(allm, prio, named=priority is not None)
    anchor = _anchor_days(allm["date"].to_numpy().astype("datetime64[D]"), midweek)
    allm["anchor"] = anchor
    allm["prio"] = allm["league"].map({d: i for i, d in enumerate(prio)})
    notes: dict[str, int] = {"files": len(files), "matches read": len(allm),
                             "midweek matches left out" if not midweek else
                             "matches on no round's days (left out)": int(np.isnat(anchor).sum())}
    played = allm[~np.isnat(anchor)].sort_values(["anchor", "prio", "date", "kickoff", "file", "line"],
                                                 kind="stable")
    fill = _fill_rounds(played, prio, matches)
    notes["weekends that could not fill 13 matches (left out)"] = fill.short["weekend"]
    if midweek:
        notes["midweeks that could not fill 13 matches (left out)"] = fill.short["midweek"]
    r = len(fill.ids)
    if r == 0:
        raise ValueError(f"no weekend had {matches} matches of {', '.join(prio)}; give more divisions "
                         "or the files of the same seasons")
    notes["pseudo-rounds"] = r
    if midweek:
        notes["midweek rounds"] = sum(1 for d in fill.dates if pd.Timestamp(d).weekday() == 2)
    for mix, n in sorted(pd.Series(fill.mixes).value_counts().items(), key=lambda kv: (-kv[1], kv[0])):
        notes[f"rounds of {mix}"] = int(n)
    od = np.array(fill.odds)
    _odds_notes(notes, frames, pd.concat(fill.sources, ignore_index=True), od, matches)
    t = len(_TIERS)
    rounds = Rounds(tuple(fill.ids), np.array(fill.dates, dtype="datetime64[D]"),
                    np.array(fill.results, dtype=np.int8), _TIERS, np.full((r, t), np.nan),
                    np.full((r, t), np.nan), np.full((r, t), np.nan), np.full(r, np.nan), od,
                    pd.DataFrame(fill.teams), ",".join(str(f) for f in files))
    return ImportReport(rounds, notes)


def _check_files(files: Sequence[str | os.PathLike]) -> None:
    """At least one file, and none given twice (under any name)."""
    if not files:
        raise ValueError("files: give at least one football-data file")
    seen: dict[str, str] = {}
    for f in files:
        key = os.path.realpath(f)
        if key in seen:
            raise ValueError(f"files: {f} is given twice (also as {seen[key]})")
        seen[key] = str(f)


def _check_matches(allm: pd.DataFrame, prio: tuple[str, ...], *, named: bool) -> None:
    """Every division the user ``named`` in the priority has matches; no match is given twice."""
    absent = [d for d in prio if not (allm["league"] == d).any()] if named else []
    if absent:
        raise ValueError(f"priority ({','.join(prio)}) names {', '.join(absent)}, but no file has matches "
                         f"of {'it' if len(absent) == 1 else 'them'}; the files hold "
                         f"{', '.join(sorted(set(allm['league'])))}")
    dup = allm.duplicated(["league", "date", "home_team", "away_team"])
    if dup.any():
        k = int(np.argmax(dup.to_numpy()))
        m = allm.iloc[k]
        first = allm[(allm["league"] == m["league"]) & (allm["date"] == m["date"])
                     & (allm["home_team"] == m["home_team"]) & (allm["away_team"] == m["away_team"])].iloc[0]
        raise InputError(f"{m['home_team']} v {m['away_team']} on {pd.Timestamp(m['date']).date()} is "
                         f"already in {first['file']} row {first['line']}", file=m["file"],
                         row=int(m["line"]), column="HomeTeam")


def _anchor_days(days: np.ndarray, midweek: bool) -> np.ndarray:
    """Each match's round day (the Saturday of its weekend, the Wednesday of its midweek), or NaT."""
    wd = (days.astype(np.int64) + 3) % 7  # Mon=0 .. Sun=6 (1970-01-01 was a Thursday)
    windows = [_WEEKEND] + ([_MIDWEEK] if midweek else [])
    anchor = np.full(len(days), np.datetime64("NaT"), dtype="datetime64[D]")
    for win in windows:
        for w, shift in win.items():
            sel = wd == w
            anchor[sel] = days[sel] + np.timedelta64(shift, "D")
    return anchor


@dataclass
class _FilledRounds:
    """The pseudo-rounds made so far, one entry per round (``teams``: one per match)."""

    ids: list[str] = field(default_factory=list)
    dates: list[np.datetime64] = field(default_factory=list)
    results: list[np.ndarray] = field(default_factory=list)
    odds: list[np.ndarray] = field(default_factory=list)
    teams: list[dict[str, str]] = field(default_factory=list)
    mixes: list[str] = field(default_factory=list)        # the divisions it draws from, "E0 + SP1"
    sources: list[pd.DataFrame] = field(default_factory=list)   # its matches as read
    short: dict[str, int] = field(default_factory=lambda: {"weekend": 0, "midweek": 0})


def _fill_rounds(played: pd.DataFrame, prio: tuple[str, ...], matches: int) -> _FilledRounds:
    """The first ``matches`` matches of each round day (``played`` is in coupon order); days with
    fewer are counted in ``short``."""
    out = _FilledRounds()
    for day, g in played.groupby("anchor", sort=True):
        assert isinstance(day, pd.Timestamp)  # the key of a datetime column
        kind = "weekend" if day.weekday() == 5 else "midweek"
        if len(g) < matches:
            out.short[kind] += 1
            continue
        g = g.iloc[:matches]
        d = day.date()
        rid = f"{prio[0]}-{d.isoformat()}"
        out.ids.append(rid)
        out.dates.append(np.datetime64(d, "D"))
        out.results.append(g["result"].to_numpy())
        out.odds.append(g[["odds_home", "odds_draw", "odds_away"]].to_numpy(dtype=float))
        counts = g["league"].value_counts()
        out.mixes.append(" + ".join(f"{div}" for div in prio if div in counts.index))
        out.sources.append(g)
        out.teams.extend({"round": rid, "match": str(m + 1), "home_team": h, "away_team": a}
                         for m, (h, a) in enumerate(zip(g["home_team"], g["away_team"])))
    return out


def _odds_notes(notes: dict[str, int], frames: list[pd.DataFrame], used: pd.DataFrame, od: np.ndarray,
                matches: int) -> None:
    """Count where the rounds' odds come from: closing or pre-match, which bookmaker, which files
    had neither closing nor average columns, which matches have none."""
    r = len(od)
    notes["rounds with odds for all matches"] = int(np.isfinite(od).all(axis=(1, 2)).sum())
    closing = {str(f.attrs["path"]): set(f.attrs["closing"]) for f in frames}
    is_close = np.array([s in closing[f] for f, s in zip(used["file"], used["odds_source"])])
    per_round = is_close.reshape(r, matches).all(axis=1)
    has_all = np.isfinite(od).all(axis=(1, 2))
    notes["rounds with closing odds for all matches"] = int((per_round & has_all).sum())
    notes["rounds with pre-match rather than closing odds (some or all matches)"] = int(
        (~per_round & has_all).sum())
    src = used.loc[used["odds_source"] != "", "odds_source"].value_counts()
    for b, n in sorted(src.items(), key=lambda kv: (BOOKMAKER_PREFERENCE.index(kv[0])
                                                    if kv[0] in BOOKMAKER_PREFERENCE else 99, kv[0])):
        notes[f"matches in rounds with {b} odds"] = int(n)
    plain = [frame for frame in frames if not frame.attrs["closing"]
             and not {"Avg", "BbAv"} & set(frame.attrs["bookmakers"]) and frame.attrs["bookmakers"]]
    for frame in plain:
        name = Path(frame.attrs["path"]).name
        served = sorted(set(frame["odds_source"]) - {""})
        notes[f"{name}: no closing or average columns; odds from {'/'.join(served) or 'none'}"] = int(
            (frame["odds_source"] != "").sum())
    notes["matches without odds in rounds (every bookmaker cell empty)"] = int(
        (used["odds_source"] == "").sum())
    notes["matches whose first bookmaker's odds held 1.00 (read as missing)"] = sum(
        len(frame.attrs.get("odds_one", [])) for frame in frames)
