"""The pool options shared by ``evaluate``, ``tickets`` and ``value``: what the pari-mutuel pool assumes.

``--crowd FILE``, ``--turnover T``, ``--jackpot J``, ``--co-winners calibrated|poisson`` and
``--min-quota Q`` are parsed and checked here (bad values exit with status 2 and one line naming the
option), then turned into the library's :class:`toto13.pool.Pool` and crowd shares.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

import click

from ._common import FILE, option_fraction, option_int, option_number

__all__ = ["PoolArgs", "pool_options", "parse_min_coverage", "CO_WINNERS", "POOL_FLAGS"]

#: The library's parameter names of the pool and the command's options (for ``library_errors``).
POOL_FLAGS = {"turnover": "--turnover", "jackpot": "--jackpot", "min_quota": "--min-quota",
              "co_winners": "--co-winners", "crowd": "--crowd", "min_coverage": "--min-coverage"}

#: The co-winner models of :class:`toto13.pool.CoWinners` (kept here so ``--help`` needs no numpy work).
CO_WINNERS = ("calibrated", "poisson")


@dataclass(frozen=True)
class PoolArgs:
    """The raw pool options of one command line."""

    crowd_file: str | None = None
    turnover: str | None = None
    jackpot: str | None = None
    co_winners: str = "calibrated"
    min_quota: str | None = None

    def numbers(self) -> tuple[float | None, float, float | None]:
        """``(turnover, jackpot, min_quota)`` checked: turnover > 0, jackpot >= 0, min quota >= 0."""
        turnover = option_number("--turnover", self.turnover)
        if turnover is not None and not turnover > 0:
            raise ValueError(f"--turnover ({self.turnover!r}) must be a number > 0: the other players' "
                             "stakes in the round")
        jackpot = option_number("--jackpot", self.jackpot)
        if jackpot is not None and jackpot < 0:
            raise ValueError(f"--jackpot ({self.jackpot!r}) must be a number >= 0")
        min_quota = option_number("--min-quota", self.min_quota)
        if min_quota is not None and min_quota < 0:
            raise ValueError(f"--min-quota ({self.min_quota!r}) must be a number >= 0 (0 switches the "
                             "minimum-quota rule off)")
        return turnover, 0.0 if jackpot is None else jackpot, min_quota

    def check(self, *, has_probs: bool = True) -> None:
        """Check the options before any slow work or file is touched.

        ``has_probs``: whether the command has match probabilities (``--probs`` or ``--odds``) to judge
        the crowd against.
        """
        if self.crowd_file is not None and not has_probs:
            raise ValueError("--crowd needs match probabilities to judge the crowd against: give "
                             "--probs FILE or --odds FILE")
        self.numbers()

    def setup(self, rules, probs, *, required: bool = True):
        """The checked pool and crowd shares (:func:`toto13.io.crowd.load_pool`); None where no turnover
        is known and nothing about the pool was asked for, unless ``required``."""
        from ..io.crowd import load_pool

        turnover, jackpot, min_quota = self.numbers()
        return load_pool(rules, probs, crowd=self.crowd_file, turnover=turnover,
                         jackpot=None if self.jackpot is None else jackpot,
                         co_winners=self.co_winners, min_quota=min_quota, required=required)


_OPTIONS = [
    click.option("--crowd", "crowd_file", type=FILE, default=None,
                 help="Crowd pick shares CSV (match,home,draw,away; percent or fractions) [default: "
                      "modelled from the probabilities]."),
    click.option("--turnover", default=None, metavar="T",
                 help="The other players' stakes in the round, in the rules' currency [default: typical "
                      "for the rules, where known]."),
    click.option("--jackpot", default=None, metavar="J",
                 help="Money carried into the top tier [default: 0]."),
    click.option("--co-winners", "co_winners", type=click.Choice(CO_WINNERS, case_sensitive=False),
                 default="calibrated", show_default=True,
                 help="Other winners per tier: calibrated on real rounds (over-dispersed), or poisson "
                      "(independent crowd rows)."),
    click.option("--min-quota", "min_quota", default=None, metavar="Q",
                 help="Quotas below Q are not paid, their money moves up [default: the rules'; 0 "
                      "switches the rule off]."),
]


def pool_options(func: Callable) -> Callable:
    """Add the pool options to a command; it receives them as one ``pool_args`` (:class:`PoolArgs`)."""

    @functools.wraps(func)
    def wrapper(*args, crowd_file, turnover, jackpot, co_winners, min_quota, **kwargs):
        return func(*args, pool_args=PoolArgs(crowd_file, turnover, jackpot, co_winners.lower(),
                                              min_quota), **kwargs)

    for option in reversed(_OPTIONS):
        wrapper = option(wrapper)
    return wrapper


def parse_min_coverage(text: str | None, matches: int) -> tuple[int, float] | None:
    """``--min-coverage X:Q``: strikes X in 0..matches and a probability Q in (0, 1), e.g. ``10:0.5``."""
    if text is None:
        return None
    x, sep, q = str(text).partition(":")
    if not sep:
        raise ValueError(f"--min-coverage ({text!r}) must be X:Q, strikes and a probability, e.g. 10:0.5")
    try:
        x_v = option_int("--min-coverage", x, 0, matches)
        q_v = option_fraction("--min-coverage", q)
    except ValueError:
        raise ValueError(f"--min-coverage ({text!r}) must be X:Q with X in 0..{matches} strikes and Q "
                         "in (0, 1), e.g. 10:0.5") from None
    return x_v, q_v
