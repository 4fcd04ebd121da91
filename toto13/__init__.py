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

__version__ = "0.1.0"

from .errors import InputError
from .rules import STRYKTIPSET, TOTO13, Preset, Rules, get_rules
from .estimators import (MarginMethod, MarginResult, base_rates, brier, log_loss, remove_margin, rps,
                         uniform)
from .engine import (CountMethod, binomial_pmf, poisson_binomial_pmf, reduced_space, safety_approx,
                     safety_exact, tips_needed)
from .plan import PlanRow, plan_table
from .tickets import (Evaluation, Spec, TipStrategy, best_strikes, evaluate, generate, parse_spec,
                      plan_with_probs, read_tips, tips_from_strings, tips_to_strings, write_tips)
from .systems import build_system, reduce_system
from .backtest import read_rounds, run_backtest, summarize

__all__ = [
    "__version__",
    "InputError",
    # rules
    "Rules", "Preset", "TOTO13", "STRYKTIPSET", "get_rules",
    # estimators
    "MarginMethod", "MarginResult", "remove_margin", "uniform", "base_rates", "brier", "log_loss",
    "rps",
    # engine and plan
    "CountMethod", "binomial_pmf", "poisson_binomial_pmf", "reduced_space", "safety_exact",
    "safety_approx", "tips_needed", "PlanRow", "plan_table",
    # tickets and systems
    "Evaluation", "Spec", "TipStrategy", "best_strikes", "evaluate", "generate", "parse_spec",
    "plan_with_probs", "read_tips", "write_tips", "tips_from_strings", "tips_to_strings",
    "build_system", "reduce_system",
    # backtest
    "read_rounds", "run_backtest", "summarize",
]
