"""The evidence model as code reads it: levels, relation semantics and certainty, from the ontology.

Everything a query or a rule needs to know about the schema is read here, once, from
``ontology/schema.ttl``: the evidence scale, each relation's polarity and whether chains run
along it, how a chain may use each structural relation (and its labels both ways), the
reasons that step a hop's certainty down, the certainty grades and the kinds of citation
mismatch; and from ``ontology/biolink.ttl`` how a KGX export names all of it in Biolink
(:class:`Biolink`). Adding a relation, a level or a reason is a change to the schema only.

The projection carries one :class:`Model` (``G.graph["model"]``), so the rules and the pages
read the same one.

>>> from kg.store.loading import load_graph
>>> m = read_model(load_graph(curated=False))
>>> m.relations["kg:inhibits"].sign, m.relations["kg:causes"].sign
(-1, 0)
>>> m.steps["kg:hasMember^"].label, m.steps["kg:hasMember^"].kind
('member of', 'kg:Generalises')
>>> m.grade(8), m.grade(3)
('high', 'very low')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from kg.errors import KGInputError
from kg.namespaces import KG, curie, labels

REVERSE = "^"   # a projection key for a structural relation walked backwards: "kg:hasMember^" is "member of"
# The kinds of chain step the schema defines (kg:ChainStep); the rules of kg.reasoning.attribution name them.
GENERALISES, SPECIALISES, COMBINATION = "kg:Generalises", "kg:Specialises", "kg:CombinationStep"


@dataclass(frozen=True, order=True)
class EvidenceLevel:
    """One step of the evidence scale: ``rank`` orders it (0 = weakest assessed, -1 = not assessed).

    Levels compare by ``rank`` (then IRI and label), so ``sorted`` gives the scale weakest first.

    >>> from kg.namespaces import KG
    >>> in_vitro = EvidenceLevel(2, KG.InVitro, "in vitro", preclinical=True, curie="kg:InVitro")
    >>> phase3 = EvidenceLevel(8, KG.RandomizedPhase3, "randomized phase 3 trial", randomised=True)
    >>> in_vitro < phase3, max(in_vitro, phase3).label
    (True, 'randomized phase 3 trial')
    """

    rank: int
    iri: URIRef
    label: str
    preclinical: bool = field(default=False, compare=False)    # cells or animals
    randomised: bool = field(default=False, compare=False)
    pools: bool = field(default=False, compare=False)          # a meta-analysis
    curie: str = field(default="", compare=False)              # kg:InVitro
    label_zh: str = field(default="", compare=False)           # the schema's @zh label, for pages in Chinese


@dataclass(frozen=True)
class Relation:
    """A predicate of assertions: ``sign`` +1, -1, 0 (unknown) or None (from the measure: has outcome).

    ``causal`` says whether chains may run along it (False for ``kg:predicts`` and the associations).

    >>> from kg.store.loading import load_graph
    >>> relations = read_model(load_graph(curated=False)).relations
    >>> relations["kg:increases"]
    Relation(curie='kg:increases', label='increases', label_zh='增加/促进', sign=1, causal=True)
    >>> relations["kg:hasOutcome"].sign is None
    True
    """

    curie: str
    label: str
    label_zh: str
    sign: int | None
    causal: bool


@dataclass(frozen=True)
class Step:
    """A structural relation walked one way: its projection key, labels and kind (``kg:Generalises`` ...).

    >>> step = Step("kg:hasMember^", "kg:hasMember", "member of", "属于", GENERALISES)
    >>> step.backwards, step.opposite, step.walked
    (True, 'kg:hasMember', True)
    """

    key: str
    predicate: str
    label: str
    label_zh: str
    kind: str | None            # None: never walked this way

    @property
    def backwards(self) -> bool:
        """Whether this is the relation walked from its object to its subject (its key ends in ``^``).

        >>> Step("kg:hasMember^", "kg:hasMember", "member of", "属于", GENERALISES).backwards
        True
        >>> Step("kg:hasMember", "kg:hasMember", "has member", "包含成员", SPECIALISES).backwards
        False
        """
        return self.key != self.predicate

    @property
    def opposite(self) -> str:
        """The key of the same relation walked the other way (``kg:hasMember`` ↔ ``kg:hasMember^``).

        >>> Step("kg:hasMember", "kg:hasMember", "has member", "包含成员", SPECIALISES).opposite
        'kg:hasMember^'
        >>> Step("kg:hasMember^", "kg:hasMember", "member of", "属于", GENERALISES).opposite
        'kg:hasMember'
        """
        return self.predicate if self.backwards else self.predicate + REVERSE

    @property
    def walked(self) -> bool:
        """Whether a chain may take this step at all (not when its kind is None or ``kg:Specialises``).

        >>> Step("kg:hasMember^", "kg:hasMember", "member of", "属于", GENERALISES).walked
        True
        >>> Step("kg:hasMember", "kg:hasMember", "has member", "包含成员", SPECIALISES).walked
        False
        """
        return self.kind not in (None, SPECIALISES)


@dataclass(frozen=True)
class Reason:
    """A named reason to step a hop's certainty down, by ``steps`` ranks.

    ``caps_at`` is the rank a support counts at most at, where the reason caps it; ``inference``
    whether the hop holds only by an inference of the chain (refused by ``--direct-only``).

    >>> from kg.store.loading import load_graph
    >>> reason = read_model(load_graph(curated=False)).reasons["kg:OtherSpecies"]
    >>> reason.label, reason.steps, reason.inference
    ('not in patients', 1, False)
    """

    curie: str
    label: str
    label_zh: str
    steps: int
    caps_at: int | None = None      # the rank a support counts at most at, where the reason caps it
    inference: bool = False         # the hop holds only by an inference of the chain (refused by --direct-only)


@dataclass(frozen=True)
class Mismatch:
    """A kind of citation mismatch; ``credits_design`` False when the cited work does not study the claim.

    ``concern`` is the CURIE of the certainty reason that already counts the mismatch, if any.

    >>> from kg.store.loading import load_graph
    >>> mismatches = read_model(load_graph(curated=False)).mismatches
    >>> mismatches["kg:OtherDrug"].credits_design, mismatches["kg:OtherCancer"].concern
    (False, 'kg:OtherCancerContext')
    """

    curie: str
    label: str
    label_zh: str
    credits_design: bool
    concern: str | None = None      # the reason that already counts this mismatch, if any


@dataclass(frozen=True)
class Biolink:
    """How a KGX export names our classes, relations and levels in Biolink (``ontology/biolink.ttl``).

    ``categories`` maps a class (CURIE) to the Biolink categories it names, preferred first; ``id_prefixes``
    a Biolink category to the identifier prefixes Biolink prefers for it; ``edge_slots`` an assertion class,
    a relation, an evidence level or a direction to the KGX edge slots it sets; ``node_slots`` a class to the
    node slots its members take; ``ancestors`` a class to itself and its superclasses, nearest first (what it
    inherits); ``property_slots`` a property of assertions to the Biolink slot its values go in.

    >>> from kg.store.loading import load_graph
    >>> b = read_model(load_graph(curated=False)).biolink
    >>> b.category_names("kg:Target"), b.id_prefixes["biolink:Gene"][:3]
    (('biolink:Gene',), ('NCBIGene', 'ENSEMBL', 'HGNC'))
    >>> b.edge(["kg:Assertion"], "kg:inhibits", "kg:ReviewHypothesis")["knowledge_level"]
    'prediction'
    """

    categories: dict[str, tuple[str, ...]] = field(default_factory=dict)
    id_prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    edge_slots: dict[str, dict[str, object]] = field(default_factory=dict)
    node_slots: dict[str, dict[str, object]] = field(default_factory=dict)
    ancestors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    property_slots: dict[str, str] = field(default_factory=dict)       # kg:pValue -> p_value

    def _inherited(self, classes) -> list[str]:
        """The classes and their superclasses, broadest first (a subclass has more ancestors than its superclass)."""
        found = {a for cls in classes for a in self.ancestors.get(cls, (cls,))}
        return sorted(found, key=lambda c: (len(self.ancestors.get(c, ())), c))

    def category_names(self, cls: str) -> tuple[str, ...]:
        """Return the Biolink categories of a class: its own, else its nearest superclass's (() for none).

        >>> from kg.store.loading import load_graph
        >>> b = read_model(load_graph(curated=False)).biolink
        >>> b.category_names("kg:AdverseEvent"), b.category_names("kg:Placebo"), b.category_names("kg:Nothing")
        (('biolink:PhenotypicFeature', 'biolink:Disease'), ('biolink:Drug',), ())
        """
        return next((self.categories[c] for c in self.ancestors.get(cls, (cls,)) if c in self.categories), ())

    def edge(self, classes, *layers: str) -> dict[str, object]:
        """Return the KGX slots of an assertion's edge: its classes' (broadest first), then those of each of
        ``layers`` (its relation, evidence level and direction), a later one replacing what an earlier one set.

        >>> from kg.store.loading import load_graph
        >>> b = read_model(load_graph(curated=False)).biolink
        >>> slots = b.edge(["kg:Assertion"], "kg:inhibits", "kg:InVitro")
        >>> slots["predicate"], slots["object_direction_qualifier"], slots["knowledge_level"]
        ('biolink:affects', 'decreased', 'knowledge_assertion')
        >>> b.edge(["kg:OutcomeMeasure", "kg:Assertion"], "kg:hasOutcome", "kg:RandomizedPhase3")["knowledge_level"]
        'observation'
        """
        slots: dict[str, object] = {}
        for layer in (*self._inherited(classes), *layers):
            slots.update(self.edge_slots.get(layer, {}))
        return slots

    def node(self, classes, prefixes) -> tuple[str, str | None, dict[str, object]]:
        """Return ``(category, prefix, slots)`` of a node of ``classes`` with identifiers of ``prefixes``: the
        first of its classes' categories for which Biolink names one of those prefixes, with the prefix Biolink
        prefers; else its first category and None; and the node slots its classes set. A node of no mapped
        class is a ``biolink:NamedThing``.

        >>> from kg.store.loading import load_graph
        >>> b = read_model(load_graph(curated=False)).biolink
        >>> b.node(["kg:Gene"], {"HGNC", "NCBIGene", "UniProtKB"})[:2]
        ('biolink:Gene', 'NCBIGene')
        >>> b.node(["kg:AdverseEvent"], {"MONDO"})[:2], b.node(["kg:Endpoint"], set())
        (('biolink:Disease', 'MONDO'), ('biolink:ClinicalAttribute', None, {'provided_by': 'infores:evidence-kg'}))
        """
        slots: dict[str, object] = {}
        for cls in self._inherited(classes):
            slots.update(self.node_slots.get(cls, {}))
        candidates = [cat for cls in sorted(classes) for cat in self.category_names(cls)]
        for category in candidates:
            for prefix in self.id_prefixes.get(category, ()):
                if prefix in prefixes:
                    return category, prefix, slots
        return (candidates[0] if candidates else "biolink:NamedThing"), None, slots


def read_biolink(graph: Graph) -> Biolink:
    """Return the :class:`Biolink` names in ``graph`` (none where ``ontology/biolink.ttl`` is not loaded).

    >>> from kg.store.loading import load_graph
    >>> b = read_biolink(load_graph(curated=False))
    >>> b.edge_slots["kg:hasAdverseEvent"], b.ancestors["kg:Cytokine"][:3]
    ({'predicate': 'biolink:has_adverse_event'}, ('kg:Cytokine', 'kg:Gene', 'kg:Entity'))
    >>> b.edge_slots["kg:DoesNotSupport"], b.property_slots["kg:pValue"]
    ({'negated': True}, 'p_value')
    >>> read_biolink(Graph()).categories
    {}
    """
    def slot(iri) -> str:       # Biolink slot IRIs end in KGX's column names (biolink:object_direction_qualifier)
        return str(iri).rsplit("/", 1)[-1]

    def slots(template) -> dict[str, object]:
        return {slot(p): o.toPython() if isinstance(o, Literal) else curie(o)
                for p, o in sorted(graph.predicate_objects(template))}

    def ancestors(cls) -> tuple[str, ...]:
        seen, queue = [], [cls]
        while queue:
            node = queue.pop(0)
            if node not in seen:
                seen.append(node)
                queue.extend(sorted(graph.objects(node, RDFS.subClassOf)))
        return tuple(curie(c) for c in seen)

    return Biolink(
        categories={curie(c): tuple(curie(x) for x in Collection(graph, head))
                    for c, head in graph.subject_objects(KG.biolinkCategory)},
        id_prefixes={curie(c): tuple(str(p).split()) for c, p in graph.subject_objects(KG.biolinkIdPrefixes)},
        edge_slots={curie(s): slots(t) for s, t in graph.subject_objects(KG.biolinkEdge)},
        node_slots={curie(c): slots(t) for c, t in graph.subject_objects(KG.biolinkNode)},
        ancestors={curie(c): ancestors(c) for c in graph.subjects(RDF.type, OWL.Class)},
        property_slots={curie(p): slot(s) for p, s in graph.subject_objects(KG.biolinkSlot)})


@dataclass
class Model:
    """The schema's semantics (see the module docstring).

    ``levels`` is the evidence scale, weakest first; ``relations``, ``steps``, ``reasons`` and
    ``mismatches`` map CURIEs (a step: its projection key) to what the schema says of them;
    ``grades`` lists ``(lowest rank, label, Chinese label)`` per certainty grade, highest first.

    >>> from kg.store.loading import load_graph
    >>> m = read_model(load_graph(curated=False))
    >>> [lvl.curie for lvl in m.levels][:3]
    ['kg:NotAssessed', 'kg:ReviewHypothesis', 'kg:ExpertOpinion']
    >>> m.grades[0]
    (8, 'high', '高')
    """

    levels: list[EvidenceLevel]
    relations: dict[str, Relation]
    steps: dict[str, Step]
    reasons: dict[str, Reason]
    mismatches: dict[str, Mismatch]
    grades: list[tuple[int, str, str]] = field(default_factory=list)   # (lowest rank, label, Chinese), highest first
    classes: dict[str, tuple[str, str]] = field(default_factory=dict)  # class CURIE: (label, Chinese label), for pages
    biolink: Biolink = field(default_factory=Biolink)                  # the names a KGX export gives all of it

    def __post_init__(self):
        # Looked up for every piece of support a chain search meets: by dict, not by scanning the scale.
        self._by_curie = {lvl.curie: lvl for lvl in self.levels}
        self._by_rank = {lvl.rank: lvl for lvl in self.levels}

    def level(self, level: str) -> EvidenceLevel | None:
        """Return the level of a CURIE (``kg:InVitro``), None for one not on the scale.

        >>> from kg.store.loading import load_graph
        >>> m = read_model(load_graph(curated=False))
        >>> m.level("kg:InVitro").rank, m.level("kg:InVitro").preclinical
        (2, True)
        >>> m.level("kg:Anecdote") is None
        True
        """
        return self._by_curie.get(level)

    def at_rank(self, rank: int) -> EvidenceLevel | None:
        """Return the level with ``rank`` (None if none has it).

        >>> from kg.store.loading import load_graph
        >>> m = read_model(load_graph(curated=False))
        >>> m.at_rank(7).label
        'randomized phase 2 trial'
        >>> m.at_rank(42) is None
        True
        """
        return self._by_rank.get(rank)

    def grade(self, rank: int, lang: str = "en") -> str:
        """Return the certainty grade's words for a certainty ``rank`` (GRADE's high, moderate, low, very low).

        ``lang="zh"`` gives the Chinese words where the schema has them.

        >>> from kg.store.loading import load_graph
        >>> m = read_model(load_graph(curated=False))
        >>> m.grade(8), m.grade(6), m.grade(2), m.grade(2, lang="zh")
        ('high', 'low', 'very low', '极低')
        """
        for lowest, label, label_zh in self.grades:
            if rank >= lowest:
                return label_zh if lang == "zh" and label_zh else label
        return self.grades[-1][1] if self.grades else ""

    @property
    def top_rank(self) -> int:
        """The highest rank on the scale (a meta-analysis's, in the shipped schema).

        >>> from kg.store.loading import load_graph
        >>> m = read_model(load_graph(curated=False))
        >>> m.top_rank, m.at_rank(m.top_rank).label
        (9, 'meta-analysis')
        """
        return max(lvl.rank for lvl in self.levels)

    @property
    def lowest_rank(self) -> int:
        """The lowest assessed rank on the scale (a review's own statement), not "not assessed".

        >>> from kg.store.loading import load_graph
        >>> m = read_model(load_graph(curated=False))
        >>> m.lowest_rank, m.at_rank(m.lowest_rank).label
        (0, 'review hypothesis')
        """
        return min(lvl.rank for lvl in self.levels if lvl.rank >= 0)


def _labels(graph: Graph, node) -> tuple[str, str]:
    names = labels(graph, node)
    return names.get("en", curie(node)), names.get("zh", "")


def evidence_levels(graph: Graph) -> list[EvidenceLevel]:
    """Return the evidence scale defined in the ontology, weakest first.

    >>> from kg.store.loading import load_graph
    >>> [lvl.label for lvl in evidence_levels(load_graph(curated=False))][:2]
    ['external graph, not assessed', 'review hypothesis']
    """
    def flag(iri, prop) -> bool:
        value = graph.value(iri, prop)
        return bool(value.toPython()) if value is not None else False

    return sorted(EvidenceLevel(_rank(graph, iri), iri, _labels(graph, iri)[0],
                                flag(iri, KG.preclinical), flag(iri, KG.randomised), flag(iri, KG.pools), curie(iri),
                                _labels(graph, iri)[1])
                  for iri in graph.subjects(RDF.type, KG.EvidenceLevel))


def _rank(graph: Graph, level) -> int:
    """A level's one integer rank; a level with none, several or a non-number is an error naming it
    (every ranking, filter and certainty reads the scale)."""
    ranks = sorted(str(r) for r in graph.objects(level, KG.rank))
    if len(ranks) != 1 or not ranks[0].lstrip("-").isdigit():
        found = ", ".join(repr(r) for r in ranks) or "none"
        raise KGInputError(f"{curie(level)}: an evidence level needs exactly one integer kg:rank (found {found})")
    return int(ranks[0])


def read_model(graph: Graph) -> Model:
    """Return the :class:`Model` of the schema in ``graph`` (see the module docstring).

    Only the schema is read: a graph of the schema alone (``load_graph(curated=False)``) gives the
    same model as the whole curated graph.

    >>> from kg.store.loading import load_graph
    >>> m = read_model(load_graph(curated=False))
    >>> m.relations["kg:inhibits"].sign, m.steps["kg:hasParticipant^"].label
    (-1, 'participates in')
    >>> len(m.levels), m.top_rank
    (11, 9)
    """
    relations = {}
    for predicate in graph.subjects(RDF.type, KG.Relation):
        polarity = graph.value(predicate, KG.polarity)
        sign = graph.value(polarity, KG.sign) if polarity is not None else None
        causal = graph.value(predicate, KG.causal)
        en, zh = _labels(graph, predicate)
        relations[curie(predicate)] = Relation(curie(predicate), en, zh,
                                               int(sign) if sign is not None else (None if polarity == KG.MeasuredPolarity else 0),
                                               bool(causal.toPython()) if causal is not None else True)
    steps = {}
    for predicate in graph.subjects(RDF.type, KG.StructuralRelation):
        en, zh = _labels(graph, predicate)
        reverse = {lbl.language: str(lbl) for lbl in graph.objects(predicate, KG.reverseLabel)}
        for key, kind, label, label_zh in (
                (curie(predicate), graph.value(predicate, KG.forwardStep), en, zh),
                (curie(predicate) + REVERSE, graph.value(predicate, KG.reverseStep), reverse.get("en", ""), reverse.get("zh", ""))):
            steps[key] = Step(key, curie(predicate), label, label_zh, curie(kind) if kind is not None else None)
    reasons = {}
    for reason in graph.subjects(RDF.type, KG.CertaintyReason):
        en, zh = _labels(graph, reason)
        cap = graph.value(reason, KG.capsAt)
        inference = graph.value(reason, KG.inference)
        reasons[curie(reason)] = Reason(curie(reason), en, zh, int(graph.value(reason, KG.steps) or 0),
                                        int(graph.value(cap, KG.rank)) if cap is not None else None,
                                        bool(inference.toPython()) if inference is not None else False)
    mismatches = {}
    for kind in graph.subjects(RDF.type, KG.CitationMismatch):
        en, zh = _labels(graph, kind)
        credits = graph.value(kind, KG.creditsDesign)
        concern = graph.value(kind, KG.concern)
        mismatches[curie(kind)] = Mismatch(curie(kind), en, zh, bool(credits.toPython()) if credits is not None else True,
                                           curie(concern) if concern is not None else None)
    grades = sorted(((int(graph.value(g, KG.minRank)), *_labels(graph, g)) for g in graph.subjects(RDF.type, KG.CertaintyGrade)),
                    reverse=True)
    return Model(levels=evidence_levels(graph), relations=relations, steps=dict(sorted(steps.items())),
                 reasons=reasons, mismatches=mismatches, grades=grades, biolink=read_biolink(graph),
                 classes={curie(c): _labels(graph, c) for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)})
