"""What the commands print: aligned tables, JSON or CSV (the money and percent formats of the tables are
in :mod:`._formats`)."""
from __future__ import annotations

import math
import sys
from enum import Enum
from typing import TYPE_CHECKING, Any, Callable, Sequence

import click
import numpy as np

from ._formats import json_text, jsonable

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Format", "render", "emit", "json_text"]


class Format(str, Enum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


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
    # pandas is imported only by commands that use it (start-up time); a DataFrame implies it is loaded
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(rows, pandas.DataFrame):
        records = rows.to_dict(orient="records")
        columns = list(rows.columns)
    else:
        records = list(rows)
        columns = list(records[0].keys()) if records else []
    if fmt == "json":
        return json_text(records)
    if fmt == "csv":
        import pandas as pd
        df = pd.DataFrame([jsonable(r) for r in records], columns=columns)
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
