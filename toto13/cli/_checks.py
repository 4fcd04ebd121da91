"""Options that must agree with each other: each strategy's own options, the search's time bound and
its report, and the options that only shape a value or spread some output shows."""
from __future__ import annotations

from typing import Any

__all__ = ["SEARCH_TIME", "MAX_TOP", "check_strategy_options", "stopped", "check_rounds",
           "check_rounds_priced"]

#: Seconds a ``greedy`` or ``value`` search of ``tickets`` may take unless ``--time`` says otherwise.
SEARCH_TIME = 300.0

#: Each strategy's own options: given with another strategy they would do nothing, so they are refused.
_OWN = {"--power": "weighted", "--min-strikes": "greedy", "--min-coverage": "value"}


def check_strategy_options(strategy: str, given: dict, time_limit: str | None) -> float | None:
    """Refuse options that do nothing for ``strategy`` (``given``: flag -> value, None when not given);
    return the search's time bound in seconds (None for the strategies that do not search)."""
    for flag, owner in _OWN.items():
        if given.get(flag) is not None and strategy != owner:
            raise ValueError(f"{flag} applies only to --strategy {owner}, not {strategy}")
    if given.get("--spec") is not None and strategy == "value":
        raise ValueError("--spec does not apply to --strategy value (it ranks all 3^13 tips)")
    searches = strategy in ("greedy", "value")
    if time_limit is not None and not searches:
        raise ValueError(f"--time applies only to --strategy greedy and value, not {strategy}")
    if not searches:
        return None
    if time_limit is None:
        return SEARCH_TIME
    try:
        seconds = float(time_limit)
    except ValueError:
        seconds = float("nan")
    if not seconds > 0:
        raise ValueError(f"--time ({time_limit!r}) must be a number of seconds > 0 (inf: no bound)")
    return seconds


def stopped(stop, strategy: str, seconds: float) -> ValueError:
    """The one line for a search that ran out of ``--time``: how far it got; nothing was written."""
    return ValueError(f"--time ({seconds:g} s) ran out: {stop.done:,} of {stop.wanted:,} {strategy} "
                      f"tips found{stop.note}; nothing written (give a larger --time or a smaller "
                      "--count)")


#: Most tips ``value --top`` lists: a ranking to read or to load, not every tip (each row takes about
#: a kilobyte in memory until it is printed).
MAX_TOP = 100_000


def check_rounds(rounds: str | None, top: int, fmt: str) -> None:
    """``value --rounds`` sets the spread of the listed tips: refused where no spread is shown."""
    if rounds is not None and (top == 0 or fmt == "csv"):
        raise ValueError(f"--rounds applies only to the spread of the listed tips, shown with --top "
                         f">= 1 in table or json format (not with --top {top} --format {fmt})")


def check_rounds_priced(rounds: int | None, setup: Any, fmt: str) -> None:
    """``tickets`` and ``evaluate``: ``--rounds`` sets the spread of the value in the pool, refused
    where that value is not shown (no turnover known, or CSV output)."""
    if rounds is None:
        return
    if fmt == "csv":
        raise ValueError("--rounds applies only to the value in the pool, which --format csv does not show")
    if setup is None:
        raise ValueError("--rounds applies only to the value in the pool: give --turnover T (these rules "
                         "give no typical turnover)")
