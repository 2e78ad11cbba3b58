"""Selection: the RDF subgraph behind a set of projection edges, provenance intact.

A traced chain or a neighbourhood goes to another tool as RDF with everything that makes it
trustworthy: the entities (labels, identifiers), the assertions on each edge with their
evidence level, direction and sources (section, quote), the cited publications, the studies
and arms of outcome measures, and the evidence levels used.

>>> from kg.loading import load_graph
>>> from kg.projection import project
>>> g = load_graph(); G = project(g)
>>> sub = subgraph(g, G, [(u, v, k) for u, v, k in G.out_edges("ent:CCL5", keys=True)])
>>> len(sub) > 10
True
"""

from __future__ import annotations

from typing import Iterable

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.namespaces import KG, bind, expand

DESCRIBE = (RDF.type, RDFS.label, RDFS.comment, SKOS.altLabel, SKOS.broader, KG.xref, KG.closeXref)
FOLLOW = (KG.source, KG.cites, KG.citedAs, KG.section, KG.reportedIn, KG.componentDose, DCTERMS.isPartOf)


def subgraph(graph: Graph, G: nx.MultiDiGraph, edges: Iterable[tuple[str, str, str]]) -> Graph:
    """Return the RDF behind ``edges`` (``(u, v, key)`` of the projection ``G``), as a new graph."""
    out = bind(Graph())
    nodes, assertions = set(), set()
    steps = G.graph["model"].steps
    for u, v, key in edges:
        nodes.update((u, v))
        data = G.edges[u, v, key]
        assertions.update(expand(a) for a in data.get("assertions", []))
        step = steps.get(key) if data.get("structural") else None
        if step is not None:
            s, o = (v, u) if step.backwards else (u, v)
            if step.predicate == "kg:studiedIn":        # derived from the study's arms: copy those arms
                for arm in graph.objects(expand(o), KG.hasArm):
                    if (arm, KG.regimen, expand(s)) in graph:
                        out.add((expand(o), KG.hasArm, arm))
                        _copy_tree(graph, out, arm)
            else:
                out.add((expand(s), expand(step.predicate), expand(o)))
        elif data.get("external"):      # a plain triple of an external graph, between the joined nodes
            out.add((_iri(G, u), expand(key), _iri(G, v)))
    for node in nodes:
        _describe(graph, out, _iri(G, node))
    for assertion in assertions:
        _copy_tree(graph, out, assertion)
        s, p, o = (graph.value(assertion, RDF.subject), graph.value(assertion, RDF.predicate),
                   graph.value(assertion, RDF.object))
        out.add((s, p, o))
        for study in graph.objects(assertion, KG.study):
            _copy_tree(graph, out, study)
            for arm in graph.objects(study, KG.hasArm):
                _copy_tree(graph, out, arm)
    for level in set(out.objects(None, KG.evidenceLevel)):
        _describe(graph, out, level)
        out.add((level, KG.rank, graph.value(level, KG.rank)))
    return out


def _iri(G: nx.MultiDiGraph, node: str) -> URIRef:
    """The IRI of a projection node (ours are CURIEs; an external node's id is its IRI)."""
    return URIRef(G.nodes[node].get("iri") or expand(node))


def _describe(graph: Graph, out: Graph, node: URIRef) -> None:
    for predicate in DESCRIBE:
        for value in graph.objects(node, predicate):
            out.add((node, predicate, value))


def _copy_tree(graph: Graph, out: Graph, node: URIRef, depth: int = 0) -> None:
    """Copy ``node``'s triples, following provenance, publications and sections."""
    for predicate, value in graph.predicate_objects(node):
        out.add((node, predicate, value))
        if depth < 3 and predicate in FOLLOW:
            _copy_tree(graph, out, value, depth + 1)
        elif isinstance(value, URIRef) and predicate not in (RDF.type, RDF.predicate):
            _describe(graph, out, value)  # entities, arms, endpoints named by the node: their labels
