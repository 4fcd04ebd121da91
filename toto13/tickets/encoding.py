"""Tips as integer arrays, the 13-character strings they are written as, and result indices.

Outcome codes: 0 = home win (written ``1``), 1 = draw (``0``), 2 = away win (``2``); code ``c`` is column
``c`` of a ``(matches, 3)`` probability table. A result (or tip) of ``m`` matches is also an index in
``0 .. 3**m - 1``, base 3 with match 0 the most significant digit.
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..hamming import strides
from ..rules import SYMBOLS

__all__ = [
    "SYMBOLS",
    "MAX_ENUM_MATCHES",
    "tips_from_strings",
    "tips_to_strings",
    "check_tips",
    "tips_to_index",
    "tips_from_index",
]

#: Largest match count whose 3**m results are enumerated (3**14 = 4,782,969 cells).
MAX_ENUM_MATCHES = 14

_LOOKUP = np.full(256, -1, dtype=np.int8)
for _code, _sym in enumerate(SYMBOLS):
    _LOOKUP[ord(_sym)] = _code
_SYMBOL_BYTES = np.frombuffer(SYMBOLS.encode("ascii"), dtype=np.uint8)


def tips_from_strings(strings: Iterable[str], matches: int | None = None) -> NDArray[np.int8]:
    """Parse tip strings of ``1``, ``0``, ``2`` into an ``(n, matches)`` int8 array of outcome codes.

    Parameters
    ----------
    strings : iterable of str
        One tip per string, e.g. ``"1021100211020"``. Surrounding whitespace is ignored.
    matches : int, optional
        Required length; default the length of the first string.

    Returns
    -------
    numpy.ndarray of int8, shape (n, matches)

    Raises
    ------
    ValueError
        Naming the (0-based) tip, when a string has the wrong length or another symbol.

    Examples
    --------
    >>> tips_from_strings(["102", "221"])
    array([[0, 1, 2],
           [2, 2, 0]], dtype=int8)
    """
    items = [str(s).strip() for s in strings]
    if matches is None:
        matches = len(items[0]) if items else 0
    out = np.empty((len(items), matches), dtype=np.int8)
    for i, s in enumerate(items):
        if len(s) != matches:
            raise ValueError(f"tip {i} ({s!r}) has {len(s)} symbols, expected {matches} of 1, 0, 2")
        try:
            raw = np.frombuffer(s.encode("ascii"), dtype=np.uint8)
        except UnicodeEncodeError:
            raw = np.zeros(matches, dtype=np.uint8)
        codes = _LOOKUP[raw]
        if (codes < 0).any():
            j = int(np.argmax(codes < 0))
            raise ValueError(f"tip {i} ({s!r}) has {s[j]!r} at position {j + 1}; "
                             "allowed symbols are 1 (home), 0 (draw), 2 (away)")
        out[i] = codes
    return out


def tips_to_strings(tips: ArrayLike) -> list[str]:
    """Write an ``(n, matches)`` array of outcome codes as strings of ``1``, ``0``, ``2``.

    Examples
    --------
    >>> tips_to_strings([[0, 1, 2], [2, 2, 0]])
    ['102', '221']
    """
    t = check_tips(tips)
    chars = _SYMBOL_BYTES[t]
    return [row.tobytes().decode("ascii") for row in chars]


def check_tips(tips: ArrayLike, matches: int | None = None, *, name: str = "tips") -> NDArray[np.int8]:
    """Return ``tips`` as a 2-D int8 array of codes 0, 1, 2; raise ``ValueError`` otherwise.

    A single tip (1-D) becomes one row.

    Examples
    --------
    >>> check_tips([0, 1, 2])
    array([[0, 1, 2]], dtype=int8)
    """
    try:
        a = np.asarray(tips)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of outcome codes 0, 1, 2") from None
    if a.ndim == 1:
        a = a[None, :]
    if a.ndim != 2:
        raise ValueError(f"{name} must have shape (n, matches), got {a.shape}")
    if a.size and not (np.issubdtype(a.dtype, np.integer) or np.issubdtype(a.dtype, np.floating)):
        raise ValueError(f"{name} must hold outcome codes 0, 1, 2, got dtype {a.dtype}")
    if a.size and (not np.isin(a, (0, 1, 2)).all()):
        i = int(np.argmax(~np.isin(a, (0, 1, 2)).all(axis=1)))
        raise ValueError(f"{name} row {i} ({a[i].tolist()}) must hold outcome codes 0, 1, 2 only")
    if matches is not None and a.shape[1] != matches:
        raise ValueError(f"{name} must have {matches} columns (one per match), got {a.shape[1]}")
    return a.astype(np.int8, copy=False)


def tips_to_index(tips: ArrayLike) -> NDArray[np.int64]:
    """Result index of each tip (base 3, match 0 most significant).

    Examples
    --------
    >>> tips_to_index([[0, 0, 1], [2, 2, 2]])
    array([ 1, 26])
    """
    t = check_tips(tips)
    return t.astype(np.int64) @ strides((3,) * t.shape[1])


def tips_from_index(index: ArrayLike, matches: int) -> NDArray[np.int8]:
    """Inverse of :func:`tips_to_index`: the ``(n, matches)`` codes of each result index.

    Examples
    --------
    >>> tips_from_index([1, 26], 3)
    array([[0, 0, 1],
           [2, 2, 2]], dtype=int8)
    """
    idx = np.atleast_1d(np.asarray(index, dtype=np.int64))
    if idx.size and (idx.min() < 0 or idx.max() >= 3 ** matches):
        raise ValueError(f"index must be in 0..{3 ** matches - 1} for {matches} matches")
    return ((idx[:, None] // strides((3,) * matches)[None, :]) % 3).astype(np.int8)


