"""The `kg` command line: parses options, calls `kg/`, prints. No logic of its own."""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
import warnings
from pathlib import Path

import click

from kg.errors import KGInputError
from kg.store.http import TIMEOUT


class Name(click.ParamType):
    """A name or value a user types: never empty (``--min-evidence ""`` is an error, not "no filter")."""

    name = "name"

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail("an empty value names nothing; leave the option out instead", param, ctx)
        return value


NAME = Name()


class KGGroup(click.Group):
    """Turn bad input anywhere into one line on stderr and exit code 2, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KGInputError as err:
            click.echo(f"error: {_printable(str(err))}", err=True)
            sys.exit(2)
        except click.UsageError as err:      # a bad option of a command: one line too, naming the command
            where = err.ctx.command_path if err.ctx is not None else "kg"
            click.echo(f"error: {where}: {_printable(err.format_message())} (see {where} --help)", err=True)
            sys.exit(2)


def _printable(text: str, limit: int = 500) -> str:
    """``text`` on one line, without control characters, cut to ``limit`` characters: an error message
    repeats what a user or a file gave, and that must not drive the terminal or flood it."""
    from kg.render.tables import plain
    flat = plain(" ".join(text.split()))
    return flat if len(flat) <= limit else flat[:limit] + f"… ({len(flat) - limit:,} more characters)"


# The endpoint options are remembered here as they are parsed, so they may be given before the
# command (they then apply to every command) or after push, sparql, paths and evidence.
ENDPOINT_SETTINGS = "kg.endpoint"


def _remember(ctx, param, value):
    if value is not None:
        ctx.meta.setdefault(ENDPOINT_SETTINGS, {})[param.name] = value
    return value


def _setting(*names, **attrs):
    """An endpoint option: not passed to the command, remembered by :func:`_remember`."""
    return click.option(*names, expose_value=False, callback=_remember, **attrs)


def endpoint_options(command):
    """The options that name a SPARQL endpoint and a graph in it, shared by the group and the commands that take them."""
    for option in reversed((
        _setting("--endpoint", metavar="URL",
                 help="A SPARQL 1.1 endpoint's query URL (Oxigraph server: http://HOST:7878/query; "
                      "Fuseki: http://HOST:3030/DATASET/query): push to it, or query the graph it holds."),
        _setting("--graph", "graph_iri", metavar="IRI",
                 help="The named graph on the endpoint (default: its default graph)."),
        _setting("--update-url", metavar="URL", help="The endpoint's SPARQL UPDATE URL (default: derived)."),
        _setting("--store-url", metavar="URL", help="The endpoint's Graph Store Protocol URL (default: derived)."),
        _setting("--timeout", type=click.FloatRange(min=0.01),
                 help="Seconds a whole request may take, answer included (an upload, a drop or a MOVE gets five seconds more per MB)  [default: 30]."),
        _setting("--max-answer", type=click.IntRange(1), metavar="MB",
                 help="Largest answer accepted from the endpoint, in MB  [default: 512]."),
        _setting("--attempts", type=click.IntRange(1, 10),
                 help="Tries for a request that fails for want of an answer, a timeout, HTTP 429 or 5xx, "
                      "with backoff  [default: 3]."),
    )):
        command = option(command)
    return command


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data", "data", multiple=True, type=click.Path(path_type=Path),
              help="Extra RDF file or folder to load with the curated graph (repeatable; "
                   ".ttl .nt .jsonld .rdf, optionally .gz).")
@click.option("--no-curated", is_flag=True, help="Load only the schema and --data, not the shipped triples.")
@click.option("--store", type=click.Choice(["rdflib", "oxigraph"]), default="rdflib", show_default=True,
              help="Where the graph is held: rdflib (in memory, pure Python) or oxigraph (fast bulk loading "
                   "and SPARQL, for millions of triples). Same answers on both.")
@endpoint_options
@click.version_option(package_name="evidence-kg", prog_name="kg")
@click.pass_context
def main(ctx, data, no_curated, store):
    """Evidence knowledge graph: drug mechanisms and clinical evidence, with provenance."""
    # rdflib reports an ill-typed literal with a logged traceback or a warning; `kg validate` names it instead.
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module="rdflib")
    ctx.obj = {"data": data, "curated": not no_curated, "store": store}


def _kg(ctx, *, local: bool = False):
    """The graph of the global options: the endpoint's when one is named (unless ``local``), else the files."""
    from kg.api import KnowledgeGraph
    endpoint, graph_iri = (None, None) if local else (_endpoint(ctx), _settings(ctx).get("graph_iri"))
    return KnowledgeGraph(ctx.obj["data"], curated=ctx.obj["curated"], store=ctx.obj["store"],
                          show_progress=bool(ctx.obj["data"]) and sys.stderr.isatty(),
                          endpoint=endpoint, graph_iri=graph_iri)


def _settings(ctx) -> dict:
    return ctx.meta.get(ENDPOINT_SETTINGS, {})


def _endpoint(ctx, *, required: bool = False):
    """The endpoint the options name (None if none); KGInputError if endpoint options come without --endpoint."""
    from kg.store.endpoint import Endpoint
    settings = dict(_settings(ctx))
    url = settings.pop("endpoint", None)
    settings.pop("graph_iri", None)
    if url is None:
        if required or settings or _settings(ctx).get("graph_iri"):
            raise KGInputError("--endpoint URL is needed" + ("" if required else " with the endpoint options"))
        return None
    if "max_answer" in settings:
        settings["max_answer"] *= 2**20          # given in MB
    return Endpoint.at(url, **settings)


def _to_stdout(data: bytes) -> None:
    """Write ``data`` to standard output; a full disk or a closed pipe is a one-line error, not a traceback."""
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        sys.stderr.close()      # the reader went away (| head): nothing more to say
        sys.exit(1)
    except OSError as err:
        raise KGInputError(f"cannot write to standard output: {err.strerror or err}") from None


def _write(data: bytes, output: Path | None, what: str) -> None:
    """Write ``data`` to ``output`` atomically (standard output when None or ``-``) and say so on stderr."""
    from kg.io.atomic import atomic_write

    if output is None or str(output) == "-":
        _to_stdout(data)
        return
    path = atomic_write(output, data)
    click.echo(f"wrote {path} ({path.stat().st_size:,} bytes, {what})", err=True)


def _emit(result, as_json: bool, printer) -> None:
    """Print ``result`` as JSON or with ``printer``; exit 1 when nothing was found."""
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    elif result:
        printer(result)
    if not result:
        if not as_json:
            click.echo("nothing found", err=True)
        sys.exit(1)


def chain_filters(command):
    """The options that choose which hops a chain may take, shared by paths, gaps, export and render."""
    for option in reversed((
        click.option("--direct-only", is_flag=True,
                     help="No class-level, combination or co-treatment inference: only hops the evidence shows "
                          "for the entity itself."),
        click.option("--exclude-mismatched", is_flag=True,
                     help="Leave out support whose citation is flagged as not matching the review's sentence."),
        click.option("--min-certainty", type=NAME, metavar="C",
                     help="Drop hops less certain than C: a number (0-9), a grade (very low, low, moderate, high) "
                          "or an evidence level."),
    )):
        command = option(command)
    return command


LANG = click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
                    help="Language of the text (--json records carry both: English fields and their _zh twins).")
JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON records instead of a table.")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--warnings/--no-warnings", default=True, help="Also list warnings (citation mismatches, conflicts).")
@click.option("--drafts", "drafts", type=click.Path(path_type=Path), metavar="DRAFT.ttl",
              help="Instead: list what each item of a draft (kg draft) still needs; exit 1 while any is open.")
@click.pass_context
def validate(ctx, as_json, warnings, drafts):
    """Check the graph against the SHACL shapes and the curation rules (exit 1 on violations)."""
    from kg.validation import validate as run

    if drafts is not None:
        from kg.draft.review import load_draft, problems
        from kg.render.tables import print_table
        found = problems(load_draft(drafts))
        if as_json:
            click.echo(json.dumps([dataclasses.asdict(p) for p in found], ensure_ascii=False, indent=2))
        elif found:
            print_table(f"{drafts}: what the draft still needs", ["item", "needs", "blocks confirming"],
                        [[p.item, p.problem, "yes" if p.open else "no (a note)"] for p in found])
        else:
            click.echo(f"{drafts}: nothing left to do; confirm it (kg draft --confirm)")
        sys.exit(1 if any(p.open for p in found) else 0)

    report = run(_kg(ctx).graph)
    if as_json:
        click.echo(json.dumps({"ok": report.ok,
                               "violations": [f.__dict__ for f in report.violations],
                               "warnings": [f.__dict__ for f in report.warnings]}, ensure_ascii=False, indent=2))
    else:
        from kg.render.tables import print_findings
        print_findings(report, warnings=warnings)
    sys.exit(0 if report.ok else 1)


@main.command()
@click.argument("source", type=NAME)
@click.argument("target", type=NAME)
@click.option("--max-hops", default=6, show_default=True, type=click.IntRange(1, 12), help="Longest chain.")
@click.option("-k", "k", default=10, show_default=True, type=click.IntRange(1, 1000), help="How many chains.")
@click.option("--min-evidence", type=NAME, help="Drop links whose best evidence is below this level (e.g. 'in vitro', RandomizedPhase2).")
@click.option("--via", type=NAME, help="Only chains through this entity.")
@click.option("--disease", type=NAME, help="Only evidence in this disease (with broader and narrower ones) or without a disease.")
@click.option("--as-of", "as_of", type=int, help="Only evidence published up to this year (a review's hypothesis "
                                                 "dates from the review).")
@chain_filters
@LANG
@JSON
@endpoint_options
@click.pass_context
def paths(ctx, source, target, max_hops, k, via, lang, as_json, **filters):
    """Mechanism-to-outcome chains from SOURCE to TARGET, the most certain first.

    Each hop's certainty starts from the design of its best evidence and steps down for named
    reasons; a chain is as certain as its weakest hop (README: How chains are ranked)."""
    from kg.render.tables import print_chains
    chains = _kg(ctx).paths(source, target, max_hops=max_hops, k=k, via=via, **filters)
    _emit(chains, as_json, lambda c: print_chains(c, lang=lang))


@main.command()
@click.option("--drug", type=NAME, default="anlotinib", show_default=True, help="The drug whose chains to check.")
@click.option("--max-hops", default=5, show_default=True, type=click.IntRange(1, 8))
@chain_filters
@JSON
@click.pass_context
def gaps(ctx, drug, max_hops, as_json, **filters):
    """Translational gaps: chains to clinical outcomes resting on preclinical or hypothetical links (most
    certain first), next to the evidence gaps the source documents name."""
    from kg.render.tables import print_gaps
    result = _kg(ctx).gaps(drug, max_hops=max_hops, **filters)
    _emit(result if (result["chains"] or result["named"]) else {}, as_json, print_gaps)


def _not_a_url(ctx, param, value):
    """outcomes' --endpoint is a clinical endpoint; a URL there was meant for the SPARQL option."""
    if value and "://" in value:
        raise click.BadParameter("this is the clinical endpoint (ORR, PFS); "
                                 "name a SPARQL endpoint before the command: kg --endpoint URL outcomes")
    return value


def outcome_filters(command):
    """The filters of `kg outcomes`, shared with `kg render --outcomes`."""
    for option in reversed((
        click.option("--study", type=NAME, help="A study (its subgroup analyses included)."),
        click.option("--setting", type=NAME, help="A treatment setting, e.g. later-line, first-line, maintenance."),
        click.option("--endpoint", callback=_not_a_url,
                     help="A clinical endpoint, e.g. ORR, PFS (a SPARQL endpoint goes before the command: "
                          "kg --endpoint URL outcomes)."),
        click.option("--regimen", type=NAME, help="A regimen, or a drug or drug class it contains."),
        click.option("--population", type=NAME, help="A population or subgroup (narrower ones included)."),
    )):
        command = option(command)
    return command


@main.command()
@outcome_filters
@click.option("--disease", type=NAME, help="A disease (narrower ones included), e.g. NSCLC.")
@click.option("--sort", type=click.Choice(["study", "value", "endpoint"]), default="study", show_default=True)
@click.option("--compare", is_flag=True, help="One row per study arm, endpoints side by side.")
@JSON
@click.pass_context
def outcomes(ctx, study, disease, setting, endpoint, regimen, population, sort, compare, as_json):
    """Clinical outcome measures (ORR, DCR, PFS, OS, ...) with study, arm, comparator, p-value and references."""
    from kg.render.tables import print_compare, print_outcomes
    rows = _kg(ctx).outcomes(study=study, disease=disease, setting=setting, endpoint=endpoint, regimen=regimen,
                             population=population, sort=sort)
    _emit(rows, as_json, print_compare if compare else print_outcomes)


@main.command()
@click.argument("entity", type=NAME)
@click.argument("other", required=False, type=NAME)
@LANG
@JSON
@endpoint_options
@click.pass_context
def evidence(ctx, entity, other, lang, as_json):
    """Every assertion about ENTITY (or between ENTITY and OTHER), grouped by evidence level, with quotes."""
    from kg.render.tables import print_evidence
    rows = _kg(ctx).evidence(entity, other)
    _emit(rows, as_json, lambda r: print_evidence(r, lang=lang))


@main.command()
@click.argument("entity", type=NAME)
@click.option("--hops", default=1, show_default=True, type=click.IntRange(1, 4))
@click.option("--relation", type=NAME, help="Only this relation (label or CURIE, e.g. inhibits, kg:increases).")
@JSON
@click.pass_context
def neighbors(ctx, entity, hops, relation, as_json):
    """The entities within HOPS of ENTITY and the relations between them."""
    from kg.render.tables import print_neighbors
    result = _kg(ctx).neighbors(entity, hops=hops, relation=relation)
    _emit(result if result["edges"] else {}, as_json, print_neighbors)


@main.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@endpoint_options
@click.pass_context
def sparql(ctx, query, fmt, as_json):
    """Run a SPARQL query (text, or @FILE) on the graph, or on the --endpoint; project prefixes are predeclared."""
    from kg.render.tables import print_sparql
    fmt = "json" if as_json else fmt
    if query.startswith("@"):
        path = Path(query[1:])
        if not path.is_file():
            raise KGInputError(f"{path}: no such query file")
        try:
            query = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise KGInputError(f"{path}: cannot read the query ({type(err).__name__}: not UTF-8 text or not readable)") from None
    settings = _settings(ctx)
    # On the local files --timeout bounds the query itself; with --endpoint, each request.
    timeout = None if "endpoint" in settings else settings.pop("timeout", TIMEOUT)
    columns, rows = _kg(ctx).sparql(query, timeout=timeout)
    print_sparql(columns, rows, fmt)
    if not rows:
        sys.exit(1)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@click.pass_context
def stats(ctx, as_json):
    """Count entities by class, assertions by evidence level, studies, outcomes, publications, triples."""
    from kg.query.stats import stats as count

    result = count(_kg(ctx).graph)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    from kg.render.tables import print_table
    print_table("Graph", ("what", "count"), [(k, v) for k, v in result.items() if not isinstance(v, dict)])
    print_table("Entities by class", ("class", "count"), result["entities_by_class"].items())
    ids = result["standard_identifiers"]
    print_table(f"Entities with a standard identifier: {ids['with_identifier']} of {ids['entities']} (kg:xref; studies and arms aside)",
                ("class", "with identifier", "entities"),
                [(cls, row["with_identifier"], row["entities"]) for cls, row in ids["by_class"].items()])
    print_table("Assertions by evidence level (weakest first)", ("level", "count"), result["assertions_by_level"].items())


@main.command()
@endpoint_options
@click.option("--atomic", is_flag=True,
              help="Upload to a staging graph, then MOVE it onto the target: a failure leaves the target as it was, "
                   "on any server, at about twice the server's work. Default: the fastest replace the server has "
                   "(Oxigraph server: drop, then its bulk loader; elsewhere one PUT).")
@click.option("--json", "as_json", is_flag=True, help="Also print what was written as JSON on standard output.")
@click.pass_context
def push(ctx, atomic, as_json):
    """Upload the graph (curated, with --data) to the --endpoint, replacing --graph (default: the default graph).

    Streamed from a temporary file; afterwards the server is asked how many triples it holds, so a
    push that did not land as sent fails. A failure says what was written and what was cleaned up."""
    from kg.store.endpoint import push as upload
    endpoint = _endpoint(ctx, required=True)
    pushed = upload(endpoint, _kg(ctx, local=True).graph, _settings(ctx).get("graph_iri"), atomic=atomic)
    if as_json:
        click.echo(json.dumps(dataclasses.asdict(pushed), ensure_ascii=False, indent=2))
    click.echo(pushed.summary(), err=True)


def selection_options(command):
    """The options that choose part of the graph, shared by `export` and `render`."""
    for option in reversed((
        click.option("--focus", type=NAME, help="Only the neighbourhood of this entity (with --hops)."),
        click.option("--hops", default=1, show_default=True, type=click.IntRange(1, 4)),
        click.option("--paths", "chain_ends", nargs=2, metavar="SOURCE TARGET",
                     help="Only the top chains from SOURCE to TARGET."),
        click.option("-k", "k", default=10, show_default=True, type=click.IntRange(1, 1000),
                     help="How many chains, with --paths."),
        click.option("--min-evidence", type=NAME, help="Only links with at least this evidence level."),
        click.option("--disease", type=NAME, help="Only evidence in this disease (broader and narrower included)."),
    )):
        command = option(command)
    return chain_filters(command)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "jsonld", "graphml", "kgx", "kgx-tsv"]), default="ttl",
              show_default=True, help="Turtle, N-Triples, JSON-LD (RDF), GraphML (the entity projection) or "
                                      "KGX nodes and edges (JSON Lines or TSV, Biolink).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="File to write (default: standard output); for kgx the PREFIX of PREFIX_nodes.jsonl and PREFIX_edges.jsonl.")
@selection_options
@click.pass_context
def export(ctx, fmt, output, focus, hops, chain_ends, k, **filters):
    """Export the graph, or a selection of it with its assertions, evidence and publications.

    Written atomically: never a partial file."""
    data = _kg(ctx).export(fmt, focus=focus, hops=hops, paths=tuple(chain_ends) if chain_ends else None, k=k,
                           **filters)
    if isinstance(data, dict):          # KGX: several files, PREFIX_nodes.jsonl and PREFIX_edges.jsonl
        from kg.io import write_parts
        for path in write_parts(data, output):
            click.echo(f"wrote {path} ({path.stat().st_size:,} bytes, {fmt})", err=True)
        return
    _write(data, output, fmt)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--doi", type=NAME, help="The paper's DOI (else the first DOI in the text).")
@click.option("--lang", type=click.Choice(["auto", "en", "zh"]), default="auto", show_default=True, help="Language of the text.")
@click.option("--first-author", type=NAME, help="The paper's first author, as the graph writes it (\"Cheng, Y.\").")
@click.option("--year", type=click.IntRange(1900, 2100), help="The paper's year (else the first year in its opening lines).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Turtle file to write (default: standard output).")
@click.option("--confirm", is_flag=True, help="FILE is a draft: write it with the draft mark removed from every item "
                                              "without open problems (kg validate --drafts lists them).")
@click.pass_context
def draft(ctx, file, doi, lang, first_author, year, output, confirm):
    """Draft reviewable Turtle from a plain-text abstract, section or paper (English or Chinese).

    Every item is marked kg:draft true and carries its sentence as kg:quote; chains, outcomes and
    exports skip drafts until they are confirmed. Written atomically."""
    if confirm:
        from kg.draft.review import confirm_file
        data, done, kept = confirm_file(file)
        click.echo(f"confirmed {len(done)} item(s); {len(kept)} kept as drafts", err=True)
    else:
        from kg.draft import draft_file
        data = draft_file(file, _kg(ctx).projection, doi=doi, lang=lang, first_author=first_author, year=year)
    _write(data, output, "draft")


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="HTML file to write (one self-contained page)  [default: out/graph.html; with --outcomes "
                   "out/outcomes.html]")
@selection_options
@LANG
@click.option("--title", type=NAME, help="Page title (default: says what is drawn).")
@click.option("--outcomes", "outcome_page", is_flag=True,
              help="The outcomes page instead: every clinical number as a point, by endpoint, disease and setting "
                   "(takes the filters of `kg outcomes`; --disease is one of them).")
@outcome_filters
@click.pass_context
def render(ctx, output, focus, hops, chain_ends, k, lang, title, outcome_page, study, setting, endpoint, regimen,
           population, **filters):
    """Write an interactive HTML view that works offline: the whole graph, a neighbourhood, ranked chains
    or the clinical outcomes.

    With --paths the top chains are drawn left to right and highlighted; the page lists them,
    strongest first. Exit 1 (nothing written) when there is nothing to draw."""
    from kg.render.page import page_bytes, render_html

    kg = _kg(ctx)
    if outcome_page:
        from kg.render.outcomes import outcomes_bytes, render_outcomes
        chosen = {"study": study, "disease": filters.get("disease"), "setting": setting, "endpoint": endpoint,
                  "regimen": regimen, "population": population}
        rows = kg.outcomes(**chosen)
        if not rows:
            click.echo("nothing to draw: no outcome measure passes the filters", err=True)
            sys.exit(1)
        subtitle = " · ".join(f"{name} {value}" for name, value in chosen.items() if value)
        page_title = title or "Clinical outcomes"
        if str(output) == "-":
            _to_stdout(outcomes_bytes(rows, title=page_title, subtitle=subtitle))
            return
        path = render_outcomes(rows, output or Path("out/outcomes.html"), title=page_title, subtitle=subtitle)
        click.echo(f"wrote {path} ({len(rows)} outcome measures; {path.stat().st_size:,} bytes)", err=True)
        return
    if any((study, setting, endpoint, regimen, population)):
        raise click.UsageError("--study, --setting, --endpoint, --regimen and --population go with --outcomes")
    output = output or Path("out/graph.html")
    view = kg.view(focus=focus, hops=hops, paths=tuple(chain_ends) if chain_ends else None, k=k, **filters)
    if view.number_of_nodes() == 0 or (chain_ends and not view.graph["chains"]):
        click.echo("nothing to draw: no " + ("chain" if chain_ends else "link") + " passes the filters", err=True)
        sys.exit(1)
    numbers = kg.outcomes() if chain_ends else None      # the clinical numbers of the chains' hops
    page_title = title or view.graph["title"]
    if str(output) == "-":
        _to_stdout(page_bytes(view, lang=lang, title=page_title, outcomes=numbers))
        return
    path = render_html(view, output, lang=lang, title=page_title, outcomes=numbers)
    chains = f", {len(view.graph['chains'])} chains highlighted" if chain_ends else ""
    click.echo(f"wrote {path} ({view.number_of_nodes()} nodes, {view.number_of_edges()} edges{chains}; "
               f"{path.stat().st_size:,} bytes)", err=True)


@main.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder for the outputs.")
@click.option("--json", "as_json", is_flag=True, help="Print what was built as JSON.")
@click.pass_context
def build(ctx, out_dir, as_json):
    """The main job: load, validate, export Turtle and write the HTML view under OUT; print a summary."""
    from kg.build import build as run
    from kg.render.tables import print_findings, print_table

    result = run(ctx.obj["data"], out_dir, curated=ctx.obj["curated"], store=ctx.obj["store"])
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str))
        sys.exit(0 if result.report.ok else 1)
    print_findings(result.report, warnings=False)
    print_table("Built", ("what", "value"), result.summary_rows())
    if result.top_chains:
        print_table("Top chains: anlotinib → response to PD-1/PD-L1 blockade (kg paths for hop by hop)",
                    ("#", "route", "certainty", "why it ranks here"), result.chain_rows())
    sys.exit(0 if result.report.ok else 1)


if __name__ == "__main__":
    main()
