"""The pool options, declared once for every command that prices tips against a pool.

``--crowd FILE``, ``--turnover T``, ``--jackpot J``, ``--co-winners calibrated|poisson``,
``--min-quota Q`` and ``--sharpness S`` are parsed and checked here (bad values exit with status 2 and
one line naming the option) into the library's :class:`toto13.pool.PoolSettings`, which builds the pool
(:meth:`toto13.pool.PoolSettings.setup`). ``backtest`` takes the same options except ``--crowd``: its
rounds carry their own crowd shares.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Any, Callable

import click

from ._common import FILE
from ._numbers import option_positive

__all__ = ["PoolArgs", "pool_options", "CO_WINNERS", "POOL_FLAGS"]

#: The library's parameter names of the pool and the command's options (for ``library_errors``).
POOL_FLAGS = {"turnover": "--turnover", "jackpot": "--jackpot", "min_quota": "--min-quota",
              "co_winners": "--co-winners", "crowd": "--crowd", "min_coverage": "--min-coverage",
              "sharpness": "--sharpness"}

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
    sharpness: str | None = None

    def settings(self) -> Any:
        """The checked :class:`toto13.pool.PoolSettings` (``ValueError`` naming the option)."""
        from ..pool import CoWinners, PoolSettings

        turnover = option_positive("--turnover", self.turnover, ": the other players' stakes in the round")
        jackpot = option_positive("--jackpot", self.jackpot, strict=False)
        min_quota = option_positive("--min-quota", self.min_quota,
                                    " (0 switches the minimum-quota rule off)", strict=False)
        sharpness = option_positive("--sharpness", self.sharpness, ": the crowd model's sharpness")
        settings = PoolSettings(turnover=turnover, jackpot=jackpot or 0.0,
                                co_winners=CoWinners(self.co_winners), min_quota=min_quota)
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

    def setup(self, rules: Any, probs: Any, *, required: bool = True) -> Any:
        """The round's :class:`toto13.pool.PoolSetup`: the crowd read from ``--crowd`` where given;
        None where no turnover is known and nothing about the pool was asked for, unless
        ``required``."""
        from ..io.crowd import read_crowd

        crowd = None if self.crowd_file is None else read_crowd(self.crowd_file,
                                                                 matches=rules.matches).values
        return self.settings().setup(rules, probs, crowd=crowd, crowd_label=self.crowd_file,
                                     required=required)


_OPTIONS = {
    "crowd_file": click.option(
        "--crowd", "crowd_file", type=FILE, default=None,
        help="Crowd pick shares CSV (match,home,draw,away; percent or fractions) [default: modelled "
             "from the probabilities]."),
    "turnover": click.option(
        "--turnover", default=None, metavar="T",
        help="The other players' stakes in the round, in the rules' currency [default: the round's "
             "own where known, else typical for the rules]."),
    "jackpot": click.option("--jackpot", default=None, metavar="J",
                            help="Money carried into the top tier [default: 0]."),
    "co_winners": click.option(
        "--co-winners", "co_winners", type=click.Choice(CO_WINNERS, case_sensitive=False),
        default="calibrated", show_default=True,
        help="Other winners per tier: calibrated on real rounds (over-dispersed), or poisson "
             "(independent crowd tips)."),
    "min_quota": click.option(
        "--min-quota", "min_quota", default=None, metavar="Q",
        help="Quotas below Q are not paid, their money moves up [default: the rules'; 0 switches the "
             "rule off]."),
    "sharpness": click.option(
        "--sharpness", default=None, metavar="S",
        help="Crowd model where no shares are given: share ∝ probability^S [default: fitted on "
             "Stryktipset rounds]."),
}


def pool_options(func: Callable | None = None, *, crowd: bool = True) -> Callable:
    """Add the pool options to a command; it receives them as one ``pool_args`` (:class:`PoolArgs`).
    ``crowd=False`` leaves out ``--crowd`` (commands whose data carry the crowd's shares)."""
    if func is None:
        return functools.partial(pool_options, crowd=crowd)
    names = [n for n in _OPTIONS if crowd or n != "crowd_file"]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        raw = {n: kwargs.pop(n) for n in names}
        raw["co_winners"] = raw["co_winners"].lower()
        return func(*args, pool_args=PoolArgs(**raw), **kwargs)

    for name in reversed(names):
        wrapper = _OPTIONS[name](wrapper)
    return wrapper
