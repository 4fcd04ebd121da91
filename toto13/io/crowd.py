"""Crowd files: the share of all rows played that picked each outcome (``match,home,draw,away``)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InputError
from .csvfile import parse_numbers, read_table
from .probs import PROB_COLUMNS, ProbabilityFile, _check_count, _labels

__all__ = ["read_crowd", "PoolSetup", "load_pool"]


def read_crowd(path: str | os.PathLike, *, matches: int | None = None) -> ProbabilityFile:
    """Read a crowd file: columns ``home,draw,away`` (optional ``match``), one row per match.

    The shares may be percentages (``73,17,10``, as Svenska Spel publishes them) or fractions
    (``0.73,0.17,0.10``); each row is divided by its sum, so both read the same and rounding that
    makes a row add up to 99 or 101 does not matter.

    Parameters
    ----------
    path : path-like
    matches : int, optional
        Required number of rows (13 for a round).

    Returns
    -------
    ProbabilityFile
        ``values`` (matches, 3), every row summing to 1.

    Raises
    ------
    InputError
        Naming the file, row and column: missing columns, a cell that is not a number >= 0, a row whose
        shares are all zero, the wrong number of rows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "crowd.csv"
    >>> _ = f.write_text("match,home,draw,away\\n1,73,17,10\\n2,0.5,0.3,0.2\\n")
    >>> read_crowd(f).values.round(2).tolist()
    [[0.73, 0.17, 0.1], [0.5, 0.3, 0.2]]
    """
    df = read_table(path, required=PROB_COLUMNS)
    _check_count(df, matches, path)
    cols = [parse_numbers(df, c, expected="a crowd share >= 0 (percent or fraction)",
                          check=lambda v: np.isfinite(v) & (v >= 0)) for c in PROB_COLUMNS]
    shares = np.column_stack(cols)
    total = shares.sum(axis=1)
    if (total <= 0).any():
        i = int(np.argmax(total <= 0))
        raise InputError("home, draw and away are all zero; at least one share must be positive",
                         file=path, row=int(df.index[i]), column="home,draw,away")
    return ProbabilityFile(shares / total[:, None], _labels(df), df)


def _money(v: float) -> str:
    return f"{v:,.2f}"


@dataclass(frozen=True)
class PoolSetup:
    """A checked pool, the crowd shares it is judged against, and a sentence saying what it assumes."""

    pool: Any
    crowd: np.ndarray
    crowd_source: str
    assumes: str
    turnover_given: bool = True

    def to_dict(self) -> dict:
        """What the figures assume, for JSON output."""
        p = self.pool
        return {"turnover": p.turnover, "turnover_given": self.turnover_given, "jackpot": p.jackpot,
                "co_winners": p.co_winners.value, "min_quota": p.min_quota,
                "crowd_source": self.crowd_source, "payout_ratio": p.rules.payout_ratio,
                "currency": p.rules.currency}

    def value_dict(self, pv) -> dict:
        """A :class:`toto13.pool.PoolValue` and its assumptions, for JSON output."""
        return {"expected_return": pv.expected_return, "cost": pv.cost,
                "expected_profit": pv.expected_profit, "return_per_stake": pv.return_per_stake,
                "per_tier": {str(k): v for k, v in sorted(pv.per_tier.items(), reverse=True)},
                "p_return_ge_cost": pv.p_return_ge_cost, "tips": pv.tips, "assumes": self.to_dict()}

    def value_lines(self, pv) -> list[str]:
        """A readable block: the expected return of a tip set, per tier, and what it assumes."""
        cur = self.pool.rules.currency
        tiers = "  ".join(f"{k}: {_money(v)}" for k, v in sorted(pv.per_tier.items(), reverse=True))
        return ["Value in the pool, exact over all results:",
                f"  expected return {_money(pv.expected_return)} {cur} for cost {_money(pv.cost)} {cur}: "
                f"expected profit {_money(pv.expected_profit)} {cur}, {pv.return_per_stake:.3f} back per "
                f"unit staked",
                f"  expected return per tier (strikes: {cur}) {tiers}",
                f"  P(the round returns at least the cost) {100 * pv.p_return_ge_cost:.2f}%",
                f"  {self.assumes}"]


def load_pool(rules, probs, *, crowd: str | os.PathLike | None = None, turnover: float | None = None,
              jackpot: float | None = None, co_winners: str = "calibrated", min_quota: float | None = None,
              required: bool = True) -> PoolSetup | None:
    """The pool for ``rules`` and the crowd's shares: read from the ``crowd`` file, else modelled from
    ``probs`` (:func:`toto13.pool.crowd_shares`).

    Without ``turnover`` the rules' typical turnover (:data:`toto13.pool.TYPICAL_TURNOVER`) is used
    where known, and the sentence :attr:`PoolSetup.assumes` says so; where none is known, None is
    returned when nothing about the pool was asked for and ``required`` is False, else ``ValueError``.
    """
    from ..pool import TYPICAL_TURNOVER, CoWinners, Pool, crowd_shares

    asked = (co_winners != CoWinners.CALIBRATED.value
             or any(v is not None for v in (crowd, turnover, jackpot, min_quota)))
    if turnover is None and not TYPICAL_TURNOVER.get(rules.name):
        if not required and not asked:
            return None
        raise ValueError(f"turnover T is needed: the {rules.name} rules give no typical turnover "
                         "(T = the other players' stakes in the round)")
    pool = Pool.for_rules(rules, turnover=turnover, jackpot=jackpot or 0.0, min_quota=min_quota,
                          co_winners=CoWinners(co_winners))
    if crowd is not None:
        shares = read_crowd(crowd, matches=rules.matches).values
        source, said = "file", f"crowd shares from {crowd}"
    else:
        shares = crowd_shares(probs)
        source, said = "model", "crowd shares modelled from the probabilities (no crowd file given)"
    cur = rules.currency
    parts = [f"turnover {_money(pool.turnover)} {cur}"
             + (" (typical for these rules, not given)" if turnover is None else ""),
             f"jackpot {_money(pool.jackpot)} {cur}",
             f"{pool.co_winners.value} co-winners",
             f"minimum quota {_money(pool.min_quota)} {cur}" if pool.min_quota > 0 else "no minimum quota",
             said]
    return PoolSetup(pool, shares, source, "assumes " + "; ".join(parts), turnover is not None)
