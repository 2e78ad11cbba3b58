"""Rendering of results as aligned terminal tables (rich), for the command line."""

from __future__ import annotations

import shutil
from typing import Iterable, Sequence

from rich.console import Console
from rich.table import Table

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
    """Print chains hop by hop: entity, relation, entity, evidence, publications, references, warnings."""
    for number, chain in enumerate(chains, 1):
        weakest = chain["weakest_level"] or "structure only"
        flags = []
        if chain["mixed_context"]:
            flags.append("MIXES CONTEXTS")
        if chain["contested"]:
            flags.append("CONTESTED LINK")
        head = (f"[bold]Chain {number}[/bold]: {len(chain['hops'])} hop(s), net effect: {chain['net_effect']}, "
                f"weakest link: {weakest}")
        _console.print(head + (f"  [red]{'; '.join(flags)}[/red]" if flags else ""))
        rows = []
        for hop in chain["hops"]:
            source = _pick(hop["source_label"], hop.get("source_label_zh"), lang)
            target = _pick(hop["target_label"], hop.get("target_label_zh"), lang)
            refs = "; ".join(_cite(r) for r in hop["publications"][:4])
            if len(hop["publications"]) > 4:
                refs += f"; +{len(hop['publications']) - 4} more"
            notes = []
            if hop["weakest"]:
                notes.append("◀ weakest")
            if hop["context"]:
                notes.append(f"context: {hop['context']}")
            if hop["contested"]:
                notes.append("contested: some evidence does not support it")
            rows.append((source, hop["relation"], target, hop["level"] or "(structure)",
                         len(hop["publications"]) if not hop["structural"] else "", refs, "; ".join(notes)))
        print_table(None, ("from", "relation", "to", "evidence", "pubs", "references", "notes"), rows)


def print_gaps(result: dict) -> None:
    """Print translational gaps (chains needing clinical evidence) and the gaps the documents name."""
    rows = [(g["outcome"], " → ".join(h["source_label"] for h in g["chain"]["hops"]) + " → " + g["outcome"],
             f"{g['needs_clinical_evidence']['source']} {g['needs_clinical_evidence']['relation']} "
             f"{g['needs_clinical_evidence']['target']}", g["needs_clinical_evidence"]["level"])
            for g in result["chains"]]
    print_table("Chains to clinical outcomes resting on preclinical or hypothetical links",
                ("outcome", "chain", "link that needs clinical evidence", "its evidence"), rows)
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
    """Print assertions grouped by evidence level (strongest first), with quotes and DOIs."""
    from itertools import groupby
    for level, group in groupby(rows, key=lambda r: r["level"]):
        table = []
        for r in group:
            subject = _pick(r["subject"], r.get("subject_zh"), lang)
            obj = _pick(r["object"], r.get("object_zh"), lang)
            claim = f"{subject} {r['predicate']} {obj}" + (" [does not support]" if r["direction"] != "supports" else "")
            for i, src in enumerate(r["sources"]):
                refs = "; ".join(_cite(x) for x in src["references"])
                flag = f" ⚠ {src['mismatch_note']}" if src["mismatch"] else ""
                table.append((claim if i == 0 else "", src["section"], src["quote"], refs + flag))
        print_table(level, ("claim", "section", "quote", "references"), table)


def print_neighbors(result: dict) -> None:
    """Print a neighbourhood's relations."""
    labels = {n["id"]: n["label"] for n in result["nodes"]}
    print_table(f"Around {labels.get(result['center'], result['center'])}", ("from", "relation", "to", "evidence"),
                ((labels[e["source"]], e["relation"], labels[e["target"]], e["level"] or "(structure)")
                 for e in result["edges"]))


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
