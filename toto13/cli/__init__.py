"""The ``toto13`` command line: thin click commands over the library.

Each command lives in its own module and registers itself on :data:`main`.
"""
from __future__ import annotations

import importlib

import click

from .. import __version__
from ._group import OneLineGroup


@click.group(cls=OneLineGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="toto13")
def main() -> None:
    """toto13: betting plans for 13-match football pools (TOTO 13er Wette).

    plan: tips needed for x strikes at a safety; estimate/score: match probabilities;
    tickets/evaluate: concrete tip sets and their exact coverage; system: reduced systems;
    backtest/import: replay strategies on historical rounds.
    """


for _name in ("plan", "estimate", "tickets", "system", "backtest", "importer"):
    importlib.import_module(f"{__name__}.{_name}")
