"""Ctrl-C: a real SIGINT sent to a running command ends it with "Aborted!", exit status 130, nothing left.

Each command runs in a subprocess that imports the CLI, says ``ready`` on stderr and then runs the
command, so the signal always arrives while the command works (not while Python starts). Each case
runs far longer than the wait before the signal, so the signal hits the computation itself.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from toto13.cli import main as cli_main
from toto13.cli._group import Terminated

DEMO = Path(__file__).resolve().parents[1] / "toto13" / "data" / "demo-rounds"
THREE_WAYS = " ".join(["012"] * 13)
CHILD = ("import sys; from toto13.cli import main; print('ready', file=sys.stderr, flush=True); "
         "main(sys.argv[1:], prog_name='toto13')")

#: Seconds the command may take to stop after SIGINT: the promise is one second; the margin is for a
#: loaded test machine.
STOP_WITHIN = 10.0

CASES = {
    "tickets top with upload dir": ["tickets", "--probs", "P.csv", "--seed", "1", "--strategy", "top",
                                    "--count", "1594323", "--out", "t.csv", "--upload-dir", "up"],
    "system count": ["system", "--spec", THREE_WAYS, "--count", "1000000", "--probs", "P.csv",
                      "--time", "0", "--seed", "1", "--out", "s.csv", "--upload-dir", "up"],
    "backtest weighted": ["backtest", str(DEMO), "--strategy", "weighted", "--count", "200000",
                          "--monthly-limit", "none", "--seed", "1", "--ledger", "l.csv", "--plot",
                          "p.png", "-q"],
    # the compiled greedy kernel returns to Python in chunks, so Ctrl-C reaches it (it segfaulted)
    "tickets greedy with upload dir": ["tickets", "--probs", "P.csv", "--seed", "1", "--strategy",
                                       "greedy", "--count", "60000", "--min-strikes", "9", "--out", "g.csv",
                                       "--upload-dir", "up"],
    # (13 strikes at 90%: some 16 s of greedy picks; the 12-strike case got too quick to interrupt)
    "plan greedy": ["plan", "--probs", "P.csv", "--strategy", "greedy", "--min-strikes", "13",
                    "--safety", "0.9", "--max-tips", "1000000"],
    "backtest greedy": ["backtest", str(DEMO), "--strategy", "greedy", "--min-strikes", "10",
                        "--count", "100000", "--monthly-limit", "none", "--seed", "1", "--ledger",
                        "l.csv", "-q"],
}


def interrupt(args, cwd, wait=1.5):
    """Run ``toto13 ARGS`` in a child, send SIGINT ``wait`` seconds after it is ready (or once
    ``wait(pid)`` returns) and return its exit status, its stderr and how long it took to end."""
    env = dict(os.environ, MPLBACKEND="Agg")
    p = subprocess.Popen([sys.executable, "-c", CHILD, *args], cwd=cwd, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert p.stderr.readline() == b"ready\n"
        wait(p.pid) if callable(wait) else time.sleep(wait)
        assert p.poll() is None, "the command ended before the signal; make the case longer"
        t0 = time.perf_counter()
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=60)
        return p.returncode, err.decode(), time.perf_counter() - t0
    finally:
        if p.poll() is None:
            p.kill()
        p.communicate()  # reap it and close its pipes


@pytest.fixture(scope="module")
def compiled_kernels():
    """Compile (and cache) the greedy kernels first, so the children load them instead of compiling.

    A Ctrl-C that lands inside numba's compiler on a cold cache can still crash the process (a known
    limit, stated in the README); these tests are about the computation, so the signal must find it.
    """
    import numpy as np

    from toto13.tickets import greedy_tips

    greedy_tips(3, np.tile([0.5, 0.27, 0.23], (13, 1)), min_strikes=10)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_sigint_aborts_cleanly(tmp_path, name, compiled_kernels):
    (tmp_path / "P.csv").write_text("match,home,draw,away\n"
                                    + "".join(f"{i + 1},0.5,0.27,0.23\n" for i in range(13)))
    before = sorted(os.listdir(tmp_path))
    # the greedy cases wait until numba has compiled (or loaded) the kernel and the picks run
    code, err, took = interrupt(CASES[name], tmp_path, wait=4.0 if "greedy" in name else 1.5)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert code == 130 and lines == ["Aborted!"], (code, err)
    assert took < STOP_WITHIN
    assert sorted(os.listdir(tmp_path)) == before  # no staged temporary, no empty up/


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(entry.name))
    return out


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the workers")
def test_sigint_stops_every_worker_and_keeps_the_old_ledger(tmp_path):
    """backtest --jobs 2: Ctrl-C ends the workers too, and the ledger being replaced stays as it was."""
    (tmp_path / "l.csv").write_text("the old ledger\n")
    # a round of a million weighted tips takes far longer than STOP_WITHIN: the workers must be ended,
    # not waited for
    args = ["backtest", str(DEMO), "--strategy", "weighted", "--count", "1000000", "--monthly-limit",
            "none", "--seed", "1", "--ledger", "l.csv", "--force", "--jobs", "2", "-q"]
    workers: set[int] = set()

    def started(pid: int) -> None:
        deadline = time.monotonic() + 30
        while len(found := _children(pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(found) >= 2, "the worker processes did not start"
        workers.update(found)
        time.sleep(2.0)

    code, err, took = interrupt(args, tmp_path, started)
    assert code == 130 and err.split() == ["Aborted!"], (code, err)
    assert took < STOP_WITHIN
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    assert not alive, f"workers still running after Ctrl-C: {alive}"
    assert sorted(os.listdir(tmp_path)) == ["l.csv"]  # no staged temporary
    assert (tmp_path / "l.csv").read_text() == "the old ledger\n"


@pytest.mark.parametrize("cause, code, line", [(KeyboardInterrupt(), 130, "Aborted!"),
                                               (Terminated(signal.SIGTERM), 128 + signal.SIGTERM, "Terminated")])
def test_a_signal_inside_a_compiled_kernel_is_still_a_signal(monkeypatch, capsys, cause, code, line):
    # Ctrl-C landing in a numba kernel surfaces as "SystemError: CPUDispatcher(...) returned a result with
    # an exception set", the signal as its cause; it printed a traceback and exited 1 (seen once in CI)
    import click

    def kernel_interrupted(*args, **kwargs):
        try:
            raise cause
        except BaseException as exc:
            raise SystemError("CPUDispatcher(<function select_top>) returned a result with an exception set") \
                from exc

    monkeypatch.setattr(click.Group, "main", kernel_interrupted)
    with pytest.raises(SystemExit) as info:
        cli_main.main(["plan", "--help"])
    assert info.value.code == code and capsys.readouterr().err.strip() == line


def test_other_system_errors_are_not_hidden(monkeypatch):
    import click

    def broken(*args, **kwargs):
        raise SystemError("something else")

    monkeypatch.setattr(click.Group, "main", broken)
    with pytest.raises(SystemError, match="something else"):
        cli_main.main(["plan", "--help"])
