"""``toto13 tickets`` and ``toto13 evaluate``: outputs, files, and every bad-input path."""
from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from toto13.cli import main
from toto13.hamming import NUMBA
from toto13.estimators import remove_margin
from toto13.io.tips import read_tips
from toto13.tickets import evaluate, tips_from_strings

ROW = (0.50, 0.27, 0.23)


def write_probs(path, rows=None, n=13):
    rows = rows or [ROW] * n
    path.write_text("match,home,draw,away\n" + "".join(f"{i + 1},{a},{b},{c}\n"
                                                      for i, (a, b, c) in enumerate(rows)))
    return path


def write_odds(path, n=13, bad_row=None):
    lines = ["odds_home,odds_draw,odds_away"]
    for i in range(n):
        lines.append("1.0,3.4,4.1" if i == bad_row else "1.85,3.40,4.10")
    path.write_text("\n".join(lines) + "\n")
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def probs(tmp_path):
    return write_probs(tmp_path / "probs.csv")


def test_tickets_writes_evaluated_weighted_tips(tmp_path, probs):
    out = tmp_path / "tips.csv"
    r = run("tickets", "--probs", probs, "--count", 60, "--seed", 3, "--out", out)
    assert r.exit_code == 0, r.output
    tips = read_tips(out)
    assert tips.shape == (60, 13) and len(np.unique(tips, axis=0)) == 60
    ev = evaluate(tips, np.tile(ROW, (13, 1)))
    assert "60 weighted tips" in r.output and "5 vouchers, cost 32.50 EUR" in r.output
    assert f"{100 * ev.coverage[10]:.4f}%" in r.output
    again = tmp_path / "again.csv"
    run("tickets", "--probs", probs, "--count", 60, "--seed", 3, "--out", again)
    assert again.read_text() == out.read_text()  # same seed, same tips
    r = run("tickets", "--probs", probs, "--count", 5, "--seed", 3, "--out", out, "--force")
    assert r.exit_code == 0 and len(read_tips(out)) == 5


def test_tickets_vouchers_uploads_and_json(tmp_path, probs):
    out = tmp_path / "round.csv"
    r = run("tickets", "--probs", probs, "--count", 1300, "--strategy", "top", "--seed", 0,
            "--out", out, "--vouchers", "--upload-dir", tmp_path / "up", "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["tips"] == 1300 and d["vouchers"] == 109 and d["cost"] == 704.5
    assert out.read_text().splitlines()[0] == "voucher,field,tip"
    ups = sorted((tmp_path / "up").iterdir())
    assert [p.name for p in ups] == ["round-001.csv", "round-002.csv"]
    assert [len(read_tips(p)) for p in ups] == [1250, 50]


def test_tickets_hit_rate_random_stays_in_the_reduced_space(tmp_path):
    out = tmp_path / "t.csv"
    r = run("tickets", "--hit-rate", "1/2", "--strategy", "random", "--count", 50, "--seed", 1,
            "--out", out)
    assert r.exit_code == 0, r.output
    assert not (read_tips(out) == 2).any()  # p = 1/2: home or draw in every match
    r = run("tickets", "--hit-rate", "1/2", "--strategy", "random", "--count", 8193, "--seed", 1,
            "--out", tmp_path / "u.csv")
    assert r.exit_code == 2 and "exceeds the 8,192 distinct tips" in r.output


def test_tickets_from_odds_uses_margin_removal(tmp_path):
    odds = write_odds(tmp_path / "odds.csv")
    out = tmp_path / "t.csv"
    r = run("tickets", "--odds", odds, "--method", "shin", "--count", 3, "--strategy", "top",
            "--seed", 0, "--out", out, "--format", "json")
    assert r.exit_code == 0, r.output
    p = remove_margin(np.tile([1.85, 3.40, 4.10], (13, 1)), "shin").probs
    ev = evaluate(read_tips(out), p)
    assert json.loads(r.output)["coverage"]["10"] == pytest.approx(ev.coverage[10], abs=1e-12)


def test_tickets_greedy_with_min_strikes(tmp_path, probs):
    out = tmp_path / "g.csv"
    r = run("tickets", "--probs", probs, "--count", 3, "--strategy", "greedy", "--min-strikes", 12,
            "--seed", 0, "--out", out, "--spec", "1 1 1 1 1 1 1 1 1 1 10 10 102")
    assert r.exit_code == 0, r.output
    assert read_tips(out)[:, :10].max() == 0


@pytest.mark.skipif(not NUMBA, reason="the threaded transform needs numba")
@pytest.mark.parametrize("value", ["abc", "0", "-2"])
def test_a_bad_thread_count_is_one_error_line(tmp_path, probs, value):
    out = tmp_path / "g.csv"
    r = CliRunner().invoke(main, ["tickets", "--probs", str(probs), "--count", "3", "--strategy",
                                  "greedy", "--seed", "0", "--out", str(out)],
                           env={"TOTO13_THREADS": value})
    assert r.exit_code == 2, r.output
    assert r.output.strip() == f"Error: TOTO13_THREADS must be a positive integer, got {value!r}"
    assert not out.exists()


def test_evaluate_table_and_exact_json(tmp_path, probs):
    tips = tmp_path / "tips.csv"
    tips.write_text("tip\n1111111111111\n1111111111110\n1111111111111\n")
    r = run("evaluate", tips, "--probs", probs, "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["tips"] == 3 and d["distinct_tips"] == 2
    assert set(d["coverage"]) == set(d["expected_hits"]) == {"10", "11", "12", "13"}
    ev = evaluate(tips_from_strings(["1111111111111", "1111111111110", "1111111111111"]),
                  np.tile(ROW, (13, 1)))
    for x in ("10", "11", "12", "13"):
        assert d["coverage"][x] == pytest.approx(ev.coverage[int(x)], abs=1e-15)
        assert d["expected_hits"][x] == pytest.approx(ev.expected_hits[int(x)], abs=1e-15)
    # 13 strikes: result 1111111111111 (0.5^13, hit by two tips) or 1111111111110 (0.5^12 * 0.27)
    assert d["coverage"]["13"] == pytest.approx(0.5 ** 13 + 0.5 ** 12 * 0.27, rel=1e-12)
    assert d["expected_hits"]["13"] == pytest.approx(2 * 0.5 ** 13 + 0.5 ** 12 * 0.27, rel=1e-12)
    r = run("evaluate", tips, "--probs", probs)
    assert r.exit_code == 0 and "3 tips (2 distinct)" in r.output and "P(best>=x) exact" in r.output
    r = run("evaluate", tips, "--hit-rate", "1/3", "--format", "csv")
    assert r.exit_code == 0 and r.output.startswith("strikes,coverage,expected_hits")


def _assert_fails(r, *fragments, absent=()):
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    for f in fragments:
        assert f in r.output, (f, r.output)
    for p in absent:
        assert not p.exists(), p


@pytest.mark.parametrize("body, fragment", [
    ("tip\n1111111111111\n111111111111\n", "bad.csv, row 3, column 'tip': '111111111111' has 12 symbols"),
    ("tip\n1111111111111\n11111111111x1\n", "bad.csv, row 3, column 'tip': '11111111111x1' holds 'x'"),
    ("tips\n1111111111111\n", "bad.csv, row 1: missing column(s) tip"),
    ("tip\n", "bad.csv: no data rows"),
])
def test_evaluate_bad_tip_files(tmp_path, probs, body, fragment):
    bad = tmp_path / "bad.csv"
    bad.write_text(body)
    _assert_fails(run("evaluate", bad, "--probs", probs), fragment)


@pytest.mark.parametrize("command", ["tickets", "evaluate"])
@pytest.mark.parametrize("rows, n, fragment", [
    ([ROW] * 3 + [(0.5, 0.3, 0.3)] + [ROW] * 9, 13,
     "p.csv, row 5, column 'home,draw,away': home + draw + away = 1.1; each row must sum to 1"),
    ([ROW] * 6 + [(1.2, -0.1, -0.1)] + [ROW] * 6, 13, "p.csv, row 8, column 'home'"),
    ([ROW] * 2 + [(0.5, -0.27, 0.77)] + [ROW] * 10, 13, "p.csv, row 4, column 'draw'"),
    (None, 12, "p.csv: has 12 match rows, expected exactly 13"),
])
def test_bad_probability_files(tmp_path, command, rows, n, fragment):
    p = write_probs(tmp_path / "p.csv", rows, n)
    out = tmp_path / "out.csv"
    if command == "tickets":
        r = run("tickets", "--probs", p, "--count", 5, "--seed", 0, "--out", out)
    else:
        tips = tmp_path / "tips.csv"
        tips.write_text("tip\n1111111111111\n")
        r = run("evaluate", tips, "--probs", p)
    _assert_fails(r, fragment, absent=[out])


def test_bad_odds_file(tmp_path):
    odds = write_odds(tmp_path / "odds.csv", bad_row=4)
    out = tmp_path / "out.csv"
    _assert_fails(run("tickets", "--odds", odds, "--count", 5, "--seed", 0, "--out", out),
                  "odds.csv, row 6, column 'odds_home'", absent=[out])


@pytest.mark.parametrize("extra, fragment", [
    (["--count", 0], "--count (0) must be at least 1"),
    (["--count", -4], "--count (-4) must be at least 1"),
    (["--count", "many"], "--count ('many') must be a whole number"),
    (["--count", 1_594_324], "--count (1,594,324) exceeds the 1,594,323 distinct tips possible"),
    (["--count", 3, "--spec", "1 1 1 1 1 1 1 1 1 1 1 1 10"],
     "--count (3) exceeds the 2 distinct tips possible with this --spec"),
    (["--count", 3, "--spec", "1 1 1"], "spec ('1 1 1') has 3 groups; expected 13 (one per match)"),
    (["--count", 3, "--spec", "1 1 1 1 1 1 1 1 1 1 1 1 1x"], "spec ('1 1 1 1 1 1 1 1 1 1 1 1 1x') group 13 ('1x') holds 'x'; allowed symbols are 1, 0, 2"),
    (["--count", 3, "--seed", -1], "--seed ('-1') must be at least 0"),
    (["--count", 3, "--strategy", "greedy", "--min-strikes", 14], "--min-strikes ('14') must be in 0..13"),
    (["--count", 3, "--power", "-1"], "--power (-1.0) must be a finite number >= 0"),
])
def test_bad_options(tmp_path, probs, extra, fragment):
    out = tmp_path / "out.csv"
    args = ["tickets", "--probs", probs, "--out", out] + extra
    if "--seed" not in extra:
        args += ["--seed", 0]
    _assert_fails(run(*args), fragment, absent=[out])


def test_sources_must_be_exactly_one(tmp_path, probs):
    out = tmp_path / "out.csv"
    _assert_fails(run("tickets", "--count", 3, "--seed", 0, "--out", out),
                  "give exactly one of --probs, --odds (with --method) or --hit-rate", absent=[out])
    _assert_fails(run("tickets", "--probs", probs, "--hit-rate", "0.5", "--count", 3, "--seed", 0,
                      "--out", out), "got --probs, --hit-rate", absent=[out])
    _assert_fails(run("tickets", "--probs", probs, "--method", "shin", "--count", 3, "--seed", 0,
                      "--out", out), "--method applies only to --odds", absent=[out])
    _assert_fails(run("tickets", "--hit-rate", "0.2", "--count", 3, "--seed", 0, "--out", out),
                  "--hit-rate (0.2) must be at least 1/3", absent=[out])
    _assert_fails(run("tickets", "--probs", tmp_path / "nope.csv", "--count", 3, "--seed", 0,
                      "--out", out), "nope.csv: no such file", absent=[out])


def test_never_overwrites_without_force(tmp_path, probs):
    out = tmp_path / "out.csv"
    out.write_text("keep\n")
    _assert_fails(run("tickets", "--probs", probs, "--count", 3, "--seed", 0, "--out", out),
                  "out.csv exists already; pass --force")
    assert out.read_text() == "keep\n"
    up = tmp_path / "up"
    up.mkdir()
    (up / "new-001.csv").write_text("keep\n")
    new = tmp_path / "new.csv"
    _assert_fails(run("tickets", "--probs", probs, "--count", 3, "--seed", 0, "--out", new,
                      "--upload-dir", up), "new-001.csv exists already", absent=[new])
    assert (up / "new-001.csv").read_text() == "keep\n"
