"""Issue 16: Hetionet as published joins ours by identifier, its undirected metaedges walked both ways,
its nodes named by CURIE; the installed `kg` on both stores.

`tests/fixtures/hetionet/` holds real Hetionet v1.0 node rows with edges written for the tests;
`lung_cancer_doid.ttl` gives our lung cancer its DOID (MONDO's exact match), so Hetionet's
`Disease::DOID:1324` joins it.
"""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, run_kg
from kg.store.hetionet import node_iri

HETIONET = FIXTURES / "hetionet"
TABLES = ("--data", HETIONET / "nodes.tsv", "--data", HETIONET / "edges.sif", "--data", HETIONET / "lung_cancer_doid.ttl")
JSON_FORM = ("--data", HETIONET / "hetnet.json.bz2", "--data", HETIONET / "lung_cancer_doid.ttl")
HET = "https://w3id.org/evidence-kg/hetionet/"
PIK3CA, EPHA2, HRAS, LUNG = node_iri("Gene", "5290"), node_iri("Gene", "1969"), node_iri("Gene", "3265"), \
    node_iri("Anatomy", "UBERON:0002048")


def kg_json(*args, data=TABLES, store: str = "rdflib", ok: bool = True):
    result = run_kg("--store", store, *data, *args, "--json")
    if ok:
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)
    return result


def edges(found: dict) -> set:
    return {(e["source"], e["relation"], e["target"]) for e in found["edges"]}


def test_a_hetionet_gene_is_our_gene_by_ncbi_gene_id():
    found = kg_json("neighbors", "Gene::3791")
    assert found["center"] == "ent:KDR"
    near = edges(found)
    # Hetionet's KDR edges now start or end at our KDR, its genes, diseases and compounds around it.
    assert ("ent:KDR", "interacts", EPHA2) in near
    assert (node_iri("Compound", "DB01268"), "binds", "ent:KDR") in near
    assert ("ent:KDR", "participates", "ent:angiogenesis") in near       # and GO:0001525 is our angiogenesis
    assert not any(n["id"] == node_iri("Gene", "3791") for n in found["nodes"])


def test_a_hetionet_disease_is_our_disease_by_doid():
    found = kg_json("neighbors", "Disease::DOID:1324", "--relation", "associates")
    assert found["center"] == "ent:lung_cancer"
    assert {("ent:lung_cancer", "associates", "ent:KDR"), ("ent:lung_cancer", "associates", PIK3CA)} <= edges(found)


def test_a_hetionet_compound_is_our_drug_by_drugbank_id():
    found = kg_json("neighbors", "anlotinib", "--relation", "treats")
    assert ("ent:anlotinib", "treats", "ent:lung_cancer") in edges(found)


def test_an_undirected_metaedge_is_walked_both_ways():
    # The SIF says Disease::DOID:1324 DaG Gene::3791 (lung cancer → KDR); a chain from anlotinib
    # reaches lung cancer through KDR, walking that edge from its gene.
    chains = kg_json("paths", "anlotinib", "DOID:1324", "-k", "10")
    routes = {tuple(c["nodes"]): c for c in chains}
    through_kdr = routes[("ent:anlotinib", "ent:KDR", "ent:lung_cancer")]
    hop = through_kdr["hops"][1]
    assert hop["relation"] == "associates (reverse)" and hop["predicate"] == HET + "associates^"
    assert hop["level"] == "external graph, not assessed" and through_kdr["weakest_rank"] == -1
    assert ("ent:anlotinib", "ent:lung_cancer") in routes                    # Compound::DB11885 CtD, forward
    # And forward: from lung cancer to the gene.
    forward = kg_json("paths", "lung cancer", "PIK3CA", "--max-hops", "1")
    assert [c["nodes"] for c in forward] == [["ent:lung_cancer", PIK3CA]]
    assert forward[0]["hops"][0]["relation"] == "associates"
    # A gene–gene interaction, both ways.
    assert [c["nodes"] for c in kg_json("paths", "EPHA2", "KDR", "--max-hops", "1")] == [[EPHA2, "ent:KDR"]]
    assert [c["nodes"] for c in kg_json("paths", "KDR", "EPHA2", "--max-hops", "1")] == [["ent:KDR", EPHA2]]


def test_a_directed_metaedge_is_walked_one_way():
    assert [c["nodes"] for c in kg_json("paths", "EPHA2", "HRAS", "--max-hops", "1")] == [[EPHA2, HRAS]]
    backwards = kg_json("paths", "HRAS", "EPHA2", ok=False)
    assert backwards.returncode == 1 and json.loads(backwards.stdout) == []


@pytest.mark.parametrize("name", ["NCBIGene:5290", "Gene::5290", "PIK3CA", PIK3CA,
                                  "https://identifiers.org/ncbigene:5290", "http://bio2rdf.org/ncbigene:5290"])
def test_an_external_node_is_named_by_its_curie_its_hetionet_id_its_name_or_an_iri(name):
    assert kg_json("neighbors", name)["center"] == PIK3CA


@pytest.mark.parametrize("name", ["UBERON:0002048", "http://purl.obolibrary.org/obo/UBERON_0002048", "Anatomy::UBERON:0002048"])
def test_an_external_anatomy_node_is_named_by_uberon(name):
    found = kg_json("neighbors", name)
    assert found["center"] == LUNG
    assert (LUNG, "expresses", "ent:KDR") in edges(found)


def test_the_commands_take_a_doid_for_the_disease():
    evidence = kg_json("evidence", "DOID:1324")
    assert evidence and all("lung" in json.dumps(row).lower() for row in evidence[:3])
    assert kg_json("neighbors", "DOID:1324", "--relation", "localizes")["center"] == "ent:lung_cancer"


@pytest.mark.parametrize("name, entity", [
    ("http://bio2rdf.org/ncbigene:3791", "ent:KDR"), ("Gene::3791", "ent:KDR"),
    (HET + "Gene/3791", "ent:KDR"), ("http://bio2rdf.org/drugbank:DB11885", "ent:anlotinib"),
    ("Compound::DB11885", "ent:anlotinib"),
])
def test_our_entities_answer_to_bio2rdf_and_hetionet_names_without_any_data(name, entity):
    assert kg_json("neighbors", name, data=())["center"] == entity


def test_bio2rdf_identifiers_org_obo_and_hetionet_iris_join_our_entities():
    data = ("--data", HETIONET / "other_spellings.nt", "--data", HETIONET / "nodes.tsv",
            "--data", HETIONET / "lung_cancer_doid.ttl")
    other = "https://example.org/other/"
    assert ("ent:KDR", "regulates", other + "gene/A") in edges(kg_json("neighbors", "KDR", data=data))
    assert ("ent:anlotinib", "targets", other + "gene/A") in edges(kg_json("neighbors", "anlotinib", "--relation",
                                                                            "targets", data=data))
    near = edges(kg_json("neighbors", "lung cancer", "--relation", "marker", data=data))
    assert near == {("ent:lung_cancer", "marker", other + "gene/B")}
    near = edges(kg_json("neighbors", "lung cancer", "--relation", "subtype", data=data))
    assert near == {("ent:lung_cancer", "subtype", other + "disease/C")}
    # Our IRI for Hetionet's PIK3CA (no entity of ours) is the same node the nodes table names.
    found = kg_json("neighbors", "PIK3CA", "--relation", "regulates", data=data)
    assert found["center"] == PIK3CA and edges(found) == {(PIK3CA, "regulates", other + "gene/B")}


def test_the_json_form_gives_the_same_answers_as_the_tables():
    for args in (("paths", "anlotinib", "DOID:1324", "-k", "10"), ("neighbors", "Gene::3791", "--hops", "2")):
        assert kg_json(*args, data=JSON_FORM) == kg_json(*args)


@pytest.mark.parametrize("args", [("paths", "anlotinib", "DOID:1324", "-k", "10"),
                                  ("neighbors", "KDR", "--relation", "associates")])
def test_both_stores_answer_the_same(args):
    data = ("--data", HETIONET / "nodes.tsv", "--data", HETIONET / "edges.sif.gz",
            "--data", HETIONET / "lung_cancer_doid.ttl")
    default, oxigraph = (run_kg("--store", store, *data, *args, "--json") for store in ("rdflib", "oxigraph"))
    assert default.returncode == oxigraph.returncode == 0, oxigraph.stderr
    assert default.stdout == oxigraph.stdout and json.loads(default.stdout)


def test_a_page_of_chains_draws_an_undirected_link_once_forward(tmp_path):
    from kg.api import KnowledgeGraph
    kg = KnowledgeGraph([HETIONET / "nodes.tsv", HETIONET / "edges.sif", HETIONET / "lung_cancer_doid.ttl"], cache=False)
    V = kg.view(paths=("anlotinib", "DOID:1324"), k=5)
    drawn = {(u, v, key) for _, hops in V.graph["chains"] for u, v, key in hops}
    assert ("ent:lung_cancer", "ent:KDR", HET + "associates") in drawn
    assert not any(key.endswith("^") for _, _, key in V.edges(keys=True))
    page = run_kg(*TABLES, "render", "--paths", "anlotinib", "DOID:1324", "-o", tmp_path / "chains.html")
    assert page.returncode == 0, page.stderr
    assert "associates" in (tmp_path / "chains.html").read_text(encoding="utf-8")


def test_an_export_writes_the_triple_hetionet_gave(tmp_path):
    from rdflib import Graph, URIRef
    result = run_kg(*TABLES, "export", "--focus", "KDR", "--format", "nt")
    assert result.returncode == 0, result.stderr
    exported = Graph().parse(data=result.stdout, format="nt")
    lung_cancer, kdr = URIRef("https://w3id.org/evidence-kg/entity/lung_cancer"), URIRef("https://w3id.org/evidence-kg/entity/KDR")
    assert (lung_cancer, URIRef(HET + "associates"), kdr) in exported
    assert (kdr, URIRef(HET + "associates"), lung_cancer) not in exported
