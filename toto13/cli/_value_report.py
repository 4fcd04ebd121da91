"""The pool-value block of ``tickets``, ``evaluate`` and ``value``: a :class:`toto13.pool.PoolValue`,
the spread of the return (:class:`toto13.pool.ReturnSpread`) and what they assume, as a JSON dict or as
readable lines."""
from __future__ import annotations

import math
from typing import Any

import click

from ._common import money

__all__ = ["SAMPLES", "SEED", "MAX_SET", "spread_of", "spread_dict", "value_dict", "value_lines",
           "spread_lines", "print_value", "how_rarely"]

#: Monte Carlo paths behind ``--rounds K`` (K > 1), and the seed where the command has no ``--seed``.
SAMPLES = 20_000
SEED = 0
#: ``value`` gives the spread of its listed tips as a set up to this many (beyond, it takes seconds).
MAX_SET = 100
def spread_of(tips: Any, probs: Any, setup: Any, rounds: int | None, seed: int | None = None) -> Any:
    """:func:`toto13.pool.return_distribution` of ``tips`` over ``rounds`` rounds (None: one)."""
    from ..pool.spread import return_distribution

    return return_distribution(tips, probs, setup.crowd, setup.pool, rounds=rounds or 1,
                               rng=SEED if seed is None else seed, samples=SAMPLES)


def value_and_spread(tips: Any, probs: Any, setup: Any, rounds: int | None,
                     seed: int | None = None) -> tuple[Any, Any]:
    """The tips' expected return in the pool and its spread (:func:`toto13.pool.priced`, the round
    built once), or ``(None, None)`` without a pool."""
    if setup is None:
        return None, None
    from ..pool.spread import priced

    return priced(tips, probs, setup.crowd, setup.pool, rounds=rounds or 1,
                  rng=SEED if seed is None else seed, samples=SAMPLES, crowd_source=setup.crowd_source)


def _finite(x: float) -> float | None:
    return None if math.isinf(x) else x


def spread_dict(s: Any, rounds: bool) -> dict:
    """One round's spread (and, where ``rounds``, the K rounds' as ``rounds``) for JSON output."""
    out = {"median": s.median, "q05": s.q05, "q95": s.q95, "p_return_ge_cost": s.p_return_ge_cost,
           "p_return_positive": s.p_return_positive, "rounds_per_payout": _finite(s.rounds_per_payout),
           "rounds_per_cost_back": _finite(s.rounds_per_cost_back), "approximate_mass": s.approximate_mass}
    if rounds:
        out["rounds"] = {"k": s.rounds, "p_profit": s.p_profit, "p_profit_se": s.p_profit_se,
                         "q05": s.total_q05, "median": s.total_median, "q95": s.total_q95,
                         "method": s.method, "samples": s.samples, "seed": s.seed}
    return out


def value_dict(setup: Any, pv: Any, spread: Any, rounds: bool) -> dict:
    """A :class:`toto13.pool.PoolValue`, its spread and what it assumes, for JSON output."""
    return {"expected_return": pv.expected_return, "cost": pv.cost,
            "expected_profit": pv.expected_profit, "return_per_stake": pv.return_per_stake,
            "per_tier": {str(k): v for k, v in sorted(pv.per_tier.items(), reverse=True)},
            **spread_dict(spread, rounds), "tips": pv.tips, "assumes": setup.to_dict()}


def spread_lines(s: Any, cur: str, rounds: bool) -> list[str]:
    """One round's median, 5–95 % range and P(return >= cost), how rarely it pays, and with ``rounds``
    P(profit) and the total return's quantiles over K rounds (with the Monte Carlo's error and seed)."""
    lines = [f"  one round: median return {money(s.median)} {cur}, 5-95% range {money(s.q05)} .. "
             f"{money(s.q95)} {cur}; P(return > 0) {100 * s.p_return_positive:.2f}%, P(return >= cost) "
             f"{100 * s.p_return_ge_cost:.2f}%",
             f"  it {s.how_rarely()}"]
    if s.approximate_mass > 0:
        lines.append(f"  (results of probability {100 * s.approximate_mass:.2f}% take some tiers' "
                     "co-winners at their expectation)")
    if rounds:
        how = ("exact" if s.method == "exact" else
               f"Monte Carlo, {s.samples:,} paths, seed {s.seed}: ± {100 * s.p_profit_se:.2f}% s.e.")
        lines += [f"  over {s.rounds:,} rounds (cost {money(s.rounds * s.cost)} {cur}): P(profit) "
                  f"{100 * s.p_profit:.2f}% ({how})",
                  f"    total return 5% / 50% / 95%: {money(s.total_q05)} / {money(s.total_median)} / "
                  f"{money(s.total_q95)} {cur}"]
    return lines


def value_lines(setup: Any, pv: Any, spread: Any, rounds: bool) -> list[str]:
    """A readable block: the expected return of a tip set, per tier, its spread and what it assumes."""
    cur = setup.pool.rules.currency
    tiers = "  ".join(f"{k}: {money(v)}" for k, v in sorted(pv.per_tier.items(), reverse=True))
    return ["Value in the pool, exact over all results:",
            f"  expected return {money(pv.expected_return)} {cur} for cost {money(pv.cost)} {cur}: "
            f"expected profit {money(pv.expected_profit)} {cur}, {pv.return_per_stake:.3f} back per "
            "unit staked",
            f"  expected return per tier (strikes: {cur}) {tiers}",
            *spread_lines(spread, cur, rounds),
            f"  {setup.assumes}"]


def print_value(setup: Any, pv: Any, rules: Any, spread: Any = None, rounds: bool = False) -> None:
    """Print :func:`value_lines` after a blank line, or say how to get them (no turnover known)."""
    click.echo()
    if pv is None:
        click.echo(f"Value in the pool: give --turnover T to see it (the {rules.name} rules give no "
                   "typical turnover).")
        return
    for line in value_lines(setup, pv, spread, rounds):
        click.echo(line)


def how_rarely(s: Any, p_13: float) -> str:
    """``value``'s line on its best tip: how rarely it pays, and whether its mean rests on that."""
    rests = "; its expected return rests on those rare wins (the median round returns 0)" \
        if s.median == 0 else ""
    return (f"The best tip pays something once in {_rounds(s.rounds_per_payout)} rounds (P(13 strikes) = "
            f"{p_13:.3g}) and pays back its stake once in {_rounds(s.rounds_per_cost_back)} rounds{rests}.")


def _rounds(n: float) -> str:
    return "never" if math.isinf(n) else f"{n:,.0f}" if n >= 100 else f"{n:,.3g}"
