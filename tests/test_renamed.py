"""Names changed in 0.2 stay readable for one release: the old Python names warn and give the new
object; the old output keys are still written beside the new ones."""
from __future__ import annotations

import importlib
import json

import numpy as np
import pytest
from click.testing import CliRunner

import toto13
import toto13.engine
import toto13.pool
from toto13.cli import main
from toto13.plan import plan_table
from toto13.pool import Pool
from toto13.rules import STRYKTIPSET


@pytest.mark.parametrize("module, old, new", [
    (toto13, "safety_exact", "coverage_exact"),
    (toto13, "safety_approx", "coverage_approx"),
    (toto13.engine, "safety_exact", "coverage_exact"),
    (toto13.engine, "safety_approx", "coverage_approx"),
    # the module, not the function toto13.tickets binds under the same name
    (importlib.import_module("toto13.tickets.evaluate"), "formula_safety", "formula_coverage"),
    (toto13.pool, "row_returns", "tip_returns"),
])
def test_old_function_names_warn_and_give_the_new_object(module, old, new):
    with pytest.warns(DeprecationWarning, match=f"{old} is renamed {new}"):
        got = getattr(module, old)
    assert got is getattr(module, new)


def test_unknown_names_still_raise_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'nonsense'"):
        toto13.engine.nonsense  # noqa: B018


def test_old_attributes_warn():
    pool = Pool(STRYKTIPSET, 1e6)
    with pytest.warns(DeprecationWarning, match="Pool.rows is renamed Pool.crowd_tips"):
        assert pool.rows == pool.crowd_tips == 1e6
    row = plan_table(0.5, [10], [0.99], ["exact"])[0]
    with pytest.warns(DeprecationWarning, match="PlanRow.achieved_exact is renamed PlanRow.coverage_exact"):
        assert row.achieved_exact == row.coverage_exact


def test_plan_output_carries_the_old_keys_beside_the_new(tmp_path):
    res = CliRunner().invoke(main, ["plan", "--hit-rate", "1/2", "--min-strikes", "10", "--safety",
                                    "0.99", "--format", "json"])
    assert res.exit_code == 0, res.output
    rec = json.loads(res.output)[0]
    assert rec["coverage_exact"] == rec["achieved_exact"] and rec["coverage_approx"] == rec["achieved_approx"]
    probs = tmp_path / "p.csv"
    probs.write_text("home,draw,away\n" + "0.5,0.27,0.23\n" * 13)
    res = CliRunner().invoke(main, ["plan", "--probs", str(probs), "--strategy", "top", "--min-strikes",
                                    "10", "--safety", "0.5", "--format", "json"])
    assert res.exit_code == 0, res.output
    recs = json.loads(res.output)
    assert all(r["safety"] == r["coverage"] for r in recs) and recs[0]["target"] == 0.5
    assert np.isclose(recs[0]["coverage"], 0.5, atol=0.01) and recs[0]["coverage"] >= 0.5
