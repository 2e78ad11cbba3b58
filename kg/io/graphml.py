"""GraphML of the NetworkX projection, for Cytoscape and Gephi.

GraphML holds scalar attributes only, so list attributes (publications, assertions, years)
are joined with ``; `` and missing values become empty strings.
"""

import io

import networkx as nx
from rdflib import Graph

from kg.projection import project


def flatten(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Return a copy of ``G`` whose attributes are all str, int, float or bool."""
    flat = nx.MultiDiGraph()
    for node, attrs in G.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in attrs.items()})
    for u, v, key, attrs in G.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: _scalar(val) for k, val in attrs.items() if k != "support"})
    return flat


def dumps(graph: Graph) -> bytes:
    """Return the projection of ``graph`` as GraphML bytes (UTF-8)."""
    buffer = io.BytesIO()
    nx.write_graphml(flatten(project(graph)), buffer, encoding="utf-8")
    return buffer.getvalue()


def _scalar(value):
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if value is None:
        return ""
    return value
