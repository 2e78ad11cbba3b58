"""N-Triples, one triple a line, lines sorted (deterministic)."""

from rdflib import Graph

from kg.loading import ntriples


def dumps(graph: Graph) -> bytes:
    """Return ``graph`` as sorted N-Triples bytes (UTF-8), on either store."""
    lines = sorted(line for line in ntriples(graph).split(b"\n") if line.strip())
    return b"\n".join(lines) + b"\n"
