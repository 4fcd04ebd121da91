"""The pool-value side of the command line: plan's fixed-payout labels, the pool options of evaluate,
tickets and value, and every error path (exit 2, one line naming the option or file, no file left)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from toto13.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def one_error_line(res) -> str:
    assert res.exit_code == 2, res.output
    lines = [x for x in res.output.splitlines() if x.strip()]
    assert len(lines) == 1 and "Traceback" not in res.output, res.output
    return lines[0]


def test_plan_labels_fixed_payouts_and_says_what_the_pool_pays():
    res = run("plan", "--hit-rate", "1/2", "--min-strikes", "13", "--safety", "0.5")
    assert res.exit_code == 0, res.output
    header = res.output.splitlines()[2]
    assert "expected_profit at fixed payouts" in header and "paper_profit at fixed payouts" in header
    assert "pays back 60% of all stakes" in res.output
    assert "toto13 evaluate TIPS --probs P --crowd FILE" in res.output
    res = run("plan", "--rules", "stryktipset", "--min-strikes", "10", "--safety", "0.9")
    assert "pays back 65% of all stakes" in res.output
    # the JSON field names stay
    d = json.loads(run("plan", "--min-strikes", "13", "--safety", "0.5", "--format", "json").output)[0]
    assert {"payout", "expected_profit", "paper_profit"} <= set(d)
