"""Co-winners: how many other tips share a tier's prize, as Poisson (independent crowd tips) or
negative binomial around a mean that depends on how likely the result was for the crowd
(:class:`CoWinnerModel`, fitted on real rounds), and ``E[1/(W+n)]`` with and without the
minimum-quota cap."""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from enum import Enum
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: Smallest shape the fit allows: above 1 the closed forms for ``E[1/(W+1)]`` (and its truncation by a
#: minimum quota) hold; the fitted shapes are far above it.
MIN_SHAPE = 1.01



_GL_X, _GL_W = np.polynomial.legendre.leggauss(32)
_TAIL = 60.0  # e^-60: where the integrands below are cut off


class CoWinners(str, Enum):
    """How the other winners of a tier are distributed (feeds ``--co-winners``)."""

    CALIBRATED = "calibrated"
    POISSON = "poisson"


def _floats(name: str, value: Any, size: int | None = None) -> tuple[float, ...]:
    """``value`` as a tuple of finite floats (of length ``size``), or ``ValueError`` naming ``name``."""
    try:
        out = tuple(float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} ({value!r}) must be a sequence of numbers") from None
    if not all(math.isfinite(v) for v in out) or (size is not None and len(out) != size):
        raise ValueError(f"{name} ({value!r}) must hold {size or 'some'} finite numbers")
    return out


@dataclass(frozen=True)
class CoWinnerModel:
    """The other winners of a tier as negative binomial around a mean that follows the surprise.

    Tier ``d`` (by misses: 0 is the top tier) maps the independent-crowd mean ``λ`` (``crowd_tips ·
    P_crowd(exactly m - d strikes | r)``) to the expected co-winners

        ``E[W] = λ · exp(Σ_i coef[d][i] · z^i)``,
        ``z = clip((log λ - center[d]) / scale[d], z_low[d], z_high[d])``

    and ``W`` is negative binomial with that mean and shape ``shapes[d]`` (variance ``μ + μ²/s``).
    Outside the fitted range of ``z`` the correction stays at its value at the edge, so ``E[W]`` stays
    proportional to ``λ`` and a polynomial is never extrapolated. Tiers with more misses than fitted
    use the last tier's map.

    With size terms (``size_coefs``), the correction also follows the pool's size ``N`` (the crowd's
    tips): ``+ b[d] · u + c[d] · z · u`` with ``u = clip((log N - size_center[d]) / size_scale[d],
    size_low[d], size_high[d])``, so the surprise's slope may differ between small and large pools;
    :meth:`mean` then needs ``tips``.

    Parameters
    ----------
    center, scale : sequence of float
        Per tier the standardisation of ``log λ`` (scale > 0).
    z_low, z_high : sequence of float
        Per tier the fitted range of ``z`` (``z_low <= z_high``).
    coefs : sequence of sequence of float
        Per tier the polynomial coefficients, constant first.
    shapes : sequence of float
        Per tier the negative-binomial shape (>= :data:`MIN_SHAPE`).
    rounds : sequence of str
        The ids of the rounds fitted on (may be empty where :attr:`fitted_on` says it in words).
    fitted_on : str
        Provenance: the data and the command that recomputes the coefficients.
    standard_errors : sequence of sequence of float, optional
        Per tier the standard errors of ``coefs``, then of ``size_coefs`` (where given), then of the
        shape.
    size_center, size_scale, size_low, size_high : sequence of float, optional
        Per tier the standardisation of ``log N`` and its fitted range (all four, or none).
    size_coefs : sequence of (float, float), optional
        Per tier ``(b, c)``: the coefficients of ``u`` and ``z · u``.

    Examples
    --------
    >>> m = CoWinnerModel(center=(0.0,), scale=(1.0,), z_low=(-1.0,), z_high=(1.0,),
    ...                   coefs=((0.1, 0.0, 0.2),), shapes=(5.0,))
    >>> m.mean([1.0, math.e, math.e ** 3], 0).round(4).tolist()  # z = 0, 1 and 3 (clamped to 1)
    [1.1052, 3.6693, 27.1126]
    """

    center: tuple[float, ...]
    scale: tuple[float, ...]
    z_low: tuple[float, ...]
    z_high: tuple[float, ...]
    coefs: tuple[tuple[float, ...], ...]
    shapes: tuple[float, ...]
    rounds: tuple[str, ...] = ()
    fitted_on: str = ""
    standard_errors: tuple[tuple[float, ...], ...] | None = None
    size_center: tuple[float, ...] | None = None
    size_scale: tuple[float, ...] | None = None
    size_low: tuple[float, ...] | None = None
    size_high: tuple[float, ...] | None = None
    size_coefs: tuple[tuple[float, float], ...] | None = None

    def __post_init__(self) -> None:
        shapes = _floats("shapes", self.shapes)
        t = len(shapes)
        if t == 0:
            raise ValueError("shapes (()) must hold one shape per tier")
        for name in ("center", "scale", "z_low", "z_high"):
            object.__setattr__(self, name, _floats(name, getattr(self, name), t))
        if not all(v > 0 for v in self.scale):
            raise ValueError(f"scale ({self.scale!r}) must be > 0 in every tier")
        if any(lo > hi for lo, hi in zip(self.z_low, self.z_high)):
            raise ValueError(f"z_low ({self.z_low!r}) must not exceed z_high ({self.z_high!r})")
        if not all(s >= MIN_SHAPE for s in shapes):
            raise ValueError(f"shapes ({self.shapes!r}) must be >= {MIN_SHAPE} (inf: use poisson)")
        try:
            coefs = tuple(_floats(f"coefs[{d}]", c) for d, c in enumerate(self.coefs))
        except TypeError:
            raise ValueError(f"coefs ({self.coefs!r}) must be one sequence of numbers per tier") from None
        if len(coefs) != t or any(len(c) == 0 for c in coefs):
            raise ValueError(f"coefs ({self.coefs!r}) must hold one non-empty polynomial per tier ({t})")
        object.__setattr__(self, "shapes", shapes)
        object.__setattr__(self, "coefs", coefs)
        object.__setattr__(self, "rounds", tuple(str(r) for r in self.rounds))
        object.__setattr__(self, "fitted_on", str(self.fitted_on))
        self._check_size(t)
        if self.standard_errors is not None:
            extra = 1 + (2 if self.size_coefs is not None else 0)
            se = tuple(_floats(f"standard_errors[{d}]", e) for d, e in enumerate(self.standard_errors))
            if len(se) != t or any(len(e) != len(c) + extra for e, c in zip(se, coefs)):
                raise ValueError("standard_errors must hold per tier one per coefficient (size "
                                 "coefficients included) and the shape")
            object.__setattr__(self, "standard_errors", se)

    def _check_size(self, t: int) -> None:
        """The size terms: all five given (``t`` entries each, scale > 0, low <= high) or none."""
        names = ("size_center", "size_scale", "size_low", "size_high", "size_coefs")
        given = [getattr(self, n) is not None for n in names]
        if not any(given):
            return
        if not all(given):
            raise ValueError(f"{', '.join(names)} must be given all together or not at all")
        for name in names[:4]:
            object.__setattr__(self, name, _floats(name, getattr(self, name), t))
        assert self.size_scale is not None and self.size_low is not None and self.size_high is not None
        if not all(v > 0 for v in self.size_scale):
            raise ValueError(f"size_scale ({self.size_scale!r}) must be > 0 in every tier")
        if any(lo > hi for lo, hi in zip(self.size_low, self.size_high)):
            raise ValueError(f"size_low ({self.size_low!r}) must not exceed size_high ({self.size_high!r})")
        try:
            sc = tuple(_floats(f"size_coefs[{d}]", c, 2) for d, c in enumerate(self.size_coefs or ()))
        except TypeError:
            raise ValueError(f"size_coefs ({self.size_coefs!r}) must be one pair per tier") from None
        if len(sc) != t:
            raise ValueError(f"size_coefs ({self.size_coefs!r}) must hold one pair (b, c) per tier ({t})")
        object.__setattr__(self, "size_coefs", sc)

    @property
    def tiers(self) -> int:
        """The number of tiers fitted (misses 0, 1, ...)."""
        return len(self.shapes)

    def _tier(self, misses: int) -> int:
        d = int(misses)
        if d < 0 or d != misses:
            raise ValueError(f"misses ({misses!r}) must be a whole number >= 0")
        return min(d, self.tiers - 1)

    def z(self, lam: ArrayLike, misses: int) -> NDArray[np.float64]:
        """The clamped standardised ``log λ`` of tier ``misses`` (the lower edge where ``λ = 0``)."""
        d = self._tier(misses)
        with np.errstate(divide="ignore"):
            z = (np.log(np.asarray(lam, dtype=np.float64)) - self.center[d]) / self.scale[d]
        return np.clip(z, self.z_low[d], self.z_high[d])

    @property
    def has_size(self) -> bool:
        """Whether the mean follows the pool's size too (:meth:`mean` then needs ``tips``)."""
        return self.size_coefs is not None

    def u(self, tips: ArrayLike, misses: int) -> NDArray[np.float64]:
        """The clamped standardised ``log N`` of tier ``misses`` (``N``: the crowd's tips, > 0)."""
        assert self.size_center is not None and self.size_scale is not None
        assert self.size_low is not None and self.size_high is not None
        d = self._tier(misses)
        n = np.asarray(tips, dtype=np.float64)
        if not (np.isfinite(n).all() and (n > 0).all()):
            raise ValueError(f"tips ({tips!r}) must be finite and > 0")
        return np.clip((np.log(n) - self.size_center[d]) / self.size_scale[d], self.size_low[d],
                       self.size_high[d])

    def mean(self, lam: ArrayLike, misses: int, tips: ArrayLike | None = None) -> NDArray[np.float64]:
        """Expected co-winners of tier ``misses`` for independent-crowd means ``lam`` (>= 0, any shape)
        in a pool of ``tips`` crowd tips (broadcast against ``lam``; needed where :attr:`has_size`)."""
        lam = np.asarray(lam, dtype=np.float64)
        z = self.z(lam, misses)
        eta = np.polynomial.polynomial.polyval(z, self.coefs[self._tier(misses)])
        if self.size_coefs is not None:
            if tips is None:
                raise ValueError("tips (None) must be given: this model's mean follows the pool's size")
            u = self.u(tips, misses)
            b, c = self.size_coefs[self._tier(misses)]
            eta = eta + b * u + c * z * u
        return lam * np.exp(eta)

    def shape(self, misses: int) -> float:
        """The negative-binomial shape of tier ``misses``."""
        return self.shapes[self._tier(misses)]

    def to_dict(self) -> dict[str, Any]:
        """Plain lists and numbers, for a JSON file (:meth:`from_dict` reads it back)."""
        out: dict[str, Any] = {"kind": "toto13.CoWinnerModel", "version": 1}
        for name in ("center", "scale", "z_low", "z_high", "shapes"):
            out[name] = list(getattr(self, name))
        out["coefs"] = [list(c) for c in self.coefs]
        out["standard_errors"] = (None if self.standard_errors is None
                                  else [list(e) for e in self.standard_errors])
        out["rounds"], out["fitted_on"] = list(self.rounds), self.fitted_on
        if self.size_coefs is not None:
            out["version"] = 2
            for name in _SIZE_FIELDS:
                value = getattr(self, name)
                out[name] = [list(c) for c in value] if name == "size_coefs" else list(value)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CoWinnerModel:
        """The model written by :meth:`to_dict`; ``ValueError`` naming a missing or bad entry."""
        if not isinstance(data, dict) or data.get("kind") != "toto13.CoWinnerModel":
            raise ValueError("data must be a dict written by CoWinnerModel.to_dict "
                             "(kind 'toto13.CoWinnerModel')")
        names = ("center", "scale", "z_low", "z_high", "coefs", "shapes")
        missing = [n for n in names if n not in data]
        if missing:
            raise ValueError(f"data lacks {', '.join(missing)}")
        given: dict[str, Any] = {n: data[n] for n in names}
        given.update({n: data.get(n) for n in _SIZE_FIELDS})
        return cls(**given, rounds=tuple(data.get("rounds") or ()),
                   fitted_on=data.get("fitted_on", ""), standard_errors=data.get("standard_errors"))


#: The optional fields of the size terms (written by :meth:`CoWinnerModel.to_dict`, version 2).
_SIZE_FIELDS = ("size_center", "size_scale", "size_low", "size_high", "size_coefs")


#: The package's co-winner model (the ``calibrated`` choice of :class:`CoWinners`): fitted by
#: :func:`toto13.pool.fit_co_winner_model` (degree 2, with the size terms) on the 707 Stryktipset rounds
#: 200849-202539 of the TipsXtra export with turnover, winners of every tier and the crowd's shares
#: (summary and details files; 33 rounds whose crowd rows hold the placeholder shares 43/28/29 or
#: 34/33/33 left out), stake 1 SEK. ``toto13 calibrate ROUNDS --fit FILE`` on those rounds recomputes
#: these numbers (``python scripts/calibrate_pool.py`` prints them as Python); tests/test_pool_cowinners.py
#: checks them against the fit where the data is at hand. The size terms carry the pool's size: in a
#: pool smaller or larger than the fitted ones (8.5 to 49 million tips) ``u`` stays at its edge.
DEFAULT_CO_WINNER_MODEL = CoWinnerModel(
    center=(3.499177, 6.855063, 9.372882, 11.339114),
    scale=(2.103637, 1.848576, 1.595822, 1.343319),
    z_low=(-3.533424, -3.518454, -3.515696, -3.527149),
    z_high=(2.650303, 2.589940, 2.521237, 2.436777),
    coefs=((-0.142777, -0.229531, 0.260949), (-0.136749, -0.106791, 0.214535),
           (-0.103319, -0.029427, 0.162290), (-0.065380, 0.014721, 0.112735)),
    shapes=(6.697506, 10.666754, 21.852850, 47.532366),
    size_center=(16.835496,) * 4,
    size_scale=(0.322276,) * 4,
    size_low=(-2.744008,) * 4,
    size_high=(2.728301,) * 4,
    size_coefs=((0.057898, -0.070445), (0.034214, -0.065396), (0.010722, -0.055551),
                (-0.004173, -0.045918)),
    fitted_on="707 Stryktipset rounds 200849-202539 (TipsXtra export, placeholder crowd shares left "
              "out), stake 1 SEK, degree 2 with size terms; toto13 calibrate ROUNDS --fit FILE",
)

#: The negative-binomial shapes of :data:`DEFAULT_CO_WINNER_MODEL` by misses (0 = the top tier).
CALIBRATED_SHAPES = DEFAULT_CO_WINNER_MODEL.shapes


def fit_co_winner_shape(means: ArrayLike, winners: ArrayLike) -> float:
    """Maximum-likelihood negative-binomial shape for real winner counts around modelled means.

    Parameters
    ----------
    means : array_like
        ``λ`` per observation (the independent model's expected winners at the real result).
    winners : array_like of int
        The real winner counts.

    Returns
    -------
    float
        ``s`` in ``[MIN_SHAPE, 1e6]`` maximising ``Σ log NB(winners; s, p = s/(s+λ))`` (mean ``λ``,
        variance ``λ + λ²/s``).

    Examples
    --------
    >>> lam = np.full(4000, 50.0)
    >>> w = np.random.default_rng(0).negative_binomial(5.0, 5.0 / 55.0, size=4000)
    >>> 4.5 < fit_co_winner_shape(lam, w) < 5.5
    True
    """
    lam = np.asarray(means, dtype=np.float64)
    w = np.asarray(winners, dtype=np.float64)
    if lam.shape != w.shape or lam.size == 0 or (lam <= 0).any() or (w < 0).any():
        raise ValueError("means (> 0) and winners (>= 0) must be non-empty arrays of equal shape")
    from scipy import stats
    from scipy.optimize import minimize_scalar

    def nll(log_s: float) -> float:
        s = math.exp(log_s)
        return float(-np.sum(stats.nbinom.logpmf(w, s, s / (s + lam))))

    res = minimize_scalar(nll, bounds=(math.log(MIN_SHAPE), math.log(1e6)), method="bounded",
                          options={"xatol": 1e-9})
    return float(math.exp(res.x))


def inverse_moment(lam: ArrayLike, n: ArrayLike, shape: float = np.inf) -> NDArray[np.float64]:
    """``E[1/(W + n)]`` for ``W`` Poisson (``shape = inf``) or negative binomial with mean ``lam``.

    Parameters
    ----------
    lam : array_like
        Means (>= 0).
    n : array_like of int
        Own winning tips (>= 1), broadcast against ``lam``.
    shape : float
        Negative-binomial shape ``s`` (variance ``λ + λ²/s``); inf for Poisson.

    Notes
    -----
    ``E[1/(W+n)] = ∫_0^1 t^(n-1) G(t) dt`` with ``G`` the pgf of ``W``. For ``n = 1`` in closed form:
    Poisson ``-expm1(-λ)/λ``; negative binomial (``a = λ/s``, ``L = log1p(a)``)
    ``expm1(x)/x · L/a`` with ``x = (1 - s) L``. For ``n >= 2``, 32-point Gauss–Legendre after a
    substitution that flattens the peak at ``t = 1``: Poisson ``x = λ(1-t)`` over ``[0, min(λ, 60)]``;
    negative binomial ``v = log1p(a(1-t))/L`` over ``[0, min(1, 60/((s-1)L))]``; the integrand beyond
    the cut is below ``e^-60``. Checked against mpmath in tests/test_pool.py.

    Examples
    --------
    >>> round(float(inverse_moment(2.0, 1)), 12)  # (1 - e^-2) / 2
    0.432332358382
    """
    lam = np.asarray(lam, dtype=np.float64)
    n = np.asarray(n, dtype=np.int64)
    lam, n = np.broadcast_arrays(lam, n)
    out = np.empty(lam.shape)
    one = n == 1
    out[one] = _inv1(lam[one], shape)
    many = ~one
    if many.any():
        lm, nm = lam[many], n[many]
        a = lm if math.isinf(shape) else lm / shape
        rec = (a >= 10.0) & (nm <= 10) if not math.isinf(shape) else lm >= nm
        res = np.empty(lm.shape)
        if rec.any():
            res[rec] = _inv_recurrence(lm[rec], nm[rec], shape)
        if (~rec).any():
            res[~rec] = _inv_quad(lm[~rec], nm[~rec], shape)
        out[many] = res
    return out


def _inv_recurrence(lam: NDArray, n: NDArray, shape: float) -> NDArray:
    """``E[1/(W+n)]`` by recurrence in ``n`` where it is stable.

    Poisson (``λ >= n``): ``I_n = (1 - (n-1) I_{n-1}) / λ`` (integration by parts), each step
    multiplying earlier errors by ``(n-1)/λ <= 1``. Negative binomial (``a = λ/s >= 10``):
    ``J_n(s) = ((1+a) J_{n-1}(s) - J_{n-1}(s-1)) / a``, from ``(1-u) = ((1+a) - (1+au))/a`` in
    ``J_n(s) = ∫_0^1 (1-u)^(n-1) (1+au)^(-s) du``, starting from the closed form of ``J_1`` for the
    shapes ``s, s-1, ..., s-n+1`` (used for ``n <= 10``, where it keeps 1e-10 against mpmath).
    """
    from scipy import special
    top = int(n.max())
    if math.isinf(shape):
        cur = -np.expm1(-lam) / lam
        out = cur.copy()
        for j in range(2, top + 1):
            cur = (1.0 - (j - 1) * cur) / lam
            out = np.where(n == j, cur, out)
        return out
    a = lam / shape
    big_l = np.log1p(a)
    # level 1 for shapes s - i, i = 0..top-1
    level = np.array([special.exprel((1.0 - (shape - i)) * big_l) * big_l / a for i in range(top)])
    out = level[0].copy()
    for j in range(2, top + 1):
        level = ((1.0 + a) * level[:-1] - level[1:]) / a
        out = np.where(n == j, level[0], out)
    return out


def _inv1(lam: NDArray, shape: float) -> NDArray:
    from scipy import special
    out = np.ones(lam.shape)
    pos = lam > 0
    x = lam[pos]
    if math.isinf(shape):
        out[pos] = -np.expm1(-x) / x
    else:
        a = x / shape
        big_l = np.log1p(a)
        out[pos] = special.exprel((1.0 - shape) * big_l) * big_l / a
    return out


def _inv_quad(lam: NDArray, n: NDArray, shape: float) -> NDArray:
    out = 1.0 / n.astype(np.float64)
    pos = lam > 0
    x, k = lam[pos][:, None], (n[pos] - 1)[:, None]
    with np.errstate(divide="ignore"):
        if math.isinf(shape):
            b = np.minimum(x, _TAIL)
            u = 0.5 * b * (_GL_X[None, :] + 1.0)                       # u = λ(1 - t)
            f = np.exp(k * np.log1p(-np.minimum(u / x, 1.0)) - u)
            val = 0.5 * b * (f * _GL_W[None, :]).sum(axis=1, keepdims=True) / x
        else:
            a = x / shape
            big_l = np.log1p(a)                                        # v = log1p(a(1-t)) / L
            vmax = (np.minimum(1.0, _TAIL / ((shape - 1.0) * big_l)) if shape > 1
                    else np.ones_like(big_l))
            v = 0.5 * vmax * (_GL_X[None, :] + 1.0)
            one_minus_t = np.minimum(np.expm1(v * big_l) / a, 1.0)
            f = np.exp(k * np.log1p(-one_minus_t) - (shape - 1.0) * v * big_l)
            val = 0.5 * vmax * (f * _GL_W[None, :]).sum(axis=1, keepdims=True) * big_l / a
    out[pos] = val[:, 0]
    return out


_DIRECT_MAX = 20_000  # caps up to this many winners are summed term by term when n >= 2


def _head_sum(lam: float, n: int, shape: float, top: int) -> float:
    """``Σ_{w=0}^{top} pmf(w) / (w + n)``, summed directly."""
    from scipy import stats
    w = np.arange(top + 1)
    if math.isinf(shape):
        f = stats.poisson.pmf(w, lam)
    else:
        f = stats.nbinom.pmf(w, shape, shape / (shape + lam))
    return float((f / (w + n)).sum())


def _sf(lam: NDArray, shape: float, x: NDArray) -> NDArray:
    """``P(W > x)`` (x floored; 1 where x < 0): regularized incomplete gamma / beta functions."""
    from scipy import special
    x = np.floor(np.broadcast_to(x, np.shape(lam)))
    out = np.ones(np.shape(lam))
    ok = x >= 0
    lam_ok, k = np.broadcast_to(lam, out.shape)[ok], x[ok] + 1.0
    if math.isinf(shape):
        out[ok] = special.gammainc(k, lam_ok)                 # P(Poisson(λ) >= k)
    else:
        out[ok] = special.betainc(k, shape, lam_ok / (shape + lam_ok))  # P(NB >= k)
    return out


@functools.lru_cache(maxsize=256)
def _negligible_below(shape: float, x: float) -> float:
    """The largest mean ``λ`` with ``P(W > x) < 1e-17``: below it a minimum quota never binds
    (``P(W > x)`` grows with ``λ``; bisection in ``log λ``)."""
    if x < 0:
        return 0.0
    lo, hi = -40.0, math.log(max(x, 1.0)) + 1.0
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        if _sf(np.array([math.exp(mid)]), shape, np.array([x]))[0] < 1e-17:
            lo = mid
        else:
            hi = mid
    return math.exp(lo)


def _binding(lam: NDArray, shape: float, x: float) -> NDArray[np.bool_]:
    """Where ``P(W > x)`` is not negligible (>= 1e-17)."""
    return lam >= _negligible_below(float(shape), float(np.floor(x)))


def _inv_capped(lam: NDArray, n: NDArray, shape: float, cap: float) -> NDArray:
    """``E[1/(W+n); W + n <= cap]``: the quota is paid only while it stays at or above the minimum.

    For ``n = 1`` exact: ``Σ_{w<=K} pmf(w)/(w+1)`` with ``K = floor(cap - 1)`` is, for Poisson,
    ``(P(W >= 1) - P(W >= K+2)) / λ`` (as ``pmf(w)/(w+1) = pmf(w+1)/λ``), and for the negative
    binomial with shape ``s > 1`` ``s/((s-1)λ) · (P(W' >= 1) - P(W' >= K+2))`` with ``W'`` negative
    binomial of shape ``s - 1`` and the same ``p = s/(s+λ)``. For ``n >= 2`` (several own tips in one
    tier for one result) the sum is taken term by term up to ``K_n = floor(cap - n)`` when
    ``K_n <= 20,000``; beyond, the ratio ``E[1/(W+1); W <= K_n] / E[1/(W+1)]`` scales the untruncated
    ``E[1/(W+n)]`` (exact without truncation; its error is tested against the direct sum).
    Results where ``P(W + n > cap) < 1e-17`` are not truncated.
    """
    from scipy import special
    full = inverse_moment(lam, n, shape)
    if not math.isfinite(cap):
        return full
    out = full.copy()
    todo = _binding(lam, shape, cap - n.max())
    if not todo.any():
        return out
    x, k = lam[todo], n[todo]
    kk = np.floor(cap - k)
    xs = np.where(x > 0, x, 1.0)  # λ = 0 (an outcome no one in the crowd picks): W = 0, head 1 below
    if math.isinf(shape):
        head = (-np.expm1(-xs) - _sf(xs, shape, kk + 1)) / xs
    else:
        p = shape / (shape + xs)
        first = -np.expm1(-(shape - 1.0) * np.log1p(xs / shape))
        tail = np.where(kk + 2 > 0, special.betainc(np.maximum(kk + 2, 1.0), shape - 1.0, 1.0 - p), 1.0)
        head = shape / ((shape - 1.0) * xs) * (first - tail)
    head = np.where(kk < 0, 0.0, np.where(x > 0, np.maximum(head, 0.0), 1.0))
    ratio = np.where(k == 1, 1.0, full[todo] / _inv1(x, shape))
    direct = (k > 1) & (kk >= 0) & (kk <= _DIRECT_MAX)
    if direct.any():  # sum the distribution itself up to the cap
        ratio[direct] = 1.0
        head[direct] = [_head_sum(lv, int(nv), shape, int(kv))
                        for lv, nv, kv in zip(x[direct], k[direct], kk[direct])]
    out[todo] = head * ratio
    return out
