"""Reading and writing files: probabilities, odds, tips, rounds; atomic writes.

Every reader raises :class:`toto13.errors.InputError` naming the file, row and column on bad input.
"""

from .._lazy import lazy_exports

__all__ = [
    "atomic_write",
    "atomic_directory",
    "check_writable",
    "read_table",
    "parse_numbers",
    "ProbabilityFile",
    "read_probabilities",
    "read_odds",
    "write_probabilities",
    "read_football_data",
    "read_engsoccer",
    "read_match_file",
]

_EXPORTS = {
    "atomic_directory": ".atomic", "atomic_write": ".atomic", "check_writable": ".atomic",
    "parse_numbers": ".csvfile", "read_table": ".csvfile",
    "read_engsoccer": ".footballdata", "read_football_data": ".footballdata",
    "read_match_file": ".footballdata",
    "ProbabilityFile": ".probs", "read_odds": ".probs", "read_probabilities": ".probs",
    "write_probabilities": ".probs",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
