"""The ``toto13 estimate`` and ``toto13 score`` commands."""
from __future__ import annotations

import click
import numpy as np
import pandas as pd

from ..errors import InputError
from ..estimators.matches import EstimateMethod, estimate_matches, score_methods
from ..io.atomic import check_writable
from ..io.footballdata import read_match_file
from ..io.probs import write_probabilities
from . import main
from ._common import emit, enum_choice, format_option, library_errors

_PATH = click.Path(dir_okay=False, path_type=str)


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


def _history(paths, league: str | None = None) -> list[pd.DataFrame]:
    tables = [read_match_file(p, bookmaker=None) for p in paths]
    if league is None:
        return tables
    kept = [t[t["league"] == league] for t in tables]
    if tables and not any(len(t) for t in kept):
        found = sorted({str(v) for t in tables for v in t["league"].unique()})
        raise ValueError(f"--league {league!r}: no history rows of that league; the history has "
                         f"{', '.join(found)}")
    return kept


_LEAGUE = click.option("--league", default=None,
                       help="Use only --history rows of this league: the Div code (D1, E0, ...) or "
                            "tier1 / tier2 for engsoccerdata.")


@main.command()
@click.argument("file", type=_PATH)
@click.option("--method", type=enum_choice(EstimateMethod), default="multiplicative", show_default=True,
              help="Margin removal from odds (multiplicative, additive, power, shin, odds_ratio), "
                   "base-rate (frequencies of earlier results) or model (Dixon-Coles fitted on earlier "
                   "results).")
@click.option("--bookmaker", default="auto", show_default=True,
              help="football-data.co.uk odds columns: B365, PS, PSC (Pinnacle closing), Avg, AvgC, Max, "
                   "BbAv, ... auto = closing Pinnacle, else market average closing, else the best there "
                   "is.")
@click.option("--history", "history", multiple=True, type=_PATH,
              help="Earlier results (football-data.co.uk season files, engsoccerdata germany.csv, or "
                   "our match CSV) for base-rate and model; repeatable.")
@_LEAGUE
@click.option("--probs-out", "probs_out", type=_PATH, default=None,
              help="Also write the probabilities file (match,home,draw,away,...) that plan, tickets and "
                   "evaluate read.")
@click.option("--force", is_flag=True, help="Overwrite --probs-out if it exists.")
@format_option()
@library_errors
def estimate(file, method, bookmaker, history, league, probs_out, force, fmt):
    """Match probabilities (home, draw, away) from odds, base rates or a fitted model.

    FILE is our odds CSV (odds_home,odds_draw,odds_away; optional match, date, home_team, away_team,
    result) or a football-data.co.uk season file (told apart by the header). One row per match:
    match,home,draw,away (rows sum to 1), the bookmaker margin and the method's parameter where they
    apply, and date,home_team,away_team when the file has them. Matches without odds are left out with
    a warning naming their rows.
    """
    if probs_out is not None:
        check_writable(probs_out, force=force)
    table = read_match_file(file, bookmaker=bookmaker)
    est = estimate_matches(table, method, history=_history(history, league))
    _warn_skipped(file, est.skipped, "the estimate")
    sub = table.loc[est.rows]
    out = pd.DataFrame({"match": sub["match"].astype(str).to_numpy(), "home": est.probs[:, 0],
                        "draw": est.probs[:, 1], "away": est.probs[:, 2]})
    extra = pd.DataFrame(index=out.index)
    if est.margin is not None:
        extra["margin"] = est.margin
        if est.parameter_name:
            extra[est.parameter_name] = est.parameter
    if sub["date"].notna().any():
        extra["date"] = [d.strftime("%Y-%m-%d") if not pd.isna(d) else "" for d in sub["date"]]
    for c in ("home_team", "away_team"):
        if (sub[c] != "").any():
            extra[c] = sub[c].to_numpy()
    out = pd.concat([out, extra], axis=1)
    if probs_out is not None:
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
@click.argument("files", nargs=-1, required=True, type=_PATH)
@click.option("--bookmaker", default="auto", show_default=True,
              help="football-data.co.uk odds columns (see `toto13 estimate --help`).")
@click.option("--history", "history", multiple=True, type=_PATH,
              help="Earlier results for base-rate and model (repeatable).")
@_LEAGUE
@click.option("--method", "methods", multiple=True, type=enum_choice(EstimateMethod),
              help="Score only these methods (repeatable). Default: every method the file supports.")
@format_option()
@library_errors
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
    table = pd.concat(tables) if len(tables) > 1 else tables[0]
    if len(tables) > 1:
        # Index stays unique and still says where a row came from: FILE number * 10^6 + line.
        table.index = np.concatenate([(i + 1) * 1_000_000 + t.index.to_numpy()
                                      for i, t in enumerate(tables)])
        table.attrs = dict(tables[0].attrs, path=", ".join(files))
        bks = sorted({t.attrs.get("bookmaker") for t in tables} - {None})
        table.attrs["bookmaker"] = "+".join(bks) or None
        table = table.sort_values("date", kind="stable") if table["date"].notna().all() else table
    try:
        res, notes = score_methods(table, list(methods) or None, history=_history(history, league))
    except InputError as exc:
        if len(tables) > 1 and exc.row is not None and exc.row >= 1_000_000:
            # map the combined index back to the file and its line
            raise InputError(exc.message, file=files[exc.row // 1_000_000 - 1],
                             row=exc.row % 1_000_000, column=exc.column) from None
        raise
    for name, note in notes.items():
        if not note.endswith("rows without a forecast"):
            click.echo(f"Note: {name}: {note}", err=True)
    if fmt == "table":
        bk = table.attrs.get("bookmaker")
        click.echo(f"{len(files)} file(s); odds: {bk or 'file odds columns'}; scored on "
                   f"{int(res['matches'].iloc[0])} played matches every method could forecast")
        click.echo("")
        emit(res, "table", formats={c: "{:.4f}".format for c in ("brier", "log_loss", "rps")} |
             {"favourite_hit_rate": lambda v: f"{100 * v:.1f}%"})
    else:
        emit(res, fmt)
