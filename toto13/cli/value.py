"""The ``toto13 value`` command: what each outcome and the best single tips are worth against the crowd."""
from __future__ import annotations


import click

from ..rules import Preset, get_rules
from . import main
from ._output import json_text
from ._common import emit, enum_choice, format_option, library_errors, money, option_int, percent
from ._options import MAX_ROUNDS, rounds_option
from ._pool import POOL_FLAGS, pool_options
from ._coupon import coupon_crowd, read_coupon_option
from ._tips import load_source, source_options
from ._checks import MAX_TOP, check_rounds
from ._value_report import MAX_SET, how_rarely, spread_dict, spread_lines, spread_of

_OUTCOMES = ("home", "draw", "away")


def _match_rows(labels, probs, crowd, value) -> list[dict]:
    tables = (("p", probs), ("crowd", crowd), ("value", value))
    return [{"match": label, **{f"{name}_{o}": t[k, c] for name, t in tables
                                for c, o in enumerate(_OUTCOMES)}} for k, label in enumerate(labels)]


def _top_rows(top, tiers) -> list[dict]:
    from ..tickets.encoding import tips_to_strings

    rows = []
    for i, tip in enumerate(tips_to_strings(top.tips)):
        row = {"rank": i + 1, "tip": tip, "p_13": top.p_all[i], "expected_return": top.expected_return[i],
               "return_per_stake": top.return_per_stake[i]}
        row.update({f"co_winners_{k}": top.co_winners[i, j] for j, k in enumerate(tiers)})
        rows.append(row)
    return rows


@main.command()
@source_options
@click.option("--top", default="10", show_default=True, metavar="K",
              help=f"How many tips of highest expected return to list (0: none; at most {MAX_TOP:,}).")
@click.option("--rules", "rules_name", type=enum_choice(Preset), default="toto13",
              show_default=True, help="Rules preset (payout ratio, tier shares, stake, minimum quota).")
@format_option()
@pool_options
@rounds_option
@library_errors(flags={"probs": "--probs", "odds": "--odds", "method": "--method", "coupon": "--coupon",
                       **POOL_FLAGS})
def value(coupon_file, probs_file, odds_file, method, hit_rate, top, rules_name, fmt, pool_args, rounds):
    """What each outcome and the best single tips are worth in the pool, against the crowd.

    Per match and outcome: the probability, the crowd's pick share and their ratio, the value
    (Swedish "spelvärde"; above 1 the crowd under-plays the outcome). Then the K tips of highest
    expected return, each with its probability of 13 strikes and the expected number of other winners
    in each tier when it wins that tier, how rarely the best tip pays, and the spread of the K tips as
    a set (K <= 100). JSON holds both tables and the spreads; CSV the tips (with --top 0, the matches).
    """
    from ..pool.crowd import spelvarde
    from ..pool.returns import highest_return_tips

    rules = get_rules(rules_name)
    k = option_int("--top", top, 0, min(MAX_TOP, 3 ** rules.matches))
    n_rounds = option_int("--rounds", rounds, 1, MAX_ROUNDS)
    check_rounds(rounds, k, fmt)
    coupon = read_coupon_option(coupon_file, rules.matches)
    pool_args.check(has_probs=probs_file is not None or odds_file is not None or coupon is not None)
    if probs_file is None and odds_file is None and coupon is None:
        raise ValueError("give --probs FILE or --odds FILE (with --method): the match probabilities"
                         + (" (a uniform --hit-rate says nothing about value)" if hit_rate else ""))
    src = load_source(probs_file, odds_file, method, hit_rate, rules.matches, coupon)
    probs, source = src.values, src.description
    crowd, label = coupon_crowd(coupon, pool_args.crowd_file, rules.matches)
    setup = pool_args.setup(rules, probs, crowd=crowd, crowd_label=label)
    labels = [str(i) for i in range(1, rules.matches + 1)] if coupon is None else \
        [f"{i} {name}" for i, name in zip(coupon.matches, coupon.names)]
    matches = _match_rows(labels, probs, setup.crowd, spelvarde(probs, setup.crowd))
    best = highest_return_tips(probs, setup.crowd, setup.pool, k) if k else None
    rows = _top_rows(best, rules.tiers) if k else []
    sets = [] if best is None or fmt == "csv" else [best.tips[:1]] + ([best.tips] if 1 < k <= MAX_SET else [])
    spreads = [spread_of(t, probs, setup, n_rounds) for t in sets]
    p_13 = 0.0 if best is None else float(best.p_all[0])
    if fmt == "json":
        extra = {} if not spreads else {
            "top_how_rarely": how_rarely(spreads[0], p_13),
            "best_tip": {"tip": rows[0]["tip"], **spread_dict(spreads[0], n_rounds is not None)},
            "top_set": None if len(spreads) < 2 else {"tips": k, "expected_return": spreads[1].mean,
                                                      "cost": spreads[1].cost,
                                                      **spread_dict(spreads[1], n_rounds is not None)}}
        click.echo(json_text({"source": source, "assumes": setup.to_dict(), "matches": matches,
                               "top": rows, **extra}, default=float))
        return
    if fmt == "csv":
        emit(rows if k else matches, "csv")
        return
    click.echo(f"{source}, rules {rules.name}; {setup.assumes}")
    click.echo()
    emit(matches, "table", formats={c: percent for c in matches[0] if c[:2] in ("p_", "cr")}
         | {c: "4.2f" for c in matches[0] if c.startswith("value_")})
    click.echo("value = probability / crowd share (spelvärde): above 1 the crowd under-plays the outcome.")
    if rows:
        click.echo()
        cur = rules.currency
        emit(rows, "table", formats={"p_13": lambda v: f"{v:.3g}", "expected_return": money,
                                     "return_per_stake": "8.3f"}
             | {c: "8.3g" for c in rows[0] if c.startswith("co_winners_")},
             headers={"p_13": "P(13)", "expected_return": f"E[return] {cur}",
                      "return_per_stake": "per stake"}
             | {c: f"others {c.rsplit('_', 1)[1]}" for c in rows[0] if c.startswith("co_winners_")})
        click.echo("E[return]: a single tip's expected return over all 3^13 results; others k: the "
                   "expected other winners with k strikes when this tip has k.")
        click.echo(how_rarely(spreads[0], p_13))
        for i, s in enumerate(spreads):  # the best tip (its how-rarely line above), the K as a set
            lines = spread_lines(s, cur, n_rounds is not None)
            click.echo(f"{'The best tip' if i == 0 else f'The {k} tips as a set'}: expected return "
                       f"{money(s.mean)} {cur} for cost {money(s.cost)} {cur}")
            click.echo("\n".join(lines[:1] + lines[2:] if i == 0 else lines))
