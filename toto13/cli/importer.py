"""The ``toto13 import`` group: historical rounds into the toto13 rounds format."""
from __future__ import annotations

from pathlib import Path

import click

from ..backtest import import_football_data, import_stryktipset, write_rounds
from ..backtest.importers import parse_priority
from ..io.coupon import write_round_coupons
from ..io.outputs import Outputs, check_output
from . import main
from ._common import emit, format_option, library_errors


@main.group("import")
def import_group() -> None:
    """Import historical rounds into the toto13 rounds format (matches.csv, payouts.csv)."""


#: What --force may replace: a rounds directory (it holds these), never one holding an input.
_ROUNDS_FILES = ("matches.csv", "payouts.csv")


def _write_import(report, out: Path, force: bool, fmt: str, inputs, coupons: Path | None = None) -> None:
    written = 0
    with Outputs(force=force) as outputs:
        with outputs.directory(out, require=_ROUNDS_FILES, inputs=inputs) as tmp:
            write_rounds(tmp, report.rounds)
        if coupons is not None:
            with outputs.directory(coupons, inputs=inputs) as tmp:
                written = write_round_coupons(tmp, report.rounds)
    rows = [{"item": k, "count": v} for k, v in report.notes.items()]
    if coupons is not None:
        rows.append({"item": "coupons written (rounds with teams)", "count": written})
    if fmt == "table":
        click.echo(f"wrote {len(report.rounds)} rounds to {out} "
                   f"({report.rounds.ids[0]} .. {report.rounds.ids[-1]})"
                   + ("" if coupons is None else f"; {written} coupons to {coupons}"))
    emit(rows, fmt)


@import_group.command("stryktipset")
@click.argument("summary", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--details", type=click.Path(dir_okay=False, path_type=Path), multiple=True,
              help="Per-match details file (teams, odds, crowd shares, matches drawn by lot), joined on "
                   "the week and the correct row. Repeat it for a history published in parts.")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="Output directory (written atomically).")
@click.option("--coupons", type=click.Path(path_type=Path), default=None,
              help="Also write one coupon file per round with teams (needs --details): DIR/<round>.csv "
                   "(written atomically).")
@click.option("--force", is_flag=True, help="Replace existing output directories.")
@format_option()
@library_errors
def import_stryktipset_cmd(summary, details, out, coupons, force, fmt):
    """Import the TipsXtra Stryktipset statistics export (';'-separated, X for a draw).

    Handles its quirks: 10,000,000 as the 13-payout when nobody had 13 (quota marked missing),
    turnover 0 (missing), matches drawn by lot (kept, flagged with --details), weeks with two rounds
    (the second gets the id YYYYWW-2). With --details also: odds 0.00/1.00 and the default crowd
    shares 43/28/29 and 34/33/33 (up to 2006) as unknown, a blank result from the correct row, the
    pool's result trusted over the score. The report counts each. With --coupons DIR also every
    round's coupon (teams, odds and crowd shares where known, result), to rerun a round by hand.
    """
    inputs = [summary, *details]
    if coupons is not None and not details:
        raise ValueError("--coupons needs --details (the coupons' teams, odds and crowd shares)")
    check_output(out, force=force, directory=True, require=_ROUNDS_FILES, inputs=inputs)
    if coupons is not None:
        check_output(coupons, force=force, directory=True, inputs=inputs)
    _write_import(import_stryktipset(summary, details or None), out, force, fmt, inputs, coupons)


@import_group.command("football-data")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--priority", default=None,
              help="Divisions by priority, e.g. E0,SP1,D1,I1,F1: each round takes the weekend's "
                   "matches in this order, then by kick-off [default: D1,D2].")
@click.option("--midweek", is_flag=True, help="Also make Tuesday-Thursday rounds where 13 matches exist.")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="Output directory (written atomically).")
@click.option("--force", is_flag=True, help="Replace an existing output directory.")
@format_option()
@library_errors
def import_football_data_cmd(files, priority, midweek, out, force, fmt):
    """Build coupon-like pseudo-rounds from football-data.co.uk season files.

    Each weekend's (Friday-Monday) matches ordered by --priority, then by kick-off, 13 to a round
    (default: Bundesliga filled up with 2. Bundesliga); closing odds where the files have them;
    payouts marked missing (use --payouts model or average when backtesting them).
    """
    check_output(out, force=force, directory=True, require=_ROUNDS_FILES, inputs=files)
    if priority is not None:
        try:
            priority = parse_priority(priority)
        except ValueError as exc:
            raise ValueError(f"--{exc}") from None  # the library names `priority`; the CLI its flag
    _write_import(import_football_data(list(files), priority=priority, midweek=midweek), out, force, fmt,
                  files)
