"""Backtest strategies: what is chosen, how many, against what, and the tips each round gets.

A :class:`BacktestStrategy` is three choices: *what* is played (its :class:`StrategyKind` and how that
kind chooses), *how many* tips a round (:class:`PlanSettings`) and *against what* pool the tips are
priced (:class:`toto13.pool.PoolSettings`). :meth:`BacktestStrategy.for_rounds` gives a
:class:`RoundPlayer`, the strategy playing given rounds: it decides, for one round at a time, the tips
and what the strategy promises for them, using only what was known before the round's matches kicked
off (the strategy's settings, the round's pre-match odds and crowd shares, fits on earlier seasons).

``fixed``
    The same tip file every round (for audits).
``recipe``
    The published recipe (Stömmer 2023, arXiv:2303.16648; ``docs/maths.md`` §2): one hit rate ``p`` for
    every match, ``n`` from ``(min_strikes, safety)`` by :func:`toto13.engine.tips_needed` (or a fixed
    ``count``), and ``n`` distinct random tips from the reduced space of ``b = floor(1/p)`` outcomes per
    match: the ``b`` outcomes the round's odds rate most likely where the round has odds, else the
    recipe's default space :func:`toto13.engine.hit_rate_spec`. It promises ``coverage_exact(p, x, n)``
    for every tier ``x``.
``system``
    The recipe's reduced space made into a *reduced system* (:func:`toto13.systems.build_system`): the
    fewest tips known that guarantee ``min_strikes`` whenever every result lies in the space. Built once
    for the canonical space and relabelled per match to the round's space. It promises, for each tier,
    the share of results in the space on which the system reaches it (1 for ``min_strikes``).
``weighted`` / ``greedy`` / ``top``
    Probabilities from the round's odds (:func:`toto13.estimators.remove_margin`), ``n`` tips from
    :func:`toto13.selection.generate`. A round without odds is skipped. With ``promise`` they promise the
    exact coverage of their tips under the odds (:func:`toto13.tickets.evaluate`).
``value``
    The ``n`` tips of highest expected return in the round's pari-mutuel pool
    (:func:`toto13.pool.value_tips`), against the crowd's shares where the rounds give them (else
    modelled from the odds) and the round's turnover where given (else the pool settings').

Every odds-based strategy can also report each round's *expected return* in its pool (``pool_value``,
on by default for ``value``).

With ``refit`` the pool model is fitted in rolling origin: each calendar year's rounds are played with a
co-winner model (:func:`toto13.pool.fit_co_winner_model`) and a blend of odds and crowd shares
(:func:`toto13.estimators.fit_blend`) fitted on the rounds of earlier years only (:class:`Refit`).
"""
from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..engine import coverage_exact, hit_rate_spec, tips_needed
from ..errors import check_fraction, check_int
from ..estimators import fit_recalibration, odds_probabilities
from ..estimators.blend import Blend, fit_blend
from ..estimators.recalibration import Recalibration
from ..estimators.margin import DEFAULT_MARGIN_METHOD
from ..io.rounds import Rounds
from ..pool.calibrate import default_crowd, fit_co_winner_model, winner_counts
from ..pool.cowinners import CoWinnerModel, CoWinners
from ..pool.model import _played_matches
from ..pool.returns import PoolValue, expected_return
from ..pool.setup import PoolSettings, PoolSetup
from ..rules import Rules
from ..systems import build_system
from ..tickets.encoding import check_tips, tips_from_index
from ..tickets.evaluate import evaluate
from .tips import generate

__all__ = ["StrategyKind", "PlanSettings", "BacktestStrategy", "RoundPlayer", "Refit", "fit_before"]

#: Matches of earlier seasons a recalibration needs before a round plays recalibrated probabilities
#: (and matches with odds and crowd shares a refitted blend needs).
RECALIBRATION_MIN_MATCHES = 500

#: Earlier rounds (turnover, winners of every tier, real crowd shares) a refitted co-winner model needs;
#: with fewer a round is priced with the package's default model.
REFIT_MIN_ROUNDS = 100


class StrategyKind(str, Enum):
    """The strategies a backtest can replay."""

    FIXED = "fixed"
    RECIPE = "recipe"
    WEIGHTED = "weighted"
    GREEDY = "greedy"
    SYSTEM = "system"
    TOP = "top"
    VALUE = "value"


@functools.lru_cache(maxsize=16)
def _canonical_system(b: int, matches: int, guarantee: int) -> tuple[NDArray[np.int8], tuple[float, ...]]:
    """The reduced system over ``b`` outcomes (codes ``0..b-1``) in every match, and per strike count
    ``x`` the share of the ``b**matches`` results on which it reaches ``x`` (exhaustively verified)."""
    spec = " ".join(["10" if b == 2 else "1" if b == 1 else "102"] * matches)
    system = build_system(spec, guarantee, matches=matches, time_limit=0)
    dist = np.asarray(system.verification.distribution, dtype=np.float64)
    tail = np.cumsum(dist[::-1])[::-1] / dist.sum()
    tips = np.asarray(system.tips, dtype=np.int8)
    return tips, tuple(tail.tolist())


@dataclass(frozen=True)
class PlanSettings:
    """How many tips a round: a fixed ``count``, or the recipe's plan for ``(min_strikes, safety)``.

    Parameters
    ----------
    hit_rate : float, optional
        The recipe's per-match hit rate ``p`` (the plan's space; the recipe's and the system's too).
    min_strikes : int, optional
        ``x`` of the plan (and the greedy generator's target, the system's guarantee).
    safety : float, optional
        ``Q`` of the plan.
    count : int, optional
        Play exactly this many tips (overrides the plan).
    method : str
        ``exact`` or ``approx`` for :func:`toto13.engine.tips_needed`.
    """

    hit_rate: float | None = None
    min_strikes: int | None = None
    safety: float | None = None
    count: int | None = None
    method: str = "exact"

    def __post_init__(self) -> None:
        if self.hit_rate is not None:
            object.__setattr__(self, "hit_rate", check_fraction("hit_rate", self.hit_rate))
        if self.safety is not None:
            object.__setattr__(self, "safety", check_fraction("safety", self.safety))
        if self.min_strikes is not None:
            object.__setattr__(self, "min_strikes", check_int("min_strikes", self.min_strikes, 0))
        if self.count is not None:
            object.__setattr__(self, "count", check_int("count", self.count, 0))

    @property
    def complete(self) -> bool:
        """Whether the recipe's plan is given in full (hit rate, strikes and safety)."""
        return None not in (self.hit_rate, self.min_strikes, self.safety)

    def tips(self, matches: int) -> int:
        """``count`` where given, else the recipe's plan (:func:`toto13.engine.tips_needed`)."""
        if self.count is not None:
            return self.count
        return int(tips_needed(self.hit_rate, self.min_strikes, self.safety,  # type: ignore[arg-type]
                               method=self.method, matches=matches))

    def base(self) -> int:
        """Outcomes per match in the recipe's reduced space: ``b = floor(1/p)``, at most 3."""
        return int(hit_rate_spec(self.hit_rate, 1).sum())  # type: ignore[arg-type]


_PLAN_KEYS = {"hit_rate": "hit_rate", "min_strikes": "min_strikes", "safety": "safety",
              "count": "count", "plan_method": "method"}
_POOL_KEYS = ("turnover", "jackpot", "co_winners", "min_quota", "sharpness")
_ODDS_KINDS = ("weighted", "greedy", "top", "value")


@dataclass(frozen=True, init=False)
class BacktestStrategy:
    """A strategy: which tips to play in each round (see the module docstring for the kinds).

    Parameters
    ----------
    kind : StrategyKind or str
    plan : PlanSettings, optional
        How many tips a round. Its fields may also be given flat (``hit_rate``, ``min_strikes``,
        ``safety``, ``count``, ``plan_method``).
    pool : toto13.pool.PoolSettings, optional
        The pool of every round, for ``value`` and ``pool_value``; a round's own turnover and crowd
        shares come first. Its fields may also be given flat (``turnover``, ``jackpot``,
        ``co_winners``, ``min_quota``, ``sharpness``).
    tips : array_like of int, shape (n, m), optional
        The tips of ``fixed``.
    margin_method : str
        Margin removal for odds-based strategies (default power,
        :data:`toto13.estimators.margin.DEFAULT_MARGIN_METHOD`).
    recalibrate : bool
        For weighted/greedy: recalibrate the odds' probabilities by
        :func:`toto13.estimators.fit_recalibration` fitted on the rounds of earlier seasons only; a
        round whose earlier seasons hold fewer than 500 matches with odds plays the plain ones.
    promise : bool
        For weighted/greedy/top/value: compute the exact coverage the odds promise (enumerates 3^m).
    min_coverage : (x, Q), optional
        For ``value``: keep P(best >= x) >= Q in every round.
    pool_value : bool, optional
        Compute each round's expected return in the pool (default: for ``value`` only).
    refit : bool
        For the odds strategies: fit the pool model in rolling origin (:class:`Refit`, per calendar
        year on the rounds of earlier years only). The co-winner model replaces the pool settings'
        (where at least 100 earlier rounds are usable; else the package's default) and, in rounds with
        real crowd shares, the blend of odds and shares replaces the odds' probabilities (where at
        least 500 earlier matches are usable; else the odds alone). Not with ``recalibrate``.

    Examples
    --------
    >>> s = BacktestStrategy("recipe", hit_rate=0.5, min_strikes=10, safety=0.99)
    >>> s.planned_tips(), s.plan.method, s.pool.co_winners.value
    (97, 'exact', 'calibrated')
    """

    kind: StrategyKind
    plan: PlanSettings
    pool: PoolSettings
    tips: NDArray[np.int8] | None = field(repr=False)
    margin_method: str
    recalibrate: bool
    promise: bool
    min_coverage: tuple[int, float] | None
    pool_value: bool
    refit: bool

    def __init__(self, kind: StrategyKind | str, *, plan: PlanSettings | None = None,
                 pool: PoolSettings | None = None, tips: Any = None,
                 margin_method: str = DEFAULT_MARGIN_METHOD.value, recalibrate: bool = False,
                 promise: bool = True, min_coverage: tuple[int, float] | None = None,
                 pool_value: bool | None = None, refit: bool = False, **flat: Any) -> None:
        unknown = sorted(set(flat) - set(_PLAN_KEYS) - set(_POOL_KEYS))
        if unknown:
            raise TypeError(f"BacktestStrategy got unexpected keyword arguments {', '.join(unknown)}")
        try:
            k = StrategyKind(kind)
        except ValueError:
            allowed = ", ".join(v.value for v in StrategyKind)
            raise ValueError(f"strategy ({kind!r}) must be one of {allowed}") from None
        plan_kw = {_PLAN_KEYS[n]: v for n, v in flat.items() if n in _PLAN_KEYS}
        pool_kw = {n: v for n, v in flat.items() if n in _POOL_KEYS}
        if plan is not None and plan_kw or pool is not None and pool_kw:
            raise TypeError("give plan (pool) settings either as a PlanSettings (PoolSettings) or as "
                            "keywords, not both")
        values = {"kind": k, "plan": plan or PlanSettings(**plan_kw),
                  "pool": pool or PoolSettings(**pool_kw), "tips": tips, "margin_method": margin_method,
                  "recalibrate": bool(recalibrate), "promise": bool(promise),
                  "min_coverage": _check_min_coverage(min_coverage),
                  "pool_value": k is StrategyKind.VALUE if pool_value is None else bool(pool_value),
                  "refit": bool(refit)}
        for name, value in values.items():
            object.__setattr__(self, name, value)
        self._check_kind()

    def _check_kind(self) -> None:
        kind, plan = self.kind, self.plan
        if self.refit and (self.recalibrate or not self.needs_odds()):
            raise ValueError("refit applies only to the odds strategies (weighted, greedy, top, value), "
                             "and not together with recalibrate")
        if kind is StrategyKind.FIXED:
            if self.tips is None:
                raise ValueError("strategy 'fixed' needs tips")
            object.__setattr__(self, "tips", check_tips(self.tips))
        elif kind in (StrategyKind.RECIPE, StrategyKind.SYSTEM):
            if kind is StrategyKind.RECIPE and (plan.hit_rate is None
                                                or (plan.count is None and not plan.complete)):
                raise ValueError("strategy 'recipe' needs hit_rate and either count or min_strikes and "
                                 "safety")
            if kind is StrategyKind.SYSTEM and (plan.hit_rate is None or plan.min_strikes is None):
                raise ValueError("strategy 'system' needs hit_rate and min_strikes: the space and the "
                                 "guarantee")
            if plan.hit_rate < 1 / 3 - 1e-12:  # type: ignore[operator]
                raise ValueError(f"hit_rate ({plan.hit_rate!r}) must be at least 1/3")
        else:
            if plan.count is None and not plan.complete:
                raise ValueError(f"strategy '{kind.value}' needs count or a plan (hit_rate, min_strikes "
                                 "and safety)")
            if self.min_coverage is not None and kind is not StrategyKind.VALUE:
                raise ValueError("min_coverage applies only to strategy 'value'")
            if kind is StrategyKind.GREEDY and plan.min_strikes is None:
                raise ValueError("strategy 'greedy' needs min_strikes")

    def describe(self) -> str:
        """One line saying what the strategy plays."""
        parts = [self.kind.value]
        if self.kind is StrategyKind.FIXED:
            parts.append(f"{len(self.tips)} tips")  # type: ignore[arg-type]
        for name in ("hit_rate", "min_strikes", "safety", "count"):
            v = getattr(self.plan, name)
            if v is not None:
                parts.append(f"{name}={v:g}")
        if self.refit:
            parts.append("refit on earlier years")
        if self.min_coverage is not None:
            parts.append(f"min_coverage={self.min_coverage[0]}:{self.min_coverage[1]:g}")
        if self.pool_value:
            pool = self.pool
            parts.append(f"pool: {pool.co_winners.value} co-winners, turnover "
                         + (f"{pool.turnover:,.0f}" if pool.turnover else "the round's or typical")
                         + (f", jackpot {pool.jackpot:,.0f}" if pool.jackpot else "")
                         + (f", min_quota {pool.min_quota:g}" if pool.min_quota is not None else ""))
        return " ".join(parts)

    def planned_tips(self, matches: int = 13) -> int:
        """Tips the strategy wants per round (before any budget cap)."""
        if self.kind is StrategyKind.FIXED:
            return len(self.tips)  # type: ignore[arg-type]
        if self.kind is StrategyKind.SYSTEM:
            return len(_canonical_system(self.plan.base(), matches, self.plan.min_strikes)[0])
        return self.plan.tips(matches)

    def needs_odds(self) -> bool:
        """True for strategies that cannot play a round without odds."""
        return self.kind.value in _ODDS_KINDS

    def probs(self, odds: NDArray[np.float64]) -> NDArray[np.float64]:
        """Probabilities from odds of shape (..., 3), the margin removed by :attr:`margin_method`."""
        return odds_probabilities(odds, self.margin_method)

    def for_rounds(self, rounds: Rounds, rules: Rules, *, history: Rounds | None = None) -> RoundPlayer:
        """The strategy playing ``rounds`` under ``rules``; ``refit`` fits on ``history`` (default:
        ``rounds``), always on its rounds of years before the played round's."""
        if history is not None and history.matches != rounds.matches:
            raise ValueError(f"history has {history.matches} matches a round, the rounds "
                             f"{rounds.matches}")
        return RoundPlayer(self, rounds, rules, history=history)


def _check_min_coverage(value: tuple[int, float] | None) -> tuple[int, float] | None:
    if value is None:
        return None
    x, q = value
    return check_int("min_coverage", x, 0), check_fraction("min_coverage", q)


def _years(dates: NDArray[np.datetime64]) -> NDArray[np.int64]:
    return np.asarray(dates.astype("datetime64[Y]").astype(np.int64) + 1970)


@dataclass(frozen=True)
class Refit:
    """The pool model a refitting strategy plays one calendar year with, fitted on earlier years only.

    Attributes
    ----------
    year : int
        The calendar year played.
    cowinners : CoWinnerModel or None
        Fitted on the ``rounds`` usable rounds of earlier years; None where they are fewer than
        :data:`REFIT_MIN_ROUNDS` (the package's default model is used).
    blend : Blend or None
        Fitted on the ``matches`` earlier matches with odds, crowd shares and a result; None where they
        are fewer than :data:`RECALIBRATION_MIN_MATCHES` (the odds alone are used).
    rounds, matches : int
        What the fits had to draw on.
    """

    year: int
    cowinners: CoWinnerModel | None
    blend: Blend | None
    rounds: int
    matches: int


def fit_before(history: Rounds, rules: Rules, year: int) -> Refit:
    """The pool model for ``year``, fitted on the rounds of ``history`` dated in earlier years.

    Rounds with placeholder crowd shares (:func:`toto13.pool.default_crowd`) are left out. The
    co-winner model (:func:`toto13.pool.fit_co_winner_model`) uses rounds with turnover, the winners of
    every tier and the crowd's shares; the blend (:func:`toto13.estimators.fit_blend`) the played
    matches with odds, crowd shares and a result.
    """
    earlier = history.subset(np.flatnonzero((_years(history.dates) < year) & ~default_crowd(history)))
    cowinners, n = None, 0
    if (earlier.has_crowd() & (earlier.turnover > 0)).any():
        counts = winner_counts(earlier, rules)
        n = len(counts.ids)
        if n >= REFIT_MIN_ROUNDS:
            cowinners = fit_co_winner_model(counts, rules, fitted_on=f"{n} rounds before {year}")
    odds, crowd, y, dates = _played_matches(earlier)
    known = np.isfinite(crowd).all(axis=1)
    blend = None
    if known.sum() >= RECALIBRATION_MIN_MATCHES:
        blend = fit_blend(odds[known], crowd[known], y[known], dates=dates[known])
    return Refit(year, cowinners, blend, n, int(known.sum()))


@dataclass
class RoundPlayer:
    """A strategy playing given rounds: the tips of round ``j``, what they promise, their pool.

    It keeps what it fits on earlier seasons (the recalibration of ``recalibrate``) and years (the
    pool model of ``refit``, on ``history`` where given, else on ``rounds``), so a backtest fits each
    season and year once.
    """

    strategy: BacktestStrategy
    rounds: Rounds
    rules: Rules
    history: Rounds | None = None
    _fits: dict[int, Recalibration | None] = field(default_factory=dict, repr=False)
    _refits: dict[int, Refit] = field(default_factory=dict, repr=False)
    _real_crowd: NDArray[np.bool_] | None = field(default=None, repr=False)
    _last: tuple[int, NDArray[np.float64]] | None = field(default=None, repr=False)

    def refit(self, j: int) -> Refit | None:
        """The pool model round ``j`` is played with (:func:`fit_before` its year), None without
        ``refit``."""
        if not self.strategy.refit:
            return None
        year = int(_years(self.rounds.dates[j:j + 1])[0])
        if year not in self._refits:
            history = self.rounds if self.history is None else self.history
            self._refits[year] = fit_before(history, self.rules, year)
        return self._refits[year]

    def probs(self, j: int) -> NDArray[np.float64]:
        """Round ``j``'s probabilities from its odds, recalibrated on earlier seasons if asked, or
        blended with its real crowd shares by the blend of earlier years (``refit``). The tips, the
        promise and the pool of a round all read them: the last round's are kept."""
        if self._last is None or self._last[0] != j:
            self._last = (j, self._round_probs(j))
        return self._last[1]

    def _round_probs(self, j: int) -> NDArray[np.float64]:
        s, rounds = self.strategy, self.rounds
        fit = self.refit(j)
        if fit is not None:
            if self._real_crowd is None:
                self._real_crowd = rounds.has_crowd() & ~default_crowd(rounds)
            if fit.blend is not None and self._real_crowd[j]:
                return fit.blend.apply(rounds.odds[j], rounds.crowd_table()[j])
            return s.probs(rounds.odds[j])
        probs = s.probs(rounds.odds[j])
        if not s.recalibrate:
            return probs
        d = rounds.dates.astype("datetime64[M]").astype(np.int64)
        season = np.where(d % 12 >= 6, d // 12, d // 12 - 1)  # a season starts in July
        key = int(season[j])
        if key not in self._fits:
            earlier = np.flatnonzero((season < key) & rounds.has_odds())
            self._fits[key] = None
            if earlier.size * rounds.matches >= RECALIBRATION_MIN_MATCHES:
                self._fits[key] = fit_recalibration(s.probs(rounds.odds[earlier].reshape(-1, 3)),
                                                    rounds.results[earlier].reshape(-1))
        recal = self._fits[key]
        return probs if recal is None else recal.apply(probs)

    def pool(self, j: int) -> PoolSetup | None:
        """Round ``j``'s pool as the strategy sees it (:meth:`toto13.pool.PoolSettings.setup`), or None
        where the round has no odds or no turnover is known."""
        rounds = self.rounds
        if not rounds.has_odds()[j]:
            return None
        settings = self.strategy.pool
        if settings.known_turnover(self.rules, rounds.turnover[j]) is None:
            return None
        fit = self.refit(j)
        if fit is not None and fit.cowinners is not None and settings.co_winners is CoWinners.CALIBRATED:
            settings = dataclasses.replace(settings, cowinner_model=fit.cowinners)
        crowd = rounds.crowd[j] if rounds.crowd is not None and rounds.has_crowd()[j] else None
        return settings.setup(self.rules, self.probs(j), crowd=crowd,
                              crowd_label=f"round {rounds.ids[j]}", round_turnover=rounds.turnover[j])

    def expected_return(self, j: int, tips: NDArray[np.int8]) -> PoolValue | None:
        """The pool model's value of round ``j``'s tips (:func:`toto13.pool.expected_return`): the
        expected winnings in total and per tier (``per_tier``); None where the round has no pool."""
        setup = self.pool(j)
        if setup is None:
            return None
        return expected_return(tips, self.probs(j), setup.crowd, setup.pool,
                               crowd_source=setup.crowd_source)

    def _order(self, j: int) -> NDArray[np.int64]:
        """Per match, the ``b`` outcomes of round ``j``'s reduced space, likeliest first by its odds
        (where it has odds and ``b < 3``), else the recipe's default space in outcome order."""
        m, b = self.rounds.matches, self.strategy.plan.base()
        if self.rounds.has_odds()[j] and b < 3:
            return np.argsort(-self.probs(j), axis=1, kind="stable")[:, :b]
        mask = hit_rate_spec(self.strategy.plan.hit_rate, m)  # type: ignore[arg-type]
        return np.array([np.flatnonzero(row)[:b] for row in mask])

    def tips(self, j: int, n: int, rng: np.random.Generator) -> NDArray[np.int8]:
        """The ``n`` tips for round ``j`` (fewer if the strategy cannot make that many)."""
        s, m = self.strategy, self.rounds.matches
        if n <= 0 or (s.needs_odds() and not self.rounds.has_odds()[j]):
            return np.empty((0, m), dtype=np.int8)
        if s.kind is StrategyKind.FIXED:
            return s.tips[:n]  # type: ignore[index]
        if s.kind is StrategyKind.SYSTEM:
            canon = _canonical_system(s.plan.base(), m, s.plan.min_strikes)[0][:n]
            return np.take_along_axis(self._order(j), canon.T.astype(np.intp), axis=1).T.astype(np.int8)
        if s.kind is StrategyKind.RECIPE:
            return self._recipe_tips(j, n, rng)
        if s.kind is StrategyKind.VALUE:
            setup = self.pool(j)
            if setup is None:
                raise ValueError(f"strategy 'value' needs a turnover for round {self.rounds.ids[j]!r}: "
                                 "the rounds give none and so do turnover and the rules")
            return np.asarray(generate("value", n, self.probs(j), crowd=setup.crowd, pool=setup.pool,
                                       min_coverage=s.min_coverage), dtype=np.int8)
        x = s.plan.min_strikes if s.kind is StrategyKind.GREEDY else None
        return np.asarray(generate(s.kind.value, n, probs=self.probs(j), rng=rng, min_strikes=x),
                          dtype=np.int8)

    def _recipe_tips(self, j: int, n: int, rng: np.random.Generator) -> NDArray[np.int8]:
        m = self.rounds.matches
        spec = np.zeros((m, 3), dtype=bool)
        np.put_along_axis(spec, self._order(j), True, axis=1)
        n = min(n, int(np.prod(spec.sum(axis=1).astype(float))))
        if spec.all():
            # the whole 3^m space: a uniform sample without replacement of result indices is the same
            # draw as generate("random"), without keying all 3^m cells (0.1 s a round at m = 13)
            idx = rng.choice(3 ** m, size=n, replace=False)
            return np.asarray(tips_from_index(idx, m), dtype=np.int8)
        return np.asarray(generate("random", n, spec=spec, rng=rng), dtype=np.int8)

    def promised(self, j: int, tips: NDArray[np.int8], tiers: tuple[int, ...]) -> NDArray[np.float64]:
        """Probability the strategy claims for reaching each tier with ``tips`` (NaN = no claim)."""
        s, m = self.strategy, self.rounds.matches
        out = np.full(len(tiers), np.nan)
        n = len(tips)
        if s.kind is StrategyKind.RECIPE:
            out[:] = [coverage_exact(s.plan.hit_rate, x, n, matches=m) if n else 0.0  # type: ignore[arg-type]
                      for x in tiers]
        elif s.kind is StrategyKind.SYSTEM:
            canon, tail = _canonical_system(s.plan.base(), m, s.plan.min_strikes)
            if n == len(canon):
                out[:] = [tail[x] for x in tiers]
        elif s.needs_odds() and s.promise and n and self.rounds.has_odds()[j]:
            cov = np.asarray(evaluate(tips, self.probs(j)).coverage)
            out[:] = [cov[x] for x in tiers]
        return out
