"""Issue 7: external graphs loaded with --data join ours by identifier, so chains run into them.

`tests/fixtures/external.nt` is a small Hetionet-style graph that names our entities the ways
other graphs do: an identifiers.org IRI (KDR), a bioregistry IRI (FGFR1), an OBO PURL (CD8+ T
cell), owl:sameAs from its side (PDGFRB) and skos:exactMatch from ours (lung cancer).
"""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from conftest import FIXTURES, run_kg

EXTERNAL = FIXTURES / "external.nt"
HET = "https://example.org/hetionet/"
LUAD = "lung adenocarcinoma (external)"
NOT_ASSESSED = "external graph, not assessed"


def chains(*args: str, store: str = "rdflib") -> list[dict]:
    result = run_kg("--store", store, "--data", EXTERNAL, "paths", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_chains_run_from_anlotinib_through_our_targets_into_the_external_graph():
    found = chains("anlotinib", LUAD, "-k", "20")
    routes = {tuple(c["nodes"]) for c in found}
    # Joined by an identifiers.org IRI, by owl:sameAs, by an OBO PURL and by a bioregistry IRI.
    assert ("ent:anlotinib", "ent:KDR", HET + "gene/DLL4", HET + "disease/LUAD") in routes
    assert ("ent:anlotinib", "ent:PDGFRB", HET + "gene/DLL4", HET + "disease/LUAD") in routes
    # A chain does not step down from "CD8+ T cell infiltration" to the cells taking part in it, so the
    # OBO PURL join of CD8+ T cells shows from the cell itself.
    assert ("ent:CD8_T_cell", HET + "disease/LUAD") in {tuple(c["nodes"]) for c in chains("CD8+ T cell", LUAD)}
    assert ("ent:anlotinib", "ent:FGFR1", HET + "gene/FRS2", HET + "pathway/MAPK", HET + "disease/LUAD") in routes
    # No node of the external graph is left standing beside the one of ours it names.
    assert not any(node.startswith(("https://identifiers.org/", "https://bioregistry.io/", "http://purl.obolibrary"))
                   for route in routes for node in route)


def test_external_links_carry_their_own_level_and_are_the_weakest():
    for chain in chains("anlotinib", LUAD, "-k", "20"):
        external = [h for h in chain["hops"] if h["target"].startswith(HET)]
        assert external, chain["nodes"]
        assert all(h["level"] == NOT_ASSESSED and h["rank"] == -1 and not h["publications"] for h in external)
        assert chain["weakest_level"] == NOT_ASSESSED and chain["weakest_rank"] == -1
        weakest = [h for h in chain["hops"] if h["weakest"]]
        assert len(weakest) == 1 and weakest[0] in external
        # Our own links keep their assessed evidence.
        ours = [h for h in chain["hops"] if not h["target"].startswith(HET) and not h["structural"]]
        assert all(h["rank"] >= 0 and h["support"] for h in ours)
        # A hop with no cited publication rests on the review's own uncited sentence: a hypothesis.
        assert all(h["publications"] or h["level"] == "review hypothesis" for h in ours)


def test_any_evidence_filter_drops_external_links():
    result = run_kg("--data", EXTERNAL, "paths", "anlotinib", LUAD, "--min-evidence", "review hypothesis", "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout) == []


def test_both_stores_join_the_same_way():
    args = ("--data", EXTERNAL, "paths", "anlotinib", LUAD, "-k", "20", "--json")
    default, oxigraph = run_kg("--store", "rdflib", *args), run_kg("--store", "oxigraph", *args)
    assert default.returncode == oxigraph.returncode == 0, oxigraph.stderr
    assert default.stdout == oxigraph.stdout


@pytest.mark.parametrize("name", ["https://identifiers.org/hgnc:6307", "https://bioregistry.io/hgnc:6307",
                                  "http://identifiers.org/hgnc/6307", "hgnc:6307"])
def test_names_in_other_graphs_spellings_resolve_to_our_entity(name):
    result = run_kg("neighbors", name, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["center"] == "ent:KDR"


def test_external_nodes_have_labels_types_and_only_iri_links():
    result = run_kg("--data", EXTERNAL, "neighbors", "DLL4", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    nodes = {n["id"]: n for n in found["nodes"]}
    assert nodes[HET + "gene/DLL4"]["class"] == HET + "Gene"
    assert nodes[HET + "disease/LUAD"]["label"] == LUAD
    assert {(e["source"], e["relation"], e["target"]) for e in found["edges"]} == {
        ("ent:KDR", "regulates", HET + "gene/DLL4"),
        ("ent:PDGFRB", "regulates", HET + "gene/DLL4"),
        (HET + "gene/DLL4", "associates", HET + "disease/LUAD"),
        (HET + "gene/DLL4", "marks", HET + "disease/LUAD"),
    }   # the literal "chromosome 8" is a value, not a link
    assert all(e["level"] == NOT_ASSESSED for e in found["edges"])
    zh = run_kg("--data", EXTERNAL, "paths", "anlotinib", "肺腺癌（外部）", "--lang", "zh", "-k", "1")
    assert zh.returncode == 0 and "肺腺癌（外部）" in zh.stdout


def test_exact_match_from_our_side_joins_the_external_node_to_ours():
    result = run_kg("--data", EXTERNAL, "neighbors", "lung cancer", "--relation", "resembles", "--json")
    assert result.returncode == 0, result.stderr
    edges = json.loads(result.stdout)["edges"]
    assert [(e["source"], e["target"]) for e in edges] == [(HET + "disease/LUAD", "ent:lung_cancer")]


def test_without_the_external_graph_its_entities_are_unknown():
    result = run_kg("paths", "anlotinib", LUAD)
    assert result.returncode == 2
    assert "unknown entity" in result.stderr and "Traceback" not in result.stderr


def test_gzipped_external_graph_gives_the_same_chains(tmp_path):
    packed = tmp_path / "external.nt.gz"
    packed.write_bytes(gzip.compress(EXTERNAL.read_bytes()))
    plain = tmp_path / "external.nt"
    shutil.copy(EXTERNAL, plain)
    outputs = [run_kg("--store", "oxigraph", "--data", path, "paths", "anlotinib", LUAD, "--json").stdout
               for path in (plain, packed)]
    assert outputs[0] == outputs[1] and json.loads(outputs[0])


def test_a_selection_exports_external_links_between_the_joined_nodes():
    from rdflib import Graph, URIRef
    result = run_kg("--data", EXTERNAL, "export", "--focus", "KDR", "--format", "nt")
    assert result.returncode == 0, result.stderr
    exported = Graph().parse(data=result.stdout, format="nt")
    dll4 = URIRef(HET + "gene/DLL4")
    assert (URIRef("https://w3id.org/evidence-kg/entity/KDR"), URIRef(HET + "regulates"), dll4) in exported
    assert str(exported.value(dll4, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == "DLL4"


def test_a_second_relation_between_two_nodes_leaves_other_pairs_alone():
    # Pairs linked by one predicate share one key dict in the projection; DLL4 → LUAD has two
    # relations, so its own copy must take the second, and MAPK → LUAD keep only its one.
    result = run_kg("--data", EXTERNAL, "neighbors", "MAPK signaling (external)", "--json")
    assert result.returncode == 0, result.stderr
    assert {(e["source"], e["relation"], e["target"]) for e in json.loads(result.stdout)["edges"]} == {
        (HET + "gene/FRS2", "participates", HET + "pathway/MAPK"),
        (HET + "pathway/MAPK", "associates", HET + "disease/LUAD"),
    }
