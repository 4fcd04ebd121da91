"""Which tips to play: every decision of that kind, above the tickets and the pool.

:mod:`.tips` holds the tip strategies of ``toto13 tickets`` (:class:`TipStrategy`), the one dispatch
over them (:func:`generate`) and :func:`tip_set`; :mod:`.strategy` the backtest's strategies: what is
chosen (:class:`BacktestStrategy`), how many (:class:`PlanSettings`), against what pool
(:class:`toto13.pool.PoolSettings`), and the tips of each round (:class:`RoundPlayer`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {
    "TipStrategy": ".tips", "generate": ".tips", "tip_set": ".tips",
    "BacktestStrategy": ".strategy", "PlanSettings": ".strategy", "RoundPlayer": ".strategy",
    "StrategyKind": ".strategy",
}
__all__ = [*_EXPORTS]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:  # what tools see through the lazy exports
    from .strategy import BacktestStrategy, PlanSettings, RoundPlayer, StrategyKind
    from .tips import TipStrategy, generate, tip_set
