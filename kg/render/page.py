"""Rendering: one self-contained, offline HTML page of the graph (vis-network as shipped by pyvis).

The page inlines vis-network's script and style from the installed pyvis package and our own
template (``kg/templates/graph.html``): nothing is fetched from another host, and nothing but
the page is written. All text reaches the page as JSON inside a ``<script type="application/json">``
block with ``<``, ``>`` and ``&`` escaped, and tooltips are built as DOM nodes from text, so a
label holding markup shows as text and runs nothing.

pyvis supplies vis-network; its ``Network`` class and template are not used, because the
template pulls bootstrap from a CDN even "in line" (pyvis #228, #229), shows an HTML ``title``
as raw text (#92), and ``add_node`` is quadratic (5,000 nodes: 5 s; 20,000: 100 s). The page
data is built once here and handed to vis-network whole. Physics lays the graph out, then
stops; chains are laid out left to right without physics.

>>> from kg.examples import toy_graph
>>> from kg.graph.projection import project
>>> from kg.render.view import whole
>>> import tempfile, pathlib
>>> page = pathlib.Path(tempfile.mkdtemp()) / "g.html"
>>> render_html(whole(project(toy_graph())), page).stat().st_size > 100_000
True
"""

from __future__ import annotations

import json
import random
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.errors import KGInputError
from kg.io.atomic import atomic_write
from kg.reasoning.certainty import STRUCTURAL
from kg.reasoning.indirectness import reason_words
from kg.reasoning.polarity import p_words

# Node look by class: (colour, vis-network shape, legend label).
CLASS_STYLE = {
    "kg:Drug": ("#1f77b4", "box", "drug"),
    "kg:DrugClass": ("#6baed6", "box", "drug class"),
    "kg:Regimen": ("#9ecae1", "box", "regimen"),
    "kg:Target": ("#d62728", "ellipse", "target"),
    "kg:Gene": ("#ff9896", "ellipse", "gene / gene product"),
    "kg:Cytokine": ("#e377c2", "ellipse", "cytokine / chemokine"),
    "kg:ProteinFamily": ("#c5b0d5", "ellipse", "protein family"),
    "kg:Pathway": ("#9467bd", "diamond", "pathway"),
    "kg:BiologicalProcess": ("#2ca02c", "dot", "biological process"),
    "kg:CellType": ("#ff7f0e", "triangle", "cell type"),
    "kg:Biomarker": ("#bcbd22", "star", "biomarker"),
    "kg:Disease": ("#8c564b", "square", "disease"),
    "kg:AdverseEvent": ("#7f7f7f", "triangleDown", "adverse event"),
    "kg:PatientPopulation": ("#c49c94", "dot", "population"),
    "kg:TreatmentSetting": ("#dbdb8d", "square", "setting"),
    "kg:Endpoint": ("#17becf", "hexagon", "endpoint"),
    "kg:ClinicalOutcome": ("#17becf", "star", "clinical outcome"),
    "kg:ResistanceMechanism": ("#393b79", "diamond", "resistance mechanism"),
    "kg:Study": ("#aec7e8", "square", "study"),  # label-inside shapes grow with long study names
    "kg:ManagementAction": ("#98df8a", "box", "management action"),
    "kg:ExperimentalModel": ("#dadaeb", "dot", "experimental model"),
}
DEFAULT_STYLE = ("#cccccc", "dot", "other")


# Edge look by kind: evidence edges take their width from the evidence level.
STRUCTURE_COLOUR = "#b8b8b8"
CONTEXT_COLOUR = "#d9d9d9"
EVIDENCE_COLOUR = "#555555"
CONTESTED_COLOUR = "#d62728"
NULL_COLOUR = "#9e9ac8"
CHAIN_COLOUR = "#ff7f0e"
FADED_COLOUR = "#e3e3e3"
BIG = 1000      # nodes above which the layout is computed here and edges are drawn straight
# Past these a page is tens of megabytes that a browser takes minutes to open: a graph joined to
# Hetionet has 49,000 nodes and 2 million edges. Narrower views are what can be read anyway.
MAX_NODES, MAX_EDGES = 20_000, 60_000


def check_drawable(nodes: int, edges: int) -> None:
    """Raise :class:`~kg.errors.KGInputError` when a page of ``nodes`` and ``edges`` would be too big to open.

    >>> check_drawable(5_000, 10_000)
    >>> check_drawable(49_411, 2_158_674)
    Traceback (most recent call last):
    ...
    kg.errors.KGInputError: too much to draw on one page: 49,411 nodes and 2,158,674 edges (at most 20,000 and 60,000); draw part of it with --focus E --hops N or --paths S T
    """
    if nodes > MAX_NODES or edges > MAX_EDGES:
        raise KGInputError(f"too much to draw on one page: {nodes:,} nodes and {edges:,} edges (at most "
                           f"{MAX_NODES:,} and {MAX_EDGES:,}); draw part of it with --focus E --hops N or --paths S T")


def page_data(V: nx.MultiDiGraph, *, lang: str = "en", title: str = "Evidence graph") -> dict:
    """Return the JSON-ready data of the page for view ``V`` (see :mod:`kg.render.view`).

    ``nodes`` and ``edges`` are what vis-network draws plus the text of their tooltips;
    ``chains`` the highlighted chains; ``legend`` and ``options`` the rest of the page.

    >>> from kg.examples import toy_graph
    >>> from kg.graph.projection import project
    >>> from kg.render.view import neighbourhood
    >>> data = page_data(neighbourhood(project(toy_graph()), "ent:KDR"), lang="zh")
    >>> sorted(n["label"] for n in data["nodes"])
    ['安罗替尼', '血管内皮生长因子受体', '血管内皮生长因子受体2']
    """
    levels = V.graph["model"].levels if "model" in V.graph else []
    max_rank = max((lvl.rank for lvl in levels), default=9)
    weakest = V.graph["model"].lowest_rank if levels else 0     # drawn dashed: the review's word only
    highlighting = bool(V.graph.get("chains"))

    def width(rank: int) -> float:
        return 1.0 + 5.0 * max(rank, 0) / max(max_rank, 1)

    def in_lang(attrs: dict, fallback: str) -> str:
        return _in_lang(attrs, fallback, lang)

    depth = _chain_depth(V.graph.get("chains", []))
    position = precomputed_layout(V) if V.number_of_nodes() > BIG and not highlighting else {}
    nodes, used_classes = [], set()
    for node, attrs in sorted(V.nodes(data=True)):
        colour, shape, cls_label = CLASS_STYLE.get(attrs.get("cls", ""), DEFAULT_STYLE)
        used_classes.add(attrs.get("cls", ""))
        nodes.append({"id": node, "label": in_lang(attrs, node), "label_en": attrs.get("label", node),
                      "label_zh": attrs.get("label_zh", ""), "cls": attrs.get("cls", ""), "cls_label": cls_label,
                      "color": colour, "shape": shape, "xrefs": list(attrs.get("xrefs", [])),
                      "synonyms": list(attrs.get("synonyms", [])), "chains": list(attrs.get("chains", [])),
                      "depth": depth.get(node), "xy": position.get(node)})
    edges, edge_ids = [], {}
    for i, (u, v, key, attrs) in enumerate(sorted(V.edges(keys=True, data=True), key=lambda e: e[:3])):
        edge_ids[(u, v, key)] = f"e{i}"
        kind = ("context" if attrs.get("context") else "structure" if attrs.get("structural")
                else "null" if attrs.get("no_effect") else "evidence")
        rank, on_chain = attrs.get("rank", -1), list(attrs.get("chains", []))
        colour = {"context": CONTEXT_COLOUR, "structure": STRUCTURE_COLOUR, "null": NULL_COLOUR}.get(
            kind, CONTESTED_COLOUR if attrs.get("contested") else EVIDENCE_COLOUR)
        line = {"evidence": width(rank), "structure": 0.8, "context": 0.6, "null": 1.0}[kind]
        if highlighting:
            colour, line = (CHAIN_COLOUR, line + 3) if on_chain else (FADED_COLOUR, line)
        edges.append({
            "id": f"e{i}", "from": u, "to": v, "label": in_lang(attrs, key), "relation": attrs.get("label", key),
            "from_label": in_lang(V.nodes[u], u), "to_label": in_lang(V.nodes[v], v), "kind": kind,
            "level": attrs.get("level", ""), "contested": bool(attrs.get("contested")), "width": line,
            "dashes": kind in ("context", "null") or (kind == "evidence" and rank == weakest), "color": colour,
            "support": list(attrs.get("support", [])), "chains": on_chain,
        })
    used_kinds = {e["kind"] for e in edges}
    return {
        "title": title, "lang": lang, "nodes": nodes, "edges": edges,
        "chains": [_chain_entry(chain, drawn, edge_ids, V, lang) for chain, drawn in V.graph.get("chains", [])],
        "legend": {
            "classes": [{"label": style[2], "color": style[0], "shape": style[1]}
                        for cls, style in CLASS_STYLE.items() if cls in used_classes],
            "levels": [{"label": lvl.label, "width": width(lvl.rank), "dashes": lvl.rank == weakest} for lvl in levels]
                      if "evidence" in used_kinds else [],
            "kinds": [{"label": label, "color": colour, "width": w, "dashes": dashes}
                      for kind, label, colour, w, dashes in (
                          ("evidence", "evidence (contested: red)", EVIDENCE_COLOUR, 2, False),
                          ("null", "no effect shown (a result that does not support the relation)", NULL_COLOUR, 1,
                           True),
                          ("structure", "structure (member, component, arm)", STRUCTURE_COLOUR, 1, False),
                          ("context", "context (population, setting, disease)", CONTEXT_COLOUR, 1, True))
                      if kind in used_kinds] + ([{"label": "on a highlighted chain", "color": CHAIN_COLOUR,
                                                   "width": 4, "dashes": False}] if highlighting else []),
        },
        "options": _options(V, highlighting),
    }


def _in_lang(attrs: dict, fallback: str, lang: str) -> str:
    """The label of a node or edge in ``lang``, else its English label, else ``fallback``."""
    return (attrs.get("label_zh") if lang == "zh" else None) or attrs.get("label") or fallback


def _chain_entry(chain, drawn: list[tuple[str, str, str]], edge_ids: dict, V: nx.MultiDiGraph, lang: str) -> dict:
    """One highlighted chain as the page lists it: its steps in words, its certainty and why, and each
    hop's design, certainty, reasons, conditions and mismatch mark."""
    def name(node: str) -> str:
        return _in_lang(V.nodes[node], node, lang)

    def relation(hop) -> str:
        return (hop.relation_zh if lang == "zh" else None) or hop.relation

    steps = [name(chain.nodes[0])] + [f"{relation(hop)} {name(hop.target)}" for hop in chain.hops]
    return {"nodes": chain.nodes, "edges": [edge_ids[e] for e in drawn], "text": " → ".join(steps),
            "certainty": None if chain.certainty == STRUCTURAL else chain.certainty, "grade": chain.grade,
            "net_effect": chain.net_effect,
            "benefit": chain.benefit, "why": chain.why, "variants": len(chain.variants),
            "contested": chain.contested, "mixed_context": chain.mixed_context,
            "hops": [{"from": name(hop.source), "relation": relation(hop), "to": name(hop.target),
                      "structural": hop.structural, "design": hop.level, "certainty": hop.certainty
                      if not hop.structural else None, "grade": hop.grade, "weakest": hop.weakest,
                      "reasons": [reason_words(r) for r in hop.reasons],
                      "conditions": hop.conditions, "inferred": hop.inferred, "isolated_by": hop.isolated_by,
                      "mismatched": hop.mismatched, "contested": hop.contested,
                      "numbers": _numbers(hop.support)} for hop in chain.hops]}


def _numbers(support: list) -> list[str]:
    """The clinical numbers behind a hop (value, comparator, p-value), as short phrases."""
    phrases = []
    for s in support:
        if s.get("value") is None:
            continue
        text = f"{s['value']:g}" + (f" vs {s['comparator_value']:g}" if s.get("comparator_value") is not None else "")
        p = p_words(s)
        phrases.append(f"{s['assertion']}: {text}" + (f", {p}" if p else "") + (" (no effect shown)" if s["against"] else ""))
    return phrases


def _chain_depth(chains) -> dict[str, int]:
    """Column of each chain node, left to right: its earliest step on any chain; targets last."""
    depth = {}
    for chain, _ in chains:
        for step, node in enumerate(chain.nodes):
            depth[node] = min(depth.get(node, step), step)
    last = max((len(chain.nodes) - 1 for chain, _ in chains), default=0)
    depth.update({chain.nodes[-1]: last for chain, _ in chains})
    return depth


def precomputed_layout(V: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Return page coordinates for every node of ``V`` (Fruchterman–Reingold, igraph's C core).

    Used above :data:`BIG` nodes: at 5,000 nodes the browser's physics needed 150
    iterations (36 s measured) on 2 cores; this takes under a second, and the page opens laid out.

    >>> position = precomputed_layout(nx.MultiDiGraph([("a", "b"), ("b", "c")]))
    >>> sorted(position)
    ['a', 'b', 'c']
    """
    import igraph

    names = list(V)
    index = {name: i for i, name in enumerate(names)}
    graph = igraph.Graph(n=len(names), edges=[(index[u], index[v]) for u, v in V.edges() if u != v])
    igraph.set_random_number_generator(random.Random(0))     # the same page for the same graph
    try:
        coords = graph.layout_fruchterman_reingold().coords
    finally:
        igraph.set_random_number_generator(random)
    xs, ys = [x for x, _ in coords], [y for _, y in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = 60.0 * len(names) ** 0.5 / span   # about 60 px of width per square-rooted node
    return {name: (round(x * scale, 1), round(y * scale, 1)) for name, (x, y) in zip(names, coords)}


def _options(V: nx.MultiDiGraph, highlighting: bool) -> dict:
    """vis-network options: physics that settles then stops (big graphs come laid out); chains left to right."""
    big = V.number_of_nodes() > BIG
    options = {
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big},
        "physics": {"solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -90, "springLength": 120, "avoidOverlap": 0.5},
                    "stabilization": {"enabled": True, "iterations": 400, "fit": True}},
        "layout": {"improvedLayout": not big},
        "edges": {"smooth": False if big else {"type": "continuous"}, "font": {"size": 10, "align": "middle"}},
        "nodes": {"font": {"size": 14}},
    }
    if big and not highlighting:
        options["physics"] = {"enabled": False}      # laid out already (precomputed_layout)
    if highlighting:
        options["layout"]["hierarchical"] = {"enabled": True, "direction": "LR", "levelSeparation": 260,
                                             "nodeSpacing": 90}
        options["physics"] = {"enabled": False}
    return options


def render_html(V: nx.MultiDiGraph, path: str | Path, *, lang: str = "en", title: str = "Evidence graph") -> Path:
    """Write the page for view ``V`` (see :mod:`kg.render.view`) to ``path`` atomically and return the path.

    Raise :class:`~kg.errors.KGInputError` for a view too big to open (see :func:`check_drawable`).

    >>> import tempfile, pathlib
    >>> from kg.examples import toy_projection
    >>> from kg.render.view import neighbourhood
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "kdr.html"
    >>> written = render_html(neighbourhood(toy_projection(), "ent:KDR"), path, title="Around VEGFR2")
    >>> written == path, "<title>Around VEGFR2</title>" in path.read_text(encoding="utf-8")
    (True, True)
    """
    return atomic_write(Path(path), page_bytes(V, lang=lang, title=title))


def page_bytes(V: nx.MultiDiGraph, *, lang: str = "en", title: str = "Evidence graph") -> bytes:
    """Return the page for view ``V`` as UTF-8 bytes; raise :class:`~kg.errors.KGInputError` for a view
    too big to open (see :func:`check_drawable`).

    >>> from kg.examples import toy_projection
    >>> from kg.render.view import whole
    >>> b"<title>Toy</title>" in page_bytes(whole(toy_projection()), title="Toy")
    True
    """
    check_drawable(V.number_of_nodes(), V.number_of_edges())
    return html_page(page_data(V, lang=lang, title=title)).encode("utf-8")


def html_page(data: dict) -> str:
    """Return the complete HTML page for :func:`page_data`'s ``data``.

    One self-contained document: vis-network's script and style inlined, ``data`` as JSON in the
    page (see :func:`json_for_script`), the title escaped.

    >>> from kg.examples import toy_projection
    >>> from kg.render.view import neighbourhood
    >>> page = html_page(page_data(neighbourhood(toy_projection(), "ent:KDR"), lang="zh", title="VEGFR2 <近邻>"))
    >>> page.startswith("<!DOCTYPE html>"), '<html lang="zh">' in page, "<title>VEGFR2 &lt;近邻&gt;</title>" in page
    (True, True, True)
    """
    import jinja2

    template = jinja2.Environment(autoescape=False).from_string(
        (Path(__file__).parent / "templates" / "graph.html").read_text(encoding="utf-8"))
    vis_dir = Path(str(resources.files("pyvis"))) / "lib" / "vis-9.1.2"
    return template.render(
        title=data["title"], lang="zh" if data.get("lang") == "zh" else "en",
        vis_js=_script_safe((vis_dir / "vis-network.min.js").read_text(encoding="utf-8")),
        vis_css=(vis_dir / "vis-network.css").read_text(encoding="utf-8"),
        data_json=json_for_script(data),
    )


def json_for_script(data) -> str:
    """Return ``data`` as JSON safe to place inside a ``<script>`` element.

    >>> json_for_script({"label": "</script><script>alert(1)</script>"})
    '{"label": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _script_safe(js: str) -> str:
    # A library must not end our <script> element early.
    return js.replace("</script", "<\\/script")
