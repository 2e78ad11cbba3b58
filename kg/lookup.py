"""Lookup: find an entity by English or Chinese label, synonym, CURIE or IRI.

Names are compared after folding case, spaces, hyphens, ``+`` signs, punctuation and
Greek-letter spellings (``β`` = ``beta`` = ``b`` at the end of a gene name), so
``c-Kit``, ``CKIT``, ``KIT`` and ``CD117`` all find the same node.

>>> from kg.projection import project
>>> from kg.loading import load_graph
>>> index = EntityIndex.from_projection(project(load_graph()))
>>> index.resolve("PDGFR-beta")
'ent:PDGFRB'
>>> index.resolve("CL:0000625")
'ent:CD8_T_cell'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from kg.errors import KGInputError

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


@dataclass(frozen=True)
class Candidate:
    """A possible match: node id, its English label and its class."""

    node: str
    label: str
    cls: str


class EntityIndex:
    """Name → node index over a projection's nodes (labels, synonyms, identifiers, CURIE, IRI)."""

    def __init__(self):
        self._exact: dict[str, set[str]] = defaultdict(set)   # CURIEs and IRIs, case-sensitive
        self._names: dict[str, set[str]] = defaultdict(set)   # normalized names
        self._info: dict[str, Candidate] = {}

    @classmethod
    def from_projection(cls, G: nx.MultiDiGraph) -> "EntityIndex":
        """Return the index of every node of ``G``."""
        index = cls()
        for node, attrs in G.nodes(data=True):
            index.add(node, attrs)
        return index

    def add(self, node: str, attrs: dict) -> None:
        """Index ``node`` under its id, IRI, identifiers, labels and synonyms."""
        self._info[node] = Candidate(node, attrs.get("label", node), attrs.get("cls", ""))
        for key in (node, node.split(":", 1)[-1], attrs.get("iri", "")):
            if key:
                self._exact[key].add(node)
        for xref in attrs.get("xrefs", []):
            self._exact[xref.upper()].add(node)
        names = [attrs.get("label", ""), attrs.get("label_zh", ""), *attrs.get("synonyms", [])]
        for name in names:
            if name:
                self._names[normalize(name)].add(node)
        for xref in attrs.get("xrefs", []):  # an HGNC symbol is often a synonym; ids are exact
            self._names[normalize(xref)].add(node)

    def candidates(self, name: str) -> list[Candidate]:
        """Return every node ``name`` may mean (empty if none), best matches only."""
        text = name.strip()
        hits = self._exact.get(text) or self._exact.get(text.upper()) or set()
        if not hits:
            hits = self._names.get(normalize(text), set())
        return sorted((self._info[n] for n in hits), key=lambda c: c.node)

    def resolve(self, name: str) -> str:
        """Return the one node ``name`` means; raise KGInputError if unknown or ambiguous."""
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
        """Return up to ``n`` English labels close to ``name`` (for "did you mean")."""
        key = normalize(name)
        keys = difflib.get_close_matches(key, list(self._names), n=n * 3, cutoff=0.6)
        labels = []
        for k in keys:
            for node in sorted(self._names[k]):
                label = self._info[node].label
                if label not in labels:
                    labels.append(label)
        return labels[:n]
