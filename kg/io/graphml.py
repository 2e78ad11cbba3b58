"""GraphML of a drawn view (:mod:`kg.view`), for Cytoscape and Gephi: each relation once, with the
context links that place studies and populations.

GraphML holds scalar attributes only, so list attributes (publications, assertions, years)
are joined with ``; `` and missing values become empty strings; the per-assertion ``support``
records stay in the RDF exports.
"""

import io

import networkx as nx


def flatten(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return a copy of ``G`` whose attributes are all str, int, float or bool."""
    flat = nx.MultiDiGraph()
    for node, attrs in G.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in attrs.items()})
    for u, v, key, attrs in G.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: _scalar(val) for k, val in attrs.items() if k != "support"})
    return flat


def dumps(V: nx.MultiDiGraph) -> bytes:
    """Return the view ``V`` as GraphML bytes (UTF-8)."""
    buffer = io.BytesIO()
    nx.write_graphml(flatten(V), buffer, encoding="utf-8")
    return buffer.getvalue()


def _scalar(value):
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if value is None:
        return ""
    return value
