"""Tip sets: encoding, specs, exact evaluation, the primitive generators, vouchers and upload files.

Which tips to play (the strategies, ``generate``, ``tip_set``) is decided a layer up, in
:mod:`toto13.selection`; plans in :mod:`toto13.plan`.
"""
from __future__ import annotations

from .evaluate import evaluate  # also a submodule's name: bound eagerly
from .._lazy import lazy_exports


_EXPORTS = {
    "SYMBOLS": ".encoding", "check_tips": ".encoding", "tips_from_index": ".encoding",
    "tips_from_strings": ".encoding", "tips_to_index": ".encoding", "tips_to_strings": ".encoding",
    "Spec": ".spec", "full_spec": ".spec", "parse_spec": ".spec", "spec_mask": ".spec",
    "spec_to_string": ".spec",
    "Evaluation": ".evaluate", "best_strikes": ".evaluate", "coverage_curve": ".evaluate",
    "first_cover": ".evaluate", "hit_rate_spec": "..engine", "hit_rate_table": "..engine",
    "result_probabilities": ".evaluate", "strike_pmfs": ".evaluate", "strikes": ".evaluate",
    "greedy_tips": ".generators",
    "possible_tips": ".generators", "random_tips": ".generators", "top_tips": ".generators",
    "weighted_tips": ".generators",
    "check_export": ".export", "export_tips": ".export", "read_tips": ".export",
    "upload_paths": ".export", "voucher_layout": ".export", "write_tips": ".export",
    "write_upload_files": ".export",
}
__all__ = ["evaluate", *_EXPORTS]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
