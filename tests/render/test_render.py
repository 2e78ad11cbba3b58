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
    assert opened.js("[kgNodes.length, kgEdges.length]") == [projection.number_of_nodes(), expected_edges]
    # It opens folded: the best-connected few of each class in sight, the rest one node per class.
    data = page_data(page_path)
    folded_classes = {n["cls"] for n in data["nodes"] if n["folded"]}
    in_sight = sum(1 for n in data["nodes"] if not n["folded"])
    assert opened.js("kgVisible()") == in_sight + len(folded_classes) < 150
    assert opened.js("kgNetwork.findNode('ent:anlotinib')") == ["ent:anlotinib"]      # the drug is in sight
    opened.screenshot("whole-graph")
    opened.js("kgUnfoldAll()")
    drawn_nodes, drawn_edges = opened.js("[kgNetwork.body.nodeIndices.length, kgNetwork.body.edgeIndices.length]")
    assert drawn_nodes == projection.number_of_nodes()
    assert drawn_edges == expected_edges
    assert opened.js("kgNetwork.physics.physicsEnabled") is False
    assert opened.outside == [] and opened.errors == [] and opened.dialogs == []
    legend = opened.page.locator("#legend").inner_text()
    assert "target (ellipse)" in legend and "randomized phase 3 trial" in legend
    assert opened.screenshot("whole-graph-unfolded").stat().st_size > 20_000


def test_overview_lays_the_mechanism_out_in_columns_with_legible_labels(browser, tmp_path):
    from kg.render.view import LAYERS
    opened = open_page(browser, render(tmp_path, "graph.html"))
    x = opened.js("""(() => { const out = {};
                     for (const id of ['ent:anlotinib', 'ent:KDR', 'ent:VEGF_VEGFR_signalling', 'ent:CD8_T_infiltration',
                                       'ent:OS', 'study:ALTER1202'])
                       { const top = kgNetwork.clustering.findNode(id)[0]; out[id] = kgNetwork.getPositions([top])[top].x; }
                     return out; })()""")
    columns = [x[n] for n in ("ent:anlotinib", "ent:KDR", "ent:VEGF_VEGFR_signalling", "ent:CD8_T_infiltration",
                              "ent:OS", "study:ALTER1202")]
    assert columns == sorted(columns) and len(set(columns)) == len(LAYERS)    # drug → … → studies, one column each
    # Labels at the opening zoom: at least 12 px on screen (font 17 × the fitted scale).
    assert 17 * opened.js("kgNetwork.getScale()") >= 12
    # A folded class opens on a double click and folds again from the legend.
    cluster = "cluster:kg:BiologicalProcess"
    assert opened.js(f"kgNetwork.isCluster('{cluster}')") is True
    before = opened.js("kgVisible()")
    opened.page.locator('#legend button[data-cls="kg:BiologicalProcess"]').click()
    assert opened.js(f"kgNetwork.isCluster('{cluster}')") is False and opened.js("kgVisible()") > before
    opened.page.locator('#legend button[data-cls="kg:BiologicalProcess"]').click()
    assert opened.js(f"kgNetwork.isCluster('{cluster}')") is True and opened.js("kgVisible()") < before
    assert opened.errors == []


def test_evidence_levels_differ_in_colour_and_dashes_with_a_legend(tmp_path):
    data = page_data(render(tmp_path, "graph.html"))
    evidence = [e for e in data["edges"] if e["kind"] == "evidence" and not e["contested"]]
    looks = {e["level"]: (e["color"], json.dumps(e["dashes"])) for e in evidence}
    assert len(looks) >= 8 and len(set(looks.values())) == len(looks)       # each level its own look
    assert looks["review hypothesis"][1] != "false" and looks["randomized phase 3 trial"][1] == "false"
    legend = {lvl["label"]: (lvl["color"], json.dumps(lvl["dashes"])) for lvl in data["legend"]["levels"]}
    assert all(legend[level] == look for level, look in looks.items())


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


# -- the outcomes page -----------------------------------------------------------------------
def outcome_rows(*args: str) -> list[dict]:
    listed = run_kg("outcomes", *args, "--json")
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)


def test_outcomes_page_draws_every_measure_of_kg_outcomes_as_a_point(browser, tmp_path):
    rows = outcome_rows()
    opened = open_page(browser, render(tmp_path, "outcomes.html", "--outcomes"))
    drawn = opened.js("Array.from(document.querySelectorAll('#forest g.row')).map(g => g.dataset.outcome)")
    assert sorted(drawn) == sorted(r["outcome"] for r in rows)
    assert opened.js("document.querySelectorAll('#forest circle.point').length") == len(rows)
    assert opened.js("document.querySelectorAll('#forest path.comparator').length") == \
        sum(1 for r in rows if r["comparator_value"] is not None)
    assert opened.js("document.querySelectorAll('#forest line.range').length") == \
        sum(1 for r in rows if r["value_high"] is not None)
    # A result that is not significant is hollow and grey; a significant one filled.
    liver = opened.page.locator('g.row[data-outcome="om:ALTER1202-liver-metastases-OS"] circle.point')
    assert liver.get_attribute("class") == "point not-significant" and liver.get_attribute("fill") == "#ffffff"
    whole = opened.page.locator('g.row[data-outcome="om:ALTER1202-OS"] circle.point')
    assert whole.get_attribute("class") == "point significant" and whole.get_attribute("fill") != "#ffffff"
    assert opened.outside == [] and opened.errors == [] and opened.dialogs == []
    opened.screenshot("outcomes")


def test_outcomes_page_hover_shows_the_quote_and_doi_and_takes_the_outcomes_filters(browser, tmp_path):
    rows = outcome_rows("--study", "ALTER 1202")
    assert len(rows) >= 10         # the trial and its subgroup analyses
    opened = open_page(browser, render(tmp_path, "alter.html", "--outcomes", "--study", "ALTER 1202"))
    assert opened.js("document.querySelectorAll('#forest g.row').length") == len(rows)
    groups = opened.js("Array.from(document.querySelectorAll('#forest text.group')).map(t => t.textContent)")
    assert any("small cell lung cancer" in g for g in groups)
    row = opened.page.locator('g.row[data-outcome="om:ALTER1202-OS"]')
    row.hover()
    tip = opened.page.locator("#tip")
    tip.wait_for(state="visible", timeout=10_000)
    record = next(r for r in rows if r["outcome"] == "om:ALTER1202-OS")
    text = tip.inner_text()
    assert record["sources"][0]["quote"][:20] in text and record["references"][0]["doi"] in text
    assert "7.3 mo" in text and "n = 82" in text
    row.click()
    links = opened.page.locator("#details a").evaluate_all("as => as.map(a => a.href)")
    assert links == [f"https://doi.org/{record['references'][0]['doi']}"]
    opened.screenshot("outcomes-alter1202-hover")
    table2 = outcome_rows("--setting", "later-line", "--disease", "NSCLC")
    page = render(tmp_path, "table2.html", "--outcomes", "--setting", "later-line", "--disease", "NSCLC")
    assert page.read_text(encoding="utf-8").count('<g class="row"') == len(table2) > 0


def test_outcomes_page_shows_markup_as_text(browser, tmp_path):
    hostile = Path(__file__).parent / "hostile_outcome.ttl"
    opened = open_page(browser, render(tmp_path, "hostile.html", "--outcomes", "--endpoint", "ORR", data=hostile))
    row = opened.page.locator('g.row[data-outcome="om:Hostile-ORR"]')
    assert "<img src=x onerror=window.kgPwned=5>" in row.text_content()
    row.hover()
    tip = opened.page.locator("#tip")
    tip.wait_for(state="visible", timeout=10_000)
    assert "</svg><img src=x onerror=window.kgPwned=8> CD8⁺" in tip.inner_text()
    assert opened.js("document.querySelectorAll('img, #forest svg, #forest script').length") == 0
    assert opened.js("typeof window.kgPwned") == "undefined" and opened.errors == [] and opened.dialogs == []


# -- the chains page: numbers, mismatches, Chinese, readable quotes -----------------------------
def test_chains_page_shows_the_numbers_behind_clinical_hops(browser, tmp_path):
    opened = open_page(browser, render(tmp_path, "pfs.html", "--paths", "anlotinib", "PFS", "-k", "3"))
    first = opened.page.locator("#chains .chain").first.inner_text()
    assert "ETER701" in first and "median progression-free survival: 5.6 mo vs 4.2 (etoposide/carboplatin)" in first
    assert "significant" in first
    opened.screenshot("chains-anlotinib-pfs")


def test_chains_page_marks_citation_mismatches(tmp_path, projection):
    data = page_data(render(tmp_path, "fgfr.html", "--paths", "anlotinib", "FGFR", "-k", "1"))
    hop = data["chains"][0]["hops"][0]
    flagged = {m for s in projection.edges["ent:anlotinib", "ent:FGFR", "kg:inhibits"]["support"] for m in s["mismatches"]}
    kinds = projection.graph["model"].mismatches
    assert flagged and set(hop["mismatches"]) == {kinds[m].label for m in flagged}
    edge = next(e for e in data["edges"] if e["chains"] and e["mismatched"])
    assert edge["label"].endswith("⚑")


def test_chains_page_in_chinese_shows_no_english_sentence(browser, tmp_path, projection):
    from conftest import english_words, names_without_chinese
    allowed = names_without_chinese(projection)
    for target in (PD1_RESPONSE, "PFS"):
        opened = open_page(browser, render(tmp_path, "zh.html", "--paths", "anlotinib", target, "--lang", "zh"))
        text = opened.js("document.body.innerText")
        # The generated sentences are there, in Chinese: the why, the net effect, and (to the response) an inference.
        assert "排序理由：确定性" in text and "净效应: 增加" in text
        assert target != PD1_RESPONSE or ("推断：" in text and "因此也" in text and "直接论断" in text)
        assert english_words(text, allowed) == [], target
        assert opened.outside == [] and opened.errors == []
    opened.screenshot("chains-zh-sentences")


def test_chains_page_in_chinese_with_readable_quotes(browser, tmp_path):
    opened = open_page(browser, render(tmp_path, "zh.html", "--paths", "anlotinib", PD1_RESPONSE, "-k", "5",
                                       "--lang", "zh"))
    side = opened.page.locator("#side").inner_text()
    assert "链条，按确定性从高到低" in side and "确定性" in side and "极低" in side and "非患者证据" in side
    assert "动物实验" in side and "证据边" in side and "certainty" not in side and "weakest" not in side
    assert opened.js("document.title").startswith("前 5 条链条：安罗替尼 →")
    # Quotes with superscripts: CD8⁺ as text, no raw <sup> and no <sup> element.
    quotes = opened.js("kgEdges.get().map(e => e.title.textContent).join(' ')")
    assert "CD8⁺" in quotes and "<sup>" not in quotes and "$\\\\alpha$" not in quotes
    assert opened.js("document.querySelectorAll('sup').length") == 0
    assert opened.outside == [] and opened.errors == []
    opened.screenshot("chains-zh")
