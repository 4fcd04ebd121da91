"""The one place a pool is built (PoolSettings.setup), and its options meaning the same in every command."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from toto13.backtest import BacktestStrategy, read_rounds, run_backtest
from toto13.cli import main
from toto13.estimators import remove_margin
from toto13.pool import CrowdModel, Pool, PoolSettings, crowd_shares, expected_return, tip_returns
from toto13.rules import STRYKTIPSET, TOTO13
from toto13.tickets import tips_from_index

DEMO = Path(str(files("toto13") / "data" / "demo-rounds"))
PROBS = np.tile([0.5, 0.3, 0.2], (13, 1))


def test_setup_says_what_it_assumes_and_needs_a_turnover():
    # no typical TOTO turnover: nothing asked -> no pool; anything asked -> the parameter is named
    assert PoolSettings().setup(TOTO13, PROBS, required=False) is None
    with pytest.raises(ValueError, match=r"^turnover T is needed"):
        PoolSettings(jackpot=5.0).setup(TOTO13, PROBS, required=False)
    setup = PoolSettings(turnover=2e7, co_winners="poisson").setup(STRYKTIPSET, PROBS)
    assert setup.pool.turnover == 2e7 and setup.crowd_source == "model" and setup.turnover_given
    assert np.allclose(setup.crowd.sum(axis=1), 1.0)
    assert "turnover 20,000,000.00 SEK;" in setup.assumes and "poisson co-winners" in setup.assumes
    typical = PoolSettings().setup(STRYKTIPSET, PROBS)
    assert not typical.turnover_given and "(typical for these rules, not given)" in typical.assumes


def test_round_turnover_comes_first_then_the_setting_then_typical():
    s = PoolSettings(turnover=1e6)
    assert s.known_turnover(STRYKTIPSET, 3e6) == 3e6
    assert s.known_turnover(STRYKTIPSET, float("nan")) == 1e6
    assert PoolSettings().known_turnover(STRYKTIPSET, None) == 15_603_087.0
    assert PoolSettings().known_turnover(TOTO13, 0.0) is None


@pytest.mark.parametrize("kwargs, message", [
    ({"turnover": 0}, r"turnover \(0\) must be a number >= 1 and at most 1e\+12: the other players"),
    ({"turnover": -1.0}, r"turnover \(-1.0\) must be a number >= 1"),
    ({"turnover": 1e-310}, r"turnover \(1e-310\) must be a number >= 1"),
    ({"jackpot": -1}, r"jackpot \(-1\) must be"),
    ({"min_quota": -2}, r"min_quota \(-2\) must be"),
    ({"co_winners": "many"}, r"co_winners \('many'\) must be one of calibrated, poisson"),
    ({"sharpness": 0}, r"sharpness \(0\) must be > 0"),
])
def test_settings_errors_name_the_parameter(kwargs, message):
    with pytest.raises(ValueError, match=message):
        PoolSettings(**kwargs)


def test_given_crowd_is_used_as_it_is_and_sharpness_models_the_rest():
    crowd = np.tile([0.6, 0.25, 0.15], (13, 1))
    given = PoolSettings().setup(STRYKTIPSET, PROBS, crowd=crowd, crowd_label="c.csv")
    assert given.crowd_source == "file" and np.array_equal(given.crowd, crowd)
    assert "crowd shares from c.csv" in given.assumes
    sharp = PoolSettings(sharpness=2.0).setup(STRYKTIPSET, PROBS)
    np.testing.assert_allclose(sharp.crowd, CrowdModel(2.0).picks(PROBS), rtol=1e-12)


def test_backtest_sharpness_reaches_the_value_strategys_crowd():
    # before 0.2, --sharpness reached the payout model but not the crowd the value tips were judged
    # against: the round's expected return must be the one under the sharper crowd
    r = read_rounds(DEMO).subset(slice(0, 1))
    res = run_backtest(r, BacktestStrategy("value", count=1, promise=False, sharpness=2.0), TOTO13, rng=0)
    probs = remove_margin(r.odds[0]).probs  # the default margin removal (power)
    pool = Pool(TOTO13, float(r.turnover[0]))
    sharp = CrowdModel(2.0).picks(probs)
    tips = tips_from_index([int(np.argmax(tip_returns(probs, sharp, pool)))], 13)  # the best single tip
    want = expected_return(tips, probs, sharp, pool).expected_return
    assert res.ledger.loc[0, "expected_return"] == pytest.approx(want, rel=1e-9)
    default = expected_return(tips, probs, crowd_shares(probs), pool).expected_return
    assert abs(want - default) > 1e-6 * want


def test_the_shared_options_mean_the_same_in_every_command(tmp_path):
    probs = tmp_path / "p.csv"
    probs.write_text("home,draw,away\n" + "0.5,0.3,0.2\n" * 13)
    tips = tmp_path / "t.csv"
    tips.write_text("tip\n" + "1" * 13 + "\n")
    commands = {
        "evaluate": ["evaluate", str(tips), "--probs", str(probs)],
        "tickets": ["tickets", "--probs", str(probs), "--count", "2", "--seed", "1", "--out",
                    str(tmp_path / "o.csv")],
        "value": ["value", "--probs", str(probs)],
        "backtest": ["backtest", str(DEMO), "--strategy", "top", "--count", "2"],
    }
    for bad, message in ((["--turnover", "0"], "--turnover ('0') must be a number > 0"),
                         (["--jackpot", "-1"], "--jackpot ('-1') must be a number >= 0"),
                         (["--sharpness", "-1"], "--sharpness ('-1') must be a number > 0"),
                         (["--min-quota", "-1"], "--min-quota ('-1') must be a number >= 0")):
        for name, args in commands.items():
            res = CliRunner().invoke(main, [*args, *bad])
            assert res.exit_code == 2, (name, bad, res.output)
            assert message in res.output and "Traceback" not in res.output, (name, res.output)
    assert not (tmp_path / "o.csv").exists()
