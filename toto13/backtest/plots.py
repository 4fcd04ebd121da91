"""Pictures of a backtest: the bankroll curve and the reliability diagram (PNG bytes, matplotlib Agg).

matplotlib is imported when a picture is drawn, not with the package.
"""
from __future__ import annotations

import atexit
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Sequence

import numpy as np

from .._cachedir import private_dir, writable_dir
from .metrics import reliability_bins
from .run import BacktestResult

__all__ = ["bankroll_png", "reliability_png"]


def _pyplot():
    _config_dir()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _config_dir() -> None:
    """Give matplotlib this user's own directory (``MPLCONFIGDIR``) where its usual ones (``~/.config``,
    ``~/.cache``) cannot be written, e.g. with ``HOME=/nonexistent``: it would warn on every picture."""
    if "matplotlib" in sys.modules or os.environ.get("MPLCONFIGDIR"):
        return
    home = Path(os.path.expanduser("~"))
    usual = [Path(os.environ.get(var) or home / sub) / "matplotlib"
             for var, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_CACHE_HOME", ".cache"))]
    if all(writable_dir(d) for d in usual):
        return
    private = private_dir("matplotlib")
    if private is None:  # another user holds the place: a directory of this run's own
        private = Path(tempfile.mkdtemp(prefix="toto13-matplotlib-"))
        atexit.register(shutil.rmtree, private, ignore_errors=True)
    os.environ["MPLCONFIGDIR"] = str(private)


def _png(fig, plt) -> bytes:
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return buf.getvalue()


def bankroll_png(result: BacktestResult) -> bytes:
    """The bankroll after each round of ``result`` as a PNG image."""
    plt = _pyplot()
    led = result.ledger
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(range(1, len(led) + 1), led["bankroll"], lw=1.2)
    ax.axhline(led["bankroll"].iloc[0] - led["profit"].iloc[0], color="grey", lw=0.8, ls="--")
    ax.set_xlabel("round")
    ax.set_ylabel(f"bankroll ({result.rules.currency})")
    ax.set_title(f"{result.strategy.describe()} — {result.rules.name}, {len(led)} rounds", fontsize=9)
    return _png(fig, plt)


def reliability_png(result: BacktestResult, tiers: Sequence[int] | None = None, *,
                    bins: int = 10) -> bytes:
    """Reliability diagram: per tier, rounds binned by the promised P(best >= x) against the share
    that reached x, with 95% Wilson intervals; the diagonal is a perfect promise.

    Raises
    ------
    ValueError
        If the strategy promised nothing (fixed tips, or ``promise=False``).
    """
    all_tiers = tuple(result.rules.tiers)
    tiers = [x for x in (tiers or all_tiers) if x in all_tiers]
    tables = {x: reliability_bins(result.best, result.promised[:, all_tiers.index(x)], x, bins=bins)
              for x in tiers}
    tables = {x: t for x, t in tables.items() if len(t)}
    if not tables:
        raise ValueError(f"strategy ({result.strategy.describe()}) promised nothing to draw a reliability "
                         "diagram of; use weighted, greedy, recipe or system tips with promises on")
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls="--", label="promise kept")
    for x, t in sorted(tables.items(), reverse=True):
        err = np.clip([t["achieved"] - t["ci_low"], t["ci_high"] - t["achieved"]], 0, None)
        ax.errorbar(t["promised"], t["achieved"], yerr=err, marker="o", ms=4, lw=1, capsize=2,
                    label=f">= {x}")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("promised P(best >= x), bin mean")
    ax.set_ylabel("achieved share of rounds (95% Wilson interval)")
    n = len(result.best)
    ax.set_title(f"{result.strategy.describe()}: {n} rounds, {bins} bins a tier", fontsize=9)
    ax.legend(fontsize=8, loc="upper left")
    return _png(fig, plt)
