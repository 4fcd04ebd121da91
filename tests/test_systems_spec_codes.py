"""Specs, algebraic codes, direct sums, verification: reference values and brute force."""
from __future__ import annotations


import numpy as np
import pytest

from toto13.systems import (best_strikes_in_spec, binary_hamming, covering_radius, full_spec, parse_spec,
                            ternary_golay, ternary_hamming, verify)
from toto13.systems.codes import best_direct_sum, build_direct_sum, catalogue, direct_sum
from toto13.systems import Spec
from toto13.hamming import distance_transform


def brute_best(tips, spec):
    """Best strike count of every result inside the spec, by brute force."""
    res = spec.expand().astype(int)
    t = np.asarray(tips, dtype=int)
    return (res[:, None, :] == t[None, :, :]).sum(axis=2).max(axis=1)


# --- spec -----------------------------------------------------------------------------------------

def test_parse_and_count():
    s = parse_spec("1 10 102 2 0 02 12 102 1 1 1 1 1")
    assert (s.bankers, s.two_ways, s.three_ways) == (8, 3, 2)
    assert s.size == 2 ** 3 * 3 ** 2
    assert str(s) == "1 10 102 2 0 02 12 102 1 1 1 1 1"
    assert parse_spec("01 201 1", matches=3).groups == ((0, 1), (0, 1, 2), (0,))
    assert str(parse_spec("1,10,102", matches=3)) == "1 10 102"


def test_expand_is_lexicographic_and_complete():
    s = parse_spec("10 102 2", matches=3)
    e = s.expand()
    assert len(e) == s.size == 6
    assert len(np.unique(e, axis=0)) == 6
    assert s.contains(e).all()
    # match 0 most significant: the index in the 3^m space grows along the expansion
    idx = e.astype(int) @ (3 ** np.arange(2, -1, -1))
    assert (np.diff(idx) > 0).all()
    assert (s.from_local(s.to_local(e)) == e).all()


@pytest.mark.parametrize("text, match", [
    ("1 10 102", "has 3 groups; expected 13"),
    ("1 " * 12 + "13", "holds '3'; allowed symbols are 1, 0, 2"),
    ("1 " * 12 + "x", "holds 'x'"),
    ("1 " * 12 + "11", "repeats an outcome"),
    ("1," * 12 + ",", "is empty"),
    ("", "has 0 groups"),
])
def test_bad_specs_name_the_parameter(text, match):
    with pytest.raises(ValueError, match=match) as exc:
        parse_spec(text)
    assert str(exc.value).startswith("spec")


def test_spec_object_checks():
    with pytest.raises(ValueError, match="empty"):
        Spec(((0,), ()))
    with pytest.raises(ValueError, match="repeats"):
        Spec(((0, 0),))
    assert full_spec(2, "10").groups == ((0, 1), (0, 1))


# --- codes (sizes and radii from the literature; radius checked by distance transform) --------------

@pytest.mark.parametrize("make, q, n, size, radius", [
    (lambda: ternary_hamming(2), 3, 4, 9, 1),        # perfect [4,2,3]
    (lambda: ternary_hamming(3), 3, 13, 59049, 1),   # perfect [13,10,3]
    (lambda: binary_hamming(2), 2, 3, 2, 1),
    (lambda: binary_hamming(3), 2, 7, 16, 1),        # perfect [7,4,3]
    (ternary_golay, 3, 11, 729, 2),                  # perfect [11,6,5]
])
def test_perfect_codes(make, q, n, size, radius):
    c = make()
    assert c.shape == (size, n)
    assert len(np.unique(c, axis=0)) == size
    assert covering_radius(c, (q,) * n) == radius
    # perfect: the balls are disjoint, so every point is at distance <= R of exactly one word
    d = distance_transform(c, (q,) * n)
    assert d.max() == radius


def test_golay_minimum_distance_5():
    c = ternary_golay().astype(int)
    nz = c[(c != 0).any(axis=1)]
    assert (nz != 0).sum(axis=1).min() == 5   # linear: min distance = min weight


def test_catalogue_blocks_are_what_they_claim():
    for blk in catalogue():
        c = blk.make()
        assert len(c) == blk.size, blk.name
        assert covering_radius(c, (2,) * blk.binary + (3,) * blk.ternary) <= blk.radius, blk.name


@pytest.mark.parametrize("b, t, r", [(0, 13, 2), (0, 13, 3), (13, 0, 3), (3, 5, 2), (2, 6, 3), (4, 0, 1)])
def test_direct_sum_plans_are_coverings(b, t, r):
    size, parts = best_direct_sum(b, t, r)
    c = build_direct_sum(b, t, parts)
    assert len(c) == size
    assert covering_radius(c, (2,) * b + (3,) * t) <= r


def test_direct_sum_radius_adds():
    c = direct_sum(ternary_hamming(2), ternary_hamming(2))
    assert c.shape == (81, 8)
    assert covering_radius(c, (3,) * 8) == 2


# --- verification against brute force -----------------------------------------------------------------

@pytest.mark.parametrize("spec", ["10 102 2 1", "102 102 102", "1 1 1", "02 12 10 102"])
def test_best_strikes_matches_brute_force(spec):
    s = parse_spec(spec, matches=len(spec.split()))
    rng = np.random.default_rng(len(spec))
    tips = rng.integers(0, 3, size=(4, s.matches))   # tips may lie outside the spec
    assert (best_strikes_in_spec(tips, s) == brute_best(tips, s)).all()


def test_verify_counts():
    v = verify([[0, 0, 0], [1, 1, 1]], "10 10 10", 2)
    assert v.holds and v.minimum == 2 and v.results == 8
    assert v.distribution == (0, 0, 6, 2)
    v = verify([[0, 0, 0]], "10 10 10", 2)
    assert not v.holds and v.minimum == 0
    with pytest.raises(ValueError, match=r"guarantee \(4\) must be in 0..3"):
        verify([[0, 0, 0]], "10 10 10", 4)
