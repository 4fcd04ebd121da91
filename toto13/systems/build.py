"""Reduced systems with a guaranteed number of strikes: construction, search, proof.

A system for a spec and a guarantee ``g`` is a tip set such that every result inside the spec has a tip
with at least ``g`` strikes. A banker always strikes, so over the ``k`` free matches (two- and
three-ways) this is a covering code of radius ``R = matches - g`` in the product space of their
outcome groups.
"""
from __future__ import annotations

import functools
import math
import re
import warnings
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import as_rng, check_int, check_nonnegative
from ..hamming import ball_size, sphere_bound
from .codes import Block, best_direct_sum, build_direct_sum, catalogue, full_space
from .covering import greedy_covering
from .known import KnownBound, best_known
from .symmetric import RECIPES
from .tabu import tabu_covering
from ..tickets.spec import Spec, parse_spec
from .verify import Verification, covering_radius, verify

__all__ = ["System", "build_system", "full_system", "shipped_blocks", "SEARCH_LIMIT", "GREEDY_LIMIT"]

#: Largest (space size x ball size) searched by tabu search (the ball table is that many int32).
SEARCH_LIMIT = 20_000_000
#: Largest (space size x ball size) for the plain greedy covering: beyond it greedy takes more than a
#: few seconds; where it wins there (12 three-ways at radius 1, 9 at radius 3) its result ships
#: as data.
GREEDY_LIMIT = 4_000_000

_NAME = re.compile(r"^(binary|ternary)-(\d+)-(\d+)\.csv$")


@functools.lru_cache(maxsize=1)
def shipped_blocks() -> tuple[Block, ...]:
    """Codes found by ``scripts/make_systems_data.py`` (``toto13/data/systems/*.csv``), each checked
    exhaustively (covering radius by distance transform) when loaded; a file that fails is skipped with
    a warning."""
    blocks = []
    try:
        folder = resources.files("toto13") / "data" / "systems"
        entries = sorted(folder.iterdir(), key=lambda p: p.name) if folder.is_dir() else []
    except (FileNotFoundError, ModuleNotFoundError):  # pragma: no cover
        entries = []
    for entry in entries:
        m = _NAME.match(entry.name)
        if not m:
            continue
        q = 2 if m.group(1) == "binary" else 3
        n, radius = int(m.group(2)), int(m.group(3))
        lines = entry.read_text(encoding="utf-8").split()
        try:
            if lines[0] != "word":
                raise ValueError("header must be 'word'")
            if any(len(w) != n for w in lines[1:]):
                raise ValueError(f"words must have {n} symbols 0..{q - 1}")
            code = (np.frombuffer("".join(lines[1:]).encode("ascii"), dtype=np.uint8).reshape(-1, n)
                    .astype(np.int8) - ord("0"))
            if code.ndim != 2 or code.shape[1] != n or code.min() < 0 or code.max() >= q:
                raise ValueError(f"words must have {n} symbols 0..{q - 1}")
            if len(np.unique(code, axis=0)) != len(code) or covering_radius(code, (q,) * n) > radius:
                raise ValueError(f"not a covering of radius {radius}")
        except (ValueError, IndexError) as exc:
            warnings.warn(f"skipping {entry.name}: {exc}", RuntimeWarning, stacklevel=2)
            continue
        code.setflags(write=False)
        blocks.append(Block(n if q == 2 else 0, n if q == 3 else 0, radius, len(code),
                            _block_name(entry.name[:-4]), functools.partial(np.array, code)))
    return tuple(blocks)


def _block_name(stem: str) -> str:
    """``searched ternary-13-3``, or the construction behind a shipped code where it is known."""
    return f"{RECIPES[stem].description} ({stem})" if stem in RECIPES else f"searched {stem}"


@dataclass(frozen=True)
class System:
    """A verified system.

    ``tips`` (n, matches) outcome codes; ``verification`` the exhaustive check over all ``spec.size``
    results inside the spec (its ``distribution[x]`` counts the results whose best strike count is
    ``x``); ``method`` says how it was built; ``bound`` is the sphere-covering lower bound on the size;
    ``known`` the best known size of such a covering where one is tabulated (:mod:`.known`).
    """

    spec: Spec
    guarantee: int
    tips: NDArray[np.int8] = field(repr=False)
    verification: Verification
    method: str
    bound: int
    known: KnownBound | None = None

    @property
    def size(self) -> int:
        return int(self.tips.shape[0])

    def to_dict(self) -> dict[str, Any]:
        """Summary for JSON output."""
        return {"tips": self.size, "guarantee": self.guarantee, "verified": self.verification.holds,
                "spec": str(self.spec), "results": self.verification.results,
                "min_best_strikes": self.verification.minimum,
                "distribution": {str(x): c for x, c in enumerate(self.verification.distribution) if c},
                "method": self.method, "lower_bound": self.bound,
                "best_known": None if self.known is None else self.known.size,
                "best_known_source": None if self.known is None else self.known.source}


def full_system(spec: Spec | str, matches: int = 13) -> NDArray[np.int8]:
    """Every combination of the spec (guarantees all matches).

    Examples
    --------
    >>> full_system("1 10 102", matches=3).shape
    (6, 3)
    """
    return parse_spec(spec, matches=matches).expand()


def _cover(binary: int, ternary: int, radius: int, time_limit: float, max_iters: int | None,
           rng: np.random.Generator) -> tuple[NDArray[np.int8], str]:
    """A covering of radius ``radius`` over ``binary`` two-ways then ``ternary`` three-ways."""
    k = binary + ternary
    sizes = (2,) * binary + (3,) * ternary
    if radius >= k:
        return np.zeros((1, k), dtype=np.int8), "one tip"
    if radius == 0:
        return full_space(sizes), "full system"
    blocks = catalogue(shipped_blocks())
    size, parts = best_direct_sum(binary, ternary, radius, blocks)
    best = build_direct_sum(binary, ternary, parts)
    named = [p.name for p in parts if isinstance(p, Block)]
    trivial = sum(1 for p in parts if not isinstance(p, Block))
    if trivial:
        named.append(f"{trivial} trivial coordinate{'s' if trivial > 1 else ''}")
    method = ("direct sum: " + " (+) ".join(named)) if len(parts) > 1 else (named[0] if named else "trivial")
    n = math.prod(sizes)
    lower = sphere_bound(sizes, radius)
    table = n * ball_size(sizes, radius)
    if table <= SEARCH_LIMIT and len(best) > lower:
        if table <= GREEDY_LIMIT:
            greedy = greedy_covering(sizes, radius)
            if len(greedy) < len(best):
                best, method = greedy, "greedy"
        if (time_limit > 0 or max_iters) and len(best) > lower:
            found = tabu_covering(sizes, radius, best, time_limit=time_limit, max_iters=max_iters, rng=rng)
            if len(found) < len(best):
                best, method = found, f"tabu search from {method}"
    return best, method


def build_system(spec: Spec | str, guarantee: int, *, matches: int = 13, time_limit: float = 5.0,
                 max_iters: int | None = None,
                 rng: np.random.Generator | int | None = None) -> System:
    """A reduced system: tips inside ``spec`` such that every result inside it has a tip with at least
    ``guarantee`` strikes, proved by exhaustive verification before it is returned.

    Parameters
    ----------
    spec : Spec or str
        E.g. ``"1 10 102 ..."``: per match the allowed outcomes.
    guarantee : int
        Strikes guaranteed, ``0..matches``.
    matches : int
        Number of matches of a string spec (13).
    time_limit : float
        Seconds of tabu search where the space is small enough (two-ways and mixed specs); 0 for the
        constructions only (deterministic).
    max_iters : int, optional
        Cap on search steps (with ``rng``, makes the search reproducible).
    rng : Generator, int or None
        Seeds the search.

    Returns
    -------
    System

    Raises
    ------
    ValueError
        A bad spec (naming ``spec``), a guarantee outside ``0..matches``, a negative time limit.

    Notes
    -----
    Construction: the smallest direct sum of catalogue codes (perfect Hamming and Golay codes, codes
    found by the matrix method and shipped as data, trivial coordinates; sizes multiply and radii add),
    then, where the space is small enough, the greedy covering and tabu search from the better of the
    two. Whatever is built is verified over all results inside the spec.

    Examples
    --------
    >>> s = build_system("102 " * 12 + "102", guarantee=12, time_limit=0)   # perfect Hamming code
    >>> s.size, s.verification.holds, s.verification.distribution[12:]
    (59049, True, (1535274, 59049))
    >>> build_system("1 10 102 102 102 102 1", 6, matches=7, time_limit=0).size   # Hamming [4,2] x 2
    18
    """
    spec = parse_spec(spec, matches=matches)
    g = check_int("guarantee", guarantee, 0, spec.matches)
    time_limit = check_nonnegative("time_limit", time_limit)
    gen = as_rng(rng)
    radius = spec.matches - g
    sizes = spec.sizes
    bin_pos = [i for i in spec.free if sizes[i] == 2]
    ter_pos = [i for i in spec.free if sizes[i] == 3]
    code, method = _cover(len(bin_pos), len(ter_pos), min(radius, len(spec.free)), time_limit, max_iters,
                          gen)
    local = np.zeros((code.shape[0], spec.matches), dtype=np.int8)
    local[:, bin_pos + ter_pos] = code
    tips = spec.from_local(np.unique(local, axis=0))
    check = verify(tips, spec, g)
    if not check.holds:  # pragma: no cover - a construction bug; never return an unproved system
        raise RuntimeError(f"internal error: the system for {spec} fails guarantee {g} "
                           f"(minimum {check.minimum})")
    r = min(radius, len(spec.free))
    lower = sphere_bound([sizes[i] for i in spec.free], r) if spec.free else 1
    tips.setflags(write=False)
    return System(spec, g, tips, check, method, lower, best_known(len(bin_pos), len(ter_pos), r))
