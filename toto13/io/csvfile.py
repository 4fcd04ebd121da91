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
from .files import read_capped

__all__ = ["read_table", "parse_numbers", "require_columns", "MAX_FILE_BYTES"]

#: The largest CSV file read (bytes): over ten times the whole engsoccerdata germany.csv and 200 times a
#: football-data.co.uk season. Larger files are refused before they are read, rather than thrash (see
#: Limits in the README for the time and memory measured at this size); a device or a pipe is refused
#: once this much came from it. Tip files have their own bound.
MAX_FILE_BYTES = 32_000_000


def _decode(raw: bytes, path: Path, encodings: Sequence[str]) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[1:200:2].count(0) > 50:
        raise InputError("is not a comma-separated text file: it looks like UTF-16 text (wrong "
                         "encoding); save it as UTF-8", file=path)
    if b"\x00" in raw:
        raise InputError("is not a comma-separated text file: it holds NUL bytes (a binary file, "
                         "e.g. a spreadsheet or an image, not CSV)", file=path)
    head = raw[:4096]
    control = sum(head.count(bytes([c])) for c in range(32) if c not in (9, 10, 13))
    if control > max(4, len(head) // 100):
        raise InputError("is not a comma-separated text file: it holds control bytes (a binary "
                         "file, or compressed)", file=path)
    for enc in encodings:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(f"is not a comma-separated text file: it cannot be decoded as "
                     f"{' or '.join(encodings)} text (wrong encoding)", file=path)


def _separator_guess(line: str, sep: str) -> str | None:
    """The separator a header line uses instead of ``sep``, if it plainly uses another."""
    counts = {s: line.count(s) for s in (";", "\t", "|", ",") if s != sep}
    best = max(counts, key=counts.__getitem__)
    if counts[best] > line.count(sep):
        return {";": "semicolon ';'", "\t": "tab", "|": "bar '|'", ",": "comma ','"}[best]
    return None


def _csv_rows(text: str, sep: str, path: Path, max_field: int) -> list[list[str]]:
    """``csv.reader`` rows; a field over ``max_field`` characters (the csv module's limit) or another
    csv error becomes an :class:`InputError` naming the row and, where it can be told, the column."""
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    rows: list[list[str]] = []
    try:
        for r in reader:
            rows.append(r)
    except csv.Error as exc:
        line = reader.line_num
        header = rows[0] if rows else []
        column = None
        if "field larger" in str(exc):
            cells = text.split("\n")[line - 1].split(sep) if line >= 1 else []
            long = [k for k, c in enumerate(cells) if len(c) > max_field]
            if long and long[0] < len(header):
                column = header[long[0]].strip()
            raise InputError(f"a field of more than {max_field:,} characters; no cell of this file "
                             "holds that much (is this the right file?)", file=path, row=line,
                             column=column) from None
        raise InputError(f"not valid CSV ({exc})", file=path, row=line) from None
    return rows


def read_table(path: str | os.PathLike, *, required: Sequence[str] = (),
               any_of: Sequence[Sequence[str]] = (), sep: str | None = ",",
               encodings: Sequence[str] = ("utf-8-sig", "latin-1"),
               drop_blank: bool = True, max_bytes: int = MAX_FILE_BYTES) -> pd.DataFrame:
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
    max_bytes : int
        Refuse a larger file (default :data:`MAX_FILE_BYTES`).

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
    text = _read_text(p, max_bytes, encodings)
    if sep is None:
        first = text.split("\n", 1)[0]
        sep = ";" if first.count(";") > first.count(",") else ","
    rows = _csv_rows(text, sep, p, csv.field_size_limit())
    header = _checked_header(rows[0], text, sep, required, any_of, p)
    data, lines = _data_rows(rows, len(header), text, sep, drop_blank, p)
    df = pd.DataFrame(data, columns=_unique(header), index=pd.Index(lines, name="row"))
    df.attrs["path"] = str(p)
    return df


def _read_text(p: Path, max_bytes: int, encodings: Sequence[str]) -> str:
    """The file's text, decoded, without a byte-order mark and with ``\n`` line ends; not empty."""
    try:
        raw = read_capped(p, max_bytes)
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
    return text


def _checked_header(first: list[str], text: str, sep: str, required: Sequence[str],
                    any_of: Sequence[Sequence[str]], p: Path) -> list[str]:
    """The stripped header cells, checked for the separator and the columns asked for."""
    header = [h.strip() for h in first]
    if len(header) == 1 and (required or any_of):
        other = _separator_guess(text.split("\n", 1)[0], sep)
        if other is not None:
            raise InputError(f"is not a comma-separated file: the header is separated by {other}; "
                             f"expected fields separated by {'comma' if sep == ',' else repr(sep)}",
                             file=p, row=1)
    if not any(header):
        raise InputError("the first row must be a header naming the columns", file=p, row=1)
    _require(header, required, p)
    if any_of and not any(all(c in header for c in group) for group in any_of):
        groups = " or ".join(",".join(g) for g in any_of)
        raise InputError(f"expected the columns {groups}; the header has {', '.join(header)}",
                         file=p, row=1)
    return header


def _data_rows(rows: list[list[str]], width: int, text: str, sep: str, drop_blank: bool,
               p: Path) -> tuple[list[list[str]], list[int]]:
    """The data rows' stripped cells, padded to ``width``, and their line numbers; a row with more
    non-empty cells than the header is an error (with a hint at the separator or decimal commas)."""
    data, lines = [], []
    for i, r in enumerate(rows[1:], start=2):
        cells = [c.strip() for c in r]
        if drop_blank and not any(cells):
            continue
        if len(cells) > width and any(cells[width:]):
            hint = ""
            if width == 1 or len(cells) > 2 * width:
                other = _separator_guess(",".join(r) if sep != "," else text.split("\n")[0], sep)
                hint = (f"; the file is perhaps separated by {other}" if other else
                        "; decimal commas (1,95) must be written with a point (1.95)" if sep == ","
                        else "")
            raise InputError(f"has {len(cells)} fields, the header has {width}{hint}", file=p, row=i)
        cells = (cells + [""] * width)[:width]
        data.append(cells)
        lines.append(i)
    if not data:
        raise InputError("no data rows after the header", file=p)
    return data, lines


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

