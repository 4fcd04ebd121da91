"""``import stryktipset --details``: every quirk of the TipsXtra history, one hand-made fixture each.

The headers are those of the real files (data notes §1-2); the rows are made up here.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from toto13.backtest import import_stryktipset
from toto13.cli import main
from toto13.errors import InputError

SUMMARY_HEADER = (
    "omg;produktnamn;correct_row;turnover;utd13;utd12;utd11;utd10;ant13;ant12;ant11;ant10;count1;countx;"
    "count2;random_results;people_was_right;oddset_was_right;people_was_wrong;oddset_was_wrong;"
    "people_max_sum;oddset_max_sum;people_min_sum;oddset_min_sum;people_sum;oddset_sum;people_diff_sum;"
    "oddset_diff_sum;odds1_ok;odds2_ok;odds3_ok;people1_ok;people2_ok;people3_ok;id")
DETAILS_HEADER = (
    "produktnamn;omgang;omg;matchnummer;hemmalag;bortalag;hemmaresultat;bortaresultat;matchstart;utfall;"
    "matchstatus;experttips;oddset_high;oddset_low;oddset_diff;people_high;people_low;people_diff;"
    "people_rank;oddset_rank;oddset1;oddsetx;oddset2;oddset_procent1;oddset_procentx;oddset_procent2;"
    "svenska_folket_odds1;svenska_folket_oddsx;svenska_folket_odds2;svenska_folket1;svenska_folketx;"
    "svenska_folket2;tio_tidningar1;tio_tidningarx;tio_tidningar2;people_was_right;oddset_was_right;"
    "people_was_wrong;oddset_was_wrong;expert_was_right;svspelinfo_id")
SCORE = {"1": ("2", "0"), "X": ("1", "1"), "2": ("0", "1")}
ROW = "1X21X21X21X21"


def summary_row(omg: str, row: str = ROW, rid: int = 1000, lots: int = 0) -> str:
    counts = [str(row.count(c)) for c in "1X2"]
    return ";".join([omg, "Stryktipset", row, "20000000", "1000000", "20000", "1000", "100", "1", "50",
                     "900", "9000", *counts, str(lots), *["0"] * 18, str(rid)])


def details_round(omg: str, row: str = ROW, rid: int = 1000, **matches: dict[str, str]) -> list[str]:
    """13 details lines of one round; ``m3={"utfall": ""}`` overrides match 3's cells."""
    cols = DETAILS_HEADER.split(";")
    lines = []
    for m, res in enumerate(row, start=1):
        cell = dict.fromkeys(cols, "0")
        h, a = SCORE[res]
        cell.update(produktnamn="Stryktipset", omgang="4000", omg=omg, matchnummer=str(m),
                    hemmalag=f"Home {m}", bortalag=f"Away {m}", hemmaresultat=h, bortaresultat=a,
                    matchstart="2019-01-05 16:00", utfall=res, matchstatus="Avslutad", oddset1="2.10",
                    oddsetx="3.40", oddset2="3.60", svenska_folket1="50", svenska_folketx="30",
                    svenska_folket2="20", svspelinfo_id=str(rid))
        cell.update(matches.get(f"m{m}", {}))
        lines.append(";".join(cell[c] for c in cols))
    return lines


def write(tmp_path: Path, summary: list[str], details: list[str]) -> tuple[Path, Path]:
    s, d = tmp_path / "summary.csv", tmp_path / "details.csv"
    s.write_text("\n".join([SUMMARY_HEADER, *summary]) + "\n", encoding="utf-8")
    d.write_text("\n".join([DETAILS_HEADER, *details]) + "\n", encoding="utf-8")
    return s, d


def one_round(tmp_path: Path, omg: str = "201902", lots: int = 0, **matches: dict[str, str]):
    rep = import_stryktipset(*write(tmp_path, [summary_row(omg, lots=lots)],
                                    details_round(omg, **matches)))
    return rep, rep.rounds


def test_odds_of_0_or_1_are_missing(tmp_path):
    rep, r = one_round(tmp_path, m1={"oddset1": "0.00", "oddsetx": "0.00", "oddset2": "0.00"},
                       m2={"oddset1": "1.00", "oddsetx": "1.00", "oddset2": "1.00"},
                       m3={"oddset1": "", "oddsetx": "", "oddset2": ""},
                       m4={"oddsetx": "0.00"})  # one outcome without odds: the match has none
    assert np.isnan(r.odds[0, :4]).all() and r.odds[0, 4].tolist() == [2.10, 3.40, 3.60]
    assert rep.notes["matches with odds missing (0.00/1.00/empty)"] == 4
    # a round missing some odds is kept, and counts as without odds for the odds strategies
    assert len(r) == 1 and not r.has_odds()[0] and r.has_crowd()[0]
    assert rep.notes["rounds with odds for all matches (usable by the odds strategies)"] == 0


def test_odds_below_1_are_an_error(tmp_path):
    with pytest.raises(InputError) as e:
        one_round(tmp_path, m2={"oddsetx": "0.50"})
    assert e.value.row == 3 and e.value.column == "oddsetx" and "details.csv" in str(e.value)


def test_default_crowd_shares_are_unknown_up_to_2006(tmp_path):
    rep, r = one_round(tmp_path, "200410", m1={"svenska_folket1": "43", "svenska_folketx": "28",
                                                "svenska_folket2": "29"},
                       m2={"svenska_folket1": "34", "svenska_folketx": "33", "svenska_folket2": "33"})
    assert np.isnan(r.crowd[0, :2]).all()
    np.testing.assert_allclose(r.crowd[0, 2], [0.5, 0.3, 0.2])
    assert rep.notes["matches with default crowd shares (unknown)"] == 2
    assert not r.has_crowd()[0] and r.has_odds()[0]


def test_default_looking_crowd_shares_later_are_kept(tmp_path):
    # from 2007 on 43/28/29 is as common as its neighbouring triples: a real share
    rep, r = one_round(tmp_path, "201902", m1={"svenska_folket1": "43", "svenska_folketx": "28",
                                                "svenska_folket2": "29"})
    np.testing.assert_allclose(r.crowd[0, 0], [0.43, 0.28, 0.29])
    assert rep.notes["matches with default crowd shares (unknown)"] == 0
    assert rep.notes["matches with default-looking crowd shares from 2007 (kept as real)"] == 1


def test_empty_crowd_shares_are_unknown(tmp_path):
    rep, r = one_round(tmp_path, m5={"svenska_folket1": "", "svenska_folketx": "", "svenska_folket2": ""},
                       m6={"svenska_folket1": "0", "svenska_folketx": "0", "svenska_folket2": "0"})
    assert np.isnan(r.crowd[0, 4:6]).all()
    assert rep.notes["matches with crowd shares empty or all 0 (unknown)"] == 2


def test_matches_drawn_by_lot_are_kept_and_flagged(tmp_path):
    # match 3 drawn by lot with the placeholder score 0-0 and no odds: result 2 as the pool paid it
    lot = {"matchstatus": "Lottad", "hemmaresultat": "0", "bortaresultat": "0", "oddset1": "0.00",
           "oddsetx": "0.00", "oddset2": "0.00"}
    rep, r = one_round(tmp_path, lots=1, m3=lot)
    assert r.results[0, 2] == 2 and r.teams["by_lot"].tolist() == [0] * 2 + [1] + [0] * 10
    assert rep.notes["matches drawn by lot (matchstatus Lottad, kept and flagged)"] == 1
    assert rep.notes["rounds whose Lottad matches differ from random_results (Lottad flags kept)"] == 0
    # a lot's placeholder score is no "settled after 90 minutes"
    assert rep.notes["results settled after 90 minutes (utfall trusted over the score)"] == 0
    rep, r = one_round(tmp_path, lots=0, m3=lot)  # the summary says no lots: the details' flag is kept
    assert r.teams["by_lot"].sum() == 1
    assert rep.notes["rounds whose Lottad matches differ from random_results (Lottad flags kept)"] == 1


def test_unknown_match_status_is_an_error(tmp_path):
    with pytest.raises(InputError, match="Avslutad or Lottad") as e:
        one_round(tmp_path, m4={"matchstatus": "Inställd"})
    assert e.value.row == 5 and e.value.column == "matchstatus"


def test_blank_result_takes_the_correct_row(tmp_path):
    rep, r = one_round(tmp_path, m2={"utfall": "", "hemmaresultat": "", "bortaresultat": ""})
    assert r.results[0, 1] == 1  # X of correct_row
    assert rep.notes["results blank in details (taken from correct_row)"] == 1
    assert rep.notes["scores blank in details (utfall used)"] == 1
    assert rep.notes["details rounds joined on week and correct row"] == 1


def test_utfall_is_trusted_over_the_score(tmp_path):
    # a cup tie level after 90 minutes and won 4-5 on penalties: the pool paid X
    rep, r = one_round(tmp_path, m2={"hemmaresultat": "4", "bortaresultat": "5"})
    assert r.results[0, 1] == 1
    assert rep.notes["results settled after 90 minutes (utfall trusted over the score)"] == 1


def test_two_rounds_in_one_week_join_on_the_correct_row(tmp_path):
    # the details' svspelinfo_id restarted (5 and 6), the summary's ids are 1096 and 1097
    other = "2X12X12X12X12"
    s, d = write(tmp_path, [summary_row("201152", ROW, 1097), summary_row("201152", other, 1096)],
                 details_round("201152", ROW, 5) + details_round("201152", other, 6,
                                                                  m1={"hemmalag": "Second"}))
    rep = import_stryktipset(s, d)
    r = rep.rounds
    assert r.ids == ("201152", "201152-2")  # the lower TipsXtra id keeps YYYYWW
    assert r.results[0, 0] == 2 and r.results[1, 0] == 0
    first = r.teams[r.teams["round"] == "201152"]
    assert first["home_team"].iloc[0] == "Second"
    assert rep.notes["weeks with two rounds (second id gets -2)"] == 1
    assert rep.notes["details rounds joined on week and correct row"] == 2
    assert rep.notes["of which with a svspelinfo_id other than the summary's id"] == 2


def test_rounds_without_a_partner_are_counted(tmp_path):
    s, d = write(tmp_path, [summary_row("201902", rid=1000), summary_row("201903", rid=1001)],
                 details_round("201902", rid=1000) + details_round("201950", rid=1040))
    rep = import_stryktipset(s, d)
    assert len(rep.rounds) == 2
    assert rep.notes["details rounds joined on week and correct row"] == 1
    assert rep.notes["details rounds with no summary row (left out)"] == 1
    assert rep.notes["summary rounds with no details round (no odds, shares or teams)"] == 1
    j = rep.rounds.ids.index("201903")
    assert np.isnan(rep.rounds.odds[j]).all() and not rep.rounds.has_odds()[j]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_error_line(res) -> str:
    assert res.exit_code == 2, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in res.output
    return lines[0]


def test_results_disagreeing_with_the_summary_are_refused(tmp_path):
    # same week and id as the summary round, but match 4 says X where correct_row says 1
    s, d = write(tmp_path, [summary_row("201902", rid=1000)],
                 details_round("201902", rid=1000, m4={"utfall": "X"}))
    with pytest.raises(InputError, match="match 4 result 'X' disagrees with correct_row") as e:
        import_stryktipset(s, d)
    assert e.value.row == 5 and e.value.column == "utfall"
    out = tmp_path / "out"
    line = one_error_line(run("import", "stryktipset", s, "--details", d, "--out", out))
    assert "details.csv, row 5, column 'utfall'" in line
    assert not out.exists()


def test_missing_details_column_is_refused(tmp_path):
    s, d = write(tmp_path, [summary_row("201902")], details_round("201902"))
    text = d.read_text().replace(";hemmaresultat;", ";home_goals;")
    d.write_text(text)
    out = tmp_path / "out"
    line = one_error_line(run("import", "stryktipset", s, "--details", d, "--out", out))
    assert "details.csv, row 1" in line and "missing column(s) hemmaresultat" in line
    assert not out.exists()


def test_real_history_counts(shared_data, tmp_path):
    """The counts of the report on the whole shared history (data notes §1-2; the numbers were read off
    the files with the csv module: 345 + 46 + 9 matches with all odds 0.00 / empty / 1.00, and one with
    0.00 for the draw only; 564 matches 43/28/29 and 13 34/33/33, 33 of them from 2007 on)."""
    d = shared_data / "stryktipset-tipsxtra"
    rep = import_stryktipset(d / "stryktipset_summering.csv", d / "stryktipset_detaljer.csv")
    n, r = rep.notes, rep.rounds
    assert len(r) == 1361
    assert n["details rounds joined on week and correct row"] == 1235
    assert n["details rounds with no summary row (left out)"] == 0
    assert n["summary rounds with no details round (no odds, shares or teams)"] == 126
    assert n["matches with odds missing (0.00/1.00/empty)"] == 401
    assert n["matches with default crowd shares (unknown)"] == 544
    assert n["matches with default-looking crowd shares from 2007 (kept as real)"] == 33
    assert n["matches with crowd shares empty or all 0 (unknown)"] == 13  # round 200140
    assert n["matches drawn by lot (matchstatus Lottad, kept and flagged)"] == 205
    assert n["rounds whose Lottad matches differ from random_results (Lottad flags kept)"] == 4
    assert n["results blank in details (taken from correct_row)"] == 0
    assert n["scores blank in details (utfall used)"] == 35
    assert n["results settled after 90 minutes (utfall trusted over the score)"] == 24
    assert n["weeks with two rounds (second id gets -2)"] == 5
    assert n["rounds with odds for all matches (usable by the odds strategies)"] == r.has_odds().sum() == 1094
    assert n["rounds with crowd shares for all matches"] == r.has_crowd().sum() == 1088
    assert r.teams["by_lot"].sum() == 205  # rounds without details but with lots: by_lot unknown (NaN)
    j = r.ids.index("201220")  # Bayern v Chelsea, 4-5 on penalties: paid as X
    assert r.results[j, 0] == 1


def test_details_in_parts_are_joined_and_repeats_kept_once(tmp_path):
    # the history is published in parts; a later part may repeat rounds of an earlier one
    s, d = write(tmp_path, [summary_row("201902", rid=1000), summary_row("201903", rid=1001)],
                 details_round("201902", rid=1000))
    part2 = tmp_path / "part2.csv"
    part2.write_text("\n".join([DETAILS_HEADER, *details_round("201902", rid=1000),
                                *details_round("201903", rid=1001, m1={"hemmalag": "Later"})]) + "\n",
                     encoding="utf-8")
    rep = import_stryktipset(s, [d, part2])
    assert rep.notes["details rounds joined on week and correct row"] == 2
    assert rep.notes["details rounds given again, identical (kept once)"] == 1
    assert rep.rounds.has_odds().all()
    assert rep.rounds.teams[rep.rounds.teams["round"] == "201903"]["home_team"].iloc[0] == "Later"
    out = tmp_path / "out"
    res = run("import", "stryktipset", s, "--details", d, "--details", part2, "--out", out)
    assert res.exit_code == 0, res.output
    assert "given again, identical" in res.output


def test_details_parts_that_disagree_on_a_round_are_refused(tmp_path):
    s, d = write(tmp_path, [summary_row("201902", rid=1000)], details_round("201902", rid=1000))
    part2 = tmp_path / "part2.csv"
    part2.write_text("\n".join([DETAILS_HEADER, *details_round(
        "201902", rid=1000, m2={"oddset1": "2.50"})]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="round id 1000 is given again with other contents") as e:
        import_stryktipset(s, [d, part2])
    assert str(e.value.file).endswith("part2.csv")
    line = one_error_line(run("import", "stryktipset", s, "--details", d, "--details", part2,
                              "--out", tmp_path / "out"))
    assert "part2.csv, row 2, column 'svspelinfo_id'" in line
