"""Tip sets: encoding, exact evaluation, generators, export, planning with real probabilities."""
from __future__ import annotations

from .encoding import (SYMBOLS, check_tips, parse_spec, spec_to_string, tips_from_index,
                       tips_from_strings, tips_to_index, tips_to_strings)
from .evaluate import (Evaluation, best_strikes, coverage_curve, evaluate, first_cover, hit_rate_spec,
                       hit_rate_table, result_probabilities, strike_pmfs, strikes)
from .generators import (Strategy, generate, greedy_tips, possible_tips, random_tips, top_tips,
                         weighted_tips)
from .export import read_tips, voucher_layout, write_tips, write_upload_files
from .planning import ProbPlan, plan_rows, plan_with_probs

__all__ = [
    "SYMBOLS",
    "tips_from_strings",
    "tips_to_strings",
    "check_tips",
    "tips_to_index",
    "tips_from_index",
    "parse_spec",
    "spec_to_string",
    "Evaluation",
    "evaluate",
    "best_strikes",
    "strikes",
    "strike_pmfs",
    "result_probabilities",
    "hit_rate_table",
    "hit_rate_spec",
    "first_cover",
    "coverage_curve",
    "Strategy",
    "generate",
    "random_tips",
    "weighted_tips",
    "top_tips",
    "greedy_tips",
    "possible_tips",
    "write_tips",
    "read_tips",
    "voucher_layout",
    "write_upload_files",
    "ProbPlan",
    "plan_with_probs",
    "plan_rows",
]
