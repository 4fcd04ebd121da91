"""Reading an input file whatever it is (a regular file, a device, a named pipe), with a byte limit, and
remembering which files a command read so that none of them is replaced by its outputs.

:func:`read_capped` reads in chunks and stops at the limit, so ``/dev/zero``, ``/dev/urandom`` or a pipe
fed by ``yes`` ends with an error instead of filling the memory, and Ctrl-C is acted on between chunks
(and inside a read that waits on a pipe). Inside :func:`tracking_inputs` (the command line runs every
command in one) each file read is remembered; :class:`toto13.io.outputs.Outputs` refuses to replace any
of them.
"""
from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from typing import Iterator

from ..errors import InputError

__all__ = ["read_capped", "tracking_inputs", "inputs_read", "InputFile", "CHUNK_BYTES"]

#: Bytes asked for by one read: small enough that Ctrl-C is acted on at once, large enough to cost
#: nothing against parsing.
CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class InputFile:
    """A file a command read: its name as given, its real path, and its identity on the disk."""

    given: str
    real: str
    device: int
    inode: int
    regular: bool


#: One set per open :func:`tracking_inputs` block (innermost last).
_SCOPES: list[list[InputFile]] = []


@contextlib.contextmanager
def tracking_inputs() -> Iterator[list[InputFile]]:
    """Remember every file :func:`read_capped` reads inside the block (yielded as a growing list)."""
    scope: list[InputFile] = []
    _SCOPES.append(scope)
    try:
        yield scope
    finally:
        _SCOPES.remove(scope)


def inputs_read() -> list[InputFile]:
    """The files read so far inside the open :func:`tracking_inputs` blocks (none outside them)."""
    return [f for scope in _SCOPES for f in scope]


def _remember(path: str | os.PathLike, st: os.stat_result) -> None:
    if _SCOPES:
        _SCOPES[-1].append(InputFile(os.fspath(path), os.path.realpath(path), st.st_dev, st.st_ino,
                                     stat.S_ISREG(st.st_mode)))


def read_capped(path: str | os.PathLike, max_bytes: int) -> bytes:
    """The bytes of ``path``, refused with an :class:`toto13.errors.InputError` past ``max_bytes``.

    The limit applies to what is read, not to the size the file claims: a regular file is refused by
    its size before it is read, anything else (a device, a named pipe, ``/proc``) after ``max_bytes``
    bytes came. ``OSError`` (no such file, a directory, no permission) is left to the caller.

    Examples
    --------
    >>> try:
    ...     read_capped("/dev/zero", 10)
    ... except ValueError as exc:
    ...     print(exc)
    /dev/zero: holds more than 10 bytes; the largest file read is 10 bytes (see Limits in the README)
    """
    with open(path, "rb", buffering=0) as fh:
        st = os.fstat(fh.fileno())
        if stat.S_ISREG(st.st_mode) and st.st_size > max_bytes:
            raise InputError(f"is {st.st_size:,} bytes; the largest file read is {max_bytes:,} bytes "
                             "(see Limits in the README)", file=path)
        _remember(path, st)
        chunks, total = [], 0
        while True:
            chunk = fh.read(min(CHUNK_BYTES, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise InputError(f"holds more than {max_bytes:,} bytes; the largest file read is "
                                 f"{max_bytes:,} bytes (see Limits in the README)", file=path)
    return b"".join(chunks)
