"""The ``toto13 backtest`` command: replay a strategy over historical rounds."""
from __future__ import annotations

import dataclasses
import json
import sys
from collections import Counter
from pathlib import Path

import click

from ..backtest import (BacktestStrategy, PayoutMethod, PayoutModel, StrategyKind, read_rounds,
                        run_backtest)
from ..backtest.config import read_backtest_config
from ..backtest.payouts import CrowdModel, DEFAULT_SHARPNESS
from ..estimators import MarginMethod
from ..io.outputs import Outputs, check_output
from ..rules import Preset, get_rules
from . import main
from ._backtest_report import print_summary
from ._common import emit, enum_choice, format_option, library_errors, option_int, option_number
from ._pool import CO_WINNERS, POOL_FLAGS, parse_min_coverage

_FLAGS = {"strategy": "--strategy", "hit_rate": "--hit-rate", "min_strikes": "--min-strikes",
          "safety": "--safety", "count": "--count", "margin_method": "--margin-method", "tips": "--tips",
          **POOL_FLAGS}


@main.command()
@click.argument("rounds_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--strategy", "strategy", type=enum_choice(StrategyKind), default=None,
              help="fixed (one tip file every round), recipe (random tips, n from x and Q), system "
                   "(a reduced system guaranteeing x in the recipe's space), weighted, greedy or top "
                   "(tips from the round's odds), value (the rows of highest expected return in the "
                   "round's pool).")
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
              help="Turnover assumed by the payout model (and the pool of value / --expected-return) "
                   "for rounds that give none.")
@click.option("--jackpot", default=None, metavar="J",
              help="value / --expected-return: money carried into every round's top tier [default: 0].")
@click.option("--co-winners", "co_winners", type=click.Choice(CO_WINNERS, case_sensitive=False),
              default="calibrated", show_default=True,
              help="value / --expected-return: the co-winner model of the pool.")
@click.option("--min-quota", "min_quota", default=None, metavar="Q",
              help="value / --expected-return: smallest quota paid [default: the rules'; 0: off].")
@click.option("--min-coverage", "min_coverage", default=None, metavar="X:Q",
              help="value: keep P(best >= X) >= Q in every round.")
@click.option("--expected-return", "expected", is_flag=True,
              help="Also give each round's expected return in the pool (the crowd's shares from the "
                   "rounds where given, else modelled from the odds); always on for value.")
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
@click.option("--calibration", "calib", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the reliability diagram (PNG) here: rounds binned by the promised P(best >= x) "
                   "against the share that reached x.")
@click.option("--force", is_flag=True, help="Overwrite existing --ledger / --plot / --calibration files.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@format_option()
@library_errors(flags=_FLAGS)
def backtest(rounds_dir, strategy, rules_name, tips_file, hit_rate, min_strikes, safety, count,
             margin_method, config, payouts, turnover, jackpot, co_winners, min_quota, min_coverage,
             expected, sharpness, monthly_limit, bankroll, seed, no_promise, ledger, plot, calib, force,
             quiet, fmt):
    """Replay a strategy over historical rounds against their quotas and the rules' fees.

    ROUNDS_DIR holds matches.csv and payouts.csv (see `toto13 import`). Prints a summary: cost,
    winnings, profit, ROI with a bootstrap 95% interval, share of rounds reaching each tier (promised
    beside achieved), longest losing run, maximum drawdown, per-round Sharpe ratio.
    """
    rules = get_rules(rules_name)
    opts = {"strategy": strategy, "hit_rate": hit_rate, "min_strikes": min_strikes, "safety": safety,
            "count": count, "margin_method": margin_method, "tips": tips_file}
    strat = BacktestStrategy.from_mapping(opts, read_backtest_config(config) if config else None,
                                          names=_FLAGS, source=config, matches=rules.matches,
                                          promise=not no_promise)
    strat = dataclasses.replace(  # the pool: for value, and for any strategy's expected return
        strat, turnover=option_number("--turnover", turnover, lo=0) or None,
        jackpot=option_number("--jackpot", jackpot, lo=0) or 0.0, co_winners=co_winners.lower(),
        min_quota=option_number("--min-quota", min_quota, lo=0),
        min_coverage=parse_min_coverage(min_coverage, rules.matches),
        pool_value=True if expected else None)
    if monthly_limit is not None:
        rules = rules.replace(monthly_limit=None if monthly_limit.strip().lower() == "none"
                              else option_number("--monthly-limit", monthly_limit, lo=0))
    outputs = [(o, p) for o, p in (("--ledger", ledger), ("--plot", plot), ("--calibration", calib))
               if p is not None]
    for opt, path in outputs:
        check_output(path, force=force)
        if opt != "--ledger" and path.suffix.lower() != ".png":
            raise ValueError(f"{opt} ({path}) must end in .png")
    if len({p.resolve() for _, p in outputs}) < len(outputs):
        raise ValueError(f"{' and '.join(o for o, _ in outputs)} must be different files")
    model = PayoutModel(method=payouts, turnover=option_number("--turnover", turnover, lo=0),
                        crowd=CrowdModel(option_number("--sharpness", sharpness, lo=0)
                                         if sharpness is not None else DEFAULT_SHARPNESS),
                        margin_method=strat.margin_method)
    rounds = read_rounds(rounds_dir, matches=rules.matches)
    result = run_backtest(rounds, strat, rules, payouts=model,
                          bankroll=option_number("--bankroll", bankroll),
                          progress=not quiet and sys.stderr.isatty(), rng=option_int("--seed", seed, 0))
    pictures = _pictures(result, plot, calib)  # drawn before anything is staged
    with Outputs(force=force) as outputs:  # the ledger and the pictures appear together or not at all
        if ledger is not None:
            with outputs.open(ledger) as fh:
                result.ledger.to_csv(fh, index=False, float_format="%.10g", lineterminator="\n")
        for path, data in pictures:
            outputs.write_bytes(path, data)
    sources = dict(Counter(result.ledger["payout_source"]))
    if fmt == "table":
        print_summary(result, rounds, model, sources)
    else:
        rec = {"strategy": strat.describe(), "rules": rules.name, "payouts": model.method.value,
               **result.summary.as_dict(), "budget_capped_rounds": result.capped,
               "skipped_rounds": result.skipped, "expected_per_stake": result.expected_per_stake,
               "realised_per_stake": result.realised_per_stake,
               "payout_sources": json.dumps(sources) if fmt == "csv" else sources}
        emit([rec], fmt)


def _pictures(result, plot, calib) -> list:
    from ..backtest.plots import bankroll_png, reliability_png

    out = []
    if plot is not None:
        out.append((plot, bankroll_png(result)))
    if calib is not None:
        out.append((calib, reliability_png(result)))
    return out
