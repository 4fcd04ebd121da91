"""Coverings invariant under a group (unions of orbits by integer programming), checked by brute force."""
from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from toto13.systems.codes import ternary_golay
from toto13.systems.known import best_known
from toto13.systems.symmetric import (RECIPES, cyclic_group, golay_even_basis, matrix_search, orbit_labels,
                                      recipe_covering, symmetric_covering)
from toto13.systems.verify import covering_radius

DATA = Path(__file__).resolve().parents[1] / "toto13" / "data" / "systems"


def _brute_orbits(q, n, perms, translations, scalars):
    """Orbits by closing each word under the generators, one word at a time (no graph library)."""
    words = list(itertools.product(range(q), repeat=n))
    seen, sizes = {}, []
    for w in words:
        if w in seen:
            continue
        orbit, todo = {w}, [w]
        while todo:
            x = todo.pop()
            images = [tuple(x[p.index(i)] for i in range(n)) for p in perms]
            images += [tuple((a + b) % q for a, b in zip(x, t)) for t in translations]
            images += [tuple((a * s) % q for a in x) for s in scalars]
            for y in images:
                if y not in orbit:
                    orbit.add(y)
                    todo.append(y)
        for y in orbit:
            seen[y] = len(sizes)
        sizes.append(len(orbit))
    return [seen[w] for w in words], sizes


@pytest.mark.parametrize("q, n, mult, trans, scal", [
    (2, 5, 2, [[1] * 5], []), (2, 6, 5, [], []), (3, 4, 3, [[1] * 4], [2]), (3, 5, None, [], [2]),
    (2, 7, 2, [[1, 1, 0, 1, 0, 0, 0]], []),
])
def test_orbits_match_brute_force(q, n, mult, trans, scal):
    perms = cyclic_group(n, mult)
    labels, sizes = orbit_labels(q, n, permutations=perms, translations=trans, scalars=scal)
    brute_labels, brute_sizes = _brute_orbits(q, n, perms, trans, scal)
    # same partition of the space, orbits numbered by their smallest point in both
    assert labels.tolist() == brute_labels and sizes.tolist() == brute_sizes


def test_no_generators_leave_every_point_alone():
    labels, sizes = orbit_labels(2, 4)
    assert labels.tolist() == list(range(16)) and set(sizes.tolist()) == {1}


def test_hamming_code_is_found_and_is_optimal_among_symmetric_codes():
    c = symmetric_covering(2, 7, 1, permutations=cyclic_group(7, 2), translations=[[1] * 7])
    assert len(c.words) == 16 and c.optimal and covering_radius(c.words, (2,) * 7) == 1


def test_small_spaces_against_exhaustive_set_cover():
    # K(5,1) = 7 (exact value); the best union of orbits of the cyclic shift alone is checked against every
    # union of orbits by brute force
    labels, sizes = orbit_labels(2, 5, permutations=cyclic_group(5))
    words = np.array(list(itertools.product(range(2), repeat=5)), dtype=np.int8)
    best = None
    for mask in range(1, 1 << len(sizes)):
        chosen = [o for o in range(len(sizes)) if mask >> o & 1]
        code = words[np.isin(labels, chosen)]
        if covering_radius(code, (2,) * 5) <= 1 and (best is None or len(code) < best):
            best = len(code)
    c = symmetric_covering(2, 5, 1, permutations=cyclic_group(5))
    assert len(c.words) == best and c.optimal and best >= 7


def test_thirteen_two_ways_radius_one_in_704_words():
    # the best known size of K(13,1) (Kéri's tables), proved over all 8,192 words
    c = symmetric_covering(2, 13, 1, permutations=cyclic_group(13, 3), translations=[[1] * 13],
                           time_limit=60)
    assert len(c.words) == 704 and c.orbits == 16 and c.optimal
    assert covering_radius(c.words, (2,) * 13) == 1
    assert len(np.unique(c.words, axis=0)) == 704


def test_golay_even_subcode_basis():
    golay = {tuple(w) for w in ternary_golay().tolist()}
    basis = np.array(golay_even_basis())
    assert all(tuple(v) in golay and v.sum() % 3 == 0 for v in basis)
    # five independent words: their 3^5 combinations are distinct
    combos = {tuple((np.array(c) @ basis) % 3) for c in itertools.product(range(3), repeat=5)}
    assert len(combos) == 243


def test_thirteen_three_ways_radius_three_in_1215_words():
    # the best known size of K3(13,3) (Kéri's tables), proved over all 1,594,323 words
    c = recipe_covering("ternary-13-3")
    assert len(c.words) == 1215 and c.orbits == 5 and c.optimal
    assert covering_radius(c.words, (3,) * 13) == 3
    # the code is closed under its group: translations by the Golay subcode, the shift of the 11 coordinates
    words = {tuple(w) for w in c.words.tolist()}
    for v in RECIPES["ternary-13-3"].translations:
        assert {tuple((np.array(w) + v) % 3) for w in words} == words
    perm = RECIPES["ternary-13-3"].permutations[0]
    assert {tuple(w[perm.index(i)] for i in range(13)) for w in words} == words


# what each recipe gives, beside the best known size (Kéri's tables, OEIS A004044)
RECIPE_SIZES = {"binary-13-1": (704, 704), "ternary-13-3": (1215, 1215), "ternary-8-1": (486, 486),
                "ternary-7-1": (189, 186)}


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_every_recipe_gives_its_size_proved_optimal_in_its_group(name):
    r = RECIPES[name]
    c = recipe_covering(name)
    size, known = RECIPE_SIZES[name]
    assert best_known(r.length if r.q == 2 else 0, r.length if r.q == 3 else 0, r.radius).size == known
    assert len(c.words) == size and c.optimal
    assert covering_radius(c.words, (r.q,) * r.length) == r.radius


def test_matrix_search_finds_a_perfect_code_and_gives_up_in_time():
    h, cover = matrix_search(3, 4, 1, redundancy=2, target=1, rng=1)   # a ternary Hamming [4,2] code
    assert len(cover.words) == 9 and covering_radius(cover.words, (3,) * 4) == 1
    assert len(np.unique((cover.words.astype(int) @ h.T) % 3, axis=0)) == 1   # one coset of ker H
    assert matrix_search(2, 6, 1, redundancy=3, target=1, rng=1, time_limit=0.5) is None   # K(6,1) = 12 > 8


def test_the_ternary_8_4_code_checks():
    from toto13.systems.codes import nullspace_mod_p
    from toto13.systems.symmetric import _H_8_4
    kernel = np.array(RECIPES["ternary-8-1"].translations)
    assert kernel.shape == (4, 8) and not ((kernel @ np.array(_H_8_4).T) % 3).any()
    assert len(nullspace_mod_p(np.array(_H_8_4), 3)) == 4   # H has full rank: 81 cosets


@pytest.mark.parametrize("name", sorted(RECIPES))
def test_shipped_files_are_what_the_recipes_give(name):
    shipped = DATA.joinpath(f"{name}.csv").read_text(encoding="utf-8").split()[1:]
    made = recipe_covering(name).words
    assert sorted(shipped) == sorted("".join(map(str, w)) for w in made.tolist())


@pytest.mark.parametrize("call, match", [
    (lambda: recipe_covering("ternary-9-9"), "name must be one of"),
    (lambda: matrix_search(3, 8, 1, redundancy=0, target=6), "redundancy"),
    (lambda: matrix_search(3, 8, 1, redundancy=4, target=0), "target"),
    (lambda: cyclic_group(13, 13), "multiplier must be a unit modulo length 13, got 13"),
    (lambda: orbit_labels(2, 3, permutations=[[0, 0, 1]]), r"permutations must rearrange 0..2, got \[0, 0, 1\]"),
    (lambda: orbit_labels(2, 3, translations=[[1, 1]]), r"translations must be words of length 3, got \[1, 1\]"),
    (lambda: orbit_labels(3, 3, scalars=[3]), "scalars must be units modulo q = 3, got 3"),
    (lambda: symmetric_covering(4, 3, 1), "q must be 2 or 3, got 4"),
    (lambda: symmetric_covering(2, 14, 1), "length"),
    (lambda: symmetric_covering(2, 5, 6), "radius"),
    (lambda: symmetric_covering(2, 5, 1, time_limit=-1), "time_limit"),
])
def test_bad_input_names_the_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()
