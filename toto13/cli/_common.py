"""Shared pieces of the commands: error handling, output formats, number options."""
from __future__ import annotations

import functools
import json
import math
import re
from enum import Enum
from fractions import Fraction
from typing import Any, Callable, Mapping, Sequence

import click
import numpy as np
import pandas as pd

from ..errors import InputError

__all__ = ["InputFailure", "library_errors", "Format", "format_option", "emit", "render",
           "parse_fraction", "enum_choice", "tip_output_options", "FILE",
           "option_number", "option_int", "option_fraction", "money", "percent", "percents", "flag_names"]


class InputFailure(click.ClickException):
    """Bad input found by the library: printed as ``Error: ...``, exit status 2."""

    exit_code = 2


def flag_names(message: str, flags: Mapping[str, str]) -> str:
    """Write the library's parameter names in ``message`` as the command's flags.

    Examples
    --------
    >>> flag_names("count (0) must be at least 1", {"count": "--count"})
    '--count (0) must be at least 1'
    """
    if not flags:
        return message
    names = sorted(flags, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w./'-])(" + "|".join(map(re.escape, names)) + r")(?![\w'-])")
    return pattern.sub(lambda m: flags[m.group(1)], message)


def library_errors(func: Callable | None = None, *, flags: Mapping[str, str] | None = None) -> Callable:
    """Turn the library's ``ValueError`` (and unreadable files) into exit status 2 with one line.

    ``flags`` maps the library's parameter names to the command's options (``{"count": "--count"}``);
    messages about a file's content (:class:`toto13.errors.InputError`) are left as they are.
    """
    if func is None:
        return functools.partial(library_errors, flags=flags)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except click.ClickException:
            raise
        except BrokenPipeError:
            raise  # the reader went away (`toto13 ... | head`): click exits quietly
        except InputError as exc:
            raise InputFailure(str(exc)) from None
        except ValueError as exc:
            raise InputFailure(flag_names(str(exc), flags or {})) from None
        except OSError as exc:
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            raise InputFailure(f"{where}{exc.strerror or exc}") from None

    return wrapper


class Format(str, Enum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def enum_choice(enum: type[Enum]) -> click.Choice:
    """A ``click.Choice`` over an Enum's values."""
    return click.Choice([e.value for e in enum], case_sensitive=False)


def format_option(default: str = "table", choices: Sequence[str] = ("table", "json", "csv")):
    return click.option("--format", "fmt", type=click.Choice(list(choices), case_sensitive=False),
                        default=default, show_default=True, help="Output format.")


def _jsonable(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, Enum):
        return v.value
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        f = float(v)
        return f if math.isfinite(f) else None
    if isinstance(v, np.ndarray):
        return _jsonable(v.tolist())
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def _cell(v: Any, fmt: str | Callable | None) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if callable(fmt):
        return fmt(v)
    if fmt:
        return format(v, fmt)
    if isinstance(v, Enum):
        return str(v.value)
    if isinstance(v, (float, np.floating)):
        return f"{float(v):.6g}"
    return str(v)


def render(rows: Sequence[dict] | pd.DataFrame, fmt: str, *,
           formats: dict[str, str | Callable] | None = None,
           headers: dict[str, str] | None = None) -> str:
    """Render records as an aligned table, a JSON array or CSV.

    ``formats`` maps a column to a format spec or function for the table only (JSON and CSV keep full
    precision); ``headers`` renames columns in the table only.
    """
    if isinstance(rows, pd.DataFrame):
        records = rows.to_dict(orient="records")
        columns = list(rows.columns)
    else:
        records = list(rows)
        columns = list(records[0].keys()) if records else []
    if fmt == "json":
        return json.dumps([_jsonable(r) for r in records], indent=2)
    if fmt == "csv":
        df = pd.DataFrame([_jsonable(r) for r in records], columns=columns)
        return df.to_csv(index=False, float_format="%.12g").rstrip("\n")
    formats = formats or {}
    headers = headers or {}
    names = [headers.get(c, c) for c in columns]
    cells = [[_cell(r.get(c), formats.get(c)) for c in columns] for r in records]
    widths = [max([len(n)] + [len(row[i]) for row in cells]) for i, n in enumerate(names)]
    numeric = [all(_looks_numeric(row[i]) for row in cells) for i in range(len(columns))]

    def line(vals):
        return "  ".join(v.rjust(w) if num else v.ljust(w)
                         for v, w, num in zip(vals, widths, numeric)).rstrip()

    out = [line(names), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    return "\n".join(out)


def _looks_numeric(s: str) -> bool:
    s = s.replace(",", "").replace("%", "").strip()
    if s in ("-", ""):
        return True
    try:
        float(s)
        return True
    except ValueError:
        return False


def emit(rows: Sequence[dict] | pd.DataFrame, fmt: str, **kwargs) -> None:
    """Print :func:`render` output."""
    click.echo(render(rows, fmt, **kwargs))


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


def tip_output_options(func: Callable) -> Callable:
    """The options of every command that writes a tip set: --out, --vouchers, --upload-dir, --force."""
    for option in reversed([
        click.option("--out", "out", required=True, type=FILE,
                      help="Tip file to write (CSV column tip)."),
        click.option("--vouchers", is_flag=True, help="Also write the voucher and field of every tip."),
        click.option("--upload-dir", "upload_dir", default=None,
                     type=click.Path(file_okay=False, path_type=str),
                     help="Also write upload files OUT-001.csv, ... of at most the rules' upload limit."),
        click.option("--force", is_flag=True, help="Overwrite existing files."),
    ]):
        func = option(func)
    return func


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


def option_number(option: str, text: str | None, *, lo: float | None = None) -> float | None:
    """Parse a numeric option (None stays None): a finite number, at least ``lo`` when given."""
    if text is None:
        return None
    try:
        v = float(text)
    except ValueError:
        v = float("nan")
    if not math.isfinite(v) or (lo is not None and v < lo):
        bound = f" >= {lo:g}" if lo is not None else ""
        raise ValueError(f"{option} ({text!r}) must be a finite number{bound}")
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


def option_fraction(option: str, text: str) -> float:
    """Parse a probability option given as ``0.99`` or ``99/100``, strictly inside (0, 1)."""
    q = parse_fraction(option, text)
    if not 0 < q < 1:
        raise ValueError(f"{option} ({text!r}) must be in (0, 1)")
    return q
