"""The pool-value block of ``tickets`` and ``evaluate``: a :class:`toto13.pool.PoolValue` and what it
assumes, as a JSON dict or as readable lines."""
from __future__ import annotations

from typing import Any

import click

from ._common import money

__all__ = ["value_dict", "value_lines", "print_value"]


def value_dict(setup: Any, pv: Any) -> dict:
    """A :class:`toto13.pool.PoolValue` and what it assumes, for JSON output."""
    return {"expected_return": pv.expected_return, "cost": pv.cost,
            "expected_profit": pv.expected_profit, "return_per_stake": pv.return_per_stake,
            "per_tier": {str(k): v for k, v in sorted(pv.per_tier.items(), reverse=True)},
            "p_return_ge_cost": pv.p_return_ge_cost, "tips": pv.tips, "assumes": setup.to_dict()}


def value_lines(setup: Any, pv: Any) -> list[str]:
    """A readable block: the expected return of a tip set, per tier, and what it assumes."""
    cur = setup.pool.rules.currency
    tiers = "  ".join(f"{k}: {money(v)}" for k, v in sorted(pv.per_tier.items(), reverse=True))
    return ["Value in the pool, exact over all results:",
            f"  expected return {money(pv.expected_return)} {cur} for cost {money(pv.cost)} {cur}: "
            f"expected profit {money(pv.expected_profit)} {cur}, {pv.return_per_stake:.3f} back per "
            "unit staked",
            f"  expected return per tier (strikes: {cur}) {tiers}",
            f"  P(the round returns at least the cost) {100 * pv.p_return_ge_cost:.2f}%",
            f"  {setup.assumes}"]


def print_value(setup: Any, pv: Any, rules: Any) -> None:
    """Print :func:`value_lines` after a blank line, or say how to get them (no turnover known)."""
    click.echo()
    if pv is None:
        click.echo(f"Value in the pool: give --turnover T to see it (the {rules.name} rules give no "
                   "typical turnover).")
        return
    for line in value_lines(setup, pv):
        click.echo(line)
