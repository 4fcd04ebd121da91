"""Shared pieces of the commands, in one import: error handling (:mod:`._errors`), option parsing
(:mod:`._options`) and output (:mod:`._output`)."""
from __future__ import annotations

from ._errors import InputFailure, flag_names, library_errors
from ._options import (FILE, collected, enum_choice, format_option, option_fraction, option_group, option_int,
                       option_number, option_per_tier, parse_fraction, tip_output_options)
from ._output import Format, emit, money, percent, percents, render

__all__ = ["InputFailure", "library_errors", "flag_names", "Format", "format_option", "emit", "render",
           "parse_fraction", "enum_choice", "collected", "tip_output_options", "FILE", "option_group",
           "option_number", "option_int", "option_fraction", "option_per_tier", "money", "percent",
           "percents"]
