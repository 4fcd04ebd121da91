"""Historical rounds in the toto13 format (docs/formats.md), read and written with full validation.

A rounds directory holds two CSV files:

``matches.csv``
    ``round,date,match,home_team,away_team,result`` and optionally ``odds_home,odds_draw,odds_away``
    (decimal closing odds), ``crowd_home,crowd_draw,crowd_away`` (the share of all rows played that
    picked each outcome, in percent or fractions; each match's three are divided by their sum) and
    ``by_lot`` (1 when the pool drew the result by lot). One row per match,
    exactly ``matches`` (13) rows per round. ``result`` is ``1`` (home), ``0`` (draw) or ``2`` (away);
    ``date`` is ``YYYY-MM-DD``. Rounds are played in the order they first appear; dates must not go
    backwards, so that "a round sees only data from before it" is well defined.
``payouts.csv``
    ``round,tier,quota`` and optionally ``winners``, ``pool`` and ``turnover``. One row per round and
    prize tier. ``quota`` is the payout per winning tip; an empty cell means *missing* (it is never
    guessed while reading: the payout model decides later, and the ledger says what it used).
    ``winners`` is the number of winning tips in that tier, ``pool`` the tier's prize pool and
    ``turnover`` the round's total stakes (the same on every row of a round). All are >= 0.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import MAX_AMOUNT, MIN_TURNOVER, InputError, check_int
from ..rules import SYMBOLS
from .csvfile import parse_numbers, read_table
from .dates import parse_dates

__all__ = ["Rounds", "read_rounds", "write_rounds", "MATCH_COLUMNS",
           "PAYOUT_COLUMNS", "ODDS_COLUMNS", "CROWD_COLUMNS", "SYMBOLS"]

MATCH_COLUMNS = ("round", "date", "match", "home_team", "away_team", "result")
PAYOUT_COLUMNS = ("round", "tier", "quota")
ODDS_COLUMNS = ("odds_home", "odds_draw", "odds_away")
CROWD_COLUMNS = ("crowd_home", "crowd_draw", "crowd_away")
#: Written symbol of outcome code 0, 1, 2 (home win, draw, away win).
_CODE = {s: i for i, s in enumerate(SYMBOLS)}


@dataclass(frozen=True)
class Rounds:
    """A sequence of historical rounds, in play order.

    Parameters
    ----------
    ids : tuple of str
        Round ids, distinct.
    dates : numpy.ndarray of datetime64[D]
        Date of each round, non-decreasing.
    results : numpy.ndarray of int8, shape (R, m)
        Outcome codes (0 home, 1 draw, 2 away) in coupon order.
    tiers : tuple of int
        Prize tiers with a column in the payout arrays, highest first.
    quotas : numpy.ndarray of float, shape (R, T)
        Payout per winning tip; NaN = missing.
    winners, pools : numpy.ndarray of float, shape (R, T)
        Winning tips and prize pool per tier; NaN = unknown.
    turnover : numpy.ndarray of float, shape (R,)
        Total stakes of the round; NaN = unknown.
    odds : numpy.ndarray of float, shape (R, m, 3)
        Decimal odds (home, draw, away); NaN where the file has none.
    teams : pandas.DataFrame
        ``round, match, home_team, away_team`` (and ``by_lot`` if known), for display.
    source : str
        Where the rounds came from.
    crowd : numpy.ndarray of float, shape (R, m, 3), optional
        The crowd's pick shares per match (rows sum to 1); NaN where unknown (the default).
    """

    ids: tuple[str, ...]
    dates: NDArray[np.datetime64]
    results: NDArray[np.int8]
    tiers: tuple[int, ...]
    quotas: NDArray[np.float64]
    winners: NDArray[np.float64]
    pools: NDArray[np.float64]
    turnover: NDArray[np.float64]
    odds: NDArray[np.float64]
    teams: pd.DataFrame = field(repr=False, compare=False)
    source: str = ""
    crowd: NDArray[np.float64] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        r = len(self.ids)
        crowd = np.full(np.shape(self.odds), np.nan) if self.crowd is None else self.crowd
        object.__setattr__(self, "crowd", crowd)
        if len(set(self.ids)) != r:
            raise ValueError("round ids must be distinct")
        res = np.asarray(self.results)
        if res.ndim != 2 or res.shape[0] != r:
            raise ValueError(f"results must have shape (rounds, matches), got {res.shape}")
        if res.size and (res.min() < 0 or res.max() > 2):
            raise ValueError("results must hold outcome codes 0, 1, 2")
        t = len(self.tiers)
        for name in ("quotas", "winners", "pools"):
            a = getattr(self, name)
            if a.shape != (r, t):
                raise ValueError(f"{name} must have shape ({r}, {t}), got {a.shape}")
            if (a[~np.isnan(a)] < 0).any():
                raise ValueError(f"{name} must be >= 0 where given")
        if self.turnover.shape != (r,) or self.odds.shape != (r, res.shape[1], 3):
            raise ValueError("turnover must have shape (rounds,) and odds (rounds, matches, 3)")
        if crowd.shape != self.odds.shape:
            raise ValueError(f"crowd must have shape {self.odds.shape}, got {crowd.shape}")
        if r > 1 and (np.diff(self.dates.astype("datetime64[D]").astype(np.int64)) < 0).any():
            raise ValueError("round dates must not go backwards")

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def matches(self) -> int:
        """Matches per round."""
        return int(self.results.shape[1])

    def has_odds(self) -> NDArray[np.bool_]:
        """Per round: True when all matches have odds."""
        return np.asarray(np.isfinite(self.odds).all(axis=(1, 2)))

    def has_crowd(self) -> NDArray[np.bool_]:
        """Per round: True when all matches have the crowd's pick shares."""
        return np.asarray(np.isfinite(self.crowd_table()).all(axis=(1, 2)))

    def crowd_table(self) -> NDArray[np.float64]:
        """The crowd shares, (rounds, matches, 3): ``crowd``, never None once constructed
        (``__post_init__`` fills a missing one with NaN)."""
        assert self.crowd is not None
        return self.crowd

    def tier_index(self, tier: int) -> int:
        """Column of ``tier`` in the payout arrays."""
        try:
            return self.tiers.index(int(tier))
        except ValueError:
            raise ValueError(f"tier ({tier!r}) is not one of the tiers {self.tiers}") from None

    def subset(self, index: slice | Sequence[int] | NDArray) -> Rounds:
        """The rounds at ``index`` (a slice, positions, or a boolean mask), order kept."""
        idx = np.arange(len(self))[index]
        ids = tuple(self.ids[i] for i in idx)
        teams = self.teams[self.teams["round"].isin(set(ids))].reset_index(drop=True)
        return Rounds(ids, self.dates[idx], self.results[idx], self.tiers, self.quotas[idx],
                      self.winners[idx], self.pools[idx], self.turnover[idx], self.odds[idx], teams,
                      self.source, self.crowd_table()[idx])


def _optional_columns(df: pd.DataFrame, path: Path, columns: Sequence[str], what: str, expected: str,
                      check) -> NDArray[np.float64]:
    """Three optional columns given together or not at all (NaN where empty or absent)."""
    if not any(c in df.columns for c in columns):
        return np.full((len(df), 3), np.nan)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)} ({what} need all three)",
                         file=path, row=1)
    return np.column_stack([parse_numbers(df, c, expected=expected, check=check, allow_missing=True)
                            for c in columns])


def _read_odds_columns(df: pd.DataFrame, path: Path) -> NDArray[np.float64]:
    """The optional odds columns (all three or none; NaN where empty or absent)."""
    return _optional_columns(df, path, ODDS_COLUMNS, "odds", "decimal odds > 1",
                             lambda v: np.isfinite(v) & (v > 1))


def _round_spans(rid_all: NDArray, lines: NDArray, path: Path) -> tuple[NDArray, NDArray, list[str]]:
    """Where each round's rows start and end, and its id; a round's rows must come together."""
    starts = np.flatnonzero(np.r_[True, rid_all[1:] != rid_all[:-1]])
    ends = np.r_[starts[1:], len(rid_all)]
    ids = [str(rid_all[a]) for a in starts]
    if len(set(ids)) != len(ids):
        seen_ids: set[str] = set()
        for a in starts:
            if rid_all[a] in seen_ids:
                raise InputError(f"round {rid_all[a]!r} continues after other rounds; keep each "
                                 "round's rows together", file=path, row=int(lines[a]), column="round")
            seen_ids.add(rid_all[a])
    return starts, ends, ids


def _check_round_rows(rid: str, a: int, b: int, matches: int, dates: NDArray, labels_all: NDArray,
                      lines: NDArray, path: Path) -> None:
    """Rows ``a:b`` of round ``rid``: ``matches`` rows, one date, each match label once."""
    if b - a != matches:
        raise InputError(f"round {rid!r} has {b - a} match rows, expected exactly {matches}",
                         file=path, row=int(lines[b - 1]), column="round")
    ds = dates[a:b]
    if (ds != ds[0]).any():
        k = a + int(np.argmax(ds != ds[0]))
        raise InputError(f"round {rid!r} has more than one date ({ds[0]} and {dates[k]}); a round "
                         "has one date", file=path, row=int(lines[k]), column="date")
    labels = labels_all[a:b]
    if len(set(labels)) != matches:
        seen: set[str] = set()
        for k in range(a, b):
            if labels_all[k] in seen:
                raise InputError(f"round {rid!r} lists match {labels_all[k]!r} twice", file=path,
                                 row=int(lines[k]), column="match")
            seen.add(labels_all[k])


def _read_matches(path: Path, matches: int):
    df = read_table(path, required=MATCH_COLUMNS)
    bad = ~df["result"].isin(list(SYMBOLS))
    if bad.any():
        i = int(np.argmax(bad.to_numpy()))
        raise InputError(f"{df['result'].iloc[i]!r} is not a result; expected 1 (home), 0 (draw) or "
                         "2 (away)", file=path, row=int(df.index[i]), column="result")
    empty = df["round"] == ""
    if empty.any():
        i = int(np.argmax(empty.to_numpy()))
        raise InputError("the round id is empty", file=path, row=int(df.index[i]), column="round")
    dates = parse_dates(df, "date", path=path)
    odds = _read_odds_columns(df, path)
    crowd = _read_crowd_columns(df, path)
    by_lot = None
    if "by_lot" in df.columns:
        by_lot = parse_numbers(df, "by_lot", expected="0 or 1", check=lambda v: (v == 0) | (v == 1),
                               allow_missing=True)
    lines = df.index.to_numpy()
    labels_all = df["match"].to_numpy()
    starts, ends, ids = _round_spans(df["round"].to_numpy(), lines, path)
    r = len(ids)
    results = np.empty((r, matches), dtype=np.int8)
    odds_out = np.empty((r, matches, 3))
    crowd_out = np.empty((r, matches, 3))
    round_dates = np.empty(r, dtype="datetime64[D]")
    codes = df["result"].map(_CODE).to_numpy()
    first_row = {}
    for j, (a, b) in enumerate(zip(starts, ends)):
        rid = ids[j]
        first_row[rid] = a
        _check_round_rows(rid, a, b, matches, dates, labels_all, lines, path)
        results[j] = codes[a:b]
        odds_out[j] = odds[a:b]
        crowd_out[j] = crowd[a:b]
        round_dates[j] = dates[a]
    if r > 1:
        back = np.diff(round_dates.astype(np.int64)) < 0
        if back.any():
            j = int(np.argmax(back)) + 1
            raise InputError(f"round {ids[j]!r} ({round_dates[j]}) is dated before the round above it "
                             f"({round_dates[j - 1]}); rounds must be in play order",
                             file=path, row=int(lines[first_row[ids[j]]]), column="date")
    teams = df[["round", "match", "home_team", "away_team"]].reset_index(drop=True).copy()
    if by_lot is not None:
        teams["by_lot"] = by_lot
    return ids, round_dates, results, odds_out, teams, crowd_out


def _read_crowd_columns(df: pd.DataFrame, path: Path) -> NDArray[np.float64]:
    """The optional crowd columns, each match's shares divided by their sum (NaN where empty)."""
    shares = _optional_columns(df, path, CROWD_COLUMNS, "crowd shares",
                               "a crowd share >= 0 (percent or fraction)",
                               lambda v: np.isfinite(v) & (v >= 0))
    given = np.isfinite(shares)
    partial = np.asarray(given.any(axis=1) & ~given.all(axis=1))
    top = np.where(given, shares, 0.0).max(axis=1, keepdims=True)
    shares = np.ldexp(shares, -np.frexp(top)[1])  # exact: the sum of shares up to 1e308 is finite
    total = shares.sum(axis=1)
    bad = partial | (given.all(axis=1) & ~(total > 0))
    if bad.any():
        i = int(np.argmax(bad))
        what = "gives some crowd shares but not all three" if partial[i] else \
            "has crowd shares that are all zero; at least one must be positive"
        raise InputError(f"match {df['match'].iloc[i]!r} {what}", file=path, row=int(df.index[i]),
                         column=",".join(CROWD_COLUMNS))
    with np.errstate(invalid="ignore"):
        return shares / total[:, None]


def _turnover_ok(v: NDArray[np.float64]) -> NDArray[np.bool_]:
    return np.isfinite(v) & ((v == 0) | (v >= MIN_TURNOVER)) & (v <= MAX_AMOUNT)


def _read_payouts(path: Path, ids: Sequence[str], matches: int):
    df = read_table(path, required=PAYOUT_COLUMNS)
    pos = {rid: j for j, rid in enumerate(ids)}
    unknown = ~df["round"].isin(list(pos))
    if unknown.any():
        i = int(np.argmax(unknown.to_numpy()))
        raise InputError(f"round {df['round'].iloc[i]!r} is not in matches.csv", file=path,
                         row=int(df.index[i]), column="round")
    tier = parse_numbers(df, "tier", expected=f"a whole number of strikes in 0..{matches}",
                         check=lambda v: (v == np.round(v)) & (v >= 0) & (v <= matches)).astype(int)
    cols = {}
    for c in ("quota", "winners", "pool", "turnover"):
        if c in df.columns:
            check = (lambda v: np.isfinite(v) & (v >= 0) & (v == np.round(v))) if c == "winners" \
                else (lambda v: np.isfinite(v) & (v >= 0) & (v <= MAX_AMOUNT))
            expected = "a whole number >= 0 (or empty for missing)" if c == "winners" \
                else f"a number >= 0 and at most {MAX_AMOUNT:.0e} (or empty for missing)"
            if c == "turnover":  # below one unit of stakes the pool model means nothing (nor inf)
                check = _turnover_ok
                expected = (f"a turnover: 0, a number >= {MIN_TURNOVER:g} and at most {MAX_AMOUNT:.0e}, "
                            "or empty for missing")
            cols[c] = parse_numbers(df, c, expected=expected, check=check, allow_missing=True)
        else:
            cols[c] = np.full(len(df), np.nan)
    tiers = tuple(sorted(set(tier.tolist()), reverse=True))
    tpos = {t: k for k, t in enumerate(tiers)}
    r, t = len(ids), len(tiers)
    quotas, winners, pools = (np.full((r, t), np.nan) for _ in range(3))
    turnover = np.full(r, np.nan)
    seen: set[tuple[str, int]] = set()
    for k, (rid, x) in enumerate(zip(df["round"], tier)):
        key = (rid, int(x))
        row = int(df.index[k])
        if key in seen:
            raise InputError(f"round {rid!r} has tier {x} twice", file=path, row=row, column="tier")
        seen.add(key)
        j, ti = pos[rid], tpos[int(x)]
        quotas[j, ti], winners[j, ti], pools[j, ti] = cols["quota"][k], cols["winners"][k], cols["pool"][k]
        tv = cols["turnover"][k]
        if not np.isnan(tv):
            if not np.isnan(turnover[j]) and turnover[j] != tv:
                raise InputError(f"round {rid!r} has two turnovers ({turnover[j]:g} and {tv:g})",
                                 file=path, row=row, column="turnover")
            turnover[j] = tv
    return tiers, quotas, winners, pools, turnover


def read_rounds(directory: str | os.PathLike, *, matches: int = 13) -> Rounds:
    """Read a rounds directory (``matches.csv`` and ``payouts.csv``) and validate it.

    Parameters
    ----------
    directory : path-like
        The directory.
    matches : int
        Matches per round (13).

    Returns
    -------
    Rounds

    Raises
    ------
    InputError
        Naming the file, row and column: missing directory, file or column; a round without exactly
        ``matches`` rows; a result other than 1/0/2; odds <= 1; a negative or unparsable quota, winner
        count, pool or turnover; a payout row for a round that ``matches.csv`` lacks.

    Examples
    --------
    >>> from importlib.resources import files
    >>> rounds = read_rounds(files("toto13") / "data" / "demo-rounds")
    >>> len(rounds), rounds.matches, rounds.tiers
    (60, 13, (13, 12, 11, 10))
    """
    matches = check_int("matches", matches, 1)
    d = Path(directory)
    if not d.is_dir():
        raise InputError("no such directory (expected one holding matches.csv and payouts.csv)", file=d)
    ids, dates, results, odds, teams, crowd = _read_matches(d / "matches.csv", matches)
    tiers, quotas, winners, pools, turnover = _read_payouts(d / "payouts.csv", ids, matches)
    return Rounds(tuple(ids), dates, results, tiers, quotas, winners, pools, turnover, odds, teams,
                  str(d), crowd)


def _fmt(v: float) -> str:
    if np.isnan(v):
        return ""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def write_rounds(directory: str | os.PathLike, rounds: Rounds) -> None:
    """Write ``rounds`` as ``matches.csv`` and ``payouts.csv`` into an existing ``directory``.

    Missing values are written as empty cells. Use :meth:`toto13.io.Outputs.directory` for an all-or-nothing
    output directory.
    """
    d = Path(directory)
    r, m = len(rounds), rounds.matches
    teams = rounds.teams.set_index("round").loc[list(rounds.ids)].reset_index()
    if len(teams) != r * m:
        raise ValueError(f"teams must have {m} rows per round")
    table = {"round": np.repeat(rounds.ids, m), "date": np.repeat(rounds.dates.astype(str), m),
             "match": teams["match"].to_numpy(), "home_team": teams["home_team"].to_numpy(),
             "away_team": teams["away_team"].to_numpy(),
             "result": np.array(list(SYMBOLS))[rounds.results.reshape(-1)]}
    if np.isfinite(rounds.odds).any():
        flat = rounds.odds.reshape(-1, 3)
        for k, c in enumerate(ODDS_COLUMNS):
            table[c] = [_fmt(v) for v in flat[:, k]]
    crowd = rounds.crowd_table()
    if np.isfinite(crowd).any():
        flat = crowd.reshape(-1, 3)
        for k, c in enumerate(CROWD_COLUMNS):
            table[c] = [_fmt(v) for v in flat[:, k]]
    if "by_lot" in teams.columns:
        table["by_lot"] = [_fmt(v) for v in teams["by_lot"].to_numpy(dtype=float)]
    rows = pd.DataFrame(table)
    pd.DataFrame(rows).to_csv(d / "matches.csv", index=False)
    prow = []
    for j, rid in enumerate(rounds.ids):
        for ti, t in enumerate(rounds.tiers):
            prow.append({"round": rid, "tier": t, "quota": _fmt(rounds.quotas[j, ti]),
                         "winners": _fmt(rounds.winners[j, ti]), "pool": _fmt(rounds.pools[j, ti]),
                         "turnover": _fmt(rounds.turnover[j])})
    pd.DataFrame(prow).to_csv(d / "payouts.csv", index=False)
