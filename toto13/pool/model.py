"""The pool model: what a round is priced with that is fitted on earlier rounds, as one JSON file.

A :class:`PoolModel` holds the co-winner model (:class:`toto13.pool.CoWinnerModel`: how many other tips
share a tier's prize, given how likely the result was for the crowd), the crowd's sharpness (how the
crowd's shares are modelled where none are published) and the blend of odds and crowd shares
(:class:`toto13.estimators.Blend`), with the rounds it was fitted on. :func:`fit_pool_model` fits all
three on rounds; :func:`write_pool_model` / :func:`read_pool_model` keep it in a file
(``toto13 calibrate ROUNDS --fit FILE`` writes one, ``--pool-model FILE`` uses it); without a file the
package's own model is used (:func:`default_pool_model`: the constants of :mod:`toto13.pool.cowinners`
and :mod:`toto13.pool.crowd`, fitted on the public Stryktipset history, their provenance stated there).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..errors import InputError
from ..executor import Workers
from ..estimators.blend import (DEFAULT_BLEND_MARGIN, Blend, blend_by_season, calibration_by_value,
                               fit_blend)
from ..estimators.margin import remove_margin
from ..io.csvfile import MAX_FILE_BYTES
from ..io.files import read_capped
from ..io.outputs import Outputs
from ..io.rounds import Rounds
from ..rules import Rules
from .calibrate import (RollingCheck, default_crowd, fit_co_winner_model, model_check, rolling_check,
                        winner_counts)
from .cowinners import DEFAULT_CO_WINNER_MODEL, CoWinnerModel
from .crowd import DEFAULT_SHARPNESS, fit_crowd_sharpness

__all__ = ["PoolModel", "PoolModelCheck", "check_pool_model", "default_pool_model", "fit_pool_model",
           "read_pool_model", "write_pool_model"]

_KIND = "toto13.PoolModel"
_BLEND_FIELDS = ("odds_weight", "crowd_weight", "a_draw", "a_away", "margin_method", "matches",
                 "first", "last", "half_life", "stderr")


@dataclass(frozen=True)
class PoolModel:
    """The fitted parts of the pool model, and what they were fitted on.

    Attributes
    ----------
    cowinners : CoWinnerModel
        The co-winners of the ``calibrated`` choice.
    sharpness : float
        The crowd model's sharpness (:class:`toto13.pool.CrowdModel`).
    blend : Blend or None
        Odds and crowd shares in one estimate (None: not fitted).
    rounds : tuple of str
        The ids of the rounds fitted on.
    fitted_on : str
        Where the fit came from, in words.

    Examples
    --------
    >>> m = default_pool_model()
    >>> PoolModel.from_dict(m.to_dict()) == m
    True
    """

    cowinners: CoWinnerModel = DEFAULT_CO_WINNER_MODEL
    sharpness: float = DEFAULT_SHARPNESS
    blend: Blend | None = None
    rounds: tuple[str, ...] = ()
    fitted_on: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.cowinners, CoWinnerModel):
            raise ValueError(f"cowinners ({self.cowinners!r}) must be a CoWinnerModel")
        if not (np.isfinite(self.sharpness) and self.sharpness > 0):
            raise ValueError(f"sharpness ({self.sharpness!r}) must be a number > 0")
        object.__setattr__(self, "sharpness", float(self.sharpness))
        object.__setattr__(self, "rounds", tuple(str(r) for r in self.rounds))

    def to_dict(self) -> dict[str, Any]:
        """Plain lists and numbers, for a JSON file (:meth:`from_dict` reads it back)."""
        blend = None if self.blend is None else {f: _plain(getattr(self.blend, f)) for f in _BLEND_FIELDS}
        return {"kind": _KIND, "version": 1, "fitted_on": self.fitted_on, "rounds": list(self.rounds),
                "sharpness": self.sharpness, "blend": blend, "cowinners": self.cowinners.to_dict()}

    @classmethod
    def from_dict(cls, data: Any) -> PoolModel:
        """The model written by :meth:`to_dict`; ``ValueError`` naming the entry that is missing or
        wrong."""
        if not isinstance(data, dict) or data.get("kind") != _KIND:
            raise ValueError(f"the file must hold a JSON object with \"kind\": \"{_KIND}\" (written by "
                             "toto13 calibrate --fit)")
        missing = [k for k in ("cowinners", "sharpness") if k not in data]
        if missing:
            raise ValueError(f"the pool model lacks {', '.join(missing)}")
        blend = data.get("blend")
        if blend is not None:
            if not isinstance(blend, dict):
                raise ValueError(f"blend ({blend!r}) must be an object of weights")
            given: dict[str, Any] = {k: (tuple(v) if k == "stderr" else v) for k, v in blend.items()
                                     if k in _BLEND_FIELDS}
            blend = Blend(**given)
        return cls(CoWinnerModel.from_dict(data["cowinners"]), float(data["sharpness"]), blend,
                   tuple(data.get("rounds") or ()), str(data.get("fitted_on", "")))


def _plain(v: Any) -> Any:
    if isinstance(v, tuple):
        return [float(x) for x in v]
    return getattr(v, "value", v)


def default_pool_model() -> PoolModel:
    """The package's pool model: :data:`toto13.pool.DEFAULT_CO_WINNER_MODEL` and
    :data:`toto13.pool.DEFAULT_SHARPNESS` (their provenance is stated where they are defined); no blend
    (probabilities come from the odds as given)."""
    return PoolModel(fitted_on="the package's default: " + DEFAULT_CO_WINNER_MODEL.fitted_on)


def read_pool_model(path: str | os.PathLike) -> PoolModel:
    """Read a pool model file; :class:`toto13.errors.InputError` naming the file and what is wrong."""
    try:
        data = json.loads(read_capped(path, MAX_FILE_BYTES).decode("utf-8"))
    except FileNotFoundError:
        raise InputError("no such file; expected a pool model (toto13 calibrate --fit FILE)",
                         file=path) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a JSON pool model ({exc})", file=path) from None
    try:
        return PoolModel.from_dict(data)
    except (TypeError, ValueError) as exc:
        raise InputError(str(exc), file=path) from None


def write_pool_model(path: str | os.PathLike, model: PoolModel, *, force: bool = False) -> None:
    """Write ``model`` as JSON, all or nothing (an existing file only with ``force``)."""
    with Outputs(force=force) as out, out.open(path) as fh:
        json.dump(model.to_dict(), fh, indent=2, allow_nan=False)
        fh.write("\n")


def fit_pool_model(rounds: Rounds, rules: Rules, *, degree: int = 2, fitted_on: str = "") -> PoolModel:
    """Fit the pool model on ``rounds``: the co-winner model (:func:`toto13.pool.fit_co_winner_model`,
    rounds with turnover, winners and the crowd's shares), the crowd's sharpness
    (:func:`toto13.pool.fit_crowd_sharpness`, matches with odds and shares) and the blend of odds and
    shares (:func:`toto13.estimators.fit_blend`, the same matches with their results).

    Rounds whose crowd rows hold placeholder shares (:func:`toto13.pool.default_crowd`) are left out of
    all three fits.
    """
    keep = ~default_crowd(rounds)
    cow = fit_co_winner_model(winner_counts(rounds.subset(np.flatnonzero(keep)), rules), rules,
                              degree=degree, fitted_on=fitted_on)
    crowd = rounds.crowd_table()
    use = keep & rounds.has_odds() & rounds.has_crowd()
    if not use.any():
        return PoolModel(cow, DEFAULT_SHARPNESS, None, cow.rounds, fitted_on)
    odds, shares = rounds.odds[use].reshape(-1, 3), crowd[use].reshape(-1, 3)
    probs = np.asarray(remove_margin(odds, method=DEFAULT_BLEND_MARGIN).probs)
    sharpness = fit_crowd_sharpness(probs, shares)
    dates = np.repeat(rounds.dates[use], rounds.matches)
    blend = fit_blend(odds, shares, rounds.results[use].reshape(-1), dates=dates)
    return PoolModel(cow, sharpness, blend, cow.rounds, fitted_on)


@dataclass(frozen=True)
class PoolModelCheck:
    """How a pool model holds on rounds (:func:`check_pool_model`).

    Attributes
    ----------
    cowinners : RollingCheck
        Per round and tier the real winners beside the model's mean and 90 % interval at the real result
        (``quintile_ratio``, ``coverage_90``, ``rounds`` per tier).
    outcomes : pandas.DataFrame
        The probabilities binned by spelvärde (probability / crowd share): ``lo, hi, n, predicted,
        happened, z`` (:func:`toto13.estimators.calibration_by_value`).
    rolling : bool
        Out of sample: every year (co-winners) and season (probabilities) predicted from fits on the
        earlier ones only.
    """

    cowinners: RollingCheck
    outcomes: pd.DataFrame
    rolling: bool


def check_pool_model(rounds: Rounds, rules: Rules, model: PoolModel | None = None, *,
                     rolling: bool = False, workers: Workers | None = None) -> PoolModelCheck:
    """How the pool model holds on ``rounds``: its co-winners against the real winner counts, and its
    probabilities against the outcomes, binned by spelvärde.

    With ``rolling`` the model is refitted year by year on the earlier rounds only
    (:func:`toto13.pool.rolling_check`, :func:`toto13.estimators.blend_by_season`); otherwise ``model``
    (default: :func:`default_pool_model`) is applied to every round, and its probabilities are its blend
    of odds and crowd shares, or the odds alone (margin removed by power) where it has no blend.
    ``workers`` (:class:`toto13.executor.Workers`) runs the rolling refits on local processes or a Dask
    cluster, with the same result.
    """
    model = default_pool_model() if model is None else model
    keep = np.flatnonzero(~default_crowd(rounds))
    clean = rounds.subset(keep)
    cow = rolling_check(clean, rules, workers=workers) if rolling else model_check(clean, rules,
                                                                                   model.cowinners)
    odds, crowd, y, dates = _played_matches(clean)
    if rolling:
        seasons = dates.astype("datetime64[Y]").astype(np.int64) + 1970
        probs, _ = blend_by_season(odds, crowd, y, seasons, dates=dates, workers=workers)
    elif model.blend is not None:
        probs = model.blend.apply(odds, crowd)
    else:
        probs = np.asarray(remove_margin(odds, method=DEFAULT_BLEND_MARGIN).probs)
    known = np.isfinite(crowd).all(axis=1) & np.isfinite(probs).all(axis=1)
    return PoolModelCheck(cow, calibration_by_value(probs[known], crowd[known], y[known]), rolling)


def _played_matches(rounds: Rounds) -> tuple[NDArray[np.float64], NDArray[np.float64],
                                             NDArray[np.int64], NDArray[np.datetime64]]:
    """Per match of the rounds: odds, crowd shares, outcome and date, for the matches played (not
    drawn by lot) with odds and a known result."""
    m = rounds.matches
    lot = np.zeros((len(rounds), m), dtype=bool)
    if "by_lot" in rounds.teams:
        where = {rid: i for i, rid in enumerate(rounds.ids)}
        for rid, match, by_lot in zip(rounds.teams["round"], rounds.teams["match"],
                                      rounds.teams["by_lot"]):
            if rid in where:
                lot[where[rid], int(match) - 1] = by_lot == 1
    odds, crowd = rounds.odds.reshape(-1, 3), rounds.crowd_table().reshape(-1, 3)
    y = rounds.results.reshape(-1).astype(np.int64)
    use = np.isfinite(odds).all(axis=1) & ~lot.ravel() & (y >= 0)
    return odds[use], crowd[use], y[use], np.repeat(rounds.dates, m)[use]
