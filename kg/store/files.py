"""Files: where the shipped schema, curated triples, source texts and caches are; what format a file is;
and the key caches are stored under.

>>> (data_dir() / "ontology" / "schema.ttl").is_file()
True
>>> rdf_format(Path("extra.nt.gz"))
'nt'
"""

from __future__ import annotations

import functools
import hashlib
import os
from importlib import resources
from pathlib import Path
from typing import Iterable

from kg.errors import KGInputError

PACKAGE = Path(__file__).resolve().parent.parent     # kg/


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
    return PACKAGE.parent


def cache_dir() -> Path:
    """Return the cache folder: ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/evidence-kg``, else ``~/.cache/evidence-kg``.

    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"KG_CACHE_DIR": "/tmp/kg-cache"}):
    ...     print(cache_dir())
    /tmp/kg-cache
    >>> with mock.patch.dict(os.environ, {"KG_CACHE_DIR": "", "XDG_CACHE_HOME": "/tmp/xdg"}):
    ...     print(cache_dir())
    /tmp/xdg/evidence-kg
    """
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "evidence-kg"


def fingerprint(files: Iterable[Path], salt: str = "") -> str:
    """Return a key for caches built from ``files``: their paths and content, and the library's code.

    The code counts because it decides what is derived (skolemized IRIs, the projection).

    >>> key = fingerprint(ontology_files())
    >>> len(key), key == fingerprint(ontology_files()), key == fingerprint(ontology_files(), salt="v2")
    (24, True, False)
    """
    digest = hashlib.sha256(salt.encode())
    for code in sorted(PACKAGE.rglob("*.py")):
        digest.update(code.read_bytes())
    for path in files:
        digest.update(str(path.resolve()).encode())
        with open(path, "rb") as handle:           # in blocks: a --data file may be gigabytes
            for block in iter(functools.partial(handle.read, 1 << 24), b""):
                digest.update(block)
    return digest.hexdigest()[:24]


def ontology_files() -> list[Path]:
    """Return the schema files (classes, properties, evidence levels; their Biolink names), not the shapes.

    >>> [p.name for p in ontology_files()]
    ['schema.ttl', 'biolink.ttl']
    """
    return [data_dir() / "ontology" / "schema.ttl", data_dir() / "ontology" / "biolink.ttl"]


def shapes_file() -> Path:
    """Return the SHACL shapes file.

    >>> shapes_file().name, shapes_file().is_file()
    ('shapes.ttl', True)
    """
    return data_dir() / "ontology" / "shapes.ttl"


def curated_files() -> list[Path]:
    """Return the curated Turtle files under ``triples/``, in a stable order.

    >>> files = curated_files()
    >>> files == sorted(files), all(p.suffix == ".ttl" for p in files)
    (True, True)
    """
    return sorted((data_dir() / "triples").rglob("*.ttl"))


def source_texts() -> dict[str, str]:
    """Return the shipped source documents' text by document id (``d000``, ``d001``).

    >>> sorted(source_texts())
    ['d000', 'd001']
    """
    folder = data_dir() / "sources"
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


def rdf_format(path: Path) -> str:
    """Return the parser name for ``path``, by extension: rdflib's, or one of Hetionet's own formats
    (:data:`kg.store.hetionet.FORMATS`: its JSON, nodes TSV and edges SIF, plain, .gz or .bz2);
    raise KGInputError if unknown.

    >>> rdf_format(Path("toy.ttl")), rdf_format(Path("dump.NT.gz")), rdf_format(Path("doc.jsonld"))
    ('turtle', 'nt', 'json-ld')
    >>> rdf_format(Path("hetionet-v1.0-edges.sif.gz")), rdf_format(Path("hetionet-v1.0.json.bz2"))
    ('hetionet-sif', 'hetionet-json')
    >>> rdf_format(Path("notes.txt"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.KGInputError: notes.txt: unknown RDF format (use one of ...)
    """
    from kg.store.hetionet import format_of
    hetionet = format_of(path)
    if hetionet:
        return hetionet
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if not suffixes or suffixes[-1] not in FORMATS:
        raise KGInputError(f"{path}: unknown RDF format (use one of {', '.join(sorted(FORMATS))}, optionally .gz; "
                           "or Hetionet's .json, .tsv, .sif, optionally .gz or .bz2)")
    return FORMATS[suffixes[-1]]


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Return the RDF files named by ``paths``: files as given, folders searched recursively.

    Files that are not RDF (by extension) are skipped inside folders; a missing path, or a folder
    without RDF, raises KGInputError.

    >>> [p.name for p in expand_paths([data_dir() / "ontology"])]
    ['biolink.ttl', 'schema.ttl', 'shapes.ttl']
    >>> expand_paths([str(shapes_file())]) == [shapes_file()]   # a file named outright is kept as given
    True
    """
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
