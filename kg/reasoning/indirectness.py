"""Indirectness: why one piece of support bears only indirectly on the question, whatever the chain.

For one support record (built once by :mod:`kg.graph.projection`) it names the reasons that step its
certainty down and where it starts: shown in animals or in vitro, in another cancer, a flagged
citation mismatch (where the cited work does not study the claim, it counts no more than the
review's own statement), an inferred design, a meta-analysis of non-randomised studies (it starts
from the design it pooled). The reasons and their steps are the schema's (``kg:CertaintyReason``).

>>> from kg.store.loading import load_graph
>>> from kg.model import read_model
>>> model = read_model(load_graph(curated=False))
>>> start, reasons = support_reasons({"rank": 3, "level_id": "kg:AnimalModel", "species": ["mouse"],
...     "diseases": [], "mismatches": [], "design_inferred": False, "pooled_rank": None}, model, frozenset())
>>> start, [r.reason for r in reasons], reasons[0].detail
(3, ['kg:OtherSpecies'], 'in mouse')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.model import Model
from kg.reasoning.phrases import Words, as_words, join, level_words, say, schema_words, species

HOME_DISEASE = "ent:lung_cancer"    # the graph's question is lung cancer: evidence elsewhere is indirect


@dataclass(frozen=True)
class Applied:
    """One reason as it applies to a hop or a support: the reason's CURIE, its words and what it is about
    (``label_zh`` and ``detail_zh`` in Chinese: :mod:`kg.reasoning.phrases`).

    >>> Applied("kg:OtherSpecies", "not in patients", "in mouse")
    Applied(reason='kg:OtherSpecies', label='not in patients', detail='in mouse', steps=1)
    """

    reason: str
    label: str
    detail: str = ""
    steps: int = 1
    label_zh: str = field(default="", repr=False, compare=False)
    detail_zh: str = field(default="", repr=False, compare=False)

    def to_dict(self) -> dict:
        """Return the reason JSON-ready: reason, label, detail, steps, and the Chinese label_zh, detail_zh.

        >>> Applied("kg:OtherCancerContext", "another cancer", "in neuroblastoma", 1, "其他癌种", "在神经母细胞瘤中").to_dict()
        {'reason': 'kg:OtherCancerContext', 'label': 'another cancer', 'detail': 'in neuroblastoma', 'steps': 1, 'label_zh': '其他癌种', 'detail_zh': '在神经母细胞瘤中'}
        """
        return {"reason": self.reason, "label": self.label, "detail": self.detail, "steps": self.steps,
                "label_zh": self.label_zh, "detail_zh": self.detail_zh}


def applied(model: Model, reason: str, detail: Words | str = "", *, label: Words | None = None,
            steps: int | None = None) -> Applied:
    """Return the schema's ``reason`` with a ``detail`` (:class:`~kg.reasoning.phrases.Words`, or text the same in
    both languages), ready to list on a hop: its words and steps from ``model`` unless ``label`` and ``steps`` are given.

    >>> from kg.examples import toy_projection
    >>> found = applied(toy_projection().graph["model"], "kg:OtherSpecies", "in mouse")
    >>> found, found.label_zh
    (Applied(reason='kg:OtherSpecies', label='not in patients', detail='in mouse', steps=1), '非患者证据')
    """
    found = model.reasons[reason]
    words, detail = label or schema_words(found), as_words(detail)
    return Applied(reason, words.en, detail.en, found.steps if steps is None else steps, words.zh, detail.zh)


def reason_words(reason: dict, lang: str = "en") -> str:
    """Return a reason as a hop lists it (its :meth:`Applied.to_dict`) in ``lang``: its words, what it is about,
    and −N when it steps more than once.

    >>> reason_words({"label": "another cancer", "detail": "in neuroblastoma", "steps": 1})
    'another cancer (in neuroblastoma)'
    >>> reason_words({"label": "cited work does not study the claim", "detail": "", "steps": 6})
    'cited work does not study the claim −6'
    >>> reason_words({"label": "another cancer", "label_zh": "其他癌种", "detail": "in HCC", "detail_zh": "在肝癌中",
    ...               "steps": 1}, lang="zh")
    '其他癌种（在肝癌中）'
    """
    return reason_phrase(reason).pick(lang)


def reason_phrase(reason: dict) -> Words:
    """Return :func:`reason_words` in both languages (a record without ``_zh`` fields: its English words in both).

    >>> reason_phrase({"label": "design inferred", "label_zh": "设计系推断", "detail": "", "steps": 1})
    Words(en='design inferred', zh='设计系推断')
    """
    label = Words(reason["label"], reason.get("label_zh", ""))
    detail = Words(reason["detail"], reason.get("detail_zh", ""))
    text = say("reason", label=label, detail=detail) if reason["detail"] else label
    return say("reason_steps", text=text, steps=reason["steps"]) if reason["steps"] != 1 else text


def support_reasons(support: dict, model: Model, home: frozenset, names=None) -> tuple[int, list[Applied]]:
    """Return ``(start, reasons)`` for one support: the rank of its design and the reasons that apply to
    it alone, each with the steps it takes (see the module docstring). ``home``: the diseases of the question (lung cancer and
    narrower); ``names`` a node → name function for the details (:func:`kg.reasoning.phrases.names`).

    A phase 3 trial in another cancer whose citation studies another drug: its design is not credited.

    >>> from kg.examples import toy_projection
    >>> model = toy_projection().graph["model"]
    >>> support = {"rank": 8, "level_id": "kg:RandomizedPhase3", "species": [], "diseases": ["ent:HCC"],
    ...            "mismatches": ["kg:OtherDrug"], "design_inferred": False, "pooled_rank": None}
    >>> start, reasons = support_reasons(support, model, frozenset({"ent:lung_cancer", "ent:NSCLC"}))
    >>> start, [(r.label, r.steps) for r in reasons]
    (8, [('another cancer', 1), ('citation mismatch', 1), ('cited work does not study the claim', 6)])
    """
    names = names or (lambda node: node)
    level = model.level(support["level_id"])
    start, reasons = support["rank"], []
    if level is not None and level.pools:
        pooled, detail = _pooled(support, model)
        if pooled is not None and not pooled.randomised and pooled.rank < start:
            reasons.append(applied(model, "kg:PooledNonRandomised", say("starts_from", how=detail, level=schema_words(pooled)),
                                   steps=start - pooled.rank))
    non_human = [s for s in support["species"] if s != "human"]
    if non_human or (level is not None and level.preclinical):
        reasons.append(applied(model, "kg:OtherSpecies",
                               say("in", where=join(map(species, non_human), "list")) if non_human else ""))
    if support["diseases"] and home and not home.intersection(support["diseases"]):
        reasons.append(applied(model, "kg:OtherCancerContext", say("in", where=join(map(names, support["diseases"]), "list"))))
    # A mismatch with a concern is judged by that reason alone: "the cited work is in another cancer" counts as
    # another cancer when the support is outside lung cancer, and not at all for a lung-cancer question when it is in.
    flagged = [model.mismatches[m] for m in support["mismatches"] if m in model.mismatches]
    unjudged = [m for m in flagged if m.concern is None]
    if unjudged:
        reasons.append(applied(model, "kg:FlaggedMismatch", join(map(schema_words, unjudged), "clauses")))
    if support["design_inferred"]:
        reasons.append(applied(model, "kg:DesignInferred"))
    cap = model.reasons["kg:FlaggedMismatch"].caps_at
    now = start - sum(r.steps for r in reasons)
    if cap is not None and now > cap and uncredited(support, model):
        design = level_words(model, level.label) if level is not None else str(start)
        reasons.append(applied(model, "kg:FlaggedMismatch", say("not_credited", design=design),
                               label=say("not_credited_label"), steps=now - cap))
    return start, reasons


def uncredited(support: dict, model: Model) -> bool:
    """Return whether a support cites work flagged as not studying its claim (its design and references do not count).

    >>> from kg.examples import toy_projection
    >>> model = toy_projection().graph["model"]
    >>> uncredited({"mismatches": ["kg:OtherDrug"]}, model), uncredited({"mismatches": ["kg:OtherLine"]}, model)
    (True, False)
    """
    return any(not model.mismatches[m].credits_design for m in support["mismatches"] if m in model.mismatches)


def _pooled(support: dict, model: Model):
    """The design a meta-analysis pooled, with words on how it is known: stated (``kg:pooledDesign``), or a
    pooled estimate of one arm with no comparator, which no randomised comparison can give."""
    if support["pooled_rank"] is not None:
        return model.at_rank(support["pooled_rank"]), say("pooled_as_stated")
    if support.get("value") is not None and support.get("comparator_value") is None and not support.get("comparator_arm"):
        best = max((lvl for lvl in model.levels if not (lvl.randomised or lvl.pools or lvl.preclinical)), default=None)
        return best, say("pooled_one_arm")
    return None, ""
