"""Layout, installation, export formats and the main job, on the shipped graph."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import run_kg
from kg.io import dumps, export
from kg.io.atomic import atomic_write
from kg.namespaces import ENT, KG

ROOT = Path(__file__).resolve().parents[2]


def test_layout_as_designed():
    for path in ("pyproject.toml", "kg", "ontology/schema.ttl", "ontology/shapes.ttl", "ontology/README.md",
                 "triples/README.md", "cli.py", "tests", ".ci/run", "README.md", "ARCHITECTURE.md"):
        assert (ROOT / path).exists(), path
    assert len(list((ROOT / "triples").rglob("*.ttl"))) >= 8  # one topic per file
    # One package per stage of the flow, and the tests mirror them.
    stages = ("store", "graph", "query", "reasoning", "validation", "io", "render")
    for stage in stages:
        assert (ROOT / "kg" / stage / "__init__.py").is_file(), stage
        assert stage == "io" or list((ROOT / "tests" / stage).glob("test_*.py")), stage


def test_public_api_is_the_front_door_and_typed():
    """What `import kg` offers is declared, and the installed package says it carries type hints."""
    code = ("import kg, importlib.resources as r; print(sorted(kg.__all__)); "
            "print(r.files('kg').joinpath('py.typed').is_file()); print(kg.KnowledgeGraph.__module__)")
    result = subprocess.run([str(Path(sys.executable)), "-c", code], capture_output=True, text=True, cwd="/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == ["['KGEndpointError', 'KGInputError', 'KnowledgeGraph']", "True", "kg.api"]


def test_cache_key_covers_every_module_of_the_package(tmp_path, monkeypatch):
    """A change in a nested module (kg/query/paths.py) changes the key of the caches built by the code."""
    import kg.store.files as files
    package = tmp_path / "kg"
    (package / "query").mkdir(parents=True)
    (package / "api.py").write_text("x = 1\n")
    nested = package / "query" / "paths.py"
    nested.write_text("y = 1\n")
    monkeypatch.setattr(files, "PACKAGE", package)
    before = files.fingerprint([])
    nested.write_text("y = 2\n")
    assert files.fingerprint([]) != before


def test_installed_command_runs_from_any_directory(tmp_path):
    result = run_kg("stats", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert counts["publications"] >= 100 and counts["triples"] > 3000
    assert not list(tmp_path.iterdir()), "a query command must not write into the working directory"


@pytest.mark.parametrize("fmt,parser", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_export_reimports_isomorphic(graph, fmt, parser):
    again = Graph().parse(data=dumps(graph, fmt), format=parser)
    assert len(again) == len(graph)
    assert isomorphic(again, graph)


def test_turtle_export_parses_with_an_independent_parser(graph):
    store = pyoxigraph.Store()
    store.load(dumps(graph, "ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(graph)


def test_turtle_export_is_deterministic_across_processes(tmp_path):
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    for path in (first, second):
        result = run_kg("export", "--format", "ttl", "-o", path)
        assert result.returncode == 0, result.stderr
    assert first.read_bytes() == second.read_bytes()
    assert b"@prefix ent: <https://w3id.org/evidence-kg/entity/> ." in first.read_bytes()


def test_jsonld_has_context(graph):
    doc = json.loads(dumps(graph, "jsonld"))
    assert doc["@context"]["ent"] == str(ENT)
    assert doc["@context"]["kg"] == str(KG)


def test_graphml_is_the_drawn_graph(projection, tmp_path):
    from kg.render.view import whole
    V = whole(projection)
    path = export(V, "graphml", tmp_path / "g.graphml")
    read = nx.read_graphml(path)
    assert read.number_of_nodes() == projection.number_of_nodes() == V.number_of_nodes()
    assert read.number_of_edges() == V.number_of_edges()
    assert read.nodes["ent:anlotinib"]["label"] == "anlotinib"
    # Each structural pair once (no "member of" twin of "has member"), and studies placed by context links.
    assert not [k for _, _, k in read.edges(keys=True) if k.endswith("^")]
    assert any(k.startswith("context:") for _, _, k in read.edges(keys=True))


def test_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "graph.ttl"
    target.write_text("old content")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", broken_replace)
    from kg.errors import KGInputError
    with pytest.raises(KGInputError, match="No space left"):
        atomic_write(target, b"new content")
    assert target.read_text() == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"], "no temporary file is left behind"


def test_export_to_unwritable_place_is_one_line_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_kg("export", "-o", blocker / "sub" / "graph.ttl")
    assert result.returncode == 2
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_main_job_writes_turtle_and_html(tmp_path):
    result = run_kg("build", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout and "publications" in result.stdout
    turtle, html = tmp_path / "out" / "graph.ttl", tmp_path / "out" / "graph.html"
    assert Graph().parse(turtle, format="turtle")
    page = html.read_text(encoding="utf-8")
    assert "vis.Network" in page and "anlotinib" in page


def test_stats_counts_match_the_graph(graph):
    result = run_kg("stats", "--json")
    counts = json.loads(result.stdout)
    from rdflib.namespace import RDF
    assert counts["outcome_measures"] == len(set(graph.subjects(RDF.type, KG.OutcomeMeasure)))
    assert counts["studies"] == len(set(graph.subjects(RDF.type, KG.Study)))
    assert sum(counts["assertions_by_level"].values()) == counts["assertions"]
    table = run_kg("stats").stdout
    assert "Assertions by evidence level" in table and "randomized phase 3 trial" in table


def test_data_option_adds_rdf(tmp_path):
    from conftest import FIXTURES
    base = json.loads(run_kg("stats", "--json").stdout)["triples"]
    more = json.loads(run_kg("--data", FIXTURES / "extra.nt", "stats", "--json").stdout)["triples"]
    assert more == base + 2
