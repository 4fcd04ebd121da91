"""Backtest strategy settings: the JSON config schema and how it merges with explicit options.

A config file holds one JSON object with any of :data:`CONFIG_KEYS`; explicit options (given as text,
None = not given) win over it. :func:`strategy_from_mapping` builds the strategy.
"""
from __future__ import annotations

import json
import os
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping

import numpy as np

from ..estimators.margin import DEFAULT_MARGIN_METHOD
from ..io.csvfile import MAX_FILE_BYTES
from ..io.files import read_capped
from ..io.tips import read_tips
from ..selection.strategy import BacktestStrategy, StrategyKind

__all__ = ["CONFIG_KEYS", "read_backtest_config", "merge_settings", "strategy_from_mapping"]

CONFIG_KEYS = ("strategy", "hit_rate", "min_strikes", "safety", "count", "margin_method", "tips")


def read_backtest_config(path: str | os.PathLike) -> dict[str, Any]:
    """Read a JSON config of strategy settings.

    Raises
    ------
    ValueError
        No such file, not UTF-8, not valid JSON (naming the row), not one object, or an unknown key.
    """
    p = Path(path)
    try:
        # numbers kept as their text: a 5000-digit count is refused by merge_settings naming its key
        data = json.loads(read_capped(p, MAX_FILE_BYTES).decode("utf-8"), parse_int=str,
                          parse_float=str)
    except FileNotFoundError:
        raise ValueError(f"{p}: no such file") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{p}: row {exc.lineno}: not valid JSON ({exc.msg})") from None
    except UnicodeDecodeError:
        raise ValueError(f"{p}: not a UTF-8 text file; expected a JSON object") from None
    except RecursionError:
        raise ValueError(f"{p}: nested too deeply; expected a flat JSON object") from None
    if not isinstance(data, dict):
        raise ValueError(f"{p}: must hold a JSON object such as {{\"strategy\": \"recipe\", ...}}")
    unknown = sorted(set(data) - set(CONFIG_KEYS))
    if unknown:
        raise ValueError(f"{p}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(CONFIG_KEYS)}")
    for key, value in data.items():
        if isinstance(value, (dict, list)):
            raise ValueError(f"{p}: key {key!r} must be a single value, not a JSON {type(value).__name__}")
        if isinstance(value, str) and len(value) > (4096 if key == "tips" else 40):
            raise ValueError(f"{p}: key {key!r}: a value of {len(value):,} characters; expected a "
                             "number or a short name")
    return data


def _fraction(name: str, text: str) -> float:
    try:
        return float(Fraction(text.strip()))
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"{name} ({text!r}) must be a number such as 0.5 or a fraction such as 1/3") \
            from None


def _whole(name: str, text: str, lo: int) -> int:
    try:
        v = int(text.strip())
    except ValueError:
        raise ValueError(f"{name} ({text!r}) must be a whole number") from None
    if v < lo:
        raise ValueError(f"{name} ({text!r}) must be at least {lo}")
    return v


def merge_settings(options: Mapping[str, Any], config: Mapping[str, Any] | None = None, *,
                   names: Mapping[str, str] | None = None, source: str | None = None) -> dict[str, Any]:
    """Merge explicit ``options`` over ``config`` and parse the values into strategy keywords.

    ``names`` gives the name an error uses for an option (e.g. ``{"hit_rate": "--hit-rate"}``); a value
    from the config is named ``<source>: <key>``. Returns ``strategy, hit_rate, min_strikes, safety,
    count, margin_method`` and ``tips`` (the path, unread).
    """
    config = dict(config or {})
    unknown = sorted(set(options) - set(CONFIG_KEYS))
    if unknown:
        raise ValueError(f"options: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(CONFIG_KEYS)}")
    out: dict[str, Any] = {}
    for key in CONFIG_KEYS:
        if options.get(key) is not None:
            value, name = options[key], (names or {}).get(key, key)
        elif config.get(key) is not None:
            value, name = config[key], f"{source}: {key}" if source else key
        else:
            out[key] = None
            continue
        text = str(value)
        if key in ("hit_rate", "safety"):
            out[key] = _fraction(name, text)
        elif key == "min_strikes":
            out[key] = _whole(name, text, 0)
        elif key == "count":
            out[key] = _whole(name, text, 1)
        else:
            out[key] = text
    return out


def strategy_from_mapping(options: Mapping[str, Any], config: Mapping[str, Any] | None = None, *,
                          names: Mapping[str, str] | None = None, source: str | None = None,
                          matches: int = 13, **kwargs: Any) -> BacktestStrategy:
    """A strategy from settings given as text: explicit ``options`` win over ``config``.

    Keys are :data:`CONFIG_KEYS`; ``tips`` is a tip file's path (read here, for ``fixed``). ``names``
    maps keys to the names errors use; values from ``config`` are named ``<source>: <key>``. Other
    ``kwargs`` go to :class:`toto13.selection.BacktestStrategy` (``pool``, ``promise``, ...).

    Examples
    --------
    >>> s = strategy_from_mapping({"hit_rate": "1/2", "safety": None},
    ...                           {"strategy": "recipe", "min_strikes": 10, "safety": 0.99})
    >>> s.describe()
    'recipe hit_rate=0.5 min_strikes=10 safety=0.99'
    """
    kw = merge_settings(options, config, names=names, source=source)
    kinds = ", ".join(k.value for k in StrategyKind)
    if kw["strategy"] is None:
        raise ValueError(f"give {(names or {}).get('strategy', 'strategy')} ({kinds}) or a config "
                         "with one")
    kind = kw.pop("strategy")
    if kind not in {k.value for k in StrategyKind}:
        where = (names or {}).get("strategy", "strategy") if options.get("strategy") is not None \
            else (f"{source}: strategy" if source else "strategy")
        raise ValueError(f"{where} ({kind!r}) must be one of {kinds}")
    tips = kw.pop("tips")
    if tips is not None and StrategyKind(kind) is StrategyKind.FIXED:
        kw["tips"] = np.asarray(read_tips(tips, matches=matches), dtype=np.int8)
    kw["margin_method"] = kw["margin_method"] or DEFAULT_MARGIN_METHOD.value
    return BacktestStrategy(kind, **kw, **kwargs)
