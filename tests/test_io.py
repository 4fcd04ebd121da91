"""Readers and atomic writes: every bad-input message names file, row and column."""
from __future__ import annotations

import numpy as np
import pytest

from toto13.errors import InputError
from toto13.io import Outputs, read_odds, read_probabilities, read_table, write_probabilities


def write(tmp_path, name, text, mode="w"):
    p = tmp_path / name
    if mode == "wb":
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return p


def test_read_probabilities_roundtrip(tmp_path):
    probs = np.array([[0.5, 0.3, 0.2], [0.25, 0.25, 0.5]])
    out = tmp_path / "p.csv"
    write_probabilities(out, probs, matches=["A-B", "C-D"])
    got = read_probabilities(out)
    np.testing.assert_allclose(got.values, probs, rtol=1e-12)
    assert got.matches == ("A-B", "C-D")


def test_bom_crlf_and_blank_rows(tmp_path):
    p = write(tmp_path, "p.csv", "\ufeffhome,draw,away\r\n0.5,0.3,0.2\r\n,,\r\n0.4,0.4,0.2\r\n", )
    got = read_probabilities(p)
    assert got.values.shape == (2, 3) and got.matches == ("1", "2")


@pytest.mark.parametrize("text, row, column, expected", [
    ("home,draw,away\n0.5,0.3,abc\n", 2, "away", "a probability in [0, 1]"),
    ("home,draw,away\n0.5,0.3,0.2\n0.5,-0.2,0.7\n", 3, "draw", "a probability in [0, 1]"),
    ("home,draw,away\n0.5,0.3,0.3\n", 2, "home,draw,away", "each row must sum to 1"),
    ("home,draw\n0.5,0.5\n", 1, None, "missing column(s) away"),
    ("home,draw,away\n0.5,0.3,0.2,0.1\n", 2, None, "has 4 fields, the header has 3"),
])
def test_probability_errors(tmp_path, text, row, column, expected):
    p = write(tmp_path, "bad.csv", text)
    with pytest.raises(InputError) as info:
        read_probabilities(p)
    err = info.value
    assert err.file == str(p) and err.row == row and err.column == column
    assert expected in str(err) and str(p) in str(err)


def test_wrong_match_count(tmp_path):
    p = write(tmp_path, "p.csv", "home,draw,away\n0.5,0.3,0.2\n")
    with pytest.raises(InputError, match="has 1 match rows, expected exactly 13"):
        read_probabilities(p, matches=13)


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"\x00\x01\x02binary\xff", "not a comma-separated text file"),
])
def test_empty_and_binary(tmp_path, content, message):
    p = write(tmp_path, "x.csv", content, mode="wb")
    with pytest.raises(InputError, match=message):
        read_table(p, required=["home"])


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_table(tmp_path / "nope.csv")


def test_header_only(tmp_path):
    p = write(tmp_path, "x.csv", "home,draw,away\n")
    with pytest.raises(InputError, match="no data rows"):
        read_probabilities(p)


def test_odds(tmp_path):
    p = write(tmp_path, "o.csv", "odds_home,odds_draw,odds_away\n2.0,3.4,3.9\n1.5,,6\n")
    with pytest.raises(InputError) as info:
        read_odds(p)
    assert info.value.row == 3 and info.value.column == "odds_draw"
    got = read_odds(p, allow_missing=True)
    assert np.isnan(got.values[1, 1])
    q = write(tmp_path, "o2.csv", "odds_home,odds_draw,odds_away\n1.0,3.4,3.9\n")
    with pytest.raises(InputError, match=r"row 2, column 'odds_home': '1\.0' is not decimal odds > 1"):
        read_odds(q)


def test_one_output_refuses_overwrite_and_leaves_nothing_on_error(tmp_path):
    target = tmp_path / "out.csv"
    with Outputs() as out, out.open(target) as fh:
        fh.write("a\n")
    with pytest.raises(ValueError, match="exists already"):
        with Outputs() as out, out.open(target) as fh:
            fh.write("b\n")
    assert target.read_text() == "a\n"
    with pytest.raises(RuntimeError):
        with Outputs() as out, out.open(tmp_path / "new.csv") as fh:
            fh.write("partial")
            raise RuntimeError("boom")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    with Outputs(force=True) as out, out.open(target) as fh:
        fh.write("c\n")
    assert target.read_text() == "c\n"


def test_written_files_get_the_usual_mode(tmp_path):
    import os
    import stat
    old = os.umask(0o022)
    try:
        with Outputs() as out, out.open(tmp_path / "f.csv") as fh:
            fh.write("x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "f.csv").stat().st_mode) == 0o644
