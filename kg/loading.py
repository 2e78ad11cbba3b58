"""Loading: the shipped ontology and curated triples, plus user RDF, into one rdflib graph.

Two stores hold the graph behind the same rdflib API: ``rdflib`` (the default, in memory, pure
Python) and ``oxigraph`` (pyoxigraph through oxrdflib: files are parsed by Oxigraph's bulk
loader and SPARQL runs in Oxigraph's engine, for inputs of millions of triples). Every command
gives the same answers on both.

>>> from kg.loading import load_graph
>>> graph = load_graph()
>>> len(graph) > 10000
True
>>> len(load_graph(store="oxigraph")) == len(graph)
True
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import os
import re
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.errors import KGInputError

# rdflib is imported inside the functions that parse: listing the data files (what the on-disk
# cache keys on) must not pay for importing it.

# Format by file extension (after an optional .gz).
FORMATS = {
    ".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt", ".n3": "n3",
    ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".owl": "xml", ".xml": "xml",
}
# The same formats by their pyoxigraph names (RdfFormat attributes).
OXIGRAPH_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "n3": "N3", "json-ld": "JSON_LD", "xml": "RDF_XML"}
STORES = ("rdflib", "oxigraph")


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


def cache_dir() -> Path:
    """Return the cache folder: ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/evidence-kg``, else ``~/.cache/evidence-kg``."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "evidence-kg"


def fingerprint(files: Iterable[Path], salt: str = "") -> str:
    """Return a key for caches built from ``files``: their paths and content, and the library's code.

    The code counts because it decides what is derived (skolemized IRIs, the projection).
    """
    digest = hashlib.sha256(salt.encode())
    for code in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(code.read_bytes())
    for path in files:
        digest.update(str(path.resolve()).encode())
        with open(path, "rb") as handle:           # in blocks: a --data file may be gigabytes
            for block in iter(functools.partial(handle.read, 1 << 24), b""):
                digest.update(block)
    return digest.hexdigest()[:24]


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


def new_graph(store: str = "rdflib"):
    """Return an empty rdflib graph on ``store`` (``rdflib`` or ``oxigraph``), project prefixes bound."""
    from rdflib import Graph

    from kg.namespaces import bind

    if store == "oxigraph":
        from oxrdflib import OxigraphStore
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
        # The default graph of the Oxigraph dataset, so its SPARQL engine sees every triple.
        return bind(Graph(store=OxigraphStore(), identifier=DATASET_DEFAULT_GRAPH_ID))
    if store != "rdflib":
        raise KGInputError(f"unknown store {store!r} (use one of {', '.join(STORES)})")
    return bind(Graph())


def is_oxigraph(graph) -> bool:
    """Whether ``graph`` is held by the Oxigraph store."""
    return type(graph.store).__name__ == "OxigraphStore"


def in_memory(graph):
    """Return ``graph`` itself if held by rdflib, else a copy in rdflib's memory store.

    Oxigraph gives every simple literal its RDF 1.1 datatype ``xsd:string``; rdflib writes that
    datatype out while its own parsers leave it off. The copy drops it, so exports are the same
    whichever store held the graph.
    """
    if not is_oxigraph(graph):
        return graph
    from kg.namespaces import simple

    copy = new_graph("rdflib")
    for s, p, o in graph:
        copy.add((s, p, simple(o)))
    return copy


def parse_into(graph, path: Path, progress: Callable[[int], None] | None = None) -> None:
    """Parse one RDF file into ``graph``; raise KGInputError naming the file and line on bad input.

    ``progress`` is called with the number of bytes read so far (Oxigraph store only).
    """
    from rdflib.plugins.parsers.notation3 import BadSyntax

    fmt = rdf_format(path)
    try:
        if is_oxigraph(graph):
            return _bulk_load(graph, path, fmt, progress)
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


def _bulk_load(graph, path: Path, fmt: str, progress) -> None:
    """Stream ``path`` (gzip or not) into Oxigraph's bulk loader, reporting bytes read."""
    import pyoxigraph

    with open(path, "rb") as handle:
        # Counts the bytes of the file, compressed or not, in 1 MiB reads (small reads cost Python calls).
        counted = io.BufferedReader(_CountingReader(handle, progress), buffer_size=1 << 20)
        source = gzip.GzipFile(fileobj=counted) if path.suffix.lower() == ".gz" else counted
        # oxrdflib keeps its pyoxigraph store in `_inner`; the bulk loader is Oxigraph's fast path.
        graph.store._inner.bulk_load(input=source, format=getattr(pyoxigraph.RdfFormat, OXIGRAPH_FORMATS[fmt]),
                                     base_iri=path.resolve().as_uri(), to_graph=pyoxigraph.DefaultGraph())


class _CountingReader(io.RawIOBase):
    """A binary reader that reports how many bytes of the underlying file were read."""

    def __init__(self, handle, progress):
        self._handle, self._progress, self._read = handle, progress, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._handle.read(len(buffer))
        buffer[:len(data)] = data
        self._read += len(data)
        if self._progress is not None:
            self._progress(self._read)
        return len(data)


def load_graph(extra: Iterable[str | Path] = (), *, curated: bool = True, enrich: bool = True,
               store: str = "rdflib", show_progress: bool = False):
    """Return one rdflib graph of the schema, the curated triples and ``extra`` RDF files.

    ``extra`` entries may be files or folders (Turtle, N-Triples, JSON-LD, RDF/XML, optionally
    gzipped). With ``enrich`` the evidence model's derived triples are added (see
    :func:`kg.evidence.enrich`). ``store`` is ``rdflib`` or ``oxigraph``; ``show_progress``
    draws a progress bar with triples per second on stderr. Raises :class:`kg.errors.KGInputError`
    on bad input.

    >>> g = load_graph()
    >>> from kg.namespaces import ENT, KG
    >>> (ENT.anlotinib, None, None) in g
    True
    """
    graph = new_graph(store)
    shipped = list(ontology_files()) + (curated_files() if curated else [])
    files = expand_paths(extra)
    oxigraph = is_oxigraph(graph)
    if oxigraph:
        _load_shipped_oxigraph(graph, shipped, enrich)
    else:
        files = shipped + files
    derive = False                          # the Oxigraph store's shipped part comes derived already
    with LoadProgress(files, enabled=show_progress) as bar:
        for path in files:
            before = count_triples(graph) if show_progress else 0
            progress = functools.partial(bar.read, path)
            # rdflib replaces blank nodes once, when deriving (see kg.evidence.enrich).
            blank_nodes, ours = _file_holds(path) if oxigraph else (False, True)
            derive = derive or (enrich and ours)
            if blank_nodes:
                _load_skolemized(graph, path, progress)
            else:
                parse_into(graph, path, progress=progress)
            bar.loaded(path, count_triples(graph) - before if show_progress else 0)
    if derive:
        from kg.evidence import enrich as add_derived
        add_derived(graph, skolemized=oxigraph)
    return graph


def add_ntriples(graph, data: bytes) -> None:
    """Add the N-Triples ``data`` to ``graph``: Oxigraph's bulk loader on that store, rdflib's parser otherwise.

    What an endpoint answers a CONSTRUCT with; millions of triples take seconds on Oxigraph.
    """
    if is_oxigraph(graph):
        import pyoxigraph
        graph.store._inner.bulk_load(input=data, format=pyoxigraph.RdfFormat.N_TRIPLES,
                                     to_graph=pyoxigraph.DefaultGraph())
    else:
        graph.parse(data=data.decode("utf-8"), format="nt")


def ntriples(graph) -> bytes:
    """Return ``graph`` as N-Triples (UTF-8), written by the store itself on Oxigraph.

    Oxigraph writes a million triples a second, rdflib about 23,000: what makes exporting or
    pushing a graph of millions of triples take seconds, not minutes.
    """
    if is_oxigraph(graph):
        import pyoxigraph
        return graph.store._inner.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    return graph.serialize(format="nt", encoding="utf-8")


def count_triples(graph) -> int:
    """Return the number of triples in ``graph`` (natively counted on the Oxigraph store)."""
    # oxrdflib's len() runs a COUNT DISTINCT query: 20 times slower than pyoxigraph's own count.
    return len(graph.store._inner) if is_oxigraph(graph) else len(graph)


def iri_links(graph, skip: tuple[str, ...]) -> Iterator[tuple[str, str, str]]:
    """Yield ``(subject, predicate, object)`` IRIs of every triple between two IRIs whose predicate
    starts with none of ``skip`` (namespaces of vocabulary, not of relations).

    On the Oxigraph store the triples are read from pyoxigraph itself: converting millions of
    them to rdflib terms would cost more than the rest of the projection.

    >>> links = set(iri_links(load_graph(), skip=("http://www.w3.org/", "https://w3id.org/evidence-kg/schema#")))
    >>> ("https://w3id.org/evidence-kg/document/d001-s3.1", "http://purl.org/dc/terms/isPartOf",
    ...  "https://w3id.org/evidence-kg/document/d001") in links
    True
    """
    if is_oxigraph(graph):
        import pyoxigraph
        iri = pyoxigraph.NamedNode
        for quad in graph.store._inner.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()):
            if type(quad.object) is iri and type(quad.subject) is iri:
                predicate = quad.predicate.value
                if not predicate.startswith(skip):
                    yield quad.subject.value, predicate, quad.object.value
        return
    from rdflib import URIRef
    for subject, predicate, obj in graph:
        # str(): rdflib's URIRef.startswith does not take a tuple.
        if isinstance(obj, URIRef) and isinstance(subject, URIRef) and not str(predicate).startswith(skip):
            yield str(subject), str(predicate), str(obj)


def values_of(graph, predicate: str) -> Iterator[tuple[str, str, str | None]]:
    """Yield ``(subject IRI, value, language tag or None)`` of every ``predicate`` triple on an IRI.

    The fast read of :func:`iri_links`, for labels and types of millions of nodes.
    """
    if is_oxigraph(graph):
        import pyoxigraph
        for quad in graph.store._inner.quads_for_pattern(None, pyoxigraph.NamedNode(predicate), None,
                                                         pyoxigraph.DefaultGraph()):
            if type(quad.subject) is pyoxigraph.NamedNode:
                yield quad.subject.value, quad.object.value, getattr(quad.object, "language", None)
        return
    from rdflib import URIRef
    for subject, value in graph.subject_objects(URIRef(predicate)):
        if isinstance(subject, URIRef):
            yield str(subject), str(value), getattr(value, "language", None)


def _file_holds(path: Path) -> tuple[bool, bool]:
    """Return whether ``path`` may hold blank nodes, and whether it may name our namespaces.

    Small files and formats other than N-Triples and Turtle: always both. A big one is scanned
    (decompressed, in blocks) for their marks. On the Oxigraph store blank nodes are replaced
    file by file, in a store of the file's own, and the evidence model's derived triples are
    added again only when a file may add assertions or outcomes: so a multi-million-triple file
    of another graph is bulk loaded straight in, with nothing more to do.
    """
    from kg.namespaces import BASE

    fmt = rdf_format(path)
    if path.stat().st_size < 5_000_000 or fmt not in ("nt", "turtle"):
        return True, True
    blank = (b"_:",) if fmt == "nt" else (b"_:", b"[", b"(")
    ours = BASE.encode()
    found: set[bytes] = set()
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    with opener(path, "rb") as handle:
        tail = b""
        for block in iter(functools.partial(handle.read, 1 << 24), b""):
            window = tail + block                   # a mark may straddle two blocks
            found.update(mark for mark in (*blank, ours) if mark not in found and mark in window)
            tail = block[-len(ours):]
    return bool(found.intersection(blank)), ours in found


def _load_shipped_oxigraph(graph, files: list[Path], enrich: bool) -> None:
    """Load the schema and curated files into the Oxigraph ``graph``, blank nodes replaced, and
    with ``enrich`` the evidence model's derived triples added.

    The result is kept in the cache folder as N-Triples keyed by the files' content, so later
    runs bulk load one file instead of doing that work again.
    """
    import pyoxigraph

    cached = cache_dir() / f"shipped-{fingerprint(files, salt=f'derived={enrich}')}.nt"
    if not cached.exists():
        part = new_graph("oxigraph")
        for path in files:
            _load_skolemized(part, path, None)
        if enrich:
            from kg.evidence import enrich as add_derived
            add_derived(part, skolemized=True)
        try:
            from kg.io.atomic import atomic_write
            atomic_write(cached, part.store._inner.dump(format=pyoxigraph.RdfFormat.N_TRIPLES,
                                                       from_graph=pyoxigraph.DefaultGraph()))
        except KGInputError:
            graph.store._inner.extend(part.store._inner)    # an unwritable cache only costs speed
            return
    parse_into(graph, cached)


def _load_skolemized(graph, path: Path, progress) -> None:
    """Load ``path`` into a store of its own, replace its blank nodes, then add it to ``graph``."""
    from kg.evidence import skolemize_sources

    part = new_graph("oxigraph")
    parse_into(part, path, progress=progress)
    skolemize_sources(part)
    graph.store._inner.extend(part.store._inner)


class LoadProgress:
    """A progress bar over the bytes of the files being loaded, with triples per second."""

    def __init__(self, files: list[Path], *, enabled: bool):
        self._enabled = enabled
        self._done_bytes = 0
        self._triples = 0
        self._sizes = {path: path.stat().st_size for path in files}

    def __enter__(self):
        if self._enabled:
            from rich.console import Console
            from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn
            self._progress = Progress(TextColumn("loading {task.fields[name]}"), BarColumn(), DownloadColumn(),
                                      TextColumn("{task.fields[triples]:,} triples, {task.fields[rate]:,.0f}/s"),
                                      TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self._progress.__enter__()
            self._task = self._progress.add_task("load", total=sum(self._sizes.values()), name="", triples=0, rate=0)
        return self

    def __exit__(self, *exc):
        if self._enabled:
            self._progress.__exit__(*exc)

    def read(self, path: Path, read: int) -> None:
        """Record that ``read`` bytes of the file ``path`` have been read."""
        if self._enabled:
            self._progress.update(self._task, completed=self._done_bytes + read, name=path.name)

    def loaded(self, path: Path, triples: int) -> None:
        """Record that ``path`` is loaded and added ``triples``."""
        self._done_bytes += self._sizes[path]
        self._triples += triples
        if self._enabled:
            elapsed = self._progress.tasks[0].elapsed or 1e-9
            self._progress.update(self._task, completed=self._done_bytes, name=path.name, triples=self._triples,
                                  rate=self._triples / elapsed)


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
