"""External graphs: the relations of another graph (Hetionet, a team's store) joined to ours.

A plain triple between two IRIs whose predicate is not vocabulary becomes an edge of the projection
at level "not assessed"; nodes join ours by shared identifiers (CURIEs, OBO, resolver and Bio2RDF
IRIs, Hetionet ids, ``kg:xref`` on the external node, ``owl:sameAs``/``skos:exactMatch``). A
predicate marked ``kg:undirected true`` (Hetionet's undirected metaedges: :mod:`kg.store.hetionet`)
is walked both ways: each of its edges also goes from object to subject, under the reverse-edge
key (``associates^``), as a structural relation walked backwards does.
"""

from __future__ import annotations

import re
from collections import defaultdict

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from kg.graph.lookup import identifier_key
from kg.model import REVERSE
from kg.namespaces import BASE, BIBO, FABIO, KG, PREFIXES, curie, labels
from kg.store.backends import iri_links, values_of


# Predicates in these namespaces describe a node (type, label, mapping, provenance, our schema and
# records); any other predicate between two IRIs is a relation of an external graph, Hetionet's
# under our w3id (kg.store.hetionet.NAMESPACE) too.
VOCABULARY = (tuple(str(ns) for ns in (RDF, RDFS, OWL, XSD, SKOS, SH, PROV, DCTERMS, BIBO, FABIO))
              + tuple(str(ns) for ns in PREFIXES.values() if str(ns).startswith(BASE)))


SAME_AS = (OWL.sameAs, SKOS.exactMatch)


def add_external(G: nx.MultiDiGraph, graph: Graph) -> None:
    """Add the relations of external graphs in ``graph`` to its projection ``G``.

    A relation is any triple between two IRIs whose predicate is not vocabulary (see
    ``VOCABULARY``): Hetionet's ``interacts``, a team's ``regulates``. An IRI is one of our
    nodes when it is our IRI, when it spells one of our identifiers (``kg:xref``: see
    :func:`kg.graph.lookup.identifier_key`), or through ``owl:sameAs`` / ``skos:exactMatch`` in either
    direction; so a chain runs from anlotinib through KDR into an external graph that names KDR
    ``https://identifiers.org/hgnc:6307``. Every other IRI is a new node, named by its IRI, with
    its ``rdfs:label`` and ``rdf:type``. The edges carry the level ``kg:NotAssessed`` (rank -1).

    >>> from kg.examples import toy_graph
    >>> from rdflib import URIRef
    >>> graph = toy_graph()
    >>> _ = graph.add((URIRef("https://identifiers.org/hgnc:6307"), URIRef("https://example.org/binds"),
    ...                URIRef("https://example.org/gene/1")))
    >>> from kg.graph.projection import project
    >>> G = project(graph)
    >>> G["ent:KDR"]["https://example.org/gene/1"]["https://example.org/binds"]["level"]
    'external graph, not assessed'

    A predicate marked ``kg:undirected true`` gets the reverse edge too, so chains walk it both ways:

    >>> from rdflib import Literal
    >>> _ = graph.add((URIRef("https://example.org/binds"), KG.undirected, Literal(True)))
    >>> sorted(project(graph)["https://example.org/gene/1"]["ent:KDR"])
    ['https://example.org/binds^']
    """
    nodes = _ExternalNodes(G, graph)
    known, name = nodes.known, nodes.name
    unassessed = next(lvl for lvl in G.graph["model"].levels if lvl.iri == KG.NotAssessed)
    undirected = {iri for iri, value, _ in values_of(graph, str(KG.undirected)) if value.lower() == "true"}
    by_predicate: dict[str, tuple] = {}
    # The edges go straight into NetworkX's adjacency, where MultiDiGraph.add_edge puts them
    # (_succ[u][v] and _pred[v][u] hold one dict of key → attributes), but shared: every edge of a
    # predicate has the same attributes dict, and a pair linked by that predicate alone the same
    # key dict (copied once a second relation joins the pair). add_edges_from makes both anew per
    # edge: for 2.16 million edges it took 18.8 s and 2.4 GB at peak, this loop 8.3 s and 1.6 GB.
    # So the projection is read-only (G.copy() gives one to change), as every consumer treats it.
    shared: set[int] = set()
    succ, pred = G._succ, G._pred

    def link(u: str, v: str, key: str, attrs: dict, alone: dict) -> None:
        keys = succ[u].get(v)
        if keys is None:
            succ[u][v] = pred[v][u] = alone
        elif key not in keys:           # an edge made from assertions is never replaced
            if id(keys) in shared:
                keys = succ[u][v] = pred[v][u] = dict(keys)
            keys[key] = attrs

    for s, p, o in iri_links(graph, VOCABULARY):
        relation = by_predicate.get(p)
        if relation is None:
            relation = by_predicate[p] = _external_edges(graph, p, unassessed, p in undirected)
            shared.update(id(alone) for _, _, alone in filter(None, relation))
        forward, backward = relation
        u = known.get(s) or name(s)
        v = known.get(o) or name(o)
        link(u, v, *forward)
        if backward is not None and u != v:
            link(v, u, *backward)
    nodes.describe()


class _ExternalNodes:
    """Names the IRIs of external triples: ours by IRI, identifier or sameAs; any other IRI is a
    new node of ``G`` (named by its CURIE in a project namespace, else by itself), added when first met."""

    def __init__(self, G: nx.MultiDiGraph, graph: Graph):
        by_key: dict[tuple, set[str]] = defaultdict(set)
        for node, attrs in G.nodes(data=True):
            for xref in attrs.get("xrefs", ()):
                key = identifier_key(xref)
                if key:
                    by_key[key].add(node)
        self._by_key = {key: nodes.pop() for key, nodes in by_key.items() if len(nodes) == 1}  # ambiguous: no join
        self._G, self._graph = G, graph
        self._xrefs: dict[str, list[str]] = defaultdict(list)     # IRI → its kg:xref CURIEs
        for iri, value, _ in values_of(graph, str(KG.xref)):
            self._xrefs[iri].append(value)
        self.new: set[str] = set()
        self.known: dict[str, str] = self._same_as()   # IRI → node id

    def name(self, iri: str) -> str:
        """Return the node id of ``iri``, adding it to ``G`` as a new external node if it is not ours."""
        node = self.known[iri] = self._own(iri) or _name(iri)
        if node not in self._G:
            self._G.add_node(node, iri=iri, label=_local_name(iri), label_zh="", cls="", xrefs=[], synonyms=[],
                             external=True)
            self.new.add(node)
        return node

    def _own(self, iri: str) -> str | None:
        """Our node for ``iri`` (by IRI, by the identifier it spells, or by the one node its
        ``kg:xref`` identifiers name), else None."""
        if iri.startswith(_OURS) and (name := _name(iri)) in self._G:
            return name
        key = identifier_key(iri)
        if key in self._by_key:
            return self._by_key[key]
        ours = {self._by_key.get(identifier_key(xref)) for xref in self._xrefs.get(iri, ())} - {None}
        return ours.pop() if len(ours) == 1 else None

    def _same_as(self) -> dict[str, str]:
        """IRI → node id for every IRI linked by sameAs/exactMatch (transitively) to one node."""
        parent: dict[str, str] = {}

        def root(x: str) -> str:
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for predicate in SAME_AS:
            for a, b, _ in values_of(self._graph, str(predicate)):
                parent[root(a)] = root(b)
        groups: dict[str, list[str]] = defaultdict(list)
        for iri in parent:
            groups[root(iri)].append(iri)
        names = {}
        for members in groups.values():
            ours = {name for name in map(self._own, members) if name}
            if len(ours) > 1:
                continue                    # two of our entities said to be one: leave them apart
            name = ours.pop() if ours else min(members)
            names.update((iri, name) for iri in members)
        return names

    def describe(self) -> None:
        """Give the new nodes their labels (English, else untagged; Chinese), type and identifiers.

        Where a node has several labels or types, the first in sorted order wins, so every store gives the same.
        """
        for iri, xrefs in self._xrefs.items():
            node = self.known.get(iri)
            if node in self.new:
                attrs = self._G.nodes[node]
                attrs["xrefs"] = sorted({*attrs["xrefs"], *xrefs})
        labels: dict[str, dict] = defaultdict(dict)
        for iri, value, lang in values_of(self._graph, str(RDFS.label)):
            node = self.known.get(iri)
            if node in self.new and value < labels[node].get(lang, "\uffff"):
                labels[node][lang] = value
        for node, by_lang in labels.items():
            attrs = self._G.nodes[node]
            attrs["label"] = by_lang.get("en") or by_lang.get(None) or attrs["label"]
            attrs["label_zh"] = by_lang.get("zh", "")
        for iri, value, _ in values_of(self._graph, str(RDF.type)):
            node = self.known.get(iri)
            if node in self.new:
                attrs, cls = self._G.nodes[node], _name(value)
                if not attrs["cls"] or cls < attrs["cls"]:
                    attrs["cls"] = cls


def _external_edges(graph: Graph, predicate: str, level, undirected: bool) -> tuple[tuple, tuple | None]:
    """For the edges of ``predicate``: the key, the attributes every edge shares and the key dict of a
    pair linked by it alone (treat both as read-only); then the same for the edge walked from object
    to subject when ``undirected`` (key ``…^``, the predicate the same, labelled "… (reverse)"), else None."""
    names = labels(graph, URIRef(predicate))
    key = _name(predicate)
    attrs = {
        "predicate": key, "label": names.get("en") or names.get(None) or _local_name(predicate),
        "label_zh": names.get("zh", ""), "assertions": [], "level": level.label, "rank": level.rank,
        "publications": [], "contested": False, "causal": True, "structural": False, "support": [], "external": True,
        "undirected": undirected,
    }
    if not undirected:
        return (key, attrs, {key: attrs}), None
    # Walked from its object the verb reads the other way ("VEGFR2 expresses (reverse) lung": lung expresses VEGFR2).
    back = {**attrs, "label": f"{attrs['label']} (reverse)", "backwards": True}
    return (key, attrs, {key: attrs}), (key + REVERSE, back, {key + REVERSE: back})


_OURS = tuple(str(ns) for ns in PREFIXES.values())


def _name(iri: str) -> str:
    """The CURIE of an IRI in one of the project's namespaces, else the IRI itself."""
    return curie(URIRef(iri)) if iri.startswith(_OURS) else iri


def _local_name(iri: str) -> str:
    """The last segment of an IRI (``https://example.org/hetionet/binds`` → ``binds``)."""
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]
