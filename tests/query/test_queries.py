"""The query commands on the real curated graph: lookup, paths, gaps, evidence, neighbors, sparql, export."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from conftest import run_kg


@pytest.mark.parametrize("name,node", [
    ("c-Kit", "ent:KIT"), ("CKIT", "ent:KIT"), ("KIT", "ent:KIT"), ("CD117", "ent:KIT"),
    ("PDGFRβ", "ent:PDGFRB"), ("PDGFR-beta", "ent:PDGFRB"), ("PDGFRB", "ent:PDGFRB"),
    ("CD8+ T", "ent:CD8_T_cell"), ("CD8 T cell", "ent:CD8_T_cell"), ("细胞毒性T细胞", "ent:CD8_T_cell"),
    ("HGNC:6307", "ent:KDR"), ("CL:0000625", "ent:CD8_T_cell"), ("FLK-1", "ent:KDR"), ("安罗替尼", "ent:anlotinib"),
    ("https://w3id.org/evidence-kg/entity/KDR", "ent:KDR"),
])
def test_lookup_by_label_synonym_curie_and_iri(name, node):
    result = run_kg("neighbors", name, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["center"] == node


def test_misspelt_name_gets_a_suggestion_and_exit_2():
    result = run_kg("paths", "anlotnib", "ORR")
    assert result.returncode == 2
    assert "did you mean" in result.stderr and "'anlotinib'" in result.stderr
    assert "Traceback" not in result.stderr


def test_ambiguous_name_lists_candidates_with_classes():
    result = run_kg("evidence", "liver metastases")
    assert result.returncode == 2
    assert "ambiguous" in result.stderr and "kg:PatientPopulation" in result.stderr


def test_vegfr_vessel_normalization_t_cell_chain_and_its_weakest_link():
    result = run_kg("paths", "anlotinib", "effector T cell infiltration", "--via", "vessel normalization", "--json")
    chains = json.loads(result.stdout)
    # The receptor family or its signalling pathway (the d001 sentence names the pathway): one group,
    # the receptor routes (VEGFR, VEGFR1-3) among its variants.
    wanted = [c for c in chains if c["nodes"][:2] in (["ent:anlotinib", "ent:VEGFR"],
                                                      ["ent:anlotinib", "ent:VEGF_VEGFR_signalling"])
              and "ent:vessel_normalization" in c["nodes"]]
    assert wanted, [c["nodes"] for c in chains]
    chain = wanted[0]
    assert chain["nodes"][-1] == "ent:effector_T_infiltration"
    weakest = [h for h in chain["hops"] if h["weakest"]]
    assert len(weakest) == 1 and weakest[0]["certainty"] == chain["certainty"]
    assert weakest[0]["level"] == chain["weakest_level"]
    assert chain["net_effect"] == "increases"  # anlotinib inhibits VEGFR, which opposes normalization
    text = run_kg("paths", "anlotinib", "effector T cell infiltration", "--via", "vessel normalization").stdout
    assert "◀ weakest" in text and "why: certainty" in text


def test_ccl5_is_on_a_chain_to_cd8_t_cell_infiltration():
    chains = json.loads(run_kg("paths", "anlotinib", "CD8+ T cell infiltration", "--json", "-k", "20").stdout)
    assert any("ent:CCL5" in c["nodes"] for c in chains)


def test_chains_are_ranked_by_certainty_then_direction_then_publications_then_length():
    chains = json.loads(run_kg("paths", "anlotinib", "CD8+ T cell infiltration", "--json", "-k", "20").stdout)
    keys = [(-c["certainty"], c["net_effect"] == "unknown", c["contested"], c["mixed_context"],
             -c["publications_at_weakest"], len(c["hops"])) for c in chains]
    assert len(chains) > 3 and keys == sorted(keys)


def test_min_evidence_removes_chains_with_weaker_links():
    everything = json.loads(run_kg("paths", "anlotinib", "effector T cell infiltration", "--json", "-k", "50").stdout)
    strong = json.loads(run_kg("paths", "anlotinib", "effector T cell infiltration", "--json", "-k", "50",
                               "--min-evidence", "animal model").stdout)
    assert any(c["weakest_rank"] is not None and c["weakest_rank"] < 3 for c in everything)
    assert strong and all(h["rank"] is None or h["rank"] >= 3 for c in strong for h in c["hops"])


def test_preclinical_hops_name_their_species_or_model():
    chains = json.loads(run_kg("paths", "anlotinib", "CD8+ T cell infiltration", "--json", "-k", "50").stdout)
    details = [r["detail"] for c in chains for h in c["hops"] for r in h["reasons"] if r["reason"] == "kg:OtherSpecies"]
    assert any("mouse" in d or "animal" in d or "vitro" in d for d in details)


def test_contested_link_is_flagged():
    # anlotinib inhibits ERK1/2 in one source and activates the ERK1/2 pathway in another
    chains = json.loads(run_kg("paths", "anlotinib", "ERK1/2 pathway", "--json", "-k", "50").stdout)
    assert chains and all(c["contested"] for c in chains)
    reasons = [r for c in chains for h in c["hops"] for r in h["reasons"] if r["reason"] == "kg:ContestedInContext"]
    assert reasons and all("asrt:d001-anlotinib-" in r["detail"] for r in reasons)


def test_as_of_uses_only_older_evidence():
    recent = json.loads(run_kg("paths", "anlotinib", "CD8+ T cell infiltration", "--json", "-k", "50").stdout)
    old = json.loads(run_kg("paths", "anlotinib", "CD8+ T cell infiltration", "--json", "-k", "50",
                            "--as-of", "2023").stdout)
    years = [s["year"] for c in old for h in c["hops"] for s in h["support"]]
    assert years and max(years) <= 2023
    assert len(old) < len(recent)


def test_disease_filter_keeps_lung_evidence():
    chains = json.loads(run_kg("paths", "anlotinib", "CD8+ T cell infiltration", "--json", "-k", "50",
                               "--disease", "NSCLC").stdout)
    diseases = {d for c in chains for h in c["hops"] for s in h["support"] for d in s["diseases"]}
    assert "ent:neuroblastoma" not in diseases and "ent:renal_cancer" not in diseases


def test_gaps_lists_chains_needing_clinical_evidence_and_named_gaps():
    result = run_kg("gaps", "--json")
    data = json.loads(result.stdout)
    assert data["chains"] and all(g["chain"]["weakest_rank"] < 4 for g in data["chains"])
    certainty = [(g["chain"]["certainty"], g["chain"]["publications_at_weakest"]) for g in data["chains"]]
    assert certainty == sorted(certainty, reverse=True)     # ranked by certainty
    assert len(data["named"]) >= 20
    assert any("vessel normalization" in " ".join(g["from"]) for g in data["named"])


def test_evidence_between_two_entities_is_grouped_by_level_with_quotes():
    result = run_kg("evidence", "anlotinib", "CCL5", "--json")
    rows = json.loads(result.stdout)
    assert rows and all("CCL5" in (r["subject"], r["object"]) for r in rows)
    assert any("CCL5" in s["quote"] for r in rows for s in r["sources"])
    assert any(ref["doi"] == "10.1016/j.canlet.2024.216892" for r in rows for s in r["sources"] for ref in s["references"])
    table = run_kg("evidence", "anlotinib", "CCL5", "--lang", "zh").stdout
    assert "安罗替尼" in table and "animal model" in table


def test_neighbors_with_relation_filter():
    data = json.loads(run_kg("neighbors", "anlotinib", "--relation", "inhibits", "--json").stdout)
    assert data["edges"] and all(e["relation"] == "inhibits" for e in data["edges"])
    assert {"ent:KDR", "ent:FGFR1", "ent:KIT"} <= {e["target"] for e in data["edges"]}


def test_sparql_formats():
    query = "SELECT ?label WHERE { ent:KDR rdfs:label ?label FILTER(lang(?label) = 'en') }"
    assert json.loads(run_kg("sparql", query, "--format", "json").stdout) == [{"label": "VEGFR2"}]
    assert run_kg("sparql", query, "--format", "csv").stdout.splitlines() == ["label", "VEGFR2"]
    bad = run_kg("sparql", "SELEC ?x")
    assert bad.returncode == 2 and "SPARQL syntax error" in bad.stderr


def test_sparql_injection_in_an_entity_name_is_treated_as_a_name():
    evil = 'anlotinib" } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o'
    result = run_kg("outcomes", "--study", evil)
    assert result.returncode == 2 and "unknown entity" in result.stderr
    assert run_kg("validate").returncode == 0


def test_exit_1_when_nothing_is_found():
    assert run_kg("paths", "ORR", "anlotinib").returncode == 1   # chains never run backwards


def test_export_a_traced_chain_with_its_provenance(tmp_path):
    out = tmp_path / "chain.ttl"
    result = run_kg("export", "--paths", "anlotinib", "CD8+ T cell infiltration", "-k", "3", "-o", out)
    assert result.returncode == 0, result.stderr
    g = Graph().parse(out)
    from kg.namespaces import KG
    assert len(g) > 50
    assert any(g.triples((None, KG.quote, None))) and any(g.triples((None, KG.evidenceLevel, None)))
    assert any(g.triples((None, KG.citedAs, None)))  # publications come along


def test_export_a_neighbourhood(tmp_path):
    out = tmp_path / "focus.ttl"
    assert run_kg("export", "--focus", "CCL5", "--hops", "1", "-o", out).returncode == 0
    small, full = len(Graph().parse(out)), json.loads(run_kg("stats", "--json").stdout)["triples"]
    assert 20 < small < full / 5


# -- in Chinese (issue 17, item 3) -----------------------------------------------------------------
PD1_RESPONSE = "response to PD-1/PD-L1 blockade"


@pytest.mark.parametrize("source,target", [("anlotinib", PD1_RESPONSE), ("anlotinib", "PFS"), ("VEGFR2", PD1_RESPONSE)])
def test_paths_in_chinese_says_no_english_sentence(projection, source, target):
    from conftest import english_words, names_without_chinese
    result = run_kg("paths", source, target, "-k", "10", "--lang", "zh")
    assert result.returncode == 0, result.stderr
    # The chains' own sentences are there, in Chinese: a reason's detail, an inference, a condition, the why.
    assert "排序理由：确定性" in result.stdout and "最弱一步" in result.stdout and "降级理由" in result.stdout
    assert english_words(result.stdout, names_without_chinese(projection)) == []


def test_paths_json_keeps_english_fields_with_chinese_twins():
    english = json.loads(run_kg("paths", "anlotinib", PD1_RESPONSE, "--json").stdout)
    chinese = json.loads(run_kg("paths", "anlotinib", PD1_RESPONSE, "--json", "--lang", "zh").stdout)
    assert english == chinese           # --json is the same records whatever the language: English and _zh fields
    first = english[0]
    assert first["why"].endswith("a direct claim: it names no mechanism in between")
    assert first["why_zh"].endswith("直接论断：未指明其间的机制") and first["net_effect_zh"] == "增加"
    reasons = [r for c in english for h in c["hops"] for r in h["reasons"] if r["detail"]]
    assert reasons and all(r["detail_zh"] and r["detail_zh"] != r["detail"] for r in reasons)
    inferred = [h for c in english for h in c["hops"] if h["inferred"]]
    assert inferred and all(h["inferred_zh"] != h["inferred"] and "（" in h["inferred_zh"] for h in inferred)
    assert any("因此也" in h["inferred_zh"] for h in inferred) and any("类别层面" in h["inferred_zh"] for h in inferred)
    conditions = [h for c in english for h in c["hops"] if h["conditions"]]
    assert conditions and all(len(h["conditions_zh"]) == len(h["conditions"]) for h in conditions)
    assert any("不降级" in c for h in conditions for c in h["conditions_zh"])
