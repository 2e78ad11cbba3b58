"""Phrases: every sentence the reasoning writes about a chain, in English and in Chinese, owned here.

The reasoning (:mod:`kg.reasoning.indirectness`, :mod:`kg.reasoning.attribution`,
:mod:`kg.reasoning.certainty`) decides *what* to say once and says it through :func:`say`, which
fills one template in both languages: a :class:`Words` pair. The English half is what the records
always held (``detail``, ``inferred``, ``why``...); the Chinese half goes into the ``_zh`` twin of
each field. Entity names come in both languages from the graph (:func:`names`); the words the schema
owns (relations, steps, reasons, levels, grades, mismatch kinds) come from its @en and @zh labels.
What has no Chinese label (a study's name, a CURIE, a DOI) stays as written.

>>> say("in", where=Words("mouse", "小鼠"))
Words(en='in mouse', zh='在小鼠中')
>>> say("with", partners=join([Words("PD-1 inhibitor", "PD-1抑制剂"), "radiation"], "list"))
Words(en='with PD-1 inhibitor, radiation', zh='联合PD-1抑制剂、radiation')
"""

from __future__ import annotations

from typing import Iterable, NamedTuple


class Words(NamedTuple):
    """One phrase in English and in Chinese.

    >>> Words("increases", "增加").pick("zh"), Words("increases", "增加").pick("en")
    ('增加', 'increases')
    """

    en: str
    zh: str

    def pick(self, lang: str) -> str:
        """Return the phrase in ``lang`` ("zh" for Chinese, anything else English; English where the Chinese is empty).

        >>> Words("CCL5", "").pick("zh")
        'CCL5'
        """
        return (self.zh or self.en) if lang == "zh" else self.en


# One template per phrase: (English, Chinese), with the same {fields}.
TEMPLATES = {
    # indirectness: what a support's own reasons are about
    "in": ("in {where}", "在{where}中"),
    "pooled_as_stated": ("pooled studies as stated", "所汇总研究的设计如文中所述"),
    "pooled_one_arm": ("a pooled estimate of one arm, with no comparator", "单臂汇总估计，无对照"),
    "starts_from": ("{how}: starts from {level}", "{how}：起点为{level}"),
    "not_credited_label": ("cited work does not study the claim", "所引研究并未研究该论断"),
    "not_credited": ("its design, {design}, is not credited", "其设计（{design}）不计入"),
    # attribution: what a structural step concludes, and whose effect a hop shows
    "class_level_step": ("class-level: the next hop is evidence about {broader}, not {node} itself ({node} {step} it)",
                         "类别层面：下一步是关于{broader}的证据，而非{node}本身（{node}{step}{broader}）"),
    "inferred_step": ("{agent} {relation} {node}, so it {relation} {broader} ({node} {step} it)",
                      "{agent}{relation}{node}，因此也{relation}{broader}（{node}{step}{broader}）"),
    "evidence_about": ("evidence about {broader}, not {agent} itself", "证据针对{broader}，而非{agent}本身"),
    "comparison": ("{study}: {arm} vs {other}", "{study}：{arm} 对比 {other}"),
    "no_add_on_arm": ("{study} has no arm of {partners} without {drug} to compare with",
                      "{study}没有不含{drug}的{partners}组可供比较"),
    # certainty: a hop's conditions and contest, a chain's why
    "as_a_whole": ("{regimen} as a whole", "{regimen}整体"),
    "with": ("with {partners}", "联合{partners}"),
    "no_step_condition": ("{partner} (on the chain or in the question: no step)", "{partner}（位于链条上或问题中：不降级）"),
    "does_not_support": ("{assertion} does not support it", "{assertion}不支持该关系"),
    "contested_claim": ("{assertion}: {claim}", "{assertion}：{claim}"),
    "reason": ("{label} ({detail})", "{label}（{detail}）"),
    "reason_steps": ("{text} −{steps}", "{text} −{steps}"),
    "hop": ("{source} {relation} {target}", "{source} {relation} {target}"),
    "why": ("certainty {grade} ({certainty}/{top}): weakest hop '{hop}', {level} ({rank}) − {reasons}; "
            "{publications} publication(s) at that certainty; {hops} hop(s)",
            "确定性{grade}（{certainty}/{top}）：最弱一步「{hop}」，{level}（{rank}）− {reasons}；"
            "该确定性的文献 {publications} 篇；共 {hops} 步"),
    "direct_claim": ("; a direct claim: it names no mechanism in between", "；直接论断：未指明其间的机制"),
    "why_structure": ("structure only ({hops} step(s)): no evidence to weaken it", "仅结构（{hops} 步）：没有使其减弱的证据"),
    "no_step": ("no step down", "未降级"),
    "no_level": ("no level", "无等级"),
    # polarity: a chain's net effect and what it means for the patient
    "increases": ("increases", "增加"),
    "decreases": ("decreases", "减少"),
    "unknown": ("unknown", "方向未知"),
    "better": ("better", "对患者更优"),
    "worse": ("worse", "对患者更差"),
}
SEPARATORS = {"list": (", ", "、"), "clauses": ("; ", "；"), "arrow": (" → ", " → "), "none": ("", "")}
# The species a support names (``kg:species`` literals); one not listed stays as written.
SPECIES_ZH = {"human": "人", "mouse": "小鼠", "rat": "大鼠", "zebrafish": "斑马鱼"}


def as_words(part) -> Words:
    """Return ``part`` as :class:`Words`: a plain value is the same in both languages (a name, a CURIE, a number).

    >>> as_words(3), as_words(Words("a", "甲"))
    (Words(en='3', zh='3'), Words(en='a', zh='甲'))
    """
    return part if isinstance(part, Words) else Words(str(part), str(part))


def say(key: str, **parts) -> Words:
    """Return the phrase ``key`` of :data:`TEMPLATES` with its fields filled, in both languages.

    Each part is :class:`Words` or a plain value (the same in both languages).

    >>> say("as_a_whole", regimen=Words("anlotinib + PD-1 inhibitor", "安罗替尼 + PD-1抑制剂"))
    Words(en='anlotinib + PD-1 inhibitor as a whole', zh='安罗替尼 + PD-1抑制剂整体')
    """
    en, zh = TEMPLATES[key]
    filled = {name: as_words(part) for name, part in parts.items()}
    return Words(en.format(**{n: w.en for n, w in filled.items()}), zh.format(**{n: w.pick("zh") for n, w in filled.items()}))


def join(parts: Iterable, separator: str) -> Words:
    """Return ``parts`` joined by the ``separator`` of :data:`SEPARATORS` of each language ("list", "clauses", "arrow",
    "none").

    >>> join([Words("a", "甲"), "b"], "clauses")
    Words(en='a; b', zh='甲；b')
    """
    parts = [as_words(p) for p in parts]
    en, zh = SEPARATORS[separator]
    return Words(en.join(p.en for p in parts), zh.join(p.pick("zh") for p in parts))


def names(G):
    """Return a function giving a node's name in both languages (its @zh label where it has one; the node id when unknown).

    >>> from kg.examples import toy_projection
    >>> name = names(toy_projection())
    >>> name("ent:KDR"), name("ent:nowhere")
    (Words(en='VEGFR2', zh='血管内皮生长因子受体2'), Words(en='ent:nowhere', zh=''))
    """
    def name(node: str) -> Words:
        attrs = G.nodes[node] if node in G else {}
        return Words(attrs.get("label", node), attrs.get("label_zh", ""))
    return name


def species(name: str) -> Words:
    """Return a species literal in both languages.

    >>> species("mouse"), species("dog")
    (Words(en='mouse', zh='小鼠'), Words(en='dog', zh=''))
    """
    return Words(name, SPECIES_ZH.get(name, ""))


def schema_words(found, fallback: str = "") -> Words:
    """Return a schema term's words (anything with ``label`` and ``label_zh``: a relation, step, reason, level,
    mismatch kind), or ``fallback`` in both languages when the schema lacks it.

    >>> from kg.store.loading import load_graph
    >>> from kg.model import read_model
    >>> schema_words(read_model(load_graph(curated=False)).steps["kg:hasParticipant^"])
    Words(en='participates in', zh='参与')
    >>> schema_words(None, "kg:somethingElse")
    Words(en='kg:somethingElse', zh='')
    """
    return Words(found.label, found.label_zh) if found is not None else Words(fallback, "")


def level_words(model, label: str) -> Words:
    """Return an evidence level's words, from its English label (the schema's @zh label beside it).

    >>> from kg.store.loading import load_graph
    >>> from kg.model import read_model
    >>> level_words(read_model(load_graph(curated=False)), "in vitro").zh != ""
    True
    """
    found = next((lvl for lvl in model.levels if lvl.label == label), None) if model is not None else None
    return Words(label, found.label_zh if found is not None else "")


def grade_words(model, certainty: int) -> Words:
    """Return the certainty grade of ``certainty`` in both languages (:meth:`kg.model.Model.grade`).

    >>> from kg.store.loading import load_graph
    >>> from kg.model import read_model
    >>> grade_words(read_model(load_graph(curated=False)), 2)
    Words(en='very low', zh='极低')
    """
    return Words(model.grade(certainty), model.grade(certainty, lang="zh"))
