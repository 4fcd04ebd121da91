"""Per-match outcome probabilities: margin removal from odds, base rates, a fitted model, scoring rules.

Outcome coding: column 0 = home win (``1``), 1 = draw (``0``), 2 = away win (``2``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING


from .._lazy import lazy_exports


_EXPORTS = {
    "BaseRates": ".baserate", "base_rate_table": ".baserate", "base_rates": ".baserate",
    "expanding_base_rates": ".baserate", "pick_hit_rate": ".baserate", "uniform": ".baserate",
    "Blend": ".blend", "blend_by_season": ".blend", "calibration_by_value": ".blend",
    "fit_blend": ".blend",
    "DEFAULT_MARGIN_METHOD": ".margin", "MarginError": ".margin", "MarginMethod": ".margin",
    "MarginResult": ".margin",
    "implied_probabilities": ".margin", "remove_margin": ".margin",
    "odds_probabilities": ".margin",
    "EstimateMethod": ".matches", "MatchEstimate": ".matches", "estimate_matches": ".matches",
    "score_methods": ".matches",
    "DEFAULT_XI": ".model", "DixonColes": ".model", "fit_dixon_coles": ".model",
    "predict_rolling": ".model",
    "Recalibration": ".recalibration", "fit_recalibration": ".recalibration",
    "recalibrate_by_season": ".recalibration",
    "brier": ".scoring", "calibration_table": ".scoring", "favourite_hit_rate": ".scoring",
    "log_loss": ".scoring", "rps": ".scoring", "score_all": ".scoring",
}
__all__ = [*_EXPORTS]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:  # what type checkers and editors see through the lazy exports
    from .baserate import BaseRates, base_rate_table, base_rates, expanding_base_rates, pick_hit_rate, uniform
    from .blend import Blend, blend_by_season, calibration_by_value, fit_blend
    from .margin import (DEFAULT_MARGIN_METHOD, MarginError, MarginMethod, MarginResult,
                         implied_probabilities,
                         odds_probabilities, remove_margin)
    from .matches import EstimateMethod, MatchEstimate, estimate_matches, score_methods
    from .model import DEFAULT_XI, DixonColes, fit_dixon_coles, predict_rolling
    from .recalibration import Recalibration, fit_recalibration, recalibrate_by_season
    from .scoring import brier, calibration_table, favourite_hit_rate, log_loss, rps, score_all
