"""The one money and percent formatters of the commands' tables."""
from __future__ import annotations

import functools
import math
from typing import Callable

__all__ = ["money", "percent", "percents"]


def money(v: float | None) -> str:
    """An amount for a table: ``1,234.50``, or ``-`` for none."""
    return "-" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:,.2f}"


def percent(v: float | None, digits: int = 2, *, trim: bool = False) -> str:
    """A probability as a percentage for a table, or ``-`` for none; ``trim`` drops trailing zeros.

    Examples
    --------
    >>> percent(0.123456, 4), percent(0.99, 6, trim=True), percent(None)
    ('12.3456%', '99%', '-')
    """
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    s = f"{100 * v:.{digits}f}"
    if trim and "." in s:
        s = s.rstrip("0").rstrip(".")
    return f"{s}%"


def percents(digits: int = 2, *, trim: bool = False) -> Callable[[float | None], str]:
    """:func:`percent` with fixed arguments, for the ``formats`` of :func:`render`."""
    return functools.partial(percent, digits=digits, trim=trim)
