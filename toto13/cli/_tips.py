"""What the ``tickets`` and ``evaluate`` commands share: where the probabilities come from, the
evaluation table and the tips' value in the pool (printed by :mod:`._value_report`)."""
from __future__ import annotations

import json

import click

from ..estimators import MarginMethod
from ..io.probs import load_probabilities
from ._common import FILE, emit, enum_choice, option_group, parse_fraction, percents
from ._pool import POOL_FLAGS

#: The library's parameter names and the two commands' flags (for ``library_errors``).
FLAGS = {"probs": "--probs", "odds": "--odds", "method": "--method", "hit_rate": "--hit-rate",
         "count": "--count", "seed": "--seed", "min_strikes": "--min-strikes", "power": "--power",
         "spec": "--spec", "time_limit": "--time", **POOL_FLAGS}


#: Seconds a ``greedy`` or ``value`` search of ``tickets`` may take unless ``--time`` says otherwise.
SEARCH_TIME = 300.0

#: Each strategy's own options: given with another strategy they would do nothing, so they are refused.
_OWN = {"--power": "weighted", "--min-strikes": "greedy", "--min-coverage": "value"}


def check_strategy_options(strategy: str, given: dict, time_limit: str | None) -> float | None:
    """Refuse options that do nothing for ``strategy`` (``given``: flag -> value, None when not given);
    return the search's time bound in seconds (None for the strategies that do not search)."""
    for flag, owner in _OWN.items():
        if given.get(flag) is not None and strategy != owner:
            raise ValueError(f"{flag} applies only to --strategy {owner}, not {strategy}")
    if given.get("--spec") is not None and strategy == "value":
        raise ValueError("--spec does not apply to --strategy value (it ranks all 3^13 tips)")
    searches = strategy in ("greedy", "value")
    if time_limit is not None and not searches:
        raise ValueError(f"--time applies only to --strategy greedy and value, not {strategy}")
    if not searches:
        return None
    if time_limit is None:
        return SEARCH_TIME
    try:
        seconds = float(time_limit)
    except ValueError:
        seconds = float("nan")
    if not seconds > 0:
        raise ValueError(f"--time ({time_limit!r}) must be a number of seconds > 0 (inf: no bound)")
    return seconds


def stopped(stop, strategy: str, seconds: float) -> ValueError:
    """The one line for a search that ran out of ``--time``: how far it got; nothing was written."""
    return ValueError(f"--time ({seconds:g} s) ran out: {stop.done:,} of {stop.wanted:,} {strategy} "
                      f"tips found{stop.note}; nothing written (give a larger --time or a smaller "
                      "--count)")


def load_source(probs_file, odds_file, method, hit_rate, matches: int):
    """The match probabilities from exactly one of --probs, --odds (with --method) or --hit-rate."""
    p = None if hit_rate is None else parse_fraction("--hit-rate", hit_rate)
    return load_probabilities(probs=probs_file, odds=odds_file, method=method, hit_rate=p, matches=matches)


source_options = option_group(
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


def print_evaluation(ev, tiers, fmt: str, extra: dict | None = None) -> None:
    if fmt == "json":
        return click.echo(json.dumps({**ev.to_dict(tiers), **(extra or {})}, indent=2))
    emit(ev.rows(sorted(tiers, reverse=True)), fmt, formats=_TIER_FORMATS, headers=_TIER_HEADERS)

