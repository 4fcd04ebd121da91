"""Backtest strategies ``top`` and ``value`` and the ledger's ``expected_return`` and ``expected_x``:
the pool of every round from its own turnover and crowd shares, the expectation beside what was won, in
total and per tier, CLI and errors."""
from __future__ import annotations

import itertools
import json
import math
import re
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from toto13.backtest import BacktestStrategy, PayoutModel, read_rounds, run_backtest, write_rounds
from toto13.cli import main
from toto13.estimators import remove_margin
from toto13.pool import Pool, crowd_shares, expected_return, tip_returns
from toto13.rules import STRYKTIPSET, TOTO13
from toto13.tickets import evaluate, tips_from_index

DEMO = Path(str(files("toto13") / "data" / "demo-rounds"))


@pytest.fixture(scope="module")
def two_rounds():
    return read_rounds(DEMO).subset(slice(0, 2))


@pytest.mark.slow
def test_value_round_one_is_the_best_single_row(two_rounds):
    r = two_rounds
    res = run_backtest(r, BacktestStrategy("value", count=1, promise=False), TOTO13, rng=0)
    probs = remove_margin(r.odds[0]).probs  # the default margin removal (power)
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
    probs = remove_margin(rc.odds[1]).probs  # the default margin removal (power)
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
    ({"kind": "value", "count": 2, "turnover": 0}, "turnover (0) must be a number >= 1"),
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
    assert text[0].endswith(",payout_source,expected_return,expected_10,expected_11,expected_12,"
                            "expected_13") and len(text) == 3
    assert set(rec["per_tier"]) == {"10", "11", "12", "13"}
    for d in rec["per_tier"].values():
        assert set(d) >= {"expected_per_stake", "realised_per_stake", "expected_hits", "achieved_hits", "z"}
    assert sum(d["expected_per_stake"] for d in rec["per_tier"].values()) == pytest.approx(
        rec["expected_per_stake"])
    table = run("backtest", demo_two, "--strategy", "weighted", "--count", 3, "--seed", 0,
                "--no-promise", "--expected-return")
    assert table.exit_code == 0, table.output
    assert "expected return per stake (pool model)" in table.output
    assert "realised return per stake, same rounds" in table.output
    assert "expected per stake  realised per stake" in table.output
    assert "per tier, over the 2 rounds with an expected return" in table.output
    assert "the pool model (calibrated co-winners" in table.output


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


# ---------------------------------------------------------------- the expectation per tier
@pytest.fixture(scope="module")
def per_tier(two_rounds):
    """Six tips played in both of two demo rounds under Stryktipset (a minimum quota): the first
    round's result with 0, 1, 2 and 3 misses (a win in every tier) and the second's with 1 and 3. The
    second round has no odds, so no pool and no expected return."""
    r = two_rounds
    odds = r.odds.copy()
    odds[1] = np.nan
    r = type(r)(r.ids, r.dates, r.results, r.tiers, r.quotas, r.winners, r.pools, r.turnover, odds,
                r.teams, r.source)
    probs = remove_margin(r.odds[0]).probs  # the default margin removal (power)
    tips = np.array([_missing(r.results[j], k) for j, k in [(0, 0), (0, 1), (0, 2), (0, 3), (1, 1), (1, 3)]],
                    dtype=np.int8)
    rules = STRYKTIPSET.replace(monthly_limit=None)
    strat = BacktestStrategy("fixed", tips=tips, pool_value=True, co_winners="poisson")
    return r, rules, probs, tips, run_backtest(r, strat, rules, rng=0)


def _missing(result, k):
    """``result`` with its first ``k`` matches tipped wrong."""
    tip = np.array(result, dtype=np.int8)
    tip[:k] = (tip[:k] + 1) % 3
    return tip


def test_expected_per_tier_adds_up_and_is_nan_with_the_total(per_tier):
    *_, res = per_tier
    led = res.ledger
    cols = [f"expected_{x}" for x in (10, 11, 12, 13)]
    assert np.isfinite(led.loc[0, "expected_return"]) and np.isnan(led.loc[1, "expected_return"])
    assert led.loc[0, cols].sum() == pytest.approx(led.loc[0, "expected_return"], rel=1e-12)
    assert led.loc[1, cols].isna().all() and led.loc[1, "tips"] == 6


def test_expected_per_tier_recomputed(per_tier):
    r, rules, probs, tips, res = per_tier
    want = expected_return(tips, probs, crowd_shares(probs),
                           Pool(rules, float(r.turnover[0]), co_winners="poisson"))
    assert rules.min_quota > 0  # the money a minimum quota moves is in the tiers too
    for x in (10, 11, 12, 13):
        assert res.ledger.loc[0, f"expected_{x}"] == pytest.approx(want.per_tier[x], rel=1e-9, abs=1e-12)


def test_tier_summary_against_the_ledger(per_tier):
    r, rules, _, _, res = per_tier
    led = res.ledger.iloc[:1]            # the rounds with an expected return
    prep = PayoutModel().prepare(r, rules)
    won = led[[f"won_{x}" for x in rules.tiers]].to_numpy()
    paid = won[0] * prep.pay(0, won[0], int(led.loc[0, "tips"]))
    cost = led["cost"].sum()
    tiers = {t.tier: t for t in res.tier_returns}
    assert [t.tier for t in res.tier_returns] == list(rules.tiers)
    for c, x in enumerate(rules.tiers):
        t = tiers[x]
        assert t.rounds == 1 and t.achieved_hits == led[f"won_{x}"].sum()
        assert t.realised_per_stake == pytest.approx(paid[c] / cost, abs=1e-12)
        assert t.expected_per_stake == pytest.approx(led[f"expected_{x}"].sum() / cost, rel=1e-12)
    assert (won[0] == 1).all() and (paid > 0).all() and res.ledger.loc[1, "winnings"] > 0
    assert sum(t.realised_per_stake for t in tiers.values()) == pytest.approx(res.realised_per_stake)
    assert sum(t.expected_per_stake for t in tiers.values()) == pytest.approx(res.expected_per_stake)


def _exactly(q, k):
    """P(exactly k of independent events with probabilities q), by enumerating which ones happen."""
    return sum(math.prod(q[i] if i in hit else 1 - q[i] for i in range(len(q)))
               for hit in map(set, itertools.combinations(range(len(q)), k)))


def test_expected_hits_by_enumeration(per_tier):
    *_, probs, tips, res = per_tier
    ev = evaluate(tips, probs)
    for t in res.tier_returns:
        brute = sum(_exactly(probs[np.arange(13), tip], t.tier) for tip in tips)
        assert t.expected_hits == pytest.approx(brute, rel=1e-10)
        assert t.expected_hits == pytest.approx(ev.expected_hits[t.tier], rel=1e-10)
        z = (t.achieved_hits - brute) / math.sqrt(brute)
        assert t.z == pytest.approx(z, rel=1e-9)


def test_no_pool_value_no_tier_figures(two_rounds):
    res = run_backtest(two_rounds, BacktestStrategy("top", count=2, promise=False), TOTO13, rng=0)
    assert res.ledger[[f"expected_{x}" for x in (10, 11, 12, 13)]].isna().all().all()
    assert all(t.rounds == 0 and math.isnan(t.expected_per_stake) for t in res.tier_returns)
