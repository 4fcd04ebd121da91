"""Outputs that are inputs, devices, named pipes, closed descriptors and endless inputs (issue 19).

The contract: exit status 2 (130 after Ctrl-C, within two seconds) and ONE line; no traceback; no input
and no earlier output changed; no temporary file left behind. The signal tests run the command in a
subprocess that says ``ready`` and then runs it, as a user's shell would.
"""
from __future__ import annotations

import fcntl
import os
import resource
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from toto13.cli import main

DEMO = Path(__file__).resolve().parents[1] / "toto13" / "data" / "demo-rounds"
SPEC = " ".join(["012"] * 5 + ["0"] * 8)
CHILD = ("import sys; from toto13.cli import main; print('ready', file=sys.stderr, flush=True); "
         "main(sys.argv[1:], prog_name='toto13')")
PROBS = "match,home,draw,away\n" + "".join(f"{i + 1},0.5,0.27,0.23\n" for i in range(13))
ODDS = "match,odds_home,odds_draw,odds_away\n" + "".join(f"{i + 1},2.0,3.4,3.9\n" for i in range(13))
#: Seconds a command may take to act on a signal: two, as promised, plus start-up on a loaded machine.
STOP_WITHIN = 2.0


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_line_error(output: str, code: int, *needles: str, expected: int = 2) -> str:
    assert code == expected, (code, output)
    lines = [ln for ln in output.strip().splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), output
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


def listing(d):
    return sorted(p.relative_to(d).as_posix() for p in Path(d).rglob("*"))


@pytest.fixture
def files(tmp_path, monkeypatch):
    """A probability file, an odds file, a crowd file, a rounds directory; the cwd is tmp_path."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.csv").write_text(PROBS)
    (tmp_path / "o.csv").write_text(ODDS)
    (tmp_path / "c.csv").write_text(PROBS)
    shutil.copytree(DEMO, tmp_path / "R")
    (tmp_path / "cfg.png").write_text('{"strategy": "top", "count": 2}')
    return tmp_path


# -- 1. an output that is an input -------------------------------------------------------------------

TICKETS = ["tickets", "--count", "3", "--seed", "1", "--strategy", "top"]
OUTPUT_IS_INPUT = {
    "tickets --probs": (TICKETS + ["--probs", "p.csv", "--out", "p.csv"], "p.csv"),
    "tickets --odds": (TICKETS + ["--odds", "o.csv", "--out", "o.csv"], "o.csv"),
    "tickets --crowd": (TICKETS + ["--probs", "p.csv", "--crowd", "c.csv", "--turnover", "1e6",
                                   "--out", "c.csv"], "c.csv"),
    "tickets upload file": (TICKETS + ["--probs", "up/t-001.csv", "--out", "t.csv", "--upload-dir", "up"],
                            "up/t-001.csv"),
    "estimate --probs-out": (["estimate", "o.csv", "--probs-out", "o.csv"], "o.csv"),
    "estimate --history": (["estimate", "o.csv", "--method", "base-rate", "--history", "R/matches.csv",
                            "--probs-out", "R/matches.csv"], "R/matches.csv"),
    "system --probs": (["system", "--spec", SPEC, "--probs", "p.csv", "--budget", "3", "--time", "0",
                        "--seed", "1", "--out", "p.csv"], "p.csv"),
    "backtest --tips --ledger": (["backtest", "R", "--strategy", "fixed", "--tips", "t0.csv",
                                  "--ledger", "t0.csv", "-q"], "t0.csv"),
    "backtest --config --calibration": (["backtest", "R", "--config", "cfg.png", "--calibration",
                                         "cfg.png", "-q"], "cfg.png"),
    "backtest rounds --ledger": (["backtest", "R", "--strategy", "top", "--count", "2", "--ledger",
                                  "R/payouts.csv", "-q"], "R/payouts.csv"),
    "calibrate --fit": (["calibrate", "R", "--fit", "R/matches.csv"], "R/matches.csv"),
    "symbolic link to the input": (TICKETS + ["--probs", "p.csv", "--out", "link.csv"], "p.csv"),
    "hard link to the input": (TICKETS + ["--probs", "p.csv", "--out", "hard.csv"], "p.csv"),
}


@pytest.mark.parametrize("force", [True, False])
@pytest.mark.parametrize("name", sorted(OUTPUT_IS_INPUT))
def test_an_output_that_is_an_input_is_refused(files, name, force):
    args, victim = OUTPUT_IS_INPUT[name]
    (files / "up").mkdir()
    (files / "up" / "t-001.csv").write_text(PROBS)
    (files / "t0.csv").write_text("tip\n" + "0" * 13 + "\n")
    os.symlink("p.csv", files / "link.csv")
    os.link(files / "p.csv", files / "hard.csv")
    before = {p: (files / p).read_bytes() for p in listing(files) if (files / p).is_file()}
    r = run(*args, *(["--force"] if force else []))
    one_line_error(r.output, r.exit_code, "an input of this command")
    assert {p: (files / p).read_bytes() for p in listing(files) if (files / p).is_file()} == before
    assert (files / victim).read_bytes() == before[victim]


def test_the_message_names_the_input_a_link_resolves_to(files):
    os.symlink("p.csv", files / "link.csv")
    r = run(*TICKETS, "--probs", "p.csv", "--out", "link.csv", "--force")
    one_line_error(r.output, r.exit_code, "link.csv is an input of this command (it is p.csv)")


def test_an_upload_file_of_an_earlier_export_that_is_an_input_is_not_removed(files):
    # --force removes up/t-002.csv, an upload file of an earlier, larger export: not when it is read
    (files / "up").mkdir()
    (files / "up" / "t-002.csv").write_text(PROBS)
    r = run(*TICKETS, "--probs", "up/t-002.csv", "--out", "t.csv", "--upload-dir", "up", "--force")
    one_line_error(r.output, r.exit_code, "up/t-002.csv is an input of this command")
    assert (files / "up" / "t-002.csv").read_text() == PROBS and not (files / "t.csv").exists()


def test_a_new_file_and_an_unrelated_existing_file_are_still_written(files):
    (files / "old.csv").write_text("x")
    assert run(*TICKETS, "--probs", "p.csv", "--out", "new.csv").exit_code == 0
    assert run(*TICKETS, "--probs", "p.csv", "--out", "old.csv", "--force").exit_code == 0
    assert (files / "old.csv").read_text().startswith("tip\n")


# -- 2. /dev/stdout and other descriptors ------------------------------------------------------------

def _child(args, cwd, preexec=None, **kwargs):
    """The command in a subprocess, its temporary directory ``cwd/tmp`` (to see what it leaves)."""
    env = dict(os.environ, MPLBACKEND="Agg", TMPDIR=str(cwd / "tmp"))
    (cwd / "tmp").mkdir(exist_ok=True)

    def setup():
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # as in a shell, whatever the test runner does
        if preexec is not None:
            preexec()

    return subprocess.Popen([sys.executable, "-c", CHILD, *map(str, args)], cwd=cwd, env=env,
                            stderr=subprocess.PIPE, preexec_fn=setup, **kwargs)


@pytest.mark.parametrize("force", [True, False])
def test_dev_stdout_appends_to_the_file_stdout_goes_to(files, force):
    log = files / "log.txt"
    log.write_text("precious\n")
    with open(log, "ab") as out:
        p = _child([*TICKETS, "--probs", "p.csv", "--out", "/dev/stdout", *(["--force"] * force)],
                   files, stdout=out)
        _, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    text = log.read_text()
    assert text.startswith("precious\ntip\n1111111111111\n"), text
    assert "3 top tips from probabilities p.csv" in text  # the table follows the tips
    assert listing(files / "tmp") == []


def test_dev_stdout_that_goes_to_an_input_is_refused(files):
    with open(files / "p.csv", "ab") as out:
        p = _child([*TICKETS, "--probs", "p.csv", "--out", "/dev/stdout"], files, stdout=out)
        _, err = p.communicate(timeout=60)
    one_line_error(err.decode().replace("ready\n", "", 1), p.returncode,
                   "/dev/stdout is an input of this command (it is p.csv)")
    assert (files / "p.csv").read_text() == PROBS


@pytest.mark.parametrize("name", ["/dev/fd/1", "/proc/self/fd/1", "to-stdout"])
def test_dev_fd_names_and_a_link_to_dev_stdout_write_to_the_descriptor(files, name):
    os.symlink("/dev/stdout", files / "to-stdout")
    log = files / "log.txt"
    log.write_text("precious\n")
    with open(log, "ab") as out:
        p = _child([*TICKETS, "--probs", "p.csv", "--out", name, "--format", "json"], files, stdout=out)
        _, err = p.communicate(timeout=60)
    assert p.returncode == 0, (name, err)
    assert log.read_text().startswith("precious\ntip\n"), name
    assert (files / "to-stdout").is_symlink()


def test_dev_stdout_on_a_closed_descriptor_is_one_line(files):
    # stdout closed (>&-): refused before any work, since what the command prints would be lost too
    p = _child([*TICKETS, "--probs", "p.csv", "--out", "/dev/stdout"], files,
               preexec=lambda: os.close(1))
    _, err = p.communicate(timeout=60)
    one_line_error(err.decode().replace("ready\n", "", 1), p.returncode, "standard output is closed")


# -- 12 (third part). standard output closed ---------------------------------------------------------

@pytest.mark.parametrize("args", [["value", "--probs", "p.csv"], ["plan", "--hit-rate", "0.5"]])
def test_a_closed_stdout_is_not_success(files, args):
    p = _child(args, files, preexec=lambda: os.close(1))
    _, err = p.communicate(timeout=60)
    one_line_error(err.decode().replace("ready\n", "", 1), p.returncode,
                   "standard output is closed (>&-)")


# -- 3. named pipes ----------------------------------------------------------------------------------

PIPE_WRITERS = {
    "tickets --out": [*TICKETS, "--probs", "p.csv", "--out", "f"],
    "estimate --probs-out": ["estimate", "o.csv", "--probs-out", "f"],
    "backtest --ledger": ["backtest", "R", "--strategy", "top", "--count", "1", "--ledger", "f", "-q"],
}


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if "backtest" in n else n
                                  for n in sorted(PIPE_WRITERS)])
def test_a_named_pipe_with_no_reader_is_refused_at_once(files, name):
    os.mkfifo(files / "f")
    p = _child(PIPE_WRITERS[name], files, stdout=subprocess.DEVNULL)
    try:
        _, err = p.communicate(timeout=30)  # it hung in open() with Ctrl-C held
    finally:
        if p.poll() is None:
            p.kill()
            p.communicate()
    one_line_error(err.decode().replace("ready\n", "", 1), p.returncode,
                   "f is a named pipe (FIFO) with no reader")
    assert listing(files / "tmp") == []


def test_a_named_pipe_is_written_when_read(files):
    os.mkfifo(files / "f")
    reader = subprocess.Popen(["cat", "f"], cwd=files, stdout=subprocess.PIPE)
    time.sleep(0.2)
    p = _child([*TICKETS, "--probs", "p.csv", "--out", "f"], files, stdout=subprocess.DEVNULL)
    _, err = p.communicate(timeout=60)
    out, _ = reader.communicate(timeout=10)
    assert p.returncode == 0, err
    assert out.decode().startswith("tip\n1111111111111\n")


def _waiting(fd: int) -> int:
    """Bytes waiting in a pipe."""
    return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]


def _stalled_reader(files):
    """A reader that opens the pipe and never reads: a writer of more than the pipe holds blocks."""
    os.mkfifo(files / "f")
    return os.open(files / "f", os.O_RDONLY | os.O_NONBLOCK)


@pytest.mark.parametrize("signum, code, line", [(signal.SIGINT, 130, "Aborted!"),
                                                (signal.SIGTERM, 143, "Terminated")])
def test_a_signal_ends_a_write_to_a_stalled_pipe(files, signum, code, line):
    fd = _stalled_reader(files)
    try:
        # 20,000 tips are 280 kB, far more than a pipe's 64 kB: the write blocks after the first 64 kB
        p = _child([*TICKETS[:2], "20000", *TICKETS[3:], "--probs", "p.csv", "--out", "f"], files,
                   stdout=subprocess.DEVNULL)
        try:
            assert p.stderr.readline() == b"ready\n"
            deadline = time.monotonic() + 30
            while _waiting(fd) == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(0.3)
            assert p.poll() is None
            t0 = time.monotonic()
            p.send_signal(signum)
            _, err = p.communicate(timeout=30)
            took = time.monotonic() - t0
        finally:
            if p.poll() is None:
                p.kill()
                p.communicate()
    finally:
        os.close(fd)
    assert p.returncode == code and err.decode().split() == [line], (p.returncode, err)
    assert took < STOP_WITHIN
    assert listing(files / "tmp") == []


def test_sigterm_during_the_work_leaves_no_staged_file(files):
    before = listing(files)
    p = _child(["system", "--spec", " ".join(["012"] * 13), "--budget", "1000000", "--probs", "p.csv",
                "--time", "0", "--seed", "1", "--out", "s.csv", "--upload-dir", "up"], files,
               stdout=subprocess.DEVNULL)
    try:
        assert p.stderr.readline() == b"ready\n"
        time.sleep(1.5)
        assert p.poll() is None, "the command ended before the signal; make the case longer"
        t0 = time.monotonic()
        p.terminate()
        _, err = p.communicate(timeout=30)
    finally:
        if p.poll() is None:
            p.kill()
            p.communicate()
    assert p.returncode == 143 and err.decode().split() == ["Terminated"], (p.returncode, err)
    assert time.monotonic() - t0 < STOP_WITHIN
    assert listing(files) == before + ["tmp"]


# -- 5. inputs that never end ------------------------------------------------------------------------

def _limit_memory():
    limit = 3 << 30  # the old reader took the whole memory; this makes it fail instead
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("args, device", [
    (["plan", "--probs", "{}"], "/dev/zero"),
    (["estimate", "{}"], "/dev/urandom"),
    (["evaluate", "{}", "--probs", "p.csv"], "/dev/zero"),
    (["backtest", "R", "--config", "{}", "-q"], "/dev/zero"),
])
def test_an_endless_device_is_refused_at_the_limit(files, args, device):
    t0 = time.monotonic()
    p = _child([a.replace("{}", device) for a in args], files, stdout=subprocess.DEVNULL,
               preexec=_limit_memory)
    _, err = p.communicate(timeout=60)
    one_line_error(err.decode().replace("ready\n", "", 1), p.returncode,
                   f"{device}: holds more than")
    assert time.monotonic() - t0 < 30


def test_a_pipe_fed_without_end_is_refused_at_the_limit(files):
    os.mkfifo(files / "f")
    p = _child(["plan", "--probs", "f"], files, stdout=subprocess.DEVNULL, preexec=_limit_memory)
    yes = subprocess.Popen(["sh", "-c", "exec yes 1,0.5,0.25,0.25 > f"], cwd=files,
                           stderr=subprocess.DEVNULL)
    try:
        _, err = p.communicate(timeout=60)
    finally:
        yes.kill()
        yes.communicate()
    one_line_error(err.decode().replace("ready\n", "", 1), p.returncode, "f: holds more than")


def test_ctrl_c_during_a_read_that_waits(files):
    os.mkfifo(files / "f")
    writer = os.open(files / "f", os.O_RDWR)  # a writer that never writes: the read waits for ever
    try:
        p = _child(["plan", "--probs", "f"], files, stdout=subprocess.DEVNULL)
        try:
            assert p.stderr.readline() == b"ready\n"
            time.sleep(1.0)
            assert p.poll() is None
            t0 = time.monotonic()
            p.send_signal(signal.SIGINT)
            _, err = p.communicate(timeout=30)
            took = time.monotonic() - t0
        finally:
            if p.poll() is None:
                p.kill()
                p.communicate()
    finally:
        os.close(writer)
    assert p.returncode == 130 and err.decode().split() == ["Aborted!"], (p.returncode, err)
    assert took < STOP_WITHIN


# -- 15. what --force replaced cannot be deleted entirely --------------------------------------------

STRYK = ("omg;correct_row;turnover;utd13;utd12;utd11;utd10;ant13;ant12;ant11;ant10;random_results;id\n"
         "202539;X2211X12XXXX1;32989083;4333333;26149;1255;274;3;123;2049;19547;0;11930\n")


def _old_rounds(tmp_path):
    (tmp_path / "summary.csv").write_text(STRYK)
    old = tmp_path / "r"
    (old / "locked").mkdir(parents=True)
    (old / "matches.csv").write_text("old")
    (old / "payouts.csv").write_text("old")
    (old / "locked" / "notes.txt").write_text("mine")
    return old


def test_a_leftover_of_the_replaced_directory_is_reported(tmp_path, monkeypatch):
    old = _old_rounds(tmp_path)
    real_rmtree = shutil.rmtree

    def stuck(path, *args, **kwargs):  # as when a file in it belongs to another user
        raise PermissionError(13, "Permission denied", str(Path(path) / "locked" / "notes.txt"))

    monkeypatch.setattr("toto13.io.outputs.shutil.rmtree", stuck)
    r = run("import", "stryktipset", tmp_path / "summary.csv", "--out", old, "--force")
    monkeypatch.setattr("toto13.io.outputs.shutil.rmtree", real_rmtree)
    line = one_line_error(r.output, r.exit_code, "r is written, but what it replaced could not be deleted "
                          "entirely", "Permission denied", "is left; remove it by hand")
    (left,) = [p for p in tmp_path.iterdir() if p.name.startswith(".r.")]
    assert left.name in line and (left / "locked" / "notes.txt").read_text() == "mine"
    assert (old / "matches.csv").read_text().startswith("round,")  # the new directory is in place


def test_a_real_leftover_is_reported(tmp_path):
    """The same with a real permission: a directory in the old output that its owner made read-only."""
    old = _old_rounds(tmp_path)
    os.chmod(old / "locked", 0o555)
    try:
        env = {k: v for k, v in os.environ.items() if k != "TMPDIR"}
        cmd = [sys.executable, "-c", CHILD, "import", "stryktipset", "summary.csv", "--out", "r", "--force"]
        if os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                pytest.skip("running as root without setpriv: root deletes anything")
            cmd = ["setpriv", "--bounding-set=-all", "--inh-caps=-all", *cmd]
        p = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        one_line_error(p.stderr.replace("ready\n", "", 1), p.returncode,
                       "could not be deleted entirely", "notes.txt: Permission denied")
        assert (old / "matches.csv").read_text().startswith("round,")
        (left,) = [q for q in tmp_path.iterdir() if q.name.startswith(".r.")]
        assert listing(left) == ["locked", "locked/notes.txt"]
    finally:
        for d, _, _ in os.walk(tmp_path):
            os.chmod(d, 0o755)
