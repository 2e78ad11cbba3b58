"""Enrichment: the triples derived at load, so that every consumer sees the same graph.

Curators write assertions as nodes (``rdf:subject``/``rdf:predicate``/``rdf:object`` plus
evidence level, direction and ``kg:source`` provenance). :func:`enrich` adds what follows
from them:

- provenance blank nodes become stable IRIs (``src:<hash>``), so exports are deterministic;
- the plain triple of every assertion (``subject predicate object``), so the graph traverses;
- an outcome measure's triple (``regimen kg:hasOutcome endpoint``) and, where not given,
  its study's evidence level;
- ``kg:year`` on every assertion: the year its evidence was all out (the latest of its cited
  publications), else the year of the document it was read from; a review's own hypothesis dates
  from the review, whatever it cites.

>>> from rdflib import Graph
>>> g = Graph().parse(data='''@prefix kg: <https://w3id.org/evidence-kg/schema#> .
... @prefix ent: <https://w3id.org/evidence-kg/entity/> .
... @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
... <https://w3id.org/evidence-kg/assertion/a> a kg:Assertion ;
...     rdf:subject ent:x ; rdf:predicate kg:inhibits ; rdf:object ent:y .''', format="turtle")
>>> from kg.namespaces import ENT, KG
>>> (ENT.x, KG.inhibits, ENT.y) in enrich(g)
True
"""

from __future__ import annotations

import hashlib

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from kg.namespaces import KG, SRC, simple
from kg.provenance import cited_publications


def enrich(graph: Graph, *, skolemized: bool = False) -> Graph:
    """Add the derived triples described in the module docstring to ``graph`` and return it.

    ``skolemized``: the blank nodes were already replaced file by file (the Oxigraph loader).

    >>> from kg.examples import TOY
    >>> from kg.namespaces import ASRT, ENT
    >>> g = enrich(Graph().parse(TOY))
    >>> (ENT.anlotinib, KG.inhibits, ENT.KDR) in g
    True
    >>> int(g.value(ASRT["toy-anlotinib-inhibits-KDR"], KG.year))
    2024
    """
    if not skolemized:
        skolemize_sources(graph)
    _outcome_measure_defaults(graph)
    for assertion in set(graph.subjects(RDF.type, KG.Assertion)) | set(graph.subjects(RDF.type, KG.OutcomeMeasure)):
        s, p, o = (graph.value(assertion, RDF.subject), graph.value(assertion, RDF.predicate),
                   graph.value(assertion, RDF.object))
        if None not in (s, p, o):
            graph.add((s, p, o))
        if graph.value(assertion, KG.year) is None:
            year = assertion_year(graph, assertion)
            if year is not None:
                graph.add((assertion, KG.year, Literal(year, datatype=XSD.integer)))
    return graph


def skolemize_sources(graph: Graph) -> None:
    """Replace every blank node by an IRI derived from its content (recursively), in place.

    Identical provenance nodes get the same IRI, so a re-export is byte-for-byte stable.
    Returns None: ``graph`` itself is changed.

    >>> from kg.examples import TOY
    >>> a, b = Graph().parse(TOY), Graph().parse(TOY)
    >>> set(a) == set(b)                 # blank nodes differ from parse to parse
    False
    >>> skolemize_sources(a); skolemize_sources(b)
    >>> set(a) == set(b), any(isinstance(term, BNode) for triple in a for term in triple)
    (True, False)
    """
    memo: dict[BNode, URIRef] = {}

    def iri_for(node: BNode, seen: frozenset = frozenset()) -> URIRef:
        if node in memo:
            return memo[node]
        parts = []
        for p, o in graph.predicate_objects(node):
            if isinstance(o, BNode) and o not in seen:
                o = iri_for(o, seen | {node})
            parts.append(f"{p.n3()} {simple(o).n3()}")   # the same hash, however the store spells strings
        digest = hashlib.sha1("\n".join(sorted(parts)).encode("utf-8")).hexdigest()[:16]
        memo[node] = SRC[digest]
        return memo[node]

    # Found by the store's SPARQL engine: a Python scan of every triple is slow on a big store.
    found = graph.query("SELECT DISTINCT ?b WHERE { { ?b ?p ?o } UNION { ?s ?p ?b } FILTER(isBlank(?b)) }")
    for (node,) in found:
        iri_for(node)
    touched = {t for node in memo for t in (*graph.triples((node, None, None)), *graph.triples((None, None, node)))}
    for s, p, o in touched:
        graph.remove((s, p, o))
        graph.add((memo.get(s, s), p, memo.get(o, o)))


def _outcome_measure_defaults(graph: Graph) -> None:
    """Give outcome measures their triple and, where missing, the study's evidence level."""
    for om in list(graph.subjects(RDF.type, KG.OutcomeMeasure)):
        graph.add((om, RDF.type, KG.Assertion))
        study = graph.value(om, KG.study)
        if graph.value(om, KG.evidenceLevel) is None and study is not None:
            level = graph.value(study, KG.evidenceLevel)
            if level is not None:
                graph.add((om, KG.evidenceLevel, level))
        if graph.value(om, KG.direction) is None:
            graph.add((om, KG.direction, KG.Supports))
        if graph.value(om, RDF.subject) is None:
            subject = outcome_subject(graph, om)
            if subject is not None:
                graph.add((om, RDF.subject, subject))
        if graph.value(om, RDF.predicate) is None:
            graph.add((om, RDF.predicate, KG.hasOutcome))
        endpoint = graph.value(om, KG.endpoint)
        if graph.value(om, RDF.object) is None and endpoint is not None:
            graph.add((om, RDF.object, endpoint))


def outcome_subject(graph: Graph, om: URIRef) -> URIRef | None:
    """Return what an outcome measure is a result of: its regimen, its arm's regimen, or its study.

    None when it names none of them.

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import OM, curie
    >>> curie(outcome_subject(toy_graph(), OM["ToyTrial-PFS"]))      # via its arm
    'ent:regimen-anlotinib'
    """
    regimen = graph.value(om, KG.regimen)
    if regimen is None:
        arm = graph.value(om, KG.arm)
        regimen = graph.value(arm, KG.regimen) if arm is not None else None
    return regimen if regimen is not None else graph.value(om, KG.study)


def assertion_year(graph: Graph, assertion: URIRef) -> int | None:
    """Return the year an assertion's evidence was published (see the module docstring).

    None when neither a cited publication nor the source document has a year.

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import ASRT
    >>> g = toy_graph()
    >>> assertion_year(g, ASRT["toy-anlotinib-inhibits-KDR"])        # its cited study's year
    2024
    >>> assertion_year(g, ASRT["toy-VEGFR-opposes-normalization"])   # a review hypothesis: the review's year
    2025
    """
    # A year that is not a whole number is left out here; `kg validate` reports it (SHACL, kg:year).
    years = [y for pub in cited_publications(graph, assertion) for y in map(_year, graph.objects(pub, KG.year))
             if y is not None]
    if years and (assertion, KG.evidenceLevel, KG.ReviewHypothesis) not in graph:
        return max(years)
    for src in graph.objects(assertion, KG.source):
        section = graph.value(src, KG.section)
        document = graph.value(section, DCTERMS.isPartOf) if section is not None else None
        year = _year(graph.value(document, KG.year)) if document is not None else None
        if year is not None:
            return year
    return None


def _year(value) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
