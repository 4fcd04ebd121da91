"""The spread of a tip set's return in a pool: one round exactly (mean, median, 5–95 % range,
P(return >= cost), how rarely it pays) and the sum over several rounds by seeded Monte Carlo
(:func:`return_distribution`)."""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import as_rng, check_int
from .cowinners import _sf
from .returns import PoolValue, _pool_value, _reached, _Round
from .setup import Pool

_LEVELS = (0.05, 0.5, 0.95)
_TAIL = 1e-14          # co-winner tail mass left out on each side when a tier's counts are enumerated
_ENUM_LIMIT = 16_384   # most joint co-winner counts enumerated for one result (the widest tier aside)
_ENUM_BUDGET = 300_000  # most components the enumeration adds, in all
_TIE = 1e-9            # relative tolerance of "return <= y" at an atom (rounding of c/(w+n))
_LOG_NEGLIGIBLE = -41.0  # e^-41 < 1e-17: a tail below it is taken as 0 (its complement as 1)
_ATOMS = 2_000_000      # most atoms a quantile's bracket may hold to be listed and sorted outright


@dataclass(frozen=True)
class ReturnSpread:
    """The distribution of a tip set's return (see :func:`return_distribution`).

    One round (exact, see ``approximate_mass``): ``mean`` (equal to :func:`expected_return`'s),
    ``median``, ``q05``, ``q95``, ``p_return_positive`` = P(return > 0), ``p_return_ge_cost`` =
    P(return >= cost), ``rounds_per_payout`` = 1 / P(return > 0) and ``rounds_per_cost_back`` =
    1 / P(return >= cost) (inf where the probability is 0). Over ``rounds`` independent rounds:
    ``p_profit`` = P(total return > rounds·cost) and the total return's quantiles ``total_q05``,
    ``total_median``, ``total_q95``; ``method`` says how they were found ("exact" for one round,
    else "monte carlo" with ``samples`` paths from ``seed`` — None when a Generator was passed),
    ``p_profit_se`` its standard error, ``p_profit_ci`` its 95 % Clopper–Pearson interval and
    ``total_*_ci`` a 95 % interval of each quantile from the binomial order statistics (degenerate
    for "exact"). ``approximate_mass`` is the probability of the results whose return given the
    result is not exact in the co-winners (some tiers taken at their expectation; 0: exact).
    """

    cost: float
    mean: float
    median: float
    q05: float
    q95: float
    p_return_positive: float
    p_return_ge_cost: float
    rounds_per_payout: float
    rounds_per_cost_back: float
    rounds: int
    p_profit: float
    total_q05: float
    total_median: float
    total_q95: float
    method: str
    samples: int
    seed: int | None
    p_profit_se: float
    p_profit_ci: tuple[float, float]
    total_q05_ci: tuple[float, float]
    total_median_ci: tuple[float, float]
    total_q95_ci: tuple[float, float]
    approximate_mass: float

    def how_rarely(self) -> str:
        """One line: how often a round pays at all, and how often it pays back its cost."""
        return (f"pays something once in {_once(self.rounds_per_payout)} rounds; "
                f"pays back its cost once in {_once(self.rounds_per_cost_back)} rounds")


def _once(n: float) -> str:
    return "never (inf)" if math.isinf(n) else f"{n:,.3g}"


# ---------------------------------------------------------------- the one-round mixture
@dataclass
class _Mixture:
    """The return of one round: an atom of mass ``zero`` at 0 (no tip pays) and components
    ``shift + g(W)`` of mass ``weight``, with ``g(W) = c / (W + n)`` while ``W <= wcap`` (else 0) and
    ``W`` Poisson / negative binomial with mean ``lam`` and the shape of tier ``tier``."""

    zero: float
    weight: NDArray[np.float64]
    shift: NDArray[np.float64]
    c: NDArray[np.float64]
    n: NDArray[np.float64]
    wcap: NDArray[np.float64]
    lam: NDArray[np.float64]
    tier: NDArray[np.int64]
    shapes: NDArray[np.float64]
    _cache: dict = field(default_factory=dict, repr=False)

    def threshold(self, y: float, sel: NDArray[np.int64], strict: bool = False) -> NDArray:
        """``t`` with ``shift + g(W) <= y`` (``< y`` if ``strict``) iff ``W >= t`` (inf: never)."""
        z = y - self.shift[sel]
        c, n, wcap = self.c[sel], self.n[sel], self.wcap[sel]
        with np.errstate(divide="ignore", invalid="ignore"):
            r = c / z - n
            tol = _TIE * (np.abs(r) + n)
            t = np.floor(r + tol) + 1.0 if strict else np.ceil(r - tol)
        t = np.minimum(t, wcap + 1.0)
        at = z == 0
        t[at] = np.inf if strict else np.where(c[at] > 0, wcap[at] + 1.0, 0.0)
        t[z < 0] = np.inf
        return t

    def prob(self, t: NDArray, sel: NDArray[np.int64]) -> NDArray[np.float64]:
        """``P(W >= t)`` per selected component; 0 or 1 where a Chernoff bound puts it within
        ``_NEGLIGIBLE`` of that (:func:`_log_chernoff`), else the exact tail."""
        out = np.zeros(len(sel))
        fin = np.isfinite(t)
        for j, s in enumerate(self.shapes):
            m = np.flatnonzero(fin & (self.tier[sel] == j))
            if m.size == 0:
                continue
            lam, tm = self.lam[sel[m]], t[m]
            up = tm > lam
            bound = _log_chernoff(lam, s, np.where(up, tm, tm - 1.0))
            one = ~up & ((tm <= 0) | (bound < _LOG_NEGLIGIBLE))
            out[m[one]] = 1.0
            todo = ~one & ~(up & (bound < _LOG_NEGLIGIBLE))
            out[m[todo]] = _sf(lam[todo], s, tm[todo] - 1.0)
        return out

    def tails(self, y: float, strict: bool = False) -> tuple[NDArray, NDArray[np.float64]]:
        """:meth:`threshold` and :meth:`prob` at ``y`` for every component, kept for the next call at
        the same ``y`` (a quantile's bracket ends, ``<`` beside ``<=``: only the tails that differ)."""
        key = (y, strict)
        if key not in self._cache:
            sel = np.arange(self.weight.size)
            t = self.threshold(y, sel, strict)
            other = self._cache.get((y, not strict))
            if other is None:
                p = self.prob(t, sel)
            else:
                p = other[1].copy()
                diff = np.flatnonzero(t != other[0])
                p[diff] = self.prob(t[diff], diff)
            if len(self._cache) >= 6:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = (t, p)
        return self._cache[key]

    def cdf(self, y: float, strict: bool = False) -> float:
        """``P(return <= y)`` (``< y`` if ``strict``)."""
        if y < 0 or (strict and y == 0):
            return 0.0
        return min(1.0, self.zero + float(self.weight @ self.tails(y, strict)[1]))

    def top(self) -> float:
        """The largest possible return (``W = 0`` everywhere)."""
        return float((self.shift + self.c / self.n).max(initial=0.0))

    def quantile(self, q: float, lo: float, hi: float) -> float:
        """The smallest atom ``y`` with ``P(return <= y) >= q``, given ``F(lo) < q <= F(hi)``.

        Illinois (regula falsi halving the weight of an end kept twice), a bisection where the bracket
        did not halve in three steps; components without mass in the bracket leave the search at their
        constant value, until the bracket holds one atom value or few enough atoms to sort
        (:meth:`_listed`)."""
        act = np.arange(self.weight.size)
        (t_lo, p_lo), (t_hi, p_hi) = self.tails(lo), self.tails(hi)
        base, g_lo, g_hi, side, steps, ref = self.zero, math.nan, math.nan, 0, 0, hi - lo
        for _ in range(400):
            keep = (t_lo != t_hi) & (self.weight[act] * (p_hi - p_lo) > 1e-18)
            base += float(self.weight[act[~keep]] @ p_hi[~keep])
            act, t_lo, t_hi, p_lo, p_hi = act[keep], t_lo[keep], t_hi[keep], p_lo[keep], p_hi[keep]
            single = self._single_atom(act, t_lo, t_hi)
            if single is not None or act.size == 0:
                return hi if single is None else single
            wt = self.weight[act]
            listed = self._listed(q - base - float(wt @ p_lo), act, t_lo, t_hi)
            if listed is not None:
                return listed
            if math.isnan(g_lo):  # F - q at the ends (pruning leaves them unchanged)
                g_lo, g_hi = base + float(wt @ p_lo) - q, base + float(wt @ p_hi) - q
            steps += 1
            if steps > 3 and hi - lo > 0.5 * ref:          # slow: bisect
                x, steps, ref = 0.5 * (lo + hi) if lo <= 0 or hi > 4 * lo else math.sqrt(lo * hi), 0, hi - lo
            else:
                x = lo + (hi - lo) * (-g_lo) / max(g_hi - g_lo, 1e-300)
                if steps > 3:
                    steps, ref = 0, hi - lo
            if not lo < x < hi:
                x = 0.5 * (lo + hi)
                if not lo < x < hi:
                    return hi
            t_x = self.threshold(x, act)
            p_x = self.prob(t_x, act)
            g_x = base + float(wt @ p_x) - q
            if g_x >= 0:
                hi, t_hi, p_hi, g_hi = x, t_x, p_x, g_x
                g_lo, side = (g_lo / 2 if side == 1 else g_lo), 1
            else:
                lo, t_lo, p_lo, g_lo = x, t_x, p_x, g_x
                g_hi, side = (g_hi / 2 if side == -1 else g_hi), -1
        return hi

    def _listed(self, need: float, act, t_lo, t_hi) -> float | None:
        """The quantile from the atoms in the bracket, listed and sorted (None: more than ``_ATOMS``).

        ``need`` = ``q - F(lo)``; the atoms are ``w`` in ``[t_hi, t_lo)`` (below ``wcap + 1``) of every
        active component, with mass ``weight · pmf(w)``, and ``W > wcap`` at ``shift`` where ``t_lo``
        is inf (the component lies above ``lo`` whole). The answer is the smallest atom whose
        cumulative mass reaches ``need`` (values equal but for rounding lie side by side)."""
        wcap = self.wcap[act]
        w0 = np.maximum(t_hi, 0.0)
        top = np.minimum(t_lo, wcap + 1.0)
        cap_atom = np.isinf(t_lo) & np.isfinite(wcap)
        with np.errstate(invalid="ignore"):
            count = top - w0
        total = float(count.sum()) + float(cap_atom.sum())
        if not math.isfinite(total) or total > _ATOMS:
            return None
        rep = count.astype(np.int64)
        start = np.cumsum(rep) - rep
        grp = np.repeat(np.arange(act.size), rep)
        w = np.repeat(w0, rep) + (np.arange(rep.sum()) - np.repeat(start, rep))
        comp = act[grp]
        mass = np.empty(w.size)
        for j, s in enumerate(self.shapes):
            m = self.tier[comp] == j
            if m.any():
                mass[m] = _pmf(w[m], self.lam[comp[m]], s)
        value = self.shift[comp] + self.c[comp] / (w + self.n[comp])
        mass *= self.weight[comp]
        top_ = act[cap_atom]
        value = np.concatenate([value, self.shift[top_]])
        mass = np.concatenate([mass, self.weight[top_] * self.prob(self.wcap[top_] + 1.0, top_)])
        if value.size == 0:
            return None
        order = np.argsort(value, kind="stable")
        value, cum = value[order], np.cumsum(mass[order])
        return float(value[np.searchsorted(cum, min(need, cum[-1]))])

    def _single_atom(self, act, t_lo, t_hi) -> float | None:
        """The value of the one atom all active components have in the bracket, or None."""
        wcap, shift = self.wcap[act], self.shift[act]
        w = np.maximum(t_hi, 0.0)
        count = np.where(np.isfinite(t_lo), t_lo - w, np.where(t_hi == wcap + 1.0, 1.0, 2.0))
        if act.size == 0 or (count != 1).any():
            return None
        with np.errstate(invalid="ignore"):
            v = np.where(w <= wcap, shift + self.c[act] / (w + self.n[act]), shift)
        top = float(v.max())
        return top if float(v.min()) >= top * (1 - _TIE) else None


def _log_chernoff(lam: NDArray, shape: float, x: NDArray) -> NDArray[np.float64]:
    """``log`` of the Chernoff bound ``min_θ E[e^(θ(W-x))]``: it bounds ``P(W >= x)`` for ``x >= λ``
    and ``P(W <= x)`` for ``x <= λ``. Poisson ``x - λ - x log(x/λ)``; negative binomial (``p =
    s/(s+λ)``) ``s log(p (x+s)/s) + x log((1-p)(x+s)/x)`` (0 at ``x = λ``)."""
    from scipy.special import xlogy
    x = np.maximum(x, 0.0)
    if math.isinf(shape):
        return x - lam + xlogy(x, lam) - xlogy(x, x)
    return shape * np.log1p((x - lam) / (shape + lam)) + xlogy(x, lam * (x + shape) / (shape + lam)) \
        - xlogy(x, x)


# ---------------------------------------------------------------- building the mixture
def _pmf(w: NDArray, lam: NDArray, shape: float) -> NDArray[np.float64]:
    from scipy import stats
    if math.isinf(shape):
        return np.asarray(stats.poisson.pmf(w, lam), dtype=np.float64)
    return np.asarray(stats.nbinom.pmf(w, shape, shape / (shape + lam)), dtype=np.float64)


def _support(lam: NDArray, shape: float) -> tuple[NDArray, NDArray]:
    """``[a, b]`` holding all but at most ``_TAIL`` of ``W``'s mass on each side (checked with the
    exact tails, widened until it holds)."""
    sd = np.sqrt(lam + (0.0 if math.isinf(shape) else lam * lam / shape))
    k = np.full(lam.shape, 8.0)
    while True:
        a = np.maximum(np.floor(lam - k * sd - 10.0), 0.0)
        b = np.ceil(lam + k * sd + 30.0)
        bad = (_sf(lam, shape, b) > _TAIL) | ((a > 0) & (1.0 - _sf(lam, shape, a - 1.0) > _TAIL))
        if not bad.any():
            return a, b
        k[bad] *= 2.0


def _enumerate(rnd: _Round, lam, cnt, peff, wcap, e, wt):
    """Components ``(parent, weight, shift)`` with every paying tier but ``e`` enumerated over its
    support (pmf renormalised on it); ``lam, cnt, peff, wcap, e, wt`` per result (rows)."""
    par = np.arange(len(wt))
    shift = np.zeros(len(wt))
    for j in range(cnt.shape[1]):
        need = (cnt[par, j] > 0) & (e[par] != j)
        if not need.any():
            continue
        a, b = _support(lam[par, j], rnd.shapes[j])
        rep = np.where(need, b - a + 1, 1).astype(np.int64)
        start = np.cumsum(rep) - rep
        w = np.repeat(a, rep) + (np.arange(rep.sum()) - np.repeat(start, rep))
        grp = np.repeat(np.arange(par.size), rep)
        par, wt, shift, need = par[grp], wt[grp], shift[grp], need[grp]
        f = np.where(need, _pmf(w, lam[par, j], rnd.shapes[j]), 1.0)
        f /= np.bincount(grp, weights=f)[grp]
        nk = cnt[par, j]
        g = np.where(w <= wcap[par, j], nk * peff[par, j] / np.maximum(w + nk, 1), 0.0)
        wt, shift = wt * f, shift + np.where(need, g, 0.0)
    return par, wt, shift


def _mixture(rnd: _Round, idx, cnt, vals) -> tuple[_Mixture, float]:
    """The one-round mixture, and the probability of the results taken approximately.

    Given a result, the tier whose co-winners spread widest stays exact in ``W``; the other paying
    tiers are enumerated when their joint supports hold at most ``_ENUM_LIMIT`` points (and the
    components stay within ``_ENUM_BUDGET``); else the tier paying most in expectation stays exact and
    the others are taken at their expectations (as ``expected_return``'s ``p_return_ge_cost``)."""
    pr = rnd.prob[idx]
    with np.errstate(divide="ignore", invalid="ignore"):
        cond = np.where(pr[:, None] > 0, vals / pr[:, None], 0.0)
    lam = rnd.lam[:, idx].T                                      # (E, T)
    peff = np.broadcast_to(rnd.pools, cnt.shape).copy()
    peff[:, rnd.dest] += rnd.moved(idx, cnt)                     # moved money at its expectation
    wcap = np.floor(rnd.caps[None, :] - cnt)
    pays = cnt > 0
    spread = np.where(pays, np.sqrt(lam + lam * lam / rnd.shapes[None, :]), -1.0)
    e = np.argmax(spread, axis=1)
    size = np.where(pays, 16.0 * spread + 41.0, 1.0)              # _support's first try
    size[np.arange(len(e)), e] = 1.0
    prod = size.prod(axis=1)
    multi = pays.sum(axis=1) > 1
    cand = np.flatnonzero(multi & (prod <= _ENUM_LIMIT))
    cand = cand[np.argsort(prod[cand], kind="stable")]
    cand = np.sort(cand[np.cumsum(prod[cand]) <= _ENUM_BUDGET])
    approx = multi.copy()
    approx[cand] = False
    e[approx] = np.argmax(np.where(pays[approx], cond[approx], -1.0), axis=1)
    shift = np.zeros(len(idx))
    shift[approx] = cond[approx].sum(axis=1) - cond[approx, e[approx]]
    rest = np.flatnonzero(~np.isin(np.arange(len(idx)), cand))
    par, wt, sh = _enumerate(rnd, lam[cand], cnt[cand], peff[cand], wcap[cand], e[cand], pr[cand])
    rows = np.concatenate([rest, cand[par]])
    ej = e[rows]
    n = cnt[rows, ej].astype(np.float64)
    mix = _Mixture(zero=max(0.0, 1.0 - float(pr.sum())), weight=np.concatenate([pr[rest], wt]),
                   shift=np.concatenate([shift[rest], sh]), c=n * peff[rows, ej], n=n,
                   wcap=wcap[rows, ej], lam=lam[rows, ej], tier=ej, shapes=rnd.shapes)
    return mix, float(pr[approx].sum())


# ---------------------------------------------------------------- Monte Carlo of whole rounds
def _draw_w(gen: np.random.Generator, lam: NDArray, shape: float) -> NDArray[np.float64]:
    if math.isinf(shape):
        return gen.poisson(lam).astype(np.float64)
    return gen.negative_binomial(shape, shape / (shape + lam)).astype(np.float64)


def _sample_rounds(rnd: _Round, idx, cnt, gen: np.random.Generator, size: int) -> NDArray:
    """``size`` independent round returns of the full model: a result by ``P(r)``, every tier's
    co-winners drawn independently, the minimum quota applied draw by draw."""
    cum = np.cumsum(rnd.prob[idx])
    u = gen.random(size)
    hit = np.flatnonzero(u < cum[-1])
    out = np.zeros(size)
    if hit.size == 0:
        return out
    pos = np.minimum(np.searchsorted(cum, u[hit], side="right"), len(idx) - 1)
    r, nk = idx[pos], cnt[pos].astype(np.float64)
    d = rnd.dest
    pot = np.full(hit.size, rnd.pools[d])
    got = np.zeros(hit.size)
    w = {}
    for j in range(len(rnd.pools)):
        capped = math.isfinite(rnd.caps[j])
        need = (nk[:, j] > 0) | (capped & (nk[:, d] > 0))
        wj = np.zeros(hit.size)
        wj[need] = _draw_w(gen, rnd.lam[j, r[need]], rnd.shapes[j])
        w[j] = wj
        if capped:
            under = need & (wj + nk[:, j] > rnd.caps[j])
            pot[under] += rnd.pools[j]
            paid = need & ~under & (nk[:, j] > 0)
        else:
            paid = nk[:, j] > 0
        if j != d:
            got[paid] += nk[paid, j] * rnd.pools[j] / (wj[paid] + nk[paid, j])
    own = nk[:, d] > 0
    got[own] += nk[own, d] * pot[own] / (w[d][own] + nk[own, d])
    out[hit] = got
    return out


def _order_ci(x: NDArray, q: float) -> tuple[float, tuple[float, float]]:
    """Quantile ``q`` of sorted samples ``x`` and its 95 % distribution-free interval:
    ``[x_(j), x_(k)]`` with ``j, k`` the 2.5 / 97.5 % points of Binomial(N, q) (1-based, clipped)."""
    from scipy import stats
    n = x.size
    est = x[min(n - 1, max(0, math.ceil(n * q) - 1))]
    j = int(stats.binom.ppf(0.025, n, q))
    k = int(stats.binom.ppf(0.975, n, q)) + 1
    return float(est), (float(x[max(j, 1) - 1]), float(x[min(k, n) - 1]))


def _monte_carlo(rnd: _Round, idx, cnt, cost: float, rounds: int, samples: int,
                 gen: np.random.Generator) -> dict:
    """P(profit) and the total's quantiles over ``rounds`` rounds from ``samples`` seeded paths."""
    from scipy import stats
    total = np.zeros(samples)
    step = max(1, 2_000_000 // samples)
    for start in range(0, rounds, step):
        k = min(step, rounds - start)
        total += _sample_rounds(rnd, idx, cnt, gen, k * samples).reshape(k, samples).sum(axis=0)
    wins = int((total > rounds * cost).sum())
    p = wins / samples
    lo = float(stats.beta.ppf(0.025, wins, samples - wins + 1)) if wins > 0 else 0.0
    hi = float(stats.beta.ppf(0.975, wins + 1, samples - wins)) if wins < samples else 1.0
    total.sort()
    out = {"p_profit": p, "p_profit_se": math.sqrt(p * (1 - p) / samples), "p_profit_ci": (lo, hi)}
    for name, q in zip(("total_q05", "total_median", "total_q95"), _LEVELS):
        out[name], out[name + "_ci"] = _order_ci(total, q)
    return out


# ---------------------------------------------------------------- the entry point
def _check_rng(rng) -> tuple[np.random.Generator, int | None]:
    if isinstance(rng, np.random.Generator):
        return rng, None
    if rng is None:
        # drawn once, reported, so the run can be repeated
        rng = int(cast(int, np.random.SeedSequence().entropy))
    elif isinstance(rng, bool) or not isinstance(rng, numbers.Integral) or rng < 0:
        raise ValueError(f"rng ({rng!r}) must be a numpy Generator, a seed (int >= 0) or None")
    return as_rng(int(rng)), int(rng)


def _bracket(mix: _Mixture, q: float, draws: NDArray) -> tuple[float, float]:
    """``lo, hi`` with ``F(lo) < q <= F(hi)``, from sorted pilot draws (4 standard errors of the
    order statistic either side), stepped outwards by twice the width until it holds (the pilot
    draws the full model, the mixture takes some tiers at their expectation)."""
    n = draws.size
    half = 4.0 * math.sqrt(n * q * (1 - q)) + 2
    lo = float(draws[max(0, int(n * q - half))])
    hi = float(draws[min(n - 1, int(n * q + half))])
    top = mix.top()
    lo, hi = min(lo, top), min(max(hi, lo), top)
    width = max(hi - lo, 1e-9 * top)
    while lo > 0 and mix.cdf(lo) >= q:
        lo, hi, width = max(lo - 2 * width, 0.0), lo, 2 * width
    while hi < top and mix.cdf(hi) < q:
        lo, hi, width = hi, min(hi + 2 * width, top), 2 * width
    return lo, hi


def return_distribution(tips: ArrayLike, probs: ArrayLike, crowd: ArrayLike, pool: Pool, *,
                        rounds: int = 1, rng: np.random.Generator | int | None = None,
                        samples: int = 100_000) -> ReturnSpread:
    """The spread of a tip set's return: one round exactly, ``rounds`` rounds by seeded Monte Carlo.

    Parameters
    ----------
    tips, probs, crowd, pool
        As in :func:`expected_return`.
    rounds : int
        Independent rounds played with the same tips and the same model (>= 1).
    rng : numpy.random.Generator, int or None
        Seed of the Monte Carlo for ``rounds > 1`` (None: a fresh seed, reported in the result).
    samples : int
        Monte Carlo paths of ``rounds`` rounds each (100 .. 10**8; unused for one round).

    Returns
    -------
    ReturnSpread

    Raises
    ------
    ValueError
        Naming the parameter and its value (``tips``, ``probs``, ``pool``, ``rounds``, ``samples``, ...).

    Notes
    -----
    Given the result ``r`` the return is ``R(r) = Σ_k n_k(r)·pool_k / (W_k(r) + n_k(r))`` (tiers under a
    minimum quota pay 0 and their money goes to the top tier), with ``W_k`` independent Poisson or
    negative binomial (see :func:`expected_return`). One round's CDF is the mixture
    ``F(y) = P(no tip pays) + Σ_r P(r)·P(R(r) <= y)``. Where one tier pays, ``c/(W+n) <= y`` iff
    ``W >= ⌈c/y - n⌉``, so ``P(R(r) <= y)`` is a tail of ``W`` (regularized incomplete gamma / beta
    function). Where several tiers pay, the tier whose ``W`` spreads widest stays exact and the others
    are enumerated over their supports (all but 1e-14 of the mass on each side, renormalised) when
    they hold at most 16,384 joint values; otherwise the tier paying most in expectation stays exact
    and the others are taken at their expectations (``approximate_mass`` is the probability of
    those results; the mean is unchanged). Money a minimum quota moves is counted at its expectation.
    Quantiles ``inf{y: F(y) >= q}`` are atoms ``shift + c/(w+n)`` of the mixture, found by bisection
    on ``y`` (components without mass in the bracket leave it) to the atom itself; ``F`` takes
    ``R <= y`` with a relative tolerance of 1e-9. ``mean`` is :func:`expected_return`'s, exact.

    Over ``K = rounds`` rounds the total ``Σ_i R_i`` (independent rounds) is sampled: ``samples``
    paths of ``K`` rounds, each a result drawn by ``P(r)`` and every tier's ``W_k`` drawn from its
    distribution (the full model: no tier at its expectation, the minimum quota draw by draw).
    ``P(profit) = P(Σ_i R_i > K·cost)`` has standard error ``sqrt(p(1-p)/samples)`` and a 95 %
    Clopper–Pearson interval; the ``q``-quantile of the total is the ``⌈Nq⌉``-th order statistic,
    its 95 % interval ``[x_(j), x_(k)]`` with ``j, k`` the 2.5 / 97.5 % points of Binomial(N, q).

    Examples
    --------
    >>> from toto13.rules import STRYKTIPSET
    >>> p = np.tile([0.5, 0.3, 0.2], (13, 1))
    >>> tips = [[0] * 13, [0] * 12 + [1], [0] * 11 + [1, 0]]
    >>> s = return_distribution(tips, p, p, Pool(STRYKTIPSET, 15e6), rounds=52, rng=1, samples=2000)
    >>> round(s.mean, 2), s.median, round(s.q95, 4), s.cost, round(s.p_return_ge_cost, 4)
    (2.79, 0.0, 0.0, 3.0, 0.0458)
    >>> print(s.how_rarely())
    pays something once in 20.9 rounds; pays back its cost once in 21.9 rounds
    >>> s.method, round(s.p_profit, 3), round(s.p_profit_se, 3), round(s.total_median, 2)
    ('monte carlo', 0.133, 0.008, 58.32)
    """
    return _spread(_reached(tips, probs, crowd, pool), pool, rounds, rng, samples)


def priced(tips: ArrayLike, probs: ArrayLike, crowd: ArrayLike, pool: Pool, *, rounds: int = 1,
           rng: np.random.Generator | int | None = None, samples: int = 100_000,
           crowd_source: str = "file") -> tuple[PoolValue, ReturnSpread]:
    """:func:`toto13.pool.expected_return` and :func:`return_distribution` of one tip set together,
    the round built once (what a command that shows both needs)."""
    if crowd_source not in ("file", "model"):
        raise ValueError(f"crowd_source ({crowd_source!r}) must be 'file' or 'model'")
    reached = _reached(tips, probs, crowd, pool)
    return _pool_value(reached, pool, crowd_source), _spread(reached, pool, rounds, rng, samples)


def _spread(reached: tuple, pool: Pool, rounds: int, rng: np.random.Generator | int | None,
            samples: int) -> ReturnSpread:
    """:func:`return_distribution` from what :func:`toto13.pool.returns._reached` built."""
    rounds = check_int("rounds", rounds, 1)
    samples = check_int("samples", samples, 100, 10 ** 8)
    gen, seed = _check_rng(rng)
    t, rnd, idx, cnt, vals = reached
    cost = pool.rules.cost(len(t))
    mix, approx = _mixture(rnd, idx, cnt, vals)
    one = _one_round(mix, rnd, idx, cnt, cost)
    if rounds == 1:
        k = {"p_profit": one["p_profit"], "p_profit_se": 0.0, "p_profit_ci": (one["p_profit"],) * 2,
             **{f"total_{n}": one[n] for n in ("q05", "median", "q95")},
             **{f"total_{n}_ci": (one[n],) * 2 for n in ("q05", "median", "q95")}}
    else:
        k = _monte_carlo(rnd, idx, cnt, cost, rounds, samples, gen)
    del one["p_profit"]
    p_pos, p_ge = one["p_return_positive"], one["p_return_ge_cost"]
    return ReturnSpread(cost=cost, mean=float(vals.sum()), **one, approximate_mass=approx, **k,
                        rounds_per_payout=1 / p_pos if p_pos > 0 else math.inf,
                        rounds_per_cost_back=1 / p_ge if p_ge > 0 else math.inf,
                        rounds=rounds, method="exact" if rounds == 1 else "monte carlo",
                        samples=0 if rounds == 1 else samples, seed=None if rounds == 1 else seed)


def _one_round(mix: _Mixture, rnd: _Round, idx, cnt, cost: float) -> dict:
    """Median, 5 / 95 % quantiles and the probabilities of one round, from the mixture."""
    out = {"p_return_positive": 1.0 - mix.cdf(0.0),
           "p_return_ge_cost": 1.0 - mix.cdf(cost, strict=True),
           "p_profit": 1.0 - mix.cdf(cost)}
    f0 = 1.0 - out["p_return_positive"]
    pilot = None
    for name, q in zip(("q05", "median", "q95"), _LEVELS):
        if f0 >= q:
            out[name] = 0.0
            continue
        if pilot is None:  # fixed seed: only where the bisection starts, not its result
            pilot = np.sort(_sample_rounds(rnd, idx, cnt, np.random.default_rng(0), 100_000))
        out[name] = mix.quantile(q, *_bracket(mix, q, pilot))
    return out
