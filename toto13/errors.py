"""Errors raised on bad input, and the checks that raise them.

Every check takes the *name* of the parameter it checks, so the message names it, quotes the value and
says what is allowed, e.g. ``safety (1.2) must be in (0, 1)``. Readers of files raise
:class:`InputError`, which also carries the file, the row (the line number in the file, header = line 1)
and the column.
"""
from __future__ import annotations

import math
import numbers
import os
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "InputError",
    "whole_number",
    "printable",
    "MAX_AMOUNT",
    "MIN_TURNOVER",
    "check_turnover",
    "check_fraction",
    "check_int",
    "check_nonnegative",
    "MAX_THREADS",
    "threads_from_env",
    "check_probability_table",
    "as_rng",
]


#: The largest amount of money (stake, quota, turnover, bankroll) accepted anywhere: far above any real
#: pool (the largest real turnovers are below 10^9), and far enough below the float range that sums over
#: many rounds and tips cannot overflow.
MAX_AMOUNT = 1e12

#: The smallest turnover (the other players' stakes in a round, in the rules' currency) accepted
#: anywhere: below one unit the others play less than one row of any preset, the pool model has no
#: meaning, and its co-winner means underflow (1e-310 gave inf, 5e-324 NaN).
MIN_TURNOVER = 1.0

_CONTROL = {c: f"\\x{c:02x}" for c in list(range(0x20)) + [0x7f]}
_CONTROL.update({0x09: "\\t", 0x0a: "\\n", 0x0d: "\\r"})


def printable(text: str, limit: int = 200) -> str:
    r"""``text`` safe for a one-line message: control characters escaped, shortened to ``limit``.

    Examples
    --------
    >>> printable("a\x1b[2Jb\nc")
    'a\\x1b[2Jb\\nc'
    >>> printable("1" * 300, limit=10)
    '1111111111... (300 characters)'
    """
    s = str(text)
    n = len(s)
    if n > limit:
        s = s[:limit]
    s = s.translate(_CONTROL)
    s = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in s) \
        if not s.isprintable() else s
    return f"{s}... ({n:,} characters)" if n > limit else s


class InputError(ValueError):
    """Bad data in a file: says which file, row and column, and what was expected.

    Parameters
    ----------
    message : str
        What is wrong and what was expected.
    file, row, column : optional
        Where. ``row`` is the line number in the file (the header is line 1).
    """

    def __init__(self, message: str, *, file: Any = None, row: int | None = None,
                 column: str | None = None) -> None:
        self.message = message
        self.file = None if file is None else str(file)
        self.row = row
        self.column = column
        where = []
        if self.file is not None:
            where.append(self.file)
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        text = f"{', '.join(where)}: {message}" if where else message
        super().__init__(printable(text, limit=1000))


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{name} ({value!r}) must be a number") from None
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"{name} ({value!r}) must be a number, not NaN")
    return value


def check_fraction(name: str, value: Any, *, closed: bool = False) -> float:
    """Return ``value`` as a float in (0, 1), or [0, 1] when ``closed``; else raise ``ValueError``."""
    v = _number(name, value)
    ok = 0.0 <= v <= 1.0 if closed else 0.0 < v < 1.0
    if not ok:
        interval = "[0, 1]" if closed else "(0, 1)"
        raise ValueError(f"{name} ({value!r}) must be in {interval}")
    return v


def check_int(name: str, value: Any, lo: int | None = None, hi: int | None = None) -> int:
    """Return ``value`` as an int within ``lo..hi`` (inclusive, either may be None); else raise."""
    if isinstance(value, bool):
        raise ValueError(f"{name} ({value!r}) must be a whole number")
    if isinstance(value, (numbers.Integral, np.integer)):
        v = int(value)  # exact, however large
    else:
        try:
            f = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{name} ({value!r}) must be a whole number") from None
        if not math.isfinite(f) or f != int(f):
            raise ValueError(f"{name} ({value!r}) must be a whole number")
        v = int(f)
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        if hi is None:
            raise ValueError(f"{name} ({value!r}) must be at least {lo}")
        if lo is None:
            raise ValueError(f"{name} ({value!r}) must be at most {hi}")
        raise ValueError(f"{name} ({value!r}) must be in {lo}..{hi}")
    return v


def check_nonnegative(name: str, value: Any) -> float:
    """Return ``value`` as a finite float >= 0; else raise ``ValueError``."""
    v = _number(name, value)
    if not math.isfinite(v) or v < 0:
        raise ValueError(f"{name} ({value!r}) must be a finite number >= 0")
    return v


def check_turnover(name: str, value: Any, what: str = "") -> float:
    """Return a turnover as a float in ``[MIN_TURNOVER, MAX_AMOUNT]``; else raise ``ValueError``
    (``what`` is added to the message).

    Examples
    --------
    >>> check_turnover("turnover", 1e-310)
    Traceback (most recent call last):
    ...
    ValueError: turnover (1e-310) must be a number >= 1 and at most 1e+12
    """
    v = _number(name, value)
    if not (MIN_TURNOVER <= v <= MAX_AMOUNT):
        raise ValueError(f"{name} ({value!r}) must be a number >= {MIN_TURNOVER:g} and at most "
                         f"{MAX_AMOUNT:.0e}{what}")
    return v


def normalise_rows(shares: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each row of non-negative ``shares`` (each with a positive entry) divided by its sum, without
    overflow: the row is first scaled by a power of two (exact) so its largest entry is in [0.5, 1),
    so shares up to 1e308 sum finitely and ``share / sum`` rounds as it would unscaled."""
    top = shares.max(axis=1)
    scaled = np.ldexp(shares, -np.frexp(top)[1][:, None])
    return scaled / scaled.sum(axis=1, keepdims=True)


def check_probability_table(name: str, probs: ArrayLike, *, matches: int | None = None,
                            atol: float | None = 1e-6) -> NDArray[np.float64]:
    """Check a table of per-match outcome probabilities (rows ``home, draw, away``).

    Returns a float64 copy, each row renormalised to sum to exactly 1. Raises ``ValueError`` naming the
    first bad row (0-based) when the table is not 2-D with 3 columns, has ``matches`` rows (if given),
    holds a negative or non-finite entry, or a row whose sum differs from 1 by more than ``atol``.
    With ``atol=None`` the rows are shares on any scale (percent or fractions, e.g. the crowd's pick
    shares): any positive sum is normalised, an all-zero row is refused.
    """
    try:
        p = np.array(probs, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a table of numbers") from None
    if p.ndim != 2 or p.shape[1] != 3:
        raise ValueError(f"{name} must have shape (matches, 3), got {p.shape}")
    if matches is not None and p.shape[0] != matches:
        raise ValueError(f"{name} must have {matches} rows (one per match), got {p.shape[0]}")
    bad = ~np.isfinite(p).all(axis=1) | (p < 0).any(axis=1)
    if bad.any():
        i = int(np.argmax(bad))
        what = "numbers" if atol is not None else "shares"
        raise ValueError(f"{name} row {i} ({p[i].tolist()}) must hold finite {what} >= 0")
    if atol is None:
        top = p.max(axis=1) if p.size else np.ones(0)
        if (top <= 0).any():
            i = int(np.argmax(top <= 0))
            raise ValueError(f"{name} row {i} ({p[i].tolist()}) is all zero; a row needs a positive share")
        return normalise_rows(p)
    with np.errstate(over="ignore"):  # a sum past 1e308 is inf, refused below with its value
        s = p.sum(axis=1)
    off = np.abs(s - 1.0) > atol
    if off.any():
        i = int(np.argmax(off))
        raise ValueError(f"{name} row {i} sums to {float(s[i])!r}; each row must sum to 1 (tolerance {atol})")
    return p / s[:, None]


def as_rng(rng: np.random.Generator | int | None) -> np.random.Generator:
    """The one way randomness enters: ``numpy.random.default_rng(rng)``."""
    return np.random.default_rng(rng)


#: Most threads ``TOTO13_THREADS`` (or a ``threads`` argument) may ask for: more is a typing slip, not
#: a machine (a thread costs memory and a process may not start many).
MAX_THREADS = 1024


def whole_number(text: str, digits: int = 9) -> int | None:
    """``text`` as a whole number of at most ``digits`` ASCII digits, else None (``int`` alone would read
    ``"1_000"`` and ``"٣"``, and raises its own error on strings of more than 4,300 digits).

    Examples
    --------
    >>> whole_number("13"), whole_number("1_3"), whole_number("9" * 5000)
    (13, None, None)
    """
    return int(text) if text.isascii() and text.isdigit() and len(text) <= digits else None


def threads_from_env() -> int | None:
    """``TOTO13_THREADS`` as a whole number in ``1..MAX_THREADS``; None when it is not set (or blank).

    Raises
    ------
    ValueError
        It is set to anything else (``abc``, ``0``, ``1e3``, a number of 30 digits).
    """
    env = os.environ.get("TOTO13_THREADS", "").strip()
    if not env:
        return None
    if not (env.isascii() and env.isdigit() and (len(env) > 6 or int(env) > 0)):
        raise ValueError(f"TOTO13_THREADS must be a positive integer, got {printable(env, limit=60)!r}")
    if len(env) > 6 or int(env) > MAX_THREADS:
        raise ValueError(f"TOTO13_THREADS ({printable(env, limit=60)}) must be at most {MAX_THREADS}")
    return int(env)
