"""Bounded searches: the greedy and value searches end in reasonable time or stop at a deadline
with a report, trivially met floors cost nothing, and options that do nothing are refused.

The oracles are plain greedies written out here (every gain afresh, the first of a tie), on weights
that are multiples of 1/1024 so that every sum is exact and ties are real ties.
"""
from __future__ import annotations

import itertools
import time

import numpy as np
import pytest
from click.testing import CliRunner

from toto13 import greedy as G
from toto13.cli import main
from toto13.greedy import GreedyStopped, coverage_greedy, lazy_greedy
from toto13.hamming import NUMBA, Balls
from toto13.pool import Pool, value_tips
from toto13.pool.value import _tip_coverage
from toto13.rules import STRYKTIPSET
from toto13.tickets import evaluate


def plain_coverage_greedy(n, weight, radius, m):
    """Every step: every cell's uncovered weight within ``radius`` afresh; the first of a tie."""
    balls = Balls((3,) * m, radius)(np.arange(3 ** m))
    w = weight.copy()
    taken = np.zeros(3 ** m, dtype=bool)
    chosen, gains = [], []
    for _ in range(n):
        g = np.where(taken, -np.inf, w[balls].sum(axis=1))
        best = int(np.argmax(g))
        chosen.append(best)
        gains.append(float(g[best]))
        taken[best] = True
        w[balls[best]] = 0.0
    return chosen, gains


def dyadic_weights(m, seed, zero_share=0.0):
    rng = np.random.default_rng(seed)
    w = rng.integers(0, 8, 3 ** m).astype(np.float64)
    w[rng.random(3 ** m) < zero_share] = 0.0
    return w / 1024.0


# ---------------------------------------------------------------------------------- the greedies
def test_lazy_greedy_with_many_equal_gains_needs_few_evaluations():
    # 8 ternary matches, equal weights, radius 3 (uniform matches, as in the value search): every
    # pick lowers the gains of the first thousand cells in index order; a fixed batch of 8 took 908
    # calls for 4 picks, the growing batch takes 24
    m, radius, n = 8, 3, 4
    weight = np.full(3 ** m, 1.0 / 1024)
    balls = Balls((3,) * m, radius)(np.arange(3 ** m))
    left = weight.copy()
    calls = []

    def gains_of(idx):
        calls.append(idx.size)
        return left[balls[idx]].sum(axis=1)

    def commit(i):
        left[balls[i]] = 0.0

    pos, got = lazy_greedy(n, left[balls].sum(axis=1), gains_of, commit, batch=8)
    want, want_gains = plain_coverage_greedy(n, weight, radius, m)
    assert pos.tolist() == want and got.tolist() == want_gains
    assert len(calls) <= 40


@pytest.mark.skipif(not NUMBA, reason="the compiled greedy needs numba")
@pytest.mark.parametrize("radius, no_graph", [(1, False), (2, False), (2, True), (4, True)])
def test_coverage_greedy_over_every_cell_is_the_plain_greedy(monkeypatch, radius, no_graph):
    # all 3^6 cells, so the picks run on long after every result is covered (gains of 0, taken in
    # cell order); no_graph: the large-radius path (a transform a pick) forced on a small space
    m = 6
    if no_graph:
        monkeypatch.setattr(G, "MAX_PAIR_EDGES", 0)
        G.pair_graph.cache_clear()
    try:
        w = dyadic_weights(m, radius, zero_share=0.3)
        chosen, got = coverage_greedy(3 ** m, np.arange(3 ** m, dtype=np.int64), w.copy(), radius)
    finally:
        G.pair_graph.cache_clear()
    want, want_gains = plain_coverage_greedy(3 ** m, w, radius, m)
    assert chosen.tolist() == want
    assert got.tolist() == want_gains


@pytest.mark.skipif(not NUMBA, reason="the compiled greedy needs numba")
def test_greedy_over_all_cells_takes_the_zero_gain_rest_without_a_search(monkeypatch):
    # once every result is covered, the picks left have gain 0 and go in cell order: before, each
    # still went through the hot set (all 3^13 greedy tips ran past 120 s); now the rest is filled
    m, radius = 8, 1
    tails = []
    real = G._zero_tail
    monkeypatch.setattr(G, "_zero_tail", lambda chosen, got, k, *a: tails.append(k) or real(
        chosen, got, k, *a))
    w = dyadic_weights(m, 2)
    chosen, got = coverage_greedy(3 ** m, np.arange(3 ** m, dtype=np.int64), w.copy(), radius)
    assert len(tails) == 1 and tails[0] == np.count_nonzero(got) < 3 ** m
    assert sorted(chosen.tolist()) == list(range(3 ** m))
    assert got.sum() == w.sum()  # dyadic: exact


@pytest.mark.skipif(not NUMBA, reason="the compiled greedy needs numba")
def test_coverage_greedy_deadline_says_how_far_it_got():
    w = dyadic_weights(7, 1)
    with pytest.raises(GreedyStopped, match=r"deadline reached after 0 of 50 greedy picks") as info:
        coverage_greedy(50, np.arange(3 ** 7, dtype=np.int64), w, 4, deadline=time.monotonic() - 1)
    assert (info.value.done, info.value.wanted) == (0, 50)


# ---------------------------------------------------------------------------------- value tips
def small_round(m, seed):
    rng = np.random.default_rng(seed)
    p = rng.dirichlet([2.0, 1.5, 1.5], size=m)
    c = rng.dirichlet([2.0, 1.5, 1.5], size=m)
    return p, c


def test_tip_coverage_against_enumeration():
    m = 5
    p, _ = small_round(m, 3)
    for tip in (0, 17, 3 ** m - 1):
        digits = [(tip // 3 ** (m - 1 - j)) % 3 for j in range(m)]
        for x in range(m + 1):
            want = sum(np.prod([p[j, r[j]] for j in range(m)])
                       for r in itertools.product(range(3), repeat=m)
                       if sum(r[j] == digits[j] for j in range(m)) >= x)
            assert _tip_coverage(p, tip, x) == pytest.approx(want, rel=1e-12, abs=1e-15)


def test_a_floor_the_best_tip_meets_leaves_the_value_tips_unchanged():
    # --min-coverage 0:0.5 (any tip has >= 0 strikes) ran the coverage greedy over the whole space
    # for 726 s; a floor the best value tip meets alone is met by the tips without it
    m = 13
    p, c = small_round(m, 5)
    pool = Pool(STRYKTIPSET, 2e7)
    plain = value_tips(3, p, c, pool)
    for floor in [(0, 0.5), (1, 0.5), (0, 1.0), (3, 0.0)]:
        t0 = time.perf_counter()
        got = value_tips(3, p, c, pool, min_coverage=floor)
        assert time.perf_counter() - t0 < 30
        np.testing.assert_array_equal(got, plain)
        assert evaluate(got, p).coverage[floor[0]] >= floor[1] - 1e-12


def six_match_pool():
    from toto13.rules import Rules
    rules = Rules(name="six", matches=6, tiers=(6, 5), tier_shares=(0.5, 0.3), payout_ratio=0.6,
                  stake=1.0, voucher_fee=0.0, quota_step=0.0, average_payouts=None)
    return Pool(rules, 500.0)


def test_a_floor_the_tips_without_it_meet_leaves_them_unchanged():
    # a floor that the first tip misses but the whole set without the floor meets: those are the
    # tips (coverage-first tips would only lose value); a floor just above them is met otherwise
    p, c = small_round(6, 8)
    pool = six_match_pool()
    plain, gains = value_tips(20, p, c, pool, return_gains=True)
    ev = evaluate(plain, p)
    one = evaluate(plain[:1], p).coverage[5]
    assert one < ev.coverage[5] - 0.02
    got = value_tips(20, p, c, pool, min_coverage=(5, (one + ev.coverage[5]) / 2))
    np.testing.assert_array_equal(got, plain)
    q = min(ev.coverage[5] + 0.01, 0.99)
    tips, other = value_tips(20, p, c, pool, min_coverage=(5, q), return_gains=True)
    assert evaluate(tips, p).coverage[5] >= q - 1e-12
    assert other.sum() <= gains.sum() + 1e-12  # the floor costs value


def test_value_tips_deadline_reports_the_floor(monkeypatch):
    from toto13.pool import value as V

    p, c = small_round(6, 8)
    pool = six_match_pool()
    past = time.monotonic() - 1
    with pytest.raises(GreedyStopped, match=r"after 0 of 20 greedy picks \(a first try without the "
                                            r"floor P\(best >= 6\) >= 0.5, not yet checked\)"):
        value_tips(20, p, c, pool, min_coverage=(6, 0.5), deadline=past)
    with pytest.raises(GreedyStopped, match=r"after 0 of 20 greedy picks \(the floor P\(best >= 0\) "
                                            r">= 0.5 met\)"):
        value_tips(20, p, c, pool, min_coverage=(0, 0.5), deadline=past)
    with pytest.raises(GreedyStopped, match=r"after 0 of 20 greedy picks$"):
        value_tips(20, p, c, pool, deadline=past)

    def stopped(n, *args, **kwargs):  # the deadline passes in the coverage phase, 3 tips in
        raise GreedyStopped(3, n)

    monkeypatch.setattr(V, "coverage_greedy", stopped)
    with pytest.raises(GreedyStopped, match=r"after 3 of 20 greedy picks \(all of them for the floor "
                                            r"P\(best >= 6\) >= 0.5, not yet met\)"):
        value_tips(20, p, c, pool, min_coverage=(6, 0.5))


# ---------------------------------------------------------------------------------- the command
@pytest.fixture()
def probs13(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("home,draw,away\n" + "0.5,0.27,0.23\n" * 13)
    return path


def run(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def one_line_error(r, text):
    assert r.exit_code == 2, r.output
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and text in lines[0], r.output
    assert "Traceback" not in r.output


@pytest.mark.skipif(not NUMBA, reason="the compiled greedy needs numba")
@pytest.mark.parametrize("extra, text", [
    (["--strategy", "greedy", "--count", "100000"],
     "--time (0.001 s) ran out: 0 of 100,000 greedy tips found; nothing written (give a larger "
     "--time or a smaller --count)"),
    (["--strategy", "value", "--count", "5000", "--min-coverage", "12:0.9", "--rules", "stryktipset"],
     "of 5,000 value tips found (a first try without the floor P(best >= 12) >= 0.9, not yet "
     "checked)"),
])
def test_tickets_time_bound_reports_and_writes_nothing(tmp_path, probs13, extra, text):
    out = tmp_path / "t.csv"
    r = run("tickets", "--probs", probs13, "--seed", 1, "--out", out, "--time", "0.001", *extra)
    one_line_error(r, text)
    assert not out.exists()


@pytest.mark.parametrize("extra, text", [
    (["--strategy", "value", "--power", "3"], "--power applies only to --strategy weighted, not value"),
    (["--strategy", "top", "--power", "1"], "--power applies only to --strategy weighted, not top"),
    (["--strategy", "greedy", "--power", "2"], "--power applies only to --strategy weighted"),
    (["--strategy", "value", "--min-strikes", "10"],
     "--min-strikes applies only to --strategy greedy, not value"),
    (["--strategy", "top", "--min-strikes", "10"], "--min-strikes applies only to --strategy greedy"),
    (["--strategy", "top", "--min-coverage", "10:0.5"], "--min-coverage applies only to --strategy value"),
    (["--strategy", "value", "--spec", " ".join(["1"] * 13)], "--spec does not apply to --strategy value"),
    (["--strategy", "weighted", "--time", "5"], "--time applies only to --strategy greedy and value"),
    (["--strategy", "greedy", "--time", "0"], "--time ('0') must be a number of seconds > 0"),
    (["--strategy", "greedy", "--time", "-3"], "--time ('-3') must be a number of seconds > 0"),
    (["--strategy", "greedy", "--time", "soon"], "--time ('soon') must be a number of seconds > 0"),
    (["--strategy", "value", "--time", "nan"], "--time ('nan') must be a number of seconds > 0"),
])
def test_tickets_refuses_options_that_do_nothing(tmp_path, probs13, extra, text):
    out = tmp_path / "t.csv"
    r = run("tickets", "--probs", probs13, "--count", 2, "--seed", 1, "--out", out,
            "--rules", "stryktipset", *extra)
    one_line_error(r, text)
    assert not out.exists()


def test_tickets_weighted_power_still_works(tmp_path, probs13):
    out = tmp_path / "t.csv"
    r = run("tickets", "--probs", probs13, "--count", 2, "--seed", 1, "--out", out, "--power", "2")
    assert r.exit_code == 0, r.output
    assert out.exists()


@pytest.mark.slow
@pytest.mark.skipif(not NUMBA, reason="the compiled greedy needs numba")
def test_tickets_trivial_floor_returns_the_value_tips(tmp_path, probs13):
    # the reproducer: --min-coverage 0:0.5 --count 1 ran 726 s; now as quick as without a floor
    outs = []
    for floor in (["--min-coverage", "0:0.5"], ["--min-coverage", "1:0.5"], []):
        out = tmp_path / f"t{len(outs)}.csv"
        t0 = time.perf_counter()
        r = run("tickets", "--probs", probs13, "--strategy", "value", "--count", 1, "--seed", 1,
                "--out", out, "--rules", "stryktipset", *floor)
        assert r.exit_code == 0, r.output
        assert time.perf_counter() - t0 < 60
        outs.append(out.read_text())
    assert outs[0] == outs[1] == outs[2]


# ---------------------------------------------------------------------------------- value --top
def test_co_winners_of_many_tips_take_bounded_memory(monkeypatch):
    # value --top K gathered every tip's ball at once: about 80 KB a tip (--top 30000 took 2.4 GB)
    import tracemalloc

    from toto13.pool import returns as R
    from toto13.tickets import tips_from_index

    p, c = small_round(13, 11)
    pool = Pool(STRYKTIPSET, 2e7)
    tips = tips_from_index(np.arange(0, 3 ** 13, 53, dtype=np.int64)[:20_000], 13)
    peaks = []
    for rows in (tips[:100], tips):
        tracemalloc.start()
        try:
            got = R.expected_co_winners(rows, p, c, pool)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    # 19,900 more tips cost under 60 MB more (before: some 1.6 GB more)
    assert peaks[1] - peaks[0] < 60e6, peaks
    # the chunks change nothing (but the order of a sum): one row a chunk gives the same numbers
    monkeypatch.setattr(R, "CO_WINNERS_CHUNK", 1)
    np.testing.assert_allclose(R.expected_co_winners(tips[:700], p, c, pool), got[:700], rtol=1e-13)


@pytest.mark.parametrize("top", ["1594323", "100001"])
def test_value_top_is_bounded(probs13, top):
    one_line_error(run("value", "--probs", probs13, "--top", top, "--rules", "stryktipset"),
                   f"--top ('{top}') must be in 0..100000")


@pytest.mark.parametrize("extra, fmt", [(["--top", "0"], "table"), (["--top", "3"], "csv")])
def test_value_rounds_without_a_spread_is_refused(probs13, extra, fmt):
    one_line_error(run("value", "--probs", probs13, "--rules", "stryktipset", "--rounds", "5",
                       "--format", fmt, *extra),
                   "--rounds applies only to the spread of the listed tips")


# ---------------------------------------------------------------------------------- Ctrl-C


@pytest.mark.slow
@pytest.mark.skipif(not NUMBA, reason="the compiled greedy needs numba")
@pytest.mark.parametrize("search, wait", [
    (["value", "--count", "100000", "--min-coverage", "10:0.9"], 2.0),
    (["value", "--count", "100000", "--min-coverage", "10:0.9"], 6.0),
    (["value", "--count", "20", "--min-coverage", "4:0.999999"], 5.0),  # in the 4-strike floor's picks
    (["greedy", "--count", "1000", "--min-strikes", "4"], 5.0),
])
def test_sigint_stops_a_search_within_two_seconds(tmp_path, search, wait):
    # the reproducer: Ctrl-C sent at 90 s and 240 s into a value search with a floor was never acted
    # on; now every step returns to Python well within a second: the value picks, the compiled
    # hot-set greedy (10 strikes), a transform a pick (4 strikes: balls of most of the space)
    import os

    from test_interrupts import interrupt

    value_tips(2, *small_round(13, 1), Pool(STRYKTIPSET, 2e7), min_coverage=(10, 0.05))  # compile first
    (tmp_path / "P.csv").write_text("match,home,draw,away\n"
                                    + "".join(f"{i + 1},0.5,0.27,0.23\n" for i in range(13)))
    before = sorted(os.listdir(tmp_path))
    code, err, took = interrupt(["tickets", "--probs", "P.csv", "--strategy", *search, "--rules",
                                 "stryktipset", "--seed", "1", "--out", "v.csv"], tmp_path, wait)
    assert code == 130 and err.split() == ["Aborted!"], (code, err)
    assert took < 2.0
    assert sorted(os.listdir(tmp_path)) == before


@pytest.mark.parametrize("third", [1 / 3, 0.333333333334])
def test_value_tips_of_uniform_matches_are_quick_and_exact(third):
    # 13 uniform matches (exactly, and as a file with 0.333333333333 / ...334 gives them), a uniform
    # crowd: every tip is worth about the same alone, and the best second tip shares no result within
    # 3 misses with the first (one that does dilutes their shared wins): its gain is the first's. The
    # bounds lay a hair above the equal gains, so each pick evaluated all 3^13 tips (--count 2: 124 s)
    p = np.tile([1 / 3, 1 / 3, 1 / 3], (13, 1))
    p[:, 2] = third
    p /= p.sum(axis=1, keepdims=True)
    pool = Pool(STRYKTIPSET, 15_603_087.0)
    t0 = time.perf_counter()
    tips, gains = value_tips(2, p, p, pool, return_gains=True)
    assert time.perf_counter() - t0 < 30
    assert np.count_nonzero(tips[0] != tips[1]) >= 7
    assert gains[1] == pytest.approx(gains[0], rel=1e-9)


def test_rounds_without_a_pool_value_is_refused(tmp_path, probs13):
    # toto13 rules give no typical turnover: the value block (and its --rounds) was not shown, and
    # --rounds was accepted and ignored
    out = tmp_path / "t.csv"
    one_line_error(run("tickets", "--probs", probs13, "--count", 3, "--seed", 1, "--out", out,
                       "--rounds", 5), "--rounds applies only to the value in the pool: give --turnover T")
    assert not out.exists()
    tips = tmp_path / "tips.csv"
    tips.write_text("tip\n" + "1" * 13 + "\n")
    one_line_error(run("evaluate", tips, "--probs", probs13, "--rounds", 5),
                   "--rounds applies only to the value in the pool: give --turnover T")
    one_line_error(run("evaluate", tips, "--probs", probs13, "--rounds", 5, "--turnover", "1e6",
                       "--format", "csv"), "which --format csv does not show")
    r = run("evaluate", tips, "--probs", probs13, "--rounds", 5, "--turnover", "1e6")
    assert r.exit_code == 0 and "P(profit)" in r.output, r.output
