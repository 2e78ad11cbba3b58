"""Input files and exports behave the same on both stores and on every run (issue 15)."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, run_kg

HOSTILE = FIXTURES / "hostile"


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_an_n_triples_error_names_its_line(store):
    result = run_kg("--store", store, "--data", HOSTILE / "bad_object.nt", "stats")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "bad_object.nt:2:" in result.stderr


@pytest.mark.parametrize("fixture", ["bom.ttl", "bom.nt"])
def test_a_byte_order_mark_is_read_the_same_on_both_stores(fixture):
    counts = []
    for store in ("rdflib", "oxigraph"):
        result = run_kg("--store", store, "--data", HOSTILE / fixture, "stats", "--json")
        assert result.returncode == 0, result.stderr
        counts.append(json.loads(result.stdout)["triples"])
    assert counts[0] == counts[1]


def test_a_turtle_export_is_the_same_from_a_cold_and_a_warm_cache(tmp_path):
    """A parser's own prefixes (BFO: from the schema) never reach the file."""
    cold = run_kg("export", cache=tmp_path / "cache").stdout
    warm = run_kg("export", cache=tmp_path / "cache").stdout
    assert cold == warm
    declared = {line.split()[1] for line in cold.splitlines() if line.startswith("@prefix")}
    assert "BFO:" not in declared and "ent:" in declared


def test_literals_keep_their_value_and_the_stores_write_the_same_terms(tmp_path):
    """Issue 15, classes 7 and 8: no export rewrites a literal into another value or an invalid form;
    both stores write the same N-Triples and Turtle, and the Turtle holds exactly the N-Triples' terms."""
    from rdflib.compare import isomorphic

    from kg.store.backends import new_graph     # a graph that keeps lexical forms as written, as `kg` does
    written = {}
    for store in ("rdflib", "oxigraph"):
        for fmt in ("nt", "ttl"):
            out = tmp_path / f"{store}.{fmt}"
            result = run_kg("--no-curated", "--store", store, "--data", HOSTILE / "literal_forms.ttl",
                            "export", "--format", fmt, "-o", out)
            assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
            written[store, fmt] = out.read_bytes()
    assert written["rdflib", "nt"] == written["oxigraph", "nt"]
    assert written["rdflib", "ttl"] == written["oxigraph", "ttl"]
    nt = written["rdflib", "nt"].decode()
    assert '"notabool"^^<http://www.w3.org/2001/XMLSchema#boolean>' in nt      # kept, not made "false"
    assert '"INF"^^<http://www.w3.org/2001/XMLSchema#double>' in nt and '"inf"' not in nt
    assert '<http://x.example/d> "4"^^<http://www.w3.org/2001/XMLSchema#decimal>' in nt   # "4.0", canonical
    turtle = new_graph().parse(data=written["rdflib", "ttl"].decode(), format="turtle")
    assert isomorphic(turtle, new_graph().parse(data=nt, format="nt"))


def test_ill_typed_literals_are_violations_named_by_entity():
    result = run_kg("--data", HOSTILE / "literal_forms.ttl", "validate", "--json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    found = {v["message"] for v in json.loads(result.stdout)["violations"] if v["rule"] == "ill-typed-literal"}
    assert found == {"<http://x.example/c> 'notabool' is not a valid xsd:boolean",
                     "<http://x.example/h> 'TRUE' is not a valid xsd:boolean"}


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_a_local_query_that_runs_too_long_is_stopped(store):
    """Issue 15, class 10: --timeout bounds a query of the local files too."""
    cross_join = "SELECT ?a ?d ?g WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    result = run_kg("--store", store, "sparql", "--timeout", "2", cross_join, "--format", "csv")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == "error: the query ran longer than 2 s (give --timeout SECONDS for more)"
