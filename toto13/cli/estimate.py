"""The ``toto13 estimate`` and ``toto13 score`` commands."""
from __future__ import annotations

import click

from ..estimators.matches import (EstimateMethod, combine_tables, estimate_matches, score_methods,
                                  select_league)
from ..io.outputs import check_output
from ..io.footballdata import read_match_file
from ..io.probs import write_probabilities
from . import main
from ._common import FILE, emit, enum_choice, format_option, library_errors, percents

_FLAGS = {"method": "--method", "history": "--history", "league": "--league", "bookmaker": "--bookmaker"}


def _warn_skipped(path: str, skipped: dict, what: str) -> None:
    if not skipped:
        return
    by_reason: dict[str, list[int]] = {}
    for row, reason in skipped.items():
        by_reason.setdefault(reason, []).append(row)
    for reason, rows in by_reason.items():
        shown = ", ".join(str(r) for r in rows[:20]) + (", ..." if len(rows) > 20 else "")
        click.echo(f"Warning: {path}: {len(rows)} match(es) left out of {what} ({reason}): "
                   f"row{'s' if len(rows) > 1 else ''} {shown}", err=True)


def _history(paths, league: str | None = None):
    # odds too: the recalibrated estimator fits on them
    return select_league([read_match_file(p, bookmaker="auto") for p in paths], league)


_LEAGUE = click.option("--league", default=None,
                       help="Use only --history rows of this league: the Div code (D1, E0, ...) or "
                            "tier1 / tier2 for engsoccerdata.")


@main.command()
@click.argument("file", type=FILE)
@click.option("--method", type=enum_choice(EstimateMethod), default="multiplicative", show_default=True,
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
@_LEAGUE
@click.option("--probs-out", "probs_out", type=FILE, default=None,
              help="Also write the probabilities file (match,home,draw,away,...) that plan, tickets and "
                   "evaluate read.")
@click.option("--force", is_flag=True, help="Overwrite --probs-out if it exists.")
@format_option()
@library_errors(flags=_FLAGS, in_files=True)
def estimate(file, method, bookmaker, history, league, probs_out, force, fmt):
    """Match probabilities (home, draw, away) from odds, base rates or a fitted model.

    FILE is our odds CSV (odds_home,odds_draw,odds_away; optional match, date, home_team, away_team,
    result) or a football-data.co.uk season file (told apart by the header). One row per match:
    match,home,draw,away (rows sum to 1), the bookmaker margin and the method's parameter where they
    apply, and date,home_team,away_team when the file has them. Matches without odds are left out with
    a warning naming their rows.
    """
    if probs_out is not None:
        check_output(probs_out, force=force)
    table = read_match_file(file, bookmaker=bookmaker)
    est = estimate_matches(table, method, history=_history(history, league))
    _warn_skipped(file, est.skipped, "the estimate")
    out = est.frame(table)
    if probs_out is not None:
        extra = out.drop(columns=["match", "home", "draw", "away"])
        write_probabilities(probs_out, est.probs, matches=out["match"].tolist(),
                            extra=extra if len(extra.columns) else None, force=force)
    if fmt == "table":
        f4 = "{:.4f}".format
        formats = {c: f4 for c in ("home", "draw", "away", "margin")}
        formats.update({"k": "{:.6g}".format, "z": "{:.6g}".format, "c": "{:.6g}".format})
        emit(out, "table", formats=formats)
    else:
        emit(out, fmt)


@main.command()
@click.argument("files", nargs=-1, required=True, type=FILE)
@click.option("--bookmaker", default="auto", show_default=True,
              help="football-data.co.uk odds columns (see `toto13 estimate --help`).")
@click.option("--history", "history", multiple=True, type=FILE,
              help="Earlier results for base-rate and model (repeatable).")
@_LEAGUE
@click.option("--method", "methods", multiple=True, type=enum_choice(EstimateMethod),
              help="Score only these methods (repeatable). Default: every method the file supports.")
@format_option()
@library_errors(flags=_FLAGS, in_files=True)
def score(files, bookmaker, history, league, methods, fmt):
    """Score every method side by side on matches with odds and results.

    FILES: one or more football-data.co.uk season files (or our odds CSVs with a result column), read
    as one run of matches. Brier, log loss (natural log), ranked probability score and the favourite's
    hit rate, on the matches every method could forecast (uniform 1/3 is the baseline). base-rate and
    model use only results before each match (from --history and earlier rows of FILES).
    """
    tables = [read_match_file(f, bookmaker=bookmaker) for f in files]
    for f, t in zip(files, tables):
        _warn_skipped(f, {r: "no odds" for r in t.attrs.get("missing_odds", [])}, "the odds methods")
    table = combine_tables(tables) if len(tables) > 1 else tables[0]
    res, notes = score_methods(table, list(methods) or None, history=_history(history, league))
    for name, note in notes.items():
        if not note.endswith("rows without a forecast"):
            click.echo(f"Note: {name}: {note}", err=True)
    if fmt == "table":
        bk = table.attrs.get("bookmaker")
        click.echo(f"{len(files)} file(s); odds: {bk or 'file odds columns'}; scored on "
                   f"{int(res['matches'].iloc[0])} played matches every method could forecast")
        click.echo("")
        emit(res, "table", formats={c: "{:.4f}".format for c in ("brier", "log_loss", "rps")} |
             {"favourite_hit_rate": percents(1)})
    else:
        emit(res, fmt)
