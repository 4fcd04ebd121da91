"""The scripts (benchmarks, data preparation, reports) are not run by the suite, so a library change can
break them silently (a renamed helper broke scripts/bench_pool.py once): load each one's top level,
which imports everything it uses, without running its main."""
from __future__ import annotations

import runpy
from pathlib import Path

import pytest

SCRIPTS = sorted((Path(__file__).resolve().parents[1] / "scripts").glob("*.py"))


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_script_imports_resolve(path):
    namespace = runpy.run_path(str(path), run_name="toto13_script_check")
    assert callable(namespace.get("main")), f"{path.name} has no main()"
