"""toto13: betting plans for 13-match football pool lotteries (TOTO 13er Wette first).

Pipeline: estimators -> engine -> tickets (and systems) -> backtest, with the ``toto13`` command line
on top. The most used names are re-exported here; each stage's module has the rest:
:mod:`toto13.estimators`, :mod:`toto13.engine`, :mod:`toto13.plan`, :mod:`toto13.tickets`,
:mod:`toto13.systems`, :mod:`toto13.backtest`, :mod:`toto13.io`.

Examples
--------
>>> import toto13
>>> toto13.tips_needed(0.5, 10, 0.99, "approx")
100
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_exports
from ._version import __version__


_EXPORTS = {
    "InputError": ".errors",
    "STRYKTIPSET": ".rules", "TOTO13": ".rules", "Preset": ".rules", "Rules": ".rules",
    "get_rules": ".rules",
    "MarginMethod": ".estimators", "MarginResult": ".estimators", "base_rates": ".estimators",
    "brier": ".estimators", "log_loss": ".estimators", "remove_margin": ".estimators",
    "rps": ".estimators", "uniform": ".estimators",
    "CountMethod": ".engine", "binomial_pmf": ".engine", "poisson_binomial_pmf": ".engine",
    "reduced_space": ".engine", "coverage_approx": ".engine", "coverage_exact": ".engine",
    "tips_needed": ".engine",
    "Plan": ".plan", "PlanRow": ".plan", "ProbPlanRow": ".plan", "make_plan": ".plan",
    "plan_table": ".plan", "plan_with_probs": ".plan",
    "Evaluation": ".tickets", "Spec": ".tickets", "best_strikes": ".tickets",
    "evaluate": ".tickets", "parse_spec": ".tickets", "read_tips": ".tickets",
    "tips_from_strings": ".tickets",
    "TipStrategy": ".selection", "generate": ".selection", "tip_set": ".selection",
    "BacktestStrategy": ".selection",
    "Pool": ".pool", "PoolSettings": ".pool", "expected_return": ".pool", "tip_returns": ".pool",
    "value_tips": ".pool",
    "tips_to_strings": ".tickets", "write_tips": ".tickets",
    "build_system": ".systems", "reduce_system": ".systems",
    "read_rounds": ".backtest", "run_backtest": ".backtest", "summarize": ".backtest",
    "Workers": ".executor",
}
__all__ = ["__version__", *_EXPORTS]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, renamed={"safety_exact": "coverage_exact",
                                                               "safety_approx": "coverage_approx"})

if TYPE_CHECKING:  # what type checkers and editors see through the lazy exports
    from .backtest import read_rounds, run_backtest, summarize
    from .engine import (CountMethod, binomial_pmf, coverage_approx, coverage_exact, poisson_binomial_pmf,
                         reduced_space, tips_needed)
    from .errors import InputError
    from .executor import Workers
    from .estimators import (MarginMethod, MarginResult, base_rates, brier, log_loss, remove_margin, rps,
                             uniform)
    from .plan import Plan, PlanRow, ProbPlanRow, make_plan, plan_table, plan_with_probs
    from .pool import Pool, PoolSettings, expected_return, tip_returns, value_tips
    from .rules import Preset, Rules, STRYKTIPSET, TOTO13, get_rules
    from .selection import BacktestStrategy, TipStrategy, generate, tip_set
    from .systems import build_system, reduce_system
    from .tickets import (Evaluation, Spec, best_strikes, evaluate, parse_spec, read_tips,
                          tips_from_strings, tips_to_strings, write_tips)
