"""The main job: load the graph, validate it, write the Turtle export and three HTML views.

The views are the whole graph, the chains that answer the question the graph was built
for (by which mechanisms could anlotinib raise the response to PD-1/PD-L1 blockade?) and the
clinical outcomes, every study's numbers side by side.

>>> import tempfile, pathlib
>>> result = build((), pathlib.Path(tempfile.mkdtemp()))
>>> result.report.ok and result.turtle.exists() and result.html.exists() and result.chains_html.exists()
True
>>> result.outcomes_html.name
'outcomes.html'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from kg.api import KnowledgeGraph
from kg.io import dumps
from kg.io.atomic import atomic_write
from kg.query.stats import stats
from kg.reasoning.indirectness import reason_words
from kg.render.outcomes import outcomes_bytes
from kg.render.page import page_bytes
from kg.validation import Report, validate

TITLE = "Evidence graph: anlotinib in lung cancer"
CHAINS = ("ent:anlotinib", "ent:ICI_response")   # the chains view: anlotinib → response to PD-1/PD-L1 blockade
CHAINS_K = 10


@dataclass
class BuildResult:
    """What :func:`build` made: the validation report, the files written, the counts.

    ``chains_html`` is None when the graph lacks the chain's ends; ``top_chains`` holds the
    :class:`~kg.query.paths.Chain` objects of the chains view, best first.

    >>> from kg.examples import toy_graph
    >>> result = BuildResult(Report(), Path("out/graph.ttl"), Path("out/graph.html"), None, stats(toy_graph()))
    >>> result.report.ok, result.counts["assertions"], result.top_chains
    (True, 8, [])
    """

    report: Report
    turtle: Path | None           # None when validation failed: nothing was written
    html: Path | None
    chains_html: Path | None      # None when the graph lacks the chain's ends (--no-curated)
    counts: dict
    top_chains: list = field(default_factory=list)      # the chains of the chains view, best first
    outcomes_html: Path | None = None                   # None when the graph holds no outcome measure

    def chain_rows(self, n: int = 5) -> list[tuple[str, str, str, str]]:
        """Return (rank, route, certainty, why) rows for the best ``n`` chains, one line each.

        >>> from kg.examples import toy_projection
        >>> from kg.query.paths import find_chains
        >>> top = find_chains(toy_projection(), "ent:anlotinib", "ent:ICI_response")
        >>> result = BuildResult(Report(), Path("graph.ttl"), Path("graph.html"), None, {}, top)
        >>> rank, route, certainty, why = result.chain_rows()[0]
        >>> rank, certainty
        ('1', 'very low (2)')
        >>> route
        'anlotinib → increases CCL5 → participates in CCL5-CD8+ T cell axis → increases response to PD-1/PD-L1 blockade'
        >>> why
        'weakest: anlotinib increases CCL5 (animal model (in vivo); − not in patients (in mouse))'
        """
        # A one-hop chain is a claim of the end result itself: it names no mechanism, and says so.
        return [(str(i), " → ".join([c.hops[0].source_label] + [f"{h.relation} {h.target_label}" for h in c.hops])
                 + (" (direct claim: no mechanism named)" if len(c.hops) == 1 else ""),
                 f"{c.grade} ({c.certainty})", "; ".join(_reason_words(h) for h in c.hops if h.weakest))
                for i, c in enumerate(self.top_chains[:n], 1)]

    def summary_rows(self) -> list[tuple[str, str]]:
        """Return (what, value) rows for the command line's summary table.

        >>> from kg.examples import toy_graph
        >>> result = BuildResult(Report(), Path("out/graph.ttl"), Path("out/graph.html"), None, stats(toy_graph()))
        >>> rows = dict(result.summary_rows())
        >>> rows["assertions"], rows["validation"]
        ('8 (0 against)', 'valid')
        >>> rows["by evidence level"]
        'review hypothesis: 1, in vitro: 3, animal model (in vivo): 3, randomized phase 3 trial: 1'
        >>> rows["HTML view: chains"]
        'skipped (no anlotinib or PD-1 response in the graph)'
        """
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
            *([("outputs", "not written: the graph is not valid (earlier outputs are kept)")] if self.turtle is None else
              [("Turtle export", str(self.turtle)), ("HTML view: whole graph", str(self.html)),
               ("HTML view: chains", str(self.chains_html or "skipped (no anlotinib or PD-1 response in the graph)")),
               ("HTML view: outcomes", str(self.outcomes_html or "skipped (no outcome measure in the graph)"))]),
        ]

    def to_dict(self) -> dict:
        """Return the result as JSON-ready data (what `kg build --json` prints).

        >>> from kg.examples import toy_graph
        >>> data = BuildResult(Report(), None, None, None, stats(toy_graph())).to_dict()
        >>> data["valid"], data["files"], data["counts"]["assertions"]
        (True, {}, 8)
        """
        files = {"turtle": self.turtle, "graph_html": self.html, "chains_html": self.chains_html,
                 "outcomes_html": self.outcomes_html}
        return {"valid": self.report.ok, "violations": len(self.report.violations),
                "warnings": len(self.report.warnings),
                "files": {name: str(path) for name, path in files.items() if path is not None},
                "counts": self.counts, "top_chains": [chain.to_dict() for chain in self.top_chains]}


def build(extra, out_dir: Path, *, curated: bool = True, store: str = "rdflib") -> BuildResult:
    """Run the main job and return a :class:`BuildResult`; files go to ``out_dir``.

    ``extra`` are RDF files or folders added to the graph (see :func:`kg.store.loading.load_graph`);
    ``out_dir`` receives ``graph.ttl``, ``graph.html``, ``outcomes.html`` when there are outcome
    measures and, when the graph holds both ends of :data:`CHAINS`, ``chains.html``.

    >>> import tempfile
    >>> from kg.examples import TOY
    >>> result = build([TOY], Path(tempfile.mkdtemp()), curated=False)
    >>> result.report.ok, result.turtle.name, result.html.name, result.chains_html.name
    (True, 'graph.ttl', 'graph.html', 'chains.html')
    >>> [chain.nodes[1] for chain in result.top_chains]
    ['ent:CCL5']
    """
    out_dir = Path(out_dir)
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True,
                        console=Console(stderr=True))
    kg = KnowledgeGraph(extra, curated=curated, store=store)
    with progress as bar:
        step = bar.add_task("loading the graph", total=None)
        graph = kg.graph
        bar.update(step, description="validating (SHACL and curation rules)")
        report = validate(graph)
        if not report.ok:       # an invalid graph never replaces the outputs of a valid one
            return BuildResult(report, None, None, None, stats(graph), [])
        # Every output is made in memory first, then the files are replaced one right after another:
        # a run killed while working leaves the previous set whole.
        bar.update(step, description="making the Turtle export and the HTML views")
        outputs = {"graph.ttl": dumps(graph, "ttl"), "graph.html": page_bytes(kg.view(), title=TITLE)}
        top, numbers = [], kg.outcomes()
        if all(end in kg.projection for end in CHAINS):
            chains = kg.view(paths=CHAINS, k=CHAINS_K)
            top = [chain for chain, _ in chains.graph["chains"]]
            outputs["chains.html"] = page_bytes(chains, title=f"{TITLE}: {chains.graph['title']}", outcomes=numbers)
        if numbers:
            outputs["outcomes.html"] = outcomes_bytes(numbers, title=f"{TITLE}: clinical outcomes")
        bar.update(step, description="writing the files")
        written = {name: atomic_write(out_dir / name, data) for name, data in outputs.items()}
    return BuildResult(report, written["graph.ttl"], written["graph.html"], written.get("chains.html"),
                       stats(graph), top, written.get("outcomes.html"))



def _reason_words(hop) -> str:
    """The weakest hop and why it is no more certain, in one phrase."""
    reasons = ", ".join(map(reason_words, hop.reasons))
    return f"weakest: {hop.source_label} {hop.relation} {hop.target_label} ({hop.level}" + \
        (f"; − {reasons})" if reasons else ")")
