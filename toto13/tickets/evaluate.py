"""Exact evaluation of a tip set over all ``3**m`` results.

The set's best strike count is computed for every result at once by a distance transform on the
Hamming graph (a multi-source breadth-first search whose cost does not grow with the number of tips);
the probability of each result is the product of its matches' probabilities (results independent
across matches). See :func:`best_strikes` and :func:`evaluate`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..engine import hit_rate_table, poisson_binomial_pmf
from .._lazy import renamed_attributes
from ..errors import check_int, check_probability_table
from ..hamming import ball_minimum, distance_transform
from .encoding import MAX_ENUM_MATCHES, check_tips, tips_from_strings, tips_to_index

__all__ = [
    "Evaluation",
    "evaluate",
    "best_strikes",
    "strikes",
    "strike_pmfs",
    "result_probabilities",
    "probability_table",
    "first_cover",
    "formula_coverage",
    "coverage_curve",
]


def probability_table(probs: ArrayLike | float, matches: int | None = None) -> NDArray[np.float64]:
    """A checked ``(matches, 3)`` table from a table or a scalar hit rate (:func:`hit_rate_table`)."""
    if np.ndim(probs) == 0:
        if matches is None:
            raise ValueError("a scalar hit rate needs the number of matches")
        return hit_rate_table(float(probs), matches)  # type: ignore[arg-type]
    return check_probability_table("probs", probs, matches=matches)


def _check_enum(matches: int) -> None:
    if not 1 <= matches <= MAX_ENUM_MATCHES:
        raise ValueError(f"matches ({matches}) must be in 1..{MAX_ENUM_MATCHES} to enumerate all "
                         "3**matches results")


def result_probabilities(probs: ArrayLike | float, matches: int | None = None) -> NDArray[np.float64]:
    """Probability of every result, indexed base 3 with match 0 most significant.

    Examples
    --------
    >>> result_probabilities([[0.5, 0.3, 0.2]])
    array([0.5, 0.3, 0.2])
    >>> float(result_probabilities([[0.5, 0.3, 0.2], [0.1, 0.1, 0.8]])[5])  # result '02': 0.3 * 0.8
    0.24
    """
    p = probability_table(probs, matches)
    _check_enum(p.shape[0])
    out = np.ones(1)
    for row in p:
        out = np.multiply.outer(out, row).ravel()
    return out


def strikes(tips: ArrayLike, result: ArrayLike | str) -> NDArray[np.int64]:
    """Strikes (correct predictions) of each tip against one result.

    Parameters
    ----------
    tips : array_like, shape (n, m)
        Outcome codes, or a list of tip strings.
    result : array_like of m codes, or a string of ``1``, ``0``, ``2``

    Examples
    --------
    >>> strikes(["102", "222"], "122")
    array([2, 2])
    """
    t = _as_tips(tips)
    r = tips_from_strings([result])[0] if isinstance(result, str) else check_tips(result, name="result")[0]
    if r.shape[0] != t.shape[1]:
        raise ValueError(f"result has {r.shape[0]} matches, tips have {t.shape[1]}")
    return (t == r[None, :]).sum(axis=1).astype(np.int64)


def _as_tips(tips: ArrayLike, matches: int | None = None) -> NDArray[np.int8]:
    if isinstance(tips, (list, tuple)) and tips and isinstance(tips[0], str):
        return tips_from_strings(tips, matches)
    return check_tips(tips, matches)


def best_strikes(tips: ArrayLike, matches: int | None = None) -> NDArray[np.uint8]:
    """Best strike count of the tip set for every one of the ``3**m`` results.

    Parameters
    ----------
    tips : array_like, shape (n, m), n >= 1
        Outcome codes (or tip strings).
    matches : int, optional
        ``m``; checked against the tips when given.

    Returns
    -------
    numpy.ndarray of uint8, length ``3**m``
        Entry ``r`` is ``max over tips of strikes(tip, r)``, results indexed base 3 with match 0 most
        significant.

    Notes
    -----
    ``m`` minus the Hamming distance to the nearest tip, by a separable distance transform
    (:func:`toto13.hamming.distance_transform`, one pass per match); the cost is about ``4 m 3**m``
    byte operations for any number of tips.

    Examples
    --------
    >>> best_strikes(["11"], 2).reshape(3, 3)   # rows: match 1 result 1/0/2, columns: match 2
    array([[2, 1, 1],
           [1, 0, 0],
           [1, 0, 0]], dtype=uint8)
    """
    t = _as_tips(tips, matches)
    if t.shape[0] == 0:
        raise ValueError("tips must hold at least one tip")
    m = t.shape[1]
    _check_enum(m)
    return (np.uint8(m) - distance_transform(t, (3,) * m).ravel()).astype(np.uint8)


def strike_pmfs(tips: ArrayLike, probs: ArrayLike | float) -> NDArray[np.float64]:
    """Distribution of each tip's strikes: row i is the Poisson-binomial pmf of tip i (0..m strikes).

    Tip i hits match j with probability ``probs[j, tips[i, j]]``, independently across matches.

    Examples
    --------
    >>> strike_pmfs(["1"], [[0.25, 0.5, 0.25]])
    array([[0.75, 0.25]])
    """
    t = _as_tips(tips)
    p = probability_table(probs, t.shape[1])
    if p.shape[0] != t.shape[1]:
        raise ValueError(f"probs has {p.shape[0]} matches, tips have {t.shape[1]}")
    m = t.shape[1]
    return poisson_binomial_pmf(p[np.arange(m)[None, :], t])


def _tail(pmf: NDArray[np.float64]) -> NDArray[np.float64]:
    """``tail[..., x] = sum_{k >= x} pmf[..., k]``, clipped to [0, 1]."""
    return np.clip(np.cumsum(pmf[..., ::-1], axis=-1)[..., ::-1], 0.0, 1.0)


@dataclass(frozen=True)
class Evaluation:
    """What a tip set achieves, exactly, over all results.

    Arrays are indexed by the strike count ``x = 0..matches``.

    Attributes
    ----------
    n : int
        Number of tips (duplicates counted).
    distinct : int
        Number of distinct tips.
    matches : int
    coverage : ndarray
        ``coverage[x] = P(best tip has >= x strikes)``, exact.
    expected_hits : ndarray
        Expected number of tips with exactly ``x`` strikes.
    best_pmf : ndarray
        Distribution of the best strike count.
    per_tip : ndarray
        Mean over tips of ``P(tip has >= x strikes)``: the per-tip chance ``q``.
    formula : ndarray
        The formula safety: what the recipe's independence formula claims for the same ``n`` and
        ``q``, ``1 - (1 - q)**n``.
    """

    n: int
    distinct: int
    matches: int
    coverage: NDArray[np.float64] = field(repr=False, compare=False)
    expected_hits: NDArray[np.float64] = field(repr=False, compare=False)
    best_pmf: NDArray[np.float64] = field(repr=False, compare=False)
    per_tip: NDArray[np.float64] = field(repr=False, compare=False)
    formula: NDArray[np.float64] = field(repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("coverage", "expected_hits", "best_pmf", "per_tip", "formula"):
            a = np.array(getattr(self, name), dtype=np.float64)
            if a.shape != (self.matches + 1,):
                raise ValueError(f"{name} must have length matches + 1 = {self.matches + 1}")
            a.setflags(write=False)
            object.__setattr__(self, name, a)

    def rows(self, tiers: Sequence[int] | None = None) -> list[dict[str, Any]]:
        """One dict per tier (default 13 down to ``matches - 3``): coverage, expected hits, formula."""
        tiers = self._tiers(tiers)
        return [{"strikes": x, "coverage": float(self.coverage[x]),
                 "expected_hits": float(self.expected_hits[x]),
                 "per_tip": float(self.per_tip[x]), "formula": float(self.formula[x])}
                for x in tiers]

    def to_dict(self, tiers: Sequence[int] | None = None) -> dict[str, Any]:
        """JSON-ready: ``{"tips": n, "coverage": {"10": ...}, "expected_hits": {...}, ...}``."""
        tiers = sorted(self._tiers(tiers))
        return {
            "tips": self.n,
            "coverage": {str(x): float(self.coverage[x]) for x in tiers},
            "expected_hits": {str(x): float(self.expected_hits[x]) for x in tiers},
            "distinct_tips": self.distinct,
            "matches": self.matches,
            "per_tip": {str(x): float(self.per_tip[x]) for x in tiers},
            "formula": {str(x): float(self.formula[x]) for x in tiers},
            "best_pmf": {str(x): float(self.best_pmf[x]) for x in range(self.matches + 1)},
        }

    def _tiers(self, tiers: Sequence[int] | None) -> list[int]:
        if tiers is None:
            return list(range(self.matches, max(-1, self.matches - 4), -1))
        return [check_int("tier", x, 0, self.matches) for x in tiers]


def evaluate(tips: ArrayLike, probs: ArrayLike | float) -> Evaluation:
    """Exact coverage, expected hits per tier and best-strike distribution of a tip set.

    Parameters
    ----------
    tips : array_like, shape (n, m)
        Outcome codes (or a list of tip strings), ``n >= 1``; duplicates count as separate tips.
    probs : array_like, shape (m, 3), or float
        Per-match probabilities (home, draw, away), results independent across matches; or the
        recipe's uniform hit rate ``p`` (see :func:`hit_rate_table`).

    Returns
    -------
    Evaluation

    Notes
    -----
    ``coverage[x] = sum over results r with best(r) >= x of prod_j probs[j, r_j]`` with ``best`` from
    :func:`best_strikes`: exact, every one of the ``3**m`` results. ``expected_hits[x]`` sums the
    Poisson-binomial pmfs of the tips (:func:`strike_pmfs`). The recipe's formula (``docs/maths.md``
    §2-3) treats the tips as independent draws; with the same per-tip chance ``q = per_tip[x]`` it claims
    ``formula[x] = 1 - (1 - q)**n``.

    Examples
    --------
    >>> ev = evaluate(["11", "00", "22"], 1 / 3)     # uniform over the 9 results of 2 matches
    >>> ev.coverage.round(6).tolist()                 # every result has >= 1 strike, 3 of 9 have 2
    [1.0, 1.0, 0.333333]
    >>> ev.expected_hits.round(6).tolist()
    [1.333333, 1.333333, 0.333333]
    """
    t = _as_tips(tips)
    if t.shape[0] == 0:
        raise ValueError("tips must hold at least one tip")
    m = t.shape[1]
    p = probability_table(probs, m)
    if p.shape[0] != m:
        raise ValueError(f"probs has {p.shape[0]} matches, tips have {m}")
    best = best_strikes(t, m)
    pr = result_probabilities(p)
    best_pmf = np.array([pr[best == x].sum() for x in range(m + 1)])
    coverage = _tail(best_pmf)
    coverage[0] = 1.0
    pmfs = strike_pmfs(t, p)
    expected = pmfs.sum(axis=0)
    per_tip = _tail(pmfs).mean(axis=0)
    n = t.shape[0]
    formula = formula_coverage(per_tip, n)
    distinct = int(np.unique(tips_to_index(t)).size)
    return Evaluation(n=n, distinct=distinct, matches=m, coverage=coverage, expected_hits=expected,
                      best_pmf=best_pmf, per_tip=per_tip, formula=formula)


def formula_coverage(per_tip: ArrayLike, n: ArrayLike) -> NDArray[np.float64]:
    """The recipe's claim ``1 - (1 - q)**n`` for ``n`` independent tips of per-tip chance ``q``.

    Examples
    --------
    >>> float(formula_coverage(0.5, 3))
    0.875
    """
    q = np.clip(np.asarray(per_tip, dtype=np.float64), 0.0, 1.0)
    n = np.asarray(n, dtype=np.float64)
    with np.errstate(divide="ignore"):
        out = -np.expm1(n * np.log1p(-q))
    return np.where(q >= 1.0, np.where(n > 0, 1.0, 0.0), out)


def first_cover(tips: ArrayLike, min_strikes: int, matches: int | None = None) -> NDArray[np.int64]:
    """For every result, the index of the first tip with at least ``min_strikes`` strikes on it.

    Results that no tip reaches get ``n`` (the number of tips). So the first ``k`` tips reach
    ``min_strikes`` exactly on the results whose entry is below ``k``: one transform gives the coverage
    of every prefix of the tip list (:func:`coverage_curve`).

    Notes
    -----
    The least tip index over the Hamming ball of radius ``R = m - min_strikes``
    (:func:`toto13.hamming.ball_minimum`). Cost ``~ 4 m R 3**m``, independent of the number of tips.

    Examples
    --------
    >>> first_cover(["11", "22"], 2).reshape(3, 3)
    array([[0, 2, 2],
           [2, 2, 2],
           [2, 2, 1]])
    """
    t = _as_tips(tips, matches)
    n, m = t.shape
    _check_enum(m)
    x = check_int("min_strikes", min_strikes, 0, m)
    idx = tips_to_index(t)
    base = np.full(3 ** m, np.int32(n), dtype=np.int32)
    uniq, first = np.unique(idx, return_index=True)
    base[uniq] = first.astype(np.int32)
    return ball_minimum(base.reshape((3,) * m), m - x).ravel().astype(np.int64)


def coverage_curve(tips: ArrayLike, probs: ArrayLike | float, min_strikes: int) -> NDArray[np.float64]:
    """Exact ``P(best >= min_strikes)`` of the first ``k`` tips for every ``k = 0..n``.

    Examples
    --------
    >>> coverage_curve(["11", "22", "00"], 1 / 3, 2).round(6).tolist()
    [0.0, 0.111111, 0.222222, 0.333333]
    """
    t = _as_tips(tips)
    m = t.shape[1]
    pr = result_probabilities(probability_table(probs, m))
    fc = first_cover(t, min_strikes)
    n = t.shape[0]
    inc = np.bincount(fc, weights=pr, minlength=n + 1)[:n]
    return np.minimum(np.concatenate([[0.0], np.cumsum(inc)]), 1.0)


__getattr__ = renamed_attributes(__name__, {"formula_safety": "formula_coverage"})
