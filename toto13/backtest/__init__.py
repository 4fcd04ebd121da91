"""Backtests: replay strategies over historical rounds against real quotas and fees.

Rounds (:mod:`.rounds`) are read from a directory in the toto13 format or imported
(:mod:`.importers`); a :class:`BacktestStrategy` plays each round with only what was known before it; the
:class:`PayoutModel` pays its winning tips (real quotas first); :func:`run_backtest` keeps the ledger
and :mod:`.metrics` sums it up, with the calibration of the promises (promised beside achieved per tier,
Wilson interval, z-score); :mod:`.plots` draws the bankroll curve and the reliability diagram, and
:mod:`.config` reads strategy settings for :func:`strategy_from_mapping`. The strategies themselves
(which tips each round gets) live in :mod:`toto13.selection`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports


_EXPORTS = {
    "ImportReport": ".importers", "import_football_data": ".importers",
    "import_stryktipset": ".importers", "read_stryktipset_crowd": ".importers",
    "Summary": ".metrics", "bootstrap_roi": ".metrics", "longest_losing_run": ".metrics",
    "max_drawdown": ".metrics", "sharpe": ".metrics", "summarize": ".metrics",
    "TierCalibration": ".metrics", "calibration": ".metrics", "wilson_interval": ".metrics",
    "reliability_bins": ".metrics", "TierReturn": ".metrics", "tier_returns": ".metrics",
    "CrowdModel": ".payouts", "PayoutMethod": ".payouts", "PayoutModel": ".payouts",
    "PreparedPayouts": ".payouts", "fit_crowd_sharpness": ".payouts",
    "Rounds": "..io.rounds", "read_rounds": "..io.rounds", "write_rounds": "..io.rounds",
    "BacktestResult": ".run", "affordable": ".run", "ledger_columns": ".run", "run_backtest": ".run",
    "BacktestStrategy": "..selection.strategy", "StrategyKind": "..selection.strategy",
    "PlanSettings": "..selection.strategy", "strategy_from_mapping": ".config",
}
__all__ = [*_EXPORTS]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:  # what type checkers and editors see through the lazy exports
    from ..io.rounds import Rounds, read_rounds, write_rounds
    from ..selection.strategy import BacktestStrategy, PlanSettings, StrategyKind
    from .config import strategy_from_mapping
    from .importers import ImportReport, import_football_data, import_stryktipset, read_stryktipset_crowd
    from .metrics import (Summary, TierCalibration, TierReturn, bootstrap_roi, calibration,
                          longest_losing_run, max_drawdown, reliability_bins, sharpe, summarize,
                          tier_returns, wilson_interval)
    from .payouts import CrowdModel, PayoutMethod, PayoutModel, PreparedPayouts, fit_crowd_sharpness
    from .run import BacktestResult, affordable, ledger_columns, run_backtest
