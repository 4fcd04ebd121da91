"""Betting strategies for a backtest: estimator + plan + tip generator.

A strategy decides, for one round, how many tips to play (the *plan*) and which (the *generator*),
using only what was known before the round's matches kicked off: the strategy's own settings, the
round's pre-match odds and nothing from later rounds.

``fixed``
    The same tip file every round (for audits).
``recipe``
    The published recipe (arXiv:2303.16648; docs/maths.md §2): one hit rate ``p`` for every match, ``n`` from
    ``(min_strikes, safety)`` by :func:`toto13.engine.tips_needed` (or a fixed ``count``), and ``n``
    distinct random tips from the reduced space of ``b = floor(1/p)`` outcomes per match: the ``b``
    outcomes the round's odds rate most likely where the round has odds, else the recipe's default
    space :func:`toto13.tickets.hit_rate_spec` (home or draw for ``p = 1/2``; all three for ``p = 1/3``).
    It promises ``coverage_exact(p, x, n)`` for every tier ``x``.
``system``
    The recipe's reduced space made into a *reduced system* (:func:`toto13.systems.build_system`): the
    fewest tips known that guarantee ``min_strikes`` whenever every result lies in the space (e.g. 42
    tips for 10 strikes in the ``p = 1/2`` space, against 97 random tips for 99 %). Built once for the
    canonical space and relabelled per match to the round's space. It promises, for each tier, the share
    of results in the space on which the system reaches it (1 for ``min_strikes``).
``weighted`` / ``greedy`` / ``top``
    Probabilities from the round's odds (:func:`toto13.estimators.remove_margin`), ``n`` tips from
    :func:`toto13.tickets.generate` (probability-weighted random, greedy coverage of ``min_strikes``,
    or the ``n`` likeliest rows). A round without odds is skipped (no tips). With ``promise=True`` they
    promise the exact coverage of their tips under the odds (:func:`toto13.tickets.evaluate`).
``value``
    The ``n`` rows of highest expected return in the round's pari-mutuel pool
    (:func:`toto13.pool.value_tips`), judged against the crowd's pick shares of the round where the
    rounds give them (else modelled from the odds, :func:`toto13.pool.crowd_shares`) and the round's
    turnover where given (else ``turnover``, else the rules' typical turnover).

Every odds-based strategy can also report each round's *expected return* in that pool
(``pool_value``, on by default for ``value``): what the model expects its tips to win, beside what they
really won.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Mapping

import numpy as np
from numpy.typing import NDArray

from ..errors import check_fraction, check_int, check_nonnegative
from ..engine import hit_rate_spec, coverage_exact, tips_needed
from ..estimators import fit_recalibration, remove_margin
from ..rules import Rules
from ..systems import build_system
from ..tickets import check_tips, evaluate, generate, read_tips, tips_from_index
from .config import merge_settings
from ..io.rounds import Rounds

__all__ = ["StrategyKind", "BacktestStrategy", "read_strategy_tips"]


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


class StrategyKind(str, Enum):
    """The strategies a backtest can replay."""

    FIXED = "fixed"
    RECIPE = "recipe"
    WEIGHTED = "weighted"
    GREEDY = "greedy"
    SYSTEM = "system"
    TOP = "top"
    VALUE = "value"


@dataclass(frozen=True)
class BacktestStrategy:
    """A strategy: which tips to play in each round.

    Parameters
    ----------
    kind : StrategyKind or str
        ``fixed``, ``recipe``, ``weighted`` or ``greedy``.
    tips : array_like of int, shape (n, m), optional
        The tips of ``fixed``.
    hit_rate : float, optional
        The recipe's per-match hit rate ``p`` (recipe; also plans ``n`` for weighted/greedy).
    min_strikes : int, optional
        ``x`` of the plan (and the greedy generator's target).
    safety : float, optional
        ``Q`` of the plan.
    count : int, optional
        Play exactly this many tips (overrides the plan).
    margin_method : str
        Margin removal for odds-based strategies.
    plan_method : str
        ``exact`` or ``approx`` for :func:`toto13.engine.tips_needed`.
    recalibrate : bool
        For weighted/greedy: recalibrate the odds' probabilities (favourite-longshot bias, draw rate) by
        :func:`toto13.estimators.fit_recalibration` fitted on the rounds of earlier seasons only; a
        round whose earlier seasons hold fewer than 500 matches with odds plays the plain probabilities.
    promise : bool
        For weighted/greedy/top/value: compute the exact coverage the odds promise (slower: enumerates
        3^m).
    turnover, jackpot, co_winners, min_quota
        The pool of every round (:class:`toto13.pool.Pool`), for ``value`` and ``pool_value``; a round's
        own turnover comes first, ``turnover`` is used where the rounds give none.
    min_coverage : (x, Q), optional
        For ``value``: keep P(best >= x) >= Q in every round.
    pool_value : bool, optional
        Compute each round's expected return in the pool (default: for ``value`` only).

    Examples
    --------
    >>> s = BacktestStrategy("recipe", hit_rate=0.5, min_strikes=10, safety=0.99)
    >>> s.planned_tips()
    97
    """

    kind: StrategyKind
    tips: NDArray[np.int8] | None = field(default=None, repr=False)
    hit_rate: float | None = None
    min_strikes: int | None = None
    safety: float | None = None
    count: int | None = None
    margin_method: str = "multiplicative"
    plan_method: str = "exact"
    promise: bool = True
    recalibrate: bool = False
    turnover: float | None = None
    jackpot: float = 0.0
    co_winners: str = "calibrated"
    min_quota: float | None = None
    min_coverage: tuple[int, float] | None = None
    pool_value: bool | None = None

    def __post_init__(self) -> None:
        try:
            kind = StrategyKind(self.kind)
        except ValueError:
            allowed = ", ".join(k.value for k in StrategyKind)
            raise ValueError(f"strategy ({self.kind!r}) must be one of {allowed}") from None
        object.__setattr__(self, "kind", kind)
        if self.hit_rate is not None:
            object.__setattr__(self, "hit_rate", check_fraction("hit_rate", self.hit_rate))
        if self.safety is not None:
            object.__setattr__(self, "safety", check_fraction("safety", self.safety))
        if self.min_strikes is not None:
            object.__setattr__(self, "min_strikes", check_int("min_strikes", self.min_strikes, 0))
        if self.count is not None:
            object.__setattr__(self, "count", check_int("count", self.count, 0))
        if self.turnover is not None and not check_nonnegative("turnover", self.turnover) > 0:
            raise ValueError(f"turnover ({self.turnover!r}) must be > 0")
        object.__setattr__(self, "jackpot", check_nonnegative("jackpot", self.jackpot))
        if self.min_quota is not None:
            object.__setattr__(self, "min_quota", check_nonnegative("min_quota", self.min_quota))
        if self.min_coverage is not None:
            x, q = self.min_coverage
            object.__setattr__(self, "min_coverage", (check_int("min_coverage", x, 0),
                                                      check_fraction("min_coverage", q)))
        if self.pool_value is None:
            object.__setattr__(self, "pool_value", kind is StrategyKind.VALUE)
        if self.pool_value or kind is StrategyKind.VALUE:
            from ..pool import CoWinners

            try:
                object.__setattr__(self, "co_winners", CoWinners(self.co_winners).value)
            except ValueError:
                allowed = ", ".join(c.value for c in CoWinners)
                raise ValueError(f"co_winners ({self.co_winners!r}) must be one of {allowed}") from None
        plan = (self.hit_rate, self.min_strikes, self.safety)
        has_plan = all(v is not None for v in plan)
        if kind is StrategyKind.FIXED:
            if self.tips is None:
                raise ValueError("strategy 'fixed' needs tips")

            object.__setattr__(self, "tips", check_tips(self.tips))
        elif kind is StrategyKind.RECIPE:
            if self.hit_rate is None or (self.count is None and not has_plan):
                raise ValueError("strategy 'recipe' needs hit_rate and either count or min_strikes and "
                                 "safety")
            if self.hit_rate < 1 / 3 - 1e-12:
                raise ValueError(f"hit_rate ({self.hit_rate!r}) must be at least 1/3")
        elif kind is StrategyKind.SYSTEM:
            if self.hit_rate is None or self.min_strikes is None:
                raise ValueError("strategy 'system' needs hit_rate and min_strikes: the space and the "
                                 "guarantee")
            if self.hit_rate < 1 / 3 - 1e-12:
                raise ValueError(f"hit_rate ({self.hit_rate!r}) must be at least 1/3")
        else:
            if self.count is None and not has_plan:
                raise ValueError(f"strategy '{kind.value}' needs count or a plan (hit_rate, min_strikes "
                                 "and safety)")
            if self.min_coverage is not None and kind is not StrategyKind.VALUE:
                raise ValueError("min_coverage applies only to strategy 'value'")
            if kind is StrategyKind.GREEDY and self.min_strikes is None:
                raise ValueError("strategy 'greedy' needs min_strikes")

    @classmethod
    def from_mapping(cls, options: Mapping[str, Any], config: Mapping[str, Any] | None = None, *,
                     names: Mapping[str, str] | None = None, source: str | None = None,
                     matches: int = 13, promise: bool = True) -> "BacktestStrategy":
        """A strategy from settings given as text: explicit ``options`` win over ``config``.

        Keys are :data:`toto13.backtest.config.CONFIG_KEYS`; ``tips`` is a tip file's path (read here).
        ``names`` maps keys to the names errors use; values from ``config`` are named
        ``<source>: <key>``.

        Examples
        --------
        >>> s = BacktestStrategy.from_mapping({"hit_rate": "1/2", "safety": None},
        ...                                   {"strategy": "recipe", "min_strikes": 10, "safety": 0.99})
        >>> s.describe()
        'recipe hit_rate=0.5 min_strikes=10 safety=0.99'
        """
        kw = merge_settings(options, config, names=names, source=source)
        if kw["strategy"] is None:
            kinds = ", ".join(k.value for k in StrategyKind)
            raise ValueError(f"give {(names or {}).get('strategy', 'strategy')} ({kinds}) or a config "
                             "with one")
        kind = kw.pop("strategy")
        if kind not in {k.value for k in StrategyKind}:
            where = (names or {}).get("strategy", "strategy") if options.get("strategy") is not None \
                else (f"{source}: strategy" if source else "strategy")
            raise ValueError(f"{where} ({kind!r}) must be one of "
                             f"{', '.join(k.value for k in StrategyKind)}")
        tips = kw.pop("tips")
        if tips is not None and StrategyKind(kind) is StrategyKind.FIXED:
            kw["tips"] = read_strategy_tips(tips, matches)
        kw["margin_method"] = kw["margin_method"] or "multiplicative"
        return cls(kind, promise=promise, **kw)

    def describe(self) -> str:
        """One line saying what the strategy plays."""
        parts = [self.kind.value]
        if self.kind is StrategyKind.FIXED:
            parts.append(f"{len(self.tips)} tips")  # type: ignore[arg-type]
        for name in ("hit_rate", "min_strikes", "safety", "count"):
            v = getattr(self, name)
            if v is not None:
                parts.append(f"{name}={v:g}")
        if self.min_coverage is not None:
            parts.append(f"min_coverage={self.min_coverage[0]}:{self.min_coverage[1]:g}")
        if self.pool_value:
            parts.append(f"pool: {self.co_winners} co-winners, turnover "
                         + (f"{self.turnover:,.0f}" if self.turnover else "the round's or typical")
                         + (f", jackpot {self.jackpot:,.0f}" if self.jackpot else "")
                         + (f", min_quota {self.min_quota:g}" if self.min_quota is not None else ""))
        return " ".join(parts)

    def planned_tips(self, matches: int = 13) -> int:
        """Tips the strategy wants per round (before any budget cap)."""
        if self.kind is StrategyKind.FIXED:
            return len(self.tips)  # type: ignore[arg-type]
        if self.kind is StrategyKind.SYSTEM:
            return len(_canonical_system(self._base(), matches, self.min_strikes)[0])
        if self.count is not None:
            return self.count

        return int(tips_needed(self.hit_rate, self.min_strikes, self.safety, method=self.plan_method,
                               matches=matches))

    def needs_odds(self) -> bool:
        """True for strategies that cannot play a round without odds."""
        return self.kind in (StrategyKind.WEIGHTED, StrategyKind.GREEDY, StrategyKind.TOP,
                             StrategyKind.VALUE)

    def round_pool(self, rounds: Rounds, j: int, rules: Rules):
        """Round ``j``'s pool as the strategy sees it: ``(probs, crowd, crowd_source, pool)``, or None
        where the round has no odds or no turnover is known (the round's, ``turnover``, typical)."""
        from ..pool import TYPICAL_TURNOVER, Pool, crowd_shares

        if not rounds.has_odds()[j]:
            return None
        turnover = rounds.turnover[j] if np.isfinite(rounds.turnover[j]) and rounds.turnover[j] > 0 \
            else self.turnover or TYPICAL_TURNOVER.get(rules.name)
        if not turnover:
            return None
        probs = self._round_probs(rounds, j)
        given = rounds.has_crowd()[j]
        crowd = rounds.crowd[j] if given else crowd_shares(probs)
        pool = Pool(rules, float(turnover), jackpot=self.jackpot, min_quota=self.min_quota,
                    co_winners=self.co_winners)
        return probs, crowd, "file" if given else "model", pool

    def _round_probs(self, rounds: Rounds, j: int) -> NDArray[np.float64]:
        """Round ``j``'s probabilities from its odds, recalibrated on earlier seasons if asked."""
        probs = self._probs(rounds.odds[j])
        if not self.recalibrate:
            return probs
        d = rounds.dates.astype("datetime64[M]").astype(np.int64)
        season = np.where(d % 12 >= 6, d // 12, d // 12 - 1)  # a season starts in July
        key = (id(rounds), int(season[j]))
        cache = self.__dict__.setdefault("_fits", {})
        if key not in cache:
            earlier = np.flatnonzero((season < season[j]) & rounds.has_odds())
            cache[key] = None
            if earlier.size * rounds.matches >= 500:
                p = self._probs(rounds.odds[earlier].reshape(-1, 3))
                cache[key] = fit_recalibration(p, rounds.results[earlier].reshape(-1))
        fit = cache[key]
        return probs if fit is None else fit.apply(probs)

    def _probs(self, odds: NDArray[np.float64]) -> NDArray[np.float64]:

        return np.asarray(remove_margin(odds, method=self.margin_method).probs)

    def _base(self) -> int:
        """Outcomes per match in the recipe's reduced space: ``b = floor(1/p)``, at most 3 (as
        :func:`toto13.tickets.hit_rate_spec`)."""
        return int(hit_rate_spec(self.hit_rate, 1).sum())  # type: ignore[arg-type]

    def _order(self, rounds: Rounds, j: int) -> NDArray[np.int64]:
        """Per match, the ``b`` outcomes of round ``j``'s reduced space, likeliest first by its odds
        (where it has odds and ``b < 3``), else the recipe's default space in outcome order."""

        m, b = rounds.matches, self._base()
        if rounds.has_odds()[j] and b < 3:
            return np.argsort(-self._round_probs(rounds, j), axis=1, kind="stable")[:, :b]
        mask = hit_rate_spec(self.hit_rate, m)
        return np.array([np.flatnonzero(row)[:b] for row in mask])

    def _space(self, rounds: Rounds, j: int) -> NDArray[np.bool_]:
        order = self._order(rounds, j)
        mask = np.zeros((rounds.matches, 3), dtype=bool)
        np.put_along_axis(mask, order, True, axis=1)
        return mask

    def make_tips(self, rounds: Rounds, j: int, n: int, rng: np.random.Generator,
                  rules: Rules | None = None) -> NDArray[np.int8]:
        """The ``n`` tips for round ``j`` (fewer if the generator cannot make that many); ``value``
        needs the ``rules`` of the pool."""
        m = rounds.matches
        if n <= 0:
            return np.empty((0, m), dtype=np.int8)
        if self.kind is StrategyKind.FIXED:
            return self.tips[:n]  # type: ignore[index]
        if self.kind is StrategyKind.SYSTEM:
            canon = _canonical_system(self._base(), m, self.min_strikes)[0][:n]
            order = self._order(rounds, j)
            return np.take_along_axis(order, canon.T.astype(np.intp), axis=1).T.astype(np.int8)
        if self.kind is StrategyKind.RECIPE:
            spec = self._space(rounds, j)
            n = min(n, int(np.prod(spec.sum(axis=1).astype(float))))
            if spec.all():
                # the whole 3^m space: a uniform sample without replacement of result indices is the same
                # draw as generate("random"), without keying all 3^m cells (0.1 s a round at m = 13)

                idx = rng.choice(3 ** m, size=n, replace=False)
                return np.asarray(tips_from_index(idx, m), dtype=np.int8)
            return np.asarray(generate("random", n, spec=spec, rng=rng), dtype=np.int8)
        if not rounds.has_odds()[j]:
            return np.empty((0, m), dtype=np.int8)
        if self.kind is StrategyKind.VALUE:
            setup = self.round_pool(rounds, j, rules or Rules(matches=m))
            if setup is None:
                raise ValueError(f"strategy 'value' needs a turnover for round {rounds.ids[j]!r}: the "
                                 "rounds give none and so do turnover and the rules")
            probs, crowd, _, pool = setup
            return np.asarray(generate("value", n, probs, crowd=crowd, pool=pool,
                                       min_coverage=self.min_coverage), dtype=np.int8)
        probs = self._round_probs(rounds, j)
        kw = {"min_strikes": self.min_strikes} if self.kind is StrategyKind.GREEDY else {}
        return np.asarray(generate(self.kind.value, n, probs=probs, rng=rng, **kw), dtype=np.int8)

    def promised(self, rounds: Rounds, j: int, tips: NDArray[np.int8],
                 tiers: tuple[int, ...]) -> NDArray[np.float64]:
        """Probability the strategy claims for reaching each tier with ``tips`` (NaN = no claim)."""
        out = np.full(len(tiers), np.nan)
        n = len(tips)
        if self.kind is StrategyKind.RECIPE:

            for k, x in enumerate(tiers):
                out[k] = coverage_exact(self.hit_rate, x, n, matches=rounds.matches) if n else 0.0
        elif self.kind is StrategyKind.SYSTEM:
            canon, tail = _canonical_system(self._base(), rounds.matches, self.min_strikes)
            if n == len(canon):
                out[:] = [tail[x] for x in tiers]
        elif self.needs_odds() and self.promise and n and rounds.has_odds()[j]:

            cov = np.asarray(evaluate(tips, self._round_probs(rounds, j)).coverage)
            out[:] = [cov[x] for x in tiers]
        return out


def read_strategy_tips(path, matches: int = 13) -> NDArray[np.int8]:
    """Read a tips file (column ``tip``) for the ``fixed`` strategy."""

    return np.asarray(read_tips(path, matches=matches), dtype=np.int8)

