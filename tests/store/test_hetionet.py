"""Issue 16: Hetionet's own formats (its JSON, nodes TSV, edges SIF; plain, gzip, bzip2) read as RDF.

The fixtures (`tests/fixtures/hetionet/`, see its README) hold real rows of Hetionet v1.0's nodes
table and edges written for the tests.
"""

from __future__ import annotations

import bz2
import gzip
import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from conftest import FIXTURES, run_kg
from kg.errors import KGInputError
from kg.namespaces import KG
from kg.store import hetionet
from kg.store.loading import load_graph, parse_into
from kg.store.backends import new_graph

HETIONET = FIXTURES / "hetionet"
NODES, EDGES, JSON = HETIONET / "nodes.tsv", HETIONET / "edges.sif", HETIONET / "hetnet.json"
HET = hetionet.NAMESPACE


def read(*paths, store: str = "rdflib") -> Graph:
    graph = new_graph(store)
    for path in paths:
        parse_into(graph, path)
    return graph


def triples(graph) -> set:
    return {(s, p, o.toPython() if isinstance(o, Literal) else o) for s, p, o in graph}


def node(kind: str, identifier: str) -> URIRef:
    return URIRef(hetionet.node_iri(kind, identifier))


@pytest.mark.parametrize("row, curie", [
    ("Gene::3791", "NCBIGene:3791"), ("Compound::DB01268", "DRUGBANK:DB01268"),
    ("Disease::DOID:1324", "DOID:1324"), ("Anatomy::UBERON:0002048", "UBERON:0002048"),
    ("Biological Process::GO:0001525", "GO:0001525"), ("Molecular Function::GO:0004714", "GO:0004714"),
    ("Side Effect::C0020538", "UMLS:C0020538"), ("Symptom::D003371", "MESH:D003371"),
    ("Pharmacologic Class::N0000020000", "NDFRT:N0000020000"), ("Pathway::WP1539_r79949", "WIKIPATHWAYS:WP1539_r79949"),
])
def test_each_node_row_gets_its_kind_its_name_and_its_standard_identifier(row, curie):
    graph = read(NODES)
    kind, identifier = row.split("::", 1)
    name = next(line.split("\t")[1] for line in NODES.read_text(encoding="utf-8").splitlines()
                if line.startswith(row + "\t"))
    iri = node(kind, identifier)
    assert set(graph.objects(iri, RDF.type)) == {URIRef(hetionet.kind_iri(kind))}
    assert {str(label) for label in graph.objects(iri, RDFS.label)} == {name}
    assert {str(x) for x in graph.objects(iri, KG.xref)} == {curie}


def test_a_pathway_without_a_registry_keeps_only_its_hetionet_id():
    graph = read(NODES)
    iri = node("Pathway", "PC7_7496")
    assert str(graph.value(iri, RDFS.label)) == "Signaling events mediated by VEGFR1 and VEGFR2"
    assert graph.value(iri, KG.xref) is None


def test_every_row_of_the_nodes_table_becomes_a_node():
    rows = NODES.read_text(encoding="utf-8").splitlines()[1:]
    graph = read(NODES)
    assert len(set(graph.subjects(RDF.type, None))) == len(rows) == 14


def test_edges_become_triples_named_by_their_metaedge_with_undirected_predicates_marked():
    graph = read(EDGES)
    associates, regulates = URIRef(HET + "associates"), URIRef(HET + "regulates")
    assert (node("Disease", "DOID:1324"), associates, node("Gene", "3791")) in graph
    assert (node("Gene", "1969"), regulates, node("Gene", "3265")) in graph
    assert str(graph.value(associates, RDFS.label)) == "associates"
    # Every edge kind of the file but regulates (Gr>G, Hetionet's one directed metaedge) is undirected.
    kinds = {p for p in graph.predicates() if str(p).startswith(HET)}
    marked = {p for p in kinds if graph.value(p, KG.undirected) == Literal(True)}
    assert marked == kinds - {regulates} and len(marked) == 10   # 11 edge kinds in the file
    edge_lines = EDGES.read_text().splitlines()[1:]
    assert sum(1 for s, p, o in graph if p in kinds and isinstance(o, URIRef)) == len(edge_lines) == 15


def test_the_edges_alone_still_name_their_nodes_kinds_and_identifiers():
    graph = read(EDGES)
    anlotinib = node("Compound", "DB11885")        # in no nodes table: its kind and id come from the SIF
    assert str(graph.value(anlotinib, KG.xref)) == "DRUGBANK:DB11885"
    assert graph.value(anlotinib, RDF.type) == URIRef(HET + "Compound")


def test_the_json_hetnet_says_what_the_two_tables_say():
    assert triples(read(JSON)) == triples(read(NODES, EDGES))


@pytest.mark.parametrize("packed, plain", [("edges.sif.gz", EDGES), ("hetnet.json.bz2", JSON)])
def test_compressed_files_read_the_same(packed, plain):
    assert triples(read(HETIONET / packed)) == triples(read(plain)) != set()


def test_a_gzipped_nodes_table_reads_the_same(tmp_path):
    packed = tmp_path / "nodes.tsv.gz"
    packed.write_bytes(gzip.compress(NODES.read_bytes()))
    assert triples(read(packed)) == triples(read(NODES))


def test_both_stores_hold_the_same_triples():
    files = [NODES, EDGES, JSON]
    default, oxigraph = load_graph(files, curated=False), load_graph(files, curated=False, store="oxigraph")
    het = lambda g: {t for t in triples(g) if str(t[0]).startswith(HET)}   # noqa: E731
    assert het(default) == het(oxigraph) == triples(read(*files)) and len(het(default)) == 89


def test_the_shipped_metagraph_is_hetionets():
    published = json.loads(JSON.read_text())        # copied from hetnet/json/hetionet-v1.0-metagraph.json
    assert set(hetionet.METAEDGE_TUPLES) == {tuple(t) for t in published["metaedge_tuples"]}
    assert hetionet.KIND_TO_ABBREV == published["kind_to_abbrev"]
    rows = (HETIONET / "metaedges.txt").read_text().splitlines()[1:]    # describe/edges/metaedges.tsv
    assert set(hetionet.METAEDGES) == {row.split("\t")[1] for row in rows}
    for row in rows:
        name, abbreviation = row.split("\t")[:2]
        source, edge_kind, target = (part.strip() for part in name.replace(">", "-").split(" - "))
        assert hetionet.METAEDGES[abbreviation][:3] in {(source, target, edge_kind)}, row


def test_a_json_file_that_is_json_ld_is_still_json_ld():
    assert hetionet.format_of(FIXTURES / "malformed.jsonld") is None
    assert hetionet.format_of(JSON) == "hetionet-json"


# -- bad files: one line naming the file and line ----------------------------------------------
def _bad(tmp_path, name: str, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(KGInputError) as caught:
        read(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))
    return message


def test_a_malformed_row_names_its_line(tmp_path):
    message = _bad(tmp_path, "edges.sif", b"source\tmetaedge\ttarget\nGene::3791\tGiG\tGene::1969\nGene::3791 GiG\n")
    assert message.endswith("edges.sif:3: expected 3 tab-separated columns (source, metaedge, target), found 1: "
                            "'Gene::3791 GiG'")


def test_an_unknown_metaedge_names_its_line(tmp_path):
    message = _bad(tmp_path, "edges.sif", b"Gene::3791\tGiG\tGene::1969\nGene::3791\tGxG\tGene::1969\n")
    assert ":2: unknown Hetionet metaedge 'GxG' (Hetionet v1.0 has AdG, AeG," in message


def test_an_edge_between_the_wrong_kinds_names_its_line(tmp_path):
    message = _bad(tmp_path, "edges.sif", b"Gene::3791\tDaG\tDisease::DOID:1324\n")
    assert message.endswith(":1: DaG links Disease to Gene, but its source is a 'Gene'")


def test_a_row_whose_id_is_not_of_its_kind_names_its_line(tmp_path):
    message = _bad(tmp_path, "nodes.tsv", b"id\tname\tkind\nGene::3791\tKDR\tDisease\n")
    assert message.endswith("nodes.tsv:2: id 'Gene::3791' is not of its row's kind 'Disease'")


@pytest.mark.parametrize("name, content, says", [
    ("edges.sif.gz", EDGES.read_bytes(), ":1: not gzip-compressed, though its name ends in .gz"),
    ("hetnet.json.bz2", gzip.compress(JSON.read_bytes()), ":1: not bzip2-compressed, though its name ends in .bz2"),
    ("edges.sif", gzip.compress(EDGES.read_bytes()), ": not UTF-8 text (a compressed file must be named .gz or .bz2)"),
    ("edges.sif.bz2", bz2.compress(EDGES.read_bytes())[:60], ": cannot read: "),
])
def test_the_wrong_compression_is_one_line(tmp_path, name, content, says):
    assert says in _bad(tmp_path, name, content)


def test_malformed_json_names_its_line(tmp_path):
    text = JSON.read_text().splitlines()
    at = next(i for i, line in enumerate(text) if '"source_id"' in line)     # inside the first edge
    text.insert(at, "@@")
    message = _bad(tmp_path, "hetnet.json", "\n".join(text).encode())
    assert message.endswith(f"hetnet.json:{at + 1}: bad JSON: Expecting property name enclosed in double quotes")


def test_a_json_edge_outside_the_metagraph_names_its_line(tmp_path):
    data = json.loads(JSON.read_text())
    data["edges"][0]["kind"] = "cures"
    text = json.dumps(data, indent=2)
    line = text[:text.index('"cures"')].count("\n") + 1
    message = _bad(tmp_path, "hetnet.json", text.encode())
    edge_line = text[:text.rindex("{", 0, text.index('"cures"'))].count("\n") + 1
    assert f":{edge_line}: unknown metaedge Disease - cures - Gene (both)" in message and edge_line < line


def test_the_command_line_says_it_in_one_line_and_exits_2(tmp_path):
    bad = tmp_path / "edges.sif"
    bad.write_text("Gene::3791\tGxG\tGene::1969\n")
    for store in ("rdflib", "oxigraph"):
        result = run_kg("--store", store, "--data", bad, "stats")
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert f"{bad}:1: unknown Hetionet metaedge 'GxG'" in result.stderr
