"""A results model for 1X2: Poisson goals with the Dixon–Coles low-score correction and time decay.

Home goals ``X ~ Poisson(lam)``, away goals ``Y ~ Poisson(mu)`` with
``log lam = c + h + a_home + d_away`` and ``log mu = c + a_away + d_home`` (attack ``a``, defence ``d``,
home advantage ``h``), and the joint probability of the four low scores corrected by Dixon and Coles'
``tau``: ``tau(0,0) = 1 - lam mu rho``, ``tau(0,1) = 1 + lam rho``, ``tau(1,0) = 1 + mu rho``,
``tau(1,1) = 1 - rho``. Past matches are weighted ``exp(-xi * age in days)``.

Reference: M. J. Dixon and S. G. Coles (1997), *Modelling association football scores and inefficiencies
in the football betting market*, Applied Statistics 46, 265-280. Their decay ``xi = 0.0065`` per
half-week is about 0.0019 per day, the default here.

The fit maximises the weighted log-likelihood minus a small ridge penalty ``ridge * sum(a^2 + d^2)``
(which also fixes the location of ``a`` and ``d`` and gives unseen teams the league average) with
BFGS and the analytic gradient.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import optimize
from scipy.special import gammaln, xlogy

from ..errors import check_int, check_nonnegative

__all__ = ["DixonColes", "fit_dixon_coles", "predict_rolling", "DEFAULT_XI"]

DEFAULT_XI = 0.0019  # per day; Dixon & Coles (1997): 0.0065 per half-week
RHO_MAX = 0.3  # |rho| bound; fitted values in the literature are about -0.1


@dataclass(frozen=True)
class DixonColes:
    """A fitted Dixon–Coles model.

    Attributes
    ----------
    teams : tuple of str
    attack, defence : ndarray
        Per team (log scale; 0 = average).
    intercept, home, rho : float
        ``c``, home advantage ``h`` (log scale), low-score correction ``rho``.
    newcomer : tuple of float
        ``(attack, defence)`` given to a team the fit has not seen (by default, the mean of the
        weakest third of the teams: new teams are mostly promoted ones).
    """

    teams: tuple[str, ...]
    attack: NDArray[np.float64] = field(repr=False)
    defence: NDArray[np.float64] = field(repr=False)
    intercept: float
    home: float
    rho: float
    newcomer: tuple[float, float] = (0.0, 0.0)

    def rates(self, home_teams: Sequence[str] | NDArray, away_teams: Sequence[str] | NDArray
              ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Expected goals ``(lam, mu)`` for the given pairings."""
        index = {t: i for i, t in enumerate(self.teams)}
        a = np.append(self.attack, self.newcomer[0])
        d = np.append(self.defence, self.newcomer[1])
        new = len(self.teams)
        hi = np.array([index.get(t, new) for t in home_teams], dtype=np.int64)
        ai = np.array([index.get(t, new) for t in away_teams], dtype=np.int64)
        lam = np.exp(self.intercept + self.home + a[hi] + d[ai])
        mu = np.exp(self.intercept + a[ai] + d[hi])
        return lam, mu

    def score_matrix(self, home_team: str, away_team: str, max_goals: int = 10) -> NDArray[np.float64]:
        """P(home scores i, away scores j) for i, j = 0..max_goals (renormalised to sum 1)."""
        lam, mu = self.rates([home_team], [away_team])
        return _score_matrices(lam, mu, self.rho, max_goals)[0]

    def predict(self, home_teams: Sequence[str] | NDArray, away_teams: Sequence[str] | NDArray, *,
                max_goals: int = 10) -> NDArray[np.float64]:
        """Probabilities ``home, draw, away`` for each pairing: an (n, 3) table, rows sum to 1.

        Examples
        --------
        >>> m = DixonColes(("A", "B"), np.array([0.2, -0.2]), np.array([-0.1, 0.1]), 0.1, 0.25, -0.05)
        >>> m.predict(["A", "B"], ["B", "A"]).round(4)
        array([[0.627 , 0.2246, 0.1484],
               [0.2607, 0.2719, 0.4674]])
        """
        max_goals = check_int("max_goals", max_goals, 2, 50)
        lam, mu = self.rates(home_teams, away_teams)
        return _outcome_probs(lam, mu, self.rho, max_goals)


def _poisson_pmf(k: NDArray, rate: NDArray) -> NDArray:
    """Poisson pmf ``rate^k e^-rate / k!`` in log space (scipy.stats would cost ~1 s of import)."""
    return np.exp(xlogy(k, rate) - rate - gammaln(k + 1))


def _score_matrices(lam: NDArray, mu: NDArray, rho: float, g: int) -> NDArray:
    k = np.arange(g + 1)
    px = _poisson_pmf(k[None, :], lam[:, None])
    py = _poisson_pmf(k[None, :], mu[:, None])
    m = px[:, :, None] * py[:, None, :]
    m[:, 0, 0] *= 1 - lam * mu * rho
    m[:, 0, 1] *= 1 + lam * rho
    m[:, 1, 0] *= 1 + mu * rho
    m[:, 1, 1] *= 1 - rho
    m = np.clip(m, 0.0, None)
    return m / m.sum(axis=(1, 2), keepdims=True)


def _outcome_probs(lam: NDArray, mu: NDArray, rho: float, g: int) -> NDArray[np.float64]:
    m = _score_matrices(lam, mu, rho, g)
    lower = np.tril(np.ones((g + 1, g + 1), dtype=bool), -1)  # home goals i > away goals j
    home = m[:, lower].sum(axis=1)
    draw = np.trace(m, axis1=1, axis2=2)
    away = m[:, lower.T].sum(axis=1)
    p = np.column_stack([home, draw, away])
    return p / p.sum(axis=1, keepdims=True)


def _negloglik(theta, hi, ai, x, y, w, nt, ridge):
    a, d = theta[:nt], theta[nt:2 * nt]
    c, h, rho = theta[2 * nt], theta[2 * nt + 1], theta[2 * nt + 2]
    eta1 = c + h + a[hi] + d[ai]
    eta2 = c + a[ai] + d[hi]
    lam, mu = np.exp(eta1), np.exp(eta2)
    ll = x * eta1 - lam + y * eta2 - mu
    g1 = x - lam
    g2 = y - mu
    grho = np.zeros_like(lam)
    tau = np.ones_like(lam)
    m00 = (x == 0) & (y == 0)
    m01 = (x == 0) & (y == 1)
    m10 = (x == 1) & (y == 0)
    m11 = (x == 1) & (y == 1)
    t = 1 - lam[m00] * mu[m00] * rho
    tau[m00] = t
    g1[m00] += -lam[m00] * mu[m00] * rho / t
    g2[m00] += -lam[m00] * mu[m00] * rho / t
    grho[m00] = -lam[m00] * mu[m00] / t
    t = 1 + lam[m01] * rho
    tau[m01] = t
    g1[m01] += lam[m01] * rho / t
    grho[m01] = lam[m01] / t
    t = 1 + mu[m10] * rho
    tau[m10] = t
    g2[m10] += mu[m10] * rho / t
    grho[m10] = mu[m10] / t
    tau[m11] = 1 - rho
    grho[m11] = -1 / (1 - rho)
    tau = np.maximum(tau, 1e-12)
    ll = ll + np.log(tau)
    wg1, wg2 = w * g1, w * g2
    grad = np.empty_like(theta)
    grad[:nt] = np.bincount(hi, wg1, nt) + np.bincount(ai, wg2, nt)
    grad[nt:2 * nt] = np.bincount(ai, wg1, nt) + np.bincount(hi, wg2, nt)
    grad[2 * nt] = wg1.sum() + wg2.sum()
    grad[2 * nt + 1] = wg1.sum()
    grad[2 * nt + 2] = (w * grho).sum()
    pen = ridge * (a @ a + d @ d)
    grad[:2 * nt] -= 2 * ridge * theta[:2 * nt]
    return -((w * ll).sum() - pen), -grad


def fit_dixon_coles(home_teams: Sequence[str], away_teams: Sequence[str], home_goals: ArrayLike,
                    away_goals: ArrayLike, dates: ArrayLike | None = None, *, as_of=None,
                    xi: float = DEFAULT_XI, ridge: float = 1.0, start: DixonColes | None = None
                    ) -> DixonColes:
    """Fit the Dixon–Coles model to past results.

    Parameters
    ----------
    home_teams, away_teams : sequence of str
    home_goals, away_goals : array_like of int
    dates : array_like of datetime64, optional
        Match dates; with ``xi > 0`` a match ``t`` days before ``as_of`` has weight ``exp(-xi t)``.
    as_of : datetime-like, optional
        The time the prediction is made (default: the last date). Matches on or after it are refused:
        the model must only use the past.
    xi : float
        Time decay per day (0: all matches count the same).
    ridge : float
        Penalty on squared attack and defence parameters (in units of weighted matches).
    start : DixonColes, optional
        A previous fit to start from (faster when refitting week by week).

    Returns
    -------
    DixonColes

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> teams = np.array(list("ABCDEF"))
    >>> h = rng.integers(0, 6, 20000)
    >>> a = (h + rng.integers(1, 6, 20000)) % 6
    >>> strength = np.array([0.4, 0.2, 0.0, 0.0, -0.2, -0.4])  # attack; no defence effect
    >>> lam, mu = np.exp(0.1 + 0.3 + strength[h]), np.exp(0.1 + strength[a])
    >>> m = fit_dixon_coles(teams[h], teams[a], rng.poisson(lam), rng.poisson(mu), ridge=0.0)
    >>> round(m.home, 1), m.teams[int(np.argmax(m.attack))], m.teams[int(np.argmin(m.attack))]
    (0.3, 'A', 'F')
    """
    ht = np.asarray(home_teams, dtype=object)
    at = np.asarray(away_teams, dtype=object)
    x = np.asarray(home_goals, dtype=np.float64)
    y = np.asarray(away_goals, dtype=np.float64)
    n = len(ht)
    if not (len(at) == len(x) == len(y) == n):
        raise ValueError("home_teams, away_teams, home_goals and away_goals must have the same length")
    if n < 10:
        raise ValueError(f"fit_dixon_coles needs at least 10 past matches, got {n}")
    if not (np.isfinite(x).all() and np.isfinite(y).all() and (x >= 0).all() and (y >= 0).all()):
        raise ValueError("home_goals and away_goals must be whole numbers >= 0")
    xi = check_nonnegative("xi", xi)
    ridge = check_nonnegative("ridge", ridge)
    w = np.ones(n)
    if dates is not None:
        d = pd.to_datetime(np.asarray(dates))
        ref = d.max() if as_of is None else pd.Timestamp(as_of)
        if as_of is not None and (d >= ref).any():
            raise ValueError(f"fit_dixon_coles got matches on or after as_of ({ref.date()}); "
                             "a prediction may use only earlier matches")
        age = (ref - d).days.to_numpy(dtype=np.float64)
        w = np.exp(-xi * age)
    teams, inv = np.unique(np.concatenate([ht, at]).astype(str), return_inverse=True)
    hi, ai = inv[:n], inv[n:]
    nt = len(teams)
    theta0 = np.zeros(2 * nt + 3)
    theta0[2 * nt] = np.log(max(np.average(x + y, weights=w) / 2, 0.1))
    theta0[2 * nt + 1] = 0.2
    if start is not None:
        prev = {t: i for i, t in enumerate(start.teams)}
        for i, t in enumerate(teams):
            j = prev.get(t)
            theta0[i] = start.attack[j] if j is not None else start.newcomer[0]
            theta0[nt + i] = start.defence[j] if j is not None else start.newcomer[1]
        theta0[2 * nt:] = start.intercept, start.home, start.rho
    # rho = RHO_MAX tanh(r) keeps |rho| < RHO_MAX without bounds, so plain BFGS applies (it is faster
    # than L-BFGS-B at this size, whose BLAS calls suffer when other processes share the cores).
    theta0[-1] = np.arctanh(np.clip(theta0[-1] / RHO_MAX, -0.99, 0.99))

    def objective(t):
        tt = t.copy()
        th = np.tanh(t[-1])
        tt[-1] = RHO_MAX * th
        v, g = _negloglik(tt, hi, ai, x, y, w, nt, ridge)
        g[-1] *= RHO_MAX * (1 - th * th)
        return v, g

    res = optimize.minimize(objective, theta0, jac=True, method="BFGS",
                            options={"maxiter": 1000, "gtol": 1e-6})
    res.x[-1] = RHO_MAX * np.tanh(res.x[-1])
    th = res.x
    att, dfc = th[:nt], th[nt:2 * nt]
    strength = att - dfc
    weak = np.argsort(strength)[: max(1, nt // 3)]
    return DixonColes(tuple(teams.tolist()), att, dfc, float(th[2 * nt]), float(th[2 * nt + 1]),
                      float(th[2 * nt + 2]), (float(att[weak].mean()), float(dfc[weak].mean())))


def predict_rolling(matches: pd.DataFrame, *, start=None, history_days: int = 3 * 365,
                    xi: float = DEFAULT_XI, ridge: float = 1.0, min_matches: int = 100,
                    refit: str = "W-SUN") -> NDArray[np.float64]:
    """Out-of-sample 1X2 probabilities for every match, each from a fit to strictly earlier results.

    Parameters
    ----------
    matches : DataFrame
        A match table (``date, home_team, away_team, home_goals, away_goals``); rows without goals are
        only predicted, never fitted.
    start : datetime-like, optional
        Predict only matches on or after this date (the rest of the rows is NaN).
    history_days : int
        Fit on the matches of this many days before the refit date.
    xi, ridge : float
        As for :func:`fit_dixon_coles`.
    min_matches : int
        Rows with fewer earlier results than this get NaN.
    refit : str
        pandas period alias: the model is refitted once per period (default weekly, Monday to
        Sunday) on the results before the period's first day, so no match sees its own period.

    Returns
    -------
    ndarray, shape (n, 3)
        Rows in the order of ``matches``; NaN where nothing was predicted.
    """
    history_days = check_int("history_days", history_days, 1)
    dates = pd.to_datetime(matches["date"]).to_numpy()
    if np.isnat(dates).any():
        raise ValueError("predict_rolling needs a date for every match")
    out = np.full((len(matches), 3), np.nan)
    played = matches["home_goals"].notna().to_numpy() & matches["away_goals"].notna().to_numpy()
    periods = pd.DatetimeIndex(dates).to_period(refit)
    ht = matches["home_team"].to_numpy()
    at = matches["away_team"].to_numpy()
    hg = matches["home_goals"].to_numpy(dtype=np.float64)
    ag = matches["away_goals"].to_numpy(dtype=np.float64)
    todo = np.ones(len(matches), dtype=bool)
    if start is not None:
        todo &= dates >= np.datetime64(pd.Timestamp(start))
    model = None
    for per in np.unique(periods[todo]):
        rows = np.flatnonzero(todo & (periods == per))
        t0 = np.datetime64(per.start_time)
        past = played & (dates < t0) & (dates >= t0 - np.timedelta64(history_days, "D"))
        if past.sum() < min_matches:
            continue
        model = fit_dixon_coles(ht[past], at[past], hg[past], ag[past], dates[past], as_of=t0, xi=xi,
                                ridge=ridge, start=model)
        out[rows] = model.predict(ht[rows], at[rows])
    return out
