"""Reduced systems with guaranteed strikes (the football pool problem), verified exhaustively.

- :mod:`.spec`: specs such as ``1 10 102 2 ...`` (bankers, two-ways, three-ways), full expansion.
- :mod:`.codes`: perfect Hamming and Golay codes, direct sums.
- :mod:`.covering`: greedy coverings; :mod:`.tabu`: tabu search (numba kernel); :mod:`.linear`: the
  matrix method and two-coset codes over GF(q). Space tables, ball sizes and sums live in
  :mod:`toto13.hamming`.
- :mod:`.verify`: exhaustive check and best-strike distribution over all results inside a spec.
- :mod:`.build`: :func:`build_system`, the reduced system for a guarantee.
- :mod:`.reduce`: :func:`reduce_system`, n tips maximising P(best >= x) for given probabilities.
"""
from __future__ import annotations

from .build import System, build_system, full_system, shipped_blocks
from .design import design_system
from .codes import (best_direct_sum, binary_hamming, direct_sum, ternary_golay, ternary_hamming)
from .reduce import Reduction, coverage_probability, reduce_system
from ..hamming import ball_size, sphere_bound
from .covering import greedy_covering, patch_covering
from .linear import matrix_method, two_coset_code
from .tabu import tabu_covering
from ..tickets.spec import Spec, full_spec, parse_spec
from .verify import Verification, best_strikes_in_spec, covering_radius, verify

__all__ = [
    "Spec",
    "parse_spec",
    "full_spec",
    "System",
    "build_system",
    "full_system",
    "shipped_blocks",
    "Reduction",
    "reduce_system",
    "design_system",
    "coverage_probability",
    "Verification",
    "verify",
    "best_strikes_in_spec",
    "covering_radius",
    "ternary_hamming",
    "binary_hamming",
    "ternary_golay",
    "direct_sum",
    "best_direct_sum",
    "greedy_covering",
    "tabu_covering",
    "patch_covering",
    "matrix_method",
    "two_coset_code",
    "ball_size",
    "sphere_bound",
]
