"""Pool inputs that are wrong (issue 19, items 7-12): crowd rows matched by their labels, crowd shares
that overflow, turnovers too small for the model, strict JSON, and odds of exactly 1.00 in imports.

Every command-line case checks the exit status, the one error line and that no warning reaches the
user (numpy's RuntimeWarnings are recorded, not only turned into errors by pytest).
"""
from __future__ import annotations

import json
import math
import re
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from toto13.cli import main
from toto13.errors import InputError, check_probability_table
from toto13.io import read_crowd, read_football_data
from toto13.pool import Pool, PoolSettings
from toto13.rules import STRYKTIPSET

DEMO = Path(__file__).resolve().parents[1] / "toto13" / "data" / "demo-rounds"

PROBS = np.array([[0.62, 0.22, 0.16], [0.30, 0.28, 0.42], [0.45, 0.30, 0.25], [0.70, 0.18, 0.12],
                  [0.25, 0.30, 0.45], [0.50, 0.27, 0.23], [0.38, 0.30, 0.32], [0.55, 0.25, 0.20],
                  [0.20, 0.25, 0.55], [0.48, 0.28, 0.24], [0.66, 0.20, 0.14], [0.33, 0.33, 0.34],
                  [0.41, 0.29, 0.30]])
CROWD = np.array([[75, 15, 10], [25, 25, 50], [50, 28, 22], [80, 12, 8], [20, 25, 55], [58, 24, 18],
                  [40, 28, 32], [64, 21, 15], [15, 20, 65], [52, 26, 22], [78, 14, 8], [33, 34, 33],
                  [45, 27, 28]])


def run(*args):
    """Invoke the CLI, recording every warning; the result and the warnings' messages."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = CliRunner().invoke(main, [str(a) for a in args])
    return res, [str(w.message) for w in caught]


def one_error_line(res, caught) -> str:
    assert res.exit_code == 2, (res.output, res.exception)
    lines = [x for x in res.output.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in res.output, res.output
    assert "Warning" not in res.output and not caught, (res.output, caught)
    return lines[0]


def crowd_text(rows, labels=None) -> str:
    labels = range(1, len(rows) + 1) if labels is None else labels
    return "match,home,draw,away\n" + "".join(f"{m},{a},{b},{c}\n" for m, (a, b, c) in zip(labels, rows))


@pytest.fixture
def fx(tmp_path):
    probs = tmp_path / "probs.csv"
    probs.write_text("match,home,draw,away\n" + "".join(
        f"{k + 1},{a:.2f},{b:.2f},{c:.2f}\n" for k, (a, b, c) in enumerate(PROBS)))
    crowd = tmp_path / "crowd.csv"
    crowd.write_text(crowd_text(CROWD))
    tips = tmp_path / "tips.csv"
    tips.write_text("tip\n1111111111111\n1211121112111\n")
    return tmp_path, probs, crowd, tips


# ------------------------------------------------------------------ 7: crowd rows matched by label
def test_crowd_rows_are_matched_by_their_labels(tmp_path):
    order = [13, 1, 7, 2, 12, 3, 11, 4, 10, 5, 9, 6, 8]
    f = tmp_path / "shuffled.csv"
    f.write_text(crowd_text(CROWD[np.array(order) - 1], order))
    got = read_crowd(f, matches=13)
    np.testing.assert_allclose(got.values, CROWD / CROWD.sum(axis=1, keepdims=True), rtol=1e-15)
    assert got.matches == tuple(str(m) for m in range(1, 14))


def test_reversed_crowd_file_gives_the_same_value_table(fx):
    tmp, probs, crowd, _ = fx
    rev = tmp / "reversed.csv"
    rev.write_text(crowd_text(CROWD[::-1], range(13, 0, -1)))
    base = ["value", "--probs", probs, "--rules", "stryktipset", "--top", 3, "--format", "json"]
    a, _ = run(*base, "--crowd", crowd)
    b, _ = run(*base, "--crowd", rev)
    assert a.exit_code == 0 and b.exit_code == 0, (a.output, b.output)
    ja, jb = json.loads(a.output), json.loads(b.output)
    assert ja["matches"] == jb["matches"] and ja["top"] == jb["top"]
    # the crowd shares printed are the file's own for that match number
    assert ja["matches"][0]["crowd_home"] == pytest.approx(0.75, rel=1e-12)


@pytest.mark.parametrize("labels, row, message", [
    ([1, 1] + list(range(3, 14)), 3, "match 1 is listed twice (also in row 2) and match 2 has no row"),
    (list(range(1, 13)) + [14], 14, "'14' is not a match number; expected a whole number in 1..13"),
    (list(range(1, 13)) + [0], 14, "'0' is not a match number"),
    (["x"] + list(range(2, 14)), 2, "'x' is not a match number"),
    ([""] + list(range(2, 14)), 2, "'' is not a match number"),
    (["1.5"] + list(range(2, 14)), 2, "'1.5' is not a match number"),
    (["1" * 5000] + list(range(2, 14)), 2, "'1111"),   # beyond int()'s 4,300-digit limit
])
def test_bad_crowd_labels_are_refused(fx, labels, row, message):
    tmp, probs, _, tips = fx
    bad = tmp / "labels.csv"
    bad.write_text(crowd_text(CROWD, labels))
    with pytest.raises(InputError) as info:
        read_crowd(bad, matches=13)
    assert (info.value.row, info.value.column) == (row, "match") and message in str(info.value)
    out = tmp / "out.csv"
    for args in (["evaluate", tips, "--probs", probs], ["value", "--probs", probs],
                 ["tickets", "--probs", probs, "--strategy", "value", "--count", 1, "--seed", 0, "--out", out]):
        line = one_error_line(*run(*args, "--crowd", bad, "--rules", "stryktipset"))
        assert f"{bad}, row {row}, column 'match'" in line and message in line
        assert not out.exists()


# ------------------------------------------------------------------ 10: shares that overflow
def test_huge_crowd_shares_are_normalised_without_overflow(fx):
    tmp, probs, _, _ = fx
    big = tmp / "big.csv"
    big.write_text(crowd_text([[1e308, 1e308, 1e308], [1e308, 0, 5e307]] + CROWD[2:].tolist()))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = read_crowd(big, matches=13).values
    # exact: equal shares are 1/3 each; 1e308 : 0 : 5e307 is 2/3 : 0 : 1/3
    np.testing.assert_allclose(got[:2], [[1 / 3] * 3, [2 / 3, 0, 1 / 3]], rtol=1e-15)
    res, caught = run("value", "--probs", probs, "--crowd", big, "--rules", "stryktipset", "--top", 1,
                      "--format", "json")
    assert res.exit_code == 0 and not caught and "Warning" not in res.output, (res.output, caught)
    assert json.loads(res.output)["matches"][0]["crowd_draw"] == pytest.approx(1 / 3, rel=1e-12)


def test_library_crowd_table_with_huge_shares():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = check_probability_table("crowd", [[1e308, 1e308, 1e308], [1e308, 1e308, 0]], atol=None)
        np.testing.assert_allclose(got, [[1 / 3] * 3, [0.5, 0.5, 0]], rtol=1e-15)
        with pytest.raises(ValueError, match=r"crowd row 1 \(\[0.0, 0.0, 0.0\]\) is all zero"):
            check_probability_table("crowd", [[1, 1, 1], [0, 0, 0]], atol=None)
        with pytest.raises(ValueError, match="sums to inf"):
            check_probability_table("probs", [[1e308, 1e308, 1e308]])


def test_rounds_file_with_huge_crowd_shares(tmp_path):
    d = tmp_path / "rounds"
    shutil.copytree(DEMO, d)
    lines = (d / "matches.csv").read_text().splitlines()
    head = lines[0].split(",")
    if "crowd_home" not in head:
        lines = [lines[0] + ",crowd_home,crowd_draw,crowd_away"] + [ln + ",40,30,30" for ln in lines[1:]]
    cells = lines[1].split(",")
    cells[-3:] = ["1e308"] * 3
    lines[1] = ",".join(cells)
    (d / "matches.csv").write_text("\n".join(lines) + "\n")
    from toto13.backtest import read_rounds

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = read_rounds(d)
    np.testing.assert_allclose(r.crowd_table()[0, 0], [1 / 3] * 3, rtol=1e-15)


# ------------------------------------------------------------------ 8 and 11: turnovers
@pytest.mark.parametrize("turnover", ["1e-310", "5e-324", "0.5", "0"])
def test_tiny_turnover_is_refused_everywhere(fx, turnover):
    tmp, probs, crowd, tips = fx
    out = tmp / "out.csv"
    for args in (["evaluate", tips, "--probs", probs, "--crowd", crowd],
                 ["value", "--probs", probs, "--crowd", crowd],
                 ["tickets", "--probs", probs, "--crowd", crowd, "--strategy", "value", "--count", 1, "--seed", 0,
                  "--out", out],
                 ["backtest", DEMO, "--strategy", "weighted", "--count", 2, "--payouts", "model", "-q"]):
        for rules in ("stryktipset", "toto13"):
            line = one_error_line(*run(*args, "--rules", rules, "--turnover", turnover))
            assert f"--turnover ({turnover}" in line or f"--turnover ('{turnover}')" in line, line
            assert not out.exists()


def test_tiny_turnover_in_a_real_process_prints_one_line_and_no_warning(fx):
    # the reproducer as a user runs it: no pytest warning filter, stderr as the terminal gets it
    import subprocess
    import sys

    tmp, probs, crowd, tips = fx
    code = "import sys; from toto13.cli import main; main(sys.argv[1:])"
    p = subprocess.run([sys.executable, "-c", code, "evaluate", str(tips), "--probs", str(probs),
                        "--rules", "stryktipset", "--turnover", "1e-310"], capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 2 and p.stdout == "", (p.stdout, p.stderr)
    assert p.stderr.startswith("Error: --turnover (1e-310) must be a number >= 1") and "Warning" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1, p.stderr


def test_library_refuses_turnovers_below_one_stake():
    for t in (1e-310, 5e-324, 0.5):
        with pytest.raises(ValueError, match=r"turnover \(.*\) must be"):
            Pool(STRYKTIPSET, t)
        with pytest.raises(ValueError, match=r"turnover \(.*\) must be a number >= 1"):
            PoolSettings(turnover=t)
    with pytest.raises(ValueError, match=r"at least one stake \(3 SEK\)"):
        Pool(STRYKTIPSET.replace(stake=3.0), 2.0)


def test_smallest_turnover_gives_finite_figures_without_warnings(fx):
    tmp, probs, crowd, tips = fx
    for extra in ([], ["--co-winners", "poisson"], ["--jackpot", "1e12"]):
        res, caught = run("evaluate", tips, "--probs", probs, "--crowd", crowd, "--rules", "stryktipset",
                          "--turnover", "1", "--min-quota", "0", "--format", "json", *extra)
        assert res.exit_code == 0 and not caught, (res.output, caught)
        v = json.loads(res.output)["value"]
        # at most what the whole pool pays: (turnover + 2 stakes) x payout ratio + jackpot
        top = 3.0 * STRYKTIPSET.payout_ratio + (1e12 if "--jackpot" in extra else 0.0)
        assert math.isfinite(v["expected_return"]) and 0 <= v["expected_return"] <= top


def test_tiny_minimum_quota_is_no_minimum_without_warnings(fx):
    # found by the fuzzing: caps = pool / 1e-310 overflowed (a RuntimeWarning); a cap of inf is what
    # a minimum quota near 0 means, so the figures equal those without the rule
    tmp, probs, crowd, tips = fx
    got = {}
    for q in ("1e-310", "0"):
        res, caught = run("evaluate", tips, "--probs", probs, "--crowd", crowd, "--rules", "stryktipset",
                          "--min-quota", q, "--format", "json")
        assert res.exit_code == 0 and not caught, (res.output, caught)
        got[q] = json.loads(res.output)["value"]["per_tier"]
    assert got["1e-310"] == got["0"]


def test_rounds_file_turnover_below_one_is_refused(tmp_path):
    d = tmp_path / "rounds"
    shutil.copytree(DEMO, d)
    lines = (d / "payouts.csv").read_text().splitlines()
    col = lines[0].split(",").index("turnover")
    cells = lines[1].split(",")
    cells[col] = "1e-310"
    lines[1] = ",".join(cells)
    (d / "payouts.csv").write_text("\n".join(lines) + "\n")
    line = one_error_line(*run("backtest", d, "--strategy", "weighted", "--count", 2, "--rules",
                               "stryktipset", "-q"))
    assert "payouts.csv, row 2, column 'turnover'" in line and "'1e-310' is not a turnover" in line


def test_backtest_turnover_zero_is_refused_under_every_rules():
    for rules in ("stryktipset", "toto13"):
        line = one_error_line(*run("backtest", DEMO, "--strategy", "weighted", "--count", 2, "--rules",
                                   rules, "--turnover", "0", "-q"))
        assert "--turnover ('0') must be a number > 0" in line


# ------------------------------------------------------------------ 9: strict JSON
def _strict(text: str):
    def refuse(name):
        raise AssertionError(f"{name} is not JSON")
    return json.loads(text, parse_constant=refuse)


def test_value_json_is_strict_with_certain_matches(tmp_path):
    certain = tmp_path / "certain.csv"
    certain.write_text("match,home,draw,away\n" + "".join(f"{k + 1},1,0,0\n" for k in range(13)))
    res, caught = run("value", "--probs", certain, "--rules", "stryktipset", "--top", 2, "--format", "json")
    assert res.exit_code == 0 and not caught, (res.output, caught)
    _strict(res.output)


def test_value_json_is_strict_with_zero_share_and_huge_odds(tmp_path):
    crowd = tmp_path / "crowd.csv"
    crowd.write_text(crowd_text([[0, 50, 50]] + CROWD[1:].tolist()))
    odds = tmp_path / "odds.csv"
    odds.write_text("odds_home,odds_draw,odds_away\n1e308,1.01,1.01\n" + "2,3.4,3.6\n" * 12)
    # multiplicative: the long shot keeps a probability > 0 (power's exponent takes it to 0)
    res, caught = run("value", "--odds", odds, "--method", "multiplicative", "--crowd", crowd, "--rules",
                      "stryktipset", "--top", 2, "--format", "json")
    assert res.exit_code == 0 and not caught, (res.output, caught)
    d = _strict(res.output)
    # home of match 1: probability > 0 against a crowd share of 0, a value without a finite number
    assert d["matches"][0]["crowd_home"] == 0 and d["matches"][0]["value_home"] is None


def test_json_text_maps_every_non_finite_number_to_null():
    from toto13.cli._output import json_text

    text = json_text({"a": [float("nan"), np.inf, -np.inf, np.float32("nan"), 2.5],
                      "b": np.array([np.nan, 1.0])})
    assert _strict(text) == {"a": [None, None, None, None, 2.5], "b": [None, 1.0]}


# ------------------------------------------------------------------ 10 and 12b: importers
def _stryk_files(tmp_path, **matches):
    from test_import_quirks import details_round, summary_row, write

    return write(tmp_path, [summary_row("201901")], details_round("201901", **matches))


def test_import_details_refuses_huge_shares(tmp_path):
    s, d = _stryk_files(tmp_path, m2={"svenska_folket1": "1e308", "svenska_folketx": "1e308",
                                      "svenska_folket2": "1e308"})
    out = tmp_path / "r"
    line = one_error_line(*run("import", "stryktipset", s, "--details", d, "--out", out))
    assert "details.csv, row 3, column 'svenska_folket1'" in line and "'1e308'" in line
    assert not out.exists()


def test_import_details_all_zero_shares_are_unknown_and_counted(tmp_path):
    s, d = _stryk_files(tmp_path, m2={"svenska_folket1": "0", "svenska_folketx": "0",
                                      "svenska_folket2": "0"}, m4={"oddset1": "1.00"})
    out = tmp_path / "r"
    res, caught = run("import", "stryktipset", s, "--details", d, "--out", out)
    assert res.exit_code == 0 and not caught and "Warning" not in res.output, (res.output, caught)
    assert re.search(r"matches with crowd shares empty or all 0 \(unknown\) +1\n", res.output), res.output
    assert re.search(r"matches with odds missing \(0.00/1.00/empty\) +1\n", res.output), res.output
    rows = (out / "matches.csv").read_text().splitlines()
    head = rows[0].split(",")
    m2 = dict(zip(head, rows[2].split(",")))
    assert (m2["crowd_home"], m2["crowd_draw"], m2["crowd_away"]) == ("", "", "")
    m4 = dict(zip(head, rows[4].split(",")))
    assert (m4["odds_home"], m4["odds_draw"], m4["odds_away"]) == ("", "", "")


FD_HEADER = "Div,Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,FTR,B365H,B365D,B365A\n"


def test_football_data_odds_of_one_are_missing(tmp_path):
    f = tmp_path / "D1_2324.csv"
    f.write_text(FD_HEADER + "D1,12/08/2023,15:30,A,B,1,0,H,1.00,3.4,3.6\n"
                 "D1,12/08/2023,15:30,C,D,1,1,D,2.1,3.4,3.6\n")
    t = read_football_data(f, bookmaker="B365")
    assert np.isnan(t[["odds_home", "odds_draw", "odds_away"]].to_numpy()[0]).all()
    assert t.attrs["odds_one"] == [2] and t.attrs["missing_odds"] == [2]
    f.write_text(FD_HEADER + "D1,12/08/2023,15:30,A,B,1,0,H,0.99,3.4,3.6\n")
    with pytest.raises(InputError, match=r"row 2, column 'B365H'.*'0.99' is not decimal odds > 1, 1.00"):
        read_football_data(f, bookmaker="B365")


def test_estimate_leaves_out_a_football_data_match_with_odds_of_one(tmp_path):
    f = tmp_path / "D1_2324.csv"
    f.write_text(FD_HEADER + "D1,12/08/2023,15:30,A,B,1,0,H,1.00,3.4,3.6\n"
                 "D1,12/08/2023,15:30,C,D,1,1,D,2.0,3.5,3.3\n")
    res, caught = run("estimate", f)
    assert res.exit_code == 0 and not caught, (res.output, caught)
    assert f"Warning: {f}: 1 match(es) left out of the estimate (no odds): row 2" in res.output
    assert "C " in res.output and "A " not in res.output.split("\n", 1)[1]


def test_football_data_import_counts_odds_of_one(tmp_path):
    f = tmp_path / "D1_2324.csv"
    rows = [f"D1,{12 + (k >= 9)}/08/2023,15:30,T{k},U{k},1,0,H,{'1.00' if k in (0, 4) else '2.1'},3.4,3.6\n"
            for k in range(13)]
    f.write_text(FD_HEADER + "".join(rows))
    out = tmp_path / "r"
    res, caught = run("import", "football-data", f, "--out", out, "--priority", "D1")
    assert res.exit_code == 0 and not caught, (res.output, caught)
    assert re.search(r"matches whose first bookmaker's odds held 1.00 \(read as missing\) +2\n", res.output)
