"""``--coupon FILE``: one round's coupon (docs/formats.md) in place of ``--probs``/``--odds`` and
``--crowd``. Explicit options win over the coupon's columns; where both are given and differ, one
warning line on stderr says which was used."""
from __future__ import annotations

from typing import Any

import click
import numpy as np

from ._common import FILE

__all__ = ["coupon_option", "read_coupon_option", "coupon_probabilities", "coupon_crowd", "warn"]

coupon_option = click.option(
    "--coupon", "coupon_file", type=FILE, default=None,
    help="Coupon CSV (match,home_team,away_team; optional odds_home,odds_draw,odds_away, "
         "crowd_home,crowd_draw,crowd_away, home,draw,away, result): the round's probabilities "
         "(home,draw,away, else the odds) and crowd shares. --probs, --odds, --hit-rate and --crowd "
         "win over its columns.")


def warn(message: str) -> None:
    click.echo(f"Warning: {message}", err=True)


def read_coupon_option(coupon_file: str | None, matches: int) -> Any:
    """The coupon of ``--coupon`` (None without one)."""
    if coupon_file is None:
        return None
    from ..io.coupon import read_coupon

    return read_coupon(coupon_file, matches=matches)


def _coupon_probs(coupon: Any, method: Any) -> Any:
    return None if coupon.probs is None and coupon.odds is None else coupon.probabilities(method)


def coupon_probabilities(coupon: Any, explicit: Any, option: str, method: Any = None) -> Any:
    """The match probabilities: ``explicit`` (a :class:`toto13.io.probs.ProbabilitySource` from
    ``option``, or None) where given, else the coupon's. Warns when both are given and differ."""
    if coupon is None:
        return explicit
    if explicit is None:
        if coupon.probs is None and coupon.odds is None:
            raise ValueError(f"--coupon {coupon.path} has neither the columns home,draw,away nor "
                             "odds_home,odds_draw,odds_away: give --probs, --odds or --hit-rate")
        return coupon.probabilities(method)
    own = _coupon_probs(coupon, method if coupon.odds is not None and option == "--odds" else None)
    if own is not None and not np.allclose(own.values, explicit.values, rtol=0, atol=1e-9):
        warn(f"{option} differs from the coupon {coupon.path}'s probabilities; using {option}")
    return explicit


def coupon_crowd(coupon: Any, crowd_file: str | None, matches: int) -> tuple[Any, str | None]:
    """The crowd's shares and where they come from: ``--crowd`` where given (warning when the
    coupon's differ), else the coupon's (None where it has none)."""
    if coupon is None or coupon.crowd is None:
        return None, None
    if crowd_file is not None:
        from ..io.crowd import read_crowd

        if not np.allclose(read_crowd(crowd_file, matches=matches).values, coupon.crowd, rtol=0, atol=1e-9):
            warn(f"--crowd {crowd_file} differs from the coupon {coupon.path}'s crowd shares; using --crowd")
        return None, None
    return coupon.crowd, f"coupon {coupon.path}"


def probs_or_coupon(probs_file: str | None, coupon_file: str | None, matches: int) -> tuple[Any, Any]:
    """``--probs`` (a probabilities file) or else the ``--coupon``'s probabilities, as the
    (matches, 3) table and its label; (None, None) without either."""
    if probs_file is None and coupon_file is None:
        return None, None
    from ..io.probs import load_probabilities

    explicit = None if probs_file is None else load_probabilities(probs=probs_file, matches=matches)
    src = coupon_probabilities(read_coupon_option(coupon_file, matches), explicit, "--probs")
    return src.values, probs_file or coupon_file
