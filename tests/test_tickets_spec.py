"""Hedge specs: one parser for tickets and systems; text, Spec and mask forms agree."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, strategies as st

from toto13.tickets import Spec, parse_spec, spec_mask, spec_to_string


@st.composite
def masks(draw):
    m = draw(st.integers(1, 13))
    rows = [draw(st.lists(st.booleans(), min_size=3, max_size=3).filter(any)) for _ in range(m)]
    return np.array(rows, dtype=bool)


@given(masks())
def test_mask_text_spec_roundtrip(mask):
    text = spec_to_string(mask)
    m = mask.shape[0]
    np.testing.assert_array_equal(spec_mask(text, m), mask)
    np.testing.assert_array_equal(parse_spec(text, matches=m).mask, mask)
    assert Spec.from_mask(mask) == parse_spec(text, matches=m)
    # the number of results inside the spec is the product of the group sizes
    assert parse_spec(text, matches=m).size == int(np.prod(mask.sum(axis=1)))


def test_none_allows_everything_and_empty_group_is_refused():
    assert spec_mask(None, 2).all()
    bad = np.array([[True, False, False], [False, False, False]])
    with pytest.raises(ValueError, match="spec group 2 is empty"):
        spec_mask(bad, 2)
    with pytest.raises(ValueError, match=r"spec must have shape \(3, 3\)"):
        spec_mask(bad, 3)
