"""Issue 16, item 1: `kg export --format kgx` is KGX that the real `kgx validate` accepts, offline.

The installed `kg` writes the shipped graph as KGX (JSON Lines and TSV); kgx's own command line
validates both against the Biolink Model the biolink-model package ships (tests/io/kgx_offline.py).
The only errors it may report are the documented ones, in DOCUMENTED.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest
import yaml
from rdflib.namespace import RDF

from conftest import run_kg
from kg.namespaces import KG, curie

OFFLINE_KGX = Path(__file__).with_name("kgx_offline.py")
# The errors kgx validate may report on our export, and why each is expected:
DOCUMENTED = {
    # An entity with no standard identifier keeps its own CURIE (ent:..., study:...); Biolink's prefix map
    # has no prefix for this project, so every such node, and every edge end that names one, is reported.
    ("ERROR", "INVALID_NODE_PROPERTY_VALUE", "Node property 'id' has a value '…' with a CURIE prefix '(ent|study)' "
     "is not represented in Biolink Model JSON-LD context"),
    ("ERROR", "INVALID_EDGE_PROPERTY_VALUE", "Edge property '(subject|object)' has a value '…' with a CURIE prefix "
     "'(ent|study)' that is not represented in Biolink Model JSON-LD context"),
}


def kgx_validate(nodes: Path, edges: Path, fmt: str) -> list[tuple[str, str, str, str]]:
    """Run `kgx validate` offline; return its report as (level, type, message, entity) rows."""
    done = subprocess.run([sys.executable, str(OFFLINE_KGX), "validate", "-i", fmt, str(nodes), str(edges)],
                          capture_output=True, text=True, timeout=600)
    start = done.stderr.find("{")        # kgx writes its JSON report to standard error
    assert start >= 0, f"kgx validate wrote no report (exit {done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    report = json.loads(done.stderr[start:])
    return [(level, kind, message, entity) for level, kinds in report.items() for kind, messages in kinds.items()
            for message, entities in messages.items() for entity in entities]


def undocumented(rows) -> list:
    """The rows no entry of DOCUMENTED explains (a quoted value stands for any value)."""
    def explained(level, kind, message):
        generic = re.sub(r"'[^']*'", "'…'", message, count=2)
        return any(level == lvl and kind == knd and re.fullmatch(pattern.replace("'…'", "'[^']*'"), message)
                   or (level, kind) == (lvl, knd) and re.fullmatch(pattern, generic)
                   for lvl, knd, pattern in DOCUMENTED)
    return [row for row in rows if not explained(*row[:3])]


@pytest.fixture(scope="session")
def export(tmp_path_factory):
    """The shipped graph exported by the installed `kg` as KGX JSON Lines and TSV: {fmt: (nodes, edges)}."""
    out = tmp_path_factory.mktemp("kgx")
    written = {}
    for fmt, suffix in (("kgx", "jsonl"), ("kgx-tsv", "tsv")):
        done = run_kg("export", "--format", fmt, "-o", out / "anlotinib")
        assert done.returncode == 0, done.stderr
        nodes, edges = out / f"anlotinib_nodes.{suffix}", out / f"anlotinib_edges.{suffix}"
        assert f"wrote {nodes}" in done.stderr and f"wrote {edges}" in done.stderr
        written[suffix] = (nodes, edges)
    return written


@pytest.fixture(scope="session")
def records(export):
    """The JSON Lines export read back: (nodes by id, edges by id)."""
    nodes, edges = ([json.loads(line) for line in path.read_text().splitlines()] for path in export["jsonl"])
    return {n["id"]: n for n in nodes}, {e["id"]: e for e in edges}


@pytest.fixture(scope="session")
def biolink_model():
    """The Biolink Model YAML the biolink-model package ships (the one kgx validates against)."""
    return yaml.safe_load((files("biolink_model") / "schema" / "biolink_model.yaml").read_text())


def biolink_name(curie_: str) -> str:
    """biolink:PhenotypicFeature -> 'phenotypic feature'; biolink:has_adverse_event -> 'has adverse event'."""
    local = curie_.split(":", 1)[1]
    return re.sub(r"(?<!^)(?=[A-Z])", " ", local).lower() if "_" not in local and local[0].isupper() \
        else local.replace("_", " ")


@pytest.mark.parametrize("suffix", ["jsonl", "tsv"])
def test_kgx_validate_reports_only_documented_errors(export, suffix):
    rows = kgx_validate(*export[suffix], "jsonl" if suffix == "jsonl" else "tsv")
    assert rows, "kgx validate reported nothing: the local CURIEs should be reported (is the validator running?)"
    assert undocumented(rows) == []


def test_kgx_validate_is_not_blind(export, tmp_path):
    """The same validator flags a category and a predicate outside Biolink and a missing knowledge level."""
    nodes, edges = export["jsonl"]
    node = json.loads(nodes.read_text().splitlines()[0])
    edge = json.loads(edges.read_text().splitlines()[0])
    bad_nodes, bad_edges = tmp_path / "bad_nodes.jsonl", tmp_path / "bad_edges.jsonl"
    bad_nodes.write_text(json.dumps(dict(node, category=["biolink:NotAClass"])) + "\n")
    edge.pop("knowledge_level")
    bad_edges.write_text(json.dumps(dict(edge, predicate="biolink:not_a_predicate", subject=node["id"])) + "\n")
    kinds = {kind for _, kind, _, _ in undocumented(kgx_validate(bad_nodes, bad_edges, "jsonl"))}
    assert {"INVALID_CATEGORY", "INVALID_EDGE_PREDICATE"} <= kinds, kinds


def test_one_edge_per_assertion(records, graph):
    nodes, edges = records
    assertions = {curie(a) for a in graph.subjects(RDF.type, KG.Assertion)}
    assert len(edges) == len(assertions) and set(edges) == assertions
    for edge in edges.values():      # every edge end is a node
        assert edge["subject"] in nodes and edge["object"] in nodes


def test_does_not_support_is_negated(records, graph):
    _, edges = records
    against = {curie(a) for a in graph.subjects(KG.direction, KG.DoesNotSupport)}
    assert against, "the shipped graph has results that do not support their claim"
    assert {e["id"] for e in edges.values() if e["negated"] is True} == against
    assert all(edges[a]["evidence_direction"] == "does not support" for a in against)


def test_categories_predicates_and_qualifiers_are_biolink(records, biolink_model):
    nodes, edges = records
    classes, slots, enums = biolink_model["classes"], biolink_model["slots"], biolink_model["enums"]
    for node in nodes.values():
        for category in node["category"]:
            assert biolink_name(category) in classes and not classes[biolink_name(category)].get("mixin"), category
    enum_of = {"object_direction_qualifier": "DirectionQualifierEnum", "knowledge_level": "KnowledgeLevelEnum",
               "agent_type": "AgentTypeEnum", "causal_mechanism_qualifier": "CausalMechanismQualifierEnum",
               "object_aspect_qualifier": "GeneOrGeneProductOrChemicalEntityAspectEnum"}
    for edge in edges.values():
        for key in ("predicate", "qualified_predicate"):
            if key in edge:
                assert biolink_name(edge[key]) in slots and not slots[biolink_name(edge[key])].get("deprecated"), edge[key]
        for key, enum in enum_of.items():
            if key in edge:
                assert edge[key] in enums[enum]["permissible_values"], (edge["id"], key, edge[key])
        assert edge["knowledge_level"] and edge["agent_type"] == "manual_agent"
        assert all(p.startswith("doi:10.") for p in edge.get("publications", [])), edge["id"]


def test_mapping_uses_biolinks_own_id_prefixes(graph, biolink_model):
    """ontology/biolink.ttl's prefix lists are the installed Biolink Model's id_prefixes, in its order."""
    from kg.model import read_biolink
    mapping = read_biolink(graph)
    assert mapping.id_prefixes
    for category, prefixes in mapping.id_prefixes.items():
        assert tuple(biolink_model["classes"][biolink_name(category)]["id_prefixes"]) == prefixes, category


def test_nodes_use_their_standard_identifier(records, graph):
    from kg.model import read_biolink
    mapping = read_biolink(graph)
    nodes, _ = records
    by_iri = {n["iri"]: n for n in nodes.values()}
    with_xref = set(graph.subjects(KG.xref, None))
    assert len(with_xref) >= 100
    for entity in with_xref:
        node, xrefs = by_iri[str(entity)], sorted(str(x) for x in graph.objects(entity, KG.xref))
        assert node["id"] in xrefs, (curie(entity), node["id"])
        preferred = [x for p in mapping.id_prefixes.get(node["category"][0], ()) for x in xrefs
                     if x.split(":")[0] == p]
        assert node["id"] == (preferred[0] if preferred else xrefs[0]), (curie(entity), node["id"], xrefs)
        assert set(node.get("xref", [])) | {node["id"]} == set(xrefs)
    kdr = by_iri["https://w3id.org/evidence-kg/entity/KDR"]
    assert (kdr["id"], kdr["category"], kdr["name"]) == ("NCBIGene:3791", ["biolink:Gene"], "VEGFR2")


def test_edges_carry_evidence_and_outcomes(records, graph):
    _, edges = records
    inhibits = edges["asrt:d000-anlotinib-inhibits-KDR"] if "asrt:d000-anlotinib-inhibits-KDR" in edges else \
        next(e for e in edges.values() if e["original_predicate"] == "kg:inhibits")
    assert (inhibits["predicate"], inhibits["qualified_predicate"], inhibits["object_direction_qualifier"],
            inhibits["causal_mechanism_qualifier"]) == ("biolink:affects", "biolink:causes", "decreased", "inhibition")
    for edge in edges.values():       # every quote with its section and document, index by index
        assert len(edge["supporting_text"]) == len(edge["source_section"]) == len(edge["source_document"]) >= 1
    hypotheses = {curie(a) for a in graph.subjects(KG.evidenceLevel, KG.ReviewHypothesis)}
    assert hypotheses and all(edges[a]["knowledge_level"] == "prediction" for a in hypotheses)
    orr = edges["om:Dou2024-ORR"]
    assert (orr["value"], orr["unit"], orr["arm"], orr["study"], orr["knowledge_level"]) == \
        (23.9, "%", "study:Dou2024-arm", "study:Dou2024", "observation")
    with_p = [e for e in edges.values() if "p_value" in e]
    assert with_p and all(isinstance(e["p_value"], float) for e in with_p)


def test_jsonl_and_tsv_hold_the_same_records(export, records):
    nodes, edges = records
    tsv_nodes, tsv_edges = ([line.split("\t")[0] for line in path.read_text().splitlines()[1:]] for path in export["tsv"])
    assert sorted(tsv_nodes) == sorted(nodes) and sorted(tsv_edges) == sorted(edges)


def test_kgx_needs_an_output_prefix():
    done = run_kg("export", "--format", "kgx")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "give -o PREFIX" in done.stderr and len(done.stderr.strip().splitlines()) == 1
