"""Provenance: the publications an assertion cites, and a publication as every output shows it.

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

from rdflib import Graph, URIRef

from kg.namespaces import BIBO, KG, curie


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
