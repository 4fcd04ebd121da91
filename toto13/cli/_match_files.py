"""What ``toto13 estimate`` and ``toto13 score`` share: the --history files, the --league option and
the warnings about matches left out."""
from __future__ import annotations

import click

from ..estimators.matches import select_league
from ..io.footballdata import read_match_file

__all__ = ["FLAGS", "history_tables", "league_option", "warn_skipped"]

#: The library's parameter names and the commands' flags (for ``library_errors``).
FLAGS = {"method": "--method", "history": "--history", "league": "--league", "bookmaker": "--bookmaker"}


def warn_skipped(path: str, skipped: dict, what: str) -> None:
    """Warn on stderr about the rows of ``path`` left out of ``what``, grouped by reason."""
    if not skipped:
        return
    by_reason: dict[str, list[int]] = {}
    for row, reason in skipped.items():
        by_reason.setdefault(reason, []).append(row)
    for reason, rows in by_reason.items():
        shown = ", ".join(str(r) for r in rows[:20]) + (", ..." if len(rows) > 20 else "")
        click.echo(f"Warning: {path}: {len(rows)} match(es) left out of {what} ({reason}): "
                   f"row{'s' if len(rows) > 1 else ''} {shown}", err=True)


def history_tables(paths, league: str | None = None):
    """The --history files as one table, only --league's rows where given (with their odds: the
    recalibrated estimator fits on them)."""
    return select_league([read_match_file(p, bookmaker="auto") for p in paths], league)


#: ``--league``, shared by both commands.
league_option = click.option("--league", default=None,
                             help="Use only --history rows of this league: the Div code (D1, E0, ...) or "
                                  "tier1 / tier2 for engsoccerdata.")
