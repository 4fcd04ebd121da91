"""toto13: betting plans for 13-match football pool lotteries.

Pipeline: estimators -> engine -> tickets -> backtest. See the README for a tour.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import InputError
from .rules import STRYKTIPSET, TOTO13, Preset, Rules, get_rules

__all__ = [
    "__version__",
    "InputError",
    "Rules",
    "Preset",
    "TOTO13",
    "STRYKTIPSET",
    "get_rules",
]
