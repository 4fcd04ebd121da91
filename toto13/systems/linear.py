"""Covering codes from parity checks over GF(q): the matrix method and two-coset codes.

A code ``{x : Hx in S}`` for a ``redundancy x length`` matrix ``H`` over GF(q) covers the space with
radius ``R`` when every syndrome is within ``R`` column multiples of ``S`` (Cohen, Honkala, Litsyn,
Lobstein, *Covering Codes*, 1997, §3.5). ``S`` itself is a covering of a Cayley graph on
GF(q)^redundancy, found with the greedy and tabu searches of :mod:`.covering` and :mod:`.tabu`.
"""
from __future__ import annotations

import time

import numpy as np
from numpy.typing import NDArray

from ..errors import as_rng, check_int
from ..hamming import dense_patterns, error_patterns, points_of, strides, translates
from .codes import coset_code, nullspace_mod_p, projective_points
from .covering import greedy_indices
from .tabu import search_graph

__all__ = ["matrix_method", "two_coset_code"]


def _random_columns(q: int, r: int, n: int, gen: np.random.Generator) -> NDArray[np.int64] | None:
    """``n`` pairwise independent columns of GF(q)^r (first nonzero entry 1) spanning the space."""
    pts = projective_points(r, q)
    if len(pts) < n:
        return None
    h = pts[gen.choice(len(pts), n, replace=False)].T
    if _rank_mod_p(h, q) < r:
        return None
    return h


def _rank_mod_p(h: NDArray, p: int) -> int:
    return h.shape[1] - nullspace_mod_p(h, p).shape[0]


def _syndrome_ball(h: NDArray, q: int, radius: int) -> NDArray[np.int64]:
    """Indices in GF(q)^r of all sums of at most ``radius`` nonzero multiples of distinct columns."""
    r, n = h.shape
    st = strides((q,) * r)
    out = {0}
    pp, ps, pl = error_patterns((q,) * n, radius)
    for b in range(len(pl)):
        v = np.zeros(r, dtype=np.int64)
        for j in range(pl[b]):
            v += ps[b, j] * h[:, pp[b, j]]
        out.add(int((v % q) @ st))
    return np.array(sorted(out), dtype=np.int64)


def _check_linear(q: int, length: int, radius: int, redundancy: int) -> tuple[int, int, int, int]:
    """Checked parameters of the parity-check constructions (GF(2) or GF(3), up to 16 positions)."""
    length = check_int("length", length, 1, 16)
    return (check_int("q", q, 2, 3), length, check_int("radius", radius, 1, length),
            check_int("redundancy", redundancy, 1, length))


def matrix_method(q: int, length: int, radius: int, redundancy: int, *, time_limit: float = 5.0,
                  per_matrix: float = 0.5, max_matrices: int | None = None,
                  rng: np.random.Generator | int | None = None) -> NDArray[np.int8] | None:
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
        space = (q,) * redundancy
        balls = translates(points_of(space)[base], space)
        unit = _syndrome_ball(h, q, 1)
        nbrs = translates(points_of(space)[unit[1:]], space)
        start = greedy_indices(balls)
        k_min = -(-q ** redundancy // len(base))
        target = k_min if best_s is None else min(k_min, len(best_s) - 1)
        found = start if len(start) <= target else search_graph(
            balls, nbrs, start, time_limit=per_matrix, max_iters=None, tabu_length=max(4, len(base) // 8),
            k_min=target, gen=gen, chunk=2_000)
        if best_s is None or len(found) < len(best_s):
            best_h, best_s = h, found
            if len(best_s) <= k_min:
                break
    if best_h is None or best_s is None:  # (set together)
        return None
    return coset_code(best_h, points_of((q,) * redundancy)[best_s], q)


def two_coset_code(q: int, length: int, radius: int, redundancy: int, *, time_limit: float = 30.0,
                   rng: np.random.Generator | int | None = None) -> NDArray[np.int8] | None:
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
    dense = dense_patterns((q,) * length, radius)
    st = strides((q,) * r)
    pts = projective_points(r, q)
    shape = (q,) * r

    def score(h):
        syn = ((dense @ h.T) % q) @ st
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
    return coset_code(h, points_of(shape)[[0, shift]], q)
