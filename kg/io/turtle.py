"""Turtle with the project's stable prefixes, in a deterministic order.

Subjects, predicates and objects are sorted by rdflib's serializer and the graph holds no
blank nodes after loading (:func:`kg.store.enrich.skolemize_sources`), so two exports of the
same graph are byte-identical and a diff shows only what changed.
"""

from rdflib import Graph

from kg.namespaces import bind


def dumps(graph: Graph) -> bytes:
    """Return ``graph`` as Turtle bytes (UTF-8) with the project prefixes and no others.

    The triples are copied into a graph that binds only those prefixes: prefixes a parser happened to
    bind on the way (``BFO:`` from a freshly parsed schema, none from a cached one) never change the file.

    >>> from kg.namespaces import ENT, KG
    >>> g = Graph()
    >>> _ = g.add((ENT.anlotinib, KG.inhibits, ENT.KDR))
    >>> print(dumps(g).decode().strip())
    @prefix ent: <https://w3id.org/evidence-kg/entity/> .
    @prefix kg: <https://w3id.org/evidence-kg/schema#> .
    <BLANKLINE>
    ent:anlotinib kg:inhibits ent:KDR .
    """
    out = bind(Graph(bind_namespaces="none"))
    out += graph
    return out.serialize(format="turtle", encoding="utf-8")
