"""Export: one module per exchange format (as ``pybel.io``), all written atomically.

RDF formats (``ttl``, ``nt``, ``jsonld``) serialize an rdflib graph; ``graphml`` serializes a drawn
view (:mod:`kg.render.view`), the entity graph that Cytoscape and Gephi read. A writer module is imported
only when its format is asked for.

>>> from kg.store.loading import load_graph
>>> dumps(load_graph(curated=False), "nt").count(b"\\n") > 100
True
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from kg.errors import KGInputError
from kg.io.atomic import atomic_write

MODULES = {"ttl": "turtle", "nt": "ntriples", "jsonld": "jsonld", "graphml": "graphml"}
RDF_FORMATS = ("ttl", "nt", "jsonld")
EXTENSIONS = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "graphml": ".graphml"}


def dumps(data, fmt: str) -> bytes:
    """Return ``data`` serialized as ``fmt``: an rdflib graph for the RDF formats, a view for ``graphml``.

    Raises :class:`~kg.errors.KGInputError` for an unknown format.

    >>> from kg.store.backends import new_graph
    >>> from kg.namespaces import ENT, KG
    >>> g = new_graph()
    >>> _ = g.add((ENT.anlotinib, KG.inhibits, ENT.KDR))
    >>> print(dumps(g, "ttl").decode().strip())
    @prefix ent: <https://w3id.org/evidence-kg/entity/> .
    @prefix kg: <https://w3id.org/evidence-kg/schema#> .
    <BLANKLINE>
    ent:anlotinib kg:inhibits ent:KDR .
    >>> dumps(g, "csv")
    Traceback (most recent call last):
    ...
    kg.errors.KGInputError: unknown export format 'csv' (use one of ttl, nt, jsonld, graphml)
    """
    if fmt not in MODULES:
        raise KGInputError(f"unknown export format {fmt!r} (use one of {', '.join(MODULES)})")
    if fmt in RDF_FORMATS and fmt != "nt":
        from kg.store.backends import in_memory  # rdflib's writers; N-Triples comes from the store itself
        data = in_memory(data)
    return import_module(f"kg.io.{MODULES[fmt]}").dumps(data)


def export(data, fmt: str, path: str | Path) -> Path:
    """Write ``data`` as ``fmt`` to ``path`` atomically and return the path.

    The file appears complete or not at all: a failure leaves any earlier file untouched.

    >>> import tempfile
    >>> from kg.store.backends import new_graph
    >>> from kg.namespaces import ENT, KG
    >>> g = new_graph()
    >>> _ = g.add((ENT.anlotinib, KG.inhibits, ENT.KDR))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = export(g, "nt", Path(tmp) / "out" / "toy.nt")
    ...     print(path.name, path.read_bytes() == dumps(g, "nt"))
    toy.nt True
    """
    return atomic_write(Path(path), dumps(data, fmt))
