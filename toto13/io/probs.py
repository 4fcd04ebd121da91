"""Probability files (``match,home,draw,away``) and odds files (``odds_home,odds_draw,odds_away``)."""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from ..errors import InputError
from .outputs import Outputs
from .csvfile import parse_numbers, read_table

__all__ = ["ProbabilityFile", "read_probabilities", "read_odds", "write_probabilities",
           "PROB_COLUMNS", "ODDS_COLUMNS"]

PROB_COLUMNS = ("home", "draw", "away")
ODDS_COLUMNS = ("odds_home", "odds_draw", "odds_away")


@dataclass(frozen=True)
class ProbabilityFile:
    """What a probabilities or odds file holds.

    ``values`` is (matches, 3): probabilities (rows sum to 1) or decimal odds; ``matches`` the match
    labels (the ``match`` column, else 1, 2, ...); ``table`` the whole file as read (strings).
    """

    values: NDArray[np.float64]
    matches: tuple[str, ...]
    table: pd.DataFrame = field(repr=False)


def _labels(df: pd.DataFrame) -> tuple[str, ...]:
    if "match" in df.columns:
        return tuple(df["match"].tolist())
    return tuple(str(i) for i in range(1, len(df) + 1))


def _check_count(df: pd.DataFrame, matches: int | None, path) -> None:
    if matches is not None and len(df) != matches:
        raise InputError(f"has {len(df)} match rows, expected exactly {matches}", file=path)


def read_probabilities(path: str | os.PathLike, *, matches: int | None = None,
                       atol: float = 1e-6) -> ProbabilityFile:
    """Read a probabilities file: columns ``home,draw,away`` (optional ``match``), rows sum to 1.

    Parameters
    ----------
    path : path-like
    matches : int, optional
        Required number of rows (13 for a TOTO round).
    atol : float
        Tolerance on each row's sum; rows are renormalised to sum to exactly 1.

    Raises
    ------
    InputError
        Naming the file, row and column: missing columns, a cell that is not a number in [0, 1], a row
        that does not sum to 1, the wrong number of rows.
    """
    df = read_table(path, required=PROB_COLUMNS)
    _check_count(df, matches, path)
    cols = [parse_numbers(df, c, expected="a probability in [0, 1]",
                          check=lambda v: (v >= 0) & (v <= 1)) for c in PROB_COLUMNS]
    p = np.column_stack(cols)
    s = p.sum(axis=1)
    off = np.abs(s - 1) > atol
    if off.any():
        i = int(np.argmax(off))
        raise InputError(f"home + draw + away = {s[i]:.10g}; each row must sum to 1 (tolerance {atol:g})",
                         file=path, row=int(df.index[i]), column="home,draw,away")
    return ProbabilityFile(p / s[:, None], _labels(df), df)


def read_odds(path: str | os.PathLike, *, matches: int | None = None,
              allow_missing: bool = False) -> ProbabilityFile:
    """Read an odds file: columns ``odds_home,odds_draw,odds_away``, decimal odds > 1.

    With ``allow_missing`` empty cells become NaN (the caller reports those matches).
    """
    df = read_table(path, required=ODDS_COLUMNS)
    _check_count(df, matches, path)
    cols = [parse_numbers(df, c, expected="decimal odds > 1 (a finite number)",
                          check=lambda v: np.isfinite(v) & (v > 1), allow_missing=allow_missing)
            for c in ODDS_COLUMNS]
    return ProbabilityFile(np.column_stack(cols), _labels(df), df)


def write_probabilities(path: str | os.PathLike, probs: ArrayLike, *,
                        matches: Sequence[str] | None = None,
                        extra: pd.DataFrame | None = None, force: bool = False,
                        outputs: Outputs | None = None) -> None:
    """Write a probabilities file (``match,home,draw,away`` + ``extra`` columns), all or nothing.

    With ``outputs`` the file is staged there (and moved into place with the caller's other outputs).
    """
    p = np.asarray(probs, dtype=np.float64)
    labels = list(matches) if matches is not None else [str(i) for i in range(1, len(p) + 1)]
    out = pd.DataFrame({"match": labels, "home": p[:, 0], "draw": p[:, 1], "away": p[:, 2]})
    if extra is not None:
        for c in extra.columns:
            if c not in out.columns:
                out[c] = extra[c].to_numpy()
    staged = outputs if outputs is not None else Outputs(force=force)
    with staged.open(path) as fh:
        out.to_csv(fh, index=False, float_format="%.12g", quoting=csv.QUOTE_MINIMAL)
    if outputs is None:
        staged.commit()
