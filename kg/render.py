"""Rendering: one self-contained, offline HTML page of the graph (vis-network as shipped by pyvis).

The page inlines vis-network's script and style from the installed pyvis package and our own
template (``kg/templates/graph.html``): nothing is fetched from another host, and nothing but
the page is written. All text reaches the page as JSON inside a ``<script type="application/json">``
block with ``<``, ``>`` and ``&`` escaped, and tooltips are built as DOM nodes from text, so a
label holding markup shows as text and runs nothing.

>>> from kg.loading import load_graph
>>> from kg.projection import project
>>> import tempfile, pathlib
>>> page = pathlib.Path(tempfile.mkdtemp()) / "g.html"
>>> render_html(project(load_graph()), page).stat().st_size > 100_000
True
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.io.atomic import atomic_write

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


def page_data(G: nx.MultiDiGraph, *, lang: str = "en", title: str = "Evidence graph") -> dict:
    """Return the JSON-ready data of the page: nodes, edges, legend and vis options."""
    levels = G.graph.get("levels", [])
    max_rank = max((lvl.rank for lvl in levels), default=9)

    def width(rank: int) -> float:
        return 1.0 + 5.0 * max(rank, 0) / max(max_rank, 1)

    nodes = []
    used_classes = set()
    for node, attrs in sorted(G.nodes(data=True)):
        colour, shape, cls_label = CLASS_STYLE.get(attrs.get("cls", ""), DEFAULT_STYLE)
        used_classes.add(attrs.get("cls", ""))
        label = (attrs.get("label_zh") or attrs.get("label")) if lang == "zh" else attrs.get("label")
        nodes.append({"id": node, "label": label or node, "label_en": attrs.get("label", node),
                      "label_zh": attrs.get("label_zh", ""), "cls": attrs.get("cls", ""), "cls_label": cls_label,
                      "color": colour, "shape": shape, "xrefs": list(attrs.get("xrefs", [])),
                      "synonyms": list(attrs.get("synonyms", []))})
    edges = []
    for u, v, attrs in G.edges(data=True):
        structural = bool(attrs.get("structural"))
        rank = attrs.get("rank", -1)
        edges.append({
            "from": u, "to": v, "label": attrs.get("label", ""),
            "from_label": G.nodes[u].get("label", u), "to_label": G.nodes[v].get("label", v),
            "structural": structural, "level": attrs.get("level", ""), "contested": bool(attrs.get("contested")),
            "width": 0.5 if structural else width(rank), "dashes": structural or rank == 0,
            "color": "#bbbbbb" if structural else ("#d62728" if attrs.get("contested") else "#555555"),
            "support": list(attrs.get("support", [])),
        })
    legend_classes = [{"label": style[2], "color": style[0], "shape": style[1]}
                      for cls, style in CLASS_STYLE.items() if cls in used_classes]
    legend_levels = [{"label": lvl.label, "width": width(lvl.rank), "dashes": lvl.rank == 0} for lvl in levels]
    big = len(nodes) > 1000
    options = {
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        "physics": {"solver": "barnesHut", "barnesHut": {"gravitationalConstant": -6000, "springLength": 140},
                    "stabilization": {"enabled": True, "iterations": 150 if big else 400, "fit": True}},
        "layout": {"improvedLayout": not big},
        "edges": {"smooth": False if big else {"type": "continuous"}},
        "nodes": {"font": {"size": 14}},
    }
    return {"title": title, "lang": lang, "nodes": nodes, "edges": edges, "options": options,
            "legend": {"classes": legend_classes, "levels": legend_levels}}


def render_html(G: nx.MultiDiGraph, path: str | Path, *, lang: str = "en", title: str = "Evidence graph") -> Path:
    """Write the page for projection ``G`` to ``path`` atomically and return the path."""
    html = html_page(page_data(G, lang=lang, title=title))
    return atomic_write(Path(path), html.encode("utf-8"))


def html_page(data: dict) -> str:
    """Return the complete HTML page for :func:`page_data`'s ``data``."""
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
