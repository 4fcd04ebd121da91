"""Reduced systems with guaranteed strikes (the football pool problem), verified exhaustively.

- :mod:`.spec`: specs such as ``1 10 102 2 ...`` (bankers, two-ways, three-ways), full expansion.
- :mod:`.codes`: perfect Hamming and Golay codes, direct and amalgamated direct sums, coset codes.
- :mod:`.known`: best known sizes of coverings, with their sources.
- :mod:`.covering`: greedy coverings; :mod:`.tabu`: tabu search (numba kernel); :mod:`.linear`: the
  matrix method and two-coset codes over GF(q); :mod:`.symmetric`: codes invariant under a group, unions
  of orbits by integer programming. Space tables, ball sizes and sums live in
  :mod:`toto13.hamming`.
- :mod:`.verify`: exhaustive check and best-strike distribution over all results inside a spec.
- :mod:`.build`: :func:`build_system`, the reduced system for a guarantee.
- :mod:`.reduce`: :func:`reduce_system`, n tips maximising P(best >= x) for given probabilities.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .verify import verify  # also a submodule's name: bound eagerly
from .._lazy import lazy_exports


_EXPORTS = {
    "System": ".build", "build_system": ".build", "full_system": ".build", "shipped_blocks": ".build",
    "design_system": ".design",
    "best_direct_sum": ".codes", "binary_hamming": ".codes", "direct_sum": ".codes",
    "amalgamated_direct_sum": ".codes", "coset_code": ".codes",
    "best_known": ".known", "KnownBound": ".known",
    "ternary_golay": ".codes", "ternary_hamming": ".codes",
    "Reduction": ".reduce", "coverage_probability": ".reduce", "reduce_system": ".reduce",
    "ball_size": "..hamming", "sphere_bound": "..hamming",
    "greedy_covering": ".covering", "patch_covering": ".covering",
    "matrix_method": ".linear", "two_coset_code": ".linear",
    "tabu_covering": ".tabu",
    "symmetric_covering": ".symmetric", "orbit_labels": ".symmetric", "cyclic_group": ".symmetric",
    "OrbitCover": ".symmetric", "matrix_search": ".symmetric", "recipe_covering": ".symmetric",
    "Spec": "..tickets.spec", "full_spec": "..tickets.spec", "parse_spec": "..tickets.spec",
    "Verification": ".verify", "best_strikes_in_spec": ".verify", "covering_radius": ".verify",
}
__all__ = ["verify", *_EXPORTS]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:  # what type checkers and editors see through the lazy exports
    from ..hamming import ball_size, sphere_bound
    from ..tickets.spec import Spec, full_spec, parse_spec
    from .build import System, build_system, full_system, shipped_blocks
    from .codes import (amalgamated_direct_sum, best_direct_sum, binary_hamming, coset_code, direct_sum,
                        ternary_golay, ternary_hamming)
    from .known import KnownBound, best_known
    from .covering import greedy_covering, patch_covering
    from .design import design_system
    from .linear import matrix_method, two_coset_code
    from .reduce import Reduction, coverage_probability, reduce_system
    from .symmetric import (OrbitCover, cyclic_group, matrix_search, orbit_labels, recipe_covering,
                            symmetric_covering)
    from .tabu import tabu_covering
    from .verify import Verification, best_strikes_in_spec, covering_radius
