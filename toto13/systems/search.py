"""Covering codes by search: the greedy baseline and tabu search within a time budget.

The space is a product of small alphabets (2 for a two-way, 3 for a three-way), points are indexed in
mixed radix (coordinate 0 most significant). A code covers the space with radius ``R`` when every point
is within Hamming distance ``R`` of a word.

- :func:`greedy_covering`: repeatedly take the point whose ball covers the most uncovered points (ties:
  the lowest index). Vectorised numpy over a table of balls.
- :func:`tabu_covering`: the tabu search of Östergård (P. R. J. Östergård, "Constructing covering codes
  by tabu search", J. Combin. Des. 5 (1997) 71-80): at fixed size, pick a random uncovered point ``x``;
  the moves bring a word ``c`` at distance 1 from a point ``y`` of the ball of ``x`` onto ``y``; take the
  move that leaves the fewest points uncovered (incremental coverage counts), not moving a word back onto
  a point vacated within the last ``tabu_length`` steps. Whenever everything is covered, the word whose
  removal uncovers the fewest points is dropped and the search goes on one size smaller. The inner loop
  is compiled with numba when it is installed (pure Python otherwise, about 100 times slower; see
  ``scripts/bench_systems.py``); randomness is a xorshift generator seeded from ``rng``, so a run with an
  iteration budget is reproducible.
"""
from __future__ import annotations

import itertools
import math
import os
import time
from typing import Sequence

import numpy as np
from numpy.typing import NDArray

from ..errors import as_rng, check_int, check_nonnegative

__all__ = ["ball_size", "sphere_bound", "ball_table", "greedy_covering", "tabu_covering",
           "NUMBA", "index_of", "points_of", "ball_sums", "patch_covering", "matrix_method",
           "two_coset_code"]

try:  # pragma: no cover - depends on the environment
    if os.environ.get("TOTO13_NO_NUMBA"):
        raise ImportError
    import numba

    def _jit(f):
        return numba.njit(cache=True, nogil=True)(f)

    NUMBA = True
except ImportError:  # pragma: no cover
    def _jit(f):
        return f

    NUMBA = False


def _check_space(sizes: Sequence[int], radius: int) -> tuple[tuple[int, ...], int]:
    sizes = tuple(check_int("sizes", q, 1, 3) for q in sizes)
    radius = check_int("radius", radius, 0, len(sizes))
    return sizes, radius


def ball_size(sizes: Sequence[int], radius: int) -> int:
    """Number of points within distance ``radius`` of a point of the product space.

    Examples
    --------
    >>> ball_size([3] * 13, 2), ball_size([2] * 13, 3)
    (339, 378)
    """
    sizes, radius = _check_space(sizes, radius)
    # coefficients of prod_i (1 + (q_i - 1) t), summed up to t^radius
    poly = np.zeros(len(sizes) + 1, dtype=object)
    poly[0] = 1
    for q in sizes:
        poly[1:] = poly[1:] + (q - 1) * poly[:-1]
    return int(sum(poly[: radius + 1]))


def sphere_bound(sizes: Sequence[int], radius: int) -> int:
    """Sphere-covering lower bound ``ceil(|space| / ball size)`` on the size of a covering.

    Examples
    --------
    >>> sphere_bound([2] * 13, 1)
    586
    """
    sizes, radius = _check_space(sizes, radius)
    return -(-math.prod(sizes) // ball_size(sizes, radius))


def _patterns(sizes: tuple[int, ...], radius: int) -> tuple[NDArray, NDArray, NDArray]:
    """Sparse error patterns of weight 0..radius: positions, additive shifts (mod q), lengths."""
    k = len(sizes)
    pos_rows, shift_rows, lens = [], [], []
    width = max(radius, 1)
    for w in range(radius + 1):
        for subset in itertools.combinations([i for i in range(k) if sizes[i] > 1], w):
            for shifts in itertools.product(*[range(1, sizes[i]) for i in subset]):
                pos_rows.append(list(subset) + [0] * (width - w))
                shift_rows.append(list(shifts) + [0] * (width - w))
                lens.append(w)
    return (np.array(pos_rows, dtype=np.int64).reshape(-1, width),
            np.array(shift_rows, dtype=np.int64).reshape(-1, width),
            np.array(lens, dtype=np.int64))


def _strides(sizes: tuple[int, ...]) -> NDArray[np.int64]:
    s = np.ones(len(sizes), dtype=np.int64)
    for i in range(len(sizes) - 2, -1, -1):
        s[i] = s[i + 1] * sizes[i + 1]
    return s


def points_of(sizes: Sequence[int]) -> NDArray[np.int8]:
    """Digits of every point of the space, shape (prod(sizes), k), coordinate 0 most significant."""
    sizes = tuple(sizes)
    n = math.prod(sizes)
    idx = np.arange(n, dtype=np.int64)
    out = np.empty((n, len(sizes)), dtype=np.int8)
    for i in range(len(sizes) - 1, -1, -1):
        out[:, i] = idx % sizes[i]
        idx //= sizes[i]
    return out


def index_of(words: NDArray, sizes: Sequence[int]) -> NDArray[np.int64]:
    """Mixed-radix index of each word (rows of digits)."""
    return np.asarray(words, dtype=np.int64).reshape(-1, len(sizes)) @ _strides(tuple(sizes))


def ball_table(sizes: Sequence[int], radius: int) -> NDArray[np.int32]:
    """For every point the indices of the points within ``radius``: shape (prod(sizes), ball size).

    Examples
    --------
    >>> ball_table([2, 2], 1).tolist()
    [[0, 2, 1], [1, 3, 0], [2, 0, 3], [3, 1, 2]]
    """
    sizes, radius = _check_space(sizes, radius)
    pp, ps, pl = _patterns(sizes, radius)
    dense = np.zeros((len(pl), len(sizes)), dtype=np.int64)
    for b in range(len(pl)):
        dense[b, pp[b, :pl[b]]] = ps[b, :pl[b]]
    digits = points_of(sizes).astype(np.int64)
    strides = _strides(sizes)
    q = np.array(sizes, dtype=np.int64)
    n = digits.shape[0]
    out = np.empty((n, len(pl)), dtype=np.int32)
    chunk = max(1, 2_000_000 // max(1, len(pl) * len(sizes)))
    for s in range(0, n, chunk):
        d = digits[s:s + chunk]
        out[s:s + chunk] = (((d[:, None, :] + dense[None]) % q) @ strides).astype(np.int32)
    return out


def _greedy(balls: NDArray) -> NDArray[np.int64]:
    n, b = balls.shape
    covered = np.zeros(n, dtype=bool)
    gains = np.full(n, b, dtype=np.int64)
    chosen = []
    remaining = n
    while remaining:
        c = int(np.argmax(gains))
        ball = balls[c]
        new = np.unique(ball[~covered[ball]])
        covered[new] = True
        remaining -= len(new)
        gains -= np.bincount(balls[new].ravel(), minlength=n)
        chosen.append(c)
    return np.array(chosen, dtype=np.int64)


def greedy_covering(sizes: Sequence[int], radius: int) -> NDArray[np.int8]:
    """Plain greedy covering: always add the point that covers the most uncovered points.

    Ties go to the lowest index, so the result is deterministic. Returns the words as digits.

    Examples
    --------
    >>> len(greedy_covering([2] * 5, 1))
    8
    """
    sizes, radius = _check_space(sizes, radius)
    return points_of(sizes)[_greedy(ball_table(sizes, radius))]


# ----------------------------------------------------------------------------------------------------
# tabu search kernel (numba-compatible plain Python)

@_jit
def _rand(st):
    x = st[0]
    x ^= (x << 13) & 0xFFFFFFFF
    x ^= x >> 17
    x ^= (x << 5) & 0xFFFFFFFF
    st[0] = x
    return x


@_jit
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


@_jit
def _lift(ball, cnt, unc, unc_pos, meta):
    for z in ball:
        cnt[z] -= 1
        if cnt[z] == 0:
            unc[meta[1]] = z
            unc_pos[z] = meta[1]
            meta[1] += 1


@_jit
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
                if u < bu:
                    bu = u
                    bi = i
                    ties = 1
                elif u == bu:
                    ties += 1
                    if _rand(rng) % ties == 0:
                        bi = i
            c = code[bi]
            _lift(balls[c], cnt, unc, unc_pos, meta)
            slot[c] = -1
            code[bi] = code[kk - 1]
            slot[code[bi]] = bi
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
                delta = loss - gain
                if delta < best_delta:
                    best_delta = delta
                    best_c = c
                    best_y = y
                    ties = 1
                elif delta == best_delta:
                    ties += 1
                    if _rand(rng) % ties == 0:
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


def _search(balls: NDArray, nbrs: NDArray, init: NDArray, *, time_limit: float, max_iters: int | None,
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
                  target: int | None = None, rng: "np.random.Generator | int | None" = None,
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
    sizes, radius = _check_space(sizes, radius)
    check_nonnegative("time_limit", time_limit)
    gen = as_rng(rng)
    if initial is None:
        initial = greedy_covering(sizes, radius)
    balls = ball_table(sizes, radius)
    nbrs = ball_table(sizes, 1)[:, 1:] if len(sizes) else balls[:, :0]
    if tabu_length is None:
        tabu_length = max(4, balls.shape[1] // 8)
    k_min = sphere_bound(sizes, radius) if target is None else int(target)
    best = _search(balls, nbrs, index_of(initial, sizes), time_limit=time_limit, max_iters=max_iters,
                   tabu_length=tabu_length, k_min=k_min, gen=gen, chunk=chunk)
    return points_of(sizes)[best]


def _random_columns(q: int, r: int, n: int, gen: np.random.Generator) -> NDArray[np.int64] | None:
    """``n`` pairwise independent columns of GF(q)^r (first nonzero entry 1) spanning the space."""
    pts = points_of((q,) * r).astype(np.int64)[1:]
    lead = pts[np.arange(len(pts)), (pts != 0).argmax(axis=1)]
    pts = pts[lead == 1]
    if len(pts) < n:
        return None
    h = pts[gen.choice(len(pts), n, replace=False)].T
    if _rank_mod_p(h, q) < r:
        return None
    return h


def _rank_mod_p(h: NDArray, p: int) -> int:
    from .codes import nullspace_mod_p
    return h.shape[1] - nullspace_mod_p(h, p).shape[0]


def _syndrome_ball(h: NDArray, q: int, radius: int) -> NDArray[np.int64]:
    """Indices in GF(q)^r of all sums of at most ``radius`` nonzero multiples of distinct columns."""
    r, n = h.shape
    sizes = (q,) * r
    strides = _strides(sizes)
    out = {0}
    pp, ps, pl = _patterns((q,) * n, radius)
    for b in range(len(pl)):
        v = np.zeros(r, dtype=np.int64)
        for j in range(pl[b]):
            v += ps[b, j] * h[:, pp[b, j]]
        out.add(int((v % q) @ strides))
    return np.array(sorted(out), dtype=np.int64)


def _translates(base: NDArray[np.int64], q: int, r: int) -> NDArray[np.int32]:
    """Table of ``x + base`` (vector addition in GF(q)^r) for every x: shape (q^r, len(base))."""
    sizes = (q,) * r
    digits = points_of(sizes).astype(np.int64)
    strides = _strides(sizes)
    bd = digits[base]
    n = digits.shape[0]
    out = np.empty((n, len(base)), dtype=np.int32)
    chunk = max(1, 4_000_000 // max(1, len(base) * r))
    for s in range(0, n, chunk):
        out[s:s + chunk] = (((digits[s:s + chunk, None, :] + bd[None]) % q) @ strides).astype(np.int32)
    return out


def _check_linear(q: int, length: int, radius: int, redundancy: int) -> tuple[int, int, int, int]:
    """Checked parameters of the parity-check constructions (GF(2) or GF(3), up to 16 positions)."""
    length = check_int("length", length, 1, 16)
    return (check_int("q", q, 2, 3), length, check_int("radius", radius, 1, length),
            check_int("redundancy", redundancy, 1, length))


def matrix_method(q: int, length: int, radius: int, redundancy: int, *, time_limit: float = 5.0,
                  per_matrix: float = 0.5, max_matrices: int | None = None,
                  rng: "np.random.Generator | int | None" = None) -> NDArray[np.int8] | None:
    """Covering code ``{x : Hx in S}`` by the matrix method, or None if nothing was found.

    ``H`` is a random ``redundancy x length`` matrix over GF(q) of full rank and ``S`` a set of
    syndromes such that every syndrome is ``s + (a sum of at most radius multiples of columns)``,
    ``s in S`` (Cohen et al., *Covering Codes*, §3.5). Then every word is within ``radius`` of a word of
    the code, which has ``|S| q^(length - redundancy)`` words. ``S`` is a covering of the Cayley graph
    on GF(q)^redundancy, found with the same greedy + tabu search; random matrices are tried for
    ``time_limit`` seconds (``per_matrix`` each) and the smallest code is returned.

    Examples
    --------
    >>> c = matrix_method(2, 7, 1, 3, max_matrices=1, rng=0)   # all 7 columns: the Hamming code
    >>> None if c is None else len(c)
    16
    """
    q, length, radius, redundancy = _check_linear(q, length, radius, redundancy)
    gen = as_rng(rng)
    deadline = time.perf_counter() + time_limit
    best_h, best_s = None, None
    tried = 0
    while (max_matrices is None or tried < max_matrices) and (time.perf_counter() < deadline or tried == 0):
        h = _random_columns(q, redundancy, length, gen)
        tried += 1
        if h is None:
            continue
        base = _syndrome_ball(h, q, radius)
        balls = _translates(base, q, redundancy)
        unit = _syndrome_ball(h, q, 1)
        nbrs = _translates(unit[1:], q, redundancy)
        start = _greedy(balls)
        k_min = -(-q ** redundancy // len(base))
        target = k_min if best_s is None else min(k_min, len(best_s) - 1)
        found = start if len(start) <= target else _search(
            balls, nbrs, start, time_limit=per_matrix, max_iters=None, tabu_length=max(4, len(base) // 8),
            k_min=target, gen=gen, chunk=2_000)
        if best_s is None or len(found) < len(best_s):
            best_h, best_s = h, found
            if len(best_s) <= k_min:
                break
    if best_h is None:
        return None
    words = points_of((q,) * length).astype(np.int64)
    synd = ((words @ best_h.T) % q) @ _strides((q,) * redundancy)
    return words[np.isin(synd, best_s)].astype(np.int8)


def ball_sums(weights: NDArray, radius: int) -> NDArray:
    """For every point of the product space ``weights.shape``, the sum of ``weights`` over its ball.

    Separable in the coordinates: with ``L_d`` the weight at distance exactly ``d`` in the coordinates
    processed so far, a coordinate adds ``L_d += sum_{a != x_j} L_{d-1}[..., a, ...]``.

    Examples
    --------
    >>> ball_sums(np.ones((2, 2, 2)), 1).ravel().tolist()
    [4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0]
    """
    w = np.asarray(weights)
    radius = check_int("radius", radius, 0, max(w.ndim, 0))
    layers = [w.copy()] + [np.zeros_like(w) for _ in range(radius)]
    for axis in range(w.ndim):
        if w.shape[axis] == 1:
            continue
        for d in range(radius, 0, -1):
            prev = layers[d - 1]
            layers[d] += prev.sum(axis=axis, keepdims=True) - prev
    return sum(layers)


def _ball_of(point: NDArray, sizes: tuple[int, ...], dense: NDArray, strides: NDArray) -> NDArray:
    return ((np.asarray(point, dtype=np.int64)[None, :] + dense) % np.array(sizes)) @ strides


def _dense_patterns(sizes: tuple[int, ...], radius: int) -> NDArray[np.int64]:
    pp, ps, pl = _patterns(sizes, radius)
    dense = np.zeros((len(pl), len(sizes)), dtype=np.int64)
    for b in range(len(pl)):
        dense[b, pp[b, :pl[b]]] = ps[b, :pl[b]]
    return dense


def patch_covering(words: NDArray, sizes: Sequence[int], radius: int, *,
                   per_round: int = 64) -> NDArray[np.int8]:
    """Add words to ``words`` until it covers the space with ``radius``.

    Greedy on the points left uncovered, in rounds: the exact gain of every point (a ball sum of the
    uncovered indicator) is computed, then up to ``per_round`` of the best points are taken whose balls
    are disjoint (pairwise distance > 2 radius, so their gains do not interact).

    Examples
    --------
    >>> len(patch_covering(np.zeros((1, 3), dtype=np.int8), (2, 2, 2), 1))
    2
    """
    from .verify import distance_transform

    sizes, radius = _check_space(sizes, radius)
    words = np.asarray(words, dtype=np.int8).reshape(-1, len(sizes))
    far = distance_transform(words, sizes) > radius
    dense = _dense_patterns(sizes, radius)
    strides = _strides(sizes)
    added: list[NDArray] = []
    while far.any():
        gains = ball_sums(far.astype(np.int32), radius).ravel()
        order = np.argsort(-gains, kind="stable")[: 50 * per_round]
        taken: list[NDArray] = []
        for c in order:
            if gains[c] <= 0 or len(taken) >= per_round:
                break
            digit = np.array(np.unravel_index(c, sizes), dtype=np.int64)
            if taken and (np.count_nonzero(np.array(taken) != digit, axis=1) <= 2 * radius).any():
                continue
            taken.append(digit)
        for digit in taken:
            far.ravel()[_ball_of(digit, sizes, dense, strides)] = False
        added.extend(taken)
    if not added:
        return words
    return np.concatenate([words, np.array(added, dtype=np.int8)])


def two_coset_code(q: int, length: int, radius: int, redundancy: int, *, time_limit: float = 30.0,
                   rng: "np.random.Generator | int | None" = None) -> NDArray[np.int8] | None:
    """A covering ``{x : Hx in {0, s}}`` (matrix method with two syndromes), or None if not found.

    Local search over the columns of ``H`` (each a projective point of GF(q)^redundancy): with ``B`` the
    syndromes reachable with at most ``radius`` errors and ``U`` its complement, the objective is
    ``|U| - max_s |U ∩ (s + B)|``, all shifts ``s`` at once by a correlation over the group
    Z_q^redundancy (``numpy.fft.fftn`` on a ``(q,)*redundancy`` array). At 0 the two cosets ``B`` and
    ``s + B`` cover every syndrome, so every word is within ``radius`` of the code, which has
    ``2 q^(length - redundancy)`` words (``H`` of full rank; checked). A move replaces one column and is
    kept when the objective does not grow. 13 three-ways, radius 3, redundancy 7: 1,458 words.

    Examples
    --------
    >>> c = two_coset_code(2, 7, 2, 5, time_limit=5, rng=0)   # 2 * 2^2 = 8 words, radius 2
    >>> None if c is None else len(c)
    8
    """
    q, length, radius, r = _check_linear(q, length, radius, redundancy)
    gen = as_rng(rng)
    dense = _dense_patterns((q,) * length, radius)
    strides = _strides((q,) * r)
    pts = points_of((q,) * r).astype(np.int64)[1:]
    pts = pts[pts[np.arange(len(pts)), (pts != 0).argmax(axis=1)] == 1]
    shape = (q,) * r

    def score(h):
        syn = ((dense @ h.T) % q) @ strides
        b = np.zeros(q ** r)
        b[syn] = 1.0
        u = 1.0 - b
        corr = np.real(np.fft.ifftn(np.fft.fftn(u.reshape(shape)) * np.conj(np.fft.fftn(b.reshape(shape)))))
        corr = corr.ravel()
        s = int(np.argmax(corr))
        return float(u.sum() - corr[s]), s

    deadline = time.perf_counter() + time_limit
    h = pts[gen.choice(len(pts), length, replace=len(pts) < length)].T.copy()
    cur, shift = score(h)
    while cur > 0.5 and time.perf_counter() < deadline:
        h2 = h.copy()
        h2[:, gen.integers(length)] = pts[gen.integers(len(pts))]
        v, s2 = score(h2)
        if v <= cur:
            h, cur, shift = h2, v, s2
    if cur > 0.5 or _rank_mod_p(h, q) < r:
        return None
    words = points_of((q,) * length).astype(np.int64)
    synd = ((words @ h.T) % q) @ strides
    return words[(synd == 0) | (synd == shift)].astype(np.int8)
