"""Rendering of results as aligned terminal tables (rich), for the command line."""

from __future__ import annotations

import shutil
from typing import Iterable, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kg.reasoning.indirectness import reason_words

# A pipe gets a wide table rather than Rich's 80-column default.
_console = Console(soft_wrap=False, width=shutil.get_terminal_size((180, 24)).columns)


def print_table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Print ``rows`` under ``columns`` as an aligned table (None cells print empty); return None.

    >>> print_table("Targets", ("drug", "relation", "target"),
    ...             [("anlotinib", "inhibits", "VEGFR2"), ("CCL5", "increases", None)])  # doctest: +NORMALIZE_WHITESPACE
                 Targets
    ┏━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━┓
    ┃ drug      ┃ relation  ┃ target ┃
    ┡━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━┩
    │ anlotinib │ inhibits  │ VEGFR2 │
    │ CCL5      │ increases │        │
    └───────────┴───────────┴────────┘
    """
    table = Table(title=title, show_lines=False, header_style="bold", expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(plain("" if cell is None else str(cell))) for cell in row))
    _console.print(table)


def plain(text: str) -> str:
    r"""Return ``text`` with control characters written out (``\x1b``), so that data printed to a
    terminal (a label, a quote, a server's answer) can never drive it; newlines are kept.

    Table cells are also :class:`rich.text.Text`, never markup: ``[/bold]`` or ``[link=…]`` in a
    label prints as itself.

    >>> plain("CD8\x1b[2J+ T")
    'CD8\\x1b[2J+ T'
    """
    return "".join(ch if ch.isprintable() or ch == "\n" else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def print_findings(report, *, warnings: bool = True) -> None:
    """Print a validation report: violations, then warnings, then a one-line verdict; return None.

    ``warnings=False`` leaves the warnings' table out (the verdict still counts them).

    >>> from kg.validation import Finding, Report
    >>> print_findings(Report())
    valid: 0 violation(s), 0 warning(s)
    >>> report = Report(violations=[Finding("ent:x", "label", "no English label")],
    ...                 warnings=[Finding("ent:y", "xref", "no identifier")])
    >>> print_findings(report, warnings=False)  # doctest: +NORMALIZE_WHITESPACE
               1 violation(s)
    ┏━━━━━━━━┳━━━━━━━┳━━━━━━━━━━━━━━━━━━┓
    ┃ entity ┃ rule  ┃ message          ┃
    ┡━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━━━━━━━┩
    │ ent:x  │ label │ no English label │
    └────────┴───────┴──────────────────┘
    INVALID: 1 violation(s), 1 warning(s)
    """
    if report.violations:
        print_table(f"{len(report.violations)} violation(s)", ("entity", "rule", "message"),
                    ((f.entity, f.rule, f.message) for f in report.violations))
    if warnings and report.warnings:
        print_table(f"{len(report.warnings)} warning(s)", ("entity", "rule", "message"),
                    ((f.entity, f.rule, f.message) for f in report.warnings))
    verdict = "valid" if report.ok else "INVALID"
    _console.print(f"{verdict}: {len(report.violations)} violation(s), {len(report.warnings)} warning(s)")


# The words of ``kg paths`` around the data, by language (the sentences in the data are :mod:`kg.reasoning.phrases`').
CHAIN_WORDS = {
    "en": {"chain": "[bold]Chain {}[/bold]: certainty {}", "hops_net": ", {} hop(s), net effect: {}",
           "for_patient": " ({} for the patient)", "structure_only": "structure only", "contested_link": "CONTESTED LINK",
           "mixes_contexts": "MIXES CONTEXTS", "flag_sep": "; ", "why": "  why: ", "more": "; +{} more",
           "weakest": "◀ weakest", "mismatch": "⚑ citation mismatch", "with": "with ", "inferred": "inferred: ",
           "isolated_by": "drug isolated by ", "contested": "contested", "structure": "(structure)", "list_sep": ", ",
           "clause_sep": "; ", "variants": "  + {} variant(s) through nested nodes: ",
           "columns": ("from", "relation", "to", "design", "certainty", "stepped down for", "pubs", "references", "notes")},
    "zh": {"chain": "[bold]链条 {}[/bold]：确定性{}", "hops_net": "，共 {} 步，净效应：{}",
           "for_patient": "（{}）", "structure_only": "仅结构", "contested_link": "存在相反证据的一步",
           "mixes_contexts": "情境混合", "flag_sep": "；", "why": "  排序理由：", "more": "；另 {} 篇",
           "weakest": "◀ 最弱一步", "mismatch": "⚑ 引文不一致", "with": "联合", "inferred": "推断：",
           "isolated_by": "药物效应由以下比较区分：", "contested": "存在相反证据", "structure": "（结构）", "list_sep": "、",
           "clause_sep": "；", "variants": "  另有 {} 个经嵌套节点的变体：",
           "columns": ("起点", "关系", "终点", "研究设计", "确定性", "降级理由", "文献数", "参考文献", "备注")},
}


def print_chains(chains: list[dict], *, lang: str = "en") -> None:
    """Print chains hop by hop: entity, relation, entity, design, certainty and its reasons, conditions,
    publications; a line on why each chain ranks where it does, and its near-duplicate variants.

    ``chains`` are :meth:`kg.query.paths.Chain.to_dict` records; ``lang="zh"`` prints everything in Chinese
    (:data:`CHAIN_WORDS` and the records' ``_zh`` fields; English where a name has no Chinese label). Returns None.

    >>> from kg.examples import toy_projection
    >>> from kg.query.paths import find_chains
    >>> G = toy_projection()
    >>> print_chains([find_chains(G, "ent:anlotinib", "ent:CCL5")[0].to_dict(G)])  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
    Chain 1: certainty very low (2), 1 hop(s), net effect: increases
      why: certainty very low (2/9): weakest hop 'anlotinib increases CCL5', ...
    │ anlotinib │ increases │ CCL5 │ animal...│ very low...◀ weakest │
    ...┘
    """
    from rich.markup import escape
    say = CHAIN_WORDS["zh" if lang == "zh" else "en"]
    for number, chain in enumerate(chains, 1):
        flags = [say[flag] for flag, on in (("contested_link", chain["contested"]), ("mixes_contexts", chain["mixed_context"]))
                 if on]
        benefit = _pick(chain["benefit"], chain.get("benefit_zh"), lang)
        effect = _pick(chain["net_effect"], chain.get("net_effect_zh"), lang) + (
            say["for_patient"].format(benefit) if benefit else "")
        grade = _pick(chain["grade"], chain.get("grade_zh"), lang) or say["structure_only"]
        head = (say["chain"].format(number, escape(grade))
                + (f" ({chain['certainty']})" if chain["certainty"] is not None else "")
                + say["hops_net"].format(len(chain["hops"]), escape(effect)))
        _console.print(head + (f"  [red]{say['flag_sep'].join(flags)}[/red]" if flags else ""))
        _console.print(say["why"] + escape(_pick(chain["why"], chain.get("why_zh"), lang)), highlight=False)
        rows = []
        for hop in chain["hops"]:
            source = _pick(hop["source_label"], hop.get("source_label_zh"), lang)
            target = _pick(hop["target_label"], hop.get("target_label_zh"), lang)
            relation = _pick(hop["relation"], hop.get("relation_zh"), lang)
            refs = "; ".join(_cite(r) for r in hop["publications"][:4])
            if len(hop["publications"]) > 4:
                refs += say["more"].format(len(hop["publications"]) - 4)
            conditions = hop.get("conditions_zh", hop["conditions"]) if lang == "zh" else hop["conditions"]
            notes = []
            if hop["weakest"]:
                notes.append(say["weakest"])
            if hop["mismatched"]:
                notes.append(say["mismatch"])
            if conditions:
                notes.append(say["with"] + say["list_sep"].join(conditions))
            if hop["inferred"]:
                notes.append(say["inferred"] + _pick(hop["inferred"], hop.get("inferred_zh"), lang))
            if hop["isolated_by"]:
                notes.append(say["isolated_by"] + _pick(hop["isolated_by"], hop.get("isolated_by_zh"), lang))
            if hop["contested"]:
                notes.append(say["contested"])
            certainty = "" if hop["structural"] else f"{_pick(hop['grade'], hop.get('grade_zh'), lang)} ({hop['certainty']})"
            reasons = say["clause_sep"].join(reason_words(r, lang) for r in hop["reasons"])
            rows.append((source, relation, target, _pick(hop["level"], hop.get("level_zh"), lang) or say["structure"],
                         certainty, reasons, hop["publications_at_certainty"] if not hop["structural"] else "", refs,
                         say["clause_sep"].join(notes)))
        print_table(None, say["columns"], rows)
        if chain["variants"]:
            _console.print(say["variants"].format(len(chain["variants"]))
                           + escape(" | ".join(_pick(v["text"], v.get("text_zh"), lang) for v in chain["variants"][:3]))
                           + (" | ..." if len(chain["variants"]) > 3 else ""), highlight=False)


def print_gaps(result: dict) -> None:
    """Print translational gaps (chains needing clinical evidence) and the gaps the documents name; return None.

    ``result`` is what :func:`kg.query.gaps.gaps` returns.

    >>> print_gaps({"chains": [], "named": [{"label": "toy gap", "from": ["anlotinib"], "to": ["OS"],
    ...             "missing": "a phase 3 trial", "section": "doc:toy-s1"}]})  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
    Chains to clinical outcomes resting on preclinical or hypothetical links (most certain first)
    ...
              Evidence gaps named by the source documents
    ...
    │ toy gap │ anlotinib → OS     │ a phase 3 trial │ doc:toy-s1 │
    └─────────┴────────────────────┴─────────────────┴────────────┘
    """
    rows = []
    for g in result["chains"]:
        weak = g["needs_clinical_evidence"]
        rows.append((g["outcome"], " → ".join(h["source_label"] for h in g["chain"]["hops"]) + " → " + g["outcome"],
                     f"{g['chain']['grade']} ({g['chain']['certainty']})",
                     f"{weak['source']} {weak['relation']} {weak['target']}", weak["level"],
                     "; ".join(reason_words(r) for r in weak["reasons"])))
    print_table("Chains to clinical outcomes resting on preclinical or hypothetical links (most certain first)",
                ("outcome", "chain", "certainty", "link that needs clinical evidence", "its design", "stepped down for"),
                rows)
    print_table("Evidence gaps named by the source documents", ("gap", "link left unproven", "missing", "where"),
                ((g["label"], f"{', '.join(g['from'])} → {', '.join(g['to'])}", g["missing"], g["section"])
                 for g in result["named"]))


def print_outcomes(rows: list[dict]) -> None:
    """Print outcome measures (:func:`kg.query.outcomes.outcomes` records) as an aligned table; return None.

    >>> record = {"study": "Toy trial", "population": "", "regimen": "anlotinib", "endpoint": "PFS",
    ...           "adverse_event": None, "grade": None, "definition": None, "value": 5.4, "value_high": None,
    ...           "unit": "mo", "comparator": "placebo", "comparator_arm": "placebo", "comparator_value": 1.4,
    ...           "p_value": 0.0001, "p_value_text": None, "significant": True, "n": 294, "references": []}
    >>> print_outcomes([record])  # doctest: +NORMALIZE_WHITESPACE
                                            1 outcome measure(s)
    ┏━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━┳━━━━━━━━━━━━┓
    ┃ study     ┃ population ┃ regimen   ┃ endpoint ┃ value  ┃ comparator  ┃ p      ┃ n   ┃ references ┃
    ┡━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━╇━━━━━━━━━━━━┩
    │ Toy trial │            │ anlotinib │ PFS      │ 5.4 mo │ placebo 1.4 │ 0.0001 │ 294 │            │
    └───────────┴────────────┴───────────┴──────────┴────────┴─────────────┴────────┴─────┴────────────┘
    """
    from kg.query.outcomes import format_value
    table = []
    for r in rows:
        comparator = ""
        if r["comparator_value"] is not None or r["comparator"]:
            comparator = f"{r['comparator'] or r['comparator_arm'] or ''} {r['comparator_value'] if r['comparator_value'] is not None else ''}".strip()
        p = r["p_value_text"] or (str(r["p_value"]) if r["p_value"] is not None else "")
        if r["significant"] is False:
            p = (p + " (n.s.)").strip()
        endpoint = r["endpoint"] + (f" [{r['adverse_event']}]" if r["adverse_event"] else "") \
            + (f" grade {r['grade']}" if r["grade"] else "") + (f" ({r['definition']})" if r["definition"] else "")
        refs = "; ".join(_cite(x) for x in r["references"])
        table.append((r["study"], r["population"], r["regimen"], endpoint, format_value(r), comparator, p,
                      r["n"] if r["n"] is not None else "", refs))
    print_table(f"{len(rows)} outcome measure(s)",
                ("study", "population", "regimen", "endpoint", "value", "comparator", "p", "n", "references"), table)


def print_compare(rows: list[dict]) -> None:
    """Print the same endpoints side by side across studies (one row per study arm; :func:`kg.query.outcomes.compare`);
    return None.

    >>> print_compare([{"study": "Toy trial", "arm": "anlotinib", "regimen": "anlotinib", "population": "",
    ...                 "endpoint": "PFS", "value": 5.4, "unit": "mo", "comparator_value": 1.4}])  # doctest: +NORMALIZE_WHITESPACE
                    Endpoints side by side
    ┏━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
    ┃ study     ┃ population ┃ regimen   ┃ PFS           ┃
    ┡━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
    │ Toy trial │            │ anlotinib │ 5.4 mo vs 1.4 │
    └───────────┴────────────┴───────────┴───────────────┘
    """
    from kg.query.outcomes import compare
    columns, table = compare(rows)
    print_table("Endpoints side by side", columns, table)


def print_evidence(rows: list[dict], *, lang: str = "en") -> None:
    """Print assertions grouped by evidence level (strongest first), with quotes and DOIs; a claim that
    others contradict (``contested_by``) is marked on its first row. Returns None.

    ``rows`` are :func:`kg.query.evidence.about` records, already in order: one table per run of a level.

    >>> row = {"subject": "anlotinib", "predicate": "inhibits", "object": "VEGFR2", "level": "in vitro",
    ...        "direction": "supports", "contested_by": [],
    ...        "sources": [{"section": "doc:toy-s1", "quote": "inhibits VEGFR2 [1]", "mismatch": [],
    ...                     "references": [{"first_author": "Toy, A.", "year": 2024, "doi": ""}]}]}
    >>> print_evidence([row])  # doctest: +NORMALIZE_WHITESPACE
                                       in vitro
    ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┓
    ┃ claim                     ┃ section    ┃ quote               ┃ references   ┃
    ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━┩
    │ anlotinib inhibits VEGFR2 │ doc:toy-s1 │ inhibits VEGFR2 [1] │ Toy, A. 2024 │
    └───────────────────────────┴────────────┴─────────────────────┴──────────────┘
    """
    from itertools import groupby

    from rich.markup import escape

    from kg.reasoning.polarity import p_words
    for level, group in groupby(rows, key=lambda r: r["level"]):
        table = []
        for r in group:
            subject = _pick(r["subject"], r.get("subject_zh"), lang)
            obj = _pick(r["object"], r.get("object_zh"), lang)
            claim = f"{subject} {r['predicate']} {obj}"
            if r["direction"] != "supports":      # a null result: never shown as the effect
                p = p_words(r)
                claim = f"{subject} {r['predicate']} {obj}: no effect shown" + (f" ({p})" if p else "")
            contested = "".join(f" ⚠ contested: {c['claim']} ({c['assertion']})"
                                + ("" if c["same_context"] else ", another disease") for c in r.get("contested_by", []))
            for i, src in enumerate(r["sources"] or ([{"section": "", "quote": "", "references": [], "mismatch": []}]
                                                     if contested else [])):
                refs = "; ".join(_cite(x) for x in src["references"])
                flag = f" ⚠ {src['mismatch_note']}" if src["mismatch"] else ""
                table.append((escape(claim) if i == 0 else "", escape(src["section"]), escape(src["quote"]),
                              escape((refs + flag + (contested if i == 0 else "")).strip())))
        print_table(level, ("claim", "section", "quote", "references"), table)


def print_neighbors(result: dict) -> None:
    """Print a neighbourhood's relations (``{"center", "nodes", "edges"}``, as :meth:`kg.api.KnowledgeGraph.neighbors` gives); return None.

    >>> print_neighbors({"center": "ent:CCL5",
    ...                  "nodes": [{"id": "ent:CCL5", "label": "CCL5"}, {"id": "ent:anlotinib", "label": "anlotinib"}],
    ...                  "edges": [{"source": "ent:anlotinib", "relation": "increases", "target": "ent:CCL5",
    ...                             "level": "animal model", "no_effect": ""}]})  # doctest: +NORMALIZE_WHITESPACE
                      Around CCL5
    ┏━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━┳━━━━━━━━━━━━━━┓
    ┃ from      ┃ relation  ┃ to   ┃ evidence     ┃
    ┡━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━╇━━━━━━━━━━━━━━┩
    │ anlotinib │ increases │ CCL5 │ animal model │
    └───────────┴───────────┴──────┴──────────────┘
    """
    labels = {n["id"]: n["label"] for n in result["nodes"]}
    print_table(f"Around {labels.get(result['center'], result['center'])}", ("from", "relation", "to", "evidence"),
                ((labels[e["source"]], f"{e['no_effect']}: {e['relation']}" if e["no_effect"] else e["relation"],
                  labels[e["target"]], e["level"] or "(structure)") for e in result["edges"]))


def print_sparql(columns: list[str], rows: list[list], fmt: str) -> None:
    """Print SPARQL results as a table, JSON records or CSV (``fmt``: ``json``, ``csv``, anything else a table);
    return None. None cells print empty.

    >>> print_sparql(["drug", "target"], [["anlotinib", "VEGFR2"], ["anlotinib", None]], "json")
    [
      {
        "drug": "anlotinib",
        "target": "VEGFR2"
      },
      {
        "drug": "anlotinib",
        "target": ""
      }
    ]
    >>> print_sparql(["drug", "target"], [["anlotinib", "VEGFR2"]], "csv")  # doctest: +NORMALIZE_WHITESPACE
    drug,target
    anlotinib,VEGFR2
    """
    import csv
    import json
    import sys
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    if fmt == "json":
        print(json.dumps([dict(zip(columns, row)) for row in cells], ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(cells)
    else:
        print_table(f"{len(rows)} row(s)", columns, cells)


def _cite(ref: dict) -> str:
    """A reference as a table cell: first author, year and DOI."""
    return f"{ref['first_author']} {ref['year'] or ''}".strip() + (f" doi:{ref['doi']}" if ref["doi"] else "")


def _pick(english: str, chinese: str | None, lang: str) -> str:
    return chinese if lang == "zh" and chinese else english
