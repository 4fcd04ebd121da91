"""How the commands report bad input: one line, exit status 2, parameter names written as flags."""
from __future__ import annotations

import functools
import re
from typing import Callable, Mapping

import click

from ..errors import InputError, printable

__all__ = ["InputFailure", "flag_names", "library_errors"]


class InputFailure(click.ClickException):
    """Bad input found by the library: printed as ``Error: ...``, exit status 2."""

    exit_code = 2


def flag_names(message: str, flags: Mapping[str, str]) -> str:
    """Write the library's parameter names in ``message`` as the command's flags.

    Examples
    --------
    >>> flag_names("count (0) must be at least 1", {"count": "--count"})
    '--count (0) must be at least 1'
    """
    if not flags:
        return message
    names = sorted(flags, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w./'-])(" + "|".join(map(re.escape, names)) + r")(?![\w'-])")
    return pattern.sub(lambda m: flags[m.group(1)], message)


def library_errors(func: Callable | None = None, *, flags: Mapping[str, str] | None = None,
                   in_files: bool = False) -> Callable:
    """Turn the library's ``ValueError`` (and unreadable files) into exit status 2 with one line.

    ``flags`` maps the library's parameter names to the command's options (``{"count": "--count"}``).
    Messages about a file's content (:class:`toto13.errors.InputError`) keep their words unless
    ``in_files`` (for commands whose parameter names cannot be mistaken for a file's words).
    """
    if func is None:
        return functools.partial(library_errors, flags=flags, in_files=in_files)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except click.ClickException:
            raise
        except BrokenPipeError:
            raise  # the reader went away (`toto13 ... | head`): click exits quietly
        except InputError as exc:
            if in_files and flags:
                exc = InputError(flag_names(exc.message, flags), file=exc.file, row=exc.row,
                                 column=exc.column)
            raise InputFailure(printable(str(exc), limit=1000)) from None
        except ValueError as exc:
            raise InputFailure(printable(flag_names(str(exc), flags or {}), limit=1000)) from None
        except OSError as exc:
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            raise InputFailure(printable(f"{where}{exc.strerror or exc}", limit=1000)) from None
        except MemoryError:
            raise InputFailure("out of memory: the input is too large (see Limits in the README)") \
                from None

    return wrapper
