"""The pari-mutuel pool: what a tip set is worth when every tier's pool is shared by its winners.

A 13-match pool pays each tier ``k`` a fixed share of all stakes, ``pool_k``, split equally among every
tip with exactly ``k`` strikes. So a tip's worth depends on how many *other* tips share its prize, not
only on how likely it is. For per-match probabilities ``p``, the crowd's pick shares ``c`` and turnover
``T`` (``crowd_tips = T / stake`` tips played by others), the expected return of a tip set ``S`` is, exactly
over all ``3**m`` results ``r``,

    E[return] = sum_r P(r) sum_k n_k(r) · pool_k · E[1 / (W_k(r) + n_k(r))],

with ``n_k(r)`` our tips with exactly ``k`` strikes for ``r`` (they dilute each other),
``pool_k = (T + |S|·stake) · payout_ratio · share_k`` (+ a jackpot at the top tier) and ``W_k(r)`` the
other tips with ``k`` strikes. Co-winner models (:class:`CoWinners`):

* ``poisson``: crowd tips independent, ``W_k(r) ~ Poisson(λ_k(r))``,
  ``λ_k(r) = crowd_tips · P_crowd(exactly k strikes | r)``, a Poisson-binomial over the crowd's shares of the
  outcomes of ``r``; ``E[1/(W+n)] = ∫_0^1 t^(n-1) e^(-λ(1-t)) dt``.
* ``calibrated`` (default): ``W_k(r)`` negative binomial (a gamma-mixed Poisson) with mean
  ``λ_k(r) · exp(b0 + b1 z + b2 z²)``, ``z`` the standardised ``log λ_k(r)`` clamped to its fitted
  range, and a shape per tier (:class:`CoWinnerModel`), fitted by maximum likelihood on the real
  winner counts of 707 Stryktipset rounds 2008–2025 (TipsXtra/Svenska Spel statistics): syndicate
  systems and look-alike tips make real crowds pile up on the likeliest and the most surprising
  results, and vary far more than independent tips would give.
  ``E[1/(W+n)] = ∫_0^1 t^(n-1) G(t) dt`` with the pgf ``G(t) = (1 + (1-t)·λ/s)^(-s)``.

Everything is computed for all results at once: the crowd's strike distribution per result is a
product over matches (one polynomial transform over the result array), ``n_k(r)`` and the single-tip
returns are Hamming sphere sums. Background: R. Stömmer (2023), arXiv:2303.16648, for the game and the
combinatorics; the pool model is this package's own.

The modules, one job each: :mod:`.crowd` (the crowd's shares, modelled where none are published, and
spelvärde), :mod:`.cowinners` (the distribution of the other winners, and ``E[1/(W+n)]`` with and
without the minimum-quota cap), :mod:`.setup` (the :class:`Pool` of a round and
:class:`PoolSettings`, the one place a pool is built), :mod:`.returns` (exact expected returns of a tip
set and of every single tip), :mod:`.value` (the value-tip optimiser).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {
    "CrowdModel": ".crowd", "DEFAULT_SHARPNESS": ".crowd", "fit_crowd_sharpness": ".crowd",
    "crowd_shares": ".crowd", "spelvarde": ".crowd", "crowd_miss_pmf": ".crowd",
    "CoWinners": ".cowinners", "CALIBRATED_SHAPES": ".cowinners", "MIN_SHAPE": ".cowinners",
    "fit_co_winner_shape": ".cowinners", "inverse_moment": ".cowinners",
    "CoWinnerModel": ".cowinners", "DEFAULT_CO_WINNER_MODEL": ".cowinners",
    "Pool": ".setup", "PoolSettings": ".setup", "PoolSetup": ".setup", "TYPICAL_TURNOVER": ".setup",
    "PoolValue": ".returns", "co_winner_means": ".returns", "expected_return": ".returns",
    "tip_returns": ".returns", "expected_co_winners": ".returns", "RankedTips": ".returns",
    "highest_return_tips": ".returns",
    "value_tips": ".value",
    "WinnerCounts": ".calibrate", "winner_counts": ".calibrate", "fit_co_winner_shapes": ".calibrate",
    "shape_standard_error": ".calibrate", "co_winner_interval": ".calibrate",
    "LeaveOneOutCheck": ".calibrate", "leave_one_out_check": ".calibrate",
    "CoWinnerCalibration": ".calibrate", "calibrate_co_winners": ".calibrate",
    "ReturnSpread": ".spread", "return_distribution": ".spread", "priced": ".spread",
    "fit_co_winner_model": ".calibrate", "RollingCheck": ".calibrate", "rolling_check": ".calibrate",
    "model_check": ".calibrate",
    "DEFAULT_CROWD_SHARES": ".calibrate", "default_crowd": ".calibrate",
    "PoolModel": ".model", "default_pool_model": ".model", "fit_pool_model": ".model",
    "read_pool_model": ".model", "write_pool_model": ".model", "PoolModelCheck": ".model",
    "check_pool_model": ".model",
}
__all__ = [*_EXPORTS]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, renamed={"row_returns": "tip_returns"})

if TYPE_CHECKING:  # what tools see through the lazy exports
    from .cowinners import (CALIBRATED_SHAPES, DEFAULT_CO_WINNER_MODEL, MIN_SHAPE, CoWinnerModel,
                            CoWinners, fit_co_winner_shape, inverse_moment)
    from .crowd import (DEFAULT_SHARPNESS, CrowdModel, crowd_miss_pmf, crowd_shares,
                        fit_crowd_sharpness, spelvarde)
    from .returns import (PoolValue, RankedTips, co_winner_means, expected_co_winners, expected_return,
                          highest_return_tips, tip_returns)
    from .setup import TYPICAL_TURNOVER, Pool, PoolSettings, PoolSetup
    from .spread import ReturnSpread, priced, return_distribution
    from .model import (PoolModel, PoolModelCheck, check_pool_model, default_pool_model, fit_pool_model,
                        read_pool_model, write_pool_model)
    from .value import value_tips
    from .calibrate import (DEFAULT_CROWD_SHARES, CoWinnerCalibration, LeaveOneOutCheck, RollingCheck,
                            WinnerCounts, calibrate_co_winners, co_winner_interval, default_crowd,
                            fit_co_winner_model, fit_co_winner_shapes, leave_one_out_check, model_check,
                            rolling_check, shape_standard_error, winner_counts)
