"""The ``toto13`` command line: thin click commands over the library.

Each command lives in its own module and registers itself on :data:`main`. The group imports a
command's module only when that command runs (or shows its own help), so ``toto13 --help`` and a plan
do not pay for pandas, numba or the estimators' model.
"""
from __future__ import annotations

import importlib

import click

from .._version import __version__
from ._group import OneLineGroup

#: command name -> (module defining it, first paragraph of its help for ``toto13 --help``); the help
#: text must match the command's docstring (tested), it is here so the listing imports nothing.
COMMANDS: dict[str, tuple[str, str]] = {
    "backtest": ("backtest", "Replay a strategy over historical rounds against their quotas and the "
                             "rules' fees."),
    "calibrate": ("calibrate", "How well the pool model holds on the rounds of ROUNDS_DIR, and (--fit) its "
                               "fit on them."),
    "check": ("check", "Check the tips in TIPS against a round's result: strikes, prize tiers and "
                       "winnings."),
    "estimate": ("estimate", "Match probabilities (home, draw, away) from odds, base rates or a fitted "
                             "model."),
    "evaluate": ("evaluate", "Exact coverage and expected hits of the tips in TIPS (CSV column tip)."),
    "import": ("importer", "Import historical rounds into the toto13 rounds format (matches.csv, "
                           "payouts.csv)."),
    "plan": ("plan", "Tips needed for at least x strikes at safety Q, with cost and expected "
                     "returns."),
    "score": ("score", "Score every method side by side on matches with odds and results."),
    "system": ("system", "Build a reduced system for a spec, prove it, and write its tips."),
    "tickets": ("tickets", "Generate N distinct tips, write them, and show what they achieve "
                           "exactly."),
    "value": ("value", "What each outcome and the best single tips are worth in the pool, against the "
                       "crowd."),
}


class LazyGroup(OneLineGroup):
    """A group whose commands are imported on first use (listed from :data:`COMMANDS`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            importlib.import_module(f"{__name__}.{COMMANDS[name][0]}")
        return self.commands.get(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            if name in self.commands:
                text = self.commands[name].get_short_help_str(limit)
            else:
                text = click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit)
            rows.append((name, text))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"],
                                              "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="toto13")
def main() -> None:
    """toto13: betting plans for 13-match football pools (TOTO 13er Wette).

    plan: tips needed for x strikes at a safety; estimate/score: match probabilities;
    tickets/evaluate: concrete tip sets, their exact coverage and value in the pool; value: what
    outcomes and tips are worth against the crowd; system: reduced systems;
    backtest/import: replay strategies on historical rounds; calibrate: how the pool model holds on
    them.
    """
    from ..errors import threads_from_env
    from ._errors import InputFailure

    try:  # checked before any command runs, not when (or whether) a compiled transform starts
        threads_from_env()
    except ValueError as exc:
        raise InputFailure(str(exc)) from None
