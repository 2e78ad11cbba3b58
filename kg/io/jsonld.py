"""JSON-LD with an ``@context`` of the project's prefixes."""

from rdflib import Graph

from kg.namespaces import PREFIXES


def context() -> dict:
    """Return the JSON-LD ``@context``: every project prefix mapped to its namespace.

    >>> context()["ent"], context()["kg"]
    ('https://w3id.org/evidence-kg/entity/', 'https://w3id.org/evidence-kg/schema#')
    """
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def dumps(graph: Graph) -> bytes:
    """Return ``graph`` as JSON-LD bytes (UTF-8), compacted with :func:`context`.

    >>> import json
    >>> from kg.namespaces import ENT, KG
    >>> g = Graph()
    >>> _ = g.add((ENT.anlotinib, KG.inhibits, ENT.KDR))
    >>> data = json.loads(dumps(g))
    >>> data["@id"], data["kg:inhibits"], data["@context"] == context()
    ('ent:anlotinib', {'@id': 'ent:KDR'}, True)
    """
    return graph.serialize(format="json-ld", context=context(), indent=1, sort_keys=True,
                           encoding="utf-8")
