"""Summary figures of a backtest ledger: returns, risk, and promised versus achieved safety."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from ..errors import as_rng, check_fraction, check_int

__all__ = ["Summary", "summarize", "bootstrap_roi", "longest_losing_run", "max_drawdown", "sharpe"]


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

    def as_dict(self) -> dict:
        """Flat ``name -> value`` record (one ``reach_X_promised`` / ``reach_X_achieved`` per tier)."""
        d = {"rounds": self.rounds, "tips": self.tips, "total_cost": self.total_cost,
             "winnings": self.winnings, "profit": self.profit, "roi": self.roi,
             "roi_ci_low": self.roi_ci[0], "roi_ci_high": self.roi_ci[1], "ci_level": self.ci_level}
        for x in sorted(self.reached, reverse=True):
            d[f"reach_{x}_promised"] = self.promised.get(x, float("nan"))
            d[f"reach_{x}_achieved"] = self.reached[x]
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
        final_bankroll=round(bankroll + float(p.sum()), 6))
