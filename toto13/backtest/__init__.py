"""Backtests: replay strategies over historical rounds against real quotas and fees.

Rounds (:mod:`.rounds`) are read from a directory in the toto13 format or imported
(:mod:`.importers`); a :class:`BacktestStrategy` plays each round with only what was known before it; the
:class:`PayoutModel` pays its winning tips (real quotas first); :func:`run_backtest` keeps the ledger
and :mod:`.metrics` sums it up, with the calibration of the promises (promised beside achieved per tier,
Wilson interval, z-score); :mod:`.plots` draws the bankroll curve and the reliability diagram, and
:mod:`.config` reads strategy settings for :meth:`BacktestStrategy.from_mapping`.
"""
from __future__ import annotations

from .importers import ImportReport, import_football_data, import_stryktipset, read_stryktipset_crowd
from .metrics import (Summary, TierCalibration, bootstrap_roi, calibration, longest_losing_run,
                      max_drawdown, reliability_bins, sharpe, summarize, wilson_interval)
from .payouts import (CrowdModel, PayoutMethod, PayoutModel, PreparedPayouts,
                      fit_crowd_sharpness)
from .rounds import Rounds, read_rounds, write_rounds
from .run import BacktestResult, affordable, ledger_columns, run_backtest
from .strategies import BacktestStrategy, StrategyKind, read_strategy_tips

__all__ = [
    "Rounds",
    "read_rounds",
    "write_rounds",
    "ImportReport",
    "import_stryktipset",
    "import_football_data",
    "read_stryktipset_crowd",
    "BacktestStrategy",
    "StrategyKind",
    "read_strategy_tips",
    "PayoutMethod",
    "PayoutModel",
    "PreparedPayouts",
    "CrowdModel",
    "fit_crowd_sharpness",
    "BacktestResult",
    "run_backtest",
    "ledger_columns",
    "affordable",
    "Summary",
    "summarize",
    "bootstrap_roi",
    "longest_losing_run",
    "max_drawdown",
    "sharpe",
    "TierCalibration",
    "calibration",
    "wilson_interval",
    "reliability_bins",
]
