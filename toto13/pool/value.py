"""Value tips: the tips of highest expected return in the pool, chosen one at a time by exact
marginal gain."""
from __future__ import annotations

from typing import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import check_fraction, check_int
from ..greedy import GreedyStopped, coverage_greedy, lazy_greedy
from ..hamming import Balls, ball_sums, distance_weighted_sums, points_of
from .cowinners import inverse_moment
from .returns import _ball_gains, _Round, _by_distance, _single_tables
from .setup import Pool


#: the bounds (a transform) and the gains (a kernel over each ball) add the same terms in another
#: order: a gain within this of the best bound is taken (see :func:`lazy_greedy`)
RTOL = 1e-10


def value_tips(n: int, probs: ArrayLike, crowd: ArrayLike, pool: Pool, *,
               min_coverage: tuple[int, float] | None = None, return_gains: bool = False,
               deadline: float | None = None, check: Callable[[], None] | None = None):
    """``n`` distinct tips maximising the set's exact expected return, one at a time by marginal gain.

    Parameters
    ----------
    n : int
        Tips wanted (``1`` gives the single best tip).
    probs, crowd, pool
        As in :func:`toto13.pool.expected_return`.
    min_coverage : (x, Q), optional
        Keep ``P(best >= x) >= Q``. When the tips without the floor reach it they are the answer
        (found at once when the first tip by value reaches it alone: ``(0, 0.5)``); otherwise first
        greedy coverage tips until the coverage reaches ``Q``, then tips by value. Raises
        ``ValueError`` when ``n`` tips cannot reach it.
    return_gains : bool
        Also return each tip's marginal gain; their cumulative sums are the exact expected returns
        of the prefixes (with the pools of ``n`` tips).
    deadline, check : optional
        As in :func:`toto13.greedy.lazy_greedy`: a :func:`time.monotonic` time, and a callable that
        may raise to stop; both are looked at every fraction of a second (Ctrl-C is seen as often).
        :class:`toto13.greedy.GreedyStopped` says how many tips were chosen and whether the floor was
        met.

    Returns
    -------
    ndarray of int8, shape (n, m)
        (and the gains, shape (n,), with ``return_gains``)

    Notes
    -----
    The set value is ``F(S) = Σ_r Σ_k P(r) pool_k g_k(r, n_k(r))`` with ``g(n) = n E[1/(W+n)]``;
    ``pool_k`` is taken at the final size ``|S| = n`` from the start, so the gains add up to the final
    set's exact value. ``g(n+1) - g(n) = E[(W/((W+n)(W+n+1)))] + P(W=0)[n=0]`` falls with ``n`` (the
    map ``n -> n/(w+n)`` is concave for every ``w``), and ``n_k(r)`` grows with ``S``: the gains only
    fall as the set grows (diminishing returns), so lazy evaluation with stale upper bounds
    (:func:`toto13.greedy.lazy_greedy`; gains gathered over each tip's ball by a compiled kernel)
    picks the tips of the plain greedy (up to ties within a relative :data:`RTOL`, where a tip of
    gain within that of the best is taken). With a minimum quota this can fail where our own tips
    push a tier's winners over its cap (``cap_k = pool_k / min_quota``: hundreds of thousands of tips
    in Stryktipset): there the lazy choice is a close approximation of the plain greedy.
    """
    m = pool.rules.matches
    n = check_int("n", n, 1, 3 ** m)
    floor = None if min_coverage is None else _check_floor(min_coverage, m)
    rnd = _Round.build(probs, crowd, pool, n)
    chosen = _ValueSet(rnd)
    bounds = distance_weighted_sums(_by_distance(rnd, chosen.single), (3,) * m).ravel()
    if floor is not None:
        x, q = floor
        # the first pick by value, found as the search finds it (committing nothing): when it meets
        # the floor alone, so does every set the search builds from it
        first = int(lazy_greedy(1, bounds, chosen.gains, lambda i: None, batch=8, rtol=RTOL)[0][0])
        if q - 1e-12 > _tip_coverage(probs, first, x):  # (the tolerance of the greedy)
            _by_value(chosen, n, bounds.copy(), deadline, check,
                      f" (a first try without the floor P(best >= {x}) >= {q:g}, not yet checked)")
            if _set_coverage(rnd, chosen.order, x) >= q - 1e-12:  # the tips without the floor meet it
                return _tips_of(chosen, m, return_gains)
            chosen = _ValueSet(rnd)
            for r in _coverage_tips(n, floor, rnd, deadline, check):
                chosen.add(r)
    _by_value(chosen, n, bounds, deadline, check,
              "" if floor is None else f" (the floor P(best >= {floor[0]}) >= {floor[1]:g} met)")
    return _tips_of(chosen, m, return_gains)


def _by_value(chosen: _ValueSet, n: int, bounds: NDArray[np.float64], deadline: float | None,
              check: Callable[[], None] | None, note: str) -> None:
    """Grow ``chosen`` to ``n`` tips by value (``bounds``: the first gains, overwritten); a
    :class:`toto13.greedy.GreedyStopped` says how many it had, and ``note``."""
    rest = n - len(chosen.order)
    if rest > 0:
        bounds[chosen.taken] = -np.inf
        try:
            lazy_greedy(rest, bounds, chosen.gains, chosen.add, batch=8, deadline=deadline, check=check,
                        rtol=RTOL)
        except GreedyStopped:
            raise GreedyStopped(len(chosen.order), n, note) from None


def _tips_of(chosen: _ValueSet, m: int, return_gains: bool):
    tips = points_of((3,) * m)[np.array(chosen.order, dtype=np.int64)]
    return (tips, np.array(chosen.gains_taken)) if return_gains else tips


def _set_coverage(rnd: _Round, order: list[int], x: int) -> float:
    """``P(best >= x)`` of the tips ``order`` (result indices): the probability of the results within
    ``m - x`` of one of them, from one ball-sum transform of the tips' indicator."""
    tips = np.zeros(3 ** rnd.m)
    tips[np.array(order, dtype=np.int64)] = 1.0
    near = ball_sums(tips.reshape((3,) * rnd.m), rnd.m - x).ravel() > 0
    return float(rnd.prob[near].sum())


class _ValueSet:
    """A growing tip set and, for every result and tier, the change of the set's value were a tip to
    join that tier there (``delta``): what the greedy reads the gains from."""

    def __init__(self, rnd: _Round) -> None:
        self.rnd = rnd
        n_all = 3 ** rnd.m
        balls = Balls((3,) * rnd.m, int(rnd.misses.max()))
        tier_of = {int(d): j for j, d in enumerate(rnd.misses)}
        pat_tier = np.array([tier_of.get(int(d), -1) for d in balls.distances])
        keep = pat_tier >= 0
        self.balls, self.pat_tier = balls.select(keep), pat_tier[keep]
        self.tiers = len(rnd.misses)
        self.counts = np.zeros((self.tiers, n_all), dtype=np.int64)
        self.single = _single_tables(rnd)
        self.delta = self.single.copy()           # delta[j, r]: change of F when a tip joins tier j at r
        self.current = np.zeros_like(self.single)  # current[j, r]: P(r) · own value of tier j at r
        self.taken = np.zeros(n_all, dtype=bool)
        self.order: list[int] = []
        self.gains_taken: list[float] = []

    def gains(self, tips: NDArray[np.int64]) -> NDArray[np.float64]:
        """The marginal gain of each tip (result index); -inf for tips already in the set."""
        g = np.empty(tips.size)
        b = self.balls
        _ball_gains(tips, b.q, b.strides, b.positions, b.shifts, self.pat_tier, self.delta, g)
        g[self.taken[tips]] = -np.inf
        return g

    def add(self, tip: int) -> None:
        """Add ``tip`` and update ``delta`` over its ball: only tier ``pat_tier`` of each result in the
        ball gains a tip; see :meth:`_Round.values` for the coupling through moved money, which only
        the receiving tier feels."""
        tip = int(tip)
        self.gains_taken.append(float(self.gains(np.array([tip], dtype=np.int64))[0]))
        ball = self.balls(np.array([tip]))[0]
        self.counts[self.pat_tier, ball] += 1
        self.taken[tip] = True
        self.order.append(tip)
        special = self.counts[self.rnd.dest, ball] > 0   # results where we hold the receiving tier
        if special.any():
            self._update_coupled(ball[special])
        self._update_own(ball[~special], self.pat_tier[~special])

    def _update_coupled(self, sb: NDArray[np.int64]) -> None:
        """``delta`` at results where the receiving tier is held: all tiers evaluated afresh."""
        t = self.tiers
        ups = np.repeat(self.counts[:, sb].T[None], t + 1, axis=0)      # base, then +1 in each tier
        ups[np.arange(1, t + 1), :, np.arange(t)] += 1
        vals = self.rnd.values(np.tile(sb, t + 1), ups.reshape(-1, t)).sum(axis=1).reshape(t + 1, sb.size)
        self.delta[:, sb] = vals[1:] - vals[0]

    def _update_own(self, rest_b: NDArray[np.int64], rest_t: NDArray[np.int64]) -> None:
        """``delta`` at the other results: each tier's own value at its new count (and, under a minimum
        quota, the money moved to the receiving tier)."""
        rnd, pr = self.rnd, self.rnd.prob
        for j in range(self.tiers):
            rb = rest_b[rest_t == j]
            if rb.size:
                self.current[j, rb] += self.delta[j, rb]
                self.delta[j, rb] = pr[rb] * rnd.own(j, rb, self.counts[j, rb] + 1) - self.current[j, rb]
        if np.isfinite(rnd.caps).any() and rest_b.size:
            d, one = rnd.dest, np.ones(rest_b.size, dtype=np.int64)
            moved = rnd.moved(rest_b, self.counts[:, rest_b].T)
            self.delta[d, rest_b] = pr[rest_b] * (rnd.own(d, rest_b, one) + moved * inverse_moment(
                rnd.lam[d, rest_b], one, rnd.shapes[d]))


def _check_floor(min_coverage, m: int) -> tuple[int, float]:
    """``min_coverage`` as a checked pair ``(x, Q)``."""
    try:
        x, q = min_coverage
    except (TypeError, ValueError):
        raise ValueError(f"min_coverage ({min_coverage!r}) must be a pair (x, Q)") from None
    return check_int("min_coverage x", x, 0, m), check_fraction("min_coverage Q", q, closed=True)


def _tip_coverage(probs: ArrayLike, tip: int, x: int) -> float:
    """``P(tip has >= x strikes)``: the matches are independent, so the strikes of one tip are a
    sum of Bernoulli draws (its pmf by convolution)."""
    p = np.asarray(probs, dtype=np.float64)
    m = p.shape[0]
    hit = p[np.arange(m), (tip // 3 ** np.arange(m - 1, -1, -1)) % 3]
    pmf = np.array([1.0])
    for h in hit:
        pmf = np.convolve(pmf, [1.0 - h, h])
    return float(pmf[x:].sum())


def _coverage_tips(n: int, floor: tuple[int, float], rnd: _Round, deadline: float | None,
                   check: Callable[[], None] | None) -> list[int]:
    """The fewest tips (by greedy coverage) with ``P(best >= x) >= Q``; ValueError beyond ``n``."""
    x, q = floor
    if q == 0:
        return []
    try:
        tips, gains = coverage_greedy(n, np.arange(3 ** rnd.m, dtype=np.int64), rnd.prob.copy(),
                                      rnd.m - x, until=q - 1e-12, deadline=deadline, check=check)
    except GreedyStopped as stop:
        raise GreedyStopped(stop.done, n, f" (all of them for the floor P(best >= {x}) >= {q:g}, "
                                          "not yet met)") from None
    got = float(gains.sum())
    if got < q - 1e-12:
        raise ValueError(f"min_coverage ({x}, {q}) cannot be met with {n} tips: greedy coverage "
                         f"reaches P(best >= {x}) = {got:.4f}")
    return [int(r) for r in tips]
