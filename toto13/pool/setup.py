"""The pool of one round: the rules, what the others stake, a jackpot, the minimum quota and the
co-winner model (:class:`Pool`)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..errors import check_nonnegative
from ..rules import Rules
from .cowinners import CALIBRATED_SHAPES, CoWinners


#: Typical turnover where known, used by :meth:`Pool.for_rules`: the median of the 21 Stryktipset
#: rounds of May–September 2025 (SEK).
TYPICAL_TURNOVER = {"stryktipset": 15_603_087.0}


# ---------------------------------------------------------------- the pool
@dataclass(frozen=True)
class Pool:
    """One round's pool: the rules, what the others stake, a jackpot, the minimum quota, the model.

    Parameters
    ----------
    rules : Rules
    turnover : float
        The other players' stakes (> 0); ``rows = turnover / stake`` rows played.
    jackpot : float
        Money carried into the top tier (>= 0).
    min_quota : float or None
        Smallest quota paid; None takes the rules' own (``Rules.min_quota``), 0 switches it off.
    co_winners : CoWinners
        ``calibrated`` (default) or ``poisson``.
    """

    rules: Rules
    turnover: float
    jackpot: float = 0.0
    min_quota: float | None = None
    co_winners: CoWinners = CoWinners.CALIBRATED

    def __post_init__(self) -> None:
        if not isinstance(self.rules, Rules):
            raise ValueError(f"rules ({self.rules!r}) must be a Rules object")
        if self.rules.stake <= 0:
            raise ValueError(f"rules.stake ({self.rules.stake!r}) must be > 0 for a pool")
        t = check_nonnegative("turnover", self.turnover)
        if t <= 0:
            raise ValueError(f"turnover ({self.turnover!r}) must be > 0")
        object.__setattr__(self, "turnover", t)
        object.__setattr__(self, "jackpot", check_nonnegative("jackpot", self.jackpot))
        mq = self.rules.min_quota if self.min_quota is None else check_nonnegative("min_quota",
                                                                                   self.min_quota)
        object.__setattr__(self, "min_quota", mq)
        try:
            object.__setattr__(self, "co_winners", CoWinners(self.co_winners))
        except ValueError:
            allowed = ", ".join(c.value for c in CoWinners)
            raise ValueError(f"co_winners ({self.co_winners!r}) must be one of {allowed}") from None

    @classmethod
    def for_rules(cls, rules: Rules, turnover: float | None = None, **kwargs) -> "Pool":
        """A pool for ``rules``; without ``turnover`` the rules' typical one where known (else raise)."""
        if turnover is None:
            turnover = TYPICAL_TURNOVER.get(rules.name)
            if not turnover:
                raise ValueError(f"turnover is required: rules '{rules.name}' have no typical turnover")
        return cls(rules, turnover, **kwargs)

    @property
    def rows(self) -> float:
        """Rows played by the others: ``turnover / stake``."""
        return self.turnover / self.rules.stake

    def tier_pools(self, n: int) -> NDArray[np.float64]:
        """``pool_k = (turnover + n·stake) · payout_ratio · share_k`` per tier, + jackpot at the top."""
        pools = ((self.turnover + n * self.rules.stake) * self.rules.payout_ratio
                 * np.array(self.rules.tier_shares))
        pools[0] += self.jackpot
        return pools

    def shapes(self) -> NDArray[np.float64]:
        """Co-winner shape per tier: inf for ``poisson``, else :data:`CALIBRATED_SHAPES` by misses."""
        misses = [self.rules.matches - k for k in self.rules.tiers]
        if self.co_winners is CoWinners.POISSON:
            return np.full(len(misses), np.inf)
        return np.array([CALIBRATED_SHAPES[min(d, len(CALIBRATED_SHAPES) - 1)] for d in misses])
