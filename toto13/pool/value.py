"""Value tips: the tips of highest expected return in the pool, chosen one at a time by exact
marginal gain."""
from __future__ import annotations


import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import check_fraction, check_int
from ..greedy import coverage_greedy, lazy_greedy
from ..hamming import Balls, distance_weighted_sums, points_of
from .cowinners import inverse_moment
from .returns import _ball_gains, _Round, _by_distance, _single_tables
from .setup import Pool


# ---------------------------------------------------------------- value tips
def value_tips(n: int, probs: ArrayLike, crowd: ArrayLike, pool: Pool, *,
               min_coverage: tuple[int, float] | None = None, return_gains: bool = False):
    """``n`` distinct rows maximising the set's exact expected return, one at a time by marginal gain.

    Parameters
    ----------
    n : int
        Rows wanted (``1`` gives the single best row).
    probs, crowd, pool
        As in :func:`expected_return`.
    min_coverage : (x, Q), optional
        Keep ``P(best >= x) >= Q``: first greedy coverage rows until the coverage reaches ``Q``, then
        rows by value. Raises ``ValueError`` when ``n`` rows cannot reach it.
    return_gains : bool
        Also return each row's marginal gain; their cumulative sums are the exact expected returns
        of the prefixes (with the pools of ``n`` tips).

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
    (:func:`toto13.greedy.lazy_greedy`; gains gathered over each row's ball by a compiled
    kernel) picks exactly the rows of the plain greedy. With a minimum quota this can fail where our own rows push a
    tier's winners over its cap (``cap_k = pool_k / min_quota``: hundreds of thousands of rows in
    Stryktipset): there the lazy choice is a close approximation of the plain greedy.
    """
    m = pool.rules.matches
    n = check_int("n", n, 1, 3 ** m)
    rnd = _Round.build(probs, crowd, pool, n)
    n_all = 3 ** m
    radius = int(rnd.misses.max())
    balls = Balls((3,) * m, radius)
    tier_of = {int(d): j for j, d in enumerate(rnd.misses)}
    pat_tier = np.array([tier_of.get(int(d), -1) for d in balls.distances])
    keep = pat_tier >= 0
    balls, pat_tier = balls.select(keep), pat_tier[keep]
    t_count = len(rnd.misses)
    counts = np.zeros((t_count, n_all), dtype=np.int64)
    order: list[int] = []
    f = _single_tables(rnd)
    delta = f.copy()                      # delta[j, r]: change of F at r when a tip joins tier j there
    current = np.zeros_like(f)            # current[j, r]: P(r) · own value of tier j at r
    chosen_mask = np.zeros(n_all, dtype=bool)

    dest = rnd.dest
    transfers = bool(np.isfinite(rnd.caps).any())

    gains_taken: list[float] = []

    def add(row: int) -> None:
        row = int(row)
        gains_taken.append(float(value_gains(np.array([row], dtype=np.int64))[0]))
        # only tier ``pat_tier`` of each result in the row's ball gains a tip; see _Round.values for
        # the coupling through moved money, which only the receiving tier feels
        ball = balls(np.array([row]))[0]
        counts[pat_tier, ball] += 1
        chosen_mask[row] = True
        order.append(row)
        special = counts[dest, ball] > 0          # results where we already hold the receiving tier
        if special.any():
            sb = ball[special]
            cnt = counts[:, sb].T
            ups = np.repeat(cnt[None], t_count + 1, axis=0)             # base, then +1 in each tier
            ups[np.arange(1, t_count + 1), :, np.arange(t_count)] += 1
            vals = rnd.values(np.tile(sb, t_count + 1), ups.reshape(-1, t_count)).sum(axis=1)
            vals = vals.reshape(t_count + 1, sb.size)
            delta[:, sb] = vals[1:] - vals[0]
        rest_b, rest_t = ball[~special], pat_tier[~special]
        pr = rnd.prob
        for j in range(t_count):
            sel = rest_t == j
            if not sel.any():
                continue
            rb = rest_b[sel]
            current[j, rb] += delta[j, rb]        # the tier's own value at the new count
            delta[j, rb] = pr[rb] * rnd.own(j, rb, counts[j, rb] + 1) - current[j, rb]
        if transfers and rest_b.size:
            one = np.ones(rest_b.size, dtype=np.int64)
            delta[dest, rest_b] = pr[rest_b] * (rnd.own(dest, rest_b, one) + rnd.moved(
                rest_b, counts[:, rest_b].T) * inverse_moment(rnd.lam[dest, rest_b], one, rnd.shapes[dest]))

    def value_gains(rows: NDArray[np.int64]) -> NDArray[np.float64]:
        g = np.empty(rows.size)
        _ball_gains(rows, balls.q, balls.strides, balls.positions, balls.shifts, pat_tier, delta, g)
        g[chosen_mask[rows]] = -np.inf
        return g

    if min_coverage is not None:
        for r in _coverage_rows(n, min_coverage, rnd):
            add(r)
    rest = n - len(order)
    if rest > 0:
        bounds = distance_weighted_sums(_by_distance(rnd, f), (3,) * m).ravel()
        bounds[chosen_mask] = -np.inf
        lazy_greedy(rest, bounds, value_gains, add, batch=8)
    tips = points_of((3,) * m)[np.array(order, dtype=np.int64)]
    return (tips, np.array(gains_taken)) if return_gains else tips


def _coverage_rows(n: int, min_coverage, rnd: _Round) -> list[int]:
    """The fewest rows (by greedy coverage) with ``P(best >= x) >= Q``; ValueError beyond ``n``."""
    try:
        x, q = min_coverage
    except (TypeError, ValueError):
        raise ValueError(f"min_coverage ({min_coverage!r}) must be a pair (x, Q)") from None
    m = rnd.m
    x = check_int("min_coverage x", x, 0, m)
    q = check_fraction("min_coverage Q", q, closed=True)
    if q == 0:
        return []
    rows, gains = coverage_greedy(n, np.arange(3 ** m, dtype=np.int64), rnd.prob.copy(), m - x,
                                  until=q - 1e-12)
    got = float(gains.sum())
    if got < q - 1e-12:
        raise ValueError(f"min_coverage ({x}, {q}) cannot be met with {n} rows: greedy coverage "
                         f"reaches P(best >= {x}) = {got:.4f}")
    return [int(r) for r in rows]
