"""Calibration of the co-winner model on real rounds: the fit of :class:`CoWinnerModel`
(:func:`fit_co_winner_model`, the package's :data:`DEFAULT_CO_WINNER_MODEL`), its rolling-origin check
(:func:`rolling_check`), and the earlier constant-mean shape fit with its leave-one-out check.

The ``calibrated`` model (:class:`CoWinners`) takes the other winners ``W_k`` of tier ``k`` at the real
result ``r`` as negative binomial around a map of the independent model's mean
``λ_k = rows · P_crowd(exactly k strikes | r)`` (``rows = turnover / stake``, a Poisson-binomial over
the crowd's shares of the real outcomes): ``E[W_k] = λ_k · exp(b0 + b1 z + b2 z²)`` with ``z`` the
standardised ``log λ_k`` clamped to its fitted range, and variance ``μ + μ²/s``. The coefficients and
the shape ``s`` of each tier are fitted together by maximum likelihood. The check predicts each year
from the earlier years only: mean real/predicted winners per fifth of the rounds by predicted count,
and the share of real counts inside 90 % intervals.

:func:`fit_co_winner_shapes` and :func:`leave_one_out_check` are the constant-mean model (``E[W_k] =
λ_k``, only the shape fitted), kept for comparison.

The rounds come as :class:`~toto13.io.rounds.Rounds`, e.g. the Stryktipset export read with its
details file by :func:`toto13.backtest.import_stryktipset`: the rounds with the crowd's pick shares
(none of them a placeholder, :func:`default_crowd`), a turnover and the winners of every tier are used.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..engine import poisson_binomial_pmf
from ..executor import Workers, run_tasks
from ..io.rounds import Rounds
from ..rules import Rules
from .cowinners import DEFAULT_CO_WINNER_MODEL, MIN_SHAPE, CoWinnerModel, CoWinners, fit_co_winner_shape

__all__ = ["DEFAULT_CROWD_SHARES", "CoWinnerCalibration", "LeaveOneOutCheck", "RollingCheck",
           "WinnerCounts", "calibrate_co_winners", "co_winner_interval", "default_crowd",
           "fit_co_winner_model", "fit_co_winner_shapes", "leave_one_out_check", "rolling_check",
           "shape_standard_error", "winner_counts"]


@dataclass(frozen=True)
class WinnerCounts:
    """Per round and tier, the independent model's expected winners at the real result and the real
    winners: what the shapes are fitted to.

    Parameters
    ----------
    ids : tuple of str
        Round ids (rows).
    tiers : tuple of int
        Strikes of each tier (columns), highest first.
    means : ndarray of float64, shape (rounds, tiers)
        ``λ_k`` at the real result (> 0).
    winners : ndarray of float64, shape (rounds, tiers)
        The real winner counts (whole numbers >= 0).
    dates : ndarray of datetime64[D], shape (rounds,), optional
        When each round was played (what :func:`rolling_check` orders by).
    tips : ndarray of float64, shape (rounds,), optional
        The crowd's tips of each round (``turnover / stake``; what the size terms of
        :class:`CoWinnerModel` follow).
    """

    ids: tuple[str, ...]
    tiers: tuple[int, ...]
    means: NDArray[np.float64]
    winners: NDArray[np.float64]
    dates: NDArray[np.datetime64] | None = None
    tips: NDArray[np.float64] | None = None

    def __post_init__(self) -> None:
        shape = (len(self.ids), len(self.tiers))
        for name in ("means", "winners"):
            a = np.asarray(getattr(self, name), dtype=np.float64)
            if a.shape != shape:
                raise ValueError(f"{name} must have shape {shape}, got {a.shape}")
            object.__setattr__(self, name, a)
        if not (self.means > 0).all() or not np.isfinite(self.means).all():
            raise ValueError("means must be finite and > 0")
        w = self.winners
        if not (np.isfinite(w).all() and (w >= 0).all() and (w == np.round(w)).all()):
            raise ValueError("winners must be whole numbers >= 0")
        if self.dates is not None:
            d = np.asarray(self.dates, dtype="datetime64[D]")
            if d.shape != (len(self.ids),):
                raise ValueError(f"dates must have shape ({len(self.ids)},), got {d.shape}")
            object.__setattr__(self, "dates", d)
        if self.tips is not None:
            n = np.asarray(self.tips, dtype=np.float64)
            if n.shape != (len(self.ids),) or not (np.isfinite(n).all() and (n > 0).all()):
                raise ValueError(f"tips must be {len(self.ids)} finite numbers > 0")
            object.__setattr__(self, "tips", n)

    def subset(self, keep: NDArray[np.bool_]) -> WinnerCounts:
        """The rounds where ``keep`` is True."""
        keep = np.asarray(keep, dtype=bool)
        return WinnerCounts(tuple(i for i, k in zip(self.ids, keep) if k), self.tiers, self.means[keep],
                            self.winners[keep], None if self.dates is None else self.dates[keep],
                            None if self.tips is None else self.tips[keep])


#: Crowd shares (percent) that the TipsXtra export writes where the real ones are unknown (2003-2005:
#: 43/28/29; some older matches 34/33/33).
DEFAULT_CROWD_SHARES = ((43, 28, 29), (34, 33, 33))


def default_crowd(rounds: Rounds) -> NDArray[np.bool_]:
    """Per round: True where some match carries a placeholder crowd share :data:`DEFAULT_CROWD_SHARES`
    (rounded to whole percents), i.e. the crowd's shares are not all known."""
    pct = np.round(rounds.crowd_table() * 100.0)
    out = np.zeros(len(rounds), dtype=bool)
    for triple in DEFAULT_CROWD_SHARES:
        out |= (pct == np.array(triple, dtype=np.float64)).all(axis=2).any(axis=1)
    return out


def winner_counts(rounds: Rounds, rules: Rules, *, skip_default_crowd: bool = True) -> WinnerCounts:
    """The expected and the real winners per tier of ``rules``, over the usable ``rounds``.

    Parameters
    ----------
    rounds : Rounds
        Played rounds; used where the crowd's pick shares of every match, a turnover and the winners
        of every tier of ``rules`` are known. Tiers are matched by their strikes.
    rules : Rules
        The game: its tiers and stake (``rows = turnover / stake``).
    skip_default_crowd : bool
        Leave out rounds with a placeholder crowd share (:func:`default_crowd`).

    Returns
    -------
    WinnerCounts

    Raises
    ------
    ValueError
        A tier of ``rules`` missing from ``rounds``, matches differing, no usable round, or a round
        whose crowd gave a paying number of strikes no chance (``λ = 0``).

    Notes
    -----
    ``λ_k = turnover / stake · P(exactly k strikes)``, the strikes of a crowd row being a sum of
    independent matches, each hit with the crowd's share of its real outcome (a Poisson-binomial,
    :func:`toto13.engine.poisson_binomial_pmf`).
    """
    if not isinstance(rounds, Rounds):
        raise ValueError(f"rounds ({type(rounds).__name__}) must be a Rounds object")
    if not isinstance(rules, Rules) or rules.stake <= 0:
        raise ValueError(f"rules ({rules!r}) must be a Rules object with a stake > 0")
    if rounds.matches != rules.matches:
        raise ValueError(f"rounds have {rounds.matches} matches, rules ({rules.name}) {rules.matches}")
    cols = [rounds.tier_index(k) for k in rules.tiers]
    winners = rounds.winners[:, cols]
    use = rounds.has_crowd() & (rounds.turnover > 0) & np.isfinite(winners).all(axis=1)
    if skip_default_crowd:
        use &= ~default_crowd(rounds)
    if not use.any():
        raise ValueError("rounds: none has the crowd's pick shares, a turnover and the winners of "
                         f"every tier {rules.tiers}")
    idx = np.flatnonzero(use)
    m = rules.matches
    hit = rounds.crowd_table()[idx[:, None], np.arange(m)[None, :], rounds.results[idx].astype(np.int64)]
    pmf = poisson_binomial_pmf(hit)                                          # (rounds, m + 1)
    means = rounds.turnover[idx, None] / rules.stake * pmf[:, list(rules.tiers)]
    bad = ~(means > 0).all(axis=1)
    if bad.any():
        raise ValueError(f"round {rounds.ids[idx[np.argmax(bad)]]}: the crowd's shares give a tier no "
                         "chance at the real result (a real outcome with share 0)")
    return WinnerCounts(tuple(rounds.ids[i] for i in idx), tuple(rules.tiers), means, winners[idx],
                        rounds.dates[idx], rounds.turnover[idx] / rules.stake)


def fit_co_winner_shapes(counts: WinnerCounts) -> NDArray[np.float64]:
    """Per tier the maximum-likelihood negative-binomial shape (:func:`fit_co_winner_shape`).

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> lam = rng.uniform(10, 1000, size=(3000, 1))
    >>> w = rng.negative_binomial(8.0, 8.0 / (8.0 + lam))
    >>> fit_co_winner_shapes(WinnerCounts(tuple(map(str, range(3000))), (13,), lam, w)).round(1)
    array([7.8])
    """
    return np.array([fit_co_winner_shape(counts.means[:, j], counts.winners[:, j])
                     for j in range(len(counts.tiers))])


def shape_standard_error(means: NDArray[np.float64], winners: NDArray[np.float64],
                         shape: float) -> float:
    """Standard error of a fitted shape, from the observed information at it.

    Notes
    -----
    With ``ℓ(s) = Σ log NB(w; s, p = s/(s+λ))``, the information is ``-ℓ''(s)`` with
    ``ℓ''(s) = Σ ψ'(w+s) - ψ'(s) + 1/s - 1/(s+λ) - (λ-w)/(s+λ)²`` (``ψ'`` the trigamma
    function), and the standard error ``1/sqrt(-ℓ''(s))`` (inf where the likelihood is flat:
    Poisson-like data).

    Examples
    --------
    >>> lam = np.full(2000, 50.0)
    >>> w = np.random.default_rng(0).negative_binomial(5.0, 5.0 / 55.0, size=2000)
    >>> round(shape_standard_error(lam, w, 5.0), 2)
    0.2
    """
    from scipy.special import polygamma

    lam = np.asarray(means, dtype=np.float64)
    w = np.asarray(winners, dtype=np.float64)
    s = float(shape)
    d2 = (polygamma(1, w + s) - polygamma(1, s) + 1 / s - 1 / (s + lam) - (lam - w) / (s + lam) ** 2)
    info = -float(d2.sum())
    return 1 / math.sqrt(info) if info > 0 else math.inf


def co_winner_interval(means: NDArray[np.float64], shape: float, level: float = 0.9
                        ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Central ``level`` interval of the winners: Poisson (``shape = inf``) or negative binomial.

    Examples
    --------
    >>> lo, hi = co_winner_interval(np.array([100.0]), math.inf)
    >>> lo.tolist(), hi.tolist()
    ([84.0], [117.0])
    """
    from scipy import stats

    lam = np.asarray(means, dtype=np.float64)
    a, b = (1 - level) / 2, (1 + level) / 2
    if math.isinf(shape):
        return np.asarray(stats.poisson.ppf(a, lam)), np.asarray(stats.poisson.ppf(b, lam))
    p = shape / (shape + lam)
    return np.asarray(stats.nbinom.ppf(a, shape, p)), np.asarray(stats.nbinom.ppf(b, shape, p))


@dataclass(frozen=True)
class LeaveOneOutCheck:
    """The leave-one-out check of one co-winner model.

    Attributes
    ----------
    model : CoWinners
    level : float
        Probability of the predictive intervals.
    ratio : ndarray, shape (tiers,)
        Median over the rounds of real / predicted winners (the same for both models: they share the
        means).
    inside : ndarray of bool, shape (rounds, tiers)
        Whether each round's real winners fell inside the interval predicted without that round.
    """

    model: CoWinners
    level: float
    ratio: NDArray[np.float64]
    inside: NDArray[np.bool_]

    @property
    def coverage(self) -> NDArray[np.float64]:
        """Per tier the share of rounds inside their interval (about ``level`` for a good model)."""
        return self.inside.mean(axis=0)


def leave_one_out_check(counts: WinnerCounts, model: CoWinners | str = CoWinners.CALIBRATED, *,
                        level: float = 0.9) -> LeaveOneOutCheck:
    """Predict each round's winners from the other rounds and record whether the interval holds them.

    Parameters
    ----------
    counts : WinnerCounts
        At least two rounds.
    model : CoWinners or str
        ``calibrated``: shapes refitted without the round (:func:`fit_co_winner_shapes`);
        ``poisson``: independent rows, nothing fitted.
    level : float
        Probability of the central predictive intervals (:func:`co_winner_interval`), in (0, 1).

    Returns
    -------
    LeaveOneOutCheck
    """
    model = CoWinners(model)
    if not 0 < level < 1:
        raise ValueError(f"level ({level!r}) must be in (0, 1)")
    n, t = counts.means.shape
    if n < 2:
        raise ValueError(f"counts hold {n} round; leaving one out needs at least 2")
    inside = np.zeros((n, t), dtype=bool)
    for i in range(n):
        if model is CoWinners.CALIBRATED:
            keep = np.arange(n) != i
            rest = WinnerCounts(counts.ids[:i] + counts.ids[i + 1:], counts.tiers,
                                counts.means[keep], counts.winners[keep])
            shapes = fit_co_winner_shapes(rest)
        else:
            shapes = np.full(t, np.inf)
        for j in range(t):
            lo, hi = co_winner_interval(counts.means[i, j], shapes[j], level)
            inside[i, j] = lo <= counts.winners[i, j] <= hi
    ratio = np.median(counts.winners / counts.means, axis=0)
    return LeaveOneOutCheck(model, level, ratio, inside)


@dataclass(frozen=True)
class CoWinnerCalibration:
    """The fitted shapes and their check (see :func:`calibrate_co_winners`).

    Attributes
    ----------
    counts : WinnerCounts
        The rounds and tiers fitted.
    shapes, standard_errors : ndarray, shape (tiers,)
        Maximum-likelihood shape per tier of the constant-mean model (by strikes, highest first) and
        its standard error.
    checks : dict of CoWinners to LeaveOneOutCheck
        The leave-one-out check of each co-winner model.
    """

    counts: WinnerCounts
    shapes: NDArray[np.float64]
    standard_errors: NDArray[np.float64]
    checks: dict[CoWinners, LeaveOneOutCheck]


def calibrate_co_winners(rounds: Rounds, rules: Rules, *, level: float = 0.9,
                         skip_default_crowd: bool = False) -> CoWinnerCalibration:
    """Fit the co-winner shapes of ``rules``' tiers on real ``rounds`` and check both models.

    Parameters
    ----------
    rounds : Rounds
        Played rounds (:func:`winner_counts` says which are used).
    rules : Rules
    level : float
        Probability of the leave-one-out predictive intervals.
    skip_default_crowd : bool
        As in :func:`winner_counts` (off here: the figures below keep round 202524, one of whose
        matches had the crowd shares 34/33/33).

    Returns
    -------
    CoWinnerCalibration

    Notes
    -----
    On the 21 Stryktipset rounds 202519-202539 (TipsXtra export with its details file) this gives
    the shapes 6.9809, 4.1822, 7.1365, 15.1058 (the package's shapes before
    :data:`DEFAULT_CO_WINNER_MODEL`); left out one
    at a time, the calibrated model's 90 % intervals hold 77 of the 84 real winner counts, the
    independent (Poisson) model's 16.
    """
    counts = winner_counts(rounds, rules, skip_default_crowd=skip_default_crowd)
    shapes = fit_co_winner_shapes(counts)
    se = np.array([shape_standard_error(counts.means[:, j], counts.winners[:, j], s)
                   for j, s in enumerate(shapes)])
    checks = {m: leave_one_out_check(counts, m, level=level) for m in CoWinners}
    return CoWinnerCalibration(counts, shapes, se, checks)



# ---------------------------------------------------------------- the co-winner model
def _nb_loglik(theta: NDArray, x: NDArray, off: NDArray, w: NDArray
               ) -> tuple[float, NDArray[np.float64]]:
    """``Σ log NB(w; μ, s)`` with ``log μ = off + x·b``, ``θ = (b, log s)``, and its gradient.

    ``∂/∂η = s (w - μ)/(s + μ)``;
    ``∂/∂ log s = s (ψ(w+s) - ψ(s) + log(s/(s+μ)) + (μ - w)/(s+μ))``.
    """
    from scipy import special

    b, ls = theta[:-1], theta[-1]
    eta = off + x @ b
    s = math.exp(ls)
    lse = np.logaddexp(ls, eta)                                   # log(s + μ)
    ll = (special.gammaln(w + s) - special.gammaln(s) - special.gammaln(w + 1)
          + s * (ls - lse) + w * (eta - lse))
    inv = np.exp(-lse)                                            # 1 / (s + μ)
    d_eta = s * (w - np.exp(eta)) * inv
    d_ls = s * (special.digamma(w + s) - special.digamma(s) + ls - lse + (np.exp(eta) - w) * inv)
    return float(ll.sum()), np.append(x.T @ d_eta, d_ls.sum())


def _standardised(v: NDArray) -> tuple[NDArray, tuple[float, ...]]:
    """``v`` standardised, and ``(center, scale, low, high)`` of that map and its range."""
    center, scale = float(v.mean()), float(v.std())
    scale = scale if scale > 0 else 1.0
    z = (v - center) / scale
    return z, (center, scale, float(z.min()), float(z.max()))


def _fit_tier(lam: NDArray, w: NDArray, degree: int, tips: NDArray | None = None
              ) -> tuple[tuple[float, ...], NDArray, NDArray]:
    """One tier of :func:`fit_co_winner_model`: ``((center, scale, z_low, z_high[, size ...]), θ,
    se(θ))``, with ``θ = (coefs[, b, c], shape)``."""
    from scipy import optimize

    off = np.log(lam)
    z, frame = _standardised(off)
    x = np.vander(z, degree + 1, increasing=True)
    if tips is not None:
        u, size_frame = _standardised(np.log(tips))
        x, frame = np.column_stack([x, u, z * u]), (*frame, *size_frame)
    p = x.shape[1]
    # Poisson start: concave in b and never fails, whatever the size of the counts
    pois = optimize.minimize(  # type: ignore[call-overload]  # scipy-stubs: a lambda objective
        lambda b: float((np.exp(off + x @ b) - w * (off + x @ b)).sum()),
                             np.zeros(p), jac=lambda b: x.T @ (np.exp(off + x @ b) - w),
                             method="BFGS")
    mu = np.exp(off + x @ pois.x)
    excess = float(np.mean(((w - mu) ** 2 - mu) / mu ** 2))       # ≈ 1/s
    s0 = min(max(1.0 / excess if excess > 0 else 1e4, 2.0), 1e4)
    lo, hi = math.log(MIN_SHAPE), math.log(1e6)
    res = optimize.minimize(  # type: ignore[call-overload]  # scipy-stubs: jac=True
        lambda t: tuple(-v for v in _nb_loglik(t, x, off, w)),
                            np.append(pois.x, math.log(s0)), jac=True, method="L-BFGS-B",
                            bounds=[(None, None)] * p + [(lo, hi)],
                            options={"maxiter": 5000, "ftol": 1e-15, "gtol": 1e-9})
    theta = res.x
    # observed information by central differences of the analytic gradient
    h = 1e-5 * np.maximum(1.0, np.abs(theta))
    hess = np.array([(_nb_loglik(theta + e, x, off, w)[1] - _nb_loglik(theta - e, x, off, w)[1]) / (2 * e[i])
                     for i, e in enumerate(np.diag(h))])
    try:
        cov = np.linalg.inv(-0.5 * (hess + hess.T))
        se = np.sqrt(np.maximum(np.diag(cov), 0.0))
    except np.linalg.LinAlgError:
        se = np.full(theta.size, np.inf)
    se[-1] *= math.exp(theta[-1])                                 # delta method: se(s) = s se(log s)
    theta = np.append(theta[:-1], math.exp(theta[-1]))
    return frame, theta, se


def _tier_misses(counts: WinnerCounts, rules: Rules) -> list[int]:
    """The misses of each tier of ``counts``; the model needs the top tiers of ``rules``, in order."""
    top = tuple(rules.tiers[:len(counts.tiers)])
    misses = [rules.matches - k for k in top]
    if tuple(int(k) for k in counts.tiers) != top or misses != list(range(len(misses))):
        raise ValueError(f"counts.tiers ({tuple(int(k) for k in counts.tiers)}) must be the top tiers of "
                         f"rules ({rules.name}) in order, from {rules.matches} strikes")
    return misses


def fit_co_winner_model(data: WinnerCounts | Rounds, rules: Rules, *, degree: int = 2,
                        size: bool = True, fitted_on: str = "") -> CoWinnerModel:
    """Fit the co-winner model of every tier by maximum likelihood on real winner counts.

    Parameters
    ----------
    data : WinnerCounts or Rounds
        Real rounds (:func:`winner_counts` picks the usable ones) or their winner counts.
    rules : Rules
        The game: its tiers (from the top, with no gap) and stake.
    degree : int
        Degree of the polynomial in ``z`` (0: a constant ratio; 2: the default, a parabola).
    size : bool
        Fit the size terms too (``u`` and ``z·u``, :class:`CoWinnerModel`) where the counts carry
        the rounds' tips (:func:`winner_counts` gives them).
    fitted_on : str
        Provenance kept in the model (the rounds' ids are kept in any case).

    Returns
    -------
    CoWinnerModel

    Notes
    -----
    Per tier, ``W ~ NB(μ, s)`` with ``log μ = log λ + Σ_i b_i z^i``, ``z = (log λ - mean)/sd`` over
    the fitted rounds (with size terms ``+ b_u u + b_zu z u``, ``u`` the standardised log of the
    pool's tips); ``b`` and ``log s`` maximise the likelihood (L-BFGS-B with the analytic gradient
    of :func:`_nb_loglik`), starting from the Poisson fit of ``b`` (concave, so it never fails, even
    with counts in the hundreds of thousands) and the moment estimate of ``s``. Standard errors come
    from the observed information (the gradient differenced centrally).

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> lam = np.exp(rng.uniform(0, 6, size=(4000, 1)))
    >>> w = rng.negative_binomial(6.0, 6.0 / (6.0 + 1.2 * lam))
    >>> model = fit_co_winner_model(WinnerCounts(tuple(map(str, range(4000))), (13,), lam, w),
    ...                             Rules(name="one", tiers=(13,), tier_shares=(1.0,), average_payouts=None))
    >>> np.round(model.coefs[0], 1).tolist(), round(model.shapes[0])
    ([0.2, 0.0, 0.0], 6)
    """
    counts = data if isinstance(data, WinnerCounts) else winner_counts(data, rules)
    if not isinstance(rules, Rules):
        raise ValueError(f"rules ({rules!r}) must be a Rules object")
    if isinstance(degree, bool) or not isinstance(degree, (int, np.integer)) or not 0 <= degree <= 5:
        raise ValueError(f"degree ({degree!r}) must be a whole number in 0..5")
    n = len(counts.ids)
    if n < 3 * (degree + 2):
        raise ValueError(f"data hold {n} rounds; a degree-{degree} fit needs at least {3 * (degree + 2)}")
    _tier_misses(counts, rules)
    tips = counts.tips if size else None
    parts = [_fit_tier(counts.means[:, j], counts.winners[:, j], int(degree), tips)
             for j in range(len(counts.tiers))]
    k = degree + 1
    sized: dict[str, Any] = {} if tips is None else {
        name: tuple(p[0][4 + i] for p in parts)
        for i, name in enumerate(("size_center", "size_scale", "size_low", "size_high"))}
    if tips is not None:
        sized["size_coefs"] = tuple((float(p[1][k]), float(p[1][k + 1])) for p in parts)
    return CoWinnerModel(center=tuple(p[0][0] for p in parts), scale=tuple(p[0][1] for p in parts),
                         z_low=tuple(p[0][2] for p in parts), z_high=tuple(p[0][3] for p in parts),
                         coefs=tuple(tuple(float(v) for v in p[1][:k]) for p in parts),
                         shapes=tuple(max(float(p[1][-1]), MIN_SHAPE) for p in parts),
                         rounds=counts.ids, fitted_on=fitted_on,
                         standard_errors=tuple(tuple(float(v) for v in p[2]) for p in parts), **sized)


def _quintile_ratios(winners: NDArray, mean: NDArray) -> NDArray[np.float64]:
    """Mean real / mean predicted winners in each fifth of the rounds by predicted count, lowest first."""
    parts = np.array_split(np.argsort(mean, kind="stable"), 5)
    return np.array([winners[p].mean() / mean[p].mean() if p.size else np.nan for p in parts])


@dataclass(frozen=True)
class RollingCheck:
    """The co-winner model predicted out of sample, each year from the earlier years only.

    Attributes
    ----------
    ids : tuple of str
        The rounds predicted (rows), oldest first.
    tiers : tuple of int
        Strikes of each tier (columns).
    winners, predicted_mean, low_90, high_90 : ndarray, shape (rounds, tiers)
        Real winners, the model's expected winners at the real result, and its central 90 % interval.
    years : ndarray of int, shape (rounds,)
        The year of each round.
    quintile_ratio : ndarray, shape (tiers, 5)
        Mean real / mean predicted winners per fifth of the rounds by predicted count, most surprising
        (fewest predicted winners) first.
    coverage_90 : ndarray, shape (tiers,)
        Share of rounds whose real winners lie in their 90 % interval.
    rounds : ndarray of int, shape (tiers,)
        Rounds checked per tier.
    """

    ids: tuple[str, ...]
    tiers: tuple[int, ...]
    years: NDArray[np.int64]
    winners: NDArray[np.float64]
    predicted_mean: NDArray[np.float64]
    low_90: NDArray[np.float64]
    high_90: NDArray[np.float64]

    @property
    def quintile_ratio(self) -> NDArray[np.float64]:
        return np.array([_quintile_ratios(self.winners[:, j], self.predicted_mean[:, j])
                         for j in range(len(self.tiers))])

    @property
    def coverage_90(self) -> NDArray[np.float64]:
        return ((self.low_90 <= self.winners) & (self.winners <= self.high_90)).mean(axis=0)

    @property
    def rounds(self) -> NDArray[np.int64]:
        return np.full(len(self.tiers), len(self.ids), dtype=np.int64)

    def between(self, first_year: int | None = None, last_year: int | None = None) -> RollingCheck:
        """The same check restricted to the rounds of ``first_year``..``last_year`` (inclusive)."""
        keep = np.ones(len(self.ids), dtype=bool)
        if first_year is not None:
            keep &= self.years >= first_year
        if last_year is not None:
            keep &= self.years <= last_year
        if not keep.any():
            raise ValueError(f"no round predicted in {first_year}..{last_year}")
        return RollingCheck(tuple(i for i, k in zip(self.ids, keep) if k), self.tiers, self.years[keep],
                            self.winners[keep], self.predicted_mean[keep], self.low_90[keep],
                            self.high_90[keep])


def rolling_check(data: WinnerCounts | Rounds, rules: Rules, *, degree: int = 2, size: bool = True,
                  min_rounds: int = 100, workers: Workers | None = None) -> RollingCheck:
    """Predict each year's winners with the model fitted on the earlier years only (rolling origin).

    Parameters
    ----------
    data : WinnerCounts (with dates) or Rounds
    rules : Rules
    degree, size
        As in :func:`fit_co_winner_model`.
    min_rounds : int
        A year is predicted once at least this many earlier rounds are there to fit on.
    workers : toto13.executor.Workers, optional
        Where the fits (one per year) run: local processes or a Dask cluster (default: in this
        process); the result is the same for any workers.

    Returns
    -------
    RollingCheck

    Notes
    -----
    The acceptance the package holds its default to: in every tier, quintile ratios within 0.9–1.1
    and 90 % intervals holding 85–95 % of the real counts (:attr:`RollingCheck.quintile_ratio`,
    :attr:`RollingCheck.coverage_90`).
    """
    counts = data if isinstance(data, WinnerCounts) else winner_counts(data, rules)
    if counts.dates is None:
        raise ValueError("data must carry the rounds' dates (WinnerCounts.dates)")
    min_rounds = int(min_rounds)
    if min_rounds < 3 * (degree + 2):
        raise ValueError(f"min_rounds ({min_rounds}) must be >= {3 * (degree + 2)}")
    years = counts.dates.astype("datetime64[Y]").astype(np.int64) + 1970
    t = len(counts.tiers)
    out = {k: np.full((len(years), t), np.nan) for k in ("mean", "low", "high")}
    played = [int(y) for y in np.unique(years) if (years < y).sum() >= min_rounds]
    models = run_tasks(_fit_year, (counts, rules, degree, size), played, workers or Workers())
    for y, model in zip(played, models):
        _predict(model, counts, rules, years == y, out)
    done = np.isfinite(out["mean"][:, 0])
    if not done.any():
        raise ValueError(f"data: no year has {min_rounds} earlier rounds to fit on")
    return RollingCheck(tuple(i for i, k in zip(counts.ids, done) if k), counts.tiers, years[done],
                        counts.winners[done], out["mean"][done], out["low"][done], out["high"][done])


def _fit_year(data: tuple[WinnerCounts, Rules, int, bool], year: int) -> CoWinnerModel:
    """The co-winner model fitted on the rounds before ``year`` (a task of :func:`rolling_check`)."""
    counts, rules, degree, size = data
    years = counts.dates.astype("datetime64[Y]").astype(np.int64) + 1970  # type: ignore[union-attr]
    return fit_co_winner_model(counts.subset(years < year), rules, degree=degree, size=size)


def _predict(model: CoWinnerModel, counts: WinnerCounts, rules: Rules, rows: NDArray[np.bool_],
             out: dict[str, NDArray[np.float64]]) -> None:
    """The model's mean and central 90 % interval of the winners of ``rows``, written into ``out``."""
    from scipy import stats

    for j, misses in enumerate(_tier_misses(counts, rules)):
        tips = None if counts.tips is None else counts.tips[rows]
        if model.has_size and tips is None:
            raise ValueError("counts carry no tips, which the model's size terms need")
        mu, s = model.mean(counts.means[rows, j], misses, tips=tips), model.shape(misses)
        out["mean"][rows, j] = mu
        out["low"][rows, j] = stats.nbinom.ppf(0.05, s, s / (s + mu))
        out["high"][rows, j] = stats.nbinom.ppf(0.95, s, s / (s + mu))


def model_check(data: WinnerCounts | Rounds, rules: Rules, model: CoWinnerModel | None = None
                ) -> RollingCheck:
    """How a given co-winner model holds on the rounds of ``data``: per round and tier the real
    winners beside the model's mean and 90 % interval at the real result (in sample where the model
    was fitted on these rounds; :func:`rolling_check` gives the out-of-sample view).

    Parameters
    ----------
    data : WinnerCounts or Rounds
    rules : Rules
    model : CoWinnerModel, optional
        Default: :data:`toto13.pool.DEFAULT_CO_WINNER_MODEL`.
    """
    counts = data if isinstance(data, WinnerCounts) else winner_counts(data, rules)
    if not counts.ids:
        raise ValueError("data hold no round with turnover, winners and the crowd's shares")
    n, t = len(counts.ids), len(counts.tiers)
    out = {k: np.full((n, t), np.nan) for k in ("mean", "low", "high")}
    _predict(DEFAULT_CO_WINNER_MODEL if model is None else model, counts, rules, np.ones(n, bool), out)
    years = (np.zeros(n, dtype=np.int64) if counts.dates is None
             else counts.dates.astype("datetime64[Y]").astype(np.int64) + 1970)
    return RollingCheck(counts.ids, counts.tiers, years, counts.winners, out["mean"], out["low"],
                        out["high"])
