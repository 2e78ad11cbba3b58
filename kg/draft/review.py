"""Review: what a draft still needs before it is confirmed, and confirming it.

A problem is *open* (it blocks confirming) when an item cannot stand in the curated graph as it is:
a number without an endpoint, an unresolved arm, endpoint or adverse event, a publication
without DOI, title, first author or year (what ``kg validate`` requires once the mark is gone). A design read from no words of the text is a note (the curator
checks the level) and does not block.

>>> from kg.draft.marks import DRAFT, TRUE
>>> from kg.store.backends import new_graph
>>> from kg.namespaces import KG
>>> from rdflib import URIRef, Literal
>>> from rdflib.namespace import RDF
>>> g = new_graph(); om = URIRef("https://w3id.org/evidence-kg/outcome/x")
>>> _ = g.add((om, RDF.type, KG.OutcomeMeasure)); _ = g.add((om, DRAFT, TRUE)); _ = g.add((om, KG.value, Literal(3.0)))
>>> [(p.item, p.problem, p.open) for p in problems(g)]
[('om:x', 'a number without an endpoint', True), ('om:x', 'no study', True)]
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF

from kg.draft.marks import DRAFT, draft_nodes
from kg.draft.subgroups import open_note
from kg.namespaces import KG, curie

BIBO_DOI = "http://purl.org/ontology/bibo/doi"


@dataclass(frozen=True)
class Problem:
    """One thing a drafted item needs: the item, what is missing, whether it blocks confirming.

    >>> Problem("om:x", "no study", True).open
    True
    """

    item: str
    problem: str
    open: bool


def problems(graph: Graph) -> list[Problem]:
    """Return the problems of every draft item of ``graph``, by item.

    >>> from kg.store.backends import new_graph
    >>> problems(new_graph())
    []
    """
    from rdflib import URIRef
    out = []
    for node in sorted(draft_nodes(graph)):
        name = curie(node)
        kinds = set(graph.objects(node, RDF.type))
        for words in sorted(str(v) for v in graph.objects(node, KG.unresolvedName)):
            out.append(Problem(name, f"unresolved: {words}", True))
        if KG.OutcomeMeasure in kinds:
            if graph.value(node, KG.endpoint) is None and not any(str(v).startswith("endpoint ") for v in graph.objects(node, KG.unresolvedName)):
                out.append(Problem(name, "a number without an endpoint", True))
            if graph.value(node, KG.study) is None:
                out.append(Problem(name, "no study", True))
            named = open_note(sorted(str(v) for v in graph.objects(node, KG.note)))
            if named and graph.value(node, KG.population) is None:
                out.append(Problem(name, f"{named[0]}: set kg:population", named[1]))
        if KG.Study in kinds and graph.value(node, KG.designInferred) is not None:
            out.append(Problem(name, "design inferred: check the evidence level", False))
        if KG.Publication in kinds:
            for prop, what in ((URIRef(BIBO_DOI), "a DOI"), (DCTERMS.title, "a title"), (KG.firstAuthor, "a first author"),
                               (KG.year, "a year")):
                if graph.value(node, prop) is None:
                    out.append(Problem(name, f"missing {what}", True))
        if KG.Assertion in kinds and graph.value(node, KG.hedgeWord) is not None:
            out.append(Problem(name, "hedged: kept as a hypothesis (kg:ReviewHypothesis)", False))
    return out


def confirm(graph: Graph) -> tuple[Graph, list[str], list[str]]:
    """Return ``(graph, confirmed, kept)``: a copy with the draft mark removed from every item without
    open problems whose study, arms, publication and document are confirmed too; the others stay drafts.

    >>> from kg.store.backends import new_graph
    >>> g, done, kept = confirm(new_graph())
    >>> done, kept
    ([], [])
    """
    blocked = {p.item for p in problems(graph) if p.open}
    drafts = draft_nodes(graph)
    ok = {n for n in drafts if curie(n) not in blocked}
    changed = True
    while changed:                       # an item is confirmed only with what it stands on
        changed = False
        for node in list(ok):
            needs = [o for p in (KG.study, KG.arm, KG.comparatorArm, KG.reportedIn, KG.hasArm)
                     for o in graph.objects(node, p)]
            needs += [o for src in graph.objects(node, KG.source) for p in (KG.section, KG.cites) for o in graph.objects(src, p)]
            needs += list(graph.objects(node, DCTERMS.isPartOf))
            if any(n in drafts and n not in ok for n in needs):
                ok.discard(node)
                changed = True
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True)
    for s, p, o in graph:
        if p == DRAFT and s in ok:
            continue
        out.add((s, p, o))
    return out, sorted(curie(n) for n in ok), sorted(curie(n) for n in drafts - ok)


def load_draft(path) -> Graph:
    """Return the draft file ``path`` parsed; a missing or malformed file is a one-line KGInputError.

    >>> load_draft("/nonexistent.ttl")
    Traceback (most recent call last):
    ...
    kg.errors.KGInputError: /nonexistent.ttl: cannot read (No such file or directory)
    """
    from pathlib import Path

    from kg.errors import KGInputError
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise KGInputError(f"{path}: cannot read ({err.strerror or err})") from None
    graph = Graph()
    try:
        graph.parse(data=data.decode("utf-8-sig"), format="turtle")
    except Exception as err:          # rdflib raises many kinds; the user needs the first line
        raise KGInputError(f"{path}: not valid Turtle ({_turtle_error(err)})") from None
    return graph


def _turtle_error(err: Exception) -> str:
    """rdflib's parse error in one line: where ("line 2") and why ("newline found in string literal").

    >>> _turtle_error(SyntaxError('at line 2 of <>:\\nBad syntax (newline found in string literal) at ^ in:\\n"..."'))
    'line 2: newline found in string literal'
    """
    import re
    text = str(err)
    line = re.search(r"at line (\d+)", text)
    why = re.search(r"Bad syntax \(([^)]{1,160})\)", text)
    if line and why:
        return f"line {line.group(1)}: {why.group(1)}"
    return " ".join(text.split())[:200] or type(err).__name__


def confirm_file(path) -> tuple[bytes, list[str], list[str]]:
    """Return ``(Turtle bytes, confirmed, kept)`` for the draft file ``path`` (see :func:`confirm`).

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".ttl", delete=False) as f:
    ...     _ = f.write("@prefix kg: <https://w3id.org/evidence-kg/schema#> . kg:x kg:note 'n' .")
    >>> confirm_file(f.name)[1:]
    ([], [])
    >>> os.unlink(f.name)
    """
    from kg.io.turtle import dumps
    graph, done, kept = confirm(load_draft(path))
    return dumps(graph), done, kept
