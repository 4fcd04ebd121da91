"""toto13.hamming against brute-force enumeration on small spaces, mixed alphabets 1/2/3 included."""
from __future__ import annotations

import itertools
import math
import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, strategies as st

from toto13 import hamming as H

SPACES = [(3,), (2, 3), (3, 3, 3), (1, 2, 3, 2), (2, 1, 3, 3, 1), (3, 2, 2, 3, 2)]


def all_points(sizes):
    """Every point in lexicographic order, coordinate 0 most significant (itertools.product)."""
    return np.array(list(itertools.product(*[range(q) for q in sizes])), dtype=np.int64).reshape(
        -1, len(sizes))


def distances(sizes):
    pts = all_points(sizes)
    return (pts[:, None, :] != pts[None, :, :]).sum(axis=2)


@st.composite
def spaces(draw):
    k = draw(st.integers(1, 5))
    sizes = tuple(draw(st.integers(1, 3)) for _ in range(k))
    return sizes, draw(st.integers(0, k))


@pytest.mark.parametrize("sizes", SPACES)
def test_points_index_strides(sizes):
    pts = all_points(sizes)
    assert H.points_of(sizes).tolist() == pts.tolist()
    assert H.index_of(pts, sizes).tolist() == list(range(math.prod(sizes)))
    # the index is the position in C order, as numpy's ravel_multi_index computes it
    assert H.index_of(pts, sizes).tolist() == np.ravel_multi_index(tuple(pts.T), sizes).tolist()
    assert H.strides(sizes).tolist() == [math.prod(sizes[i + 1:]) for i in range(len(sizes))]


@given(spaces())
def test_ball_and_patterns_match_brute_force(space):
    sizes, radius = space
    dist = distances(sizes)
    counts = (dist <= radius).sum(axis=1)
    assert (counts == H.ball_size(sizes, radius)).all()
    pos, shift, weight = H.error_patterns(sizes, radius)
    dense = H.dense_patterns(sizes, radius)
    assert len(dense) == len(weight) == H.ball_size(sizes, radius)
    assert ((dense != 0).sum(axis=1) == weight).all()
    assert len({tuple(r) for r in dense}) == len(dense)                # distinct patterns
    assert (np.diff(weight) >= 0).all()                                # by weight
    table = H.ball_table(sizes, radius)
    assert (table[:, 0] == np.arange(len(table))).all()               # each ball starts at its centre
    for x in range(len(table)):
        assert sorted(table[x].tolist()) == np.flatnonzero(dist[x] <= radius).tolist()
    n = math.prod(sizes)
    assert H.sphere_bound(sizes, radius) == -(-n // H.ball_size(sizes, radius))


@given(spaces(), st.integers(0, 2 ** 32 - 1))
def test_sphere_ball_sums_and_minimum_match_brute_force(space, seed):
    sizes, radius = space
    rng = np.random.default_rng(seed)
    w = rng.random(sizes)
    dist = distances(sizes)
    layers = H.sphere_sums(w, radius)
    assert layers.shape == (radius + 1,) + sizes
    for d in range(radius + 1):
        np.testing.assert_allclose(layers[d].ravel(), (dist == d) @ w.ravel(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(H.ball_sums(w, radius).ravel(), (dist <= radius) @ w.ravel(),
                               rtol=1e-12, atol=1e-12)
    v = rng.integers(0, 100, sizes)
    expect = np.where(dist <= radius, v.ravel()[None, :], 10 ** 6).min(axis=1)
    assert H.ball_minimum(v, radius).ravel().tolist() == expect.tolist()


@given(spaces(), st.integers(0, 2 ** 32 - 1))
def test_distance_weighted_sums_match_brute_force(space, seed):
    sizes, depth = space
    layers = np.random.default_rng(seed).random((depth + 1, math.prod(sizes)))
    dist = distances(sizes)
    # brute force: out[x] = sum over r within depth of layers[d(x, r)][r]
    expect = np.array([sum(layers[dist[x, r], r] for r in range(dist.shape[1]) if dist[x, r] <= depth)
                       for x in range(dist.shape[0])])
    np.testing.assert_allclose(H.distance_weighted_sums(layers, sizes).ravel(), expect, rtol=1e-12,
                               atol=1e-12)


@pytest.mark.skipif(not H.NUMBA, reason="the compiled transform needs numba")
@given(spaces(), st.integers(0, 2 ** 32 - 1))
def test_compiled_sphere_sums_match_brute_force_and_numpy_bits(space, seed):
    sizes, radius = space
    w = np.random.default_rng(seed).random(sizes)
    dist = distances(sizes)
    layers = H.sphere_sums(w, radius, compiled=True)
    for d in range(radius + 1):
        np.testing.assert_allclose(layers[d].ravel(), (dist == d) @ w.ravel(), rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(layers, H.sphere_sums(w, radius, compiled=False))
    np.testing.assert_array_equal(H.ball_sums(w, radius, compiled=True),
                                  H.ball_sums(w, radius, compiled=False))


@pytest.mark.skipif(not H.NUMBA, reason="the compiled transform needs numba")
@pytest.mark.parametrize("sizes, radius", [((3,) * 10, 3), ((2,) * 15, 2), ((4,) + (3,) * 8, 4),
                                           ((3, 1, 2) + (3,) * 8, 1)])
def test_compiled_transform_of_spaces_larger_than_a_block(sizes, radius):
    # both passes of the blocked kernel run (high coordinates on tiles, low ones in blocks); the
    # result has the numpy transform's bits, and brute force agrees at sampled points
    rng = np.random.default_rng(7)
    w = rng.random(sizes) * (rng.random(sizes) < 0.6)
    out = np.full(sizes, np.nan)
    work = np.full((radius + 2) * w.size, np.nan)                      # larger than needed: reused
    got = H.ball_sums(w, radius, compiled=True, out=out, work=work)
    assert got is out
    np.testing.assert_array_equal(got, H.ball_sums(w, radius, compiled=False))
    np.testing.assert_array_equal(H.sphere_sums(w, radius),
                                  H.sphere_sums(w, radius, compiled=False))
    pts = H.points_of(sizes)
    for x in rng.integers(0, w.size, 12):
        near = (pts != pts[x]).sum(axis=1) <= radius
        assert got.ravel()[x] == pytest.approx(w.ravel()[near].sum(), rel=1e-12, abs=1e-12)


@pytest.mark.skipif(not H.NUMBA, reason="the compiled transform needs numba")
@pytest.mark.parametrize("sizes, radius", [((3,) * 11, 3), ((2,) * 18, 2), ((4, 2) + (3,) * 10, 4)])
def test_threaded_transform_gives_the_same_bits_whatever_the_split(sizes, radius):
    # tiles and blocks are shared out over threads; every point still gets the numpy transform's
    # operations in its order, so any number of threads (odd splits included) gives the same bits
    assert np.prod(sizes) >= H.THREADED_MIN
    w = np.random.default_rng(11).random(sizes)
    one = H.sphere_sums(w, radius, threads=1)
    np.testing.assert_array_equal(one, H.sphere_sums(w, radius, compiled=False))
    for threads in (2, 3, 5):
        np.testing.assert_array_equal(H.sphere_sums(w, radius, threads=threads), one)
        np.testing.assert_array_equal(H.ball_sums(w, radius, threads=threads), one.sum(axis=0))


@pytest.mark.skipif(not H.NUMBA or not hasattr(os, "fork"), reason="needs numba and fork")
def test_a_forked_child_gets_its_own_transform_threads():
    # worker threads do not survive fork: a child reusing the parent's pool would wait forever, so
    # the pool is tied to its process (run in a subprocess, whose only threads are toto13's)
    code = """
import os, time, numpy as np
from toto13.hamming import ball_sums
w = np.random.default_rng(5).random((3,) * 11)
parent = ball_sums(w, 2, threads=2)
time.sleep(0.3)  # the parent's worker goes idle: a child given the parent's pool would wait on it
pid = os.fork()
if pid == 0:
    os._exit(0 if np.array_equal(ball_sums(w, 2, threads=2), parent) else 3)
_, status = os.waitpid(pid, 0)
print(os.waitstatus_to_exitcode(status))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "0"


def test_thread_count_is_checked(monkeypatch):
    with pytest.raises(ValueError, match=r"threads \(0\) must be"):
        H.ball_sums(np.ones((3,) * 11), 1, compiled=True, threads=0)
    monkeypatch.setenv("TOTO13_THREADS", "two")
    with pytest.raises(ValueError, match="TOTO13_THREADS must be a positive integer, got 'two'"):
        H.default_threads()
    monkeypatch.setenv("TOTO13_THREADS", "3")
    assert H.default_threads() == 3
    monkeypatch.delenv("TOTO13_THREADS")
    assert 1 <= H.default_threads() <= 8


def test_sphere_sums_keep_integer_dtype_and_accept_bool():
    assert H.sphere_sums(np.ones((2, 3), dtype=np.int32), 1).dtype == np.int32
    assert H.ball_sums(np.ones((2, 3), dtype=bool), 2).tolist() == [[6.0] * 3] * 2


@pytest.mark.parametrize("sizes", SPACES)
def test_distance_transform_brute_force(sizes):
    rng = np.random.default_rng(3)
    pts = np.stack([rng.integers(0, q, 5) for q in sizes], axis=1)
    d = H.distance_transform(pts, sizes)
    for p in itertools.product(*[range(q) for q in sizes]):
        assert d[p] == min((np.array(p) != pts).sum(axis=1))
    assert (H.distance_transform(np.empty((0, len(sizes))), sizes) == H.FAR).all()


def test_translates_add_digitwise_modulo():
    sizes = (2, 3, 3)
    pts = all_points(sizes)
    off = np.array([[1, 2, 1], [0, 1, 0]])
    table = H.translates(off, sizes)
    for x, p in enumerate(pts):
        for b, o in enumerate(off):
            assert table[x, b] == H.index_of((p + o) % np.array(sizes), sizes)[0]
    assert H.translates(off, sizes, pts[[4]]).tolist() == table[[4]].tolist()


def _python(kernel):
    """The plain-Python body of a ``jit`` kernel (compiled or not yet)."""
    return getattr(kernel, "py_func", None) or getattr(kernel, "__toto13_kernel__", kernel)


@given(spaces(), st.integers(0, 2 ** 32 - 1))
def test_balls_of_given_points_are_rows_of_the_ball_table(space, seed):
    # the brute force: ball_table (every point's ball, pattern by pattern) and the pairwise distances
    sizes, radius = space
    n = math.prod(sizes)
    centers = np.random.default_rng(seed).integers(0, n, size=5)
    table, dist = H.ball_table(sizes, radius), distances(sizes)
    balls = H.Balls(sizes, radius)
    got = balls(centers)
    assert got.dtype == np.int64 and got.shape == (5, H.ball_size(sizes, radius)) == (5, len(balls))
    assert got.tolist() == table[centers].tolist()
    assert (dist[centers[:, None], got] == balls.distances[None, :]).all()
    assert H.digits_of(centers, sizes).tolist() == all_points(sizes)[centers].tolist()
    sphere = balls.select(balls.distances == radius)
    assert sphere(centers).tolist() == table[centers][:, balls.distances == radius].tolist()
    steps = np.empty((len(sizes), max(sizes)), dtype=np.int64)
    for kernel in {H.ball_indices, _python(H.ball_indices)}:       # compiled (if numba) and Python
        out = np.empty(len(balls), dtype=np.int64)
        for c in centers.tolist():
            kernel(c, balls.q, balls.strides, balls.positions, balls.shifts, steps, out)
            assert out.tolist() == table[c].tolist()


@pytest.mark.parametrize("radius", [0, 1, 3])
def test_balls_of_13_three_way_matches_are_translates_of_the_patterns(radius):
    # the full ball table of 3^13 points is too large: translates of the given points instead
    sizes = (3,) * 13
    centers = np.array([0, 1, 3 ** 13 - 1, 797161, 1234567])
    expect = H.translates(H.dense_patterns(sizes, radius), sizes, H.digits_of(centers, sizes))
    balls = H.Balls(sizes, radius)
    assert balls(centers).tolist() == expect.tolist()
    out = np.empty(len(balls), dtype=np.int64)
    H.ball_indices(int(centers[3]), balls.q, balls.strides, balls.positions, balls.shifts,
                   np.empty((13, 3), dtype=np.int64), out)
    assert out.tolist() == expect[3].tolist()


def test_subspace_indices_are_the_points_inside_the_mask():
    mask = np.array([[1, 1, 0], [0, 0, 1], [1, 1, 1]], dtype=bool)
    full = all_points((3, 3, 3))
    inside = mask[np.arange(3), full].all(axis=1)
    assert H.subspace_indices(mask).tolist() == np.flatnonzero(inside).tolist()


@pytest.mark.parametrize("call, match", [
    (lambda: H.ball_size([3, 3], 3), r"radius \(3\) must be in 0..2"),
    (lambda: H.ball_size([3, 0], 1), r"sizes \(0\) must be at least 1"),
    (lambda: H.sphere_sums(np.ones((3, 3)), -1), r"radius \(-1\) must be in 0..2"),
    (lambda: H.subspace_indices([True, False]), r"mask must have shape"),
])
def test_errors_name_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_one_numba_switch_honours_the_environment():
    env = dict(os.environ, TOTO13_NO_NUMBA="1")
    code = ("import toto13.hamming as h, toto13.tickets.generators as g, toto13.systems.tabu as t;"
            "print(h.NUMBA, g.NUMBA is h.NUMBA, t.jit is h.jit)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "True", "True"]
