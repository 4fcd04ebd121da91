"""Strike distributions and the recipe's hypergeometric urn model.

The recipe is R. Stömmer (2023), arXiv:2303.16648; ``docs/maths.md`` §1-2 derives every formula here.

Pure functions over numbers and numpy arrays: no I/O, no pandas, no printing. Tails are computed in
log space so nothing overflows or loses precision at N = 3^13 and beyond.

Notation (Stömmer 2023, arXiv:2303.16648): ``m`` matches (13), per-match hit rate ``p``, ``b = 1/p``,
reduced space ``N = b^m``, ``M_x = C(m, x) (b-1)^(m-x)`` combinations with exactly ``x`` strikes,
``S = sum_{x' >= x} M_x'``, ``n`` tips drawn without replacement from the ``N`` combinations.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._lazy import renamed_attributes
from .errors import check_fraction, check_int

__all__ = [
    "CountMethod",
    "ReducedSpace",
    "binomial_pmf",
    "poisson_binomial_pmf",
    "reduced_space",
    "log_binom",
    "hypergeom_logpmf",
    "multivariate_hypergeom_logpmf",
    "log_prob_none",
    "prob_none",
    "prob_none_approx",
    "approx_margin",
    "APPROX_VALID",
    "coverage_exact",
    "coverage_approx",
    "tips_needed",
    "tips_needed_approx_real",
    "hit_rate_table",
    "hit_rate_spec",
]

#: ``approx_margin`` = S / (N - n) at or below this counts as "S << N - n" (the approximation holds).
APPROX_VALID = 0.1

#: 1/p within this of an integer b is taken as b exactly (N and M_x become integers).
INTEGER_BASE_TOL = 1e-9


class CountMethod(str, Enum):
    """How :func:`tips_needed` counts: the exact hypergeometric search or the large-number formula."""

    EXACT = "exact"
    APPROX = "approx"

    @classmethod
    def of(cls, value: str | CountMethod) -> CountMethod:
        """The method named ``value``; ``ValueError`` naming the allowed ones otherwise."""
        try:
            return cls(value)
        except ValueError:
            raise ValueError(f"method ({value!r}) must be one of exact, approx") from None


def _check_matches(matches: int) -> int:
    return check_int("matches", matches, 1, 64)


def binomial_pmf(p: float, matches: int = 13) -> NDArray[np.float64]:
    """Strikes of one tip when every match is hit with probability ``p``: ``P(x) = C(m,x) p^x (1-p)^(m-x)``.

    Parameters
    ----------
    p : float
        Per-match hit rate, in [0, 1].
    matches : int
        Number of matches ``m``.

    Returns
    -------
    ndarray, shape (m + 1,)
        ``P(x)`` for ``x = 0..m``.

    Notes
    -----
    The strike distribution of one tip (arXiv:2303.16648; ``docs/maths.md`` §1). Computed in log space.

    Examples
    --------
    >>> from toto13.engine import binomial_pmf
    >>> binomial_pmf(0.5)[10:].round(6)
    array([0.034912, 0.009521, 0.001587, 0.000122])
    """
    p = check_fraction("hit_rate", p, closed=True)
    m = _check_matches(matches)
    x = np.arange(m + 1)
    if p in (0.0, 1.0):
        out = np.zeros(m + 1)
        out[m if p == 1.0 else 0] = 1.0
        return out
    return np.exp(_log_comb(m) + x * math.log(p) + (m - x) * math.log1p(-p))


def poisson_binomial_pmf(rates: ArrayLike) -> NDArray[np.float64]:
    """Strikes of one tip whose matches are hit with different probabilities (Poisson-binomial).

    Parameters
    ----------
    rates : array_like, shape (m,) or (k, m)
        Per-match hit probabilities; a 2-D array gives one distribution per row.

    Returns
    -------
    ndarray, shape (m + 1,) or (k, m + 1)
        ``P(x)`` for ``x = 0..m``.

    Notes
    -----
    Exact, by convolving the ``m`` two-point distributions one match at a time (``O(m^2)``, all terms
    non-negative, so no cancellation).

    Examples
    --------
    >>> from toto13.engine import poisson_binomial_pmf
    >>> poisson_binomial_pmf([0.5, 0.5])
    array([0.25, 0.5 , 0.25])
    >>> poisson_binomial_pmf([0.9, 0.2, 0.5]).round(4)
    array([0.04, 0.41, 0.46, 0.09])
    """
    r = np.asarray(rates, dtype=np.float64)
    if r.ndim not in (1, 2) or r.shape[-1] == 0:
        raise ValueError(f"rates must be a non-empty 1-D or 2-D array, got shape {r.shape}")
    if not np.all(np.isfinite(r)) or np.any(r < 0) or np.any(r > 1):
        raise ValueError("rates must hold probabilities in [0, 1]")
    single = r.ndim == 1
    r = np.atleast_2d(r)
    k, m = r.shape
    out = np.zeros((k, m + 1))
    out[:, 0] = 1.0
    for j in range(m):
        q = r[:, j:j + 1]
        out[:, 1:j + 2] = out[:, 1:j + 2] * (1 - q) + out[:, 0:j + 1] * q
        out[:, 0:1] *= 1 - q
    return out[0] if single else out


@dataclass(frozen=True)
class ReducedSpace:
    """The recipe's reduced combination space for hit rate ``p`` (``docs/maths.md`` §2).

    Attributes
    ----------
    hit_rate : float
        ``p``.
    matches : int
        ``m``.
    base : float
        ``b = 1/p``; an exact integer when ``1/p`` is within 1e-9 of one.
    N : float
        ``b^m``, the number of combinations (an integer value when ``base`` is).
    M : ndarray, shape (m + 1,)
        ``M_x = C(m, x) (b-1)^(m-x)`` combinations with exactly ``x`` strikes; ``sum(M) == N``.
    is_integer : bool
        True when ``base`` is an integer, so ``N`` and every ``M_x`` are integers.
    """

    hit_rate: float
    matches: int
    base: float
    N: float
    M: NDArray[np.float64]
    is_integer: bool

    def S(self, min_strikes: int) -> float:
        """``S = sum_{x' >= x} M_x'``: combinations with at least ``min_strikes`` strikes."""
        x = check_int("min_strikes", min_strikes, 0, self.matches)
        if self.is_integer:
            return float(sum(int(v) for v in self.M[x:]))
        return float(math.fsum(self.M[x:]))

    def exact_M(self) -> list[int]:
        """``M_x`` as Python integers (only when ``is_integer``)."""
        if not self.is_integer:
            raise ValueError(f"hit_rate ({self.hit_rate!r}): 1/p is not an integer, M_x are real")
        b, m = int(self.base), self.matches
        return [math.comb(m, x) * (b - 1) ** (m - x) for x in range(m + 1)]


def reduced_space(p: float, matches: int = 13) -> ReducedSpace:
    """The reduced space ``N = (1/p)^m`` and ``M_x = N·P(x)`` of the recipe.

    Parameters
    ----------
    p : float
        Per-match hit rate in (0, 1).
    matches : int
        ``m``.

    Returns
    -------
    ReducedSpace

    Notes
    -----
    ``M_x = N·C(m,x) p^x (1-p)^(m-x) = C(m,x) (b-1)^(m-x)`` with ``b = 1/p`` (``docs/maths.md`` §2,
    the reduced space); real for real ``b``. ``sum_x M_x = b^m = N`` by the binomial theorem.

    Examples
    --------
    >>> from toto13.engine import reduced_space
    >>> s = reduced_space(1/3)
    >>> int(s.N), [int(v) for v in s.M[10:]]
    (1594323, [2288, 312, 26, 1])
    >>> int(reduced_space(0.5).N)
    8192
    """
    p = check_fraction("hit_rate", p)
    m = _check_matches(matches)
    if m * math.log2(1.0 / p) > 53:
        raise ValueError(f"hit_rate ({p!r}) is too small for {m} matches: the space N = (1/p)^{m} would "
                         f"exceed 2^53 combinations, beyond exact counting in floating point "
                         f"(p must be at least {2 ** (-53 / m):.4g})")
    b = 1.0 / p
    nearest = round(b)
    is_int = abs(b - nearest) <= INTEGER_BASE_TOL
    x = np.arange(m + 1)
    if is_int:
        b = float(nearest)
        exact = [math.comb(m, k) * (nearest - 1) ** (m - k) for k in range(m + 1)]
        M = np.array([float(v) for v in exact])
        N = float(nearest ** m)
    else:
        from scipy.special import gammaln  # only for real-valued spaces: not at import time

        logc = gammaln(m + 1) - gammaln(x + 1) - gammaln(m - x + 1)
        M = np.exp(logc + (m - x) * math.log(b - 1))
        N = b ** m
    return ReducedSpace(hit_rate=p, matches=m, base=b, N=N, M=M, is_integer=is_int)


def _log_comb(m: int) -> NDArray[np.float64]:
    """``log C(m, x)`` for ``x = 0..m`` from the exact integers (no gamma function needed)."""
    return np.array([math.log(math.comb(m, k)) for k in range(m + 1)])


def log_binom(a: ArrayLike, k: ArrayLike) -> NDArray[np.float64]:
    """``log C(a, k)`` for real ``a >= k >= 0`` through the beta function (no overflow).

    Uses ``log C(a,k) = -log(a+1) - log B(a-k+1, k+1)``; ``scipy.special.betaln`` keeps precision when
    one argument is much larger than the other, which is the case at ``N = 3^13``. Where
    ``min(k, a-k)`` is a whole number up to 256 the sum ``sum_{j<k} log(a-j) - log k!`` is used
    instead, which is accurate to a few ulps.

    Examples
    --------
    >>> from toto13.engine import log_binom
    >>> round(float(log_binom(3 ** 13, 5)), 10)
    66.6223007484
    """
    from scipy.special import betaln  # here, not at import: a plain `toto13 plan` never needs scipy

    a, k = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(k, dtype=np.float64))
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.asarray(-np.log1p(a) - betaln(a - k + 1, k + 1), dtype=np.float64).copy()
        small = np.minimum(k, a - k)
        exact = (small >= 0) & (small <= 256) & (small == np.floor(small))
    for idx in zip(*np.nonzero(np.atleast_1d(exact))):
        aa, ss = float(np.atleast_1d(a)[idx]), int(np.atleast_1d(small)[idx])
        val = math.fsum(np.log(aa - np.arange(ss, dtype=np.float64))) - math.lgamma(ss + 1)
        if out.ndim == 0:
            out = np.asarray(val)
        else:
            out[idx] = val
    return np.where((k < 0) | (k > a), -np.inf, out)


def hypergeom_logpmf(k: ArrayLike, N: float, M: float, n: ArrayLike) -> NDArray[np.float64]:
    """Log probability that ``n`` tips drawn from ``N`` hold exactly ``k`` of the ``M`` marked ones.

    ``log[C(M,k) C(N-M,n-k) / C(N,n)]`` (``docs/maths.md`` §2, "the urn"), for real ``N`` and ``M`` too.

    Examples
    --------
    >>> import numpy as np
    >>> from toto13.engine import hypergeom_logpmf
    >>> round(float(np.exp(hypergeom_logpmf(0, 8192, 14, 100))), 6)
    0.841905
    """
    return log_binom(M, k) + log_binom(np.asarray(N) - M, np.asarray(n) - np.asarray(k)) \
        - log_binom(N, n)


def multivariate_hypergeom_logpmf(counts: ArrayLike, M: ArrayLike, N: float,
                                  n: int) -> float:
    """Log probability of drawing exactly ``counts[i]`` tips from each group ``M[i]`` (the tiers).

    The groups need not cover the space: the rest, ``N - sum(M)`` combinations, takes the remaining
    ``n - sum(counts)`` draws (``docs/maths.md`` §2, the joint count over tiers).

    Examples
    --------
    >>> import math
    >>> from toto13.engine import multivariate_hypergeom_logpmf
    >>> round(math.exp(multivariate_hypergeom_logpmf([1, 0], [26, 1], 1594323, 10)), 11)
    0.00016305469
    """
    c = np.asarray(counts, dtype=np.float64)
    g = np.asarray(M, dtype=np.float64)
    if c.shape != g.shape:
        raise ValueError(f"counts {c.shape} and M {g.shape} must have the same shape")
    rest = N - g.sum()
    return float(np.sum(log_binom(g, c)) + log_binom(rest, n - c.sum()) - log_binom(N, n))


def _log_none_terms(N: float, S: float, n: int) -> float:
    """Exact ``log[C(N-S,n)/C(N,n)]`` as a sum of ``min(n, S)`` ``log1p`` terms (precise in the tail)."""
    if n == 0 or S == 0:
        return 0.0
    if n - 1 >= N - S:  # a factor 1 - S/(N-i) <= 0: some tip must reach the tier
        return -math.inf
    if float(S).is_integer() and S < n and S <= 20_000_000:
        # symmetric form C(N-n,S)/C(N,S) = prod_{j<S} (1 - n/(N-j)), valid for real N and whole S
        j = np.arange(int(S), dtype=np.float64)
        return float(np.sum(np.log1p(-n / (N - j))))
    if n <= 20_000_000:
        i = np.arange(n, dtype=np.float64)
        return float(np.sum(np.log1p(-S / (N - i))))
    return _log_none_euler_maclaurin(N, S, n)


def _coverage_terms(N: float, S: float, n: int) -> float:
    """``1 - C(N-S,n)/C(N,n)``; for ``S = 1`` exactly ``n/N`` (one division, no log and exp to round:
    at ``Q·N`` whole the log form can land an ulp below ``Q``)."""
    if S == 1 and n <= N:
        return n / N
    return -math.expm1(_log_none_terms(N, S, n))


def _log_none_euler_maclaurin(N: float, S: float, n: int) -> float:
    """``sum_{i<n} log(1 - S/(N-i))`` for very large ``n`` and real ``S``, by Euler–Maclaurin.

    The integral of ``g(t) = log(1 - S/(N-t))`` over ``[0, n]`` is ``G(N) - G(N-n)`` with
    ``G(u) = u log1p(-S/u) - S log(u - S)``, written with ``log1p`` so nothing cancels
    catastrophically; the end corrections ``(g(0) - g(n))/2 + (g'(n) - g'(0))/12`` follow. Relative
    error about ``1e-16 · N/n`` plus the next Euler–Maclaurin term, which is negligible while
    ``N - n - S >> 1``.
    """
    a = N - n  # u at the lower end
    integral = (N * math.log1p(-S / N) - a * math.log1p(-S / a)
                + S * math.log1p(-n / (N - S)))

    def g(t):
        return math.log1p(-S / (N - t))

    def dg(t):
        return -S / ((N - t) * (N - t - S))

    return integral + (g(0) - g(n)) / 2 + (dg(n) - dg(0)) / 12


def log_prob_none(N: float, S: float, n: int) -> float:
    """Exact log probability that ``n`` distinct tips from ``N`` hold none of the ``S`` good ones.

    Parameters
    ----------
    N : float
        Size of the space (real allowed).
    S : float
        Combinations with at least ``x`` strikes, ``0 <= S <= N``.
    n : int
        Tips drawn, ``0 <= n <= N``.

    Returns
    -------
    float
        ``log[C(N-S, n) / C(N, n)] = log[C(N-n, S) / C(N, S)]`` (``docs/maths.md`` §2, exact), i.e.
        ``sum_{i<n} log(1 - S/(N-i))``; ``-inf`` once a factor reaches 0 (``n >= N - S + 1``, which
        for whole ``N`` and ``S`` is ``n > N - S``).

    Notes
    -----
    Computed as ``sum_{i<n} log1p(-S/(N-i))`` or, for integer ``S < n``, ``sum_{j<S} log1p(-n/(N-j))``:
    every term is accurate to machine precision, so the tail keeps full relative precision.

    Examples
    --------
    >>> import math
    >>> from toto13.engine import log_prob_none
    >>> round(math.exp(log_prob_none(8192, 378, 193)), 8)
    9.818e-05
    """
    n = check_int("n", n, 0)
    if not (0 <= S <= N):
        raise ValueError(f"S ({S!r}) must be in [0, N={N!r}]")
    if n > N:
        raise ValueError(f"n ({n!r}) must be at most N ({N!r})")
    return _log_none_terms(float(N), float(S), n)


def prob_none(N: float, S: float, n: int) -> float:
    """``exp(log_prob_none(N, S, n))``: exact probability that no tip reaches the tier."""
    return math.exp(log_prob_none(N, S, n))


def prob_none_approx(N: float, S: float, n: float) -> float:
    """Large-number approximation ``(1 - n/N)^S`` of :func:`prob_none` (``docs/maths.md`` §2).

    Valid while ``S << N - n`` (see :func:`approx_margin`). It never understates the exact value for
    ``S >= 1``: ``prod_{j<S}(1 - n/(N-j)) <= (1 - n/N)^S``, so the formula errs on the safe side.
    """
    if n >= N:
        return 0.0
    return math.exp(S * math.log1p(-n / N))


def approx_margin(N: float, S: float, n: float) -> float:
    """The approximation's validity figure ``S / (N - n)``: small means ``S << N - n`` holds.

    At or below :data:`APPROX_VALID` (0.1) the approximation is taken as valid. The relative error of
    :func:`prob_none_approx` is about ``n·S² / (2·N·(N - n))`` (first order in ``S/N``).
    """
    return math.inf if n >= N else float(S) / (N - n)


def _setup(hit_rate: float, min_strikes: int, matches: int) -> tuple[ReducedSpace, float]:
    space = reduced_space(hit_rate, matches)
    x = check_int("min_strikes", min_strikes, 0, space.matches)
    return space, space.S(x)


def coverage_exact(hit_rate: float, min_strikes: int, n: int, matches: int = 13) -> float:
    """Exact chance that ``n`` random distinct tips hold one with at least ``min_strikes`` strikes.

    ``Q = 1 - C(N-S, n)/C(N, n)`` (``docs/maths.md`` §2, exact).

    Examples
    --------
    >>> from toto13.engine import coverage_exact
    >>> round(coverage_exact(0.5, 10, 193), 6)
    0.999902
    """
    space, S = _setup(hit_rate, min_strikes, matches)
    n = check_int("n", n, 0)
    if n > space.N:
        raise ValueError(f"n ({n}) must be at most the space size N ({space.N:g})")
    return _coverage_terms(space.N, S, n)


def coverage_approx(hit_rate: float, min_strikes: int, n: int, matches: int = 13) -> float:
    """The coverage the recipe's formula claims for ``n`` random tips, ``1 - (1 - n/N)^S``
    (``docs/maths.md`` §2, the large-number approximation)."""
    space, S = _setup(hit_rate, min_strikes, matches)
    n = check_int("n", n, 0)
    return _safety_formula(space.N, S, n)


def tips_needed_approx_real(hit_rate: float, min_strikes: int, safety: float,
                            matches: int = 13) -> float:
    """The recipe's ``n = N[1 - (1-Q)^(1/S)]`` before rounding up (``docs/maths.md`` §2)."""
    space, S = _setup(hit_rate, min_strikes, matches)
    q = check_fraction("safety", safety)
    return space.N * -math.expm1(math.log1p(-q) / S)


def _safety_formula(N: float, S: float, n: int) -> float:
    return 1.0 if n >= N else -math.expm1(S * math.log1p(-n / N))


def _needed_one_target(space: ReducedSpace, q: float, method: CountMethod) -> int:
    """Exact count where one combination reaches the tier: coverage ``n/N``, so the smallest ``n``
    with ``n/N >= Q``, decided on the same division (:func:`_coverage_terms`)."""
    N, n_max = space.N, math.floor(space.N)
    n = max(1, math.ceil(q * N))
    while n > 1 and (n - 1) / N >= q:
        n -= 1
    while n <= n_max and n / N < q:
        n += 1
    if n > n_max:
        _unreachable(space, 1.0, q, method)
    return n


def _unreachable(space: ReducedSpace, S: float, q: float, method: CountMethod) -> None:
    n_max = math.floor(space.N)
    got = (_coverage_terms(space.N, S, n_max) if method is CountMethod.EXACT
           else -math.expm1(S * math.log1p(-n_max / space.N)))
    raise ValueError(f"safety ({q!r}) cannot be reached at hit_rate {space.hit_rate:.6g}: the reduced space "
                     f"holds N = {space.N:.6g} combinations, and all {n_max:,} distinct tips give "
                     f"{got:.6g} ({method.value})")


def tips_needed(hit_rate: float, min_strikes: int, safety: float,
                method: str | CountMethod = CountMethod.EXACT, matches: int = 13) -> int:
    """The smallest number of random distinct tips holding one with ``>= min_strikes`` at ``safety``.

    Parameters
    ----------
    hit_rate : float
        Per-match hit rate ``p`` in (0, 1).
    min_strikes : int
        ``x``, in 0..m.
    safety : float
        ``Q`` in (0, 1).
    method : {"exact", "approx"}
        ``approx``: ``ceil(N[1 - (1-Q)^(1/S)])``, the published recipe; ``exact``: the smallest ``n``
        with ``1 - C(N-S,n)/C(N,n) >= Q``.
    matches : int
        ``m``.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        For a bad argument, or when the safety cannot be reached: where ``1/p`` is not an integer
        the space holds a real number ``N`` of combinations, and ``floor(N)`` distinct tips may fall
        short of ``Q``.

    Notes
    -----
    The exact count never exceeds the approximate one (``S >= 1``, see :func:`prob_none_approx`), so
    the exact search bisects on ``[1, approx]``. The approximate count is the smallest ``n`` whose
    formula safety ``1 - (1 - n/N)^S`` reaches ``Q``, checked on the safety itself so that rounding
    noise in ``N[1 - (1-Q)^(1/S)]`` cannot move it.

    Examples
    --------
    >>> from toto13.engine import tips_needed
    >>> [tips_needed(0.5, 10, q, "approx") for q in (0.9, 0.99, 0.999, 0.9999)]
    [50, 100, 149, 198]
    >>> tips_needed(0.5, 10, 0.9999, "exact")
    193
    """
    method = CountMethod.of(method)
    space, S = _setup(hit_rate, min_strikes, matches)
    q = check_fraction("safety", safety)
    N = space.N
    n_max = math.floor(N)
    real = tips_needed_approx_real(hit_rate, min_strikes, q, matches)
    approx = max(1, math.ceil(real))
    # the smallest n whose formula safety reaches Q, decided on the safety itself, not on rounding
    # noise in ``real`` (e.g. Q·N whole for 13 strikes)
    while approx > 1 and _safety_formula(N, S, approx - 1) >= q:
        approx -= 1
    while approx <= n_max and _safety_formula(N, S, approx) < q:
        approx += 1
    target = math.log1p(-q)  # need log_none(n) <= log(1-Q)
    if method is CountMethod.APPROX:
        if approx > n_max:
            _unreachable(space, S, q, method)
        return approx
    if S == 1:
        return _needed_one_target(space, q, method)
    lo, hi = 0, min(approx, n_max)  # log_none(lo) > target, log_none(hi) <= target
    if _log_none_terms(N, S, hi) > target:
        if _log_none_terms(N, S, n_max) > target:
            _unreachable(space, S, q, method)
        hi = n_max
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _log_none_terms(N, S, mid) <= target:
            hi = mid
        else:
            lo = mid
    return hi


def hit_rate_table(hit_rate: float, matches: int = 13) -> NDArray[np.float64]:
    """The recipe's uniform hit rate ``p`` as a per-match probability table.

    The recipe (Stömmer 2023, arXiv:2303.16648; ``docs/maths.md`` §2) plays in a "reduced space" of
    ``b = 1/p`` equally likely outcomes per match: every tip inside it hits each match with probability
    exactly ``p``. This table gives each of the first ``k = min(3, floor(1/p))`` outcomes (home, then
    draw, then away) probability ``p``
    and shares what is left, ``1 - k p``, evenly among the others. So ``p = 1/3`` is the uniform
    distribution over all ``3**m`` results, ``p = 1/2`` is the ``2**m`` space of home-or-draw
    (``(1/2, 1/2, 0)``), and for any ``p`` a tip drawn from :func:`hit_rate_spec` hits each match with
    probability ``p``: the recipe's model, made into one distribution of the result that all tips face.

    Parameters
    ----------
    hit_rate : float
        ``p`` in [1/3, 1].
    matches : int
        Number of matches.

    Returns
    -------
    numpy.ndarray, shape (matches, 3)

    Examples
    --------
    >>> hit_rate_table(0.5, 2)
    array([[0.5, 0.5, 0. ],
           [0.5, 0.5, 0. ]])
    >>> hit_rate_table(0.6, 1)
    array([[0.6, 0.2, 0.2]])
    """
    p = check_fraction("hit_rate", hit_rate, closed=True)
    matches = check_int("matches", matches, 1)
    if p < 1 / 3 - 1e-12:
        raise ValueError(f"hit_rate ({hit_rate!r}) must be at least 1/3 (three outcomes per match)")
    k = min(3, int(math.floor(1 / p + 1e-9)))
    row = np.zeros(3)
    row[:k] = p
    if k < 3:
        row[k:] = (1 - k * p) / (3 - k)
    else:
        row[:] = 1 / 3
    return np.tile(row, (matches, 1))


def hit_rate_spec(hit_rate: float, matches: int = 13) -> NDArray[np.bool_]:
    """The outcomes of the recipe's reduced space for ``hit_rate`` (see :func:`hit_rate_table`).

    Examples
    --------
    >>> hit_rate_spec(0.5, 1)
    array([[ True,  True, False]])
    """
    p = check_fraction("hit_rate", hit_rate, closed=True)
    t = hit_rate_table(p, matches)
    uniform = np.isclose(t, 1 / 3, rtol=0, atol=1e-12) & (p <= 1 / 3 + 1e-12)
    return np.isclose(t, p, rtol=0, atol=1e-12) | uniform


__getattr__ = renamed_attributes(__name__, {"safety_exact": "coverage_exact",
                                            "safety_approx": "coverage_approx"})
