"""Contradictions: opposite claims about a subject and an object, or its part or kind.

Two assertions contradict each other when both support (``kg:direction kg:Supports``) a claim
about the same ``rdf:subject``, their predicates are causal with opposite signs (``+1`` against
``-1``, read from the schema by :func:`kg.model.read_model`; a sign of 0 or None never
contradicts), and their objects are the same node or *nested*: one is a part, member or kind of
the other, directly or through intermediate nodes. Nesting follows the structural relations the
schema walks upward (``kg:Generalises``) one way and downward (``kg:Specialises``) the other, so
``kg:hasMember``, ``kg:hasParticipant`` and ``skos:broader`` today; a path must climb in one
direction only, so two members of one family (siblings) are not nested. Outcome measures are not
claims of this kind and are left out.

A contradiction says whether the two claims share a disease context: their diseases overlap,
counting broader and narrower ones (``skos:broader``), or either claim names no disease.

>>> from kg.examples import toy_graph
>>> found = contradictions(toy_graph())
>>> erk = next(c for c in found if {c.first.object, c.second.object} == {"ent:ERK1_2", "ent:ERK1_2_pathway"})
>>> erk.subject, sorted((erk.first.predicate, erk.second.predicate))
('ent:anlotinib', ['kg:activates', 'kg:inhibits'])
>>> erk.link
'ERK1/2 participates in ERK1/2 pathway'
>>> erk.second.assertion in by_assertion(found)
True
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from kg.model import Model, read_model
from kg.namespaces import KG, curie, expand, label

GENERALISES, SPECIALISES = "kg:Generalises", "kg:Specialises"
SAME = "same object"


@dataclass(frozen=True, order=True)
class Claim:
    """One side of a contradiction: the assertion, its predicate and object (CURIEs) and its evidence level's label.

    >>> claim = Claim("asrt:toy-anlotinib-inhibits-ERK", "kg:inhibits", "ent:ERK1_2", "in vitro")
    >>> claim.predicate, claim.object
    ('kg:inhibits', 'ent:ERK1_2')
    """

    assertion: str
    predicate: str
    object: str
    level: str


@dataclass(frozen=True, order=True)
class Contradiction:
    """Two supporting assertions about ``subject`` with opposite signs on the same or nested objects.

    ``first`` and ``second`` are ordered by assertion CURIE; ``link`` says how the objects relate
    ("ERK1/2 participates in ERK1/2 pathway", or "same object"); ``same_context`` is True when the
    two claims' diseases overlap (broader and narrower ones counted) or either names none.

    >>> up = Claim("asrt:a", "kg:activates", "ent:ERK1_2_pathway", "in vitro")
    >>> down = Claim("asrt:b", "kg:inhibits", "ent:ERK1_2", "in vitro")
    >>> c = Contradiction("ent:anlotinib", up, down, "ERK1/2 participates in ERK1/2 pathway", True)
    >>> c.other("asrt:a").predicate, c.same_context
    ('kg:inhibits', True)
    """

    subject: str
    first: Claim
    second: Claim
    link: str
    same_context: bool

    def claims(self) -> tuple[Claim, Claim]:
        """Return ``(first, second)``.

        >>> up = Claim("asrt:a", "kg:activates", "ent:ERK1_2_pathway", "in vitro")
        >>> down = Claim("asrt:b", "kg:inhibits", "ent:ERK1_2", "in vitro")
        >>> [claim.assertion for claim in Contradiction("ent:anlotinib", up, down, SAME, True).claims()]
        ['asrt:a', 'asrt:b']
        """
        return self.first, self.second

    def other(self, assertion: str) -> Claim:
        """Return the claim opposing ``assertion`` (a CURIE of one of the two sides).

        >>> up = Claim("asrt:a", "kg:activates", "ent:ERK1_2_pathway", "in vitro")
        >>> down = Claim("asrt:b", "kg:inhibits", "ent:ERK1_2", "in vitro")
        >>> c = Contradiction("ent:anlotinib", up, down, SAME, True)
        >>> c.other("asrt:a").assertion, c.other("asrt:b").assertion
        ('asrt:b', 'asrt:a')
        """
        return self.second if assertion == self.first.assertion else self.first


@dataclass(frozen=True)
class _Up:
    """A nesting relation walked upward: its predicate, whether upward is against the triple, its words."""

    predicate: URIRef
    backwards: bool
    words: str


def nesting_steps(model: Model) -> list[str]:
    """Return the projection keys of the structural steps that climb from a part, member or kind to
    the whole (``kg:hasMember^``, ``kg:hasParticipant^``, ``skos:broader``), sorted.

    A step counts when its kind is ``kg:Generalises`` and the same relation walked the other way
    is ``kg:Specialises``.

    >>> from kg.store.loading import load_graph
    >>> nesting_steps(read_model(load_graph(curated=False)))
    ['kg:hasMember^', 'kg:hasParticipant^', 'skos:broader']
    """
    keys = []
    for key, step in model.steps.items():
        opposite = model.steps.get(step.opposite)
        if step.kind == GENERALISES and opposite is not None and opposite.kind == SPECIALISES:
            keys.append(key)
    return sorted(keys)


class _Nesting:
    """Upward walks over the nesting relations of one graph, memoised per node."""

    def __init__(self, graph: Graph, model: Model):
        self.graph = graph
        self.ups = [_Up(expand(model.steps[key].predicate), model.steps[key].backwards, model.steps[key].label)
                    for key in nesting_steps(model)]
        self._memo: dict[URIRef, dict[URIRef, tuple[URIRef, str]]] = {}

    def parents(self, node: URIRef) -> list[tuple[URIRef, str]]:
        """The nodes one step up from ``node`` with the step's words, in a stable order."""
        found = set()
        for up in self.ups:
            nodes = self.graph.subjects(up.predicate, node) if up.backwards else self.graph.objects(node, up.predicate)
            found.update((n, up.words) for n in nodes if isinstance(n, URIRef) and n != node)
        return sorted(found)

    def ancestors(self, node: URIRef) -> dict[URIRef, tuple[URIRef, str]]:
        """Every node above ``node`` → (the node below it on a shortest climb, the step's words)."""
        if node not in self._memo:
            seen: dict[URIRef, tuple[URIRef, str]] = {}
            frontier = [node]
            while frontier:
                following = []
                for below in frontier:
                    for above, words in self.parents(below):
                        if above != node and above not in seen:
                            seen[above] = (below, words)
                            following.append(above)
                frontier = following
            self._memo[node] = seen
        return self._memo[node]

    def link(self, one: URIRef, other: URIRef) -> str | None:
        """Words on how ``one`` and ``other`` nest ("A member of B, which participates in C"), None if they do not."""
        if one == other:
            return SAME
        for lower, upper in ((one, other), (other, one)):
            above = self.ancestors(lower)
            if upper in above:
                steps = []
                node = upper
                while node != lower:
                    below, words = above[node]
                    steps.append((below, words, node))
                    node = below
                steps.reverse()
                name = lambda n: label(self.graph, n)  # noqa: E731
                text = f"{name(steps[0][0])} {steps[0][1]} {name(steps[0][2])}"
                for _, words, node in steps[1:]:
                    text += f", which {words} {name(node)}"
                return text
        return None


def _same_context(graph: Graph, first: URIRef, second: URIRef) -> bool:
    one, two = set(graph.objects(first, KG.disease)), set(graph.objects(second, KG.disease))
    if not one or not two:
        return True
    widened = {d: set(graph.transitive_objects(d, SKOS.broader)) for d in one | two}   # each with itself
    return any(a in widened[b] or b in widened[a] for a in one for b in two)


def contradictions(graph: Graph) -> list[Contradiction]:
    """Return every :class:`Contradiction` in an enriched graph (see the module docstring), sorted.

    Each pair is reported once; an assertion can take part in several pairs. A graph without the
    schema's polarities (a subgraph fetched from an endpoint without them) has none to judge: ``[]``.

    >>> from kg.examples import toy_graph
    >>> [(c.subject, c.first.predicate, c.second.predicate, c.same_context) for c in contradictions(toy_graph())]
    [('ent:anlotinib', 'kg:activates', 'kg:inhibits', True)]
    >>> contradictions(Graph())
    []
    """
    if next(graph.triples((None, KG.polarity, None)), None) is None:
        return []
    model = read_model(graph)
    signs = {expand(c): r.sign for c, r in model.relations.items() if r.causal and r.sign in (1, -1)}
    by_subject: dict[URIRef, list[tuple[URIRef, URIRef, URIRef, int]]] = defaultdict(list)
    for assertion in graph.subjects(RDF.type, KG.Assertion):
        if (assertion, RDF.type, KG.OutcomeMeasure) in graph or (assertion, KG.direction, KG.Supports) not in graph:
            continue
        s, p, o = (graph.value(assertion, RDF.subject), graph.value(assertion, RDF.predicate),
                   graph.value(assertion, RDF.object))
        sign = signs.get(p)
        if sign and isinstance(s, URIRef) and isinstance(o, URIRef):
            by_subject[s].append((assertion, p, o, sign))
    nesting = _Nesting(graph, model)
    level = lambda a: label(graph, graph.value(a, KG.evidenceLevel))  # noqa: E731
    found = set()
    for subject, claims in by_subject.items():
        up = [c for c in claims if c[3] > 0]
        down = [c for c in claims if c[3] < 0]
        for a, pa, oa, _ in up:
            for b, pb, ob, _ in down:
                link = nesting.link(oa, ob)
                if link is None:
                    continue
                one, two = sorted((Claim(curie(a), curie(pa), curie(oa), level(a)),
                                   Claim(curie(b), curie(pb), curie(ob), level(b))))
                found.add(Contradiction(curie(subject), one, two, link, _same_context(graph, a, b)))
    return sorted(found)


def by_assertion(found: list[Contradiction]) -> dict[str, list[Contradiction]]:
    """Return each assertion CURIE → the contradictions it takes part in (sorted), for the assertions in ``found``.

    >>> from kg.examples import toy_graph
    >>> index = by_assertion(contradictions(toy_graph()))
    >>> sorted(index), len(index["asrt:toy-anlotinib-inhibits-ERK"])
    (['asrt:toy-anlotinib-activates-ERK-pathway', 'asrt:toy-anlotinib-inhibits-ERK'], 1)
    """
    index: dict[str, list[Contradiction]] = defaultdict(list)
    for c in sorted(found):
        for claim in c.claims():
            index[claim.assertion].append(c)
    return dict(index)


def sentence(graph: Graph, subject: str, claim: Claim, lang: str = "en") -> str:
    """Return a claim in words: "anlotinib activates ERK1/2 pathway" (labels in ``lang``, English where a term has none).

    >>> from kg.examples import toy_graph
    >>> claim = Claim("asrt:toy-anlotinib-inhibits-KDR", "kg:inhibits", "ent:KDR", "in vitro")
    >>> sentence(toy_graph(), "ent:anlotinib", claim), sentence(toy_graph(), "ent:anlotinib", claim, "zh")
    ('anlotinib inhibits VEGFR2', '安罗替尼 抑制 血管内皮生长因子受体2')
    """
    return " ".join((label(graph, expand(x), lang) if lang != "en" else "") or label(graph, expand(x))
                    for x in (subject, claim.predicate, claim.object))


def contested_by(graph: Graph, found: list[Contradiction] | None = None) -> dict[str, list[dict]]:
    """Return each assertion CURIE → the claims that contradict it, as records.

    Each record: ``assertion``, ``claim`` (in words; ``claim_zh`` in Chinese), ``predicate`` and ``object`` (English labels),
    ``object_id``, ``level``, ``link`` and ``same_context``. ``found`` defaults to
    :func:`contradictions` of ``graph``. Assertions that nothing contradicts are not keys.

    >>> from kg.examples import toy_graph
    >>> records = contested_by(toy_graph())
    >>> [(r["claim"], r["link"]) for r in records["asrt:toy-anlotinib-inhibits-ERK"]]
    [('anlotinib activates ERK1/2 pathway', 'ERK1/2 participates in ERK1/2 pathway')]
    >>> "asrt:toy-anlotinib-inhibits-KDR" in records
    False
    """
    found = contradictions(graph) if found is None else found
    records: dict[str, list[dict]] = {}
    for assertion, pairs in by_assertion(found).items():
        records[assertion] = []
        for c in pairs:
            other = c.other(assertion)
            records[assertion].append({
                "assertion": other.assertion, "claim": sentence(graph, c.subject, other),
                "claim_zh": sentence(graph, c.subject, other, "zh"),
                "predicate": label(graph, expand(other.predicate)), "object": label(graph, expand(other.object)),
                "object_id": other.object, "level": other.level, "link": c.link, "same_context": c.same_context})
    return records


def describe(graph: Graph, contradiction: Contradiction) -> str:
    """Return a contradiction in words: both claims with their assertion CURIEs, the link and the context.

    >>> from kg.examples import toy_graph
    >>> g = toy_graph()
    >>> print(describe(g, contradictions(g)[0]))
    anlotinib activates ERK1/2 pathway (asrt:toy-anlotinib-activates-ERK-pathway) but anlotinib inhibits ERK1/2 (asrt:toy-anlotinib-inhibits-ERK): ERK1/2 participates in ERK1/2 pathway
    """
    c = contradiction
    context = "" if c.same_context else "; in different disease contexts"
    return (f"{sentence(graph, c.subject, c.first)} ({c.first.assertion}) but "
            f"{sentence(graph, c.subject, c.second)} ({c.second.assertion}): {c.link}{context}")
