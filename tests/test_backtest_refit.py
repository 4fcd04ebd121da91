"""``refit``: every round's pool model is fitted on rounds of earlier years only, with the fallbacks."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from toto13.backtest import BacktestStrategy, Rounds, run_backtest
from toto13.cli import main
from toto13.engine import poisson_binomial_pmf
from toto13.pool.cowinners import DEFAULT_CO_WINNER_MODEL
from toto13.rules import STRYKTIPSET
from toto13.selection.strategy import REFIT_MIN_ROUNDS, fit_before

DATA = Path("/work/shared/data/stryktipset-tipsxtra")
DEMO = Path(str(files("toto13") / "data" / "demo-rounds"))
M = 13


def _rounds(per_year: int, years: tuple[int, ...], seed: int = 0, boost: float = 1.5) -> Rounds:
    """Synthetic Stryktipset rounds: odds, crowd shares, results drawn from the odds, a turnover, and
    winners drawn around ``boost`` times the independent-crowd mean (quotas from the tier pools)."""
    rng = np.random.default_rng(seed)
    r = per_year * len(years)
    probs = rng.dirichlet([5, 3, 3], size=(r, M))
    crowd = 0.5 * probs + 0.5 * rng.dirichlet([5, 3, 3], size=(r, M))
    placeholder = np.isin(np.round(crowd[..., 0] * 100), (34, 43))  # keep clear of default_crowd
    crowd[placeholder] = (0.6, 0.25, 0.15)
    results = (rng.random((r, M, 1)) > np.cumsum(probs, axis=2)).sum(axis=2).astype(np.int8)
    turnover = rng.uniform(2e7, 4e7, size=r)
    hit = np.take_along_axis(crowd, results[..., None].astype(np.int64), axis=2)[..., 0]
    lam = turnover[:, None] * poisson_binomial_pmf(hit)[:, [13, 12, 11, 10]]
    winners = rng.poisson(boost * lam).astype(np.float64) + 1.0
    pools = turnover[:, None] * 0.65 * np.array([0.4, 0.15, 0.12, 0.33])
    dates = np.array([np.datetime64(f"{y}-01-03") + 7 * k for y in years for k in range(per_year)],
                     dtype="datetime64[D]")  # weekly, within the year
    ids = tuple(f"r{i:04d}" for i in range(r))
    teams = pd.DataFrame({"round": np.repeat(ids, M), "match": np.tile(np.arange(1, M + 1), r),
                          "home_team": "h", "away_team": "a"})
    return Rounds(ids, dates, results, (13, 12, 11, 10), pools / winners, winners, pools, turnover,
                  1.05 / probs, teams, "synthetic", crowd)


def _changed_from(rounds: Rounds, year: int, seed: int = 9, crowd: bool = True,
                  until: int = 9999) -> Rounds:
    """``rounds`` with the results, winners and quotas (and ``crowd`` shares) of ``year`` and later
    (before ``until``) redrawn."""
    other = _rounds(len(rounds) // len(set(rounds.dates.astype("datetime64[Y]"))),
                    tuple(sorted({int(str(d)[:4]) for d in rounds.dates})), seed=seed, boost=6.0)
    y = rounds.dates.astype("datetime64[Y]").astype(np.int64) + 1970
    late = (y >= year) & (y < until)
    pick = lambda a, b: np.where(late.reshape((-1,) + (1,) * (a.ndim - 1)), b, a)  # noqa: E731
    return Rounds(rounds.ids, rounds.dates, pick(rounds.results, other.results), rounds.tiers,
                  pick(rounds.quotas, other.quotas), pick(rounds.winners, other.winners),
                  rounds.pools, rounds.turnover, rounds.odds, rounds.teams, rounds.source,
                  pick(rounds.crowd_table(), other.crowd_table()) if crowd else rounds.crowd_table())


def _same(a, b) -> bool:
    return a.cowinners == b.cowinners and a.blend == b.blend and (a.rounds, a.matches) == (b.rounds,
                                                                                           b.matches)


@pytest.fixture(scope="module")
def history() -> Rounds:
    return _rounds(40, (2000, 2001, 2002, 2003))


def test_fit_uses_only_earlier_years(history):
    """Redrawing 2003 (results, winners, crowd) leaves the 2003 fit as it was; redrawing 2002 changes
    it: a fit that peeked at its own year would move."""
    fit = fit_before(history, STRYKTIPSET, 2003)
    assert (fit.rounds, fit.matches) == (120, 120 * M)
    assert fit.cowinners is not None and fit.blend is not None
    assert _same(fit, fit_before(_changed_from(history, 2003), STRYKTIPSET, 2003))
    peeked = fit_before(_changed_from(history, 2002), STRYKTIPSET, 2003)
    assert peeked.cowinners != fit.cowinners and peeked.blend != fit.blend
    assert not _same(fit_before(history, STRYKTIPSET, 2004), fit)  # 2003's rounds count for 2004


def test_backtest_prices_each_round_with_earlier_years_only(history):
    """The ledger's expected returns of 2003's rounds do not move when the results, winners and quotas
    of 2003 are redrawn (the crowd shares, known before kick-off, are kept): a round's own outcome
    never reaches its fit; redrawing 2002 moves them."""
    strategy = BacktestStrategy("top", count=4, pool_value=True, promise=False, refit=True)
    played = np.flatnonzero(history.dates.astype("datetime64[Y]") == np.datetime64("2003"))[:3]

    def expected(rounds: Rounds) -> np.ndarray:
        led = run_backtest(rounds.subset(played), strategy, STRYKTIPSET, rng=1, history=rounds).ledger
        return led["expected_return"].to_numpy()

    mine = expected(history)
    assert np.isfinite(mine).all()
    np.testing.assert_array_equal(mine, expected(_changed_from(history, 2003, crowd=False)))
    assert not np.allclose(mine, expected(_changed_from(history, 2002, until=2003)))
    player = strategy.for_rounds(history.subset(played), STRYKTIPSET, history=history)
    fit = player.refit(0)
    assert fit is not None and fit.year == 2003 and fit.rounds == 120
    assert player.pool(0).pool.co_winner_model() == fit.cowinners
    np.testing.assert_allclose(player.probs(0), fit.blend.apply(history.odds[played[0]],
                                                                history.crowd_table()[played[0]]))


def test_fallbacks_with_too_little_history(history):
    """The first year has nothing before it; a year with fewer than 100 usable rounds (fewer than 500
    matches) keeps the package's co-winner model (the odds alone)."""
    first = fit_before(history, STRYKTIPSET, 2000)
    assert (first.cowinners, first.blend, first.rounds, first.matches) == (None, None, 0, 0)
    two = fit_before(history, STRYKTIPSET, 2002)
    assert two.rounds == 80 < REFIT_MIN_ROUNDS and two.cowinners is None and two.blend is not None
    few = fit_before(history.subset(slice(0, 30)), STRYKTIPSET, 2001)
    assert few.matches == 30 * M < 500 and few.blend is None
    strategy = BacktestStrategy("weighted", count=3, promise=False, refit=True)
    player = strategy.for_rounds(history.subset(slice(0, 31)), STRYKTIPSET,
                                 history=history.subset(slice(0, 31)))
    j = 30  # the first round of 2001, after 30 rounds of 2000
    assert player.pool(j).pool.co_winner_model() == DEFAULT_CO_WINNER_MODEL
    np.testing.assert_allclose(player.probs(j), strategy.probs(history.odds[j]))


def test_refit_options_checked():
    with pytest.raises(ValueError, match="refit applies only"):
        BacktestStrategy("weighted", count=3, recalibrate=True, refit=True)
    with pytest.raises(ValueError, match="refit applies only"):
        BacktestStrategy("recipe", hit_rate=0.5, count=3, refit=True)
    assert "refit" in BacktestStrategy("top", count=3, refit=True).describe()


def test_cli_refit_flag():
    res = CliRunner().invoke(main, ["backtest", str(DEMO), "--strategy", "top", "--count", "3",
                                    "--refit", "--no-promise", "--seed", "1"])
    assert res.exit_code == 0, res.output


@pytest.mark.slow
@pytest.mark.skipif(not DATA.is_dir(), reason="needs the Stryktipset history in /work/shared/data")
def test_real_history_fits_and_fallbacks():
    """On the real history: 2008 and 2009 keep the package's co-winner model (too few earlier rounds
    with real crowd shares and winners); 2016 is fitted on hundreds of earlier rounds, none of 2016."""
    from toto13.backtest import import_stryktipset

    rounds = import_stryktipset(DATA / "stryktipset_summering.csv",
                                DATA / "stryktipset_detaljer.csv").rounds
    assert fit_before(rounds, STRYKTIPSET, 2008).cowinners is None
    fit = fit_before(rounds, STRYKTIPSET, 2016)
    assert fit.rounds >= 300 and fit.cowinners is not None and fit.blend is not None
    assert fit.blend.last < "2016-01-01"
    assert all(r in set(rounds.ids) for r in fit.cowinners.rounds)
    years = rounds.dates.astype("datetime64[Y]").astype(np.int64) + 1970
    assert years[np.isin(rounds.ids, fit.cowinners.rounds)].max() < 2016
