"""What the ``tickets`` and ``evaluate`` commands share: where the probabilities come from, the
evaluation table and the tips' value in the pool (printed by :mod:`._value_report`)."""
from __future__ import annotations


import click

from ..estimators import MarginMethod
from ..io.probs import load_probabilities
from ._coupon import coupon_option, coupon_probabilities
from ._output import json_text
from ._common import FILE, emit, enum_choice, option_group, parse_fraction, percents
from ._pool import POOL_FLAGS

#: The library's parameter names and the two commands' flags (for ``library_errors``).
FLAGS = {"probs": "--probs", "odds": "--odds", "method": "--method", "hit_rate": "--hit-rate",
         "count": "--count", "seed": "--seed", "min_strikes": "--min-strikes", "power": "--power",
         "spec": "--spec", "coupon": "--coupon", "time_limit": "--time", **POOL_FLAGS}


def load_source(probs_file, odds_file, method, hit_rate, matches: int, coupon=None):
    """The match probabilities from exactly one of --probs, --odds (with --method) or --hit-rate,
    else from the ``coupon`` (:mod:`._coupon`), which they win over."""
    p = None if hit_rate is None else parse_fraction("--hit-rate", hit_rate)
    if coupon is not None and probs_file is None and odds_file is None and p is None:
        return coupon_probabilities(coupon, None, "", method)
    src = load_probabilities(probs=probs_file, odds=odds_file, method=method, hit_rate=p, matches=matches)
    option = "--probs" if probs_file is not None else "--odds" if odds_file is not None else "--hit-rate"
    return coupon_probabilities(coupon, src, option, method)


source_options = option_group(
    coupon_option,
    click.option("--probs", "probs_file", type=FILE, default=None,
                 help="Match probabilities CSV (home,draw,away; one row per match)."),
    click.option("--odds", "odds_file", type=FILE, default=None,
                 help="Decimal odds CSV (odds_home,odds_draw,odds_away); see --method."),
    click.option("--method", type=enum_choice(MarginMethod), default=None,
                 help="Margin removal for --odds [default: power]."),
    click.option("--hit-rate", "hit_rate", default=None, metavar="P",
                 help="The recipe's uniform hit rate p (0.5, 1/3): each of the first floor(1/p) "
                      "outcomes of every match has probability p (1/2: home or draw, 1/3: all three)."))


_TIER_FORMATS = {"coverage": percents(4), "per_tip": percents(4), "formula": percents(4),
                 "expected_hits": lambda v: f"{v:.6g}"}
_TIER_HEADERS = {"coverage": "P(best>=x) exact", "expected_hits": "expected tips with x",
                 "per_tip": "per tip q", "formula": "formula 1-(1-q)^n"}


def print_evaluation(ev, tiers, fmt: str, extra: dict | None = None) -> None:
    if fmt == "json":
        return click.echo(json_text({**ev.to_dict(tiers), **(extra or {})}))
    emit(ev.rows(sorted(tiers, reverse=True)), fmt, formats=_TIER_FORMATS, headers=_TIER_HEADERS)


