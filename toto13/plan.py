"""The recipe's betting plan: tips needed per (strikes, safety, method), with cost and returns.

Builds on :mod:`toto13.engine` (the counts) and :mod:`toto13.rules` (the money). One
:class:`PlanRow` per (min_strikes, safety, method). :func:`make_plan` is the whole of ``toto13 plan``:
this table for a hit rate, or with real probabilities the exact plan of
:func:`toto13.tickets.plan_with_probs`.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Sequence

import numpy as np
from numpy.typing import ArrayLike

from .engine import (APPROX_VALID, CountMethod, approx_margin, reduced_space, coverage_approx,
                     coverage_exact, tips_needed)
from .errors import check_fraction, check_int, check_nonnegative
from .rules import TOTO13, Rules
from .tickets.generators import TipStrategy
from .tickets.planning import ProbPlan, plan_rows, plan_with_probs

__all__ = ["PlanRow", "plan_table", "DEFAULT_SAFETIES", "DEFAULT_HIT_RATE", "PROBS_DEFAULT_SAFETIES",
           "Plan", "make_plan"]

#: Safeties of the recipe's table when none are asked for.
DEFAULT_SAFETIES = (0.9, 0.99, 0.999, 0.9999)
#: The recipe's hit rate when none is given: home or draw, ``p = 1/2``.
DEFAULT_HIT_RATE = 0.5
#: Safeties of a plan with real probabilities when none are asked for (each needs a tip list).
PROBS_DEFAULT_SAFETIES = (0.9, 0.99)


@dataclass(frozen=True)
class PlanRow:
    """One line of a plan.

    Attributes
    ----------
    hit_rate, space_size : float
        ``p`` and ``N = (1/p)^m``.
    min_strikes : int
        ``x``: the plan asks for at least one tip with ``x`` or more strikes.
    safety : float
        ``Q`` asked for.
    method : str
        ``exact`` (hypergeometric search) or ``approx`` (the published formula).
    tips, vouchers : int
        ``n`` and ``ceil(n / voucher_size)``.
    cost : float
        ``n·stake + vouchers·voucher_fee``.
    payout : float
        The payout of tier ``x`` (NaN when ``x`` pays nothing or no payouts are known).
    expected_profit : float
        Expected winnings minus cost. Under the urn model the expected number of tips with exactly
        ``k`` strikes is ``n·M_k/N``, so winnings ``= n·sum_k (M_k/N)·payout_k`` over all paying tiers.
    paper_profit : float
        The paper's "expected profit": ``payout - cost`` (what a hit in tier ``x`` alone returns).
    approx_margin : float
        ``S/(N - n)``, the approximation's validity figure; ``approx_valid`` when <= 0.1.
    achieved_exact, achieved_approx : float
        The coverage of the ``n`` random tips (exact hypergeometric) and their formula safety; each is
        >= ``safety`` for the row's own method. (Output field names kept for scripts that read them;
        in the glossary's words these are coverage and formula safety, not a backtest's achieved.)
    rounds, success_any, worst_case_spend
        Sequential play over ``rounds`` rounds: chance that at least one succeeds
        ``1 - (1 - coverage)^K``, and the spend if all ``K`` are played (None without ``rounds``).
    """

    hit_rate: float
    space_size: float
    min_strikes: int
    safety: float
    method: str
    tips: int
    vouchers: int
    cost: float
    payout: float
    expected_profit: float
    paper_profit: float
    approx_margin: float
    approx_valid: bool
    achieved_exact: float
    achieved_approx: float
    currency: str
    rounds: int | None = None
    success_any: float | None = None
    worst_case_spend: float | None = None

    def to_dict(self) -> dict:
        """The row as a dict (``space_size`` as an int where it is a whole number)."""
        d = asdict(self)
        if float(self.space_size).is_integer():
            d["space_size"] = int(self.space_size)
        return d


def _payouts(rules: Rules, payouts: Sequence[float] | dict | None) -> dict[int, float]:
    """Tier -> payout. ``payouts`` as a sequence is ordered by ascending strikes (10, 11, 12, 13)."""
    tiers = sorted(rules.tiers)
    if payouts is None:
        if rules.average_payouts is None:
            return {}
        return dict(zip(rules.tiers, rules.average_payouts))
    if isinstance(payouts, dict):
        items = {check_int("payouts tier", k, 0, rules.matches): v for k, v in payouts.items()}
    else:
        vals = list(payouts)
        if len(vals) != len(tiers):
            raise ValueError(f"payouts ({vals!r}) must have {len(tiers)} values, one per tier "
                             f"{', '.join(map(str, tiers))} (ascending)")
        items = dict(zip(tiers, vals))
    return {k: check_nonnegative("payouts", v) for k, v in items.items()}


def plan_table(hit_rate: float, min_strikes: Iterable[int] = (10, 11, 12, 13),
               safeties: Iterable[float] = DEFAULT_SAFETIES,
               methods: Iterable["str | CountMethod"] = (CountMethod.EXACT, CountMethod.APPROX),
               rules: Rules = TOTO13, payouts: Sequence[float] | dict | None = None,
               rounds: int | None = None) -> list[PlanRow]:
    """How many random tips to file for at least ``x`` strikes at safety ``Q``, and what it costs.

    Parameters
    ----------
    hit_rate : float
        Per-match hit rate ``p`` in (0, 1) (1/3 for blind guessing, about 0.5 for the home-win rule).
    min_strikes : iterable of int
        Targets ``x`` in 0..matches.
    safeties : iterable of float
        Safety levels ``Q`` in (0, 1).
    methods : iterable of {"exact", "approx"}
        Counting methods, see :func:`toto13.engine.tips_needed`.
    rules : Rules
        Stake, voucher size and fee, tiers.
    payouts : sequence or dict, optional
        Payout per tier (sequence ascending by strikes, e.g. ``(49, 434, 6449, 107813)``); default the
        rules' ``average_payouts``.
    rounds : int, optional
        Sequential play over this many rounds.

    Returns
    -------
    list of PlanRow
        Ordered by strikes, then safety, then method.

    Examples
    --------
    >>> from toto13.plan import plan_table
    >>> [r.tips for r in plan_table(0.5, [10], methods=["approx"])]
    [50, 100, 149, 198]
    >>> row = plan_table(0.5, [10], [0.99], ["exact"])[0]
    >>> row.tips, row.vouchers, row.cost
    (97, 9, 53.0)
    """
    space = reduced_space(hit_rate, rules.matches)
    xs = [check_int("min_strikes", x, 0, rules.matches) for x in min_strikes]
    qs = [check_fraction("safety", q) for q in safeties]
    ms = [CountMethod.of(m) for m in methods]
    if rounds is not None:
        rounds = check_int("rounds", rounds, 1)
    pay = _payouts(rules, payouts)
    N = space.N
    win_per_tip = sum(space.M[k] / N * v for k, v in pay.items())
    rows = []
    for x in xs:
        S = space.S(x)
        for q in qs:
            for method in ms:
                n = tips_needed(space.hit_rate, x, q, method, rules.matches)
                cost = rules.cost(n)
                payout = pay.get(x, math.nan)
                exact = coverage_exact(space.hit_rate, x, n, rules.matches)
                margin = approx_margin(N, S, n)
                success_any = None
                if rounds is not None:
                    success_any = 1.0 if exact >= 1 else -math.expm1(rounds * math.log1p(-exact))
                rows.append(PlanRow(
                    hit_rate=space.hit_rate, space_size=N, min_strikes=x, safety=q,
                    method=method.value, tips=n, vouchers=rules.vouchers(n), cost=cost,
                    payout=payout,
                    expected_profit=n * win_per_tip - cost if pay else math.nan,
                    paper_profit=payout - cost, approx_margin=margin,
                    approx_valid=margin <= APPROX_VALID, achieved_exact=exact,
                    achieved_approx=coverage_approx(space.hit_rate, x, n, rules.matches),
                    currency=rules.currency, rounds=rounds,
                    success_any=success_any,
                    worst_case_spend=None if rounds is None else round(rounds * cost, 10),
                ))
    return rows


@dataclass(frozen=True)
class Plan:
    """The answer of :func:`make_plan`.

    Attributes
    ----------
    rules : Rules
    rows : list of PlanRow or list of ProbPlan
        The recipe's rows for a hit rate, or one :class:`toto13.tickets.ProbPlan` per
        (min_strikes, safety) with real probabilities.
    records : list of dict
        The rows as output records (the fields of ``toto13 plan --format json``).
    seed : int or None
        With probabilities: the seed the tips were drawn with (given, or drawn and shown so the run
        can be repeated).
    """

    rules: Rules
    rows: list = field(repr=False)
    records: list[dict[str, Any]] = field(repr=False)
    seed: int | None = None

    @property
    def with_probs(self) -> bool:
        """Whether the plan used real probabilities (rows are :class:`ProbPlan`)."""
        return bool(self.rows) and isinstance(self.rows[0], ProbPlan)


def make_plan(*, hit_rate: float | None = None, probs: ArrayLike | None = None,
              min_strikes: Sequence[int] = (), safeties: Sequence[float] = (),
              methods: Iterable["str | CountMethod"] = (CountMethod.EXACT, CountMethod.APPROX),
              rules: Rules = TOTO13, payouts: Sequence[float] | dict | None = None,
              rounds: int | None = None, strategy: "TipStrategy | str" = TipStrategy.WEIGHTED,
              seed: int | None = None, max_tips: int = 200_000) -> Plan:
    """A betting plan: the recipe's table for a hit rate, or the exact plan for real probabilities.

    Parameters
    ----------
    hit_rate : float, optional
        The recipe's per-match hit rate ``p`` (default :data:`DEFAULT_HIT_RATE`). Not with ``probs``.
    probs : array_like (matches, 3), optional
        Real match probabilities: per (x, Q) the fewest tips of ``strategy`` whose exact coverage
        reaches the safety, beside the formula safety (:func:`toto13.tickets.plan_with_probs`).
    min_strikes, safeties : sequences
        Targets ``x`` and safeties ``Q``; empty for the defaults (every prize tier and
        :data:`DEFAULT_SAFETIES`; with ``probs`` the lowest tier and :data:`PROBS_DEFAULT_SAFETIES`).
    methods : iterable of CountMethod or str
        Without ``probs``: ``exact``, ``approx`` or both.
    rules, payouts, rounds
        As for :func:`plan_table` (``payouts`` and ``rounds`` without ``probs`` only).
    strategy, seed, max_tips
        With ``probs``: how the tips are chosen, the seed of ``random``/``weighted`` (drawn when
        None, and returned) and the largest list tried.

    Raises
    ------
    ValueError
        Naming the parameter (``hit_rate``, ``probs``, ``min_strikes``, ``safety``, ...).

    Examples
    --------
    >>> p = make_plan(min_strikes=[10], safeties=[0.99], methods=["exact"])
    >>> p.records[0]["tips"], p.records[0]["cost"]
    (97, 53.0)
    """
    if probs is not None:
        if hit_rate is not None:
            raise ValueError("give either hit_rate or probs, not both")
        s = TipStrategy(strategy)
        xs = list(min_strikes) or [min(rules.tiers)]
        qs = list(safeties) or list(PROBS_DEFAULT_SAFETIES)
        if seed is None and s in (TipStrategy.RANDOM, TipStrategy.WEIGHTED):
            seed = int(np.random.default_rng().integers(2 ** 31))
        plans = [plan_with_probs(probs, s, x, q, rng=seed, max_tips=max_tips, rules=rules)
                 for x in xs for q in qs]
        return Plan(rules, plans, [{**r, "seed": seed} for r in plan_rows(plans)], seed)
    p = DEFAULT_HIT_RATE if hit_rate is None else check_fraction("hit_rate", hit_rate)
    xs = list(min_strikes) or sorted(rules.tiers)
    rows = plan_table(p, xs, list(safeties) or DEFAULT_SAFETIES, methods, rules=rules,
                      payouts=payouts, rounds=rounds)
    records = [r.to_dict() for r in rows]
    if rounds is None:
        for r in records:
            for f in ("rounds", "success_any", "worst_case_spend"):
                r.pop(f)
    return Plan(rules, rows, records)
