"""Views: which part of the projection a page draws, and which chains it highlights.

A view is a new :class:`networkx.MultiDiGraph` that :mod:`kg.render.page` draws as it is:

- :func:`whole`: every entity, every relation;
- :func:`neighbourhood`: the entities within ``hops`` of one;
- :func:`chains`: the entities of ranked chains, the relations among them, the chains marked.

Where an entity is drawn on an overview is decided here too: :data:`LAYERS` puts each class in
a column along the mechanism (drug → targets → signalling → cells and processes → clinical
outcomes, then the studies and the people in them), :func:`family` keeps a study with its
subgroup analyses and populations, and :func:`folded` says which entities start folded into
their class (a big view names the best-connected few of each class; the rest are one node that
opens on a click).

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


# The mechanism, left to right, then the studies and the people in them; each class in one column.
LAYERS = (
    ("drugs and regimens", "药物与方案", ("kg:Drug", "kg:Placebo", "kg:DrugClass", "kg:Regimen")),
    ("targets and genes", "靶点与基因", ("kg:Target", "kg:Gene", "kg:Cytokine", "kg:ProteinFamily")),
    ("signalling and pathways", "信号通路", ("kg:Pathway", "kg:ResistanceMechanism")),
    ("cells and processes", "细胞与生物学过程", ("kg:CellType", "kg:BiologicalProcess", "kg:Biomarker",
                                              "kg:ExperimentalModel")),
    ("clinical outcomes", "临床结局", ("kg:ClinicalOutcome", "kg:Endpoint", "kg:AdverseEvent", "kg:ManagementAction")),
    ("studies and populations", "研究与人群", ("kg:Study", "kg:PatientPopulation", "kg:TreatmentSetting", "kg:Disease")),
)
OTHER_LAYER = 3             # a class of another graph sits with the cells and processes, mid-mechanism
SHOWN_PER_CLASS = 3         # a folded overview names this many of each class, the best connected
FOLD_ABOVE = 150            # views with more entities than this open folded


def layer(cls: str) -> int:
    """Return the column of class ``cls`` on an overview (0 = drugs; see :data:`LAYERS`).

    >>> layer("kg:Drug"), layer("kg:Target"), layer("kg:Study"), layer("hetionet:Compound")
    (0, 1, 5, 3)
    """
    return next((i for i, (_, _, classes) in enumerate(LAYERS) if cls in classes), OTHER_LAYER)


def family(V: nx.MultiDiGraph, node: str) -> str:
    """Return the group an entity is drawn with: a study's root study (its subgroup analyses with it), a
    population's first study's; every other entity is its own group.

    >>> V = nx.MultiDiGraph()
    >>> V.add_nodes_from([("s", {"cls": "kg:Study", "label": "ALTER 1202"}), ("sub", {"cls": "kg:Study", "label": "x"}),
    ...                   ("pop", {"cls": "kg:PatientPopulation", "label": "y"})])
    >>> V.add_edge("sub", "s", key="context:subgroup analysis of", predicate="kg:subgroupOf", context=True)
    'context:subgroup analysis of'
    >>> V.add_edge("sub", "pop", key="context:population", predicate="kg:population", context=True)
    'context:population'
    >>> family(V, "sub"), family(V, "pop"), family(V, "s")
    ('ALTER 1202', 'ALTER 1202', 'ALTER 1202')
    """
    def parent(n: str) -> str | None:
        return next((v for _, v, d in V.out_edges(n, data=True) if d.get("predicate") == "kg:subgroupOf"), None)

    def root(n: str) -> str:
        seen = {n}
        while (up := parent(n)) is not None and up not in seen:
            seen.add(up)
            n = up
        return V.nodes[n].get("label", n)

    if V.nodes[node].get("cls") == "kg:Study":
        return root(node)
    studies = sorted(u for u, _, d in V.in_edges(node, data=True)
                     if d.get("predicate") == "kg:population" and V.nodes[u].get("cls") == "kg:Study")
    return root(studies[0]) if studies else V.nodes[node].get("label", node)


def folded(V: nx.MultiDiGraph) -> set[str]:
    """Return the entities an overview of ``V`` opens folded into their class: none in a view of at most
    :data:`FOLD_ABOVE` entities or with chains; else all but the :data:`SHOWN_PER_CLASS` best-connected
    of each class (the drug a graph is about is its best connected: anlotinib stays in sight).

    >>> from kg.examples import toy_projection
    >>> folded(whole(toy_projection()))
    set()
    >>> V = nx.MultiDiGraph([("hub", f"g{i}") for i in range(200)])
    >>> for n in V: V.nodes[n]["cls"] = "kg:Gene"
    >>> sorted(n for n in V if n not in folded(V)), len(folded(V))
    (['g0', 'g1', 'hub'], 198)
    """
    if V.number_of_nodes() <= FOLD_ABOVE or V.graph.get("chains"):
        return set()
    by_class: dict[str, list[str]] = {}
    for n, attrs in V.nodes(data=True):
        by_class.setdefault(attrs.get("cls", ""), []).append(n)
    hidden = set()
    for members in by_class.values():
        members.sort(key=lambda n: (-V.degree(n), V.nodes[n].get("label", n), n))
        hidden.update(members[SHOWN_PER_CLASS:])
    return hidden


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
