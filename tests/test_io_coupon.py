"""Coupon files (``--coupon``): read by match number, the same numbers as the three separate files,
explicit options winning with a warning, and every bad coupon one line naming file, row and column."""
from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from toto13.cli import main
from toto13.errors import InputError
from toto13.estimators import remove_margin
from toto13.io.coupon import Coupon, parse_result, read_coupon, write_coupon

ODDS = [(1.85 + 0.1 * i, 3.4, 4.1 - 0.1 * i) for i in range(13)]
CROWD = [(60 - i, 25, 15 + i) for i in range(13)]  # percent, as Svenska Spel publishes them
RESULT = "1X2" * 4 + "1"
HEADER = "match,home_team,away_team,odds_home,odds_draw,odds_away,crowd_home,crowd_draw,crowd_away,result"


def coupon_lines(order=None):
    order = order or range(13)
    return [HEADER] + [f"{i + 1},Home {i + 1},Away {i + 1},{ODDS[i][0]:.2f},{ODDS[i][1]},{ODDS[i][2]:.2f},"
                       f"{CROWD[i][0]},{CROWD[i][1]},{CROWD[i][2]},{RESULT[i]}" for i in order]


def write(path, lines):
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def files(tmp_path):
    """The coupon (rows shuffled: it is read by match number) and the three separate files."""
    coupon = write(tmp_path / "coupon.csv", coupon_lines(order=[12, *range(12)]))
    odds = write(tmp_path / "odds.csv", ["odds_home,odds_draw,odds_away"]
                 + [f"{a:.2f},{b},{c:.2f}" for a, b, c in ODDS])
    crowd = write(tmp_path / "crowd.csv", ["match,home,draw,away"]
                  + [f"{i + 1},{a},{b},{c}" for i, (a, b, c) in enumerate(CROWD)])
    return coupon, odds, crowd


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_reads_by_match_number_percent_or_fraction(tmp_path, files):
    c = read_coupon(files[0], matches=13)
    assert c.matches == tuple(range(1, 14)) and c.names[12] == "Home 13 – Away 13"
    np.testing.assert_allclose(c.odds, np.round(ODDS, 2))
    np.testing.assert_allclose(c.crowd, np.array(CROWD) / 100)  # each row sums to exactly 100 here
    assert "".join("1X2"[k] for k in c.result) == RESULT
    fractions = [HEADER] + [line.replace(f",{a},{b},{c},", f",{a / 100},{b / 100},{c / 100},")
                            for line, (a, b, c) in zip(coupon_lines()[1:], CROWD)]
    np.testing.assert_allclose(read_coupon(write(tmp_path / "f.csv", fractions)).crowd, c.crowd)


def test_write_then_read_is_the_same_coupon(tmp_path, files):
    c = read_coupon(files[0])
    write_coupon(tmp_path / "again.csv", c)
    d = read_coupon(tmp_path / "again.csv")
    assert (d.home_teams, d.away_teams) == (c.home_teams, c.away_teams)
    for a, b in ((d.odds, c.odds), (d.crowd, c.crowd)):
        np.testing.assert_allclose(a, b, rtol=1e-9)
    np.testing.assert_array_equal(d.result, c.result)


def test_parse_result_symbols():
    # X and 0 are the same draw; an oracle by hand
    assert parse_result("1X20" + "1" * 9).tolist() == [0, 1, 2, 1] + [0] * 9
    with pytest.raises(ValueError, match=r"result \('1X3'\) must be 13 symbols"):
        parse_result("1X3")
    with pytest.raises(ValueError, match="it holds 'A'"):
        parse_result("A" * 13)


def test_coupon_dataclass_checks_shapes():
    with pytest.raises(ValueError, match=r"odds must have shape \(1, 3\)"):
        Coupon((1,), ("a",), ("b",), odds=np.ones((2, 3)))


def test_value_the_same_as_the_three_files(files):
    coupon, odds, crowd = files
    args = ("value", "--rules", "stryktipset", "--top", 3, "--format", "json")
    a = json.loads(run(*args, "--coupon", coupon).output)
    b = json.loads(run(*args, "--odds", odds, "--crowd", crowd).output)
    # independent: the probabilities straight from the margin removal of the odds
    p = remove_margin(np.round(ODDS, 2), "power").probs  # the default margin removal
    for k, (ra, rb) in enumerate(zip(a["matches"], b["matches"])):
        assert ra["match"] == f"{k + 1} Home {k + 1} – Away {k + 1}"
        for key in ("p_home", "p_draw", "p_away", "crowd_home", "crowd_draw", "crowd_away",
                    "value_home", "value_draw", "value_away"):
            assert ra[key] == pytest.approx(rb[key], rel=1e-12), key
        assert [ra["p_home"], ra["p_draw"], ra["p_away"]] == pytest.approx(p[k].tolist(), rel=1e-12)
        assert ra["crowd_home"] == pytest.approx(CROWD[k][0] / 100)
    assert a["top"] == b["top"]


@pytest.mark.parametrize("strategy", ["weighted", "value"])
def test_tickets_and_evaluate_the_same_as_the_three_files(tmp_path, files, strategy):
    coupon, odds, crowd = files
    common = ("--rules", "stryktipset", "--count", 40, "--seed", 3, "--strategy", strategy, "--format", "json")
    a = run("tickets", "--coupon", coupon, *common, "--out", tmp_path / "a.csv")
    b = run("tickets", "--odds", odds, "--crowd", crowd, *common, "--out", tmp_path / "b.csv")
    assert a.exit_code == 0 and b.exit_code == 0, a.output + b.output
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text()
    ja, jb = json.loads(a.output), json.loads(b.output)
    assert ja["value"]["expected_return"] == pytest.approx(jb["value"]["expected_return"], rel=1e-12)
    ea = json.loads(run("evaluate", tmp_path / "a.csv", "--coupon", coupon, "--rules", "stryktipset",
                        "--format", "json").output)
    eb = json.loads(run("evaluate", tmp_path / "a.csv", "--odds", odds, "--crowd", crowd, "--rules",
                        "stryktipset", "--format", "json").output)
    assert ea == eb


def test_coupon_probabilities_columns_are_used_first(tmp_path, files):
    p = np.full((13, 3), 1 / 3)
    p[:, 0], p[:, 2] = 0.5, 1 / 6
    lines = [HEADER + ",home,draw,away"] + [f"{line},{a},{b},{c}" for line, (a, b, c)
                                             in zip(coupon_lines()[1:], p)]
    coupon = write(tmp_path / "c.csv", lines)
    probs = write(tmp_path / "p.csv", ["home,draw,away"] + [f"{a},{b},{c}" for a, b, c in p])
    args = ("plan", "--seed", 1, "--safety", 0.5, "--format", "json")
    a, b = run(*args, "--coupon", coupon), run(*args, "--probs", probs)
    assert a.exit_code == 0, a.output
    assert json.loads(a.output) == json.loads(b.output)
    out = [tmp_path / n for n in ("s1.csv", "s2.csv")]
    spec = "1 1 1 1 1 1 1 1 10 10 10 102 102"
    for src, o in zip((("--coupon", coupon), ("--probs", probs)), out):
        r = run("system", "--spec", spec, *src, "--count", 10, "--seed", 1, "--time", 0, "--out", o)
        assert r.exit_code == 0, r.output
    assert out[0].read_text() == out[1].read_text()


def test_explicit_options_win_and_a_conflict_is_warned(tmp_path, files):
    coupon, odds, crowd = files
    other = write(tmp_path / "other.csv", ["match,home,draw,away"] + [f"{i + 1},40,30,30" for i in range(13)])
    args = ("value", "--rules", "stryktipset", "--top", 0, "--format", "json")
    r = run(*args, "--coupon", coupon, "--crowd", other)
    assert r.exit_code == 0, r.output
    assert r.stderr.count("\n") == 1 and "Warning: --crowd" in r.stderr and "using --crowd" in r.stderr
    assert json.loads(r.stdout)["matches"][0]["crowd_home"] == pytest.approx(0.4)
    probs = write(tmp_path / "p.csv", ["home,draw,away"] + ["0.5,0.3,0.2"] * 13)
    r = run(*args, "--coupon", coupon, "--probs", probs)
    assert r.exit_code == 0 and "Warning: --probs differs" in r.stderr
    assert json.loads(r.stdout)["matches"][0]["p_home"] == pytest.approx(0.5)
    r = run(*args, "--coupon", coupon, "--crowd", crowd, "--odds", odds)  # the same content: no warning
    assert r.exit_code == 0 and r.stderr == ""


def bad(lines, row, change):
    """The coupon's lines with ``change`` applied to line ``row`` (1 = the header)."""
    lines = list(lines)
    lines[row - 1] = change(lines[row - 1])
    return lines


def cell(col, value):
    k = HEADER.split(",").index(col)

    def change(line):
        cells = line.split(",")
        cells[k] = value
        return ",".join(cells)
    return change


def drop(col):
    k = HEADER.split(",").index(col)
    return lambda line: ",".join(c for i, c in enumerate(line.split(",")) if i != k)


BAD = [  # (lines, what the one line must say)
    ([drop("home_team")(x) for x in coupon_lines()], "row 1: missing column(s) home_team"),
    ([drop("odds_draw")(x) for x in coupon_lines()], "row 1: missing column(s) odds_draw: "
                                                     "odds_home, odds_draw, odds_away go together"),
    (bad(coupon_lines(), 5, cell("odds_home", "")), "row 5, column 'odds_home': '' is not decimal odds"),
    (bad(coupon_lines(), 5, cell("odds_away", "1.0")), "row 5, column 'odds_away': '1.0' is not decimal"),
    (bad(coupon_lines(), 4, cell("crowd_home", "30")),
     "row 4, column 'crowd_home,crowd_draw,crowd_away': crowd shares sum to 72%; expected about 100 %"),
    (bad(coupon_lines(), 4, cell("crowd_draw", "")), "row 4, column 'crowd_draw'"),
    # shares that overflow their sum: refused with it, no numpy warning (it was an overflow warning)
    (bad(bad(bad(coupon_lines(), 4, cell("crowd_home", "1e308")), 4, cell("crowd_draw", "1e308")), 4,
         cell("crowd_away", "1e308")), "row 4, column 'crowd_home,crowd_draw,crowd_away': crowd shares sum to inf%"),
    (bad(coupon_lines(), 7, cell("match", "3")), "row 7, column 'match': match 3 repeats row 4"),
    (bad(coupon_lines(), 7, cell("match", "14")), "row 7, column 'match': '14' is not a match number 1..13"),
    (bad(coupon_lines(), 7, cell("match", "six")), "row 7, column 'match': 'six' is not a match number"),
    # a label of 5,000 digits: int() alone raised Python's digit-limit ValueError (found by fuzzing)
    (bad(coupon_lines(), 7, cell("match", "7" * 5000)), "row 7, column 'match': '7777"),
    (bad(coupon_lines(), 9, cell("home_team", "")), "row 9, column 'home_team': empty"),
    (bad(coupon_lines(), 3, cell("result", "3")), "row 3, column 'result': '3' is not a result"),
    (coupon_lines()[:13], "has 12 match rows, expected exactly 13"),
]


@pytest.mark.parametrize("lines, message", BAD)
@pytest.mark.parametrize("command", ["value", "check"])
def test_bad_coupon_one_line_exit_2(tmp_path, lines, message, command):
    coupon = write(tmp_path / "coupon.csv", lines)
    tips = write(tmp_path / "tips.csv", ["tip", "1" * 13])
    args = ("value", "--coupon", coupon) if command == "value" else ("check", tips, "--coupon", coupon)
    r = run(*args)
    assert r.exit_code == 2, r.output
    assert r.output.count("\n") == 1 and "Traceback" not in r.output
    assert f"coupon.csv, {message}" in r.output or f"coupon.csv: {message}" in r.output, r.output


def test_library_repeated_and_out_of_range_labels_and_probability_rows(tmp_path):
    lines = coupon_lines()[:13] + [coupon_lines()[13].replace("13,Home 13", "12,Home 13")]
    with pytest.raises(InputError, match="match 12 repeats row 13"):
        read_coupon(write(tmp_path / "a.csv", lines))
    lines = [HEADER] + coupon_lines()[2:]  # 12 rows numbered 2..13: 13 is out of range (1 is missing)
    with pytest.raises(InputError, match="'13' is not a match number 1..12"):
        read_coupon(write(tmp_path / "b.csv", lines))
    p = write(tmp_path / "d.csv", ["match,home_team,away_team,home,draw,away", "1,A,B,0.5,0.3,0.3"])
    with pytest.raises(InputError, match="row 2, column 'home,draw,away': home \\+ draw \\+ away = 1.1"):
        read_coupon(p)


def test_coupon_without_probabilities_or_odds(tmp_path):
    coupon = write(tmp_path / "c.csv", ["match,home_team,away_team"] + [f"{i},A{i},B{i}" for i in range(1, 14)])
    r = run("value", "--coupon", coupon)
    assert r.exit_code == 2 and "has neither the columns home,draw,away nor odds_home" in r.output
    r = run("evaluate", write(tmp_path / "t.csv", ["tip", "1" * 13]), "--coupon", coupon, "--hit-rate", 0.5)
    assert r.exit_code == 0, r.output  # --hit-rate gives the probabilities; the coupon has none to differ


def test_round_coupon_of_the_demo_rounds(tmp_path):
    import pandas as pd
    from importlib.resources import files

    from toto13.backtest import read_rounds
    from toto13.io.coupon import round_coupon

    demo = files("toto13") / "data" / "demo-rounds"
    rounds = read_rounds(demo)
    c = round_coupon(rounds, 59)
    write_coupon(tmp_path / "c.csv", c)
    m = pd.read_csv(demo / "matches.csv", dtype=str)  # the shipped file itself, read by pandas
    m = m[m["round"] == rounds.ids[59]]
    back = read_coupon(tmp_path / "c.csv", matches=13)
    assert list(back.home_teams) == m["home_team"].tolist() and list(back.away_teams) == m["away_team"].tolist()
    np.testing.assert_allclose(back.odds, m[["odds_home", "odds_draw", "odds_away"]].astype(float).to_numpy())
    assert "".join("102"[k] for k in back.result) == "".join(m["result"])
    assert back.crowd is None  # the demo rounds carry no crowd shares


def test_import_writes_one_coupon_per_round(tmp_path, shared_data):
    """Stryktipset 202539 from the TipsXtra details file, read with the csv module as the oracle."""
    import csv

    d = shared_data / "stryktipset-tipsxtra"
    details = d / "stryktipset_detaljer_2025w19-w39.csv"
    r = run("import", "stryktipset", d / "stryktipset_summering.csv", "--details", details,
            "--out", tmp_path / "r", "--coupons", tmp_path / "c")
    assert r.exit_code == 0, r.output
    assert "21 coupons to" in r.output and len(list((tmp_path / "c").iterdir())) == 21
    with open(details, encoding="utf-8") as fh:
        rows = sorted((x for x in csv.DictReader(fh, delimiter=";") if x["omg"] == "202539"
                       and x["produktnamn"] == "Stryktipset"), key=lambda x: int(x["matchnummer"]))
    c = read_coupon(tmp_path / "c" / "202539.csv", matches=13)
    assert list(c.home_teams) == [x["hemmalag"] for x in rows]
    np.testing.assert_allclose(c.odds, [[float(x[f"oddset{k}"]) for k in "1x2"] for x in rows])
    shares = np.array([[float(x[f"svenska_folket{k}"]) for k in "1x2"] for x in rows])
    np.testing.assert_allclose(c.crowd, shares / shares.sum(axis=1, keepdims=True), rtol=1e-9)
    assert "".join("1X2"[k] for k in c.result) == "".join(x["utfall"] for x in rows)
    r = run("value", "--coupon", tmp_path / "c" / "202539.csv", "--rules", "stryktipset", "--top", 1)
    assert r.exit_code == 0 and "1 Tottenham – Wolverhampton" in r.output


def test_import_coupons_needs_details(tmp_path):
    src = tmp_path / "s.csv"
    src.write_text("x\n1\n")
    r = run("import", "stryktipset", src, "--out", tmp_path / "r", "--coupons", tmp_path / "c")
    assert r.exit_code == 2 and "--coupons needs --details" in r.output


def test_the_shipped_demo_coupon_is_what_its_script_makes(tmp_path):
    import subprocess
    import sys
    from importlib.resources import files
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "make_demo_coupon.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True, capture_output=True)
    shipped = files("toto13") / "data" / "demo-coupon"
    for name in ("coupon.csv", "README.txt"):
        assert (tmp_path / name).read_text() == (shipped / name).read_text()
    c = read_coupon(shipped / "coupon.csv", matches=13)
    assert (np.round(c.crowd * 100) == np.round(c.crowd * 100, 9)).all()  # whole percent
    assert c.result is not None and c.odds is not None


def test_plan_takes_a_coupon_or_a_hit_rate_not_both(files):
    r = run("plan", "--coupon", files[0], "--hit-rate", 0.5)
    assert r.exit_code == 2 and "give --hit-rate or --coupon (its probabilities), not both" in r.output


def test_method_needs_the_coupons_odds(tmp_path):
    lines = ["match,home_team,away_team,home,draw,away"] + [f"{i},A,B,0.5,0.3,0.2" for i in range(1, 14)]
    coupon = write(tmp_path / "c.csv", lines)
    r = run("value", "--coupon", coupon, "--method", "shin")
    assert r.exit_code == 2 and "--method applies only to --odds (the --coupon has probabilities only)" in r.output
