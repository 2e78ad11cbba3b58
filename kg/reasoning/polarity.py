"""Polarity: which way a hop moves its object, and a chain's net effect.

A hop's sign comes from its relation's polarity in the schema (``kg:polarity``: inhibits and
confers resistance to are negative, leads to is unknown). A "has outcome" hop takes its sign
from its measures against their comparators (a value above the comparator's increases the
endpoint); a measure without a comparator says nothing about direction. A structural step
keeps the sign. The net effect multiplies the signs: inhibiting an inhibitor increases; one
unknown sign makes the whole chain unknown.

>>> net_effect([-1, -1]), net_effect([1, -1]), net_effect([1, 0])
('increases', 'decreases', 'unknown')
>>> benefit("decreases", better_when=-1)
'better'
"""

from __future__ import annotations

import re
from typing import Iterable

WORDS = {1: "increases", -1: "decreases", 0: "unknown"}


def hop_sign(support: Iterable[dict]) -> int:
    """Return the sign of a hop from its supporting evidence: +1 or -1 when all of it agrees, else 0.

    >>> hop_sign([{"sign": -1, "against": False}, {"sign": -1, "against": False}])
    -1
    >>> hop_sign([{"sign": 1, "against": False}, {"sign": -1, "against": False}])
    0
    """
    signs = {s["sign"] for s in support if not s["against"]}
    return signs.pop() if len(signs) == 1 else 0


def net_effect(signs: Iterable[int]) -> str:
    """Return ``"increases"``, ``"decreases"`` or ``"unknown"`` for a chain whose hops have ``signs``.

    >>> net_effect([-1, 1, -1])    # anlotinib inhibits VEGFR2, a member of VEGFR, which decreases vessel normalization
    'increases'
    >>> net_effect([-1, 0]), net_effect([])
    ('unknown', 'increases')
    """
    product = 1
    for sign in signs:
        product *= sign
    return WORDS[product]


def benefit(net: str, better_when: int) -> str:
    """Return ``"better"`` or ``"worse"`` for the patient when the target is an endpoint with a direction
    of benefit (``better_when`` +1: higher is better, -1: lower is better), else ``""``.

    >>> benefit("increases", better_when=-1), benefit("unknown", better_when=1)
    ('worse', '')
    """
    sign = {"increases": 1, "decreases": -1}.get(net, 0)
    if not sign or not better_when:
        return ""
    return "better" if sign == better_when else "worse"


def p_words(record: dict) -> str:
    """Return a record's p-value as one phrase, however the source printed it (``p < 0.001``, ``p = 0.016``; '' if none).

    >>> p_words({"p_value_text": "P = 0.016"}), p_words({"p_value_text": "< 0.001"}), p_words({"p_value": 0.12})
    ('p = 0.016', 'p < 0.001', 'p = 0.12')
    """
    text = (record.get("p_value_text") or "").strip()
    if not text and record.get("p_value") is not None:
        text = f"{record['p_value']:g}"
    text = re.sub(r"^[pP]\s*", "", text).lstrip("= ").strip() if text[:1] in "pP=" else text
    if not text:
        return ""
    return f"p {text}" if text[0] in "<>≤≥" else f"p = {text}"


def no_effect(support: Iterable[dict]) -> str:
    """Return words for an edge whose evidence all fails to support it ('' when some supports it): "no effect
    shown", with the p-values where the sources give them. A null result is never shown as an effect.

    >>> no_effect([{"against": True, "p_value": 0.12, "p_value_text": ""}])
    'no effect shown (p = 0.12)'
    >>> no_effect([{"against": True, "p_value": 0.12}, {"against": False, "p_value": 0.01}])
    ''
    """
    support = list(support)
    if not support or any(not s["against"] for s in support):
        return ""
    ps = sorted({p_words(s) for s in support} - {""})
    return "no effect shown" + (f" ({'; '.join(ps)})" if ps else "")
