"""Betting plans: how many tips to file for at least ``x`` strikes at safety ``Q``, and what it costs.

One family. :func:`make_plan` (the whole of ``toto13 plan``) returns a :class:`Plan` whose rows are
either :class:`PlanRow` — the recipe's table for a hit rate, one row per (min_strikes, safety, method),
built by :func:`plan_table` on :mod:`toto13.engine` (the counts) and :mod:`toto13.rules` (the money) —
or :class:`ProbPlanRow` — with real probabilities, the fewest tips of a strategy whose exact coverage
reaches the safety, beside what the recipe's formula claims for them, built by :func:`plan_with_probs`.
Every row gives its output records (``records()``). ``safety`` is always the wish ``Q``; what a set of
tips achieves is its ``coverage``.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Sequence

import numpy as np
from numpy.typing import ArrayLike

from numpy.typing import NDArray

from ._lazy import renamed_attributes, renamed_property
from .engine import (APPROX_VALID, CountMethod, approx_margin, coverage_approx, coverage_exact,
                     hit_rate_spec, reduced_space, tips_needed)
from .errors import as_rng, check_fraction, check_int, check_nonnegative
from .rules import TOTO13, Rules
from .selection.tips import TipStrategy, generate
from .tickets.evaluate import _tail, coverage_curve, formula_coverage, probability_table, strike_pmfs
from .tickets.generators import greedy_tips, possible_tips

__all__ = ["Plan", "PlanRow", "ProbPlanRow", "make_plan", "plan_table", "plan_with_probs",
           "DEFAULT_SAFETIES", "DEFAULT_HIT_RATE", "PROBS_DEFAULT_SAFETIES"]

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
    coverage_exact, coverage_approx : float
        The coverage of the ``n`` random tips: exact (hypergeometric) and what the recipe's formula
        claims; the row's own method's figure is >= ``safety``. (Named ``achieved_exact`` and
        ``achieved_approx`` in 0.1; the records carry both names for one release.)
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
    coverage_exact: float
    coverage_approx: float
    currency: str
    rounds: int | None = None
    success_any: float | None = None
    worst_case_spend: float | None = None

    achieved_exact = renamed_property("PlanRow", "achieved_exact", "coverage_exact")
    achieved_approx = renamed_property("PlanRow", "achieved_approx", "coverage_approx")

    def to_dict(self) -> dict:
        """The row as a dict (``space_size`` as an int where it is a whole number), with the 0.1 names
        ``achieved_exact`` and ``achieved_approx`` of the coverage kept for one release."""
        d = asdict(self)
        if float(self.space_size).is_integer():
            d["space_size"] = int(self.space_size)
        d["achieved_exact"], d["achieved_approx"] = self.coverage_exact, self.coverage_approx
        return d

    def records(self) -> list[dict[str, Any]]:
        """The output records of the row (one: :meth:`to_dict`)."""
        return [self.to_dict()]


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
               methods: Iterable[str | CountMethod] = (CountMethod.EXACT, CountMethod.APPROX),
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
                    approx_valid=margin <= APPROX_VALID, coverage_exact=exact,
                    coverage_approx=coverage_approx(space.hit_rate, x, n, rules.matches),
                    currency=rules.currency, rounds=rounds,
                    success_any=success_any,
                    worst_case_spend=None if rounds is None else round(rounds * cost, 10),
                ))
    return rows


@dataclass(frozen=True)
class ProbPlanRow:
    """A row of a plan with real probabilities: the answer of :func:`plan_with_probs`.

    Attributes
    ----------
    strategy : TipStrategy
    min_strikes : int
    safety : float
        The safety asked for.
    tips : int
        Fewest tips (a prefix of the strategy's list) whose exact ``P(best >= min_strikes)`` reaches
        ``safety``.
    coverage : float
        The coverage of those ``tips`` (exact).
    per_tip : float
        ``q``: mean over those tips of ``P(tip has >= min_strikes strikes)``.
    formula_coverage : float
        What the recipe's formula claims for the same ``tips`` and ``q``: ``1 - (1 - q)**tips``.
    formula_tips : int or None
        Fewest tips of the same list for which the formula claims ``safety`` (None beyond the list).
    coverage_at_formula_tips : float or None
        The coverage those ``formula_tips`` really give: the gap the user would not see.
    cost : float
        Price of ``tips`` under the rules.
    seed : int or None
        The seed the tip list was drawn with (``random``/``weighted``), to reproduce it.
    curve : ndarray
        Exact coverage of the first ``k`` tips, ``k = 0 .. len``.
    formula_curve : ndarray
        The formula's claim for the first ``k`` tips.
    """

    strategy: TipStrategy
    min_strikes: int
    safety: float
    tips: int
    coverage: float
    per_tip: float
    formula_coverage: float
    formula_tips: int | None
    coverage_at_formula_tips: float | None
    cost: float
    seed: int | None = None
    curve: NDArray[np.float64] = field(default=None, repr=False, compare=False)  # type: ignore
    formula_curve: NDArray[np.float64] = field(default=None, repr=False, compare=False)  # type: ignore

    def __post_init__(self) -> None:
        check_int("tips", self.tips, 1)
        check_fraction("safety", self.safety)
        if self.coverage < self.safety:
            raise ValueError(f"coverage ({self.coverage}) must reach safety ({self.safety})")

    exact = renamed_property("ProbPlanRow", "exact", "coverage")
    formula = renamed_property("ProbPlanRow", "formula", "formula_coverage")
    exact_at_formula_tips = renamed_property("ProbPlanRow", "exact_at_formula_tips",
                                             "coverage_at_formula_tips")

    def records(self) -> list[dict[str, Any]]:
        """Output records: the exact need beside the formula's claims.

        Three records (``basis``): ``exact`` (the fewest tips and their coverage), ``formula, same
        tips`` (what the formula claims for those tips) and ``formula's own count`` (the fewest tips
        for which the formula claims the target, and the coverage they really give; left out when the
        formula never claims it within the list). ``target`` is the safety asked for; ``coverage`` the
        achieved or claimed P(best >= x). ``safety`` repeats ``coverage`` under its 0.1 name (kept for
        one release).
        """
        base = {"strategy": self.strategy.value, "min_strikes": self.min_strikes, "target": self.safety}
        out = [{**base, "basis": "exact", "tips": self.tips, "coverage": self.coverage,
                "per_tip": self.per_tip, "cost": self.cost},
               {**base, "basis": "formula, same tips", "tips": self.tips,
                "coverage": self.formula_coverage, "per_tip": self.per_tip, "cost": self.cost}]
        if self.formula_tips is not None:
            out.append({**base, "basis": "formula's own count", "tips": self.formula_tips,
                        "coverage": self.coverage_at_formula_tips, "per_tip": None, "cost": None})
        return [{**r, "safety": r["coverage"]} for r in out]


def plan_with_probs(probs: ArrayLike | float, strategy: TipStrategy | str = TipStrategy.WEIGHTED,
                    min_strikes: int = 10, safety: float = 0.9, *,
                    rng: np.random.Generator | int | None = None, spec: Any = None,
                    power: float = 1.0, max_tips: int = 200_000,
                    rules: Rules = TOTO13) -> ProbPlanRow:
    """Fewest tips of a strategy whose exact ``P(best >= min_strikes)`` reaches ``safety``.

    Parameters
    ----------
    probs : array_like (m, 3) or float
        Match probabilities, or the recipe's uniform hit rate (:func:`hit_rate_table`; ``random``
        then draws from its reduced space, :func:`hit_rate_spec`, unless ``spec`` is given).
    strategy : TipStrategy or str
        ``random``, ``weighted``, ``top`` or ``greedy``.
    min_strikes : int
        ``x``.
    safety : float
        ``Q`` in (0, 1).
    rng : Generator, int or None
        For ``random`` / ``weighted``; the seed actually used is returned.
    spec, power
        As for :func:`generate`.
    max_tips : int
        Give up (``ValueError``) beyond this many tips.
    rules : Rules
        For the cost.

    Returns
    -------
    ProbPlanRow

    Notes
    -----
    Every strategy lists its tips so that the first ``k`` are its answer for ``k`` tips. The list is
    generated once (lengths 256, 1024, 4096, ... until the safety is reached) and the exact coverage
    of every prefix comes from one transform (:func:`coverage_curve`: for each result, the first tip
    that reaches it), so the smallest ``n`` is found exactly, without bisection. ``greedy`` stops as
    soon as its exact cumulative gain reaches the safety. The formula column uses the per-tip chance
    ``q(n)`` of the same prefix (``docs/maths.md`` §2, the large-number approximation, with ``S/N``
    replaced by ``q``).

    Examples
    --------
    >>> probs = [[0.5, 0.27, 0.23]] * 13          # the worked case of docs/maths.md §3
    >>> p = plan_with_probs(probs, "weighted", 10, 0.9, rng=1)
    >>> p.tips, round(p.coverage, 3), round(p.formula_coverage, 3)   # the formula claims 99.2% for those tips
    (1044, 0.9, 0.992)
    """
    s = TipStrategy(strategy)
    if s is TipStrategy.VALUE:
        raise ValueError("strategy 'value' is judged in a pool, not planned for a safety: use tip_set "
                         "with a pool (toto13 tickets --strategy value --min-coverage X:Q)")
    table = probability_table(probs, rules.matches if np.ndim(probs) == 0 else None)
    if np.ndim(probs) == 0 and spec is None and s is TipStrategy.RANDOM:
        spec = hit_rate_spec(float(probs), table.shape[0])  # the recipe's urn: its reduced space
    m = table.shape[0]
    x = check_int("min_strikes", min_strikes, 0, m)
    q_target = check_fraction("safety", safety)
    max_tips = check_int("max_tips", max_tips, 1)
    limit = min(max_tips, possible_tips(spec, table if s is TipStrategy.WEIGHTED else None, m))
    seed = None
    if s in (TipStrategy.RANDOM, TipStrategy.WEIGHTED):
        seed = int(as_rng(rng).integers(2 ** 63 - 1))
    tips, curve = _tip_list(s, table, x, q_target, limit, spec=spec, seed=seed, power=power)
    if curve[-1] < q_target:
        raise ValueError(f"safety ({safety!r}) is not reached by {len(tips):,} {s.value} tips "
                         f"(they give {curve[-1]:.6f}); raise max_tips or lower the safety")
    n = int(np.searchsorted(curve, q_target, side="left"))
    tail = _tail(strike_pmfs(tips, table))[:, x]
    k = np.arange(1, len(tips) + 1)
    q = np.cumsum(tail) / k
    fcurve = np.concatenate([[0.0], formula_coverage(q, k)])
    reach = np.flatnonzero(fcurve >= q_target)
    f_tips = int(reach[0]) if reach.size else None
    return ProbPlanRow(strategy=s, min_strikes=x, safety=q_target, tips=n, coverage=float(curve[n]),
                       per_tip=float(q[n - 1]), formula_coverage=float(fcurve[n]), formula_tips=f_tips,
                       coverage_at_formula_tips=None if f_tips is None else float(curve[f_tips]),
                       cost=rules.cost(n), seed=seed, curve=curve, formula_curve=fcurve)


def _tip_list(s: TipStrategy, table: NDArray[np.float64], x: int, target: float, limit: int, *,
              spec: Any, seed: int | None, power: float) -> tuple[NDArray[np.int8], NDArray[np.float64]]:
    """The strategy's tips, long enough that their exact coverage reaches ``target`` (or ``limit``
    tips), and the coverage of every prefix: generated in lengths 256, 1024, 4096, ..., or greedily
    until the exact cumulative gain reaches the target."""
    if s is TipStrategy.GREEDY:
        tips, gains = greedy_tips(limit, table, x, spec, return_gains=True, until=target)
        return tips, np.minimum(np.concatenate([[0.0], np.cumsum(gains)]), 1.0)
    length = min(256, limit)
    while True:
        tips = generate(s, length, table, spec=spec, rng=seed, power=power)
        curve = coverage_curve(tips, table, x)
        if curve[-1] >= target or length >= limit:
            return tips, curve
        length = min(length * 4, limit)


@dataclass(frozen=True)
class Plan:
    """The answer of :func:`make_plan`.

    Attributes
    ----------
    rules : Rules
    rows : list of PlanRow or list of ProbPlanRow
        The recipe's rows for a hit rate, or one :class:`ProbPlanRow` per (min_strikes, safety) with
        real probabilities.
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
        """Whether the plan used real probabilities (rows are :class:`ProbPlanRow`)."""
        return bool(self.rows) and isinstance(self.rows[0], ProbPlanRow)


def make_plan(*, hit_rate: float | None = None, probs: ArrayLike | None = None,
              min_strikes: Sequence[int] = (), safeties: Sequence[float] = (),
              methods: Iterable[str | CountMethod] = (CountMethod.EXACT, CountMethod.APPROX),
              rules: Rules = TOTO13, payouts: Sequence[float] | dict | None = None,
              rounds: int | None = None, strategy: TipStrategy | str = TipStrategy.WEIGHTED,
              seed: int | None = None, max_tips: int = 200_000) -> Plan:
    """A betting plan: the recipe's table for a hit rate, or the exact plan for real probabilities.

    Parameters
    ----------
    hit_rate : float, optional
        The recipe's per-match hit rate ``p`` (default :data:`DEFAULT_HIT_RATE`). Not with ``probs``.
    probs : array_like (matches, 3), optional
        Real match probabilities: per (x, Q) the fewest tips of ``strategy`` whose exact coverage
        reaches the safety, beside the formula's claim (:func:`plan_with_probs`).
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
        return Plan(rules, plans, [{**r, "seed": seed} for p in plans for r in p.records()], seed)
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


__getattr__ = renamed_attributes(__name__, {"ProbPlan": "ProbPlanRow"})
