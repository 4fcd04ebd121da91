"""The ``toto13 check`` command: the results check of a played tip file (Swedish "rättning")."""
from __future__ import annotations

import click

from ..rules import Preset, get_rules
from . import main
from ._check import FLAGS, round_result, write_strikes
from ._common import FILE, emit, enum_choice, format_option, library_errors, money
from ._formats import json_text


@main.command()
@click.argument("tips_file", metavar="TIPS", type=FILE)
@click.option("--result", "result", default=None, metavar="ROW",
              help="The round's result: 13 symbols of 1 (home), 0 or X (draw), 2 (away), e.g. 1X21... "
                   "(a match drawn by lot counts with the result drawn).")
@click.option("--coupon", "coupon_file", type=FILE, default=None,
              help="A coupon file with a result column (docs/formats.md), instead of --result.")
@click.option("--quotas", default=None, metavar="13:Q13,12:Q12,...",
              help="Payout per winning tip in each tier, e.g. 13:100000,12:1000,11:50,10:5.")
@click.option("--round", "round_spec", default=None, metavar="ROUNDS_DIR:ROUND_ID",
              help="A historical round (toto13 import): its result and its real quotas.")
@click.option("--out", default=None, type=FILE, help="Also write every tip's strikes (CSV tip,strikes).")
@click.option("--force", is_flag=True, help="Overwrite an existing --out file.")
@click.option("--rules", "rules_name", type=enum_choice(Preset), default="toto13", show_default=True,
              help="Rules preset (prize tiers, stake and voucher fee).")
@format_option()
@library_errors(flags=FLAGS)
def check(tips_file, result, coupon_file, quotas, round_spec, out, force, rules_name, fmt):
    """Check the tips in TIPS against a round's result: strikes, prize tiers and winnings.

    Gives the number of tips with exactly x strikes for each prize tier x, the best tip and, with
    --quotas (or --round's real quotas), the winnings, the cost (stake and voucher fees by --rules)
    and the profit. A tip wins only the tier of its own strike count. With --out FILE every tip's
    strikes are written too. JSON keys: tiers, best, cost, winnings, profit.
    """
    from ..io.outputs import check_output
    from ..io.tips import read_tips
    from ..tickets.check import check_result

    rules = get_rules(rules_name)
    if out is not None:
        check_output(out, force=force)
    row, q, source = round_result(result, coupon_file, round_spec, quotas, rules)
    tips = read_tips(tips_file, matches=rules.matches)
    checked = check_result(tips, row, rules, quotas=q)
    if out is not None:
        write_strikes(out, tips, checked.strikes, force)
    cur = rules.currency
    paid = checked.quotas or {}
    rows = [{"tier": t, "tips": n, "quota": paid.get(t),
             "winnings": None if q is None else n * paid[t] if n else 0.0}
            for t, n in checked.tiers.items()]
    if fmt == "json":
        click.echo(json_text({"source": source, "currency": cur, **checked.to_dict(),
                              "files": [] if out is None else [out]}))
        return
    if fmt == "csv":
        emit(rows, "csv")
        return
    n = int(checked.strikes.size)
    click.echo(f"{n:,} tips from {tips_file} against {source}; cost {money(checked.cost)} {cur} "
               f"({rules.name} rules)\n")
    emit(rows if q is not None else [{"tier": r["tier"], "tips": r["tips"]} for r in rows], "table",
         formats={"quota": money, "winnings": money}, headers={"tier": "strikes"})
    best = checked.to_dict()["best"]
    click.echo(f"\nbest tip: {best['tip']} (row {best['row']} of the tips) with {best['strikes']} strikes")
    if q is not None:
        click.echo(f"winnings {money(checked.winnings)} {cur}, cost {money(checked.cost)} {cur}, "
                   f"profit {money(checked.profit)} {cur}")
    if out is not None:
        click.echo(f"wrote {out}")
