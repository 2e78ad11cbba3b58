"""The evidence model as code reads it: levels, relation semantics and certainty, from the ontology.

Everything a query or a rule needs to know about the schema is read here, once, from
``ontology/schema.ttl``: the evidence scale, each relation's polarity and whether chains run
along it, how a chain may use each structural relation (and its labels both ways), the
reasons that step a hop's certainty down, the certainty grades and the kinds of citation
mismatch. Adding a relation, a level or a reason is a change to the schema only.

The projection carries one :class:`Model` (``G.graph["model"]``), so the rules and the pages
read the same one.

>>> from kg.loading import load_graph
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
from rdflib.namespace import RDF, RDFS

from kg.namespaces import KG, curie

REVERSE = "^"   # a projection key for a structural relation walked backwards: "kg:hasMember^" is "member of"
# The kinds of chain step the schema defines (kg:ChainStep); the rules of kg.reasoning.attribution name them.
GENERALISES, SPECIALISES, COMBINATION = "kg:Generalises", "kg:Specialises", "kg:CombinationStep"


@dataclass(frozen=True, order=True)
class EvidenceLevel:
    """One step of the evidence scale: ``rank`` orders it (0 = weakest assessed, -1 = not assessed)."""

    rank: int
    iri: URIRef
    label: str
    preclinical: bool = field(default=False, compare=False)    # cells or animals
    randomised: bool = field(default=False, compare=False)
    pools: bool = field(default=False, compare=False)          # a meta-analysis
    curie: str = field(default="", compare=False)              # kg:InVitro


@dataclass(frozen=True)
class Relation:
    """A predicate of assertions: ``sign`` +1, -1, 0 (unknown) or None (from the measure: has outcome)."""

    curie: str
    label: str
    label_zh: str
    sign: int | None
    causal: bool


@dataclass(frozen=True)
class Step:
    """A structural relation walked one way: its projection key, labels and kind (``kg:Generalises`` ...)."""

    key: str
    predicate: str
    label: str
    label_zh: str
    kind: str | None            # None: never walked this way

    @property
    def backwards(self) -> bool:
        """Whether this is the relation walked from its object to its subject."""
        return self.key != self.predicate

    @property
    def walked(self) -> bool:
        """Whether a chain may take this step at all."""
        return self.kind not in (None, SPECIALISES)


@dataclass(frozen=True)
class Reason:
    """A named reason to step a hop's certainty down."""

    curie: str
    label: str
    label_zh: str
    steps: int
    caps_at: int | None = None      # the rank a support counts at most at, where the reason caps it
    inference: bool = False         # the hop holds only by an inference of the chain (refused by --direct-only)


@dataclass(frozen=True)
class Mismatch:
    """A kind of citation mismatch; ``credits_design`` False when the cited work does not study the claim."""

    curie: str
    label: str
    label_zh: str
    credits_design: bool
    concern: str | None = None      # the reason that already counts this mismatch, if any


@dataclass
class Model:
    """The schema's semantics (see the module docstring)."""

    levels: list[EvidenceLevel]
    relations: dict[str, Relation]
    steps: dict[str, Step]
    reasons: dict[str, Reason]
    mismatches: dict[str, Mismatch]
    grades: list[tuple[int, str, str]] = field(default_factory=list)   # (lowest rank, label, Chinese), highest first

    def __post_init__(self):
        # Looked up for every piece of support a chain search meets: by dict, not by scanning the scale.
        self._by_curie = {lvl.curie: lvl for lvl in self.levels}
        self._by_rank = {lvl.rank: lvl for lvl in self.levels}

    def level(self, level: str) -> EvidenceLevel | None:
        """The level of a CURIE (``kg:InVitro``), None for one not on the scale."""
        return self._by_curie.get(level)

    def at_rank(self, rank: int) -> EvidenceLevel | None:
        """The level with ``rank`` (None if none has it)."""
        return self._by_rank.get(rank)

    def grade(self, rank: int, lang: str = "en") -> str:
        """The certainty grade's words for a certainty ``rank`` (GRADE's high, moderate, low, very low)."""
        for lowest, label, label_zh in self.grades:
            if rank >= lowest:
                return label_zh if lang == "zh" and label_zh else label
        return self.grades[-1][1] if self.grades else ""

    @property
    def top_rank(self) -> int:
        """The highest rank on the scale."""
        return max(lvl.rank for lvl in self.levels)


def _labels(graph: Graph, node) -> tuple[str, str]:
    names = {lbl.language: str(lbl) for lbl in graph.objects(node, RDFS.label) if isinstance(lbl, Literal)}
    return names.get("en", curie(node)), names.get("zh", "")


def evidence_levels(graph: Graph) -> list[EvidenceLevel]:
    """Return the evidence scale defined in the ontology, weakest first.

    >>> from kg.loading import load_graph
    >>> [lvl.label for lvl in evidence_levels(load_graph(curated=False))][:2]
    ['external graph, not assessed', 'review hypothesis']
    """
    def flag(iri, prop) -> bool:
        value = graph.value(iri, prop)
        return bool(value.toPython()) if value is not None else False

    return sorted(EvidenceLevel(int(graph.value(iri, KG.rank)), iri, _labels(graph, iri)[0],
                                flag(iri, KG.preclinical), flag(iri, KG.randomised), flag(iri, KG.pools), curie(iri))
                  for iri in graph.subjects(RDF.type, KG.EvidenceLevel))


def read_model(graph: Graph) -> Model:
    """Return the :class:`Model` of the schema in ``graph`` (see the module docstring)."""
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
                 reasons=reasons, mismatches=mismatches, grades=grades)
