"""The pool options, declared once for every command that prices tips against a pool.

``--crowd FILE``, ``--turnover T``, ``--jackpot J``, ``--co-winners calibrated|poisson``,
``--min-quota Q``, ``--sharpness S`` and ``--pool-model FILE`` are declared here and collected into one
:class:`PoolArgs` (:mod:`._pool_args`), which checks them (bad values exit with status 2 and one line
naming the option) and turns them into the library's :class:`toto13.pool.PoolSettings`, which builds the
pool (:meth:`toto13.pool.PoolSettings.setup`). ``backtest`` takes the same options except ``--crowd``:
its rounds carry their own crowd shares.
"""
from __future__ import annotations

import functools
from typing import Any, Callable

import click

from ._common import FILE
from ._pool_args import PoolArgs

__all__ = ["PoolArgs", "pool_options", "CO_WINNERS", "POOL_FLAGS"]

#: The library's parameter names of the pool and the command's options (for ``library_errors``).
POOL_FLAGS = {"turnover": "--turnover", "jackpot": "--jackpot", "min_quota": "--min-quota",
              "co_winners": "--co-winners", "crowd": "--crowd", "min_coverage": "--min-coverage",
              "sharpness": "--sharpness", "pool_model": "--pool-model"}

#: The co-winner models of :class:`toto13.pool.CoWinners` (kept here so ``--help`` needs no numpy work).
CO_WINNERS = ("calibrated", "poisson")



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
             "Stryktipset rounds, or the --pool-model's]."),
    "pool_model": click.option(
        "--pool-model", "pool_model", type=FILE, default=None,
        help="A fitted pool model (JSON, toto13 calibrate --fit): its co-winner model and crowd "
             "sharpness [default: the package's, fitted on the public Stryktipset history]."),
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
