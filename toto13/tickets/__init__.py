"""Tip sets: encoding, exact evaluation, generators, export, planning with real probabilities."""
from __future__ import annotations

from .encoding import (SYMBOLS, check_tips, tips_from_index, tips_from_strings, tips_to_index,
                       tips_to_strings)
from .spec import Spec, full_spec, parse_spec, spec_mask, spec_to_string
from .evaluate import (Evaluation, best_strikes, coverage_curve, evaluate, first_cover, hit_rate_spec,
                       hit_rate_table, result_probabilities, strike_pmfs, strikes)
from .generators import (TipStrategy, generate, greedy_tips, possible_tips, random_tips, top_tips,
                         weighted_tips)
from .export import (check_export, export_tips, read_tips, upload_paths, voucher_layout, write_tips,
                     write_upload_files)
from .planning import ProbPlan, plan_rows, plan_with_probs, tip_set

__all__ = [
    "SYMBOLS",
    "tips_from_strings",
    "tips_to_strings",
    "check_tips",
    "tips_to_index",
    "tips_from_index",
    "Spec",
    "parse_spec",
    "full_spec",
    "spec_mask",
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
    "TipStrategy",
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
    "upload_paths",
    "check_export",
    "export_tips",
    "ProbPlan",
    "plan_with_probs",
    "plan_rows",
    "tip_set",
]
