"""Lookup: find an entity by English or Chinese label, synonym, CURIE or IRI.

Names are compared after folding case, spaces, hyphens, ``+`` signs, punctuation and
Greek-letter spellings (``β`` = ``beta`` = ``b`` at the end of a gene name), so
``c-Kit``, ``CKIT``, ``KIT`` and ``CD117`` all find the same node.

>>> from kg.graph.projection import project
>>> from kg.examples import toy_graph
>>> index = EntityIndex.from_projection(project(toy_graph()))
>>> index.resolve("VEGFR-2"), index.resolve("rantes")
('ent:KDR', 'ent:CCL5')
>>> index.resolve("CL:0000625")
'ent:CD8_T_cell'
>>> index.resolve("https://identifiers.org/hgnc:6307")
'ent:KDR'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from kg.errors import KGInputError
from kg.store.hetionet import split_id, standard_curie

GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "κ": "kappa", "μ": "mu"}
_SUFFIX = {"alpha": "a", "beta": "b", "gamma": "g", "delta": "d"}


def normalize(name: str) -> str:
    """Return the comparison key of a name.

    >>> normalize("PDGFR-β") == normalize("PDGFRB") == normalize("pdgfr beta")
    True
    >>> normalize("CD8+ T") == normalize("CD8 T")
    True
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.replace("⁺", "+").replace("<sup>+</sup>", "")
    for letter, word in GREEK.items():
        text = text.replace(letter, word)
    text = re.sub(r"[\s\-_+/·•,.'’\"]+", "", text)  # keep ( ): PD-(L)1 is not PD-L1
    for word, letter in _SUFFIX.items():  # PDGFRbeta == PDGFRB, HIF1alpha == HIF1A
        text = re.sub(rf"(?<=[a-z0-9]){word}$", letter, text)
    return text


# Where an identifier appears as an IRI in other graphs. identifiers.org and bioregistry.io
# resolve every prefix; Bio2RDF names its resources prefix:local the same way; OBO PURLs and
# these resolvers' own pages are what dumps such as PrimeKG or Wikidata exports use. Hetionet's
# own ids (Gene::3791) and our IRIs for them are read by kg.store.hetionet.
_RESOLVERS = re.compile(r"^https?://(?:identifiers\.org|bioregistry\.io|n2t\.net|bio2rdf\.org)/(?P<curie>.+)$",
                        re.IGNORECASE)
_OBO = re.compile(r"^https?://purl\.obolibrary\.org/obo/(?P<prefix>[A-Za-z]+)_(?P<local>.+)$")
_PAGES = {
    "ncbigene": ("https://www.ncbi.nlm.nih.gov/gene/", "http://www.ncbi.nlm.nih.gov/gene/"),
    "uniprot": ("http://purl.uniprot.org/uniprot/", "https://www.uniprot.org/uniprot/",
                "https://www.uniprot.org/uniprotkb/", "https://rest.uniprot.org/uniprotkb/"),
    "drugbank": ("https://go.drugbank.com/drugs/", "http://www.drugbank.ca/drugs/", "https://www.drugbank.ca/drugs/"),
}
# Prefix spellings that name the same registry.
_SAME_PREFIX = {"uniprotkb": "uniprot", "ncbi.gene": "ncbigene", "entrez": "ncbigene", "ncbitaxon": "taxonomy"}


def identifier_key(text: str) -> tuple[str, str] | None:
    """Return ``(prefix, local id)`` of an identifier written as a CURIE or a resolvable IRI, else None.

    The prefix is lower case with registry synonyms folded, so every spelling of one identifier
    gives one key: ``HGNC:6307``, ``https://identifiers.org/hgnc:6307``,
    ``https://bioregistry.io/hgnc:6307``, the legacy ``http://identifiers.org/hgnc/6307``.

    >>> identifier_key("HGNC:6307") == identifier_key("https://identifiers.org/hgnc:6307") == ("hgnc", "6307")
    True
    >>> identifier_key("http://purl.obolibrary.org/obo/CL_0000625")
    ('cl', '0000625')
    >>> identifier_key("http://identifiers.org/go/GO:0001525")
    ('go', '0001525')
    >>> identifier_key("https://example.org/hetionet/42") is None
    True

    Bio2RDF IRIs and Hetionet's ids (its node kind, ``::``, its identifier) give the key of the
    standard identifier; a Hetionet node whose registry has none keeps its Hetionet id:

    >>> identifier_key("http://bio2rdf.org/drugbank:DB11885") == identifier_key("Compound::DB11885") == ("drugbank", "DB11885")
    True
    >>> identifier_key("Gene::3791"), identifier_key("Disease::DOID:1324"), identifier_key("Pathway::PC7_10399")
    (('ncbigene', '3791'), ('doid', '1324'), ('hetionet', 'Pathway::PC7_10399'))
    """
    text = text.strip()
    hetionet = split_id(text)
    if hetionet is not None:
        text = standard_curie(*hetionet) or ""
        if not text:
            return "hetionet", "::".join(hetionet)
    match = _OBO.match(text)
    if match:
        return _key(match["prefix"], match["local"])
    match = _RESOLVERS.match(text)
    if match:
        text = match["curie"]
        head, slash, rest = text.partition("/")
        if slash and ":" not in head:               # legacy identifiers.org: prefix/local
            text = f"{head}:{rest}"
    else:
        for prefix, pages in _PAGES.items():
            for page in pages:
                if text.startswith(page):
                    return _key(prefix, text[len(page):])
    prefix, colon, local = text.partition(":")
    if not colon or not local or local.startswith("/") or not re.fullmatch(r"[A-Za-z][A-Za-z0-9.]*", prefix):
        return None
    return _key(prefix, local)


def _key(prefix: str, local: str) -> tuple[str, str]:
    prefix = _SAME_PREFIX.get(prefix.lower(), prefix.lower())
    # GO:0001525 under the go/ prefix, or hgnc:HGNC:6307: the prefix written twice.
    if local.lower().startswith(prefix + ":"):
        local = local[len(prefix) + 1:]
    return prefix, local


@dataclass(frozen=True)
class Candidate:
    """A possible match: node id, its English label and its class.

    What :meth:`EntityIndex.candidates` returns, one per node a name may mean.

    >>> c = Candidate("ent:KDR", "VEGFR2", "kg:Target")
    >>> c.node, c.label, c.cls
    ('ent:KDR', 'VEGFR2', 'kg:Target')
    """

    node: str
    label: str
    cls: str


class EntityIndex:
    """Name → node index over a projection's nodes (labels, synonyms, identifiers, CURIE, IRI).

    ``EntityIndex()`` returns an empty index; fill it with :meth:`add`, or build it whole with
    :meth:`from_projection`.

    >>> index = EntityIndex()
    >>> index.add("ent:KDR", {"label": "VEGFR2", "cls": "kg:Target", "synonyms": ["KDR"], "xrefs": ["HGNC:6307"]})
    >>> index.resolve("kdr"), index.resolve("VEGFR-2"), index.resolve("hgnc:6307")
    ('ent:KDR', 'ent:KDR', 'ent:KDR')
    """

    def __init__(self):
        self._exact: dict[str, set[str]] = defaultdict(set)   # CURIEs and IRIs, case-sensitive
        self._names: dict[str, set[str]] = defaultdict(set)   # normalized names
        self._info: dict[str, Candidate] = {}
        self._ids: dict[tuple[str, str], set[str]] = defaultdict(set)  # identifier_key → nodes

    @classmethod
    def from_projection(cls, G: nx.MultiDiGraph) -> "EntityIndex":
        """Return the index of every node of ``G``.

        >>> from kg.examples import toy_projection
        >>> index = EntityIndex.from_projection(toy_projection())
        >>> index.resolve("安罗替尼"), index.resolve("CD8+ T cell")
        ('ent:anlotinib', 'ent:CD8_T_cell')
        """
        index = cls()
        for node, attrs in G.nodes(data=True):
            index.add(node, attrs)
        return index

    def add(self, node: str, attrs: dict) -> None:
        """Index ``node`` under its id, IRI, identifiers, labels and synonyms; return None.

        ``attrs`` are the node's projection attributes (``label``, ``label_zh``, ``cls``, ``iri``,
        ``xrefs``, ``synonyms``); any may be missing.

        >>> index = EntityIndex()
        >>> index.add("ent:CCL5", {"label": "CCL5", "label_zh": "CC趋化因子配体5", "synonyms": ["RANTES"]})
        >>> index.resolve("rantes"), index.resolve("CCL5"), index.resolve("CC趋化因子配体5")
        ('ent:CCL5', 'ent:CCL5', 'ent:CCL5')
        """
        self._info[node] = Candidate(node, attrs.get("label", node), attrs.get("cls", ""))
        for key in (node, node.split(":", 1)[-1], attrs.get("iri", "")):
            if key:
                self._exact[key].add(node)
        iri_key = identifier_key(attrs.get("iri", ""))     # an external node named by an identifier's IRI
        if iri_key:
            self._ids[iri_key].add(node)
        for xref in attrs.get("xrefs", []):
            self._exact[xref.upper()].add(node)
            key = identifier_key(xref)
            if key:
                self._ids[key].add(node)
        names = [attrs.get("label", ""), attrs.get("label_zh", ""), *attrs.get("synonyms", [])]
        for name in names:
            if name:
                self._names[normalize(name)].add(node)
        for xref in attrs.get("xrefs", []):  # an HGNC symbol is often a synonym; ids are exact
            self._names[normalize(xref)].add(node)

    def candidates(self, name: str) -> list[Candidate]:
        """Return every node ``name`` may mean (empty if none), best matches only.

        Exact ids, IRIs and identifiers win over names; candidates are sorted by node id.

        >>> index = EntityIndex()
        >>> index.add("ent:PDGFRA", {"label": "PDGFRα", "cls": "kg:Target"})
        >>> index.add("ent:PDGFR_alpha_gene", {"label": "PDGFR alpha", "cls": "kg:Gene"})
        >>> [c.node for c in index.candidates("PDGFR-α")]       # a name both labels fold to
        ['ent:PDGFRA', 'ent:PDGFR_alpha_gene']
        >>> [c.node for c in index.candidates("PDGFRA")]        # the id of one of them
        ['ent:PDGFRA']
        >>> index.candidates("KIT")
        []
        """
        text = name.strip()
        hits = self._exact.get(text) or self._exact.get(text.upper()) or self._ids.get(identifier_key(text)) or set()
        if not hits:
            hits = self._names.get(normalize(text), set())
        return sorted((self._info[n] for n in hits), key=lambda c: c.node)

    def resolve(self, name: str) -> str:
        """Return the one node ``name`` means; raise KGInputError if unknown or ambiguous.

        >>> index = EntityIndex()
        >>> index.add("ent:anlotinib", {"label": "anlotinib", "cls": "kg:Drug"})
        >>> index.resolve("Anlotinib")
        'ent:anlotinib'
        >>> index.resolve("anlotinb")
        Traceback (most recent call last):
        ...
        kg.errors.KGInputError: unknown entity 'anlotinb'; did you mean 'anlotinib'?
        """
        found = self.candidates(name)
        if len(found) == 1:
            return found[0].node
        if not found:
            hint = self.suggest(name)
            tail = f"; did you mean {', '.join(repr(s) for s in hint)}?" if hint else ""
            raise KGInputError(f"unknown entity {name!r}{tail}")
        listed = "; ".join(f"{c.label} ({c.node}, {c.cls})" for c in found)
        raise KGInputError(f"ambiguous entity {name!r}: {listed}")

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Return up to ``n`` English labels close to ``name`` (for "did you mean").

        >>> from kg.examples import toy_projection
        >>> index = EntityIndex.from_projection(toy_projection())
        >>> index.suggest("anlotinb"), index.suggest("CCL")
        (['anlotinib'], ['CCL5'])
        """
        key = normalize(name)
        keys = difflib.get_close_matches(key, list(self._names), n=n * 3, cutoff=0.6)
        labels = []
        for k in keys:
            for node in sorted(self._names[k]):
                label = self._info[node].label
                if label not in labels:
                    labels.append(label)
        return labels[:n]
