"""The rules of a 13-match 1X2 pool lottery as a frozen value object, and what a tip set costs.

Defaults are the published rules of the German TOTO 13er Wette. Other pools differ only in these numbers.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum

import numpy as np

from .errors import MAX_AMOUNT, check_fraction, check_int, check_nonnegative

__all__ = ["Rules", "Preset", "TOTO13", "STRYKTIPSET", "get_rules", "SYMBOLS"]

#: How the game writes the outcome with code c (0 home, 1 draw, 2 away): ``SYMBOLS[c]``.
SYMBOLS = "102"


@dataclass(frozen=True)
class Rules:
    """Rules of a pari-mutuel 1X2 pool.

    Parameters
    ----------
    name : str
        Short name of the game.
    matches : int
        Matches per round (13).
    tiers : tuple of int
        Strike counts that win a prize, highest first (13, 12, 11, 10).
    tier_shares : tuple of float
        Share of the prize pool per tier, same order as ``tiers``; sums to at most 1 (what is left goes
        to a fund, not to the winners: Stryktipset splits its 65% as 40/15/12/25%, leaving 8%).
    payout_ratio : float
        Share of all stakes that forms the prize pool (0.60).
    stake : float
        Price of one tip (EUR 0.50).
    voucher_size : int
        Tips per voucher (12).
    voucher_fee : float
        Processing fee per voucher (EUR 0.50; differs by state).
    monthly_limit : float or None
        Online spending cap per month (EUR 1,000), None for no cap.
    max_upload_tips : int or None
        Most tips one upload file may hold (1,250), None for no limit.
    currency : str
        Currency of every amount.
    quota_step : float
        Quotas are rounded down to a multiple of this (EUR 0.10).
    average_payouts : tuple of float or None
        Typical quota per tier, same order as ``tiers``; the recipe's default ``returns``
        (TOTO: 107,813 / 6,449 / 434 / 49 EUR for 13 / 12 / 11 / 10 strikes, averages over 1.5 years of
        rounds, Stömmer 2023, arXiv:2303.16648). None where no such figure is known.
    min_quota : float
        Smallest quota paid (Stryktipset: 15 SEK). A tier whose quota would be smaller pays nothing and
        its money moves to the tier ``min_quota_to``. 0 (the default) means no minimum.
    min_quota_to : int or None
        The tier that receives the money of a tier under ``min_quota`` (default: the top tier).

    Examples
    --------
    >>> from toto13 import Rules
    >>> r = Rules()
    >>> r.cost(100)  # 100 tips at 0.50 plus 9 vouchers at 0.50
    54.5
    >>> r.vouchers(100)
    9
    """

    name: str = "toto13"
    matches: int = 13
    tiers: tuple[int, ...] = (13, 12, 11, 10)
    tier_shares: tuple[float, ...] = (0.35, 0.20, 0.20, 0.25)
    payout_ratio: float = 0.60
    stake: float = 0.50
    voucher_size: int = 12
    voucher_fee: float = 0.50
    monthly_limit: float | None = 1000.0
    max_upload_tips: int | None = 1250
    currency: str = "EUR"
    quota_step: float = 0.10
    average_payouts: tuple[float, ...] | None = (107813.0, 6449.0, 434.0, 49.0)
    min_quota: float = 0.0
    min_quota_to: int | None = None

    def __post_init__(self) -> None:
        if len(self.tiers) == 0 or len(self.tiers) != len(self.tier_shares):
            raise ValueError(f"tiers ({self.tiers!r}) and tier_shares ({self.tier_shares!r}) "
                             "must be non-empty and of equal length")
        tiers = tuple(check_int("tiers", t, 0, self.matches) for t in self.tiers)
        if list(tiers) != sorted(set(tiers), reverse=True):
            raise ValueError(f"tiers ({self.tiers!r}) must be distinct and in descending order")
        shares = tuple(check_fraction("tier_shares", s, closed=True) for s in self.tier_shares)
        if sum(shares) > 1.0 + 1e-9:
            raise ValueError(f"tier_shares ({self.tier_shares!r}) must sum to at most 1")
        object.__setattr__(self, "tiers", tiers)
        object.__setattr__(self, "tier_shares", shares)
        clean = {
            "matches": check_int("matches", self.matches, 1, 64),
            "payout_ratio": check_fraction("payout_ratio", self.payout_ratio, closed=True),
            "stake": check_nonnegative("stake", self.stake),
            "voucher_size": check_int("voucher_size", self.voucher_size, 1),
            "voucher_fee": check_nonnegative("voucher_fee", self.voucher_fee),
            "quota_step": check_nonnegative("quota_step", self.quota_step),
            "min_quota": check_nonnegative("min_quota", self.min_quota),
        }
        if self.min_quota_to is not None:
            to = check_int("min_quota_to", self.min_quota_to)
            if to not in tiers:
                raise ValueError(f"min_quota_to ({self.min_quota_to!r}) must be one of the tiers {tiers}")
            clean["min_quota_to"] = to
        if self.monthly_limit is not None:
            clean["monthly_limit"] = check_nonnegative("monthly_limit", self.monthly_limit)
        if self.max_upload_tips is not None:
            clean["max_upload_tips"] = check_int("max_upload_tips", self.max_upload_tips, 1)
        for name, value in clean.items():  # keep the checked values (12.0 -> 12, "0.5" -> 0.5)
            object.__setattr__(self, name, value)
        if self.average_payouts is not None:
            if len(self.average_payouts) != len(self.tiers):
                raise ValueError(f"average_payouts ({self.average_payouts!r}) must have one value per "
                                 f"tier {self.tiers}")
            object.__setattr__(self, "average_payouts", tuple(
                check_nonnegative("average_payouts", v) for v in self.average_payouts))

    @property
    def min_quota_tier(self) -> int:
        """The tier that receives the money of tiers under the minimum quota (``min_quota_to`` or
        the top tier)."""
        return self.tiers[0] if self.min_quota_to is None else self.min_quota_to

    def vouchers(self, n: int) -> int:
        """Vouchers needed for ``n`` tips: ``ceil(n / voucher_size)``."""
        n = check_int("n", n, 0)
        return -(-n // self.voucher_size)

    def cost(self, n: int) -> float:
        """Cost of ``n`` tips: ``n·stake + ceil(n / voucher_size)·voucher_fee`` (docs/maths.md §2)."""
        n = check_int("n", n, 0)
        return round(n * self.stake + self.vouchers(n) * self.voucher_fee, 10)

    def affordable(self, budget: float) -> int:
        """The most tips whose :meth:`cost` is at most ``budget`` (0 when not even one is).

        Examples
        --------
        >>> TOTO13.affordable(6.5), TOTO13.affordable(6.49), TOTO13.cost(12)
        (12, 11, 6.5)
        """
        b = round(check_nonnegative("budget", budget), 10)
        if b > MAX_AMOUNT:
            raise ValueError(f"budget ({budget!r}) must be at most {MAX_AMOUNT:g}")
        if self.stake <= 0:
            raise ValueError(f"budget needs a stake > 0 to count tips; the rules' stake is {self.stake!r}")
        lo, hi = 0, int(b // self.stake) + 1  # cost(lo) <= b < cost(hi): the cost never falls with n
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if self.cost(mid) <= b else (lo, mid)
        return lo

    def tier_share(self, strikes: int) -> float:
        """Share of the prize pool for the tier with ``strikes`` strikes (0 if it pays nothing)."""
        return dict(zip(self.tiers, self.tier_shares)).get(int(strikes), 0.0)

    def round_quota(self, amount):
        """Round a quota (or an array of them) down to a multiple of ``quota_step`` (none when 0).

        Examples
        --------
        >>> TOTO13.round_quota(12.3456)
        12.3
        """
        if self.quota_step == 0:
            return amount
        out = np.round(np.floor(np.asarray(amount, dtype=np.float64) / self.quota_step + 1e-9)
                       * self.quota_step, 10)
        return float(out) if out.ndim == 0 else out

    def replace(self, **changes) -> Rules:
        """A copy with some fields changed (checked again)."""
        return dataclasses.replace(self, **changes)


TOTO13 = Rules()

#: Svenska Spel Stryktipset, by its published rules: 1 SEK a row, no fee per coupon, 65% of the stakes
#: form the prize pool, split 40/15/12/25% over 13/12/11/10 strikes (the other 8% go to a fund); a quota
#: under 15 SEK is not paid and its money moves to the 13 tier. The 12/11/10 shares agree with the
#: medians of payout x winners / turnover in real rounds (0.097 / 0.078 / 0.161 of turnover since 2010).
STRYKTIPSET = Rules(
    name="stryktipset", tier_shares=(0.40, 0.15, 0.12, 0.25), payout_ratio=0.65, stake=1.0,
    voucher_size=12, voucher_fee=0.0, monthly_limit=None, max_upload_tips=None, currency="SEK",
    quota_step=1.0, average_payouts=None, min_quota=15.0, min_quota_to=13,
)


class Preset(str, Enum):
    """Named rule sets (feeds ``--rules``)."""

    TOTO13 = "toto13"
    STRYKTIPSET = "stryktipset"


_PRESETS = {Preset.TOTO13: TOTO13, Preset.STRYKTIPSET: STRYKTIPSET}


def get_rules(name: str | Preset) -> Rules:
    """The preset called ``name`` (``toto13`` or ``stryktipset``)."""
    try:
        return _PRESETS[Preset(name)]
    except ValueError:
        allowed = ", ".join(p.value for p in Preset)
        raise ValueError(f"rules ({name!r}) must be one of {allowed}") from None
