"""`kg export` and `kg render` select the same part of the graph, in every format (issue 14's seams)."""

from __future__ import annotations

import re

import networkx as nx
from rdflib import Graph
from rdflib.namespace import RDFS

from conftest import run_kg
from kg.namespaces import KG, curie

SELECTION = ("--focus", "CCL5", "--hops", "2", "--min-evidence", "retrospective")


def _drawn(result) -> tuple[int, int]:
    """The node and edge counts `kg render` reports."""
    nodes, edges = re.search(r"\((\d+) nodes, (\d+) edges", result.stderr).groups()
    return int(nodes), int(edges)


def test_graphml_of_a_neighbourhood_and_of_chains(tmp_path):
    for args in (("--focus", "CCL5"), ("--paths", "anlotinib", "CD8+ T cell infiltration", "-k", "3")):
        out = tmp_path / "g.graphml"
        result = run_kg("export", *args, "--format", "graphml", "-o", out)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-2000:]
        read = nx.read_graphml(out)
        assert "ent:anlotinib" in read and read.number_of_edges() > 0


def test_export_and_render_draw_the_same_selection(tmp_path):
    """Filters first, then hops, for both: the export holds exactly the entities the page draws."""
    page = run_kg("render", *SELECTION, "-o", tmp_path / "p.html")
    assert page.returncode == 0, page.stderr
    graphml = run_kg("export", *SELECTION, "--format", "graphml", "-o", tmp_path / "g.graphml")
    assert graphml.returncode == 0, graphml.stderr
    read = nx.read_graphml(tmp_path / "g.graphml")
    assert (read.number_of_nodes(), read.number_of_edges()) == _drawn(page)
    turtle = Graph().parse(data=run_kg("export", *SELECTION).stdout, format="turtle")
    described = {curie(s) for s in turtle.subjects(RDFS.label, None)}
    assert set(read) == described - {curie(level) for level in turtle.objects(None, KG.evidenceLevel)}
    # Nothing below the filter travels with the selection.
    assert not set(turtle.objects(None, KG.evidenceLevel)) & {KG.AnimalModel, KG.InVitro, KG.ReviewHypothesis}


def test_export_of_chains_to_a_study_carries_its_arms_and_regimen(tmp_path):
    result = run_kg("export", "--paths", "anlotinib", "study:ALTER0303", "-k", "3")
    assert result.returncode == 0, result.stderr
    turtle = Graph().parse(data=result.stdout, format="turtle")
    ttl = turtle.serialize(format="nt")
    assert "/schema#hasArm>" in ttl and "/schema#regimen>" in ttl and "/schema#hasComponent>" in ttl
