"""The backtest loop: play a strategy round by round, pay it, keep the books."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import as_rng, check_fraction, check_int
from ..rules import TOTO13, Rules
from .metrics import Summary, TierReturn, summarize, tier_returns
from .payouts import PayoutModel, PreparedPayouts
from ..io.rounds import Rounds
from ..selection.strategy import BacktestStrategy, RoundPlayer
from ..tickets.evaluate import strike_pmfs

__all__ = ["BacktestResult", "run_backtest", "ledger_columns", "affordable"]


def ledger_columns(rules: Rules) -> list[str]:
    """Ledger column names: ``round, tips, cost, won_10 .. won_13, winnings, profit, bankroll,
    payout_source, expected_return, expected_10 .. expected_13``.

    One ``won_x`` (our tips with exactly ``x`` strikes) and one ``expected_x`` per prize tier, lowest
    first. ``expected_return`` is the pool model's expectation of the round's winnings
    (:func:`toto13.pool.expected_return`) and ``expected_x`` its part from tier ``x`` (``per_tier``:
    money a minimum quota moves is counted at the tier that receives it); they add up to
    ``expected_return`` and are empty (NaN) where it was not computed.

    Examples
    --------
    >>> ledger_columns(TOTO13)[:5]
    ['round', 'tips', 'cost', 'won_10', 'won_11']
    >>> ledger_columns(TOTO13)[-6:]
    ['payout_source', 'expected_return', 'expected_10', 'expected_11', 'expected_12', 'expected_13']
    """
    won = [f"won_{x}" for x in sorted(rules.tiers)]
    expected = [f"expected_{x}" for x in sorted(rules.tiers)]
    return ["round", "tips", "cost", *won, "winnings", "profit", "bankroll", "payout_source",
            "expected_return", *expected]


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
    tier_returns : tuple of TierReturn
        The same split by prize tier (``rules.tiers`` order), with the expected hits beside the
        achieved and their Poisson z (:func:`toto13.backtest.metrics.tier_returns`).
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
    tier_returns: tuple[TierReturn, ...] = ()


def run_backtest(rounds: Rounds, strategy: BacktestStrategy, rules: Rules = TOTO13, *,
                 payouts: PayoutModel | None = None, bankroll: float = 0.0,
                 rng: np.random.Generator | int | None = None, progress: bool = False,
                 level: float = 0.95, resamples: int = 2000,
                 history: Rounds | None = None) -> BacktestResult:
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
    history : Rounds, optional
        The rounds a ``refit`` strategy fits on (default: ``rounds``); each round's fit uses only those
        dated in earlier calendar years, so ``history`` may hold the played rounds and more.

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
    player = strategy.for_rounds(rounds, rules, history=history)
    books = _play(rounds, player, rules, (payouts or PayoutModel()).prepare(rounds, rules), gen,
                  progress)
    tiers = tuple(rules.tiers)
    ledger = books.ledger(rounds, tiers, bankroll)
    summary = summarize(ledger["profit"].to_numpy(), books.cost, books.winnings, books.tips, books.best,
                        books.promised, tiers, bankroll=bankroll, level=level, resamples=resamples,
                        rng=gen)
    has = np.isfinite(books.expected) & (books.cost > 0)
    per_stake = (float(books.expected[has].sum() / books.cost[has].sum()),
                 float(books.winnings[has].sum() / books.cost[has].sum())) if has.any() \
        else (math.nan, math.nan)
    per_tier = tier_returns(books.cost, books.expected_tiers, books.paid, books.hits, books.won, tiers)
    return BacktestResult(ledger, summary, strategy, rules, books.best, books.promised, books.capped,
                          books.skipped, *per_stake, per_tier)


@dataclass
class _Books:
    """What the backtest records, round by round (one entry per round; ``won``, ``promised``, ``paid``
    (won × quota), ``expected_tiers`` and ``hits`` (expected tips with exactly the tier's strikes) per
    tier in ``rules.tiers`` order)."""

    tips: NDArray[np.int64]
    won: NDArray[np.int64]
    best: NDArray[np.int64]
    cost: NDArray[np.float64]
    winnings: NDArray[np.float64]
    promised: NDArray[np.float64]
    expected: NDArray[np.float64]
    paid: NDArray[np.float64]
    expected_tiers: NDArray[np.float64]
    hits: NDArray[np.float64]
    sources: list[str] = field(default_factory=list)
    capped: int = 0
    skipped: int = 0

    @classmethod
    def empty(cls, rounds: int, tiers: int) -> _Books:
        return cls(np.zeros(rounds, dtype=np.int64), np.zeros((rounds, tiers), dtype=np.int64),
                   np.full(rounds, -1, dtype=np.int64), np.zeros(rounds), np.zeros(rounds),
                   np.full((rounds, tiers), np.nan), np.full(rounds, np.nan),
                   np.zeros((rounds, tiers)), np.full((rounds, tiers), np.nan),
                   np.full((rounds, tiers), np.nan))

    def ledger(self, rounds: Rounds, tiers: tuple[int, ...], bankroll: float) -> pd.DataFrame:
        """The ledger: :func:`ledger_columns`."""
        profit = np.round(self.winnings - self.cost, 10)
        ledger = pd.DataFrame({"round": list(rounds.ids), "tips": self.tips, "cost": self.cost})
        for x in sorted(tiers):
            ledger[f"won_{x}"] = self.won[:, tiers.index(x)]
        ledger["winnings"] = self.winnings
        ledger["profit"] = profit
        ledger["bankroll"] = np.round(bankroll + np.cumsum(profit), 10)
        ledger["payout_source"] = self.sources
        ledger["expected_return"] = self.expected
        for x in sorted(tiers):
            ledger[f"expected_{x}"] = self.expected_tiers[:, tiers.index(x)]
        return ledger

    def price(self, j: int, player: RoundPlayer, tips: NDArray[np.int8], tiers: tuple[int, ...]) -> None:
        """Round ``j``'s expected return in its pool, in total and per tier, and the expected number
        of its tips with exactly each tier's strikes under the same probabilities (where it has a
        pool)."""
        value = player.expected_return(j, tips)
        if value is None:
            return
        self.expected[j] = value.expected_return
        self.expected_tiers[j] = [value.per_tier[x] for x in tiers]
        self.hits[j] = strike_pmfs(tips, player.probs(j)).sum(axis=0)[list(tiers)]


def _play(rounds: Rounds, player: RoundPlayer, rules: Rules, prep: PreparedPayouts,
          gen: np.random.Generator, progress: bool) -> _Books:
    """Play every round in order: the plan, the monthly budget's cut, the tips, what they win."""
    strategy = player.strategy
    tiers = tuple(rules.tiers)
    tier_arr = np.array(tiers)
    books = _Books.empty(len(rounds), len(tiers))
    planned = strategy.planned_tips(rules.matches)
    months = rounds.dates.astype("datetime64[M]")
    spent, month = 0.0, None
    it: Iterable[int] = range(len(rounds))
    if progress:
        from tqdm import tqdm

        it = tqdm(it, total=len(rounds), desc="backtest", unit="round", leave=False)
    for j in it:
        if months[j] != month:
            month, spent = months[j], 0.0
        n = _within_budget(rules, planned, spent)
        books.capped += n < planned
        if strategy.needs_odds() and not rounds.has_odds()[j]:
            n, books.skipped = 0, books.skipped + 1
        tips = player.tips(j, n, gen)
        n = len(tips)
        if n:
            s = (tips == rounds.results[j]).sum(axis=1)
            books.best[j] = int(s.max())
            books.won[j] = (s[:, None] == tier_arr[None, :]).sum(axis=0)
        books.paid[j] = books.won[j] * prep.pay(j, books.won[j], n)
        books.winnings[j] = round(float(books.paid[j].sum()), 10)
        books.cost[j] = rules.cost(n)
        spent += books.cost[j]
        books.tips[j] = n
        books.promised[j] = player.promised(j, tips, tiers)
        if strategy.pool_value and n:
            books.price(j, player, tips, tiers)
        books.sources.append(prep.round_source(j))
    return books


def _within_budget(rules: Rules, planned: int, spent: float) -> int:
    """The planned tips, cut to what the month's remaining budget affords."""
    if rules.monthly_limit is None or rules.stake + rules.voucher_fee <= 0:
        return planned
    return min(planned, affordable(rules, max(rules.monthly_limit - spent, 0.0)))
