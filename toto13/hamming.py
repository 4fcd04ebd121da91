"""The Hamming space of results: product spaces of small alphabets, balls, spheres and distances.

A point of the product space ``sizes = (q_0, ..., q_{k-1})`` is a vector of digits, coordinate ``i`` in
``0..q_i - 1`` (3 per match for results, 2 for a two-way, 1 for a banker inside a hedge spec). Points
are indexed in mixed radix with coordinate 0 the most significant digit, so for 13 three-way matches the
index is the base-3 number of the result (:func:`strides`). The Hamming distance counts the coordinates
in which two points differ; a tip has ``m - d`` strikes on a result at distance ``d``.

Everything the package computes over the space goes through this module:

- :func:`strides`, :func:`points_of`, :func:`index_of`: digits and indices;
- :func:`error_patterns`, :func:`dense_patterns`, :func:`translates`, :func:`ball_table`: the points
  within a radius, as index offsets;
- :class:`Balls`, :func:`ball_indices`, :func:`digits_of`: the balls of given points by index (numpy for
  many, compiled for one inside a kernel), and the digits of given indices;
- :func:`ball_size`, :func:`sphere_bound`: counts;
- :func:`sphere_sums`, :func:`ball_sums`, :func:`ball_minimum`: sums (minima) of a weight over every
  ball at once, separable in the coordinates;
- :func:`distance_transform`: the distance from every point to the nearest of a set;
- :func:`subspace_indices`: the indices of the points inside a spec mask;
- :data:`NUMBA` and :func:`jit`: the one switch for compiled kernels (numba when installed, unless the
  environment variable ``TOTO13_NO_NUMBA`` is set to a non-empty value).

The separable transforms are the exact-enumeration side of the paper's model (R. Stömmer 2023,
arXiv:2303.16648): instead of treating tips as independent, they sum the probability of every result
within the radius ``m - x`` of a tip set; see ``docs/maths.md``.
"""
from __future__ import annotations

import contextlib
import functools
import importlib.util
import itertools
import math
import os
from typing import Any, Callable, Sequence, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._cachedir import private_dir
from .errors import MAX_THREADS, check_int, threads_from_env

__all__ = ["NUMBA", "jit", "check_space", "strides", "points_of", "index_of", "error_patterns",
           "dense_patterns", "translates", "ball_table", "ball_size", "sphere_bound", "sphere_sums",
           "ball_sums", "distance_weighted_sums", "ball_minimum", "distance_transform", "FAR",
           "subspace_indices"]

_F = TypeVar("_F", bound=Callable)

# numba costs about half a second to import, so it is only looked up here and imported when the first
# kernel runs: importing the package (and the CLI) stays fast.
try:  # pragma: no cover - depends on the environment
    NUMBA = not os.environ.get("TOTO13_NO_NUMBA") and importlib.util.find_spec("numba") is not None
except (ImportError, ValueError):  # pragma: no cover
    NUMBA = False


def jit(f: _F) -> _F:
    """Compile ``f`` with ``numba.njit(cache=True, nogil=True)``, or return it unchanged.

    Plain Python when numba is missing or ``TOTO13_NO_NUMBA`` is set (``NUMBA`` is then False), so the
    kernels stay importable and testable without a compiler. With numba, the kernel is compiled on
    its first call (numba is imported then, not when the module is): that call replaces every
    ``jit`` kernel in the calling module's namespace by its compiled dispatcher, so kernels calling
    one another find compiled callees.
    """
    if not NUMBA:  # pragma: no cover
        return f

    @functools.wraps(f)
    def first_call(*args, **kwargs):
        return _compile_namespace(f.__globals__)[f.__name__](*args, **kwargs)

    first_call.__dict__["__toto13_kernel__"] = f  # what _compile_namespace looks for
    return first_call  # type: ignore[return-value]


def _compile_namespace(namespace: dict) -> dict:
    for name, value in list(namespace.items()):
        kernel = getattr(value, "__toto13_kernel__", None)
        if kernel is not None:
            namespace[name] = _njit(kernel)
    return namespace


def _njit(kernel: Callable) -> Callable:
    """``numba.njit(cache=True, nogil=True)(kernel)``; where numba finds no writable cache (neither beside
    the source nor in the user's home: another user's install, ``HOME=/nonexistent``) the cache goes
    to this user's own directory in the temporary directory, or, failing that, there is none."""
    import numba

    try:
        return numba.njit(cache=True, nogil=True)(kernel)
    except RuntimeError as exc:  # "cannot cache function ...: no locator available for file ..."
        if "no locator" not in str(exc):
            raise
    config: Any = numba.core.config  # (its settings are made at import: no types to check)
    if not config.CACHE_DIR:
        private = private_dir("numba")
        if private is not None:
            config.CACHE_DIR = str(private)  # numba reads it at each decoration
            with contextlib.suppress(RuntimeError):
                return numba.njit(cache=True, nogil=True)(kernel)
    return numba.njit(cache=False, nogil=True)(kernel)


def check_space(sizes: Sequence[int], radius: int | None = None) -> tuple[tuple[int, ...], int]:
    """Checked ``(sizes, radius)``: every alphabet size at least 1, ``radius`` in ``0..len(sizes)``.

    Examples
    --------
    >>> check_space([3, 2, 1], 2)
    ((3, 2, 1), 2)
    >>> check_space([3, 0], 1)
    Traceback (most recent call last):
    ...
    ValueError: sizes (0) must be at least 1
    """
    sizes = tuple(check_int("sizes", q, 1) for q in sizes)
    r = 0 if radius is None else check_int("radius", radius, 0, len(sizes))
    return sizes, r


def strides(sizes: Sequence[int]) -> NDArray[np.int64]:
    """Weight of each coordinate's digit in a point's index (mixed radix, coordinate 0 most significant).

    Examples
    --------
    >>> strides((3, 3, 3)).tolist(), strides((2, 3, 1)).tolist()
    ([9, 3, 1], [3, 1, 1])
    """
    s = np.ones(len(sizes), dtype=np.int64)
    for i in range(len(sizes) - 2, -1, -1):
        s[i] = s[i + 1] * int(sizes[i + 1])
    return s


def points_of(sizes: Sequence[int]) -> NDArray[np.int8]:
    """Digits of every point of the space in index order: shape ``(prod(sizes), len(sizes))``.

    Examples
    --------
    >>> points_of((2, 3)).tolist()
    [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]
    """
    sizes = tuple(int(q) for q in sizes)
    n = math.prod(sizes)
    idx = np.arange(n, dtype=np.int64)
    out = np.empty((n, len(sizes)), dtype=np.int8)
    for i in range(len(sizes) - 1, -1, -1):
        out[:, i] = idx % sizes[i]
        idx //= sizes[i]
    return out


def index_of(words: ArrayLike, sizes: Sequence[int]) -> NDArray[np.int64]:
    """Index of each word (rows of digits), the inverse of :func:`points_of`.

    Examples
    --------
    >>> index_of([[0, 2], [1, 0]], (2, 3)).tolist()
    [2, 3]
    """
    return np.asarray(words, dtype=np.int64).reshape(-1, len(sizes)) @ strides(sizes)


def error_patterns(sizes: Sequence[int], radius: int) -> tuple[NDArray[np.int64], NDArray[np.int64],
                                                                NDArray[np.int64]]:
    """Every change of at most ``radius`` coordinates, sparse: positions, shifts and weights.

    Pattern ``b`` adds ``shifts[b, j]`` (``1..q-1``, modulo the alphabet size) at coordinate
    ``positions[b, j]`` for ``j < weights[b]``; the rows are padded with position 0 and shift 0 to width
    ``max(radius, 1)``. Patterns come by weight, then by positions in lexicographic order, so the
    first is the empty pattern and the first ``ball_size(sizes, r)`` are those of weight ``<= r``.

    Examples
    --------
    >>> pos, shift, weight = error_patterns((3, 2), 1)
    >>> pos.tolist(), shift.tolist(), weight.tolist()
    ([[0], [0], [0], [1]], [[0], [1], [2], [1]], [0, 1, 1, 1])
    """
    sizes, radius = check_space(sizes, radius)
    width = max(radius, 1)
    pos_rows, shift_rows, weights = [], [], []
    free = [i for i, q in enumerate(sizes) if q > 1]
    for w in range(radius + 1):
        for subset in itertools.combinations(free, w):
            for shifts in itertools.product(*[range(1, sizes[i]) for i in subset]):
                pos_rows.append(list(subset) + [0] * (width - w))
                shift_rows.append(list(shifts) + [0] * (width - w))
                weights.append(w)
    return (np.array(pos_rows, dtype=np.int64).reshape(-1, width),
            np.array(shift_rows, dtype=np.int64).reshape(-1, width),
            np.array(weights, dtype=np.int64))


def dense_patterns(sizes: Sequence[int], radius: int) -> NDArray[np.int64]:
    """The patterns of :func:`error_patterns` as full digit offsets: shape ``(ball size, len(sizes))``.

    Examples
    --------
    >>> dense_patterns((2, 2), 1).tolist()
    [[0, 0], [1, 0], [0, 1]]
    """
    sizes, radius = check_space(sizes, radius)
    pos, shift, weight = error_patterns(sizes, radius)
    dense = np.zeros((len(weight), len(sizes)), dtype=np.int64)
    for b in range(len(weight)):
        dense[b, pos[b, :weight[b]]] = shift[b, :weight[b]]
    return dense


def translates(offsets: ArrayLike, sizes: Sequence[int], points: ArrayLike | None = None
               ) -> NDArray[np.int32]:
    """Index of ``x + offset`` (digit-wise modulo the alphabet sizes) for every point ``x`` and offset.

    Parameters
    ----------
    offsets : array_like of int, shape (b, k)
        Digit offsets (for a ball: :func:`dense_patterns`).
    sizes : sequence of int
        Alphabet size per coordinate.
    points : array_like of int, shape (n, k), optional
        The points ``x`` (default: every point of the space, in index order).

    Returns
    -------
    ndarray of int32, shape (n, b)

    Examples
    --------
    >>> translates([[0, 0], [1, 1]], (2, 2)).tolist()
    [[0, 3], [1, 2], [2, 1], [3, 0]]
    """
    sizes = tuple(int(q) for q in sizes)
    off = np.asarray(offsets, dtype=np.int64).reshape(-1, len(sizes))
    digits = points_of(sizes) if points is None else np.asarray(points).reshape(-1, len(sizes))
    digits = digits.astype(np.int64)
    st = strides(sizes)
    q = np.array(sizes, dtype=np.int64)
    n = digits.shape[0]
    out = np.empty((n, off.shape[0]), dtype=np.int32)
    chunk = max(1, 2_000_000 // max(1, off.shape[0] * len(sizes)))
    for s in range(0, n, chunk):
        out[s:s + chunk] = (((digits[s:s + chunk, None, :] + off[None]) % q) @ st).astype(np.int32)
    return out


def ball_table(sizes: Sequence[int], radius: int) -> NDArray[np.int32]:
    """For every point the indices of the points within ``radius``: shape (prod(sizes), ball size).

    Row ``x`` starts with ``x`` itself, then its sphere of radius 1, and so on.

    Examples
    --------
    >>> ball_table([2, 2], 1).tolist()
    [[0, 2, 1], [1, 3, 0], [2, 0, 3], [3, 1, 2]]
    """
    sizes, radius = check_space(sizes, radius)
    return translates(dense_patterns(sizes, radius), sizes)


def ball_size(sizes: Sequence[int], radius: int) -> int:
    """Number of points within distance ``radius`` of a point of the product space.

    Notes
    -----
    The coefficients of ``prod_i (1 + (q_i - 1) t)`` count the points at each exact distance; their sum
    up to ``t^radius`` is the ball.

    Examples
    --------
    >>> ball_size([3] * 13, 2), ball_size([2] * 13, 3), ball_size([3, 2, 1], 3)
    (339, 378, 6)
    """
    sizes, radius = check_space(sizes, radius)
    poly = [1] + [0] * len(sizes)
    for q in sizes:
        for d in range(len(sizes), 0, -1):
            poly[d] += (q - 1) * poly[d - 1]
    return sum(poly[: radius + 1])


def sphere_bound(sizes: Sequence[int], radius: int) -> int:
    """Sphere-covering lower bound ``ceil(|space| / ball size)`` on the size of a covering.

    Examples
    --------
    >>> sphere_bound([2] * 13, 1)
    586
    """
    sizes, radius = check_space(sizes, radius)
    return -(-math.prod(sizes) // ball_size(sizes, radius))


def _axis_views(shape: tuple[int, ...]):
    """``(q, pre, post)`` for every axis of length > 1 of an array of ``shape``."""
    for axis, q in enumerate(shape):
        if q > 1:
            yield q, math.prod(shape[:axis]), math.prod(shape[axis + 1:])


#: float64 spaces of at least this many points take the compiled transform (when numba is on): below,
#: numpy is as quick and nothing needs compiling
COMPILED_MIN = 3 ** 9

#: points of a block the compiled transform keeps in cache (per layer)
_BLOCK = 8192


@jit
def _axis_step(v, u, i0, i1, q, step):  # pragma: no cover - compiled
    # one coordinate of q != 3 symbols, one layer: u[i + c step] = (u[...] + tot) - v[...] for i in
    # i0..i1-1, with tot = v[i] + v[i + step] + ... (the ternary case is written out in the
    # kernel: shared helpers measured 10-17% slower there, for all three loops or the two contiguous)
    for i in range(i0, i1):
        tot = v[i] + v[i + step]
        for c in range(2, q):
            tot += v[i + c * step]
        for c in range(q):
            ic = i + c * step
            u[ic] = (u[ic] + tot) - v[ic]


@jit
def _start(w, layers, i0, i1):  # pragma: no cover - compiled
    first = layers[0]
    for i in range(np.uint64(i0), np.uint64(i1)):
        first[i] = w[i]
    for d in range(1, layers.shape[0]):
        row = layers[d]
        for i in range(np.uint64(i0), np.uint64(i1)):
            row[i] = 0.0


@jit
def _split(shape):  # pragma: no cover - compiled
    # the first low axis h and the points ``low`` of a block of the low axes (at most _BLOCK)
    k = shape.shape[0]
    low = 1
    h = k
    while h > 0 and low * shape[h - 1] <= _BLOCK:
        h -= 1
        low *= shape[h]
    return h, low


@jit
def _sphere_phase(w, shape, radius, layers, out, phase, part, parts):  # pragma: no cover - compiled
    # The numpy transform of sphere_sums, fused and blocked, with the same floating-point operations
    # in the same order for every point (so the same bits): axes 0..k-1 in turn, per axis layers
    # d = radius..1, ``L_d = (L_d + tot) - L_{d-1}`` with ``tot`` summed over the axis from symbol 0
    # up. Phase 1 does the high axes, on tiles of every high index times a few low columns; phase 2
    # the low axes (a block of at most _BLOCK points), block by block, and writes ``out`` (size 0:
    # not wanted), the ball sums L_0 + L_1 + ... + L_radius. Tiles and blocks are independent: this
    # call does share ``part`` of ``parts`` of them, so threads can split a phase (phase 0: nothing,
    # a call that only compiles). The ternary loops index with unsigned integers: numba then needs no
    # negative-index wrap-around per access, and LLVM vectorises part of them (about 1.35x faster,
    # the same operations per point).
    if phase == 0:
        return
    k = shape.shape[0]
    n = w.shape[0]
    h, low = _split(shape)
    high = n // low
    if phase == 1:
        if h == 0:
            return
        width = max(1, _BLOCK // high)
        tiles = (low + width - 1) // width
        for tile in range(tiles * part // parts, tiles * (part + 1) // parts):
            c0 = tile * width
            c1 = min(low, c0 + width)
            for b in range(high):  # the layers start as (w, 0, 0, ...), a tile at a time
                _start(w, layers, b * low + c0, b * low + c1)
            pre = 1
            post = high
            for j in range(h):
                q = shape[j]
                post //= q
                if q > 1:
                    step = post * low
                    for d in range(radius, 0, -1):
                        for p in range(pre):
                            for t in range(post):
                                base = (p * q * post + t) * low
                                v = layers[d - 1]
                                u = layers[d]
                                if q == 3:  # unsigned indices (see above)
                                    us = np.uint64(step)
                                    for i in range(np.uint64(base + c0), np.uint64(base + c1)):
                                        a = v[i]
                                        y = v[i + us]
                                        c = v[i + us + us]
                                        tot = (a + y) + c
                                        u[i] = (u[i] + tot) - a
                                        u[i + us] = (u[i + us] + tot) - y
                                        u[i + us + us] = (u[i + us + us] + tot) - c
                                else:
                                    _axis_step(v, u, base + c0, base + c1, q, step)
                pre *= q
        return
    for b in range(high * part // parts, high * (part + 1) // parts):
        base0 = b * low
        if h == 0:
            _start(w, layers, base0, base0 + low)
        pre = 1
        post = low
        for j in range(h, k):
            q = shape[j]
            post //= q
            if q > 1:
                for d in range(radius, 0, -1):
                    v = layers[d - 1]
                    u = layers[d]
                    if q == 3 and post == 1:
                        one = np.uint64(1)
                        for i in range(np.uint64(base0), np.uint64(base0 + low), np.uint64(3)):
                            a = v[i]
                            y = v[i + one]
                            c = v[i + one + one]
                            tot = (a + y) + c
                            u[i] = (u[i] + tot) - a
                            u[i + one] = (u[i + one] + tot) - y
                            u[i + one + one] = (u[i + one + one] + tot) - c
                    elif q == 3:
                        up = np.uint64(post)
                        for p in range(pre):
                            i0 = np.uint64(base0 + p * 3 * post)
                            for i in range(i0, i0 + up):
                                a = v[i]
                                y = v[i + up]
                                c = v[i + up + up]
                                tot = (a + y) + c
                                u[i] = (u[i] + tot) - a
                                u[i + up] = (u[i + up] + tot) - y
                                u[i + up + up] = (u[i + up + up] + tot) - c
                    else:
                        for p in range(pre):
                            i0 = base0 + p * q * post
                            _axis_step(v, u, i0, i0 + post, q, post)
            pre *= q
        if out.shape[0] > 0:
            for i in range(np.uint64(base0), np.uint64(base0 + low)):
                acc = layers[0][i]
                for d in range(1, radius + 1):
                    acc += layers[d][i]
                out[i] = acc


#: spaces of at least this many points split the compiled transform over threads
THREADED_MIN = 3 ** 11

_POOL: list = []  # [process id, workers, executor]: the transform's threads, started on first use


def default_threads() -> int:
    """Threads for the compiled transform: ``TOTO13_THREADS`` if set, else the CPUs this process may
    use (at most 8).

    Raises
    ------
    ValueError
        ``TOTO13_THREADS`` is set but not a whole number in ``1..MAX_THREADS``
        (:func:`toto13.errors.threads_from_env`).
    """
    env = threads_from_env()
    if env is not None:
        return env
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def _run_kernel(w: NDArray, shape: NDArray, radius: int, layers: NDArray, out: NDArray,
                threads: int | None) -> None:
    """The compiled transform, its two phases each split over ``threads`` (nogil kernels, so the
    threads run in parallel; every point gets the same operations, so the bits do not depend on the
    split)."""
    parts = default_threads() if threads is None else threads
    if parts <= 1 or w.size < THREADED_MIN:
        for phase in (1, 2):
            _sphere_phase(w, shape, radius, layers, out, phase, 0, 1)
        return
    _sphere_phase(w, shape, radius, layers, out, 0, 0, 1)  # compile (or load) before threads race
    if not _POOL or _POOL[0] != os.getpid() or _POOL[1] < parts - 1:
        from concurrent.futures import ThreadPoolExecutor  # (a forked child needs its own threads)
        _POOL[:] = [os.getpid(), parts - 1,
                    ThreadPoolExecutor(parts - 1, thread_name_prefix="toto13-transform")]
    for phase in (1, 2):
        jobs: list = []
        try:
            for p in range(1, parts):
                jobs.append(_POOL[2].submit(_sphere_phase, w, shape, radius, layers, out, phase, p, parts))
        except RuntimeError as exc:  # "can't start new thread": a process limit
            for job in jobs:
                job.result()
            _POOL[2].shutdown(wait=True)
            _POOL.clear()
            raise ValueError(f"cannot start {parts} threads for the compiled transform ({exc}); set "
                             "TOTO13_THREADS lower") from None
        _sphere_phase(w, shape, radius, layers, out, phase, 0, parts)  # share 0 on this thread
        for job in jobs:
            job.result()


def _compiled(w: NDArray) -> bool:
    return NUMBA and w.dtype == np.float64 and w.size >= COMPILED_MIN


def sphere_sums(weights: ArrayLike, radius: int, *, compiled: bool | None = None,
                threads: int | None = None) -> NDArray:
    """For every point, the sum of ``weights`` over the points at each exact distance ``0..radius``.

    Parameters
    ----------
    weights : array_like, shape ``sizes``
        A weight per point of the product space (one axis per coordinate).
    radius : int
        Largest distance, ``0..weights.ndim``.
    compiled : bool, optional
        Use the compiled transform (float64 weights, numba on); by default for spaces of at least
        :data:`COMPILED_MIN` points. Both give the same bits.
    threads : int, optional
        Threads for the compiled transform on spaces of at least :data:`THREADED_MIN` points (default
        :func:`default_threads`). The same bits whatever the number.

    Returns
    -------
    ndarray, shape ``(radius + 1, *sizes)``
        ``out[d][x] = sum of weights[y] over y at distance exactly d from x``; same dtype as the
        weights (float for a bool array).

    Notes
    -----
    Separable in the coordinates. With ``L_d`` the sum over points differing from ``x`` in exactly ``d``
    of the coordinates processed so far, processing coordinate ``j`` adds
    ``L_d += sum over a != x_j of L_{d-1}[..., a, ...]``, from ``d = radius`` down to 1. Cost about
    ``radius * k * prod(sizes)`` additions, whatever the weights. The compiled version does the same
    additions in one pass over cache-sized blocks per group of coordinates.

    Examples
    --------
    >>> sphere_sums(np.arange(3.0), 1).tolist()       # one coordinate: itself, then the other two
    [[0.0, 1.0, 2.0], [3.0, 2.0, 1.0]]
    """
    w = np.asarray(weights)
    if w.dtype == bool:
        w = w.astype(np.float64)
    radius = check_int("radius", radius, 0, w.ndim)
    threads = None if threads is None else check_int("threads", threads, 1, MAX_THREADS)
    shape = w.shape
    layers = np.zeros((radius + 1,) + shape, dtype=w.dtype)
    flat = layers.reshape(radius + 1, -1)
    if (_compiled(w) if compiled is None else compiled and NUMBA and w.dtype == np.float64):
        _run_kernel(np.ascontiguousarray(w).ravel(), np.array(shape, dtype=np.int64), radius, flat,
                    np.empty(0), threads)
        return layers
    layers[0] = w
    for q, pre, post in _axis_views(shape):
        for d in range(radius, 0, -1):
            v = flat[d - 1].reshape(pre, q, post)
            tot = v[:, 0, :] + v[:, 1, :]
            for c in range(2, q):  # pairwise sums on views: faster than v.sum(axis=1)
                tot += v[:, c, :]
            u = flat[d].reshape(pre, q, post)
            u += tot[:, None, :]
            u -= v
    return layers


def distance_weighted_sums(layers: ArrayLike, sizes: Sequence[int]) -> NDArray[np.float64]:
    """For every point ``x``, ``sum_r layers[d(x, r)][r]``: a sphere sum whose weight depends on the distance.

    Parameters
    ----------
    layers : array_like, shape ``(D + 1, prod(sizes))`` or ``(D + 1, *sizes)``
        ``layers[d]`` weights the points at distance ``d``; farther points weigh nothing.
    sizes : sequence of int
        Alphabet size per coordinate.

    Returns
    -------
    ndarray of float64, shape ``sizes``

    Notes
    -----
    Equal to ``sum_d sphere_sums(layers[d], D)[d]`` in one separable pass of ``D`` layers instead of
    ``1 + 2 + ... + D``. With ``G_e`` the sum over points agreeing with ``x`` on the coordinates not yet
    processed of ``layers[e + distance on the processed ones]``, a coordinate adds
    ``G_e += sum_{a != x_j} G_{e+1}[..., a, ...]`` for ``e = 0..D-1`` (ascending, so ``G_{e+1}`` still
    holds its old value); at the end the answer is ``G_0``.

    Examples
    --------
    >>> # point 0 counts 1 at distance 0, point 1 counts 10 at distance 1 (and 0 at distance 0)
    >>> distance_weighted_sums([[1.0, 0.0], [0.0, 10.0]], (2,)).tolist()
    [11.0, 0.0]
    """
    sizes = tuple(int(q) for q in sizes)
    g = [np.array(layer, dtype=np.float64).reshape(sizes) for layer in np.asarray(layers)]
    for axis, q in enumerate(sizes):
        if q == 1:
            continue
        for e in range(len(g) - 1):
            v = g[e + 1]
            g[e] += v.sum(axis=axis, keepdims=True) - v
    return g[0]


def ball_sums(weights: ArrayLike, radius: int, *, compiled: bool | None = None,
              out: NDArray[np.float64] | None = None,
              work: NDArray[np.float64] | None = None, threads: int | None = None) -> NDArray:
    """For every point, the sum of ``weights`` over its ball of ``radius``: :func:`sphere_sums` totalled.

    ``compiled`` and ``threads`` as in :func:`sphere_sums`. On the compiled path, ``out`` (the shape of
    ``weights``) and ``work`` (``radius + 1`` times its size, float64) may be given to be reused: a caller
    running the transform again and again then allocates nothing.

    Examples
    --------
    >>> ball_sums(np.ones((2, 2, 2)), 1).ravel().tolist()
    [4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0]
    """
    w = np.asarray(weights)
    threads = None if threads is None else check_int("threads", threads, 1, MAX_THREADS)
    if not (_compiled(w) if compiled is None else compiled and NUMBA and w.dtype == np.float64):
        return sphere_sums(w, radius, compiled=False).sum(axis=0)
    radius = check_int("radius", radius, 0, w.ndim)
    if out is None:
        out = np.empty(w.shape, dtype=np.float64)
    if work is None or work.size < (radius + 1) * w.size:
        work = np.empty((radius + 1) * w.size, dtype=np.float64)
    _run_kernel(np.ascontiguousarray(w).ravel(), np.array(w.shape, dtype=np.int64), radius,
                work[:(radius + 1) * w.size].reshape(radius + 1, -1), out.reshape(-1), threads)
    return out


def ball_minimum(values: ArrayLike, radius: int) -> NDArray:
    """For every point, the least of ``values`` over its ball of ``radius`` (a min-plus transform).

    Notes
    -----
    Layer ``d`` holds the least value within distance ``d`` in the coordinates processed so far; per
    coordinate ``layer_d = min(layer_d, min over the coordinate's values of layer_{d-1})``.

    Examples
    --------
    >>> ball_minimum([[5, 1], [7, 9]], 1).tolist()
    [[1, 1], [5, 1]]
    """
    v0 = np.asarray(values)
    radius = check_int("radius", radius, 0, v0.ndim)
    shape = v0.shape
    layers = np.repeat(v0.reshape(1, -1), radius + 1, axis=0)
    for q, pre, post in _axis_views(shape):
        for d in range(radius, 0, -1):
            v = layers[d - 1].reshape(pre, q, post)
            mn = np.minimum(v[:, 0, :], v[:, 1, :])
            for c in range(2, q):
                np.minimum(mn, v[:, c, :], out=mn)
            u = layers[d].reshape(pre, q, post)
            np.minimum(u, mn[:, None, :], out=u)
    return layers[radius].reshape(shape)


#: Distance reported where there is no point at all (larger than any distance, fits uint8 with +1).
FAR = 200


def distance_transform(points: ArrayLike, sizes: Sequence[int]) -> NDArray[np.uint8]:
    """Hamming distance from every point of the product space ``sizes`` to the nearest of ``points``.

    Parameters
    ----------
    points : array_like of int, shape (n, k)
        Points of the space, coordinate ``i`` in ``0..sizes[i]-1``.
    sizes : sequence of int
        Alphabet size per coordinate (3 per match for results; smaller inside a hedge spec). At most
        64 coordinates.

    Returns
    -------
    ndarray of uint8, shape ``sizes``
        :data:`FAR` (200) everywhere when ``points`` is empty.

    Notes
    -----
    The Hamming distance is a sum of per-coordinate 0/1 distances, so the transform separates: one
    pass per axis replaces ``d`` by ``min(d, 1 + min over the axis)``. After the pass over axis ``j``,
    ``d[r]`` is the least number of differences in axes ``0..j`` over points that agree with ``r`` on
    the later axes; after the last pass it is the distance. Cost: one pass per axis over the array
    (about ``4 k prod(sizes)`` byte operations), whatever the number of points.

    Examples
    --------
    >>> distance_transform([[0, 0, 0]], (2, 2, 2)).ravel().tolist()
    [0, 1, 1, 2, 1, 2, 2, 3]
    """
    sizes = tuple(int(q) for q in sizes)
    if len(sizes) > 64:
        raise ValueError(f"sizes has {len(sizes)} coordinates; at most 64 are supported")
    pts = np.asarray(points, dtype=np.int64).reshape(-1, len(sizes))
    d = np.full(sizes, FAR, dtype=np.uint8)
    if pts.shape[0]:
        d[tuple(pts.T)] = 0
    for q, pre, post in _axis_views(sizes):
        v = d.reshape(pre, q, post)
        mn = np.minimum(v[:, 0, :], v[:, 1, :])
        for c in range(2, q):  # pairwise minima on views: about 3x faster than v.min(axis=1)
            np.minimum(mn, v[:, c, :], out=mn)
        mn += np.uint8(1)
        np.minimum(v, mn[:, None, :], out=v)
    return d


def subspace_indices(mask: ArrayLike) -> NDArray[np.int64]:
    """Indices (in the full space of ``mask.shape[1]`` symbols per coordinate) of the points inside a mask.

    ``mask[j, c]`` allows symbol ``c`` at coordinate ``j`` (a spec's mask: per match the outcomes a tip
    may play). The indices come in increasing order, i.e. in the order of the sub-space's own points.

    Examples
    --------
    >>> subspace_indices([[True, True, False], [False, False, True]]).tolist()   # '10 2'
    [2, 5]
    """
    m = np.asarray(mask, dtype=bool)
    if m.ndim != 2:
        raise ValueError(f"mask must have shape (coordinates, symbols), got {m.shape}")
    out = np.zeros(1, dtype=np.int64)
    for j, w in enumerate(strides((m.shape[1],) * m.shape[0])):
        out = (out[:, None] + np.flatnonzero(m[j]).astype(np.int64)[None, :] * w).ravel()
    return out


# ---------------------------------------------------------------------------------------------------
# Balls of given points, by index: the one written-out form of "the index of a point changed by an
# error pattern", in numpy (many points) and compiled (one point, for kernels).

__all__ += ["digits_of", "Balls", "ball_indices"]


def digits_of(indices: ArrayLike, sizes: Sequence[int]) -> NDArray[np.int64]:
    """Digits of the points with the given indices: shape ``(n, len(sizes))``, the inverse of
    :func:`index_of` (:func:`points_of` gives them for every point).

    Examples
    --------
    >>> digits_of([2, 3], (2, 3)).tolist()
    [[0, 2], [1, 0]]
    >>> digits_of(5, (3, 3)).tolist()
    [[1, 2]]
    """
    idx = np.asarray(indices, dtype=np.int64).reshape(-1)
    sizes = [int(s) for s in sizes]
    q = np.array(sizes, dtype=np.int64)
    return np.asarray((idx[:, None] // strides(sizes)[None, :]) % q[None, :], dtype=np.int64)


def _steps(sizes: tuple[int, ...]) -> NDArray[np.int64]:
    """``steps[j, c, s]``: the index change when coordinate ``j`` moves from digit ``c`` on by ``s``
    (modulo its alphabet size; 0 where ``c`` or ``s`` is out of its alphabet)."""
    st = strides(sizes)
    qmax = max(sizes, default=1)
    out = np.zeros((len(sizes), qmax, qmax), dtype=np.int64)
    for j, q in enumerate(sizes):
        c = np.arange(q)
        out[j, :q, :q] = ((c[:, None] + c[None, :]) % q - c[:, None]) * st[j]
    return out


class Balls:
    """The points within ``radius`` of given points, by index, and each member's distance.

    Member ``b`` of every ball is the centre changed by error pattern ``b`` of :func:`error_patterns`
    (by distance, then positions): column ``b`` of :meth:`__call__` is the index of that point, and
    ``distances[b]`` its distance from the centre. For a whole space this is :func:`ball_table`; for
    a few centres (a greedy's candidates) it costs ``n * ball size * radius`` look-ups.

    Parameters
    ----------
    sizes : sequence of int
        Alphabet size per coordinate.
    radius : int
        Largest distance, ``0..len(sizes)``.

    Attributes
    ----------
    sizes : tuple of int
    q : ndarray of int64
        ``sizes`` as an array (for :func:`ball_indices`).
    strides : ndarray of int64
        :func:`strides` of ``sizes``.
    positions, shifts, distances : ndarray of int64
        The patterns of :func:`error_patterns` (rows padded with position 0, shift 0).

    Examples
    --------
    >>> balls = Balls((3, 3), 1)
    >>> balls([0, 4]).tolist(), balls.distances.tolist()
    ([[0, 3, 6, 1, 2], [4, 7, 1, 5, 3]], [0, 1, 1, 1, 1])
    >>> balls.select(balls.distances == 1)([0]).tolist()
    [[3, 6, 1, 2]]
    """

    def __init__(self, sizes: Sequence[int], radius: int) -> None:
        self.sizes, radius = check_space(sizes, radius)
        self.q = np.array(self.sizes, dtype=np.int64)
        self.strides = strides(self.sizes)
        self.positions, self.shifts, self.distances = error_patterns(self.sizes, radius)
        self._steps = _steps(self.sizes)

    def __len__(self) -> int:
        return len(self.distances)

    def select(self, keep: ArrayLike) -> Balls:
        """The same balls restricted to the members ``keep`` (a mask or positions over the patterns)."""
        out = object.__new__(Balls)
        out.__dict__.update(self.__dict__)
        k = np.asarray(keep)
        out.positions, out.shifts, out.distances = self.positions[k], self.shifts[k], self.distances[k]
        return out

    def __call__(self, centers: ArrayLike) -> NDArray[np.int64]:
        """Indices of the ball members of each centre (given by index): shape ``(n, len(self))``."""
        idx = np.asarray(centers, dtype=np.int64).reshape(-1)
        digits = (idx[:, None] // self.strides[None, :]) % self.q[None, :]        # (n, k)
        out = np.repeat(idx[:, None], len(self), axis=1)
        for i in range(self.positions.shape[1]):
            p = self.positions[:, i]
            out += self._steps[p[None, :], digits[:, p], self.shifts[None, :, i]]
        return out


@jit
def ball_indices(center, sizes, strides, positions, shifts, steps, out):  # pragma: no cover - compiled
    """Write the indices of the ball of the point ``center`` (an index) to ``out``, member ``b`` the
    centre changed by pattern ``b`` (``positions``, ``shifts`` of :func:`error_patterns`, or any rows
    of them): the compiled, one-centre form of :class:`Balls`, for kernels (numba inlines it there).

    ``sizes`` and ``strides`` are int64 arrays (:attr:`Balls.q`, :attr:`Balls.strides`); ``steps``
    is work space of shape ``(len(sizes), max(sizes))``, on return the index change of each shift of
    each coordinate at this centre. Padding (position 0, shift 0) adds nothing.

    Examples
    --------
    >>> balls = Balls((3, 3), 1)
    >>> out = np.empty(len(balls), dtype=np.int64)
    >>> ball_indices(4, balls.q, balls.strides, balls.positions, balls.shifts,
    ...              np.empty((2, 3), dtype=np.int64), out)
    >>> out.tolist()
    [4, 7, 1, 5, 3]
    """
    # Note: numba's cache does not notice when this changes under a caller compiled elsewhere (its
    # index checks the caller's file only): after editing it, clear the callers' __pycache__ *.nbi.
    for j in range(sizes.shape[0]):
        q = sizes[j]
        c = (center // strides[j]) % q
        for s in range(q):
            steps[j, s] = (((c + s) % q) - c) * strides[j]
    for b in range(positions.shape[0]):
        idx = center
        for r in range(positions.shape[1]):
            idx += steps[positions[b, r], shifts[b, r]]
        out[b] = idx
