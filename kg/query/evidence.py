"""Evidence: every assertion about an entity, or between two, strongest first, as `kg evidence` shows it.

Each record reads the assertion's sources in full; its context (the diseases it counts for, inherited
from its study as chains and ``--disease`` see them) comes from the projection's own rule
(:func:`kg.graph.projection.assertion_diseases`).
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.graph.projection import assertion_diseases
from kg.model import read_model
from kg.namespaces import KG, curie, label
from kg.provenance import reference


def about(graph: Graph, entity: URIRef, other: URIRef | None = None) -> list[dict]:
    """Return every assertion about ``entity`` (or between ``entity`` and ``other``), strongest first.

    Each record: assertion, subject, predicate, object (English labels and CURIEs), level, rank,
    direction, year, disease, notes, sources (section, quote, references with DOI), and
    ``contested_by``: the supporting claims of opposite sign about the same subject and the same or a
    nested object (:mod:`kg.reasoning.contradictions`; assertion, claim, predicate, object, object_id,
    level, link, same_context), empty if none.

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import ENT
    >>> g = toy_graph()
    >>> any(r["object"] == "CCL5" for r in about(g, ENT.anlotinib, ENT.CCL5))
    True
    """
    found = set(graph.subjects(RDF.subject, entity)) | set(graph.subjects(RDF.object, entity))
    if other is not None:
        found &= set(graph.subjects(RDF.subject, other)) | set(graph.subjects(RDF.object, other))
    from kg.reasoning.contradictions import contested_by
    opposed = contested_by(graph)    # once per call, over the whole graph given
    model = read_model(graph)
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
            "level": label(graph, level),
            "rank": model.level(curie(level)).rank if level is not None and model.level(curie(level)) else -1,
            "direction": "does not support" if graph.value(assertion, KG.direction) == KG.DoesNotSupport else "supports",
            "p_value": float(p_value) if (p_value := graph.value(assertion, KG.pValue)) is not None else None,
            "p_value_text": str(graph.value(assertion, KG.pValueText) or ""),
            "year": int(graph.value(assertion, KG.year) or 0),
            "disease": sorted(label(graph, d) for d in assertion_diseases(graph, assertion)),
            "note": str(graph.value(assertion, KG.note) or ""),
            "sources": sources,
            "contested_by": opposed.get(curie(assertion), []),
        })
    records.sort(key=lambda r: (-r["rank"], r["assertion"]))
    return records
