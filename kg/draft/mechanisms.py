"""Mechanisms: candidate assertions from sentences naming two known entities around a relation cue.

>>> cue_relation("anlotinib inhibits VEGFR2")
('kg:inhibits', 'inhibits', 10)
>>> hedge("安罗替尼可能通过抑制血管生成起效"), hedge("Anlotinib inhibits VEGFR2.")
('可能', None)
"""

from __future__ import annotations

import re

# (predicate, cue); the first cue after the subject decides.
CUES = [
    ("kg:inhibits", r"inhibit(?:s|ed|ing)?|suppress(?:es|ed|ing)?|block(?:s|ed|ing)?|抑制|阻断|拮抗"),
    ("kg:activates", r"activat(?:es|ed|ing|e)|激活|活化"),
    ("kg:decreases", r"decreas(?:es|ed|ing|e)|reduc(?:es|ed|ing|e)|down-?regulat(?:es|ed|ing|e)|降低|下调|减少|减弱|削弱"),
    ("kg:increases", r"increas(?:es|ed|ing|e)|up-?regulat(?:es|ed|ing|e)|enhanc(?:es|ed|ing|e)|promot(?:es|ed|ing|e)|induc(?:es|ed|ing|e)|"
                     r"增加|上调|促进|诱导|增强|提高|升高"),
    ("kg:synergizesWith", r"synergi[sz](?:es|ed|ing|e)\s+with|协同"),
]
_CUE_RX = re.compile("|".join(f"(?P<c{i}>{rx})" for i, (_, rx) in enumerate(CUES)), re.IGNORECASE)
HEDGES = re.compile(r"\b(?:may|might|could|possibly|potentially|perhaps|is expected to|are expected to|has the potential to|"
                    r"have the potential to|suggest(?:s|ed)? that)\b|可能|或许|也许|推测|有望|潜力|理论上", re.IGNORECASE)
NEGATION = re.compile(r"(?:did not|does not|do not|not|no|failed to|未能|未|不能|不|没有|无)\s*(?:significantly\s*|显著\s*|明显\s*)?$",
                      re.IGNORECASE)
SKIP_CLASSES = {"kg:Endpoint", "kg:PatientPopulation", "kg:TreatmentSetting", "kg:Disease", "kg:Study"}


def cue_relation(text: str, start: int = 0, end: int | None = None) -> tuple[str, str, int] | None:
    """Return ``(predicate CURIE, cue words, offset)`` of the first relation cue in ``text[start:end]``, else None.

    >>> cue_relation("安罗替尼可下调 PD-L1 表达")
    ('kg:decreases', '下调', 5)
    """
    m = _CUE_RX.search(text, start, len(text) if end is None else end)
    if not m:
        return None
    return CUES[int(m.lastgroup[1:])][0], m.group(0), m.start()


def hedge(text: str) -> str | None:
    """Return the hedge word of ``text`` (may, 可能, 有望 …), None when it states a finding.

    >>> hedge("It could raise CD8+ T cell infiltration.")
    'could'
    """
    m = HEDGES.search(text)
    return m.group(0) if m else None


def candidates(sentence: str, mentions) -> list[dict]:
    """Return candidate assertions of one sentence: for each relation cue, the nearest known entity
    before it (subject) and after it (object), with the direction (a negated cue does not support)
    and the hedge word.

    ``mentions`` are :class:`kg.draft.entities.Mention` of the sentence.

    >>> from kg.draft.entities import Mention
    >>> ms = [Mention(0, 9, "anlotinib", "ent:anlotinib", "kg:Drug"), Mention(19, 25, "VEGFR2", "ent:KDR", "kg:Target")]
    >>> [(c["subject"], c["predicate"], c["object"], c["supports"]) for c in candidates("anlotinib inhibits VEGFR2", ms)]
    [('ent:anlotinib', 'kg:inhibits', 'ent:KDR', True)]
    """
    known = [m for m in mentions if m.cls not in SKIP_CLASSES]
    out = []
    for m in _CUE_RX.finditer(sentence):
        before = [k for k in known if k.end <= m.start()]
        after = [k for k in known if k.start >= m.end()]
        if not before or not after or before[-1].node == after[0].node:
            continue
        if after[0].start - m.end() > 40 or m.start() - before[-1].end > 60:
            continue
        predicate = CUES[int(m.lastgroup[1:])][0]
        out.append({"subject": before[-1].node, "predicate": predicate, "object": after[0].node,
                    "cue": m.group(0), "supports": not NEGATION.search(sentence[max(0, m.start() - 12):m.start()]),
                    "hedge": hedge(sentence), "subject_text": before[-1].text, "object_text": after[0].text})
    return out
