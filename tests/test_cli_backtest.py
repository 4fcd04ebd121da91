"""``toto13 backtest`` and ``toto13 import``: output, files written atomically, every error path."""
from __future__ import annotations

import json
import shutil
from importlib.resources import files
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from toto13.backtest import read_rounds, write_rounds
from toto13.cli import main

DEMO = Path(str(files("toto13") / "data" / "demo-rounds"))
RECIPE = ["--strategy", "recipe", "--hit-rate", "1/2", "--min-strikes", "10", "--safety", "0.99"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_backtest_table():
    res = run("backtest", DEMO, *RECIPE, "--seed", "1")
    assert res.exit_code == 0, res.output
    assert "ROI 95% bootstrap CI" in res.output and ">= 10" in res.output
    assert "payout sources: real" in res.output


def test_backtest_json_and_csv():
    res = run("backtest", DEMO, *RECIPE, "--seed", "1", "--format", "json")
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)[0]
    assert d["rounds"] == 60 and d["tips"] == 60 * 97
    assert d["roi_ci_low"] <= d["roi"] <= d["roi_ci_high"]
    assert d["reach_10_promised"] >= 0.99
    assert set(d["per_tier"]) == {"10", "11", "12", "13"}   # no expected return: the figures empty
    assert d["per_tier"]["13"] == {"expected_per_stake": None, "realised_per_stake": None,
                                   "expected_hits": None, "achieved_hits": 0, "z": None,
                                   "paying_rounds": 0}
    res2 = run("backtest", DEMO, *RECIPE, "--seed", "1", "--format", "csv")
    assert res2.exit_code == 0
    row = pd.read_csv(pd.io.common.StringIO(res2.output)).iloc[0]
    assert row["profit"] == pytest.approx(d["profit"])  # same seed, same run
    assert "tier_10_expected_per_stake" in row and "per_tier" not in row


@pytest.fixture
def small(tmp_path):
    """The first 6 demo rounds (odds-based generators enumerate 3^13 results a round: keep it short)."""
    d = tmp_path / "small"
    d.mkdir()
    write_rounds(d, read_rounds(DEMO).subset(slice(0, 6)))
    return d


def test_ledger_and_plot(tmp_path, small):
    led, png = tmp_path / "ledger.csv", tmp_path / "bank.png"
    res = run("backtest", small, "--strategy", "weighted", "--count", "50", "--no-promise", "--seed", 3,
              "--ledger", led, "--plot", png)
    assert res.exit_code == 0, res.output
    df = pd.read_csv(led)
    assert list(df.columns) == ["round", "tips", "cost", "won_10", "won_11", "won_12", "won_13",
                                "winnings", "profit", "bankroll", "payout_source", "expected_return",
                                "expected_10", "expected_11", "expected_12", "expected_13"]
    assert len(df) == 6 and png.read_bytes()[:4] == b"\x89PNG"
    res = run("backtest", small, "--strategy", "weighted", "--count", "50", "--ledger", led)
    assert res.exit_code == 2 and "exists already" in res.output
    res = run("backtest", small, "--strategy", "weighted", "--count", "5", "--no-promise", "--ledger", led,
              "--force", "--quiet")
    assert res.exit_code == 0 and pd.read_csv(led)["tips"].iloc[0] == 5


def test_fixed_with_tips_and_config(tmp_path):
    tips = tmp_path / "tips.csv"
    tips.write_text("tip\n1111111111111\n1021100211020\n")
    cfg = tmp_path / "cfg.json"
    cfg.write_text(json.dumps({"strategy": "fixed", "tips": str(tips)}))
    led = tmp_path / "l.csv"
    res = run("backtest", DEMO, "--config", cfg, "--rules", "stryktipset", "--ledger", led)
    assert res.exit_code == 0, res.output
    assert (pd.read_csv(led)["cost"] == 2.0).all()  # 2 rows x 1 SEK, no fee (Stryktipset)


def _bad_rounds(tmp_path: Path, which: str) -> Path:
    d = tmp_path / "rounds"
    shutil.copytree(DEMO, d)
    m = (d / "matches.csv").read_text().splitlines()
    p = (d / "payouts.csv").read_text().splitlines()
    if which == "missing_column":
        m = [",".join(x.split(",")[:5] + x.split(",")[6:]) for x in m]
    elif which == "match_count":
        del m[5]
    elif which == "symbol":
        cells = m[3].split(",")
        cells[5] = "X"
        m[3] = ",".join(cells)
    elif which == "negative_quota":
        cells = p[4].split(",")
        cells[2] = "-4.5"
        p[4] = ",".join(cells)
    (d / "matches.csv").write_text("\n".join(m) + "\n")
    (d / "payouts.csv").write_text("\n".join(p) + "\n")
    return d


@pytest.mark.parametrize("which, message", [
    ("missing_column", "matches.csv, row 1: missing column(s) result"),
    ("match_count", "matches.csv, row 13, column 'round': round 'demo-001' has 12 match rows, expected "
                    "exactly 13"),
    ("symbol", "matches.csv, row 4, column 'result': 'X' is not a result; expected 1 (home), 0 (draw) "
               "or 2 (away)"),
    ("negative_quota", "payouts.csv, row 5, column 'quota': '-4.5' is not a number >= 0"),
])
def test_bad_rounds(tmp_path, which, message):
    d = _bad_rounds(tmp_path, which)
    led, png = tmp_path / "ledger.csv", tmp_path / "b.png"
    res = run("backtest", d, *RECIPE, "--ledger", led, "--plot", png)
    assert res.exit_code == 2
    assert message in res.output and "Traceback" not in res.output
    assert res.output.startswith("Error: ") and len(res.output.strip().splitlines()) == 1
    assert not led.exists() and not png.exists()


@pytest.mark.parametrize("args, message", [
    (["--strategy", "fixed"], "--strategy 'fixed' needs --tips"),
    (["--strategy", "recipe", "--hit-rate", "1/2"], "needs --hit-rate and either --count"),
    (["--strategy", "recipe", "--hit-rate", "2", "--count", "5"], "--hit-rate (2.0) must be in (0, 1)"),
    (["--strategy", "recipe", "--hit-rate", "1/2", "--count", "0"],
     "--count ('0') must be at least 1"),
    (["--strategy", "weighted", "--count", "5", "--turnover", "-3"], "--turnover ('-3') must be a number > 0"),
    (["--strategy", "weighted", "--count", "5", "--turnover", "0"], "--turnover ('0') must be a number > 0"),
    (["--strategy", "weighted", "--count", "5", "--sharpness", "0"], "--sharpness ('0') must be a number > 0"),
    (["--strategy", "weighted", "--count", "5", "--plot", "x.pdf"], "must end in .png"),
    ([], "give --strategy"),
])
def test_bad_options(tmp_path, args, message):
    res = run("backtest", DEMO, *args)
    assert res.exit_code == 2 and message in res.output and "Traceback" not in res.output


def test_bad_tips_file(tmp_path):
    tips = tmp_path / "tips.csv"
    tips.write_text("tip\n111111111111X\n")
    led = tmp_path / "l.csv"
    res = run("backtest", DEMO, "--strategy", "fixed", "--tips", tips, "--ledger", led)
    assert res.exit_code == 2 and "tips.csv, row 2, column 'tip'" in res.output and not led.exists()


def test_bad_config(tmp_path):
    cfg = tmp_path / "c.json"
    cfg.write_text('{"strategy": "recipe", "speed": 3}')
    res = run("backtest", DEMO, "--config", cfg)
    assert res.exit_code == 2 and "unknown key(s) speed" in res.output
    cfg.write_text('{"strategy": \n "recipe",,}')
    res = run("backtest", DEMO, "--config", cfg)
    assert res.exit_code == 2 and "row 2: not valid JSON" in res.output


def test_missing_rounds_dir(tmp_path):
    res = run("backtest", tmp_path / "nope", *RECIPE)
    assert res.exit_code == 2 and "no such directory" in res.output


SUMMARY = ("omg;produktnamn;correct_row;turnover;utd13;utd12;utd11;utd10;ant13;ant12;ant11;ant10;"
           "random_results;id\n"
           "202539;Stryktipset;X2211X12XXXX1;32989083;4333333;26149;1255;274;3;123;2049;19547;0;11930\n"
           "202538;Stryktipset;11X22XX212222;25535155;10000000;59278;3286;735;0;42;606;5645;1;11899\n")


def test_import_stryktipset(tmp_path):
    src = tmp_path / "s.csv"
    src.write_text(SUMMARY)
    out = tmp_path / "rounds"
    res = run("import", "stryktipset", src, "--out", out)
    assert res.exit_code == 0, res.output
    assert "wrote 2 rounds" in res.output and "13-tier placeholder" in res.output
    p = pd.read_csv(out / "payouts.csv", dtype=str, keep_default_na=False)
    assert p[(p["round"] == "202538") & (p["tier"] == "13")]["quota"].item() == ""  # missing
    res = run("backtest", out, "--rules", "stryktipset", *RECIPE, "--seed", 0)
    assert res.exit_code == 0, res.output
    res = run("import", "stryktipset", src, "--out", out)
    assert res.exit_code == 2 and "exists already" in res.output
    assert run("import", "stryktipset", src, "--out", out, "--force").exit_code == 0


def test_import_stryktipset_bad(tmp_path):
    src = tmp_path / "s.csv"
    src.write_text(SUMMARY.replace("X2211X12XXXX1", "X2211X12XXXX").replace(";1255;", ";-1255;"))
    out = tmp_path / "rounds"
    res = run("import", "stryktipset", src, "--out", out)
    assert res.exit_code == 2
    assert "s.csv, row 2, column 'correct_row'" in res.output and "Traceback" not in res.output
    assert not out.exists() and sorted(x.name for x in tmp_path.iterdir()) == ["s.csv"]
    src.write_text(SUMMARY.replace(";1255;", ";-1255;"))
    res = run("import", "stryktipset", src, "--out", out)
    assert res.exit_code == 2 and "row 2, column 'utd11'" in res.output and not out.exists()
    res = run("import", "stryktipset", tmp_path / "none.csv", "--out", out)
    assert res.exit_code == 2 and "no such file" in res.output


def test_import_football_data(tmp_path):
    header = "Div,Date,HomeTeam,AwayTeam,FTHG,FTAG,FTR,B365H,B365D,B365A"
    d1 = [header] + [f"D1,19/08/17,H{k},A{k},1,0,H,2.0,3.5,4.0" for k in range(9)]
    d2 = [header] + [f"D2,20/08/17,h{k},a{k},1,1,D,2.5,3.2,2.9" for k in range(4)]
    (tmp_path / "D1.csv").write_text("\n".join(d1) + "\n")
    (tmp_path / "D2.csv").write_text("\n".join(d2) + "\n")
    out = tmp_path / "fd"
    res = run("import", "football-data", tmp_path / "D1.csv", tmp_path / "D2.csv", "--out", out)
    assert res.exit_code == 0, res.output and "pseudo-rounds" in res.output
    res = run("backtest", out, "--strategy", "weighted", "--count", "20", "--payouts", "model",
              "--turnover", "500000", "--format", "json", "--seed", 1)
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)[0]["payout_sources"] == {"model": 1}
    (tmp_path / "D2.csv").write_text("\n".join(d2[:2] + ["D2,20/08/17,hx,ax,1,1,Q,2.5,3.2,2.9"]) + "\n")
    out2 = tmp_path / "fd2"
    res = run("import", "football-data", tmp_path / "D1.csv", tmp_path / "D2.csv", "--out", out2)
    assert res.exit_code == 2 and "D2.csv, row 3, column 'FTR'" in res.output and not out2.exists()


def test_ledger_and_plot_must_differ(tmp_path, small):
    same = tmp_path / "a.png"
    res = run("backtest", small, "--strategy", "weighted", "--count", "5", "--no-promise", "--seed", 3,
              "--ledger", same, "--plot", same)
    assert res.exit_code == 2 and "--ledger and --plot" in res.output and "must be different files" in res.output
    assert not same.exists()


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe{}", "not a UTF-8 text file"),
    (b'{"strategy": "bogus"}', "strategy ('bogus') must be one of fixed, recipe"),
])
def test_bad_config_files(tmp_path, small, content, message):
    cfg = tmp_path / "c.json"
    cfg.write_bytes(content)
    res = run("backtest", small, "--config", cfg)
    assert res.exit_code == 2 and str(cfg) in res.output and message in res.output
