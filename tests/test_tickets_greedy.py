"""The greedy's machinery: the demo round's tips pinned to those of the previous kernel, the pair table
against brute force, the generic lazy driver, and stopping (check hook, deadline, Ctrl-C)."""
from __future__ import annotations

import hashlib
import itertools
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from toto13.estimators import remove_margin
from toto13.tickets import evaluate, greedy_tips, tips_to_strings
from toto13.hamming import NUMBA
from toto13 import greedy as G
from toto13.tickets.generators import _greedy_setup

ROOT = Path(__file__).resolve().parents[1]


def demo_round_probs() -> np.ndarray:
    """The last demo round's odds -> Shin probabilities, as scripts/demo does."""
    import pandas as pd
    m = pd.read_csv(ROOT / "toto13" / "data" / "demo-rounds" / "matches.csv")
    last = m[m["round"] == m["round"].iloc[-1]]
    return remove_margin(last[["odds_home", "odds_draw", "odds_away"]].to_numpy(), "shin").probs


def test_demo_round_tips_equal_the_previous_exact_greedy():
    # Pinned from the greedy before the lazy/pair-table rewrite (toto13 0.1.0, commit 8d39322: exact
    # incremental gains, a full argmax every tip): greedy_tips(40, probs, 10) on the demo round gave
    # these first tips, sha256(" ".join(tips))[:16] = 42c0773ac47c9a56 and P(best >= 10) =
    # 0.23088502419166823 (sum of gains, equal to evaluate()).
    probs = demo_round_probs()
    tips, gains = greedy_tips(40, probs, 10, return_gains=True)
    s = tips_to_strings(tips)
    assert s[:5] == ['1112211112211', '1212212112111', '1112212112222', '1111211112112',
                     '1211211112221']
    assert hashlib.sha256(" ".join(s).encode()).hexdigest()[:16] == "42c0773ac47c9a56"
    coverage = evaluate(tips, probs).coverage[10]
    assert coverage == pytest.approx(0.23088502419166823, abs=1e-12)
    assert gains.sum() == pytest.approx(coverage, abs=1e-12)


@pytest.mark.skipif(not NUMBA, reason="the threaded transform needs numba")
def test_greedy_tips_do_not_depend_on_the_thread_count(monkeypatch):
    # the transform shares its blocks out over threads with the same operations per point, so the
    # gains, and with them the tips, are the same bits on one thread as on three
    probs = demo_round_probs()
    runs = []
    for threads in ("1", "3"):
        monkeypatch.setenv("TOTO13_THREADS", threads)
        runs.append(greedy_tips(300, probs, 10, return_gains=True))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    np.testing.assert_array_equal(runs[0][1], runs[1][1])


@pytest.mark.parametrize("m, radius", [(4, 1), (6, 2), (7, 3), (5, 0)])
def test_pair_graph_against_brute_force(m, radius):
    # every offset u within 2R numbered once; its edges are exactly the v within R of it
    pos, shift, where, indptr, edges = G.pair_graph(m, radius)
    v = np.zeros((len(pos), m), dtype=int)
    for i in range(len(pos)):
        for r in range(pos.shape[1]):
            if shift[i, r]:
                v[i, pos[i, r]] = shift[i, r]
    offsets = np.array(list(itertools.product(range(3), repeat=m)))
    weight = (offsets != 0).sum(axis=1)
    np.testing.assert_array_equal(where >= 0, weight <= 2 * radius)
    numbers = where[where >= 0]
    assert sorted(numbers.tolist()) == list(range(len(numbers)))
    for key in np.flatnonzero(where >= 0):
        u = offsets[key]
        got = sorted(edges[indptr[where[key]]:indptr[where[key] + 1]].tolist())
        want = np.flatnonzero((v != u).sum(axis=1) <= radius).tolist()
        assert got == want


def test_lazy_greedy_matches_plain_greedy_on_random_coverage():
    # weighted max coverage of random sets, greedy by full re-evaluation as the reference
    rng = np.random.default_rng(5)
    w = rng.random(60)
    sets = [rng.choice(60, size=rng.integers(1, 12), replace=False) for _ in range(40)]
    left = w.copy()

    def gains_of(idx):
        return [left[sets[i]].sum() for i in idx]

    def commit(i):
        left[sets[i]] = 0.0

    pos, got = G.lazy_greedy(15, [w[s].sum() for s in sets], gains_of, commit, batch=3)
    ref_left = w.copy()
    taken: list[int] = []
    for _ in range(15):
        g = np.array([ref_left[s].sum() if i not in taken else -1.0 for i, s in enumerate(sets)])
        i = int(np.argmax(g))
        taken.append(i)
        ref_left[sets[i]] = 0.0
    assert pos.tolist() == taken


def test_greedy_honours_the_check_hook_and_the_deadline():
    probs = np.tile([0.5, 0.27, 0.23], (9, 1))
    calls = []

    def check():
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt

    m, cells, n, radius, weight = _greedy_setup(50, probs, 7, None)
    with pytest.raises(KeyboardInterrupt):  # chunks of 1 unit of work: a check between picks
        G.coverage_greedy(50, cells, weight, radius, check=check, chunk=1)
    assert len(calls) == 3
    with pytest.raises(G.GreedyStopped, match="deadline reached after 0 of 50 greedy picks"):
        greedy_tips(50, probs, 7, deadline=time.monotonic() - 1.0)
    # a hook that does not raise is called often and changes nothing
    calls.clear()
    a = greedy_tips(30, probs, 7)
    b = greedy_tips(30, probs, 7, check=lambda: calls.append(1))
    np.testing.assert_array_equal(a, b)
    assert calls
    with pytest.raises(TimeoutError):
        G.lazy_greedy(3, [1.0, 1.0], lambda i: [1.0] * len(i), lambda i: None,
                      deadline=time.monotonic() - 1.0)


@pytest.mark.slow
def test_ctrl_c_stops_a_greedy_run_without_a_crash(tmp_path):
    # Before the chunked kernel, SIGINT during `tickets --strategy greedy` ended in a segmentation
    # fault (exit 139) or was ignored for tens of seconds.
    probs = tmp_path / "p.csv"
    probs.write_text("match,home,draw,away\n" + "".join(f"{i},0.5,0.27,0.23\n" for i in range(1, 14)))
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([str(Path(sys.executable).parent / "toto13"), "tickets", "--probs", str(probs),
                             # 9 strikes: some 16 s of picks on an idle machine (100,000 tips at 10
                             # strikes got too quick once the zero-gain tail was filled in order)
                             "--strategy", "greedy", "--count", "60000", "--min-strikes", "9", "--seed", "1",
                             "--out", str(tmp_path / "t.csv")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
                            # a shell's background job starts with SIGINT ignored: restore it
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(6.0)  # start-up, set-up and well into the picks
    assert proc.poll() is None
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    stopped = time.monotonic() - sent
    assert proc.returncode in (1, 130), (proc.returncode, err[-500:])
    assert b"Traceback" not in err and b"Segmentation" not in err
    assert stopped < 3.0
    assert not (tmp_path / "t.csv").exists()


def _top_by_sorting(sums, cells, taken, size):
    vals = sums[cells].copy()
    vals[taken] = -np.inf
    tau = np.sort(vals)[::-1][min(size, vals.size) - 1]
    return np.flatnonzero(vals >= tau), tau


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 3000), st.integers(1, 400), st.integers(0, 2 ** 32 - 1), st.booleans())
def test_select_top_is_the_best_size_with_ties_at_the_bar(n, size, seed, coarse):
    # against a full sort: the same positions and threshold, ties at the threshold all kept, taken
    # candidates only when too few are left
    rng = np.random.default_rng(seed)
    space = n + int(rng.integers(0, 50))
    sums = rng.integers(0, 20, space).astype(float) if coarse else rng.random(space)
    cells = np.sort(rng.choice(space, n, replace=False))
    taken = rng.random(n) < 0.3
    pos, tau = G.select_top(sums, cells, taken, size)
    want, want_tau = _top_by_sorting(sums, cells, taken, size)
    assert tau == want_tau
    assert pos.tolist() == want.tolist()


def test_select_top_when_the_sampled_bar_is_too_high():
    # every third value (the sample, at this size) is large and the rest ties below it: the bar from
    # the sample lets too few through, and the exact answer still comes out
    n = 200_000
    sums = np.full(n, 0.5)
    sums[::3] = 1.0 + np.arange(sums[::3].size)
    pos, tau = G.select_top(sums, np.arange(n), np.zeros(n, bool), 70_000)
    want, want_tau = _top_by_sorting(sums, np.arange(n), np.zeros(n, bool), 70_000)
    assert tau == want_tau == 0.5 and pos.tolist() == want.tolist()
