"""Where compiled kernels and matplotlib's font cache go when the usual places cannot be written.

numba caches a compiled kernel beside its source (``__pycache__``) or in the user's cache directory;
matplotlib keeps its configuration and font cache in the user's ``~/.config`` and ``~/.cache``. A user
without a writable home (a service account, ``HOME=/nonexistent``) running a package installed by
another user has neither. :func:`private_dir` gives such a user a directory of their own in the
temporary directory instead: ``toto13-UID/NAME``, kept between runs (so a kernel is compiled once, not
on every run) and used only if it is a real directory owned by that user and closed to everyone else,
so no other user can plant a cache in it.
"""
from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["private_dir", "writable_dir"]


def private_dir(name: str) -> Path | None:
    """``TMP/toto13-UID/NAME``, made if need be (mode 0700); None where it cannot be made or is not
    this user's own closed directory."""
    uid = os.getuid()
    base = Path(tempfile.gettempdir()) / f"toto13-{uid}"
    try:
        for d in (base, base / name):
            with contextlib.suppress(FileExistsError):
                os.mkdir(d, 0o700)
            st = os.lstat(d)
            if not stat.S_ISDIR(st.st_mode) or st.st_uid != uid or st.st_mode & 0o077:
                return None
    except OSError:
        return None
    return base / name


def writable_dir(path: str | os.PathLike) -> bool:
    """Whether ``path`` is (or can be made) a directory this process can write to."""
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        return False
    return os.path.isdir(path) and os.access(path, os.W_OK | os.X_OK)
