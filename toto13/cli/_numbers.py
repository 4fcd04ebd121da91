"""Parsing the numbers in the commands' options: a bad value is a ``ValueError`` naming the option,
quoting the value and saying what is allowed (``library_errors`` makes it exit status 2)."""
from __future__ import annotations

import math
from fractions import Fraction

from ..errors import MAX_AMOUNT

__all__ = ["parse_fraction", "option_number", "option_int", "option_per_tier", "option_fraction",
           "option_positive", "option_nonnegative", "parse_min_coverage"]


def parse_fraction(name: str, text: str) -> float:
    """Parse ``0.5``, ``1/3`` or ``.47`` into a float; ``ValueError`` naming ``name`` otherwise."""
    s = str(text).strip()
    try:
        if "/" in s:
            num, den = s.split("/", 1)
            value = float(Fraction(num.strip()) / Fraction(den.strip()))
        else:
            value = float(s)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{name} ({text!r}) must be a number such as 0.5 or a fraction such as 1/3") \
            from None
    return value


def option_number(option: str, text: str | None, *, lo: float | None = None) -> float | None:
    """Parse a numeric option (None stays None): a finite number, at least ``lo`` when given."""
    if text is None:
        return None
    try:
        v = float(text)
    except ValueError:
        v = float("nan")
    if not math.isfinite(v) or (lo is not None and v < lo) or abs(v) > MAX_AMOUNT:
        bound = f" >= {lo:g}" if lo is not None else ""
        raise ValueError(f"{option} ({text!r}) must be a finite number{bound} and at most "
                         f"{MAX_AMOUNT:.0e} in size")
    return v


def option_int(option: str, text: str | None, lo: int, hi: int | None = None) -> int | None:
    """Parse a whole-number option (None stays None) within ``lo..hi``."""
    if text is None:
        return None
    try:
        v = int(str(text).strip())
    except ValueError:
        raise ValueError(f"{option} ({text!r}) must be a whole number") from None
    if hi is None and v < lo:
        raise ValueError(f"{option} ({text!r}) must be at least {lo}")
    if hi is not None and not lo <= v <= hi:
        raise ValueError(f"{option} ({text!r}) must be in {lo}..{hi}")
    return v


def option_per_tier(option: str, text: str | None, count: int, *, lo: float | None = None,
                    example: str = "") -> list[float] | None:
    """Parse one finite number per prize tier, comma-separated (None stays None), each at least ``lo``."""
    if text is None:
        return None
    try:
        values = [float(t) for t in text.split(",")]
    except ValueError:
        values = []
    if len(values) != count or not all(math.isfinite(v) and (lo is None or v >= lo) and abs(v) <= MAX_AMOUNT
                                       for v in values):
        bound = f" >= {lo:g}" if lo is not None else ""
        raise ValueError(f"{option} ({text!r}) must be {count} comma-separated numbers{bound}, one per "
                         f"tier by ascending strikes (each at most {MAX_AMOUNT:.0e})"
                         + (f", e.g. {example}" if example else ""))
    return values


def option_fraction(option: str, text: str) -> float:
    """Parse a probability option given as ``0.99`` or ``99/100``, strictly inside (0, 1)."""
    q = parse_fraction(option, text)
    if not 0 < q < 1:
        raise ValueError(f"{option} ({text!r}) must be in (0, 1)")
    return q


def option_positive(option: str, text: str | None, what: str) -> float | None:
    """Parse a number option (None stays None) that must be > 0; ``what`` says what it is."""
    v = option_number(option, text)
    if v is not None and not v > 0:
        raise ValueError(f"{option} ({text!r}) must be a number > 0: {what}")
    return v


def option_nonnegative(option: str, text: str | None, what: str = "") -> float | None:
    """Parse a number option (None stays None) that must be >= 0; ``what`` is added to the error."""
    v = option_number(option, text)
    if v is not None and v < 0:
        raise ValueError(f"{option} ({text!r}) must be a number >= 0{what}")
    return v


def parse_min_coverage(text: str | None, matches: int) -> tuple[int, float] | None:
    """``--min-coverage X:Q``: strikes X in 0..matches and a probability Q in (0, 1), e.g. ``10:0.5``."""
    if text is None:
        return None
    x, sep, q = str(text).partition(":")
    if not sep:
        raise ValueError(f"--min-coverage ({text!r}) must be X:Q, strikes and a probability, e.g. 10:0.5")
    try:
        x_v = option_int("--min-coverage", x, 0, matches)
        q_v = option_fraction("--min-coverage", q)
    except ValueError:
        raise ValueError(f"--min-coverage ({text!r}) must be X:Q with X in 0..{matches} strikes and Q "
                         "in (0, 1), e.g. 10:0.5") from None
    return x_v, q_v
