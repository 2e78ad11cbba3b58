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
from kg.reasoning.phrases import level_words
from kg.reasoning.polarity import p_words
from kg.render.text import readable

# Node look by class: (colour, vis-network shape, legend label).
CLASS_STYLE = {
    "kg:Drug": ("#1f77b4", "box", "drug"),
    "kg:Placebo": ("#c6dbef", "box", "placebo"),
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


# Edge look by kind. Evidence edges are told apart by colour and dash pattern (a legend shows each) and
# get wider with their level: grey dots for a review's word, purple dash-dots for cells and animals,
# orange dashes for case reports and observational studies, solid blues for prospective trials.
LEVEL_STYLE = {     # level CURIE: (colour, vis-network dash pattern or False for solid)
    "kg:NotAssessed": ("#c7c7c7", [1, 4]),
    "kg:ReviewHypothesis": ("#a3a3a3", [2, 5]),
    "kg:ExpertOpinion": ("#737373", [7, 5]),
    "kg:InVitro": ("#c994c7", [10, 4, 2, 4]),
    "kg:AnimalModel": ("#88419d", [10, 4, 2, 4]),
    "kg:CaseReport": ("#fdae6b", [12, 4]),
    "kg:Retrospective": ("#e6550d", [12, 4]),
    "kg:SingleArmTrial": ("#6baed6", False),
    "kg:RandomizedPhase2": ("#2171b5", False),
    "kg:RandomizedPhase3": ("#08306b", False),
    "kg:MetaAnalysis": ("#000000", False),
}
STRUCTURE_COLOUR = "#b8b8b8"
CONTEXT_COLOUR = "#d9d9d9"
EVIDENCE_COLOUR = "#555555"     # a level the style table does not know
CONTESTED_COLOUR = "#d62728"
NULL_COLOUR = "#9e9ac8"
CHAIN_COLOUR = "#ff7f0e"        # the border of an entity on a highlighted chain
FADED_COLOUR = "#e3e3e3"
BIG = 1000      # nodes above which the layout is computed here and edges are drawn straight
# Past these a page is tens of megabytes that a browser takes minutes to open: a graph joined to
# Hetionet has 49,000 nodes and 2 million edges. Narrower views are what can be read anyway.
MAX_NODES, MAX_EDGES = 20_000, 60_000

# The words of a page around the data, by language (the data's own labels come from the graph).
WORDS = {
    "en": {"find": "Find", "find_hint": "name, synonym or CURIE", "nodes": "nodes", "edges": "edges",
           "laying_out": "laying out…", "not_found": "not found: ", "classes": "Node classes (click ▸ to unfold, ▾ to fold)",
           "edge_kinds": "Edges", "levels": "Evidence edges: best level (colour, dashes, width)",
           "layers": "Columns, left to right", "chains": "Chains, most certain first (click to select)",
           "certainty": "certainty", "structure_only": "structure only", "net": "net", "contested": "contested",
           "mixed_context": "mixed context", "variants": "variant(s)", "structure": "structure",
           "weakest": "◀ weakest", "mismatch": "⚑ citation mismatch", "with": "with", "inferred": "inferred: ",
           "isolated_by": "drug isolated by ", "why": "why: ", "identifiers": "Identifiers: ", "synonyms": "Synonyms: ",
           "needs_no_evidence": "needs no evidence", "no_effect": "no effect shown",
           "no_effect_long": "No effect shown: the evidence does not support this relation",
           "best_evidence": "Best evidence: ", "numbers": "numbers: ", "unfold_all": "unfold all", "fold": "fold",
           "folded": "more", "members": "folded here: ", "open_hint": "double-click to unfold",
           "on_chain": "on a highlighted chain (wider; others faded)", "evidence_kind": "evidence (contested: red)",
           "null_kind": "no effect shown (a result that does not support the relation)",
           "structure_kind": "structure (member, component, arm)",
           "context_kind": "context (population, setting, disease)", "publications": "publication(s) at that certainty",
           "hops": "hop(s)", "no_step": "no step down", "weakest_hop": "weakest hop", "significant": "significant",
           "not_significant": "not significant", "vs": "vs"},
    "zh": {"find": "查找", "find_hint": "名称、同义词或 CURIE", "nodes": "个节点", "edges": "条边",
           "laying_out": "布局中…", "not_found": "未找到：", "classes": "节点类别（点 ▸ 展开，▾ 折叠）",
           "edge_kinds": "边", "levels": "证据边：最佳证据等级（颜色、虚线、宽度）",
           "layers": "从左到右各列", "chains": "链条，按确定性从高到低（点击选中）",
           "certainty": "确定性", "structure_only": "仅结构", "net": "净效应", "contested": "存在相反证据",
           "mixed_context": "情境混合", "variants": "个变体", "structure": "结构",
           "weakest": "◀ 最弱一步", "mismatch": "⚑ 引文不一致", "with": "联合", "inferred": "推断：",
           "isolated_by": "药物效应由以下比较区分：", "why": "排序理由：", "identifiers": "标识符：", "synonyms": "同义词：",
           "needs_no_evidence": "无需证据", "no_effect": "未显示效应",
           "no_effect_long": "未显示效应：证据不支持该关系",
           "best_evidence": "最佳证据：", "numbers": "数据：", "unfold_all": "全部展开", "fold": "折叠",
           "folded": "更多", "members": "折叠于此：", "open_hint": "双击展开",
           "on_chain": "位于高亮链条上（加粗；其余淡化）", "evidence_kind": "证据（存在相反证据：红色）",
           "null_kind": "未显示效应（结果不支持该关系）", "structure_kind": "结构（成员、组分、研究组）",
           "context_kind": "情境（人群、治疗场景、疾病）", "publications": "篇该确定性的文献",
           "hops": "步", "no_step": "未降级", "weakest_hop": "最弱一步", "significant": "有统计学意义",
           "not_significant": "无统计学意义", "vs": "对比",
           # the legend names vis-network's shapes (the English page shows their own names)
           "shape_words": {"box": "方框", "ellipse": "椭圆", "diamond": "菱形", "dot": "圆点", "star": "星形",
                           "triangle": "三角形", "triangleDown": "倒三角形", "square": "正方形", "hexagon": "六边形"}},
}


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


def page_data(V: nx.MultiDiGraph, *, lang: str = "en", title: str = "Evidence graph",
              outcomes: list[dict] | None = None) -> dict:
    """Return the JSON-ready data of the page for view ``V`` (see :mod:`kg.render.view`).

    ``nodes`` and ``edges`` are what vis-network draws plus the text of their tooltips (quotes as
    readable text: :func:`kg.render.text.readable`); ``chains`` the highlighted chains, each hop with
    the numbers of its outcome measures where ``outcomes`` (records of :func:`kg.query.outcomes.outcomes`)
    hold them; ``layers`` the overview's columns; ``words``, ``legend`` and ``options`` the rest of the page.

    >>> from kg.examples import toy_graph
    >>> from kg.graph.projection import project
    >>> from kg.render.view import neighbourhood
    >>> data = page_data(neighbourhood(project(toy_graph()), "ent:KDR"), lang="zh")
    >>> sorted(n["label"] for n in data["nodes"])
    ['安罗替尼', '血管内皮生长因子受体', '血管内皮生长因子受体2']
    >>> sorted({(n["layer"], n["cls_label"]) for n in data["nodes"]}), data["words"]["find"]
    ([(0, '药物'), (1, '药物靶点'), (1, '蛋白家族')], '查找')
    """
    from kg.render import view

    model = V.graph.get("model")
    levels = model.levels if model is not None else []
    max_rank = max((lvl.rank for lvl in levels), default=9)
    highlighting = bool(V.graph.get("chains"))
    big = V.number_of_nodes() > BIG
    layered = not highlighting and not big
    words = WORDS["zh" if lang == "zh" else "en"]
    if lang == "zh" and title == V.graph.get("title"):      # the view's own English title: say it in Chinese
        title = _title_zh(V, title)

    def width(rank: int) -> float:
        return 1.0 + 4.0 * max(rank, 0) / max(max_rank, 1)

    def in_lang(attrs: dict, fallback: str) -> str:
        return _in_lang(attrs, fallback, lang)

    def class_label(cls: str) -> str:
        en, zh = model.classes.get(cls, ("", "")) if model is not None else ("", "")
        return zh if lang == "zh" and zh else CLASS_STYLE.get(cls, (None, None, en or cls or DEFAULT_STYLE[2]))[2]

    depth = _chain_depth(V.graph.get("chains", []))
    position = precomputed_layout(V) if big and not highlighting else {}
    hidden = view.folded(V) if layered else set()
    class_order = {cls: i * 10 + j for i, (_, _, classes) in enumerate(view.LAYERS) for j, cls in enumerate(classes)}
    nodes, used_classes = [], {}
    for node, attrs in sorted(V.nodes(data=True)):
        cls = attrs.get("cls", "")
        colour, shape = _look(cls, layered)
        used_classes.setdefault(cls, 0)
        used_classes[cls] += 1
        nodes.append({"id": node, "label": in_lang(attrs, node), "label_en": attrs.get("label", node),
                      "label_zh": attrs.get("label_zh", ""), "cls": cls, "cls_label": class_label(cls),
                      "color": colour, "shape": shape, "font_color": _text_colour(colour), "xrefs": list(attrs.get("xrefs", [])),
                      "synonyms": list(attrs.get("synonyms", [])), "chains": list(attrs.get("chains", [])),
                      "depth": depth.get(node), "xy": position.get(node), "layer": view.layer(cls),
                      "order": class_order.get(cls, 99), "group": view.family(V, node) if layered else "",
                      "degree": V.degree(node), "folded": node in hidden})
    level_style = {lvl.label: LEVEL_STYLE.get(lvl.curie, (EVIDENCE_COLOUR, False)) for lvl in levels}
    edges, edge_ids = [], {}
    for i, (u, v, key, attrs) in enumerate(sorted(V.edges(keys=True, data=True), key=lambda e: e[:3])):
        edge_ids[(u, v, key)] = f"e{i}"
        kind = ("context" if attrs.get("context") else "structure" if attrs.get("structural")
                else "null" if attrs.get("no_effect") else "evidence")
        rank, on_chain = attrs.get("rank", -1), list(attrs.get("chains", []))
        support = [_readable_support(s, model, lang) for s in attrs.get("support", [])]
        mismatched = any(s["mismatches"] for s in support)
        colour, dashes = {"context": (CONTEXT_COLOUR, [2, 4]), "structure": (STRUCTURE_COLOUR, False),
                          "null": (NULL_COLOUR, [3, 3])}.get(kind) or level_style.get(attrs.get("level"),
                                                                                        (EVIDENCE_COLOUR, False))
        if kind == "evidence" and attrs.get("contested"):
            colour = CONTESTED_COLOUR
        line = {"evidence": width(rank), "structure": 0.8, "context": 0.6, "null": 1.0}[kind]
        if highlighting:
            colour, line = (colour, line + 2.5) if on_chain else (FADED_COLOUR, line)
        label = in_lang(attrs, key) + (" ⚑" if mismatched else "")
        edges.append({
            "id": f"e{i}", "from": u, "to": v, "label": label, "relation": attrs.get("label", key),
            "from_label": in_lang(V.nodes[u], u), "to_label": in_lang(V.nodes[v], v), "kind": kind,
            "level": _level_words(model, attrs.get("level", ""), lang), "contested": bool(attrs.get("contested")),
            "width": line, "dashes": dashes, "color": colour, "mismatched": mismatched,
            "support": support, "chains": on_chain,
        })
    used_kinds = {e["kind"] for e in edges}
    by_outcome = {r["outcome"]: r for r in outcomes or []}
    return {
        "title": title, "lang": lang, "words": words, "nodes": nodes, "edges": edges, "layered": layered,
        "layers": [zh if lang == "zh" else en for en, zh, _ in view.LAYERS] if layered else [],
        "chains": [_chain_entry(chain, drawn, edge_ids, V, lang, by_outcome)
                   for chain, drawn in V.graph.get("chains", [])],
        "legend": {
            "classes": [{"cls": cls, "label": class_label(cls), "color": style[0], "shape": _look(cls, layered)[1],
                         "count": used_classes[cls], "folded": sum(1 for n in nodes if n["cls"] == cls and n["folded"])}
                        for cls, style in CLASS_STYLE.items() if cls in used_classes],
            "levels": [{"label": _level_words(model, lvl.label, lang), "width": width(lvl.rank),
                        "color": LEVEL_STYLE.get(lvl.curie, (EVIDENCE_COLOUR, False))[0],
                        "dashes": LEVEL_STYLE.get(lvl.curie, (EVIDENCE_COLOUR, False))[1]} for lvl in levels]
                      if "evidence" in used_kinds else [],
            "kinds": [{"label": words[kind + "_kind"], "color": colour, "width": w, "dashes": dashes}
                      for kind, colour, w, dashes in (
                          ("evidence", EVIDENCE_COLOUR, 2, False), ("null", NULL_COLOUR, 1, [3, 3]),
                          ("structure", STRUCTURE_COLOUR, 1, False), ("context", CONTEXT_COLOUR, 1, [2, 4]))
                      if kind in used_kinds] + ([{"label": words["on_chain"], "color": "#555555",
                                                  "width": 4, "dashes": False}] if highlighting else []),
        },
        "options": _options(V, highlighting, layered),
    }


def _title_zh(V: nx.MultiDiGraph, title: str) -> str:
    """A chains view's or the whole graph's title in Chinese (other titles stay as given)."""
    chains = V.graph.get("chains")
    if chains:
        ends = chains[0][0].nodes
        return f"前 {len(chains)} 条链条：{_in_lang(V.nodes[ends[0]], ends[0], 'zh')} → {_in_lang(V.nodes[ends[-1]], ends[-1], 'zh')}"
    return "证据图谱" if title == "Evidence graph" else title


def _look(cls: str, layered: bool) -> tuple[str, str]:
    """A class's colour and shape; on an overview every shape holds its label (box or ellipse), so that
    labels stay inside their node and rows do not overlap."""
    colour, shape, _ = CLASS_STYLE.get(cls, DEFAULT_STYLE)
    return colour, shape if not layered or shape in ("box", "ellipse") else "box"


def _text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (``#rrggbb``).

    >>> _text_colour("#1f77b4"), _text_colour("#dbdb8d")
    ('#ffffff', '#222222')
    """
    r, g, b = (int(background[i:i + 2], 16) for i in (1, 3, 5))
    return "#222222" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#ffffff"


def _in_lang(attrs: dict, fallback: str, lang: str) -> str:
    """The label of a node or edge in ``lang``, else its English label, else ``fallback``."""
    return (attrs.get("label_zh") if lang == "zh" else None) or attrs.get("label") or fallback


def _level_words(model, label: str, lang: str) -> str:
    """An evidence level's words in ``lang`` (the schema's @zh label), from its English label."""
    return level_words(model, label).pick(lang)


def _readable_support(support: dict, model, lang: str) -> dict:
    """A support record as a tooltip shows it: its quote as readable text, its level and mismatches in ``lang``."""
    kinds = model.mismatches if model is not None else {}
    return {**support, "quote": readable(support.get("quote", "")),
            "level": _level_words(model, support.get("level", ""), lang),
            "mismatch_words": [(kinds[m].label_zh if lang == "zh" and kinds[m].label_zh else kinds[m].label)
                               if m in kinds else m for m in support.get("mismatches", [])]}


def _chain_entry(chain, drawn: list[tuple[str, str, str]], edge_ids: dict, V: nx.MultiDiGraph, lang: str,
                 outcomes: dict) -> dict:
    """One highlighted chain as the page lists it: its steps in words, its certainty and why, and each
    hop's design, certainty, reasons, conditions, mismatch marks and clinical numbers, in ``lang``."""
    model, words = V.graph["model"], WORDS["zh" if lang == "zh" else "en"]
    zh = lang == "zh"

    def name(node: str) -> str:
        return _in_lang(V.nodes[node], node, lang)

    def relation(hop) -> str:
        return (hop.relation_zh if zh else None) or hop.relation

    def grade(certainty, fallback: str) -> str:
        return model.grade(int(certainty), lang="zh") if zh and certainty != STRUCTURAL else fallback

    def reason(r: dict) -> str:
        return reason_words(r, lang)

    def mismatches(hop) -> list[str]:
        kinds = {m for s in hop.support for m in s.get("mismatches", [])}
        return sorted((model.mismatches[m].label_zh if zh else model.mismatches[m].label) if m in model.mismatches
                      else m for m in kinds)

    steps = [name(chain.nodes[0])] + [f"{relation(hop)} {name(hop.target)}" for hop in chain.hops]
    net = chain.net_effect_zh if zh else chain.net_effect
    benefit = chain.benefit_zh if zh else chain.benefit
    return {"nodes": chain.nodes, "edges": [edge_ids[e] for e in drawn], "text": " → ".join(steps),
            "certainty": None if chain.certainty == STRUCTURAL else chain.certainty,
            "grade": grade(chain.certainty, chain.grade), "net_effect": net, "benefit": benefit,
            "why": chain.why_zh if zh else chain.why,
            "variants": len(chain.variants), "contested": chain.contested, "mixed_context": chain.mixed_context,
            "hops": [{"from": name(hop.source), "relation": relation(hop), "to": name(hop.target),
                      "structural": hop.structural, "design": _level_words(model, hop.level, lang),
                      "certainty": hop.certainty if not hop.structural else None,
                      "grade": grade(hop.certainty, hop.grade), "weakest": hop.weakest,
                      "reasons": [reason(r) for r in hop.reasons],
                      "conditions": hop.conditions_zh if zh else hop.conditions,
                      "inferred": hop.inferred_zh if zh else hop.inferred,
                      "isolated_by": hop.isolated_by_zh if zh else hop.isolated_by,
                      "mismatched": hop.mismatched, "mismatches": mismatches(hop), "contested": hop.contested,
                      "numbers": _numbers(hop.support, outcomes, words, zh)} for hop in chain.hops]}


def _numbers(support: list, outcomes: dict, words: dict, zh: bool = False) -> list[str]:
    """The clinical numbers behind a hop, one phrase per outcome measure: study, endpoint, value against
    its comparator, n, p-value and significance (from its ``kg outcomes`` record where there is one), in
    ``words``' language (``zh``: the records' Chinese names, where they have them).

    >>> _numbers([{"assertion": "om:x", "value": 7.3, "comparator_value": 4.9, "p_value": None, "p_value_text": "",
    ...            "significant": True, "against": False}],
    ...          {"om:x": {"study": "ALTER 1202", "endpoint": "median overall survival", "value": 7.3, "value_high": None,
    ...                    "unit": "mo", "comparator": "placebo alone", "comparator_value": 4.9, "n": 82}}, WORDS["en"])
    ['ALTER 1202 · median overall survival: 7.3 mo vs 4.9 (placebo alone), n = 82, significant']
    """
    from kg.query.outcomes import format_value

    phrases = []
    for s in support:
        if s.get("value") is None:
            continue
        record = outcomes.get(s["assertion"])
        if record is not None:
            study, endpoint, comparator = ((record.get(f"{name}_zh") if zh else None) or record.get(name)
                                           for name in ("study", "endpoint", "comparator"))
            text = f"{study} · {endpoint}: {format_value(record)}"
            if record["comparator_value"] is not None:
                text += f" {words['vs']} {record['comparator_value']:g}" + (f" ({comparator})" if comparator else "")
            if record.get("n") is not None:
                text += f", n = {record['n']:g}"
        else:
            text = f"{s['assertion']}: {s['value']:g}" + (
                f" {words['vs']} {s['comparator_value']:g}" if s.get("comparator_value") is not None else "")
        p = p_words(s)
        significance = (words["not_significant"] if s["against"] or s.get("significant") is False
                        else words["significant"] if s.get("significant") else "")
        phrases.append(text + "".join(f", {x}" for x in (p, significance) if x))
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


def _options(V: nx.MultiDiGraph, highlighting: bool, layered: bool) -> dict:
    """vis-network options: an overview laid out in columns by the page (no physics); chains left to right;
    big graphs come laid out (:func:`precomputed_layout`)."""
    big = V.number_of_nodes() > BIG
    options = {
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big},
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "edges": {"smooth": False if big else {"type": "continuous"}, "font": {"size": 10, "align": "middle"}},
        "nodes": {"font": {"size": 14}},
    }
    if layered:
        options["edges"]["smooth"] = {"type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.45}
        options["edges"]["arrows"] = {"to": {"scaleFactor": 0.5}}
        options["nodes"] = {"font": {"size": 17}, "widthConstraint": {"maximum": 170}, "margin": 6}
    if highlighting:
        options["layout"]["hierarchical"] = {"enabled": True, "direction": "LR", "levelSeparation": 260,
                                             "nodeSpacing": 90}
    return options


def render_html(V: nx.MultiDiGraph, path: str | Path, *, lang: str = "en", title: str = "Evidence graph",
                outcomes: list[dict] | None = None) -> Path:
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
    return atomic_write(Path(path), page_bytes(V, lang=lang, title=title, outcomes=outcomes))


def page_bytes(V: nx.MultiDiGraph, *, lang: str = "en", title: str = "Evidence graph",
               outcomes: list[dict] | None = None) -> bytes:
    """Return the page for view ``V`` as UTF-8 bytes; raise :class:`~kg.errors.KGInputError` for a view
    too big to open (see :func:`check_drawable`).

    >>> from kg.examples import toy_projection
    >>> from kg.render.view import whole
    >>> b"<title>Toy</title>" in page_bytes(whole(toy_projection()), title="Toy")
    True
    """
    check_drawable(V.number_of_nodes(), V.number_of_edges())
    return html_page(page_data(V, lang=lang, title=title, outcomes=outcomes)).encode("utf-8")


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
