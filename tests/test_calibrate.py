"""The pool model as a file, and `toto13 calibrate`: how it holds on real rounds, and its fit."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
from click.testing import CliRunner
from scipy import stats

from toto13.backtest import import_stryktipset, write_rounds
from toto13.cli import main
from toto13.pool import (PoolModel, WinnerCounts, default_pool_model, model_check, read_pool_model,
                         write_pool_model)
from toto13.pool.cowinners import CoWinnerModel
from toto13.rules import STRYKTIPSET


def one_error_line(res) -> str:
    assert res.exit_code == 2, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.output, res.output
    return lines[0]


def test_pool_model_file_round_trip(tmp_path):
    path = tmp_path / "model.json"
    write_pool_model(path, default_pool_model())
    assert read_pool_model(path) == default_pool_model()
    with pytest.raises(ValueError, match="model.json exists already"):
        write_pool_model(path, default_pool_model())


@pytest.mark.parametrize("text, message", [
    ("{", "not a JSON pool model"),
    ('{"kind": "something else"}', '"kind": "toto13.PoolModel"'),
    ('{"kind": "toto13.PoolModel", "sharpness": 1.2}', "lacks cowinners"),
])
def test_bad_pool_model_files_are_one_line(tmp_path, text, message):
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    probs = tmp_path / "p.csv"
    probs.write_text("home,draw,away\n" + "0.5,0.3,0.2\n" * 13)
    line = one_error_line(CliRunner().invoke(main, ["value", "--probs", str(probs), "--rules",
                                                    "stryktipset", "--pool-model", str(bad)]))
    assert "bad.json" in line and message in line


def test_model_check_against_hand_computation():
    # a flat model (no correction of the independent mean, one shape) on three made-up rounds
    flat = CoWinnerModel(center=(0.0,), scale=(1.0,), z_low=(0.0,), z_high=(0.0,), coefs=((0.0,),),
                         shapes=(5.0,))
    lam = np.array([[2.0], [10.0], [40.0]])
    winners = np.array([[1.0], [25.0], [38.0]])
    counts = WinnerCounts(("a", "b", "c"), (13,), lam, winners)
    got = model_check(counts, STRYKTIPSET, flat)
    np.testing.assert_allclose(got.predicted_mean[:, 0], lam[:, 0])
    lo = stats.nbinom.ppf(0.05, 5.0, 5.0 / (5.0 + lam[:, 0]))
    hi = stats.nbinom.ppf(0.95, 5.0, 5.0 / (5.0 + lam[:, 0]))
    np.testing.assert_allclose(got.low_90[:, 0], lo)
    np.testing.assert_allclose(got.high_90[:, 0], hi)
    inside = ((lo <= winners[:, 0]) & (winners[:, 0] <= hi)).mean()
    assert got.coverage_90[0] == pytest.approx(inside)


@pytest.fixture(scope="module")
def stryk_dir(shared_data, tmp_path_factory):
    d = shared_data / "stryktipset-tipsxtra"
    rounds = import_stryktipset(d / "stryktipset_summering.csv", d / "stryktipset_detaljer.csv").rounds
    out = tmp_path_factory.mktemp("stryk")
    write_rounds(out, rounds)
    return out


@pytest.mark.slow
def test_calibrate_report_json_csv_and_fit(stryk_dir, tmp_path):
    run = CliRunner().invoke
    res = run(main, ["calibrate", str(stryk_dir), "--format", "json"])
    assert res.exit_code == 0, res.output
    rep = json.loads(res.output)
    for k in ("13", "12", "11", "10"):
        t = rep["tiers"][k]
        assert len(t["quintile_ratio"]) == 5 and t["rounds"] > 600 and 0.8 < t["coverage_90"] <= 1
    bins = rep["outcomes"]["bins"]
    assert set(bins[0]) == {"lo", "hi", "n", "predicted", "happened", "z"}
    assert sum(b["n"] for b in bins) > 40_000
    res = run(main, ["calibrate", str(stryk_dir), "--format", "csv"])
    head, *lines = res.output.strip().splitlines()
    assert head == "round,tier,winners,predicted_mean,low_90,high_90" and len(lines) == 4 * 707
    fit = tmp_path / "model.json"
    res = run(main, ["calibrate", str(stryk_dir), "--fit", str(fit)])
    assert res.exit_code == 0 and f"wrote the pool model fitted on these rounds to {fit}" in res.output
    model = read_pool_model(fit)
    assert isinstance(model, PoolModel) and len(model.rounds) == 707 and model.blend is not None
    # the co-winner part is the package's default fit (same rounds, same method)
    np.testing.assert_allclose(model.cowinners.shapes, default_pool_model().cowinners.shapes, rtol=1e-3)
    assert math.isfinite(model.sharpness) and model.blend.crowd_weight > 0
    assert "model.json exists already" in one_error_line(run(main, ["calibrate", str(stryk_dir),
                                                                     "--fit", str(fit)]))


def test_pool_model_option_reaches_the_pool(tmp_path):
    path = tmp_path / "sharp.json"
    write_pool_model(path, PoolModel(sharpness=2.0))
    probs = tmp_path / "p.csv"
    probs.write_text("home,draw,away\n" + "0.5,0.3,0.2\n" * 13)
    run = CliRunner().invoke
    args = ["value", "--probs", str(probs), "--rules", "stryktipset", "--top", "0", "--format", "json"]
    res = run(main, [*args, "--pool-model", str(path)])
    assert res.exit_code == 0, res.output
    crowd = [json.loads(res.output)["matches"][0][f"crowd_{o}"] for o in ("home", "draw", "away")]
    want = np.array([0.5, 0.3, 0.2]) ** 2.0
    np.testing.assert_allclose(crowd, want / want.sum(), rtol=1e-12)
    plain = json.loads(run(main, args).output)["matches"][0]["crowd_home"]
    assert plain != pytest.approx(crowd[0])
    # an explicit --sharpness wins over the model's
    res = run(main, [*args, "--pool-model", str(path), "--sharpness", "1"])
    assert json.loads(res.output)["matches"][0]["crowd_home"] == pytest.approx(0.5)
    line = one_error_line(run(main, [*args, "--pool-model", str(path), "--co-winners", "poisson"]))
    assert "poisson" in line
