"""JSON-LD with an ``@context`` of the project's prefixes."""

from rdflib import Graph

from kg.namespaces import PREFIXES


def context() -> dict:
    """Return the JSON-LD ``@context``: every project prefix mapped to its namespace."""
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def dumps(graph: Graph) -> bytes:
    """Return ``graph`` as JSON-LD bytes (UTF-8), compacted with :func:`context`."""
    return graph.serialize(format="json-ld", context=context(), indent=1, sort_keys=True,
                           encoding="utf-8")
