"""Provenance: the publications an assertion cites, a publication as every output shows it, and the
index a drafted citation is resolved against.

>>> from rdflib import Graph
>>> g = Graph().parse(data='''@prefix kg: <https://w3id.org/evidence-kg/schema#> .
... @prefix bibo: <http://purl.org/ontology/bibo/> .
... <https://w3id.org/evidence-kg/publication/Luo2024> kg:firstAuthor "Luo, J." ; kg:year 2024 ;
...     bibo:doi "10.1016/j.canlet.2024.216892" .''', format="turtle")
>>> from kg.namespaces import PUB
>>> reference(g, PUB.Luo2024)["doi"]
'10.1016/j.canlet.2024.216892'
"""

from __future__ import annotations

import re

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from kg.namespaces import BIBO, KG, PUB, curie


def cited_publications(graph: Graph, assertion: URIRef) -> list[URIRef]:
    """Return the publications an assertion's sources cite, in a stable order.

    An assertion whose sources cite nothing falls back on the publications its study is reported in.

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import ASRT, OM
    >>> g = toy_graph()
    >>> [curie(pub) for pub in cited_publications(g, OM["ToyTrial-PFS"])]
    ['pub:Toy2024']
    >>> cited_publications(g, ASRT["toy-VEGFR-opposes-normalization"])   # the review's own hypothesis
    []
    """
    pubs = {pub for src in graph.objects(assertion, KG.source) for pub in graph.objects(src, KG.cites)}
    study = graph.value(assertion, KG.study)
    if not pubs and study is not None:
        pubs = set(graph.objects(study, KG.reportedIn))
    return sorted(pubs)


def reference(graph: Graph, pub: URIRef) -> dict:
    """Return a publication as every query shows it: ``publication`` (CURIE), ``first_author``, ``year``, ``doi``.

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import PUB
    >>> reference(toy_graph(), PUB.Toy2024)
    {'publication': 'pub:Toy2024', 'first_author': 'Toy, A.', 'year': 2024, 'doi': '10.1000/toy.2024'}
    """
    year = graph.value(pub, KG.year)
    return {"publication": curie(pub), "first_author": str(graph.value(pub, KG.firstAuthor) or curie(pub)),
            "year": int(year) if year is not None else None, "doi": str(graph.value(pub, BIBO.doi) or "")}


def publication_index(graph: Graph) -> dict[str, str]:
    """Return the graph's publications by DOI (lower case) and by :func:`title_key` of their title, as
    ``pub:`` CURIEs: what a drafted citation is resolved against (kept with the projection).

    >>> from rdflib import Graph
    >>> g = Graph().parse(data='''@prefix bibo: <http://purl.org/ontology/bibo/> . @prefix dcterms: <http://purl.org/dc/terms/> .
    ... <https://w3id.org/evidence-kg/publication/Han2024> bibo:doi "10.1016/J.JTHO.2024.09.225" ;
    ...     dcterms:title "Durvalumab (DURABLE)" .''', format="turtle")
    >>> sorted(publication_index(g).items())
    [('10.1016/j.jtho.2024.09.225', 'pub:Han2024'), ('durvalumabdurable', 'pub:Han2024')]
    """
    out = {}
    for pub, doi in graph.subject_objects(BIBO.doi):
        if str(pub).startswith(str(PUB)):
            out[str(doi).lower()] = curie(pub)
    for pub, title in graph.subject_objects(DCTERMS.title):
        if str(pub).startswith(str(PUB)):
            out.setdefault(title_key(str(title)), curie(pub))
    return out


def title_key(title: str) -> str:
    """A title as publications are matched by it: lower case, letters and digits only.

    >>> title_key("MA17.07 Durvalumab Plus Anlotinib: A Phase 2 Trial")
    'ma1707durvalumabplusanlotinibaphase2trial'
    """
    return re.sub(r"[\W_]+", "", title.lower())
