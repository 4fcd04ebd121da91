"""Parsing the commands' options: numbers, fractions, per-tier lists, choices and option groups."""
from __future__ import annotations

import functools
import math
from enum import Enum
from fractions import Fraction
from typing import Callable, Sequence

import click

from ..errors import MAX_AMOUNT

__all__ = ["enum_choice", "format_option", "parse_fraction", "FILE", "option_group", "collected",
           "tip_output_options",
           "option_number", "option_int", "option_per_tier", "option_fraction"]


def enum_choice(enum: type[Enum]) -> click.Choice:
    """A ``click.Choice`` over an Enum's values."""
    return click.Choice([e.value for e in enum], case_sensitive=False)


def format_option(default: str = "table", choices: Sequence[str] = ("table", "json", "csv")):
    return click.option("--format", "fmt", type=click.Choice(list(choices), case_sensitive=False),
                        default=default, show_default=True, help="Output format.")


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


#: A file argument or option (not a directory), passed on as a string.
FILE = click.Path(dir_okay=False, path_type=str)


def option_group(*options: Callable) -> Callable:
    """One decorator applying several ``click.option`` decorators, in the order listed."""

    def apply(func: Callable) -> Callable:
        for option in reversed(options):
            func = option(func)
        return func

    return apply


def collected(name: str, *options: Callable) -> Callable:
    """Like :func:`option_group`, but the command receives the options' values as one dict ``name``
    (parameter name -> value), so a command with many options keeps a short signature."""
    group = option_group(*options)
    names = [param.name for param in group(lambda: None).__click_params__]

    def apply(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            kwargs[name] = {n: kwargs.pop(n) for n in names}
            return func(*args, **kwargs)

        return group(wrapper)

    return apply


#: The options of every command that writes a tip set: --out, --vouchers, --upload-dir, --force.
tip_output_options = option_group(
    click.option("--out", "out", required=True, type=FILE, help="Tip file to write (CSV column tip)."),
    click.option("--vouchers", is_flag=True, help="Also write the voucher and field of every tip."),
    click.option("--upload-dir", "upload_dir", default=None, type=click.Path(file_okay=False, path_type=str),
                 help="Also write upload files OUT-001.csv, ... of at most the rules' upload limit."),
    click.option("--force", is_flag=True, help="Overwrite existing files."))


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
