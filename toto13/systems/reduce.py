"""Probability-aware reduction: the n tips inside a spec that maximise P(best >= x).

The probability is over the true results (all 3^m, independent matches with the given probabilities),
the tips lie inside the spec. A result is won at ``x`` strikes when some tip is within Hamming distance
``R = m - x`` of it, so P(best >= x) is the probability mass of the union of the radius-``R`` balls
around the tips: a weighted maximum-coverage problem.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import as_rng, check_int, check_nonnegative, check_probability_table
from ..hamming import ball_sums, points_of, subspace_indices
from ..tickets.evaluate import evaluate, result_probabilities
from ..tickets.generators import greedy_tips, top_tips
from ..greedy import GreedyStopped
from ..tickets.encoding import tips_to_index
from ..tickets.spec import Spec, parse_spec
from .verify import Verification, verify

__all__ = ["Reduction", "reduce_system", "coverage_probability"]


def coverage_probability(tips: ArrayLike, probs: ArrayLike, min_strikes: int) -> float:
    """Exact P(best >= min_strikes) of ``tips`` over all results (:func:`toto13.tickets.evaluate`).

    Examples
    --------
    >>> round(coverage_probability([[0, 0]], [[0.5, 0.3, 0.2], [0.5, 0.3, 0.2]], 2), 6)
    0.25
    """
    t = np.asarray(tips, dtype=np.int8)
    p = check_probability_table("probs", probs, matches=t.shape[1])
    x = check_int("min_strikes", min_strikes, 0, t.shape[1])
    return float(evaluate(t, p).coverage[x])


@dataclass(frozen=True)
class Reduction:
    """Result of :func:`reduce_system`.

    ``probability`` = the coverage at ``min_strikes``, exact P(best >= min_strikes) (the output field's
    name is kept); ``coverage[x]`` = exact P(best >= x) for every x;
    ``verification`` the exhaustive check inside the spec (``verification.minimum`` is the number of
    strikes the tips guarantee when the result falls inside the spec).
    """

    spec: Spec
    budget: int
    min_strikes: int
    tips: NDArray[np.int8] = field(repr=False)
    probability: float
    coverage: NDArray[np.float64] = field(repr=False)
    verification: Verification
    method: str

    def to_dict(self) -> dict[str, Any]:
        v = self.verification
        return {"tips": int(self.tips.shape[0]), "guarantee": v.minimum, "verified": True,
                "spec": str(self.spec), "results": v.results, "min_strikes": self.min_strikes,
                "probability": self.probability,
                "coverage": {str(x): float(c) for x, c in enumerate(self.coverage)},
                "distribution": {str(x): c for x, c in enumerate(v.distribution) if c},
                "method": self.method}


#: The largest greedy start without a time limit (``time_limit=0``): about a second of work.
GREEDY_START_WITHOUT_TIME = 2_000


def _start(n: int, p, x: int, spec: Spec, time_limit: float, deadline: float) -> tuple[NDArray, str]:
    """The start of the reduction: the greedy within the time limit, else the most probable tips."""
    if time_limit == 0 and n > GREEDY_START_WITHOUT_TIME:
        return (top_tips(n, p, spec=spec.mask),
                f"most probable tips (a greedy start above {GREEDY_START_WITHOUT_TIME:,} tips needs a "
                "time limit)")
    try:
        return greedy_tips(n, p, min_strikes=x, spec=spec.mask,
                           deadline=deadline if time_limit > 0 else None), "greedy"
    except GreedyStopped as stop:
        return (top_tips(n, p, spec=spec.mask),
                f"most probable tips (the greedy start had {stop.done:,} of {n:,} when the time ran out)")


def reduce_system(spec: Spec | str, probs: ArrayLike, budget: int, min_strikes: int, *,
                  matches: int = 13, time_limit: float = 5.0, max_passes: int | None = None,
                  rng: np.random.Generator | int | None = None) -> Reduction:
    """Choose ``budget`` tips inside ``spec`` maximising P(best >= min_strikes), evaluated exactly.

    Parameters
    ----------
    spec : Spec or str
    probs : array_like, shape (matches, 3)
        Per-match probabilities (home, draw, away).
    budget : int
        Number of tips, 1 .. number of results inside the spec.
    min_strikes : int
        ``x`` in P(best >= x), ``0..matches``.
    matches : int
        Number of matches of a string spec.
    time_limit : float
        Seconds for the whole search: the greedy start and the exchange phase after it. 0: no
        exchange phase, and a greedy start only up to :data:`GREEDY_START_WITHOUT_TIME` tips (a larger
        budget starts from the most probable tips), so the result is deterministic and quick.
    max_passes : int, optional
        At most this many passes over the tips in the exchange phase (default: until a pass changes
        nothing or the time is up). With a generous ``time_limit`` the result is then the same on a
        fast or a slow machine.
    rng : Generator, int or None
        Order in which the exchange phase visits the tips.

    Returns
    -------
    Reduction

    Raises
    ------
    ValueError
        Naming ``spec``, ``probs``, ``budget`` or ``min_strikes``.

    Notes
    -----
    Start: the exact greedy of :func:`toto13.tickets.greedy_tips` (each tip maximises the gain, the
    uncovered probability mass within distance ``R``). Then an exchange phase within ``time_limit``: drop
    one tip, compute the gain of every candidate on what is then uncovered (a ball sum over the 3^m
    results, separable in the matches), put in the best one, and keep the change if the probability
    grows; until a full pass changes nothing. When the time runs out during the greedy start, the most
    probable tips inside the spec (:func:`toto13.tickets.top_tips`) replace it. The final
    probability is :func:`toto13.tickets.evaluate` on the chosen tips. With ``budget = 1`` the
    result is optimal.

    Examples
    --------
    >>> p = [[0.6, 0.3, 0.1]] * 4
    >>> r = reduce_system("10 10 102 1", p, budget=2, min_strikes=3, matches=4, time_limit=0)
    >>> r.tips.tolist(), round(r.probability, 6)
    ([[0, 0, 0, 0], [1, 1, 1, 0]], 0.6156)
    """
    spec = parse_spec(spec, matches=matches)
    m = spec.matches
    p = check_probability_table("probs", probs, matches=m)
    n = check_int("budget", budget, 1)
    if n > spec.size:
        raise ValueError(f"budget ({budget!r}) exceeds the {spec.size:,} tips inside the spec")
    x = check_int("min_strikes", min_strikes, 0, m)
    time_limit = check_nonnegative("time_limit", time_limit)
    passes = None if max_passes is None else check_int("max_passes", max_passes, 0)
    if m > 13:
        raise ValueError(f"matches ({m}) must be at most 13 for exact evaluation over 3^m results")
    gen = as_rng(rng)
    radius = m - x
    shape = (3,) * m
    wf = result_probabilities(p)
    cand_tips = spec.expand()
    cand = subspace_indices(spec.mask)
    deadline = time.monotonic() + time_limit
    start, method = _start(n, p, x, spec, time_limit, deadline)
    chosen = [int(i) for i in np.searchsorted(cand, tips_to_index(start))]
    taken = np.zeros(len(cand), dtype=bool)
    taken[chosen] = True
    if time_limit > 0 and n < len(cand) and time.monotonic() < deadline:
        digits = points_of(shape)
        cnt = np.rint(ball_sums(np.isin(np.arange(wf.size), cand[chosen]).astype(np.float64).reshape(shape),
                                radius)).astype(np.int64).ravel()
        improved = True
        swaps = 0
        done = 0
        while improved and time.monotonic() < deadline and (passes is None or done < passes):
            done += 1
            improved = False
            for k in gen.permutation(n):
                if time.monotonic() >= deadline:
                    break
                own = np.count_nonzero(digits != cand_tips[chosen[k]], axis=1) <= radius
                left = cnt - own
                lost = float(wf[own & (left == 0)].sum())
                gains = ball_sums(np.where(left > 0, 0.0, wf).reshape(shape), radius).ravel()[cand]
                gains[taken] = -1.0
                best = int(np.argmax(gains))
                if gains[best] > lost * (1 + 1e-12) + 1e-15:
                    taken[chosen[k]] = False
                    taken[best] = True
                    chosen[k] = best
                    cnt = left + (np.count_nonzero(digits != cand_tips[best], axis=1) <= radius)
                    improved = True
                    swaps += 1
        method = f"{method} + {swaps} exchanges"
    tips = cand_tips[np.sort(np.array(chosen, dtype=np.int64))]
    ev = evaluate(tips, p)
    check = verify(tips, spec, 0)
    tips.setflags(write=False)
    return Reduction(spec, n, x, tips, float(ev.coverage[x]), np.asarray(ev.coverage, dtype=np.float64),
                     check, method)
