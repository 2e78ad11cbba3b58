"""Issue 7: the Oxigraph store gives the same answers as the default rdflib store.

Every query command runs on both stores as the installed `kg`; the outputs must be identical.
"""

from __future__ import annotations

import gzip
import shutil

import pytest
from rdflib import Graph, Literal

from conftest import FIXTURES, run_kg

QUERIES = [
    ("paths", "anlotinib", "CD8+ T cell infiltration", "--json"),
    ("paths", "anlotinib", "ORR", "--disease", "NSCLC", "--min-evidence", "retrospective", "--json"),
    ("outcomes", "--setting", "later-line", "--disease", "NSCLC", "--json"),
    ("outcomes", "--study", "ALTER0303", "--json"),
    ("outcomes", "--endpoint", "PFS", "--compare", "--json"),
    ("evidence", "anlotinib", "CCL5", "--json"),
    ("neighbors", "VEGFR", "--hops", "2", "--json"),
    ("gaps", "--json"),
    ("stats", "--json"),
    ("validate", "--json"),
    ("sparql", "SELECT ?s (COUNT(?a) AS ?n) WHERE { ?a a kg:Assertion ; kg:evidenceLevel ?s } GROUP BY ?s ORDER BY ?s",
     "--json"),
]


@pytest.mark.parametrize("args", QUERIES, ids=[" ".join(q[:2]) for q in QUERIES])
def test_every_query_command_answers_the_same_on_both_stores(args):
    default = run_kg("--store", "rdflib", *args)
    oxigraph = run_kg("--store", "oxigraph", *args)
    assert default.returncode == oxigraph.returncode == 0, oxigraph.stderr
    assert default.stdout == oxigraph.stdout


def _by_value(nt: bytes) -> set:
    # Oxigraph keeps typed literals in canonical form ("4.90" becomes "4.9"): the same value.
    graph = Graph().parse(data=nt.decode("utf-8"), format="nt")
    return {(s, p, (o.datatype, o.language, o.toPython()) if isinstance(o, Literal) else o) for s, p, o in graph}


def test_export_holds_the_same_triples_on_both_stores():
    default = run_kg("export", "--format", "nt")
    oxigraph = run_kg("--store", "oxigraph", "export", "--format", "nt")
    assert default.returncode == oxigraph.returncode == 0
    assert _by_value(default.stdout.encode()) == _by_value(oxigraph.stdout.encode())


def test_gzipped_data_loads_into_oxigraph(tmp_path):
    packed = tmp_path / "extra.nt.gz"
    packed.write_bytes(gzip.compress((FIXTURES / "extra.nt").read_bytes()))
    counts = [run_kg("--store", store, "--data", packed, "stats", "--json") for store in ("rdflib", "oxigraph")]
    assert counts[0].returncode == counts[1].returncode == 0
    assert counts[0].stdout == counts[1].stdout
    plain = run_kg("--store", "oxigraph", "stats", "--json")
    assert plain.stdout != counts[1].stdout       # the extra triples were loaded


def test_bad_data_on_oxigraph_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.nt"
    shutil.copy(FIXTURES / "extra.nt", bad)
    with bad.open("a") as handle:
        handle.write("<https://example.org/a> <https://example.org/b> oops .\n")
    lines = bad.read_text().count("\n")
    result = run_kg("--store", "oxigraph", "--data", bad, "stats")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{bad}:{lines}:" in result.stderr and len(result.stderr.strip().splitlines()) == 1
