"""The system a user asks for: a guarantee (a covering code) or a budget (the probability-aware
reduction), decided in one place for ``toto13 system``."""
from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..errors import check_int, check_nonnegative
from ..rules import TOTO13, Rules
from ..tickets.spec import Spec, parse_spec
from .build import build_system
from .reduce import coverage_probability, reduce_system

__all__ = ["design_system"]


def design_system(spec: Spec | str, *, guarantee: Any = None, probs: ArrayLike | None = None,
                  count: Any = None, min_strikes: Any = None, time_limit: Any = 5.0, seed: Any = 0,
                  rules: Rules = TOTO13) -> tuple[NDArray[np.int8], dict[str, Any]]:
    """Tips for a spec: the fewest guaranteeing ``guarantee`` strikes, or ``count`` tips maximising
    the coverage ``P(best >= min_strikes)`` for ``probs``; every result inside the spec verified.

    Parameters
    ----------
    spec : Spec or str
    guarantee : int, optional
        Strikes guaranteed for every result inside the spec (:func:`build_system`). With ``count``
        too, the report says whether the ``count`` tips meet it.
    probs : array_like (matches, 3), optional
        Match probabilities: needed with ``count``; without, the coverage of the built system.
    count : int, optional
        Number of tips for :func:`reduce_system` (at most the spec's full system).
    min_strikes : int, optional
        ``x`` of the coverage (default the lowest prize tier of ``rules``).
    time_limit : float
        Seconds of local search.
    seed : int
        Seed of the search (>= 0).
    rules : Rules
        Number of matches and prize tiers.

    Returns
    -------
    tips : ndarray of int8
    info : dict
        :meth:`System.to_dict` or :meth:`Reduction.to_dict`, plus ``requested_guarantee`` and
        ``guarantee_met`` (``count`` with a guarantee) or ``min_strikes`` and ``probability`` (system
        with probabilities).

    Raises
    ------
    ValueError
        Naming ``guarantee``, ``count``, ``probs``, ``min_strikes``, ``time_limit``, ``seed`` or
        ``spec``.

    Examples
    --------
    >>> tips, info = design_system("1 1 1 1 1 1 1 1 1 1 102 102 102", guarantee=12, time_limit=0)
    >>> len(tips), info["guarantee"]
    (5, 12)
    """
    m = rules.matches
    seed = check_int("seed", seed, 0)
    t = check_nonnegative("time_limit", time_limit)
    spec = parse_spec(spec, matches=m)
    g = None if guarantee is None else check_int("guarantee", guarantee, 0, m)
    n = None if count is None else check_int("count", count, 1)
    x = min(rules.tiers) if min_strikes is None else check_int("min_strikes", min_strikes, 0, m)
    if n is not None:
        if probs is None:
            raise ValueError("count needs probs")
        if n > spec.size:
            raise ValueError(f"count ({n:,}) exceeds the {spec.size:,} tips inside the spec")
        red = reduce_system(spec, probs, n, x, matches=m, time_limit=t, rng=seed)
        info = red.to_dict()
        if g is not None:
            info["requested_guarantee"] = g
            info["guarantee_met"] = red.verification.minimum >= g
        return red.tips, info
    if g is None:
        raise ValueError("give guarantee, or probs with count")
    system = build_system(spec, g, matches=m, time_limit=t, rng=seed)
    info = system.to_dict()
    if probs is not None:
        info["min_strikes"] = x
        info["probability"] = coverage_probability(system.tips, probs, x)
    return system.tips, info
