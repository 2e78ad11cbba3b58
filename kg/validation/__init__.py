"""Validation: SHACL shapes plus the rules that make the graph trustworthy.

:func:`validate` returns a :class:`Report` of violations (the graph is wrong: exit 1) and
warnings (worth a curator's look: citation mismatches, conflicting values, contradictions).

>>> from kg.examples import toy_graph
>>> report = validate(toy_graph())
>>> report.ok
True
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH

from kg.namespaces import DOC, KG, curie
from kg.store.files import shapes_file, source_texts


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: the entity (CURIE or IRI) it is about, the rule, and a message.

    Findings sort by entity, then rule, then message, as a :class:`Report` lists them.

    >>> found = [Finding("ent:KDR", "duplicate-entity", "English label 'vegfr2' is shared by ent:KDR, ent:KDR2"),
    ...          Finding("asrt:a", "citation", "pub:X is not in toy's reference list")]
    >>> [(f.entity, f.rule) for f in sorted(found)]
    [('asrt:a', 'citation'), ('ent:KDR', 'duplicate-entity')]
    """

    entity: str
    rule: str
    message: str


@dataclass
class Report:
    """The outcome of :func:`validate`: ``violations`` (the graph is wrong) and ``warnings`` (worth a look).

    >>> report = Report(warnings=[Finding("ent:anlotinib", "contradiction", "anlotinib activates and inhibits ERK1/2")])
    >>> report.ok, len(report.violations), [w.rule for w in report.warnings]
    (True, 0, ['contradiction'])
    """

    violations: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when there are no violations (warnings do not count).

        >>> Report().ok, Report(warnings=[Finding("ent:a", "conflict", "two values")]).ok
        (True, True)
        >>> Report(violations=[Finding("(graph)", "empty", "the graph is empty")]).ok
        False
        """
        return not self.violations


def validate(graph: Graph, *, shacl: bool = True) -> Report:
    """Return the :class:`Report` for ``graph`` (SHACL shapes, then the project's own rules).

    Violations come from the shapes and the rules of this module, warnings from the mismatch,
    conflict and contradiction checks and :mod:`kg.validation.curation`; both sorted. An empty graph
    gives one violation and nothing else is checked; ``shacl=False`` skips the shapes.

    >>> from kg.examples import toy_graph
    >>> report = validate(toy_graph())
    >>> report.ok, [(w.entity, w.rule) for w in report.warnings]
    (True, [('ent:anlotinib', 'contradiction')])
    >>> validate(Graph()).violations
    [Finding(entity='(graph)', rule='empty', message='the graph is empty: no entities, assertions or publications')]
    """
    from kg.draft.marks import without_drafts
    graph = without_drafts(graph)       # a draft is checked by `kg validate --drafts`, not as curated data
    report = Report()
    if is_empty(graph):
        report.violations.append(Finding("(graph)", "empty", "the graph is empty: no entities, assertions or publications"))
        return report
    if shacl:
        report.violations += shacl_findings(graph)
    for rule in (undefined_entities, duplicate_labels, quotes_verbatim, cited_references,
                 references_resolve, conflicting_classes, ill_typed_literals):
        report.violations += rule(graph)
    report.warnings += citation_mismatches(graph) + conflicting_values(graph) + contradiction_warnings(graph)
    from kg.validation.curation import CURATION_RULES  # the curation checks build on this module's Finding
    for rule in CURATION_RULES:
        report.warnings += rule(graph)
    report.violations.sort()
    report.warnings.sort()
    return report


def is_empty(graph: Graph) -> bool:
    """Return True when ``graph`` holds nothing but the schema: no entity, assertion or publication.

    >>> from kg.examples import toy_graph
    >>> from kg.store.loading import load_graph
    >>> is_empty(Graph()), is_empty(load_graph(curated=False)), is_empty(toy_graph())
    (True, True, False)
    """
    classes = set(graph.transitive_subjects(RDFS.subClassOf, KG.Entity)) | {KG.Assertion, KG.Publication}
    return not any(True for cls in classes for _ in graph.subjects(RDF.type, cls))


def shacl_findings(graph: Graph) -> list[Finding]:
    """Return the violations of the SHACL shapes in ``ontology/shapes.ttl`` (rule ``shacl:<path>``).

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import ASRT, KG
    >>> g = toy_graph()
    >>> shacl_findings(g)
    []
    >>> _ = g.remove((ASRT["toy-anlotinib-inhibits-KDR"], KG.evidenceLevel, None))
    >>> [(f.entity, f.rule) for f in shacl_findings(g)]
    [('asrt:toy-anlotinib-inhibits-KDR', 'shacl:kg:evidenceLevel')]
    """
    from pyshacl import validate as shacl_validate

    from kg.store.backends import keep_lexical_forms

    shapes = Graph().parse(shapes_file())
    try:
        conforms, results, _ = shacl_validate(graph, shacl_graph=shapes, inference="none", advanced=True,
                                              allow_warnings=True)
    finally:
        keep_lexical_forms()        # pyshacl leaves rdflib rewriting lexical forms when it is done
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
    """Return violations (``undefined-entity``) of the rule: every node an assertion or a link names is defined.

    The subject and object of an assertion, and the object of a linking property (``kg:disease``,
    ``kg:regimen``, ``kg:cites`` ...), must have an ``rdf:type``: an untyped one is a typo.

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import ASRT, ENT, KG
    >>> g = toy_graph()
    >>> undefined_entities(g)
    []
    >>> _ = g.add((ASRT["toy-anlotinib-inhibits-KDR"], KG.disease, ENT.NSLC))
    >>> undefined_entities(g)
    [Finding(entity='asrt:toy-anlotinib-inhibits-KDR', rule='undefined-entity', message='kg:disease ent:NSLC is not defined anywhere (typo?)')]
    """
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


def conflicting_classes(graph: Graph) -> list[Finding]:
    """Every entity is one kind of thing: two classes of it, neither a kind of the other (a drug and a
    disease at once), is an error that would change which rules and views apply.

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import ENT
    >>> g = toy_graph()
    >>> conflicting_classes(g)
    []
    >>> _ = g.add((ENT.CCL5, RDF.type, KG.Disease))
    >>> [f.message for f in conflicting_classes(g)]
    ['typed as kg:Cytokine and kg:Disease: one entity is one kind of thing']
    """
    kinds = set(graph.transitive_subjects(RDFS.subClassOf, KG.Entity))
    above = {c: set(graph.transitive_objects(c, RDFS.subClassOf)) - {c} for c in kinds}
    findings = []
    for node in sorted(set(graph.subjects(RDF.type, None))):
        classes = {c for c in graph.objects(node, RDF.type) if c in kinds}
        specific = sorted(c for c in classes if not any(c in above[d] for d in classes))
        if len(specific) > 1:
            findings.append(Finding(curie(node), "conflicting-classes",
                                    f"typed as {' and '.join(curie(c) for c in specific)}: one entity is one kind of thing"))
    return findings


def ill_typed_literals(graph: Graph) -> list[Finding]:
    """Every typed literal is valid for its datatype (``"abc"^^xsd:integer`` is not, nor
    ``"notabool"^^xsd:boolean``): a query would read it as no value, or as a guess.

    (A double too large for its type is valid: XSD 1.1 reads it as infinity, written ``INF`` on both stores.)

    >>> from rdflib import Literal, URIRef, XSD
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://w3id.org/evidence-kg/entity/x"), KG.sampleSize, Literal("abc", datatype=XSD.integer)))
    >>> [f.message for f in ill_typed_literals(g)]
    ["kg:sampleSize 'abc' is not a valid xsd:integer"]
    """
    findings = []
    for s, p, o in graph:
        if not isinstance(o, Literal) or o.datatype is None:
            continue
        if o.ill_typed:
            findings.append(Finding(curie(s), "ill-typed-literal",
                                    f"{curie(p)} {str(o)[:80]!r} is not a valid {curie(o.datatype)}"))
    return sorted(findings)


def duplicate_labels(graph: Graph) -> list[Finding]:
    """Return violations (``duplicate-entity``) of the rule: no two entities share an English label.

    Labels are compared case-insensitively; one node per entity.

    >>> from kg.examples import toy_graph
    >>> from rdflib import Literal
    >>> from kg.namespaces import ENT, KG
    >>> g = toy_graph()
    >>> duplicate_labels(g)
    []
    >>> _ = g.add((ENT.KDR2, RDF.type, KG.Target))
    >>> _ = g.add((ENT.KDR2, RDFS.label, Literal("VEGFR2", lang="en")))
    >>> duplicate_labels(g)
    [Finding(entity='ent:KDR', rule='duplicate-entity', message="English label 'vegfr2' is shared by ent:KDR, ent:KDR2")]
    """
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

    A quote may skip text with ``…``; each piece must then appear in the document. Return the
    violations (``quote-not-verbatim``); quotes from documents that are not shipped are not checked.

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import DOC
    >>> g = toy_graph()
    >>> quotes_verbatim(g)          # the toy review is not a shipped document
    []
    >>> _ = g.set((DOC["toy-s1"], DCTERMS.isPartOf, DOC.d000))     # now its quotes claim to be from d000
    >>> sorted(quotes_verbatim(g))[0]
    Finding(entity='asrt:toy-CCL5-increases-CD8-infiltration', rule='quote-not-verbatim', message="not found in d000: 'CCL5 recruits CD8+ T cells [1]'")
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
            findings.append(Finding(curie(_owner(graph, source)), "quote-not-verbatim",
                                    f"not found in {document}: {missing[0].strip()[:80]!r}"))
    return findings


def cited_references(graph: Graph) -> list[Finding]:
    """Return violations (``citation``) of the rule: a quote's reference numbers ([10], [3]-[5]) are
    exactly the publications its source cites, and each cited publication is in the document's list.

    >>> from kg.examples import toy_graph
    >>> from rdflib import Literal
    >>> from kg.namespaces import ASRT, KG
    >>> g = toy_graph()
    >>> cited_references(g)
    []
    >>> source = g.value(ASRT["toy-anlotinib-inhibits-KDR"], KG.source)
    >>> _ = g.set((source, KG.quote, Literal("anlotinib inhibits VEGFR2 [2]", lang="en")))
    >>> [f.message for f in cited_references(g)]
    ['quote cites [2] of toy but the source has no kg:cites for it', 'source cites [1] of toy but the quote does not show [1]']
    """
    number_of = _reference_numbers(graph)
    findings = []
    for source, quote in graph.subject_objects(KG.quote):
        document = document_of(graph, source)
        if document is None:
            continue
        in_quote = reference_numbers_in(str(quote))
        cited = {number_of.get((pub, document)) for pub in graph.objects(source, KG.cites)}
        owner = curie(_owner(graph, source))
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
    """Return violations (``reference-missing``) of the rule: every reference number used in a
    document's text resolves to a publication (for the shipped documents the graph holds).

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import DOC, KG
    >>> g = toy_graph()
    >>> references_resolve(g)       # the toy graph holds no shipped document
    []
    >>> _ = g.add((DOC.d000, RDF.type, KG.SourceDocument))     # d000, without its reference list
    >>> references_resolve(g)[0]
    Finding(entity='doc:d000', rule='reference-missing', message='[1] is used in the text but no publication is kg:citedAs it')
    """
    numbers = {(doc, n) for (pub, doc), n in _reference_numbers(graph).items()}
    findings = []
    for document, text in source_texts().items():
        if (DOC[document], None, None) not in graph:
            continue
        body = text.split("参考文献")[0]
        for n in sorted(reference_numbers_in(body)):
            if (document, n) not in numbers:
                findings.append(Finding(f"doc:{document}", "reference-missing",
                                        f"[{n}] is used in the text but no publication is kg:citedAs it"))
    return findings


def citation_mismatches(graph: Graph) -> list[Finding]:
    """Return warnings (``mismatch:<kind>``): sources flagged with kg:mismatch (the review and the cited work disagree).

    One warning per assertion that has the source; the message is its ``kg:mismatchNote``, else the
    kind's label.

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import ASRT, KG
    >>> g = toy_graph()
    >>> citation_mismatches(g)
    []
    >>> _ = g.add((g.value(ASRT["toy-anlotinib-inhibits-KDR"], KG.source), KG.mismatch, KG.OtherDrug))
    >>> citation_mismatches(g)
    [Finding(entity='asrt:toy-anlotinib-inhibits-KDR', rule='mismatch:OtherDrug', message='cited work studies another drug or combination')]
    """
    findings = []
    for source, kind in graph.subject_objects(KG.mismatch):
        note = graph.value(source, KG.mismatchNote) or graph.value(kind, RDFS.label) or ""
        # A source read once and shared by several claims warns on each of them.
        for owner in sorted(graph.subjects(KG.source, source)):
            findings.append(Finding(curie(owner), f"mismatch:{curie(kind).split(':')[-1]}", str(note)))
    return findings


def contradiction_warnings(graph: Graph) -> list[Finding]:
    """Return warnings (``contradiction``): pairs of supporting claims with opposite signs about one subject
    and the same or nested objects (:mod:`kg.reasoning.contradictions`), one per pair, on the subject.

    >>> from kg.examples import toy_graph
    >>> [(f.entity, f.rule) for f in contradiction_warnings(toy_graph())]
    [('ent:anlotinib', 'contradiction')]
    >>> print(contradiction_warnings(toy_graph())[0].message)
    anlotinib activates ERK1/2 pathway (asrt:toy-anlotinib-activates-ERK-pathway) but anlotinib inhibits ERK1/2 (asrt:toy-anlotinib-inhibits-ERK): ERK1/2 participates in ERK1/2 pathway
    """
    from kg.reasoning.contradictions import contradictions, describe
    return [Finding(c.subject, "contradiction", describe(graph, c)) for c in contradictions(graph)]


def conflicting_values(graph: Graph) -> list[Finding]:
    """Return warnings (``conflict``): outcome measures of the same study, arm, endpoint and event with different values.

    >>> from kg.examples import toy_graph
    >>> from rdflib import Literal
    >>> from kg.namespaces import KG, OM
    >>> g = toy_graph()
    >>> conflicting_values(g)
    []
    >>> for p, o in list(g.predicate_objects(OM["ToyTrial-PFS"])):     # a copy with another value
    ...     _ = g.add((OM["ToyTrial-PFS-2"], p, Literal(6.1) if p == KG.value else o))
    >>> print(conflicting_values(g)[0].message)
    different values for the same study, arm and endpoint: om:ToyTrial-PFS=5.4, om:ToyTrial-PFS-2=6.1
    """
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
    """Return the id of the document (``toy`` for ``doc:toy``) whose section the provenance node
    ``source`` was read in; None when it names no section of a document.

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import ASRT, KG
    >>> g = toy_graph()
    >>> document_of(g, g.value(ASRT["toy-anlotinib-inhibits-KDR"], KG.source))
    'toy'
    >>> document_of(g, ASRT["toy-anlotinib-inhibits-KDR"]) is None      # an assertion, not a source
    True
    """
    section = graph.value(source, KG.section)
    document = graph.value(section, DCTERMS.isPartOf) if section is not None else None
    return _doc_id(document) if document is not None else None


def _doc_id(document: URIRef) -> str:
    return str(document).removeprefix(str(DOC))


def _owner(graph: Graph, source):
    """Return the node that has the provenance node ``source`` (the first in sorted order), else ``source``.

    Identical provenance nodes share one IRI, so several assertions may have one source; the
    first is named, whatever the store's order.

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import ASRT, KG
    >>> g = toy_graph()
    >>> curie(_owner(g, g.value(ASRT["toy-anlotinib-inhibits-KDR"], KG.source)))
    'asrt:toy-anlotinib-inhibits-KDR'
    >>> curie(_owner(g, ASRT["nobody"]))
    'asrt:nobody'
    """
    # Identical provenance nodes share one IRI; name the first assertion, whatever the store's order.
    return min(graph.subjects(KG.source, source), default=source)


def squash(text: str) -> str:
    """Return ``text`` with all white space removed (how quotes are compared with the documents).

    >>> squash("anlotinib  inhibits  VEGFR2 [1]")
    'anlotinibinhibitsVEGFR2[1]'
    """
    return re.sub(r"\s+", "", text)
