"""Standard identifiers: every CURIE in the graph is a row of the reference table (triples/reference/),
read from a named file of a public repository at a commit, and the count of entities with one does not drop.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict

from conftest import run_kg
from kg.namespaces import KG, curie
from kg.query.stats import standard_identifiers
from kg.store.files import data_dir

REFERENCE = data_dir() / "triples" / "reference"
COLUMNS = ["curie", "label", "synonyms", "source_repo", "source_path", "source_commit", "exact_for", "close_for", "notes"]
# Reached by the identifiers added from CL, GO, MONDO, DOID, HP, NCIt (via MONDO's mappings), ChEBI, DrugBank, MAxO
# (before: 106 of 420). Raise it when more are added; never lower it.
AT_LEAST = 132


def _rows():
    rows = []
    for path in sorted(REFERENCE.glob("*.tsv")):
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            assert reader.fieldnames == COLUMNS, (path.name, reader.fieldnames)
            rows += [(path.name, number, row) for number, row in enumerate(reader, start=2)]
    return rows


def _graph_identifiers(graph):
    """CURIE -> {"exact_for": {ent:...}, "close_for": {ent:...}} as the graph has them."""
    used = defaultdict(lambda: {"exact_for": set(), "close_for": set()})
    for predicate, column in ((KG.xref, "exact_for"), (KG.closeXref, "close_for")):
        for node, value in graph.subject_objects(predicate):
            used[str(value)][column].add(curie(node))
    return used


def test_every_identifier_in_the_graph_is_in_the_reference_table(graph):
    table = {row["curie"]: row for _, _, row in _rows()}
    used = _graph_identifiers(graph)
    assert len(used) > 200
    missing = sorted(set(used) - set(table))
    assert not missing, f"identifiers in triples/ with no row in triples/reference/: {missing}"
    for identifier, where in used.items():   # the row names exactly the entities that use it, and how
        row = table[identifier]
        for column in ("exact_for", "close_for"):
            assert set(row[column].split()) == where[column], (identifier, column, row[column], sorted(where[column]))


def test_no_reference_row_is_unused_or_repeated(graph):
    used = _graph_identifiers(graph)
    seen = set()
    for name, number, row in _rows():
        assert row["curie"] in used, f"{name}:{number}: {row['curie']} is used by no entity"
        assert row["curie"] not in seen, f"{name}:{number}: {row['curie']} listed twice"
        seen.add(row["curie"])


def test_every_reference_row_names_its_source_file_and_commit():
    rows = _rows()
    assert len(rows) > 200
    for name, number, row in rows:
        where = f"{name}:{number} ({row['curie']})"
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9.]*:\S+", row["curie"]), where
        assert row["label"].strip(), f"{where}: no label"
        assert re.fullmatch(r"[\w.-]+/[\w.-]+", row["source_repo"]), f"{where}: source_repo {row['source_repo']!r}"
        assert row["source_path"].strip(), f"{where}: no source_path"
        assert re.fullmatch(r"[0-9a-f]{40}", row["source_commit"]), f"{where}: source_commit {row['source_commit']!r}"
        assert row["exact_for"] or row["close_for"], f"{where}: names no entity"


def test_the_count_with_a_standard_identifier_does_not_drop(graph):
    counts = standard_identifiers(graph)
    assert counts["with_identifier"] >= AT_LEAST, counts
    for cls in ("kg:Disease", "kg:CellType", "kg:BiologicalProcess", "kg:Pathway", "kg:AdverseEvent", "kg:Drug"):
        assert counts["by_class"][cls]["with_identifier"] > 0, cls
    result = run_kg("stats", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["standard_identifiers"] == counts
    table = run_kg("stats")
    assert f"Entities with a standard identifier: {counts['with_identifier']} of {counts['entities']}" in table.stdout


def test_hetionet_disease_identifiers_are_there(graph):
    """Hetionet joins diseases by DOID: lung cancer is DOID:1324; NSCLC and SCLC have theirs too."""
    xrefs = {curie(node): {str(v) for v in graph.objects(node, KG.xref)} for node in graph.subjects(KG.xref, None)}
    assert "DOID:1324" in xrefs["ent:lung_cancer"]
    assert "DOID:3908" in xrefs["ent:NSCLC"]
    assert "DOID:5409" in xrefs["ent:SCLC"]
