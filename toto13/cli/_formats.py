"""The one money and percent formatters of the commands' tables, and the one JSON writer."""
from __future__ import annotations

import functools
import json
import math
from enum import Enum
from typing import Any, Callable

import numpy as np

__all__ = ["money", "percent", "percents", "json_text", "jsonable"]


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


def jsonable(v: Any, default: Callable[[Any], Any] | None = None) -> Any:
    """``v`` as plain JSON values: numpy scalars and arrays as numbers and lists, enums as their
    values, non-finite floats (NaN, ±inf) as None; other objects through ``default``."""
    if isinstance(v, dict):
        return {str(k): jsonable(x, default) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x, default) for x in v]
    if isinstance(v, Enum):
        return v.value
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        f = float(v)
        return f if math.isfinite(f) else None
    if isinstance(v, np.ndarray):
        return jsonable(v.tolist(), default)
    if isinstance(v, np.bool_):
        return bool(v)
    if default is not None and not isinstance(v, (str, int, type(None))):
        return jsonable(default(v))
    return v


def json_text(obj: Any, *, default: Callable[[Any], Any] | None = None) -> str:
    """``obj`` as strict JSON (RFC 8259), indented: a number without a finite value (NaN, ±inf) is
    written ``null``, never ``NaN`` or ``Infinity``, which JSON does not have (docs/formats.md).

    Examples
    --------
    >>> print(json_text({"a": float("nan"), "b": [np.float64(1.5), float("inf")]}))
    {
      "a": null,
      "b": [
        1.5,
        null
      ]
    }
    """
    return json.dumps(jsonable(obj, default), indent=2, allow_nan=False)
