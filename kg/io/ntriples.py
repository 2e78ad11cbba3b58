"""N-Triples, one triple a line, lines sorted (deterministic)."""

from rdflib import Graph


def dumps(graph: Graph) -> bytes:
    """Return ``graph`` as sorted N-Triples bytes (UTF-8)."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return ("\n".join(lines) + "\n").encode("utf-8")
