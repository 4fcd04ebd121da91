#!/usr/bin/env python
"""Benchmark start-up: ``toto13 --help`` and a one-row ``toto13 plan`` against ``python -c "import
numpy"`` measured in the same run (targets: at most 1.5x and 3x).

Usage: ``python scripts/bench_startup.py [--repeat 7]``

Each command runs ``--repeat`` times, interleaved with the others so that load on the machine falls
on all of them alike; the best time of each is reported, with its ratio to the numpy import.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

TARGETS = {"toto13 --help": 1.5, "toto13 plan (one row)": 3.0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    a = ap.parse_args()
    exe = shutil.which("toto13") or str(Path(sys.executable).parent / "toto13")
    commands = {
        'python -c "import numpy"': [sys.executable, "-c", "import numpy"],
        "toto13 --help": [exe, "--help"],
        "toto13 plan (one row)": [exe, "plan", "--hit-rate", "1/2", "--safety", "0.9"],
    }
    best = {name: float("inf") for name in commands}
    for _ in range(a.repeat):
        for name, cmd in commands.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            best[name] = min(best[name], time.perf_counter() - t0)
    base = best['python -c "import numpy"']
    print(f"start-up, best of {a.repeat} (interleaved)")
    print(f"{'command':<28} {'s':>6} {'ratio':>6}  target")
    for name, t in best.items():
        target = TARGETS.get(name)
        verdict = "" if target is None else f"<= {target}x {'ok' if t / base <= target else 'MISSED'}"
        print(f"{name:<28} {t:>6.3f} {t / base:>5.2f}x  {verdict}")


if __name__ == "__main__":
    main()
