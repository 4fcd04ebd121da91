"""Rounds format: reading, validation messages (file, row, column), writing, atomic directories."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest

from toto13.backtest import Rounds, read_rounds, write_rounds
from toto13.io import Outputs
from toto13.errors import InputError

DEMO = Path(str(files("toto13") / "data" / "demo-rounds"))
HEADER = "round,date,match,home_team,away_team,result"


def make_dir(tmp_path: Path, matches: str, payouts: str) -> Path:
    d = tmp_path / "rounds"
    d.mkdir(exist_ok=True)
    (d / "matches.csv").write_text(matches, encoding="utf-8")
    (d / "payouts.csv").write_text(payouts, encoding="utf-8")
    return d


def match_lines(rid: str, date: str, results: str) -> list[str]:
    return [f"{rid},{date},{k + 1},H{k},A{k},{r}" for k, r in enumerate(results)]


def simple(tmp_path: Path, results=("1021100211020", "2222222222222"), payouts=None) -> Path:
    lines = [HEADER]
    for j, res in enumerate(results):
        lines += match_lines(f"r{j + 1}", f"2024-01-0{j + 1}", res)
    pay = payouts or "round,tier,quota\n" + "".join(
        f"r{j + 1},{x},{q}\n" for j in range(len(results)) for x, q in ((13, ""), (12, 500), (11, 40),
                                                                          (10, 5.5)))
    return make_dir(tmp_path, "\n".join(lines) + "\n", pay)


def test_demo_rounds_load():
    r = read_rounds(DEMO)
    assert len(r) == 60 and r.matches == 13 and r.tiers == (13, 12, 11, 10)
    assert r.has_odds().all()
    assert np.isfinite(r.turnover).all()
    # nobody won 13 -> quota missing (NaN), never 0 or guessed
    nobody = r.winners[:, 0] == 0
    assert nobody.any() and np.isnan(r.quotas[nobody, 0]).all()


def test_read_simple(tmp_path):
    r = read_rounds(simple(tmp_path))
    assert r.ids == ("r1", "r2")
    # "1021100211020": 1 -> code 0 (home), 0 -> 1 (draw), 2 -> 2 (away)
    assert r.results[0].tolist() == [0, 1, 2, 0, 0, 1, 1, 2, 0, 0, 1, 2, 1]
    assert np.isnan(r.quotas[:, 0]).all()
    assert r.quotas[0, 1:].tolist() == [500.0, 40.0, 5.5]
    assert np.isnan(r.odds).all() and np.isnan(r.turnover).all()


def test_round_trip(tmp_path):
    r = read_rounds(DEMO)
    out = tmp_path / "copy"
    out.mkdir()
    write_rounds(out, r)
    s = read_rounds(out)
    assert s.ids == r.ids
    np.testing.assert_array_equal(s.results, r.results)
    for name in ("quotas", "winners", "pools", "turnover", "odds"):
        np.testing.assert_array_equal(getattr(s, name), getattr(r, name))


def test_subset(tmp_path):
    r = read_rounds(DEMO).subset(slice(5, 9))
    assert r.ids == ("demo-006", "demo-007", "demo-008", "demo-009") and len(r.teams) == 4 * 13


def _err(tmp_path, matches, payouts) -> InputError:
    d = make_dir(tmp_path, matches, payouts)
    with pytest.raises(InputError) as e:
        read_rounds(d)
    return e.value


GOOD_PAY = "round,tier,quota\nr1,10,5\n"


@pytest.mark.parametrize("case, expect", [
    ("missing_column", ("matches.csv", 1, None, "missing column(s) result")),
    ("wrong_count", ("matches.csv", 13, "round", "12 match rows, expected exactly 13")),
    ("symbol_X", ("matches.csv", 4, "result", "'X' is not a result")),
    ("bad_date", ("matches.csv", 2, "date", "not a date YYYY-MM-DD")),
    ("two_dates", ("matches.csv", 3, "date", "more than one date")),
    ("twice", ("matches.csv", 14, "match", "lists match '1' twice")),
    ("bad_odds", ("matches.csv", 5, "odds_draw", "decimal odds > 1")),
])
def test_match_errors(tmp_path, case, expect):
    lines = match_lines("r1", "2024-01-06", "1021100211020")
    header = HEADER
    if case == "missing_column":
        header = "round,date,match,home_team,away_team"
        lines = [x.rsplit(",", 1)[0] for x in lines]
    elif case == "wrong_count":
        lines = lines[:12]
    elif case == "symbol_X":
        lines[2] = lines[2][:-1] + "X"
    elif case == "bad_date":
        lines[0] = lines[0].replace("2024-01-06", "06/01/2024")
    elif case == "two_dates":
        lines[1] = lines[1].replace("2024-01-06", "2024-01-07")
    elif case == "twice":
        lines[12] = lines[12].replace(",13,", ",1,")
    elif case == "bad_odds":
        header += ",odds_home,odds_draw,odds_away"
        lines = [x + ",2.0,3.1,4.0" for x in lines]
        lines[3] = lines[3].replace(",3.1,", ",0.9,")
    e = _err(tmp_path, "\n".join([header, *lines]) + "\n", GOOD_PAY)
    file, row, column, text = expect
    assert Path(e.file).name == file and e.row == row and e.column == column
    assert text in str(e) and file in str(e)


@pytest.mark.parametrize("payouts, expect", [
    ("round,quota\nr1,5\n", (1, None, "missing column(s) tier")),
    ("round,tier,quota\nr1,10,-5\n", (2, "quota", "'-5' is not a number >= 0")),
    ("round,tier,quota\nr1,10,abc\n", (2, "quota", "'abc' is not a number >= 0")),
    ("round,tier,quota,winners\nr1,10,5,2.5\n", (2, "winners", "whole number")),
    ("round,tier,quota\nr1,14,5\n", (2, "tier", "0..13")),
    ("round,tier,quota\nr1,10,5\nr1,10,6\n", (3, "tier", "tier 10 twice")),
    ("round,tier,quota\nr9,10,5\n", (2, "round", "'r9' is not in matches.csv")),
    ("round,tier,quota,turnover\nr1,10,5,100\nr1,11,5,200\n", (3, "turnover", "two turnovers")),
])
def test_payout_errors(tmp_path, payouts, expect):
    matches = "\n".join([HEADER, *match_lines("r1", "2024-01-06", "1021100211020")]) + "\n"
    e = _err(tmp_path, matches, payouts)
    row, column, text = expect
    assert Path(e.file).name == "payouts.csv" and e.row == row and e.column == column
    assert text in str(e)


def test_rounds_in_order(tmp_path):
    lines = [HEADER, *match_lines("r1", "2024-01-13", "1" * 13), *match_lines("r2", "2024-01-06", "1" * 13)]
    e = _err(tmp_path, "\n".join(lines) + "\n", GOOD_PAY)
    assert e.row == 15 and e.column == "date" and "dated before" in str(e)
    r1 = match_lines("r1", "2024-01-06", "1" * 13)
    lines = [HEADER, *r1[:6], *match_lines("r2", "2024-01-06", "1" * 13), *r1[6:]]
    e = _err(tmp_path, "\n".join(lines) + "\n", GOOD_PAY)
    assert e.row == 21 and e.column == "round" and "continues after other rounds" in str(e)


def test_missing_directory(tmp_path):
    with pytest.raises(InputError, match="no such directory"):
        read_rounds(tmp_path / "nope")
    (tmp_path / "d").mkdir()
    with pytest.raises(InputError, match="matches.csv: no such file"):
        read_rounds(tmp_path / "d")


def test_rounds_invariants():
    r = read_rounds(DEMO).subset([0, 1])
    with pytest.raises(ValueError, match="distinct"):
        Rounds(("a", "a"), r.dates, r.results, r.tiers, r.quotas, r.winners, r.pools, r.turnover,
               r.odds, r.teams)
    q = r.quotas.copy()
    q[0, 1] = -1
    with pytest.raises(ValueError, match="quotas must be >= 0"):
        Rounds(r.ids, r.dates, r.results, r.tiers, q, r.winners, r.pools, r.turnover, r.odds, r.teams)


def test_staged_directory(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(RuntimeError):
        with Outputs() as staged, staged.directory(out) as tmp:
            (tmp / "matches.csv").write_text("partial")
            raise RuntimeError("boom")
    assert not out.exists() and list(tmp_path.iterdir()) == []
    with Outputs() as staged, staged.directory(out) as tmp:
        (tmp / "a.txt").write_text("1")
    assert (out / "a.txt").read_text() == "1"
    with pytest.raises(ValueError, match="exists already"):
        with Outputs() as staged, staged.directory(out):
            pass
    with Outputs(force=True) as staged, staged.directory(out) as tmp:
        (tmp / "b.txt").write_text("2")
    assert sorted(p.name for p in out.iterdir()) == ["b.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_demo_rounds_are_reproducible(tmp_path):
    """The shipped demo rounds are exactly what scripts/make_demo_rounds.py makes with its seed."""
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "scripts" / "make_demo_rounds.py"
    spec = importlib.util.spec_from_file_location("make_demo_rounds", script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = tmp_path / "demo"
    out.mkdir()
    write_rounds(out, mod.make(2026, 60))
    for name in ("matches.csv", "payouts.csv"):
        assert (out / name).read_text() == (DEMO / name).read_text()
    assert "SYNTHETIC" in (DEMO / "README.txt").read_text()
