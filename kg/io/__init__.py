"""Export: one module per exchange format (as ``pybel.io``), all written atomically.

>>> from kg.loading import load_graph
>>> from kg.io import export
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "kg.ttl"
>>> export(load_graph(), "ttl", out).exists()
True
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.errors import KGInputError
from kg.io import graphml, jsonld, ntriples, turtle
from kg.io.atomic import atomic_write
from kg.loading import in_memory

WRITERS = {"ttl": turtle.dumps, "nt": ntriples.dumps, "jsonld": jsonld.dumps, "graphml": graphml.dumps}
EXTENSIONS = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "graphml": ".graphml"}


def dumps(graph: Graph, fmt: str) -> bytes:
    """Return ``graph`` serialized as ``fmt`` (``ttl``, ``nt``, ``jsonld`` or ``graphml``)."""
    if fmt not in WRITERS:
        raise KGInputError(f"unknown export format {fmt!r} (use one of {', '.join(WRITERS)})")
    # N-Triples comes from the store itself (fast on Oxigraph); the others from rdflib's writers.
    return WRITERS[fmt](graph if fmt == "nt" else in_memory(graph))


def export(graph: Graph, fmt: str, path: str | Path) -> Path:
    """Write ``graph`` as ``fmt`` to ``path`` atomically and return the path.

    The file appears complete or not at all: a failure leaves any earlier file untouched.
    """
    data = dumps(graph, fmt)
    return atomic_write(Path(path), data)
