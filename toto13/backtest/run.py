"""The backtest loop: play a strategy round by round, pay it, keep the books."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import as_rng, check_fraction, check_int
from ..rules import TOTO13, Rules
from .metrics import Summary, summarize
from .payouts import PayoutModel, PreparedPayouts
from ..io.rounds import Rounds
from ..selection.strategy import BacktestStrategy

__all__ = ["BacktestResult", "run_backtest", "ledger_columns", "affordable"]


def ledger_columns(rules: Rules) -> list[str]:
    """Ledger column names: ``round, tips, cost, won_10 .. won_13, winnings, profit, bankroll,
    payout_source, expected_return`` (one ``won_x`` per tier, lowest first; ``expected_return`` is the
    pool model's expectation of the round's winnings, empty where not computed).

    Examples
    --------
    >>> ledger_columns(TOTO13)[:5]
    ['round', 'tips', 'cost', 'won_10', 'won_11']
    """
    won = [f"won_{x}" for x in sorted(rules.tiers)]
    return ["round", "tips", "cost", *won, "winnings", "profit", "bankroll", "payout_source",
            "expected_return"]


def affordable(rules: Rules, budget: float) -> int:
    """Most tips whose cost (stakes plus voucher fees) stays within ``budget``.

    Examples
    --------
    >>> affordable(TOTO13, 1000.0)  # 1,846 tips: 923.00 stakes + 154 vouchers x 0.50 = 1,000.00
    1846
    >>> TOTO13.cost(1846) <= 1000 < TOTO13.cost(1847)
    True
    """
    if budget is None or math.isinf(budget):
        raise ValueError("budget must be finite")
    per = rules.stake + rules.voucher_fee / rules.voucher_size
    if per == 0:
        raise ValueError("tips are free under these rules; no budget cap applies")
    n = max(int(budget / per) + rules.voucher_size, 0)
    while n > 0 and rules.cost(n) > budget + 1e-9:
        n -= 1
    return n


@dataclass(frozen=True)
class BacktestResult:
    """What a backtest produced.

    Attributes
    ----------
    ledger : pandas.DataFrame
        One row per round: :func:`ledger_columns`.
    summary : Summary
        The summary figures.
    strategy : BacktestStrategy
    rules : Rules
    best : numpy.ndarray, shape (R,)
        Best strike count of each round's tips (-1 without tips).
    promised : numpy.ndarray, shape (R, T)
        Promised probability of reaching each tier (``rules.tiers`` order; NaN = no promise).
    capped : int
        Rounds whose plan the monthly budget cut.
    skipped : int
        Rounds the strategy could not play (no odds).
    expected_per_stake, realised_per_stake : float
        Over the rounds with an expected return (``strategy.pool_value``): the pool model's expected
        winnings and the real winnings, each divided by the cost (NaN where there are none).
    """

    ledger: pd.DataFrame = field(repr=False)
    summary: Summary
    strategy: BacktestStrategy
    rules: Rules
    best: NDArray[np.int64] = field(repr=False)
    promised: NDArray[np.float64] = field(repr=False)
    capped: int = 0
    skipped: int = 0
    expected_per_stake: float = math.nan
    realised_per_stake: float = math.nan


def run_backtest(rounds: Rounds, strategy: BacktestStrategy, rules: Rules = TOTO13, *,
                 payouts: PayoutModel | None = None, bankroll: float = 0.0,
                 rng: np.random.Generator | int | None = None, progress: bool = False,
                 level: float = 0.95, resamples: int = 2000) -> BacktestResult:
    """Replay ``strategy`` over ``rounds`` in order.

    Each round: the strategy plans ``n`` tips; the monthly budget (``rules.monthly_limit``, per calendar
    month of the round's date) may cut ``n``; the tips are made from what was known before the round;
    strikes are counted against the result; every tier pays ``won_x × quota_x`` with the quota from
    ``payouts`` (our winning tips join the other winners); cost is ``rules.cost(n)``.

    Parameters
    ----------
    rounds : Rounds
    strategy : BacktestStrategy
    rules : Rules
        Costs, tiers, budget cap.
    payouts : PayoutModel, optional
        How quotas are found (default: real quotas, then the model, then history, then averages).
    bankroll : float
        Starting bankroll.
    rng : Generator, int or None
        Seed for the tip generators and the bootstrap.
    progress : bool
        Show a tqdm progress bar on stderr.
    level, resamples
        Bootstrap confidence interval for ROI.

    Returns
    -------
    BacktestResult

    Examples
    --------
    >>> from importlib.resources import files
    >>> from toto13.backtest import read_rounds
    >>> rounds = read_rounds(files("toto13") / "data" / "demo-rounds")
    >>> tips = np.zeros((3, 13), dtype=np.int8)  # three times "all home wins"
    >>> res = run_backtest(rounds, BacktestStrategy("fixed", tips=tips), rng=1)
    >>> print(res.ledger.loc[0, ["round", "tips", "cost", "winnings"]].to_dict())
    {'round': 'demo-001', 'tips': 3, 'cost': 2.0, 'winnings': 0.0}
    """
    if rounds.matches != rules.matches:
        raise ValueError(f"the rounds have {rounds.matches} matches, the rules ({rules.name}) "
                         f"{rules.matches}")
    level = check_fraction("level", level)
    resamples = check_int("resamples", resamples, 1)
    gen = as_rng(rng)
    model = payouts or PayoutModel()
    prep: PreparedPayouts = model.prepare(rounds, rules)
    tiers = tuple(rules.tiers)
    r, t = len(rounds), len(tiers)
    tier_arr = np.array(tiers)
    planned = strategy.planned_tips(rules.matches)
    player = strategy.for_rounds(rounds, rules)
    limit = rules.monthly_limit
    months = rounds.dates.astype("datetime64[M]")

    n_tips = np.zeros(r, dtype=np.int64)
    won = np.zeros((r, t), dtype=np.int64)
    best = np.full(r, -1, dtype=np.int64)
    cost = np.zeros(r)
    winnings = np.zeros(r)
    promised = np.full((r, t), np.nan)
    expected = np.full(r, np.nan)
    sources: list[str] = []
    capped = skipped = 0
    spent = 0.0
    month = None
    it = range(r)
    if progress:
        from tqdm import tqdm

        it = tqdm(it, total=r, desc="backtest", unit="round", leave=False)
    for j in it:
        if months[j] != month:
            month, spent = months[j], 0.0
        n = planned
        if limit is not None:
            room = affordable(rules, max(limit - spent, 0.0)) if rules.stake + rules.voucher_fee > 0 \
                else n
            if room < n:
                n, capped = room, capped + 1
        if strategy.needs_odds() and not rounds.has_odds()[j]:
            n, skipped = 0, skipped + 1
        tips = player.tips(j, n, gen)
        n = len(tips)
        if n:
            s = (tips == rounds.results[j]).sum(axis=1)
            best[j] = int(s.max())
            won[j] = (s[:, None] == tier_arr[None, :]).sum(axis=0)
        q = prep.pay(j, won[j], n)
        winnings[j] = round(float((won[j] * q).sum()), 10)
        cost[j] = rules.cost(n)
        spent += cost[j]
        n_tips[j] = n
        promised[j] = player.promised(j, tips, tiers)
        if strategy.pool_value and n:
            expected[j] = player.expected_return(j, tips)
        sources.append(prep.round_source(j))
    profit = np.round(winnings - cost, 10)
    ledger = pd.DataFrame({"round": list(rounds.ids), "tips": n_tips, "cost": cost})
    for x in sorted(tiers):
        ledger[f"won_{x}"] = won[:, tiers.index(x)]
    ledger["winnings"] = winnings
    ledger["profit"] = profit
    ledger["bankroll"] = np.round(bankroll + np.cumsum(profit), 10)
    ledger["payout_source"] = sources
    ledger["expected_return"] = expected
    summary = summarize(profit, cost, winnings, n_tips, best, promised, tiers, bankroll=bankroll,
                        level=level, resamples=resamples, rng=gen)
    has = np.isfinite(expected) & (cost > 0)
    per_stake = (float(expected[has].sum() / cost[has].sum()), float(winnings[has].sum() / cost[has].sum())) \
        if has.any() else (math.nan, math.nan)
    return BacktestResult(ledger, summary, strategy, rules, best, promised, capped, skipped, *per_stake)
