"""N-Triples, one triple a line, lines sorted (deterministic)."""

from rdflib import Graph

from kg.store.backends import ntriples


def dumps(graph: Graph) -> bytes:
    """Return ``graph`` as sorted N-Triples bytes (UTF-8), on either store.

    >>> from kg.store.backends import new_graph
    >>> from kg.namespaces import ENT, KG
    >>> g = new_graph("oxigraph")
    >>> for triple in [(ENT.anlotinib, KG.inhibits, ENT.KDR), (ENT.anlotinib, KG.increases, ENT.CCL5)]:
    ...     _ = g.add(triple)
    >>> print(dumps(g).decode(), end="")
    <https://w3id.org/evidence-kg/entity/anlotinib> <https://w3id.org/evidence-kg/schema#increases> <https://w3id.org/evidence-kg/entity/CCL5> .
    <https://w3id.org/evidence-kg/entity/anlotinib> <https://w3id.org/evidence-kg/schema#inhibits> <https://w3id.org/evidence-kg/entity/KDR> .
    """
    lines = sorted(line for line in ntriples(graph).split(b"\n") if line.strip())
    return b"\n".join(lines) + b"\n"
