"""Validation: SHACL shapes plus the rules that make the graph trustworthy.

:func:`validate` returns a :class:`Report` of violations (the graph is wrong: exit 1) and
warnings (worth a curator's look: citation mismatches, conflicting values, contradictions).

>>> from kg.loading import load_graph
>>> report = validate(load_graph())
>>> report.ok
True
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH

from kg.loading import shapes_file, source_texts
from kg.namespaces import DOC, KG, curie


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: the entity (CURIE or IRI) it is about, the rule, and a message."""

    entity: str
    rule: str
    message: str


@dataclass
class Report:
    """The outcome of :func:`validate`."""

    violations: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when there are no violations (warnings do not count)."""
        return not self.violations


def validate(graph: Graph, *, shacl: bool = True) -> Report:
    """Return the :class:`Report` for ``graph`` (SHACL shapes, then the project's own rules)."""
    report = Report()
    if is_empty(graph):
        report.violations.append(Finding("(graph)", "empty", "the graph is empty: no entities, assertions or publications"))
        return report
    if shacl:
        report.violations += shacl_findings(graph)
    for rule in (undefined_entities, duplicate_labels, quotes_verbatim, cited_references,
                 references_resolve):
        report.violations += rule(graph)
    report.warnings += citation_mismatches(graph) + conflicting_values(graph) + contradiction_warnings(graph)
    from kg.curation import CURATION_RULES  # the curation checks build on this module's Finding
    for rule in CURATION_RULES:
        report.warnings += rule(graph)
    report.violations.sort()
    report.warnings.sort()
    return report


def is_empty(graph: Graph) -> bool:
    """True when ``graph`` holds nothing but the schema: no entity, assertion or publication."""
    classes = set(graph.transitive_subjects(RDFS.subClassOf, KG.Entity)) | {KG.Assertion, KG.Publication}
    return not any(True for cls in classes for _ in graph.subjects(RDF.type, cls))


def shacl_findings(graph: Graph) -> list[Finding]:
    """Return the violations of the SHACL shapes in ``ontology/shapes.ttl``."""
    from pyshacl import validate as shacl_validate

    shapes = Graph().parse(shapes_file())
    conforms, results, _ = shacl_validate(graph, shacl_graph=shapes, inference="none", advanced=True,
                                          allow_warnings=True)
    if conforms:
        return []
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        rule = curie(path) if isinstance(path, URIRef) else "shape"
        findings.append(Finding(curie(focus), f"shacl:{rule}", str(message)))
    return findings


def undefined_entities(graph: Graph) -> list[Finding]:
    """Every subject and object of an assertion is a defined node (typed, labelled)."""
    findings = []
    for assertion in graph.subjects(RDF.type, KG.Assertion):
        for prop in (RDF.subject, RDF.object):
            node = graph.value(assertion, prop)
            if isinstance(node, URIRef) and graph.value(node, RDF.type) is None:
                findings.append(Finding(curie(assertion), "undefined-entity",
                                        f"{curie(prop)} {curie(node)} is not defined anywhere (typo?)"))
    for prop in (KG.disease, KG.setting, KG.population, KG.regimen, KG.endpoint, KG.arm, KG.study,
                 KG.combinationPartner, KG.hasComponent, KG.hasMember, KG.hasParticipant, KG.gapSubject,
                 KG.gapObject, KG.cites, KG.section, KG.adverseEvent, KG.comparatorArm, KG.model):
        for subject, node in graph.subject_objects(prop):
            if isinstance(node, URIRef) and graph.value(node, RDF.type) is None:
                findings.append(Finding(curie(subject), "undefined-entity",
                                        f"{curie(prop)} {curie(node)} is not defined anywhere (typo?)"))
    return findings


def duplicate_labels(graph: Graph) -> list[Finding]:
    """No two entities share an English label: one node per entity."""
    by_label = defaultdict(set)
    classes = set(graph.transitive_subjects(RDFS.subClassOf, KG.Entity)) - {KG.StudyArm}
    for entity in {e for cls in classes for e in graph.subjects(RDF.type, cls)}:
        for label in graph.objects(entity, RDFS.label):
            if getattr(label, "language", None) == "en":
                by_label[str(label).casefold()].add(entity)
    return [Finding(curie(sorted(nodes)[0]), "duplicate-entity",
                    f"English label {label!r} is shared by {', '.join(curie(n) for n in sorted(nodes))}")
            for label, nodes in by_label.items() if len(nodes) > 1]


def quotes_verbatim(graph: Graph) -> list[Finding]:
    """Every quote appears verbatim (white space aside) in the document it cites.

    A quote may skip text with ``…``; each piece must then appear in the document.
    """
    texts = {doc: squash(text) for doc, text in source_texts().items()}
    findings = []
    for source, quote in graph.subject_objects(KG.quote):
        document = document_of(graph, source)
        text = texts.get(document)
        if text is None:
            continue
        pieces = [p for p in re.split(r"…|\.\.\.", str(quote)) if p.strip()]
        missing = [p for p in pieces if squash(p) not in text]
        if missing:
            findings.append(Finding(curie(owner_of(graph, source)), "quote-not-verbatim",
                                    f"not found in {document}: {missing[0].strip()[:80]!r}"))
    return findings


def cited_references(graph: Graph) -> list[Finding]:
    """A quote's reference numbers ([10], [3]-[5]) are exactly the publications its source cites."""
    number_of = _reference_numbers(graph)
    findings = []
    for source, quote in graph.subject_objects(KG.quote):
        document = document_of(graph, source)
        if document is None:
            continue
        in_quote = reference_numbers_in(str(quote))
        cited = {number_of.get((pub, document)) for pub in graph.objects(source, KG.cites)}
        owner = curie(owner_of(graph, source))
        for pub in graph.objects(source, KG.cites):
            if (pub, document) not in number_of:
                findings.append(Finding(owner, "citation", f"{curie(pub)} is not in {document}'s reference list"))
        for n in sorted(in_quote - cited):
            findings.append(Finding(owner, "citation",
                                    f"quote cites [{n}] of {document} but the source has no kg:cites for it"))
        for n in sorted(cited - in_quote - {None}):
            findings.append(Finding(owner, "citation",
                                    f"source cites [{n}] of {document} but the quote does not show [{n}]"))
    return findings


def references_resolve(graph: Graph) -> list[Finding]:
    """Every reference number used in a document's text resolves to a publication."""
    numbers = {(doc, n) for (pub, doc), n in _reference_numbers(graph).items()}
    findings = []
    for document, text in source_texts().items():
        body = text.split("参考文献")[0]
        for n in sorted(reference_numbers_in(body)):
            if (document, n) not in numbers:
                findings.append(Finding(f"doc:{document}", "reference-missing",
                                        f"[{n}] is used in the text but no publication is kg:citedAs it"))
    return findings


def citation_mismatches(graph: Graph) -> list[Finding]:
    """Warnings: sources flagged with kg:mismatch (the review and the cited work disagree)."""
    findings = []
    for source, kind in graph.subject_objects(KG.mismatch):
        note = graph.value(source, KG.mismatchNote) or graph.value(kind, RDFS.label) or ""
        # A source read once and shared by several claims warns on each of them.
        for owner in sorted(graph.subjects(KG.source, source)):
            findings.append(Finding(curie(owner), f"mismatch:{curie(kind).split(':')[-1]}", str(note)))
    return findings


def contradiction_warnings(graph: Graph) -> list[Finding]:
    """Warnings: pairs of supporting claims with opposite signs about one subject and the same or nested
    objects (:mod:`kg.reasoning.contradictions`), one per pair, on the subject."""
    from kg.reasoning.contradictions import contradictions, describe
    return [Finding(c.subject, "contradiction", describe(graph, c)) for c in contradictions(graph)]


def conflicting_values(graph: Graph) -> list[Finding]:
    """Warnings: outcome measures of the same study, arm, endpoint and event with different values."""
    groups = defaultdict(list)
    for om in graph.subjects(RDF.type, KG.OutcomeMeasure):
        key = tuple(graph.value(om, p) for p in (KG.study, KG.arm, KG.endpoint, KG.adverseEvent, KG.grade,
                                                  KG.population, KG.definition))
        groups[key].append(om)
    findings = []
    for oms in groups.values():
        values = {str(graph.value(om, KG.value)) for om in oms}
        if len(values) > 1:
            findings.append(Finding(curie(sorted(oms)[0]), "conflict",
                                    "different values for the same study, arm and endpoint: "
                                    + ", ".join(f"{curie(om)}={graph.value(om, KG.value)}" for om in sorted(oms))))
    return findings


def reference_numbers_in(text: str) -> set[int]:
    """Return the reference numbers cited in ``text``: ``[10]``, ``[3]-[5]``, ``[8][9]``.

    >>> sorted(reference_numbers_in("见[3]-[5]及[10] [11]"))
    [3, 4, 5, 10, 11]
    """
    numbers = set()
    for first, last in re.findall(r"\[(\d+)\](?:\s*[-–~]\s*\[(\d+)\])?", text):
        start, end = int(first), int(last or first)
        numbers.update(range(start, end + 1))
    return numbers


def _reference_numbers(graph: Graph) -> dict[tuple[URIRef, str], int]:
    numbers = {}
    for pub, cited_as in graph.subject_objects(KG.citedAs):
        document = graph.value(cited_as, KG.inDocument)
        number = graph.value(cited_as, KG.referenceNumber)
        if document is not None and number is not None:
            numbers[(pub, _doc_id(document))] = int(number)
    return numbers


def document_of(graph: Graph, source) -> str | None:
    section = graph.value(source, KG.section)
    document = graph.value(section, DCTERMS.isPartOf) if section is not None else None
    return _doc_id(document) if document is not None else None


def _doc_id(document: URIRef) -> str:
    return str(document).removeprefix(str(DOC))


def owner_of(graph: Graph, source):
    # Identical provenance nodes share one IRI; name the first assertion, whatever the store's order.
    return min(graph.subjects(KG.source, source), default=source)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)
