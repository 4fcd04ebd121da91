"""Backtest strategies ``top`` and ``value`` and the ledger's ``expected_return``: the pool of every
round from its own turnover and crowd shares, the expectation beside what was won, CLI and errors."""
from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from toto13.backtest import BacktestStrategy, read_rounds, run_backtest, write_rounds
from toto13.cli import main
from toto13.estimators import remove_margin
from toto13.pool import Pool, crowd_shares, expected_return, tip_returns
from toto13.rules import TOTO13
from toto13.tickets import tips_from_index

DEMO = Path(str(files("toto13") / "data" / "demo-rounds"))


@pytest.fixture(scope="module")
def two_rounds():
    return read_rounds(DEMO).subset(slice(0, 2))


@pytest.mark.slow
def test_value_round_one_is_the_best_single_row(two_rounds):
    r = two_rounds
    res = run_backtest(r, BacktestStrategy("value", count=1, promise=False), TOTO13, rng=0)
    probs = remove_margin(r.odds[0], method="multiplicative").probs
    pool = Pool(TOTO13, float(r.turnover[0]))
    returns = tip_returns(probs, crowd_shares(probs), pool)  # no crowd columns: modelled
    led = res.ledger
    assert led.loc[0, "tips"] == 1
    assert led.loc[0, "expected_return"] == pytest.approx(returns.max(), rel=1e-9)
    s = res.ledger["expected_return"].sum() / res.ledger["cost"].sum()
    assert res.expected_per_stake == pytest.approx(s)
    assert res.realised_per_stake == pytest.approx(led["winnings"].sum() / led["cost"].sum())


def test_expected_return_of_any_strategy_uses_the_round_crowd(two_rounds, tmp_path):
    r = two_rounds
    crowd = np.tile([0.6, 0.25, 0.15], (2, 13, 1))
    d = tmp_path / "rounds"
    d.mkdir()
    write_rounds(d, type(r)(r.ids, r.dates, r.results, r.tiers, r.quotas, r.winners, r.pools,
                            r.turnover, r.odds, r.teams, r.source, crowd))
    rc = read_rounds(d)
    res = run_backtest(rc, BacktestStrategy("top", count=5, pool_value=True, promise=False,
                                            co_winners="poisson"), TOTO13, rng=0)
    probs = remove_margin(rc.odds[1], method="multiplicative").probs
    tips = tips_from_index(np.argsort(-_row_probs(probs), kind="stable")[:5], 13)
    want = expected_return(tips, probs, crowd[1], Pool(TOTO13, float(rc.turnover[1]),
                                                       co_winners="poisson"))
    assert res.ledger.loc[1, "expected_return"] == pytest.approx(want.expected_return, rel=1e-9)
    plain = run_backtest(rc, BacktestStrategy("top", count=5, promise=False), TOTO13, rng=0)
    assert plain.ledger["expected_return"].isna().all() and np.isnan(plain.expected_per_stake)


def _row_probs(probs):
    out = np.ones(1)
    for p in probs:
        out = np.multiply.outer(out, p).ravel()
    return out


def test_value_needs_a_turnover(two_rounds):
    r = two_rounds
    no_turnover = type(r)(r.ids, r.dates, r.results, r.tiers, r.quotas, r.winners, r.pools,
                          np.full(2, np.nan), r.odds, r.teams, r.source)
    with pytest.raises(ValueError, match="needs a turnover for round 'demo-001'"):
        run_backtest(no_turnover, BacktestStrategy("value", count=2), TOTO13, rng=0)
    res = run_backtest(no_turnover, BacktestStrategy("value", count=1, turnover=5e5, promise=False),
                       TOTO13, rng=0)
    assert res.ledger["expected_return"].notna().all()


@pytest.mark.parametrize("kwargs, message", [
    ({"kind": "value", "count": 2, "turnover": 0}, "turnover (0) must be > 0"),
    ({"kind": "value", "count": 2, "jackpot": -1}, "jackpot"),
    ({"kind": "value", "count": 2, "co_winners": "normal"}, "co_winners ('normal') must be one of"),
    ({"kind": "top", "count": 2, "min_coverage": (10, 0.5)}, "min_coverage applies only"),
    ({"kind": "value", "count": 2, "min_coverage": (10, 1.5)}, "min_coverage"),
])
def test_strategy_errors(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        BacktestStrategy(**kwargs)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def demo_two(tmp_path_factory, two_rounds):
    d = tmp_path_factory.mktemp("demo2")
    write_rounds(d, two_rounds)
    return d


@pytest.mark.slow
def test_cli_value_backtest_json_and_ledger(demo_two, tmp_path):
    led = tmp_path / "ledger.csv"
    res = run("backtest", demo_two, "--strategy", "value", "--count", 2, "--seed", 0, "--no-promise",
              "--co-winners", "poisson", "--ledger", led, "--format", "json")
    assert res.exit_code == 0, res.output
    rec = json.loads(res.output)[0]
    assert rec["expected_per_stake"] > 0 and "pool: poisson co-winners" in rec["strategy"]
    text = led.read_text().splitlines()
    assert text[0].endswith(",payout_source,expected_return") and len(text) == 3
    table = run("backtest", demo_two, "--strategy", "weighted", "--count", 3, "--seed", 0,
                "--no-promise", "--expected-return")
    assert table.exit_code == 0, table.output
    assert "expected return per stake (pool model)" in table.output
    assert "realised return per stake, same rounds" in table.output


@pytest.mark.parametrize("extra, message", [
    (["--jackpot", "-1"], "--jackpot ('-1') must be a number >= 0"),
    (["--min-quota", "x"], "--min-quota ('x') must be a finite number"),
    (["--min-coverage", "14:0.5"], "--min-coverage ('14:0.5') must be X:Q"),
])
def test_cli_value_backtest_errors(demo_two, tmp_path, extra, message):
    led = tmp_path / "ledger.csv"
    res = run("backtest", demo_two, "--strategy", "value", "--count", 2, "--seed", 0, "--ledger", led,
              *extra)
    assert res.exit_code == 2 and message in res.output and "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1 and not led.exists()
