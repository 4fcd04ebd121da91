"""The command group: every error is ONE line on stderr, and Ctrl-C ends with "Aborted!"."""
from __future__ import annotations

import sys

import click

from ..errors import printable

#: Exit status after Ctrl-C: 128 + SIGINT, as a shell reports a process ended by it.
EXIT_INTERRUPTED = 130


class OneLineGroup(click.Group):
    """A click group that prints click's own rejections as one ``Error: ...`` line (exit status 2).

    click adds ``Usage:`` and ``Try '... --help'`` lines around a usage error; the command line's
    contract is one line naming what is wrong. ``--help`` (and a bare ``toto13``) still print the help.
    Ctrl-C prints ``Aborted!`` and exits with status 130; every output staged so far has been removed
    by then (:class:`toto13.io.outputs.Outputs`).
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            try:
                rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            except KeyboardInterrupt:
                raise click.Abort() from None
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
