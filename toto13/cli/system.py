"""The ``toto13 system`` command."""
from __future__ import annotations


import click

from ..io.outputs import check_output
from ..rules import Preset, get_rules
from ..systems import design_system, parse_spec
from ..tickets.export import check_export, export_tips
from . import main
from ._budget import budget_dict, budget_line, budget_option, check_system_cost, system_count
from ._coupon import coupon_option, probs_or_coupon
from ._output import json_text
from ._common import emit, enum_choice, format_option, library_errors, percent, tip_output_options, FILE

_FLAGS = {"guarantee": "--guarantee", "count": "--count", "probs": "--probs", "seed": "--seed",
          "min_strikes": "--min-strikes", "time_limit": "--time", "spec": "--spec"}


@main.command()
@click.option("--spec", "spec_text", required=True,
              help="Allowed outcomes per match, e.g. '1 10 102 2 ...' (banker, two-way, three-way).")
@click.option("--guarantee", default=None,
              help="Strikes guaranteed for every result inside the spec (0..13).")
@click.option("--probs", "probs_file", type=FILE, default=None,
              help="Probability file (home,draw,away per match): with --count or --budget, or to "
                   "report P(best >= x).")
@coupon_option
@click.option("--count", default=None, metavar="N",
              help="Number of tips for the probability-aware reduction.")
@budget_option
@click.option("--min-strikes", "min_strikes", default=None,
              help="x in P(best >= x) for --probs (default: the lowest prize tier).")
@click.option("--time", "time_limit", default="5", show_default=True,
              help="Seconds of search, a reduction's greedy start included (0: constructions only, "
                   "deterministic; a reduction above 2,000 tips then starts from the most probable).")
@click.option("--seed", required=True, help="Random seed of the search.")
@tip_output_options
@click.option("--rules", "rules_name", type=enum_choice(Preset), default="toto13", show_default=True,
              help="Rules preset (matches, voucher size, upload limit, prices).")
@format_option(choices=("table", "json"))
@library_errors(flags=_FLAGS)
def system(spec_text, guarantee, probs_file, coupon_file, count, budget, min_strikes, time_limit, seed, out,
           vouchers, upload_dir, force, rules_name, fmt):
    """Build a reduced system for a spec, prove it, and write its tips.

    With --guarantee G: the fewest tips found such that every result inside the spec has a tip with at
    least G strikes (a covering code: perfect Hamming/Golay codes, shipped searched codes, direct sums,
    tabu search within --time). With --probs FILE (or a --coupon) --count N: N tips inside the spec
    maximising the exact P(best >= --min-strikes). --budget AMOUNT instead of --count buys the most
    tips that fit (with --guarantee alone it caps the system's cost: exit 2 when none found fits).
    Either way every result inside the spec is checked before anything is written, and the
    distribution of the best strike count is shown.
    """
    rules = get_rules(rules_name)
    check_output(out, force=force, inputs=[f for f in (probs_file, coupon_file) if f is not None])
    probs, _ = probs_or_coupon(probs_file, coupon_file, rules.matches)
    spec = parse_spec(spec_text, matches=rules.matches)
    count = system_count(budget, count, probs is not None, guarantee, spec.size, rules)
    tips, info = design_system(spec, guarantee=guarantee, probs=probs, count=count,
                               min_strikes=min_strikes, time_limit=time_limit, seed=seed, rules=rules)
    x, k = info.get("min_strikes"), int(tips.shape[0])
    if count is None:
        check_system_cost(budget, k, info["guarantee"], rules)
    check_export(out, k, rules, upload_dir=upload_dir, force=force)
    written = export_tips(out, tips, rules, vouchers=vouchers, upload_dir=upload_dir, force=force)
    info.update({"full_system": spec.size, "seed": int(seed), "cost": rules.cost(k),
                 "vouchers": rules.vouchers(k), "currency": rules.currency, "files": written,
                 "budget": budget_dict(budget, rules.cost(k))})
    if fmt == "json":
        click.echo(json_text(info, default=lambda o: o.item() if hasattr(o, "item") else str(o)))
        return
    what = (f"{k:,} tips maximising P(best >= {x})" if count is not None
            else f"{k:,} tips guaranteeing {info['guarantee']} strikes")
    click.echo(f"spec {spec}: {spec.bankers} bankers, {spec.two_ways} two-ways, {spec.three_ways} "
               f"three-ways; full system {spec.size:,} tips")
    click.echo(f"{what} ({info['method']}); verified over all {info['results']:,} results inside the spec: "
               f"every one has a tip with >= {info['guarantee']} strikes")
    if info.get("best_known"):
        click.echo(f"best known size of such a covering: {info['best_known']:,} "
                   f"({info['best_known_source']})")
    if "guarantee_met" in info:
        met = "met" if info["guarantee_met"] else "NOT met"
        click.echo(f"requested guarantee {info['requested_guarantee']}: {met} by these {k:,} tips "
                   f"(they guarantee {info['guarantee']})")
    if "probability" in info:
        click.echo(f"P(best >= {x}) over all results with the given probabilities: "
                   f"{percent(info['probability'], 4)}")
    click.echo(f"{rules.vouchers(k):,} vouchers, cost {rules.cost(k):,.2f} {rules.currency}; "
               f"wrote {', '.join(written)}")
    if budget is not None:
        click.echo(budget_line(info["budget"], rules.currency))
    click.echo()
    total = info["results"]
    rows = [{"best strikes": int(s), "results": c, "share": percent(c / total, 4)}
            for s, c in sorted(((int(s), c) for s, c in info["distribution"].items()), reverse=True)]
    emit(rows, "table", formats={"results": lambda v: f"{v:,}"})
