"""Per-match outcome probabilities: margin removal from odds, base rates, a fitted model, scoring rules.

Outcome coding: column 0 = home win (``1``), 1 = draw (``0``), 2 = away win (``2``).
"""

from .._lazy import lazy_exports


_EXPORTS = {
    "BaseRates": ".baserate", "base_rate_table": ".baserate", "base_rates": ".baserate",
    "expanding_base_rates": ".baserate", "pick_hit_rate": ".baserate", "uniform": ".baserate",
    "MarginError": ".margin", "MarginMethod": ".margin", "MarginResult": ".margin",
    "implied_probabilities": ".margin", "remove_margin": ".margin",
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
