"""Examples: a toy evidence graph on the shipped schema, small enough to read whole (``toy.ttl``).

Like NetworkX's ``karate_club_graph``: documentation and doctests show each function on it, so they
run in a blink and say exactly what they show. Its chain: anlotinib → CCL5 → (CCL5-CD8⁺ T axis) →
response to PD-1/PD-L1 blockade, and anlotinib ⊣ VEGFR2 (member of VEGFR) ⊣ vessel normalization;
one randomised trial with a PFS comparison.

>>> g = toy_graph()
>>> from kg.namespaces import ENT, KG
>>> (ENT.anlotinib, KG.increases, ENT.CCL5) in g
True
"""

from __future__ import annotations

from pathlib import Path

TOY = Path(__file__).with_name("toy.ttl")


def toy_graph(store: str = "rdflib"):
    """Return the toy graph (schema plus ``toy.ttl``, derived triples added) on ``store``.

    ``store`` is ``rdflib`` or ``oxigraph`` (see :mod:`kg.store.backends`); both hold the same triples.

    >>> from rdflib.namespace import RDF
    >>> from kg.namespaces import ENT, KG
    >>> g = toy_graph()
    >>> (KG.InVitro, RDF.type, KG.EvidenceLevel) in g, (ENT.anlotinib, KG.inhibits, ENT.KDR) in g
    (True, True)
    >>> len(toy_graph(store="oxigraph")) == len(g)
    True
    """
    from kg.store.loading import load_graph
    return load_graph([TOY], curated=False, store=store)


def toy_projection():
    """Return the NetworkX projection of :func:`toy_graph`.

    >>> toy_projection().has_edge("ent:anlotinib", "ent:CCL5")
    True
    """
    from kg.graph.projection import project
    return project(toy_graph())
