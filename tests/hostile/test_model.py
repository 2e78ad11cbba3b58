"""--data that breaks the model is named by `kg validate` (or a one-line error), never a crash (issue 15)."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, run_kg

HOSTILE = FIXTURES / "hostile"


@pytest.mark.parametrize("fixture,entity", [
    ("level_no_rank.ttl", "kg:MyLevel"), ("rank_abc.ttl", "kg:MyLevel"), ("rerank.ttl", "kg:InVitro"),
])
def test_a_broken_evidence_scale_is_a_one_line_error_naming_the_level(fixture, entity):
    for command in (("validate",), ("paths", "anlotinib", "CCL5"), ("stats",)):
        result = run_kg("--data", HOSTILE / fixture, *command)
        assert "Traceback" not in result.stderr, result.stderr[-1500:]
        if result.returncode == 0:          # a command that never reads the scale (stats) is unaffected
            continue
        assert result.returncode == 2
        (line,) = result.stderr.strip().splitlines()
        assert entity in line and "kg:rank" in line


@pytest.mark.parametrize("fixture,entity,rule", [
    ("year_abc.ttl", "pub:Luo2024", "shacl:kg:year"),
    ("three_classes.ttl", "ent:CCL5", "conflicting-classes"),
    ("relabel.ttl", "ent:CCL5", "shacl:rdfs:label"),
    ("int_abc.ttl", "ent:CCL5", "ill-typed-literal"),
    ("bad_boolean.ttl", "ent:CCL5", "ill-typed-literal"),
])
def test_validate_names_what_would_crash_or_change_answers(fixture, entity, rule):
    result = run_kg("--data", HOSTILE / fixture, "validate", "--json")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-1500:]
    report = json.loads(result.stdout)
    assert any(v["entity"] == entity and v["rule"] == rule for v in report["violations"]), report["violations"]
    other = run_kg("--data", HOSTILE / fixture, "paths", "anlotinib", "CCL5")
    assert other.returncode in (0, 1) and "Traceback" not in other.stderr and "Warning" not in other.stderr
