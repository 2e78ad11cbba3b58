"""Outcomes: the clinical numbers (outcome measures) as records, filtered and compared.

>>> from kg.examples import toy_graph
>>> [(r["value"], r["comparator_value"], r["n"]) for r in outcomes(toy_graph(), endpoint="ent:PFS")]
[(5.4, 1.4, 294)]
"""

from __future__ import annotations

from collections import OrderedDict
from decimal import Decimal

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.draft.marks import without_drafts
from kg.graph.scope import broader_links, narrower
from kg.namespaces import KG, curie, expand, label, text
from kg.provenance import cited_publications, reference

# Outcome measures of a study and of its subgroup analyses; the study is bound as a parameter
# (projected too: Oxigraph substitutes only variables that the SELECT clause names).
STUDY_OUTCOMES = """
SELECT DISTINCT ?om ?root WHERE {
    ?om a kg:OutcomeMeasure ; kg:study ?study .
    ?study kg:subgroupOf* ?root .
}"""


def outcomes(graph: Graph, *, study: str | None = None, disease: str | None = None, setting: str | None = None,
             endpoint: str | None = None, regimen: str | None = None, population: str | None = None,
             sort: str = "study") -> list[dict]:
    """Return outcome-measure records matching the filters (entity CURIEs or IRIs).

    ``study`` includes its subgroup analyses; ``disease``, ``setting`` and ``population`` include
    narrower ones (``skos:broader``); ``regimen`` matches a regimen or any regimen containing a
    drug or drug class. Each record has study, design, level, disease, setting, population,
    regimen, arm, endpoint, value, value_high, unit, comparator, comparator_value, p_value,
    p_value_text, significant, n, adverse_event, grade, definition, references, sources.

    >>> from kg.examples import toy_graph
    >>> g = toy_graph()
    >>> [(r["study"], r["arm"], r["endpoint"], r["value"], r["unit"]) for r in outcomes(g, disease="ent:lung_cancer")]
    [('Toy trial', 'anlotinib', 'median progression-free survival', 5.4, 'mo')]
    >>> outcomes(g, disease="ent:LUAD"), outcomes(g, regimen="ent:placebo")   # narrower disease; comparator only
    ([], [])
    """
    graph = without_drafts(graph)       # a draft is not an outcome until confirmed (kg/draft/marks.py)
    if study is not None:
        bound = graph.query(STUDY_OUTCOMES, initNs={"kg": KG}, initBindings={"root": expand(study)})
        candidates = {row.om for row in bound}
    else:
        candidates = set(graph.subjects(RDF.type, KG.OutcomeMeasure))
    links = broader_links(graph)
    scopes = {key: {expand(n) for n in narrower(links, curie(expand(name)))} if name else None
              for key, name in (("disease", disease), ("setting", setting), ("population", population))}
    rows = []
    for om in sorted(candidates):   # the stable sort below then breaks ties by outcome IRI, not by set order
        record = _record(graph, om)
        if endpoint and record["_endpoint"] != expand(endpoint):
            continue
        if regimen and not _has_regimen(graph, record["_regimen"], expand(regimen)):
            continue
        if any(scope is not None and not scope.intersection(record["_" + key]) for key, scope in scopes.items()):
            continue
        rows.append(record)
    keys = {"study": lambda r: (r["study"], r["arm"] or "", r["endpoint"]),
            "value": lambda r: (r["endpoint"], -float(r["value"])),
            "endpoint": lambda r: (r["endpoint"], r["study"])}
    rows.sort(key=keys.get(sort, keys["study"]))
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]


def compare(rows: list[dict]) -> tuple[list[str], list[list]]:
    """Return (columns, table) putting each endpoint side by side per study and arm.

    Columns: study, population, regimen, then one per endpoint in first-seen order; a cell is
    the value with its unit (and the comparator's value after "vs"), "—" where a study lacks it.

    >>> row = {"study": "Toy trial", "arm": "anlotinib", "regimen": "anlotinib", "population": "",
    ...        "endpoint": "PFS", "value": 5.4, "unit": "mo", "comparator_value": 1.4}
    >>> compare([row, dict(row, endpoint="ORR", value=9.2, unit="%", comparator_value=None),
    ...          dict(row, study="Other trial", value=4.1, comparator_value=None)])
    (['study', 'population', 'regimen', 'PFS', 'ORR'], [['Toy trial', '', 'anlotinib', '5.4 mo vs 1.4', '9.2%'], ['Other trial', '', 'anlotinib', '4.1 mo', '—']])
    """
    endpoints = list(OrderedDict.fromkeys(r["endpoint"] for r in rows))
    table: OrderedDict = OrderedDict()
    for r in rows:
        key = (r["study"], r["arm"] or r["regimen"], r["population"])
        line = table.setdefault(key, {"study": r["study"], "population": r["population"], "regimen": r["regimen"]})
        cell = format_value(r)
        if r["comparator_value"] is not None:
            cell += f" vs {str(r['comparator_value'])}"
        line[r["endpoint"]] = cell if r["endpoint"] not in line else line[r["endpoint"]] + "; " + cell
    columns = ["study", "population", "regimen", *endpoints]
    return columns, [[line.get(c, "—") for c in columns] for line in table.values()]


def format_value(record: dict) -> str:
    """Return a record's value as printed: ``23.9%``, ``6.1 mo``, ``13–67.7%``, ``9 patients``.

    >>> format_value({"value": 6.1, "unit": "mo"}), format_value({"value": 13, "value_high": 67.7, "unit": "%"})
    ('6.1 mo', '13–67.7%')
    >>> format_value({"value": 9, "unit": "{patients}"})
    '9 patients'
    """
    value = str(record["value"])
    if record.get("value_high") is not None:
        value += "–" + str(record["value_high"])
    unit = record["unit"]
    if unit == "%":
        return value + "%"
    return f"{value} {({'mo': 'mo', '{patients}': 'patients'}).get(unit, unit)}".strip()


def _record(graph: Graph, om: URIRef) -> dict:
    v = lambda s, p: graph.value(s, p)
    study = v(om, KG.study)
    arm, comparator = v(om, KG.arm), v(om, KG.comparatorArm)
    regimen = v(om, KG.regimen) or (v(arm, KG.regimen) if arm is not None else None)
    parent = v(study, KG.subgroupOf)
    disease = v(om, KG.disease) or v(study, KG.disease) or (v(parent, KG.disease) if parent is not None else None)
    setting = v(study, KG.setting) or (v(parent, KG.setting) if parent is not None else None)
    population = v(om, KG.population) or v(study, KG.population)
    pubs = cited_publications(graph, om)
    sources = []
    for src in sorted(graph.objects(om, KG.source)):
        section = v(src, KG.section)
        sources.append({"section": curie(section) if section is not None else "",
                        "quote": str(v(src, KG.quote) or "")})
    return {
        "outcome": curie(om),
        "study": label(graph, study), "study_id": curie(study) if study is not None else "",
        "subgroup_of": label(graph, parent) if parent is not None else None,
        "design": str(next((d for d in graph.objects(study, KG.design) if getattr(d, "language", None) in (None, "en")), "")),
        "level": label(graph, v(om, KG.evidenceLevel)),
        "disease": label(graph, disease), "setting": label(graph, setting),
        "population": label(graph, population), "regimen": label(graph, regimen),
        "arm": label(graph, arm) if arm is not None else None,
        "endpoint": label(graph, v(om, KG.endpoint)),
        "adverse_event": label(graph, v(om, KG.adverseEvent)) if v(om, KG.adverseEvent) is not None else None,
        "grade": _str(graph, om, KG.grade), "definition": _str(graph, om, KG.definition),
        "value": _num(v(om, KG.value)), "value_high": _num(v(om, KG.valueHigh)), "unit": _str(graph, om, KG.unit),
        "comparator": label(graph, v(comparator, KG.regimen)) if comparator is not None else None,
        "comparator_arm": label(graph, comparator) if comparator is not None else None,
        "comparator_value": _num(v(om, KG.comparatorValue)),
        "difference": _num(v(om, KG.difference)),
        "p_value": _num(v(om, KG.pValue)), "p_value_text": _str(graph, om, KG.pValueText),
        "significant": v(om, KG.significant).toPython() if v(om, KG.significant) is not None else None,
        "direction": "does not support" if v(om, KG.direction) == KG.DoesNotSupport else "supports",
        "n": _num(v(om, KG.sampleSize)) or _arm_size(graph, om, study, arm),
        "references": [reference(graph, p) for p in pubs],
        "sources": sources,
        # Chinese labels, for a page in Chinese ('' where there is none)
        "study_zh": label(graph, study, "zh") if study is not None else "",
        "endpoint_zh": label(graph, v(om, KG.endpoint), "zh") if v(om, KG.endpoint) is not None else "",
        "comparator_zh": label(graph, v(comparator, KG.regimen), "zh") if comparator is not None and v(comparator, KG.regimen) is not None else "",
        "_endpoint": v(om, KG.endpoint), "_regimen": regimen,
        "_disease": {disease} if disease is not None else set(),
        "_setting": {setting} if setting is not None else set(),
        "_population": {population} if population is not None else set(),
    }


def _arm_size(graph: Graph, om, study, arm):
    """The arm's n where the measure is about that whole arm: in the arm's own study (not a subgroup
    analysis that borrows it) and not in a subgroup population of its own."""
    whole_arm = (arm is not None and (study, KG.hasArm, arm) in graph
                 and graph.value(om, KG.population) in (None, graph.value(study, KG.population)))
    return _num(graph.value(arm, KG.sampleSize)) if whole_arm else None


def _has_regimen(graph: Graph, regimen, wanted: URIRef) -> bool:
    if regimen is None:
        return False
    if regimen == wanted:
        return True
    components = set(graph.objects(regimen, KG.hasComponent))
    members = {m for c in components for m in graph.transitive_objects(c, KG.hasMember)}
    return wanted in components or wanted in members


def _num(value):
    if value is None:
        return None
    number = value.toPython()
    # xsd:decimal is a float here whatever its lexical form: Oxigraph keeps "4.0" as "4".
    return float(number) if isinstance(number, Decimal) else number


def _str(graph: Graph, node, predicate) -> str | None:
    return text(graph, node, predicate) or None
