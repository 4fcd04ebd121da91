"""Atomic file output: write to a temporary file beside the target, then rename.

A failure part-way leaves nothing behind, and an existing file is never overwritten unless asked.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO, Iterator

__all__ = ["atomic_write", "atomic_directory", "check_writable"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_writable(path: str | os.PathLike, *, force: bool = False) -> Path:
    """Check that ``path`` may be written; raise ``ValueError`` if it exists and ``force`` is off."""
    p = Path(path)
    if p.exists() and not force:
        raise ValueError(f"{p} exists already; pass --force (force=True) to overwrite it")
    if p.exists() and p.is_dir():
        raise ValueError(f"{p} is a directory, not a file")
    return p


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, *, force: bool = False, mode: str = "w",
                 encoding: str | None = "utf-8", newline: str | None = "") -> Iterator[IO]:
    """Open a temporary file for writing; on success rename it to ``path``, on error delete it.

    Parameters
    ----------
    path : path-like
        The final file. Its directory is created if missing.
    force : bool
        Overwrite an existing file.
    mode, encoding, newline
        As for :func:`open` (``"wb"`` for bytes, with ``encoding=None, newline=None``).
    """
    p = check_writable(path, force=force)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as fh:
            yield fh
        if p.exists() and not force:  # appeared meanwhile
            raise ValueError(f"{p} exists already; pass --force (force=True) to overwrite it")
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual mode
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_directory(path: str | os.PathLike, *, force: bool = False) -> Iterator[Path]:
    """Yield a fresh temporary directory beside ``path``; on success rename it to ``path``.

    On an error the temporary directory is removed and ``path`` is untouched. An existing ``path`` is
    replaced only with ``force`` (and only once the new content is complete).
    """
    p = Path(path)
    if p.exists() and not force:
        raise ValueError(f"{p} exists already; pass --force (force=True) to overwrite it")
    if p.exists() and not p.is_dir():
        raise ValueError(f"{p} exists and is not a directory")
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700
        old = None
        if p.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{p.name}.", suffix=".old", dir=p.parent))
            os.replace(p, old / p.name)
        os.replace(tmp, p)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
