"""Hetionet as published: its JSON hetnet and its nodes and edges tables, read as RDF.

Hetionet v1.0 (repository ``hetio/hetionet``, commit 8a6cc0c5604d0e2908786e4de38af67b8e46ee4a)
is published in two plain formats besides Neo4j:

- ``hetnet/json/hetionet-v1.0.json.bz2``: one JSON object with ``metanode_kinds``,
  ``metaedge_tuples`` (``[source kind, target kind, edge kind, "both" | "forward"]``),
  ``kind_to_abbrev``, ``nodes`` (``kind``, ``identifier``, ``name``, ``data``) and ``edges``
  (``source_id`` and ``target_id`` as ``[kind, identifier]``, ``kind``, ``direction``, ``data``);
- ``hetnet/tsv/hetionet-v1.0-nodes.tsv`` (``id  name  kind``, ids such as ``Gene::3791``) and
  ``hetionet-v1.0-edges.sif.gz`` (``source  metaedge  target``, metaedges such as ``DaG``, ``Gr>G``).

Each is read (plain, ``.gz`` or ``.bz2``; the JSON streamed, one node or edge at a time) into
N-Triples, so both stores and a SPARQL endpoint hold the same graph:

- a node is ``<…/hetionet/Gene/3791>`` with ``rdf:type <…/hetionet/Gene>``, its name as
  ``rdfs:label`` and its standard identifier as ``kg:xref`` (``NCBIGene:3791``): what joins it
  to ours (:mod:`kg.graph.external`);
- an edge is the triple ``source <…/hetionet/associates> target``; a predicate whose metaedges
  are all undirected (``both``: every kind but ``regulates``) is marked ``kg:undirected true``,
  so chains walk it both ways. Node and edge ``data`` (sources, licenses, scores) are not kept.

>>> text = "id\\tname\\tkind\\nGene::3791\\tKDR\\tGene\\n"
>>> print(b"".join(convert(io.StringIO(text), "hetionet-tsv", "nodes.tsv")).decode().strip())
<https://w3id.org/evidence-kg/hetionet/Gene> <http://www.w3.org/2000/01/rdf-schema#label> "Gene" .
<https://w3id.org/evidence-kg/hetionet/Gene/3791> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/evidence-kg/hetionet/Gene> .
<https://w3id.org/evidence-kg/hetionet/Gene/3791> <https://w3id.org/evidence-kg/schema#xref> "NCBIGene:3791" .
<https://w3id.org/evidence-kg/hetionet/Gene/3791> <http://www.w3.org/2000/01/rdf-schema#label> "KDR" .
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import re
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import quote, unquote

from kg.errors import KGInputError

NAMESPACE = "https://w3id.org/evidence-kg/hetionet/"   # the project's IRIs for Hetionet's nodes, kinds and edges
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_XREF = "<https://w3id.org/evidence-kg/schema#xref>"
_UNDIRECTED = "<https://w3id.org/evidence-kg/schema#undirected>"
_TRUE = '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'

FORMATS = ("hetionet-json", "hetionet-tsv", "hetionet-sif")
_BY_SUFFIX = {".json": "hetionet-json", ".tsv": "hetionet-tsv", ".sif": "hetionet-sif"}
COMPRESSIONS = {".gz": (gzip.open, b"\x1f\x8b", "gzip"), ".bz2": (bz2.open, b"BZh", "bzip2")}

# Hetionet v1.0's metagraph: hetnet/json/hetionet-v1.0-metagraph.json (metaedge_tuples and
# kind_to_abbrev) of hetio/hetionet at the commit above; the abbreviations it gives are those of
# describe/edges/metaedges.tsv. The SIF names metaedges by abbreviation only, so it is read with this.
METAEDGE_TUPLES = (
    ("Anatomy", "Gene", "downregulates", "both"), ("Anatomy", "Gene", "expresses", "both"),
    ("Anatomy", "Gene", "upregulates", "both"), ("Compound", "Compound", "resembles", "both"),
    ("Compound", "Disease", "palliates", "both"), ("Compound", "Disease", "treats", "both"),
    ("Compound", "Gene", "binds", "both"), ("Compound", "Gene", "downregulates", "both"),
    ("Compound", "Gene", "upregulates", "both"), ("Compound", "Side Effect", "causes", "both"),
    ("Disease", "Anatomy", "localizes", "both"), ("Disease", "Disease", "resembles", "both"),
    ("Disease", "Gene", "associates", "both"), ("Disease", "Gene", "downregulates", "both"),
    ("Disease", "Gene", "upregulates", "both"), ("Disease", "Symptom", "presents", "both"),
    ("Gene", "Biological Process", "participates", "both"), ("Gene", "Cellular Component", "participates", "both"),
    ("Gene", "Gene", "covaries", "both"), ("Gene", "Gene", "interacts", "both"),
    ("Gene", "Gene", "regulates", "forward"), ("Gene", "Molecular Function", "participates", "both"),
    ("Gene", "Pathway", "participates", "both"), ("Pharmacologic Class", "Compound", "includes", "both"),
)
KIND_TO_ABBREV = {
    "Anatomy": "A", "Biological Process": "BP", "Cellular Component": "CC", "Compound": "C", "Disease": "D",
    "Gene": "G", "Molecular Function": "MF", "Pathway": "PW", "Pharmacologic Class": "PC", "Side Effect": "SE",
    "Symptom": "S", "associates": "a", "binds": "b", "causes": "c", "covaries": "c", "downregulates": "d",
    "expresses": "e", "includes": "i", "interacts": "i", "localizes": "l", "palliates": "p", "participates": "p",
    "presents": "p", "regulates": "r", "resembles": "r", "treats": "t", "upregulates": "u",
}

# The registry of each kind's identifiers (describe/definitions.json: genes from Entrez Gene,
# compounds from DrugBank, side effects from SIDER/UMLS, symptoms from MeSH, pharmacologic classes
# FDA class types from DrugCentral, whose codes are NDF-RT's) and the CURIE prefix written for it.
# Anatomy, the three GO kinds and Disease are CURIEs already (UBERON:, GO:, DOID:). Of the pathways,
# WikiPathways' (WP100_r74146: identifiers.org's wikipathways pattern, revision included) have one;
# Pathway Commons' (PC7_10399) have none and keep their Hetionet id.
_PREFIX = {"Gene": "NCBIGene", "Compound": "DRUGBANK", "Side Effect": "UMLS", "Symptom": "MESH",
           "Pharmacologic Class": "NDFRT"}
_CURIE_KINDS = ("Anatomy", "Biological Process", "Cellular Component", "Molecular Function", "Disease")
_WIKIPATHWAYS = re.compile(r"WP\d{1,5}(_r\d+)?")
_IRI = re.compile(re.escape(NAMESPACE) + r"(?P<kind>[A-Za-z_]+)/(?P<identifier>.+)")


def split_id(text: str) -> tuple[str, str] | None:
    """Return ``(kind, identifier)`` of a Hetionet id (``Gene::3791``) or node IRI, else None.

    >>> split_id("Biological Process::GO:0000002"), split_id(node_iri("Disease", "DOID:1324"))
    (('Biological Process', 'GO:0000002'), ('Disease', 'DOID:1324'))
    >>> split_id("HGNC:6307") is None
    True
    """
    kind, sep, identifier = text.partition("::")
    if sep and identifier and re.fullmatch(r"[A-Za-z][A-Za-z ]*", kind):
        return kind, identifier
    match = _IRI.fullmatch(text)
    if match:
        return match["kind"].replace("_", " "), unquote(match["identifier"])
    return None


def standard_curie(kind: str, identifier: str) -> str | None:
    """Return the standard CURIE of a Hetionet node (None where its registry has none).

    >>> standard_curie("Gene", "3791"), standard_curie("Compound", "DB11885"), standard_curie("Disease", "DOID:1324")
    ('NCBIGene:3791', 'DRUGBANK:DB11885', 'DOID:1324')
    >>> standard_curie("Pathway", "WP100_r74146"), standard_curie("Pathway", "PC7_10399")
    ('WIKIPATHWAYS:WP100_r74146', None)
    """
    if kind in _PREFIX:
        return f"{_PREFIX[kind]}:{identifier}"
    if kind in _CURIE_KINDS and ":" in identifier:
        return identifier
    if kind == "Pathway" and _WIKIPATHWAYS.fullmatch(identifier):
        return f"WIKIPATHWAYS:{identifier}"
    return None


def kind_iri(kind: str) -> str:
    """Return the IRI of a Hetionet node kind (a metanode), the class of its nodes.

    >>> kind_iri("Biological Process")
    'https://w3id.org/evidence-kg/hetionet/Biological_Process'
    """
    return NAMESPACE + kind.replace(" ", "_")


def node_iri(kind: str, identifier: str) -> str:
    """Return the IRI of a Hetionet node.

    >>> node_iri("Gene", "3791"), node_iri("Biological Process", "GO:0000002")
    ('https://w3id.org/evidence-kg/hetionet/Gene/3791', 'https://w3id.org/evidence-kg/hetionet/Biological_Process/GO:0000002')
    """
    return f"{kind_iri(kind)}/{quote(str(identifier), safe=':_-.~')}"


def predicate_iri(edge_kind: str) -> str:
    """Return the IRI of a Hetionet edge kind (its metaedges' shared name).

    >>> predicate_iri("associates")
    'https://w3id.org/evidence-kg/hetionet/associates'
    """
    return NAMESPACE + quote(edge_kind, safe="")


def abbreviation(source: str, target: str, edge_kind: str, direction: str, abbrev: dict = KIND_TO_ABBREV) -> str:
    """Return a metaedge's abbreviation as Hetionet writes it (``>`` marks a directed one).

    >>> abbreviation("Disease", "Gene", "associates", "both"), abbreviation("Gene", "Gene", "regulates", "forward")
    ('DaG', 'Gr>G')
    """
    sep = ">" if direction == "forward" else ""
    return f"{abbrev[source]}{abbrev[edge_kind]}{sep}{abbrev[target]}"


METAEDGES = {abbreviation(*t): t for t in METAEDGE_TUPLES}     # DaG → (Disease, Gene, associates, both)


def format_of(path: Path) -> str | None:
    """Return the Hetionet format of ``path`` by its name (``.sif``, ``.tsv``, ``.json``, then
    optionally ``.gz`` or ``.bz2``), or None; a ``.json`` file is Hetionet's when it does not open
    as JSON-LD (``@context``, or a top-level array).

    >>> format_of(Path("hetionet-v1.0-edges.sif.gz")), format_of(Path("hetionet-v1.0-nodes.tsv")), format_of(Path("x.ttl"))
    ('hetionet-sif', 'hetionet-tsv', None)
    >>> format_of(Path("hetionet-v1.0.json.bz2")), format_of(Path("not-there.json"))
    ('hetionet-json', None)
    """
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in COMPRESSIONS:
        suffixes = suffixes[:-1]
    fmt = _BY_SUFFIX.get(suffixes[-1]) if suffixes else None
    if fmt != "hetionet-json" or path.suffix.lower() in COMPRESSIONS:
        return fmt
    try:
        with open(path, "rb") as handle:
            head = handle.read(1 << 16).decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    except OSError:
        return None             # a missing file is reported by whoever lists the files
    return fmt if head.startswith("{") and "@context" not in head else None


def read(path: Path, fmt: str, progress: Callable[[int], None] | None = None,
         batch: int = 200_000) -> Iterator[bytes]:
    """Yield ``path`` (a Hetionet file of format ``fmt``) as N-Triples, in batches of about ``batch`` lines.

    ``progress`` is called with the bytes of the file read so far. Raises KGInputError naming the
    file and line for a malformed row, an unknown metaedge, a node of the wrong kind, or a file
    whose compression is not the one its name says.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> sif = folder / "edges.sif"
    >>> _ = sif.write_text("source\\tmetaedge\\ttarget\\nDisease::DOID:1324\\tDaG\\tGene::3791\\n")
    >>> b"<https://w3id.org/evidence-kg/hetionet/associates>" in b"".join(read(sif, "hetionet-sif"))
    True
    >>> _ = sif.write_text("source\\tmetaedge\\ttarget\\nDisease::DOID:1324\\tDxG\\tGene::3791\\n")
    >>> list(read(sif, "hetionet-sif"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.KGInputError: /.../edges.sif:2: unknown Hetionet metaedge 'DxG' (Hetionet v1.0 has AdG, AeG, ...)
    """
    try:
        raw = open(path, "rb")
    except OSError as err:
        raise KGInputError(f"{path}: cannot read: {err.strerror or err}") from None
    with raw:
        text = io.TextIOWrapper(_decompressed(path, raw), encoding="utf-8-sig", newline="")
        lines: list[bytes] = []
        try:
            for line in convert(text, fmt, str(path)):
                lines.append(line)
                if len(lines) >= batch:
                    yield b"".join(lines)
                    lines.clear()
                    if progress is not None:
                        progress(raw.tell())
        except UnicodeDecodeError:
            raise KGInputError(f"{path}: not UTF-8 text (a compressed file must be named .gz or .bz2)") from None
        except (OSError, EOFError) as err:      # a damaged or truncated compressed stream
            raise KGInputError(f"{path}: cannot read: {' '.join(str(err).split())}") from None
        if lines:
            yield b"".join(lines)
        if progress is not None:
            progress(raw.tell())


def _decompressed(path: Path, raw):
    """The binary stream of ``raw``, decompressed as its name says; a file that is not refused in one line."""
    suffix = path.suffix.lower()
    if suffix not in COMPRESSIONS:
        return raw
    opener, magic, name = COMPRESSIONS[suffix]
    head = raw.read(len(magic))
    raw.seek(0)
    if head != magic:
        raise KGInputError(f"{path}:1: not {name}-compressed, though its name ends in {suffix}")
    return opener(raw, "rb")


def convert(text: Iterable[str], fmt: str, name: str) -> Iterator[bytes]:
    """Yield the N-Triples lines of a Hetionet file's text (``fmt``: one of :data:`FORMATS`);
    ``name`` names the file in errors.

    >>> sif = "Gene::3791\\tGiG\\tGene::2321\\n"
    >>> [line.split()[1] for line in convert(io.StringIO(sif), "hetionet-sif", "edges.sif")][-1]
    b'<https://w3id.org/evidence-kg/hetionet/interacts>'
    """
    writer = _Writer(name)
    if fmt == "hetionet-tsv":
        yield from _nodes_table(text, writer)
    elif fmt == "hetionet-sif":
        yield from _edges_table(text, writer)
    elif fmt == "hetionet-json":
        yield from _json_hetnet(text, writer)
    else:
        raise KGInputError(f"{name}: unknown Hetionet format {fmt!r} (use one of {', '.join(FORMATS)})")


class _Writer:
    """Writes Hetionet nodes and edges as N-Triples lines, each kind, node and edge kind described once.

    ``tuples`` is the metagraph edges are checked against: Hetionet v1.0's until a JSON file gives its own.
    """

    def __init__(self, name: str):
        self.name = name
        self._seen: set = set()
        self._iris: dict[tuple[str, str], str] = {}
        self._predicates: dict[str, str] = {}
        self.use_metagraph(METAEDGE_TUPLES)

    def use_metagraph(self, tuples, line: int | None = None) -> None:
        """Check edges against the metagraph ``tuples`` (``[source, target, edge kind, direction]``) from now on."""
        checked = set()
        for t in tuples:
            if not (isinstance(t, (list, tuple)) and len(t) == 4 and all(isinstance(x, str) for x in t)
                    and t[3] in ("both", "forward", "backward")):
                raise self.error(line, f"a metaedge tuple is [source kind, target kind, edge kind, direction], not {_cut(t)}")
            checked.add(tuple(t))
        self.tuples = checked
        self.undirected = _undirected(checked)

    def error(self, line: int | None, message: str) -> KGInputError:
        """The one-line error about ``line`` of this file (the file alone when ``line`` is None)."""
        return KGInputError(f"{self.name}:{line}: {message}" if line else f"{self.name}: {message}")

    def iri(self, kind: str, identifier: str) -> str:
        """The node's IRI in angle brackets (worked out once per node: an edges file names each thousands of times)."""
        iri = self._iris.get((kind, identifier))
        if iri is None:
            iri = self._iris[kind, identifier] = f"<{node_iri(kind, identifier)}>"
        return iri

    def node(self, kind: str, identifier: str, label: str | None = None) -> Iterator[bytes]:
        """The lines of a node: its type and identifier the first time it is met, its ``label`` if given."""
        iri = self.iri(kind, identifier)
        if iri not in self._seen:
            self._seen.add(iri)
            cls = f"<{kind_iri(kind)}>"
            if cls not in self._seen:
                self._seen.add(cls)
                yield f"{cls} {_LABEL} {_literal(kind)} .\n".encode()
            yield f"{iri} {_RDF_TYPE} {cls} .\n".encode()
            curie = standard_curie(kind, identifier)
            if curie:
                yield f"{iri} {_XREF} {_literal(curie)} .\n".encode()
        if label:
            yield f"{iri} {_LABEL} {_literal(label)} .\n".encode()

    def edge(self, source: tuple[str, str], edge_kind: str, target: tuple[str, str]) -> Iterator[bytes]:
        """The lines of an edge: its triple, its nodes' types and identifiers, its predicate's label and direction."""
        subject, obj = self.iri(*source), self.iri(*target)
        if subject not in self._seen:
            yield from self.node(*source)
        if obj not in self._seen:
            yield from self.node(*target)
        predicate = self._predicates.get(edge_kind)
        if predicate is None:
            predicate = self._predicates[edge_kind] = f"<{predicate_iri(edge_kind)}>"
            yield f"{predicate} {_LABEL} {_literal(edge_kind)} .\n".encode()
            if edge_kind in self.undirected:
                yield f"{predicate} {_UNDIRECTED} {_TRUE} .\n".encode()
        yield f"{subject} {predicate} {obj} .\n".encode()


def _undirected(tuples) -> set[str]:
    """The edge kinds all of whose metaedges are undirected (``both``)."""
    kinds: dict[str, bool] = {}
    for _, _, edge_kind, direction in tuples:
        kinds[edge_kind] = kinds.get(edge_kind, True) and direction == "both"
    return {kind for kind, both in kinds.items() if both}


def _rows(text: Iterable[str], writer: _Writer, header: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line number, fields)`` of a tab-separated table, its header (if present) checked and skipped."""
    for number, line in enumerate(text, 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        fields = line.split("\t")
        if number == 1 and tuple(f.strip().lower() for f in fields) == header:
            continue
        if len(fields) != len(header):
            raise writer.error(number, f"expected {len(header)} tab-separated columns ({', '.join(header)}), "
                                       f"found {len(fields)}: {_cut(line)}")
        yield number, fields


def _hetionet_id(writer: _Writer, number: int, text: str, column: str) -> tuple[str, str]:
    found = split_id(text) if "::" in text else None
    if found is None:
        raise writer.error(number, f"{column} {_cut(text)} is not a Hetionet id (Kind::identifier, e.g. Gene::3791)")
    return found


def _nodes_table(text: Iterable[str], writer: _Writer) -> Iterator[bytes]:
    for number, (node_id, name, kind) in _rows(text, writer, ("id", "name", "kind")):
        found_kind, identifier = _hetionet_id(writer, number, node_id, "id")
        if found_kind != kind:
            raise writer.error(number, f"id {_cut(node_id)} is not of its row's kind {_cut(kind)}")
        yield from writer.node(kind, identifier, name)


def _edges_table(text: Iterable[str], writer: _Writer) -> Iterator[bytes]:
    ids: dict[str, tuple[str, str]] = {}       # each id is split once
    for number, (source, metaedge, target) in _rows(text, writer, ("source", "metaedge", "target")):
        known = METAEDGES.get(metaedge)
        if known is None:
            listed = ", ".join(sorted(METAEDGES))
            raise writer.error(number, f"unknown Hetionet metaedge {_cut(metaedge)} (Hetionet v1.0 has {listed})")
        source_kind, target_kind, edge_kind, _ = known
        ends = (ids.get(source) or ids.setdefault(source, _hetionet_id(writer, number, source, "source")),
                ids.get(target) or ids.setdefault(target, _hetionet_id(writer, number, target, "target")))
        if ends[0][0] != source_kind or ends[1][0] != target_kind:
            column, kind = ("source", ends[0][0]) if ends[0][0] != source_kind else ("target", ends[1][0])
            raise writer.error(number, f"{metaedge} links {source_kind} to {target_kind}, but its {column} is a {_cut(kind)}")
        yield from writer.edge(ends[0], edge_kind, ends[1])


def _json_hetnet(text, writer: _Writer) -> Iterator[bytes]:
    for key, value, line in _JsonStream(text, writer).members(streamed=("nodes", "edges")):
        if key == "metaedge_tuples":
            if not isinstance(value, list):
                raise writer.error(line, "metaedge_tuples is not an array")
            writer.use_metagraph(value, line)
        elif key == "nodes":
            kind, identifier, name = _fields(writer, line, value, "node", ("kind", "identifier", "name"))
            yield from writer.node(kind, identifier, name)
        elif key == "edges":
            source, target, edge_kind, direction = _fields(writer, line, value, "edge",
                                                           ("source_id", "target_id", "kind", "direction"))
            ends = [_json_id(writer, line, end, column) for end, column in ((source, "source_id"), (target, "target_id"))]
            metaedge = (ends[0][0], ends[1][0], edge_kind, direction)
            inverse = (ends[1][0], ends[0][0], edge_kind, direction)      # an undirected one either way round
            if metaedge not in writer.tuples and not (direction == "both" and inverse in writer.tuples):
                raise writer.error(line, f"unknown metaedge {ends[0][0]} - {edge_kind} - {ends[1][0]} ({direction}): "
                                         "not in the file's metaedge_tuples")
            yield from writer.edge(ends[0], edge_kind, ends[1])


def _fields(writer: _Writer, line: int, value, what: str, names: tuple[str, ...]) -> list:
    if not isinstance(value, dict) or any(name not in value for name in names):
        raise writer.error(line, f"a {what} needs {', '.join(names)}: {_cut(value)}")
    found = [value[name] for name in names]
    for name, item in zip(names, found):
        if name in ("kind", "direction", "name") and not isinstance(item, str):
            raise writer.error(line, f"a {what}'s {name} must be a string, not {_cut(item)}")
    return found


def _json_id(writer: _Writer, line: int, value, column: str) -> tuple[str, str]:
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)
            and isinstance(value[1], (str, int)) and not isinstance(value[1], bool)):
        raise writer.error(line, f"an edge's {column} is [kind, identifier], not {_cut(value)}")
    return value[0], str(value[1])


class _JsonStream:
    """The members of one JSON object read from a text stream; the elements of the arrays named
    ``streamed`` one at a time (Hetionet's JSON is hundreds of megabytes once decompressed)."""

    _WHITESPACE = re.compile(r"[ \t\r\n]*")
    _LARGEST = 1 << 24          # an element this large that does not parse is malformed, not unfinished

    def __init__(self, text, writer: _Writer):
        self._text, self._writer = text, writer
        self._buf, self._pos, self._line = "", 0, 1     # _line: the line at the buffer's start
        self._decoder = json.JSONDecoder()

    @property
    def line(self) -> int:
        return self._line + self._buf.count("\n", 0, self._pos)

    def members(self, streamed: tuple[str, ...]) -> Iterator[tuple[str, object, int]]:
        """Yield ``(key, value, line)``: each member, or each element of a streamed array."""
        self._expect("{")
        if self._peek() == "}":
            self._pos += 1
        else:
            while True:
                line, key = self.line, self._value()
                if not isinstance(key, str):
                    raise self._writer.error(line, "expected a member name")
                self._expect(":")
                if key in streamed and self._peek() == "[":
                    self._pos += 1
                    yield from self._elements(key)
                else:
                    yield key, self._value(), line
                if self._next("}"):
                    break
        if self._peek():
            raise self._writer.error(self.line, "more data after the JSON object")

    def _elements(self, key: str) -> Iterator[tuple[str, object, int]]:
        if self._peek() == "]":
            self._pos += 1
            return
        while True:
            line = self.line
            yield key, self._value(), line
            if self._next("]"):
                return

    def _next(self, close: str) -> bool:
        """Step over a ``,`` (False) or ``close`` (True); anything else is an error."""
        char = self._peek()
        if char in (",", close):
            self._pos += 1
            return char == close
        raise self._writer.error(self.line, f"expected ',' or {close!r}, found {_cut(char) if char else 'the end of the file'}")

    def _expect(self, char: str) -> None:
        if self._peek() != char:
            raise self._writer.error(self.line, f"expected {char!r}: not a JSON hetnet")
        self._pos += 1

    def _peek(self) -> str:
        while True:
            self._pos = self._WHITESPACE.match(self._buf, self._pos).end()
            if self._pos < len(self._buf) or not self._fill():
                return self._buf[self._pos:self._pos + 1]

    def _value(self):
        self._peek()
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as err:
                if len(self._buf) - self._pos < self._LARGEST and self._fill():
                    continue            # the value may go on in the next block
                line = self._line + self._buf.count("\n", 0, err.pos)
                raise self._writer.error(line, f"bad JSON: {err.msg}") from None
            if end == len(self._buf) and self._fill():
                continue                # a number may go on in the next block
            self._pos = end
            return value

    def _fill(self) -> bool:
        block = self._text.read(1 << 20)
        if not block:
            return False
        self._line += self._buf.count("\n", 0, self._pos)
        self._buf = self._buf[self._pos:] + block
        self._pos = 0
        return True


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _cut(value) -> str:
    """A value quoted for an error line: one line, at most 80 characters."""
    text = " ".join(repr(value).split())
    return text if len(text) <= 80 else text[:77] + "..."
