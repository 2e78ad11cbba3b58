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
    assert conflicts and "om:Dou2024-ORR=23.9" in conflicts[0]["message"] and "om:test-Dou2024-ORR-other=25" in conflicts[0]["message"]
    shipped = json.loads(run_kg("validate", "--json").stdout)
    assert not [w for w in shipped["warnings"] if w["rule"] == "conflict"]


CURATION_CASES = ["inherited-sample-size", "comparator-missing", "quote-spans-sentence", "hedged-finding",
                  "uncited-level", "sign-in-text", "mismatch-without-claim"]


@pytest.fixture(scope="module")
def curation_warnings():
    result = run_kg("--data", FIXTURES / "curation" / "rules.ttl", "validate", "--json")
    assert result.returncode == 0, result.stdout[-2000:]
    return json.loads(result.stdout)["warnings"]


@pytest.mark.parametrize("rule", CURATION_CASES)
def test_each_curation_rule_warns_on_the_bad_case_only(curation_warnings, rule):
    """Each rule of triples/README.md's "Reading a sentence" names the bad fixture node, not the good one."""
    named = {w["entity"] for w in curation_warnings if w["rule"] == rule}
    fixture = {w["entity"] for w in curation_warnings if "test-" in w["entity"]}
    bad = {e for e in fixture if e.endswith("-bad") and e in named}
    assert bad, f"{rule} caught no bad case: {sorted(named)}"
    assert not {e for e in named if e.endswith("-good")}, f"{rule} warned on a good case: {sorted(named)}"


def test_curated_graph_passes_the_curation_rules():
    """After the audit (issue 13) the shipped graph gives none of the checkable curation warnings."""
    report = json.loads(run_kg("validate", "--json").stdout)
    left = [w for w in report["warnings"] if w["rule"] in CURATION_CASES]
    assert not left, left[:5]
