"""The main job: load the graph, validate it, write the Turtle export and two HTML views.

The views are the whole graph and the chains that answer the question the graph was built
for: by which mechanisms could anlotinib raise the response to PD-1/PD-L1 blockade?

>>> import tempfile, pathlib
>>> result = build((), pathlib.Path(tempfile.mkdtemp()))
>>> result.report.ok and result.turtle.exists() and result.html.exists() and result.chains_html.exists()
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from kg.api import KnowledgeGraph
from kg.io import export
from kg.reasoning.indirectness import reason_words
from kg.render import render_html
from kg.stats import stats
from kg.validation import Report, validate

TITLE = "Evidence graph: anlotinib in lung cancer"
CHAINS = ("ent:anlotinib", "ent:ICI_response")   # the chains view: anlotinib → response to PD-1/PD-L1 blockade
CHAINS_K = 10


@dataclass
class BuildResult:
    """What :func:`build` made: the validation report, the files written, the counts."""

    report: Report
    turtle: Path
    html: Path
    chains_html: Path | None      # None when the graph lacks the chain's ends (--no-curated)
    counts: dict
    top_chains: list = field(default_factory=list)      # the chains of the chains view, best first

    def chain_rows(self, n: int = 5) -> list[tuple[str, str, str, str]]:
        """Return (rank, route, certainty, why) rows for the best ``n`` chains, one line each."""
        return [(str(i), " → ".join([c.hops[0].source_label] + [f"{h.relation} {h.target_label}" for h in c.hops]),
                 f"{c.grade} ({c.certainty})", "; ".join(_reason_words(h) for h in c.hops if h.weakest))
                for i, c in enumerate(self.top_chains[:n], 1)]

    def summary_rows(self) -> list[tuple[str, str]]:
        """Return (what, value) rows for the command line's summary table."""
        c = self.counts
        levels = ", ".join(f"{k}: {v}" for k, v in c["assertions_by_level"].items() if v)
        return [
            ("triples", f"{c['triples']:,}"),
            ("entities", str(sum(c["entities_by_class"].values()))),
            ("assertions", f"{c['assertions']} ({c['assertions_against']} against)"),
            ("by evidence level", levels),
            ("studies / outcome measures", f"{c['studies']} / {c['outcome_measures']}"),
            ("publications", str(c["publications"])),
            ("evidence gaps", str(c["evidence_gaps"])),
            ("validation", "valid" if self.report.ok else f"{len(self.report.violations)} violation(s)"),
            ("warnings", f"{len(self.report.warnings)} (run `kg validate` to list them)"),
            ("Turtle export", str(self.turtle)),
            ("HTML view: whole graph", str(self.html)),
            ("HTML view: chains", str(self.chains_html or "skipped (no anlotinib or PD-1 response in the graph)")),
        ]


def build(extra, out_dir: Path, *, curated: bool = True, store: str = "rdflib") -> BuildResult:
    """Run the main job and return a :class:`BuildResult`; files go to ``out_dir``."""
    out_dir = Path(out_dir)
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True,
                        console=Console(stderr=True))
    kg = KnowledgeGraph(extra, curated=curated, store=store)
    with progress as bar:
        step = bar.add_task("loading the graph", total=None)
        graph = kg.graph
        bar.update(step, description="validating (SHACL and curation rules)")
        report = validate(graph)
        bar.update(step, description="writing the Turtle export")
        turtle = export(graph, "ttl", out_dir / "graph.ttl")
        bar.update(step, description="writing the HTML views")
        html = render_html(kg.view(), out_dir / "graph.html", title=TITLE)
        chains_html = None
        top = []
        if all(end in kg.projection for end in CHAINS):
            chains = kg.view(paths=CHAINS, k=CHAINS_K)
            top = [chain for chain, _ in chains.graph["chains"]]
            chains_html = render_html(chains, out_dir / "chains.html", title=f"{TITLE}: {chains.graph['title']}")
    return BuildResult(report, turtle, html, chains_html, stats(graph), top)


def _reason_words(hop) -> str:
    """The weakest hop and why it is no more certain, in one phrase."""
    reasons = ", ".join(map(reason_words, hop.reasons))
    return f"weakest: {hop.source_label} {hop.relation} {hop.target_label} ({hop.level}" + \
        (f"; − {reasons})" if reasons else ")")
