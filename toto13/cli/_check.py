"""What ``toto13 check`` needs around the library's :func:`toto13.tickets.check.check_result`: the
round's result and quotas from ``--result``, ``--coupon``, ``--quotas`` or ``--round``, and the CSV of
every tip's strikes."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import whole_number
from ._coupon import read_coupon_option, warn
from ._numbers import option_number

__all__ = ["round_result", "parse_quotas", "write_strikes", "FLAGS"]

#: The library's parameter names and the command's flags (for ``library_errors``).
FLAGS = {"quotas": "--quotas", "tips": "TIPS"}


def parse_quotas(text: str | None, tiers: tuple[int, ...]) -> dict[int, float] | None:
    """``13:Q13,12:Q12,...`` as tier -> quota (None without ``--quotas``)."""
    if text is None:
        return None
    out: dict[int, float] = {}
    for part in text.split(","):
        tier, sep, quota = part.strip().partition(":")
        if not sep or whole_number(tier.strip()) not in tiers:
            raise ValueError(f"--quotas ({text!r}) must be TIER:QUOTA pairs such as "
                             f"{','.join(f'{t}:{q}' for t, q in zip(tiers, (100000, 1000, 50, 5)))} "
                             f"with tiers from {tiers}")
        if int(tier) in out:
            raise ValueError(f"--quotas ({text!r}) names tier {int(tier)} twice")
        out[int(tier)] = option_number("--quotas", quota.strip(), lo=0)
    return out


def _historical(spec: str, rules: Any) -> tuple[Any, dict[int, float], str]:
    """The result, the quotas and the id of ``--round ROUNDS_DIR:ROUND_ID``."""
    from ..io.rounds import read_rounds

    directory, sep, rid = spec.rpartition(":")
    if not sep or not directory or not rid:
        raise ValueError(f"--round ({spec!r}) must be ROUNDS_DIR:ROUND_ID, e.g. rounds:202538")
    rounds = read_rounds(directory, matches=rules.matches)
    if rid not in rounds.ids:
        raise ValueError(f"--round ({spec!r}): no round {rid!r} in {directory} "
                         f"({len(rounds)} rounds, {rounds.ids[0]} .. {rounds.ids[-1]})")
    j = rounds.ids.index(rid)
    quotas = {t: float(rounds.quotas[j, rounds.tier_index(t)]) for t in rules.tiers if t in rounds.tiers}
    return rounds.results[j], quotas, f"round {rid} of {directory}"


def round_result(result: str | None, coupon_file: str | None, round_spec: str | None, quotas: str | None,
                 rules: Any) -> tuple[Any, dict[int, float] | None, str]:
    """The result to check against, the quotas (or None) and where the result came from: ``--result``
    first, then the coupon's ``result`` column, then ``--round``'s; ``--quotas`` before the round's.
    Warns where two given results (or quotas) differ."""
    from ..io.coupon import parse_result

    given: list[tuple[Any, str]] = []
    if result is not None:
        try:
            given.append((parse_result(result, rules.matches), f"--result {result}"))
        except ValueError as exc:
            raise ValueError(f"--{exc}") from None  # the library names `result`; the CLI its flag
    coupon = read_coupon_option(coupon_file, rules.matches)
    if coupon is not None and coupon.result is not None:
        given.append((coupon.result, f"the result of coupon {coupon_file}"))
    q = parse_quotas(quotas, rules.tiers)
    if round_spec is not None:
        res, real, label = _historical(round_spec, rules)
        given.append((res, label))
        if q is not None and any(not np.isclose(q.get(t, np.nan), v, equal_nan=True)
                                 for t, v in real.items()):
            warn(f"--quotas differ from the quotas of {label}; using --quotas")
        q = real if q is None else q
    if not given:
        raise ValueError("no result given: give --result ROW (13 symbols of 1, 0 or X, 2), a --coupon with a "
                         "result column, or --round ROUNDS_DIR:ROUND_ID")
    for other, label in given[1:]:
        if not np.array_equal(other, given[0][0]):
            warn(f"{label} differs from {given[0][1]}; using {given[0][1]}")
    return given[0][0], q, given[0][1]


def write_strikes(path: str, tips: Any, strikes: Any, force: bool) -> None:
    """The CSV ``tip,strikes`` of every tip, written atomically."""
    import pandas as pd

    from ..io.outputs import Outputs
    from ..tickets.encoding import tips_to_strings

    staged = Outputs(force=force)
    with staged.open(path) as fh:
        pd.DataFrame({"tip": tips_to_strings(tips), "strikes": strikes}).to_csv(fh, index=False)
    staged.commit()
