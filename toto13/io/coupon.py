"""Coupon files: one round's matches in one CSV (``match,home_team,away_team`` and optional odds, crowd
shares, probabilities and result), as the pools publish them (docs/formats.md)."""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import InputError, normalise_rows, whole_number
from ..rules import SYMBOLS
from .csvfile import parse_numbers, read_table
from .outputs import Outputs
from .rounds import Rounds
from .probs import ODDS_COLUMNS, PROB_COLUMNS, ProbabilitySource, odds_source, parse_probabilities

__all__ = ["Coupon", "read_coupon", "write_coupon", "round_coupon", "write_round_coupons", "parse_result",
           "COUPON_COLUMNS", "CROWD_COLUMNS",
           "CROWD_TOLERANCE"]

COUPON_COLUMNS = ("match", "home_team", "away_team")
CROWD_COLUMNS = ("crowd_home", "crowd_draw", "crowd_away")
#: How far a row of crowd shares may sum from 100 % (in percent; the published shares are rounded
#: to whole percent, so three of them may sum to 98..102).
CROWD_TOLERANCE = 2.0
#: Outcome code of each result symbol: 1 home, 0 or X draw, 2 away.
_RESULT = {"1": 0, "0": 1, "X": 1, "2": 2}


@dataclass(frozen=True)
class Coupon:
    """One round's coupon, rows in match order 1, 2, ...

    ``odds``, ``crowd`` (rows sum to 1), ``probs`` (rows sum to 1) are (matches, 3) or None where the
    file has no such columns; ``result`` the outcome codes (0 home, 1 draw, 2 away) or None; ``rows``
    the line of each match in the file (for messages).
    """

    matches: tuple[int, ...]
    home_teams: tuple[str, ...]
    away_teams: tuple[str, ...]
    odds: NDArray[np.float64] | None = None
    crowd: NDArray[np.float64] | None = None
    probs: NDArray[np.float64] | None = None
    result: NDArray[np.int8] | None = None
    path: str = ""
    rows: tuple[int, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        m = len(self.matches)
        if len(self.home_teams) != m or len(self.away_teams) != m:
            raise ValueError("matches, home_teams and away_teams must have the same length")
        for name in ("odds", "crowd", "probs"):
            a = getattr(self, name)
            if a is not None and np.shape(a) != (m, 3):
                raise ValueError(f"{name} must have shape ({m}, 3), got {np.shape(a)}")
        if self.result is not None and np.shape(self.result) != (m,):
            raise ValueError(f"result must have shape ({m},), got {np.shape(self.result)}")

    @property
    def names(self) -> list[str]:
        """Each match as ``home – away``."""
        return [f"{h} – {a}" for h, a in zip(self.home_teams, self.away_teams)]

    def probabilities(self, method: str | None = None) -> ProbabilitySource:
        """The match probabilities: the ``home,draw,away`` columns, else the odds with the margin
        removed by ``method`` (default power). ``ValueError`` naming ``coupon`` without
        either, or ``method`` with probabilities only."""
        if self.probs is not None and (method is None or self.odds is None):
            if method is not None:
                raise ValueError("method applies only to odds (the coupon has probabilities only)")
            return ProbabilitySource(self.probs, None, f"probabilities of coupon {self.path}")
        if self.odds is None:
            raise ValueError(f"coupon ({self.path}) has neither probabilities (home,draw,away) nor "
                             "odds (odds_home,odds_draw,odds_away)")
        src = odds_source(self.odds, method, file=self.path, rows=self.rows, columns=",".join(ODDS_COLUMNS))
        return ProbabilitySource(src.values, None, src.description.replace("odds ", "odds of coupon ", 1))


def parse_result(text: str, matches: int = 13) -> NDArray[np.int8]:
    """A result row such as ``1X21...`` or ``1021...`` as outcome codes (0 home, 1 draw, 2 away).

    Examples
    --------
    >>> parse_result("1X2", matches=3).tolist(), parse_result("102", matches=3).tolist()
    ([0, 1, 2], [0, 1, 2])
    """
    s = str(text).strip().upper()
    bad = [ch for ch in s if ch not in _RESULT]
    if len(s) != matches or bad:
        raise ValueError(f"result ({text!r}) must be {matches} symbols of 1, 0 or X, 2"
                         + (f"; it holds {bad[0]!r}" if bad else f"; it has {len(s)}"))
    return np.array([_RESULT[ch] for ch in s], dtype=np.int8)


def _match_order(df: pd.DataFrame, path, matches: int | None) -> NDArray[np.intp]:
    """The rows' positions in match order 1..n, refusing labels out of 1..n and repeated ones (with n
    rows, that leaves none missing)."""
    n = len(df) if matches is None else matches
    seen: dict[int, int] = {}
    for row, label in zip(df.index, df["match"]):
        k = whole_number(label) or 0
        if not 1 <= k <= n:
            raise InputError(f"{label!r} is not a match number 1..{n}", file=path, row=int(row),
                             column="match")
        if k in seen:
            raise InputError(f"match {k} repeats row {seen[k]}; every match number appears once",
                             file=path, row=int(row), column="match")
        seen[k] = int(row)
    pos = {int(row): i for i, row in enumerate(df.index)}
    return np.array([pos[seen[k]] for k in range(1, n + 1)], dtype=np.intp)


def _group(df: pd.DataFrame, columns: Sequence[str], path) -> bool:
    """Whether the three ``columns`` are present (all or none); every row must fill them."""
    present = [c for c in columns if c in df.columns]
    if present and len(present) < len(columns):
        missing = [c for c in columns if c not in df.columns]
        raise InputError(f"missing column(s) {', '.join(missing)}: {', '.join(columns)} go together",
                         file=path, row=1)
    return bool(present)


def _crowd(df: pd.DataFrame, path) -> NDArray[np.float64]:
    shares = np.column_stack([parse_numbers(df, c, expected="a crowd share >= 0 (percent or fraction)",
                                            check=lambda v: np.isfinite(v) & (v >= 0))
                              for c in CROWD_COLUMNS])
    with np.errstate(over="ignore"):  # shares past 1e308 sum to inf, refused below with that sum
        total = shares.sum(axis=1)
    scale = 100.0 if (total > 1.5).any() else 1.0  # percent (as Svenska Spel publishes them) or fractions
    off = np.abs(total / scale * 100 - 100) > CROWD_TOLERANCE
    if off.any():
        i = int(np.argmax(off))
        unit = "%" if scale == 100 else " (fractions)"
        raise InputError(f"crowd shares sum to {total[i]:g}{unit}; expected about 100 % "
                         f"(or 1 as fractions, within {CROWD_TOLERANCE:g} %)",
                         file=path, row=int(df.index[i]), column=",".join(CROWD_COLUMNS))
    return normalise_rows(shares)


def _result(df: pd.DataFrame, path) -> NDArray[np.int8] | None:
    cells = df["result"].str.upper()
    if (cells == "").all():
        return None  # the coupon before the matches are played
    for row, c in zip(df.index, cells):
        if c not in _RESULT:
            raise InputError(f"{c!r} is not a result; expected 1 (home), 0 or X (draw), 2 (away)",
                             file=path, row=int(row), column="result")
    return np.array([_RESULT[c] for c in cells], dtype=np.int8)


def read_coupon(path: str | os.PathLike, *, matches: int | None = None) -> Coupon:
    """Read a coupon file: ``match,home_team,away_team``, optional ``odds_home,odds_draw,odds_away``,
    ``crowd_home,crowd_draw,crowd_away``, ``home,draw,away`` and ``result``.

    Rows are matched by their ``match`` number (1..n, in any order), never by position. Crowd shares
    may be percent (``73,17,10``) or fractions; each row must sum to about 100 % (within
    :data:`CROWD_TOLERANCE`) and is divided by its sum. The result may be written ``1``/``0``/``2`` or
    ``1``/``X``/``2``; a ``result`` column left empty in every row means no result yet.

    Parameters
    ----------
    path : path-like
    matches : int, optional
        Required number of matches (13 for a round).

    Raises
    ------
    InputError
        Naming the file, the row and the column: a missing column (or one of three that go together),
        a match number that is not 1..n, repeated or missing, an empty team, a match without odds (or
        crowd shares, or probabilities) where the file has those columns, odds not > 1, crowd shares
        not summing to about 100 %, probabilities not summing to 1, a result symbol other than 1, 0,
        X, 2.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "coupon.csv"
    >>> _ = f.write_text("match,home_team,away_team,crowd_home,crowd_draw,crowd_away,result\\n"
    ...                  "2,Hammarby,AIK,40,30,30,X\\n1,Malmö,Göteborg,73,17,10,1\\n")
    >>> c = read_coupon(f)
    >>> c.names, c.crowd[0].tolist(), c.result.tolist()
    (['Malmö – Göteborg', 'Hammarby – AIK'], [0.73, 0.17, 0.1], [0, 1])
    """
    df = read_table(path, required=COUPON_COLUMNS)
    if matches is not None and len(df) != matches:
        raise InputError(f"has {len(df)} match rows, expected exactly {matches}", file=path)
    df = df.iloc[_match_order(df, path, matches)]
    for c in ("home_team", "away_team"):
        empty = (df[c] == "").to_numpy()
        if empty.any():
            raise InputError("empty; every match needs its teams", file=path,
                             row=int(df.index[int(np.argmax(empty))]), column=c)
    odds = None
    if _group(df, ODDS_COLUMNS, path):
        odds = np.column_stack([parse_numbers(df, c, expected="decimal odds > 1 (a finite number)",
                                              check=lambda v: np.isfinite(v) & (v > 1))
                                for c in ODDS_COLUMNS])
    crowd = _crowd(df, path) if _group(df, CROWD_COLUMNS, path) else None
    probs = parse_probabilities(df, path) if _group(df, PROB_COLUMNS, path) else None
    result = _result(df, path) if "result" in df.columns else None
    return Coupon(tuple(range(1, len(df) + 1)), tuple(df["home_team"]), tuple(df["away_team"]), odds,
                  crowd, probs, result, str(path), tuple(int(r) for r in df.index))


def write_coupon(path: str | os.PathLike, coupon: Coupon, *, outputs: Outputs | None = None,
                 force: bool = False) -> None:
    """Write ``coupon`` as a coupon file (the columns it has), all or nothing; with ``outputs`` the
    file is staged there and moved into place with the caller's other outputs."""
    out = pd.DataFrame({"match": list(coupon.matches), "home_team": list(coupon.home_teams),
                        "away_team": list(coupon.away_teams)})
    for columns, values in ((ODDS_COLUMNS, coupon.odds), (CROWD_COLUMNS, coupon.crowd),
                            (PROB_COLUMNS, coupon.probs)):
        if values is not None:
            for k, c in enumerate(columns):
                out[c] = values[:, k] * (100 if columns is CROWD_COLUMNS else 1)
    if coupon.result is not None:
        out["result"] = [SYMBOLS[int(c)] for c in coupon.result]
    staged = outputs if outputs is not None else Outputs(force=force)
    with staged.open(path) as fh:
        out.to_csv(fh, index=False, float_format="%.10g", quoting=csv.QUOTE_MINIMAL)
    if outputs is None:
        staged.commit()


def round_coupon(rounds: Rounds, j: int) -> Coupon | None:
    """The coupon of round ``j`` of ``rounds``: teams, odds and crowd shares where known for every
    match (else left out), and the result; None where the rounds do not name the teams."""
    rid = rounds.ids[j]
    teams = rounds.teams[rounds.teams["round"] == rid] if len(rounds.teams) else rounds.teams
    if len(teams) != rounds.matches or "home_team" not in teams.columns:
        return None
    teams = teams.assign(_m=teams["match"].astype(int)).sort_values("_m")
    names = teams[["home_team", "away_team"]].fillna("").astype(str)
    if (names.apply(lambda c: c.str.strip()) == "").to_numpy().any():
        return None  # rounds imported without their details
    odds, crowd = rounds.odds[j], rounds.crowd_table()[j]
    return Coupon(tuple(range(1, rounds.matches + 1)), tuple(map(str, teams["home_team"])),
                  tuple(map(str, teams["away_team"])), odds if np.isfinite(odds).all() else None,
                  crowd if np.isfinite(crowd).all() else None, None, rounds.results[j].copy(), rid)


def write_round_coupons(directory: str | os.PathLike, rounds: Rounds) -> int:
    """Write ``directory/<round>.csv``, the coupon of every round that names its teams (into an
    existing, staged directory); return how many were written."""
    from pathlib import Path

    written = 0
    for j in range(len(rounds)):
        coupon = round_coupon(rounds, j)
        if coupon is not None:
            outputs = Outputs(force=True)
            write_coupon(Path(directory) / f"{rounds.ids[j]}.csv", coupon, outputs=outputs)
            outputs.commit()
            written += 1
    return written
