"""Loading: the shipped ontology and curated triples, plus user RDF, into one rdflib graph.

>>> from kg.loading import load_graph
>>> graph = load_graph()
>>> len(graph) > 10000
True
"""

from __future__ import annotations

import gzip
import io
import re
from importlib import resources
from pathlib import Path
from typing import Iterable

from kg.errors import KGInputError

# rdflib is imported inside the functions that parse: listing the data files (what the on-disk
# cache keys on) must not pay for importing it.

# Format by file extension (after an optional .gz).
FORMATS = {
    ".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt", ".n3": "n3",
    ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".owl": "xml", ".xml": "xml",
}


def data_dir() -> Path:
    """Return the folder holding ``ontology/`` and ``triples/``.

    An installed wheel carries them in ``kg/_data``; a source checkout has them beside ``kg/``.

    >>> (data_dir() / "ontology" / "schema.ttl").is_file()
    True
    """
    packaged = Path(str(resources.files("kg"))) / "_data"
    if (packaged / "ontology").is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent


def ontology_files() -> list[Path]:
    """Return the schema files (classes, properties, evidence levels), not the shapes."""
    return [data_dir() / "ontology" / "schema.ttl"]


def shapes_file() -> Path:
    """Return the SHACL shapes file."""
    return data_dir() / "ontology" / "shapes.ttl"


def curated_files() -> list[Path]:
    """Return the curated Turtle files under ``triples/``, in a stable order."""
    return sorted((data_dir() / "triples").rglob("*.ttl"))


def source_texts() -> dict[str, str]:
    """Return the shipped source documents' text by document id (``d000``, ``d001``).

    >>> sorted(source_texts())
    ['d000', 'd001']
    """
    folder = data_dir() / "sources"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def rdf_format(path: Path) -> str:
    """Return the rdflib parser name for ``path``, by extension; raise KGInputError if unknown."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if not suffixes or suffixes[-1] not in FORMATS:
        raise KGInputError(f"{path}: unknown RDF format (use one of {', '.join(sorted(FORMATS))}, optionally .gz)")
    return FORMATS[suffixes[-1]]


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Return the RDF files named by ``paths``: files as given, folders searched recursively."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise KGInputError(f"{path}: no such file or folder")
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and _is_rdf(p))
            if not found:
                raise KGInputError(f"{path}: folder holds no RDF files ({', '.join(sorted(FORMATS))})")
            files.extend(found)
        else:
            files.append(path)
    return files


def _is_rdf(path: Path) -> bool:
    try:
        rdf_format(path)
        return True
    except KGInputError:
        return False


def parse_into(graph, path: Path) -> None:
    """Parse one RDF file into the rdflib ``graph``; raise KGInputError naming the file and line on bad input."""
    from rdflib.plugins.parsers.notation3 import BadSyntax

    fmt = rdf_format(path)
    try:
        raw = path.read_bytes()
        if path.suffix.lower() == ".gz":
            raw = gzip.decompress(raw)
        graph.parse(source=io.BytesIO(raw), format=fmt, publicID=path.resolve().as_uri())
    except BadSyntax as err:
        line = err.lines + 1 if isinstance(err.lines, int) else "?"
        raise KGInputError(f"{path}:{line}: bad {fmt} syntax: {_one_line(getattr(err, '_why', None) or str(err))}") from None
    except (OSError, EOFError) as err:
        raise KGInputError(f"{path}: cannot read: {_one_line(str(err))}") from None
    except Exception as err:  # parsers raise many types (SAX, JSON, plugin errors)
        line = _line_of(err)
        where = f"{path}:{line}" if line else str(path)
        raise KGInputError(f"{where}: bad {fmt}: {_one_line(str(err))}") from None


def load_graph(extra: Iterable[str | Path] = (), *, curated: bool = True, enrich: bool = True):
    """Return one rdflib graph of the schema, the curated triples and ``extra`` RDF files.

    ``extra`` entries may be files or folders (Turtle, N-Triples, JSON-LD, RDF/XML, optionally
    gzipped). With ``enrich`` the evidence model's derived triples are added (see
    :func:`kg.evidence.enrich`). Raises :class:`kg.errors.KGInputError` on bad input.

    >>> g = load_graph()
    >>> from kg.namespaces import ENT, KG
    >>> (ENT.anlotinib, None, None) in g
    True
    """
    from rdflib import Graph

    from kg.namespaces import bind

    graph = bind(Graph())
    files = list(ontology_files())
    if curated:
        files += curated_files()
    files += expand_paths(extra)
    for path in files:
        parse_into(graph, path)
    if enrich:
        from kg.evidence import enrich as add_derived
        add_derived(graph)
    return graph


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()[:300]


def _line_of(err: Exception) -> int | None:
    for attr in ("lineno", "line"):
        value = getattr(err, attr, None)
        if isinstance(value, int):
            return value
    getter = getattr(err, "getLineNumber", None)
    if callable(getter):
        try:
            return int(getter())
        except Exception:
            return None
    match = re.search(r"line (\d+)", str(err))
    return int(match.group(1)) if match else None
