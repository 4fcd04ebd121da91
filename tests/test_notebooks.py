"""The notebooks: each ``notebooks/NN-name.py`` (jupytext percent format, the source) is paired with a
committed ``NN-name.ipynb`` holding the same cells, and every notebook executes without error.

To change a notebook, edit the ``.py`` and run ``jupytext --sync notebooks/NN-name.py`` (or open the
pair in Jupyter with jupytext installed, which keeps both files in step).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHARED_DATA

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
jupytext = pytest.importorskip("jupytext")

HERE = Path(__file__).resolve().parents[1] / "notebooks"
SOURCES = sorted(HERE.glob("[0-9][0-9]-*.py"))
NOTEBOOKS = sorted(HERE.glob("*.ipynb"))

pytestmark = [pytest.mark.slow, pytest.mark.notebook]


def _cells(nb) -> list[tuple[str, str]]:
    """The cells as (type, source) pairs: what a reader sees, without outputs or metadata."""
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


def test_every_notebook_has_its_source_and_back():
    assert SOURCES, f"no notebook sources found in {HERE}"
    assert [p.stem for p in SOURCES] == [p.stem for p in NOTEBOOKS]


@pytest.mark.parametrize("source", SOURCES, ids=[p.name for p in SOURCES])
def test_pair_matches(source):
    from_py = jupytext.read(source)
    committed = nbformat.read(source.with_suffix(".ipynb"), as_version=4)
    assert _cells(committed) == _cells(from_py), (
        f"{source.with_suffix('.ipynb').name} is out of date: run jupytext --sync notebooks/{source.name}")
    for nb in (from_py, committed):
        assert nb.metadata.get("jupytext", {}).get("formats") == "ipynb,py:percent"


@pytest.mark.parametrize("source", SOURCES, ids=[p.name for p in SOURCES])
def test_committed_notebook_has_no_outputs(source):
    committed = nbformat.read(source.with_suffix(".ipynb"), as_version=4)
    assert all(not c.get("outputs") for c in committed.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    # the notebooks read the public data from TOTO13_DATA; the tests' copy is the one they use
    monkeypatch.setenv("TOTO13_DATA", str(SHARED_DATA))
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=900, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
