"""Selection: the RDF behind a drawn view, provenance intact.

A neighbourhood or a set of traced chains goes to another tool as RDF with everything that makes
it trustworthy: the entities (labels, identifiers), the assertions on each edge that passed the
filters, with their evidence level, direction and sources (section, quote), the cited
publications, the studies and arms of outcome measures, the context links that place an entity,
and the evidence levels used. The view (:mod:`kg.render.view`) decides what is selected, so an export and
a page of the same options hold the same entities and relations.

>>> from kg.examples import toy_graph
>>> from kg.graph.projection import project
>>> from kg.render.view import neighbourhood
>>> g = toy_graph(); G = project(g)
>>> sub = subgraph(g, neighbourhood(G, "ent:CCL5"))
>>> len(sub) > 10
True
"""

from __future__ import annotations

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.namespaces import KG, bind, expand

DESCRIBE = (RDF.type, RDFS.label, RDFS.comment, SKOS.altLabel, SKOS.broader, KG.xref, KG.closeXref)
FOLLOW = (KG.source, KG.cites, KG.citedAs, KG.section, KG.reportedIn, KG.componentDose, DCTERMS.isPartOf)


def subgraph(graph: Graph, V: nx.MultiDiGraph) -> Graph:
    """Return, as a new graph, the RDF behind every node and edge of ``V`` (a view, :mod:`kg.render.view`).

    An evidence edge brings the assertions it was drawn from (those that passed the view's filter),
    a structural edge its triple (a regimen studied in a study: the study's arms on it), a context
    edge its triple, an external edge its plain triple.

    >>> from kg.examples import toy_graph
    >>> from kg.graph.projection import project
    >>> from kg.render.view import neighbourhood
    >>> from kg.namespaces import curie
    >>> g = toy_graph()
    >>> sub = subgraph(g, neighbourhood(project(g), "ent:CCL5"))
    >>> sorted(curie(a) for a in sub.subjects(RDF.type, KG.Assertion))
    ['asrt:toy-CCL5-increases-CD8-infiltration', 'asrt:toy-anlotinib-increases-CCL5']
    >>> sorted(str(quote) for quote in sub.objects(None, KG.quote))
    ['CCL5 recruits CD8+ T cells [1]', 'anlotinib makes tumour cells secrete CCL5 [1]']
    """
    out = bind(Graph())
    assertions = set()
    steps = V.graph["model"].steps
    for u, v, key, data in V.edges(keys=True, data=True):
        step = steps.get(key)
        if data.get("context"):
            out.add((_iri(V, u), expand(data["predicate"]), _iri(V, v)))
        elif step is not None:
            s, o = (v, u) if step.backwards else (u, v)
            if step.predicate == "kg:studiedIn":        # derived from the study's arms: copy those arms
                for arm in graph.objects(expand(o), KG.hasArm):
                    if (arm, KG.regimen, expand(s)) in graph:
                        out.add((expand(o), KG.hasArm, arm))
                        _copy_tree(graph, out, arm)
            else:
                out.add((expand(s), expand(step.predicate), expand(o)))
        elif data.get("external"):      # a plain triple of an external graph, between the joined nodes
            out.add((_iri(V, u), expand(key), _iri(V, v)))
        else:
            assertions.update(expand(s["assertion"]) for s in data.get("support", ()))
    for node in V:
        _describe(graph, out, _iri(V, node))
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


def _iri(V: nx.MultiDiGraph, node: str) -> URIRef:
    """The IRI of a node (ours are CURIEs; an external node's id is its IRI)."""
    return URIRef(V.nodes[node].get("iri") or expand(node))


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
