"""Shared pieces of the commands, in one import: error handling (:mod:`._errors`), declaring options
(:mod:`._options`), parsing the numbers in them (:mod:`._numbers`), output (:mod:`._output`) and its
money and percent formats (:mod:`._formats`)."""
from __future__ import annotations

from ._errors import InputFailure, flag_names, library_errors
from ._formats import money, percent, percents
from ._numbers import (option_fraction, option_int, option_number, option_per_tier, parse_fraction,
                       parse_min_coverage)
from ._options import FILE, collected, enum_choice, format_option, option_group, tip_output_options
from ._output import Format, emit, render

__all__ = ["InputFailure", "library_errors", "flag_names", "Format", "format_option", "emit", "render",
           "parse_fraction", "enum_choice", "collected", "tip_output_options", "FILE", "option_group",
           "option_number", "option_int", "option_fraction", "option_per_tier", "parse_min_coverage",
           "money", "percent", "percents"]
