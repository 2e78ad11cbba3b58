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


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
def stats(ctx, as_json):
    """Count entities by class, assertions by evidence level, studies, outcomes, publications, triples."""
    from kg.stats import stats as count

    result = count(_graph(ctx))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    from kg.tables import print_table
    print_table("Graph", ("what", "count"), [(k, v) for k, v in result.items() if not isinstance(v, dict)])
    print_table("Entities by class", ("class", "count"), result["entities_by_class"].items())
    print_table("Assertions by evidence level (weakest first)", ("level", "count"), result["assertions_by_level"].items())


@main.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "jsonld", "graphml"]), default="ttl",
              show_default=True, help="Turtle, N-Triples, JSON-LD (RDF) or GraphML (the entity projection).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File to write (default: standard output).")
@click.pass_context
def export(ctx, fmt, output):
    """Export the graph (written atomically: never a partial file)."""
    from kg.io import dumps, export as write

    graph = _graph(ctx)
    if output is None:
        sys.stdout.buffer.write(dumps(graph, fmt))
        return
    path = write(graph, fmt, output)
    click.echo(f"wrote {path} ({path.stat().st_size:,} bytes, {fmt})", err=True)


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("out/graph.html"), show_default=True,
              help="HTML file to write (one self-contained page).")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="Language of node labels.")
@click.pass_context
def render(ctx, output, lang):
    """Write an interactive HTML view of the graph that works offline."""
    from kg.evidence import evidence_levels
    from kg.projection import project
    from kg.render import render_html

    graph = _graph(ctx)
    path = render_html(project(graph), output, lang=lang, levels=evidence_levels(graph),
                       title="Evidence graph: anlotinib in lung cancer")
    click.echo(f"wrote {path}", err=True)


@main.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder for the outputs.")
@click.pass_context
def build(ctx, out_dir):
    """The main job: load, validate, export Turtle and write the HTML view under OUT; print a summary."""
    from kg.build import build as run
    from kg.tables import print_findings, print_table

    result = run(ctx.obj["data"], out_dir, curated=ctx.obj["curated"])
    print_findings(result.report, warnings=False)
    print_table("Built", ("what", "value"), result.summary_rows())
    sys.exit(0 if result.report.ok else 1)


if __name__ == "__main__":
    main()
