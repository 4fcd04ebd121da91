"""Readers of football-data.co.uk season files, engsoccerdata results and our odds CSV."""
from __future__ import annotations

import glob

import numpy as np
import pandas as pd
import pytest

from toto13.errors import InputError
from toto13.estimators import base_rates
from toto13.io.footballdata import (bookmakers_in, read_engsoccer, read_football_data,
                                    read_match_file)

HEADER = "Div,Date,HomeTeam,AwayTeam,FTHG,FTAG,FTR,B365H,B365D,B365A,PSCH,PSCD,PSCA"


def write(tmp_path, text, name="f.csv", encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_quirks_bom_crlf_dates_blank_rows_missing_odds(tmp_path):
    text = ("\ufeff" + HEADER + "\r\n"
            "D1,18/08/23,Bremen,Bayern,0,4,A,7.5,6.5,1.3,8.8,6.3,1.31\r\n"
            "D1,19/08/2023,Köln,Gladbach,4,4,D,2.7,3.6,2.45,,,\r\n"
            ",,,,,,,,,,,,\r\n,,,,,,,,,,,,\r\n")
    t = read_football_data(write(tmp_path, text), bookmaker="PSC")
    assert list(t.index) == [2, 3]
    assert t["date"].tolist() == [pd.Timestamp("2023-08-18"), pd.Timestamp("2023-08-19")]
    assert t["result"].tolist() == [2, 1]
    assert t["home_team"].tolist() == ["Bremen", "Köln"]
    assert t.attrs["missing_odds"] == [3]
    assert t.attrs["bookmakers"] == ["B365", "PSC"]
    assert t["season"].tolist() == [2023, 2023]
    np.testing.assert_allclose(t.loc[2, ["odds_home", "odds_draw", "odds_away"]].to_numpy(float),
                               [8.8, 6.3, 1.31])


def test_latin1_and_auto_bookmaker(tmp_path):
    text = HEADER + "\nD1,01/02/03,Köln,1860 München,1,0,H,2.0,3.2,3.5,2.1,3.3,3.6\n"
    t = read_football_data(write(tmp_path, text, encoding="latin-1"))
    assert t["home_team"].iloc[0] == "Köln" and t["away_team"].iloc[0] == "1860 München"
    assert t.attrs["bookmaker"] == "PSC"  # closing Pinnacle preferred
    assert t["date"].iloc[0] == pd.Timestamp("2003-02-01")
    t = read_football_data(write(tmp_path, text, encoding="latin-1"), bookmaker="b365")
    assert t.attrs["bookmaker"] == "B365" and t["odds_home"].iloc[0] == 2.0


@pytest.mark.parametrize("line, column, row", [
    ("D1,18/08/23,A,B,0,4,A,0.99,6.5,1.3,8,6,1.3", "B365H", 2),  # (1.00 is "none": missing)
    ("D1,18/08/23,A,B,0,4,A,abc,6.5,1.3,8,6,1.3", "B365H", 2),
    ("D1,31/02/23,A,B,0,4,A,2,6.5,1.3,8,6,1.3", "Date", 2),
    ("D1,18/08/23,A,B,0,4,Q,2,6.5,1.3,8,6,1.3", "FTR", 2),
    ("D1,18/08/23,A,B,x,4,A,2,6.5,1.3,8,6,1.3", "FTHG", 2),
])
def test_bad_cells_name_row_and_column(tmp_path, line, column, row):
    with pytest.raises(InputError) as exc:
        read_football_data(write(tmp_path, HEADER + "\n" + line + "\n"), bookmaker="B365")
    assert exc.value.row == row and exc.value.column == column
    assert "f.csv" in str(exc.value)


def test_unknown_bookmaker_lists_the_offer(tmp_path):
    p = write(tmp_path, HEADER + "\nD1,18/08/23,A,B,0,4,A,2,6.5,1.3,8,6,1.3\n")
    with pytest.raises(InputError, match=r"row 1.*'XX'.*offers: B365, PSC"):
        read_football_data(p, bookmaker="XX")


def test_bookmakers_in_skips_asian_handicap_and_totals():
    cols = ["B365H", "B365D", "B365A", "B365AHH", "B365AHA", "B365>2.5", "AvgCH", "AvgCD", "AvgCA",
            "HTHG", "HTAG", "HTR"]
    assert bookmakers_in(cols) == ["B365", "AvgC"]


def test_our_odds_csv(tmp_path):
    p = write(tmp_path, "match,date,home_team,away_team,odds_home,odds_draw,odds_away,result\n"
                        "m1,2024-05-18,A,B,2.0,3.4,3.8,1\nm2,2024-05-18,C,D,,,,0\n")
    t = read_match_file(p)
    assert t.attrs["format"] == "odds" and t.attrs["missing_odds"] == [3]
    assert t["match"].tolist() == ["m1", "m2"] and t["result"].tolist() == [0, 1]
    with pytest.raises(InputError, match="bookmaker"):
        read_match_file(p, bookmaker="PSC")


def test_real_files_all_read(shared_data):
    files = sorted(glob.glob(str(shared_data / "football-data" / "*" / "*.csv")))
    assert len(files) == 185
    total = 0
    for f in files[::6]:  # a spread of leagues and seasons; the benchmark notebook reads them all
        t = read_football_data(f)
        assert (t["result"] >= 0).all()
        assert t["date"].notna().all()
        total += len(t)
    assert total > 5000


def test_real_quirky_files(shared_data):
    fd = shared_data / "football-data"
    # 1993/94: no odds, 246 comma-only rows at the end (README section 4)
    t = read_football_data(fd / "D1" / "D1_9394.csv")
    assert len(t) == 306 and t.attrs["bookmaker"] is None
    # 2024/25: byte-order mark, Time column, PSC closing odds
    t = read_football_data(fd / "D1" / "D1_2425.csv")
    assert len(t) == 306 and t.attrs["bookmaker"] == "PSC" and not t.attrs["missing_odds"]
    # PSCH is empty in one D1 match in 18/19; B365H in 2 D1 matches in 02/03 (README section 4)
    assert len(read_football_data(fd / "D1" / "D1_1819.csv", bookmaker="PSC").attrs["missing_odds"]) == 1
    assert len(read_football_data(fd / "D1" / "D1_0203.csv", bookmaker="B365").attrs["missing_odds"]) == 2
    # D2: CRLF line endings
    assert len(read_football_data(fd / "D2" / "D2_0506.csv")) == 306
    # D1 home / draw / away 1993/94-2024/25: 46.1 % / 25.4 % / 28.4 % over 9,792 matches (README §4)
    allres = pd.concat([read_football_data(f, bookmaker=None)
                        for f in sorted(glob.glob(str(fd / "D1" / "*.csv")))])
    r = base_rates(allres)
    assert r.matches == 9792
    np.testing.assert_allclose(r.probs, [0.461, 0.254, 0.284], atol=0.0005)


def test_engsoccer_base_rate_1963_2024(shared_data):
    # README section 6: tier 1, 1963/64-2024/25, 18,874 matches, home / draw / away 50.0 / 25.6 / 24.4 %
    t = read_engsoccer(shared_data / "engsoccerdata" / "germany.csv")
    r = base_rates(t, league="tier1", seasons=(1963, 2024))
    assert r.matches == 18874
    np.testing.assert_allclose(r.probs, [0.500, 0.256, 0.244], atol=0.0005)
    assert read_match_file(shared_data / "engsoccerdata" / "germany.csv").attrs["format"] == "engsoccerdata"


def test_infinite_goals_are_refused(tmp_path):
    p = tmp_path / "f.csv"
    p.write_text("Div,Date,HomeTeam,AwayTeam,FTHG,FTAG,FTR\nD1,01/08/20,A,B,inf,1,H\n")
    with pytest.raises(InputError) as info:
        read_football_data(p)
    assert info.value.row == 2 and info.value.column == "FTHG"
