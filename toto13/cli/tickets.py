"""The ``toto13 tickets`` and ``toto13 evaluate`` commands."""
from __future__ import annotations

import json

import click

from ..estimators import MarginMethod
from ..io.atomic import check_writable
from ..io.probs import load_probabilities
from ..io.tips import read_tips
from ..rules import Preset, get_rules
from ..tickets import TipStrategy, evaluate as evaluate_tips, tip_set
from ..tickets.export import check_export, export_tips
from . import main
from ._common import (emit, enum_choice, format_option, library_errors, option_group, parse_fraction,
                      percents, tip_output_options, FILE)
from ._pool import POOL_FLAGS, parse_min_coverage, pool_options

_FLAGS = {"probs": "--probs", "odds": "--odds", "method": "--method", "hit_rate": "--hit-rate",
          "count": "--count", "seed": "--seed", "min_strikes": "--min-strikes", "power": "--power",
          "spec": "--spec", **POOL_FLAGS}


def _load(probs_file, odds_file, method, hit_rate, matches: int):
    p = None if hit_rate is None else parse_fraction("--hit-rate", hit_rate)
    return load_probabilities(probs=probs_file, odds=odds_file, method=method, hit_rate=p, matches=matches)


_source_options = option_group(
    click.option("--probs", "probs_file", type=FILE, default=None,
                 help="Match probabilities CSV (home,draw,away; one row per match)."),
    click.option("--odds", "odds_file", type=FILE, default=None,
                 help="Decimal odds CSV (odds_home,odds_draw,odds_away); see --method."),
    click.option("--method", type=enum_choice(MarginMethod), default=None,
                 help="Margin removal for --odds [default: multiplicative]."),
    click.option("--hit-rate", "hit_rate", default=None, metavar="P",
                 help="The recipe's uniform hit rate p (0.5, 1/3): each of the first floor(1/p) "
                      "outcomes of every match has probability p (1/2: home or draw, 1/3: all three)."))


_TIER_FORMATS = {"coverage": percents(4), "per_tip": percents(4), "formula": percents(4),
                 "expected_hits": lambda v: f"{v:.6g}"}
_TIER_HEADERS = {"coverage": "P(best>=x) exact", "expected_hits": "expected tips with x",
                 "per_tip": "per tip q", "formula": "formula 1-(1-q)^n"}


def _print_evaluation(ev, tiers, fmt: str, extra: dict | None = None) -> None:
    if fmt == "json":
        return click.echo(json.dumps({**ev.to_dict(tiers), **(extra or {})}, indent=2))
    emit(ev.rows(sorted(tiers, reverse=True)), fmt, formats=_TIER_FORMATS, headers=_TIER_HEADERS)


@main.command()
@_source_options
@click.option("--count", "count", required=True, metavar="N", help="Number of tips N.")
@click.option("--strategy", type=enum_choice(TipStrategy), default="weighted", show_default=True,
              help="random: the recipe's urn over --spec; weighted: drawn by probability; top: the N "
                   "most probable; greedy: each tip maximises the gain in P(best >= --min-strikes); "
                   "value: the N rows of highest expected return in the pool (see the pool options).")
@click.option("--min-coverage", "min_coverage", default=None, metavar="X:Q",
              help="value: keep P(best >= X strikes) >= Q, e.g. 10:0.5.")
@click.option("--min-strikes", "min_strikes", default=None, metavar="X",
              help="Target x of greedy [default: the lowest prize tier, 10].")
@click.option("--spec", default=None, metavar="SPEC",
              help="Allowed outcomes per match, e.g. '10 1 102 ...' (13 tokens) [default: all three; "
                   "with --hit-rate, the recipe's reduced space].")
@click.option("--power", default="1", show_default=True, metavar="K",
              help="weighted: draw from probs**power (0 uniform, >1 favours favourites).")
@click.option("--seed", required=True, metavar="S", help="Random seed (the same seed gives the same tips).")
@tip_output_options
@click.option("--rules", "rules_name", type=enum_choice(Preset), default="toto13", show_default=True,
              help="Rules preset (matches, voucher size, upload limit, prices).")
@format_option(choices=("table", "json"))
@pool_options
@library_errors(flags=_FLAGS)
def tickets(probs_file, odds_file, method, hit_rate, count, strategy, min_coverage, min_strikes, spec,
            power, seed, out, vouchers, upload_dir, force, rules_name, fmt, pool_args):
    """Generate N distinct tips, write them, and show what they achieve exactly.

    The table gives, per prize tier x, the exact probability that the best tip has at least x strikes
    (over all 3^13 results), the expected number of tips with exactly x strikes, the per-tip chance q
    and what the recipe's formula 1-(1-q)^N claims for the same tips. Where the pool's turnover is known
    (--turnover, or typical for the rules) it also gives the set's expected return in the pool.
    """
    rules = get_rules(rules_name)
    is_value = strategy == TipStrategy.VALUE.value
    pool_args.check(has_probs=probs_file is not None or odds_file is not None)
    min_cov = parse_min_coverage(min_coverage, rules.matches)
    if min_cov is not None and not is_value:
        raise ValueError("--min-coverage applies only to --strategy value")
    if is_value and spec is not None:
        raise ValueError("--spec does not apply to --strategy value (it ranks all 3^13 rows)")
    check_writable(out, force=force)
    src = _load(probs_file, odds_file, method, hit_rate, rules.matches)
    setup = pool_args.setup(rules, src.values, required=is_value)
    value = {"crowd": setup.crowd, "pool": setup.pool, "min_coverage": min_cov} if is_value else {}
    tips, ev = tip_set(src.values, count, strategy, seed=seed, min_strikes=min_strikes,
                       power=parse_fraction("--power", power), rules=rules,
                       spec=None if is_value else spec if spec is not None else src.spec, **value)
    n = ev.n
    check_export(out, n, rules, upload_dir=upload_dir, force=force)
    pv = None if setup is None else _pool_value(tips, src.values, setup)
    written = export_tips(out, tips, rules, vouchers=vouchers, upload_dir=upload_dir, force=force)
    info = {"strategy": strategy, "source": src.description, "seed": int(seed), "cost": rules.cost(n),
            "vouchers": rules.vouchers(n), "currency": rules.currency, "files": written,
            "value": None if pv is None else setup.value_dict(pv)}
    if fmt == "table":
        click.echo(f"{n:,} {strategy} tips from {src.description}, seed {int(seed)}: "
                   f"{rules.vouchers(n):,} vouchers, cost {rules.cost(n):,.2f} {rules.currency}\n"
                   f"wrote {', '.join(written)}\n")
    _print_evaluation(ev, rules.tiers, fmt, info)
    if fmt == "table":
        _print_value(setup, pv, rules)


def _pool_value(tips, probs, setup):
    from ..pool import expected_return

    return expected_return(tips, probs, setup.crowd, setup.pool, crowd_source=setup.crowd_source)


def _print_value(setup, pv, rules) -> None:
    click.echo()
    if pv is None:
        click.echo(f"Value in the pool: give --turnover T to see it (the {rules.name} rules give no "
                   "typical turnover).")
        return
    for line in setup.value_lines(pv):
        click.echo(line)


@main.command(name="evaluate")
@click.argument("tips_file", metavar="TIPS", type=FILE)
@_source_options
@click.option("--rules", "rules_name", type=enum_choice(Preset), default="toto13", show_default=True,
              help="Rules preset (matches and prize tiers).")
@format_option(choices=("table", "json", "csv"))
@pool_options
@library_errors(flags=_FLAGS)
def evaluate_command(tips_file, probs_file, odds_file, method, hit_rate, rules_name, fmt, pool_args):
    """Exact coverage and expected hits of the tips in TIPS (CSV column tip).

    Per prize tier x: P(best tip has >= x strikes) over all 3^13 results, the expected number of tips
    with exactly x strikes, the per-tip chance q and the recipe formula's claim 1-(1-q)^n. Repeated
    tips count as separate tips (each is paid for) but add no coverage.

    Table and JSON also give the tips' value in the pool: the expected return over all 3^13 results,
    every tier's prize shared with the other winners (the crowd's rows, from --crowd FILE or modelled
    from the probabilities) and among the tips themselves, with what it assumes (turnover, jackpot,
    co-winner model, minimum quota).
    """
    rules = get_rules(rules_name)
    pool_args.check(has_probs=probs_file is not None or odds_file is not None)
    tips = read_tips(tips_file, matches=rules.matches)
    src = _load(probs_file, odds_file, method, hit_rate, rules.matches)
    ev = evaluate_tips(tips, src.values)
    setup = None if fmt == "csv" else pool_args.setup(rules, src.values, required=False)
    pv = None if setup is None else _pool_value(tips, src.values, setup)
    if fmt == "table":
        click.echo(f"{ev.n:,} tips ({ev.distinct:,} distinct) from {tips_file}, exact over all "
                   f"3^{ev.matches} results, {src.description}\n")
    _print_evaluation(ev, rules.tiers, fmt,
                      {"value": None if pv is None else setup.value_dict(pv)} if fmt == "json" else None)
    if fmt == "table":
        _print_value(setup, pv, rules)
