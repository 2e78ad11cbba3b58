"""`kg validate`: clean on the shipped graph, and each rule caught on a small broken fixture."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, run_kg


def test_shipped_graph_is_valid():
    result = run_kg("validate")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "valid: 0 violation(s)" in result.stdout


@pytest.mark.parametrize("fixture,rule,entity", [
    ("missing_level.ttl", "shacl:kg:evidenceLevel", "asrt:test-no-level"),
    ("not_assessed_level.ttl", "shacl:kg:evidenceLevel", "asrt:test-not-assessed"),
    ("no_source.ttl", "shacl:kg:source", "asrt:test-no-source"),
    ("bad_quote.ttl", "quote-not-verbatim", "asrt:test-bad-quote"),
    ("uncited_reference.ttl", "citation", "asrt:test-uncited"),
    ("bad_outcome.ttl", "shacl:kg:value", "om:test-bad"),
    ("bad_outcome.ttl", "shacl:kg:unit", "om:test-bad"),
    ("no_english_label.ttl", "shacl:rdfs:label", "ent:test-unlabelled"),
    ("bad_doi.ttl", "shacl:bibo:doi", "pub:TestBadDoi"),
    ("duplicate_entity.ttl", "duplicate-entity", "ent:KDR"),
    ("typo_entity.ttl", "undefined-entity", "asrt:test-typo"),
])
def test_each_rule_is_caught(fixture, rule, entity):
    result = run_kg("--data", FIXTURES / "broken" / fixture, "validate", "--json")
    assert result.returncode == 1, result.stdout[-2000:]
    report = json.loads(result.stdout)
    assert not report["ok"]
    hits = [v for v in report["violations"] if v["rule"] == rule and v["entity"] == entity]
    assert hits, f"expected {rule} on {entity}, got {report['violations']}"


def test_human_readable_report_names_entity_rule_and_message():
    result = run_kg("--data", FIXTURES / "broken" / "missing_level.ttl", "validate")
    assert result.returncode == 1
    assert "asrt:test-no-level" in result.stdout and "evidenceLevel" in result.stdout
    assert "INVALID" in result.stdout


def test_empty_graph_is_reported_as_such():
    result = run_kg("--no-curated", "validate")
    assert result.returncode == 1
    assert "empty" in result.stdout


def test_disagreeing_values_are_listed_not_silently_kept():
    result = run_kg("--data", FIXTURES / "conflict.ttl", "validate", "--json")
    report = json.loads(result.stdout)
    conflicts = [w for w in report["warnings"] if w["rule"] == "conflict"]
    assert conflicts and "om:Dou2024-ORR=23.9" in conflicts[0]["message"] and "25.0" in conflicts[0]["message"]
    shipped = json.loads(run_kg("validate", "--json").stdout)
    assert not [w for w in shipped["warnings"] if w["rule"] == "conflict"]
