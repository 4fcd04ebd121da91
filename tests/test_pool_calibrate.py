"""toto13.pool.calibrate: the co-winner shape fit against seeded simulations with known shapes, brute-force
expected winners, a finite-difference information, and the real Stryktipset rounds."""
from __future__ import annotations

import ast
import itertools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from toto13.backtest import import_stryktipset
from toto13.io.rounds import Rounds
from toto13.pool import (CoWinners, WinnerCounts, calibrate_co_winners,
                         co_winner_interval, fit_co_winner_shapes, leave_one_out_check,
                         shape_standard_error, winner_counts)
from toto13.rules import STRYKTIPSET, Rules

REPO = Path(__file__).resolve().parents[1]


def simulated(seed: int, rounds: int, shapes, lo: float = 1.0, hi: float = 3e4) -> WinnerCounts:
    """Negative-binomial winner counts with the given shape per tier around log-uniform means."""
    rng = np.random.default_rng(seed)
    lam = np.exp(rng.uniform(math.log(lo), math.log(hi), size=(rounds, len(shapes))))
    s = np.array(shapes, dtype=float)
    w = rng.negative_binomial(s, s / (s + lam))
    return WinnerCounts(tuple(str(i) for i in range(rounds)), tuple(range(13, 13 - len(shapes), -1)),
                        lam, w.astype(float))


def test_fit_recovers_a_known_shape_within_its_standard_error():
    shapes = (7.0, 4.0, 15.0)
    counts = simulated(20251202, 400, shapes)
    fit = fit_co_winner_shapes(counts)
    se = [shape_standard_error(counts.means[:, j], counts.winners[:, j], s) for j, s in enumerate(fit)]
    assert np.all(np.abs(fit - shapes) <= 2 * np.array(se)), (fit, se)


def test_standard_errors_match_the_spread_of_fits_over_seeded_simulations():
    # 200 seeded data sets of 300 rounds, true shape 6: the z-scores (fit - 6) / SE are about standard
    # normal when the standard error (observed information) is right
    z, se = [], []
    for seed in range(200):
        c = simulated(seed, 300, (6.0,))
        s = fit_co_winner_shapes(c)[0]
        e = shape_standard_error(c.means[:, 0], c.winners[:, 0], s)
        z.append((s - 6.0) / e)
        se.append(e)
    z = np.array(z)
    assert 0.58 <= np.mean(np.abs(z) <= 1) <= 0.78          # 68 % within one standard error
    assert np.mean(np.abs(z) <= 2) >= 0.9                    # 95 % within two
    fits = 6.0 + z * np.array(se)
    assert np.std(fits) == pytest.approx(np.mean(se), rel=0.15)


@pytest.mark.parametrize("shape", [1.5, 6.0, 40.0])
def test_standard_error_is_the_curvature_of_the_log_likelihood(shape):
    # reference: a central finite difference of scipy's log-pmf, in the shape
    c = simulated(7, 50, (shape,))
    lam, w = c.means[:, 0], c.winners[:, 0]

    def ll(s):
        return stats.nbinom.logpmf(w, s, s / (s + lam)).sum()

    h = 1e-3 * shape
    curvature = (ll(shape + h) - 2 * ll(shape) + ll(shape - h)) / h ** 2
    assert shape_standard_error(lam, w, shape) == pytest.approx(1 / math.sqrt(-curvature), rel=1e-4)


def test_leave_one_out_coverage_on_data_from_the_model():
    # data drawn from the calibrated model itself: its 90 % intervals hold about 90 % (at least 90 %
    # in expectation: the intervals of a discrete law hold more), the Poisson ones far fewer (the
    # smallest means are nearly Poisson either way)
    counts = simulated(3, 60, (5.0, 10.0))
    cal = leave_one_out_check(counts, "calibrated")
    poi = leave_one_out_check(counts, CoWinners.POISSON)
    assert cal.model is CoWinners.CALIBRATED and cal.inside.shape == (60, 2)
    assert 0.85 <= cal.inside.mean() <= 0.98
    assert poi.inside.mean() < 0.5
    np.testing.assert_array_equal(cal.ratio, np.median(counts.winners / counts.means, axis=0))
    np.testing.assert_array_equal(cal.coverage, cal.inside.mean(axis=0))


@pytest.mark.parametrize("shape", [2.0, 9.0, math.inf])
def test_interval_is_central_by_the_cumulative_probabilities(shape):
    # reference: the pmf summed term by term (scipy's pmf, not its ppf)
    for lam in (0.3, 12.0, 800.0):
        lo, hi = co_winner_interval(np.array([lam]), shape, 0.9)
        k = np.arange(0, int(lam * 10 + 100))
        pmf = stats.poisson.pmf(k, lam) if math.isinf(shape) else stats.nbinom.pmf(k, shape,
                                                                                    shape / (shape + lam))
        cdf = np.cumsum(pmf)
        assert lo[0] == np.argmax(cdf >= 0.05 - 1e-12) and hi[0] == np.argmax(cdf >= 0.95 - 1e-12)


def small_rounds(m: int = 4, seed: int = 0) -> tuple[Rounds, Rules]:
    """Five rounds of ``m`` matches, tiers stored in another order than the rules'; round 2 without
    crowd shares and round 4 without turnover (both unusable)."""
    rng = np.random.default_rng(seed)
    r = 5
    rules = Rules(name="small", matches=m, tiers=(m, m - 1, m - 2), tier_shares=(0.4, 0.25, 0.25),
                  payout_ratio=0.65, stake=2.0, voucher_fee=0.0, quota_step=0.0, average_payouts=None)
    crowd = rng.dirichlet((3.0, 2.0, 2.0), size=(r, m))
    crowd[2] = np.nan
    turnover = rng.uniform(1e4, 1e5, size=r)
    turnover[4] = np.nan
    tiers = (m - 2, m, m - 1)
    winners = rng.integers(0, 50, size=(r, 3)).astype(float)
    teams = pd.DataFrame({"round": [str(i) for i in range(r) for _ in range(m)],
                          "match": [str(j + 1) for _ in range(r) for j in range(m)],
                          "home_team": "", "away_team": ""})
    rounds = Rounds(tuple(str(i) for i in range(r)), np.arange(r).astype("datetime64[D]"),
                    rng.integers(0, 3, size=(r, m)).astype(np.int8), tiers, np.full((r, 3), np.nan),
                    winners, np.full((r, 3), np.nan), turnover, np.full((r, m, 3), np.nan), teams,
                    "test", crowd)
    return rounds, rules


def test_winner_counts_are_the_brute_force_expected_winners():
    # reference: every crowd row of the 3^m enumerated, its probability and strikes at the result
    rounds, rules = small_rounds()
    c = winner_counts(rounds, rules)
    assert c.ids == ("0", "1", "3") and c.tiers == rules.tiers
    m = rules.matches
    for row, rid in enumerate(c.ids):
        i = int(rid)
        expect = np.zeros(m + 1)
        for pick in itertools.product(range(3), repeat=m):
            prob = np.prod(rounds.crowd[i, np.arange(m), pick])
            expect[(np.array(pick) == rounds.results[i]).sum()] += prob
        rows = rounds.turnover[i] / rules.stake
        np.testing.assert_allclose(c.means[row], rows * expect[list(rules.tiers)], rtol=1e-12)
        assert c.winners[row].tolist() == [rounds.winners[i, rounds.tiers.index(k)] for k in rules.tiers]


def test_errors_name_what_is_wrong():
    rounds, rules = small_rounds()
    with pytest.raises(ValueError, match=r"tier \(1\) is not one of the tiers"):
        winner_counts(rounds, Rules(**{**rules.__dict__, "tiers": (4, 1), "tier_shares": (0.5, 0.5)}))
    with pytest.raises(ValueError, match="rounds have 4 matches, rules .* 13"):
        winner_counts(rounds, STRYKTIPSET)
    with pytest.raises(ValueError, match="none has the crowd's pick shares"):
        winner_counts(rounds.subset([2, 4]), rules)
    zero = rounds.crowd.copy()
    zero[1, 0, rounds.results[1, 0]] = 0.0
    bad = Rounds(rounds.ids, rounds.dates, rounds.results, rounds.tiers, rounds.quotas, rounds.winners,
                 rounds.pools, rounds.turnover, rounds.odds, rounds.teams, "test", zero)
    with pytest.raises(ValueError, match="round 1: the crowd's shares give a tier no chance"):
        winner_counts(bad, rules)
    one = winner_counts(rounds.subset([0]), rules)
    with pytest.raises(ValueError, match="leaving one out needs at least 2"):
        leave_one_out_check(one)
    with pytest.raises(ValueError, match=r"level \(1.0\) must be in \(0, 1\)"):
        leave_one_out_check(winner_counts(rounds, rules), level=1.0)
    with pytest.raises(ValueError, match="winners must be whole numbers"):
        WinnerCounts(("a",), (13,), np.ones((1, 1)), np.full((1, 1), 0.5))


def test_pool_imports_only_lower_layers():
    # toto13.pool may import from these (and itself) only; a function-level import counts too
    allowed = {"errors", "_lazy", "executor", "rules", "hamming", "greedy", "estimators", "engine", "io", "tickets",
               "systems", "pool"}
    for path in sorted((REPO / "toto13" / "pool").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level > 0:
                target = ("pool." if node.level == 1 else "") + (node.module or "")
                top = target.split(".")[0] if target else "pool"
                assert top in allowed, f"{path.name} imports toto13.{target}"
            names = [a.name for a in node.names] if isinstance(node, (ast.Import, ast.ImportFrom)) else []
            mod = node.module if isinstance(node, ast.ImportFrom) and node.level == 0 else None
            for name in ([mod] if mod else []) + (names if isinstance(node, ast.Import) else []):
                if name.startswith("toto13."):
                    assert name.split(".")[1] in allowed, f"{path.name} imports {name}"


# ---------------------------------------------------------------- the real rounds
@pytest.fixture(scope="module")
def real(shared_data):
    d = shared_data / "stryktipset-tipsxtra"
    rounds = import_stryktipset(d / "stryktipset_summering.csv",
                                d / "stryktipset_detaljer_2025w19-w39.csv").rounds
    return calibrate_co_winners(rounds, STRYKTIPSET)


def test_calibrated_shapes_recomputed_from_the_real_rounds(real):
    cal = real
    assert len(cal.counts.ids) == 21 and cal.counts.ids[0] == "202519" and cal.counts.ids[-1] == "202539"
    # the constant-mean shapes of these 21 rounds (the package's shapes before the fitted mean map)
    assert [f"{s:.4f}" for s in cal.shapes] == ["6.9809", "4.1822", "7.1365", "15.1058"]
    assert np.all(cal.standard_errors < cal.shapes)
    # the leave-one-out table of the README (and of scripts/calibrate_pool.py)
    check, poisson = cal.checks[CoWinners.CALIBRATED], cal.checks[CoWinners.POISSON]
    assert np.round(check.ratio, 2).tolist() == [0.90, 0.91, 0.99, 1.01]
    assert check.inside.sum(axis=0).tolist() == [18, 19, 20, 20]        # 86 / 90 / 95 / 95 %
    assert int(check.inside.sum()) == 77 and int(poisson.inside.sum()) == 16
    assert abs(check.inside.mean() - 0.90) <= 0.07     # the goal: 90 % ± 7 pp of 84 round-tiers
