"""The subgroup a sentence reports its numbers for ("in the limited-stage subgroup", "脑转移亚组",
"在 EGFR 突变患者中"), as written.

The drafter never picks the graph's population for it: a population node is disease-specific
(``ent:pop-NSCLC-brain-metastases``), and the paper may be about another cancer. It writes the words
as a ``kg:note`` (:func:`note`), and ``kg validate --drafts`` (:func:`open_note`) keeps a subgroup's
number open until a curator sets ``kg:population`` (shown as the whole study's, it would mislead).
"""

from __future__ import annotations

import re

KINDS = ("subgroup", "population")
_WORDS = r"(?P<g>[^\s，,。；;:：（(、的在有是]{1,12}?)"
# (kind, pattern): a "subgroup" is part of the study's patients; a "population" may be all of them
_NAMED = [
    ("subgroup", re.compile(r"\b(?:in|among|for|of)\s+(?:the\s+)?(?P<g>[A-Za-z0-9][\w\-+/ ]{1,50}?)\s+(?:sub-?groups?|subsets?)\b", re.IGNORECASE)),
    ("subgroup", re.compile(r"\b(?:in|among)\s+(?:the\s+)?(?:sub-?group|subset)\s+(?:of|with)\s+(?P<g>[^,;.()]{2,60})", re.IGNORECASE)),
    ("subgroup", re.compile(_WORDS + r"\s*亚组(?!的?分析)")),
    ("population", re.compile(r"\b(?:in|among)\s+(?:the\s+)?(?:\d+\s+)?patients\s+(?P<g>(?:with|who|harbou?ring|without)\s+[^,;.()]{2,60}?)"
                              r"(?=\s*(?:,|;|\(|\bthe\b|\bwas\b|\bwere\b|$))", re.IGNORECASE)),
    ("population", re.compile(r"在\s*(?P<g>[^，,。；;]{2,30}?)\s*(?:的)?患者中")),
]


def subgroup(sentence: str) -> tuple[str, str] | None:
    """Return ``(kind, words)``: the subgroup or population ``sentence`` names for its numbers, as
    written (kind ``subgroup`` or ``population``), else None.

    >>> subgroup("In the limited-stage subgroup, median OS was 9.1 months.")
    ('subgroup', 'limited-stage')
    >>> subgroup("在 EGFR 突变患者中, ORR 为 30%。")
    ('population', 'EGFR 突变')
    >>> subgroup("ALTER0303 研究亚组分析显示, PFS 获益") is None
    True
    >>> subgroup("The ORR was 20% in 45 patients.") is None
    True
    """
    for kind, rx in _NAMED:
        m = rx.search(sentence)
        if m:
            return kind, m.group("g").strip()
    return None


def note(kind: str, words: str) -> str:
    """The ``kg:note`` a drafted measure carries for its subgroup or population.

    >>> note("subgroup", "limited-stage")
    'subgroup as written: limited-stage'
    """
    return f"{kind} as written: {words}"


def open_note(notes) -> tuple[str, bool] | None:
    """``(note, blocks)`` for the first subgroup or population note among ``notes``, else None;
    only a subgroup blocks confirming (a population may be all the study's patients).

    >>> open_note(["comparator read from a title", "subgroup as written: limited-stage"])
    ('subgroup as written: limited-stage', True)
    """
    for text in notes:
        kind = next((k for k in KINDS if text.startswith(note(k, ""))), None)
        if kind:
            return text, kind == "subgroup"
    return None
