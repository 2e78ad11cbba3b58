"""Rendering of results as aligned terminal tables (rich), for the command line."""

from __future__ import annotations

from typing import Iterable, Sequence

from rich.console import Console
from rich.table import Table

_console = Console(soft_wrap=False)


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
