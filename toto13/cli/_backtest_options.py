"""The options of ``toto13 backtest``, in groups: the strategy, the run, the files it writes."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Sequence

import click

from ..estimators import MarginMethod
from ..io.outputs import Outputs, check_output
from ..selection.strategy import StrategyKind
from ._common import collected, enum_choice

_PATH = click.Path(dir_okay=False, path_type=Path)

#: What is played and how many tips: the command receives them as one dict ``chosen``.
strategy_options = collected(
    "chosen",
    click.option("--strategy", "strategy", type=enum_choice(StrategyKind), default=None,
                 help="fixed (one tip file every round), recipe (random tips, n from x and Q), system "
                      "(a reduced system guaranteeing x in the recipe's space), weighted, greedy or top "
                      "(tips from the round's odds), value (the tips of highest expected return in the "
                      "round's pool)."),
    click.option("--tips", "tips", type=_PATH, default=None,
                 help="Tip file (column tip) for --strategy fixed."),
    click.option("--hit-rate", "hit_rate", default=None, help="Recipe hit rate p (0.5 or 1/2)."),
    click.option("--min-strikes", "min_strikes", default=None, help="Target strikes x of the plan."),
    click.option("--safety", default=None, help="Target safety Q of the plan, in (0, 1)."),
    click.option("--count", default=None, help="Play exactly N tips a round (overrides the plan)."),
    click.option("--margin-method", "margin_method", type=enum_choice(MarginMethod), default=None,
                 help="Margin removal for odds [default: power]."),
    click.option("--config", "config", type=click.Path(dir_okay=False), default=None,
                 help="JSON file with strategy settings (keys: strategy, hit_rate, min_strikes, safety, "
                      "count, margin_method, tips); options given on the command line win."),
    click.option("--min-coverage", "min_coverage", default=None, metavar="X:Q",
                 help="value: keep P(best >= X) >= Q in every round."),
    click.option("--expected-return", "expected", is_flag=True,
                 help="Also give each round's expected return in the pool (the crowd's shares from the "
                      "rounds where given, else modelled from the odds); always on for value."),
    click.option("--refit", is_flag=True,
                 help="Odds strategies: price each year's rounds with a co-winner model and a blend of "
                      "odds and crowd shares fitted on earlier years only (the package's model where "
                      "fewer than 100 earlier rounds, the odds alone where fewer than 500 matches)."),
    click.option("--no-promise", "no_promise", is_flag=True,
                 help="weighted/greedy: skip the exact coverage each round's odds promise (faster)."))

#: What the ledger, the picture and the calibration diagram are written to: one dict ``files``.
file_options = collected(
    "files",
    click.option("--ledger", "ledger", type=_PATH, default=None,
                 help="Write the per-round ledger (CSV) here."),
    click.option("--plot", "plot", type=_PATH, default=None,
                 help="Write the bankroll curve (PNG) here."),
    click.option("--calibration", "calibration", type=_PATH, default=None,
                 help="Write the reliability diagram (PNG) here: rounds binned by the promised "
                      "P(best >= x) against the share that reached x."),
    click.option("--force", is_flag=True,
                 help="Overwrite existing --ledger / --plot / --calibration files."))


def check_files(files: dict[str, Any], inputs: Sequence[str | os.PathLike] = ()) -> None:
    """Refuse, before any work, outputs that exist (without --force) or are one of ``inputs`` (with
    --force too), pictures not ending in .png and the same file named twice."""
    named = [(f"--{k}", files[k]) for k in ("ledger", "plot", "calibration") if files[k] is not None]
    for opt, path in named:
        check_output(path, force=files["force"], inputs=inputs)
        if opt != "--ledger" and path.suffix.lower() != ".png":
            raise ValueError(f"{opt} ({path}) must end in .png")
    if len({p.resolve() for _, p in named}) < len(named):
        raise ValueError(f"{' and '.join(o for o, _ in named)} must be different files")


def write_files(files: dict[str, Any], result: Any) -> None:
    """Write the ledger and the pictures together or not at all (pictures drawn before staging)."""
    from ..backtest.plots import bankroll_png, reliability_png

    pictures = [(path, draw(result)) for path, draw in ((files["plot"], bankroll_png),
                                                        (files["calibration"], reliability_png))
                if path is not None]
    with Outputs(force=files["force"]) as outputs:
        if files["ledger"] is not None:
            with outputs.open(files["ledger"]) as fh:
                result.ledger.to_csv(fh, index=False, float_format="%.10g", lineterminator="\n")
        for path, data in pictures:
            outputs.write_bytes(path, data)
