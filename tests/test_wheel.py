"""Packaging: ``python -m build`` makes an sdist and a wheel (built from the sdist, so the sdist is
complete); the wheel installs into a fresh virtual environment with nothing of this checkout on its
path, and its ``toto13`` command works there, package data included (the demo rounds and the shipped
covering codes).

Needs the ``build`` package (test extra) and PyPI for the build backend and the runtime dependencies.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from toto13 import __version__
from toto13.cli import main

pytest.importorskip("build")

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

SPEC = " ".join(["10"] * 13)
PLAN = ["plan", "--hit-rate", "1/2"]
BACKTEST = ["--strategy", "recipe", "--hit-rate", "1/2", "--min-strikes", "10", "--safety", "0.99",
            "--seed", "1", "-q"]


def _run(cmd, cwd, env=None):
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, f"{cmd} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--outdir", str(out), str(REPO)], cwd=out)
    return out


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> tuple[Path, Path]:
    """A fresh venv (no system site-packages) with the wheel installed: (its bin dir, a work dir)."""
    root = tmp_path_factory.mktemp("venv")
    venv.create(root / "env", with_pip=True, clear=True)
    bindir = root / "env" / ("Scripts" if os.name == "nt" else "bin")
    (wheel,) = dist.glob("toto13-*.whl")
    _run([str(bindir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          str(wheel)], cwd=root)
    work = root / "work"
    work.mkdir()
    return bindir, work


def _clean_env():
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["MPLBACKEND"] = "Agg"
    return env


def test_sdist_is_complete(dist):
    (sdist,) = dist.glob("toto13-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    expected = {"LICENSE", "README.md", "setup.cfg", "pyproject.toml", "docs/README.md", "docs/maths.md",
                "docs/formats.md", "docs/glossary.md", "docs/data-sources.md", "tests/conftest.py",
                "tests/test_wheel.py", "notebooks/01-recipe.py", "notebooks/01-recipe.ipynb",
                "scripts/test", "toto13/data/demo-rounds/matches.csv", "toto13/data/systems/binary-13-3.csv"}
    assert expected <= names, sorted(expected - names)
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)


def test_wheel_has_package_data_and_licence(dist):
    (wheel,) = dist.glob("toto13-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        meta = zf.read(f"toto13-{__version__}.dist-info/METADATA").decode()
    shipped = {str(p.relative_to(REPO)).replace(os.sep, "/")
               for p in (REPO / "toto13" / "data").rglob("*") if p.is_file()}
    assert shipped and shipped <= names, sorted(shipped - names)
    assert any(n.endswith(".dist-info/licenses/LICENSE") or n.endswith(".dist-info/LICENSE")
               for n in names)
    assert not any(n.startswith(("tests/", "notebooks/", "docs/")) for n in names)
    assert "Requires-Python: >=3.10" in meta
    runtime = [line for line in meta.splitlines()
               if line.startswith("Requires-Dist:") and "extra ==" not in line]
    assert runtime and not any("mpmath" in line for line in runtime), runtime  # mpmath is a test tool


def test_installed_cli_runs_outside_the_checkout(installed):
    bindir, work = installed
    env = _clean_env()
    where = _run([str(bindir / "python"), "-c", "import toto13, pathlib; "
                  "print(pathlib.Path(toto13.__file__).resolve().parent)"], cwd=work, env=env).strip()
    pkg = Path(where)
    assert REPO not in pkg.parents, f"imported the checkout, not the wheel: {pkg}"

    # plan: the same table as this checkout prints
    assert _run([str(bindir / "toto13"), *PLAN], cwd=work, env=env) == CliRunner().invoke(main, PLAN).output

    # backtest on the demo rounds inside the installed package
    demo = pkg / "data" / "demo-rounds"
    assert (demo / "matches.csv").is_file()
    got = _run([str(bindir / "toto13"), "backtest", str(demo), *BACKTEST], cwd=work, env=env)
    want = CliRunner().invoke(main, ["backtest", str(REPO / "toto13" / "data" / "demo-rounds"), *BACKTEST])
    assert want.exit_code == 0, want.output
    assert got == want.output

    # system: the 13 two-way guarantee of 10 strikes is the shipped searched code, as many tips as its file
    out = work / "system.csv"
    text = _run([str(bindir / "toto13"), "system", "--spec", SPEC, "--guarantee", "10", "--time", "0",
                 "--seed", "1", "--out", str(out)], cwd=work, env=env)
    shipped = (REPO / "toto13" / "data" / "systems" / "binary-13-3.csv").read_text().split()
    tips = out.read_text().split()
    assert tips[0] == "tip" and len(tips) == len(shipped)
    assert f"{len(shipped) - 1} tips guaranteeing 10 strikes" in text
