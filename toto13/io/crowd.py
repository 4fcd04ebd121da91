"""Crowd files: the share of all rows played that picked each outcome (``match,home,draw,away``)."""
from __future__ import annotations

import os

import numpy as np

from ..errors import InputError
from .csvfile import parse_numbers, read_table
from .probs import PROB_COLUMNS, ProbabilityFile, _check_count, _labels

__all__ = ["read_crowd"]


def read_crowd(path: str | os.PathLike, *, matches: int | None = None) -> ProbabilityFile:
    """Read a crowd file: columns ``home,draw,away`` (optional ``match``), one row per match.

    The shares may be percentages (``73,17,10``, as Svenska Spel publishes them) or fractions
    (``0.73,0.17,0.10``); each row is divided by its sum, so both read the same and rounding that
    makes a row add up to 99 or 101 does not matter.

    Parameters
    ----------
    path : path-like
    matches : int, optional
        Required number of rows (13 for a round).

    Returns
    -------
    ProbabilityFile
        ``values`` (matches, 3), every row summing to 1.

    Raises
    ------
    InputError
        Naming the file, row and column: missing columns, a cell that is not a number >= 0, a row whose
        shares are all zero, the wrong number of rows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "crowd.csv"
    >>> _ = f.write_text("match,home,draw,away\\n1,73,17,10\\n2,0.5,0.3,0.2\\n")
    >>> read_crowd(f).values.round(2).tolist()
    [[0.73, 0.17, 0.1], [0.5, 0.3, 0.2]]
    """
    df = read_table(path, required=PROB_COLUMNS)
    _check_count(df, matches, path)
    cols = [parse_numbers(df, c, expected="a crowd share >= 0 (percent or fraction)",
                          check=lambda v: np.isfinite(v) & (v >= 0)) for c in PROB_COLUMNS]
    shares = np.column_stack(cols)
    total = shares.sum(axis=1)
    if (total <= 0).any():
        i = int(np.argmax(total <= 0))
        raise InputError("home, draw and away are all zero; at least one share must be positive",
                         file=path, row=int(df.index[i]), column="home,draw,away")
    return ProbabilityFile(shares / total[:, None], _labels(df), df)
