"""football-data pseudo-rounds from any leagues (--priority, --midweek), the import report, the bad
cells the import refuses, and the calibration figures of a backtest (Wilson interval, z-score)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from scipy.stats import binomtest

from toto13.backtest import import_football_data, read_rounds
from toto13.backtest.config import strategy_from_mapping
from toto13.backtest.importers import parse_priority
from toto13.backtest.metrics import calibration, reliability_bins, wilson_interval
from toto13.cli import main
from toto13.errors import InputError

HEADER = "Div,Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,FTR,PSCH,PSCD,PSCA,B365H,B365D,B365A"
OLD_HEADER = "Div,Date,HomeTeam,AwayTeam,FTHG,FTAG,FTR,IWH,IWD,IWA,WHH,WHD,WHA"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def league(tmp_path: Path, div: str, rows: list[tuple[str, str]], *, closing: bool = True,
           name: str | None = None) -> Path:
    """A season file of ``div`` with one match per (date, time); PSC odds or only B365."""
    lines = [HEADER]
    for k, (day, time) in enumerate(rows):
        odds = "2.0,3.5,4.0,2.1,3.4,3.9" if closing else ",,,2.1,3.4,3.9"
        lines.append(f"{div},{day},{time},{div}h{k},{div}a{k},1,0,H,{odds}")
    p = tmp_path / (name or f"{div}.csv")
    p.write_text("\n".join(lines) + "\n")
    return p


def test_priority_then_kickoff_and_weekends_never_mixed(tmp_path):
    # weekend of Saturday 2023-08-19: 8 SP1 (Friday 21:00 first), 6 E0 (Saturday, Sunday 14:00 before
    # 16:30), 3 D1; E0 comes first by priority, then SP1 by kick-off: 6 + 7 = 13, D1 left over.
    e0 = league(tmp_path, "E0", [("20/08/2023", "16:30"), ("19/08/2023", "12:30"), ("20/08/2023", "14:00"),
                                 ("19/08/2023", "15:00"), ("19/08/2023", "15:00"), ("21/08/2023", "20:00"),
                                 # the next weekend: 13 E0 matches of their own
                                 *[("26/08/2023", "15:00")] * 13])
    sp1 = league(tmp_path, "SP1", [("19/08/2023", "18:00")] * 7 + [("18/08/2023", "21:00")])
    d1 = league(tmp_path, "D1", [("19/08/2023", "15:30")] * 3, closing=False)
    rep = import_football_data([d1, sp1, e0], priority="E0,SP1,D1")
    r = rep.rounds
    assert r.ids == ("E0-2023-08-19", "E0-2023-08-26")
    first = r.teams[r.teams["round"] == r.ids[0]]["home_team"].tolist()
    assert first == ["E0h1", "E0h3", "E0h4", "E0h2", "E0h0", "E0h5",  # E0 by kick-off (Monday last)
                     "SP1h7", *(f"SP1h{k}" for k in range(6))]  # SP1: Friday first, then file order
    second = r.teams[r.teams["round"] == r.ids[1]]["home_team"].tolist()
    assert second == [f"E0h{k}" for k in range(6, 19)]  # nothing from the weekend before
    assert rep.notes["rounds of E0 + SP1"] == 1 and rep.notes["rounds of E0"] == 1
    assert rep.notes["rounds with closing odds for all matches"] == 2
    assert rep.notes["rounds with pre-match rather than closing odds (some or all matches)"] == 0


def test_rounds_that_cannot_fill_13_are_left_out_and_midweek(tmp_path):
    e0 = league(tmp_path, "E0", [("19/08/2023", "15:00")] * 12  # 12 only: left out
                + [("23/08/2023", "19:45")] * 10 + [("22/08/2023", "19:45")] * 3  # Tue+Wed: 13
                + [("24/08/2023", "20:00")] * 2 + [("02/09/2023", "15:00")] * 13, closing=False)
    rep = import_football_data([e0], priority=["E0"])
    assert rep.rounds.ids == ("E0-2023-09-02",)
    assert rep.notes["weekends that could not fill 13 matches (left out)"] == 1
    assert rep.notes["midweek matches left out"] == 15
    rep = import_football_data([e0], priority=["E0"], midweek=True)
    assert rep.rounds.ids == ("E0-2023-08-23", "E0-2023-09-02")
    mid = rep.rounds.teams[rep.rounds.teams["round"] == "E0-2023-08-23"]["home_team"].tolist()
    assert mid[:3] == ["E0h22", "E0h23", "E0h24"]  # Tuesday's kick-offs first
    assert "E0h25" not in mid[3:] or mid.index("E0h25") > 2
    assert rep.notes["midweek rounds"] == 1
    assert rep.notes["rounds with pre-match rather than closing odds (some or all matches)"] == 2
    assert rep.notes["matches in rounds with B365 odds"] == 26


def test_old_files_single_bookmakers_reported(tmp_path):
    rows = [OLD_HEADER] + [f"I1,19/08/00,h{k},a{k},1,0,H,2.0,3.2,3.4,2.1,3.1,3.3" for k in range(12)]
    rows.append("I1,20/08/00,hx,ax,0,0,D,,,,2.2,3.0,3.2")  # no Interwetten odds: William Hill serves
    p = tmp_path / "I1_0001.csv"
    p.write_text("\n".join(rows) + "\n")
    rep = import_football_data([p], priority="I1")
    assert rep.rounds.odds[0, 12].tolist() == [2.2, 3.0, 3.2]
    assert rep.notes["I1_0001.csv: no closing or average columns; odds from IW/WH"] == 13
    assert rep.notes["matches in rounds with IW odds"] == 12


@pytest.mark.parametrize("cell", ["0.99", "nan", "inf", "1,95", "abc"])  # (1.00 is "none": missing)
def test_bad_odds_cell_names_file_row_column(tmp_path, cell):
    p = league(tmp_path, "E0", [("19/08/2023", "15:00")] * 13)
    lines = p.read_text().splitlines()
    lines[5] = lines[5].replace("2.0,3.5,4.0", f"2.0,\"{cell}\",4.0")
    p.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as e:
        import_football_data([p], priority="E0")
    assert e.value.row == 6 and e.value.column == "PSCD" and str(p) in str(e.value)


def test_empty_team_duplicates_and_twice_given(tmp_path):
    p = league(tmp_path, "E0", [("19/08/2023", "15:00")] * 13)
    with pytest.raises(ValueError, match="given twice"):
        import_football_data([p, tmp_path / "." / "E0.csv"], priority="E0")
    copy = tmp_path / "E0-copy.csv"
    shutil.copy(p, copy)
    with pytest.raises(InputError, match=r"E0h0 v E0a0 on 2023-08-19 is already in .*E0.csv row 2") as e:
        import_football_data([p, copy], priority="E0")
    assert e.value.row == 2 and "E0-copy.csv" in str(e.value)
    lines = p.read_text().splitlines()
    lines[3] = lines[3].replace("E0h2", "")
    p.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as e:
        import_football_data([p], priority="E0")
    assert e.value.row == 4 and e.value.column == "HomeTeam"


def test_division_not_in_priority_and_priority_not_in_files(tmp_path):
    e0 = league(tmp_path, "E0", [("19/08/2023", "15:00")] * 13)
    sp1 = league(tmp_path, "SP1", [("19/08/2023", "15:00")])
    with pytest.raises(InputError, match="division 'SP1' is not in the priority list") as e:
        import_football_data([e0, sp1], priority="E0")
    assert e.value.row == 2 and e.value.column == "Div"
    with pytest.raises(ValueError, match="names D1, but no file has matches of it"):
        import_football_data([e0], priority="E0,D1")


@pytest.mark.parametrize("value, message", [
    ("", "--priority ('') is empty"),
    ("E0,,D1", "'' is not a division code"),
    ("E0,SP1,E0", "names E0 more than once"),
    ("E0,XX", "names XX, but no file has matches of it"),
    ("E0;SP1", "'E0;SP1' is not a division code"),
])
def test_cli_bad_priority_exits_2(tmp_path, value, message):
    e0 = league(tmp_path, "E0", [("19/08/2023", "15:00")] * 13)
    out = tmp_path / "out"
    res = run("import", "football-data", e0, "--priority", value, "--out", out)
    assert res.exit_code == 2 and message in res.output and "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1 and not out.exists()


def test_parse_priority():
    assert parse_priority(["E0", " SP1 "]) == ("E0", "SP1")
    with pytest.raises(ValueError, match="priority"):
        parse_priority([])


def test_cli_import_priority_midweek_report(tmp_path):
    e0 = league(tmp_path, "E0", [("19/08/2023", "15:00")] * 13 + [("23/08/2023", "19:45")] * 13)
    out = tmp_path / "out"
    res = run("import", "football-data", e0, "--priority", "E0", "--midweek", "--out", out,
              "--format", "json")
    assert res.exit_code == 0, res.output
    notes = {d["item"]: d["count"] for d in json.loads(res.output)}
    assert notes["pseudo-rounds"] == 2 and notes["midweek rounds"] == 1 and notes["rounds of E0"] == 2
    assert read_rounds(out).ids == ("E0-2023-08-19", "E0-2023-08-23")


# --- calibration ----------------------------------------------------------------------------------

@pytest.mark.parametrize("k, n", [(0, 1), (0, 10), (3, 10), (29, 100), (100, 100), (707, 1042),
                                  (1, 2000)])
def test_wilson_matches_scipy(k, n):
    ref = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert wilson_interval(k, n) == pytest.approx((ref.low, ref.high), abs=1e-12)
    ref90 = binomtest(k, n).proportion_ci(confidence_level=0.9, method="wilson")
    assert wilson_interval(k, n, 0.9) == pytest.approx((ref90.low, ref90.high), abs=1e-12)


def test_wilson_bad_input():
    with pytest.raises(ValueError, match="successes"):
        wilson_interval(5, 4)
    with pytest.raises(ValueError, match="level"):
        wilson_interval(1, 4, 1.5)


def test_calibration_z_is_calibrated_under_exact_promises():
    # seeded Monte Carlo: rounds reach the tier with exactly the promised probability; z ~ N(0, 1)
    rng = np.random.default_rng(7)
    zs, inside = [], 0
    for _ in range(400):
        p = rng.uniform(0.05, 0.95, size=300)
        best = np.where(rng.random(300) < p, 10, 9)
        c = calibration(best, p[:, None], (10,))[0]
        zs.append(c.z)
        inside += c.ci[0] <= c.promised <= c.ci[1]
        assert c.se == pytest.approx(np.sqrt((p * (1 - p)).sum()) / 300)
    assert abs(np.mean(zs)) < 0.15 and 0.85 < np.std(zs) < 1.15
    # the Wilson interval treats the rounds as one binomial: with unequal promises it is conservative
    assert inside / 400 >= 0.93


def test_calibration_leaves_out_rounds_without_promise():
    c = calibration([10, 10, 9, 12], [[0.5, 0.1], [np.nan, np.nan], [0.5, 0.1], [0.9, 0.3]], (10, 11))
    assert (c[0].rounds, c[0].reached, c[0].achieved) == (3, 2, 2 / 3)
    assert c[1].promised == pytest.approx(0.5 / 3) and c[1].reached == 1
    assert c[0].within(pp=0.5) and not c[1].within(pp=0.0, k=0.0)


def test_reliability_bins_equal_counts():
    p = np.linspace(0.01, 0.99, 100)
    best = np.where(np.arange(100) % 2 == 0, 11, 9)
    t = reliability_bins(best, p, 10, bins=4)
    assert t["rounds"].tolist() == [25] * 4 and t["promised"].is_monotonic_increasing
    assert ((t["ci_low"] <= t["achieved"]) & (t["achieved"] <= t["ci_high"])).all()


def test_from_mapping_options_win_over_config(tmp_path):
    s = strategy_from_mapping({"count": "7"}, {"strategy": "weighted", "count": 5})
    assert s.plan.count == 7 and s.kind.value == "weighted"
    with pytest.raises(ValueError, match="cfg.json: hit_rate \\('x'\\)"):
        strategy_from_mapping({}, {"strategy": "recipe", "hit_rate": "x"}, source="cfg.json")
    with pytest.raises(ValueError, match="--count \\('0'\\) must be at least 1"):
        strategy_from_mapping({"strategy": "weighted", "count": "0"}, names={"count": "--count"})


def test_cli_calibration_diagram_and_table(tmp_path):
    e0 = league(tmp_path, "E0", [(f"{d:02d}/09/2023", "15:00") for d in (2, 9, 16, 23, 30)
                                 for _ in range(13)])
    out = tmp_path / "rounds"
    assert run("import", "football-data", e0, "--priority", "E0", "--out", out).exit_code == 0
    png = tmp_path / "rel.png"
    res = run("backtest", out, "--strategy", "weighted", "--count", "30", "--payouts", "average",
              "--seed", 1, "--calibration", png)
    assert res.exit_code == 0, res.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert re.search(r"95% Wilson +z\n", res.output)
    res = run("backtest", out, "--strategy", "weighted", "--count", "30", "--payouts", "average",
              "--format", "json", "--seed", 1)
    d = json.loads(res.output)[0]
    assert d["reach_10_ci_low"] <= d["reach_10_achieved"] <= d["reach_10_ci_high"]
    res = run("backtest", out, "--strategy", "weighted", "--count", "30", "--payouts", "average",
              "--calibration", tmp_path / "rel.pdf")
    assert res.exit_code == 2 and "--calibration" in res.output and "must end in .png" in res.output
    res = run("backtest", out, "--strategy", "weighted", "--count", "30", "--payouts", "average",
              "--no-promise", "--calibration", tmp_path / "none.png")
    assert res.exit_code == 2 and "promised nothing" in res.output and not (tmp_path / "none.png").exists()
