"""Export: one module per exchange format (as ``pybel.io``), all written atomically.

RDF formats (``ttl``, ``nt``, ``jsonld``) serialize an rdflib graph; ``graphml`` serializes a drawn
view (:mod:`kg.render.view`), the entity graph that Cytoscape and Gephi read; ``kgx`` and ``kgx-tsv``
(:mod:`kg.io.kgx`) write the rdflib graph as KGX nodes and edges, two files named ``PREFIX_nodes.jsonl``
and ``PREFIX_edges.jsonl`` (or ``.tsv``). A writer module is imported only when its format is asked for.

>>> from kg.store.loading import load_graph
>>> dumps(load_graph(curated=False), "nt").count(b"\\n") > 100
True
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from kg.errors import KGInputError
from kg.io.atomic import atomic_write

MODULES = {"ttl": "turtle", "nt": "ntriples", "jsonld": "jsonld", "graphml": "graphml", "kgx": "kgx", "kgx-tsv": "kgx"}
RDF_FORMATS = ("ttl", "nt", "jsonld")
# Formats written as several files, PREFIX_<part> (KGX's nodes and edges), and their parts.
MULTI_FILE = {"kgx": ("nodes.jsonl", "edges.jsonl"), "kgx-tsv": ("nodes.tsv", "edges.tsv")}
GRAPH_FORMATS = RDF_FORMATS + tuple(MULTI_FILE)     # the formats that serialize the rdflib graph, not a view
EXTENSIONS = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "graphml": ".graphml"}


def dumps(data, fmt: str) -> bytes | dict[str, bytes]:
    """Return ``data`` serialized as ``fmt``: an rdflib graph for the RDF and KGX formats, a view for ``graphml``.

    A format of several files (:data:`MULTI_FILE`) gives each file's bytes by its part (``{"nodes.jsonl": ...}``).

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
    kg.errors.KGInputError: unknown export format 'csv' (use one of ttl, nt, jsonld, graphml, kgx, kgx-tsv)
    >>> sorted(dumps(g, "kgx"))
    ['edges.jsonl', 'nodes.jsonl']
    """
    if fmt not in MODULES:
        raise KGInputError(f"unknown export format {fmt!r} (use one of {', '.join(MODULES)})")
    if fmt in GRAPH_FORMATS and fmt != "nt":
        from kg.store.backends import in_memory  # rdflib's writers; N-Triples comes from the store itself
        data = in_memory(data)
    if fmt in MULTI_FILE:
        return import_module(f"kg.io.{MODULES[fmt]}").parts(data, fmt)
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


def write_parts(files: dict[str, bytes], prefix: str | Path | None) -> list[Path]:
    """Write each of a multi-file format's ``files`` to ``PREFIX_<part>`` atomically; return the paths.

    Every file is serialized before the first is written, so a failure to serialize writes none.
    Standard output cannot hold several files: a missing or ``-`` prefix is an error.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     print([p.name for p in write_parts({"nodes.jsonl": b"", "edges.jsonl": b""}, Path(tmp) / "anlotinib")])
    ['anlotinib_nodes.jsonl', 'anlotinib_edges.jsonl']
    >>> write_parts({"nodes.jsonl": b""}, "-")
    Traceback (most recent call last):
    ...
    kg.errors.KGInputError: this format writes several files (nodes.jsonl): give -o PREFIX for PREFIX_nodes.jsonl ...
    """
    if prefix is None or str(prefix) == "-":
        raise KGInputError(f"this format writes several files ({', '.join(files)}): "
                           f"give -o PREFIX for PREFIX_{next(iter(files))} ...")
    prefix = Path(prefix)
    return [atomic_write(prefix.with_name(f"{prefix.name}_{part}"), data) for part, data in files.items()]
