"""System specifications: per match the outcomes a system may play (banker, two-way, three-way).

A spec is written as one group per match, separated by blanks, each group the allowed outcomes written
``1`` (home), ``0`` (draw), ``2`` (away): ``1 10 102 2 ...``. A group of one outcome is a *banker*, two
outcomes a *two-way*, three a *three-way*. Internally outcome codes are 0 (home, written ``1``), 1 (draw,
written ``0``), 2 (away, written ``2``), as everywhere in toto13.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import check_int
from ..hamming import points_of
from .encoding import SYMBOLS

__all__ = ["Spec", "parse_spec", "full_spec", "spec_mask", "spec_to_string", "SYMBOLS"]

_CODE = {s: i for i, s in enumerate(SYMBOLS)}


@dataclass(frozen=True)
class Spec:
    """Allowed outcomes per match.

    Parameters
    ----------
    groups : tuple of tuple of int
        For each match the allowed outcome codes (0 home, 1 draw, 2 away), ascending, non-empty,
        no repeats.

    Examples
    --------
    >>> s = parse_spec("1 10 102 2", matches=4)
    >>> s.groups
    ((0,), (0, 1), (0, 1, 2), (2,))
    >>> str(s), s.bankers, s.two_ways, s.three_ways, s.size
    ('1 10 102 2', 2, 1, 1, 6)
    """

    groups: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        groups = tuple(tuple(int(c) for c in g) for g in self.groups)
        if not groups:
            raise ValueError("spec must list at least one match")
        for i, g in enumerate(groups):
            if not g:
                raise ValueError(f"spec group {i + 1} is empty; each match needs 1 to 3 outcomes")
            if any(c not in (0, 1, 2) for c in g):
                raise ValueError(f"spec group {i + 1} ({g!r}) must hold outcome codes 0, 1, 2")
            if len(set(g)) != len(g):
                raise ValueError(f"spec group {i + 1} ({g!r}) repeats an outcome")
        object.__setattr__(self, "groups", tuple(tuple(sorted(g)) for g in groups))

    def __str__(self) -> str:
        return " ".join("".join(SYMBOLS[c] for c in g) for g in self.groups)

    @classmethod
    def from_mask(cls, mask: ArrayLike) -> Spec:
        """The spec whose allowed outcomes are the True entries of a ``(matches, 3)`` mask."""
        m = np.asarray(mask, dtype=bool)
        if m.ndim != 2 or m.shape[1] != 3:
            raise ValueError(f"spec mask must have shape (matches, 3), got {m.shape}")
        return cls(tuple(tuple(int(c) for c in np.flatnonzero(row)) for row in m))

    @property
    def mask(self) -> NDArray[np.bool_]:
        """``(matches, 3)`` boolean array: ``mask[j, c]`` when outcome ``c`` is allowed in match ``j``."""
        out = np.zeros((self.matches, 3), dtype=bool)
        for j, g in enumerate(self.groups):
            out[j, list(g)] = True
        return out

    @property
    def matches(self) -> int:
        """Number of matches."""
        return len(self.groups)

    @property
    def sizes(self) -> tuple[int, ...]:
        """Number of allowed outcomes per match."""
        return tuple(len(g) for g in self.groups)

    @property
    def bankers(self) -> int:
        return sum(1 for g in self.groups if len(g) == 1)

    @property
    def two_ways(self) -> int:
        return sum(1 for g in self.groups if len(g) == 2)

    @property
    def three_ways(self) -> int:
        return sum(1 for g in self.groups if len(g) == 3)

    @property
    def free(self) -> tuple[int, ...]:
        """Indices of the matches with more than one allowed outcome (two- and three-ways)."""
        return tuple(i for i, g in enumerate(self.groups) if len(g) > 1)

    @property
    def size(self) -> int:
        """Number of results inside the spec (= tips of the full system)."""
        return math.prod(self.sizes)

    def contains(self, tips: NDArray) -> NDArray[np.bool_]:
        """Which rows of ``tips`` (shape (n, matches), outcome codes) lie inside the spec."""
        t = np.asarray(tips)
        ok = np.ones(t.shape[0], dtype=bool)
        for i, g in enumerate(self.groups):
            ok &= np.isin(t[:, i], g)
        return ok

    def expand(self) -> NDArray[np.int8]:
        """All results inside the spec (the full system), lexicographic with match 0 most significant.

        Examples
        --------
        >>> parse_spec("1 10 02", matches=3).expand().tolist()
        [[0, 0, 1], [0, 0, 2], [0, 1, 1], [0, 1, 2]]
        """
        return self.from_local(self.local_grid())

    def local_grid(self) -> NDArray[np.int8]:
        """All points of the spec's product space as local indices (index into each group)."""
        return points_of(self.sizes)

    def from_local(self, local: NDArray) -> NDArray[np.int8]:
        """Map local indices (position in each group) to outcome codes."""
        local = np.asarray(local)
        out = np.empty(local.shape, dtype=np.int8)
        for i, g in enumerate(self.groups):
            out[:, i] = np.asarray(g, dtype=np.int8)[local[:, i]]
        return out

    def to_local(self, tips: NDArray) -> NDArray[np.int8]:
        """Map outcome codes to local indices; ``ValueError`` for a tip outside the spec."""
        t = np.asarray(tips)
        inside = self.contains(t)
        if not inside.all():
            raise ValueError(f"tips row {int(np.argmin(inside))} lies outside the spec {self}")
        out = np.empty(t.shape, dtype=np.int8)
        for i, g in enumerate(self.groups):
            lut = np.zeros(3, dtype=np.int8)
            lut[list(g)] = np.arange(len(g))
            out[:, i] = lut[t[:, i]]
        return out

    def with_free(self, free_local: NDArray) -> NDArray[np.int8]:
        """Complete codewords over the free matches (local indices) into tips: bankers filled in."""
        free_local = np.asarray(free_local, dtype=np.int8).reshape(-1, len(self.free))
        local = np.zeros((free_local.shape[0], self.matches), dtype=np.int8)
        local[:, list(self.free)] = free_local
        return self.from_local(local)


def parse_spec(text: str | Spec | Sequence[str], matches: int = 13) -> Spec:
    """Parse a spec such as ``"1 10 102 2 ..."`` (one group per match, blanks or commas between).

    Parameters
    ----------
    text : str, Spec or sequence of str
        The groups. Each group is written with the symbols ``1`` (home), ``0`` (draw), ``2`` (away).
    matches : int
        Number of matches the spec must have (13).

    Returns
    -------
    Spec

    Raises
    ------
    ValueError
        Naming ``spec``: the wrong number of groups, a symbol other than 1, 0, 2, a repeated outcome in a
        group or an empty group.

    Examples
    --------
    >>> parse_spec("102 102 1", matches=3).three_ways
    2
    >>> parse_spec("1 3", matches=2)
    Traceback (most recent call last):
    ...
    ValueError: spec ('1 3') group 2 ('3') holds '3'; allowed symbols are 1, 0, 2
    """
    matches = check_int("matches", matches, 1, 64)
    if isinstance(text, Spec):
        if text.matches != matches:
            raise ValueError(f"spec ('{text}') has {text.matches} groups; expected {matches} "
                             "(one per match)")
        return text
    if isinstance(text, str):
        shown = text.strip()
        parts = [p.strip() for p in shown.split(",")] if "," in shown else shown.split()
    else:
        parts = [str(p).strip() for p in text]
        shown = " ".join(parts)
    for i, p in enumerate(parts, start=1):
        if p == "":
            raise ValueError(f"spec ('{shown}') group {i} is empty; each match needs 1 to 3 outcomes")
    if len(parts) != matches:
        raise ValueError(f"spec ('{shown}') has {len(parts)} groups; expected {matches} (one per match)")
    groups = []
    for i, p in enumerate(parts, start=1):
        if p == "":
            raise ValueError(f"spec ('{shown}') group {i} is empty; each match needs 1 to 3 outcomes")
        for ch in p:
            if ch not in _CODE:
                raise ValueError(f"spec ('{shown}') group {i} ('{p}') holds '{ch}'; "
                                 "allowed symbols are 1, 0, 2")
        if len(set(p)) != len(p):
            raise ValueError(f"spec ('{shown}') group {i} ('{p}') repeats an outcome")
        groups.append(tuple(_CODE[ch] for ch in p))
    return Spec(tuple(groups))


def full_spec(matches: int = 13, outcomes: str = "102") -> Spec:
    """The spec with the same group on every match, e.g. 13 three-ways or 13 two-ways ``"10"``.

    Examples
    --------
    >>> str(full_spec(3, "10"))
    '10 10 10'
    """
    return parse_spec(" ".join([outcomes] * check_int("matches", matches, 1, 64)), matches=matches)


def spec_mask(spec: str | Spec | Sequence[str] | ArrayLike | None, matches: int) -> NDArray[np.bool_]:
    """The ``(matches, 3)`` mask of a spec given as text, a :class:`Spec`, a mask, or None (all three).

    Examples
    --------
    >>> spec_mask("10 2 102", 3).astype(int)
    array([[1, 1, 0],
           [0, 0, 1],
           [1, 1, 1]])
    """
    matches = check_int("matches", matches, 1, 64)
    if spec is None:
        return np.ones((matches, 3), dtype=bool)
    if isinstance(spec, np.ndarray) and spec.dtype == bool:
        if spec.shape != (matches, 3):
            raise ValueError(f"spec must have shape ({matches}, 3), got {spec.shape}")
        return Spec.from_mask(spec).mask
    return parse_spec(spec, matches=matches).mask


def spec_to_string(mask: ArrayLike) -> str:
    """Write a spec mask as groups, e.g. ``'10 2 102'``.

    Examples
    --------
    >>> spec_to_string(spec_mask("01 2 120", 3))
    '10 2 102'
    """
    return str(Spec.from_mask(mask))
