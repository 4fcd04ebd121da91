"""The ``toto13 calibrate`` command: how well the pool model holds on real rounds, and its fit."""
from __future__ import annotations

from pathlib import Path

import click

from ..rules import Preset, get_rules
from . import main
from ._output import json_text
from ._common import emit, enum_choice, format_option, library_errors
from ._pool import POOL_FLAGS
from ._workers import WORKER_FLAGS, workers_from, workers_options

_OUTCOME_FORMATS = {"lo": "{:.2f}".format, "hi": "{:.2f}".format, "predicted": "{:.3f}".format,
                    "happened": "{:.3f}".format, "z": "{:+.2f}".format}


@main.command()
@click.argument("rounds_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--rules", "rules_name", type=enum_choice(Preset), default="stryktipset", show_default=True,
              help="Rules preset of the rounds (matches, tiers, stake).")
@click.option("--pool-model", "pool_model", type=click.Path(dir_okay=False), default=None,
              help="The pool model to check (JSON, from --fit) [default: the package's].")
@click.option("--rolling", is_flag=True,
              help="Out of sample: every year predicted from a model fitted on the earlier years only.")
@click.option("--fit", "fit", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Fit the pool model on these rounds and write it here (JSON, for --pool-model).")
@click.option("--force", is_flag=True, help="Replace an existing --fit file.")
@workers_options
@format_option()
@library_errors(flags={**POOL_FLAGS, **WORKER_FLAGS})
def calibrate(rounds_dir, rules_name, pool_model, rolling, fit, force, where, fmt):
    """How well the pool model holds on the rounds of ROUNDS_DIR, and (--fit) its fit on them.

    Per prize tier: the share of rounds whose real number of winners lies in the model's 90% interval
    at the real result (coverage_90), and the mean real/predicted winners in each fifth of the rounds
    by predicted count, most surprising first (quintile_ratio). Per bin of spelvärde (probability /
    crowd share): the outcomes predicted and happened, with z. CSV: one line per round and tier
    (round, tier, winners, predicted_mean, low_90, high_90). Only rounds with a turnover, every tier's
    winners and the crowd's shares count (toto13 import stryktipset --details writes them). --jobs and
    --scheduler spread the refits of --rolling (one per year and season) over processes or a Dask
    cluster, with the same report.
    """
    from ..io.outputs import check_output
    from ..io.rounds import read_rounds
    from ..pool.model import (check_pool_model, fit_pool_model, read_pool_model, write_pool_model)

    rules = get_rules(rules_name)
    workers = workers_from(where)
    if fit is not None:
        check_output(fit, force=force, inputs=[rounds_dir / "matches.csv", rounds_dir / "payouts.csv",
                                               *([] if pool_model is None else [pool_model])])
    model = None if pool_model is None else read_pool_model(pool_model)
    rounds = read_rounds(rounds_dir, matches=rules.matches)
    check = check_pool_model(rounds, rules, model, rolling=rolling, workers=workers)
    if fit is not None:
        write_pool_model(fit, fit_pool_model(rounds, rules, fitted_on=f"{rounds_dir}, toto13 calibrate"),
                         force=force)
    _report(check, fmt, fit)


def _tiers(check) -> dict:
    cow = check.cowinners
    return {str(k): {"coverage_90": float(cow.coverage_90[j]),
                     "quintile_ratio": [float(v) for v in cow.quintile_ratio[j]],
                     "rounds": int(cow.rounds[j])} for j, k in enumerate(cow.tiers)}


def _report(check, fmt: str, fit) -> None:
    cow = check.cowinners
    if fmt == "csv":
        emit([{"round": rid, "tier": k, "winners": cow.winners[i, j],
               "predicted_mean": cow.predicted_mean[i, j], "low_90": cow.low_90[i, j],
               "high_90": cow.high_90[i, j]} for i, rid in enumerate(cow.ids)
              for j, k in enumerate(cow.tiers)], "csv")
        return
    if fmt == "json":
        click.echo(json_text({"rolling": check.rolling, "tiers": _tiers(check),
                               "outcomes": {"bins": check.outcomes.to_dict(orient="records")},
                               "fit": None if fit is None else str(fit)}, default=float))
        return
    view = "out of sample (each year from the earlier years)" if check.rolling else "the model as given"
    click.echo(f"{len(cow.ids)} rounds with turnover, winners and crowd shares; {view}\n")
    emit([{"tier": k, "rounds": t["rounds"], "coverage_90": f"{100 * t['coverage_90']:.1f}%",
           "quintile_ratio (most surprising first)": " / ".join(f"{v:.2f}" for v in t["quintile_ratio"])}
          for k, t in _tiers(check).items()], "table")
    click.echo("\ncoverage_90: real winners inside the 90% interval (aim 85-95%); quintile_ratio: mean "
               "real / predicted winners (aim 0.9-1.1).\n")
    emit(check.outcomes, "table", formats=_OUTCOME_FORMATS)
    click.echo("\nOutcomes by spelvärde (probability / crowd share): predicted and happened shares, z of "
               "the difference (|z| <= 2 where n >= 200 is calibrated).")
    if fit is not None:
        click.echo(f"\nwrote the pool model fitted on these rounds to {fit}")
