"""Per-match outcome probabilities: margin removal from odds, base rates, a fitted model, scoring rules.

Outcome coding: column 0 = home win (``1``), 1 = draw (``0``), 2 = away win (``2``).
"""
from .margin import MarginError, MarginMethod, MarginResult, implied_probabilities, remove_margin

__all__ = [
    "MarginMethod",
    "MarginResult",
    "MarginError",
    "remove_margin",
    "implied_probabilities",
]
