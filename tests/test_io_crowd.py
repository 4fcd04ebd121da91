"""The crowd file reader: percent or fractions, rows normalised, every bad input named."""
from __future__ import annotations

import numpy as np
import pytest

from toto13.errors import InputError
from toto13.io import read_crowd


def write(tmp_path, text, name="crowd.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_percent_and_fractions_read_the_same(tmp_path):
    pct = write(tmp_path, "match,home,draw,away\n1,73,17,10\n2,40,30,30\n", "pct.csv")
    frac = write(tmp_path, "match,home,draw,away\n2,0.4,0.3,0.3\n1,0.73,0.17,0.10\n", "frac.csv")
    a, b = read_crowd(pct), read_crowd(frac)  # rows matched by their match number, not by position
    np.testing.assert_allclose(a.values, [[0.73, 0.17, 0.10], [0.4, 0.3, 0.3]], rtol=1e-12)
    np.testing.assert_allclose(a.values, b.values, rtol=1e-12)
    assert a.matches == b.matches == ("1", "2")


def test_rows_are_normalised(tmp_path):
    # published percentages are rounded, so a row may add up to 99 or 101
    got = read_crowd(write(tmp_path, "home,draw,away\n50,30,20\n34,33,33\n66,0,35\n"))
    np.testing.assert_allclose(got.values.sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(got.values[2], [66 / 101, 0, 35 / 101], rtol=1e-15)
    assert got.matches == ("1", "2", "3")


@pytest.mark.parametrize("text, row, column, expected", [
    ("home,draw,away\n50,30,abc\n", 2, "away", "is not a crowd share >= 0"),
    ("home,draw,away\n50,30,20\n50,-5,55\n", 3, "draw", "is not a crowd share >= 0"),
    ("home,draw,away\n50,30,20\n0,0,0\n", 3, "home,draw,away", "all zero"),
    ("home,draw,away\ninf,30,20\n", 2, "home", "is not a crowd share >= 0"),
    ("match,home,draw\n1,50,50\n", 1, None, "missing column(s) away"),
])
def test_crowd_errors(tmp_path, text, row, column, expected):
    p = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        read_crowd(p)
    err = info.value
    assert (err.file, err.row, err.column) == (str(p), row, column)
    assert expected in str(err) and str(p) in str(err)


def test_twelve_rows_for_thirteen_matches(tmp_path):
    p = write(tmp_path, "home,draw,away\n" + "40,30,30\n" * 12)
    with pytest.raises(InputError, match="has 12 match rows, expected exactly 13") as info:
        read_crowd(p, matches=13)
    assert info.value.file == str(p)
