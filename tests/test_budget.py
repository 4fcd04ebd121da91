"""``--budget AMOUNT`` (tickets, system) and :meth:`toto13.rules.Rules.affordable` against the rules'
cost function, at the boundaries: exactly affordable, one cent short."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from toto13.cli import main
from toto13.rules import STRYKTIPSET, TOTO13

TWO = " ".join(["10"] * 13)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def brute_affordable(rules, budget):
    """The largest n with cost(n) <= budget, by counting up."""
    n = 0
    while rules.cost(n + 1) <= budget:
        n += 1
    return n


@given(st.sampled_from([TOTO13, STRYKTIPSET, TOTO13.replace(stake=0.75, voucher_fee=0.3, voucher_size=7)]),
       st.integers(0, 40_000))
def test_affordable_against_counting_up(rules, cents):
    assert rules.affordable(cents / 100) == brute_affordable(rules, cents / 100)


@pytest.mark.parametrize("rules", [TOTO13, STRYKTIPSET])
@pytest.mark.parametrize("n", [1, 11, 12, 13, 24, 25, 300])
def test_affordable_at_the_boundaries(rules, n):
    cost = rules.cost(n)
    assert rules.affordable(cost) == n  # exactly affordable
    assert rules.affordable(round(cost - 0.01, 2)) == n - 1  # one cent short
    assert rules.cost(n - 1) <= round(cost - 0.01, 2)


def test_affordable_errors():
    with pytest.raises(ValueError, match=r"budget \(-1\) must be a finite number >= 0"):
        TOTO13.affordable(-1)
    with pytest.raises(ValueError, match="budget needs a stake > 0"):
        TOTO13.replace(stake=0.0).affordable(5)


@pytest.mark.parametrize("rules, n", [("toto13", 24), ("toto13", 25), ("stryktipset", 37)])
def test_tickets_budget_boundaries(tmp_path, rules, n):
    cost = {"toto13": TOTO13, "stryktipset": STRYKTIPSET}[rules].cost(n)
    common = ("tickets", "--hit-rate", 0.5, "--strategy", "random", "--seed", 1, "--rules", rules,
              "--format", "json")
    for budget, tips in ((f"{cost:.2f}", n), (f"{cost - 0.01:.2f}", n - 1)):
        out = tmp_path / f"{budget}.csv"
        r = run(*common, "--budget", budget, "--out", out)
        assert r.exit_code == 0, r.output
        d = json.loads(r.output)
        want = {"toto13": TOTO13, "stryktipset": STRYKTIPSET}[rules].cost(tips)
        assert len(out.read_text().splitlines()) == tips + 1
        assert d["cost"] == want and d["budget"] == {"amount": float(budget), "cost": want,
                                                     "left_over": pytest.approx(float(budget) - want)}
    r = run(*common[:-2], "--budget", f"{cost:.2f}", "--out", tmp_path / "t.csv")
    left = 0.0
    assert f"budget {cost:,.2f} " in r.output and f"cost {cost:,.2f}" in r.output and f"left over {left:.2f}" in r.output


@pytest.mark.parametrize("args, message", [
    (["--count", 5, "--budget", 5], "give exactly one of --count N or --budget AMOUNT"),
    ([], "give exactly one of --count N or --budget AMOUNT"),
    (["--budget", 0.99], "--budget ('0.99') does not buy one tip: one tip costs 1.00 EUR"),
    (["--budget", "x"], "--budget ('x') must be a finite number >= 0"),
])
def test_tickets_budget_errors(tmp_path, args, message):
    out = tmp_path / "t.csv"
    r = run("tickets", "--hit-rate", 0.5, "--seed", 1, "--out", out, *args)
    assert r.exit_code == 2 and message in r.output, r.output
    assert not out.exists()


def test_system_budget_boundaries(tmp_path):
    probs = tmp_path / "p.csv"
    probs.write_text("home,draw,away\n" + "0.5,0.3,0.2\n" * 13)
    spec = "1 1 1 1 1 1 1 1 10 10 10 102 102"  # 72 tips
    for budget, tips in (("13.00", 24), ("12.99", 23), ("1000", 72)):  # 24 tips cost 12 + 2 * 0.5
        r = run("system", "--spec", spec, "--probs", probs, "--budget", budget, "--seed", 1, "--time", 0,
                "--out", tmp_path / f"{budget}.csv", "--format", "json")
        assert r.exit_code == 0, r.output
        d = json.loads(r.output)
        assert d["tips"] == tips and d["cost"] == TOTO13.cost(tips)
        assert d["budget"]["left_over"] == pytest.approx(float(budget) - TOTO13.cost(tips))
    # the covering system of 13 two-ways guaranteeing 10: 42 tips, EUR 23.00 (TOTO rules)
    base = ("system", "--spec", TWO, "--guarantee", 10, "--seed", 1, "--time", 0)
    r = run(*base, "--budget", "23.00", "--out", tmp_path / "g.csv")
    assert r.exit_code == 0 and "budget 23.00 EUR: cost 23.00 EUR, left over 0.00 EUR" in r.output
    assert TOTO13.cost(42) == 23.0
    r = run(*base, "--budget", "22.99", "--out", tmp_path / "h.csv")
    assert r.exit_code == 2 and "costs 23.00 EUR" in r.output and not (tmp_path / "h.csv").exists()


def test_tickets_budget_buys_no_more_than_the_distinct_tips_possible(tmp_path):
    # the spec allows 2^3 = 8 tips; EUR 100 would buy 184
    r = run("tickets", "--hit-rate", 0.5, "--strategy", "random", "--spec", "1 " * 10 + "10 10 10",
            "--budget", 100, "--seed", 1, "--out", tmp_path / "t.csv", "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert TOTO13.affordable(100) == 184 and d["cost"] == TOTO13.cost(8) == 4.5
    assert d["budget"]["left_over"] == 95.5 and len((tmp_path / "t.csv").read_text().splitlines()) == 9
