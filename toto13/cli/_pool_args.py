"""The raw pool options of one command line and what they become: :class:`toto13.pool.PoolSettings`
(every option checked, a bad value one line naming the option) and the round's pool."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ._numbers import option_positive

__all__ = ["PoolArgs"]


@dataclass(frozen=True)
class PoolArgs:
    """The raw pool options of one command line."""

    crowd_file: str | None = None
    turnover: str | None = None
    jackpot: str | None = None
    co_winners: str = "calibrated"
    min_quota: str | None = None
    sharpness: str | None = None
    pool_model: str | None = None

    def settings(self) -> Any:
        """The checked :class:`toto13.pool.PoolSettings` (``ValueError`` naming the option)."""
        from ..pool import CoWinners, PoolSettings, read_pool_model

        turnover = option_positive("--turnover", self.turnover, ": the other players' stakes in the round")
        jackpot = option_positive("--jackpot", self.jackpot, strict=False)
        min_quota = option_positive("--min-quota", self.min_quota,
                                    " (0 switches the minimum-quota rule off)", strict=False)
        sharpness = option_positive("--sharpness", self.sharpness, ": the crowd model's sharpness")
        settings = PoolSettings(turnover=turnover, jackpot=jackpot or 0.0,
                                co_winners=CoWinners(self.co_winners), min_quota=min_quota)
        if self.pool_model is not None:  # a fitted model: its co-winners and its crowd sharpness
            model = read_pool_model(self.pool_model)
            settings = replace(settings, cowinner_model=model.cowinners, sharpness=model.sharpness)
        return settings if sharpness is None else replace(settings, sharpness=sharpness)

    def check(self, *, has_probs: bool = True) -> None:
        """Check the options before any slow work or file is touched.

        ``has_probs``: whether the command has match probabilities (``--probs`` or ``--odds``) to judge
        the crowd against.
        """
        if self.crowd_file is not None and not has_probs:
            raise ValueError("--crowd needs match probabilities to judge the crowd against: give "
                             "--probs FILE or --odds FILE")
        self.settings()

    def setup(self, rules: Any, probs: Any, *, required: bool = True, crowd: Any = None,
              crowd_label: str | None = None) -> Any:
        """The round's :class:`toto13.pool.PoolSetup`: the crowd read from ``--crowd`` where given,
        else ``crowd`` (e.g. a coupon's shares, from ``crowd_label``); None where no turnover is known
        and nothing about the pool was asked for, unless ``required``."""
        from ..io.crowd import read_crowd

        settings = self.settings()
        if self.crowd_file is not None:
            crowd = read_crowd(self.crowd_file, matches=rules.matches).values
            crowd_label = self.crowd_file
        elif not required and not settings.asked and settings.known_turnover(rules) is None:
            crowd = None  # a coupon's shares alone do not ask for the pool (--crowd does)
        return settings.setup(rules, probs, crowd=crowd, crowd_label=crowd_label, required=required)
