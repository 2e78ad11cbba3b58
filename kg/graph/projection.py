"""The NetworkX projection: entities as nodes, relations as edges carrying their evidence.

Each edge of the :class:`networkx.MultiDiGraph` is one relation between two entities
(key: the predicate's CURIE). An edge made from assertions carries their evidence; a
structural edge (family member, regimen component, pathway participant, arm of a study)
carries none and never weakens a chain.

>>> from kg.examples import toy_graph
>>> G = project(toy_graph())
>>> G.has_edge("ent:anlotinib", "ent:CCL5")
True
>>> G["ent:anlotinib"]["ent:CCL5"]["kg:increases"]["level"]
'animal model (in vivo)'
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.draft.marks import without_drafts
from kg.graph.external import add_external
from kg.graph.scope import broader_links
from kg.model import GENERALISES, REVERSE, Model, read_model
from kg.namespaces import KG, curie, label, labels
from kg.provenance import cited_publications, publication_index, reference
from kg.reasoning.contradictions import contested_by

def project(graph: Graph) -> nx.MultiDiGraph:
    """Return the entity graph of ``graph`` with evidence on every assertion-made edge (read-only: see
    :func:`add_external`).

    Nodes are CURIEs (``ent:KDR``) with ``label``, ``label_zh``, ``cls`` (class CURIE),
    ``xrefs``, ``better_when``, ``response_to``, ``inert``. Assertion edges have ``predicate``, ``label``,
    ``assertions``, ``level`` (the best design supporting the link), ``rank``, ``publications``,
    ``contested`` (some evidence does not support it), ``causal`` and ``support``: one record per
    assertion (see :func:`_support`), which every rule, query and page reads.
    ``G.graph["model"]`` is the schema's semantics (:mod:`kg.model`); ``G.graph["broader"]`` the ``skos:broader`` links;
    ``G.graph["above"]`` each node's broader family, whole or kind; ``G.graph["components"]`` each regimen's drugs;
    ``G.graph["arms"]`` each study arm's ``(regimen, study)``; ``G.graph["publications"]`` the publications by DOI and title;
    ``G.graph["context"]`` the ``(entity, predicate, label, Chinese label, entity)`` links that only place an entity (a study's
    population, setting and disease; a population's parent): pages draw them, chains never walk them.

    Triples of external graphs (see :func:`add_external`) become edges with ``external`` set and
    the level "external graph, not assessed"; their nodes are joined to ours by identifier.

    >>> from kg.examples import toy_graph
    >>> G = project(toy_graph())
    >>> G.nodes["ent:KDR"]["label"], G.nodes["ent:KDR"]["cls"], G.nodes["ent:KDR"]["xrefs"]
    ('VEGFR2', 'kg:Target', ['HGNC:6307', 'NCBIGene:3791'])
    >>> edge = G["ent:anlotinib"]["ent:CCL5"]["kg:increases"]
    >>> edge["assertions"], edge["rank"], edge["publications"], edge["contested"]
    (['asrt:toy-anlotinib-increases-CCL5'], 3, ['pub:Toy2024'], False)
    >>> G["ent:KDR"]["ent:VEGFR"]["kg:hasMember^"]["label"], G.graph["above"]["ent:KDR"]
    ('member of', ['ent:VEGFR'])
    >>> G.graph["components"]["ent:regimen-anlotinib-plus-PD1_inhibitor"], G.graph["arms"]["study:ToyTrial-placebo"]
    (['ent:PD1_inhibitor', 'ent:anlotinib'], ('ent:regimen-placebo', 'study:ToyTrial'))
    """
    graph = without_drafts(graph)       # a draft never enters chains (kg/draft/marks.py)
    G = nx.MultiDiGraph()
    entity_classes = set(graph.transitive_subjects(RDFS.subClassOf, KG.Entity)) - {KG.StudyArm}
    for cls in entity_classes:
        for node in graph.subjects(RDF.type, cls):
            if isinstance(node, URIRef):
                _add_node(G, graph, node)

    model = G.graph["model"] = read_model(graph)   # the schema's semantics travel with the projection (and its cache)
    ranks = {lvl.iri: lvl for lvl in model.levels}
    grouped = defaultdict(list)
    for assertion in graph.subjects(RDF.type, KG.Assertion):
        s, p, o = (graph.value(assertion, RDF.subject), graph.value(assertion, RDF.predicate),
                   graph.value(assertion, RDF.object))
        if isinstance(s, URIRef) and isinstance(o, URIRef) and p is not None:
            grouped[(s, p, o)].append(assertion)
    opposed = contested_by(graph)      # opposite claims about a subject and a part or kind of its object
    for (s, p, o), assertions in grouped.items():
        for node in (s, o):
            if curie(node) not in G:
                _add_node(G, graph, node)
        G.add_edge(curie(s), curie(o), key=curie(p), **_evidence(graph, p, assertions, ranks, model, opposed))

    above, components = defaultdict(list), defaultdict(set)
    for s, o in _structure_pairs(graph):
        for key, u, v in ((curie(s[1]), s[0], o), (curie(s[1]) + REVERSE, o, s[0])):
            step = model.steps.get(key)
            u, v = curie(u), curie(v)
            if step is not None and step.label and u in G and v in G:
                G.add_edge(u, v, key=key, predicate=key, label=step.label, label_zh=step.label_zh,
                           structural=True, causal=True, step=step.kind)
                if step.kind == GENERALISES:
                    above[u].append(v)
        if s[1] == KG.hasComponent and curie(s[0]) in G and curie(o) in G:
            components[curie(s[0])].add(curie(o))
    # Looked up by the rules for every hop: kept here so that a hub's thousands of edges are never scanned.
    G.graph["above"] = {node: sorted(up) for node, up in sorted(above.items())}     # member, part, kind → broader
    G.graph["components"] = {regimen: sorted(drugs) for regimen, drugs in sorted(components.items())}
    G.graph["broader"] = broader_links(graph)
    G.graph["context"] = _context(G, graph)
    G.graph["arms"] = _arms(graph)
    G.graph["publications"] = publication_index(graph)      # what a draft's citations resolve to (kg/draft)
    G = _canonical(G)
    add_external(G, graph)
    return G


def _canonical(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``G`` with nodes and edges in sorted order, so that ties break the same way on every store."""
    ordered = nx.MultiDiGraph(**G.graph)
    ordered.add_nodes_from(sorted(G.nodes(data=True)))
    ordered.add_edges_from(sorted(G.edges(keys=True, data=True), key=lambda edge: edge[:3]))
    return ordered


def _structure_pairs(graph: Graph):
    """Yield ``((subject, predicate), object)`` for every structural link the projection draws.

    Structure is what the schema calls kg:StructuralRelation; ``skos:broader`` counts between processes
    and cell types only (between diseases or populations it places an entity: context); a regimen is
    studied in the studies with an arm on it (kg:studiedIn, derived from kg:hasArm and kg:regimen).
    """
    kinds = {KG.BiologicalProcess, KG.CellType}
    for predicate in graph.subjects(RDF.type, KG.StructuralRelation):
        for s, o in graph.subject_objects(predicate):
            if predicate != SKOS.broader or {graph.value(s, RDF.type), graph.value(o, RDF.type)} <= kinds:
                yield (s, predicate), o
    for study, arm in graph.subject_objects(KG.hasArm):
        regimen = graph.value(arm, KG.regimen)
        if regimen is not None:
            yield (regimen, KG.studiedIn), study


# Predicates that say where an entity belongs rather than what it does.
CONTEXT = (KG.population, KG.setting, KG.disease, KG.subgroupOf, SKOS.broader)


def _context(G: nx.MultiDiGraph, graph: Graph) -> list[tuple[str, str, str, str, str]]:
    """The context links as ``(entity, predicate, label, Chinese label, entity)``."""
    links = set()
    kind_of = G.graph["model"].steps[curie(SKOS.broader)]
    for predicate in CONTEXT:
        names = labels(graph, predicate)
        en, zh = names.get("en", curie(predicate)), names.get("zh", "")
        if predicate == SKOS.broader:
            en, zh = kind_of.label, kind_of.label_zh
        for s, o in graph.subject_objects(predicate):
            u, v = curie(s), curie(o)
            if u in G and v in G and not G.has_edge(u, v, key=kind_of.key):
                links.add((u, curie(predicate), en, zh, v))
    return sorted(links)


def _arms(graph: Graph) -> dict[str, tuple[str, str]]:
    """Each study arm → ``(regimen, study)``: what a comparison between two arms compares."""
    arms = {}
    for study, arm in sorted(graph.subject_objects(KG.hasArm)):
        regimen = graph.value(arm, KG.regimen)
        if regimen is not None:
            arms[curie(arm)] = (curie(regimen), curie(study))
    return arms


def _add_node(G: nx.MultiDiGraph, graph: Graph, node: URIRef) -> None:
    names = labels(graph, node)
    classes = sorted(curie(c) for c in graph.objects(node, RDF.type))
    better = graph.value(graph.value(node, KG.betterWhen), KG.sign)
    G.add_node(curie(node), iri=str(node), label=names.get("en", curie(node)), label_zh=names.get("zh", ""),
               cls=classes[0] if classes else "",
               xrefs=sorted(str(x) for x in graph.objects(node, KG.xref)),
               synonyms=sorted(str(x) for x in graph.objects(node, SKOS.altLabel)),
               better_when=int(better) if better is not None else 0,
               inert=any((cls, KG.inert, Literal(True)) in graph for cls in graph.objects(node, RDF.type)),
               response_to=sorted(curie(t) for t in graph.objects(node, KG.responseTo)))


def _evidence(graph: Graph, predicate, assertions, ranks, model: Model, opposed: dict) -> dict:
    support = [_support(graph, a, ranks, model, opposed) for a in sorted(assertions)]
    relation = model.relations.get(curie(predicate))
    return {
        "predicate": curie(predicate),
        "label": relation.label if relation else curie(predicate),
        "label_zh": relation.label_zh if relation else "",
        "causal": relation.causal if relation else True,
        "structural": False,
        **evidence_summary(support),
    }


def evidence_summary(support: list[dict]) -> dict:
    """Return what an evidence edge says about its ``support`` records: its best supporting level and
    rank, whether evidence against contests it, its assertions and publications, and the records.

    >>> evidence_summary([{"assertion": "asrt:a", "against": False, "rank": 3, "level": "animal model", "refs": []},
    ...                   {"assertion": "asrt:b", "against": True, "rank": 5, "level": "retrospective", "refs": []}])["level"]
    'animal model'
    """
    favour = [s for s in support if not s["against"]]
    best = max(favour, key=lambda s: s["rank"], default=None)
    return {
        "assertions": [s["assertion"] for s in support],
        "level": best["level"] if best else "",
        "rank": best["rank"] if best else -1,
        "publications": sorted({ref["publication"] for s in support for ref in s["refs"]}),
        "contested": len(favour) < len(support),
        "support": support,
    }


def _support(graph: Graph, assertion, ranks, model: Model, opposed: dict) -> dict:
    """One assertion as every query, rule and page sees it, built once here.

    Its level, direction and sign, where it was read (section, quote, references), its context
    (diseases, species, co-treatments, study and arms) and what bears on its certainty (citation
    mismatches, an inferred design, the design a meta-analysis pooled, the opposite claims that
    contest it: :mod:`kg.reasoning.contradictions`), and for a clinical number
    its value, comparator and p-value.
    """
    level = graph.value(assertion, KG.evidenceLevel)
    sources = sorted(graph.objects(assertion, KG.source))
    first = sources[0] if sources else None
    section = graph.value(first, KG.section) if first is not None else None
    studies = _studies(graph, assertion)
    pooled = next((p for node in (assertion, *studies) for p in graph.objects(node, KG.pooledDesign)), None)
    number = {name: _number(graph.value(assertion, prop)) for name, prop in (
        ("value", KG.value), ("comparator_value", KG.comparatorValue), ("p_value", KG.pValue))}
    significant = graph.value(assertion, KG.significant)
    return {
        "assertion": curie(assertion),
        "level": ranks[level].label if level in ranks else "",
        "level_id": curie(level) if level is not None else "",
        "rank": ranks[level].rank if level in ranks else -1,
        "against": graph.value(assertion, KG.direction) == KG.DoesNotSupport,
        "sign": _sign(model, graph.value(assertion, RDF.predicate), number),
        "where": curie(section) if section is not None else "",
        "section": label(graph, section) if section is not None else "",
        "year": int(graph.value(assertion, KG.year) or 0),
        "diseases": sorted(curie(d) for d in assertion_diseases(graph, assertion)),
        "population": next((curie(p) for node in (assertion, *studies) for p in graph.objects(node, KG.population)), ""),
        "species": sorted(str(x) for x in graph.objects(assertion, KG.species)),
        "partners": sorted(curie(x) for x in graph.objects(assertion, KG.combinationPartner)),
        "mismatches": sorted({curie(m) for src in sources for m in graph.objects(src, KG.mismatch)}),
        "mismatch_notes": sorted({str(n) for src in sources for n in graph.objects(src, KG.mismatchNote)}),
        "design_inferred": any((node, KG.designInferred, Literal(True)) in graph for node in (assertion, *studies)),
        "pooled_rank": ranks[pooled].rank if pooled in ranks else None,
        "study": curie(studies[0]) if studies else "",
        "arm": _curie_or_empty(graph.value(assertion, KG.arm)),
        "comparator_arm": _curie_or_empty(graph.value(assertion, KG.comparatorArm)),
        **number,
        "p_value_text": str(graph.value(assertion, KG.pValueText) or ""),
        "significant": bool(significant.toPython()) if significant is not None else None,
        "quote": str(graph.value(first, KG.quote) or "") if first is not None else "",
        "refs": [reference(graph, pub) for pub in cited_publications(graph, assertion)],
        "contested_by": opposed.get(curie(assertion), []),
    }


def _sign(model: Model, predicate, number: dict) -> int:
    """+1, -1 or 0: which way the assertion moves its object (a measure: against its comparator)."""
    relation = model.relations.get(curie(predicate)) if predicate is not None else None
    if relation is None:
        return 0
    if relation.sign is not None:
        return relation.sign
    value, comparator = number["value"], number["comparator_value"]
    if value is None or comparator is None or value == comparator:
        return 0
    return 1 if value > comparator else -1


def _number(value) -> float | None:
    return float(value) if value is not None else None


def _curie_or_empty(node) -> str:
    return curie(node) if node is not None else ""


def _studies(graph: Graph, assertion) -> list:
    """The assertion's study and the studies it is a subgroup of, nearest first."""
    found, study = [], graph.value(assertion, KG.study)
    while study is not None and study not in found:
        found.append(study)
        study = graph.value(study, KG.subgroupOf)
    return found


def assertion_diseases(graph: Graph, assertion) -> set:
    """Return the disease context of an assertion, a set of IRIs: its own, else its study's (or parent study's).

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import ASRT, OM
    >>> g = toy_graph()
    >>> [curie(d) for d in assertion_diseases(g, ASRT["toy-anlotinib-inhibits-KDR"])]
    ['ent:NSCLC']
    >>> [curie(d) for d in assertion_diseases(g, OM["ToyTrial-PFS"])]      # from its study
    ['ent:NSCLC']
    >>> assertion_diseases(g, ASRT["toy-VEGFR-opposes-normalization"])
    set()
    """
    own = set(graph.objects(assertion, KG.disease))
    for study in _studies(graph, assertion):
        if own:
            break
        own = set(graph.objects(study, KG.disease))
    return own
