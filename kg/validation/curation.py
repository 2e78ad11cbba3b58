"""Curation checks: the modelling a second curator catches, as warnings with the entity and the reason.

Each function takes the merged graph and yields :class:`~kg.validation.Finding` warnings for one
rule of ``triples/README.md`` ("Reading a sentence"):

- :func:`inherited_sample_sizes` (``inherited-sample-size``): a sample size the source does not state
  for that node, or a subgroup analysis that takes its parent trial's arms (and with them their n);
- :func:`missing_comparators` (``comparator-missing``): a measure whose quote names a comparison but
  which has no comparator arm;
- :func:`quotes_spanning_sentences` (``quote-spans-sentence``): a quote whose claim sentence has no
  reference, stretched into a later sentence to reach one;
- :func:`hedged_findings` (``hedged-finding``): a hedge word (may, 可能) in a quote whose assertion is
  above review-hypothesis level;
- :func:`uncited_levels` (``uncited-level``): an assertion none of whose sources cites a reference,
  at any level but review hypothesis;
- :func:`signs_in_text` (``sign-in-text``): a direction (poorer, longer) only in ``kg:effect`` text, on
  a relation that has none;
- :func:`mismatches_without_claim` (``mismatch-without-claim``): an "other cancer" flag on a sentence
  that names no disease, so claims nothing the cited work could disagree with.

>>> HEDGE.search("BPF 的发生可能与安罗替尼对肿瘤组织的影响有关").group(0)
'可能'
>>> HEDGE.search("监测可能出现的血液学不良反应") is None     # "possible" events to monitor: no hedge
True
"""

from __future__ import annotations

import re
from typing import Iterator

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS

from kg.store.files import source_texts
from kg.namespaces import KG, curie
from kg.validation import Finding, document_of, squash

# Words that make a sentence propose rather than report. 可能性 ("the possibility of") is a noun,
# not a hedge on the claim, nor is 可能出现的 ("possible", of events to monitor); 可 alone ("可诱导", can induce) is not one either.
HEDGE = re.compile(r"可能(?!性|出现的|发生的)|或许|也许|推测|有望|潜力|理论上|\b(?:may|might|could|possibly|perhaps|presumably)\b",
                   re.IGNORECASE)
# A comparison named in a measure's quote: "相比", "高于", "优于", "4.1 个月对比 0.7 个月", "than", "vs".
COMPARISON = re.compile(r"相比|对比|比较|高于|低于|优于|劣于|长于|短于|对照组|"
                        r"\d\s*(?:%|个月|月)?\s*对\s*\d|\b(?:than|versus|vs\.?|compared)\b", re.IGNORECASE)
# A direction in words, on a relation whose predicate gives none.
DIRECTION = re.compile(r"\b(?:poor(?:er)?|worse|better|improved?|longer|shorter|higher|lower|weaker|stronger|"
                       r"(?:un)?favou?rable|inferior|superior|prolong(?:ed|s)?|increase[sd]?|decrease[sd]?|"
                       r"reduce[sd]?)\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"[。！？]")
REFERENCE = re.compile(r"\[\d+\]")


def inherited_sample_sizes(graph: Graph) -> Iterator[Finding]:
    """Yield warnings (``inherited-sample-size``) for sample sizes the source does not state where
    they are shown.

    A ``kg:sampleSize`` must be written, as a number, in a quote of its node (a study arm's in a
    quote of its study); a subgroup analysis must not take its parent trial's arms with ``kg:hasArm``,
    or every subgroup measure shows the whole arm's n.

    >>> from kg.examples import toy_graph
    >>> from rdflib import Literal
    >>> from kg.namespaces import STUDY
    >>> g = toy_graph()
    >>> list(inherited_sample_sizes(g))     # the toy trial's quote states 294 and 143
    []
    >>> _ = g.add((STUDY["ToyCombo-combination"], KG.sampleSize, Literal(60)))
    >>> [f.message for f in inherited_sample_sizes(g)]
    ['n = 60 is not stated in any quote of study:ToyCombo-combination: show a sample size only where the source gives it']
    """
    for node, size in graph.subject_objects(KG.sampleSize):
        # Where the n may be written: the node's quotes, an arm's study's, a whole-study measure's study's.
        holders = [node, *graph.subjects(KG.hasArm, node)]
        study = graph.value(node, KG.study)
        if study is not None and graph.value(node, KG.population) in (None, graph.value(study, KG.population)):
            holders.append(study)
        quotes = [str(q) for h in holders for s in graph.objects(h, KG.source) for q in graph.objects(s, KG.quote)]
        if not any(_states_number(q, size) for q in quotes):
            yield Finding(curie(node), "inherited-sample-size",
                          f"n = {size} is not stated in any quote of {curie(node)}: "
                          "show a sample size only where the source gives it")
    for subgroup, parent in graph.subject_objects(KG.subgroupOf):
        for arm in set(graph.objects(subgroup, KG.hasArm)) & set(graph.objects(parent, KG.hasArm)):
            yield Finding(curie(subgroup), "inherited-sample-size",
                          f"the subgroup analysis has {curie(arm)}, an arm of {curie(parent)}: "
                          "its measures would show the whole arm's n")


def missing_comparators(graph: Graph) -> Iterator[Finding]:
    """Yield warnings (``comparator-missing``) for outcome measures whose quote names a comparison but
    that have no ``kg:comparatorArm`` (measures of an adverse event are not checked).

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import OM
    >>> g = toy_graph()
    >>> list(missing_comparators(g))
    []
    >>> _ = g.remove((OM["ToyTrial-PFS"], KG.comparatorArm, None))      # "median PFS 5.4 vs 1.4 months [1]"
    >>> [f.message for f in missing_comparators(g)]
    ["the quote compares ('vs') but the measure has no kg:comparatorArm"]
    """
    for om in graph.subjects(RDF.type, KG.OutcomeMeasure):
        if graph.value(om, KG.comparatorArm) is not None or graph.value(om, KG.adverseEvent) is not None:
            continue
        cue = _first_match(graph, om, COMPARISON)
        if cue:
            yield Finding(curie(om), "comparator-missing",
                          f"the quote compares ({cue.strip()!r}) but the measure has no kg:comparatorArm")


def quotes_spanning_sentences(graph: Graph) -> Iterator[Finding]:
    """Yield warnings (``quote-spans-sentence``) for quotes that reach past the end of their claim's
    sentence to pick up a reference.

    The claim is an assertion's quote's first sentence; when it cites nothing and a reference
    appears only in a later sentence of the document, the citation was borrowed from that sentence.
    A study's description may run over several sentences; a claim is one. Only quotes from the
    shipped documents are checked.

    >>> from kg.examples import toy_graph
    >>> from rdflib import Literal
    >>> from rdflib.namespace import DCTERMS
    >>> from kg.namespaces import ASRT, DOC
    >>> g = toy_graph()
    >>> list(quotes_spanning_sentences(g))
    []
    >>> _ = g.set((DOC["toy-s1"], DCTERMS.isPartOf, DOC.d001))      # read the toy section as shipped d001
    >>> source = g.value(ASRT["toy-anlotinib-inhibits-KDR"], KG.source)
    >>> _ = g.set((source, KG.quote, Literal("安罗替尼抑制 CAFs 的存活从而减少对肿瘤细胞和巨噬细胞的招募能力。"
    ...                                      "这种抑制作用是通过影响 AKT 信号通路实现的[22]", lang="zh")))
    >>> [(f.entity, f.rule) for f in quotes_spanning_sentences(g)]
    [('asrt:toy-anlotinib-inhibits-KDR', 'quote-spans-sentence')]
    """
    texts = {doc: squash(text) for doc, text in source_texts().items()}
    for claim in sorted(_claims(graph)):
        for source in graph.objects(claim, KG.source):
            text = texts.get(document_of(graph, source))
            for quote in map(str, graph.objects(source, KG.quote)):
                if text is not None and REFERENCE.search(quote) and _claim_sentence_uncited(text, quote):
                    yield Finding(curie(claim), "quote-spans-sentence",
                                  f"the claim's sentence {quote[:30]!r}… cites no reference; the quote "
                                  "reaches a later sentence for its [n]: cite nothing (review hypothesis)")


def hedged_findings(graph: Graph) -> Iterator[Finding]:
    """Yield warnings (``hedged-finding``) for assertions above review-hypothesis level whose quote
    hedges (may, 可能, 推测).

    >>> from kg.examples import toy_graph
    >>> from rdflib import Literal
    >>> from kg.namespaces import ASRT
    >>> g = toy_graph()
    >>> list(hedged_findings(g))
    []
    >>> source = g.value(ASRT["toy-anlotinib-inhibits-KDR"], KG.source)
    >>> _ = g.set((source, KG.quote, Literal("anlotinib may inhibit VEGFR2 [1]", lang="en")))
    >>> [f.message for f in hedged_findings(g)]
    ["the quote hedges ('may') but the level is kg:InVitro: a hedged sentence is a review hypothesis"]
    """
    for assertion in _claims(graph):
        hedge = _first_match(graph, assertion, HEDGE) if _rank(graph, assertion) > 0 else None
        if hedge:
            yield Finding(curie(assertion), "hedged-finding",
                          f"the quote hedges ({hedge!r}) but the level is "
                          f"{curie(graph.value(assertion, KG.evidenceLevel))}: a hedged sentence "
                          "is a review hypothesis")


def uncited_levels(graph: Graph) -> Iterator[Finding]:
    """Yield warnings (``uncited-level``) for assertions whose sources cite nothing but whose level is
    not review hypothesis.

    A sentence without a reference is the review's own statement (ECO:0000034), one level in both
    documents.

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import ASRT
    >>> g = toy_graph()
    >>> list(uncited_levels(g))     # the toy's one uncited assertion is a review hypothesis
    []
    >>> _ = g.remove((g.value(ASRT["toy-anlotinib-inhibits-KDR"], KG.source), KG.cites, None))
    >>> [(f.entity, f.rule) for f in uncited_levels(g)]
    [('asrt:toy-anlotinib-inhibits-KDR', 'uncited-level')]
    """
    for assertion in graph.subjects(RDF.type, KG.Assertion):
        sources = list(graph.objects(assertion, KG.source))
        if sources and _rank(graph, assertion) > 0 and not any(graph.value(s, KG.cites) for s in sources):
            yield Finding(curie(assertion), "uncited-level",
                          f"no source cites a reference, yet the level is "
                          f"{curie(graph.value(assertion, KG.evidenceLevel))}: an uncited "
                          "sentence is a review hypothesis")


def signs_in_text(graph: Graph) -> Iterator[Finding]:
    """Yield warnings (``sign-in-text``) for a direction written only in ``kg:effect``, on a relation with no
    polarity of its own (sign 0, such as ``kg:causes``); one per assertion.

    >>> from kg.examples import toy_graph
    >>> from rdflib import Literal
    >>> from kg.namespaces import ASRT
    >>> g = toy_graph()
    >>> list(signs_in_text(g))
    []
    >>> claim = ASRT["toy-CCL5-increases-CD8-infiltration"]
    >>> _ = g.set((claim, RDF.predicate, KG.causes))
    >>> _ = g.add((claim, KG.effect, Literal("increased infiltration", lang="en")))
    >>> [f.message for f in signs_in_text(g)]
    ["the direction ('increased') is only in kg:effect; kg:causes has none: use a signed predicate or object"]
    """
    for assertion in _claims(graph):
        polarity = graph.value(graph.value(assertion, RDF.predicate), KG.polarity)
        if polarity is None or graph.value(polarity, KG.sign) is None or int(graph.value(polarity, KG.sign)) != 0:
            continue
        for effect in graph.objects(assertion, KG.effect):
            word = DIRECTION.search(str(effect))
            if word:
                yield Finding(curie(assertion), "sign-in-text",
                              f"the direction ({word.group(0)!r}) is only in kg:effect; "
                              f"{curie(graph.value(assertion, RDF.predicate))} has none: use a signed "
                              "predicate or object")
                break


def mismatches_without_claim(graph: Graph) -> Iterator[Finding]:
    """Yield warnings (``mismatch-without-claim``) for ``kg:OtherCancer`` flags on quotes that name no
    disease (by any label or synonym).

    A mismatch is the review claiming what the cited work is not about; a sentence that names no
    disease claims none, and the assertion's own disease already says where the evidence is from.

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import ASRT
    >>> g = toy_graph()
    >>> list(mismatches_without_claim(g))
    []
    >>> source = g.value(ASRT["toy-anlotinib-inhibits-KDR"], KG.source)      # "anlotinib inhibits VEGFR2 [1]"
    >>> _ = g.add((source, KG.mismatch, KG.OtherCancer))
    >>> [(f.entity, f.rule) for f in mismatches_without_claim(g)]
    [('asrt:toy-anlotinib-inhibits-KDR', 'mismatch-without-claim')]
    """
    names = {str(name).casefold() for disease in graph.subjects(RDF.type, KG.Disease)
             for p in (RDFS.label, SKOS.altLabel) for name in graph.objects(disease, p) if len(str(name)) > 1}
    for source in set(graph.subjects(KG.mismatch, KG.OtherCancer)):
        quotes = [str(q).casefold() for q in graph.objects(source, KG.quote)]
        if not any(name in quote for quote in quotes for name in names):
            for claim in sorted(graph.subjects(KG.source, source)):
                yield Finding(curie(claim), "mismatch-without-claim",
                              "flagged as another cancer, but the quote names no disease: "
                              "no claim, no mismatch")


CURATION_RULES = (inherited_sample_sizes, missing_comparators, quotes_spanning_sentences, hedged_findings,
                  uncited_levels, signs_in_text, mismatches_without_claim)


def _claims(graph: Graph) -> set:
    """Assertions that are claims, not outcome measures (a measure is an assertion too)."""
    return set(graph.subjects(RDF.type, KG.Assertion)) - set(graph.subjects(RDF.type, KG.OutcomeMeasure))


def _first_match(graph: Graph, node, pattern: re.Pattern) -> str | None:
    """The first text ``pattern`` finds in ``node``'s quotes (in sorted order), or None."""
    quotes = sorted(str(q) for s in graph.objects(node, KG.source) for q in graph.objects(s, KG.quote))
    return next((m.group(0) for m in map(pattern.search, quotes) if m), None)


def _rank(graph: Graph, assertion) -> int:
    rank = graph.value(graph.value(assertion, KG.evidenceLevel), KG.rank)
    return int(rank) if rank is not None else 0


def _states_number(quote: str, number) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(str(number))}(?!\d|\.\d)", quote) is not None


def _claim_sentence_uncited(text: str, quote: str) -> bool:
    """True when the sentence of ``text`` where ``quote`` starts holds no reference number."""
    first = squash(re.split(r"…|\.\.\.", quote)[0])
    start = text.find(first) if first else -1
    if start < 0:
        return False
    ends = [m.end() for m in SENTENCE_END.finditer(text, 0, start)]
    end = SENTENCE_END.search(text, start)
    return not REFERENCE.search(text[ends[-1] if ends else 0:end.start() if end else len(text)])


