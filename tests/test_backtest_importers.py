"""Importers: the Stryktipset TipsXtra export and football-data.co.uk pseudo-rounds."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from toto13.backtest import import_football_data, import_stryktipset
from toto13.errors import InputError

COLS = ("omg;produktnamn;correct_row;turnover;utd13;utd12;utd11;utd10;ant13;ant12;ant11;ant10;count1;"
        "countx;count2;random_results;id")


def stryk_file(tmp_path: Path, rows: list[str]) -> Path:
    p = tmp_path / "summary.csv"
    p.write_text("\n".join([COLS, *rows]) + "\n", encoding="utf-8")
    return p


# newest first, as in the export: a doubled week (201152), the placeholder with nobody at 13, a
# placeholder with one winner (kept), turnover 0, a round with 2 matches drawn by lot, a tier paying 0
ROWS = [
    "201152;Stryktipset;1X2XXX111X21X;18945910;10000000;10171;427;94;1;185;3520;33256;5;6;2;0;1097",
    "201152;Stryktipset;XX21XX1121X21;23673674;798774;6052;369;91;14;390;5117;43170;5;5;3;0;1096",
    "201151;Stryktipset;XX11X212X21XX;27904938;10000000;17004;807;177;0;160;2697;25614;5;5;3;2;1095",
    "200848;Stryktipset;1212111211111;0;1113;22;0;0;3225;60280;322406;949014;10;0;3;0;1000",
]


def test_stryktipset_quirks(tmp_path):
    rep = import_stryktipset(stryk_file(tmp_path, ROWS))
    r = rep.rounds
    assert r.ids == ("200848", "201151", "201152", "201152-2")  # oldest first; lower id keeps YYYYWW
    assert str(r.dates[0]) == "2008-11-29"  # Saturday of ISO week 2008-W48
    assert r.dates[2] == r.dates[3]
    assert r.results[2].tolist() == [1, 1, 2, 0, 1, 1, 0, 0, 2, 0, 1, 2, 0]  # XX21XX1121X21, X = code 1
    assert np.isnan(r.turnover[0]) and r.turnover[1] == 27904938
    # 201151: nobody had 13 -> the 10,000,000 placeholder becomes a missing quota, winners 0
    assert np.isnan(r.quotas[1, 0]) and r.winners[1, 0] == 0
    # 201152-2: one 13-winner with 10,000,000 (a capped/jackpot prize): kept as published
    assert r.quotas[3, 0] == 10_000_000 and r.winners[3, 0] == 1
    # 200848: tiers 11 and 10 paid 0 to their winners -> quota 0 (not missing)
    assert r.quotas[0].tolist() == [1113, 22, 0, 0]
    assert rep.notes["weeks with two rounds (second id gets -2)"] == 1
    assert rep.notes["13-tier placeholder 10,000,000 with no 13-winner (quota set missing)"] == 1
    assert rep.notes["turnover 0 (set missing)"] == 1
    assert rep.notes["matches drawn by lot"] == 2 and rep.notes["tiers that paid 0 to their winners"] == 2


@pytest.mark.parametrize("k, field, bad, column", [
    (0, 2, "1X2XXX111X21", "correct_row"),
    (0, 2, "1X2XXX111X21A", "correct_row"),
    (1, 5, "-6052", "utd12"),
    (1, 9, "3.5", "ant12"),
    (1, 0, "2011x2", "omg"),
])
def test_stryktipset_errors(tmp_path, k, field, bad, column):
    rows = list(ROWS)
    cells = rows[k].split(";")
    cells[field] = bad
    rows[k] = ";".join(cells)
    with pytest.raises(InputError) as e:
        import_stryktipset(stryk_file(tmp_path, rows))
    assert e.value.row == k + 2 and e.value.column == column and "summary.csv" in str(e.value)


def test_stryktipset_other_products_left_out(tmp_path):
    # the raw TipsXtra export mixes pools in one file; only the Stryktipset rows become rounds
    euro = "201152;Europatipset;1X2XXX111X21X;5000000;100000;1000;100;20;1;10;100;1000;5;6;2;0;5097"
    rep = import_stryktipset(stryk_file(tmp_path, [euro, *ROWS]))
    assert rep.rounds.ids == ("200848", "201151", "201152", "201152-2")
    assert rep.notes["rows of other products left out (produktnamn)"] == 1
    with pytest.raises(InputError, match="no Stryktipset rows") as e:
        import_stryktipset(stryk_file(tmp_path, [euro]))
    assert e.value.column == "produktnamn" and e.value.row == 2


def test_stryktipset_missing_column(tmp_path):
    p = tmp_path / "summary.csv"
    p.write_text("omg;correct_row\n202539;X2211X12XXXX1\n")
    with pytest.raises(InputError, match="missing column"):
        import_stryktipset(p)


def test_stryktipset_real(shared_data):
    d = shared_data / "stryktipset-tipsxtra"
    rep = import_stryktipset(d / "stryktipset_summering.csv", d / "stryktipset_detaljer_2025w19-w39.csv")
    r = rep.rounds
    # counts from ../shared/data/README.md section 1
    assert len(r) == 1361 and len(set(r.ids)) == 1361
    assert r.ids[0] == "199923" and r.ids[-1] == "202539"
    assert {"201152-2", "201652-2", "202252-2", "202352-2", "202452-2"} <= set(r.ids)
    assert rep.notes["details rounds joined on week and correct row"] == 21 and r.has_odds().sum() == 21
    j = r.ids.index("202539")  # first data line of the summary file
    assert r.quotas[j].tolist() == [4333333, 26149, 1255, 274]
    assert r.winners[j].tolist() == [3, 123, 2049, 19547] and r.turnover[j] == 32989083
    j = r.ids.index("202011")  # all 13 matches drawn by lot (COVID)
    assert r.results[j].tolist() == [0, 2, 0, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0]
    assert np.isnan(r.turnover[: r.ids.index("200849")]).all()
    lots = r.teams[r.teams["round"] == "202538"]["by_lot"]
    assert lots.sum() == 1  # README: 202538 has one match drawn by lot (random_results 1)


FD_HEADER = "Div,Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,FTR,PSCH,PSCD,PSCA,B365H,B365D,B365A"


def fd_files(tmp_path: Path):
    d1 = [FD_HEADER]
    for k in range(9):  # Saturday 2023-08-19: 9 Bundesliga matches, kick-offs 15:30 and one Friday
        day, time = ("18/08/2023", "20:30") if k == 0 else ("19/08/2023", "15:30")
        d1.append(f"D1,{day},{time},H{k},A{k},1,0,H,2.0,3.5,4.0,1.9,3.4,4.1")
    d1.append("D1,23/08/2023,20:30,HM,AM,0,0,D,2.0,3.5,4.0,,,")  # midweek: left out
    d1.append("D1,26/08/2023,15:30,HX,AX,0,1,A,,,,2.1,3.3,3.6")  # a weekend that cannot fill 13
    d2 = [FD_HEADER]
    for k, (day, time) in enumerate([("20/08/2023", "13:30"), ("19/08/2023", "13:00"),
                                     ("18/08/2023", "18:30"), ("20/08/2023", "13:30"),
                                     ("21/08/2023", "20:30")]):
        d2.append(f"D2,{day},{time},h{k},a{k},0,0,D,2.5,3.2,2.9,,,")
    p1, p2 = tmp_path / "D1.csv", tmp_path / "D2.csv"
    p1.write_text("\n".join(d1) + "\n,,,,,,,,,,,,,\n")  # a blank trailing row, as in old files
    p2.write_text("\r\n".join(d2) + "\r\n")
    return p1, p2


def test_football_data_pseudo_rounds(tmp_path):
    rep = import_football_data(list(fd_files(tmp_path)))
    r = rep.rounds
    assert r.ids == ("D1-2023-08-19",) and str(r.dates[0]) == "2023-08-19"
    t = r.teams
    # 9 D1 by kick-off (Friday first), then the first 4 D2 by kick-off
    assert t["home_team"].tolist() == [*(f"H{k}" for k in range(9)), "h2", "h1", "h0", "h3"]
    assert r.results[0].tolist() == [0] * 9 + [1] * 4
    assert r.odds[0, 0].tolist() == [2.0, 3.5, 4.0]  # closing (PSC*) preferred
    assert np.isnan(r.quotas).all() and np.isnan(r.turnover).all()
    assert rep.notes["midweek matches left out"] == 1
    assert rep.notes["weekends that could not fill 13 matches (left out)"] == 1


def test_football_data_errors(tmp_path):
    p1, p2 = fd_files(tmp_path)
    text = p1.read_text().splitlines()
    text[3] = text[3].replace(",H,2.0", ",X,2.0")
    p1.write_text("\n".join(text) + "\n")
    with pytest.raises(InputError) as e:
        import_football_data([p1, p2])
    assert e.value.row == 4 and e.value.column == "FTR"
    p3 = tmp_path / "E0.csv"
    p3.write_text(FD_HEADER + "\nE0,19/08/2023,15:00,a,b,1,0,H,2,3,4,2,3,4\n")
    with pytest.raises(InputError, match="division 'E0'"):
        import_football_data([p3])
    with pytest.raises(ValueError, match="no weekend had 13"):
        import_football_data([p2])


def test_football_data_real(shared_data):
    fd = shared_data / "football-data"
    rep = import_football_data([fd / "D1" / "D1_1718.csv", fd / "D2" / "D2_1718.csv"])
    r = rep.rounds
    assert 20 <= len(r) <= 34 and r.has_odds().all()
    assert r.ids[0] == "D1-2017-08-19"
    # the opening weekend of 2017/18: Bayern Munich v Leverkusen on Friday 18/08/17 comes first
    first = r.teams[r.teams["round"] == r.ids[0]]
    assert first["home_team"].iloc[0] == "Bayern Munich" and first["away_team"].iloc[0] == "Leverkusen"
    assert r.odds[0, 0].tolist() == [1.28, 6.7, 11.3]  # PSCH/PSCD/PSCA of that match in D1_1718.csv
