"""Issue 6: `kg render` pages, opened in headless Chromium.

Each page is written by the installed `kg` command, opened from disk with every request that
is not to the file itself refused and recorded, and read back from vis-network's own data.
Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

from conftest import ARTIFACTS, FIXTURES, run_kg

PD1_RESPONSE = "response to PD-1/PD-L1 blockade"


@dataclass
class OpenedPage:
    """A page in the browser, with what it tried to fetch from elsewhere, its dialogs and errors."""

    page: object
    outside: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


def open_page(browser, path: Path, settle_seconds: float = 180) -> OpenedPage:
    """Open ``path`` and wait until its layout has settled (the page sets ``window.kgSettled``)."""
    page = browser.new_page()
    opened = OpenedPage(page)

    def gate(route):
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            opened.outside.append(url)
            route.abort()

    page.route("**/*", gate)
    page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.goto(path.resolve().as_uri())
    deadline = time.monotonic() + settle_seconds
    # Polled from here: the page's CSP forbids the string evaluation that wait_for_function uses.
    while not page.evaluate("window.kgSettled === true"):
        assert time.monotonic() < deadline, f"{path.name}: the layout did not settle in {settle_seconds} s"
        time.sleep(0.1)
    return opened


def page_data(path: Path) -> dict:
    """The JSON data block embedded in a page."""
    html = path.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S).group(1)
    return json.loads(block)


def render(tmp_path: Path, name: str, *args: str, data: Path | None = None) -> Path:
    """Run `kg [--data DATA] render -o NAME ARGS` in ``tmp_path``; return the page's path."""
    extra = ("--data", str(data)) if data else ()
    result = run_kg(*extra, "render", "-o", name, *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path / name


def hover(opened: OpenedPage, node_id: str) -> str:
    """Move the mouse onto a node; return the text of the tooltip that appears."""
    x, y = opened.page.evaluate(
        """id => { const p = kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id]);
                   const box = document.getElementById('graph').getBoundingClientRect();
                   return [box.left + p.x, box.top + p.y]; }""", node_id)
    opened.page.mouse.move(x - 30, y - 30)
    opened.page.mouse.move(x, y, steps=5)
    tip = opened.page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=10_000)
    return tip.inner_text()


# -- the whole graph -------------------------------------------------------------------------
def test_whole_graph_draws_every_entity_and_relation_once(browser, tmp_path, projection):
    page_path = render(tmp_path, "graph.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"]   # one file, no lib/ folder

    opened = open_page(browser, page_path)
    # Every entity; each relation once (a structural pair is one line) plus the context links.
    expected_edges = (sum(1 for _, _, key in projection.edges(keys=True) if not key.endswith("^"))
                      + len(projection.graph["context"]))
    drawn_nodes, drawn_edges = opened.js("[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]")
    assert drawn_nodes == projection.number_of_nodes()
    assert drawn_edges == expected_edges
    assert opened.js("kgNetwork.physics.physicsEnabled") is False   # the layout settled, then physics stopped
    assert opened.outside == [] and opened.errors == [] and opened.dialogs == []
    legend = opened.page.locator("#legend").inner_text()
    assert "target (ellipse)" in legend and "randomized phase 3 trial" in legend
    assert opened.screenshot("whole-graph").stat().st_size > 20_000


def test_search_box_finds_a_node_by_synonym(browser, tmp_path):
    opened = open_page(browser, render(tmp_path, "graph.html"))
    opened.page.fill("#search", "KDR")     # a synonym of VEGFR2
    opened.page.press("#search", "Enter")
    opened.page.locator("#details").get_by_text("HGNC:6307").wait_for(timeout=10_000)
    assert opened.js("kgNetwork.getSelectedNodes()") == ["ent:KDR"]


# -- a neighbourhood -------------------------------------------------------------------------
def test_focus_page_tooltip_shows_labels_and_identifiers(browser, tmp_path, projection):
    opened = open_page(browser, render(tmp_path, "fgfr4.html", "--focus", "FGFR4", "--hops", "1"))
    drawn = set(opened.js("kgNodes.getIds()"))
    assert drawn == {"ent:FGFR4"} | set(nx.all_neighbors(projection, "ent:FGFR4"))

    tip = hover(opened, "ent:FGFR4")
    assert "FGFR4" in tip and projection.nodes["ent:FGFR4"]["label_zh"] in tip and "HGNC:3691" in tip
    opened.page.mouse.down()
    opened.page.mouse.up()
    assert "HGNC:3691" in opened.page.locator("#details").inner_text()
    opened.screenshot("focus-fgfr4-hover")


def test_focus_page_keeps_only_nodes_within_hops(browser, tmp_path):
    opened = open_page(browser, render(tmp_path, "ccl5.html", "--focus", "CCL5", "--hops", "2"))
    edges = opened.js("kgEdges.get().map(e => [e.from, e.to])")
    G = nx.Graph(edges)
    G.add_nodes_from(opened.js("kgNodes.getIds()"))
    assert max(nx.single_source_shortest_path_length(G, "ent:CCL5").values()) == 2
    assert nx.is_connected(G)


def test_chinese_labels(tmp_path, projection):
    data = page_data(render(tmp_path, "zh.html", "--focus", "anlotinib", "--lang", "zh"))
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels["ent:anlotinib"] == projection.nodes["ent:anlotinib"]["label_zh"] == "安罗替尼"
    assert '<html lang="zh">' in (tmp_path / "zh.html").read_text(encoding="utf-8")


# -- chains ----------------------------------------------------------------------------------
def test_chains_page_highlights_the_ranked_chains_of_kg_paths(browser, tmp_path):
    listed = run_kg("paths", "anlotinib", PD1_RESPONSE, "-k", "5", "--json")
    assert listed.returncode == 0, listed.stderr
    chains = json.loads(listed.stdout)
    opened = open_page(browser, render(tmp_path, "chains.html", "--paths", "anlotinib", PD1_RESPONSE, "-k", "5"))

    assert opened.page.locator("#chains .chain").count() == len(chains) == 5
    data = page_data(tmp_path / "chains.html")
    assert [c["nodes"] for c in data["chains"]] == [c["nodes"] for c in chains]
    assert set(opened.js("kgNodes.getIds()")) == {n for c in chains for n in c["nodes"]}
    hops = {(h["source"], h["target"]) for c in chains for h in c["hops"]}
    highlighted = {(e["from"], e["to"]) for e in data["edges"] if e["chains"]}
    assert {tuple(sorted(h)) for h in hops} == {tuple(sorted(e)) for e in highlighted}

    opened.page.locator("#chains .chain").first.click()
    assert set(opened.js("kgNetwork.getSelectedNodes()")) == set(chains[0]["nodes"])
    links = opened.page.locator("#details a").evaluate_all("as => as.map(a => a.href)")
    dois = {r["doi"] for h in chains[0]["hops"] for s in h["support"] for r in s["refs"] if r.get("doi")}
    assert links and {link.removeprefix("https://doi.org/") for link in links} <= dois
    assert opened.outside == [] and opened.errors == []
    opened.screenshot("chains-anlotinib-pd1-response")


def test_min_evidence_keeps_only_strong_evidence_edges(tmp_path):
    data = page_data(render(tmp_path, "rct.html", "--min-evidence", "randomized phase 3"))
    evidence = [e for e in data["edges"] if e["kind"] == "evidence"]
    assert evidence and {e["level"] for e in evidence} <= {"randomized phase 3 trial", "meta-analysis"}
    drawn = {n["id"] for n in data["nodes"]}
    assert drawn == {e["from"] for e in data["edges"]} | {e["to"] for e in data["edges"]}


def test_disease_filter_keeps_evidence_from_that_disease(tmp_path, projection):
    from kg.query.paths import disease_scope
    scope = disease_scope(projection, "ent:SCLC")
    data = page_data(render(tmp_path, "sclc.html", "--disease", "SCLC"))
    supports = [s for e in data["edges"] if e["kind"] == "evidence" for s in e["support"]]
    assert supports and all(not s["diseases"] or scope.intersection(s["diseases"]) for s in supports)
    elsewhere = {(u, v, d["label"]) for u, v, d in projection.edges(data=True) if d.get("support")
                 and all(s["diseases"] and not scope.intersection(s["diseases"]) for s in d["support"])}
    drawn = {(e["from"], e["to"], e["relation"]) for e in data["edges"]}
    assert elsewhere and not elsewhere & drawn       # e.g. NSCLC-only links are gone


# -- safety ----------------------------------------------------------------------------------
def test_markup_in_labels_and_quotes_shows_as_text_and_runs_nothing(browser, tmp_path):
    page_path = render(tmp_path, "hostile.html", "--focus", "ent:hostile_marker", data=FIXTURES / "hostile.ttl")
    opened = open_page(browser, page_path)
    tip = hover(opened, "ent:hostile_marker")
    assert "<img src=x onerror=window.kgPwned=1>" in tip                      # shown as text
    assert "</script><script>window.kgPwned=2</script>" in tip
    quote = opened.js("kgEdges.get()[0].title.textContent")
    assert "<img src=x onerror=window.kgPwned=3>" in quote
    assert opened.js("document.querySelectorAll('img').length") == 0
    assert opened.js("kgEdges.get()[0].title.querySelectorAll('img, script').length") == 0
    assert opened.js("typeof window.kgPwned") == "undefined"
    assert opened.dialogs == [] and opened.errors == []
    opened.screenshot("hostile-label-as-text")


def test_the_request_gate_would_see_a_remote_fetch(browser, tmp_path):
    # The control for "no request left the machine": a page that does fetch is caught.
    page = tmp_path / "remote.html"
    page.write_text('<img src="http://192.0.2.1/x.png"><script src="https://cdn.example.org/vis.js"></script>'
                    '<script>window.kgSettled = true</script>')
    opened = open_page(browser, page, settle_seconds=20)
    assert len(opened.outside) == 2


# -- size ------------------------------------------------------------------------------------
def test_a_generated_graph_of_3000_nodes_settles_and_stops(browser, tmp_path):
    from kg.render.page import render_html
    V = nx.barabasi_albert_graph(3000, 2, seed=7)
    view = nx.MultiDiGraph(levels=[])
    view.add_nodes_from((f"n{n}", {"label": f"entity {n}", "cls": "kg:Gene"}) for n in V)
    view.add_edges_from((f"n{u}", f"n{v}", "kg:increases", {"label": "increases", "rank": 2}) for u, v in V.edges)
    opened = open_page(browser, render_html(view, tmp_path / "big.html"))
    assert opened.js("[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]") == [3000, 5996]
    assert opened.js("kgNetwork.physics.physicsEnabled") is False
    opened.screenshot("generated-3000-nodes")


# -- bad input -------------------------------------------------------------------------------
@pytest.mark.parametrize("args, code, message", [
    (("--focus", "no such entity"), 2, "no such entity"),
    (("--paths", "CCL5", "anlotinib"), 1, "nothing to draw"),
    (("--min-evidence", "rumour"), 2, "unknown evidence level"),
])
def test_render_refuses_clearly_and_writes_nothing(tmp_path, args, code, message):
    result = run_kg("render", "-o", "page.html", *args, cwd=tmp_path)
    assert result.returncode == code
    assert message in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
