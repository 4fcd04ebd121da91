"""The command group: every error is ONE line on stderr, and Ctrl-C ends with "Aborted!"."""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from typing import Iterator

import click

from ..errors import printable
from ..io.files import tracking_inputs

#: Exit status after Ctrl-C: 128 + SIGINT, as a shell reports a process ended by it.
EXIT_INTERRUPTED = 130



def _signal_behind(exc: BaseException) -> BaseException | None:
    """The Ctrl-C (``KeyboardInterrupt``) or SIGTERM/SIGHUP (``Terminated``) that caused ``exc``, if any."""
    seen = exc.__cause__ or exc.__context__
    while seen is not None:
        if isinstance(seen, (KeyboardInterrupt, Terminated)):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None

class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind like Ctrl-C (staged outputs removed), exit 128 + signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum, frame) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def _termination_unwinds() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`Terminated` in the main thread while a command runs (unless
    they are ignored, as ``nohup`` does), so no staged temporary file is left behind."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    for s, handler in old.items():
        if handler is signal.SIG_DFL:
            signal.signal(s, _terminate)
    try:
        yield
    finally:
        for s, handler in old.items():
            if handler is not None:
                signal.signal(s, handler)


def _stdout_closed() -> bool:
    """Whether standard output was closed when the command started (``>&-``)."""
    if sys.stdout is None:  # Python's start-up found descriptor 1 closed
        return True
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):
        return False  # not a real descriptor (e.g. a test runner's buffer): it works
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


class OneLineGroup(click.Group):
    """A click group that prints click's own rejections as one ``Error: ...`` line (exit status 2).

    click adds ``Usage:`` and ``Try '... --help'`` lines around a usage error; the command line's
    contract is one line naming what is wrong. ``--help`` (and a bare ``toto13``) still print the help.
    Ctrl-C prints ``Aborted!`` and exits with status 130; every output staged so far has been removed
    by then (:class:`toto13.io.outputs.Outputs`).
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            with tracking_inputs():
                return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        if _stdout_closed():
            click.echo("Error: standard output is closed (>&-): what the command prints would be lost; "
                       "send it to a file or to /dev/null instead", err=True)
            sys.exit(2)
        try:
            try:
                with tracking_inputs(), _termination_unwinds():
                    rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            except SystemError as exc:   # a signal inside a numba kernel ("returned a result with an
                raise _signal_behind(exc) or exc from exc.__cause__   # exception set"): the signal decides
        except KeyboardInterrupt:
            click.echo("Aborted!", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Terminated as exc:
            click.echo("Terminated", err=True)
            sys.exit(128 + exc.signum)
        except click.exceptions.NoArgsIsHelpError as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            click.echo(f"Error: {printable(exc.format_message(), limit=1000)}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)
