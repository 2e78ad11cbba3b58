"""Contradictions: opposite claims about one subject and the same or a nested object."""

from __future__ import annotations

import json

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS

from conftest import run_kg
from kg.query.evidence import about
from kg.store.enrich import enrich
from kg.store.loading import load_graph
from kg.namespaces import ASRT, ENT, KG
from kg.reasoning.contradictions import Claim, Contradiction, by_assertion, contradictions, describe


# -- a toy graph: the schema plus a few entities and assertions made here ---------------------
@pytest.fixture()
def toy():
    """The schema plus: a drug; a family (F) of two members (M1, M2) taking part in a pathway (P),
    the pathway a kind of a broader one (Q); an unrelated gene (G); diseases (NSCLC a kind of lung
    cancer, and breast cancer)."""
    g = load_graph(curated=False)
    for name, cls, text in [("drug", KG.Drug, "toy drug"), ("F", KG.ProteinFamily, "toy family"),
                            ("M1", KG.Gene, "toy member one"), ("M2", KG.Gene, "toy member two"),
                            ("P", KG.Pathway, "toy pathway"), ("Q", KG.Pathway, "toy broad pathway"),
                            ("G", KG.Gene, "toy gene"), ("lung", KG.Disease, "toy lung cancer"),
                            ("nsclc", KG.Disease, "toy NSCLC"), ("breast", KG.Disease, "toy breast cancer")]:
        g.add((ENT[name], RDF.type, cls))
        g.add((ENT[name], RDFS.label, Literal(text, lang="en")))
    g.add((ENT.F, KG.hasMember, ENT.M1))
    g.add((ENT.F, KG.hasMember, ENT.M2))
    g.add((ENT.P, KG.hasParticipant, ENT.F))
    g.add((ENT.P, SKOS.broader, ENT.Q))
    g.add((ENT.nsclc, SKOS.broader, ENT.lung))
    return g


def claim(g, name, predicate, obj, *, subject=ENT.drug, direction=KG.Supports, diseases=()):
    """Add assertion ``asrt:<name>``: ``subject predicate obj``, in vitro, with ``direction`` and ``diseases``."""
    a = ASRT[name]
    g.add((a, RDF.type, KG.Assertion))
    g.add((a, RDF.subject, subject))
    g.add((a, RDF.predicate, predicate))
    g.add((a, RDF.object, obj))
    g.add((a, KG.evidenceLevel, KG.InVitro))
    g.add((a, KG.direction, direction))
    for d in diseases:
        g.add((a, KG.disease, d))
    return a


def found(g):
    return contradictions(enrich(g))


def test_same_object_opposite_signs_is_found(toy):
    claim(toy, "up", KG.activates, ENT.G)
    claim(toy, "down", KG.inhibits, ENT.G)
    (c,) = found(toy)
    assert c.subject == "ent:drug" and c.link == "same object" and c.same_context
    assert (c.first, c.second) == (Claim("asrt:down", "kg:inhibits", "ent:G", "in vitro"),
                                   Claim("asrt:up", "kg:activates", "ent:G", "in vitro"))


def test_object_and_its_participant_is_found_with_the_link_words(toy):
    claim(toy, "on-pathway", KG.increases, ENT.P)
    claim(toy, "on-family", KG.inhibits, ENT.F)
    (c,) = found(toy)
    assert c.link == "toy family participates in toy pathway"
    assert {c.first.object, c.second.object} == {"ent:P", "ent:F"}
    assert "asrt:on-pathway" in describe(toy, c) and "asrt:on-family" in describe(toy, c)


def test_nesting_is_transitive_in_one_direction(toy):
    claim(toy, "on-member", KG.decreases, ENT.M1)
    claim(toy, "on-broad", KG.activates, ENT.Q)
    (c,) = found(toy)
    assert c.link == ("toy member one member of toy family, which participates in toy pathway, "
                      "which is a kind of toy broad pathway")


@pytest.mark.parametrize("claims", [
    pytest.param([("m1", KG.activates, ENT.M1, {}), ("m2", KG.inhibits, ENT.M2, {})], id="siblings"),
    pytest.param([("gene", KG.activates, ENT.G, {}), ("family", KG.inhibits, ENT.F, {})], id="unrelated objects"),
    pytest.param([("a", KG.activates, ENT.F, {}), ("b", KG.increases, ENT.P, {})], id="same sign"),
    pytest.param([("a", KG.activates, ENT.G, {}), ("b", KG.inhibits, ENT.G, {"direction": KG.DoesNotSupport})],
                 id="does not support"),
    pytest.param([("a", KG.causes, ENT.G, {}), ("b", KG.inhibits, ENT.G, {}), ("c", KG.associatedWith, ENT.G, {})],
                 id="sign zero"),
    pytest.param([("a", KG.activates, ENT.G, {}), ("b", KG.inhibits, ENT.G, {"subject": ENT.M1})],
                 id="different subjects"),
])
def test_no_contradiction(toy, claims):
    for name, predicate, obj, options in claims:
        claim(toy, name, predicate, obj, **options)
    assert found(toy) == []


def test_outcome_measures_are_left_out(toy):
    claim(toy, "a", KG.inhibits, ENT.G)
    om = claim(toy, "b", KG.activates, ENT.G)
    toy.add((om, RDF.type, KG.OutcomeMeasure))
    assert found(toy) == []


def test_different_diseases_are_not_the_same_context(toy):
    claim(toy, "a", KG.activates, ENT.G, diseases=[ENT.nsclc])
    claim(toy, "b", KG.inhibits, ENT.G, diseases=[ENT.breast])
    (c,) = found(toy)
    assert c.same_context is False
    assert "different disease contexts" in describe(toy, c)


@pytest.mark.parametrize("first,second", [([ENT.nsclc], [ENT.lung]), ([ENT.lung], [ENT.nsclc]),
                                          ([ENT.nsclc], [ENT.nsclc, ENT.breast]), ([ENT.breast], [])])
def test_broader_narrower_or_missing_disease_is_the_same_context(toy, first, second):
    claim(toy, "a", KG.activates, ENT.G, diseases=first)
    claim(toy, "b", KG.inhibits, ENT.G, diseases=second)
    (c,) = found(toy)
    assert c.same_context is True


def test_result_is_sorted_and_indexed_by_assertion(toy):
    claim(toy, "up", KG.activates, ENT.P)
    claim(toy, "down-f", KG.inhibits, ENT.F)
    claim(toy, "down-m", KG.decreases, ENT.M2)
    result = found(toy)
    assert result == sorted(result) and len(result) == 2
    assert all(isinstance(c, Contradiction) for c in result)
    index = by_assertion(result)
    assert len(index["asrt:up"]) == 2 and len(index["asrt:down-f"]) == 1 and len(index["asrt:down-m"]) == 1
    with pytest.raises(AttributeError):
        result[0].link = "changed"   # frozen


def test_about_records_carry_contested_by(toy):
    claim(toy, "up", KG.activates, ENT.P)
    claim(toy, "down", KG.inhibits, ENT.F)
    claim(toy, "other", KG.inhibits, ENT.G)
    records = {r["assertion"]: r for r in about(enrich(toy), ENT.drug)}
    (against,) = records["asrt:down"]["contested_by"]
    assert against == {"assertion": "asrt:up", "claim": "toy drug activates toy pathway",
                       "claim_zh": "toy drug 激活 toy pathway", "predicate": "activates",       # entities without @zh
                       "object": "toy pathway", "object_id": "ent:P", "level": "in vitro",
                       "link": "toy family participates in toy pathway", "same_context": True}
    assert records["asrt:other"]["contested_by"] == []


# -- the curated graph -------------------------------------------------------------------------
ERK_INHIBITED = "asrt:d001-anlotinib-inhibits-ERK-phosphorylation"
ERK_ACTIVATED = "asrt:d001-anlotinib-activates-ERK1_2-H446"


def test_erk_contradiction_is_found_in_the_curated_graph(graph):
    erk = [c for c in contradictions(graph) if {c.first.assertion, c.second.assertion} == {ERK_INHIBITED, ERK_ACTIVATED}]
    assert len(erk) == 1
    c = erk[0]
    assert c.subject == "ent:anlotinib"
    assert {(x.predicate, x.object) for x in c.claims()} == {("kg:inhibits", "ent:ERK1_2"),
                                                             ("kg:activates", "ent:ERK1_2_pathway")}
    assert c.link == "ERK1/2 participates in ERK1/2 pathway"
    assert c.same_context   # the inhibition names no disease


def test_validate_lists_the_contradiction_as_a_warning():
    result = run_kg("validate", "--json")
    report = json.loads(result.stdout)
    assert result.returncode == (0 if not report["violations"] else 1)
    hits = [w for w in report["warnings"] if w["rule"] == "contradiction" and w["entity"] == "ent:anlotinib"
            and ERK_INHIBITED in w["message"] and ERK_ACTIVATED in w["message"]]
    assert len(hits) == 1
    assert "ERK1/2 participates in ERK1/2 pathway" in hits[0]["message"]


def test_evidence_json_carries_contested_by():
    result = run_kg("evidence", "anlotinib", "ERK1/2", "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    records = {r["assertion"]: r for r in json.loads(result.stdout)}
    assert all("contested_by" in r for r in records.values())
    (against,) = records[ERK_INHIBITED]["contested_by"]
    assert against["assertion"] == ERK_ACTIVATED and against["object_id"] == "ent:ERK1_2_pathway"
    assert against["link"] == "ERK1/2 participates in ERK1/2 pathway" and against["same_context"] is True


def test_evidence_table_marks_the_contested_claim():
    result = run_kg("evidence", "anlotinib", "ERK1/2")
    assert result.returncode == 0, result.stderr[-2000:]
    flat = " ".join(result.stdout.replace("│", " ").split())
    assert "⚠ contested:" in flat and "asrt:d001-anlotinib-activates-ERK1_2-H446" in flat.replace(" ", "")


def test_a_graph_without_the_schema_has_no_contradictions():
    from rdflib import Graph
    assert contradictions(Graph()) == []
