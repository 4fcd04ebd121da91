"""The ``toto13 backtest`` command and the ``toto13 import`` group (historical rounds)."""
from __future__ import annotations

import io
import json
import math
import sys
from collections import Counter
from pathlib import Path

import click

from ..backtest import (PayoutMethod, PayoutModel, BacktestStrategy, StrategyKind,
                        import_football_data, import_stryktipset, read_rounds, read_strategy_tips,
                        run_backtest, write_rounds)
from ..backtest.payouts import CrowdModel, DEFAULT_SHARPNESS
from ..estimators import MarginMethod
from ..io.atomic import atomic_directory, atomic_write, check_writable
from ..rules import Preset, get_rules
from . import main
from ._common import (emit, enum_choice, format_option, library_errors, money, option_int,
                      option_number, parse_fraction, percent)

_CONFIG_KEYS = ("strategy", "hit_rate", "min_strikes", "safety", "count", "margin_method", "tips")


def _read_config(path: str | None) -> dict:
    if path is None:
        return {}
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{p}: no such file") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{p}: row {exc.lineno}: not valid JSON ({exc.msg})") from None
    except UnicodeDecodeError:
        raise ValueError(f"{p}: not a UTF-8 text file; expected a JSON object") from None
    if not isinstance(data, dict):
        raise ValueError(f"{p}: must hold a JSON object such as {{\"strategy\": \"recipe\", ...}}")
    unknown = sorted(set(data) - set(_CONFIG_KEYS))
    if unknown:
        raise ValueError(f"{p}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(_CONFIG_KEYS)}")
    kinds = [k.value for k in StrategyKind]
    if "strategy" in data and str(data["strategy"]) not in kinds:
        raise ValueError(f"{p}: strategy ({data['strategy']!r}) must be one of {', '.join(kinds)}")
    return {k: (None if v is None else str(v)) for k, v in data.items()}


def _bankroll_png(result) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    led = result.ledger
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(range(1, len(led) + 1), led["bankroll"], lw=1.2)
    ax.axhline(led["bankroll"].iloc[0] - led["profit"].iloc[0], color="grey", lw=0.8, ls="--")
    ax.set_xlabel("round")
    ax.set_ylabel(f"bankroll ({result.rules.currency})")
    ax.set_title(f"{result.strategy.describe()} — {result.rules.name}, {len(led)} rounds", fontsize=9)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


@main.command()
@click.argument("rounds_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--strategy", "strategy", type=enum_choice(StrategyKind), default=None,
              help="fixed (one tip file every round), recipe (random tips, n from x and Q), system "
                   "(a reduced system guaranteeing x in the recipe's space), weighted or greedy (tips "
                   "from the round's odds).")
@click.option("--rules", "rules_name", type=enum_choice(Preset), default="toto13", show_default=True,
              help="Rules preset: costs, tiers, monthly budget cap.")
@click.option("--tips", "tips_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Tip file (column tip) for --strategy fixed.")
@click.option("--hit-rate", "hit_rate", default=None, help="Recipe hit rate p (0.5 or 1/2).")
@click.option("--min-strikes", "min_strikes", default=None, help="Target strikes x of the plan.")
@click.option("--safety", default=None, help="Target safety Q of the plan, in (0, 1).")
@click.option("--count", default=None, help="Play exactly N tips a round (overrides the plan).")
@click.option("--margin-method", "margin_method", type=enum_choice(MarginMethod), default=None,
              help="Margin removal for odds [default: multiplicative].")
@click.option("--config", "config", type=click.Path(dir_okay=False), default=None,
              help="JSON file with strategy settings (keys: strategy, hit_rate, min_strikes, safety, "
                   "count, margin_method, tips); options given on the command line win.")
@click.option("--payouts", "payouts", type=enum_choice(PayoutMethod), default="real", show_default=True,
              help="real (real quotas, model where missing), model (pari-mutuel model), average.")
@click.option("--turnover", default=None,
              help="Turnover assumed by the payout model for rounds that give none.")
@click.option("--sharpness", default=None,
              help=f"Crowd model sharpness [default: {DEFAULT_SHARPNESS:g}, fitted on Stryktipset].")
@click.option("--monthly-limit", "monthly_limit", default=None,
              help="Spending cap per calendar month ('none' for no cap) [default: from the rules].")
@click.option("--bankroll", default="0", show_default=True, help="Starting bankroll.")
@click.option("--seed", default=None, help="Seed for the tip generators and the bootstrap.")
@click.option("--no-promise", "no_promise", is_flag=True,
              help="weighted/greedy: skip the exact coverage each round's odds promise (faster).")
@click.option("--ledger", "ledger", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the per-round ledger (CSV) here.")
@click.option("--plot", "plot", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the bankroll curve (PNG) here.")
@click.option("--force", is_flag=True, help="Overwrite existing --ledger / --plot files.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@format_option()
@library_errors
def backtest(rounds_dir, strategy, rules_name, tips_file, hit_rate, min_strikes, safety, count,
             margin_method, config, payouts, turnover, sharpness, monthly_limit, bankroll, seed,
             no_promise, ledger, plot, force, quiet, fmt):
    """Replay a strategy over historical rounds against their quotas and the rules' fees.

    ROUNDS_DIR holds matches.csv and payouts.csv (see `toto13 import`). Prints a summary: cost,
    winnings, profit, ROI with a bootstrap 95% interval, share of rounds reaching each tier (promised
    beside achieved), longest losing run, maximum drawdown, per-round Sharpe ratio.
    """
    cfg = _read_config(config)
    strategy = strategy or cfg.get("strategy")
    if strategy is None:
        raise ValueError("give --strategy (fixed, recipe, system, weighted or greedy) or a --config with one")
    hit_rate = hit_rate if hit_rate is not None else cfg.get("hit_rate")
    min_strikes = min_strikes if min_strikes is not None else cfg.get("min_strikes")
    safety = safety if safety is not None else cfg.get("safety")
    count = count if count is not None else cfg.get("count")
    margin_method = margin_method or cfg.get("margin_method") or "multiplicative"
    tips_file = tips_file or cfg.get("tips")
    rules = get_rules(rules_name)
    if monthly_limit is not None:
        rules = rules.replace(monthly_limit=None if monthly_limit.strip().lower() == "none"
                              else option_number("--monthly-limit", monthly_limit, lo=0))
    for path in (ledger, plot):
        if path is not None:
            check_writable(path, force=force)
    if plot is not None and plot.suffix.lower() != ".png":
        raise ValueError(f"--plot ({plot}) must end in .png")
    if ledger is not None and plot is not None and ledger.resolve() == plot.resolve():
        raise ValueError(f"--ledger and --plot ({plot}) must be different files")
    tips = None
    if StrategyKind(strategy) is StrategyKind.FIXED:
        if tips_file is None:
            raise ValueError("--strategy fixed needs --tips FILE")
        tips = read_strategy_tips(tips_file, rules.matches)
    strat = BacktestStrategy(
        strategy, tips=tips,
        hit_rate=None if hit_rate is None else parse_fraction("--hit-rate", hit_rate),
        min_strikes=option_int("--min-strikes", min_strikes, 0, 13),
        safety=None if safety is None else parse_fraction("--safety", safety),
        count=option_int("--count", count, 1), margin_method=margin_method, promise=not no_promise)
    model = PayoutModel(method=payouts, turnover=option_number("--turnover", turnover, lo=0),
                        crowd=CrowdModel(option_number("--sharpness", sharpness, lo=0)
                                         if sharpness is not None else DEFAULT_SHARPNESS),
                        margin_method=margin_method)
    rounds = read_rounds(rounds_dir, matches=rules.matches)
    progress = not quiet and sys.stderr.isatty()
    result = run_backtest(rounds, strat, rules, payouts=model,
                          bankroll=option_number("--bankroll", bankroll), progress=progress,
                          rng=option_int("--seed", seed, 0))
    png = _bankroll_png(result) if plot is not None else None
    if ledger is not None:
        with atomic_write(ledger, force=force) as fh:
            result.ledger.to_csv(fh, index=False, float_format="%.10g", lineterminator="\n")
    if png is not None:
        try:
            with atomic_write(plot, force=force, mode="wb", encoding=None, newline=None) as fh:
                fh.write(png)
        except BaseException:
            if ledger is not None:  # all or nothing
                ledger.unlink(missing_ok=True)
            raise
    s = result.summary
    sources = dict(Counter(result.ledger["payout_source"]))
    if fmt == "table":
        click.echo(f"strategy {strat.describe()}; rules {rules.name} (stake {rules.stake:g} "
                   f"{rules.currency}, fee {rules.voucher_fee:g} per {rules.voucher_size} tips, monthly "
                   f"limit {'none' if rules.monthly_limit is None else f'{rules.monthly_limit:g}'}); "
                   f"payouts {model.method.value}")
        click.echo(f"rounds {s.rounds} from {rounds.ids[0]} to {rounds.ids[-1]}; payout sources: "
                   + ", ".join(f"{k} {v}" for k, v in sorted(sources.items()))
                   + (f"; budget cut {result.capped} rounds" if result.capped else "")
                   + (f"; skipped {result.skipped} rounds without odds" if result.skipped else ""))
        click.echo("")
        cur = rules.currency
        lo, hi = s.roi_ci
        rows = [
            {"metric": "rounds", "value": f"{s.rounds:,}"},
            {"metric": "tips", "value": f"{s.tips:,}"},
            {"metric": f"total cost ({cur})", "value": money(s.total_cost)},
            {"metric": f"winnings ({cur})", "value": money(s.winnings)},
            {"metric": f"profit ({cur})", "value": money(s.profit)},
            {"metric": "ROI", "value": percent(s.roi)},
            {"metric": f"ROI {100 * s.ci_level:g}% bootstrap CI", "value": f"{percent(lo)} .. {percent(hi)}"},
            {"metric": "longest losing run (rounds)", "value": f"{s.longest_losing_run:,}"},
            {"metric": f"max drawdown ({cur})", "value": money(s.max_drawdown)},
            {"metric": "Sharpe per round", "value": "-" if math.isnan(s.sharpe) else f"{s.sharpe:.4f}"},
            {"metric": f"final bankroll ({cur})", "value": money(s.final_bankroll)},
        ]
        emit(rows, "table")
        click.echo("")
        tiers = [{"tier": f">= {x}", "promised": s.promised[x], "achieved": s.reached[x],
                  "rounds_reached": int(round(s.reached[x] * s.rounds))}
                 for x in sorted(s.reached, reverse=True)]
        emit(tiers, "table", formats={"promised": percent, "achieved": percent})
        click.echo("")
        click.echo("promised: mean over rounds of the safety the strategy claims for its tips; achieved: "
                   "share of rounds whose best tip reached the tier.")
    else:
        rec = {"strategy": strat.describe(), "rules": rules.name, "payouts": model.method.value,
               **s.as_dict(), "budget_capped_rounds": result.capped, "skipped_rounds": result.skipped,
               "payout_sources": json.dumps(sources) if fmt == "csv" else sources}
        emit([rec], fmt)


@main.group("import")
def import_group() -> None:
    """Import historical rounds into the toto13 rounds format (matches.csv, payouts.csv)."""


def _write_import(report, out: Path, force: bool, fmt: str) -> None:
    with atomic_directory(out, force=force) as tmp:
        write_rounds(tmp, report.rounds)
    rows = [{"item": k, "count": v} for k, v in report.notes.items()]
    if fmt == "table":
        click.echo(f"wrote {len(report.rounds)} rounds to {out} "
                   f"({report.rounds.ids[0]} .. {report.rounds.ids[-1]})")
    emit(rows, fmt)


@import_group.command("stryktipset")
@click.argument("summary", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--details", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Per-match details file (teams, odds, matches drawn by lot) to join on the round id.")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="Output directory (written atomically).")
@click.option("--force", is_flag=True, help="Replace an existing output directory.")
@format_option()
@library_errors
def import_stryktipset_cmd(summary, details, out, force, fmt):
    """Import the TipsXtra Stryktipset statistics export (';'-separated, X for a draw).

    Handles its quirks: 10,000,000 as the 13-payout when nobody had 13 (quota marked missing),
    turnover 0 (missing), matches drawn by lot (kept, flagged with --details), weeks with two rounds
    (the second gets the id YYYYWW-2).
    """
    if out.exists() and not force:
        raise ValueError(f"{out} exists already; pass --force to replace it")
    _write_import(import_stryktipset(summary, details), out, force, fmt)


@import_group.command("football-data")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="Output directory (written atomically).")
@click.option("--force", is_flag=True, help="Replace an existing output directory.")
@format_option()
@library_errors
def import_football_data_cmd(files, out, force, fmt):
    """Build TOTO-like pseudo-rounds from football-data.co.uk files (D1 and D2 seasons).

    Each weekend's Bundesliga matches by kick-off, filled up to 13 with 2. Bundesliga; closing odds
    where the files have them; payouts marked missing (use --payouts model or average when
    backtesting them).
    """
    if out.exists() and not force:
        raise ValueError(f"{out} exists already; pass --force to replace it")
    _write_import(import_football_data(list(files)), out, force, fmt)
