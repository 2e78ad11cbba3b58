"""The NetworkX projection: entities as nodes, relations as edges carrying their evidence.

Each edge of the :class:`networkx.MultiDiGraph` is one relation between two entities
(key: the predicate's CURIE). An edge made from assertions carries their evidence; a
structural edge (family member, regimen component, pathway participant, arm of a study)
carries none and never weakens a chain.

>>> from kg.loading import load_graph
>>> G = project(load_graph())
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

from kg.evidence import cited_publications, evidence_levels, reference
from kg.namespaces import KG, curie

# Structural relations: (predicate, forward label, reverse label or None). Both directions are
# added where a chain may pass either way (a family and its member; a pathway and a participant).
STRUCTURE = (
    (KG.hasMember, "has member", "member of"),
    (KG.hasParticipant, "has participant", "participates in"),
    (KG.measures, "measures", "measured by"),
)


def project(graph: Graph) -> nx.MultiDiGraph:
    """Return the entity graph of ``graph`` with evidence on every assertion-made edge.

    Nodes are CURIEs (``ent:KDR``) with ``label``, ``label_zh``, ``cls`` (class CURIE),
    ``xrefs``. Assertion edges have ``predicate``, ``label``, ``assertions``, ``level``
    (the best level supporting the link), ``rank``, ``publications``, ``years``,
    ``contested`` (some evidence does not support it), ``causal``, ``diseases``, ``species``.
    ``G.graph["levels"]`` is the evidence scale; ``G.graph["broader"]`` the ``skos:broader`` links.
    """
    G = nx.MultiDiGraph()
    entity_classes = set(graph.transitive_subjects(RDFS.subClassOf, KG.Entity)) - {KG.StudyArm}
    for cls in entity_classes:
        for node in graph.subjects(RDF.type, cls):
            if isinstance(node, URIRef):
                _add_node(G, graph, node)

    G.graph["levels"] = evidence_levels(graph)  # the scale travels with the projection (and its cache)
    ranks = {lvl.iri: lvl for lvl in G.graph["levels"]}
    grouped = defaultdict(list)
    for assertion in graph.subjects(RDF.type, KG.Assertion):
        s, p, o = (graph.value(assertion, RDF.subject), graph.value(assertion, RDF.predicate),
                   graph.value(assertion, RDF.object))
        if isinstance(s, URIRef) and isinstance(o, URIRef) and p is not None:
            grouped[(s, p, o)].append(assertion)
    for (s, p, o), assertions in grouped.items():
        for node in (s, o):
            if curie(node) not in G:
                _add_node(G, graph, node)
        G.add_edge(curie(s), curie(o), key=curie(p), **_evidence(graph, p, assertions, ranks))

    for predicate, forward, reverse in STRUCTURE:
        for s, o in graph.subject_objects(predicate):
            if curie(s) in G and curie(o) in G:
                G.add_edge(curie(s), curie(o), key=curie(predicate), predicate=curie(predicate), label=forward,
                           structural=True, causal=True)
                G.add_edge(curie(o), curie(s), key=curie(predicate) + "^", predicate=curie(predicate) + "^",
                           label=reverse, structural=True, causal=True)
    # A process or cell type and its kinds: a claim about "effector T cell infiltration" bears on
    # "CD8+ T cell infiltration" and the other way round.
    for narrower, broader in graph.subject_objects(SKOS.broader):
        if {graph.value(narrower, RDF.type), graph.value(broader, RDF.type)} <= {KG.BiologicalProcess, KG.CellType}:
            if curie(narrower) in G and curie(broader) in G:
                G.add_edge(curie(broader), curie(narrower), key="skos:broader^", predicate="skos:broader^",
                           label="includes", structural=True, causal=True)
                G.add_edge(curie(narrower), curie(broader), key="skos:broader", predicate="skos:broader",
                           label="is a kind of", structural=True, causal=True)
    G.graph["broader"] = {}
    for narrower, broader in graph.subject_objects(SKOS.broader):
        G.graph["broader"].setdefault(curie(narrower), []).append(curie(broader))
    for regimen, drug in graph.subject_objects(KG.hasComponent):
        if curie(regimen) in G and curie(drug) in G:
            G.add_edge(curie(drug), curie(regimen), key="kg:componentOf", predicate="kg:componentOf",
                       label="component of", structural=True, causal=True)
    for study, arm in graph.subject_objects(KG.hasArm):
        regimen = graph.value(arm, KG.regimen)
        if regimen is not None and curie(regimen) in G and curie(study) in G:
            G.add_edge(curie(regimen), curie(study), key="kg:studiedIn", predicate="kg:studiedIn",
                       label="studied in", structural=True, causal=True)
    return G


def _add_node(G: nx.MultiDiGraph, graph: Graph, node: URIRef) -> None:
    labels = {lbl.language: str(lbl) for lbl in graph.objects(node, RDFS.label) if isinstance(lbl, Literal)}
    classes = sorted(curie(c) for c in graph.objects(node, RDF.type))
    G.add_node(curie(node), iri=str(node), label=labels.get("en", curie(node)), label_zh=labels.get("zh", ""),
               cls=classes[0] if classes else "",
               xrefs=sorted(str(x) for x in graph.objects(node, KG.xref)),
               synonyms=sorted(str(x) for x in graph.objects(node, SKOS.altLabel)))


def _evidence(graph: Graph, predicate, assertions, ranks) -> dict:
    supporting = [a for a in assertions if graph.value(a, KG.direction) != KG.DoesNotSupport]
    levels = [ranks[lvl] for a in supporting for lvl in graph.objects(a, KG.evidenceLevel) if lvl in ranks]
    best = max(levels) if levels else None
    pubs = sorted({curie(p) for a in assertions for p in cited_publications(graph, a)})
    causal = graph.value(predicate, KG.causal)
    return {
        "predicate": curie(predicate),
        "label": str(graph.value(predicate, RDFS.label) or curie(predicate)),
        "assertions": sorted(curie(a) for a in assertions),
        "level": best.label if best else "",
        "rank": best.rank if best else -1,
        "publications": pubs,
        "years": sorted({int(y) for a in assertions for y in graph.objects(a, KG.year)}),
        "contested": len(supporting) < len(assertions),
        "causal": bool(causal.toPython()) if causal is not None else True,
        "diseases": sorted({curie(d) for a in assertions for d in _diseases(graph, a)}),
        "species": sorted({str(s) for a in assertions for s in graph.objects(a, KG.species)}),
        "structural": False,
        "support": [_support(graph, a, ranks) for a in sorted(assertions)],
    }


def _support(graph: Graph, assertion, ranks) -> dict:
    """One assertion as the page and the query layer show it: level, direction, place, quote, refs."""
    level = graph.value(assertion, KG.evidenceLevel)
    sources = sorted(graph.objects(assertion, KG.source))
    first = sources[0] if sources else None
    section = graph.value(first, KG.section) if first is not None else None
    refs = [reference(graph, pub) for pub in cited_publications(graph, assertion)]
    return {
        "assertion": curie(assertion),
        "level": ranks[level].label if level in ranks else "",
        "rank": ranks[level].rank if level in ranks else -1,
        "against": graph.value(assertion, KG.direction) == KG.DoesNotSupport,
        "where": curie(section) if section is not None else "",
        "year": int(graph.value(assertion, KG.year) or 0),
        "diseases": sorted(curie(d) for d in _diseases(graph, assertion)),
        "species": sorted(str(x) for x in graph.objects(assertion, KG.species)),
        "quote": str(graph.value(first, KG.quote) or "") if first is not None else "",
        "refs": refs,
    }


def _diseases(graph: Graph, assertion) -> set:
    """The disease context of an assertion: its own, else its study's (or parent study's)."""
    own = set(graph.objects(assertion, KG.disease))
    study = graph.value(assertion, KG.study)
    while not own and study is not None:
        own = set(graph.objects(study, KG.disease))
        study = graph.value(study, KG.subgroupOf)
    return own
