"""The output layer (``toto13.io.outputs``): all or nothing, and never replacing what was not asked."""
from __future__ import annotations

import os
import stat

import pytest

from toto13.io import Outputs, check_output
from toto13.io.files import read_capped, tracking_inputs


def listing(d):
    return sorted(p.relative_to(d).as_posix() for p in d.rglob("*"))


def test_commit_moves_every_output_into_place(tmp_path):
    with Outputs() as out:
        out.write_text(tmp_path / "a.csv", "a\n")
        out.write_bytes(tmp_path / "sub" / "b.png", b"\x89PNG")
        with out.directory(tmp_path / "rounds") as d:
            (d / "matches.csv").write_text("m\n")
        # nothing is in place before the commit
        assert not (tmp_path / "a.csv").exists() and not (tmp_path / "rounds").exists()
    assert listing(tmp_path) == ["a.csv", "rounds", "rounds/matches.csv", "sub", "sub/b.png"]
    assert (tmp_path / "a.csv").read_text() == "a\n"
    mode = stat.S_IMODE((tmp_path / "a.csv").stat().st_mode)
    assert mode == 0o666 & ~_umask()


def _umask():
    m = os.umask(0)
    os.umask(m)
    return m


@pytest.mark.parametrize("error", [RuntimeError("later step failed"), KeyboardInterrupt()])
def test_a_failure_or_interrupt_leaves_every_file_as_it_was(tmp_path, error):
    (tmp_path / "a.csv").write_text("precious\n")
    (tmp_path / "rounds").mkdir()
    (tmp_path / "rounds" / "matches.csv").write_text("old\n")
    (tmp_path / "rounds" / "payouts.csv").write_text("old\n")
    before = listing(tmp_path)
    with pytest.raises(type(error)):
        with Outputs(force=True) as out:
            out.write_text(tmp_path / "a.csv", "new\n")
            with out.directory(tmp_path / "rounds", require=("matches.csv",)) as d:
                (d / "matches.csv").write_text("new\n")
            out.write_text(tmp_path / "new" / "deep" / "c.csv", "c\n")
            raise error
    assert listing(tmp_path) == before  # no temporary, no created directory new/ left
    assert (tmp_path / "a.csv").read_text() == "precious\n"
    assert (tmp_path / "rounds" / "matches.csv").read_text() == "old\n"


def test_a_failing_rename_puts_back_what_earlier_ones_replaced(tmp_path, monkeypatch):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("old a\n")
    b.write_text("old b\n")
    real_replace = os.replace
    calls = []

    def failing(src, dst):
        calls.append((src, dst))
        if str(dst) == str(b) and str(src).endswith(".tmp"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError):
        with Outputs(force=True) as out:
            out.write_text(a, "new a\n")
            out.write_text(b, "new b\n")
    monkeypatch.undo()
    assert a.read_text() == "old a\n" and b.read_text() == "old b\n"
    assert listing(tmp_path) == ["a.csv", "b.csv"]


def test_staged_directory_is_not_replaced_without_force(tmp_path):
    d = tmp_path / "d"
    with Outputs() as staged, staged.directory(d) as tmp:
        (tmp / "x").write_text("1")
    with pytest.raises(ValueError, match="exists already"):
        with Outputs() as staged, staged.directory(d):
            pass
    assert listing(tmp_path) == ["d", "d/x"]


def test_existing_file_needs_force(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("x")
    with pytest.raises(ValueError, match="a.csv exists already; pass --force"):
        check_output(f)
    with Outputs(force=True) as out, out.open(f) as fh:
        fh.write("y")
    assert f.read_text() == "y"


def test_dangling_symlink_is_never_replaced(tmp_path):
    link = tmp_path / "t.csv"
    link.symlink_to(tmp_path / "nowhere.csv")
    for force in (False, True):
        with pytest.raises(ValueError, match="t.csv is a symbolic link to .*nowhere.csv, which does not exist"):
            with Outputs(force=force) as out, out.open(link) as fh:
                fh.write("x")
    assert link.is_symlink() and not (tmp_path / "nowhere.csv").exists()


def test_symlink_to_a_file_keeps_the_link(tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old")
    link = tmp_path / "t.csv"
    link.symlink_to(target)
    with pytest.raises(ValueError, match="exists already"):
        check_output(link)
    with Outputs(force=True) as out, out.open(link) as fh:
        fh.write("new")
    assert link.is_symlink() and target.read_text() == "new"


def test_device_is_written_through_not_replaced(tmp_path):
    with Outputs() as out, out.open("/dev/null") as fh:  # no --force needed to write to a device
        fh.write("x")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    if os.path.exists("/dev/full"):
        with pytest.raises(ValueError, match="/dev/full: cannot be written"):
            with Outputs(force=True) as out, out.open("/dev/full") as fh:
                fh.write("x" * 10000)
        assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_fifo_is_written_through(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, so the writer does not block
    try:
        with Outputs() as out, out.open(fifo) as fh:
            fh.write("hello\n")
        assert os.read(fd, 100) == b"hello\n"
    finally:
        os.close(fd)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_directory_force_only_replaces_its_own_kind(tmp_path):
    d = tmp_path / "rounds"
    d.mkdir()
    (d / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="does not hold matches.csv"):
        with Outputs(force=True) as out:
            with out.directory(d, require=("matches.csv",)):
                pass
    with Outputs(force=True) as out:
        with pytest.raises(ValueError, match="holds the input"):
            with out.directory(d, inputs=[d / "notes.txt"]):
                pass
    assert listing(tmp_path) == ["rounds", "rounds/notes.txt"]


def test_directory_replaced_from_inside_leaves_nothing_behind(tmp_path, monkeypatch):
    d = tmp_path / "rounds"
    d.mkdir()
    (d / "matches.csv").write_text("old")
    monkeypatch.chdir(d)
    with Outputs(force=True) as out:
        with out.directory(".", require=("matches.csv",)) as tmp:
            (tmp / "matches.csv").write_text("new")
    monkeypatch.chdir(tmp_path)
    assert listing(tmp_path) == ["rounds", "rounds/matches.csv"]
    assert (d / "matches.csv").read_text() == "new"


@pytest.mark.parametrize("path, message", [
    ("", "an output path is empty"),
    ("f/x.csv", "is a file, not a directory"),
    (".", "is a directory, not a file"),
])
def test_refused_paths(tmp_path, monkeypatch, path, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f").write_text("x")
    with pytest.raises(ValueError, match=message):
        check_output(path, force=True)


def test_the_same_output_twice_is_refused(tmp_path):
    with pytest.raises(ValueError, match="given twice"):
        with Outputs() as out:
            out.write_text(tmp_path / "a.csv", "1")
            out.write_text(tmp_path / "." / "a.csv", "2")
    assert listing(tmp_path) == []


def test_staged_removal_happens_only_with_the_commit(tmp_path):
    stale = tmp_path / "t-002.csv"
    stale.write_text("old")
    with pytest.raises(RuntimeError):
        with Outputs(force=True) as out:
            out.remove(stale)
            raise RuntimeError
    assert stale.exists()
    with Outputs(force=True) as out:
        out.remove(stale)
    assert not stale.exists() and listing(tmp_path) == []


def test_an_input_read_inside_tracking_is_never_replaced(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("x\n1\n")
    os.link(src, tmp_path / "hard.csv")
    with tracking_inputs():
        assert read_capped(src, 100) == b"x\n1\n"
        for name in ("in.csv", "hard.csv"):
            with pytest.raises(ValueError, match="is an input of this command"):
                with Outputs(force=True) as out:
                    out.write_text(tmp_path / name, "new")
    assert src.read_text() == "x\n1\n"
    with Outputs(force=True) as out:  # outside the tracking block (a library user's own choice)
        out.write_text(src, "new")
    assert src.read_text() == "new"


def test_named_inputs_are_refused_before_any_work(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("x")
    os.symlink(src, tmp_path / "link.csv")
    with pytest.raises(ValueError, match=r"link.csv is an input of this command \(it is .*in.csv\)"):
        check_output(tmp_path / "link.csv", force=True, inputs=[src])
    check_output(tmp_path / "other.csv", inputs=[src, tmp_path / "missing.csv"])


def test_read_capped_counts_what_is_read():
    with pytest.raises(ValueError, match="/dev/zero: holds more than 1,000 bytes"):
        read_capped("/dev/zero", 1000)
    assert read_capped("/dev/null", 0) == b""


def test_a_descriptor_is_written_as_it_is(tmp_path):
    r, w = os.pipe()
    try:
        for name in (f"/dev/fd/{w}", f"/proc/self/fd/{w}"):
            with Outputs() as out:  # no --force: a descriptor is a stream, not a file to replace
                out.write_text(name, "tip\n")
            assert os.read(r, 100) == b"tip\n"
    finally:
        os.close(r)
        os.close(w)
    with pytest.raises(ValueError, match="cannot be written"):
        with Outputs() as out:
            out.write_text(f"/dev/fd/{w}", "x")  # closed by now


def test_a_fifo_without_reader_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="is a named pipe \\(FIFO\\) with no reader"):
        with Outputs() as out:
            out.write_text(fifo, "x")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and listing(tmp_path) == ["pipe"]
