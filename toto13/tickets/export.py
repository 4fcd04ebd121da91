"""Writing tip sets: a tip file, the layout on vouchers, upload files of limited size.

Every file is written atomically (temporary file, then rename) and an existing file is never
overwritten unless ``force``.
"""
from __future__ import annotations

import contextlib
import csv
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ..io.atomic import atomic_write, check_writable
from ..io.tips import read_tips
from ..rules import TOTO13, Rules
from .encoding import check_tips, tips_to_strings

__all__ = ["write_tips", "read_tips", "voucher_layout", "write_upload_files", "upload_paths",
           "check_export", "export_tips"]


def _frame_to_csv(path: str | os.PathLike, df: pd.DataFrame, force: bool) -> None:
    with atomic_write(path, force=force) as fh:
        df.to_csv(fh, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")


def write_tips(path: str | os.PathLike, tips: ArrayLike, force: bool = False, *,
               rules: Rules | None = None, vouchers: bool = False) -> Path:
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
    if vouchers:
        df = voucher_layout(t, rules or TOTO13)
    else:
        df = pd.DataFrame({"tip": tips_to_strings(t)})
    _frame_to_csv(path, df, force)
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
    t = check_tips(tips)
    k = np.arange(t.shape[0])
    size = rules.voucher_size
    return pd.DataFrame({"voucher": k // size + 1, "field": k % size + 1, "tip": tips_to_strings(t)})


def write_upload_files(directory: str | os.PathLike, name: str, tips: ArrayLike, rules: Rules = TOTO13,
                       force: bool = False) -> list[Path]:
    """Split a tip set into upload files ``NAME-001.csv``, ``NAME-002.csv``, ... (column ``tip``).

    Each file holds at most ``rules.max_upload_tips`` tips (all in one file when that is None). All
    target files are checked before anything is written, and files already written are removed if a
    later one fails, so nothing partial is left.

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
    if d.exists() and not d.is_dir():
        raise ValueError(f"{d} is not a directory")
    size = rules.max_upload_tips or max(1, t.shape[0])
    chunks = [t[i:i + size] for i in range(0, t.shape[0], size)] or [t]
    paths = upload_paths(d, name, t.shape[0], rules)
    for p in paths:
        check_writable(p, force=force)
    written: list[Path] = []
    try:
        for p, chunk in zip(paths, chunks):
            _frame_to_csv(p, pd.DataFrame({"tip": tips_to_strings(chunk)}), force)
            written.append(p)
    except BaseException:
        for p in written:
            with contextlib.suppress(OSError):
                p.unlink()
        raise
    if force:  # files of an earlier, larger export under the same name would be uploaded too
        pattern = re.compile(re.escape(name) + r"-\d{3,}\.csv")
        for stale in d.iterdir():
            if pattern.fullmatch(stale.name) and stale not in paths:
                stale.unlink()
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
    check_writable(out, force=force)
    if upload_dir is not None:
        for p in upload_paths(upload_dir, Path(out).stem, n, rules):
            check_writable(p, force=force)


def export_tips(out: str | os.PathLike, tips: ArrayLike, rules: Rules = TOTO13, *,
                vouchers: bool = False, upload_dir: str | os.PathLike | None = None,
                force: bool = False) -> list[str]:
    """Write a tip file (optionally with its voucher layout) and its upload files, all or nothing.

    Upload files are named after the tip file (``tips.csv`` -> ``DIR/tips-001.csv``, ...). If any file
    cannot be written, the ones already written are removed again.

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
    check_export(out, t.shape[0], rules, upload_dir=upload_dir, force=force)
    write_tips(out, t, force, rules=rules, vouchers=vouchers)
    written = [str(out)]
    if upload_dir is not None:
        try:
            written += [str(p) for p in write_upload_files(upload_dir, Path(out).stem, t, rules, force)]
        except BaseException:
            Path(out).unlink(missing_ok=True)
            raise
    return written
