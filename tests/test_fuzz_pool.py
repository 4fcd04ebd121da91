"""The pool options and the environment fuzzed through the command line: crowd files with labels (in any
order, repeated, missing, out of range, not numbers) and nasty shares, ``--turnover``, ``--jackpot`` and
``--min-quota`` from tiny to huge to not numbers, under both rules presets, and ``TOTO13_THREADS`` and
friends set to anything.

The only outcomes allowed: exit 0 with strict JSON (no ``NaN`` or ``Infinity``), or exit 2 with one line
``Error: ...``; never a traceback, never a warning (numpy's RuntimeWarnings are recorded here, whatever
pytest's filter), never a file written on an error.
"""
from __future__ import annotations

import json
import math
import string
import warnings

import numpy as np
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from toto13.cli import main

CROWD = np.array([[75, 15, 10], [25, 25, 50], [50, 28, 22], [80, 12, 8], [20, 25, 55], [58, 24, 18],
                  [40, 28, 32], [64, 21, 15], [15, 20, 65], [52, 26, 22], [78, 14, 8], [33, 34, 33],
                  [45, 27, 28]])
PROBS = "match,home,draw,away\n" + "".join(f"{k + 1},0.5,0.27,0.23\n" for k in range(13))

#: Numbers as a user might type them, from the edges of the float range to not numbers at all.
AMOUNTS = ["0", "-0", "-1", "1", "0.5", "0.999999", "1.000001", "15", "1e-310", "5e-324", "2.2e-308",
           "1e12", "1e12.5", "1000000000001", "1e308", "1e309", "inf", "-inf", "nan", "", " ", "abc",
           "1,5", "0x10", "1_000", "١٢", "15603087", "32989083"]
SHARES = ["0", "1e308", "1e-320", "5e-324", "100", "0.5", "inf", "nan", "-1", "", "x", "1e400", "1,5"]
LABELS = ["0", "14", "-1", "1.0", "01", "x", "", " 3 ", "1e1", "٣", "99999999999999999999999"]
#: (Absurd thread counts, 10^6 and more, are item 6's own tests: here the values a user mistypes.)
THREADS = ["", "0", "1", "2", "8", "64", "-1", "abc", "1.5", "1e3", " 4 ", "٣", "+2", "0x4"]


@st.composite
def crowd_files(draw) -> str:
    """A crowd file of 13 rows in a random order, with up to two faults in its labels or shares."""
    order = draw(st.permutations(range(1, 14)))
    rows = [[str(m)] + [str(v) for v in CROWD[m - 1]] for m in order]
    for _ in range(draw(st.integers(0, 2))):
        i, j = draw(st.integers(0, 12)), draw(st.integers(0, 3))
        if j == 0:
            rows[i][0] = draw(st.sampled_from(LABELS) | st.sampled_from([str(m) for m in range(1, 14)]))
        else:
            rows[i][j] = draw(st.sampled_from(SHARES))
    if draw(st.integers(0, 9)) == 0:  # a row dropped
        del rows[draw(st.integers(0, 12))]
    header = "match,home,draw,away" if draw(st.integers(0, 9)) else "home,draw,away"
    body = rows if header.startswith("match") else [r[1:] for r in rows]
    return header + "\n" + "".join(",".join(r) + "\n" for r in body)


def pool_options():
    return st.fixed_dictionaries({}, optional={
        "--turnover": st.sampled_from(AMOUNTS), "--jackpot": st.sampled_from(AMOUNTS),
        "--min-quota": st.sampled_from(AMOUNTS),
        "--co-winners": st.sampled_from(["calibrated", "poisson", "POISSON", "none"])})


def invoke(args, env=None):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = CliRunner().invoke(main, [str(a) for a in args], env=env)
    return res, [f"{w.category.__name__}: {w.message}" for w in caught]


def check_outcome(res, caught, *, out=None) -> None:
    assert res.exit_code in (0, 2), (res.exit_code, res.output, res.exception)
    assert "Traceback" not in res.output and "Warning" not in res.output, res.output
    assert not caught, caught
    if res.exit_code == 2:
        lines = [ln for ln in res.output.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("Error: "), res.output
        assert out is None or not out.exists()
        return

    def refuse(name):
        raise AssertionError(f"{name} in the JSON output")

    data = json.loads(res.output, parse_constant=refuse)
    numbers = [v for v in _leaves(data) if isinstance(v, float)]
    assert all(math.isfinite(v) for v in numbers)


def _leaves(v):
    if isinstance(v, dict):
        for x in v.values():
            yield from _leaves(x)
    elif isinstance(v, list):
        for x in v:
            yield from _leaves(x)
    else:
        yield v


#: The pool is priced exactly over 3^13 results per example (a few seconds): few examples by default,
#: the ``ci`` profile's count there.
FUZZ = settings(max_examples=12 if settings.default.max_examples <= 60 else settings.default.max_examples,
                deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                      HealthCheck.too_slow])


def test_pool_options_fuzz(tmp_path):
    probs = tmp_path / "probs.csv"
    probs.write_text(PROBS)
    tips = tmp_path / "tips.csv"
    tips.write_text("tip\n1111111111111\n1211121112111\n")

    @FUZZ
    @given(crowd=st.none() | crowd_files(), options=pool_options(),
           rules=st.sampled_from(["stryktipset", "toto13"]), command=st.sampled_from(["evaluate", "value"]))
    @example(crowd=None, options={"--turnover": "1e-310"}, rules="stryktipset", command="evaluate")
    @example(crowd="home,draw,away\n1e-320,15,10\n" + "40,30,30\n" * 12, options={}, rules="stryktipset",
             command="value")  # a subnormal share: p / share overflowed with a RuntimeWarning
    @example(crowd=None, options={"--min-quota": "1e-310"}, rules="stryktipset", command="evaluate")
    @example(crowd="home,draw,away\n0,15,10\n" + "40,30,30\n" * 12, options={"--min-quota": "1e12"},
             rules="stryktipset", command="evaluate")
    @example(crowd=None, options={"--turnover": "1", "--min-quota": "0", "--jackpot": "1e12"},
             rules="stryktipset", command="evaluate")
    @example(crowd="match,home,draw,away\n" + "".join(f"{m},1e308,1e308,1e308\n" for m in range(13, 0, -1)),
             options={"--turnover": "1e12"}, rules="toto13", command="value")
    def check(crowd, options, rules, command):
        args = ["evaluate", tips] if command == "evaluate" else ["value", "--top", "0"]
        args += ["--probs", probs, "--rules", rules, "--format", "json"]
        if crowd is not None:
            f = tmp_path / "crowd.csv"
            f.write_text(crowd)
            args += ["--crowd", f]
        for k, v in options.items():
            args += [k, v]
        check_outcome(*invoke(args))

    check()


def test_environment_fuzz(tmp_path):
    """``TOTO13_THREADS`` (and what the terminal sets) never gives a traceback: a command exits 0 or 2
    with one line, whatever the value."""
    probs = tmp_path / "probs.csv"
    probs.write_text(PROBS)
    out = tmp_path / "tips.csv"

    @FUZZ
    @given(threads=st.sampled_from(THREADS) | st.text(string.ascii_letters + " .-+_", max_size=6),
           columns=st.sampled_from(
        [None, "0", "-5", "1", "abc", "100000"]), command=st.sampled_from(["system", "value", "plan"]))
    @example(threads="abc", columns=None, command="system")
    @example(threads="0", columns=None, command="system")
    def check(threads, columns, command):
        env = {"TOTO13_THREADS": threads, "COLUMNS": columns}
        if command == "system":
            out.unlink(missing_ok=True)
            # 3^11 results: the transform splits over TOTO13_THREADS threads
            args = ["system", "--probs", probs, "--spec", "102 " * 11 + "1 1", "--budget", 30, "--seed", 1,
                    "--out", out, "--format", "json"]
        elif command == "value":
            args = ["value", "--probs", probs, "--rules", "stryktipset", "--top", 0, "--format", "json"]
        else:
            args = ["plan", "--probs", probs, "--min-strikes", 10, "--safety", 0.5, "--format", "json"]
        res, caught = invoke(args, env=env)
        check_outcome(res, caught, out=out if command == "system" else None)

    check()
