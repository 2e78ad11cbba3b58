"""Turtle with the project's stable prefixes, in a deterministic order.

Subjects, predicates and objects are sorted by rdflib's serializer and the graph holds no
blank nodes after loading (:func:`kg.store.enrich.skolemize_sources`), so two exports of the
same graph are byte-identical and a diff shows only what changed.
"""

from rdflib import Graph

from kg.namespaces import bind


def dumps(graph: Graph) -> bytes:
    """Return ``graph`` as Turtle bytes (UTF-8), the project prefixes bound on ``graph`` first.

    >>> from kg.namespaces import ENT, KG
    >>> g = Graph()
    >>> _ = g.add((ENT.anlotinib, KG.inhibits, ENT.KDR))
    >>> print(dumps(g).decode().strip())
    @prefix ent: <https://w3id.org/evidence-kg/entity/> .
    @prefix kg: <https://w3id.org/evidence-kg/schema#> .
    <BLANKLINE>
    ent:anlotinib kg:inhibits ent:KDR .
    """
    bind(graph)
    return graph.serialize(format="turtle", encoding="utf-8")
