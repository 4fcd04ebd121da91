"""The backtest loop: play a strategy round by round, pay it, keep the books."""
from __future__ import annotations

import hashlib
import math
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import as_rng, check_fraction, check_int
from ..executor import Workers, per_worker, run_tasks
from ..rules import TOTO13, Rules
from .metrics import Summary, TierReturn, summarize, tier_returns
from .payouts import PayoutModel, PreparedPayouts
from ..io.rounds import Rounds
from ..selection.strategy import BacktestStrategy, RoundPlayer
from ..tickets.evaluate import strike_pmfs

__all__ = ["BacktestResult", "run_backtest", "ledger_columns", "affordable", "round_seed"]


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
                 history: Rounds | None = None, workers: Workers | None = None) -> BacktestResult:
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
        Seed for the tip generators and the bootstrap: one integer ``seed`` is drawn from a child of it
        (``Generator.spawn``), and each round's tips come from their own generator seeded by ``seed``
        and the round's id (:func:`round_seed`), so the books do not depend on ``workers``.
    progress : bool
        Show a tqdm progress bar on stderr (rounds finished, across workers).
    level, resamples
        Bootstrap confidence interval for ROI.
    history : Rounds, optional
        The rounds a ``refit`` strategy fits on (default: ``rounds``); each round's fit uses only those
        dated in earlier calendar years, so ``history`` may hold the played rounds and more.
    workers : toto13.executor.Workers, optional
        Where the rounds are played: local processes or a Dask cluster (default: in this process).
        The result is the same, to the bit, for any workers.

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
    if history is not None and history.matches != rounds.matches:
        raise ValueError(f"history has {history.matches} matches a round, the rounds "
                         f"{rounds.matches}")
    # the rounds' seed from a child of the generator: the bootstrap then draws what it drew before
    # rounds had seeds of their own
    replay = _Replay(rounds, strategy, rules, history, int(gen.spawn(1)[0].integers(2 ** 63)))
    books = _play(replay, (payouts or PayoutModel()).prepare(rounds, rules), workers or Workers(),
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


@dataclass(frozen=True)
class _Replay:
    """What every round's task reads (sent once to each worker): the rounds, the strategy playing
    them, and the seed each round's own generator is derived from (:func:`round_seed`)."""

    rounds: Rounds
    strategy: BacktestStrategy
    rules: Rules
    history: Rounds | None
    seed: int
    token: str = field(default_factory=lambda: uuid.uuid4().hex)

    def player(self) -> RoundPlayer:
        return self.strategy.for_rounds(self.rounds, self.rules, history=self.history)


@dataclass(frozen=True)
class _Played:
    """One round played with ``n`` tips asked: how many it got, their strikes, promise and value."""

    tips: int
    best: int
    won: NDArray[np.int64]
    promised: NDArray[np.float64]
    expected: float
    expected_tiers: NDArray[np.float64]
    hits: NDArray[np.float64]


def round_seed(seed: int, round_id: str) -> np.random.SeedSequence:
    """The seed of a round's tips: ``SeedSequence([seed, h])`` with ``h`` a stable 64-bit hash
    (BLAKE2b) of the round's id, so a round gets the same tips however the rounds are spread over
    workers, and whichever rounds are played with it.

    Examples
    --------
    >>> a = np.random.default_rng(round_seed(1, "2024-01")).integers(100, size=3)
    >>> b = np.random.default_rng(round_seed(1, "2024-01")).integers(100, size=3)
    >>> bool((a == b).all())
    True
    """
    h = int.from_bytes(hashlib.blake2b(round_id.encode(), digest_size=8).digest(), "little")
    return np.random.SeedSequence([seed, h])


def _play_round(replay: _Replay, job: tuple[int, int]) -> _Played:
    """Round ``j`` played with ``n`` tips asked (a task of :func:`toto13.executor.run_tasks`)."""
    j, n = job
    player = per_worker(replay.token, replay.player)
    rounds, tiers = replay.rounds, tuple(replay.rules.tiers)
    tips = player.tips(j, n, np.random.default_rng(round_seed(replay.seed, rounds.ids[j])))
    won = np.zeros(len(tiers), dtype=np.int64)
    best = -1
    if len(tips):
        s = (tips == rounds.results[j]).sum(axis=1)
        best = int(s.max())
        won = (s[:, None] == np.array(tiers)[None, :]).sum(axis=0)
    expected, expected_tiers, hits = math.nan, np.full(len(tiers), np.nan), np.full(len(tiers), np.nan)
    if player.strategy.pool_value and len(tips):
        value = player.expected_return(j, tips)
        if value is not None:
            expected = value.expected_return
            expected_tiers = np.array([value.per_tier[x] for x in tiers], dtype=np.float64)
            hits = strike_pmfs(tips, player.probs(j)).sum(axis=0)[list(tiers)]
    return _Played(len(tips), best, won, player.promised(j, tips, tiers), expected, expected_tiers,
                   hits)


def _plan(rounds: Rounds, strategy: BacktestStrategy, rules: Rules,
          got: Callable[[int, int], int]) -> tuple[list[int], int, int]:
    """The tips asked of each round, the rounds the monthly budget cut and the rounds skipped;
    ``got(j, n)`` is how many tips round ``j`` makes of ``n`` asked (it spends only those)."""
    planned = strategy.planned_tips(rules.matches)
    months = rounds.dates.astype("datetime64[M]")
    has_odds = rounds.has_odds()
    spent, month, capped, skipped, asked = 0.0, None, 0, 0, []
    for j in range(len(rounds)):
        if months[j] != month:
            month, spent = months[j], 0.0
        n = _within_budget(rules, planned, spent)
        capped += n < planned
        if strategy.needs_odds() and not has_odds[j]:
            n, skipped = 0, skipped + 1
        asked.append(n)
        spent += rules.cost(got(j, n))
    return asked, capped, skipped


def _play(replay: _Replay, prep: PreparedPayouts, workers: Workers, progress: bool) -> _Books:
    """Play every round: the plan, the monthly budget's cut, the tips, what they win.

    The rounds are played independently (on ``workers``); a round that makes fewer tips than asked
    spends less of its month's budget, so the plan is redone with what the rounds made and any round
    it then asks for a different number is played again, until plan and play agree: the books are
    those of playing the rounds one after another.
    """
    rounds, rules = replay.rounds, replay.rules
    tiers = tuple(rules.tiers)
    played: dict[tuple[int, int], _Played] = {}
    bar = _bar(len(rounds)) if progress else None
    try:
        while True:
            asked, capped, skipped = _plan(
                rounds, replay.strategy, rules,
                lambda j, n: played[j, n].tips if (j, n) in played else n)
            todo = [(j, n) for j, n in enumerate(asked) if (j, n) not in played]
            if not todo:
                break
            if bar is not None and bar.n + len(todo) > len(rounds):
                bar.total = bar.n + len(todo)
            results = run_tasks(_play_round, replay, todo, workers,
                                done=None if bar is None else lambda _: bar.update())
            played.update(zip(todo, results))
    finally:
        if bar is not None:
            bar.close()
    books = _Books.empty(len(rounds), len(tiers))
    books.capped, books.skipped = capped, skipped
    for j, n in enumerate(asked):
        p = played[j, n]
        books.tips[j], books.best[j], books.won[j], books.promised[j] = p.tips, p.best, p.won, p.promised
        books.expected[j], books.expected_tiers[j], books.hits[j] = p.expected, p.expected_tiers, p.hits
        books.paid[j] = p.won * prep.pay(j, p.won, p.tips)
        books.winnings[j] = round(float(books.paid[j].sum()), 10)
        books.cost[j] = rules.cost(p.tips)
        books.sources.append(prep.round_source(j))
    return books


def _bar(total: int) -> Any:
    """The progress bar, without tqdm's monitor thread (so the workers can start by fork)."""
    from tqdm import tqdm

    class Bar(tqdm):
        monitor_interval = 0

    return Bar(total=total, desc="backtest", unit="round", leave=False)


def _within_budget(rules: Rules, planned: int, spent: float) -> int:
    """The planned tips, cut to what the month's remaining budget affords."""
    if rules.monthly_limit is None or rules.stake + rules.voucher_fee <= 0:
        return planned
    return min(planned, affordable(rules, max(rules.monthly_limit - spent, 0.0)))
