"""The pool-value side of the command line: plan's fixed-payout labels, the pool options of evaluate,
tickets and value, and every error path (exit 2, one line naming the option or file, no file left)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from toto13.cli import main
from toto13.rules import STRYKTIPSET


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_error_line(res) -> str:
    assert res.exit_code == 2, res.output
    lines = [x for x in res.output.splitlines() if x.strip()]
    assert len(lines) == 1 and "Traceback" not in res.output, res.output
    return lines[0]


def test_plan_labels_fixed_payouts_and_says_what_the_pool_pays():
    res = run("plan", "--hit-rate", "1/2", "--min-strikes", "13", "--safety", "0.5")
    assert res.exit_code == 0, res.output
    header = res.output.splitlines()[2]
    assert "expected_profit at fixed payouts" in header and "paper_profit at fixed payouts" in header
    assert "pays back 60% of all stakes" in res.output
    assert "toto13 evaluate TIPS --probs P --crowd FILE" in res.output
    res = run("plan", "--rules", "stryktipset", "--min-strikes", "10", "--safety", "0.9")
    r = STRYKTIPSET  # 65% of stakes form the prize pool; what the tiers get of it, by the rules
    assert f"pays back {100 * r.payout_ratio * sum(r.tier_shares):.3g}% of all stakes" in res.output
    # the JSON field names stay
    d = json.loads(run("plan", "--min-strikes", "13", "--safety", "0.5", "--format", "json").output)[0]
    assert {"payout", "expected_profit", "paper_profit"} <= set(d)


# ------------------------------------------------------------------ pool options: evaluate, tickets, value
import functools  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from toto13.pool import expected_return, Pool, tip_returns  # noqa: E402
from toto13.rules import SYMBOLS  # noqa: E402
from toto13.tickets.encoding import tips_from_index, tips_from_strings  # noqa: E402

PROBS = np.array([[0.62, 0.22, 0.16], [0.30, 0.28, 0.42], [0.45, 0.30, 0.25], [0.70, 0.18, 0.12],
                  [0.25, 0.30, 0.45], [0.50, 0.27, 0.23], [0.38, 0.30, 0.32], [0.55, 0.25, 0.20],
                  [0.20, 0.25, 0.55], [0.48, 0.28, 0.24], [0.66, 0.20, 0.14], [0.33, 0.33, 0.34],
                  [0.41, 0.29, 0.30]])
CROWD_PCT = np.array([[75, 15, 10], [25, 25, 50], [50, 28, 22], [80, 12, 8], [20, 25, 55],
                      [58, 24, 18], [40, 28, 32], [64, 21, 15], [15, 20, 65], [52, 26, 22],
                      [78, 14, 8], [33, 34, 33], [45, 27, 28]])
TURNOVER = "20000000"


@pytest.fixture
def files(tmp_path):
    probs = tmp_path / "probs.csv"
    probs.write_text("match,home,draw,away\n" + "".join(
        f"{k + 1},{a:.2f},{b:.2f},{c:.2f}\n" for k, (a, b, c) in enumerate(PROBS)))
    crowd = tmp_path / "crowd.csv"
    crowd.write_text("match,home,draw,away\n" + "".join(
        f"{k + 1},{a},{b},{c}\n" for k, (a, b, c) in enumerate(CROWD_PCT)))
    tips = tmp_path / "tips.csv"
    tips.write_text("tip\n1111111111111\n1211121112111\n1011102110011\n")
    return tmp_path, probs, crowd, tips


def stryk_pool(**kw):
    return Pool(STRYKTIPSET, float(TURNOVER), **kw)


@functools.lru_cache(maxsize=1)
def all_returns() -> np.ndarray:
    """Every row's expected return in the default Stryktipset pool with the crowd file (computed once)."""
    return tip_returns(PROBS, CROWD_PCT / CROWD_PCT.sum(axis=1, keepdims=True), stryk_pool())


def test_evaluate_value_json_with_crowd_file(files):
    tmp, probs, crowd, tips = files
    res = run("evaluate", tips, "--probs", probs, "--crowd", crowd, "--rules", "stryktipset",
              "--turnover", TURNOVER, "--co-winners", "poisson", "--jackpot", "1000000",
              "--min-quota", "0", "--format", "json")
    assert res.exit_code == 0, res.output
    v = json.loads(res.output)["value"]
    t = tips_from_strings(["1111111111111", "1211121112111", "1011102110011"])
    want = expected_return(t, PROBS, CROWD_PCT / 100, stryk_pool(jackpot=1e6, min_quota=0,
                                                                  co_winners="poisson"))
    assert v["expected_return"] == pytest.approx(want.expected_return, rel=1e-12)
    assert v["cost"] == 3.0 and v["expected_profit"] == pytest.approx(v["expected_return"] - 3.0)
    assert v["return_per_stake"] == pytest.approx(v["expected_return"] / 3.0)
    assert sum(v["per_tier"].values()) == pytest.approx(v["expected_return"], rel=1e-9)
    assert list(v["per_tier"]) == ["13", "12", "11", "10"] and 0 <= v["p_return_ge_cost"] <= 1
    assert v["assumes"] == {"turnover": 2e7, "turnover_given": True, "jackpot": 1e6,
                            "co_winners": "poisson", "min_quota": 0.0, "crowd_source": "file",
                            "payout_ratio": 0.65, "currency": "SEK"}


def test_evaluate_value_block_says_what_it_assumes(files):
    tmp, probs, crowd, tips = files
    res = run("evaluate", tips, "--probs", probs, "--rules", "stryktipset")
    assert res.exit_code == 0, res.output
    out = res.output
    assert "Value in the pool" in out and "expected return" in out
    assert "crowd shares modelled from the probabilities (no crowd file given)" in out
    assert "typical for these rules, not given" in out and "calibrated co-winners" in out
    assert "minimum quota 15.00 SEK" in out and "jackpot 0.00 SEK" in out
    res = run("evaluate", tips, "--probs", probs, "--rules", "stryktipset", "--crowd", crowd,
              "--turnover", TURNOVER, "--min-quota", "0")
    assert f"crowd shares from {crowd}" in res.output and "no minimum quota" in res.output
    assert "20,000,000.00 SEK" in res.output and "typical" not in res.output


def test_evaluate_without_turnover_for_toto13_says_how(files):
    tmp, probs, crowd, tips = files
    res = run("evaluate", tips, "--probs", probs)
    assert res.exit_code == 0 and "give --turnover T" in res.output
    d = json.loads(run("evaluate", tips, "--probs", probs, "--format", "json").output)
    assert d["value"] is None
    res = run("evaluate", tips, "--probs", probs, "--crowd", crowd)
    assert "--turnover T is needed" in one_error_line(res)
    res = run("evaluate", tips, "--probs", probs, "--turnover", "1000000", "--format", "json")
    assert json.loads(res.output)["value"]["assumes"]["currency"] == "EUR"


def test_tickets_value_count_one_is_the_best_single_row(files):
    tmp, probs, crowd, tips = files
    out = tmp / "best.csv"
    res = run("tickets", "--probs", probs, "--crowd", crowd, "--rules", "stryktipset", "--strategy",
              "value", "--count", 1, "--seed", 0, "--turnover", TURNOVER, "--out", out,
              "--format", "json")
    assert res.exit_code == 0, res.output
    returns = all_returns()
    best = "".join(SYMBOLS[c] for c in tips_from_index([int(np.argmax(returns))], 13)[0])
    assert out.read_text().split() == ["tip", best]
    d = json.loads(res.output)
    assert d["strategy"] == "value" and d["value"]["expected_return"] == pytest.approx(returns.max())


def test_tickets_value_rows_distinct_and_worth_more_than_top(files):
    tmp, probs, crowd, tips = files
    got = {}
    for strategy in ("value", "top"):
        out = tmp / f"{strategy}.csv"
        res = run("tickets", "--probs", probs, "--crowd", crowd, "--rules", "stryktipset",
                  "--strategy", strategy, "--count", 30, "--seed", 0, "--turnover", TURNOVER,
                  "--out", out, "--format", "json")
        assert res.exit_code == 0, res.output
        rows = out.read_text().split()[1:]
        assert len(rows) == len(set(rows)) == 30
        got[strategy] = json.loads(res.output)["value"]["expected_return"]
    assert got["value"] > got["top"]


@pytest.mark.slow
def test_tickets_value_min_coverage(files):
    tmp, probs, crowd, tips = files
    out = tmp / "cov.csv"
    res = run("tickets", "--probs", probs, "--crowd", crowd, "--rules", "stryktipset", "--strategy",
              "value", "--count", 40, "--seed", 0, "--turnover", TURNOVER, "--min-coverage", "10:0.3",
              "--out", out, "--format", "json")
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    assert d["coverage"]["10"] >= 0.3 and d["value"]["tips"] == 40


def test_value_command_table_json_csv(files):
    tmp, probs, crowd, tips = files
    base = ["value", "--probs", probs, "--crowd", crowd, "--rules", "stryktipset", "--turnover",
            TURNOVER, "--top", 3]
    res = run(*base, "--format", "json")
    assert res.exit_code == 0, res.output
    d = json.loads(res.output)
    c = CROWD_PCT / CROWD_PCT.sum(axis=1, keepdims=True)
    m0 = d["matches"][0]
    assert m0["value_home"] == pytest.approx(0.62 / c[0, 0]) and m0["crowd_draw"] == pytest.approx(0.15)
    returns = all_returns()
    assert [r["expected_return"] for r in d["top"]] == pytest.approx(np.sort(returns)[::-1][:3])
    first = d["top"][0]
    row = tips_from_strings([first["tip"]])
    assert first["p_13"] == pytest.approx(np.prod(PROBS[np.arange(13), row[0]]))
    # the single row's return from the set formula, a different path than the sphere-sum pass
    assert first["expected_return"] == pytest.approx(
        expected_return(row, PROBS, c, stryk_pool()).expected_return, rel=1e-9)
    assert set(first) >= {"co_winners_13", "co_winners_12", "co_winners_11", "co_winners_10"}
    assert d["assumes"]["crowd_source"] == "file"
    csv = run(*base[:-1], 0, "--format", "csv").output.splitlines()
    assert csv[0].startswith("match,p_home") and len(csv) == 14


@pytest.mark.slow
def test_value_command_table_and_csv(files):
    tmp, probs, crowd, tips = files
    table = run("value", "--probs", probs, "--rules", "stryktipset", "--top", 1)
    assert table.exit_code == 0, table.output
    assert "spelvärde" in table.output and "others 13" in table.output
    assert "crowd shares modelled from the probabilities" in table.output
    csv = run("value", "--probs", probs, "--rules", "stryktipset", "--top", 2, "--format", "csv")
    lines = csv.output.splitlines()
    assert lines[0].startswith("rank,tip,p_13,expected_return") and len(lines) == 3


CROWD_ERRORS = [
    ("home,draw,away\n" + "40,30,30\n" * 12, "has 12 match rows, expected exactly 13"),
    ("home,draw,away\n" + "40,30,30\n" * 3 + "40,-1,61\n" + "40,30,30\n" * 9,
     "row 5, column 'draw'"),
    ("home,draw,away\n" + "40,30,30\n" * 3 + "0,0,0\n" + "40,30,30\n" * 9,
     "row 5, column 'home,draw,away'"),
    ("home,draw,away\n" + "40,30,30\n" * 12 + "40,x,30\n", "row 14, column 'draw'"),
    ("home,draw\n" + "40,60\n" * 13, "missing column(s) away"),
]


@pytest.mark.parametrize("text, where", CROWD_ERRORS)
def test_bad_crowd_file(files, text, where):
    tmp, probs, crowd, tips = files
    bad = tmp / "bad-crowd.csv"
    bad.write_text(text)
    out = tmp / "out.csv"
    for args in (["evaluate", tips, "--probs", probs],
                 ["tickets", "--probs", probs, "--strategy", "value", "--count", 2, "--seed", 0,
                  "--out", out],
                 ["value", "--probs", probs]):
        res = run(*args, "--crowd", bad, "--rules", "stryktipset", "--turnover", TURNOVER)
        line = one_error_line(res)
        assert str(bad) in line and where in line
        assert not out.exists()


POOL_ERRORS = [
    (["--turnover", "0"], "--turnover ('0') must be a number > 0"),
    (["--turnover", "-5"], "--turnover ('-5') must be a number > 0"),
    (["--turnover", "lots"], "--turnover ('lots') must be a finite number"),
    (["--jackpot", "-1"], "--jackpot ('-1') must be a number >= 0"),
    (["--min-quota", "-1"], "--min-quota ('-1') must be a number >= 0"),
]


@pytest.mark.parametrize("extra, message", POOL_ERRORS)
def test_bad_pool_options(files, extra, message):
    tmp, probs, crowd, tips = files
    out = tmp / "out.csv"
    for args in (["evaluate", tips, "--probs", probs],
                 ["tickets", "--probs", probs, "--strategy", "value", "--count", 2, "--seed", 0,
                  "--out", out],
                 ["value", "--probs", probs]):
        assert message in one_error_line(run(*args, "--rules", "stryktipset", *extra))
        assert not out.exists()


@pytest.mark.parametrize("text", ["14:0.5", "10:1", "10:0", "-1:0.5", "10", "a:b"])
def test_min_coverage_out_of_range(files, text):
    tmp, probs, crowd, tips = files
    out = tmp / "out.csv"
    res = run("tickets", "--probs", probs, "--strategy", "value", "--count", 2, "--seed", 0,
              "--rules", "stryktipset", "--min-coverage", text, "--out", out)
    assert f"--min-coverage ('{text}') must be X:Q" in one_error_line(res) and not out.exists()


def test_tickets_value_errors(files):
    tmp, probs, crowd, tips = files
    out = tmp / "out.csv"
    value = ["tickets", "--probs", probs, "--count", 3, "--seed", 0, "--out", out]
    line = one_error_line(run(*value, "--strategy", "value", "--rules", "stryktipset",
                              "--min-coverage", "13:0.9"))
    assert line.startswith("Error: --min-coverage (13, 0.9) cannot be met with 3 tips")
    line = one_error_line(run(*value, "--strategy", "top", "--min-coverage", "10:0.5"))
    assert "--min-coverage applies only to --strategy value" in line
    line = one_error_line(run(*value, "--strategy", "value", "--rules", "stryktipset", "--spec",
                              " ".join(["10"] * 13)))
    assert "--spec does not apply to --strategy value" in line
    line = one_error_line(run(*value, "--strategy", "value"))  # toto13: no typical turnover
    assert "--turnover T is needed" in line
    assert not out.exists()


def test_crowd_without_probabilities(files):
    tmp, probs, crowd, tips = files
    line = one_error_line(run("evaluate", tips, "--hit-rate", "1/2", "--crowd", crowd))
    assert "--crowd needs match probabilities" in line
    line = one_error_line(run("value", "--crowd", crowd, "--rules", "stryktipset"))
    assert "--crowd needs match probabilities" in line
    out = tmp / "out.csv"
    line = one_error_line(run("tickets", "--hit-rate", "1/2", "--crowd", crowd, "--strategy", "value",
                              "--count", 2, "--seed", 0, "--out", out, "--rules", "stryktipset"))
    assert "--crowd needs match probabilities" in line and not out.exists()


def test_value_command_errors(files):
    tmp, probs, crowd, tips = files
    assert "--top ('-1') must be" in one_error_line(run("value", "--probs", probs, "--top", -1,
                                                        "--rules", "stryktipset"))
    assert "give --probs FILE or --odds FILE" in one_error_line(run("value", "--rules", "stryktipset"))
    assert "--turnover T is needed" in one_error_line(run("value", "--probs", probs))


# ------------------------------------------------------------------ the spread of the return (--rounds)
from toto13.cli._formats import money  # noqa: E402
from toto13.cli._value_report import SAMPLES  # noqa: E402
from toto13.pool import return_distribution  # noqa: E402

TIPS3 = ["1111111111111", "1211121112111", "1011102110011"]
SPREAD_KEYS = {"median", "q05", "q95", "p_return_ge_cost", "p_return_positive", "rounds_per_payout",
               "rounds_per_cost_back"}
ROUNDS_KEYS = {"k", "p_profit", "p_profit_se", "q05", "median", "q95", "method", "samples", "seed"}


def library_spread(tips, rounds=1, seed=0, **pool):
    return return_distribution(tips_from_strings(tips), PROBS, CROWD_PCT / 100, stryk_pool(**pool),
                               rounds=rounds, rng=seed, samples=SAMPLES)


def check_spread(v, s, rounds):
    """A JSON spread object against the library's ReturnSpread (the same seed: the same numbers, up to
    the rounding of the crowd file's percentages)."""
    same = functools.partial(pytest.approx, rel=1e-9, abs=1e-15)
    assert SPREAD_KEYS <= set(v)
    assert [v["median"], v["q05"], v["q95"]] == same([s.median, s.q05, s.q95])
    assert [v["p_return_ge_cost"], v["p_return_positive"]] == same([s.p_return_ge_cost, s.p_return_positive])
    assert [v["rounds_per_payout"], v["rounds_per_cost_back"]] == same([s.rounds_per_payout,
                                                                        s.rounds_per_cost_back])
    if rounds is None:
        assert "rounds" not in v
        return
    r = v["rounds"]
    assert set(r) == ROUNDS_KEYS and r["k"] == rounds
    assert [r["p_profit"], r["p_profit_se"]] == same([s.p_profit, s.p_profit_se])
    assert [r["q05"], r["median"], r["q95"]] == same([s.total_q05, s.total_median, s.total_q95])
    assert (r["method"], r["samples"], r["seed"]) == (s.method, s.samples, s.seed)


@pytest.mark.parametrize("rounds", [None, 1, 52])
def test_evaluate_json_spread_equals_the_library(files, rounds):
    tmp, probs, crowd, tips = files
    extra = [] if rounds is None else ["--rounds", rounds]
    res = run("evaluate", tips, "--probs", probs, "--crowd", crowd, "--rules", "stryktipset",
              "--turnover", TURNOVER, "--format", "json", *extra)
    assert res.exit_code == 0, res.output
    s = library_spread(TIPS3, rounds or 1)
    v = json.loads(res.output)["value"]
    check_spread(v, s, rounds)
    assert v["expected_return"] == pytest.approx(s.mean, rel=1e-9)
    if rounds == 52:
        assert v["rounds"]["method"] == "monte carlo" and v["rounds"]["seed"] == 0
        assert v["rounds"]["samples"] == SAMPLES and 0 < v["rounds"]["p_profit_se"] < 0.01
    if rounds == 1:
        assert v["rounds"]["method"] == "exact" and v["rounds"]["p_profit_se"] == 0.0


def test_evaluate_table_prints_the_library_spread(files):
    tmp, probs, crowd, tips = files
    res = run("evaluate", tips, "--probs", probs, "--crowd", crowd, "--rules", "stryktipset",
              "--turnover", TURNOVER, "--rounds", 52)
    assert res.exit_code == 0, res.output
    s = library_spread(TIPS3, 52)
    out = res.output
    assert (f"one round: median return {money(s.median)} SEK, 5-95% range {money(s.q05)} .. "
            f"{money(s.q95)} SEK") in out
    assert f"P(return >= cost) {100 * s.p_return_ge_cost:.2f}%" in out
    assert f"it {s.how_rarely()}" in out
    assert f"over 52 rounds (cost 156.00 SEK): P(profit) {100 * s.p_profit:.2f}% (Monte Carlo, " \
           f"{SAMPLES:,} paths, seed 0: ± {100 * s.p_profit_se:.2f}% s.e.)" in out
    assert (f"total return 5% / 50% / 95%: {money(s.total_q05)} / {money(s.total_median)} / "
            f"{money(s.total_q95)} SEK") in out
    plain = run("evaluate", tips, "--probs", probs, "--crowd", crowd, "--rules", "stryktipset",
                "--turnover", TURNOVER).output
    assert "one round: median return" in plain and "over 52 rounds" not in plain


def test_tickets_spread_is_seeded_by_seed(files):
    tmp, probs, crowd, tips = files
    out = tmp / "t.csv"
    args = ["tickets", "--probs", probs, "--crowd", crowd, "--rules", "stryktipset", "--turnover",
            TURNOVER, "--strategy", "top", "--count", 3, "--seed", 7, "--out", out, "--force"]
    res = run(*args, "--format", "json", "--rounds", 10)
    assert res.exit_code == 0, res.output
    written = out.read_text().split()[1:]
    check_spread(json.loads(res.output)["value"], library_spread(written, 10, seed=7), 10)
    table = run(*args, "--rounds", 10).output
    assert "over 10 rounds" in table and "seed 7" in table and "one round: median return" in table


def test_value_says_how_rarely_the_best_tip_pays(files):
    tmp, probs, crowd, tips = files
    base = ["value", "--probs", probs, "--crowd", crowd, "--rules", "stryktipset", "--turnover",
            TURNOVER, "--top", 3]
    d = json.loads(run(*base, "--format", "json", "--rounds", 20).output)
    listed = [r["tip"] for r in d["top"]]
    best, whole = library_spread(listed[:1], 20), library_spread(listed, 20)
    assert d["best_tip"]["tip"] == listed[0]
    check_spread(d["best_tip"], best, 20)
    check_spread(d["top_set"], whole, 20)
    assert d["top_set"]["tips"] == 3 and d["top_set"]["expected_return"] == whole.mean
    line = d["top_how_rarely"]
    assert line.startswith(f"The best tip pays something once in {best.rounds_per_payout:,.0f} rounds "
                           f"(P(13 strikes) = {d['top'][0]['p_13']:.3g}) and pays back its stake once in "
                           f"{best.rounds_per_cost_back:,.0f} rounds")
    assert ("rests on those rare wins" in line) == (best.median == 0)
    table = run(*base).output
    assert line in table and "The 3 tips as a set: expected return" in table
    assert "over 20 rounds" not in table
    d1 = json.loads(run(*base[:-1], 1, "--format", "json").output)
    assert d1["top_set"] is None and "rounds" not in d1["best_tip"]
    d0 = json.loads(run(*base[:-1], 0, "--format", "json").output)
    assert "best_tip" not in d0 and d0["top"] == []


@pytest.mark.parametrize("text, message", [("0", "--rounds ('0') must be in 1..1000"),
                                           ("-1", "--rounds ('-1') must be in 1..1000"),
                                           ("x", "--rounds ('x') must be a whole number"),
                                           ("1001", "--rounds ('1001') must be in 1..1000")])
def test_bad_rounds(files, text, message):
    tmp, probs, crowd, tips = files
    out = tmp / "out.csv"
    for args in (["evaluate", tips, "--probs", probs],
                 ["tickets", "--probs", probs, "--count", 2, "--seed", 0, "--out", out],
                 ["value", "--probs", probs]):
        line = one_error_line(run(*args, "--rules", "stryktipset", "--rounds", text))
        assert line == f"Error: {message}"
        assert not out.exists()
