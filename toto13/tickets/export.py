"""Writing tip sets: a tip file, the layout on vouchers, upload files of limited size.

Every file is staged in a :class:`toto13.io.outputs.Outputs` (temporary sibling, then rename), so a
tip file and its upload files appear together or not at all, and an existing file is never replaced
unless ``force``.
"""
from __future__ import annotations

import contextlib
import csv
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from ..io.outputs import Outputs, check_output
from ..io.tips import read_tips
from ..rules import TOTO13, Rules
from .encoding import check_tips, tips_to_strings

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["write_tips", "read_tips", "voucher_layout", "write_upload_files", "upload_paths",
           "check_export", "export_tips"]


def _columns_to_csv(path: str | os.PathLike, columns: dict, outputs: Outputs) -> None:
    """A CSV of named columns (plain csv: pandas costs a sizeable part of a command's start-up)."""
    with outputs.open(path) as fh:
        out = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        out.writerow(list(columns))
        out.writerows(zip(*(np.asarray(c).tolist() for c in columns.values())))


def _voucher_columns(t: np.ndarray, rules: Rules) -> dict:
    k = np.arange(t.shape[0])
    size = rules.voucher_size
    return {"voucher": k // size + 1, "field": k % size + 1, "tip": tips_to_strings(t)}


@contextlib.contextmanager
def _staging(outputs: Outputs | None, force: bool):
    """The caller's staging, or a fresh one committed at the end."""
    if outputs is not None:
        yield outputs
        return
    with Outputs(force=force) as own:
        yield own


def write_tips(path: str | os.PathLike, tips: ArrayLike, force: bool = False, *,
               rules: Rules | None = None, vouchers: bool = False,
               outputs: Outputs | None = None) -> Path:
    """Write a tip file (CSV, column ``tip``), atomically.

    Parameters
    ----------
    path : path-like
    tips : array_like, shape (n, m)
        Outcome codes.
    force : bool
        Overwrite an existing file.
    rules : Rules, optional
        For ``vouchers``: the voucher size (default TOTO 13er Wette).
    vouchers : bool
        Also write the columns ``voucher`` and ``field`` (:func:`voucher_layout`) before ``tip``.
    outputs : Outputs, optional
        Stage the file there (committed with the caller's other outputs) instead of writing it now.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = write_tips(f, [[0, 1, 2], [2, 2, 2]])
    >>> print(f.read_text(), end="")
    tip
    102
    222
    """
    t = check_tips(tips)
    columns = _voucher_columns(t, rules or TOTO13) if vouchers else {"tip": tips_to_strings(t)}
    with _staging(outputs, force) as staged:
        _columns_to_csv(path, columns, staged)
    return Path(path)


def voucher_layout(tips: ArrayLike, rules: Rules = TOTO13) -> pd.DataFrame:
    """Lay tips out on vouchers of ``rules.voucher_size`` fields, in order.

    Returns
    -------
    pandas.DataFrame
        Columns ``voucher`` (1, 2, ...), ``field`` (1 .. voucher_size) and ``tip`` (string).

    Examples
    --------
    >>> voucher_layout([[0], [1], [2]], TOTO13.replace(voucher_size=2))
       voucher  field tip
    0        1      1   1
    1        1      2   0
    2        2      1   2
    """
    import pandas as pd
    return pd.DataFrame(_voucher_columns(check_tips(tips), rules))


def write_upload_files(directory: str | os.PathLike, name: str, tips: ArrayLike, rules: Rules = TOTO13,
                       force: bool = False, *, outputs: Outputs | None = None) -> list[Path]:
    """Split a tip set into upload files ``NAME-001.csv``, ``NAME-002.csv``, ... (column ``tip``).

    Each file holds at most ``rules.max_upload_tips`` tips (all in one file when that is None). All
    target files are staged together (in ``outputs`` when given), so nothing partial is left. With
    ``force``, upload files of an earlier, larger export under the same name are removed with the
    commit (they would be uploaded too).

    Returns
    -------
    list of pathlib.Path

    Examples
    --------
    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> paths = write_upload_files(d, "round7", [[0, 0]] * 5, TOTO13.replace(max_upload_tips=2))
    >>> [p.name for p in paths]
    ['round7-001.csv', 'round7-002.csv', 'round7-003.csv']
    """
    t = check_tips(tips)
    if not name or any(ch in name for ch in "/\\") or name in (".", ".."):
        raise ValueError(f"name ({name!r}) must be a plain file name stem")
    d = Path(directory)
    if os.path.lexists(d) and not d.is_dir():
        raise ValueError(f"{d} is not a directory")
    size = rules.max_upload_tips or max(1, t.shape[0])
    chunks = [t[i:i + size] for i in range(0, t.shape[0], size)] or [t]
    paths = upload_paths(d, name, t.shape[0], rules)
    with _staging(outputs, force) as staged:
        for p in paths:
            check_output(p, force=staged.force)
        for p, chunk in zip(paths, chunks):
            _columns_to_csv(p, {"tip": tips_to_strings(chunk)}, staged)
        if staged.force and d.is_dir():
            pattern = re.compile(re.escape(name) + r"-\d{3,}\.csv")
            for stale in sorted(d.iterdir()):
                if pattern.fullmatch(stale.name) and stale not in paths and stale.is_file():
                    staged.remove(stale)
    return paths


def upload_paths(directory: str | os.PathLike, name: str, n: int, rules: Rules = TOTO13) -> list[Path]:
    """The upload files ``NAME-001.csv``, ... that :func:`write_upload_files` writes for ``n`` tips."""
    size = rules.max_upload_tips or max(1, n)
    return [Path(directory) / f"{name}-{i + 1:03d}.csv" for i in range(max(1, -(-n // size)))]


def check_export(out: str | os.PathLike, n: int, rules: Rules = TOTO13, *,
                 upload_dir: str | os.PathLike | None = None, force: bool = False) -> None:
    """Check before any work is done that :func:`export_tips` may write all its files.

    Raises ``ValueError`` naming the first file that exists (without ``force``).
    """
    check_output(out, force=force)
    if upload_dir is not None:
        if os.path.lexists(upload_dir) and not Path(upload_dir).is_dir():
            raise ValueError(f"{upload_dir} is not a directory")
        for p in upload_paths(upload_dir, Path(out).stem, n, rules):
            check_output(p, force=force)


def export_tips(out: str | os.PathLike, tips: ArrayLike, rules: Rules = TOTO13, *,
                vouchers: bool = False, upload_dir: str | os.PathLike | None = None,
                force: bool = False, outputs: Outputs | None = None) -> list[str]:
    """Write a tip file (optionally with its voucher layout) and its upload files, all or nothing.

    Upload files are named after the tip file (``tips.csv`` -> ``DIR/tips-001.csv``, ...). All files
    are staged and moved into place together (with the caller's other ``outputs`` when given): if any
    cannot be written, or the run is interrupted, every existing file stays as it was.

    Returns
    -------
    list of str
        The files written, the tip file first.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> files = export_tips(d / "t.csv", [[0, 1], [2, 2]], upload_dir=d / "up")
    >>> [pathlib.Path(f).name for f in files]
    ['t.csv', 't-001.csv']
    """
    t = check_tips(tips)
    with _staging(outputs, force) as staged:
        check_export(out, t.shape[0], rules, upload_dir=upload_dir, force=staged.force)
        write_tips(out, t, rules=rules, vouchers=vouchers, outputs=staged)
        written = [str(out)]
        if upload_dir is not None:
            written += [str(p) for p in write_upload_files(upload_dir, Path(out).stem, t, rules,
                                                           outputs=staged)]
    return written
