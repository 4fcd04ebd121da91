"""Tip generators: the recipe's urn (``random``), probability-weighted draws (``weighted``), the most
probable tips (``top``) and greedy coverage (``greedy``). Every one returns distinct, valid tips in an
order whose prefixes are themselves the generator's answer for fewer tips (same seed)."""
from __future__ import annotations

import heapq
import math
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import as_rng, check_int, check_nonnegative
from ..hamming import NUMBA, Balls, ball_sums, strides, subspace_indices
from .encoding import MAX_ENUM_MATCHES, tips_from_index
from .spec import spec_mask
from .evaluate import probability_table, result_probabilities

__all__ = ["random_tips", "weighted_tips", "top_tips", "greedy_tips",
           "possible_tips"]


def _setup(probs, spec, matches) -> tuple[NDArray[np.float64] | None, NDArray[np.bool_], int]:
    p = None
    if probs is not None:
        p = probability_table(probs, matches)
        matches = p.shape[0]
    elif spec is not None and matches is None:
        matches = len(spec.replace(",", " ").split()) if isinstance(spec, str) else len(spec)
    if matches is None:
        matches = 13
    matches = check_int("matches", matches, 1, MAX_ENUM_MATCHES)
    mask = spec_mask(spec, matches)
    return p, mask, matches


def possible_tips(spec: ArrayLike | str | None = None, probs: ArrayLike | None = None,
                  matches: int | None = None) -> int:
    """How many distinct tips the spec allows (only those of positive probability when ``probs``).

    Examples
    --------
    >>> possible_tips("10 1 102")
    6
    >>> possible_tips("10 1 102", probs=[[0.5, 0.5, 0], [1, 0, 0], [0.2, 0, 0.8]])
    4
    """
    p, mask, _ = _setup(probs, spec, matches)
    if p is not None:
        mask = mask & (p > 0)
    return math.prod(int(k) for k in mask.sum(axis=1))


def _check_count(n, limit: int, what: str) -> int:
    if isinstance(n, bool):
        raise ValueError(f"count ({n!r}) must be a whole number")
    try:
        n = check_int("count", n)
    except ValueError:
        raise ValueError(f"count ({n!r}) must be a whole number") from None
    if n <= 0:
        raise ValueError(f"count ({n}) must be at least 1")
    if n > limit:
        raise ValueError(f"count ({n}) exceeds the {limit:,} distinct tips {what}")
    return n


def _top_keys(keys: NDArray[np.float64], n: int) -> NDArray[np.int64]:
    """Positions of the ``n`` largest keys, largest first (ties: lower position first)."""
    if n < keys.size:
        part = np.argpartition(-keys, n - 1)[:n]
    else:
        part = np.arange(keys.size)
    return part[np.lexsort((part, -keys[part]))]


def random_tips(n: int, spec: ArrayLike | str | None = None, *, matches: int | None = None,
                rng: np.random.Generator | int | None = None) -> NDArray[np.int8]:
    """The recipe's urn: ``n`` distinct tips drawn uniformly from the spec's combinations.

    Parameters
    ----------
    n : int
        Number of tips, 1 .. number of combinations the spec allows.
    spec : str or (m, 3) bool array, optional
        Allowed outcomes per match, e.g. ``"10 1 102 ..."``; default all three.
    matches : int, optional
        Number of matches when no spec is given (13).
    rng : numpy.random.Generator, int or None

    Notes
    -----
    Each combination gets an independent uniform key and the ``n`` smallest keys are taken, so the
    result is a uniformly random ordered sample without replacement, and the first ``k`` tips for a
    seed are the ``k`` tips drawn with that seed (prefix-consistent).

    Examples
    --------
    >>> from toto13.tickets import tips_to_strings
    >>> tips_to_strings(random_tips(3, "10 1 02", rng=1))
    ['010', '110', '012']
    """
    _, mask, m = _setup(None, spec, matches)
    cells = subspace_indices(mask)
    n = _check_count(n, cells.size, "the spec allows")
    keys = as_rng(rng).random(cells.size)
    return tips_from_index(cells[_top_keys(-keys, n)], m)


def weighted_tips(n: int, probs: ArrayLike, spec: ArrayLike | str | None = None, *,
                  power: float = 1.0, rng: np.random.Generator | int | None = None) -> NDArray[np.int8]:
    """``n`` distinct tips drawn from the match probabilities (optionally sharpened).

    Parameters
    ----------
    n : int
    probs : array_like, shape (m, 3)
        Per-match probabilities; each tip's chance is the product over matches.
    spec : optional
        Restrict to these outcomes.
    power : float
        Draw from ``probs**power`` renormalised per match: 0 is uniform, 1 the probabilities,
        larger values favour favourites.
    rng : numpy.random.Generator, int or None

    Notes
    -----
    Equivalent to drawing tips one at a time from the (sharpened) product distribution and dropping
    repeats: the Gumbel-top-k trick, ``log w(tip) + Gumbel noise`` for every tip and the ``n`` largest
    keys (Vieira 2014; Kool et al. 2019, "Stochastic beams and where to find them"). Prefix-consistent.

    Examples
    --------
    >>> from toto13.tickets import tips_to_strings
    >>> tips_to_strings(weighted_tips(2, [[0.9, 0.1, 0.0], [0.5, 0.5, 0.0]], rng=3))
    ['11', '10']
    """
    p, mask, m = _setup(probs, spec, None)
    power = check_nonnegative("power", power)
    with np.errstate(divide="ignore"):
        w = np.where(mask & (p > 0), p ** power, 0.0)
    possible = math.prod(int(k) for k in (w > 0).sum(axis=1))
    n = _check_count(n, possible, "of positive probability in the spec")
    w = w / w.sum(axis=1, keepdims=True)
    logw = np.zeros(1)
    with np.errstate(divide="ignore"):
        for row in np.log(w):  # in log space: a product of tiny probabilities must not underflow
            logw = np.add.outer(logw, row).ravel()
    keys = logw + as_rng(rng).gumbel(size=logw.size)
    return tips_from_index(_top_keys(keys, n), m)


def top_tips(n: int, probs: ArrayLike, spec: ArrayLike | str | None = None) -> NDArray[np.int8]:
    """The ``n`` most probable tips, most probable first, by best-first search.

    Notes
    -----
    Per match the allowed outcomes are ranked by probability; a tip is a vector of ranks. Starting
    from the all-favourites tip, a heap yields tips in order of decreasing probability: each popped
    tip pushes its children, the tips with one rank raised at a position at or after its last raised
    one, so every tip has exactly one parent and is pushed once. Cost ``O(n m log(n m))``, without
    enumerating the ``3**m`` results. Ties are broken by the result index.

    Examples
    --------
    >>> from toto13.tickets import tips_to_strings
    >>> tips_to_strings(top_tips(3, [[0.6, 0.3, 0.1], [0.2, 0.7, 0.1]]))
    ['10', '00', '11']
    """
    p, mask, m = _setup(probs, spec, None)
    n = _check_count(n, math.prod(int(k) for k in mask.sum(axis=1)), "the spec allows")
    w = strides((3,) * m).tolist()
    order, logp = [], []
    for j in range(m):
        allowed = [c for c in range(3) if mask[j, c]]
        allowed.sort(key=lambda c: (-p[j, c], c))
        order.append(allowed)
        with np.errstate(divide="ignore"):
            logp.append([float(np.log(p[j, c])) for c in allowed])
    ranks0 = (0,) * m
    lp0 = math.fsum(logp[j][0] for j in range(m))
    idx0 = sum(order[j][0] * w[j] for j in range(m))
    heap = [(-lp0, idx0, ranks0, 0)]
    out = []
    while len(out) < n:
        neg, idx, ranks, last = heapq.heappop(heap)
        out.append(idx)
        for j in range(last, m):
            r = ranks[j]
            if r + 1 < len(order[j]):
                child = ranks[:j] + (r + 1,) + ranks[j + 1:]
                a, b = logp[j][r], logp[j][r + 1]
                if math.isinf(a) or math.isinf(b) or math.isinf(neg):
                    lp = math.fsum(logp[i][child[i]] for i in range(m))
                else:
                    lp = -neg - a + b
                cidx = idx + (order[j][r + 1] - order[j][r]) * w[j]
                heapq.heappush(heap, (-lp, cidx, child, j))
    return tips_from_index(np.array(out, dtype=np.int64), m)


def greedy_tips(n: int, probs: ArrayLike, min_strikes: int | None = None,
                spec: ArrayLike | str | None = None, *, return_gains: bool = False,
                until: float | None = None, deadline: float | None = None,
                check: Callable[[], None] | None = None):
    """Tips added one at a time, each maximising the gain in ``P(best >= min_strikes)``.

    Parameters
    ----------
    n : int
    probs : array_like, shape (m, 3)
    min_strikes : int, optional
        The target ``x`` (default ``m - 3``, i.e. 10 of 13).
    spec : optional
        Candidates are restricted to the spec (the results are not).
    return_gains : bool
        Also return each tip's gain; their cumulative sum is the exact coverage of every prefix.
    until : float, optional
        Stop early, with fewer than ``n`` tips, once the coverage reaches this.
    deadline : float, optional
        A :func:`time.monotonic` time; :class:`~toto13.greedy.GreedyStopped` (a
        ``TimeoutError``) is raised when it passes.
    check : callable, optional
        Called every fraction of a second while the greedy runs; may raise to stop it. Ctrl-C
        (``KeyboardInterrupt``) stops it the same way.

    Notes
    -----
    The gain of a candidate is the probability of the not-yet-covered results within Hamming distance
    ``R = m - x`` of it. All first gains come from one sphere-sum transform over the ``3**m``
    results. Gains only shrink as tips are added (coverage is submodular), so candidates below the
    gain of the best ones can wait: only a hot set of the best keeps exact gains, updated over a
    table of result pairs, and the transform is rerun when the hot set's best falls below the rest's
    bound (lazy evaluation, Minoux 1978; compiled with numba, :mod:`toto13.greedy`). The
    result is the exact greedy one; ties go to the lower result index (among gains equal in floating
    point). Deterministic: no ``rng``; the transform is split over
    :func:`toto13.hamming.default_threads` threads, and the tips do not depend on their number.

    Examples
    --------
    >>> from toto13.tickets import tips_to_strings
    >>> tips_to_strings(greedy_tips(2, [[0.6, 0.3, 0.1], [0.2, 0.7, 0.1]], min_strikes=2))
    ['10', '00']
    """
    if not NUMBA:  # pragma: no cover - numba is a dependency
        return _greedy_lazy(n, probs, min_strikes, spec, return_gains=return_gains, until=until,
                            deadline=deadline, check=check)
    from ..greedy import coverage_greedy
    m, cells, n, radius, weight = _greedy_setup(n, probs, min_strikes, spec)
    chosen, got = coverage_greedy(n, cells, weight, radius, until=until, deadline=deadline,
                                  check=check)
    tips = tips_from_index(chosen, m)
    if return_gains:
        return tips, got
    return tips


def _greedy_setup(n, probs, min_strikes, spec):
    """Checked inputs of both greedy variants: matches, allowed result cells, count, radius, weights."""
    p, mask, m = _setup(probs, spec, None)
    x = m - 3 if min_strikes is None else check_int("min_strikes", min_strikes, 0, m)
    cells = subspace_indices(mask)
    n = _check_count(n, cells.size, "the spec allows")
    return m, cells, n, m - x, result_probabilities(p)


def _greedy_lazy(n: int, probs: ArrayLike, min_strikes: int | None = None,
                 spec: ArrayLike | str | None = None, *, return_gains: bool = False, **kwargs):
    """The greedy without numba (and its cross-check): :func:`greedy.lazy_greedy` over numpy ball
    sums, the first gains from the sphere-sum transform."""
    from ..greedy import lazy_greedy
    m, cells, n, radius, weight = _greedy_setup(n, probs, min_strikes, spec)
    balls = Balls((3,) * m, radius)

    def gains_of(positions: NDArray[np.int64]) -> NDArray[np.float64]:
        return weight[balls(cells[positions])].sum(axis=1)

    def commit(position: int) -> None:
        weight[balls(cells[[position]])[0]] = 0.0

    bounds = ball_sums(weight.reshape((3,) * m), radius).ravel()[cells]
    chosen, got = lazy_greedy(n, bounds, gains_of, commit, **kwargs)
    tips = tips_from_index(cells[chosen], m)
    if return_gains:
        return tips, got
    return tips
