"""Exhaustive verification of a system: the best strike count for every result inside its spec.

The best strike count of a tip set on a result ``r`` is ``m - d(r, C)``, ``d`` the Hamming distance to
the nearest tip. It is computed for all results at once by a separable distance transform over the
product space: the Hamming metric is a sum of per-match metrics, so the min-plus convolution with a ball
factorises into one pass per match, ``D <- min(D, 1 + min_a D[..., a, ...])``. That is ``m`` vectorised
passes over the space (3^13 = 1,594,323 entries at most), whatever the number of tips.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import check_int
from ..hamming import distance_transform
from ..tickets.spec import Spec, parse_spec

__all__ = ["Verification", "best_strikes_in_spec", "verify", "covering_radius"]


def _as_spec(spec: Spec | str, matches: int | None) -> Spec:
    """A Spec; a string spec has ``matches`` groups (default: as many as it lists)."""
    if isinstance(spec, Spec):
        return parse_spec(spec, matches=spec.matches if matches is None else matches)
    text = str(spec)
    count = len(text.split(",") if "," in text else text.split())
    return parse_spec(text, matches=count if matches is None else matches)


def covering_radius(points: ArrayLike, sizes: tuple[int, ...]) -> int:
    """Covering radius of a code in the product space ``sizes`` (max distance to the nearest word).

    Examples
    --------
    >>> covering_radius([[0, 0, 0], [1, 1, 1]], (2, 2, 2))
    1
    """
    return int(distance_transform(points, sizes).max())


def best_strikes_in_spec(tips: ArrayLike, spec: Spec | str) -> NDArray[np.uint8]:
    """Best strike count of ``tips`` on every result inside ``spec``.

    Parameters
    ----------
    tips : array_like of int, shape (n, matches)
        Outcome codes (0 home, 1 draw, 2 away); tips may lie outside the spec.
    spec : Spec or str

    Returns
    -------
    ndarray of uint8, length ``spec.size``
        In the order of :meth:`Spec.expand` (match 0 most significant).

    Examples
    --------
    >>> best_strikes_in_spec([[0, 0]], "10 1").tolist()   # results 11 and 01
    [2, 1]
    """
    spec = _as_spec(spec, None)
    t = np.asarray(tips, dtype=np.int64).reshape(-1, spec.matches)
    if t.size and (t.min() < 0 or t.max() > 2):
        raise ValueError("tips must hold outcome codes 0, 1, 2")
    # per match: the spec's outcomes first, then any outcome a tip uses outside the group (a tip there
    # never strikes, which the extra symbol models exactly)
    alphabets = []
    for i, g in enumerate(spec.groups):
        extra = sorted(set(np.unique(t[:, i]).tolist()) - set(g)) if t.size else []
        alphabets.append(tuple(g) + tuple(extra))
    sizes = tuple(len(a) for a in alphabets)
    local = np.empty_like(t)
    for i, a in enumerate(alphabets):
        lut = np.zeros(3, dtype=np.int64)
        lut[list(a)] = np.arange(len(a))
        local[:, i] = lut[t[:, i]] if t.size else local[:, i]
    d = distance_transform(local, sizes)
    d = d[tuple(slice(0, len(g)) for g in spec.groups)]
    return (spec.matches - d.astype(np.int16)).clip(0).astype(np.uint8).ravel()


@dataclass(frozen=True)
class Verification:
    """Outcome of an exhaustive check.

    ``distribution[x]`` = number of results inside the spec whose best strike count is exactly ``x``;
    ``minimum`` the smallest best strike count; ``holds`` whether ``minimum >= guarantee``.
    """

    spec: str
    guarantee: int
    tips: int
    results: int
    distribution: tuple[int, ...]
    minimum: int
    holds: bool


def verify(tips: ArrayLike, spec: Spec | str, guarantee: int, matches: int | None = None) -> Verification:
    """Check exhaustively that every result inside ``spec`` has a tip with ``>= guarantee`` strikes.

    Parameters
    ----------
    tips : array_like of int, shape (n, matches)
    spec : Spec or str
    guarantee : int
        In ``0..matches``.
    matches : int, optional
        Number of matches of a string ``spec`` (default: as many as it has groups).

    Returns
    -------
    Verification

    Examples
    --------
    >>> v = verify([[0, 0, 0], [1, 1, 1]], "10 10 10", guarantee=2)
    >>> v.holds, v.distribution
    (True, (0, 0, 6, 2))
    """
    spec = _as_spec(spec, matches)
    g = check_int("guarantee", guarantee, 0, spec.matches)
    t = np.asarray(tips, dtype=np.int64).reshape(-1, spec.matches)
    best = best_strikes_in_spec(t, spec)
    dist = np.bincount(best, minlength=spec.matches + 1)
    lo = int(best.min()) if t.shape[0] else 0
    holds = bool(t.shape[0] > 0 and lo >= g) or g == 0
    return Verification(str(spec), g, int(t.shape[0]), int(best.size), tuple(int(c) for c in dist), lo, holds)
