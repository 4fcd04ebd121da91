"""Tip files, vouchers and upload files; read_tips errors name file, row and column."""
from __future__ import annotations

import numpy as np
import pytest

from toto13 import STRYKTIPSET, TOTO13, InputError
from toto13.io.tips import read_tips
from toto13.tickets import random_tips, tips_to_strings
from toto13.tickets.export import (export_tips, upload_paths, voucher_layout, write_tips,
                                   write_upload_files)


def test_write_read_round_trip(tmp_path):
    tips = random_tips(30, rng=4)
    f = write_tips(tmp_path / "t.csv", tips)
    np.testing.assert_array_equal(read_tips(f), tips)
    assert f.read_text().splitlines()[0] == "tip"
    with pytest.raises(ValueError, match="exists already"):
        write_tips(f, tips)
    write_tips(f, tips[:3], force=True)
    assert len(read_tips(f)) == 3
    assert not list(tmp_path.glob(".*.tmp"))


def test_voucher_file_reads_back(tmp_path):
    tips = random_tips(25, rng=1)
    f = write_tips(tmp_path / "v.csv", tips, vouchers=True)
    lines = f.read_text().splitlines()
    assert lines[0] == "voucher,field,tip"
    assert lines[13].startswith("2,1,")  # tip 13 opens voucher 2 (12 fields a voucher)
    np.testing.assert_array_equal(read_tips(f), tips)


def test_voucher_layout_uses_the_rules():
    df = voucher_layout(random_tips(25, rng=2), TOTO13)
    assert df["voucher"].max() == 3 == TOTO13.vouchers(25)
    assert df["field"].max() == 12
    assert df.groupby("voucher").size().tolist() == [12, 12, 1]
    df5 = voucher_layout(random_tips(11, rng=2), TOTO13.replace(voucher_size=5))
    assert df5["voucher"].tolist() == [1] * 5 + [2] * 5 + [3]


def test_upload_files_split_at_the_limit(tmp_path):
    tips = random_tips(2600, rng=3)
    paths = write_upload_files(tmp_path / "up", "round", tips, TOTO13)
    assert [p.name for p in paths] == ["round-001.csv", "round-002.csv", "round-003.csv"]
    parts = [read_tips(p) for p in paths]
    assert [len(p) for p in parts] == [1250, 1250, 100]
    np.testing.assert_array_equal(np.vstack(parts), tips)
    with pytest.raises(ValueError, match="exists already"):
        write_upload_files(tmp_path / "up", "round", tips, TOTO13)
    one = write_upload_files(tmp_path / "sv", "r", tips, STRYKTIPSET)  # no upload limit
    assert len(one) == 1 and len(read_tips(one[0])) == 2600


def test_upload_files_write_nothing_when_one_exists(tmp_path):
    (tmp_path / "r-002.csv").write_text("tip\n")
    tips = random_tips(30, rng=3)
    with pytest.raises(ValueError, match="r-002.csv exists"):
        write_upload_files(tmp_path, "r", tips, TOTO13.replace(max_upload_tips=10))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r-002.csv"]
    with pytest.raises(ValueError, match="name"):
        write_upload_files(tmp_path, "a/b", tips, TOTO13)


@pytest.mark.parametrize("body, row, pattern", [
    ("tip\n1021100211020\n102110021102\n", 3, "has 12 symbols; expected 13"),
    ("tip\n1021100211020\n10211002110X0\n", 3, "holds 'X'"),
    ("tip\n1021100211020\n\n1021100211020 3\n", 4, "has 15 symbols"),
])
def test_read_tips_errors_name_file_row_column(tmp_path, body, row, pattern):
    f = tmp_path / "bad.csv"
    f.write_text(body)
    with pytest.raises(InputError, match=pattern) as exc:
        read_tips(f)
    assert exc.value.row == row and exc.value.column == "tip" and exc.value.file == str(f)
    assert f"bad.csv, row {row}, column 'tip'" in str(exc.value)


def test_read_tips_missing_column_duplicates_and_matches(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("tips\n1021100211020\n")
    with pytest.raises(InputError, match="missing column"):
        read_tips(f)
    f.write_text("tip\n1021100211020\n2222222222222\n1021100211020\n")
    assert len(read_tips(f)) == 3  # repeats allowed by default
    with pytest.raises(InputError, match="repeats the tip in row 2") as exc:
        read_tips(f, unique=True)
    assert exc.value.row == 4
    f.write_text("tip\n102\n222\n")
    assert tips_to_strings(read_tips(f, matches=3)) == ["102", "222"]


def test_export_tips_is_all_or_nothing(tmp_path):
    rules = TOTO13.replace(max_upload_tips=2)
    tips = [[0] * 13, [1] * 13, [2] * 13]
    assert [p.name for p in upload_paths(tmp_path / "up", "t", 3, rules)] == ["t-001.csv", "t-002.csv"]
    (tmp_path / "up").mkdir()
    (tmp_path / "up" / "t-002.csv").write_text("tip\n")
    with pytest.raises(ValueError, match="t-002.csv exists already"):
        export_tips(tmp_path / "t.csv", tips, rules, upload_dir=tmp_path / "up")
    assert not (tmp_path / "t.csv").exists() and not (tmp_path / "up" / "t-001.csv").exists()
    files = export_tips(tmp_path / "t.csv", tips, rules, upload_dir=tmp_path / "up", force=True,
                        vouchers=True)
    assert len(files) == 3
    assert (tmp_path / "t.csv").read_text().splitlines()[0] == "voucher,field,tip"


def test_force_removes_stale_upload_files(tmp_path):
    rules = TOTO13.replace(max_upload_tips=2)
    big = [[0] * 13, [1] * 13, [2] * 13, [0] * 12 + [1], [0] * 12 + [2]]
    export_tips(tmp_path / "t.csv", big, rules, upload_dir=tmp_path / "up")
    assert sorted(p.name for p in (tmp_path / "up").iterdir()) == ["t-001.csv", "t-002.csv", "t-003.csv"]
    export_tips(tmp_path / "t.csv", big[:2], rules, upload_dir=tmp_path / "up", force=True)
    assert sorted(p.name for p in (tmp_path / "up").iterdir()) == ["t-001.csv"]
