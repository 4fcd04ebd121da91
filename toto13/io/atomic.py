"""Single-file and single-directory outputs, all or nothing (thin wrappers over :class:`Outputs`).

A failure part-way leaves nothing behind, and an existing file is never replaced unless asked. A
command that writes several outputs stages them all in one :class:`~toto13.io.outputs.Outputs`.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO, Iterator

from .outputs import Outputs, check_output

__all__ = ["atomic_write", "atomic_directory", "check_writable"]


def check_writable(path: str | os.PathLike, *, force: bool = False) -> Path:
    """Check that the file ``path`` may be written; raise ``ValueError`` naming it if not.

    See :func:`toto13.io.outputs.check_output` (existing files need ``force``; directories, dangling
    symbolic links and paths below a file are refused; devices and FIFOs are written through).
    """
    check_output(path, force=force)
    return Path(path)


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, *, force: bool = False, mode: str = "w",
                 encoding: str | None = "utf-8", newline: str | None = "") -> Iterator[IO]:
    """Open a temporary file for writing; on success it replaces ``path``, on error it is deleted.

    Parameters
    ----------
    path : path-like
        The final file. Its directory is created if missing (and removed again on an error).
    force : bool
        Replace an existing regular file.
    mode, encoding, newline
        ``"w"`` (text, UTF-8, no newline translation) or ``"wb"`` (bytes).
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"mode ({mode!r}) must be 'w' or 'wb'")
    with Outputs(force=force) as out:
        with out.open(path, binary=mode == "wb", encoding=encoding or "utf-8") as fh:
            yield fh


@contextlib.contextmanager
def atomic_directory(path: str | os.PathLike, *, force: bool = False) -> Iterator[Path]:
    """Yield a fresh temporary directory beside ``path``; on success it replaces ``path``.

    On an error the temporary directory is removed and ``path`` is untouched. An existing ``path`` is
    replaced only with ``force`` (and only once the new content is complete).
    """
    with Outputs(force=force) as out:
        with out.directory(path) as tmp:
            yield tmp
