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
    (and ``assertions_against``, ``source_documents``, ``citation_mismatches``, and ``standard_identifiers``:
    see :func:`standard_identifiers`).

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
        "standard_identifiers": standard_identifiers(graph, entity_classes),
    }


# Studies and arms are named by their trial, not by an ontology term: they are not counted.
_NOT_ONTOLOGY_TERMS = {KG.Entity, KG.Study, KG.StudyArm}


def standard_identifiers(graph: Graph, entity_classes: set | None = None) -> dict:
    """Return how many entities carry a standard identifier (a ``kg:xref`` CURIE, not only our ``ent:`` IRI):
    ``entities``, ``with_identifier``, ``with_close_identifier_only`` (a ``kg:closeXref`` and no ``kg:xref``)
    and ``by_class`` (per class: ``entities``, ``with_identifier``). Studies and study arms are left out.

    >>> from kg.examples import toy_graph
    >>> counts = standard_identifiers(toy_graph())
    >>> counts["entities"], counts["with_identifier"], counts["by_class"]["kg:Target"]   # ERK1/2 has none
    (21, 4, {'entities': 2, 'with_identifier': 1})
    """
    if entity_classes is None:
        entity_classes = set(graph.transitive_subjects(RDFS.subClassOf, KG.Entity))
    classes_of: dict = {}
    for cls in entity_classes - _NOT_ONTOLOGY_TERMS:
        for node in graph.subjects(RDF.type, cls):
            classes_of.setdefault(node, set()).add(curie(cls))
    exact = {node for node in classes_of if graph.value(node, KG.xref) is not None}
    close = {node for node in classes_of if graph.value(node, KG.closeXref) is not None} - exact
    by_class: dict = {}
    for node, classes in classes_of.items():
        for cls in classes:
            row = by_class.setdefault(cls, {"entities": 0, "with_identifier": 0})
            row["entities"] += 1
            row["with_identifier"] += node in exact
    return {"entities": len(classes_of), "with_identifier": len(exact), "with_close_identifier_only": len(close),
            "by_class": dict(sorted(by_class.items()))}
