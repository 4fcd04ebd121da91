"""Which tips to play: the tip strategies and the one dispatch over them.

:class:`TipStrategy` names every way ``toto13 tickets`` chooses tips; :func:`generate` maps a strategy to
its generator — the primitives of :mod:`toto13.tickets.generators` (``random``, ``weighted``, ``top``,
``greedy``) and the pool's value optimiser (:func:`toto13.pool.value_tips`, ``value``); :func:`tip_set`
adds the checks and the exact evaluation of the command.
"""
from __future__ import annotations

import math
import time
from enum import Enum
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import check_int, check_nonnegative
from ..pool.crowd import crowd_shares
from ..pool.setup import Pool
from ..pool.value import value_tips
from ..rules import TOTO13, Rules
from ..tickets.evaluate import Evaluation, evaluate, probability_table
from ..tickets.generators import (_check_count, greedy_tips, possible_tips, random_tips, top_tips,
                                  weighted_tips)

__all__ = ["TipStrategy", "generate", "tip_set"]


def _check_seconds(name: str, value: Any) -> float:
    """``value`` as seconds > 0 (``inf``: no bound); ``ValueError`` naming ``name`` otherwise."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = math.nan
    if not v > 0:
        raise ValueError(f"{name} ({value!r}) must be a number of seconds > 0")
    return v


class TipStrategy(str, Enum):
    """How tips are chosen (feeds ``--strategy``)."""

    RANDOM = "random"
    WEIGHTED = "weighted"
    TOP = "top"
    GREEDY = "greedy"
    VALUE = "value"


def generate(strategy: TipStrategy | str, n: int, probs: ArrayLike | None = None, *,
             spec: ArrayLike | str | None = None, rng: np.random.Generator | int | None = None,
             min_strikes: int | None = None, power: float = 1.0,
             matches: int | None = None, crowd: ArrayLike | None = None, pool: Pool | None = None,
             min_coverage: tuple[int, float] | None = None,
             deadline: float | None = None) -> NDArray[np.int8]:
    """Generate ``n`` distinct tips with one of the :class:`TipStrategy` choices.

    Parameters
    ----------
    strategy : TipStrategy or str
        ``random`` (:func:`random_tips`), ``weighted`` (:func:`weighted_tips`), ``top``
        (:func:`top_tips`), ``greedy`` (:func:`greedy_tips`) or ``value``
        (:func:`toto13.pool.value_tips`: the tips of highest expected return in a pari-mutuel pool).
    n : int
        Number of tips; ``ValueError`` naming ``count`` when it is below 1 or above the number of
        distinct tips possible.
    probs : array_like (m, 3), optional
        Match probabilities; required except for ``random``.
    spec : str or (m, 3) bool array, optional
        Allowed outcomes per match (``"10 1 102 ..."``).
    rng : numpy.random.Generator, int or None
        For ``random`` and ``weighted`` (``top`` and ``greedy`` are deterministic).
    min_strikes : int, optional
        Target of ``greedy`` (default ``m - 3``).
    power : float
        Sharpening of ``weighted``.
    matches : int, optional
        For ``random`` without a spec (default 13).
    crowd : array_like (m, 3), optional
        For ``value``: the crowd's pick shares (default: modelled from ``probs``).
    pool : toto13.pool.Pool, optional
        For ``value`` (required): the pool the tips are judged in.
    min_coverage : (x, Q), optional
        For ``value``: keep P(best >= x) >= Q.
    deadline : float, optional
        For ``greedy`` and ``value``: a :func:`time.monotonic` time at which the search stops with
        :class:`toto13.greedy.GreedyStopped` (a ``TimeoutError`` saying how far it got).

    Returns
    -------
    numpy.ndarray of int8, shape (n, m)

    Examples
    --------
    >>> generate("top", 2, [[0.5, 0.3, 0.2]] * 3).tolist()
    [[0, 0, 0], [0, 0, 1]]
    """
    try:
        s = TipStrategy(strategy)
    except ValueError:
        allowed = ", ".join(v.value for v in TipStrategy)
        raise ValueError(f"strategy ({strategy!r}) must be one of {allowed}") from None
    if s is TipStrategy.RANDOM:
        if probs is not None and matches is None:
            matches = np.shape(probs)[0] if np.ndim(probs) else None
        return random_tips(n, spec, matches=matches, rng=rng)
    if probs is None:
        raise ValueError(f"strategy {s.value!r} needs probs (match probabilities)")
    if np.ndim(probs) == 0:
        probs = probability_table(probs, matches or 13)
    if s is TipStrategy.WEIGHTED:
        return weighted_tips(n, probs, spec, power=power, rng=rng)
    if s is TipStrategy.TOP:
        return top_tips(n, probs, spec)
    if s is TipStrategy.VALUE:
        return _value(n, probs, spec, crowd, pool, min_coverage, deadline)
    return greedy_tips(n, probs, min_strikes, spec, deadline=deadline)


def _value(n, probs, spec, crowd, pool, min_coverage, deadline) -> NDArray[np.int8]:
    n = _check_count(n, 3 ** probability_table(probs).shape[0], "there are tips")
    if pool is None:
        raise ValueError("strategy 'value' needs pool (a toto13.pool.Pool: turnover, rules, ...)")
    if spec is not None:
        raise ValueError("spec does not apply to strategy 'value' (it ranks all 3^m tips)")
    if crowd is None:
        crowd = crowd_shares(probs)
    return value_tips(n, probs, crowd, pool, min_coverage=min_coverage, deadline=deadline)


def tip_set(probs: ArrayLike, count: Any, strategy: TipStrategy | str = TipStrategy.WEIGHTED, *,
            seed: Any = 0, spec: Any = None, min_strikes: Any = None, power: float = 1.0,
            rules: Rules = TOTO13, crowd: ArrayLike | None = None, pool: Any = None,
            min_coverage: tuple[int, float] | None = None,
            time_limit: float | None = None) -> tuple[NDArray[np.int8], Evaluation]:
    """``count`` distinct tips of a strategy and their exact evaluation: ``toto13 tickets``.

    Parameters
    ----------
    probs : array_like (matches, 3)
        Match probabilities.
    count : int
        Number of tips, 1 .. the distinct tips possible (within ``spec``; of positive probability for
        ``weighted``).
    strategy : TipStrategy or str
    seed : int
        Seed of ``random`` / ``weighted`` (>= 0).
    spec : optional
        Allowed outcomes per match (:func:`generate`).
    min_strikes : int, optional
        Target of ``greedy`` (default the lowest prize tier of ``rules``).
    power : float
        Sharpening of ``weighted``.
    rules : Rules
    crowd, pool, min_coverage : optional
        For ``value`` (:func:`generate`): the crowd's pick shares, the :class:`toto13.pool.Pool`, and
        the coverage to keep.
    time_limit : float, optional
        Seconds the ``greedy`` or ``value`` search may take (default: no bound).

    Raises
    ------
    ValueError
        Naming ``count``, ``seed``, ``min_strikes``, ``power``, ``spec`` or ``time_limit``.
    toto13.greedy.GreedyStopped
        The search was still running after ``time_limit`` seconds (it says how far it got).

    Examples
    --------
    >>> tips, ev = tip_set([[0.5, 0.3, 0.2]] * 13, 2, "top")
    >>> ev.n, round(float(ev.coverage[12]), 6)
    (2, 0.002588)
    """
    m = rules.matches
    seed = check_int("seed", seed, 0)
    x = min(rules.tiers) if min_strikes is None else check_int("min_strikes", min_strikes, 0, m)
    power = check_nonnegative("power", power)
    n = check_int("count", count)
    if n <= 0:
        raise ValueError(f"count ({n}) must be at least 1")
    s = TipStrategy(strategy)
    limit = possible_tips(spec, probs if s is TipStrategy.WEIGHTED else None, m)
    if n > limit:
        raise ValueError(f"count ({n:,}) exceeds the {limit:,} distinct tips possible"
                         + (" with this spec" if spec is not None else ""))
    value = {"crowd": crowd, "pool": pool, "min_coverage": min_coverage} \
        if s is TipStrategy.VALUE else {}
    deadline = None if time_limit is None else time.monotonic() + _check_seconds("time_limit", time_limit)
    tips = generate(s, n, probs, spec=spec, rng=seed, min_strikes=x, power=power, deadline=deadline,
                    **value)
    return tips, evaluate(tips, probs)
