"""Statistics of a loaded graph: what is in it, by class and by evidence level.

>>> from kg.examples import toy_graph
>>> s = stats(toy_graph())
>>> s["publications"], s["triples"] > 1000
(1, True)
"""

from __future__ import annotations

from collections import Counter

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from kg.model import evidence_levels
from kg.store.backends import count_triples
from kg.namespaces import KG, curie


def stats(graph: Graph) -> dict:
    """Return counts: ``entities_by_class``, ``assertions_by_level``, ``studies``,
    ``outcome_measures``, ``assertions``, ``evidence_gaps``, ``publications``, ``triples``
    (and ``assertions_against``, ``source_documents``, ``citation_mismatches``).

    >>> from kg.examples import toy_graph
    >>> s = stats(toy_graph())
    >>> s["entities_by_class"]["kg:Disease"], s["studies"], s["outcome_measures"], s["source_documents"]
    (3, 2, 1, 1)
    >>> s["assertions_by_level"]["in vitro"], s["assertions_by_level"]["randomized phase 3 trial"]
    (3, 1)
    """
    entity_classes = set(graph.transitive_subjects(RDFS.subClassOf, KG.Entity))
    by_class = Counter()
    for cls in entity_classes - {KG.Entity}:
        by_class[curie(cls)] = len(set(graph.subjects(RDF.type, cls)))
    assertions = set(graph.subjects(RDF.type, KG.Assertion))
    by_level = Counter()
    for level in evidence_levels(graph):
        by_level[level.label] = sum(1 for a in assertions if (a, KG.evidenceLevel, level.iri) in graph)
    return {
        "triples": count_triples(graph),
        "entities_by_class": dict(sorted((k, v) for k, v in by_class.items() if v)),
        "assertions": len(assertions),
        "assertions_by_level": {lvl.label: by_level[lvl.label] for lvl in evidence_levels(graph)},
        "assertions_against": sum(1 for a in assertions if (a, KG.direction, KG.DoesNotSupport) in graph),
        "studies": len(set(graph.subjects(RDF.type, KG.Study))),
        "outcome_measures": len(set(graph.subjects(RDF.type, KG.OutcomeMeasure))),
        "evidence_gaps": len(set(graph.subjects(RDF.type, KG.EvidenceGap))),
        "publications": len(set(graph.subjects(RDF.type, KG.Publication)) - set(graph.subjects(RDF.type, KG.SourceDocument))),
        "source_documents": len(set(graph.subjects(RDF.type, KG.SourceDocument))),
        "citation_mismatches": len(set(graph.subjects(KG.mismatch, None))),
    }
