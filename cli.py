"""The `kg` command line: parses options, calls `kg/`, prints. No logic of its own."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg.errors import KGInputError


class KGGroup(click.Group):
    """Turn bad input anywhere into one line on stderr and exit code 2, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KGInputError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(2)


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data", "data", multiple=True, type=click.Path(path_type=Path),
              help="Extra RDF file or folder to load with the curated graph (repeatable; "
                   ".ttl .nt .jsonld .rdf, optionally .gz).")
@click.option("--no-curated", is_flag=True, help="Load only the schema and --data, not the shipped triples.")
@click.pass_context
def main(ctx, data, no_curated):
    """Evidence knowledge graph: drug mechanisms and clinical evidence, with provenance."""
    ctx.obj = {"data": data, "curated": not no_curated}


def _graph(ctx):
    from kg.loading import load_graph
    return load_graph(ctx.obj["data"], curated=ctx.obj["curated"])


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--warnings/--no-warnings", default=True, help="Also list warnings (citation mismatches, conflicts).")
@click.pass_context
def validate(ctx, as_json, warnings):
    """Check the graph against the SHACL shapes and the curation rules (exit 1 on violations)."""
    from kg.validation import validate as run

    report = run(_graph(ctx))
    if as_json:
        click.echo(json.dumps({"ok": report.ok,
                               "violations": [f.__dict__ for f in report.violations],
                               "warnings": [f.__dict__ for f in report.warnings]}, ensure_ascii=False, indent=2))
    else:
        from kg.tables import print_findings
        print_findings(report, warnings=warnings)
    sys.exit(0 if report.ok else 1)


if __name__ == "__main__":
    main()
