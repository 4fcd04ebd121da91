"""Tip sets: encoding, specs, exact evaluation, the primitive generators, vouchers and upload files.

Which tips to play (the strategies, ``generate``, ``tip_set``) is decided a layer up, in
:mod:`toto13.selection`; plans in :mod:`toto13.plan`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .evaluate import evaluate  # also a submodule's name: bound eagerly
from .._lazy import lazy_exports


_EXPORTS = {
    "SYMBOLS": ".encoding", "check_tips": ".encoding", "tips_from_index": ".encoding",
    "tips_from_strings": ".encoding", "tips_to_index": ".encoding", "tips_to_strings": ".encoding",
    "ResultCheck": ".check", "check_result": ".check",
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

if TYPE_CHECKING:  # what type checkers and editors see through the lazy exports
    from ..engine import hit_rate_spec, hit_rate_table
    from .check import ResultCheck, check_result
    from .encoding import (SYMBOLS, check_tips, tips_from_index, tips_from_strings, tips_to_index,
                           tips_to_strings)
    from .evaluate import (Evaluation, best_strikes, coverage_curve, first_cover, result_probabilities,
                           strike_pmfs, strikes)
    from .export import (check_export, export_tips, read_tips, upload_paths, voucher_layout, write_tips,
                         write_upload_files)
    from .generators import greedy_tips, possible_tips, random_tips, top_tips, weighted_tips
    from .spec import Spec, full_spec, parse_spec, spec_mask, spec_to_string
