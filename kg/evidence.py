"""The evidence model in code: evidence levels, and the triples derived at load.

Curators write assertions as nodes (``rdf:subject``/``rdf:predicate``/``rdf:object`` plus
evidence level, direction and ``kg:source`` provenance). :func:`enrich` adds what follows
from them, so that every consumer sees the same graph:

- provenance blank nodes become stable IRIs (``src:<hash>``), so exports are deterministic;
- the plain triple of every assertion (``subject predicate object``), so the graph traverses;
- an outcome measure's triple (``regimen kg:hasOutcome endpoint``) and, where not given,
  its study's evidence level;
- ``kg:year`` on every assertion: the year its evidence was all out (the latest of its cited
  publications), else the year of the document it was read from; a review's own hypothesis dates
  from the review, whatever it cites.

>>> from kg.loading import load_graph
>>> from kg.namespaces import ENT, KG
>>> g = load_graph()
>>> level_rank(g, KG.RandomizedPhase3) > level_rank(g, KG.InVitro)
True
"""

from __future__ import annotations

import hashlib

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from kg.namespaces import BIBO, KG, SRC, curie, label, simple


def level_rank(graph: Graph, level: URIRef) -> int:
    """Return the rank of an evidence level IRI (``-1`` if it is not on the scale)."""
    rank = graph.value(level, KG.rank)
    return int(rank) if rank is not None else -1


def enrich(graph: Graph, *, skolemized: bool = False) -> Graph:
    """Add the derived triples described in the module docstring to ``graph`` and return it.

    ``skolemized``: the blank nodes were already replaced file by file (the Oxigraph loader).
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
    """Return what an outcome measure is a result of: its regimen, its arm's regimen, or its study."""
    regimen = graph.value(om, KG.regimen)
    if regimen is None:
        arm = graph.value(om, KG.arm)
        regimen = graph.value(arm, KG.regimen) if arm is not None else None
    return regimen if regimen is not None else graph.value(om, KG.study)


def cited_publications(graph: Graph, assertion: URIRef) -> list[URIRef]:
    """Return the publications an assertion's sources cite, in a stable order."""
    pubs = {pub for src in graph.objects(assertion, KG.source) for pub in graph.objects(src, KG.cites)}
    study = graph.value(assertion, KG.study)
    if not pubs and study is not None:
        pubs = set(graph.objects(study, KG.reportedIn))
    return sorted(pubs)


def reference(graph: Graph, pub: URIRef) -> dict:
    """Return a publication as every query shows it: ``publication`` (CURIE), ``first_author``, ``year``, ``doi``."""
    year = graph.value(pub, KG.year)
    return {"publication": curie(pub), "first_author": str(graph.value(pub, KG.firstAuthor) or curie(pub)),
            "year": int(year) if year is not None else None, "doi": str(graph.value(pub, BIBO.doi) or "")}


def assertion_year(graph: Graph, assertion: URIRef) -> int | None:
    """Return the year an assertion's evidence was published (see the module docstring)."""
    years = [int(y) for pub in cited_publications(graph, assertion) for y in graph.objects(pub, KG.year)]
    if years and (assertion, KG.evidenceLevel, KG.ReviewHypothesis) not in graph:
        return max(years)
    for src in graph.objects(assertion, KG.source):
        section = graph.value(src, KG.section)
        document = graph.value(section, DCTERMS.isPartOf) if section is not None else None
        year = graph.value(document, KG.year) if document is not None else None
        if year is not None:
            return int(year)
    return None



def about(graph: Graph, entity: URIRef, other: URIRef | None = None) -> list[dict]:
    """Return every assertion about ``entity`` (or between ``entity`` and ``other``), strongest first.

    Each record: assertion, subject, predicate, object (English labels and CURIEs), level, rank,
    direction, year, disease, notes, sources (section, quote, references with DOI), and
    ``contested_by``: the supporting claims of opposite sign about the same subject and the same or a
    nested object (:mod:`kg.reasoning.contradictions`; assertion, claim, predicate, object, object_id,
    level, link, same_context), empty if none.

    >>> from kg.loading import load_graph
    >>> from kg.namespaces import ENT
    >>> g = load_graph()
    >>> any(r["object"] == "CCL5" for r in about(g, ENT.anlotinib, ENT.CCL5))
    True
    """
    found = set(graph.subjects(RDF.subject, entity)) | set(graph.subjects(RDF.object, entity))
    if other is not None:
        found &= set(graph.subjects(RDF.subject, other)) | set(graph.subjects(RDF.object, other))
    from kg.reasoning.contradictions import contested_by
    opposed = contested_by(graph)    # once per call, over the whole graph given
    records = []
    for assertion in found:
        if (assertion, RDF.type, KG.Assertion) not in graph:
            continue
        level = graph.value(assertion, KG.evidenceLevel)
        s, p, o = (graph.value(assertion, RDF.subject), graph.value(assertion, RDF.predicate),
                   graph.value(assertion, RDF.object))
        sources = []
        for src in sorted(graph.objects(assertion, KG.source)):
            refs = [reference(graph, pub) for pub in sorted(graph.objects(src, KG.cites))]
            sources.append({"section": curie(graph.value(src, KG.section)), "quote": str(graph.value(src, KG.quote) or ""),
                            "references": refs,
                            "mismatch": sorted(curie(m) for m in graph.objects(src, KG.mismatch)),
                            "mismatch_note": str(graph.value(src, KG.mismatchNote) or "")})
        records.append({
            "assertion": curie(assertion),
            "subject": label(graph, s), "subject_id": curie(s), "subject_zh": label(graph, s, "zh"),
            "predicate": label(graph, p), "predicate_id": curie(p),
            "object": label(graph, o), "object_id": curie(o), "object_zh": label(graph, o, "zh"),
            "level": label(graph, level), "rank": level_rank(graph, level) if level is not None else -1,
            "direction": "does not support" if graph.value(assertion, KG.direction) == KG.DoesNotSupport else "supports",
            "p_value": float(p_value) if (p_value := graph.value(assertion, KG.pValue)) is not None else None,
            "p_value_text": str(graph.value(assertion, KG.pValueText) or ""),
            "year": int(graph.value(assertion, KG.year) or 0),
            "disease": sorted(label(graph, d) for d in graph.objects(assertion, KG.disease)),
            "note": str(graph.value(assertion, KG.note) or ""),
            "sources": sources,
            "contested_by": opposed.get(curie(assertion), []),
        })
    records.sort(key=lambda r: (-r["rank"], r["assertion"]))
    return records

