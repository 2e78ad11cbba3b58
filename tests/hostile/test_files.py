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
