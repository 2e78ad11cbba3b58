"""Issue 16, item 4: `kg push`, `kg sparql` and every `--endpoint` command on a real Virtuoso give the
output they give on the local files (the `virtuoso_server` fixture starts Debian's Virtuoso on 127.0.0.1
with its default limits: 10,000 rows an answer)."""

from __future__ import annotations

import csv
import io

import pytest

from conftest import COUNT, ENDPOINT_QUERIES as QUERIES, run_kg

GRAPH = "https://example.org/graphs/anlotinib"


def one_line(result) -> str:
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    return lines[0]


@pytest.fixture(scope="module")
def pushed(virtuoso_server):
    """Virtuoso's SPARQL URL, the shipped graph pushed to a named graph."""
    result = run_kg("push", "--endpoint", virtuoso_server.url, "--graph", GRAPH)
    assert result.returncode == 0, result.stderr
    assert "(emptied, then one upload; checked: the server holds them)" in result.stderr
    return virtuoso_server.url


def test_a_push_to_virtuosos_default_graph_is_explained_in_one_line(virtuoso_server):
    line = one_line(run_kg("push", "--endpoint", virtuoso_server.url))
    assert "Virtuoso has no default graph of its own" in line and "--graph IRI" in line


def test_the_pushed_graph_counts_what_the_local_files_hold(pushed):
    local = run_kg("sparql", COUNT, "--format", "csv")
    remote = run_kg("--endpoint", pushed, "--graph", GRAPH, "sparql", COUNT, "--format", "csv")
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout and int(local.stdout.splitlines()[1]) > 10000


@pytest.mark.parametrize("args", QUERIES, ids=lambda a: " ".join(a[:2]))
def test_query_commands_answer_on_virtuoso_as_on_the_files(pushed, args):
    """`paths` and `gaps` fetch the whole graph: more than the 10,000 triples Virtuoso gives in one
    answer, so it comes in pages, counted against the server's own COUNT."""
    remote = run_kg("--endpoint", pushed, "--graph", GRAPH, *args)
    local = run_kg(*args)
    assert remote.returncode == local.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout


def test_ask_on_virtuoso_is_a_yes_or_a_no(pushed):
    for query, answer in (("ASK { ent:anlotinib kg:inhibits ent:KDR }", '"ask": "True"'),
                          ("ASK { ent:KDR kg:inhibits ent:anlotinib }", '"ask": "False"')):
        result = run_kg("--endpoint", pushed, "--graph", GRAPH, "sparql", query, "--json")
        assert result.returncode == 0 and answer in result.stdout, result.stdout + result.stderr


def test_a_select_cut_at_virtuosos_row_limit_is_an_error_naming_the_setting(pushed):
    line = one_line(run_kg("--endpoint", pushed, "--graph", GRAPH, "sparql", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"))
    assert "cut at the server's limit of 10,000 rows" in line and "ResultSetMaxRows" in line
    paged = run_kg("--endpoint", pushed, "--graph", GRAPH, "sparql",
                   "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5000 OFFSET 5000", "--format", "csv")
    assert paged.returncode == 0 and len(paged.stdout.splitlines()) == 5001


def test_a_construct_larger_than_the_limit_comes_whole(pushed):
    result = run_kg("--endpoint", pushed, "--graph", GRAPH, "sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                    "--format", "csv")
    local = run_kg("sparql", COUNT, "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))[1:]         # a quote may hold a line break
    assert len(rows) == int(local.stdout.splitlines()[1])


def test_commands_that_fetch_the_graph_need_a_graph_on_virtuoso(pushed):
    line = one_line(run_kg("--endpoint", pushed, "evidence", "anlotinib"))
    assert "Virtuoso has no default graph of its own" in line


def test_an_atomic_push_replaces_the_graph_on_virtuoso(pushed):
    before = run_kg("--endpoint", pushed, "--graph", GRAPH, "sparql", COUNT, "--format", "csv").stdout
    result = run_kg("push", "--atomic", "--endpoint", pushed, "--graph", GRAPH)
    assert result.returncode == 0 and "(staging graph, then MOVE;" in result.stderr, result.stderr
    assert run_kg("--endpoint", pushed, "--graph", GRAPH, "sparql", COUNT, "--format", "csv").stdout == before
    graphs = run_kg("--endpoint", pushed, "sparql", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "--json")
    assert "urn:uuid:" not in graphs.stdout
