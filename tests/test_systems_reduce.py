"""Probability-aware reduction: optimality where brute force can tell, exact probabilities, errors."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, strategies as st

from toto13.systems import coverage_probability, parse_spec, reduce_system


def brute_probability(tips, probs, x):
    """P(best >= x) by enumerating every result with its product probability."""
    p = np.asarray(probs)
    m = p.shape[0]
    total = 0.0
    t = np.asarray(tips, dtype=int)
    for r in itertools.product(range(3), repeat=m):
        if (t == np.array(r)).sum(axis=1).max() >= x:
            total += float(np.prod(p[np.arange(m), list(r)]))
    return total


def random_probs(rng, m):
    return rng.dirichlet([2.0, 1.5, 1.5], size=m)


@pytest.mark.parametrize("seed", range(4))
def test_budget_one_is_optimal(seed):
    rng = np.random.default_rng(seed)
    p = random_probs(rng, 4)
    spec = parse_spec("10 102 02 102", matches=4)
    r = reduce_system(spec, p, 1, 3, matches=4, time_limit=0)
    best = max(brute_probability([t], p, 3) for t in spec.expand())
    assert r.probability == pytest.approx(best, rel=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_two_tips_near_optimal_and_exact(seed):
    rng = np.random.default_rng(10 + seed)
    p = random_probs(rng, 4)
    spec = parse_spec("10 102 102 12", matches=4)
    cands = spec.expand()
    opt = max(brute_probability(cands[list(ix)], p, 3) for ix in itertools.combinations(range(len(cands)), 2))
    r = reduce_system(spec, p, 2, 3, matches=4, time_limit=600, max_passes=20, rng=seed)
    assert r.probability == pytest.approx(brute_probability(r.tips, p, 3), rel=1e-12)
    assert r.probability <= opt + 1e-12
    # greedy for weighted max coverage: at least (1 - 1/e) of the optimum (Nemhauser et al. 1978)
    assert r.probability >= (1 - 1 / np.e) * opt
    assert spec.contains(r.tips).all() and len(np.unique(r.tips, axis=0)) == 2


def test_exchanges_never_lose():
    rng = np.random.default_rng(7)
    p = random_probs(rng, 7)
    spec = parse_spec("102 10 102 102 02 102 102", matches=7)
    a = reduce_system(spec, p, 12, 5, matches=7, time_limit=0)
    b = reduce_system(spec, p, 12, 5, matches=7, time_limit=600, max_passes=2, rng=1)
    assert b.probability >= a.probability - 1e-12
    assert b.coverage[5] == pytest.approx(b.probability)
    # bounded by passes, not by the clock: the same answer every run
    c = reduce_system(spec, p, 12, 5, matches=7, time_limit=600, max_passes=2, rng=1)
    np.testing.assert_array_equal(b.tips, c.tips)
    assert b.method == c.method


def test_result_fields_and_verification():
    p = [[0.5, 0.3, 0.2]] * 5
    r = reduce_system("10 10 102 1 2", p, 3, 4, matches=5, time_limit=0)
    assert r.verification.results == 12
    d = r.to_dict()
    assert d["tips"] == 3 and d["verified"] is True and d["spec"] == "10 10 102 1 2"
    assert d["guarantee"] == r.verification.minimum
    assert coverage_probability(r.tips, p, 4) == pytest.approx(r.probability)


@pytest.mark.parametrize("kwargs, match", [
    (dict(budget=0), r"budget \(0\) must be at least 1"),
    (dict(budget=-3), r"budget \(-3\)"),
    (dict(budget=13), r"budget \(13\) exceeds the 12 tips"),
    (dict(min_strikes=6), r"min_strikes \(6\) must be in 0..5"),
    (dict(probs=[[0.5, 0.5, 0.0]] * 4), "probs must have 5 rows"),
    (dict(probs=[[0.5, 0.6, 0.0]] * 5), "probs row 0"),
    (dict(spec="10 10 102 1"), "spec .* has 4 groups; expected 5"),
])
def test_bad_input(kwargs, match):
    args = dict(spec="10 10 102 1 2", probs=[[0.5, 0.3, 0.2]] * 5, budget=2, min_strikes=4)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        reduce_system(args["spec"], args["probs"], args["budget"], args["min_strikes"], matches=5,
                      time_limit=0)


@given(st.integers(1, 5), st.integers(1, 6), st.integers(0, 5), st.integers(0, 1000))
def test_probability_is_exact_property(m, n, x, seed):
    rng = np.random.default_rng(seed)
    p = random_probs(rng, m)
    groups = [rng.choice(["10", "102", "1", "02"]) for _ in range(m)]
    spec = parse_spec(" ".join(groups), matches=m)
    n = min(n, spec.size)
    x = min(x, m)
    r = reduce_system(spec, p, n, x, matches=m, time_limit=600, max_passes=2, rng=seed)
    assert r.tips.shape == (n, m)
    assert r.probability == pytest.approx(brute_probability(r.tips, p, x), abs=1e-12)
