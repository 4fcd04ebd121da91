"""Crowd pick shares in a rounds directory: ``crowd_home,crowd_draw,crowd_away`` in ``matches.csv``,
read and validated, and written by ``toto13 import stryktipset --details``."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from toto13.backtest import read_rounds, write_rounds
from toto13.cli import main
from toto13.errors import InputError

HEADER = "round,date,match,home_team,away_team,result,crowd_home,crowd_draw,crowd_away"
RESULTS = "1021100211020"


def make(tmp_path: Path, crowd_rows: list[str], header: str = HEADER) -> Path:
    d = tmp_path / "rounds"
    d.mkdir(exist_ok=True)
    lines = [header] + [f"r1,2024-01-06,{k + 1},H{k},A{k},{r},{crowd_rows[k]}"
                        for k, r in enumerate(RESULTS)]
    (d / "matches.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (d / "payouts.csv").write_text("round,tier,quota\nr1,13,1000\nr1,12,50\nr1,11,5\nr1,10,1\n")
    return d


def test_percent_or_fractions_normalised_and_round_trip(tmp_path):
    rows = ["73,17,10"] * 6 + ["0.5,0.3,0.2"] * 6 + ["34,33,34"]
    r = read_rounds(make(tmp_path, rows))
    assert r.has_crowd().tolist() == [True]
    np.testing.assert_allclose(r.crowd[0, 0], [0.73, 0.17, 0.10], rtol=1e-12)
    np.testing.assert_allclose(r.crowd[0, 6], [0.5, 0.3, 0.2], rtol=1e-12)
    np.testing.assert_allclose(r.crowd[0, 12], np.array([34, 33, 34]) / 101, rtol=1e-12)
    out = tmp_path / "copy"
    out.mkdir()
    write_rounds(out, r)
    again = read_rounds(out)
    np.testing.assert_allclose(again.crowd, r.crowd, rtol=1e-12)
    np.testing.assert_array_equal(r.subset([0]).crowd, r.crowd)


def test_without_crowd_columns_nothing_is_known(tmp_path):
    d = make(tmp_path, ["x"] * 13, header=HEADER.rsplit(",", 3)[0] + ",note")
    r = read_rounds(d)
    assert r.has_crowd().tolist() == [False] and np.isnan(r.crowd).all()
    out = tmp_path / "copy"
    out.mkdir()
    write_rounds(out, r)
    assert "crowd_home" not in (out / "matches.csv").read_text().splitlines()[0]


def test_empty_match_leaves_the_round_without_crowd(tmp_path):
    r = read_rounds(make(tmp_path, ["40,30,30"] * 12 + [",,"]))
    assert r.has_crowd().tolist() == [False] and np.isfinite(r.crowd[0, :12]).all()


@pytest.mark.parametrize("bad, column, expected", [
    ("40,-30,30", "crowd_draw", "is not a crowd share >= 0"),
    ("40,abc,30", "crowd_draw", "is not a crowd share >= 0"),
    ("0,0,0", "crowd_home,crowd_draw,crowd_away", "all zero"),
    ("40,,30", "crowd_home,crowd_draw,crowd_away", "not all three"),
])
def test_bad_crowd_cells_named(tmp_path, bad, column, expected):
    d = make(tmp_path, ["40,30,30"] * 4 + [bad] + ["40,30,30"] * 8)
    with pytest.raises(InputError) as info:
        read_rounds(d)
    err = info.value
    assert (err.file, err.row, err.column) == (str(d / "matches.csv"), 6, column)
    assert expected in str(err)


def test_missing_crowd_column(tmp_path):
    d = make(tmp_path, ["40,30"] * 13, header=HEADER.rsplit(",", 1)[0])
    with pytest.raises(InputError, match=r"row 1: missing column\(s\) crowd_away"):
        read_rounds(d)


def test_import_details_writes_real_crowd_shares(shared_data, tmp_path):
    d = shared_data / "stryktipset-tipsxtra"
    details = d / "stryktipset_detaljer_2025w19-w39.csv"
    out = tmp_path / "rounds"
    res = CliRunner().invoke(main, ["import", "stryktipset", str(d / "stryktipset_summering.csv"),
                                    "--details", str(details), "--out", str(out)])
    assert res.exit_code == 0, res.output
    header = (out / "matches.csv").read_text().splitlines()[0].split(",")
    assert {"crowd_home", "crowd_draw", "crowd_away"} <= set(header)
    r = read_rounds(out)
    assert r.has_crowd().sum() == 21  # the 21 rounds of the details file
    # the shares straight from the source file (percent), not through the importer
    with open(details, encoding="utf-8") as fh:
        src = list(csv.DictReader(fh, delimiter=";"))
    for row in src:
        j = r.ids.index(row["omg"])
        pct = np.array([float(row[f"svenska_folket{c}"]) for c in "1x2"])
        np.testing.assert_allclose(r.crowd[j, int(row["matchnummer"]) - 1], pct / pct.sum(), rtol=1e-9)
    j = r.ids.index("202539")
    np.testing.assert_allclose(r.crowd[j, 0], [0.73, 0.17, 0.10], rtol=1e-12)  # Tottenham-Wolverhampton
