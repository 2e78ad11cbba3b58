"""Rendering of results as aligned terminal tables (rich), for the command line."""

from __future__ import annotations

import shutil
from typing import Iterable, Sequence

from rich.console import Console
from rich.table import Table

from kg.reasoning.indirectness import reason_words

# A pipe gets a wide table rather than Rich's 80-column default.
_console = Console(soft_wrap=False, width=shutil.get_terminal_size((180, 24)).columns)


def print_table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Print ``rows`` under ``columns`` as an aligned table."""
    table = Table(title=title, show_lines=False, header_style="bold", expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if cell is None else str(cell) for cell in row))
    _console.print(table)


def print_findings(report, *, warnings: bool = True) -> None:
    """Print a validation report: violations, then warnings, then a one-line verdict."""
    if report.violations:
        print_table(f"{len(report.violations)} violation(s)", ("entity", "rule", "message"),
                    ((f.entity, f.rule, f.message) for f in report.violations))
    if warnings and report.warnings:
        print_table(f"{len(report.warnings)} warning(s)", ("entity", "rule", "message"),
                    ((f.entity, f.rule, f.message) for f in report.warnings))
    verdict = "valid" if report.ok else "INVALID"
    _console.print(f"{verdict}: {len(report.violations)} violation(s), {len(report.warnings)} warning(s)")


def print_chains(chains: list[dict], *, lang: str = "en") -> None:
    """Print chains hop by hop: entity, relation, entity, design, certainty and its reasons, conditions,
    publications; a line on why each chain ranks where it does, and its near-duplicate variants."""
    from rich.markup import escape
    for number, chain in enumerate(chains, 1):
        flags = [flag for flag, on in (("CONTESTED LINK", chain["contested"]), ("MIXES CONTEXTS", chain["mixed_context"]))
                 if on]
        effect = chain["net_effect"] + (f" ({chain['benefit']} for the patient)" if chain["benefit"] else "")
        head = (f"[bold]Chain {number}[/bold]: certainty {escape(chain['grade'] or 'structure only')}"
                + (f" ({chain['certainty']})" if chain["certainty"] is not None else "")
                + f", {len(chain['hops'])} hop(s), net effect: {escape(effect)}")
        _console.print(head + (f"  [red]{'; '.join(flags)}[/red]" if flags else ""))
        _console.print("  why: " + escape(chain["why"]), highlight=False)
        rows = []
        for hop in chain["hops"]:
            source = _pick(hop["source_label"], hop.get("source_label_zh"), lang)
            target = _pick(hop["target_label"], hop.get("target_label_zh"), lang)
            relation = _pick(hop["relation"], hop.get("relation_zh"), lang)
            refs = "; ".join(_cite(r) for r in hop["publications"][:4])
            if len(hop["publications"]) > 4:
                refs += f"; +{len(hop['publications']) - 4} more"
            notes = []
            if hop["weakest"]:
                notes.append("◀ weakest")
            if hop["mismatched"]:
                notes.append("⚑ citation mismatch")
            if hop["conditions"]:
                notes.append("with " + ", ".join(hop["conditions"]))
            if hop["inferred"]:
                notes.append("inferred: " + hop["inferred"])
            if hop["isolated_by"]:
                notes.append("drug isolated by " + hop["isolated_by"])
            if hop["contested"]:
                notes.append("contested")
            certainty = "" if hop["structural"] else f"{hop['grade']} ({hop['certainty']})"
            reasons = "; ".join(reason_words(r) for r in hop["reasons"])
            rows.append((source, relation, target, hop["level"] or "(structure)", certainty, reasons,
                         hop["publications_at_certainty"] if not hop["structural"] else "", refs, "; ".join(notes)))
        print_table(None, ("from", "relation", "to", "design", "certainty", "stepped down for", "pubs", "references",
                           "notes"), rows)
        if chain["variants"]:
            _console.print(f"  + {len(chain['variants'])} variant(s) through nested nodes: "
                           + escape(" | ".join(v["text"] for v in chain["variants"][:3]))
                           + (" | ..." if len(chain["variants"]) > 3 else ""), highlight=False)


def print_gaps(result: dict) -> None:
    """Print translational gaps (chains needing clinical evidence) and the gaps the documents name."""
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
    """Print outcome measures as an aligned table."""
    from kg.outcomes import format_value
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
    """Print the same endpoints side by side across studies (one row per study arm)."""
    from kg.outcomes import compare
    columns, table = compare(rows)
    print_table("Endpoints side by side", columns, table)


def print_evidence(rows: list[dict], *, lang: str = "en") -> None:
    """Print assertions grouped by evidence level (strongest first), with quotes and DOIs; a claim that
    others contradict (``contested_by``) is marked on its first row."""
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
    """Print a neighbourhood's relations."""
    labels = {n["id"]: n["label"] for n in result["nodes"]}
    print_table(f"Around {labels.get(result['center'], result['center'])}", ("from", "relation", "to", "evidence"),
                ((labels[e["source"]], f"{e['no_effect']}: {e['relation']}" if e["no_effect"] else e["relation"],
                  labels[e["target"]], e["level"] or "(structure)") for e in result["edges"]))


def print_sparql(columns: list[str], rows: list[list], fmt: str) -> None:
    """Print SPARQL results as a table, JSON records or CSV."""
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
