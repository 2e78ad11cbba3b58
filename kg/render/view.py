"""Views: which part of the projection a page draws, and which chains it highlights.

A view is a new :class:`networkx.MultiDiGraph` that :mod:`kg.render.page` draws as it is:

- :func:`whole`: every entity, every relation;
- :func:`neighbourhood`: the entities within ``hops`` of one;
- :func:`chains`: the entities of ranked chains, the relations among them, the chains marked.

Each relation is drawn once: a structural pair ("has member" / "member of") becomes its
forward edge. Context links that only place an entity (a study's population, setting and
disease; a population's parent) are drawn as ``context`` edges, so studies are not islands.

Filters act on evidence only: an evidence edge keeps the supporting assertions that pass the
:class:`~kg.query.paths.EdgeFilter` (level, disease, year) and is dropped when none does; structure
and context need no evidence and stay. Under a filter, entities left with no edge are not drawn.
An edge whose evidence all fails to support it (a non-significant comparison) is drawn as "no
effect shown", never as the relation.

>>> from kg.examples import toy_graph
>>> from kg.graph.projection import project
>>> G = project(toy_graph())
>>> V = neighbourhood(G, "ent:CCL5", hops=1)
>>> "ent:anlotinib" in V and all(not k.endswith("^") for _, _, k in V.edges(keys=True))
True
"""

from __future__ import annotations

import networkx as nx

from kg.model import REVERSE
from kg.query.paths import Chain, EdgeFilter, filtered_evidence, neighbors
from kg.reasoning.polarity import no_effect


def whole(G: nx.MultiDiGraph, flt: EdgeFilter | None = None, *, context: bool = True) -> nx.MultiDiGraph:
    """Return the drawable graph of ``G``: evidence edges passing ``flt``, structure, context links.

    >>> from kg.examples import toy_graph
    >>> from kg.graph.projection import project
    >>> G = project(toy_graph())
    >>> whole(G).number_of_nodes() == G.number_of_nodes()
    True
    """
    flt = flt or EdgeFilter()
    V = nx.MultiDiGraph(model=G.graph["model"], chains=[])
    V.add_nodes_from(G.nodes(data=True))
    for u, v, key, data in G.edges(keys=True, data=True):
        if key.endswith(REVERSE):   # a pair walked both ways (structure, an undirected external link) is drawn once, forward
            continue
        if data.get("structural"):
            V.add_edge(u, v, key=key, **data)
            continue
        null = no_effect(s for s in data.get("support", ()) if flt.keeps(s))
        if null:        # drawn as what it is: a result that does not support the relation
            V.add_edge(u, v, key=key, **{**data, "no_effect": null, "label": f"{null}: {data.get('label', key)}",
                                         "label_zh": f"未显示效应: {data.get('label_zh', '')}", "rank": -1})
            continue
        if not flt.active:
            V.add_edge(u, v, key=key, **data)
            continue
        evidence = filtered_evidence(data, flt)
        if evidence is not None:
            V.add_edge(u, v, key=key, **{**data, **evidence})
    if context:
        for u, predicate, label, label_zh, v in G.graph.get("context", []):
            V.add_edge(u, v, key=f"context:{label}", predicate=predicate, label=label, label_zh=label_zh,
                       structural=True, context=True)
    if flt.active:
        V.remove_nodes_from([n for n in list(V) if V.degree(n) == 0])
    return V


def neighbourhood(G: nx.MultiDiGraph, node: str, *, hops: int = 1, flt: EdgeFilter | None = None) -> nx.MultiDiGraph:
    """Return the drawable graph of the entities within ``hops`` of ``node`` along edges passing ``flt``.

    >>> from kg.examples import toy_graph
    >>> from kg.graph.projection import project
    >>> sorted(neighbourhood(project(toy_graph()), "ent:KDR"))
    ['ent:KDR', 'ent:VEGFR', 'ent:anlotinib']
    """
    V = whole(G, flt)
    if node not in V:            # every edge of the focus failed the filter: draw it alone
        V.add_node(node, **G.nodes[node])
    return neighbors(V, node, hops=hops)


def chains(G: nx.MultiDiGraph, ranked: list[Chain], flt: EdgeFilter | None = None) -> nx.MultiDiGraph:
    """Return the drawable graph of ``ranked`` chains: their entities and the relations among them.

    Every edge and node of a chain has ``chains``, the 1-based ranks of the chains through it;
    ``V.graph["chains"]`` lists the chains in rank order as ``(chain, [(u, v, key), ...])``.

    >>> from kg.examples import toy_graph
    >>> from kg.query.paths import find_chains
    >>> from kg.graph.projection import project
    >>> G = project(toy_graph())
    >>> V = chains(G, find_chains(G, "ent:anlotinib", "ent:ICI_response", k=2))
    >>> [(rank, chain.nodes[1]) for rank, (chain, _) in enumerate(V.graph["chains"], 1)]
    [(1, 'ent:CCL5')]
    """
    members = {n for chain in ranked for n in chain.nodes}
    V = whole(G, flt, context=False).subgraph(members).copy()
    for n in V:
        V.nodes[n]["chains"] = []
    listed = []
    for rank, chain in enumerate(ranked, 1):
        edges = [_drawn_edge(V, hop) for hop in chain.hops]
        for u, v, key in edges:
            V.edges[u, v, key].setdefault("chains", []).append(rank)
        for n in chain.nodes:
            V.nodes[n]["chains"].append(rank)
        listed.append((chain, edges))
    V.graph["chains"] = listed
    return V


def _drawn_edge(V: nx.MultiDiGraph, hop) -> tuple[str, str, str]:
    """The edge that draws ``hop``: its own, or the forward edge of a structural pair walked backwards."""
    if hop.predicate.endswith(REVERSE):
        return hop.target, hop.source, hop.predicate[:-len(REVERSE)]
    return hop.source, hop.target, hop.predicate
