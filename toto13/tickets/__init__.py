"""Tip sets: encoding, exact evaluation, generators, export, planning with real probabilities."""
from __future__ import annotations

from .evaluate import evaluate  # also a submodule's name: bound eagerly
from .._lazy import lazy_exports

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
    "upload_paths",
    "check_export",
    "export_tips",
    "ProbPlan",
    "plan_with_probs",
    "plan_rows",
]

_EXPORTS = {
    "SYMBOLS": ".encoding", "check_tips": ".encoding", "tips_from_index": ".encoding",
    "tips_from_strings": ".encoding", "tips_to_index": ".encoding", "tips_to_strings": ".encoding",
    "Spec": ".spec", "full_spec": ".spec", "parse_spec": ".spec", "spec_mask": ".spec",
    "spec_to_string": ".spec",
    "Evaluation": ".evaluate", "best_strikes": ".evaluate", "coverage_curve": ".evaluate",
    "first_cover": ".evaluate", "hit_rate_spec": ".evaluate", "hit_rate_table": ".evaluate",
    "result_probabilities": ".evaluate", "strike_pmfs": ".evaluate", "strikes": ".evaluate",
    "Strategy": ".generators", "generate": ".generators", "greedy_tips": ".generators",
    "possible_tips": ".generators", "random_tips": ".generators", "top_tips": ".generators",
    "weighted_tips": ".generators",
    "check_export": ".export", "export_tips": ".export", "read_tips": ".export",
    "upload_paths": ".export", "voucher_layout": ".export", "write_tips": ".export",
    "write_upload_files": ".export",
    "ProbPlan": ".planning", "plan_rows": ".planning", "plan_with_probs": ".planning",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
