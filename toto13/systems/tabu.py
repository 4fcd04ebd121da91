"""Tabu search for covering codes within a time budget (P. R. J. Östergård, "Constructing covering
codes by tabu search", J. Combin. Des. 5 (1997) 71-80).

At fixed size, pick a random uncovered point ``x``; the moves bring a word ``c`` at distance 1 from a
point ``y`` of the ball of ``x`` onto ``y``; take the move that leaves the fewest points uncovered
(incremental coverage counts), not moving a word back onto a point vacated within the last
``tabu_length`` steps. Whenever everything is covered, the word whose removal uncovers the fewest points
is dropped and the search goes on one size smaller. The inner loop is compiled with numba when it is
installed (:data:`toto13.hamming.NUMBA`; pure Python otherwise, about 100 times slower, see
``scripts/bench_systems.py``); randomness is a xorshift generator seeded from ``rng``, so a run with an
iteration budget is reproducible.
"""
from __future__ import annotations

import time
from typing import Sequence

import numpy as np
from numpy.typing import NDArray

from ..errors import as_rng, check_nonnegative
from ..hamming import ball_table, check_space, index_of, jit, points_of, sphere_bound
from .covering import greedy_covering

__all__ = ["tabu_covering", "search_graph"]


@jit
def _rand(st):
    x = st[0]
    x ^= (x << 13) & 0xFFFFFFFF
    x ^= x >> 17
    x ^= (x << 5) & 0xFFFFFFFF
    st[0] = x
    return x


@jit
def _pick(value, best, ties, rng):
    """Least value, ties broken uniformly at random (reservoir sampling): (take it?, best, ties)."""
    if value < best:
        return True, value, 1
    if value == best:
        ties += 1
        return _rand(rng) % ties == 0, best, ties
    return False, best, ties


@jit
def _place(ball, cnt, unc, unc_pos, meta):
    # meta[1] = number of uncovered points
    for z in ball:
        if cnt[z] == 0:
            last = unc[meta[1] - 1]
            pz = unc_pos[z]
            unc[pz] = last
            unc_pos[last] = pz
            unc_pos[z] = -1
            meta[1] -= 1
        cnt[z] += 1


@jit
def _lift(ball, cnt, unc, unc_pos, meta):
    for z in ball:
        cnt[z] -= 1
        if cnt[z] == 0:
            unc[meta[1]] = z
            unc_pos[z] = meta[1]
            meta[1] += 1


@jit
def _tabu_run(balls, nbrs, code, slot, cnt, unc, unc_pos, tabu, mark, meta, best, rng, n_iters,
              tabu_length, k_min):
    """One chunk of tabu search over a graph given by its balls (N, B) and distance-1 moves (N, D).

    meta: [K, n_uncovered, iteration, best_K, stamp]; slot[p] = index of the word at p in ``code`` or -1.
    Returns when n_iters steps are done or a covering of at most k_min words is found.
    """
    for _ in range(n_iters):
        if meta[1] == 0:
            kk = meta[0]
            for i in range(kk):
                best[i] = code[i]
            meta[3] = kk
            if kk <= k_min:
                return
            # drop the word whose removal uncovers the fewest points
            bi = -1
            bu = 1 << 40
            ties = 0
            for i in range(kk):
                u = 0
                for z in balls[code[i]]:
                    if cnt[z] == 1:
                        u += 1
                take, bu, ties = _pick(u, bu, ties, rng)
                if take:
                    bi = i
            c = code[bi]
            _lift(balls[c], cnt, unc, unc_pos, meta)
            code[bi] = code[kk - 1]
            slot[code[bi]] = bi
            slot[c] = -1  # after the move: when c was the last word, the line above named it again
            meta[0] = kk - 1
            continue
        it = meta[2]
        meta[2] = it + 1
        x = unc[_rand(rng) % meta[1]]
        best_delta = 1 << 40
        best_c = -1
        best_y = -1
        ties = 0
        for y in balls[x]:
            if slot[y] >= 0 or tabu[y] > it:
                continue
            gain = -1
            for c in nbrs[y]:
                if slot[c] < 0:
                    continue
                if gain < 0:
                    meta[4] += 1
                    stamp = meta[4]
                    gain = 0
                    for z in balls[y]:
                        mark[z] = stamp
                        if cnt[z] == 0:
                            gain += 1
                loss = 0
                for z in balls[c]:
                    if cnt[z] == 1 and mark[z] != stamp:
                        loss += 1
                take, best_delta, ties = _pick(loss - gain, best_delta, ties, rng)
                if take:
                    best_c = c
                    best_y = y
        if best_c < 0:
            # no word next to the ball of x: move a random word onto a random point of the ball
            best_c = code[_rand(rng) % meta[0]]
            best_y = balls[x][_rand(rng) % balls.shape[1]]
            if slot[best_y] >= 0:
                continue
        i = slot[best_c]
        code[i] = best_y
        slot[best_c] = -1
        slot[best_y] = i
        _lift(balls[best_c], cnt, unc, unc_pos, meta)
        _place(balls[best_y], cnt, unc, unc_pos, meta)
        tabu[best_c] = it + tabu_length


def search_graph(balls: NDArray, nbrs: NDArray, init: NDArray, *, time_limit: float, max_iters: int | None,
            tabu_length: int, k_min: int, gen: np.random.Generator, chunk: int) -> NDArray[np.int64]:
    """Run the tabu kernel on a graph from the words ``init`` (point indices); best covering found
    (indices), or ``init`` itself when no covering was reached."""
    n = balls.shape[0]
    init = np.unique(np.asarray(init, dtype=np.int64))
    cnt = np.bincount(balls[init].ravel(), minlength=n).astype(np.int32)
    unc = np.zeros(n, dtype=np.int64)
    unc_pos = np.full(n, -1, dtype=np.int64)
    holes = np.flatnonzero(cnt == 0)
    unc[:len(holes)] = holes
    unc_pos[holes] = np.arange(len(holes))
    slot = np.full(n, -1, dtype=np.int64)
    slot[init] = np.arange(len(init))
    code = init.copy()
    best = code.copy()
    meta = np.array([len(init), len(holes), 0, len(init) if len(holes) == 0 else 1 << 40, 0],
                    dtype=np.int64)
    tabu = np.zeros(n, dtype=np.int64)
    mark = np.zeros(n, dtype=np.int64)
    state = np.array([int(gen.integers(1, 2 ** 32 - 1))], dtype=np.int64)
    deadline = time.perf_counter() + time_limit
    done = 0
    while True:
        steps = chunk if max_iters is None else min(chunk, max_iters - done)
        if steps <= 0 or meta[3] <= k_min:
            break
        _tabu_run(balls, nbrs, code, slot, cnt, unc, unc_pos, tabu, mark, meta, best, state, steps,
                  tabu_length, k_min)
        done += steps
        if time.perf_counter() >= deadline:
            break
    if meta[3] > len(init):
        return init
    return np.sort(best[:meta[3]])


def tabu_covering(sizes: Sequence[int], radius: int, initial: NDArray | None = None, *,
                  time_limit: float = 10.0, max_iters: int | None = None, tabu_length: int | None = None,
                  target: int | None = None, rng: np.random.Generator | int | None = None,
                  chunk: int = 20_000) -> NDArray[np.int8]:
    """Improve a covering by tabu search; return the smallest complete covering found (as digits).

    Parameters
    ----------
    sizes : sequence of int
        Alphabet size per coordinate (2 or 3).
    radius : int
        Covering radius.
    initial : array of digits, optional
        A covering to start from (default: the greedy covering). The result is never larger.
    time_limit : float
        Seconds to search (checked between chunks of ``chunk`` steps).
    max_iters : int, optional
        Stop after this many steps (with the seed, this makes a run reproducible).
    tabu_length : int, optional
        Steps a vacated point stays forbidden (default ``max(4, ball size // 8)``).
    target : int, optional
        Stop once a covering of this size is found (default: the sphere bound).
    rng : Generator, int or None

    Returns
    -------
    ndarray of int8, shape (words, k)

    Examples
    --------
    >>> c = tabu_covering([2] * 5, 1, max_iters=20_000, rng=1)
    >>> len(c)   # K(5,1) = 7 (Cohen et al., Covering Codes, Table 6.1)
    7
    """
    sizes, radius = check_space(sizes, radius)
    check_nonnegative("time_limit", time_limit)
    gen = as_rng(rng)
    if initial is None:
        initial = greedy_covering(sizes, radius)
    balls = ball_table(sizes, radius)
    nbrs = ball_table(sizes, 1)[:, 1:] if len(sizes) else balls[:, :0]
    if tabu_length is None:
        tabu_length = max(4, balls.shape[1] // 8)
    k_min = sphere_bound(sizes, radius) if target is None else int(target)
    best = search_graph(balls, nbrs, index_of(initial, sizes), time_limit=time_limit, max_iters=max_iters,
                   tabu_length=tabu_length, k_min=k_min, gen=gen, chunk=chunk)
    return points_of(sizes)[best]
