"""Best known sizes of covering codes ``K_q(n, R)``, each with its source.

``K_q(n, R)`` is the fewest words of ``{0..q-1}^n`` such that every point is within Hamming distance
``R`` of one: the fewest tips guaranteeing ``n - R`` strikes on ``n`` two-ways (``q = 2``) or three-ways
(``q = 3``). Only values whose source is named here are tabulated; a missing entry means "not
tabulated", not "unknown to science".
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KnownBound", "best_known", "KNOWN_BOUNDS"]

_OEIS_2 = "exact: OEIS A000983 (Cohen et al., Covering Codes, 1997, p. 166)"
_OEIS_3 = "exact: OEIS A004044 / A060439 (Cohen et al., Covering Codes, 1997, p. 174)"
_TABLE_6_1 = "exact: Cohen et al., Covering Codes, 1997, Table 6.1"
_KERI = "upper bound: G. Kéri, Tables for bounds on covering codes"
_PAIR = "exact: two complementary words; one word leaves its complement at distance n > R"


@dataclass(frozen=True)
class KnownBound:
    """``size`` words suffice (``exact``: and are needed) for ``K_q(n, R)``; ``source`` says where
    the number comes from."""

    size: int
    exact: bool
    source: str


def _table() -> dict[tuple[int, int, int], KnownBound]:
    t: dict[tuple[int, int, int], KnownBound] = {}
    for n, k in enumerate([1, 2, 2, 4, 7, 12, 16, 32, 62], start=1):
        t[2, n, 1] = KnownBound(k, True, _OEIS_2)
    t[2, 10, 1] = KnownBound(120, False, "upper bound: OEIS A000983 (107 <= K(10,1) <= 120)")
    for r in (2, 3):
        for n in range(r + 1, 2 * r + 2):
            t[2, n, r] = KnownBound(2, True, _PAIR)
    for (n, r), k in {(6, 2): 4, (7, 2): 7, (8, 2): 12, (9, 2): 16, (8, 3): 4, (9, 3): 7,
                      (10, 3): 12}.items():
        t[2, n, r] = KnownBound(k, True, _TABLE_6_1)
    t[2, 7, 1] = KnownBound(16, True, "exact: perfect Hamming code [7,4]")
    for r, k in ((1, 704), (2, 128), (3, 42)):
        t[2, 13, r] = KnownBound(k, False, _KERI)
    for (n, r), k in {(1, 1): 1, (2, 1): 3, (3, 1): 5, (4, 1): 9, (5, 1): 27, (3, 2): 3, (4, 2): 3,
                      (5, 2): 8, (4, 3): 3, (5, 3): 3}.items():
        t[3, n, r] = KnownBound(k, True, _OEIS_3)
    for n, k in ((6, 73), (7, 186), (8, 486)):
        t[3, n, 1] = KnownBound(k, False, "upper bound: OEIS A004044")
    t[3, 4, 1] = KnownBound(9, True, "exact: perfect Hamming code [4,2]")
    t[3, 13, 1] = KnownBound(59049, True, "exact: perfect Hamming code [13,10]")
    t[3, 11, 2] = KnownBound(729, True, "exact: perfect Golay code [11,6]")
    t[3, 13, 2] = KnownBound(6561, False, _KERI)
    t[3, 13, 3] = KnownBound(1215, False, _KERI)
    return t


#: ``(q, n, R) -> KnownBound`` for n <= 13, q in {2, 3}, R in {1, 2, 3} where a source is at hand.
KNOWN_BOUNDS: dict[tuple[int, int, int], KnownBound] = _table()


def best_known(binary: int, ternary: int, radius: int) -> KnownBound | None:
    """The best known size for ``binary`` two-ways and ``ternary`` three-ways at covering radius
    ``radius``, where tabulated (one alphabet only; ``radius >= length`` is one word).

    Examples
    --------
    >>> best_known(13, 0, 1).size
    704
    >>> best_known(0, 13, 3).source
    'upper bound: G. Kéri, Tables for bounds on covering codes'
    >>> best_known(2, 3, 1) is None   # mixed alphabets: not tabulated
    True
    """
    n = binary + ternary
    if radius >= n:
        return KnownBound(1, True, "exact: one word")
    if binary and ternary:
        return None
    return KNOWN_BOUNDS.get((2 if binary else 3, n, radius))
