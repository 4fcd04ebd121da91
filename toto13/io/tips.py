"""Reading tip files: a CSV column ``tip``, one string of ``1``, ``0``, ``2`` per row (docs/formats.md)."""
from __future__ import annotations

import os

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from ..rules import SYMBOLS
from .csvfile import read_table

__all__ = ["read_tips", "MAX_TIPS"]

#: The most tips a tip file may hold: every tip of 13 matches (3^13 = 1,594,323) with room for repeats.
#: Evaluating this many takes about half a minute and 1 GB (see Limits in the README).
MAX_TIPS = 2_000_000

#: Symbol of each outcome code: 0 home (``1``), 1 draw (``0``), 2 away (``2``).


def read_tips(path: str | os.PathLike, matches: int = 13, *, unique: bool = False) -> NDArray[np.int8]:
    """Read a tip file into an ``(n, matches)`` int8 array of outcome codes.

    Other columns (e.g. ``voucher``, ``field`` written by ``toto13 tickets --vouchers``) are ignored.
    Repeated tips are allowed by default, because a played ticket may hold the same tip twice (it is
    paid for, and counted in the expected hits, twice; it adds nothing to the coverage). Pass
    ``unique=True`` to reject them.

    Parameters
    ----------
    path : path-like
        The CSV file.
    matches : int
        Symbols every tip must have.
    unique : bool
        Reject a tip that repeats an earlier row.

    Returns
    -------
    numpy.ndarray of int8, shape (n, matches)

    Raises
    ------
    InputError
        Naming the file, the row (line number, header = 1) and column ``tip``: a missing ``tip``
        column, a tip of the wrong length, a symbol other than ``1``, ``0``, ``2``, a repeated tip when
        ``unique``; more than :data:`MAX_TIPS` tips; also a missing, empty or binary file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "tips.csv"
    >>> _ = f.write_text("tip\\n1021100211020\\n2222222222222\\n")
    >>> read_tips(f)[:, :4]
    array([[0, 1, 2, 0],
           [2, 2, 2, 2]], dtype=int8)
    """
    df = read_table(path, required=("tip",), max_bytes=MAX_TIPS * 40)  # room for voucher,field,tip
    if len(df) > MAX_TIPS:
        raise InputError(f"holds {len(df):,} tips; at most {MAX_TIPS:,} are read (see Limits in the "
                         "README)", file=path, row=int(df.index[MAX_TIPS]), column="tip")
    out = np.empty((len(df), matches), dtype=np.int8)
    seen: dict[str, int] = {}
    for i, (row, s) in enumerate(zip(df.index, df["tip"])):
        if len(s) != matches:
            raise InputError(f"{s!r} has {len(s)} symbols; expected {matches} symbols of 1, 0, 2",
                             file=path, row=int(row), column="tip")
        bad = [ch for ch in s if ch not in SYMBOLS]
        if bad:
            raise InputError(f"{s!r} holds {bad[0]!r}; expected {matches} symbols of 1 (home), 0 (draw), "
                             "2 (away)", file=path, row=int(row), column="tip")
        if unique:
            if s in seen:
                raise InputError(f"{s!r} repeats the tip in row {seen[s]}", file=path, row=int(row),
                                 column="tip")
            seen[s] = int(row)
        out[i] = [SYMBOLS.index(ch) for ch in s]
    return out
