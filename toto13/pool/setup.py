"""The pool of one round and the one place it is built.

:class:`Pool` is one round's pool: the rules, what the others stake, a jackpot, the minimum quota and
the co-winner model. :class:`PoolSettings` are the options every command that prices against a pool
shares (turnover, jackpot, co-winners, minimum quota, crowd sharpness); :meth:`PoolSettings.setup`
turns them, a round's probabilities and (where published) the crowd's shares into a
:class:`PoolSetup`: the pool, the crowd it is judged against, and what that assumes. The command line,
the tip strategies and the backtest all build their pool there.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import check_nonnegative, check_turnover
from ..rules import Rules
from .cowinners import DEFAULT_CO_WINNER_MODEL, CoWinnerModel, CoWinners
from .crowd import DEFAULT_SHARPNESS, CrowdModel, crowd_shares


#: Typical turnover where known, used by :meth:`Pool.for_rules`: the median of the 21 Stryktipset
#: rounds of May–September 2025 (SEK).
TYPICAL_TURNOVER = {"stryktipset": 15_603_087.0}


# ---------------------------------------------------------------- the pool
@dataclass(frozen=True)
class Pool:
    """One round's pool: the rules, what the others stake, a jackpot, the minimum quota, the model.

    Parameters
    ----------
    rules : Rules
    turnover : float
        The other players' stakes, at least one stake and :data:`toto13.errors.MIN_TURNOVER` (1), at
        most :data:`toto13.errors.MAX_AMOUNT`; ``crowd_tips = turnover / stake`` tips played.
    jackpot : float
        Money carried into the top tier (>= 0).
    min_quota : float or None
        Smallest quota paid; None takes the rules' own (``Rules.min_quota``), 0 switches it off.
    co_winners : CoWinners
        ``calibrated`` (default: negative binomial around a mean that follows the surprise, see
        :class:`CoWinnerModel`) or ``poisson`` (independent crowd tips).
    model : CoWinnerModel or None
        The calibrated model; None: the package's :data:`DEFAULT_CO_WINNER_MODEL`. Only with
        ``calibrated``.
    """

    rules: Rules
    turnover: float
    jackpot: float = 0.0
    min_quota: float | None = None
    co_winners: CoWinners = CoWinners.CALIBRATED
    model: CoWinnerModel | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.rules, Rules):
            raise ValueError(f"rules ({self.rules!r}) must be a Rules object")
        if self.rules.stake <= 0:
            raise ValueError(f"rules.stake ({self.rules.stake!r}) must be > 0 for a pool")
        t = check_turnover("turnover", self.turnover)
        if t < self.rules.stake:
            raise ValueError(f"turnover ({self.turnover!r}) must be at least one stake ({self.rules.stake:g} "
                             f"{self.rules.currency}): the others play at least one row")
        object.__setattr__(self, "turnover", t)
        object.__setattr__(self, "jackpot", check_nonnegative("jackpot", self.jackpot))
        mq = self.rules.min_quota if self.min_quota is None else check_nonnegative("min_quota",
                                                                                   self.min_quota)
        object.__setattr__(self, "min_quota", mq)
        try:
            object.__setattr__(self, "co_winners", CoWinners(self.co_winners))
        except ValueError:
            allowed = ", ".join(c.value for c in CoWinners)
            raise ValueError(f"co_winners ({self.co_winners!r}) must be one of {allowed}") from None
        _check_model(self.model, self.co_winners)

    @classmethod
    def for_rules(cls, rules: Rules, turnover: float | None = None, **kwargs) -> Pool:
        """A pool for ``rules``; without ``turnover`` the rules' typical one where known (else raise)."""
        if turnover is None:
            turnover = TYPICAL_TURNOVER.get(rules.name)
            if not turnover:
                raise ValueError(f"turnover is required: rules '{rules.name}' have no typical turnover")
        return cls(rules, turnover, **kwargs)

    @property
    def minimum_quota(self) -> float:
        """The smallest quota paid: :attr:`min_quota` as resolved (the rules' own where none was given;
        0: no minimum)."""
        return float(self.min_quota or 0.0)

    @property
    def crowd_tips(self) -> float:
        """Tips played by the others: ``turnover / stake``."""
        return self.turnover / self.rules.stake

    @property
    def rows(self) -> float:
        """Deprecated name of :attr:`crowd_tips` (kept for one release)."""
        import warnings

        warnings.warn("Pool.rows is renamed Pool.crowd_tips; the old name goes in the next release",
                      DeprecationWarning, stacklevel=2)
        return self.crowd_tips

    def tier_pools(self, n: int) -> NDArray[np.float64]:
        """``pool_k = (turnover + n·stake) · payout_ratio · share_k`` per tier, + jackpot at the top."""
        pools = ((self.turnover + n * self.rules.stake) * self.rules.payout_ratio
                 * np.array(self.rules.tier_shares))
        pools[0] += self.jackpot
        return pools

    def co_winner_model(self) -> CoWinnerModel | None:
        """The calibrated model in use (:attr:`model` or the default); None for ``poisson``."""
        if self.co_winners is CoWinners.POISSON:
            return None
        return DEFAULT_CO_WINNER_MODEL if self.model is None else self.model

    def shapes(self) -> NDArray[np.float64]:
        """Co-winner shape per tier: inf for ``poisson``, else the model's shapes by misses."""
        misses = [self.rules.matches - k for k in self.rules.tiers]
        model = self.co_winner_model()
        if model is None:
            return np.full(len(misses), np.inf)
        return np.array([model.shape(d) for d in misses])

    def co_winner_means(self, lam: NDArray[np.float64]) -> NDArray[np.float64]:
        """Expected co-winners per tier from the independent-crowd means ``lam`` (tiers, ...): ``lam``
        itself for ``poisson``, else the model's mean map of each tier (:meth:`CoWinnerModel.mean`)."""
        model = self.co_winner_model()
        if model is None:
            return lam
        misses = [self.rules.matches - k for k in self.rules.tiers]
        return np.stack([model.mean(lam[j], d, tips=self.crowd_tips) for j, d in enumerate(misses)])


def _check_model(model: object, co_winners: CoWinners) -> None:
    """``model`` is None or a :class:`CoWinnerModel`, and only given with ``calibrated``."""
    if model is None:
        return
    if not isinstance(model, CoWinnerModel):
        raise ValueError(f"model ({type(model).__name__}) must be a CoWinnerModel or None")
    if co_winners is not CoWinners.CALIBRATED:
        raise ValueError(f"model is given but co_winners is {co_winners.value!r}: a fitted model is "
                         "used only with co_winners='calibrated'")


def _money(v: float) -> str:
    return f"{v:,.2f}"


@dataclass(frozen=True)
class PoolSetup:
    """A checked pool, the crowd shares it is judged against, and what that assumes.

    Attributes
    ----------
    pool : Pool
    crowd : ndarray, shape (matches, 3)
        The crowd's pick shares, every row summing to 1.
    crowd_source : {"file", "model"}
        Published shares, or modelled from the probabilities (:func:`toto13.pool.crowd_shares`).
    assumes : str
        One sentence: turnover (and whether it was given), jackpot, co-winner model, minimum quota,
        where the crowd's shares came from.
    turnover_given : bool
        Whether the turnover was given (False: the rules' typical turnover).
    """

    pool: Pool
    crowd: NDArray[np.float64]
    crowd_source: str
    assumes: str
    turnover_given: bool = True

    def to_dict(self) -> dict[str, Any]:
        """What the figures assume, for JSON output."""
        p = self.pool
        return {"turnover": p.turnover, "turnover_given": self.turnover_given, "jackpot": p.jackpot,
                "co_winners": p.co_winners.value, "min_quota": p.min_quota,
                "crowd_source": self.crowd_source, "payout_ratio": p.rules.payout_ratio,
                "currency": p.rules.currency}


@dataclass(frozen=True)
class PoolSettings:
    """How a round's pool is priced: the settings every command and strategy that prices tips against
    a pool shares, each with one meaning everywhere.

    Parameters
    ----------
    turnover : float or None
        The other players' stakes, in ``[MIN_TURNOVER, MAX_AMOUNT]`` (1 to 1e12). None: the round's
        own where it is known, else the rules' typical turnover (:data:`TYPICAL_TURNOVER`).
    jackpot : float
        Money carried into the top tier (>= 0).
    co_winners : CoWinners or str
        ``calibrated`` (over-dispersed, fitted on real rounds) or ``poisson`` (independent crowd tips).
    min_quota : float or None
        Smallest quota paid; None: the rules' own; 0 switches the rule off.
    sharpness : float
        The crowd model's sharpness (:class:`toto13.pool.CrowdModel`), used where the crowd's shares
        are not published: they are modelled from the probabilities.
    cowinner_model : CoWinnerModel or None
        The fitted co-winner model of ``calibrated`` (e.g. read from a JSON file with
        :meth:`CoWinnerModel.from_dict`); None: the package's default.

    Examples
    --------
    >>> from toto13.rules import STRYKTIPSET
    >>> s = PoolSettings(jackpot=1e6).setup(STRYKTIPSET, [[0.5, 0.3, 0.2]] * 13)
    >>> s.pool.turnover, s.crowd_source, s.turnover_given
    (15603087.0, 'model', False)
    >>> PoolSettings(turnover=0)
    Traceback (most recent call last):
    ...
    ValueError: turnover (0) must be a number >= 1 and at most 1e+12: the other players' stakes in the round
    """

    turnover: float | None = None
    jackpot: float = 0.0
    co_winners: CoWinners = CoWinners.CALIBRATED
    min_quota: float | None = None
    sharpness: float = DEFAULT_SHARPNESS
    cowinner_model: CoWinnerModel | None = None

    def __post_init__(self) -> None:
        if self.turnover is not None:
            object.__setattr__(self, "turnover", check_turnover(
                "turnover", self.turnover, ": the other players' stakes in the round"))
        object.__setattr__(self, "jackpot", check_nonnegative("jackpot", self.jackpot))
        if self.min_quota is not None:
            object.__setattr__(self, "min_quota", check_nonnegative("min_quota", self.min_quota))
        try:
            object.__setattr__(self, "co_winners", CoWinners(self.co_winners))
        except ValueError:
            allowed = ", ".join(c.value for c in CoWinners)
            raise ValueError(f"co_winners ({self.co_winners!r}) must be one of {allowed}") from None
        if not check_nonnegative("sharpness", self.sharpness) > 0:
            raise ValueError(f"sharpness ({self.sharpness!r}) must be > 0")
        object.__setattr__(self, "sharpness", float(self.sharpness))
        if self.cowinner_model is not None and not isinstance(self.cowinner_model, CoWinnerModel):
            raise ValueError(f"cowinner_model ({type(self.cowinner_model).__name__}) must be a "
                             "CoWinnerModel or None")
        if self.cowinner_model is not None and self.co_winners is not CoWinners.CALIBRATED:
            raise ValueError("cowinner_model is given but co_winners is "
                             f"{self.co_winners.value!r}: it is used only with 'calibrated'")

    @property
    def asked(self) -> bool:
        """Whether any setting differs from its default (the user asked for a pool)."""
        return self != PoolSettings()

    def crowd_model(self) -> CrowdModel:
        """The crowd model for rounds without published shares."""
        return CrowdModel(self.sharpness)

    def known_turnover(self, rules: Rules, round_turnover: float | None = None) -> float | None:
        """The turnover to use: the round's own (finite, > 0), else :attr:`turnover`, else the rules'
        typical turnover; None where none is known."""
        if round_turnover is not None and np.isfinite(round_turnover) and round_turnover > 0:
            return float(round_turnover)
        return self.turnover or TYPICAL_TURNOVER.get(rules.name)

    def setup(self, rules: Rules, probs: ArrayLike, *, crowd: ArrayLike | None = None,
              crowd_label: str | None = None, round_turnover: float | None = None,
              required: bool = True) -> PoolSetup | None:
        """The pool of a round and the crowd it is judged against.

        Parameters
        ----------
        rules : Rules
        probs : array_like (matches, 3)
            The round's probabilities: the crowd's shares are modelled from them where ``crowd`` is
            None (:func:`toto13.pool.crowd_shares` with :meth:`crowd_model`).
        crowd : array_like (matches, 3), optional
            Published crowd shares (rows summing to 1).
        crowd_label : str, optional
            Where ``crowd`` came from, for :attr:`PoolSetup.assumes` (e.g. the file's name).
        round_turnover : float, optional
            The round's own turnover, which comes before :attr:`turnover` (NaN or None: unknown).
        required : bool
            Raise ``ValueError`` where no turnover is known; with False, return None instead when
            nothing about the pool was asked for either.
        """
        turnover = self.known_turnover(rules, round_turnover)
        if turnover is None:
            if not required and not self.asked and crowd is None:
                return None
            raise ValueError(f"turnover T is needed: the {rules.name} rules give no typical turnover "
                             "(T = the other players' stakes in the round)")
        given = self.turnover is not None or turnover == round_turnover
        pool = Pool(rules, turnover, jackpot=self.jackpot, min_quota=self.min_quota,
                    co_winners=self.co_winners, model=self.cowinner_model)
        if crowd is not None:
            shares, source = np.asarray(crowd, dtype=np.float64), "file"
            said = f"crowd shares from {crowd_label or 'the round'}"
        else:
            shares, source = crowd_shares(probs, self.crowd_model()), "model"
            said = "crowd shares modelled from the probabilities (no crowd file given)"
        cur = rules.currency
        parts = [f"turnover {_money(pool.turnover)} {cur}" + ("" if given else " (typical for these "
                                                                                "rules, not given)"),
                 f"jackpot {_money(pool.jackpot)} {cur}", f"{pool.co_winners.value} co-winners"
                 + ("" if self.cowinner_model is None else " (a given model)"),
                 f"minimum quota {_money(pool.minimum_quota)} {cur}" if pool.minimum_quota > 0
                 else "no minimum quota", said]
        return PoolSetup(pool, shares, source, "assumes " + "; ".join(parts), given)
