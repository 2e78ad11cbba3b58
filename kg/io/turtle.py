"""Turtle with the project's stable prefixes, in a deterministic order.

Subjects, predicates and objects are sorted by rdflib's serializer and the graph holds no
blank nodes after loading (:func:`kg.evidence.skolemize_sources`), so two exports of the
same graph are byte-identical and a diff shows only what changed.
"""

from rdflib import Graph

from kg.namespaces import bind


def dumps(graph: Graph) -> bytes:
    """Return ``graph`` as Turtle bytes (UTF-8)."""
    bind(graph)
    return graph.serialize(format="turtle", encoding="utf-8")
