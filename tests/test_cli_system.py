"""``toto13 system``: outputs, files, and every bad-input path (exit 2, one line, nothing written)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from toto13.cli import main
from toto13.io.tips import read_tips
from toto13.systems import parse_spec, verify

TWO = " ".join(["10"] * 13)
MIXED = "1 2 0 " + " ".join(["102"] * 10)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def write_probs(path, n=13):
    path.write_text("match,home,draw,away\n" + "".join(f"{i + 1},0.5,0.27,0.23\n" for i in range(n)))
    return path


def test_guarantee_json(tmp_path):
    out = tmp_path / "s.csv"
    r = run("system", "--spec", TWO, "--guarantee", 10, "--seed", 1, "--time", 0, "--out", out,
            "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["verified"] is True and d["guarantee"] == 10 and d["spec"] == TWO
    assert d["tips"] <= 48 and d["results"] == 8192
    assert sum(d["distribution"].values()) == 8192
    tips = read_tips(out)
    assert len(tips) == d["tips"]
    assert verify(tips, parse_spec(TWO), 10).holds
    # K(13,3) <= 42 (Kéri's tables): the bound and its source travel with the system
    assert d["best_known"] == 42 and "Kéri" in d["best_known_source"]
    assert d["method"]


def test_table_names_construction_and_best_known(tmp_path):
    r = run("system", "--spec", " ".join(["10"] * 9) + " 1 1 1 1", "--guarantee", 11, "--seed", 1,
            "--time", 0, "--out", tmp_path / "s.csv")
    assert r.exit_code == 0, r.output
    # K(9,2) = 16 exactly (Cohen et al., Table 6.1), reached by the amalgamated direct sum
    assert "16 tips guaranteeing 11 strikes (amalgamated Hamming [7,4] * repetition [3,1])" in r.output
    assert "best known size of such a covering: 16 (exact: Cohen et al." in r.output
    r = run("system", "--spec", MIXED, "--guarantee", 10, "--seed", 1, "--time", 0, "--out", tmp_path / "m.csv")
    assert r.exit_code == 0 and "best known" not in r.output   # 10 three-ways at radius 3: not tabulated


def test_guarantee_table_with_probs_and_vouchers(tmp_path):
    out = tmp_path / "m.csv"
    probs = write_probs(tmp_path / "p.csv")
    r = run("system", "--spec", MIXED, "--guarantee", 10, "--seed", 3, "--time", 0, "--out", out,
            "--probs", probs, "--vouchers", "--upload-dir", tmp_path / "up")
    assert r.exit_code == 0, r.output
    assert "verified over all 59,049 results inside the spec" in r.output
    assert "P(best >= 10)" in r.output
    assert "best strikes" in r.output
    text = out.read_text().splitlines()
    assert text[0] == "voucher,field,tip"
    assert (tmp_path / "up" / "m-001.csv").exists()


def test_count_mode(tmp_path):
    out = tmp_path / "b.csv"
    probs = write_probs(tmp_path / "p.csv")
    spec = "1 1 1 1 1 1 10 10 10 102 102 102 102"
    r = run("system", "--spec", spec, "--probs", probs, "--count", 20, "--min-strikes", 12,
            "--seed", 2, "--time", 1, "--out", out, "--format", "json", "--guarantee", 13)
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["tips"] == 20 and d["verified"] is True
    assert 0 < d["probability"] <= 1
    assert d["requested_guarantee"] == 13 and d["guarantee_met"] is False
    tips = read_tips(out)
    assert parse_spec(spec).contains(tips).all()


def test_refuses_to_overwrite(tmp_path):
    out = tmp_path / "s.csv"
    out.write_text("keep\n")
    r = run("system", "--spec", TWO, "--guarantee", 10, "--seed", 1, "--out", out)
    assert r.exit_code == 2 and "exists already" in r.output
    assert out.read_text() == "keep\n"
    r = run("system", "--spec", TWO, "--guarantee", 10, "--seed", 1, "--time", 0, "--out", out, "--force")
    assert r.exit_code == 0


@pytest.mark.parametrize("args, message", [
    (["--spec", "1 10 102", "--guarantee", 10], "has 3 groups; expected 13"),
    (["--spec", "1 " * 12 + "13", "--guarantee", 10], "allowed symbols are 1, 0, 2"),
    (["--spec", "1 " * 12 + "x", "--guarantee", 10], "allowed symbols are 1, 0, 2"),
    (["--spec", "1 " * 12 + "100", "--guarantee", 10], "repeats an outcome"),
    (["--spec", "1," * 12 + ",", "--guarantee", 10], "is empty"),
    (["--spec", TWO, "--guarantee", 14], "--guarantee ('14') must be in 0..13"),
    (["--spec", TWO, "--guarantee", -1], "--guarantee ('-1') must be in 0..13"),
    (["--spec", TWO, "--guarantee", "ten"], "--guarantee ('ten') must be a whole number"),
    (["--spec", TWO], "give --guarantee, or --probs with --count"),
    (["--spec", TWO, "--count", 0, "--probs", "PROBS"], "--count ('0') must be at least 1"),
    (["--spec", TWO, "--count", -5, "--probs", "PROBS"], "--count ('-5') must be at least 1"),
    (["--spec", TWO, "--count", 5], "--count needs --probs"),
    (["--spec", "1 " * 12 + "10", "--count", 3, "--probs", "PROBS"], "exceeds the 2 tips"),
    (["--spec", TWO, "--count", 5, "--probs", "PROBS", "--min-strikes", 14], "--min-strikes ('14') must be in 0..13"),
    (["--spec", TWO, "--guarantee", 10, "--time", -1], "--time ('-1') must be a finite number >= 0"),
    (["--spec", TWO, "--count", 5, "--probs", "MISSING"], "missing.csv"),
    (["--spec", TWO, "--count", 5, "--budget", 9, "--probs", "PROBS"], "give --count N or --budget AMOUNT, not both"),
    (["--spec", TWO, "--budget", 9], "--budget needs --guarantee G"),
    (["--spec", TWO, "--budget", 0.49, "--probs", "PROBS"], "--budget ('0.49') does not buy one tip"),
    (["--spec", TWO, "--budget", "-1", "--guarantee", 10], "--budget ('-1') must be a finite number >= 0"),
    (["--spec", TWO, "--budget", 22.99, "--guarantee", 10, "--time", 0],
     "no system for --spec guaranteeing 10 strikes fits --budget ('22.99'): the cheapest found has 42 tips"),
])
def test_bad_input_exit_2_nothing_written(tmp_path, args, message):
    out = tmp_path / "out.csv"
    probs = write_probs(tmp_path / "p.csv")
    args = [str(probs) if a == "PROBS" else str(tmp_path / "missing.csv") if a == "MISSING" else a
            for a in args]
    r = run("system", *args, "--seed", 1, "--out", out, "--upload-dir", tmp_path / "up")
    assert r.exit_code == 2, r.output
    assert message in r.output
    assert "Traceback" not in r.output
    assert not out.exists()
    assert not (tmp_path / "up").exists()


def test_bad_probs_file_names_file(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("home,draw,away\n" + "0.5,0.3,0.3\n" * 13)
    out = tmp_path / "o.csv"
    r = run("system", "--spec", TWO, "--count", 3, "--probs", bad, "--seed", 1, "--out", out)
    assert r.exit_code == 2 and "bad.csv" in r.output and "row 2" in r.output
    assert not out.exists()


def test_count_mode_table_says_when_the_guarantee_is_not_met(tmp_path):
    probs = write_probs(tmp_path / "p.csv")
    spec = "1 1 1 1 1 1 10 10 10 102 102 102 102"
    r = run("system", "--spec", spec, "--probs", probs, "--count", 20, "--min-strikes", 12,
            "--seed", 2, "--time", 0, "--out", tmp_path / "b.csv", "--guarantee", 13)
    assert r.exit_code == 0, r.output
    assert "requested guarantee 13: NOT met by these 20 tips" in r.output


def _system_json(tmp_path, group, g):
    r = run("system", "--spec", " ".join([group] * 13), "--guarantee", g, "--seed", 1, "--time", 0,
            "--out", tmp_path / "s.csv", "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["verified"] is True and d["min_best_strikes"] >= g
    return d


# Issue 21's acceptance, as a user runs it: 13 half covers at 12 strikes in 704 tips, the best known size
# (a union of orbits of a group of order 78, see toto13.systems.symmetric), proved over all 8,192 results.
def test_thirteen_half_covers_at_the_best_known_size(tmp_path):
    d = _system_json(tmp_path, "10", 12)
    assert d["best_known"] == 704 and d["tips"] == 704
    assert "symmetric code" in d["method"] and d["distribution"] == {"12": 7488, "13": 704}


# ... and 13 full covers at 10 strikes in 1,215 tips, the best known size (five cosets of the even-like
# Golay code [11,5] padded with two zeros), proved over all 1,594,323 results.
def test_thirteen_full_covers_at_the_best_known_size(tmp_path):
    d = _system_json(tmp_path, "102", 10)
    assert d["best_known"] == 1215 and d["tips"] == 1215
    assert "even-like Golay" in d["method"]
    assert d["distribution"] == {"10": 1208196, "11": 354294, "12": 30618, "13": 1215}
