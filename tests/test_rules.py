"""Rules: presets, cost formula (docs/maths.md §2; TOTO's published rules), invariants."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, strategies as st

from toto13 import STRYKTIPSET, TOTO13, Rules, get_rules


def test_toto13_defaults_follow_design():
    # TOTO's published rules: 60% paid out, tiers 13/12/11/10 at 35/20/20/25%, EUR 0.50 a tip, vouchers of 12
    # at EUR 0.50, EUR 1,000 a month online, 1,250 tips per upload file.
    r = TOTO13
    assert (r.matches, r.tiers, r.tier_shares) == (13, (13, 12, 11, 10), (0.35, 0.20, 0.20, 0.25))
    assert (r.payout_ratio, r.stake, r.voucher_size, r.voucher_fee) == (0.60, 0.50, 12, 0.50)
    assert (r.monthly_limit, r.max_upload_tips, r.currency) == (1000.0, 1250, "EUR")
    # Stömmer 2023, arXiv:2303.16648; docs/maths.md §2: the recipe's default returns
    assert dict(zip(r.tiers, r.average_payouts)) == {10: 49, 11: 434, 12: 6449, 13: 107813}


def test_stryktipset_preset():
    r = get_rules("stryktipset")
    assert r is STRYKTIPSET
    assert (r.matches, r.tiers, r.stake, r.voucher_fee, r.currency) == (13, (13, 12, 11, 10), 1.0,
                                                                         0.0, "SEK")
    assert r.cost(100) == 100.0


@pytest.mark.parametrize("n, vouchers, cost", [
    (0, 0, 0.0), (1, 1, 1.0), (12, 1, 6.5), (13, 2, 7.5), (100, 9, 54.5), (8111, 676, 4393.5),
])
def test_cost(n, vouchers, cost):
    # cost = n·stake + ceil(n/12)·fee, worked by hand
    assert TOTO13.vouchers(n) == vouchers
    assert TOTO13.cost(n) == cost


@given(n=st.integers(0, 10 ** 6), stake=st.floats(0, 10), fee=st.floats(0, 5),
       size=st.integers(1, 50))
def test_cost_formula(n, stake, fee, size):
    r = Rules(stake=stake, voucher_fee=fee, voucher_size=size)
    assert r.cost(n) == pytest.approx(n * stake + math.ceil(n / size) * fee, rel=1e-9, abs=1e-9)


def test_published_presets():
    # Svenska Spel's published rules: 65% of stakes, 40/15/12/25% over 13..10 (8% to a fund), no quota
    # under 15 SEK (its money goes to the 13 tier); TOTO 13er Wette: 60%, 35/20/20/25%, no minimum.
    assert STRYKTIPSET.payout_ratio == 0.65
    assert STRYKTIPSET.tier_shares == (0.40, 0.15, 0.12, 0.25)
    assert (STRYKTIPSET.min_quota, STRYKTIPSET.min_quota_to) == (15.0, 13)
    assert (TOTO13.payout_ratio, TOTO13.min_quota, TOTO13.min_quota_tier) == (0.60, 0.0, 13)


def test_round_quota():
    assert TOTO13.round_quota(12.3456) == 12.3
    assert TOTO13.round_quota(12.3) == 12.3
    assert STRYKTIPSET.round_quota(99.9) == 99.0


@pytest.mark.parametrize("kwargs, message", [
    ({"stake": -0.5}, r"stake \(-0\.5\) must be a finite number >= 0"),
    ({"voucher_size": 0}, r"voucher_size \(0\) must be at least 1"),
    ({"tier_shares": (0.5, 0.2, 0.2, 0.2)}, "must sum to at most 1"),
    ({"tiers": (12, 13, 11, 10)}, "descending"),
    ({"payout_ratio": 1.5}, r"payout_ratio \(1\.5\) must be in \[0, 1\]"),
    ({"average_payouts": (1.0, 2.0)}, "one value per tier"),
    ({"min_quota": -1}, r"min_quota \(-1\) must be a finite number >= 0"),
    ({"min_quota_to": 9}, r"min_quota_to \(9\) must be one of the tiers \(13, 12, 11, 10\)"),
])
def test_invalid_rules(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Rules(**kwargs)


def test_unknown_preset():
    with pytest.raises(ValueError, match=r"rules \('lotto'\) must be one of toto13, stryktipset"):
        get_rules("lotto")


def test_cost_rejects_negative():
    with pytest.raises(ValueError, match=r"n \(-1\) must be at least 0"):
        TOTO13.cost(-1)


def test_rules_keep_the_checked_values():
    r = Rules(voucher_size=12.0, stake="0.5", max_upload_tips=1250.0)
    assert r.voucher_size == 12 and isinstance(r.voucher_size, int)
    assert r.vouchers(100) == 9 and r.cost(100) == 54.5


def test_check_int_is_exact_for_large_integers():
    from toto13.errors import check_int
    assert check_int("n", 2 ** 53 + 1) == 2 ** 53 + 1
    with pytest.raises(ValueError, match=r"n \(2\.5\) must be a whole number"):
        check_int("n", 2.5)
