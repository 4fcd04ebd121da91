"""Regression tests for every reproducer of the adversarial review (issue 12).

The contract: bad input ends with exit status 2 and ONE line naming what is wrong (file, row, column or
the option); no traceback; no lost, replaced or partial file.
"""
from __future__ import annotations

import csv
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from toto13.backtest import import_stryktipset
from toto13.cli import main
from toto13.errors import InputError

DEMO = Path(__file__).resolve().parents[1] / "toto13" / "data" / "demo-rounds"
THREE_WAYS = " ".join(["012"] * 13)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_line_error(r, *needles, code=2):
    """Exit status ``code``, exactly one line ``Error: ...`` holding every needle, no traceback."""
    assert r.exit_code == code, (r.exit_code, r.output)
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.output
    assert "Traceback" not in r.output and not isinstance(r.exception, (AssertionError, TypeError))
    for n in needles:
        assert n in lines[0], (n, lines[0])
    assert all(ch.isprintable() for ch in lines[0]), repr(lines[0])
    return lines[0]


def listing(d):
    return sorted(p.relative_to(d).as_posix() for p in Path(d).rglob("*"))


@pytest.fixture
def probs(tmp_path):
    p = tmp_path / "P.csv"
    p.write_text("match,home,draw,away\n" + "".join(f"{i + 1},0.5,0.27,0.23\n" for i in range(13)))
    return p


# -- 1. data loss with --force ------------------------------------------------------------------------

def test_tickets_force_with_failing_upload_dir_keeps_the_tip_file(tmp_path, probs, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("t.csv").write_text("precious\n")
    Path("f").write_text("x\n")
    r = run("tickets", "--probs", probs, "--seed", 1, "--count", 10, "--out", "t.csv",
            "--upload-dir", "f/up", "--force")
    one_line_error(r, "f is a file, not a directory")
    assert Path("t.csv").read_text() == "precious\n"
    assert listing(tmp_path) == ["P.csv", "f", "t.csv"]


def test_system_force_with_failing_upload_dir_keeps_the_tip_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("t.csv").write_text("precious\n")
    Path("f").write_text("x\n")
    r = run("system", "--spec", "1 10 102 102 102 102 1 1 1 1 1 1 1", "--guarantee", 12, "--seed", 1,
            "--time", 0, "--out", "t.csv", "--upload-dir", "f/up", "--force")
    one_line_error(r, "f is a file, not a directory")
    assert Path("t.csv").read_text() == "precious\n"


@pytest.mark.parametrize("plot", ["f/p.png", "p" * 250 + ".png"])
def test_backtest_force_with_failing_plot_keeps_the_ledger(tmp_path, monkeypatch, plot):
    monkeypatch.chdir(tmp_path)
    Path("l.csv").write_text("precious\n")
    Path("f").write_text("x\n")
    r = run("backtest", DEMO, "--strategy", "recipe", "--hit-rate", "0.5", "--min-strikes", 10,
            "--safety", "0.5", "-q", "--ledger", "l.csv", "--plot", plot, "--force")
    one_line_error(r)
    assert Path("l.csv").read_text() == "precious\n"
    assert listing(tmp_path) == ["f", "l.csv"]


def test_backtest_writes_ledger_and_plot_together(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("backtest", DEMO, "--strategy", "recipe", "--hit-rate", "0.5", "--min-strikes", 10,
            "--safety", "0.5", "-q", "--ledger", "l.csv", "--plot", "p.png")
    assert r.exit_code == 0, r.output
    assert listing(tmp_path) == ["l.csv", "p.png"]
    assert Path("p.png").read_bytes()[:4] == b"\x89PNG"


# -- 2. writing over what must not be replaced ---------------------------------------------------------

def test_dangling_symlink_out_is_not_replaced(tmp_path, probs, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.symlink("nowhere.csv", "t.csv")
    for extra in ([], ["--force"]):
        r = run("tickets", "--probs", probs, "--seed", 1, "--count", 10, "--out", "t.csv", *extra)
        one_line_error(r, "t.csv is a symbolic link", "does not exist")
        assert os.path.islink("t.csv") and os.readlink("t.csv") == "nowhere.csv"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_probs_out_dev_full_is_not_replaced():
    r = run("estimate", DEMO / "matches.csv", "--probs-out", "/dev/full", "--force")
    one_line_error(r, "/dev/full: cannot be written (No space left on device)")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_probs_out_dev_stdout_is_written_through(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "stdout-file"
    target.write_text("")
    os.symlink(target, "out")  # like /dev/stdout: a link to what stdout is
    r = run("estimate", DEMO / "matches.csv", "--probs-out", "out", "--force", "--format", "csv")
    assert r.exit_code == 0, r.output
    assert target.read_text().startswith("match,home,draw,away") and os.path.islink("out")


def test_import_force_refuses_a_directory_holding_an_input(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    summary = d / "summary.csv"
    summary.write_text(STRYK_HEADER + STRYK_ROW)
    (d / "matches.csv").write_text("x")
    (d / "payouts.csv").write_text("x")
    r = run("import", "stryktipset", summary, "--out", d, "--force")
    one_line_error(r, "holds the input", "summary.csv")
    assert listing(d) == ["matches.csv", "payouts.csv", "summary.csv"]


def test_import_force_refuses_a_directory_that_is_not_a_rounds_directory(tmp_path):
    summary = tmp_path / "summary.csv"
    summary.write_text(STRYK_HEADER + STRYK_ROW)
    d = tmp_path / "photos"
    d.mkdir()
    (d / "holiday.jpg").write_bytes(b"\xff\xd8")
    r = run("import", "stryktipset", summary, "--out", d, "--force")
    one_line_error(r, "does not hold matches.csv, payouts.csv")
    assert listing(d) == ["holiday.jpg"]


# -- 4. tracebacks ---------------------------------------------------------------------------------------

BIG = "1" * 200_000


def _big_cases(tmp_path, probs):
    big_probs = tmp_path / "big.csv"
    big_probs.write_text("match,home,draw,away\n" + BIG + ",0.5,0.27,0.23\n")
    big_tips = tmp_path / "bigtips.csv"
    big_tips.write_text("tip\n" + BIG + "\n")
    big_stryk = tmp_path / "bigstryk.csv"
    big_stryk.write_text(STRYK_HEADER + BIG + STRYK_ROW[6:])
    big_fd = tmp_path / "D1.csv"
    big_fd.write_text("Div,Date,HomeTeam,AwayTeam,FTHG,FTAG,FTR\nD1," + BIG + ",A,B,1,0,H\n")
    rounds = tmp_path / "rounds"
    shutil.copytree(DEMO, rounds)
    text = (rounds / "matches.csv").read_text().splitlines()
    (rounds / "matches.csv").write_text("\n".join(text[:1] + [BIG + text[1][8:]] + text[2:]) + "\n")
    out = tmp_path / "o.csv"
    return [
        (["plan", "--probs", big_probs, "--min-strikes", 10, "--safety", "0.5"], "big.csv"),
        (["estimate", big_probs], "big.csv"),
        (["score", big_probs], "big.csv"),
        (["tickets", "--probs", big_probs, "--seed", 1, "--count", 3, "--out", out], "big.csv"),
        (["evaluate", big_tips, "--probs", probs], "bigtips.csv"),
        (["system", "--spec", THREE_WAYS, "--guarantee", 12, "--probs", big_probs, "--seed", 1,
          "--out", out], "big.csv"),
        (["import", "stryktipset", big_stryk, "--out", tmp_path / "i1"], "bigstryk.csv"),
        (["import", "football-data", big_fd, "--out", tmp_path / "i2"], "D1.csv"),
        (["backtest", rounds, "--strategy", "recipe", "--hit-rate", "0.5", "--min-strikes", 10,
          "--safety", "0.5", "-q"], "matches.csv"),
    ]


def test_a_field_over_the_csv_limit_is_one_line_in_every_reader(tmp_path, probs):
    for args, name in _big_cases(tmp_path, probs):
        r = run(*args)
        one_line_error(r, name, "row 2", "more than 131,072 characters")
    assert not (tmp_path / "o.csv").exists()


def test_deeply_nested_config(tmp_path):
    cfg = tmp_path / "deep.json"
    cfg.write_text('{"count": ' + "[" * 100_000 + "]" * 100_000 + "}")
    one_line_error(run("backtest", DEMO, "--config", cfg, "-q"), "deep.json", "nested too deeply")


# -- 5. leftovers ----------------------------------------------------------------------------------------

def test_import_out_dot_from_inside_the_target_leaves_nothing_behind(tmp_path, monkeypatch):
    summary = tmp_path / "summary.csv"
    summary.write_text(STRYK_HEADER + STRYK_ROW)
    target = tmp_path / "rounds"
    target.mkdir()
    (target / "matches.csv").write_text("old")
    (target / "payouts.csv").write_text("old")
    monkeypatch.chdir(target)
    r = run("import", "stryktipset", summary, "--out", ".", "--force")
    monkeypatch.chdir(tmp_path)
    assert r.exit_code == 0, r.output
    assert listing(tmp_path) == ["rounds", "rounds/matches.csv", "rounds/payouts.csv", "summary.csv"]
    assert (target / "matches.csv").read_text().startswith("round,")


def test_a_failed_upload_leaves_no_empty_directories(tmp_path, probs, monkeypatch):
    monkeypatch.chdir(tmp_path)
    calls = []
    real = csv.writer

    def failing(fh, *a, **k):  # the second file written (the first upload file) hits a full disk
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(fh, *a, **k)

    monkeypatch.setattr(csv, "writer", failing)
    r = run("tickets", "--probs", probs, "--seed", 1, "--count", 10, "--out", "new/t.csv",
            "--upload-dir", "up")
    one_line_error(r, "No space left on device")
    assert listing(tmp_path) == ["P.csv"]


# -- 6. Stryktipset importer: bad input accepted with exit 0 -----------------------------------------------

STRYK_COLUMNS = ("omg", "correct_row", "turnover", "utd13", "utd12", "utd11", "utd10", "ant13", "ant12",
                 "ant11", "ant10", "random_results", "id")
STRYK_HEADER = ";".join(STRYK_COLUMNS) + "\n"
STRYK_ROW = "202539;X2211X12XXXX1;32989083;4333333;26149;1255;274;3;123;2049;19547;0;11930\n"


def _stryk(tmp_path, **cells):
    values = dict(zip(STRYK_COLUMNS, STRYK_ROW.strip().split(";")))
    values.update(cells)
    p = tmp_path / "summary.csv"
    p.write_text(STRYK_HEADER + ";".join(values[c] for c in STRYK_COLUMNS) + "\n")
    return p


@pytest.mark.parametrize("cells, column", [
    ({"utd12": "inf"}, "utd12"),
    ({"utd12": "1e400"}, "utd12"),
    ({"utd13": "1e308"}, "utd13"),
    ({"turnover": "inf"}, "turnover"),
    ({"ant11": "inf"}, "ant11"),
    ({"omg": "2_1923"}, "omg"),
    ({"id": "1e30"}, "id"),
    ({"id": "inf"}, "id"),
    ({"random_results": "99"}, "random_results"),
])
def test_stryktipset_rejects(tmp_path, cells, column):
    p = _stryk(tmp_path, **cells)
    with pytest.raises(InputError) as err:
        import_stryktipset(p)
    assert err.value.row == 2 and err.value.column == column and err.value.file == str(p)
    out = tmp_path / "out"
    one_line_error(run("import", "stryktipset", p, "--out", out), "summary.csv", "row 2", column)
    assert not out.exists()


def test_stryktipset_rejects_a_repeated_row(tmp_path):
    p = tmp_path / "summary.csv"
    p.write_text(STRYK_HEADER + STRYK_ROW + STRYK_ROW)
    one_line_error(run("import", "stryktipset", p, "--out", tmp_path / "o"), "row 3", "column 'id'",
                   "repeats row 2")


def test_stryktipset_two_rounds_a_week_still_import(tmp_path):
    p = tmp_path / "summary.csv"
    p.write_text(STRYK_HEADER + STRYK_ROW + STRYK_ROW.replace(";11930", ";11931"))
    rep = import_stryktipset(p)
    assert rep.rounds.ids == ("202539", "202539-2")


# -- 7. unclear messages ---------------------------------------------------------------------------------

@pytest.mark.parametrize("date", ["2300-01-01", "1600-01-01"])
def test_dates_outside_pandas_range(tmp_path, date):
    f = tmp_path / "odds.csv"
    f.write_text(f"odds_home,odds_draw,odds_away,date\n2.1,3.3,3.5,{date}\n")
    one_line_error(run("estimate", f), "odds.csv", "row 2", "column 'date'", "outside the dates")


def test_model_history_blames_the_right_file_and_row(tmp_path):
    target = tmp_path / "target.csv"
    target.write_text("date,home_team,away_team,odds_home,odds_draw,odds_away\n"
                      "2024-05-01,A,B,2.0,3.3,3.9\n")
    hist = tmp_path / "hist.csv"
    rows = [f"D1,{10 + i}/08/2023,T{i % 7},U{i % 5},{i % 3},{i % 2},{'HDA'[i % 3]}" for i in range(15)]
    rows[7] = "D1,,T1,U1,1,0,H"
    hist.write_text("Div,Date,HomeTeam,AwayTeam,FTHG,FTAG,FTR\n" + "\n".join(rows) + "\n")
    line = one_line_error(run("estimate", target, "--method", "model", "--history", hist),
                          "hist.csv", "row 9")
    assert "target.csv" not in line


@pytest.mark.parametrize("command", [
    ["tickets", "--hit-rate", "0.5", "--count", 3, "--out", "x.csv", "--seed", -1],
    ["plan", "--probs", "P.csv", "--seed", -1],
    ["system", "--spec", THREE_WAYS, "--guarantee", 12, "--out", "x.csv", "--seed", -1],
    ["backtest", DEMO, "--strategy", "recipe", "--hit-rate", "0.5", "--count", 2, "--seed", -1],
])
def test_negative_seed_names_the_option(tmp_path, probs, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    one_line_error(run(*command), "--seed")


def test_5000_digit_count_in_config(tmp_path):
    cfg = tmp_path / "c.json"
    cfg.write_text('{"strategy": "recipe", "count": ' + "1" * 5000 + "}")
    one_line_error(run("backtest", DEMO, "--config", cfg, "-q"), "c.json", "'count'")


@pytest.mark.parametrize("content, needle", [
    (b"match;home;draw;away\n1;0,5;0,27;0,23\n", "separated by semicolon"),
    (bytes(range(256)) * 8, "binary"),
    ("match,home,draw,away\n1,0.5,0.27,0.23\n".encode("utf-16"), "UTF-16"),
    (b"\x1f\x8b\x08\x00" + bytes(range(1, 32)) * 20, "binary"),
])
def test_not_a_comma_separated_file(tmp_path, content, needle):
    f = tmp_path / "x.csv"
    f.write_bytes(content)
    one_line_error(run("plan", "--probs", f), "x.csv", "not a comma-separated", needle)


def test_control_bytes_are_escaped(tmp_path, probs):
    f = tmp_path / "tips.csv"
    f.write_text("tip\n1111111111111\n111\x1b[2J\x07\n")
    line = one_line_error(run("evaluate", f, "--probs", probs), "tips.csv", "row 3")
    assert "\\x1b[2J\\x07" in line


def test_empty_probs_out(tmp_path):
    one_line_error(run("estimate", DEMO / "matches.csv", "--probs-out", ""), "empty")


def test_amounts_near_1e308_are_refused_without_warnings(tmp_path):
    rounds = tmp_path / "r"
    shutil.copytree(DEMO, rounds)
    pay = (rounds / "payouts.csv").read_text().replace("demo-001,13,112434", "demo-001,13,1e308", 1)
    (rounds / "payouts.csv").write_text(pay)
    one_line_error(run("backtest", rounds, "--strategy", "recipe", "--hit-rate", "0.5", "--count", 2,
                       "-q"),
                   "payouts.csv", "row 2", "column 'quota'")
    one_line_error(run("backtest", DEMO, "--strategy", "recipe", "--hit-rate", "0.5", "--count", 2,
                       "-q", "--bankroll", "1e308"), "--bankroll")
    one_line_error(run("plan", "--payouts", "1e308,1e308,1e308,1e308"), "--payouts")
    # the largest accepted amounts run without an overflow warning (filterwarnings = error)
    r = run("backtest", DEMO, "--strategy", "recipe", "--hit-rate", "0.5", "--min-strikes", 10,
            "--safety", "0.5", "-q", "--bankroll", "1e12", "--payouts", "model", "--turnover", "1e12")
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("args, needle", [
    (["tickets", "--rules", "nope"], "Invalid value for '--rules'"),
    (["tickets", "--bogus"], "No such option '--bogus'"),
    (["nope"], "No such command 'nope'"),
    (["system"], "Missing option '--spec'"),
    (["import", "stryktipset"], "Missing argument 'SUMMARY'"),
])
def test_click_rejections_are_one_line(args, needle):
    one_line_error(run(*args), needle)


def test_help_still_prints_help():
    r = run("tickets", "--help")
    assert r.exit_code == 0 and r.output.startswith("Usage: ")


# -- resource bounds ---------------------------------------------------------------------------------------

def test_a_file_above_the_size_limit_is_refused_before_reading(tmp_path):
    from toto13.io.csvfile import MAX_FILE_BYTES

    f = tmp_path / "huge.csv"
    with open(f, "wb") as fh:
        fh.write(b"match,home,draw,away\n")
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is really written
    one_line_error(run("plan", "--probs", f), "huge.csv", "the largest file read is 32,000,000 bytes", "Limits")


def test_a_tip_file_above_the_tip_limit_is_refused(tmp_path, probs, monkeypatch):
    import toto13.io.tips as tips_module

    monkeypatch.setattr(tips_module, "MAX_TIPS", 5)
    f = tmp_path / "tips.csv"
    f.write_text("tip\n" + "1111111111111\n" * 6)
    one_line_error(run("evaluate", f, "--probs", probs), "tips.csv", "row 7", "holds 6 tips; at most 5")


# -- time bounds -------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_system_time_bounds_the_greedy_start():
    from toto13.systems import reduce_system
    from toto13.systems.reduce import GREEDY_START_WITHOUT_TIME

    spec = "1 1 " + " ".join(["012"] * 11)
    p = [[0.5, 0.27, 0.23]] * 13
    n = GREEDY_START_WITHOUT_TIME + 1000
    # --time 0: deterministic and quick; a budget this large starts from the most probable tips
    r = reduce_system(spec, p, n, 10, time_limit=0)
    assert r.tips.shape == (n, 13) and r.method.startswith("most probable tips")
    assert r.tips.tolist() == reduce_system(spec, p, n, 10, time_limit=0).tips.tolist()
    # a time limit that runs out during the greedy start: the most probable tips replace it
    r2 = reduce_system(spec, p, n, 10, time_limit=1e-9)
    assert "when the time ran out" in r2.method and r2.tips.shape == (n, 13)
    # small budgets keep the exact greedy start without a time limit
    assert reduce_system(spec, p, 50, 10, time_limit=0).method == "greedy"


@pytest.mark.slow
def test_system_budget_100000_time_0_is_quick(tmp_path, probs):
    import time as _time

    t0 = _time.monotonic()
    r = run("system", "--spec", THREE_WAYS, "--budget", 100_000, "--probs", probs, "--time", 0,
            "--seed", 1, "--out", tmp_path / "s.csv")
    took = _time.monotonic() - t0
    assert r.exit_code == 0, r.output
    assert "most probable tips" in r.output
    assert took < 40  # the exact greedy start alone took 55 s; now evaluation and proof dominate
