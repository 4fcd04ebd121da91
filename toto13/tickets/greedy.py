"""Lazy greedy (Minoux 1978): pick items one at a time by the largest marginal gain, re-evaluating only
the candidates whose stale upper bound could still win.

Two drivers share the rule:

- :func:`lazy_greedy`, generic and in Python: any gain that only shrinks as items are added (a
  submodular objective, such as the coverage ``P(best >= x)`` of a tip set), evaluated in batches by a
  caller's vectorised function. The ``value`` strategy and the no-numba greedy use it.
- :func:`coverage_greedy`, the compiled special case for coverage: gains are sums of the uncovered
  result probabilities over Hamming balls, kept in a binary heap of stale bounds, run in chunks that
  return to Python often (well under a second), so Ctrl-C and a deadline stop it cleanly.

Both give the exact greedy answer: each step takes a candidate of largest current gain (ties to the
lower index), because a fresh gain that tops every other candidate's upper bound tops their gains.
"""
from __future__ import annotations

import functools
import heapq
import math
import time
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..hamming import error_patterns, jit

__all__ = ["lazy_greedy", "coverage_greedy", "GreedyStopped"]

#: cell operations of one compiled chunk: about 0.05-0.2 s, so an interrupt or a deadline is
#: noticed well within a second.
CHUNK_WORK = 30_000_000

#: candidates searched per pick between rebuilds of the hot set (a full pass over the gains)
HOT = 32_768


class GreedyStopped(TimeoutError):
    """The deadline passed before the greedy had all its items (``done`` of them were chosen)."""

    def __init__(self, done: int, wanted: int):
        super().__init__(f"deadline reached after {done} of {wanted} greedy picks")
        self.done = done
        self.wanted = wanted


def _check_time(deadline: float | None, check: Callable[[], None] | None, done: int, n: int) -> None:
    if check is not None:
        check()
    if deadline is not None and time.monotonic() >= deadline:
        raise GreedyStopped(done, n)


def lazy_greedy(n: int, bounds: ArrayLike, gains_of: Callable[[NDArray[np.int64]], ArrayLike],
                commit: Callable[[int], None], *, until: float | None = None, batch: int = 64,
                deadline: float | None = None, check: Callable[[], None] | None = None
                ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Up to ``n`` candidates (positions into ``bounds``) chosen greedily by lazy evaluation.

    Parameters
    ----------
    n : int
        Number of picks (at most ``len(bounds)``).
    bounds : array_like of float
        An upper bound on each candidate's first gain (its exact gain is best: fewest evaluations).
    gains_of : callable
        ``gains_of(positions)`` returns the current gains of those candidates (a batch of up to
        ``batch``), given everything committed so far. Gains must never grow as picks are committed.
    commit : callable
        ``commit(position)`` records a pick, so that later ``gains_of`` calls see it.
    until : float, optional
        Stop once the gains picked sum to at least this.
    batch : int
        Stale candidates re-evaluated per ``gains_of`` call.
    deadline : float, optional
        A :func:`time.monotonic` time; :class:`GreedyStopped` is raised when it passes.
    check : callable, optional
        Called between batches; may raise to stop (e.g. on a cancel request).

    Returns
    -------
    positions, gains : ndarray of int64, ndarray of float64
        The picks in order and their gains at the time of the pick.

    Notes
    -----
    Minoux's accelerated greedy: candidates wait in a heap keyed by a stale gain (an upper bound, as
    gains only shrink). The top is re-evaluated; once the top holds a gain evaluated at this step, it
    is at least every other candidate's bound, hence gain, and is taken. Ties go to the lower position.

    Examples
    --------
    >>> w = np.array([3.0, 2.0, 2.0])                      # cover {0,1}, {1,2}, {2} of weights w
    >>> sets = [[0, 1], [1, 2], [2]]
    >>> left = w.copy()
    >>> gains = lambda idx: [left[sets[i]].sum() for i in idx]
    >>> def commit(i): left[sets[i]] = 0.0
    >>> pos, got = lazy_greedy(3, [5.0, 4.0, 2.0], gains, commit)
    >>> pos.tolist(), got.tolist()
    ([0, 1, 2], [5.0, 2.0, 0.0])
    """
    bound = np.asarray(bounds, dtype=np.float64)
    order = np.lexsort((np.arange(bound.size), -bound))
    chosen: list[int] = []
    gains: list[float] = []
    total = 0.0
    heap: list[tuple[float, int, int]] = []  # (-gain, position, step evaluated)
    ptr = 0
    while len(chosen) < n:
        if until is not None and total >= until:
            break
        _check_time(deadline, check, len(chosen), n)
        step = len(chosen)
        stale: list[int] = []
        accepted = None
        while True:
            from_list = ptr < order.size and (
                not heap or (-bound[order[ptr]], int(order[ptr])) < heap[0][:2])
            if from_list:
                if len(stale) >= batch:
                    break
                stale.append(int(order[ptr]))
                ptr += 1
                continue
            if not heap:
                break
            if heap[0][2] == step:
                if not stale:
                    accepted = heapq.heappop(heap)
                break
            if len(stale) >= batch:
                break
            stale.append(heapq.heappop(heap)[1])
        if accepted is not None:
            g, i, _ = accepted
            commit(i)
            chosen.append(i)
            gains.append(-g)
            total += -g
            continue
        if not stale:
            break
        fresh = np.asarray(gains_of(np.array(stale, dtype=np.int64)), dtype=np.float64)
        for i, g in zip(stale, fresh.tolist()):
            heapq.heappush(heap, (-g, i, step))
    return np.array(chosen, dtype=np.int64), np.array(gains, dtype=np.float64)


def _patterns(m: int, radius: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Positions and shifts of every change of at most ``radius`` of ``m`` three-way matches."""
    pos, shift, _ = error_patterns((3,) * m, radius)
    return pos, shift


# ---------------------------------------------------------------------------------------------------
# The compiled coverage greedy. Heap entries: key (a gain, maybe stale), cell index. Order: larger
# key first, then lower index.

@jit
def _better(key, idx, a, b):  # pragma: no cover - compiled
    return key[a] > key[b] or (key[a] == key[b] and idx[a] < idx[b])


@jit
def _sift_down(key, idx, i, size):  # pragma: no cover - compiled
    while True:
        left = 2 * i + 1
        if left >= size:
            return
        best = left
        right = left + 1
        if right < size and _better(key, idx, right, left):
            best = right
        if not _better(key, idx, best, i):
            return
        key[i], key[best] = key[best], key[i]
        idx[i], idx[best] = idx[best], idx[i]
        i = best


@jit
def _heapify(key, idx):  # pragma: no cover - compiled
    size = key.shape[0]
    for i in range(size // 2 - 1, -1, -1):
        _sift_down(key, idx, i, size)


@jit
def _ball(center, dtab, pv, pos, shift, out):  # pragma: no cover - compiled
    # dtab[j, s]: index change when match j of ``center`` moves on by s (0, 1, 2) outcomes
    for j in range(pv.shape[0]):
        c = (center // pv[j]) % 3
        for s in range(3):
            dtab[j, s] = (((c + s) % 3) - c) * pv[j]
    for p in range(pos.shape[0]):
        idx = center
        for r in range(pos.shape[1]):
            idx += dtab[pos[p, r], shift[p, r]]
        out[p] = idx


@jit
def _pair_table_kernel(m, vpos, vshift, upos, ushift):  # pragma: no cover - compiled
    # table[v, p]: position in U (the patterns of radius 2R) of the digit offset v + p, for v and p
    # in V (radius R)
    nv, nu = vpos.shape[0], upos.shape[0]
    vd = np.zeros((nv, m), np.int64)
    for v in range(nv):
        for r in range(vpos.shape[1]):
            if vshift[v, r] > 0:  # padding (position 0, shift 0) must not clear digit 0
                vd[v, vpos[v, r]] = vshift[v, r]
    pv = np.empty(m, np.int64)
    acc = 1
    for j in range(m - 1, -1, -1):
        pv[j] = acc
        acc *= 3
    where = np.full(acc, -1, np.int64)
    for u in range(nu):
        key = 0
        for r in range(upos.shape[1]):
            key += ushift[u, r] * pv[upos[u, r]]
        where[key] = u
    table = np.empty((nv, nv), np.int32)
    for v in range(nv):
        base = 0
        for j in range(m):
            base += vd[v, j] * pv[j]
        for p in range(nv):
            key = base
            for r in range(vpos.shape[1]):
                j = vpos[p, r]
                s = vshift[p, r]
                if s > 0:
                    key += (((vd[v, j] + s) % 3) - vd[v, j]) * pv[j]
            table[v, p] = where[key]
    return table


#: largest pair graph kept (edges): 13 matches at radius 3 need 2,627**2 = 6.9 million
MAX_PAIR_EDGES = 20_000_000


@functools.lru_cache(maxsize=4)
def pair_graph(m: int, radius: int):
    """``(vpos, vshift, upos, ushift, table)``: the ball patterns of ``radius`` (V) and of
    ``2 * radius`` (U), and ``table[v, p]``, the position in U of the offset ``v + p``.

    It does not depend on the tip: around any tip ``t`` the results newly covered by ``t`` are
    ``t + v`` and the candidates whose gain they lower are ``t + v + p``. ``None`` when the table
    would exceed :data:`MAX_PAIR_EDGES` entries.
    """
    vpos, vshift = _patterns(m, radius)
    if vpos.shape[0] ** 2 > MAX_PAIR_EDGES:
        return None
    upos, ushift = _patterns(m, min(2 * radius, m))
    table = _pair_table_kernel(m, vpos, vshift, upos, ushift)
    return vpos, vshift, upos, ushift, table


@jit
def _pick_local(t, dtab, weight, gains, pv, vpos, vshift, upos, ushift, table, ball_t, delta,
                touched):  # pragma: no cover - compiled
    # take tip t: zero the weights it newly covers; sum each one's weight into ``delta`` (indexed by
    # offset from t, small enough to stay in cache) at every candidate offset within R of it, then
    # take the sums off the gains
    _ball(t, dtab, pv, vpos, vshift, ball_t)
    g = 0.0
    nt = 0
    for v in range(ball_t.shape[0]):
        c = ball_t[v]
        w = weight[c]
        if w > 0.0:
            g += w
            weight[c] = 0.0
            for p in range(table.shape[1]):
                u = table[v, p]
                if delta[u] == 0.0:
                    touched[nt] = u
                    nt += 1
                delta[u] += w
    for i in range(nt):
        u = touched[i]
        c = t
        for r in range(upos.shape[1]):
            c += dtab[upos[u, r], ushift[u, r]]
        gains[c] -= delta[u]
        delta[u] = 0.0
    return g


@jit
def _pick_push(t, dtab, weight, gains, pv, pos, shift, ball_t, ball_c):  # pragma: no cover
    # take tip t: for every result it newly covers, lower the gain of every candidate within R
    _ball(t, dtab, pv, pos, shift, ball_t)
    g = 0.0
    for p in range(ball_t.shape[0]):
        c = ball_t[p]
        w = weight[c]
        if w > 0.0:
            g += w
            weight[c] = 0.0
            _ball(c, dtab, pv, pos, shift, ball_c)
            for q in range(ball_c.shape[0]):
                gains[ball_c[q]] -= w
    return g


@jit
def _coverage_chunk(state, chosen, got, hot, tau, gains, weight, pv, vpos, vshift, upos, ushift,
                    table, local, until, max_work):  # pragma: no cover - compiled
    # state: [picks so far, hot size, status, work]. ``gains`` holds every candidate's exact current
    # gain (-inf for non-candidates and picks). ``hot`` (ascending) holds every candidate whose gain
    # was >= tau when it was formed; all others are below tau for good (gains only shrink), so the
    # best of ``hot`` is the best of all while it is >= tau. Status on return: 1 done (all picks, the
    # coverage reaches ``until``), 2 the hot set must be rebuilt, 0 the work budget is spent.
    nv = vpos.shape[0]
    ball_t = np.empty(nv, np.int64)
    ball_c = np.empty(nv, np.int64)
    delta = np.zeros(upos.shape[0] if local else 0, np.float64)
    touched = np.empty(upos.shape[0] if local else 0, np.int64)
    dtab = np.empty((pv.shape[0], 3), np.int64)
    per_pick = nv * nv
    k = state[0]
    nh = state[1]
    n = chosen.shape[0]
    work = 0
    total = 0.0
    for i in range(k):
        total += got[i]
    status = 0
    while work < max_work:
        if k >= n or total >= until:
            status = 1
            break
        t = -1
        best = -np.inf
        for i in range(nh):  # ascending cells: the first of equal gains is the lowest index
            g = gains[hot[i]]
            if g > best:
                best = g
                t = hot[i]
        work += nh
        if t < 0 or best < tau:
            status = 2
            break
        if local:
            g = _pick_local(t, dtab, weight, gains, pv, vpos, vshift, upos, ushift, table, ball_t,
                            delta, touched)
        else:
            g = _pick_push(t, dtab, weight, gains, pv, vpos, vshift, ball_t, ball_c)
        chosen[k] = t
        got[k] = g
        total += g
        gains[t] = -np.inf
        k += 1
        work += per_pick
    state[0] = k
    state[3] += work
    state[2] = status


def coverage_greedy(n: int, cells: NDArray[np.int64], gains: NDArray[np.float64],
                    weight: NDArray[np.float64], radius: int, *, until: float | None = None,
                    deadline: float | None = None, check: Callable[[], None] | None = None,
                    chunk: int = CHUNK_WORK) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Compiled greedy coverage: ``n`` of the result cells ``cells``, each maximising the weight newly
    within its Hamming ball.

    Parameters
    ----------
    n : int
    cells : ndarray of int64
        The candidate cells (result indices in base 3 with ``place_values``).
    gains : ndarray of float64, shape (3**m,)
        The ball sum of ``weight`` at every candidate cell, ``-inf`` elsewhere; kept exact in place.
    weight : ndarray of float64, shape (3**m,)
        Probability of every result; covered results are zeroed in place.
    radius : int
        Hamming radius of a tip's ball, ``m - x``.
    until : float, optional
        Stop once the gains sum to this.
    deadline, check
        As in :func:`lazy_greedy`: looked at between chunks of about ``chunk`` ball walks.

    Returns
    -------
    cells, gains : ndarray of int64, ndarray of float64

    Notes
    -----
    The gains are kept exact incrementally: a newly covered result takes its probability off every
    candidate within the radius of it. At 13 matches and radius 3 that is 2,627 results times 2,627
    candidates a tip; they are pulled instead over the :func:`pair_graph` (per candidate within
    ``2 R`` of the tip, the sum of its newly covered neighbours, read from a small array), the same
    sums in streaming order, several times faster. The largest gain is found lazily (Minoux 1978) in a binary
    heap of stale gains: the top is re-keyed with its current gain until the top's key is current,
    which is then at least every other gain; ties go to the lower cell. No scan of all ``3**m``
    gains per tip.
    """
    m = round(math.log(weight.size, 3))
    pv = 3 ** np.arange(m - 1, -1, -1, dtype=np.int64)
    graph = pair_graph(m, radius)
    local = graph is not None
    if local:
        vpos, vshift, upos, ushift, table = graph
    else:
        vpos, vshift = _patterns(m, radius)
        upos, ushift = vpos, vshift
        table = np.zeros((0, 0), np.int32)
    cells = np.asarray(cells, dtype=np.int64)
    chosen = np.empty(n, dtype=np.int64)
    got = np.empty(n, dtype=np.float64)
    state = np.array([0, 0, 2, 0], dtype=np.int64)  # picks, hot size, status, work
    stop = np.inf if until is None else float(until)
    hot = cells[:0]
    tau = np.inf
    while state[2] != 1:
        _check_time(deadline, check, int(state[0]), n)
        if state[2] == 2:  # the hot set: the HOT best candidates now (all of a tie at the cut)
            vals = gains[cells]
            size = min(HOT, vals.size)
            tau = float(np.partition(vals, vals.size - size)[vals.size - size])
            hot = cells[vals >= tau]
            state[1] = hot.size
        _coverage_chunk(state, chosen, got, hot, tau, gains, weight, pv, vpos, vshift, upos, ushift,
                        table, local, stop, chunk)
    k = int(state[0])
    return chosen[:k], got[:k]
