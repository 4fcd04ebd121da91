"""The one date parser of the file readers: a column of date strings in given formats, checked."""
from __future__ import annotations

import datetime
import os
from typing import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import InputError

__all__ = ["parse_dates", "ISO_DATE", "DAY_FIRST", "DATE_RANGE"]

#: Years a date may fall in: the span of pandas' nanosecond timestamps (1677-09-21 to 2262-04-11),
#: whole years only.
DATE_RANGE = (1678, 2261)

#: ``2024-08-17``: the date format of the files toto13 writes.
ISO_DATE = ("%Y-%m-%d",)
#: ``17/08/2024`` or ``17/08/24``: football-data.co.uk's ``Date`` column.
DAY_FIRST = ("%d/%m/%Y", "%d/%m/%y")

_SHOWN = {"%Y": "YYYY", "%y": "YY", "%m": "MM", "%d": "DD"}


def _shown(fmt: str) -> str:
    for code, text in _SHOWN.items():
        fmt = fmt.replace(code, text)
    return fmt


def parse_dates(table: pd.DataFrame, column: str, formats: Sequence[str] = ISO_DATE, *,
                path: str | os.PathLike | None = None, allow_empty: bool = False
                ) -> NDArray[np.datetime64]:
    """Parse a column of date strings, trying each format in turn for the cells not yet parsed.

    Parameters
    ----------
    table : pandas.DataFrame
        Cells as strings (empty string for an empty cell), indexed by line number in the file, as
        :func:`toto13.io.read_table` returns it.
    column : str
        The column to parse.
    formats : sequence of str
        ``strptime`` formats, tried in order (first match wins).
    path : path-like, optional
        The file, for the message.
    allow_empty : bool
        Empty cells become ``NaT`` instead of an error.

    Returns
    -------
    ndarray of datetime64[D]

    Raises
    ------
    InputError
        Naming the file, the row (the table's index) and the column of the first cell that no format
        reads, and the formats expected.

    Examples
    --------
    >>> t = pd.DataFrame({"Date": ["17/08/2024", "18/08/24"]}, index=[2, 3])
    >>> parse_dates(t, "Date", DAY_FIRST).tolist()
    [datetime.date(2024, 8, 17), datetime.date(2024, 8, 18)]
    >>> parse_dates(t, "Date")
    Traceback (most recent call last):
    ...
    toto13.errors.InputError: row 2, column 'Date': '17/08/2024' is not a date YYYY-MM-DD
    """
    cells = table[column].astype(str)
    out = np.full(len(cells), np.datetime64("NaT"), dtype="datetime64[D]")
    todo = (cells != "").to_numpy().copy() if allow_empty else np.ones(len(cells), dtype=bool)
    for fmt in formats:
        if not todo.any():
            break
        parsed = pd.to_datetime(cells[todo], format=fmt, errors="coerce")
        ok = parsed.notna().to_numpy()
        where = np.flatnonzero(todo)[ok]
        out[where] = parsed[ok].to_numpy().astype("datetime64[D]")
        todo[where] = False
    if todo.any():
        k = int(np.argmax(todo))
        raise InputError(_not_a_date(cells.iloc[k], formats), file=path, row=int(table.index[k]),
                         column=column)
    years = out.astype("datetime64[Y]").astype(np.int64) + 1970
    outside = ~np.isnat(out) & ((years < DATE_RANGE[0]) | (years > DATE_RANGE[1]))
    if outside.any():
        k = int(np.argmax(outside))
        raise InputError(_not_a_date(cells.iloc[k], formats), file=path, row=int(table.index[k]),
                         column=column)
    return out


def _not_a_date(cell: str, formats: Sequence[str]) -> str:
    """Why ``cell`` is refused: not in any of ``formats``, or a date outside :data:`DATE_RANGE`."""
    for fmt in formats:
        try:
            datetime.datetime.strptime(cell, fmt)
        except ValueError:
            continue
        return f"{cell!r} is outside the dates supported ({DATE_RANGE[0]} to {DATE_RANGE[1]})"
    return f"{cell!r} is not a date {' or '.join(_shown(f) for f in formats)}"
