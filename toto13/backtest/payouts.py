"""What a round pays our winning tips: the real quota, a pari-mutuel model, or average payouts.

Order of preference with :attr:`PayoutMethod.REAL` (per round and tier):

1. **real** — the round's quota. When the file also gives the tier's winners (``w``), our ``k`` winning
   tips join them and our stakes join the pool, so the quota becomes
   ``round_quota((quota·w + n·stake·payout_ratio·share) / (w + k))`` (our tips dilute the quota they
   share; with ``k = 0`` the real quota is unchanged). A quota of 0 (the tier paid nothing) stays 0.
2. **model** — where the quota is missing: the pari-mutuel model. The tier's pool is the file's
   ``pool``, else ``turnover × payout_ratio × tier share``; it is split among the other winners (the
   file's ``winners`` when given, e.g. 0 when nobody had 13; otherwise the crowd model's expected
   winners, which needs odds) plus our own winning tips.
3. **history** — where the model lacks a turnover or odds: the mean real quota of that tier over the
   earlier rounds of the same file (a round sees only data from before it).
4. **average** — otherwise the recipe's average payouts (Stömmer 2023, EUR) or the mapping given.

:attr:`PayoutMethod.MODEL` skips step 1 (model everywhere it can, to check the model against real
quotas), :attr:`PayoutMethod.AVERAGE` uses step 4 only. The crowd model: a crowd tip picks outcome
``c`` of a match with probability proportional to ``q_c^s``, where ``q`` are the odds-implied
probabilities and ``s`` the *sharpness* (``s > 1``: the crowd backs favourites more than the odds do),
fitted on the Stryktipset rounds that publish the crowd's pick shares (:func:`fit_crowd_sharpness`);
the crowd model lives in :mod:`toto13.pool`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Mapping

import numpy as np
from numpy.typing import ArrayLike, NDArray
from ..engine import poisson_binomial_pmf
from ..errors import check_nonnegative, check_turnover
from ..estimators.margin import DEFAULT_MARGIN_METHOD, odds_probabilities
from ..pool.crowd import DEFAULT_SHARPNESS, CrowdModel, fit_crowd_sharpness
from ..rules import Rules
from ..io.rounds import Rounds

__all__ = ["PayoutMethod", "CrowdModel", "fit_crowd_sharpness",
           "PayoutModel", "PreparedPayouts", "SOURCES", "DEFAULT_SHARPNESS", "odds_probabilities"]

#: Payout source codes, in the order used by :class:`PreparedPayouts`.
SOURCES = ("real", "model", "history", "average")
_REAL, _MODEL, _HISTORY, _AVERAGE = range(4)


class PayoutMethod(str, Enum):
    """Which payouts a backtest uses (see the module docstring)."""

    REAL = "real"
    MODEL = "model"
    AVERAGE = "average"


@dataclass(frozen=True)
class PreparedPayouts:
    """Per round and tier, everything the payout needs except our own tips.

    ``source[j, t]`` is an index into :data:`SOURCES`; ``quota`` the undiluted quota (real, history or
    average); ``pool`` and ``others`` the pool and the other winners used to dilute (NaN = do not
    dilute); ``own_share`` the part of one own stake that joins each tier's pool.
    """

    tiers: tuple[int, ...]
    source: NDArray[np.int8]
    quota: NDArray[np.float64]
    pool: NDArray[np.float64]
    others: NDArray[np.float64]
    own_share: NDArray[np.float64]
    rules: Rules = field(repr=False)

    def round_source(self, j: int) -> str:
        """Which payouts round ``j`` uses, e.g. ``real`` or ``real+model``."""
        used = sorted(set(self.source[j].tolist()))
        return "+".join(SOURCES[s] for s in used)

    def pay(self, j: int, won: ArrayLike, n: int) -> NDArray[np.float64]:
        """Quota per winning tip in round ``j`` for each tier, given our ``won`` tips per tier of ``n``.

        Our winning tips join the other winners and our stakes join the pool where both are known.
        """
        won = np.asarray(won, dtype=np.float64)
        q = self.quota[j].copy()
        dilute = np.isfinite(self.pool[j]) & np.isfinite(self.others[j]) & (won > 0)
        for t in np.flatnonzero(dilute):
            amount = (self.pool[j, t] + n * self.own_share[t]) / (self.others[j, t] + won[t])
            q[t] = self.rules.round_quota(amount)
        return np.where((won == 0) & np.isnan(q), 0.0, q)


@dataclass(frozen=True)
class PayoutModel:
    """How missing payouts are filled (see the module docstring).

    Parameters
    ----------
    method : PayoutMethod
        ``real`` (default), ``model`` or ``average``.
    crowd : CrowdModel
        Crowd picks for expected winners where the file gives none.
    turnover : float, optional
        Turnover assumed for rounds whose file gives none (needed by the model there).
    averages : mapping tier -> payout, optional
        Average payouts per tier (default: the rules' ``average_payouts``, for TOTO the recipe's
        49 / 434 / 6,449 / 107,813 EUR).
    margin_method : str
        Margin removal for the crowd model's odds-implied probabilities.
    """

    method: PayoutMethod = PayoutMethod.REAL
    crowd: CrowdModel = CrowdModel()
    turnover: float | None = None
    averages: Mapping[int, float] | None = None
    margin_method: str = DEFAULT_MARGIN_METHOD.value

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", PayoutMethod(self.method))
        if self.turnover is not None:
            check_turnover("turnover", self.turnover)
        for t, v in (self.averages or {}).items():
            check_nonnegative(f"averages[{t}]", v)

    def prepare(self, rounds: Rounds, rules: Rules) -> PreparedPayouts:
        """Resolve every round's payout source and the numbers it needs (our tips excluded)."""
        tiers = tuple(rules.tiers)
        r, t = len(rounds), len(tiers)
        quota = np.full((r, t), np.nan)
        winners = np.full((r, t), np.nan)
        pools = np.full((r, t), np.nan)
        for c, x in enumerate(tiers):
            if x in rounds.tiers:
                k = rounds.tier_index(x)
                quota[:, c], winners[:, c], pools[:, c] = (rounds.quotas[:, k], rounds.winners[:, k],
                                                           rounds.pools[:, k])
        shares = np.array([rules.tier_share(x) for x in tiers])
        own_share = rules.stake * rules.payout_ratio * shares
        turnover = rounds.turnover.copy()
        if self.turnover is not None:
            turnover[np.isnan(turnover)] = self.turnover
        source = np.full((r, t), _AVERAGE, dtype=np.int8)
        out_q = np.full((r, t), np.nan)
        out_pool = np.full((r, t), np.nan)
        out_others = np.full((r, t), np.nan)

        # 1. real quotas
        if self.method is PayoutMethod.REAL:
            real = np.isfinite(quota)
            source[real] = _REAL
            out_q[real] = quota[real]
            dil = real & np.isfinite(winners) & (winners > 0) & (quota > 0)
            # without the pool, take the middle of what the rounded-down quota allows, so that a few
            # own tips among many winners leave the quota where it was (not one step lower)
            half = rules.quota_step / 2
            out_pool[dil] = np.where(np.isfinite(pools[dil]), pools[dil],
                                     (quota[dil] + half) * winners[dil])
            out_others[dil] = winners[dil]
        # 2. pari-mutuel model
        if self.method is not PayoutMethod.AVERAGE:
            todo = source == _AVERAGE
            use_file = self.method is PayoutMethod.REAL
            pool = np.where(np.isfinite(pools) & use_file, pools,
                            turnover[:, None] * rules.payout_ratio * shares[None, :])
            others = np.where(np.isfinite(winners) & use_file, winners, np.nan)
            has_odds = rounds.has_odds()
            need = todo & np.isnan(others) & np.isfinite(pool) & has_odds[:, None]
            rows = np.flatnonzero(need.any(axis=1))
            if rows.size:
                probs = odds_probabilities(rounds.odds[rows], self.margin_method)
                picks = self.crowd.picks(probs)
                hit = np.take_along_axis(picks, rounds.results[rows][..., None].astype(np.intp),
                                         axis=2)[..., 0]
                pmf = poisson_binomial_pmf(hit)
                tickets = turnover[rows] / rules.stake
                for c, x in enumerate(tiers):
                    others[rows, c] = np.where(need[rows, c], tickets * pmf[:, x], others[rows, c])
            ok = todo & np.isfinite(pool) & np.isfinite(others)
            source[ok] = _MODEL
            out_pool[ok] = pool[ok]
            out_others[ok] = others[ok]
            out_q[ok] = rules.round_quota(pool[ok] / np.maximum(others[ok], 1.0))
        # 3. history: mean real quota of the earlier rounds
        if self.method is PayoutMethod.REAL:
            real = np.isfinite(quota)
            csum = np.cumsum(np.where(real, quota, 0.0), axis=0) - np.where(real, quota, 0.0)
            ccnt = np.cumsum(real, axis=0) - real
            hist = (source == _AVERAGE) & (ccnt > 0)
            source[hist] = _HISTORY
            out_q[hist] = csum[hist] / ccnt[hist]
        # 4. averages
        rest = source == _AVERAGE
        avg = self._average_payouts(rules, rounds, tiers, rest)
        for c, x in enumerate(tiers):
            out_q[rest[:, c], c] = float(avg.get(x, 0.0))
        return PreparedPayouts(tiers, source, out_q, out_pool, out_others, own_share, rules)

    def _average_payouts(self, rules: Rules, rounds: Rounds, tiers: tuple[int, ...],
                         rest: NDArray[np.bool_]) -> dict[int, float]:
        """The average payout per tier for the places in ``rest`` (round, tier) nothing else priced:
        the model's, else the rules'; an error when some are left and neither gives any."""
        if self.averages is not None:
            return dict(self.averages)
        if rules.average_payouts is not None:
            return dict(zip(rules.tiers, rules.average_payouts))
        if rest.any():
            i, c = np.argwhere(rest)[0]
            raise ValueError(f"round {rounds.ids[i]} tier {tiers[c]} has no quota and nothing to model it "
                             f"from, and rules '{rules.name}' define no average payouts")
        return {}
