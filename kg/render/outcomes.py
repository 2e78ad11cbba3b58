"""The outcomes page: every clinical number as a point, endpoint by endpoint, so studies compare at a glance.

Drawn from the records of :func:`kg.query.outcomes.outcomes` (the `kg outcomes` query, with its
filters), as one inline SVG made here: one panel per endpoint and unit, its rows grouped by
disease and setting, one row per outcome measure with the study's value as a point, its
comparator as an open diamond joined to it, a range as a bar where the source gives one, and n,
the p-value and the significance at the right. A significant result is a filled dark point; one
that is not (or that does not support its relation) a hollow grey point; one whose significance
the source does not state a small grey point. Hovering a row shows its quote (superscripts and
Greek letters as text, :func:`kg.render.text.readable`) and DOI; clicking keeps it in the panel
with links.

Every text enters the SVG escaped, and the tooltip data as escaped JSON put into the page as text.

>>> record = {"outcome": "om:T-PFS", "study": "Toy <trial>", "subgroup_of": None, "disease": "NSCLC",
...           "setting": "later-line", "population": "", "regimen": "anlotinib", "arm": "anlotinib",
...           "endpoint": "median PFS", "adverse_event": None, "value": 5.4, "value_high": None, "unit": "mo",
...           "comparator": "placebo", "comparator_value": 1.4, "p_value": 0.001, "p_value_text": None,
...           "significant": True, "direction": "supports", "n": 294, "level": "randomized phase 3 trial",
...           "references": [], "sources": []}
>>> page = outcomes_html([record], title="Outcomes")
>>> page.count('class="point significant"'), "Toy &lt;trial&gt;" in page, "Toy <trial>" in page
(1, True, False)
"""

from __future__ import annotations

import html
import math
from collections import OrderedDict
from pathlib import Path

from kg.io.atomic import atomic_write
from kg.query.outcomes import format_value
from kg.render.text import readable

# Geometry of the SVG, in pixels.
LABEL_W, PLOT_W, ROW_H, GROUP_H, PANEL_GAP = 430, 440, 34, 26, 30
PLOT_X = LABEL_W + 20
VALUE_X = PLOT_X + PLOT_W + 24
N_X, P_X, MARK_X = VALUE_X + 150, VALUE_X + 200, VALUE_X + 290
WIDTH = MARK_X + 130

SIGNIFICANT, NOT_SIGNIFICANT, UNSTATED = "significant", "not significant", "significance not stated"
POINT_STYLE = {   # (fill, stroke, radius): a result that is not significant is hollow and grey
    SIGNIFICANT: ("#08519c", "#08519c", 6),
    NOT_SIGNIFICANT: ("#ffffff", "#8c8c8c", 6),
    UNSTATED: ("#9ecae1", "#6b8fb3", 4.5),
}
CSS_CLASS = {SIGNIFICANT: "significant", NOT_SIGNIFICANT: "not-significant", UNSTATED: "unstated"}


def significance(record: dict) -> str:
    """Return whether a measure is significant, not significant (or does not support its relation), or unstated.

    >>> significance({"significant": True, "direction": "supports"})
    'significant'
    >>> significance({"significant": None, "direction": "does not support"}), significance({"significant": None})
    ('not significant', 'significance not stated')
    """
    if record.get("significant") is False or record.get("direction") == "does not support":
        return NOT_SIGNIFICANT
    return SIGNIFICANT if record.get("significant") else UNSTATED


def panels(records: list[dict]) -> list[tuple[str, str, list[tuple[str, list[dict]]]]]:
    """Return ``(endpoint, unit, groups)`` panels, the endpoints with most measures first, each with its
    ``(disease · setting, rows)`` groups; a study's subgroup analyses follow it.

    >>> rows = [{"endpoint": "OS", "unit": "mo", "disease": "SCLC", "setting": "", "study": "B", "subgroup_of": None},
    ...         {"endpoint": "OS", "unit": "mo", "disease": "SCLC", "setting": "", "study": "A sub", "subgroup_of": "A"},
    ...         {"endpoint": "OS", "unit": "mo", "disease": "NSCLC", "setting": "first-line", "study": "C", "subgroup_of": None},
    ...         {"endpoint": "ORR", "unit": "%", "disease": "", "setting": "", "study": "C", "subgroup_of": None}]
    >>> [(e, [(g, [r["study"] for r in rows]) for g, rows in groups]) for e, _, groups in panels(rows)]
    [('OS', [('NSCLC · first-line', ['C']), ('SCLC', ['A sub', 'B'])]), ('ORR', [('disease not stated', ['C'])])]
    """
    by_panel: OrderedDict = OrderedDict()
    for r in records:
        by_panel.setdefault((r["endpoint"], r["unit"] or ""), []).append(r)
    ordered = sorted(by_panel.items(), key=lambda item: (-len(item[1]), item[0]))
    result = []
    for (endpoint, unit), rows in ordered:
        groups: dict = {}
        for r in rows:
            name = " · ".join(x for x in (r["disease"], r["setting"]) if x) or "disease not stated"
            groups.setdefault(name, []).append(r)
        result.append((endpoint, unit, [
            (name, sorted(group, key=lambda r: (r["subgroup_of"] or r["study"], r["subgroup_of"] is not None,
                                                r["study"], r.get("adverse_event") or "", r.get("arm") or "")))
            for name, group in sorted(groups.items())]))
    return result


def outcomes_svg(records: list[dict]) -> tuple[str, int]:
    """Return the SVG of ``records`` (see the module docstring) and how many points it draws.

    Each row is a ``<g class="row" data-i="I">``, ``I`` the record's index in ``records``.

    >>> svg, drawn = outcomes_svg([{"outcome": "om:x", "study": "S", "subgroup_of": None, "disease": "", "setting": "",
    ...     "endpoint": "ORR", "unit": "%", "value": 20.0, "value_high": None, "comparator_value": None,
    ...     "significant": None, "direction": "supports", "n": None, "p_value": None, "p_value_text": None,
    ...     "regimen": "r", "arm": None, "comparator": None, "adverse_event": None}])
    >>> drawn, svg.startswith("<svg"), 'class="point unstated"' in svg
    (1, True, True)
    """
    index = {id(r): i for i, r in enumerate(records)}
    parts, y, drawn = [], 10, 0
    for endpoint, unit, groups in panels(records):
        rows = [r for _, g in groups for r in g]
        top = max(max(r["value"], r["value_high"] or 0, r["comparator_value"] or 0) for r in rows)
        ticks = _ticks(top)
        scale = PLOT_W / ticks[-1]
        unit_words = {"mo": "months", "%": "%", "{patients}": "patients"}.get(unit, unit)
        parts.append(f'<text class="panel" x="0" y="{y + 18}">{_e(endpoint)}'
                     f'{f" ({_e(unit_words)})" if unit_words else ""} · {len(rows)} measure(s)</text>')
        parts.append(f'<text class="head" x="{VALUE_X}" y="{y + 18}">value vs comparator</text>'
                     f'<text class="head" x="{N_X}" y="{y + 18}">n</text><text class="head" x="{P_X}" y="{y + 18}">p</text>'
                     f'<text class="head" x="{MARK_X}" y="{y + 18}">significance</text>')
        y += 28
        body_top, body = y, []
        for name, group in groups:
            body.append(f'<text class="group" x="4" y="{y + 17}">{_e(name)}</text>')
            y += GROUP_H
            for r in group:
                body.append(_row(r, index[id(r)], y, scale))
                drawn += 1
                y += ROW_H
        # Gridlines behind the rows, tick labels below them.
        for t in ticks:
            x = PLOT_X + t * scale
            parts.append(f'<line class="grid" x1="{x:.1f}" y1="{body_top}" x2="{x:.1f}" y2="{y}"/>')
        parts.extend(body)
        parts.extend(f'<text class="tick" x="{PLOT_X + t * scale:.1f}" y="{y + 14}" text-anchor="middle">{_num(t)}</text>'
                     for t in ticks)
        y += 20 + PANEL_GAP
    height = y
    return (f'<svg xmlns="http://www.w3.org/2000/svg" id="forest" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img">' + "".join(parts) + "</svg>"), drawn


def _row(r: dict, i: int, y: float, scale: float) -> str:
    """One outcome measure: its labels, point, comparator, range and numbers."""
    kind = significance(r)
    fill, stroke, radius = POINT_STYLE[kind]
    mid = y + ROW_H / 2
    study = ("↳ " if r["subgroup_of"] else "") + r["study"]
    what = r["arm"] or r["regimen"] or ""
    if r.get("adverse_event"):
        what = f"{r['adverse_event']}{' grade ' + r['grade'] if r.get('grade') else ''} · {what}"
    if r["comparator"]:
        what += f" vs {r['comparator']}"
    x = PLOT_X + r["value"] * scale
    out = [f'<g class="row" data-i="{i}" data-outcome="{_e(r["outcome"])}">',
           f'<rect class="hit" x="0" y="{y}" width="{WIDTH}" height="{ROW_H}"/>',
           f'<text class="study" x="{16 if r["subgroup_of"] else 8}" y="{mid - 2}">{_e(_cut(study, 62))}</text>',
           f'<text class="arm" x="{16 if r["subgroup_of"] else 8}" y="{mid + 12}">{_e(_cut(what, 74))}</text>']
    if r["value_high"] is not None:
        out.append(f'<line class="range" x1="{x:.1f}" y1="{mid}" x2="{PLOT_X + r["value_high"] * scale:.1f}" y2="{mid}"/>')
    if r["comparator_value"] is not None:
        cx = PLOT_X + r["comparator_value"] * scale
        out.append(f'<line class="link" x1="{cx:.1f}" y1="{mid}" x2="{x:.1f}" y2="{mid}"/>')
        out.append(f'<path class="comparator" d="M{cx:.1f} {mid - 6}l6 6l-6 6l-6 -6z"/>')
    out.append(f'<circle class="point {CSS_CLASS[kind]}" '
               f'cx="{x:.1f}" cy="{mid}" r="{radius}" fill="{fill}" stroke="{stroke}" stroke-width="2"/>')
    value = format_value(r) + (f" vs {_num(r['comparator_value'])}" if r["comparator_value"] is not None else "")
    p = r["p_value_text"] or (f"p = {_num(r['p_value'])}" if r["p_value"] is not None else "")
    mark = {SIGNIFICANT: "✓ significant", NOT_SIGNIFICANT: "✗ not significant", UNSTATED: "—"}[kind]
    out.append(f'<text class="value {CSS_CLASS[kind]}" x="{VALUE_X}" y="{mid + 4}">{_e(value)}</text>')
    out.append(f'<text class="n" x="{N_X}" y="{mid + 4}">{_e(_num(r["n"])) if r["n"] is not None else "—"}</text>')
    out.append(f'<text class="p {CSS_CLASS[kind]}" x="{P_X}" y="{mid + 4}">{_e(p or "—")}</text>')
    out.append(f'<text class="mark {CSS_CLASS[kind]}" x="{MARK_X}" y="{mid + 4}">{_e(mark)}</text>')
    out.append("</g>")
    return "".join(out)


def tooltip_records(records: list[dict]) -> list[dict]:
    """Return what a row's tooltip shows, per record: its numbers in words, quotes as readable text, DOIs.

    >>> tooltip_records([{"study": "S", "arm": None, "regimen": "r", "comparator": None, "endpoint": "ORR",
    ...     "value": 9.0, "value_high": None, "unit": "%", "comparator_value": None, "n": 20, "p_value": None,
    ...     "p_value_text": None, "significant": None, "direction": "supports", "population": "", "design": "",
    ...     "level": "single-arm", "outcome": "om:x", "references": [],
    ...     "sources": [{"section": "doc:d000-s1", "quote": "CD8<sup>+</sup>"}]}])[0]["quotes"]
    ['CD8⁺']
    """
    return [{"outcome": r["outcome"], "study": r["study"], "endpoint": r["endpoint"],
             "arm": r["arm"] or r["regimen"] or "", "comparator": r["comparator"] or "",
             "value": format_value(r), "comparator_value": _num(r["comparator_value"]),
             "n": _num(r["n"]), "p": r["p_value_text"] or (f"p = {_num(r['p_value'])}" if r["p_value"] is not None else ""),
             "significance": significance(r), "population": r["population"] or "", "design": r.get("design") or "",
             "level": r["level"], "quotes": [readable(s["quote"]) for s in r["sources"] if s["quote"]],
             "sections": [s["section"] for s in r["sources"]],
             "references": [{"first_author": ref.get("first_author") or "", "year": ref.get("year") or "",
                             "doi": ref.get("doi") or ""} for ref in r["references"]]}
            for r in records]


def outcomes_html(records: list[dict], *, title: str = "Clinical outcomes", subtitle: str = "") -> str:
    """Return the outcomes page of ``records`` (from :func:`kg.query.outcomes.outcomes`) as one HTML document.

    >>> page = outcomes_html([], title="None <here>")
    >>> page.count("None &lt;here&gt;"), "<here>" in page      # the page's title and its heading, escaped
    (2, False)
    """
    import jinja2
    from markupsafe import Markup

    from kg.render.page import json_for_script

    svg, drawn = outcomes_svg(records) if records else ("", 0)
    template = jinja2.Environment(autoescape=True).from_string(
        (Path(__file__).parent / "templates" / "outcomes.html").read_text(encoding="utf-8"))
    legend = [(kind, *POINT_STYLE[kind]) for kind in (SIGNIFICANT, NOT_SIGNIFICANT, UNSTATED)]
    return template.render(title=title, subtitle=subtitle, svg=Markup(svg), drawn=drawn,
                           legend=legend, data_json=Markup(json_for_script(tooltip_records(records))))


def outcomes_bytes(records: list[dict], *, title: str = "Clinical outcomes", subtitle: str = "") -> bytes:
    """Return :func:`outcomes_html` as UTF-8 bytes.

    >>> outcomes_bytes([], title="T")[:15]
    b'<!DOCTYPE html>'
    """
    return outcomes_html(records, title=title, subtitle=subtitle).encode("utf-8")


def render_outcomes(records: list[dict], path: str | Path, *, title: str = "Clinical outcomes",
                    subtitle: str = "") -> Path:
    """Write the outcomes page of ``records`` to ``path`` atomically; return the path.

    >>> import tempfile, pathlib
    >>> from kg.examples import toy_graph
    >>> from kg.query.outcomes import outcomes
    >>> path = render_outcomes(outcomes(toy_graph()), pathlib.Path(tempfile.mkdtemp()) / "o.html")
    >>> path.read_text(encoding="utf-8").count('<g class="row"')
    1
    """
    return atomic_write(Path(path), outcomes_bytes(records, title=title, subtitle=subtitle))


def _ticks(top: float) -> list[float]:
    """Round axis ticks from 0 past ``top``: 0, 2, 4, … or 0, 20, 40, …"""
    top = top or 1.0
    step = 10 ** math.floor(math.log10(top / 4))
    for factor in (1, 2, 2.5, 5, 10):
        if top / (step * factor) <= 6:
            step *= factor
            break
    count = math.ceil(top / step)
    return [round(step * i, 6) for i in range(count + 1)]


def _num(value) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _e(text) -> str:
    return html.escape(str(text), quote=True)
