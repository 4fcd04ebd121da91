"""Reading CSV tables with messages that name the file, row and column."""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import InputError

__all__ = ["read_table", "parse_numbers", "require_columns"]


def _decode(raw: bytes, path: Path, encodings: Sequence[str]) -> str:
    if b"\x00" in raw:
        raise InputError("this is not a text CSV file (it holds NUL bytes)", file=path)
    for enc in encodings:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(f"cannot be decoded as {' or '.join(encodings)} text", file=path)


def read_table(path: str | os.PathLike, *, required: Sequence[str] = (),
               any_of: Sequence[Sequence[str]] = (), sep: str | None = ",",
               encodings: Sequence[str] = ("utf-8-sig", "latin-1"),
               drop_blank: bool = True) -> pd.DataFrame:
    """Read a CSV file as strings, with the header checked.

    Parameters
    ----------
    path : path-like
        The file.
    required : sequence of str
        Columns that must be present.
    any_of : sequence of sequences of str
        Groups of columns of which one whole group must be present (e.g. probabilities or odds).
    sep : str or None
        Field separator; None sniffs ``,`` or ``;``.
    encodings : sequence of str
        Tried in order (a UTF-8 byte-order mark is dropped by ``utf-8-sig``).
    drop_blank : bool
        Drop rows whose fields are all empty (football-data.co.uk files end with such rows).

    Returns
    -------
    pandas.DataFrame
        All cells as stripped strings (empty string for an empty cell). The index is the line number in
        the file (header = line 1), so messages about a row can name it.

    Raises
    ------
    InputError
        Missing or unreadable file, binary content, no header, no data rows, missing columns.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", file=p) from None
    except IsADirectoryError:
        raise InputError("is a directory, expected a CSV file", file=p) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", file=p) from None
    text = _decode(raw, p, encodings)
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("the file is empty; expected a header row and data rows", file=p)
    if sep is None:
        first = text.split("\n", 1)[0]
        sep = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=sep))
    header = [h.strip() for h in rows[0]]
    if not any(header):
        raise InputError("the first row must be a header naming the columns", file=p, row=1)
    _require(header, required, p)
    if any_of and not any(all(c in header for c in group) for group in any_of):
        groups = " or ".join(",".join(g) for g in any_of)
        raise InputError(f"expected the columns {groups}; the header has {', '.join(header)}",
                         file=p, row=1)
    width = len(header)
    data, lines = [], []
    for i, r in enumerate(rows[1:], start=2):
        cells = [c.strip() for c in r]
        if drop_blank and not any(cells):
            continue
        if len(cells) > width and any(cells[width:]):
            raise InputError(f"has {len(cells)} fields, the header has {width}", file=p, row=i)
        cells = (cells + [""] * width)[:width]
        data.append(cells)
        lines.append(i)
    if not data:
        raise InputError("no data rows after the header", file=p)
    df = pd.DataFrame(data, columns=_unique(header), index=pd.Index(lines, name="row"))
    df.attrs["path"] = str(p)
    return df


def _require(header: Sequence[str], required: Sequence[str], path) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(f"missing column(s) {', '.join(missing)}; the header has {', '.join(header)}",
                         file=path, row=1)


def require_columns(df: pd.DataFrame, required: Sequence[str]) -> pd.DataFrame:
    """Check that a table from :func:`read_table` has ``required`` columns (as ``read_table`` does)."""
    _require(list(df.columns), required, df.attrs.get("path"))
    return df


def _unique(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in header:
        if h in seen:
            seen[h] += 1
            out.append(f"{h}.{seen[h]}")
        else:
            seen[h] = 0
            out.append(h)
    return out


def parse_numbers(df: pd.DataFrame, column: str, *, expected: str = "a number",
                  check: Callable[[NDArray[np.float64]], NDArray[np.bool_]] | None = None,
                  allow_missing: bool = False) -> NDArray[np.float64]:
    """Parse one column of :func:`read_table` output as floats.

    ``check`` returns a mask of valid values; the first invalid (or unparsable) cell raises an
    :class:`InputError` naming the file, the row, the column and ``expected``. With ``allow_missing``
    an empty cell becomes NaN instead.
    """
    path = df.attrs.get("path")
    cells = df[column]
    values = pd.to_numeric(cells.where(cells != "", None), errors="coerce").to_numpy(dtype=np.float64)
    empty = (cells == "").to_numpy()
    bad = np.isnan(values) & ~(empty & allow_missing)
    ok_vals = ~np.isnan(values)
    if check is not None:
        with np.errstate(invalid="ignore"):
            bad |= ok_vals & ~np.asarray(check(np.where(ok_vals, values, 0.0)), dtype=bool)
    if bad.any():
        i = int(np.argmax(bad))
        raise InputError(f"{cells.iloc[i]!r} is not {expected}", file=path, row=int(df.index[i]),
                         column=column)
    return values
