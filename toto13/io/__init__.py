"""Reading and writing files: probabilities, odds, tips, rounds; all-or-nothing outputs.

Every reader raises :class:`toto13.errors.InputError` naming the file, row and column on bad input.
"""
from .atomic import atomic_directory, atomic_write, check_writable
from .crowd import read_crowd
from .outputs import Outputs, check_output
from .csvfile import parse_numbers, read_table
from .dates import parse_dates
from .footballdata import read_engsoccer, read_football_data, read_match_file
from .probs import (ProbabilityFile, ProbabilitySource, load_probabilities, read_odds, read_probabilities,
                    write_probabilities)

__all__ = [
    "atomic_write",
    "atomic_directory",
    "check_writable",
    "Outputs",
    "check_output",
    "read_table",
    "parse_numbers",
    "parse_dates",
    "ProbabilityFile",
    "read_probabilities",
    "read_odds",
    "ProbabilitySource",
    "load_probabilities",
    "write_probabilities",
    "read_crowd",
    "read_football_data",
    "read_engsoccer",
    "read_match_file",
]
