"""Summary figures of a backtest ledger: returns, risk, and promised versus achieved coverage.

*Promised* is the mean over rounds of the coverage a strategy claims before the round (the exact
P(best strikes >= x) of its tips under the round's probabilities); *achieved* is the share of rounds
that reached x. :func:`calibration` compares them per tier with a Wilson interval and a z-score;
:func:`reliability_bins` bins rounds by their promise for a reliability diagram. :func:`tier_returns`
puts the pool model's expected return and hits of each prize tier beside what the tier really paid.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.special import ndtri

from ..errors import as_rng, check_fraction, check_int

__all__ = ["Summary", "summarize", "bootstrap_roi", "longest_losing_run", "max_drawdown", "sharpe",
           "TierCalibration", "calibration", "wilson_interval", "reliability_bins", "TierReturn",
           "tier_returns"]


def wilson_interval(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion ``successes / n``.

    Examples
    --------
    >>> lo, hi = wilson_interval(29, 100)
    >>> round(lo, 4), round(hi, 4)
    (0.2101, 0.3854)
    """
    level = check_fraction("level", level)
    n = check_int("n", n, 0)
    successes = check_int("successes", successes, 0)
    if successes > n:
        raise ValueError(f"successes ({successes}) must not exceed n ({n})")
    if n == 0:
        return float("nan"), float("nan")
    z = float(ndtri(0.5 + level / 2))
    p = successes / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    lo = 0.0 if successes == 0 else max(0.0, centre - half)  # exact ends: no rounding past the share
    hi = 1.0 if successes == n else min(1.0, centre + half)
    return lo, hi


@dataclass(frozen=True)
class TierCalibration:
    """Promised against achieved for one tier over the rounds that made a promise.

    ``se`` is the standard error of the achieved share if every promise were exact (the rounds are
    independent Bernoulli trials with the promised probabilities: ``sqrt(sum p(1-p)) / n``), and
    ``z = (achieved - promised) / se``. ``ci`` is the Wilson interval of the achieved share.
    """

    tier: int
    rounds: int
    reached: int
    promised: float
    achieved: float
    ci: tuple[float, float]
    se: float
    z: float

    def within(self, pp: float = 0.01, k: float = 2.0) -> bool:
        """True if ``|achieved - promised| <= max(pp, k * se)``."""
        return abs(self.achieved - self.promised) <= max(pp, k * self.se)


def calibration(best: ArrayLike, promised: ArrayLike, tiers: tuple[int, ...], *,
                level: float = 0.95) -> tuple[TierCalibration, ...]:
    """Per tier: promised beside achieved with a Wilson interval and the z-score of the difference.

    Parameters
    ----------
    best : array_like, shape (R,)
        Best strike count of each round's tips.
    promised : array_like, shape (R, T)
        Promised probability of reaching each tier (NaN = no promise; such rounds are left out).
    tiers : tuple of int
        Columns of ``promised``.
    level : float
        Confidence level of the intervals.

    Examples
    --------
    >>> c = calibration([10, 9, 11, 10], [[0.5], [0.5], [0.5], [0.5]], (10,))[0]
    >>> c.achieved, c.promised, round(c.z, 6)
    (0.75, 0.5, 1.0)
    """
    b = np.asarray(best)
    pr = np.asarray(promised, dtype=np.float64).reshape(len(b), len(tiers))
    out = []
    for k, x in enumerate(tiers):
        on = np.isfinite(pr[:, k])
        n = int(on.sum())
        hit = int((b[on] >= x).sum())
        if n == 0:
            out.append(TierCalibration(x, 0, 0, float("nan"), float("nan"), (float("nan"),) * 2,
                                       float("nan"), float("nan")))
            continue
        p = pr[on, k]
        prom, ach = float(p.mean()), hit / n
        se = math.sqrt(float((p * (1 - p)).sum())) / n
        z = (ach - prom) / se if se > 0 else (0.0 if ach == prom else math.copysign(math.inf, ach - prom))
        out.append(TierCalibration(x, n, hit, prom, ach, wilson_interval(hit, n, level), se, z))
    return tuple(out)


@dataclass(frozen=True)
class TierReturn:
    """The pool model's expectation beside what was realised, for one prize tier, over the rounds with
    an expected return (see :func:`tier_returns`).

    Attributes
    ----------
    tier : int
        Strikes.
    rounds : int
        Rounds with an expected return and a cost (the same for every tier).
    expected_per_stake, realised_per_stake : float
        The model's expected winnings from this tier, and what the tier really paid our tips, each
        summed over the rounds and divided by their summed cost (stakes and fees); over the tiers they
        add up to the totals' expected and realised return per stake.
    expected_hits : float
        Expected number of our tips with exactly ``tier`` strikes, summed over the rounds.
    achieved_hits : int
        Our tips that had exactly ``tier`` strikes in those rounds.
    z : float
        ``(achieved_hits - expected_hits) / sqrt(expected_hits)``, the Poisson z.
    paying_rounds : int
        Rounds in which the tier paid our tips (a realised figure from one round rests on one row).
    """

    tier: int
    rounds: int
    expected_per_stake: float
    realised_per_stake: float
    expected_hits: float
    achieved_hits: int
    z: float
    paying_rounds: int

    def as_dict(self) -> dict[str, float | int]:
        """``expected_per_stake, realised_per_stake, expected_hits, achieved_hits, z, paying_rounds``."""
        return {"expected_per_stake": self.expected_per_stake,
                "realised_per_stake": self.realised_per_stake, "expected_hits": self.expected_hits,
                "achieved_hits": self.achieved_hits, "z": self.z, "paying_rounds": self.paying_rounds}


def tier_returns(cost: ArrayLike, expected: ArrayLike, paid: ArrayLike, expected_hits: ArrayLike,
                 won: ArrayLike, tiers: tuple[int, ...]) -> tuple[TierReturn, ...]:
    """Per tier, the expected beside the realised return per stake and hits, over the rounds whose
    every tier has an expected return and whose cost is positive.

    Parameters
    ----------
    cost : array_like, shape (R,)
        Cost of each round (stakes and fees).
    expected : array_like, shape (R, T)
        The pool model's expected winnings of each round's tips from each tier (NaN = not computed:
        the round is left out).
    paid : array_like, shape (R, T)
        What each tier paid our tips: tips won times the quota used.
    expected_hits : array_like, shape (R, T)
        Expected number of our tips with exactly the tier's strikes under the round's probabilities.
    won : array_like, shape (R, T)
        Our tips with exactly the tier's strikes.
    tiers : tuple of int
        The columns' strike counts.

    Returns
    -------
    tuple of TierReturn
        One per tier, in the order of ``tiers`` (NaN figures where no round counts).

    Notes
    -----
    The hits of a tier in a round are a sum of dependent indicators (neighbouring tips win together),
    so their spread exceeds the Poisson one and ``|z|`` overstates the evidence; it is a first check,
    not a test.

    Examples
    --------
    >>> t = tier_returns([10.0, 10.0, 5.0], [[2.0], [4.0], [np.nan]], [[0.0], [9.0], [100.0]],
    ...                  [[0.5], [0.5], [0.5]], [[0], [3], [1]], (10,))[0]
    >>> t.rounds, t.expected_per_stake, t.realised_per_stake, t.expected_hits, t.achieved_hits
    (2, 0.3, 0.45, 1.0, 3)
    >>> t.z, t.paying_rounds
    (2.0, 1)
    """
    c = np.asarray(cost, dtype=np.float64)
    shape = (len(c), len(tiers))
    e, p, h = (np.asarray(a, dtype=np.float64).reshape(shape) for a in (expected, paid, expected_hits))
    w = np.asarray(won, dtype=np.int64).reshape(shape)
    on = np.isfinite(e).all(axis=1) & (c > 0)
    total = float(c[on].sum())
    out = []
    for k, x in enumerate(tiers):
        if not on.any():
            out.append(TierReturn(x, 0, math.nan, math.nan, math.nan, 0, math.nan, 0))
            continue
        exp_hits, hits = float(h[on, k].sum()), int(w[on, k].sum())
        if exp_hits > 0:
            z = (hits - exp_hits) / math.sqrt(exp_hits)
        else:
            z = math.nan if math.isnan(exp_hits) else 0.0 if hits == 0 else math.inf
        out.append(TierReturn(x, int(on.sum()), float(e[on, k].sum()) / total,
                              float(p[on, k].sum()) / total, exp_hits, hits, z,
                              int((p[on, k] > 0).sum())))
    return tuple(out)


def reliability_bins(best: ArrayLike, promised: ArrayLike, tier: int, *, bins: int = 10,
                     level: float = 0.95) -> pd.DataFrame:
    """Rounds binned by their promised P(best >= ``tier``), against the share that reached it.

    Bins hold (nearly) equal numbers of rounds (quantiles of the promise). Returns one row per bin:
    ``rounds, promised`` (mean promise), ``achieved, ci_low, ci_high`` (Wilson interval).

    Examples
    --------
    >>> t = reliability_bins([10, 9, 11, 12], [0.2, 0.3, 0.7, 0.8], 10, bins=2)
    >>> t[["rounds", "promised", "achieved"]].round(2).to_dict("list")
    {'rounds': [2, 2], 'promised': [0.25, 0.75], 'achieved': [0.5, 1.0]}
    """
    bins = check_int("bins", bins, 1)
    b = np.asarray(best)
    p = np.asarray(promised, dtype=np.float64).reshape(len(b))
    on = np.isfinite(p)
    b, p = b[on], p[on]
    order = np.argsort(p, kind="stable")
    rows = []
    for chunk in np.array_split(order, min(bins, max(len(order), 1))):
        if chunk.size == 0:
            continue
        hit = int((b[chunk] >= tier).sum())
        lo, hi = wilson_interval(hit, chunk.size, level)
        rows.append({"rounds": int(chunk.size), "promised": float(p[chunk].mean()),
                     "achieved": hit / chunk.size, "ci_low": lo, "ci_high": hi})
    return pd.DataFrame(rows, columns=["rounds", "promised", "achieved", "ci_low", "ci_high"])


def longest_losing_run(profit: ArrayLike) -> int:
    """Most consecutive rounds with a loss (profit < 0).

    Examples
    --------
    >>> longest_losing_run([-1, -1, 2, -1, -1, -1, 0, -1])
    3
    """
    best = run = 0
    for p in np.asarray(profit, dtype=np.float64):
        run = run + 1 if p < 0 else 0
        best = max(best, run)
    return int(best)


def max_drawdown(profit: ArrayLike, start: float = 0.0) -> float:
    """Largest fall of the bankroll ``start + cumsum(profit)`` from a previous peak (>= 0).

    The starting bankroll counts as the first peak.

    Examples
    --------
    >>> max_drawdown([5, -3, -4, 10, -1])
    7.0
    """
    b = start + np.concatenate([[0.0], np.cumsum(np.asarray(profit, dtype=np.float64))])
    return float((np.maximum.accumulate(b) - b).max())


def sharpe(profit: ArrayLike, cost: ArrayLike) -> float:
    """Per-round Sharpe ratio of returns ``profit / cost`` over rounds with cost > 0: mean / std (ddof 1).

    NaN with fewer than two such rounds or zero spread.

    Examples
    --------
    >>> round(sharpe([1, -1, 3], [1, 1, 1]), 6)
    0.5
    """
    p = np.asarray(profit, dtype=np.float64)
    c = np.asarray(cost, dtype=np.float64)
    r = p[c > 0] / c[c > 0]
    if r.size < 2 or np.std(r, ddof=1) == 0:
        return float("nan")
    return float(np.mean(r) / np.std(r, ddof=1))


def bootstrap_roi(profit: ArrayLike, cost: ArrayLike, *, level: float = 0.95, resamples: int = 2000,
                  rng: np.random.Generator | int | None = None) -> tuple[float, float]:
    """Percentile bootstrap confidence interval for ROI = sum(profit) / sum(cost), resampling rounds.

    Parameters
    ----------
    profit, cost : array_like
        Per round.
    level : float
        Confidence level in (0, 1).
    resamples : int
        Bootstrap resamples.
    rng : Generator, int or None
        Seed or generator.

    Returns
    -------
    (low, high)

    Examples
    --------
    >>> lo, hi = bootstrap_roi([-1.0, -1.0, 9.0, -1.0], [1.0] * 4, rng=1)
    >>> bool(lo <= 1.5 <= hi)
    True
    """
    level = check_fraction("level", level)
    resamples = check_int("resamples", resamples, 1)
    p = np.asarray(profit, dtype=np.float64)
    c = np.asarray(cost, dtype=np.float64)
    if p.size == 0 or c.sum() <= 0:
        return float("nan"), float("nan")
    gen = as_rng(rng)
    idx = gen.integers(0, p.size, size=(resamples, p.size))
    num, den = p[idx].sum(axis=1), c[idx].sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        roi = np.where(den > 0, num / den, np.nan)
    roi = roi[np.isfinite(roi)]
    a = (1 - level) / 2
    return float(np.quantile(roi, a)), float(np.quantile(roi, 1 - a))


@dataclass(frozen=True)
class Summary:
    """Summary of a backtest.

    ``reached[x]`` is the share of rounds where the best tip had >= x strikes; ``promised[x]`` the mean
    safety the strategy promised for that (NaN where it promises nothing).
    """

    rounds: int
    tips: int
    total_cost: float
    winnings: float
    profit: float
    roi: float
    roi_ci: tuple[float, float]
    ci_level: float
    reached: dict[int, float] = field(default_factory=dict)
    promised: dict[int, float] = field(default_factory=dict)
    longest_losing_run: int = 0
    max_drawdown: float = 0.0
    sharpe: float = float("nan")
    final_bankroll: float = 0.0
    calibration: tuple[TierCalibration, ...] = ()

    def as_dict(self) -> dict:
        """Flat ``name -> value`` record (one ``reach_X_promised`` / ``reach_X_achieved`` per tier)."""
        d = {"rounds": self.rounds, "tips": self.tips, "total_cost": self.total_cost,
             "winnings": self.winnings, "profit": self.profit, "roi": self.roi,
             "roi_ci_low": self.roi_ci[0], "roi_ci_high": self.roi_ci[1], "ci_level": self.ci_level}
        for x in sorted(self.reached, reverse=True):
            d[f"reach_{x}_promised"] = self.promised.get(x, float("nan"))
            d[f"reach_{x}_achieved"] = self.reached[x]
        for c in self.calibration:
            d[f"reach_{c.tier}_ci_low"], d[f"reach_{c.tier}_ci_high"] = c.ci
            d[f"reach_{c.tier}_z"] = c.z
        d.update({"longest_losing_run": self.longest_losing_run, "max_drawdown": self.max_drawdown,
                  "sharpe": self.sharpe, "final_bankroll": self.final_bankroll})
        return d


def summarize(profit: ArrayLike, cost: ArrayLike, winnings: ArrayLike, tips: ArrayLike,
              best: ArrayLike, promised: ArrayLike, tiers: tuple[int, ...], *, bankroll: float = 0.0,
              level: float = 0.95, resamples: int = 2000,
              rng: np.random.Generator | int | None = None) -> Summary:
    """Summarise per-round figures.

    Parameters
    ----------
    profit, cost, winnings, tips : array_like, shape (R,)
        Per round.
    best : array_like, shape (R,)
        Best strike count of the round's tips (-1 for a round without tips).
    promised : array_like, shape (R, T)
        Per round and tier, the promised probability of reaching the tier (NaN = none).
    tiers : tuple of int
        The tiers, highest first (columns of ``promised``).
    bankroll : float
        Starting bankroll.
    level, resamples, rng
        For :func:`bootstrap_roi`.
    """
    p = np.asarray(profit, dtype=np.float64)
    c = np.asarray(cost, dtype=np.float64)
    w = np.asarray(winnings, dtype=np.float64)
    b = np.asarray(best)
    pr = np.asarray(promised, dtype=np.float64).reshape(len(p), len(tiers))
    total = float(c.sum())
    roi = float(p.sum() / total) if total > 0 else float("nan")
    reached, prom = {}, {}
    for k, x in enumerate(tiers):
        col = pr[:, k]
        # promised and achieved over the same rounds: those that made a promise (all, if none did)
        on = np.isfinite(col) if np.isfinite(col).any() else np.ones(len(b), dtype=bool)
        reached[x] = float((b[on] >= x).mean()) if on.any() else float("nan")
        prom[x] = float(col[on].mean()) if np.isfinite(col).any() else float("nan")
    return Summary(
        rounds=len(p), tips=int(np.asarray(tips).sum()), total_cost=round(total, 6),
        winnings=round(float(w.sum()), 6), profit=round(float(p.sum()), 6), roi=roi,
        roi_ci=bootstrap_roi(p, c, level=level, resamples=resamples, rng=rng), ci_level=level,
        reached=reached, promised=prom, longest_losing_run=longest_losing_run(p),
        max_drawdown=max_drawdown(p, bankroll), sharpe=sharpe(p, c),
        final_bankroll=round(bankroll + float(p.sum()), 6),
        calibration=calibration(b, pr, tiers, level=level))
