"""Reading and writing files: probabilities, odds, tips, rounds; all-or-nothing outputs.

Every reader raises :class:`toto13.errors.InputError` naming the file, row and column on bad input.
"""

from .._lazy import lazy_exports


_EXPORTS = {
    "Outputs": ".outputs", "check_output": ".outputs",
    "parse_numbers": ".csvfile", "read_table": ".csvfile",
    "parse_dates": ".dates", "read_crowd": ".crowd",
    "read_engsoccer": ".footballdata", "read_football_data": ".footballdata",
    "read_match_file": ".footballdata",
    "ProbabilityFile": ".probs", "ProbabilitySource": ".probs", "load_probabilities": ".probs",
    "read_odds": ".probs", "read_probabilities": ".probs", "write_probabilities": ".probs",
}
__all__ = [*_EXPORTS]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
