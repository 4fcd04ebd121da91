"""Greedy coverings of a product space: from scratch, and patching a code until it covers.

The space is a product of small alphabets (2 for a two-way, 3 for a three-way), points indexed in mixed
radix (:mod:`toto13.hamming`). A code covers the space with radius ``R`` when every point is within
Hamming distance ``R`` of a word.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from numpy.typing import NDArray

from ..hamming import (ball_sums, ball_table, check_space, dense_patterns, distance_transform,
                       points_of, translates)

__all__ = ["greedy_covering", "greedy_indices", "patch_covering"]


def greedy_indices(balls: NDArray) -> NDArray[np.int64]:
    """Greedy set cover of the points ``0..n-1`` by the rows of a ball table (shape (n, b)).

    Always takes the row covering the most uncovered points (ties: the lowest index) until every point
    is covered; returns the chosen row indices in the order taken.

    Examples
    --------
    >>> from toto13.hamming import ball_table
    >>> greedy_indices(ball_table([2, 2, 2], 1)).tolist()
    [0, 7]
    """
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
    sizes, radius = check_space(sizes, radius)
    return points_of(sizes)[greedy_indices(ball_table(sizes, radius))]


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
    sizes, radius = check_space(sizes, radius)
    words = np.asarray(words, dtype=np.int8).reshape(-1, len(sizes))
    far = distance_transform(words, sizes) > radius
    dense = dense_patterns(sizes, radius)
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
        if taken:
            far.ravel()[translates(dense, sizes, np.array(taken)).ravel()] = False
        added.extend(taken)
    if not added:
        return words
    return np.concatenate([words, np.array(added, dtype=np.int8)])
