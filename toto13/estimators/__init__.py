"""Per-match outcome probabilities: margin removal from odds, base rates, a fitted model, scoring rules.

Outcome coding: column 0 = home win (``1``), 1 = draw (``0``), 2 = away win (``2``).
"""
from .baserate import (BaseRates, base_rate_table, base_rates, expanding_base_rates, pick_hit_rate,
                       uniform)
from .margin import MarginError, MarginMethod, MarginResult, implied_probabilities, remove_margin
from .matches import EstimateMethod, MatchEstimate, estimate_matches, score_methods
from .model import DEFAULT_XI, DixonColes, fit_dixon_coles, predict_rolling
from .recalibration import Recalibration, fit_recalibration, recalibrate_by_season
from .scoring import brier, calibration_table, favourite_hit_rate, log_loss, rps, score_all

__all__ = [
    "MarginMethod",
    "MarginResult",
    "MarginError",
    "remove_margin",
    "implied_probabilities",
    "uniform",
    "BaseRates",
    "base_rates",
    "base_rate_table",
    "pick_hit_rate",
    "expanding_base_rates",
    "DixonColes",
    "fit_dixon_coles",
    "predict_rolling",
    "DEFAULT_XI",
    "brier",
    "log_loss",
    "rps",
    "favourite_hit_rate",
    "calibration_table",
    "score_all",
    "EstimateMethod",
    "MatchEstimate",
    "estimate_matches",
    "score_methods",
    "Recalibration",
    "fit_recalibration",
    "recalibrate_by_season",
]
