"""Odds and the crowd, blended: outcome probabilities from the bookmaker's odds and the crowd's pick shares.

The odds, margin removed, give probabilities ``q``; the crowd's pick shares ("Svenska folket") give
``c``. On Stryktipset rounds the shares carry information the odds miss: outcomes the odds rate far
above their crowd share (high *spelvärde* ``q / c``) happen less often than ``q`` says. A blend fits,
on matches already played,

    p_j  proportional to  exp(a log q_j + b log c_j + d_j)        (d_home = 0; d = 0 without intercepts)

by maximum likelihood (a multinomial logit on the two log tables). The weights drift over the years,
so :func:`blend_by_season` predicts each season from a fit on earlier seasons only.
:func:`calibration_by_value` checks a forecast the way a pool player uses it: outcomes binned by
spelvärde, the share that happened against the mean forecast.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize

from ..errors import check_int, check_nonnegative
from ..executor import Workers, run_tasks
from .margin import MarginMethod, remove_margin
from .scoring import check_outcomes

__all__ = ["Blend", "fit_blend", "blend_by_season", "calibration_by_value", "DEFAULT_BLEND_MARGIN",
           "DEFAULT_VALUE_EDGES", "DEFAULT_HALF_LIVES", "CROWD_FLOOR"]

#: The margin method whose probabilities the blend starts from: power. On the 13,374 Stryktipset matches
#: 2002-2025 with real crowd shares (seasons predicted from earlier seasons only), power had the lowest
#: log loss of multiplicative, power and Shin, for the odds alone (1.0135 against 1.0140 and 1.0138) and
#: for the blend with intercepts (1.0102 against 1.0109 and 1.0106).
DEFAULT_BLEND_MARGIN = MarginMethod.POWER

#: Recency half-lives (days; None: every match weighs the same) that :func:`blend_by_season` chooses from,
#: season by season, on the earlier seasons' forecasts.
DEFAULT_HALF_LIVES: tuple[float | None, ...] = (None, 365.25, 730.5, 1461.0, 2922.0)

#: Spelvärde bin edges of :func:`calibration_by_value`: bins ``[lo, hi)``.
DEFAULT_VALUE_EDGES = (0.0, 0.5, 0.7, 0.85, 1.0, 1.15, 1.3, 1.5, 2.0, 3.0, np.inf)

#: Smallest crowd share used: shares are published in whole percent, so a published 0 is below 0.5 %.
CROWD_FLOOR = 0.005


def _margin_method(value: Any) -> MarginMethod:
    try:
        return MarginMethod(value.lower() if isinstance(value, str) else value)
    except ValueError:
        allowed = ", ".join(e.value for e in MarginMethod)
        raise ValueError(f"margin_method ({value!r}) must be one of {allowed}") from None


def _table(name: str, x: ArrayLike, n: int | None = None) -> NDArray[np.float64]:
    try:
        t = np.array(x, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a table of numbers") from None
    if t.ndim == 1 and t.shape == (3,):
        t = t[None, :]
    if t.ndim != 2 or t.shape[1] != 3:
        raise ValueError(f"{name} must have shape (matches, 3) (home, draw, away), got {t.shape}")
    if n is not None and len(t) != n:
        raise ValueError(f"{name} has {len(t)} rows, the odds table has {n}")
    return t


def _probs(odds_or_probs: ArrayLike, method: MarginMethod) -> NDArray[np.float64]:
    """Probabilities from decimal odds (every entry > 1; margin removed by ``method``) or from
    probabilities (entries in (0, 1), rows summing to 1); a row with a NaN stays all NaN."""
    t = _table("odds_or_probs", odds_or_probs)
    ok = ~np.isnan(t).any(axis=1)
    out = np.full_like(t, np.nan)
    if not ok.any():
        return out
    v = t[ok]
    if (v > 1).any():
        out[ok] = remove_margin(v, method).probs  # raises naming the row unless every entry is > 1
        return out
    bad = ~((v > 0) & (v < 1)).all(axis=1) | (np.abs(v.sum(axis=1) - 1) > 1e-6)
    if bad.any():
        i = int(np.flatnonzero(ok)[np.argmax(bad)])
        raise ValueError(f"odds_or_probs row {i} ({t[i].tolist()}) must be decimal odds > 1 or "
                         f"probabilities in (0, 1) summing to 1")
    out[ok] = v / v.sum(axis=1, keepdims=True)
    return out


def _crowd(crowd: ArrayLike | None, n: int) -> NDArray[np.float64]:
    """Crowd shares as fractions (any positive scale, e.g. percent), floored at :data:`CROWD_FLOOR`;
    None, or a row with a NaN, is unknown (all NaN)."""
    if crowd is None:
        return np.full((n, 3), np.nan)
    c = _table("crowd", crowd, n)
    ok = ~np.isnan(c).any(axis=1)
    v = c[ok]
    s = v.sum(axis=1)
    bad = ~np.isfinite(v).all(axis=1) | (v < 0).any(axis=1) | ~(s > 0)
    if bad.any():
        i = int(np.flatnonzero(ok)[np.argmax(bad)])
        raise ValueError(f"crowd row {i} ({c[i].tolist()}) must hold finite shares >= 0 with a positive "
                         f"sum (or NaN where unknown)")
    v = np.maximum(v / s[:, None], CROWD_FLOOR)
    c[ok] = v / v.sum(axis=1, keepdims=True)
    return c


def _features(q: NDArray, c: NDArray, intercepts: bool) -> NDArray[np.float64]:
    """Design array (n, 3, k): log q, log c and, with intercepts, the draw and away indicators."""
    cols = [np.log(q), np.log(c)]
    if intercepts:
        cols += [np.broadcast_to(np.array([0.0, 1.0, 0.0]), q.shape),
                 np.broadcast_to(np.array([0.0, 0.0, 1.0]), q.shape)]
    return np.stack(cols, axis=2)


def _softmax(z: NDArray) -> NDArray[np.float64]:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class Blend:
    """The map ``p_j ∝ exp(a log q_j + b log c_j + d_j)`` from odds probabilities ``q`` and crowd shares
    ``c``, with ``a = odds_weight``, ``b = crowd_weight``, ``d = (0, a_draw, a_away)``.

    Attributes
    ----------
    odds_weight, crowd_weight, a_draw, a_away : float
        The weights and intercepts (intercepts 0 when not fitted).
    margin_method : MarginMethod
        How ``q`` is made from decimal odds.
    matches : int
        Matches fitted on (0: not fitted, e.g. the odds alone).
    first, last : str or None
        ISO dates of the first and last match fitted on, when known.
    half_life : float or None
        The recency half-life (days) of the fit's weights, None if every match weighed the same.
    stderr : tuple of float
        Standard errors of ``(odds_weight, crowd_weight[, a_draw, a_away])`` from the observed
        information at the maximum (empty when not fitted).
    """

    odds_weight: float = 1.0
    crowd_weight: float = 0.0
    a_draw: float = 0.0
    a_away: float = 0.0
    margin_method: MarginMethod = DEFAULT_BLEND_MARGIN
    matches: int = 0
    first: str | None = None
    last: str | None = None
    half_life: float | None = None
    stderr: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        for name in ("odds_weight", "crowd_weight", "a_draw", "a_away"):
            v = getattr(self, name)
            if not np.isfinite(v):
                raise ValueError(f"{name} ({v!r}) must be a finite number")
        object.__setattr__(self, "margin_method", _margin_method(self.margin_method))
        check_int("matches", self.matches, 0)

    def apply(self, odds_or_probs: ArrayLike, crowd: ArrayLike | None) -> NDArray[np.float64]:
        """Blended probabilities (n, 3), rows summing to 1.

        Parameters
        ----------
        odds_or_probs : array_like, shape (n, 3)
            Decimal odds (every entry > 1; the margin is removed by ``margin_method``) or probabilities
            (entries in (0, 1), rows summing to 1). A row with a NaN is unknown and gives a NaN row.
        crowd : array_like, shape (n, 3), or None
            The crowd's pick shares on any scale (percent or fractions); NaN rows, or None, where
            unknown. Shares are floored at :data:`CROWD_FLOOR`.

        Notes
        -----
        A match without crowd shares falls back to the odds alone: its margin-removed probabilities
        ``q``, unchanged (not the blend with ``b = 0``, whose ``a`` was fitted beside the crowd).

        Examples
        --------
        >>> b = Blend(odds_weight=0.86, crowd_weight=0.20)
        >>> b.apply([[0.5, 0.3, 0.2], [0.5, 0.3, 0.2]], [[0.6, 0.3, 0.1], [np.nan] * 3]).round(4).tolist()
        [[0.5322, 0.2986, 0.1691], [0.5, 0.3, 0.2]]
        >>> b.apply([[2.0, 3.4, 3.8]], [[45, 30, 25]]).round(4).tolist()
        [[0.484, 0.2757, 0.2403]]
        """
        q = _probs(odds_or_probs, self.margin_method)
        c = _crowd(crowd, len(q))
        out = q.copy()
        both = ~np.isnan(q).any(axis=1) & ~np.isnan(c).any(axis=1)
        x = _features(q[both], c[both], True)
        theta = np.array([self.odds_weight, self.crowd_weight, self.a_draw, self.a_away])
        out[both] = _softmax(x @ theta)
        return out


def _nll(theta: NDArray, x: NDArray, y: NDArray, w: NDArray) -> tuple[float, NDArray, NDArray]:
    """Weighted negative log-likelihood of the multinomial logit, its gradient and Hessian."""
    z = x @ theta
    m = z.max(axis=1, keepdims=True)
    lse = (m + np.log(np.exp(z - m).sum(axis=1, keepdims=True)))[:, 0]
    p = np.exp(z - lse[:, None])
    rows = np.arange(len(y))
    xbar = np.einsum("ij,ijk->ik", p, x)
    value = float(np.dot(w, lse - z[rows, y]))
    grad = -np.einsum("i,ik->k", w, x[rows, y] - xbar)
    hess = np.einsum("i,ij,ijk,ijl->kl", w, p, x, x) - np.einsum("i,ik,il->kl", w, xbar, xbar)
    return value, grad, hess


def _dates(dates: ArrayLike | None, n: int) -> NDArray[np.datetime64] | None:
    if dates is None:
        return None
    try:
        d = np.asarray(dates, dtype="datetime64[D]").ravel()
    except (TypeError, ValueError):
        raise ValueError("dates must be dates (numpy datetime64 or ISO strings YYYY-MM-DD)") from None
    if len(d) != n:
        raise ValueError(f"dates has {len(d)} entries, the odds table has {n} rows")
    if np.isnat(d).any():
        raise ValueError(f"dates[{int(np.argmax(np.isnat(d)))}] is missing (NaT)")
    return d


def fit_blend(odds_or_probs: ArrayLike, crowd: ArrayLike, outcomes: ArrayLike, *,
              margin_method: MarginMethod | str = DEFAULT_BLEND_MARGIN, intercepts: bool = True,
              dates: ArrayLike | None = None, half_life: float | None = None) -> Blend:
    """Maximum-likelihood :class:`Blend` of the odds and the crowd's shares against the outcomes.

    Parameters
    ----------
    odds_or_probs : array_like, shape (n, 3)
        Decimal odds (margin removed by ``margin_method``) or probabilities; NaN rows are left out.
    crowd : array_like, shape (n, 3)
        Crowd pick shares (any positive scale); NaN rows are left out.
    outcomes : array_like of int, shape (n,)
        0 home, 1 draw, 2 away.
    margin_method : MarginMethod or str
        Recorded in the blend (and used when ``odds_or_probs`` holds odds).
    intercepts : bool
        Also fit the draw and away intercepts ``d`` (the default: on Stryktipset rounds they lower the
        rolling-origin log loss).
    dates : array_like of dates, shape (n,), optional
        Match dates: the fit records its first and last; needed for ``half_life``.
    half_life : float, optional
        Weight each match by ``0.5 ** (age / half_life)``, age in days before the last date fitted on.

    Returns
    -------
    Blend

    Raises
    ------
    ValueError
        Bad tables, outcomes, dates or ``half_life``, or fewer than 10 matches with odds and shares.

    Notes
    -----
    Maximises ``sum_i w_i log p_{i, y_i}`` (concave in the weights) by a trust-region Newton method;
    standard errors are the square roots of the diagonal of the inverse Hessian at the maximum.

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> q, c = rng.dirichlet([4, 2, 3], 20000), rng.dirichlet([4, 2, 3], 20000)
    >>> p = Blend(odds_weight=0.8, crowd_weight=0.3).apply(q, c)
    >>> y = (rng.random(20000)[:, None] > np.cumsum(p, axis=1)).sum(axis=1)
    >>> b = fit_blend(q, c, y)
    >>> round(b.odds_weight, 2), round(b.crowd_weight, 2), b.matches
    (0.8, 0.3, 20000)
    """
    method = _margin_method(margin_method)
    q = _probs(odds_or_probs, method)
    c = _crowd(crowd, len(q))
    y = check_outcomes(outcomes, len(q))
    d = _dates(dates, len(q))
    if half_life is not None and (check_nonnegative("half_life", half_life) == 0 or d is None):
        raise ValueError(f"half_life ({half_life!r}) must be > 0 days, with dates given")
    use = ~np.isnan(q).any(axis=1) & ~np.isnan(c).any(axis=1)
    if use.sum() < 10:
        raise ValueError(f"fit_blend needs at least 10 matches with odds and crowd shares, got "
                         f"{int(use.sum())}")
    x = _features(q[use], c[use], intercepts)
    w = np.ones(int(use.sum()))
    if half_life is not None and d is not None:
        age = (d[use].max() - d[use]).astype(np.float64)
        w = 0.5 ** (age / half_life)
    theta0 = np.r_[1.0, np.zeros(x.shape[2] - 1)]
    res = minimize(lambda t: _nll(t, x, y[use], w)[:2], theta0, jac=True,  # type: ignore[call-overload]
                   method="trust-exact", hess=lambda t: _nll(t, x, y[use], w)[2])  # (scipy-stubs: jac=True)
    theta = np.r_[res.x, np.zeros(4 - len(res.x))]
    cov = np.linalg.inv(_nll(res.x, x, y[use], w)[2])
    first = last = None
    if d is not None:
        first, last = str(d[use].min()), str(d[use].max())
    a, b, d_draw, d_away = (float(t) for t in theta)
    return Blend(a, b, d_draw, d_away, margin_method=method, matches=int(use.sum()), first=first,
                 last=last, half_life=half_life, stderr=tuple(float(s) for s in np.sqrt(np.diag(cov))))


def _season_key(season: Any) -> Any:
    return season.item() if hasattr(season, "item") else season


@dataclass(frozen=True)
class _SeasonData:
    """What every season's fit reads (sent once to each worker of :func:`blend_by_season`)."""

    q: NDArray
    c: NDArray
    y: NDArray
    s: NDArray
    d: NDArray | None
    method: MarginMethod
    intercepts: bool
    min_matches: int


def _fit_season(data: _SeasonData, job: tuple[float | None, Any]) -> Blend | None:
    """The blend of one half-life fitted on the seasons before ``season`` (None: too few matches)."""
    half_life, season = job
    train = ~np.isnan(data.q).any(axis=1) & ~np.isnan(data.c).any(axis=1) & (data.y >= 0) \
        & (data.s < season)
    if train.sum() < data.min_matches:
        return None
    return fit_blend(data.q[train], data.c[train], data.y[train], margin_method=data.method,
                     intercepts=data.intercepts, dates=None if data.d is None else data.d[train],
                     half_life=half_life)


def _rolling(data: _SeasonData, seasons: NDArray, fitted: Sequence[Blend | None],
             ) -> tuple[NDArray[np.float64], dict[Any, Blend | None]]:
    """Rolling origin with one half-life: each season from its fit on the seasons before it."""
    q, c, s = data.q, data.c, data.s
    out = q.copy()
    known = ~np.isnan(q).any(axis=1)
    fits: dict[Any, Blend | None] = {}
    for season, fit in zip(seasons, fitted):
        if fit is not None:
            here = known & (s == season)
            out[here] = fit.apply(q[here], c[here])
        fits[_season_key(season)] = fit
    return out, fits


def _choose(runs: list[tuple[NDArray, dict]], c: NDArray, y: NDArray, s: NDArray,
            ) -> tuple[NDArray[np.float64], dict[Any, Blend | None]]:
    """Per season, the run (half-life) of highest log-likelihood on the earlier seasons' forecasts."""
    scored = ~np.isnan(c).any(axis=1) & (y >= 0)
    for _, fits in runs:
        scored &= np.isin(s, [k for k, f in fits.items() if f is not None])
    rows = np.flatnonzero(scored)
    logp = np.array([np.log(p[rows, y[rows]]) for p, _ in runs])
    out, fits = runs[0][0].copy(), dict(runs[0][1])
    for season in fits:
        past = s[rows] < season
        best = int(np.argmax(logp[:, past].sum(axis=1))) if past.any() else 0
        here = s == season
        out[here] = runs[best][0][here]
        fits[season] = runs[best][1][season]
    return out, fits


def blend_by_season(odds_or_probs: ArrayLike, crowd: ArrayLike, outcomes: ArrayLike, seasons: ArrayLike, *,
                    dates: ArrayLike | None = None,
                    margin_method: MarginMethod | str = DEFAULT_BLEND_MARGIN, intercepts: bool = True,
                    half_life: float | Sequence[float | None] | None = DEFAULT_HALF_LIVES,
                    min_matches: int = 1000, workers: Workers | None = None,
                    ) -> tuple[NDArray[np.float64], dict[Any, Blend | None]]:
    """Each season's probabilities from a blend fitted on all earlier seasons only.

    Parameters
    ----------
    odds_or_probs, crowd : array_like, shape (n, 3)
        As in :meth:`Blend.apply`: NaN rows where unknown.
    outcomes : array_like of int, shape (n,)
        0/1/2, or -1 where unknown (never fitted on).
    seasons : array_like, shape (n,)
        The season of each match (any sortable labels, e.g. the year).
    dates, margin_method, intercepts
        As in :func:`fit_blend`.
    half_life : float, sequence of (float or None), or None
        As in :func:`fit_blend` (days; None: no recency weighting). A sequence gives candidates: each
        season uses the one whose rolling-origin forecasts of the *earlier* seasons had the highest
        log-likelihood (the first candidate while no earlier season has a forecast). Needs ``dates``
        unless every candidate is None.
    min_matches : int
        Fewest earlier matches (with odds, shares and a result) a season's blend is fitted on.
    workers : toto13.executor.Workers, optional
        Where the fits (one per season and candidate) run: local processes or a Dask cluster (default:
        in this process); the result is the same for any workers.

    Returns
    -------
    (probs, fits)
        ``probs`` (n, 3): the blend where a season has a fit and the match has crowd shares, else the
        odds alone (margin removed); NaN where the odds are unknown. ``fits`` maps each season with odds
        to the :class:`Blend` used, or None where the history was too short (odds alone).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> q, c = rng.dirichlet([4, 2, 3], 3000), rng.dirichlet([4, 2, 3], 3000)
    >>> y = (rng.random(3000)[:, None] > np.cumsum(q, axis=1)).sum(axis=1)
    >>> p, fits = blend_by_season(q, c, y, np.repeat([2001, 2002, 2003], 1000), half_life=None)
    >>> fits[2001], fits[2002].matches, fits[2003].matches
    (None, 1000, 2000)
    >>> bool(np.allclose(p[:1000], q[:1000]))
    True
    """
    min_matches = check_int("min_matches", min_matches, 10)
    method = _margin_method(margin_method)
    q = _probs(odds_or_probs, method)
    c = _crowd(crowd, len(q))
    y = np.asarray(outcomes)
    s = np.asarray(seasons)
    if not (len(q) == len(y) == len(s)):
        raise ValueError(f"odds_or_probs, outcomes and seasons must have the same length ({len(q)}, "
                         f"{len(y)}, {len(s)})")
    bad = ~np.isin(y, (-1, 0, 1, 2))
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"outcomes[{i}] ({y[i].item()!r}) must be 0 (home), 1 (draw), 2 (away) or -1 "
                         f"(unknown)")
    d = _dates(dates, len(q))
    candidates: list[float | None] = (list(half_life) if isinstance(half_life, (list, tuple))
                                      else [half_life])  # type: ignore[list-item]
    if not candidates:
        raise ValueError(f"half_life ({half_life!r}) must be a number of days, None, or candidates")
    data = _SeasonData(q, c, y, s, d, method, intercepts, min_matches)
    seasons = np.unique(s[~np.isnan(q).any(axis=1)])
    fitted = run_tasks(_fit_season, data, [(h, season) for h in candidates for season in seasons],
                       workers or Workers())
    runs = [_rolling(data, seasons, fitted[i * len(seasons):(i + 1) * len(seasons)])
            for i in range(len(candidates))]
    return runs[0] if len(runs) == 1 else _choose(runs, c, y, s)


def calibration_by_value(probs: ArrayLike, crowd: ArrayLike, outcomes: ArrayLike, *,
                         edges: ArrayLike = DEFAULT_VALUE_EDGES) -> pd.DataFrame:
    """Forecasts against results, binned by spelvärde ``p / c`` (probability over crowd share).

    Every outcome of every match with known probabilities and shares (3 per match) is one entry.

    Parameters
    ----------
    probs : array_like, shape (n, 3)
        The forecast; NaN rows are left out.
    crowd : array_like, shape (n, 3)
        Crowd pick shares (any positive scale, floored at :data:`CROWD_FLOOR`); NaN rows are left out.
    outcomes : array_like of int, shape (n,)
        0 home, 1 draw, 2 away.
    edges : array_like of float
        Increasing bin edges >= 0 (the last may be ``inf``); bins are ``[lo, hi)``.

    Returns
    -------
    pandas.DataFrame
        One row per non-empty bin: ``lo``, ``hi``, ``n`` (outcomes in the bin), ``predicted`` (mean
        probability), ``happened`` (share that happened), ``z``.

    Notes
    -----
    With ``k`` outcomes that happened of the bin's ``n`` with probabilities ``p_i``, taken as independent
    Bernoulli trials: ``z = (k - sum p_i) / sqrt(sum p_i (1 - p_i))``, about standard normal when the
    forecast is calibrated (two outcomes of one match in one bin are in fact negatively correlated, which
    makes ``|z|`` slightly conservative).

    Examples
    --------
    >>> calibration_by_value([[0.5, 0.3, 0.2], [0.6, 0.2, 0.2]], [[0.25, 0.25, 0.5], [0.5, 0.25, 0.25]],
    ...                      [0, 2], edges=[0, 1, 2, np.inf]).round(4).to_dict("records")
    [{'lo': 0.0, 'hi': 1.0, 'n': 3, 'predicted': 0.2, 'happened': 0.3333, 'z': 0.5774},
     {'lo': 1.0, 'hi': 2.0, 'n': 2, 'predicted': 0.45, 'happened': 0.0, 'z': -1.3416},
     {'lo': 2.0, 'hi': inf, 'n': 1, 'predicted': 0.5, 'happened': 1.0, 'z': 1.0}]
    """
    p = _table("probs", probs)
    c = _crowd(crowd, len(p))
    y = check_outcomes(outcomes, len(p))
    e = np.asarray(edges, dtype=np.float64)
    if e.ndim != 1 or len(e) < 2 or np.isnan(e).any() or (e[0] < 0) or (np.diff(e) <= 0).any():
        raise ValueError(f"edges ({np.asarray(edges).tolist()!r}) must be at least two increasing "
                         f"numbers >= 0")
    ok = ~np.isnan(p).any(axis=1) & ~np.isnan(c).any(axis=1)
    bad = ok & ~((p >= 0) & (p <= 1)).all(axis=1)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"probs row {i} ({p[i].tolist()}) must hold probabilities in [0, 1]")
    hit = (y[ok, None] == np.arange(3)).ravel()
    f = p[ok].ravel()
    v = f / c[ok].ravel()
    idx = np.searchsorted(e, v, side="right") - 1
    rows = []
    for b in range(len(e) - 1):
        m = idx == b
        n = int(m.sum())
        if n == 0:
            continue
        var = float((f[m] * (1 - f[m])).sum())
        z = (hit[m].sum() - f[m].sum()) / np.sqrt(var) if var > 0 else np.nan
        rows.append({"lo": float(e[b]), "hi": float(e[b + 1]), "n": n, "predicted": float(f[m].mean()),
                     "happened": float(hit[m].mean()), "z": float(z)})
    return pd.DataFrame(rows, columns=["lo", "hi", "n", "predicted", "happened", "z"])
