"""Loading: the shipped ontology and curated triples, plus user RDF, into one rdflib graph.

Either store (:mod:`kg.store.backends`) holds the graph behind the same rdflib API, and every
command gives the same answers on both. Files are parsed with errors that name the file and line;
the evidence model's derived triples are added once (:mod:`kg.store.enrich`); on the Oxigraph store
the derived shipped part is cached as N-Triples keyed by :func:`kg.store.files.fingerprint`.

>>> from kg.examples import TOY
>>> graph = load_graph([TOY], curated=False)
>>> len(graph) > 1000
True
>>> len(load_graph([TOY], curated=False, store="oxigraph")) == len(graph)
True
"""

from __future__ import annotations

import functools
import gzip
import io
import re
from pathlib import Path
from typing import Callable, Iterable

from kg.errors import KGInputError
from kg.store.backends import add_ntriples, bulk_load, canonical_literals, count_triples, extend, is_oxigraph, new_graph, ntriples
from kg.store.files import cache_dir, curated_files, expand_paths, fingerprint, ontology_files, rdf_format
from kg.store.hetionet import FORMATS as HETIONET_FORMATS

BOM = b"\xef\xbb\xbf"

# rdflib is imported inside the functions that parse: listing the data files (what the on-disk
# cache keys on) must not pay for importing it.


def parse_into(graph, path: Path, progress: Callable[[int], None] | None = None) -> None:
    """Parse one RDF file into ``graph``; raise KGInputError naming the file and line on bad input.

    ``progress`` is called with the number of bytes read so far (Oxigraph store only). Return None;
    the triples are added to ``graph`` as they are, with no derived triples (see :func:`load_graph`).

    >>> import tempfile
    >>> from kg.examples import TOY
    >>> graph = new_graph("rdflib")
    >>> parse_into(graph, TOY)
    >>> len(graph)
    232
    >>> bad = Path(tempfile.mkdtemp()) / "bad.ttl"
    >>> _ = bad.write_text("@prefix ex: <http://x.example/> .\\nex:a ex:b .\\n")
    >>> parse_into(new_graph("rdflib"), bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.KGInputError: /.../bad.ttl:2: bad turtle syntax: objectList expected
    """
    from rdflib.plugins.parsers.notation3 import BadSyntax

    fmt = rdf_format(path)
    if fmt in HETIONET_FORMATS:         # read by our own reader into N-Triples: its errors name the file and line
        from kg.store.hetionet import read
        for batch in read(path, fmt, progress):
            add_ntriples(graph, batch)
        return
    raw = b""
    try:
        if is_oxigraph(graph):
            return _bulk_load(graph, path, fmt, progress)
        raw = path.read_bytes()
        if path.suffix.lower() == ".gz":
            raw = gzip.decompress(raw)
        raw = raw.removeprefix(BOM)     # a byte-order mark is read the same way on both stores: ignored
        graph.parse(source=io.BytesIO(raw), format=fmt, publicID=path.resolve().as_uri())
    except BadSyntax as err:
        line = err.lines + 1 if isinstance(err.lines, int) else "?"
        raise KGInputError(f"{path}:{line}: bad {fmt} syntax: {_one_line(getattr(err, '_why', None) or str(err))}") from None
    except (OSError, EOFError) as err:
        raise KGInputError(f"{path}: cannot read: {_one_line(str(err))}") from None
    except Exception as err:  # parsers raise many types (SAX, JSON, plugin errors)
        line = _line_of(err) or _line_quoted(raw, err)
        where = f"{path}:{line}" if line else str(path)
        raise KGInputError(f"{where}: bad {fmt}: {_one_line(str(err))}") from None


def _bulk_load(graph, path: Path, fmt: str, progress) -> None:
    """Stream ``path`` (gzip or not) into Oxigraph's bulk loader, reporting bytes read."""
    with open(path, "rb") as handle:
        # Counts the bytes of the file, compressed or not, in 1 MiB reads (small reads cost Python calls).
        counted = io.BufferedReader(_CountingReader(handle, progress), buffer_size=1 << 20)
        source = gzip.GzipFile(fileobj=counted) if path.suffix.lower() == ".gz" else counted
        if source.peek(len(BOM))[:len(BOM)] == BOM:
            source.read(len(BOM))
        bulk_load(graph, source, fmt, base_iri=path.resolve().as_uri())


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
    gzipped; Hetionet's JSON, nodes TSV and edges SIF, :mod:`kg.store.hetionet`). With ``enrich`` the evidence model's derived triples are added (see
    :func:`kg.store.enrich.enrich`). ``store`` is ``rdflib`` or ``oxigraph``; ``show_progress``
    draws a progress bar with triples per second on stderr. Raises :class:`kg.errors.KGInputError`
    on bad input.

    >>> from kg.examples import TOY
    >>> from kg.namespaces import ENT
    >>> (ENT.anlotinib, None, None) in load_graph([TOY], curated=False)
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
            # rdflib replaces blank nodes once, when deriving (see kg.store.enrich.enrich).
            blank_nodes, ours = _file_holds(path) if oxigraph else (False, True)
            derive = derive or (enrich and ours)
            if blank_nodes:
                _load_skolemized(graph, path, progress)
            else:
                parse_into(graph, path, progress=progress)
            bar.loaded(path, count_triples(graph) - before if show_progress else 0)
    if not oxigraph:
        canonical_literals(graph)           # the lexical forms the Oxigraph store keeps
    if derive:
        from kg.store.enrich import enrich as add_derived
        add_derived(graph, skolemized=oxigraph)
    return graph


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
    if fmt in HETIONET_FORMATS:         # written as IRIs only, with nothing the evidence model derives from
        return False, False
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

    The result is kept in the cache folder as N-Triples keyed by the files' content (a verified cache,
    :mod:`kg.store.cache`), so later runs bulk load one file instead of doing that work again.
    """
    from kg.store.cache import load_bytes, store_bytes
    cached = cache_dir() / f"shipped-{fingerprint(files, salt=f'derived={enrich}')}.nt"
    payload = load_bytes(cached)
    if payload is None:
        part = new_graph("oxigraph")
        for path in files:
            _load_skolemized(part, path, None)
        if enrich:
            from kg.store.enrich import enrich as add_derived
            add_derived(part, skolemized=True)
        extend(graph, part)
        store_bytes(cached, ntriples(part))     # an unwritable cache only costs speed
        return
    add_ntriples(graph, payload)


def _load_skolemized(graph, path: Path, progress) -> None:
    """Load ``path`` into a store of its own, replace its blank nodes, then add it to ``graph``."""
    from kg.store.enrich import skolemize_sources

    part = new_graph("oxigraph")
    parse_into(part, path, progress=progress)
    skolemize_sources(part)
    extend(graph, part)


class LoadProgress:
    """A progress bar over the bytes of the files being loaded, with triples per second.

    ``LoadProgress(files, enabled=...)`` returns a context manager; with ``enabled`` it draws the bar
    on stderr (gone when the block ends), else it only keeps count. :func:`load_graph` calls
    :meth:`read` as a file is read and :meth:`loaded` once it is in.

    >>> from kg.examples import TOY
    >>> with LoadProgress([TOY], enabled=False) as bar:
    ...     bar.read(TOY, 1024)
    ...     bar.loaded(TOY, 232)
    >>> bar._triples, bar._done_bytes == TOY.stat().st_size
    (232, True)
    """

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
        """Record that ``read`` bytes of the file ``path`` have been read; return None.

        The bar (when enabled) shows the bytes of the files done plus ``read``, and the file's name.

        >>> from kg.examples import TOY
        >>> with LoadProgress([TOY], enabled=True) as bar:
        ...     bar.read(TOY, 1024)
        ...     bar._progress.tasks[0].completed, bar._progress.tasks[0].fields["name"]
        (1024, 'toy.ttl')
        """
        if self._enabled:
            self._progress.update(self._task, completed=self._done_bytes + read, name=path.name)

    def loaded(self, path: Path, triples: int) -> None:
        """Record that ``path`` is loaded and added ``triples``; return None.

        The file counts as read whole, and the bar (when enabled) shows the triples so far and their rate.

        >>> from kg.examples import TOY
        >>> with LoadProgress([TOY], enabled=True) as bar:
        ...     bar.loaded(TOY, 232)
        ...     bar._progress.tasks[0].fields["triples"], bar._progress.tasks[0].completed == TOY.stat().st_size
        (232, True)
        """
        self._done_bytes += self._sizes[path]
        self._triples += triples
        if self._enabled:
            elapsed = self._progress.tasks[0].elapsed or 1e-9
            self._progress.update(self._task, completed=self._done_bytes, name=path.name, triples=self._triples,
                                  rate=self._triples / elapsed)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()[:300]


def _line_quoted(raw: bytes, err: Exception) -> int | None:
    """The first line of ``raw`` ending with what rdflib's N-Triples error quotes ("Invalid line: …"): it names no number."""
    quoted = str(err).partition("Invalid line: ")[2].strip()
    if not quoted or not raw:
        return None
    for number, line in enumerate(raw.decode("utf-8", "replace").splitlines(), 1):
        if line.strip().endswith(quoted):      # rdflib quotes what is left of the line
            return number
    return None


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
