"""``TOTO13_THREADS``: a bad or absurd value is one line and exit status 2 before any command runs,
and threads that cannot be started are one line too (never a traceback)."""
from __future__ import annotations

import threading

import numpy as np
import pytest
from click.testing import CliRunner

from toto13 import hamming as H
from toto13.cli import main
from toto13.errors import MAX_THREADS, printable, threads_from_env

SPEC = "1 2 10 10 10 10 10 10 102 102 102 102 102"


@pytest.fixture()
def probs13(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("home,draw,away\n" + "0.5,0.27,0.23\n" * 13)
    return path


@pytest.mark.parametrize("value, text", [
    ("abc", "TOTO13_THREADS must be a positive integer, got 'abc'"),
    ("0", "TOTO13_THREADS must be a positive integer, got '0'"),
    ("1e3", "TOTO13_THREADS must be a positive integer, got '1e3'"),
    ("²", "TOTO13_THREADS must be a positive integer, got '²'"),
    ("999999999999999999999999999999",
     f"TOTO13_THREADS (999999999999999999999999999999) must be at most {MAX_THREADS}"),
    ("100000", f"TOTO13_THREADS (100000) must be at most {MAX_THREADS}"),
    # beyond int()'s 4,300-digit limit: our message (the value shortened), not Python's
    ("9" * 5000, f"TOTO13_THREADS ({printable('9' * 5000, limit=60)}) must be at most {MAX_THREADS}"),
])
def test_system_budget_refuses_a_bad_thread_count(tmp_path, probs13, value, text):
    # the README says a bad value is an error; system --budget exited 0 with 'abc' (its greedy start
    # never reached the threaded transform), and 10^30 threads ran on for minutes
    out = tmp_path / "s.csv"
    r = CliRunner().invoke(main, ["system", "--spec", SPEC, "--budget", "50", "--probs", str(probs13),
                                  "--seed", "1", "--out", str(out), "--time", "1"],
                           env={"TOTO13_THREADS": value})
    assert r.exit_code == 2, r.output
    assert r.output.strip() == f"Error: {text}"
    assert not out.exists()


@pytest.mark.parametrize("value, want", [(" 3 ", 3), ("1024", 1024), ("", None)])
def test_good_thread_counts(monkeypatch, value, want):
    monkeypatch.setenv("TOTO13_THREADS", value)
    assert threads_from_env() == want


@pytest.mark.skipif(not H.NUMBA, reason="the threaded transform needs numba")
def test_threads_that_cannot_start_are_one_error(monkeypatch):
    # a process limit makes Thread.start raise "can't start new thread" (seen with 100000 threads)
    def refuse(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(H, "_POOL", [])
    monkeypatch.setattr(threading.Thread, "start", refuse)
    with pytest.raises(ValueError, match=r"cannot start 4 threads for the compiled transform "
                                         r"\(can't start new thread\); set TOTO13_THREADS lower"):
        H.ball_sums(np.ones((3,) * 11), 1, compiled=True, threads=4)
    monkeypatch.undo()
    assert H.ball_sums(np.ones((3,) * 11), 1, compiled=True, threads=4).max() == 23.0
