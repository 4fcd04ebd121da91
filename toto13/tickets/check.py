"""The results check after the weekend (Swedish "rättning"): the strikes of every played tip against the
round's result, the tips per prize tier and, at given quotas, the winnings."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import check_nonnegative
from ..rules import Rules
from .encoding import check_tips, tips_to_strings

__all__ = ["ResultCheck", "check_result"]


@dataclass(frozen=True)
class ResultCheck:
    """What a tip set achieved in one round (:func:`check_result`).

    ``strikes`` per tip; ``tiers`` maps each prize tier to the number of tips with exactly that many
    strikes; ``best`` the position of the first tip with the most strikes; ``cost`` the tips' cost by
    the rules; ``quotas`` (tier -> payout per winning tip), ``winnings`` and ``profit`` where quotas
    were given, else None.
    """

    strikes: NDArray[np.int64]
    tiers: dict[int, int]
    best: int
    best_tip: str
    cost: float
    quotas: dict[int, float] | None = None
    winnings: float | None = None
    profit: float | None = None

    def to_dict(self) -> dict:
        """JSON-ready: ``tiers`` ("13" … "10" -> count), ``best``, ``cost``, ``winnings``, ``profit``."""
        return {"tips": int(self.strikes.size), "tiers": {str(t): c for t, c in self.tiers.items()},
                "best": {"row": self.best + 1, "tip": self.best_tip,
                         "strikes": int(self.strikes[self.best])},
                "quotas": None if self.quotas is None else {str(t): None if np.isnan(q) else q
                                                             for t, q in self.quotas.items()},
                "cost": self.cost, "winnings": self.winnings, "profit": self.profit}


def check_result(tips: ArrayLike, result: ArrayLike, rules: Rules, *,
                 quotas: Mapping[int, float] | None = None) -> ResultCheck:
    """Strikes of every tip against ``result``, the count per prize tier and the winnings.

    A tip wins the tier of exactly its strike count (13 strikes pay the 13 quota only), so
    ``winnings = sum over tiers t of tiers[t] * quotas[t]`` and ``profit = winnings - cost`` with
    ``cost = rules.cost(n)`` (stake and voucher fees, docs/maths.md §2). Matches drawn by lot count
    with the result drawn, like any other.

    Parameters
    ----------
    tips : array_like of int, shape (n, matches)
        Outcome codes 0 (home), 1 (draw), 2 (away).
    result : array_like of int, shape (matches,)
        The round's result, outcome codes.
    rules : Rules
        Prize tiers and costs.
    quotas : mapping tier -> float, optional
        Payout per winning tip. A tier may be left out (or NaN, as when nobody won it) only where no
        tip reached it.

    Raises
    ------
    ValueError
        Naming ``tips``, ``result`` or ``quotas``: bad codes or shapes, no tips, a negative quota, a
        quota that is not one of the rules' tiers, a tier some tip won without a quota.

    Examples
    --------
    >>> from toto13.rules import TOTO13
    >>> tips = [[0] * 13, [0] * 10 + [2] * 3, [1] * 13]
    >>> r = check_result(tips, [0] * 12 + [1], TOTO13, quotas={13: 1e5, 12: 1000.0, 11: 50.0, 10: 5.0})
    >>> r.strikes.tolist(), r.tiers, r.best, r.winnings, r.profit
    ([12, 10, 1], {13: 0, 12: 1, 11: 0, 10: 1}, 0, 1005.0, 1003.0)
    """
    t = check_tips(tips, rules.matches)
    if t.shape[0] == 0:
        raise ValueError("tips is empty; expected at least one tip")
    res = np.asarray(result)
    if res.shape != (rules.matches,) or not np.isin(res, (0, 1, 2)).all():
        raise ValueError(f"result must be {rules.matches} outcome codes 0, 1, 2, got {res.tolist()!r}")
    strikes = (t == res[None, :].astype(t.dtype)).sum(axis=1).astype(np.int64)
    counts = np.bincount(strikes, minlength=rules.matches + 1)
    tiers = {x: int(counts[x]) for x in rules.tiers}
    best = int(np.argmax(strikes))
    cost = rules.cost(int(t.shape[0]))
    out = ResultCheck(strikes, tiers, best, tips_to_strings(t[best:best + 1])[0], cost)
    if quotas is None:
        return out
    q = _quotas(quotas, rules, tiers)
    winnings = round(sum(tiers[x] * q[x] for x in tiers if tiers[x]), 10)
    return ResultCheck(strikes, tiers, best, out.best_tip, cost, q, winnings, round(winnings - cost, 10))


def _quotas(quotas: Mapping[int, float], rules: Rules, tiers: dict[int, int]) -> dict[int, float]:
    q = {}
    for x, v in quotas.items():
        if int(x) not in rules.tiers:
            raise ValueError(f"quotas names tier {x!r}, not one of the rules' tiers {rules.tiers}")
        q[int(x)] = float(v) if np.isnan(v) else check_nonnegative(f"quotas[{x}]", v)
    for x in rules.tiers:
        if tiers[x] and np.isnan(q.get(x, np.nan)):
            raise ValueError(f"quotas has no quota for tier {x}, which {tiers[x]:,} tip(s) won")
    return {x: q.get(x, np.nan) for x in rules.tiers}
