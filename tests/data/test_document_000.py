"""Document 000 (anlotinib + immunotherapy in NSCLC) read back from the graph, table by table.

Each expected value is copied from the document; the graph is queried, never copied.
"""

from __future__ import annotations

import json

import pytest
from rdflib.namespace import RDF

from conftest import run_kg
from kg.namespaces import BIBO, DOC, KG, curie
from kg.validation import reference_numbers_in, validate


def _ref_numbers(graph, pubs, document="d000"):
    numbers = set()
    for pub in pubs:
        for cited in graph.objects(pub, KG.citedAs):
            if graph.value(cited, KG.inDocument) == DOC[document]:
                numbers.add(int(graph.value(cited, KG.referenceNumber)))
    return numbers


def test_table1_mechanisms_with_their_references(graph):
    """Table 1: target/pathway → what it acts on, with the representative references."""
    rows = {}
    for assertion in graph.subjects(RDF.type, KG.Assertion):
        for src in graph.objects(assertion, KG.source):
            if graph.value(src, KG.section) == DOC["d000-table1"]:
                claim = (curie(graph.value(assertion, RDF.subject)), curie(graph.value(assertion, RDF.predicate)),
                         curie(graph.value(assertion, RDF.object)))
                rows[claim] = _ref_numbers(graph, graph.objects(src, KG.cites))
    expected = {
        ("ent:anlotinib", "kg:increases", "ent:vessel_normalization"): {10, 11},     # VEGFR/FGFR/PDGFR row
        ("ent:anlotinib", "kg:increases", "ent:CCL5"): {10},                          # CCL5-CD8+ T axis row
        ("ent:CCL5", "kg:increases", "ent:CD8_T_infiltration"): {10},
        ("ent:anlotinib", "kg:increases", "ent:CAF_apoptosis"): {12, 13},             # AKT/mTOR row
        ("ent:anlotinib", "kg:decreases", "ent:myeloid_immunosuppression"): {13, 14},  # myeloid row
    }
    for claim, refs in expected.items():
        assert rows.get(claim) == refs, (claim, rows.get(claim))


TABLE2 = {  # study: (ORR, DCR, mPFS, mOS) as printed in Table 2; None where the table has "—"
    "Dou2024": ("23.9", "85.1", "6.1", "16.5"),
    "Fang2025": ("24.1", "79.6", "6.3", "16.1"),
    "Li2025Feasibility": ("30.2", "79.1", "6.5", "13.5"),
    "Sun2023": (None, None, "10.5", None),
    "Xu2025": ("26.35", "80.73", "5.74", "15.41"),
}


def test_table2_reproduced_by_kg_outcomes():
    result = run_kg("outcomes", "--disease", "NSCLC", "--json")
    assert result.returncode == 0, result.stderr
    rows = [r for r in json.loads(result.stdout) if any(s["section"] == "doc:d000-table2" for s in r["sources"])]
    got = {}
    for r in rows:
        got.setdefault(r["study_id"].split(":")[1], {})[r["endpoint"]] = str(r["value"])
    for study, values in TABLE2.items():
        for endpoint, value in zip(("objective response rate", "disease control rate",
                                    "median progression-free survival", "median overall survival"), values):
            assert got[study].get(endpoint) == value, (study, endpoint, got[study])
    # The table's row and the title of [26] say only "advanced NSCLC": no line of therapy is shown.
    assert {r["setting"] for r in rows if r["study_id"] == "study:Sun2023"} == {""}


def test_table2_compare_view_puts_endpoints_side_by_side():
    result = run_kg("outcomes", "--setting", "later-line", "--disease", "NSCLC", "--compare")
    assert result.returncode == 0
    line = next(l for l in result.stdout.splitlines() if "Dou et al" in l)
    for cell in ("23.9%", "85.1%", "6.1 mo", "16.5 mo"):
        assert cell in line


TABLE3 = [  # (study, endpoint, value) from Table 3
    ("Li2025Elderly", "median progression-free survival", "15.87"), ("Li2025Elderly", "objective response rate", "47.5"),
    ("Li2025Elderly", "disease control rate", "97.5"),
    ("Li2025PDL1", "median progression-free survival", "9.8"), ("Li2025PDL1", "median overall survival", "19.5"),
    ("Li2024", "median progression-free survival", "5.0"), ("Li2024", "median overall survival", "10.0"),
    ("TD-NeoFOUR", "pathological complete response rate", "57.8"), ("TD-NeoFOUR", "major pathological response rate", "66.7"),
    ("TD-NeoFOUR", "3-year event-free survival rate", "84.3"), ("TD-NeoFOUR", "3-year overall survival rate", "86.7"),
]


@pytest.mark.parametrize("study,endpoint,value", TABLE3)
def test_table3_values_cite_table_and_text(graph, study, endpoint, value):
    from kg.query.outcomes import outcomes
    rows = [r for r in outcomes(graph, study=f"study:{study}") if r["endpoint"] == endpoint]
    assert len(rows) == 1, rows
    assert f"{float(rows[0]['value']):.2f}" == f"{float(value):.2f}"
    sections = {s["section"] for s in rows[0]["sources"]}
    assert "doc:d000-table3" in sections and len(sections) >= 2, "one measure cites both the table and the text"


def test_table4_dose_comparison_with_p_values(graph):
    from kg.query.outcomes import outcomes
    rows = {r["endpoint"]: r for r in outcomes(graph, study="study:Tan2025")}
    pfs, ae = rows["median progression-free survival"], rows["adverse event incidence"]
    assert (pfs["value"], pfs["comparator_value"], pfs["p_value"]) == (8.7, 6.7, 0.016)
    assert (ae["value"], ae["comparator_value"], ae["p_value"]) == (55.6, 82.6, 0.041)
    assert {s["section"] for s in pfs["sources"]} == {"doc:d000-table4", "doc:d000-s6.4"}


def test_chain_from_anlotinib_to_cd8_infiltration_has_evidence():
    result = run_kg("paths", "anlotinib", "CD8+ T cell infiltration", "--json")
    chains = json.loads(result.stdout)
    assert result.returncode == 0 and chains
    for chain in chains:
        evidence_hops = [h for h in chain["hops"] if not h["structural"]]
        assert evidence_hops and all(h["level"] and h["publications"] for h in evidence_hops if h["rank"] > 0)


def test_every_reference_number_in_the_text_resolves(graph):
    from kg.store.files import source_texts
    body = source_texts()["d000"].split("## 参考文献")[0]
    used = reference_numbers_in(body)
    assert used == set(range(1, 42))
    pubs = set(graph.subjects(RDF.type, KG.Publication))
    assert used <= _ref_numbers(graph, pubs)


def test_all_41_references_have_title_year_and_first_author(graph):
    numbers = {}
    for pub in graph.subjects(RDF.type, KG.Publication):
        for n in _ref_numbers(graph, [pub]):
            numbers[n] = pub
    assert sorted(numbers) == list(range(1, 42))
    assert str(graph.value(numbers[10], KG.firstAuthor)) == "Luo, J."
    assert str(graph.value(numbers[10], BIBO.doi)) == "10.1016/j.canlet.2024.216892"


def test_review_hypotheses_are_kept_apart_from_cited_evidence(graph):
    """Where the review infers (可能/推测), the level says so: some assertions are review hypotheses."""
    hypotheses = set(graph.subjects(KG.evidenceLevel, KG.ReviewHypothesis))
    assert len(hypotheses) >= 20
    quotes = [str(graph.value(src, KG.quote)) for a in hypotheses for src in graph.objects(a, KG.source)]
    assert sum(1 for q in quotes if "可能" in q or "推测" in q or "提示" in q) >= 10


def test_validate_is_clean_and_lists_citation_mismatches(graph):
    report = validate(graph)
    assert report.ok, report.violations[:5]
    kinds = {w.rule for w in report.warnings}
    assert {"mismatch:OtherCancer", "mismatch:OtherTopic", "mismatch:CorrectionNotice"} <= kinds
