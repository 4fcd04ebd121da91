"""Probability files (``match,home,draw,away``) and odds files (``odds_home,odds_draw,odds_away``)."""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from ..errors import InputError
from ..estimators.margin import DEFAULT_MARGIN_METHOD, MarginMethod, remove_margin
from ..engine import hit_rate_spec, hit_rate_table
from .outputs import Outputs
from .csvfile import parse_numbers, read_table

__all__ = ["ProbabilityFile", "read_probabilities", "read_odds", "write_probabilities",
           "PROB_COLUMNS", "ODDS_COLUMNS", "ProbabilitySource", "load_probabilities", "odds_source"]

PROB_COLUMNS = ("home", "draw", "away")
ODDS_COLUMNS = ("odds_home", "odds_draw", "odds_away")


@dataclass(frozen=True)
class ProbabilityFile:
    """What a probabilities or odds file holds.

    ``values`` is (matches, 3): probabilities (rows sum to 1) or decimal odds; ``matches`` the match
    labels (the ``match`` column, else 1, 2, ...); ``table`` the whole file as read (strings).
    """

    values: NDArray[np.float64]
    matches: tuple[str, ...]
    table: pd.DataFrame = field(repr=False)


def _labels(df: pd.DataFrame) -> tuple[str, ...]:
    if "match" in df.columns:
        return tuple(df["match"].tolist())
    return tuple(str(i) for i in range(1, len(df) + 1))


def _check_count(df: pd.DataFrame, matches: int | None, path) -> None:
    if matches is not None and len(df) != matches:
        raise InputError(f"has {len(df)} match rows, expected exactly {matches}", file=path)


def read_probabilities(path: str | os.PathLike, *, matches: int | None = None,
                       atol: float = 1e-6) -> ProbabilityFile:
    """Read a probabilities file: columns ``home,draw,away`` (optional ``match``), rows sum to 1.

    Parameters
    ----------
    path : path-like
    matches : int, optional
        Required number of rows (13 for a TOTO round).
    atol : float
        Tolerance on each row's sum; rows are renormalised to sum to exactly 1.

    Raises
    ------
    InputError
        Naming the file, row and column: missing columns, a cell that is not a number in [0, 1], a row
        that does not sum to 1, the wrong number of rows.
    """
    df = read_table(path, required=PROB_COLUMNS)
    _check_count(df, matches, path)
    return ProbabilityFile(parse_probabilities(df, path, atol), _labels(df), df)


def parse_probabilities(df: pd.DataFrame, path, atol: float = 1e-6) -> NDArray[np.float64]:
    """The ``home,draw,away`` columns of a table read from ``path``: numbers in [0, 1] whose rows sum
    to 1 within ``atol``, each divided by its sum; :class:`InputError` naming the row and column."""
    p = np.column_stack([parse_numbers(df, c, expected="a probability in [0, 1]",
                                       check=lambda v: (v >= 0) & (v <= 1)) for c in PROB_COLUMNS])
    s = p.sum(axis=1)
    off = np.abs(s - 1) > atol
    if off.any():
        i = int(np.argmax(off))
        raise InputError(f"home + draw + away = {s[i]:.10g}; each row must sum to 1 (tolerance {atol:g})",
                         file=path, row=int(df.index[i]), column="home,draw,away")
    return p / s[:, None]


def read_odds(path: str | os.PathLike, *, matches: int | None = None,
              allow_missing: bool = False) -> ProbabilityFile:
    """Read an odds file: columns ``odds_home,odds_draw,odds_away``, decimal odds > 1.

    With ``allow_missing`` empty cells become NaN (the caller reports those matches).
    """
    df = read_table(path, required=ODDS_COLUMNS)
    _check_count(df, matches, path)
    cols = [parse_numbers(df, c, expected="decimal odds > 1 (a finite number)",
                          check=lambda v: np.isfinite(v) & (v > 1), allow_missing=allow_missing)
            for c in ODDS_COLUMNS]
    return ProbabilityFile(np.column_stack(cols), _labels(df), df)


def write_probabilities(path: str | os.PathLike, probs: ArrayLike, *,
                        matches: Sequence[str] | None = None,
                        extra: pd.DataFrame | None = None, force: bool = False,
                        outputs: Outputs | None = None) -> None:
    """Write a probabilities file (``match,home,draw,away`` + ``extra`` columns), all or nothing.

    With ``outputs`` the file is staged there (and moved into place with the caller's other outputs).
    """
    p = np.asarray(probs, dtype=np.float64)
    labels = list(matches) if matches is not None else [str(i) for i in range(1, len(p) + 1)]
    out = pd.DataFrame({"match": labels, "home": p[:, 0], "draw": p[:, 1], "away": p[:, 2]})
    if extra is not None:
        for c in extra.columns:
            if c not in out.columns:
                out[c] = extra[c].to_numpy()
    staged = outputs if outputs is not None else Outputs(force=force)
    with staged.open(path) as fh:
        out.to_csv(fh, index=False, float_format="%.12g", quoting=csv.QUOTE_MINIMAL)
    if outputs is None:
        staged.commit()


@dataclass(frozen=True)
class ProbabilitySource:
    """Match probabilities from one source, as :func:`load_probabilities` returns them.

    ``values`` is the (matches, 3) table; ``spec`` the outcomes the source implies for the recipe's urn
    (the reduced space of a hit rate, else None); ``description`` says where the numbers came from.
    """

    values: NDArray[np.float64]
    spec: NDArray[np.bool_] | None
    description: str


def load_probabilities(*, probs: str | os.PathLike | None = None, odds: str | os.PathLike | None = None,
                       method: MarginMethod | str | None = None, hit_rate: float | None = None,
                       matches: int = 13) -> ProbabilitySource:
    """Match probabilities from exactly one of a probabilities file, an odds file or a hit rate.

    Parameters
    ----------
    probs : path-like, optional
        A probabilities file (:func:`read_probabilities`).
    odds : path-like, optional
        An odds file (:func:`read_odds`), turned into probabilities by ``method``.
    method : MarginMethod or str, optional
        Margin removal for ``odds`` (default multiplicative); only with ``odds``.
    hit_rate : float, optional
        The recipe's uniform hit rate ``p`` in [1/3, 1] (:func:`toto13.engine.hit_rate_table`).
    matches : int
        Number of matches (rows) required.

    Raises
    ------
    ValueError
        Naming ``probs``, ``odds``, ``method`` or ``hit_rate`` when not exactly one source is given or
        the hit rate is out of range; :class:`toto13.errors.InputError` naming the file, row and column
        for bad content (an odds row that margin removal cannot turn into probabilities included).

    Examples
    --------
    >>> src = load_probabilities(hit_rate=0.5, matches=2)
    >>> src.values[0].tolist(), src.spec[0].tolist(), src.description
    ([0.5, 0.5, 0.0], [True, True, False], 'uniform hit rate 0.5')
    """
    given = [n for n, v in (("probs", probs), ("odds", odds), ("hit_rate", hit_rate)) if v is not None]
    if len(given) != 1:
        raise ValueError("give exactly one of probs, odds (with method) or hit_rate"
                         + (f"; got {', '.join(given)}" if given else ""))
    if method is not None and odds is None:
        raise ValueError("method applies only to odds")
    if probs is not None:
        return ProbabilitySource(read_probabilities(probs, matches=matches).values, None,
                                 f"probabilities {probs}")
    if odds is not None:
        pf = read_odds(odds, matches=matches)
        return odds_source(pf.values, method, file=odds, rows=pf.table.index,
                           columns=",".join(ODDS_COLUMNS))
    assert hit_rate is not None  # exactly one of the three was given
    return ProbabilitySource(hit_rate_table(hit_rate, matches), hit_rate_spec(hit_rate, matches),
                             f"uniform hit rate {hit_rate:g}")


def odds_source(odds: ArrayLike, method: MarginMethod | str | None, *, file: str | os.PathLike,
                rows: Sequence[int] | pd.Index, columns: str) -> ProbabilitySource:
    """Probabilities from the decimal odds read from ``file`` (``rows``: the line of each match), by
    ``method`` (default multiplicative); an odds row that margin removal cannot turn into
    probabilities is an :class:`toto13.errors.InputError` naming its line and ``columns``."""
    m = MarginMethod(method or DEFAULT_MARGIN_METHOD).value
    try:
        res = remove_margin(np.asarray(odds, dtype=np.float64), m)
    except ValueError as exc:
        row = getattr(exc, "row", None)
        if row is None:
            raise
        raise InputError(str(exc), file=file, row=int(rows[row]), column=columns) from None
    return ProbabilitySource(res.probs, None, f"odds {file} ({m} margin removal)")
