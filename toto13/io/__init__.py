"""Reading and writing files: probabilities, odds, tips, rounds; all-or-nothing outputs.

Every reader raises :class:`toto13.errors.InputError` naming the file, row and column on bad input.
"""
from __future__ import annotations

from typing import TYPE_CHECKING


from .._lazy import lazy_exports


_EXPORTS = {
    "Outputs": ".outputs", "check_output": ".outputs",
    "parse_numbers": ".csvfile", "read_table": ".csvfile",
    "parse_dates": ".dates", "read_crowd": ".crowd",
    "Coupon": ".coupon", "read_coupon": ".coupon", "write_coupon": ".coupon",
    "read_engsoccer": ".footballdata", "read_football_data": ".footballdata",
    "read_match_file": ".footballdata",
    "ProbabilityFile": ".probs", "ProbabilitySource": ".probs", "load_probabilities": ".probs",
    "read_odds": ".probs", "read_probabilities": ".probs", "write_probabilities": ".probs",
}
__all__ = [*_EXPORTS]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:  # what type checkers and editors see through the lazy exports
    from .coupon import Coupon, read_coupon, write_coupon
    from .crowd import read_crowd
    from .csvfile import parse_numbers, read_table
    from .dates import parse_dates
    from .footballdata import read_engsoccer, read_football_data, read_match_file
    from .outputs import Outputs, check_output
    from .probs import (ProbabilityFile, ProbabilitySource, load_probabilities, read_odds,
                        read_probabilities, write_probabilities)
