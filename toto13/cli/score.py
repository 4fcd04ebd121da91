"""The ``toto13 score`` command."""
from __future__ import annotations

import click

from ..estimators.matches import EstimateMethod, combine_tables, score_methods
from ..io.footballdata import read_match_file
from . import main
from ._common import FILE, emit, enum_choice, format_option, library_errors, percents
from ._match_files import FLAGS, history_tables, league_option, warn_skipped


@main.command()
@click.argument("files", nargs=-1, required=True, type=FILE)
@click.option("--bookmaker", default="auto", show_default=True,
              help="football-data.co.uk odds columns (see `toto13 estimate --help`).")
@click.option("--history", "history", multiple=True, type=FILE,
              help="Earlier results for base-rate and model (repeatable).")
@league_option
@click.option("--method", "methods", multiple=True, type=enum_choice(EstimateMethod),
              help="Score only these methods (repeatable). Default: every method the file supports.")
@format_option()
@library_errors(flags=FLAGS, in_files=True)
def score(files, bookmaker, history, league, methods, fmt):
    """Score every method side by side on matches with odds and results.

    FILES: one or more football-data.co.uk season files (or our odds CSVs with a result column), read
    as one run of matches. Brier, log loss (natural log), ranked probability score and the favourite's
    hit rate, on the matches every method could forecast (uniform 1/3 is the baseline). base-rate and
    model use only results before each match (from --history and earlier rows of FILES).
    """
    tables = [read_match_file(f, bookmaker=bookmaker) for f in files]
    for f, t in zip(files, tables):
        warn_skipped(f, dict.fromkeys(t.attrs.get("missing_odds", []), "no odds"), "the odds methods")
    table = combine_tables(tables) if len(tables) > 1 else tables[0]
    res, notes = score_methods(table, list(methods) or None, history=history_tables(history, league))
    for name, note in notes.items():
        if not note.endswith("rows without a forecast"):
            click.echo(f"Note: {name}: {note}", err=True)
    if fmt == "table":
        bk = table.attrs.get("bookmaker")
        click.echo(f"{len(files)} file(s); odds: {bk or 'file odds columns'}; scored on "
                   f"{int(res['matches'].iloc[0])} played matches every method could forecast")
        click.echo("")
        emit(res, "table", formats=dict.fromkeys(("brier", "log_loss", "rps"), "{:.4f}".format) |
             {"favourite_hit_rate": percents(1)})
    else:
        emit(res, fmt)
