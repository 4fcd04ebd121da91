"""Backtests on several processes and on a Dask cluster: the same books, to the byte, as one process."""
from __future__ import annotations

import operator
import os
import sys
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from toto13.backtest import BacktestStrategy, read_rounds, run_backtest
from toto13.backtest.run import round_seed
from toto13.cli import main
from toto13.executor import Workers, available_cores, run_tasks
from toto13.rules import TOTO13

DEMO = files("toto13") / "data" / "demo-rounds"


def _run(args: list[str]):
    return CliRunner().invoke(main, args)


def _outputs(tmp_path: Path, name: str, args: list[str]) -> dict[str, bytes]:
    """Run ``toto13 backtest`` writing the ledger and both pictures; the bytes of all four outputs."""
    d = tmp_path / name
    d.mkdir()
    res = _run(["backtest", *args, "--ledger", str(d / "l.csv"), "--plot", str(d / "p.png"),
                "--calibration", str(d / "c.png"), "-q"])
    assert res.exit_code == 0, res.output
    return {"summary": res.output.encode(), **{p.name: p.read_bytes() for p in sorted(d.iterdir())}}


@pytest.mark.slow
@pytest.mark.parametrize("strategy", [["--strategy", "recipe", "--hit-rate", "1/2", "--count", "300"],
                                      ["--strategy", "weighted", "--count", "200", "--expected-return"]])
def test_jobs_2_writes_the_same_bytes_as_jobs_1(tmp_path, strategy):
    args = [str(DEMO), *strategy, "--seed", "7", "--monthly-limit", "200"]
    one = _outputs(tmp_path, "one", args)
    two = _outputs(tmp_path, "two", [*args, "--jobs", "2"])
    assert set(one) == {"summary", "l.csv", "p.png", "c.png"}
    assert one == two
    # and a different seed gives different tips (the comparison above can fail)
    other = _outputs(tmp_path, "other", [str(DEMO), *strategy, "--seed", "8", "--monthly-limit", "200"])
    assert other["l.csv"] != one["l.csv"]


def test_a_round_gets_the_same_tips_whichever_rounds_are_played():
    """Each round's generator is seeded by the seed and the round's id, not by its place in the run."""
    rounds = read_rounds(DEMO)
    strat = BacktestStrategy("recipe", hit_rate=0.5, count=50)
    rules = TOTO13.replace(monthly_limit=None)
    full = run_backtest(rounds.subset(slice(0, 6)), strat, rules, rng=3).ledger.set_index("round")
    part = run_backtest(rounds.subset(slice(3, 6)), strat, rules, rng=3).ledger.set_index("round")
    cols = ["won_10", "won_11", "won_12", "won_13", "winnings"]
    assert full.loc[part.index, cols].equals(part[cols])
    # the tips themselves: the player's tips for round 4 from its round seed, found in the ledger
    seed = round_seed(int(np.random.default_rng(3).spawn(1)[0].integers(2 ** 63)), rounds.ids[4])
    tips = strat.for_rounds(rounds, rules).tips(4, 50, np.random.default_rng(seed))
    strikes = (tips == rounds.results[4]).sum(axis=1)
    assert [int((strikes == x).sum()) for x in (10, 11, 12, 13)] == full.loc[rounds.ids[4], cols[:4]].tolist()


def test_round_seed_is_stable_and_tells_rounds_apart():
    # the BLAKE2b digest (hashlib) is fixed by RFC 7693, so the state is too: no Python hash seed
    a, b = round_seed(1, "202401"), round_seed(1, "202402")
    assert a.entropy == round_seed(1, "202401").entropy
    assert a.generate_state(2).tolist() != b.generate_state(2).tolist()
    assert round_seed(2, "202401").generate_state(2).tolist() != a.generate_state(2).tolist()


def test_rounds_making_fewer_tips_than_asked_leave_their_month_more_budget():
    """The recipe's p = 1/2 space holds 2**13 = 8,192 tips: asked for 9,000 a round makes 8,192.

    Played one after another under a monthly limit of cost(8,192) + cost(5,000): the month's first
    round asks 9,000 and makes 8,192, the second is left cost(5,000) and asks 5,000, the rest nothing.
    A parallel run first assumes every round makes what it asks (the second would be left 4,192 tips'
    worth), then plays the second again; the books must be those of the one-by-one replay.
    """
    rounds = read_rounds(DEMO).subset(slice(0, 4))  # the four rounds of January 2025
    rules = TOTO13.replace(monthly_limit=TOTO13.cost(8192) + TOTO13.cost(5000))
    strat = BacktestStrategy("recipe", hit_rate=0.5, count=9000)
    for workers in (Workers(1), Workers(2)):
        res = run_backtest(rounds, strat, rules, rng=5, workers=workers)
        assert res.ledger["tips"].tolist() == [8192, 5000, 0, 0]
        assert res.ledger["cost"].tolist() == [4437.5, 2708.5, 0.0, 0.0]  # 0.5 a tip, 0.5 per 12
        assert res.capped == 3


def test_run_tasks_keeps_the_order_and_reports_every_item():
    seen: list[int] = []
    items = list(range(7))
    assert run_tasks(operator.sub, 100, items, Workers(2), done=seen.append) == [100 - i for i in items]
    assert sorted(seen) == items


def test_a_task_error_reaches_the_caller():
    with pytest.raises(ZeroDivisionError):
        run_tasks(operator.truediv, 1, [1, 0, 2], Workers(2))


def test_workers_jobs_zero_is_every_usable_core():
    assert available_cores() == len(os.sched_getaffinity(0))
    assert Workers(0).jobs == len(os.sched_getaffinity(0))
    for bad in (-1, 1.5, True, "2"):
        with pytest.raises(ValueError, match="jobs"):
            Workers(bad)


@pytest.mark.parametrize("jobs, said", [("-1", "--jobs ('-1') must be at least 0"),
                                        ("two", "--jobs ('two') must be a whole number")])
def test_bad_jobs_is_one_line(tmp_path, jobs, said):
    res = _run(["backtest", str(DEMO), "--strategy", "recipe", "--hit-rate", "1/2", "--count", "3",
                "--jobs", jobs, "--ledger", str(tmp_path / "l.csv")])
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [f"Error: {said}"]
    assert not (tmp_path / "l.csv").exists()


def test_scheduler_without_dask_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # find_spec then reports it missing
    res = _run(["backtest", str(DEMO), "--strategy", "recipe", "--hit-rate", "1/2", "--count", "3",
                "--scheduler", "tcp://127.0.0.1:8786", "--ledger", str(tmp_path / "l.csv")])
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [
        "Error: --scheduler ('tcp://127.0.0.1:8786') needs Dask distributed: pip install 'toto13[dask]'"]
    assert not (tmp_path / "l.csv").exists()


@pytest.fixture(scope="module")
def dask_cluster():
    """A 2-worker Dask cluster on this machine (worker processes, one thread each)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.mark.slow
def test_dask_writes_the_same_ledger_as_jobs_1(tmp_path, dask_cluster):
    args = [str(DEMO), "--strategy", "weighted", "--count", "200", "--expected-return", "--seed", "7",
            "--monthly-limit", "200"]
    one = _outputs(tmp_path, "one", args)
    dask = _outputs(tmp_path, "dask", [*args, "--scheduler", dask_cluster])
    assert one == dask


def test_progress_counts_rounds_finished_on_every_worker(monkeypatch):
    import io

    import threading

    import toto13.backtest.run as run

    bars: list = []
    make = run._bar

    def bar(total):
        before = threading.active_count()
        bars.append(make(total))
        bars[-1].fp = io.StringIO()
        assert threading.active_count() == before  # no monitor thread: the workers can start by fork
        return bars[-1]

    monkeypatch.setattr(run, "_bar", bar)
    rounds = read_rounds(DEMO).subset(slice(0, 9))
    run_backtest(rounds, BacktestStrategy("recipe", hit_rate=0.5, count=20), TOTO13, rng=1,
                 progress=True, workers=Workers(2))
    assert (bars[0].n, bars[0].total) == (9, 9)
    # a round played again after the budget's replan counts too (see the test above: 4 + 1)
    rules = TOTO13.replace(monthly_limit=TOTO13.cost(8192) + TOTO13.cost(5000))
    run_backtest(rounds.subset(slice(0, 4)), BacktestStrategy("recipe", hit_rate=0.5, count=9000), rules,
                 rng=5, progress=True, workers=Workers(2))
    assert (bars[1].n, bars[1].total) == (5, 5)


# ------------------------------------------------------------------ calibrate: the same engine
def test_rolling_blend_and_co_winner_fits_on_two_processes_are_the_same():
    """blend_by_season and rolling_check send each refit to the workers: the same numbers, exactly,
    and the fits those of each season on its earlier seasons (fit_blend here, the oracle)."""
    from toto13.estimators import blend_by_season, fit_blend
    from toto13.pool import rolling_check

    rng = np.random.default_rng(2)
    q, c = rng.dirichlet([4, 2, 3], 3000), rng.dirichlet([4, 2, 3], 3000)
    y = (rng.random(3000)[:, None] > np.cumsum(q, axis=1)).sum(axis=1)
    s = np.repeat([2001, 2002, 2003], 1000)
    dates = np.datetime64("2001-01-01") + (np.arange(3000) * 1095 // 3000)
    kw = dict(dates=dates, half_life=(None, 200.0), min_matches=500)
    p1, f1 = blend_by_season(q, c, y, s, **kw)
    p2, f2 = blend_by_season(q, c, y, s, workers=Workers(2), **kw)
    np.testing.assert_array_equal(p1, p2)
    assert f1 == f2 and f1[2001] is None
    # each season fitted on the seasons before it only, as here (the parameters to the optimiser's
    # tolerance: blend_by_season removes the margin of the inputs once more than fit_blend does)
    for season in (2002, 2003):
        before = s < season
        ref = fit_blend(q[before], c[before], y[before], dates=dates[before],
                        half_life=f2[season].half_life, margin_method=f2[season].margin_method)
        assert f2[season].matches == ref.matches == before.sum()
        np.testing.assert_allclose([f2[season].odds_weight, f2[season].crowd_weight],
                                   [ref.odds_weight, ref.crowd_weight], atol=1e-4)

    sys.path.insert(0, str(Path(__file__).parent))
    from test_pool_cowinners import ONE_TIER, simulate

    counts = simulate(9, 520, [(-0.1, -0.2, 0.2)], [8.0])  # ten years of weekly rounds
    one = rolling_check(counts, ONE_TIER, min_rounds=100)
    two = rolling_check(counts, ONE_TIER, min_rounds=100, workers=Workers(2))
    assert one.ids == two.ids
    np.testing.assert_array_equal(one.predicted_mean, two.predicted_mean)
    np.testing.assert_array_equal(one.high_90, two.high_90)


@pytest.fixture(scope="module")
def recent_stryk(shared_data, tmp_path_factory):
    """The real Stryktipset rounds of 2017 on (turnover, winners, crowd shares): some 450 rounds."""
    from toto13.backtest import import_stryktipset, write_rounds

    d = shared_data / "stryktipset-tipsxtra"
    rounds = import_stryktipset(d / "stryktipset_summering.csv", d / "stryktipset_detaljer.csv").rounds
    out = tmp_path_factory.mktemp("stryk-recent")
    write_rounds(out, rounds.subset(np.flatnonzero(rounds.dates >= np.datetime64("2017-01-01"))))
    return out


@pytest.mark.slow
def test_calibrate_rolling_jobs_2_reports_the_same(recent_stryk):
    args = ["calibrate", str(recent_stryk), "--rolling", "--format", "csv"]
    one, two = _run(args), _run([*args, "--jobs", "2"])
    assert one.exit_code == 0, one.output
    assert len(one.output.splitlines()) > 100
    assert two.exit_code == 0 and two.output == one.output


def test_calibrate_bad_jobs_is_one_line(tmp_path):
    res = _run(["calibrate", str(tmp_path), "--rolling", "--jobs", "-3"])
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == ["Error: --jobs ('-3') must be at least 0"]


@pytest.mark.slow
def test_scheduler_that_cannot_be_reached_is_one_line(tmp_path):
    pytest.importorskip("distributed")
    res = _run(["backtest", str(DEMO), "--strategy", "recipe", "--hit-rate", "1/2", "--count", "3",
                "--scheduler", "tcp://127.0.0.1:1", "--ledger", str(tmp_path / "l.csv")])
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "Error: --scheduler ('tcp://127.0.0.1:1') cannot be reached: "), res.output
    assert not (tmp_path / "l.csv").exists()


def _threads_setting(context, item):
    return os.environ.get("TOTO13_THREADS")


def test_workers_share_the_cores_with_each_other(monkeypatch):
    """Each of N local workers runs the compiled transform on cores // N threads (at least 1), unless
    TOTO13_THREADS says otherwise."""
    monkeypatch.delenv("TOTO13_THREADS", raising=False)
    want = str(max(len(os.sched_getaffinity(0)) // 2, 1))
    assert set(run_tasks(_threads_setting, None, [0, 1, 2], Workers(2))) == {want}
    monkeypatch.setenv("TOTO13_THREADS", "3")
    assert set(run_tasks(_threads_setting, None, [0, 1, 2], Workers(2))) == {"3"}
