"""Another user, without a writable home, runs a package installed by someone else (issue 19, item 13).

numba cannot cache a kernel beside its source (the install is not theirs) nor in ``~/.cache``; matplotlib
cannot write ``~/.config`` or ``~/.cache``. Both must work quietly: no traceback, no warning. As root the
children run without the capability that lets root write anywhere (``setpriv``), so the permission bits
hold for them as for any user.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "toto13"
DEMO = PACKAGE / "data" / "demo-rounds"
KERNEL = "from toto13.hamming import jit\n\n\n@jit\ndef twice(x):\n    return 2 * x\n"


def _unprivileged() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: root would write the read-only directories")
    return ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]


@pytest.fixture
def place(tmp_path):
    """A read-only directory (``ro``, holding ``ro/home``, which does not exist and cannot be made) and
    a temporary directory ``tmp`` of the user's own."""
    (tmp_path / "ro").mkdir()
    (tmp_path / "tmp").mkdir()
    yield tmp_path
    for d, _, _ in os.walk(tmp_path / "ro"):
        os.chmod(d, 0o755)


def _run(place: Path, pythonpath: Path, code: str, *args: str):
    """``python -c code args`` as a user whose home cannot be made, with ``pythonpath`` first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NUMBA_", "MPLCONFIGDIR", "XDG_"))}
    env.update(HOME=str(place / "ro" / "home"), TMPDIR=str(place / "tmp"), PYTHONPATH=str(pythonpath),
               MPLBACKEND="Agg")
    return subprocess.run([*_unprivileged(), sys.executable, "-c", code, *args], cwd=place, env=env,
                          capture_output=True, text=True, timeout=600)


def _read_only(path: Path) -> None:
    for d, _, files in os.walk(path):
        for f in files:
            os.chmod(os.path.join(d, f), 0o444)
        os.chmod(d, 0o555)


def test_a_kernel_compiles_and_caches_without_a_writable_home(place):
    (place / "ro" / "kern.py").write_text(KERNEL)
    _read_only(place / "ro")
    r = _run(place, place / "ro", "import kern; print(kern.twice(21))")
    assert (r.returncode, r.stdout, r.stderr) == (0, "42\n", "")  # was: no locator available
    cache = place / "tmp" / f"toto13-{os.getuid()}" / "numba"
    assert oct(cache.parent.stat().st_mode & 0o777) == "0o700"
    assert any(p.suffix == ".nbi" for p in cache.rglob("*"))  # the next run loads it
    r = _run(place, place / "ro", "import kern; print(kern.twice(4))")
    assert (r.returncode, r.stdout, r.stderr) == (0, "8\n", "")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a directory to another user")
def test_a_private_directory_held_by_another_user_is_not_used(place):
    (place / "ro" / "kern.py").write_text(KERNEL)
    _read_only(place / "ro")
    planted = place / "tmp" / f"toto13-{os.getuid()}"
    planted.mkdir(mode=0o777)
    os.chown(planted, 12345, 12345)  # another user's: a cache there could hold anything
    r = _run(place, place / "ro", "import kern; print(kern.twice(21))")
    assert (r.returncode, r.stdout, r.stderr) == (0, "42\n", "")
    assert list(planted.iterdir()) == []  # compiled without a cache


@pytest.mark.slow
def test_the_command_line_works_for_another_user(place):
    """The issue's case: a root-owned install with a warm cache, HOME=/nonexistent: the compiled
    searches (rc 1, traceback) and the pictures (two matplotlib warnings)."""
    shutil.copytree(PACKAGE, place / "ro" / "site" / "toto13")
    (place / "p.csv").write_text("match,home,draw,away\n"
                                 + "".join(f"{i + 1},0.5,0.27,0.23\n" for i in range(13)))
    _read_only(place / "ro")
    main = "import sys; from toto13.cli import main; main(sys.argv[1:], prog_name='toto13')"
    spec = " ".join(["012"] * 7 + ["0"] * 6)
    for args in (["system", "--spec", spec, "--budget", "20", "--probs", "p.csv", "--seed", "1",
                  "--time", "0.5", "--out", "s.csv"],
                 ["backtest", str(DEMO), "--strategy", "top", "--count", "1", "--plot", "b.png",
                  "--calibration", "c.png", "-q"]):
        r = _run(place, place / "ro" / "site", main, *args)
        assert r.returncode == 0 and r.stderr == "", (args[0], r.stderr[-2000:])
    assert (place / "s.csv").is_file() and (place / "b.png").is_file() and (place / "c.png").is_file()
