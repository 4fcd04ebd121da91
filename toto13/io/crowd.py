"""Crowd files: the share of all rows played that picked each outcome (``match,home,draw,away``)."""
from __future__ import annotations

import os

import numpy as np
import pandas as pd

from ..errors import InputError, normalise_rows, whole_number
from .csvfile import parse_numbers, read_table
from .probs import PROB_COLUMNS, ProbabilityFile, _check_count, _labels

__all__ = ["read_crowd"]


def read_crowd(path: str | os.PathLike, *, matches: int | None = None) -> ProbabilityFile:
    """Read a crowd file: columns ``home,draw,away`` (optional ``match``), one row per match.

    The shares may be percentages (``73,17,10``, as Svenska Spel publishes them) or fractions
    (``0.73,0.17,0.10``); each row is divided by its sum, so both read the
    same, rounding that makes a row add up to 99 or 101 does not matter, and shares as large as
    ``1e308`` do not overflow (the row is first scaled by a power of two).

    With a ``match`` column the rows are matched by that label, never by position: each label must be
    a match number ``1..n`` (``n`` = ``matches``, else the number of rows), each once, and the rows are
    returned in match order. Without it the rows are taken in coupon order.

    Parameters
    ----------
    path : path-like
    matches : int, optional
        Required number of rows (13 for a round).

    Returns
    -------
    ProbabilityFile
        ``values`` (matches, 3) in match order, every row summing to 1.

    Raises
    ------
    InputError
        Naming the file, row and column: missing columns, a cell that is not a number >= 0, a row whose
        shares are all zero, the wrong number of rows, a ``match`` label that is not a match number, is
        repeated or leaves a match out.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "crowd.csv"
    >>> _ = f.write_text("match,home,draw,away\\n2,0.5,0.3,0.2\\n1,73,17,10\\n")
    >>> read_crowd(f).values.round(2).tolist()
    [[0.73, 0.17, 0.1], [0.5, 0.3, 0.2]]
    """
    df = read_table(path, required=PROB_COLUMNS)
    _check_count(df, matches, path)
    cols = [parse_numbers(df, c, expected="a crowd share >= 0 (percent or fraction)",
                          check=lambda v: np.isfinite(v) & (v >= 0)) for c in PROB_COLUMNS]
    shares = np.column_stack(cols)
    top = shares.max(axis=1)
    if (top <= 0).any():
        i = int(np.argmax(top <= 0))
        raise InputError("home, draw and away are all zero; at least one share must be positive",
                         file=path, row=int(df.index[i]), column="home,draw,away")
    values = normalise_rows(shares)
    if "match" not in df.columns:
        return ProbabilityFile(values, _labels(df), df)
    order = _match_order(df, matches or len(df), path)
    return ProbabilityFile(values[order], tuple(str(k + 1) for k in range(len(order))),
                           df.iloc[order])


def _match_order(df: pd.DataFrame, n: int, path: str | os.PathLike) -> np.ndarray:
    """The file rows in match order: every ``match`` label a number ``1..n``, each exactly once."""
    seen: dict[int, int] = {}
    for k, (line, label) in enumerate(zip(df.index, df["match"])):
        text = str(label).strip()
        number = whole_number(text) or 0
        if not 1 <= number <= n:
            raise InputError(f"{text!r} is not a match number; expected a whole number in 1..{n}",
                             file=path, row=int(line), column="match")
        if number in seen:  # n rows, so a repeated label always leaves a match out
            missing = min(set(range(1, n + 1)) - set(seen) - {number})
            raise InputError(f"match {number} is listed twice (also in row {df.index[seen[number]]}) and "
                             f"match {missing} has no row; expected matches 1..{n} once each",
                             file=path, row=int(line), column="match")
        seen[number] = k
    return np.array([seen[m] for m in range(1, n + 1)])
