"""Document 001 (anlotinib in SCLC): trials reproduced by queries and compared with the text."""

from __future__ import annotations

import json

from conftest import run_kg


def _by(rows, *keys):
    out = {}
    for r in rows:
        out[tuple(r[k] for k in keys)] = r
    return out


def test_alter1202_and_its_post_hoc_subgroups():
    result = run_kg("outcomes", "--study", "ALTER 1202", "--json")
    assert result.returncode == 0, result.stderr
    rows = _by(json.loads(result.stdout), "study_id", "endpoint")
    expected = {  # (study, endpoint): (anlotinib, placebo) as printed in section 3.1
        ("study:ALTER1202", "median progression-free survival"): (4.1, 0.7),
        ("study:ALTER1202", "median overall survival"): (7.3, 4.9),
        ("study:ALTER1202-prior-TRT", "median progression-free survival"): (5.49, 0.69),
        ("study:ALTER1202-prior-TRT", "median overall survival"): (9.49, 4.9),
        ("study:ALTER1202-short-term-relapse", "median progression-free survival"): (4.0, 0.7),
        ("study:ALTER1202-short-term-relapse", "median overall survival"): (7.3, 4.4),
        ("study:ALTER1202-liver-metastases", "median progression-free survival"): (1.51, 0.71),
        ("study:ALTER1202-liver-metastases", "median overall survival"): (3.29, 1.91),
        ("study:ALTER1202-brain-metastases", "median progression-free survival"): (3.8, 0.8),
        ("study:ALTER1202-brain-metastases", "median overall survival"): (6.3, 2.6),
    }
    for key, (value, placebo) in expected.items():
        assert (rows[key]["value"], rows[key]["comparator_value"]) == (value, placebo), key
    liver_os = rows[("study:ALTER1202-liver-metastases", "median overall survival")]
    assert liver_os["p_value"] == 0.0996 and liver_os["significant"] is False
    assert liver_os["direction"] == "does not support"


def test_eter701_three_arms_and_the_one_non_significant_comparison():
    rows = json.loads(run_kg("outcomes", "--study", "ETER701", "--json").stdout)
    cells = {(r["arm"], r["endpoint"], r["comparator_arm"]): r for r in rows}
    os_ab = [r for r in rows if r["endpoint"] == "median overall survival"]
    values = sorted((r["value"], r["comparator_value"], r["significant"]) for r in os_ab)
    assert values == [(13.3, 11.9, False), (19.3, 11.9, True)]
    pfs = sorted((r["value"], r["comparator_value"], r["significant"]) for r in rows
                 if r["endpoint"] == "median progression-free survival")
    assert pfs == [(5.6, 4.2, True), (6.9, 4.2, True)]
    assert len({r["arm"] for r in rows} | {r["comparator_arm"] for r in rows}) == 3, cells.keys()


def test_anlotinib_plus_etoposide_study():
    rows = json.loads(run_kg("outcomes", "--regimen", "anlotinib + etoposide", "--json").stdout)
    got = {r["endpoint"]: r["value"] for r in rows if r["study_id"] == "study:Wu2023"}
    assert got["median progression-free survival"] == 8.02
    assert got["median overall survival"] == 11.04
    assert got["objective response rate"] == 32.14
    assert got["disease control rate"] == 96.43
    assert got["patients with partial response"] == 9
    assert got["patients with stable disease"] == 18
    assert {r["n"] for r in rows if r["study_id"] == "study:Wu2023"} == {28}


def test_durable_both_definitions():
    rows = json.loads(run_kg("outcomes", "--study", "DURABLE", "--json").stdout)
    pairs = sorted((r["endpoint"], r["value"], r["comparator_value"]) for r in rows)
    assert ("median progression-free survival", 5.4, 1.9) in pairs
    assert ("median progression-free survival", 9.0, 5.6) in pairs
    assert ("median overall survival", 17.4, 12.4) in pairs
    assert ("median overall survival", 20.4, 15.4) in pairs
    from_first_dose = sorted(r["value"] for r in rows if "first durvalumab dose" in (r["definition"] or ""))
    assert from_first_dose == [9.0, 20.4]


def test_ongoing_trial_has_registry_id_and_no_results():
    result = run_kg("sparql", "SELECT ?id ?status WHERE { study:SKB264-ANLO kg:registryId ?id ; kg:status ?status }",
                    "--format", "json")
    assert json.loads(result.stdout) == [{"id": "NCT07388875", "status": "ongoing"}]
    assert run_kg("outcomes", "--study", "SKB264-ANLO").returncode == 1  # nothing found


def test_same_paper_in_both_reviews_is_one_node():
    result = run_kg("sparql", "SELECT ?doc ?n WHERE { ?p bibo:doi \"10.1016/j.intimp.2024.112053\" ; "
                    "kg:citedAs [ kg:inDocument ?doc ; kg:referenceNumber ?n ] } ORDER BY ?doc", "--format", "csv")
    lines = result.stdout.strip().splitlines()
    assert lines[1:] == ["https://w3id.org/evidence-kg/document/d000,12", "https://w3id.org/evidence-kg/document/d001,22"]


def test_alter0303_is_one_node_with_sources_from_both_reviews(graph):
    from kg.namespaces import DOC, KG, STUDY
    from rdflib.namespace import DCTERMS
    sections = {graph.value(src, KG.section) for a in graph.subjects(KG.study, STUDY.ALTER0303)
                for src in graph.objects(a, KG.source)}
    sections |= {graph.value(src, KG.section) for src in graph.objects(STUDY.ALTER0303, KG.source)}
    subgroup_sections = {graph.value(src, KG.section) for s in graph.subjects(KG.subgroupOf, STUDY.ALTER0303)
                         for src in graph.objects(s, KG.source)}
    documents = {graph.value(s, DCTERMS.isPartOf) for s in sections | subgroup_sections}
    assert documents == {DOC.d000, DOC.d001}


def test_all_64_references(graph):
    from kg.namespaces import DOC, KG
    numbers = {int(graph.value(c, KG.referenceNumber)) for c in graph.subjects(KG.inDocument, DOC.d001)}
    assert numbers == set(range(1, 65))


def test_the_clinical_claim_that_anlotinib_raises_immunotherapy_response_does_not_isolate_it(projection):
    """Section 3.4, [43]: PD-(L)1 inhibitor + anlotinib was compared with PD-(L)1 inhibitor + chemotherapy
    and chemotherapy alone, never with the PD-(L)1 inhibitor alone: the gain is the combination's, so the
    hop steps down for a drug not isolated, and the chain says it names no mechanism."""
    from kg.query.paths import find_chains

    direct = [c for c in find_chains(projection, "ent:anlotinib", "ent:ICI_response", k=20) if len(c.hops) == 1]
    assert len(direct) == 1
    hop = direct[0].hops[0]
    reasons = {r["reason"]: r["detail"] for r in hop.reasons}
    assert hop.rank == 5 and direct[0].certainty == 3            # retrospective − design inferred − not isolated
    assert "kg:CombinationNotIsolated" in reasons and "kg:DesignInferred" in reasons
    assert "no arm of PD-(L)1 inhibitor without anlotinib" in reasons["kg:CombinationNotIsolated"]
    assert direct[0].why.endswith("a direct claim: it names no mechanism in between")
