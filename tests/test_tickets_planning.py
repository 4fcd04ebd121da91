"""Planning with real probabilities: the smallest n by exact evaluation, beside the formula."""
from __future__ import annotations

import numpy as np
import pytest

from toto13 import TOTO13
from toto13.plan import ProbPlanRow, plan_with_probs
from toto13.selection import TipStrategy, generate
from toto13.tickets import evaluate


# value plans against a pool, not a coverage target (tickets --strategy value --min-coverage)
@pytest.mark.parametrize("strategy", [s for s in TipStrategy if s is not TipStrategy.VALUE])
def test_plan_is_the_smallest_prefix_that_reaches_the_safety(strategy):
    rng = np.random.default_rng(3)
    probs = rng.dirichlet([4, 2, 2], size=7)
    plan = plan_with_probs(probs, strategy, 5, 0.9, rng=7)
    tips = generate(strategy, plan.tips, probs, rng=plan.seed, min_strikes=5)
    ev = evaluate(tips, probs)
    assert ev.coverage[5] == pytest.approx(plan.coverage, abs=1e-12)
    assert plan.coverage >= 0.9
    if plan.tips > 1:
        assert evaluate(tips[:-1], probs).coverage[5] < 0.9
    assert plan.formula_coverage == pytest.approx(ev.formula[5], abs=1e-12)
    assert plan.per_tip == pytest.approx(ev.per_tip[5], abs=1e-12)
    assert plan.cost == TOTO13.cost(plan.tips)
    rows = plan.records()
    assert rows[0]["tips"] == plan.tips and rows[1]["coverage"] == plan.formula_coverage
    assert rows[0]["target"] == plan.safety == 0.9 and rows[0]["coverage"] == plan.coverage
    assert all(r["safety"] == r["coverage"] for r in rows)  # the 0.1 key, kept for one release


def test_design_worked_case_planning_shows_the_gap():
    # The worked case's probabilities: the formula claims 99% for far fewer weighted tips than the exact
    # evaluation needs, and the formula's own count gives much less than it claims.
    probs = np.tile([0.50, 0.27, 0.23], (13, 1))
    plan = plan_with_probs(probs, "weighted", 10, 0.99, rng=1)
    assert plan.formula_tips < plan.tips
    assert plan.coverage_at_formula_tips < 0.95
    assert plan.formula_coverage > plan.coverage


def test_random_plan_under_uniform_hit_rate_tracks_the_recipe():
    # In the recipe's own model (p = 1/2, tips drawn from the 2^13 space) the formula is right on
    # average: the exact n for >= 10 strikes at 90% is near the published 50 (Stömmer 2023, arXiv:2303.16648).
    ns = [plan_with_probs(0.5, "random", 10, 0.9, rng=s, spec=None).tips for s in range(3)]
    assert all(35 <= n <= 70 for n in ns)


def test_plan_errors():
    probs = np.tile([0.5, 0.27, 0.23], (4, 1))
    with pytest.raises(ValueError, match="safety"):
        plan_with_probs(probs, "top", 3, 1.2)
    with pytest.raises(ValueError, match="min_strikes"):
        plan_with_probs(probs, "top", 5, 0.9)
    with pytest.raises(ValueError, match="not reached"):
        plan_with_probs(probs, "top", 4, 0.9, max_tips=3)


def test_old_names_stay_readable_for_one_release():
    import toto13.plan

    plan = plan_with_probs(np.tile([0.5, 0.27, 0.23], (13, 1)), "top", 10, 0.5)
    with pytest.warns(DeprecationWarning, match="ProbPlanRow.exact is renamed ProbPlanRow.coverage"):
        assert plan.exact == plan.coverage
    with pytest.warns(DeprecationWarning, match="renamed ProbPlanRow.formula_coverage"):
        assert plan.formula == plan.formula_coverage
    with pytest.warns(DeprecationWarning, match="toto13.plan.ProbPlan is renamed ProbPlanRow"):
        assert toto13.plan.ProbPlan is ProbPlanRow
