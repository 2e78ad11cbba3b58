"""GraphML of a drawn view (:mod:`kg.render.view`), for Cytoscape and Gephi: each relation once, with the
context links that place studies and populations.

GraphML holds scalar attributes only, so list attributes (publications, assertions, years)
are joined with ``; `` and missing values become empty strings; the per-assertion ``support``
records stay in the RDF exports.
"""

import io

import networkx as nx


def flatten(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return a copy of ``G`` whose attributes are all str, int, float or bool.

    Lists are joined with ``; ``, None becomes ``""`` and an edge's ``support`` records are dropped.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("ent:KDR", label="VEGFR2", xrefs=["HGNC:6307", "NCBIGene:3791"], iri=None)
    >>> _ = G.add_edge("ent:anlotinib", "ent:KDR", key="kg:inhibits", publications=["pub:Toy2024"], support=[{}])
    >>> flat = flatten(G)
    >>> flat.nodes["ent:KDR"], flat.edges["ent:anlotinib", "ent:KDR", "kg:inhibits"]
    ({'label': 'VEGFR2', 'xrefs': 'HGNC:6307; NCBIGene:3791', 'iri': ''}, {'publications': 'pub:Toy2024'})
    """
    flat = nx.MultiDiGraph()
    for node, attrs in G.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in attrs.items()})
    for u, v, key, attrs in G.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: _scalar(val) for k, val in attrs.items() if k != "support"})
    return flat


def dumps(V: nx.MultiDiGraph) -> bytes:
    """Return the view ``V`` as GraphML bytes (UTF-8), its attributes flattened (:func:`flatten`).

    >>> from kg.examples import toy_projection
    >>> from kg.render.view import neighbourhood
    >>> back = nx.read_graphml(io.BytesIO(dumps(neighbourhood(toy_projection(), "ent:CCL5"))))
    >>> sorted(back.nodes)
    ['ent:CCL5', 'ent:CCL5_CD8_axis', 'ent:CD8_T_infiltration', 'ent:anlotinib']
    >>> back.nodes["ent:CCL5"]["synonyms"], back.nodes["ent:CCL5"]["cls"]
    ('RANTES', 'kg:Cytokine')
    """
    buffer = io.BytesIO()
    nx.write_graphml(flatten(V), buffer, encoding="utf-8")
    return buffer.getvalue()


def _scalar(value):
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if value is None:
        return ""
    return value
