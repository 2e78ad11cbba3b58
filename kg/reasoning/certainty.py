"""Certainty: a hop's from its design and named reasons, a chain's from its weakest hop, and the ranking.

GRADE's way, per link of a chain. Each supporting assertion starts from its design (its rank on
the evidence scale) and steps down once for each reason that applies to it (see
:mod:`kg.reasoning.indirectness` and :mod:`kg.reasoning.attribution`): other species or in vitro,
another cancer, class-level, a combination not isolated, a co-treatment, a flagged citation, an
inferred design, contested in the same context, pooled non-randomised studies. A hop is as certain
as its best support after those steps; a chain as its weakest hop. Chains rank by that certainty;
at equal certainty one that gives a direction, uncontested, in one context first; then by the
independent publications at it, then by length, then by the hub penalty.

>>> from types import SimpleNamespace as Ranked
>>> directed = Ranked(certainty=3, net_effect="increases", contested=False, mixed_context=False,
...                   publications_at_weakest=1, hops=[1, 2], dwpc=0.5)
>>> undirected = Ranked(certainty=3, net_effect="unknown", contested=False, mixed_context=False,
...                     publications_at_weakest=4, hops=[1], dwpc=0.9)
>>> sorted([undirected, directed], key=chain_key)[0] is directed
True
"""

from __future__ import annotations

from kg.reasoning import attribution, indirectness, polarity
from kg.reasoning.phrases import Words, grade_words, join, level_words, names, say

STRUCTURAL = float("inf")       # structure never weakens a chain


def base_evidence(G, data: dict, flt) -> dict | None:
    """Return the context-free part of an edge's assessment under ``flt``: the supports that pass it, each
    with its design start and own reasons; None when the edge cannot be walked.

    Worked out once per edge (the search caches it): what depends on the chain is added by
    :func:`assess_hop`.

    >>> from kg.examples import toy_projection
    >>> from kg.query.paths import EdgeFilter
    >>> G = toy_projection()
    >>> base = base_evidence(G, G.edges["ent:anlotinib", "ent:CCL5", "kg:increases"], EdgeFilter())
    >>> base["estimate"], base["sign"]        # a mouse study (rank 3), one step down: not in patients
    (2, 1)
    >>> base_evidence(G, G.edges["ent:anlotinib", "ent:CCL5", "kg:increases"], EdgeFilter(min_rank=4)) is None
    True
    >>> base_evidence(G, G.edges["ent:anlotinib", "ent:regimen-anlotinib", "kg:hasComponent^"], EdgeFilter())
    {'structural': True, 'estimate': inf}
    """
    if data.get("structural"):
        step = G.graph["model"].steps.get(data.get("predicate"))
        return {"structural": True, "estimate": STRUCTURAL} if step is not None and step.walked else None
    if not data.get("causal", True):
        return None
    if data.get("external"):        # a plain triple of another graph: nobody assessed it
        return None if data["rank"] < flt.min_rank else {"structural": False, "external": True, "estimate": -1}
    kept = [s for s in data.get("support", []) if flt.keeps(s)]
    favour = [s for s in kept if not s["against"] and s["rank"] >= flt.min_rank]    # each support meets --min-evidence
    if not favour:
        return None
    model, home = G.graph["model"], flt.home(G)
    assessed = [(s, *indirectness.support_reasons(s, model, home, names(G))) for s in favour]
    return {"structural": False, "external": False, "support": kept, "assessed": assessed,
            "against": [s for s in kept if s["against"]], "sign": polarity.hop_sign(favour),
            "estimate": max(start - sum(r.steps for r in reasons) for _, start, reasons in assessed)}


def assess_hop(G, walked: list, u: str, v: str, key: str, base: dict, question, flt) -> dict | None:
    """Return the record of the hop ``u → v`` (edge ``key``) after ``walked``, or None if the chain may
    not take it: its design, certainty, grade, named reasons, the publications at that certainty,
    its conditions and what it inferred. This is the ranking function :func:`kg.query.paths.find_chains` takes.

    The same mouse study, shown with a PD-1 inhibitor: no step down when the question is the response
    to PD-1 blockade, a co-treatment step otherwise.

    >>> from kg.examples import toy_projection
    >>> from kg.query.paths import EdgeFilter, Question
    >>> G, flt = toy_projection(), EdgeFilter()
    >>> u, v, key = "ent:CCL5_CD8_axis", "ent:ICI_response", "kg:increases"
    >>> base = base_evidence(G, G.edges[u, v, key], flt)
    >>> for target in ("ent:ICI_response", "ent:CD8_T_infiltration"):
    ...     hop = assess_hop(G, [], u, v, key, base, Question(u, target), flt)
    ...     print(hop["design"], hop["certainty"], [r["label"] for r in hop["reasons"]])
    animal model (in vivo) 2 ['not in patients']
    animal model (in vivo) 1 ['not in patients', 'co-treatment']
    """
    model = G.graph["model"]
    hop = {"source": u, "target": v, "key": key, "structural": base["structural"]}
    if base["structural"]:
        if not attribution.may_take(model, walked, key):
            return None
        inferred = attribution.step_inference(G, walked, u, v, key)
        return {**hop, "step": model.steps[key].kind, "certainty": STRUCTURAL, "design": "", "design_rank": STRUCTURAL,
                "reasons": [], "support": [], "sign": 1, "conditions": [], "at_certainty": [], "isolated_by": "",
                "inferred": inferred.en, "inferred_zh": inferred.zh, "contested": False, "mismatched": False}
    if base["external"]:
        if flt.min_certainty > -1:
            return None
        level = model.at_rank(-1)
        return {**hop, "step": None, "certainty": -1, "design": level.label, "design_rank": -1, "reasons": [],
                "support": [], "sign": 0, "conditions": [], "inferred": "", "isolated_by": "", "at_certainty": [],
                "contested": False, "mismatched": False}
    context, combination = attribution.context_reasons(G, walked)
    if flt.direct_only and any(model.reasons[r.reason].inference for r in context):
        return None
    contested = _contested(base)
    if contested.en:
        context = context + [indirectness.applied(model, "kg:ContestedInContext", contested)]
    name, excused, graded, none = names(G), None, [], Words("", "")
    for support, start, reasons in base["assessed"]:
        extra, isolated_by, partners = [], none, []
        if combination is not None:
            isolated_by = attribution.isolating_comparison(G, *combination, support) or none
            if not isolated_by.en:
                extra.append(indirectness.applied(model, "kg:CombinationNotIsolated", say("as_a_whole", regimen=name(combination[1]))))
        if support["partners"]:
            if excused is None:
                excused = attribution.excused_partners(G, {question.source, u, v, *(h["source"] for h in walked)},
                                                       question.target)
            partners = attribution.co_treatments(G, support, excused)
            if partners:
                extra.append(indirectness.applied(model, "kg:CoTreatment", say("with", partners=join(map(name, partners), "list"))))
            # Partners that are no condition (in the question, on the chain): the drug's share of the
            # result is its add-on effect, which only a comparison against the partners alone shows.
            add_on = None if combination is not None else attribution.add_on_comparison(
                G, u, support, set(support["partners"]) - set(partners) - {u})
            if add_on is not None and add_on[0]:
                isolated_by = add_on[1]
            elif add_on is not None:
                extra.append(indirectness.applied(model, "kg:CombinationNotIsolated", add_on[1]))
        if flt.direct_only and any(model.reasons[r.reason].inference for r in extra):
            continue
        applied = reasons + context + extra
        graded.append((max(start - sum(r.steps for r in applied), 0), start, support, applied, isolated_by, partners))
    if not graded:
        return None
    certainty, start, best, reasons, isolated_by, conditions = max(graded, key=lambda g: (g[0], g[1], -len(g[3])))
    if certainty < flt.min_certainty:
        return None
    # Publications at that certainty: those whose work is credited (a cited work that does not study the claim is not).
    at_certainty = sorted({ref["publication"] for c, _, s, *_ in graded if c == certainty
                           and not indirectness.uncredited(s, model) for ref in s["refs"]})
    # Through a combination, only a comparison that isolates the drug says which way the drug moves the endpoint.
    sign = base["sign"] if combination is None else polarity.hop_sign(s for _, _, s, _, iso, _ in graded if iso.en)
    shown = [name(p) if p in conditions else say("no_step_condition", partner=name(p))
             for p in best["partners"] if not G.nodes.get(p, {}).get("inert")]
    return {**hop, "step": None, "certainty": certainty, "design": best["level"], "design_rank": start,
            "reasons": [r.to_dict() for r in reasons], "support": base["support"], "sign": sign,
            "conditions": [c.en for c in shown], "conditions_zh": [c.pick("zh") for c in shown],
            "inferred": "", "inferred_zh": "", "isolated_by": isolated_by.en, "isolated_by_zh": isolated_by.zh,
            "at_certainty": at_certainty,
            "contested": bool(contested.en),
            "mismatched": any(s["mismatches"] for s in base["support"])}


def chain_key(chain) -> tuple:
    """Return the sort key of a chain: certainty; at equal certainty a chain that gives a direction before one
    that cannot, uncontested before contested, one context before mixed ones; then publications at
    its certainty, length and hub penalty.

    >>> from types import SimpleNamespace
    >>> chain_key(SimpleNamespace(certainty=3, net_effect="increases", contested=False, mixed_context=False,
    ...                           publications_at_weakest=2, hops=[1, 2], dwpc=0.5))
    (-3, False, False, False, -2, 2, -0.5)
    """
    return (-chain.certainty, chain.net_effect == "unknown", chain.contested, chain.mixed_context,
            -chain.publications_at_weakest, len(chain.hops), -chain.dwpc)


def why(chain, model, lang: str = "en") -> str:
    """Return one line on why a chain ranks where it does, in ``lang``: its weakest hop, that hop's design and
    reasons, the publications at its certainty and its length (:func:`why_words` picked in one language).

    >>> from kg.examples import toy_projection
    >>> from kg.query.paths import find_chains
    >>> G = toy_projection()
    >>> print(why(find_chains(G, "ent:anlotinib", "ent:CCL5")[0], G.graph["model"]))
    certainty very low (2/9): weakest hop 'anlotinib increases CCL5', animal model (in vivo) (3) − not in patients (in mouse); 1 publication(s) at that certainty; 1 hop(s); a direct claim: it names no mechanism in between
    >>> print(why(find_chains(G, "ent:anlotinib", "ent:regimen-anlotinib")[0], G.graph["model"]))
    structure only (1 step(s)): no evidence to weaken it
    """
    return why_words(chain, model).pick(lang)


def why_words(chain, model) -> Words:
    """Return :func:`why` in both languages; the hops' ``source_label_zh``, ``target_label_zh`` and
    ``relation_zh`` name them in Chinese.

    >>> from kg.examples import toy_projection
    >>> from kg.query.paths import find_chains
    >>> G = toy_projection()
    >>> print(why_words(find_chains(G, "ent:anlotinib", "ent:CCL5")[0], G.graph["model"]).zh)
    确定性极低（2/9）：最弱一步「安罗替尼 增加/促进 CC趋化因子配体5」，动物实验（3）− 非患者证据（在小鼠中）；该确定性的文献 1 篇；共 1 步；直接论断：未指明其间的机制
    """
    if chain.certainty == STRUCTURAL:
        return say("why_structure", hops=len(chain.hops))
    weak = next(h for h in chain.hops if h.weakest)
    reasons = join(map(indirectness.reason_phrase, weak.reasons), "clauses") if weak.reasons else say("no_step")
    hop = say("hop", source=Words(weak.source_label, getattr(weak, "source_label_zh", "")),
              relation=Words(weak.relation, weak.relation_zh), target=Words(weak.target_label, getattr(weak, "target_label_zh", "")))
    said = say("why", grade=grade_words(model, chain.certainty), certainty=chain.certainty, top=model.top_rank, hop=hop,
               level=level_words(model, weak.level) if weak.level else say("no_level"), rank=weak.rank, reasons=reasons,
               publications=chain.publications_at_weakest, hops=len(chain.hops))
    return join([said, say("direct_claim")], "none") if len(chain.hops) == 1 else said


def _contested(base: dict) -> Words:
    """Words (both languages) for the evidence against this hop in the same context ('' if none): a result that does not
    support it in the same disease and population as a support (a null subgroup does not contest the
    whole trial), or an opposite claim (:mod:`kg.reasoning.contradictions`)."""
    favour = [s for s, _, _ in base["assessed"]]
    said = []
    for s in base["against"]:
        if any(_same_context(s, f) for f in favour):
            said.append(say("does_not_support", assertion=s["assertion"]))
    for s in favour:
        said.extend(say("contested_claim", assertion=c["assertion"], claim=Words(c["claim"], c.get("claim_zh", "")))
                    for c in s.get("contested_by", []) if c["same_context"])
    return join(sorted(set(said)), "clauses")


def _same_context(a: dict, b: dict) -> bool:
    """Whether two supports share their context: overlapping (or unstated) diseases, the same (or an unstated) population."""
    diseases = not a["diseases"] or not b["diseases"] or bool(set(a["diseases"]) & set(b["diseases"]))
    return diseases and (not a["population"] or not b["population"] or a["population"] == b["population"])


