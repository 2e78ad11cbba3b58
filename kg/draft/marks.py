"""The draft mark: the one place that says whether an item is a draft and takes drafts out.

A drafted item (``kg:draft true``, written by ``kg draft``) is a proposal a curator has not
confirmed: it never enters chains, outcomes or exports. The projection
(:func:`kg.graph.projection.project`), the outcomes (:func:`kg.query.outcomes.outcomes`), the
exports (:meth:`kg.api.KnowledgeGraph.export`) and the curated checks (:func:`kg.validation.validate`;
drafts have ``kg validate --drafts``) call :func:`without_drafts` and nothing else.

>>> from kg.examples import toy_graph
>>> g = toy_graph()
>>> has_drafts(g), without_drafts(g) is g        # no drafts: the same graph, nothing copied
(False, True)
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, XSD

from kg.namespaces import KG

DRAFT = KG.draft
TRUE = Literal(True)


def is_draft(graph: Graph, node) -> bool:
    """Return True when ``node`` carries ``kg:draft true``.

    >>> from kg.store.backends import new_graph
    >>> from kg.namespaces import ENT
    >>> g = new_graph(); _ = g.add((ENT.x, DRAFT, TRUE))
    >>> is_draft(g, ENT.x), is_draft(g, ENT.y)
    (True, False)
    """
    return any(_true(value) for value in graph.objects(node, DRAFT))


def draft_nodes(graph: Graph) -> set:
    """Return every node marked ``kg:draft true``.

    >>> from kg.store.backends import new_graph
    >>> from kg.namespaces import ENT
    >>> g = new_graph(); _ = g.add((ENT.x, DRAFT, TRUE)); _ = g.add((ENT.y, DRAFT, Literal(False)))
    >>> sorted(str(n).rsplit("/", 1)[-1] for n in draft_nodes(g))
    ['x']
    """
    return {s for s, value in graph.subject_objects(DRAFT) if _true(value)}


def has_drafts(graph: Graph) -> bool:
    """Return True when any node of ``graph`` is a draft (a quick look, no copy).

    >>> from kg.store.backends import new_graph
    >>> has_drafts(new_graph())
    False
    """
    return any(_true(value) for value in graph.objects(None, DRAFT))


def without_drafts(graph: Graph) -> Graph:
    """Return ``graph`` without its draft items: ``graph`` itself when it has none, else a copy
    without every triple whose subject or object is a draft node, nor the blank nodes (sources)
    hanging from a draft node.

    >>> from kg.store.backends import new_graph
    >>> from kg.namespaces import ENT, KG
    >>> g = new_graph()
    >>> _ = g.add((ENT.anlotinib, KG.inhibits, ENT.KDR))
    >>> _ = g.add((ENT.om1, DRAFT, TRUE)); _ = g.add((ENT.om1, KG.study, ENT.s))
    >>> src = BNode(); _ = g.add((ENT.om1, KG.source, src)); _ = g.add((src, KG.quote, Literal("q")))
    >>> [tuple(str(t).rsplit("/", 1)[-1] for t in triple) for triple in without_drafts(g)]
    [('anlotinib', 'schema#inhibits', 'KDR')]
    """
    drafts = draft_nodes(graph)
    if not drafts:
        return graph
    dropped = set(drafts)
    todo = list(drafts)
    while todo:                     # their sources (blank or skolemized at load) go with them,
        node = todo.pop()           # unless a kept item shares the source (the same quote, one node once skolemized)
        for p, obj in graph.predicate_objects(node):
            if (isinstance(obj, BNode) or p == KG.source) and obj not in dropped \
                    and all(s in dropped for s in graph.subjects(None, obj)):
                dropped.add(obj)
                todo.append(obj)
    # the plain triple the loader adds for each assertion (kg/store/enrich.py), unless a confirmed one states it too
    stated = lambda a: (graph.value(a, RDF.subject), graph.value(a, RDF.predicate), graph.value(a, RDF.object))
    kept = {stated(a) for a in graph.subjects(RDF.type, KG.Assertion) if a not in drafts}
    derived = {stated(a) for a in drafts if (a, RDF.type, KG.Assertion) in graph} - kept
    from kg.store.backends import new_graph
    out = new_graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace, override=True)
    for s, p, o in graph:
        if s in dropped or o in dropped or (s, p, o) in derived:
            continue
        out.add((s, p, o))
    return out


def _true(value) -> bool:
    return isinstance(value, Literal) and value.datatype == XSD.boolean and str(value).strip().lower() in ("true", "1")
