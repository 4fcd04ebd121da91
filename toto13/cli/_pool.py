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

from ._common import FILE, money, option_fraction, option_int, option_number

__all__ = ["PoolArgs", "PoolSetup", "pool_options", "parse_min_coverage", "CO_WINNERS"]

#: The co-winner models of :class:`toto13.pool.CoWinners` (kept here so ``--help`` needs no numpy work).
CO_WINNERS = ("calibrated", "poisson")


@dataclass(frozen=True)
class PoolSetup:
    """A checked pool, the crowd shares it is judged against, and a sentence saying what it assumes."""

    pool: object
    crowd: object
    crowd_source: str
    assumes: str

    def to_dict(self) -> dict:
        p = self.pool
        return {"turnover": p.turnover, "jackpot": p.jackpot, "co_winners": p.co_winners.value,
                "min_quota": _min_quota(p), "crowd_source": self.crowd_source,
                "payout_ratio": p.rules.payout_ratio, "currency": p.rules.currency}


def _min_quota(pool) -> float:
    """The minimum quota in force (the rules' own when the pool leaves it as None)."""
    if pool.min_quota is not None:
        return float(pool.min_quota)
    return float(getattr(pool.rules, "min_quota", 0.0) or 0.0)


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

    def check(self) -> None:
        """Check the numbers before any slow work or file is touched."""
        self.numbers()

    def setup(self, rules, probs, *, has_probs: bool = True) -> PoolSetup:
        """The pool for ``rules`` and the crowd shares: from ``--crowd`` or modelled from ``probs``."""
        from ..io.crowd import read_crowd
        from ..pool import CoWinners, Pool, crowd_shares

        if self.crowd_file is not None and not has_probs:
            raise ValueError("--crowd needs match probabilities to judge the crowd against: give "
                             "--probs FILE or --odds FILE")
        turnover, jackpot, min_quota = self.numbers()
        try:
            pool = Pool.for_rules(rules, turnover=turnover, jackpot=jackpot, min_quota=min_quota,
                                  co_winners=CoWinners(self.co_winners))
        except ValueError as exc:
            if turnover is None:
                raise ValueError(f"--turnover T is needed: the {rules.name} rules give no typical "
                                 f"turnover ({exc})") from None
            raise
        if self.crowd_file is not None:
            crowd = read_crowd(self.crowd_file, matches=rules.matches).values
            source, said = "file", f"crowd shares from {self.crowd_file}"
        else:
            crowd = crowd_shares(probs)
            source, said = "model", "crowd shares modelled from the probabilities (no --crowd FILE)"
        cur = rules.currency
        parts = [f"turnover {money(pool.turnover)} {cur}"
                 + (" (typical for these rules; set --turnover)" if turnover is None else ""),
                 f"jackpot {money(pool.jackpot)} {cur}",
                 f"{pool.co_winners.value} co-winners",
                 f"minimum quota {money(_min_quota(pool))} {cur}"
                 + (" (rule off)" if _min_quota(pool) == 0 else ""),
                 said]
        return PoolSetup(pool, crowd, source, "assumes " + "; ".join(parts))


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
