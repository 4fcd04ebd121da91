"""Planning with real probabilities: the fewest tips of a strategy that reach a safety, exactly, beside
what the recipe's independence formula claims for the same tips."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import as_rng, check_fraction, check_int, check_nonnegative
from ..engine import hit_rate_spec
from ..rules import TOTO13, Rules
from .evaluate import (Evaluation, _tail, coverage_curve, evaluate, formula_coverage,
                       probability_table, strike_pmfs)
from .generators import TipStrategy, generate, greedy_tips, possible_tips

__all__ = ["ProbPlan", "plan_with_probs", "plan_rows", "tip_set"]


@dataclass(frozen=True)
class ProbPlan:
    """The answer of :func:`plan_with_probs`.

    Attributes
    ----------
    strategy : TipStrategy
    min_strikes : int
    safety : float
        The safety asked for.
    tips : int
        Fewest tips (a prefix of the strategy's list) whose exact ``P(best >= min_strikes)`` reaches
        ``safety``.
    exact : float
        The coverage of those ``tips`` (exact).
    per_tip : float
        ``q``: mean over those tips of ``P(tip has >= min_strikes strikes)``.
    formula : float
        The formula safety of the same ``tips`` and ``q``: ``1 - (1 - q)**tips``.
    formula_tips : int or None
        Fewest tips of the same list for which the formula claims ``safety`` (None beyond the list).
    exact_at_formula_tips : float or None
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
    exact: float
    per_tip: float
    formula: float
    formula_tips: int | None
    exact_at_formula_tips: float | None
    cost: float
    seed: int | None = None
    curve: NDArray[np.float64] = field(default=None, repr=False, compare=False)  # type: ignore
    formula_curve: NDArray[np.float64] = field(default=None, repr=False, compare=False)  # type: ignore

    def __post_init__(self) -> None:
        check_int("tips", self.tips, 1)
        check_fraction("safety", self.safety)
        if self.exact < self.safety:
            raise ValueError(f"exact ({self.exact}) must reach safety ({self.safety})")


def plan_with_probs(probs: ArrayLike | float, strategy: TipStrategy | str = TipStrategy.WEIGHTED,
                    min_strikes: int = 10, safety: float = 0.9, *,
                    rng: np.random.Generator | int | None = None, spec: Any = None,
                    power: float = 1.0, max_tips: int = 200_000,
                    rules: Rules = TOTO13) -> ProbPlan:
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
    ProbPlan

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
    >>> p.tips, round(p.exact, 3), round(p.formula, 3)   # the formula claims 99.2% for those tips
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
    if s is TipStrategy.GREEDY:
        tips, gains = greedy_tips(limit, table, x, spec, return_gains=True, until=q_target)
        curve = np.minimum(np.concatenate([[0.0], np.cumsum(gains)]), 1.0)
    else:
        length = min(256, limit)
        while True:
            tips = generate(s, length, table, spec=spec, rng=seed, power=power)
            curve = coverage_curve(tips, table, x)
            if curve[-1] >= q_target or length >= limit:
                break
            length = min(length * 4, limit)
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
    return ProbPlan(strategy=s, min_strikes=x, safety=q_target, tips=n, exact=float(curve[n]),
                    per_tip=float(q[n - 1]), formula=float(fcurve[n]), formula_tips=f_tips,
                    exact_at_formula_tips=None if f_tips is None else float(curve[f_tips]),
                    cost=rules.cost(n), seed=seed, curve=curve, formula_curve=fcurve)


def plan_rows(plan: ProbPlan | Sequence[ProbPlan]) -> list[dict[str, Any]]:
    """Rows for printing one or more :class:`ProbPlan`: the exact need beside the formula's claims.

    Per plan three rows (``basis``): ``exact`` (the fewest tips, their exact safety), ``formula, same
    tips`` (what the formula claims for those tips) and ``formula's own count`` (the fewest tips for
    which the formula claims the target, and the exact safety they really give; left out when the
    formula never claims it within the list).

    Examples
    --------
    >>> p = plan_with_probs([[0.5, 0.27, 0.23]] * 13, "weighted", 10, 0.9, rng=1)
    >>> [(r["basis"], r["tips"], round(r["safety"], 3)) for r in plan_rows(p)]
    [('exact', 1044, 0.9), ('formula, same tips', 1044, 0.992), ("formula's own count", 492, 0.757)]
    """
    plans = [plan] if isinstance(plan, ProbPlan) else list(plan)
    rows: list[dict[str, Any]] = []
    for p in plans:
        base = {"strategy": p.strategy.value, "min_strikes": p.min_strikes, "target": p.safety}
        rows.append({**base, "basis": "exact", "tips": p.tips, "safety": p.exact,
                     "per_tip": p.per_tip, "cost": p.cost})
        rows.append({**base, "basis": "formula, same tips", "tips": p.tips, "safety": p.formula,
                     "per_tip": p.per_tip, "cost": p.cost})
        if p.formula_tips is not None:
            rows.append({**base, "basis": "formula's own count", "tips": p.formula_tips,
                         "safety": p.exact_at_formula_tips, "per_tip": None, "cost": None})
    return rows


def tip_set(probs: ArrayLike, count: Any, strategy: TipStrategy | str = TipStrategy.WEIGHTED, *,
            seed: Any = 0, spec: Any = None, min_strikes: Any = None, power: float = 1.0,
            rules: Rules = TOTO13, crowd: ArrayLike | None = None, pool: Any = None,
            min_coverage: tuple[int, float] | None = None) -> tuple[NDArray[np.int8], Evaluation]:
    """``count`` distinct tips of a strategy and their exact evaluation: ``toto13 tickets``.

    Parameters
    ----------
    probs : array_like (matches, 3)
        Match probabilities.
    count : int
        Number of tips, 1 .. the distinct tips possible (within ``spec``; of positive probability for
        ``weighted``).
    strategy : TipStrategy or str
    seed : int
        Seed of ``random`` / ``weighted`` (>= 0).
    spec : optional
        Allowed outcomes per match (:func:`generate`).
    min_strikes : int, optional
        Target of ``greedy`` (default the lowest prize tier of ``rules``).
    power : float
        Sharpening of ``weighted``.
    rules : Rules
    crowd, pool, min_coverage : optional
        For ``value`` (:func:`generate`): the crowd's pick shares, the :class:`toto13.pool.Pool`, and
        the coverage to keep.

    Raises
    ------
    ValueError
        Naming ``count``, ``seed``, ``min_strikes``, ``power`` or ``spec``.

    Examples
    --------
    >>> tips, ev = tip_set([[0.5, 0.3, 0.2]] * 13, 2, "top")
    >>> ev.n, round(float(ev.coverage[12]), 6)
    (2, 0.002588)
    """
    m = rules.matches
    seed = check_int("seed", seed, 0)
    x = min(rules.tiers) if min_strikes is None else check_int("min_strikes", min_strikes, 0, m)
    power = check_nonnegative("power", power)
    n = check_int("count", count)
    if n <= 0:
        raise ValueError(f"count ({n}) must be at least 1")
    s = TipStrategy(strategy)
    limit = possible_tips(spec, probs if s is TipStrategy.WEIGHTED else None, m)
    if n > limit:
        raise ValueError(f"count ({n:,}) exceeds the {limit:,} distinct tips possible"
                         + (" with this spec" if spec is not None else ""))
    value = {"crowd": crowd, "pool": pool, "min_coverage": min_coverage} \
        if s is TipStrategy.VALUE else {}
    tips = generate(s, n, probs, spec=spec, rng=seed, min_strikes=x, power=power, **value)
    return tips, evaluate(tips, probs)
