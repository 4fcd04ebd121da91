"""``toto13 check`` and :func:`toto13.tickets.check.check_result` against brute force, the backtest's
ledger on the same round, and every bad input."""
from __future__ import annotations

import json
from importlib.resources import files

import numpy as np
import pytest
from click.testing import CliRunner

from toto13.backtest import BacktestStrategy, read_rounds, run_backtest, write_rounds
from toto13.cli import main
from toto13.rules import STRYKTIPSET, TOTO13
from toto13.tickets import tips_to_strings
from toto13.tickets.check import check_result

DEMO = files("toto13") / "data" / "demo-rounds"
QUOTAS = {13: 123456.7, 12: 2345.6, 11: 78.9, 10: 4.5}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def near_tips(result, n, seed, keep=0.75):
    """``n`` random tips, each match right with probability ``keep`` (so the prize tiers are reached)."""
    rng = np.random.default_rng(seed)
    tips = rng.integers(0, 3, size=(n, 13)).astype(np.int8)
    right = rng.random((n, 13)) < keep
    tips[right] = np.broadcast_to(result, (n, 13))[right]
    return tips


def tens_and_losers(result, tens, losers, seed):
    """``tens`` tips with exactly 10 strikes and ``losers`` with at most 9, in random order."""
    rng = np.random.default_rng(seed)
    tips = np.tile(np.asarray(result, dtype=np.int8), (tens + losers, 1))
    for i in range(tens + losers):
        wrong = rng.choice(13, size=3 if i < tens else int(rng.integers(4, 14)), replace=False)
        tips[i, wrong] = (tips[i, wrong] + rng.integers(1, 3, size=wrong.size)) % 3
    return tips[rng.permutation(tens + losers)]


def write_tips(path, tips):
    path.write_text("tip\n" + "".join(t + "\n" for t in tips_to_strings(tips)))
    return path


def brute(tips, result):
    """Strikes by a plain loop over the tips and the matches."""
    return [sum(1 for a, b in zip(tip, result) if a == b) for tip in tips.tolist()]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_counts_against_brute_force_on_a_random_tip_file(tmp_path, seed):
    rng = np.random.default_rng(100 + seed)
    result = rng.integers(0, 3, 13).astype(np.int8)
    tips = near_tips(result, 300, seed)
    symbols = "".join("1X2"[k] for k in result)  # written with X for the draw
    path = write_tips(tmp_path / "tips.csv", tips)
    q = ",".join(f"{t}:{v}" for t, v in QUOTAS.items())
    r = run("check", path, "--result", symbols, "--quotas", q, "--out", tmp_path / "s.csv", "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    strikes = brute(tips, result)
    tiers = {str(x): sum(1 for s in strikes if s == x) for x in (13, 12, 11, 10)}
    assert d["tiers"] == tiers and sum(tiers.values()) > 0
    best = max(strikes)
    assert d["best"] == {"row": strikes.index(best) + 1, "tip": tips_to_strings(tips)[strikes.index(best)],
                         "strikes": best}
    cost = 300 * 0.5 + 25 * 0.5  # 300 tips at EUR 0.50, 25 vouchers of 12 at EUR 0.50 (TOTO rules)
    winnings = sum(tiers[str(t)] * v for t, v in QUOTAS.items())
    assert d["cost"] == pytest.approx(cost) and d["winnings"] == pytest.approx(winnings)
    assert d["profit"] == pytest.approx(winnings - cost)
    lines = (tmp_path / "s.csv").read_text().splitlines()
    assert lines[0] == "tip,strikes"
    assert [int(x.split(",")[1]) for x in lines[1:]] == strikes


def test_table_and_csv(tmp_path):
    tips = np.array([[0] * 13, [0] * 11 + [2] * 2, [1] * 13], dtype=np.int8)
    path = write_tips(tmp_path / "t.csv", tips)
    r = run("check", path, "--result", "1" * 13, "--rules", "stryktipset", "--quotas",
            "13:1000000,12:20000,11:500,10:50")
    assert r.exit_code == 0, r.output
    assert "best tip: 1111111111111 (row 1 of the tips) with 13 strikes" in r.output
    assert "winnings 1,000,500.00 SEK, cost 3.00 SEK, profit 1,000,497.00 SEK" in r.output
    r = run("check", path, "--result", "1" * 13, "--format", "csv")
    assert r.output.splitlines()[:3] == ["tier,tips,quota,winnings", "13,1,,", "12,0,,"]


def test_library_a_tip_wins_only_its_own_tier():
    r = check_result([[0] * 13], [0] * 13, TOTO13, quotas=QUOTAS)
    assert r.tiers == {13: 1, 12: 0, 11: 0, 10: 0} and r.winnings == QUOTAS[13]
    with pytest.raises(ValueError, match="quotas has no quota for tier 13, which 1 tip"):
        check_result([[0] * 13], [0] * 13, TOTO13, quotas={12: 1.0})
    assert check_result([[1] * 13], [0] * 13, TOTO13, quotas={12: 1.0}).winnings == 0.0
    with pytest.raises(ValueError, match="quotas names tier 9"):
        check_result([[0] * 13], [0] * 13, TOTO13, quotas={9: 1.0})
    with pytest.raises(ValueError, match="result must be 13 outcome codes"):
        check_result([[0] * 13], [0] * 12 + [3], TOTO13)


def _ledger_and_check(tmp_path, rounds, j, rules, tips):
    one = rounds.subset([j])
    ledger = run_backtest(one, BacktestStrategy("fixed", tips=tips), rules, rng=0).ledger
    d = tmp_path / "rounds"
    d.mkdir()
    write_rounds(d, one)
    path = write_tips(tmp_path / "tips.csv", tips)
    r = run("check", path, "--round", f"{d}:{one.ids[0]}", "--rules", rules.name, "--format", "json")
    assert r.exit_code == 0, r.output
    return ledger.iloc[0], json.loads(r.output)


def test_winnings_against_the_backtest_ledger_on_a_demo_round(tmp_path):
    """The backtest puts its tips among the round's winners (they were not played), ``check`` pays the
    published quotas (a played tip is among them): the two agree where a few more winners leave the
    quota where it was, as one more 10 among the demo round's 3,709 (pool 99,075: 26.70 either way)."""
    rounds = read_rounds(DEMO)
    tips = tens_and_losers(rounds.results[7], 1, 20, 7)
    line, d = _ledger_and_check(tmp_path, rounds, 7, TOTO13, tips)
    for x in (10, 11, 12, 13):
        assert d["tiers"][str(x)] == line[f"won_{x}"]
    assert d["winnings"] > 0 and d["winnings"] == pytest.approx(line["winnings"], abs=1e-9)
    assert d["cost"] == line["cost"] and d["profit"] == pytest.approx(line["profit"], abs=1e-9)


def test_winnings_against_the_backtest_ledger_on_a_real_round(tmp_path, shared_data):
    """Stryktipset round 202538 (the real quotas): three more 10s among its 5,645 leave the quota of 735
    SEK where it was (the backtest takes the middle of what the rounded quota allows)."""
    from toto13.backtest import import_stryktipset

    d = shared_data / "stryktipset-tipsxtra"
    rounds = import_stryktipset(d / "stryktipset_summering.csv",
                                d / "stryktipset_detaljer_2025w19-w39.csv").rounds
    j = rounds.ids.index("202538")
    tips = tens_and_losers(rounds.results[j], 3, 9, 38)
    line, got = _ledger_and_check(tmp_path, rounds, j, STRYKTIPSET, tips)
    assert line["payout_source"] == "real"
    for x in (10, 11, 12, 13):
        assert got["tiers"][str(x)] == line[f"won_{x}"]
    assert got["winnings"] > 0 and got["winnings"] == pytest.approx(line["winnings"], abs=1e-9)
    assert got["winnings"] == 3 * 735.0 and got["cost"] == line["cost"] == 12.0


def test_result_sources_and_their_conflicts(tmp_path):
    tips = write_tips(tmp_path / "t.csv", np.zeros((1, 13), dtype=np.int8))
    coupon = tmp_path / "c.csv"
    coupon.write_text("match,home_team,away_team,result\n" + "".join(f"{i},A,B,1\n" for i in range(1, 14)))
    r = run("check", tips, "--coupon", coupon, "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["tiers"]["13"] == 1
    r = run("check", tips, "--coupon", coupon, "--result", "2" * 13, "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["best"]["strikes"] == 0
    assert r.stderr.count("\n") == 1 and "Warning: the result of coupon" in r.stderr


@pytest.mark.parametrize("args, message", [
    ([], "no result given: give --result ROW"),
    (["--result", "1X2"], "--result ('1X2') must be 13 symbols of 1, 0 or X, 2; it has 3"),
    (["--result", "1" * 12 + "3"], "it holds '3'"),
    (["--result", "1" * 13, "--quotas", "13:x"], "--quotas ('x') must be a finite number"),
    (["--result", "1" * 13, "--quotas", "14:5"], "--quotas ('14:5') must be TIER:QUOTA pairs"),
    (["--result", "1" * 13, "--quotas", "1" * 5000 + ":5"], "Error: --quotas ('1111"),   # no traceback
    (["--result", "1" * 13, "--quotas", "13:5,13:6"], "names tier 13 twice"),
    (["--result", "1" * 13, "--quotas", "13:-1"], "--quotas ('-1') must be a finite number >= 0"),
    (["--result", "1" * 13, "--quotas", "12:5"], "--quotas has no quota for tier 13, which 1 tip(s) won"),
    (["--round", "nodir"], "--round ('nodir') must be ROUNDS_DIR:ROUND_ID"),
    (["--round", f"{DEMO}:demo-999"], "no round 'demo-999'"),
    (["--result", "1" * 13, "--out", "EXISTS"], "exists already"),
])
def test_bad_input_exit_2_one_line(tmp_path, args, message):
    tips = write_tips(tmp_path / "t.csv", np.zeros((1, 13), dtype=np.int8))
    (tmp_path / "e.csv").write_text("keep\n")
    args = [str(tmp_path / "e.csv") if a == "EXISTS" else a for a in args]
    r = run("check", tips, *args)
    assert r.exit_code == 2, r.output
    assert message in r.output and r.output.count("\n") == 1
    assert (tmp_path / "e.csv").read_text() == "keep\n"


def test_bad_tip_file_names_file_row_column(tmp_path):
    bad = tmp_path / "t.csv"
    bad.write_text("tip\n1111111111111\n111\n")
    r = run("check", bad, "--result", "1" * 13)
    assert r.exit_code == 2 and "t.csv, row 3, column 'tip'" in r.output


def test_every_possible_tip_counts_binomially():
    """All 3^13 tips against any result: exactly k strikes for C(13, k) 2^(13-k) tips."""
    from math import comb

    from toto13.tickets import tips_from_index

    tips = tips_from_index(np.arange(3 ** 13), 13)
    r = check_result(tips, [0, 1, 2] * 4 + [0], TOTO13, quotas=QUOTAS)
    assert r.tiers == {k: comb(13, k) * 2 ** (13 - k) for k in (13, 12, 11, 10)}
    assert np.bincount(r.strikes).tolist() == [comb(13, k) * 2 ** (13 - k) for k in range(14)]
    assert r.cost == TOTO13.cost(3 ** 13)
