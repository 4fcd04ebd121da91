"""The ``toto13 estimate`` command."""
from __future__ import annotations

import click

from ..estimators.matches import EstimateMethod, estimate_matches
from ..io.outputs import check_output
from ..io.footballdata import read_match_file
from ..io.probs import write_probabilities
from . import main
from ._common import FILE, emit, enum_choice, format_option, library_errors
from ._match_files import FLAGS, history_tables, league_option, warn_skipped


@main.command()
@click.argument("file", type=FILE)
@click.option("--method", type=enum_choice(EstimateMethod), default="power", show_default=True,
              help="Margin removal from odds (multiplicative, additive, power, shin, odds_ratio), "
                   "base-rate (frequencies of earlier results) or model (Dixon-Coles fitted on earlier "
                   "results).")
@click.option("--bookmaker", default="auto", show_default=True,
              help="football-data.co.uk odds columns: B365, PS, PSC (Pinnacle closing), Avg, AvgC, Max, "
                   "BbAv, ... auto = closing Pinnacle, else market average closing, else the best there "
                   "is.")
@click.option("--history", "history", multiple=True, type=FILE,
              help="Earlier results (football-data.co.uk season files, engsoccerdata germany.csv, or "
                   "our match CSV) for base-rate and model; repeatable.")
@league_option
@click.option("--probs-out", "probs_out", type=FILE, default=None,
              help="Also write the probabilities file (match,home,draw,away,...) that plan, tickets and "
                   "evaluate read.")
@click.option("--force", is_flag=True, help="Overwrite --probs-out if it exists.")
@format_option()
@library_errors(flags=FLAGS, in_files=True)
def estimate(file, method, bookmaker, history, league, probs_out, force, fmt):
    """Match probabilities (home, draw, away) from odds, base rates or a fitted model.

    FILE is our odds CSV (odds_home,odds_draw,odds_away; optional match, date, home_team, away_team,
    result) or a football-data.co.uk season file (told apart by the header). One row per match:
    match,home,draw,away (rows sum to 1), the bookmaker margin and the method's parameter where they
    apply, and date,home_team,away_team when the file has them. Matches without odds are left out with
    a warning naming their rows.
    """
    if probs_out is not None:
        check_output(probs_out, force=force, inputs=[file, *history])
    table = read_match_file(file, bookmaker=bookmaker)
    est = estimate_matches(table, method, history=history_tables(history, league))
    warn_skipped(file, est.skipped, "the estimate")
    out = est.frame(table)
    if probs_out is not None:
        extra = out.drop(columns=["match", "home", "draw", "away"])
        write_probabilities(probs_out, est.probs, matches=out["match"].tolist(),
                            extra=extra if len(extra.columns) else None, force=force)
    if fmt == "table":
        f4 = "{:.4f}".format
        formats = dict.fromkeys(("home", "draw", "away", "margin"), f4)
        formats.update({"k": "{:.6g}".format, "z": "{:.6g}".format, "c": "{:.6g}".format})
        emit(out, "table", formats=formats)
    else:
        emit(out, fmt)
