"""``toto13 estimate`` and ``toto13 score`` through click's CliRunner, including every error path."""
from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from toto13.cli import main
from toto13.estimators import remove_margin
from toto13.io import read_probabilities

ODDS = ("match,date,home_team,away_team,odds_home,odds_draw,odds_away\n"
        "1,2024-05-18,Dortmund,Darmstadt,1.2,7.5,13\n"
        "2,2024-05-18,Union,Freiburg,2.6,3.3,2.9\n"
        "3,2024-05-18,Bremen,Bochum,1.9,3.8,4.0\n")
FD_HEADER = "Div,Date,HomeTeam,AwayTeam,FTHG,FTAG,FTR,B365H,B365D,B365A"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def odds_file(tmp_path):
    p = tmp_path / "odds.csv"
    p.write_text(ODDS)
    return p


def football_data(tmp_path, n_weeks=30, seed=0, name="D1_test.csv"):
    """A synthetic season in football-data.co.uk form: 10 teams, 5 matches a week, odds and results."""
    rng = np.random.default_rng(seed)
    teams = [f"T{i}" for i in range(10)]
    lines = [FD_HEADER]
    for w in range(n_weeks):
        perm = rng.permutation(10)
        day = 1 + (w * 7) % 28
        month = 8 + (w * 7) // 28
        yy = 23 if month <= 12 else 24
        month = (month - 1) % 12 + 1
        for k in range(5):
            h, a = teams[perm[2 * k]], teams[perm[2 * k + 1]]
            hg, ag = rng.poisson(1.6), rng.poisson(1.2)
            ftr = "H" if hg > ag else "D" if hg == ag else "A"
            o = 1 / (rng.dirichlet([4, 2.5, 3]) * 1.05)
            o = np.maximum(o, 1.02)
            lines.append(f"D1,{day:02d}/{month:02d}/{yy},{h},{a},{hg},{ag},{ftr},"
                         f"{o[0]:.2f},{o[1]:.2f},{o[2]:.2f}")
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n")
    return p


@pytest.mark.parametrize("method, param", [("multiplicative", None), ("additive", None), ("power", "k"),
                                           ("shin", "z"), ("odds_ratio", "c")])
def test_estimate_margin_methods_json(odds_file, method, param):
    r = run("estimate", odds_file, "--method", method, "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    expected = remove_margin([[1.2, 7.5, 13], [2.6, 3.3, 2.9], [1.9, 3.8, 4.0]], method)
    got = np.array([[d["home"], d["draw"], d["away"]] for d in rows])
    np.testing.assert_allclose(got, expected.probs, rtol=1e-12)
    np.testing.assert_allclose(got.sum(axis=1), 1.0, atol=1e-12)
    keys = ["match", "home", "draw", "away", "margin"] + ([param] if param else []) + \
        ["date", "home_team", "away_team"]
    assert list(rows[0]) == keys
    assert rows[0]["date"] == "2024-05-18" and rows[0]["home_team"] == "Dortmund"


def test_estimate_plain_odds_file_table_and_probs_out(tmp_path):
    p = tmp_path / "o.csv"
    p.write_text("odds_home,odds_draw,odds_away\n2.0,3.4,3.8\n1.5,4.0,6.0\n")
    out = tmp_path / "probs.csv"
    r = run("estimate", p, "--method", "shin", "--probs-out", out)
    assert r.exit_code == 0, r.output
    header = r.output.splitlines()[0].split()
    assert header == ["match", "home", "draw", "away", "margin", "z"]
    pf = read_probabilities(out)
    np.testing.assert_allclose(pf.values, remove_margin([[2.0, 3.4, 3.8], [1.5, 4.0, 6.0]], "shin").probs,
                               rtol=1e-10)
    assert pf.matches == ("1", "2")
    # refuses to overwrite without --force, and the file is left alone
    before = out.read_text()
    r = run("estimate", p, "--probs-out", out)
    assert r.exit_code == 2 and "exists" in r.output and "--force" in r.output
    assert out.read_text() == before
    r = run("estimate", p, "--probs-out", out, "--force", "--format", "csv")
    assert r.exit_code == 0 and r.output.startswith("match,home,draw,away,margin")


def test_estimate_reports_missing_odds(tmp_path):
    p = tmp_path / "o.csv"
    p.write_text("match,odds_home,odds_draw,odds_away\na,2.0,3.4,3.8\nb,,,\nc,1.5,4.0,6.0\nd,2,,3\n")
    r = CliRunner().invoke(main, ["estimate", str(p), "--format", "csv"])
    assert r.exit_code == 0
    assert "Warning" in r.stderr and "rows 3, 5" in r.stderr and "no odds" in r.stderr
    assert [ln.split(",")[0] for ln in r.stdout.splitlines()[1:]] == ["a", "c"]


def test_estimate_football_data_bookmaker(tmp_path):
    p = football_data(tmp_path, n_weeks=2)
    r = run("estimate", p, "--bookmaker", "B365", "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert len(rows) == 10 and {"date", "home_team", "away_team", "margin"} <= set(rows[0])


def test_estimate_base_rate_and_model(tmp_path):
    hist = football_data(tmp_path, n_weeks=40, seed=1, name="hist.csv")
    p = football_data(tmp_path, n_weeks=3, seed=2, name="target.csv")
    # target season 2023/24 is the same period as the history: shift the history one year back
    text = hist.read_text().replace("/23,", "/21,").replace("/24,", "/22,")
    hist.write_text(text)
    for method in ("base-rate", "model"):
        r = run("estimate", p, "--method", method, "--history", hist, "--format", "json")
        assert r.exit_code == 0, r.output
        rows = json.loads(r.output)
        assert len(rows) == 15
        probs = np.array([[d["home"], d["draw"], d["away"]] for d in rows])
        np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-12)
        assert "margin" not in rows[0]


def test_score_side_by_side(tmp_path):
    p = football_data(tmp_path, n_weeks=40, seed=3)
    r = run("score", p, "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    names = [d["method"] for d in rows]
    assert names == ["uniform", "multiplicative", "additive", "power", "shin", "odds_ratio",
                     "base-rate", "model"]
    assert "recalibrated: left out: recalibrated needs 300 earlier matches" in r.stderr  # one season
    assert len({d["matches"] for d in rows}) == 1
    uni = rows[0]
    # uniform 1/3: Brier 2/3, log loss ln 3, whatever happened
    assert uni["brier"] == pytest.approx(2 / 3) and uni["log_loss"] == pytest.approx(np.log(3))
    r = run("score", p, "--method", "shin", "--method", "power")
    assert r.exit_code == 0 and "shin" in r.output and "model" not in r.output


# ---- every bad input: exit status 2, file / row / column named, no traceback, nothing written ----

BAD_ODDS = [
    ("odds_home,odds_draw,odds_away\n2.0,3.4,3.8\n1.0,3.0,4.0\n", ["row 3", "odds_home", "> 1"]),
    ("odds_home,odds_draw,odds_away\n2.0,abc,3.8\n", ["row 2", "odds_draw", "'abc'"]),
    ("odds_home,odds_draw,odds_away\n2.0,3.4,-3.8\n", ["row 2", "odds_away"]),
    ("odds_home,odds_draw\n2.0,3.4\n", ["row 1", "odds_away"]),
    ("", ["empty"]),
    ("odds_home,odds_draw,odds_away\n", ["no data rows"]),
    ("odds_home,odds_draw,odds_away\n1.01,30,100\n", ["row 2", "additive", "odds_home,odds_draw,odds_away"]),
    (FD_HEADER + "\nD1,18/08/23,A,B,0,4,A,0.99,6.5,1.3\n", ["row 2", "B365H"]),  # (1.00: no odds)
    (FD_HEADER + "\nD1,18/13/23,A,B,0,4,A,2,6.5,1.3\n", ["row 2", "Date"]),
]


@pytest.mark.parametrize("text, needles", BAD_ODDS)
def test_bad_input_files(tmp_path, text, needles):
    p = tmp_path / "bad.csv"
    p.write_text(text)
    out = tmp_path / "out.csv"
    method = "additive" if "additive" in needles else "multiplicative"
    r = run("estimate", p, "--method", method, "--probs-out", out)
    assert r.exit_code == 2, r.output
    assert "bad.csv" in r.output
    for n in needles:
        assert n in r.output
    assert "Traceback" not in r.output and r.exception is None or isinstance(r.exception, SystemExit)
    assert not out.exists()


def test_binary_garbage(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_bytes(bytes(range(256)) * 4)
    out = tmp_path / "out.csv"
    for args in (["estimate", p, "--probs-out", out], ["score", p]):
        r = run(*args)
        assert r.exit_code == 2 and "bad.csv" in r.output and "not a comma-separated text file" in r.output
        assert "Traceback" not in r.output
    assert not out.exists()


def test_missing_file(tmp_path):
    r = run("estimate", tmp_path / "nope.csv")
    assert r.exit_code == 2 and "nope.csv" in r.output and "no such file" in r.output


def test_unknown_method(odds_file, tmp_path):
    out = tmp_path / "out.csv"
    r = run("estimate", odds_file, "--method", "magic", "--probs-out", out)
    assert r.exit_code == 2 and "--method" in r.output and "magic" in r.output
    assert not out.exists()
    r = run("score", odds_file, "--method", "magic")
    assert r.exit_code == 2 and "--method" in r.output


def test_unknown_bookmaker(tmp_path):
    p = football_data(tmp_path, n_weeks=1)
    out = tmp_path / "out.csv"
    r = run("estimate", p, "--bookmaker", "XYZ", "--probs-out", out)
    assert r.exit_code == 2
    assert "D1_test.csv" in r.output and "row 1" in r.output and "column 'XYZH'" in r.output
    assert "offers: B365" in r.output
    assert not out.exists()
    r = run("score", p, "--bookmaker", "XYZ")
    assert r.exit_code == 2 and "XYZ" in r.output


def test_bookmaker_on_odds_csv(odds_file):
    r = run("estimate", odds_file, "--bookmaker", "PSC")
    assert r.exit_code == 2 and "odds.csv" in r.output and "row 1" in r.output and "bookmaker" in r.output


def test_method_needs(tmp_path, odds_file):
    p = tmp_path / "o.csv"
    p.write_text("odds_home,odds_draw,odds_away\n2.0,3.4,3.8\n")
    out = tmp_path / "out.csv"
    r = run("estimate", p, "--method", "model", "--probs-out", out)
    assert r.exit_code == 2 and "o.csv" in r.output and "home_team" in r.output
    r = run("estimate", odds_file, "--method", "base-rate", "--probs-out", out)
    assert r.exit_code == 2 and "odds.csv" in r.output and "--history" in r.output
    r = run("estimate", odds_file, "--method", "model", "--probs-out", out)
    assert r.exit_code == 2 and "--history" in r.output
    assert not out.exists()


def test_score_needs_results(odds_file):
    r = run("score", odds_file)
    assert r.exit_code == 2 and "odds.csv" in r.output and "result" in r.output


def test_history_errors_name_the_history_file(tmp_path, odds_file):
    h = tmp_path / "hist.csv"
    h.write_text(FD_HEADER + "\nD1,18/08/23,A,B,x,4,A,2,3,4\n")
    r = run("estimate", odds_file, "--method", "base-rate", "--history", h)
    assert r.exit_code == 2 and "hist.csv" in r.output and "row 2" in r.output and "FTHG" in r.output


def test_real_season(shared_data):
    f = shared_data / "football-data" / "D1" / "D1_1819.csv"
    r = CliRunner().invoke(main, ["estimate", str(f), "--bookmaker", "PSC", "--format", "csv"])
    assert r.exit_code == 0
    assert "1 match(es) left out" in r.stderr
    assert len(r.stdout.splitlines()) == 1 + 305


def test_history_league_filter(tmp_path):
    hist = football_data(tmp_path, n_weeks=10, seed=1, name="hist.csv")
    hist.write_text(hist.read_text().replace("/23,", "/21,").replace("/24,", "/22,"))
    p = football_data(tmp_path, n_weeks=1, seed=2, name="target.csv")
    r = run("estimate", p, "--method", "base-rate", "--history", hist, "--league", "D1", "--format", "json")
    assert r.exit_code == 0, r.output
    r = run("estimate", p, "--method", "base-rate", "--history", hist, "--league", "E0")
    assert r.exit_code == 2 and "--league 'E0'" in r.output and "D1" in r.output


def test_score_our_odds_csv_with_results(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text("match,odds_home,odds_draw,odds_away,result\n1,2.0,3.4,3.8,1\n2,1.5,4.0,6.0,0\n"
                 "3,3.1,3.3,2.35,2\n4,2.5,3.2,2.9,\n")
    r = CliRunner().invoke(main, ["score", str(p), "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = {d["method"]: d for d in json.loads(r.stdout)}
    assert "model" not in rows and "base-rate" not in rows and "left out" in r.stderr
    # three played matches (the fourth has no result); multiplicative RPS by hand from the odds
    from toto13.estimators import rps
    p3 = remove_margin([[2.0, 3.4, 3.8], [1.5, 4.0, 6.0], [3.1, 3.3, 2.35]], "multiplicative").probs
    assert rows["multiplicative"]["matches"] == 3
    assert rows["multiplicative"]["rps"] == pytest.approx(rps(p3, [0, 1, 2]), rel=1e-12)


def test_score_several_files_names_the_real_file_and_row(tmp_path):
    a = tmp_path / "s1.csv"
    a.write_text("odds_home,odds_draw,odds_away,result\n2.0,3.4,3.9,1\n")
    b = tmp_path / "s2.csv"
    b.write_text("odds_home,odds_draw,odds_away,result\n2.0,3.4,3.9,1\n1.01,30,100,2\n")
    r = CliRunner().invoke(main, ["score", str(a), str(b), "--method", "additive"])
    assert r.exit_code == 2
    assert f"{b}, row 3, column 'odds_home,odds_draw,odds_away'" in r.output
