"""The ``toto13 backtest`` command: replay a strategy over historical rounds."""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from ..backtest import PayoutMethod, PayoutModel, read_rounds, run_backtest
from ..backtest.config import read_backtest_config, strategy_from_mapping
from ..rules import Preset, get_rules
from . import main
from ._backtest_options import check_files, file_options, strategy_options, write_files
from ._backtest_report import print_summary
from ._common import (emit, enum_choice, format_option, library_errors, option_int, option_number,
                      parse_min_coverage)
from ._pool import POOL_FLAGS, pool_options
from ._workers import WORKER_FLAGS, workers_from, workers_options

_FLAGS = {"strategy": "--strategy", "hit_rate": "--hit-rate", "min_strikes": "--min-strikes",
          "safety": "--safety", "count": "--count", "margin_method": "--margin-method", "tips": "--tips",
          **POOL_FLAGS, **WORKER_FLAGS}
_STRATEGY_KEYS = ("strategy", "hit_rate", "min_strikes", "safety", "count", "margin_method", "tips")


@main.command()
@click.argument("rounds_dir", type=click.Path(file_okay=False, path_type=Path))
@strategy_options
@click.option("--rules", "rules_name", type=enum_choice(Preset), default="toto13", show_default=True,
              help="Rules preset: costs, tiers, monthly budget cap.")
@click.option("--payouts", "payouts", type=enum_choice(PayoutMethod), default="real", show_default=True,
              help="real (real quotas, model where missing), model (pari-mutuel model), average.")
@pool_options(crowd=False)
@click.option("--monthly-limit", "monthly_limit", default=None,
              help="Spending cap per calendar month ('none' for no cap) [default: from the rules].")
@click.option("--bankroll", default="0", show_default=True, help="Starting bankroll.")
@click.option("--seed", default=None, help="Seed for the tip generators and the bootstrap.")
@file_options
@workers_options
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@format_option()
@library_errors(flags=_FLAGS)
def backtest(rounds_dir, chosen, rules_name, payouts, pool_args, monthly_limit, bankroll, seed, files,
             where, quiet, fmt):
    """Replay a strategy over historical rounds against their quotas and the rules' fees.

    ROUNDS_DIR holds matches.csv and payouts.csv (see `toto13 import`). Prints a summary: cost,
    winnings, profit, ROI with a bootstrap 95% interval, share of rounds reaching each tier (promised
    beside achieved), longest losing run, maximum drawdown, per-round Sharpe ratio. The pool options
    price each round's tips for value and --expected-return, and give the payout model its turnover
    and crowd where the rounds give none. --jobs and --scheduler spread the rounds over processes or
    a Dask cluster; each round's tips are seeded by --seed and the round's id, so the ledger, the
    summary and the pictures are the same for any of them.
    """
    rules = get_rules(rules_name)
    config = chosen["config"]
    pool = pool_args.settings()
    strat = strategy_from_mapping(
        {k: chosen[k] for k in _STRATEGY_KEYS}, read_backtest_config(config) if config else None,
        names=_FLAGS, source=config, matches=rules.matches, promise=not chosen["no_promise"], pool=pool,
        min_coverage=parse_min_coverage(chosen["min_coverage"], rules.matches),
        pool_value=True if chosen["expected"] else None, refit=chosen["refit"])
    if monthly_limit is not None:
        rules = rules.replace(monthly_limit=None if monthly_limit.strip().lower() == "none"
                              else option_number("--monthly-limit", monthly_limit, lo=0))
    read = [rounds_dir / "matches.csv", rounds_dir / "payouts.csv", config, chosen["tips"],
            pool_args.pool_model]
    check_files(files, inputs=[f for f in read if f is not None])
    workers = workers_from(where)
    model = PayoutModel(method=payouts, turnover=pool.turnover, crowd=pool.crowd_model(),
                        margin_method=strat.margin_method)
    rounds = read_rounds(rounds_dir, matches=rules.matches)
    result = run_backtest(rounds, strat, rules, payouts=model,
                          bankroll=option_number("--bankroll", bankroll),
                          progress=not quiet and sys.stderr.isatty(), rng=option_int("--seed", seed, 0),
                          workers=workers)
    write_files(files, result)
    sources = dict(Counter(result.ledger["payout_source"]))
    if fmt == "table":
        print_summary(result, rounds, model, sources)
        return
    rec = {"strategy": strat.describe(), "rules": rules.name, "payouts": model.method.value,
           **result.summary.as_dict(), "budget_capped_rounds": result.capped,
           "skipped_rounds": result.skipped, "expected_per_stake": result.expected_per_stake,
           "realised_per_stake": result.realised_per_stake,
           "payout_sources": json.dumps(sources) if fmt == "csv" else sources}
    per_tier = {str(t.tier): t.as_dict() for t in result.tier_returns}
    if fmt == "csv":  # flat: tier_10_expected_per_stake, ...
        rec.update({f"tier_{x}_{k}": v for x, d in per_tier.items() for k, v in d.items()})
    else:
        rec["per_tier"] = per_tier
    emit([rec], fmt)
