"""``--budget AMOUNT`` of ``tickets`` and ``system``: money in the rules' currency, turned into the
most tips whose cost (stake and voucher fees, :meth:`toto13.rules.Rules.affordable`) fits."""
from __future__ import annotations

import click

from ._common import option_number

__all__ = ["budget_option", "budget_count", "budget_dict", "budget_line", "system_count", "check_system_cost",
           "within_space"]


#: ``--budget AMOUNT`` of tickets and system: money, not a count of tips.
budget_option = click.option(
    "--budget", "budget", default=None, metavar="AMOUNT",
    help="Money to spend, in the rules' currency: the most tips whose cost (stake and voucher fees "
         "by the rules) fits; the report shows the cost and what is left over.")


def budget_count(budget: str | None, rules) -> int | None:
    """The most tips ``--budget`` buys by the rules (None without one); exit 2 when not one fits."""
    if budget is None:
        return None
    amount = option_number("--budget", budget, lo=0)
    n = rules.affordable(amount)
    if n == 0:
        raise ValueError(f"--budget ({budget!r}) does not buy one tip: one tip costs "
                         f"{rules.cost(1):,.2f} {rules.currency} by the {rules.name} rules")
    return n


def within_space(n: int, spec_text: str | None, spec_mask, matches: int) -> int:
    """``n`` tips bought by ``--budget``, at most the distinct tips the draw can make: the ``--spec``'s
    (or the source's reduced space ``spec_mask``), else all ``3^matches``."""
    import numpy as np

    from ..tickets.spec import parse_spec

    if spec_text is not None:
        return min(n, parse_spec(spec_text, matches=matches).size)
    if spec_mask is not None:
        return min(n, int(np.prod(np.asarray(spec_mask).sum(axis=1))))
    return min(n, 3 ** matches)


def budget_dict(budget: str | None, cost: float) -> dict | None:
    """The budget's amount, the cost and what is left over (None without ``--budget``)."""
    if budget is None:
        return None
    amount = float(budget)
    return {"amount": amount, "cost": cost, "left_over": round(amount - cost, 10)}


def budget_line(b: dict, currency: str) -> str:
    return (f"budget {b['amount']:,.2f} {currency}: cost {b['cost']:,.2f} {currency}, "
            f"left over {b['left_over']:,.2f} {currency}")


def system_count(budget: str | None, count: str | None, has_probs: bool, guarantee: str | None,
                 spec_size: int, rules) -> str | int | None:
    """The tips of ``system``'s probability-aware reduction: ``--count``, or with ``--probs`` the most
    ``--budget`` buys (at most the spec's full system); None for a covering system (``--guarantee``),
    which ``--budget`` then caps (:func:`check_system_cost`)."""
    if budget is not None and count is not None:
        raise ValueError("give --count N or --budget AMOUNT, not both")
    if budget is None:
        return count
    n = budget_count(budget, rules)
    assert n is not None  # a budget was given
    if has_probs:
        return min(n, spec_size)
    if guarantee is None:
        raise ValueError("--budget needs --guarantee G (the cheapest system guaranteeing G strikes) "
                         "or --probs (the most probable tips it buys)")
    return None


def check_system_cost(budget: str | None, k: int, guarantee: int, rules) -> None:
    """Exit 2 when the covering system found costs more than ``--budget``."""
    if budget is not None and rules.cost(k) > float(budget):
        raise ValueError(f"no system for --spec guaranteeing {guarantee} strikes fits --budget "
                         f"({budget!r}): the cheapest found has {k:,} tips and costs "
                         f"{rules.cost(k):,.2f} {rules.currency}")
