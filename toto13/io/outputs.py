"""All outputs of a command, all or nothing: stage every file and directory, then move them into place.

:class:`Outputs` collects every file and directory a command writes. Each is first written in full to a
temporary sibling of its target; only when all are complete are they renamed into place, together.
A failure or an interrupt (Ctrl-C) before that removes every temporary file and every directory the
staging created, and leaves every pre-existing file as it was. While the renames run, Ctrl-C is held
back, and a rename that fails puts back what the earlier ones replaced.

What is never replaced:

* an existing file or directory, unless ``force``; a directory only if it holds the files that show it
  is the command's own kind of output (``require``) and none of the command's inputs (``inputs``);
* a symbolic link: a link to an existing regular file is followed (with ``force`` the file it points
  to is replaced and the link kept); a dangling link is refused;
* a device or a named pipe (FIFO): written straight through, never renamed over, and without ``force``
  (writing to them is what the user asked for). A named pipe is opened without waiting: with no reader
  it is refused at once, and Ctrl-C is acted on while a slow reader drains it;
* a name of one of this process's open descriptors (``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``,
  ``/proc/self/fd/N``): written to that descriptor, whatever it goes to (a file ``>>`` appends to
  keeps its content), never to the file it resolves to;
* a file the command reads: an output that is (or resolves to, through symbolic links or hard links)
  one of its inputs is refused, with ``force`` or not. The inputs are those named in ``inputs`` and,
  inside :func:`toto13.io.files.tracking_inputs`, every file read so far.

What goes straight through is held in memory until the commit, so no temporary file is left anywhere
for it. A replaced file or directory is set aside until the commit is complete, then deleted; if it
cannot be deleted entirely, the commit stands and the error names what is left.
"""
from __future__ import annotations

import contextlib
import enum
import errno
import fcntl
import io
import os
import re
import secrets
import shutil
import signal
import stat
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterator, Sequence

from .files import InputFile, inputs_read

__all__ = ["Outputs", "check_output"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class _Kind(enum.Enum):
    NEW = "new"            # nothing there
    FILE = "file"          # a regular file (possibly reached through a symlink)
    DIR = "dir"            # a directory
    THROUGH = "through"    # a device or FIFO: written straight through
    FD = "fd"              # /dev/stdout, /dev/fd/N, ...: written to this process's descriptor N


#: Names of an open descriptor of a process (``/proc/thread-self`` resolves to ``/proc/P/task/T``).
_FD_NAME = re.compile(r"/(?:proc/(\d+)(?:/task/\d+)?/fd|dev/fd)/(\d+)")


def _descriptor(given: Path) -> int | None:
    """The descriptor of this process that ``given`` names through ``/proc/self/fd`` (as
    ``/dev/stdout`` does), following symbolic links; None for any other path."""
    path = str(given)
    for _ in range(40):  # the kernel's own limit on symbolic links in a row
        path = os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path))
        m = _FD_NAME.fullmatch(path)
        if m:
            return int(m.group(2)) if m.group(1) in (None, str(os.getpid())) else None
        if not os.path.islink(path):
            return None
        path = os.path.join(os.path.dirname(path), os.readlink(path))
    return None


def _show(path: str | os.PathLike) -> str:
    """A path for a message, with control characters escaped."""
    from ..errors import printable

    return printable(str(path))


def _target(path: str | os.PathLike, *, directory: bool = False) -> tuple[Path, _Kind]:
    """Where an output named ``path`` really goes, and what is there now."""
    if str(path) == "":
        raise ValueError("an output path is empty (''); name a file")
    given = Path(os.path.abspath(os.fspath(path)))
    if _descriptor(given) is not None:
        if directory:
            raise ValueError(f"{_show(path)} is an open file descriptor, not a directory")
        return given, _Kind.FD
    if not os.path.lexists(given):
        _check_name(given, path)
    link = given.is_symlink()
    try:
        st = os.stat(given)  # follows a symbolic link
    except FileNotFoundError:
        if link:
            raise ValueError(f"{_show(path)} is a symbolic link to {_show(os.readlink(given))}, which "
                             "does not exist; it is not replaced: remove the link or name another "
                             "file") from None
        return given, _Kind.NEW
    except NotADirectoryError:
        _check_parent(given, path)
        raise ValueError(f"{_show(path)}: a parent of it is a file, not a directory") from None
    except OSError as exc:
        raise ValueError(f"{_show(path)}: cannot be checked ({exc.strerror})") from None
    if stat.S_ISREG(st.st_mode):
        _check_name(given, path)
        if directory:
            raise ValueError(f"{_show(path)} exists and is a file, not a directory")
        return (Path(os.path.realpath(given)) if link else given), _Kind.FILE
    if stat.S_ISDIR(st.st_mode):
        if not directory:
            raise ValueError(f"{_show(path)} is a directory, not a file")
        if link:
            raise ValueError(f"{_show(path)} is a symbolic link; it is not replaced: remove the link "
                             "or name another directory")
        return given, _Kind.DIR
    if directory:
        raise ValueError(f"{_show(path)} is a device, pipe or socket, not a directory")
    return given, _Kind.THROUGH


#: Characters the staging adds to a name (``.NAME.XXXXXXXX.tmp``, ``.NAME.XXXXXXXX.old``).
_STAGING_EXTRA = 15


def _check_name(real: Path, shown: str | os.PathLike) -> None:
    """Refuse a name too long to be staged beside the target (most file systems allow 255 bytes)."""
    limit = 255
    for parent in real.parents:
        if parent.is_dir():
            with contextlib.suppress(OSError, ValueError):
                limit = os.pathconf(parent, "PC_NAME_MAX")
            break
    n = len(os.fsencode(real.name))
    if n + _STAGING_EXTRA > limit:
        raise ValueError(f"{_show(shown)}: the file name is too long ({n} bytes; at most "
                         f"{limit - _STAGING_EXTRA} here)")


def _check_parent(real: Path, shown: str | os.PathLike) -> None:
    for parent in reversed(real.parents):
        if not os.path.lexists(parent):
            return
        if not parent.is_dir():
            raise ValueError(f"{_show(shown)}: {_show(parent)} is a file, not a directory")


def check_output(path: str | os.PathLike, *, force: bool = False, directory: bool = False,
                 require: Sequence[str] = (), inputs: Sequence[str | os.PathLike] = ()) -> Path:
    """Check, before any work, that ``path`` may be written as an output; return where it goes.

    Raises ``ValueError`` naming the path when it is (or, for a ``directory``, holds) one of ``inputs``
    or of the files read so far (:func:`toto13.io.files.inputs_read`), whatever ``force`` says; when it
    exists and ``force`` is off; when it is a dangling symbolic link, a directory where a file is
    expected (or the reverse), below a file, or (for a ``directory`` with ``force``) a directory lacking
    one of the files ``require`` names.
    """
    real, kind = _target(path, directory=directory)
    _check_parent(real, path)
    _check_not_input(path, real, kind, _as_inputs(inputs) + inputs_read())
    if kind in (_Kind.FILE, _Kind.DIR) and not force:
        raise ValueError(f"{_show(path)} exists already; pass --force (force=True) to replace it")
    if kind is _Kind.DIR:
        missing = [f for f in require if not (real / f).is_file()]
        if missing:
            raise ValueError(f"{_show(path)} is not replaced: it does not hold {', '.join(missing)}, so it "
                             "is not an output of this kind; name a new directory")
    return real


def _as_inputs(paths: Sequence[str | os.PathLike]) -> list[InputFile]:
    """The inputs named by ``paths`` that exist (one that does not cannot be replaced)."""
    out = []
    for p in paths:
        with contextlib.suppress(OSError, ValueError):
            st = os.stat(p)
            out.append(InputFile(os.fspath(p), os.path.realpath(p), st.st_dev, st.st_ino,
                                 stat.S_ISREG(st.st_mode)))
    return out


def _identity(real: Path, kind: _Kind) -> tuple[int, int] | None:
    """(device, inode) of the regular file an output would write, if there is one."""
    fd = _descriptor(real) if kind is _Kind.FD else None
    try:
        st = os.stat(real) if fd is None else os.fstat(fd)
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def _check_not_input(shown: str | os.PathLike, real: Path, kind: _Kind,
                     inputs: Sequence[InputFile]) -> None:
    """Refuse an output that is one of ``inputs`` (or a directory holding one)."""
    if kind is _Kind.DIR:
        for inp in inputs:
            r = Path(inp.real)
            if r == real or real in r.parents:
                raise ValueError(f"{_show(shown)} is not replaced: it holds the input {_show(inp.given)}")
        return
    ident = _identity(real, kind) if kind in (_Kind.FILE, _Kind.FD) else None
    for inp in inputs:
        if ident is not None and inp.regular and (inp.device, inp.inode) == ident:
            same = os.path.abspath(inp.given) == os.path.abspath(shown)
            what = "" if same else f" (it is {_show(inp.given)})"
            raise ValueError(f"{_show(shown)} is an input of this command{what}; an output never "
                             "replaces an input: name another file")


class _Buffer(io.BytesIO):
    """What goes straight through, held in memory until the commit (kept when the writer closes it)."""

    data = b""

    def close(self) -> None:
        if not self.closed:
            self.data = self.getvalue()
        super().close()


@dataclass
class _Item:
    given: str
    real: Path
    kind: _Kind
    directory: bool
    temp: Path | None = None          # the staged content (a file or directory beside the target)
    buffer: _Buffer | None = None     # the staged content of a device, pipe or descriptor
    backup: Path | None = None        # what it replaced, until the commit is complete
    placed: bool = False


@dataclass
class Outputs:
    """Stage every output of a command; move them into place together, or leave everything as it was.

    Use as a context manager: the outputs are committed when the block ends normally and discarded when
    it raises (or is interrupted).

    Parameters
    ----------
    force : bool
        Replace existing regular files and directories (see :func:`check_output`).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with Outputs() as out:
    ...     with out.open(d / "a.csv") as fh:
    ...         _ = fh.write("x\\n1\\n")
    ...     with out.directory(d / "rounds") as tmp:
    ...         _ = (tmp / "matches.csv").write_text("round\\n")
    >>> sorted(p.name for p in d.iterdir())
    ['a.csv', 'rounds']
    >>> try:
    ...     with Outputs(force=True) as out:
    ...         with out.open(d / "a.csv") as fh:
    ...             _ = fh.write("new\\n")
    ...         raise RuntimeError("a later step failed")
    ... except RuntimeError:
    ...     pass
    >>> (d / "a.csv").read_text()
    'x\\n1\\n'
    """

    force: bool = False
    _items: list[_Item] = field(default_factory=list)
    _removals: list[_Item] = field(default_factory=list)
    _created_dirs: list[Path] = field(default_factory=list)
    _done: bool = False

    # -- staging -----------------------------------------------------------------------------------
    def _new_item(self, path, *, directory: bool, require=(), inputs=()) -> _Item:
        if self._done:
            raise RuntimeError("these outputs are already committed or discarded")
        real = check_output(path, force=self.force, directory=directory, require=require, inputs=inputs)
        _, kind = _target(path, directory=directory)
        for other in self._items + self._removals:
            if other.real == real:
                raise ValueError(f"{_show(path)} is given twice as an output")
        return _Item(str(path), real, kind, directory)

    def _make_parents(self, real: Path) -> None:
        missing = []
        for parent in real.parents:
            if parent.is_dir():
                break
            missing.append(parent)
        for d in reversed(missing):
            os.mkdir(d)
            self._created_dirs.append(d)

    @contextlib.contextmanager
    def open(self, path: str | os.PathLike, *, binary: bool = False,
             encoding: str = "utf-8") -> Iterator[IO]:
        """Stage a file: yield a temporary file to write; it goes to ``path`` at the commit.

        Text mode writes UTF-8 without newline translation (``newline=""``, as the csv module wants).
        """
        item = self._new_item(path, directory=False)
        try:
            if item.kind in (_Kind.THROUGH, _Kind.FD):
                item.buffer = _Buffer()
                raw: IO = item.buffer
            else:
                self._make_parents(item.real)
                fd, tmp = tempfile.mkstemp(prefix=f".{item.real.name}.", suffix=".tmp",
                                           dir=item.real.parent)
                item.temp = Path(tmp)
                raw = os.fdopen(fd, "wb")
            self._items.append(item)
            fh: IO = raw if binary else io.TextIOWrapper(raw, encoding=encoding, newline="")
            with fh:
                yield fh
        except BaseException:
            self.discard()
            raise

    def write_text(self, path: str | os.PathLike, text: str) -> None:
        """Stage a text file with the content ``text``."""
        with self.open(path) as fh:
            fh.write(text)

    def write_bytes(self, path: str | os.PathLike, data: bytes) -> None:
        """Stage a file with the content ``data``."""
        with self.open(path, binary=True) as fh:
            fh.write(data)

    @contextlib.contextmanager
    def directory(self, path: str | os.PathLike, *, require: Sequence[str] = (),
                  inputs: Sequence[str | os.PathLike] = ()) -> Iterator[Path]:
        """Stage a directory: yield an empty temporary directory to fill; it becomes ``path``.

        With ``force`` an existing ``path`` is replaced only if it holds every file in ``require`` and
        none of ``inputs`` (so a typo cannot wipe an unrelated directory or the data being read).
        """
        item = self._new_item(path, directory=True, require=require, inputs=inputs)
        try:
            self._make_parents(item.real)
            item.temp = Path(tempfile.mkdtemp(prefix=f".{item.real.name}.", suffix=".tmp",
                                              dir=item.real.parent))
            self._items.append(item)
            yield item.temp
        except BaseException:
            self.discard()
            raise

    def remove(self, path: str | os.PathLike) -> None:
        """Stage the removal of a file this command owns (e.g. upload files of an earlier export)."""
        real = Path(os.path.abspath(path))
        if real.is_symlink() or not real.is_file():
            raise ValueError(f"{_show(path)} is not a regular file; it is not removed")
        _check_not_input(path, real, _Kind.FILE, inputs_read())
        self._removals.append(_Item(str(path), real, _Kind.FILE, False))

    # -- commit / discard --------------------------------------------------------------------------
    def commit(self) -> list[str]:
        """Move every staged output into place; return the paths as given, in staging order.

        Raises ``ValueError`` when an output has become one of the inputs read meanwhile, cannot be
        written, or (after the commit, which then stands) what it replaced cannot be deleted entirely.
        """
        if self._done:
            raise RuntimeError("these outputs are already committed or discarded")
        try:
            for item in self._items + self._removals:
                _check_not_input(item.given, item.real, item.kind, inputs_read())
            # Devices and pipes first, with Ctrl-C acted on: a reader may take its time.
            for item in self._items:
                if item.buffer is not None:
                    _write_through(item)
        except BaseException:
            self.discard()
            raise
        with _signals_held():
            try:
                self._place()
            except BaseException:
                self._undo()
                raise
            self._done = True
        left = [(item, backup, err) for item in self._items + self._removals
                for backup in [item.backup] if backup is not None
                for err in [_delete(backup)] if err is not None]
        if left:
            item, backup, err = left[0]
            raise ValueError(f"{_show(item.given)} is written, but what it replaced could not be deleted "
                             f"entirely ({err}): {_show(backup)} is left; remove it by hand")
        return [i.given for i in self._items]

    def _place(self) -> None:
        mask = 0o666 & ~_umask()
        for item in self._items:
            if item.placed:
                continue
            _, kind = _target(item.given, directory=item.directory)
            if kind in (_Kind.FILE, _Kind.DIR) and item.kind is _Kind.NEW and not self.force:
                raise ValueError(f"{_show(item.given)} appeared while the outputs were being written; "
                                 "not replaced")
            temp = item.temp
            assert temp is not None, "every staged output has its temporary file until it is placed"
            if os.path.lexists(item.real):
                if item.kind is _Kind.FILE:
                    os.chmod(temp, stat.S_IMODE(os.stat(item.real).st_mode))
                item.backup = _aside(item.real)
            elif item.directory:
                os.chmod(temp, 0o777 & ~_umask())
            else:
                os.chmod(temp, mask)
            os.replace(temp, item.real)
            item.temp = None
            item.placed = True
        for item in self._removals:
            item.backup = _aside(item.real)

    def _undo(self) -> None:
        for item in reversed(self._removals):
            if item.backup is not None:
                os.replace(item.backup, item.real)
                item.backup = None
        for item in reversed(self._items):
            if item.placed and item.kind not in (_Kind.THROUGH, _Kind.FD):
                _delete(item.real)
            if item.backup is not None:
                os.replace(item.backup, item.real)
                item.backup = None
        self.discard()

    def discard(self) -> None:
        """Remove every staged temporary and every directory the staging created."""
        for item in self._items:
            if item.temp is not None:
                _delete(item.temp)
                item.temp = None
            item.buffer = None
        for d in reversed(self._created_dirs):
            with contextlib.suppress(OSError):
                os.rmdir(d)  # only if still empty
        self._created_dirs.clear()
        self._done = True

    def __enter__(self) -> Outputs:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        elif not self._done:
            self.discard()


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back Ctrl-C and termination (delivered when the block ends) while the renames run, so
    they are not left half done; only the main thread receives them."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _open_through(item: _Item) -> int:
    """A descriptor to write ``item`` (a device or a named pipe) to, opened without waiting for a
    reader; a pipe with none is refused."""
    try:
        fd = os.open(item.real, os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ENXIO and stat.S_ISFIFO(os.stat(item.real).st_mode):
            raise ValueError(f"{_show(item.given)} is a named pipe (FIFO) with no reader; start the "
                             "reader first (e.g. cat), or name a file") from None
        if exc.errno == errno.ENXIO:
            raise ValueError(f"{_show(item.given)} is a socket or a device with nothing behind it; "
                             "name a file") from None
        raise ValueError(f"{_show(item.given)}: cannot be written ({exc.strerror})") from None
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    return fd


def _write_through(item: _Item) -> None:
    """Write ``item``'s buffer to its device, pipe or descriptor (this process's own, as it is)."""
    buffer = item.buffer
    assert buffer is not None, "only devices, pipes and descriptors are written through"
    data = memoryview(buffer.data if buffer.closed else buffer.getvalue())
    own = item.kind is _Kind.THROUGH
    fd = _open_through(item) if own else _descriptor(item.real)
    assert fd is not None, "a descriptor output names a descriptor"
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()  # what was printed before comes before
        while data:
            data = data[os.write(fd, data):]
    except BrokenPipeError:
        raise  # the reader went away (`toto13 ... | head`)
    except OSError as exc:
        raise ValueError(f"{_show(item.given)}: cannot be written ({exc.strerror})") from None
    finally:
        if own:
            os.close(fd)
    item.buffer = None
    item.placed = True


def _aside(real: Path) -> Path:
    """Rename ``real`` to a hidden sibling (to be deleted once the commit is complete)."""
    backup = real.with_name(f".{real.name}.{secrets.token_hex(4)}.old")
    os.replace(real, backup)
    return backup


def _delete(path: Path) -> str | None:
    """Delete a file or a directory tree; what went wrong if some of it is left, else None."""
    errors: list[str] = []

    def failed(function, name, exc) -> None:
        exc = exc[1] if isinstance(exc, tuple) else exc  # onerror passes exc_info, onexc the exception
        errors.append(f"{_show(name)}: {getattr(exc, 'strerror', None) or exc}")

    try:
        if path.is_dir() and not path.is_symlink():
            if sys.version_info >= (3, 12):
                shutil.rmtree(path, onexc=failed)
            else:
                shutil.rmtree(path, onerror=failed)
        else:
            os.unlink(path)
    except OSError as exc:
        errors.append(exc.strerror or str(exc))
    if not os.path.lexists(path):
        return None
    return errors[0] if errors else "it is still there"
