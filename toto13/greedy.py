"""Lazy greedy (Minoux 1978): pick items one at a time by the largest marginal gain, re-evaluating only
the candidates whose stale upper bound could still win.

Two drivers share the rule:

- :func:`lazy_greedy`, generic and in Python: any gain that only shrinks as items are added (a
  submodular objective, such as the coverage ``P(best >= x)`` of a tip set), evaluated in batches by a
  caller's vectorised function. The ``value`` strategy and the no-numba greedy use it.
- :func:`coverage_greedy`, the compiled special case for coverage: gains are sums of the uncovered
  result probabilities over Hamming balls; a hot set of the best candidates keeps exact gains, and a
  ball-sum transform of all results (threaded) rebuilds it when its best falls below the rest's
  bound. It runs in chunks that return to Python often (well under a second), so Ctrl-C and a
  deadline stop it cleanly.

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

from .hamming import Balls, ball_indices, ball_sums, digits_of, error_patterns, jit

__all__ = ["lazy_greedy", "coverage_greedy", "select_top", "GreedyStopped"]

#: cell operations of one compiled chunk: about 0.05-0.2 s, so an interrupt or a deadline is
#: noticed well within a second.
CHUNK_WORK = 30_000_000

#: candidates kept with exact gains between rebuilds of the hot set (a ball-sum transform)
HOT = 4_096

#: a rebuild sooner than this many picks after the last doubles the hot set (a rule on counts, not
#: on time, so that the result never depends on the machine)
REBUILD_EVERY = 2


#: largest batch of stale candidates :func:`lazy_greedy` re-evaluates at once: a step whose batches
#: keep failing to find the pick doubles its batch up to this (many equal gains: uniform matches)
MAX_BATCH = 8_192


class GreedyStopped(TimeoutError):
    """The deadline passed before the greedy had all its items (``done`` of them were chosen);
    ``note`` says more (what a caller's search had reached, e.g. whether a floor was met)."""

    def __init__(self, done: int, wanted: int, note: str = ""):
        super().__init__(f"deadline reached after {done:,} of {wanted:,} greedy picks{note}")
        self.done = done
        self.wanted = wanted
        self.note = note


def _check_time(deadline: float | None, check: Callable[[], None] | None, done: int, n: int) -> None:
    if check is not None:
        check()
    if deadline is not None and time.monotonic() >= deadline:
        raise GreedyStopped(done, n)


def lazy_greedy(n: int, bounds: ArrayLike, gains_of: Callable[[NDArray[np.int64]], ArrayLike],
                commit: Callable[[int], None], *, until: float | None = None, batch: int = 64,
                deadline: float | None = None, check: Callable[[], None] | None = None,
                rtol: float = 0.0) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Up to ``n`` candidates (positions into ``bounds``) chosen greedily by lazy evaluation.

    Parameters
    ----------
    n : int
        Number of picks (at most ``len(bounds)``).
    bounds : array_like of float
        An upper bound on each candidate's first gain (its exact gain is best: fewest evaluations).
    gains_of : callable
        ``gains_of(positions)``: the current gains of those candidates (a batch), given everything
        committed so far. Gains must never grow as picks are committed.
    commit : callable
        ``commit(position)`` records a pick, so that later ``gains_of`` calls see it.
    until : float, optional
        Stop once the gains picked sum to at least this.
    batch : int
        Stale candidates re-evaluated per ``gains_of`` call; doubled (up to :data:`MAX_BATCH`) while a
        step needs more calls, so that many equal gains cost few calls.
    deadline : float, optional
        A :func:`time.monotonic` time; past it, :class:`GreedyStopped`.
    check : callable, optional
        Called between batches; may raise to stop (a cancel request).
    rtol : float
        A fresh gain within ``rtol`` (relative) of the best unevaluated bound is taken: for bounds
        whose rounding lies a hair above the gains (equal gains then evaluated every candidate).

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
    heap: list[tuple[float, int, int]] = []  # (-gain, position, step evaluated)
    total, ptr, size = 0.0, 0, batch
    while len(chosen) < n:
        if until is not None and total >= until:
            break
        _check_time(deadline, check, len(chosen), n)
        step = len(chosen)
        accepted, stale, ptr = _next_pick(heap, bound, order, ptr, step, size, rtol)
        if accepted is not None:
            g, i, _ = accepted
            commit(i)
            chosen.append(i)
            gains.append(-g)
            total += -g
            size = batch
            continue
        if not stale:
            break
        size = min(2 * size, max(batch, MAX_BATCH))
        fresh = np.asarray(gains_of(np.array(stale, dtype=np.int64)), dtype=np.float64)
        for i, g in zip(stale, fresh.tolist()):
            heapq.heappush(heap, (-g, i, step))
    return np.array(chosen, dtype=np.int64), np.array(gains, dtype=np.float64)


def _next_pick(heap: list[tuple[float, int, int]], bound: NDArray[np.float64], order: NDArray[np.intp],
               ptr: int, step: int, batch: int, rtol: float = 0.0
               ) -> tuple[tuple[float, int, int] | None, list[int], int]:
    """One look at the candidates of :func:`lazy_greedy` in the order of their (stale) gains: the top of
    ``heap`` if it was evaluated at this ``step`` and is ahead of every unevaluated candidate (taken off
    the heap), else up to ``batch`` stale candidates to evaluate (from the heap and from ``order``,
    the candidates not yet evaluated, from position ``ptr`` on). Returns ``(accepted, stale, ptr)``."""
    stale: list[int] = []
    accepted = None
    while True:
        from_list = ptr < order.size and (
            not heap or _ahead(-bound[order[ptr]], int(order[ptr]), heap[0], rtol))
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
    return accepted, stale, ptr


def _ahead(key: float, position: int, top: tuple[float, int, int], rtol: float) -> bool:
    """Is an unevaluated candidate (``key``: minus its bound) ahead of the heap's ``top``? Within
    ``rtol`` of each other it is not: the evaluated candidate goes first."""
    if rtol and math.isfinite(top[0]) and abs(key - top[0]) <= rtol * abs(top[0]):
        return False
    return (key, position) < top[:2]


def _patterns(m: int, radius: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Positions and shifts of every change of at most ``radius`` of ``m`` three-way matches."""
    pos, shift, _ = error_patterns((3,) * m, radius)
    return pos, shift


# ---------------------------------------------------------------------------------------------------
# The compiled coverage greedy.

#: alphabet sizes of up to 64 three-way matches (a global array: numba compiles it in as a constant)
_TERNARY = np.full(64, 3, dtype=np.int64)


@jit
def _ball(center, dtab, pv, pos, shift, out):  # pragma: no cover - compiled
    # the ball of ``center`` among len(pv) three-way matches (hamming.ball_indices, which numba
    # inlines); dtab: work space (m, 3)
    ball_indices(center, _TERNARY[:pv.shape[0]], pv, pos, shift, dtab, out)


@jit
def _pair_graph_kernel(m, vpos, vshift):  # pragma: no cover - compiled
    # V: the offsets of radius R (from the patterns), keyed by the base-3 index of their digits.
    # U: every offset v + p, v and p in V, numbered as met; where[key] = its number or -1. CSR: for
    # every u, the v in V within R of it (u = v + p with p in V). The keys of V are the ball of the
    # offset 0, those of v + V the ball of v.
    nv = vpos.shape[0]
    pv = np.empty(m, np.int64)
    acc = 1
    for j in range(m - 1, -1, -1):
        pv[j] = acc
        acc *= 3
    q = _TERNARY[:m]
    steps = np.empty((m, 3), np.int64)
    vkey = np.empty(nv, np.int64)
    ball_indices(0, q, pv, vpos, vshift, steps, vkey)
    keys = np.empty(nv, np.int64)
    where = np.full(acc, -1, np.int32)
    targets = np.empty(nv * nv, np.int32)
    nu = 0
    e = 0
    for v in range(nv):
        ball_indices(vkey[v], q, pv, vpos, vshift, steps, keys)
        for p in range(nv):
            key = keys[p]
            if where[key] < 0:
                where[key] = nu
                nu += 1
            targets[e] = where[key]
            e += 1
    indptr = np.zeros(nu + 1, np.int64)
    for i in range(e):
        indptr[targets[i] + 1] += 1
    for u in range(nu):
        indptr[u + 1] += indptr[u]
    fill = indptr[:-1].copy()
    edges = np.empty(e, np.int32)
    i = 0
    for v in range(nv):
        for _ in range(nv):
            u = targets[i]
            edges[fill[u]] = v
            fill[u] += 1
            i += 1
    return where, indptr, edges


#: largest pair graph kept (edges): 13 matches at radius 3 need 2,627**2 = 6.9 million
MAX_PAIR_EDGES = 20_000_000


@functools.lru_cache(maxsize=4)
def pair_graph(m: int, radius: int):
    """``(pos, shift, where, indptr, edges)`` for ``m`` three-way matches and ``radius`` R.

    ``pos, shift``: the change patterns of radius R (the set V of digit offsets). For an offset ``u``
    of weight up to 2R, ``where[key(u)]`` numbers it (``key``: the base-3 index of the offset digits,
    -1 beyond 2R), and ``edges[indptr[u]:indptr[u + 1]]`` are the ``v`` in V within R of it. The
    graph does not depend on the tip: the results a tip ``t`` newly covers are among ``t + v``, and a
    candidate ``c = t + u`` loses exactly their weight over its edges. ``None`` when the graph would
    exceed :data:`MAX_PAIR_EDGES`.
    """
    pos, shift = _patterns(m, radius)
    if pos.shape[0] ** 2 > MAX_PAIR_EDGES:
        return None
    where, indptr, edges = _pair_graph_kernel(m, pos, shift)
    return pos, shift, where, indptr, edges


@jit
def _popcount(x):  # pragma: no cover - compiled
    x = x - ((x >> 1) & 0x5555555555555555)
    x = (x & 0x3333333333333333) + ((x >> 2) & 0x3333333333333333)
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0F
    return (x * 0x0101010101010101) >> 56


@jit
def _hot_chunk(state, chosen, got, hot, masks, hot_gain, tau, weight, pv, table, pos, shift,
               radius, where, indptr, edges, until, max_work):  # pragma: no cover - compiled
    # state: [picks so far, status, work]. ``hot`` (ascending cells) holds every candidate whose
    # gain was >= tau at the last rebuild, ``hot_gain`` their exact current gains (-inf once picked),
    # ``masks`` the bits of their digits 1 and 2 (for the distance and the offset between cells:
    # ``table[bits]`` is the index of the digits 1 at those bits, so the offset's index is
    # table[bits of its 1s] + 2 table[bits of its 2s]).
    # Every other candidate was below tau then and can only have lost since, so while the best hot
    # gain is >= tau it is the best of all (ties: the first, the lowest cell). Status on return:
    # 1 done (all picks, or the coverage reaches ``until``), 2 the hot set must be rebuilt, 0 the
    # work budget is spent.
    m = pv.shape[0]
    nv = pos.shape[0]
    nh = hot.shape[0]
    ball_t = np.empty(nv, np.int64)
    wv = np.empty(nv, np.float64)
    near_i = np.empty(nh, np.int64)
    near_u = np.empty(nh, np.int64)
    dtab = np.empty((m, 3), np.int64)
    use_graph = where.shape[0] > 0
    full = (1 << m) - 1
    k = state[0]
    n = chosen.shape[0]
    work = nh
    total = 0.0
    for i in range(k):
        total += got[i]
    best = -np.inf
    bi = -1
    for i in range(nh):
        if hot_gain[i] > best:
            best = hot_gain[i]
            bi = i
    status = 0
    while work < max_work:
        if k >= n or total >= until:
            status = 1
            break
        if bi < 0 or best < tau:
            status = 2
            break
        t = hot[bi]
        _ball(t, dtab, pv, pos, shift, ball_t)
        g = 0.0
        for v in range(nv):
            c = ball_t[v]
            w = weight[c]
            wv[v] = w
            if w > 0.0:
                g += w
                weight[c] = 0.0
        chosen[k] = t
        got[k] = g
        total += g
        k += 1
        hot_gain[bi] = -np.inf
        m1 = masks[bi, 0]
        m2 = masks[bi, 1]
        t0 = full ^ (m1 | m2)
        best = -np.inf
        bi = -1
        near = 0
        for i in range(nh):  # the candidates near t; the best of the others
            gi = hot_gain[i]
            if gi == -np.inf:
                continue
            if g > 0.0 and _popcount((masks[i, 0] ^ m1) | (masks[i, 1] ^ m2)) <= 2 * radius:
                near_i[near] = i
                if use_graph:  # the offset c - t, digit by digit modulo 3, from the masks
                    c1 = masks[i, 0]
                    c2 = masks[i, 1]
                    c0 = full ^ (c1 | c2)
                    near_u[near] = where[table[(c1 & t0) | (c2 & m1) | (c0 & m2)]
                                         + 2 * table[(c2 & t0) | (c0 & m1) | (c1 & m2)]]
                near += 1
            elif gi > best:
                best = gi
                bi = i
        for j in range(near):  # their gains lose the newly covered weight within R of them
            i = near_i[j]
            if use_graph:  # (apart from the loop above: the table look-ups of many overlap)
                u = near_u[j]
                s = 0.0
                for e in range(np.uint64(indptr[u]), np.uint64(indptr[u + 1])):
                    s += wv[np.uint64(edges[e])]  # unsigned: no negative-index wrap-around
                gi = hot_gain[i] - s
                work += indptr[u + 1] - indptr[u] + m
            else:  # no graph (large radius): the ball sum afresh
                _ball(hot[i], dtab, pv, pos, shift, ball_t)
                gi = 0.0
                for v in range(nv):
                    gi += weight[ball_t[v]]
                work += nv
            hot_gain[i] = gi
            if gi > best or (gi == best and i < bi):  # ties: the lowest cell, as a scan in order
                best = gi
                bi = i
        work += nh + nv
    state[0] = k
    state[2] += work
    state[1] = status


@jit
def select_top(sums, cells, taken, size):  # pragma: no cover - compiled
    """Positions (ascending) of the candidates ``cells`` not ``taken`` whose value in ``sums`` is at
    least ``tau``, the ``size``-th largest such value, and ``tau``: the ``size`` best with every
    one of a tie at ``tau``, so the set does not depend on any order. A taken candidate counts as
    ``-inf`` (so all are returned when fewer than ``size`` are left).

    The same set as ``vals = sums[cells]; vals[taken] = -inf; tau = the size-th largest of vals;
    flatnonzero(vals >= tau)``, found in one pass over the values: a strided sample guesses a bar a
    little below tau, only the values over the bar are kept, and tau is found among them (the bar is
    dropped when fewer than ``size`` pass it).
    """
    n = cells.shape[0]
    stride = max(1, n // 16384)
    sample = np.empty((n + stride - 1) // stride)
    ns = 0
    for i in range(0, n, stride):
        sample[ns] = -np.inf if taken[i] else sums[cells[i]]
        ns += 1
    want = min(ns, 2 * (size * ns) // n + 64)  # about twice the share of the sample above tau
    bar = np.partition(sample[:ns], ns - want)[ns - want]
    buf = np.empty(n)
    pos = np.empty(n, np.int64)
    cnt = 0
    every = n == sums.shape[0]  # every cell a candidate: cells[i] == i, no need to read cells
    if bar > -np.inf:  # (unsigned indices: no negative-index wrap-around in the hot loop)
        for i in range(np.uint64(n)):
            g = sums[i] if every else sums[np.uint64(cells[i])]
            if g >= bar and not taken[i]:
                buf[cnt] = g
                pos[cnt] = i
                cnt += 1
    if cnt < size:  # the guess was too high (rare), or too few candidates: take every one
        for i in range(n):
            buf[i] = -np.inf if taken[i] else sums[cells[i]]
            pos[i] = i
        cnt = n
    k = min(size, cnt)
    tau = np.partition(buf[:cnt], cnt - k)[cnt - k] if k > 0 else -np.inf
    out = 0
    for j in range(cnt):
        if buf[j] >= tau:
            pos[out] = pos[j]
            out += 1
    return pos[:out].copy(), tau


def coverage_greedy(n: int, cells: NDArray[np.int64], weight: NDArray[np.float64], radius: int, *,
                    until: float | None = None, deadline: float | None = None,
                    check: Callable[[], None] | None = None, chunk: int = CHUNK_WORK,
                    hot: int | None = None) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Compiled greedy coverage: ``n`` of the result cells ``cells``, each maximising the weight newly
    within its Hamming ball of ``radius``.

    Parameters
    ----------
    n : int
    cells : ndarray of int64
        The candidate cells, ascending (result indices in base 3, match 0 most significant).
    weight : ndarray of float64, shape (3**m,)
        Probability of every result; covered results are zeroed in place.
    radius : int
        Hamming radius of a tip's ball, ``m - x``.
    until : float, optional
        Stop once the gains sum to this.
    deadline, check
        As in :func:`lazy_greedy`: looked at between chunks of about ``chunk`` operations (well under
        a second), so Ctrl-C stops the run there too.
    hot : int, optional
        Candidates kept with exact gains between rebuilds (default :data:`HOT`; doubled when
        rebuilds come often).

    Returns
    -------
    cells, gains : ndarray of int64, ndarray of float64

    Notes
    -----
    Exact gains of all candidates come from one ball-sum transform of the uncovered weight; only the
    ``hot`` best (all of a tie at the cut, gain ``>= tau``) are then kept up to date. The rest were
    below ``tau`` and gains only shrink (coverage is submodular), so while the best hot gain is at
    least ``tau`` it is the greedy choice; when it falls below, the transform is run again (a lazy
    evaluation in the sense of Minoux 1978, in bulk). A pick changes the gains of candidates within
    ``2 R`` of it only; each loses the newly covered weight within ``R`` of it, summed over the
    :func:`pair_graph` (about 42 terms at 13 matches and R = 3, instead of a ball of 2,627 results).
    """
    m = round(math.log(weight.size, 3))
    cells = np.asarray(cells, dtype=np.int64)
    graph = pair_graph(m, radius)
    if graph is None:
        return _by_transform(n, cells, weight, radius, until, deadline, check)
    pv = 3 ** np.arange(m - 1, -1, -1, dtype=np.int64)
    pos, shift, where, indptr, edges = graph
    taken = np.zeros(cells.size, dtype=bool)
    chosen = np.empty(n, dtype=np.int64)
    got = np.empty(n, dtype=np.float64)
    state = np.array([0, 2, 0], dtype=np.int64)  # picks, status, work
    stop = np.inf if until is None else float(until)
    size = max(1, min(HOT if hot is None else hot, cells.size))
    last_rebuild = -1
    table = (((np.arange(2 ** m, dtype=np.int64)[:, None] >> np.arange(m)) & 1) * pv).sum(axis=1)
    sums = np.empty(weight.size)  # the transform's output and work space, reused by every rebuild
    work = np.empty((radius + 1) * weight.size)
    while state[1] != 1:
        _check_time(deadline, check, int(state[0]), n)
        if state[1] == 2:  # (re)build the hot set from exact gains
            k = int(state[0])
            taken[np.searchsorted(cells, chosen[max(last_rebuild, 0):k])] = True  # the new picks
            if last_rebuild >= 0 and k - last_rebuild < REBUILD_EVERY:
                size = min(2 * size, cells.size)  # rebuilds too often: keep more candidates hot
            last_rebuild = k
            ball_sums(weight.reshape((3,) * m), radius, compiled=True, out=sums, work=work)
            rebuilt = _hot_set(sums, cells, taken, size)
            if rebuilt is None:  # nothing left to gain: the rest in cell order
                return _zero_tail(chosen, got, k, cells, taken)
            hot_cells, hot_gain, tau = rebuilt
            masks = _digit_masks(hot_cells, m)
            state[1] = 0
        _hot_chunk(state, chosen, got, hot_cells, masks, hot_gain, tau, weight, pv, table, pos,
                   shift, radius, where, indptr, edges, stop, chunk)
    k = int(state[0])
    return chosen[:k], got[:k]


def _hot_set(sums: NDArray[np.float64], cells: NDArray[np.int64], taken: NDArray[np.bool_], size: int
             ) -> tuple[NDArray[np.int64], NDArray[np.float64], float] | None:
    """The hot set of :func:`coverage_greedy` from exact gains ``sums``: its cells, their gains (-inf
    where taken) and ``tau``; None when no candidate gains anything. When fewer than ``size`` gain
    anything, those alone are hot (``tau`` the least positive number): the candidates of gain 0 stay
    at 0 and the greedy takes them, in cell order, after every positive gain."""
    keep, tau = select_top(sums, cells, taken, size)
    hot_gain = sums[cells[keep]]
    hot_gain[taken[keep]] = -np.inf
    if not hot_gain.max(initial=-np.inf) > 0:
        return None
    if tau <= 0:
        positive = hot_gain > 0
        keep, hot_gain, tau = keep[positive], hot_gain[positive], float(np.nextafter(0.0, 1.0))
    return cells[keep], hot_gain, float(tau)


def _digit_masks(cells: NDArray[np.int64], m: int) -> NDArray[np.int64]:
    """The bits of the digits 1 and 2 of each cell (``(len(cells), 2)``), as :func:`_hot_chunk` reads."""
    digits = digits_of(cells, (3,) * m)
    bits = np.int64(1) << np.arange(m, dtype=np.int64)
    return np.stack([((digits == 1) * bits).sum(axis=1), ((digits == 2) * bits).sum(axis=1)],
                    axis=1).astype(np.int64)


def _zero_tail(chosen: NDArray[np.int64], got: NDArray[np.float64], k: int, cells: NDArray[np.int64],
               taken: NDArray[np.bool_]) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Every gain left is 0: the greedy takes the untaken cells in ascending order (its tie rule), so
    the remaining picks need no search (all 3^13 greedy tips no longer take minutes)."""
    rest = cells[~taken][:chosen.size - k]
    chosen[k:k + rest.size] = rest
    got[k:k + rest.size] = 0.0
    return chosen[:k + rest.size], got[:k + rest.size]


def _by_transform(n: int, cells: NDArray[np.int64], weight: NDArray[np.float64], radius: int,
                  until: float | None, deadline: float | None, check: Callable[[], None] | None
                  ) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """The coverage greedy for a large radius (no :func:`pair_graph`): every pick from a fresh
    ball-sum transform of the uncovered weight, the best untaken cell (the lowest of a tie). Updating
    the gains near a pick would cost a ball of most of the space for every candidate; one transform
    a pick keeps each step bounded (well under a second at 13 matches), so Ctrl-C and the deadline
    are seen between picks."""
    m = round(math.log(weight.size, 3))
    balls = Balls((3,) * m, radius)
    taken = np.zeros(cells.size, dtype=bool)
    chosen = np.empty(n, dtype=np.int64)
    got = np.empty(n, dtype=np.float64)
    sums = np.empty(weight.size)
    work = np.empty((radius + 1) * weight.size)
    total, k = 0.0, 0
    while k < n and (until is None or total < until):
        _check_time(deadline, check, k, n)
        ball_sums(weight.reshape((3,) * m), radius, compiled=True, out=sums, work=work)
        gains = np.where(taken, -np.inf, sums[cells])
        best = int(np.argmax(gains))  # the first of a tie: the lowest cell
        if not gains[best] > 0:
            return _zero_tail(chosen, got, k, cells, taken)
        chosen[k], got[k] = cells[best], gains[best]
        total += float(gains[best])
        taken[best] = True
        weight[balls(cells[best:best + 1])[0]] = 0.0
        k += 1
    return chosen[:k], got[:k]
