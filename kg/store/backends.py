"""Backends: the two stores behind rdflib's API, and every use of a library's private attributes.

``rdflib`` (the default: in memory, pure Python) and ``oxigraph`` (pyoxigraph through oxrdflib, for
inputs of millions of triples). oxrdflib keeps its pyoxigraph store in ``graph.store._inner``; the
fast paths (bulk loading, counting, dumping, scanning quads) use it, here and nowhere else.

>>> from rdflib import URIRef
>>> g = new_graph("oxigraph")
>>> g.add((URIRef("http://a.example/x"), URIRef("http://a.example/p"), URIRef("http://a.example/y")))
<Graph identifier=urn:x-rdflib:default (<class 'rdflib.graph.Graph'>)>
>>> count_triples(g), list(iri_links(g, skip=("http://www.w3.org/",)))
(1, [('http://a.example/x', 'http://a.example/p', 'http://a.example/y')])
"""

from __future__ import annotations

from typing import Iterator

import rdflib

from kg.errors import KGInputError

def keep_lexical_forms() -> None:
    """Make rdflib keep a literal's lexical form as written; return None.

    rdflib would rewrite it as it parses (``"notabool"^^xsd:boolean`` becomes ``false``, an overflowing
    double ``inf``); :func:`canonical_literals` then gives the valid ones the canonical form the Oxigraph
    store keeps, and validation names the others. Set on import, and again after pyshacl, which turns
    rdflib's rewriting back on when it finishes.

    >>> keep_lexical_forms()
    >>> from rdflib import Literal, XSD
    >>> str(Literal("notabool", datatype=XSD.boolean))
    'notabool'
    """
    rdflib.NORMALIZE_LITERALS = False


keep_lexical_forms()


# The same formats by their pyoxigraph names (RdfFormat attributes).
OXIGRAPH_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "n3": "N3", "json-ld": "JSON_LD", "xml": "RDF_XML"}


STORES = ("rdflib", "oxigraph")


def new_graph(store: str = "rdflib"):
    """Return an empty rdflib graph on ``store`` (``rdflib`` or ``oxigraph``), project prefixes bound.

    >>> g = new_graph()
    >>> len(g), dict(g.namespaces())["ent"]
    (0, rdflib.term.URIRef('https://w3id.org/evidence-kg/entity/'))
    >>> is_oxigraph(new_graph("oxigraph"))
    True
    """
    from rdflib import Graph

    from kg.namespaces import bind

    if store == "oxigraph":
        from oxrdflib import OxigraphStore
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
        # The default graph of the Oxigraph dataset, so its SPARQL engine sees every triple.
        return bind(Graph(store=OxigraphStore(), identifier=DATASET_DEFAULT_GRAPH_ID))
    if store != "rdflib":
        raise KGInputError(f"unknown store {store!r} (use one of {', '.join(STORES)})")
    return bind(Graph())


def is_oxigraph(graph) -> bool:
    """Return whether ``graph`` is held by the Oxigraph store.

    >>> is_oxigraph(new_graph("oxigraph")), is_oxigraph(new_graph("rdflib"))
    (True, False)
    """
    return type(graph.store).__name__ == "OxigraphStore"


def in_memory(graph):
    """Return ``graph`` itself if held by rdflib, else a copy in rdflib's memory store.

    Oxigraph gives every simple literal its RDF 1.1 datatype ``xsd:string``; rdflib writes that
    datatype out while its own parsers leave it off. The copy drops it, so exports are the same
    whichever store held the graph.

    >>> g = new_graph("oxigraph")
    >>> add_ntriples(g, b'<http://a.example/x> <http://a.example/p> "y" .\\n')
    >>> [o for _, _, o in g], [o for _, _, o in in_memory(g)]
    ([rdflib.term.Literal('y', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#string'))], [rdflib.term.Literal('y')])
    >>> plain = new_graph()
    >>> in_memory(plain) is plain
    True
    """
    if not is_oxigraph(graph):
        return graph
    from kg.namespaces import simple

    copy = new_graph("rdflib")
    for s, p, o in graph:
        copy.add((s, p, simple(o)))
    return copy


def add_ntriples(graph, data: bytes) -> None:
    """Add the N-Triples ``data`` to ``graph`` in place (return None): Oxigraph's bulk loader on that
    store, rdflib's parser otherwise.

    What an endpoint answers a CONSTRUCT with; millions of triples take seconds on Oxigraph.

    >>> data = b'<http://a.example/x> <http://a.example/p> <http://a.example/y> .\\n'
    >>> for store in STORES:
    ...     g = new_graph(store)
    ...     add_ntriples(g, data)
    ...     print(store, count_triples(g))
    rdflib 1
    oxigraph 1
    """
    if is_oxigraph(graph):
        import pyoxigraph
        graph.store._inner.bulk_load(input=data, format=pyoxigraph.RdfFormat.N_TRIPLES,
                                     to_graph=pyoxigraph.DefaultGraph())
    else:
        graph.parse(data=data.decode("utf-8"), format="nt")


def ntriples(graph) -> bytes:
    """Return ``graph`` as N-Triples (UTF-8), written by the store itself on Oxigraph.

    Oxigraph writes a million triples a second, rdflib about 23,000: what makes exporting or
    pushing a graph of millions of triples take seconds, not minutes.

    >>> g = new_graph("oxigraph")
    >>> add_ntriples(g, b'<http://a.example/x> <http://a.example/p> "y" .\\n')
    >>> ntriples(g)
    b'<http://a.example/x> <http://a.example/p> "y" .\\n'
    """
    if is_oxigraph(graph):
        import pyoxigraph
        return graph.store._inner.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    return graph.serialize(format="nt", encoding="utf-8")


def write_ntriples(graph, path) -> None:
    """Write ``graph`` as N-Triples (UTF-8) to the file ``path``, streamed by the store; return None.

    What a push uploads from: memory does not grow with the graph's size.

    >>> import tempfile, pathlib
    >>> g = new_graph("oxigraph")
    >>> add_ntriples(g, b'<http://a.example/x> <http://a.example/p> "y" .\\n')
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.nt"
    >>> write_ntriples(g, path)
    >>> path.read_bytes() == ntriples(g)
    True
    """
    if is_oxigraph(graph):
        import pyoxigraph
        graph.store._inner.dump(output=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES,
                                from_graph=pyoxigraph.DefaultGraph())
    else:
        graph.serialize(destination=str(path), format="nt", encoding="utf-8")


def canonical_literals(graph) -> int:
    """Give every valid typed literal of the rdflib ``graph`` the canonical lexical form Oxigraph keeps
    (``"4.0"^^xsd:decimal`` → ``"4"``, ``"1"^^xsd:boolean`` → ``"true"``, ``"1e400"^^xsd:double`` →
    ``"INF"``); return how many triples changed. Invalid ones (``"notabool"^^xsd:boolean``) stay as written.

    So both stores hold, query and export the same terms. Oxigraph itself decides the canonical form:
    the literals pass through a pyoxigraph store of their own.

    >>> from rdflib import Literal, URIRef, XSD
    >>> g = new_graph()
    >>> x, p = URIRef("http://a.example/x"), URIRef("http://a.example/p")
    >>> for value, datatype in [("4.0", XSD.decimal), ("1", XSD.boolean), ("notabool", XSD.boolean), ("007", XSD.integer)]:
    ...     _ = g.add((x, p, Literal(value, datatype=datatype)))
    >>> canonical_literals(g), sorted(str(o) for o in g.objects(x, p))
    (3, ['4', '7', 'notabool', 'true'])
    """
    import pyoxigraph
    from rdflib import Literal
    from rdflib.namespace import XSD

    typed = sorted({o for o in graph.objects() if isinstance(o, Literal) and o.datatype is not None
                    and str(o.datatype).startswith(str(XSD)) and o.datatype != XSD.string})
    store, predicate = pyoxigraph.Store(), pyoxigraph.NamedNode("urn:kg:value")
    store.extend(pyoxigraph.Quad(pyoxigraph.NamedNode(f"urn:kg:{i}"), predicate,
                                 pyoxigraph.Literal(str(o), datatype=pyoxigraph.NamedNode(str(o.datatype))))
                 for i, o in enumerate(typed))
    canonical = {}
    for quad in store:
        literal = typed[int(quad.subject.value.removeprefix("urn:kg:"))]
        if quad.object.value != str(literal):
            canonical[literal] = Literal(quad.object.value, datatype=literal.datatype)
    changed = [(s, p, o) for o in canonical for s, p in graph.subject_predicates(o)]
    for s, p, o in changed:
        graph.remove((s, p, o))
        graph.add((s, p, canonical[o]))
    return len(changed)


def count_triples(graph) -> int:
    """Return the number of triples in ``graph`` (natively counted on the Oxigraph store).

    >>> from kg.examples import toy_graph
    >>> count_triples(toy_graph("oxigraph")) == count_triples(toy_graph()) == len(toy_graph()) > 0
    True
    """
    # oxrdflib's len() runs a COUNT DISTINCT query: 20 times slower than pyoxigraph's own count.
    return len(graph.store._inner) if is_oxigraph(graph) else len(graph)


def iri_links(graph, skip: tuple[str, ...]) -> Iterator[tuple[str, str, str]]:
    """Yield ``(subject, predicate, object)`` IRIs of every triple between two IRIs whose predicate
    starts with none of ``skip`` (namespaces of vocabulary, not of relations).

    On the Oxigraph store the triples are read from pyoxigraph itself: converting millions of
    them to rdflib terms would cost more than the rest of the projection.

    >>> from kg.examples import toy_graph
    >>> links = set(iri_links(toy_graph(), skip=("http://www.w3.org/", "https://w3id.org/evidence-kg/schema#")))
    >>> ("https://w3id.org/evidence-kg/document/toy-s1", "http://purl.org/dc/terms/isPartOf",
    ...  "https://w3id.org/evidence-kg/document/toy") in links
    True
    """
    if is_oxigraph(graph):
        import pyoxigraph
        iri = pyoxigraph.NamedNode
        for quad in graph.store._inner.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()):
            if type(quad.object) is iri and type(quad.subject) is iri:
                predicate = quad.predicate.value
                if not predicate.startswith(skip):
                    yield quad.subject.value, predicate, quad.object.value
        return
    from rdflib import URIRef
    for subject, predicate, obj in graph:
        # str(): rdflib's URIRef.startswith does not take a tuple.
        if isinstance(obj, URIRef) and isinstance(subject, URIRef) and not str(predicate).startswith(skip):
            yield str(subject), str(predicate), str(obj)


def values_of(graph, predicate: str) -> Iterator[tuple[str, str, str | None]]:
    """Yield ``(subject IRI, value, language tag or None)`` of every ``predicate`` triple on an IRI.

    The fast read of :func:`iri_links`, for labels and types of millions of nodes.

    >>> from kg.examples import toy_graph
    >>> labels = values_of(toy_graph(), "http://www.w3.org/2000/01/rdf-schema#label")
    >>> sorted((value, lang) for iri, value, lang in labels if iri.endswith("/entity/KDR"))
    [('VEGFR2', 'en'), ('血管内皮生长因子受体2', 'zh')]
    """
    if is_oxigraph(graph):
        import pyoxigraph
        for quad in graph.store._inner.quads_for_pattern(None, pyoxigraph.NamedNode(predicate), None,
                                                         pyoxigraph.DefaultGraph()):
            if type(quad.subject) is pyoxigraph.NamedNode:
                yield quad.subject.value, quad.object.value, getattr(quad.object, "language", None)
        return
    from rdflib import URIRef
    for subject, value in graph.subject_objects(URIRef(predicate)):
        if isinstance(subject, URIRef):
            yield str(subject), str(value), getattr(value, "language", None)


def bulk_load(graph, source, fmt: str, base_iri: str | None = None) -> None:
    """Stream ``source`` (bytes or a binary file) in rdflib format ``fmt`` into the Oxigraph ``graph``
    with Oxigraph's bulk loader; return None (the graph grows in place).

    >>> g = new_graph("oxigraph")
    >>> bulk_load(g, b'@prefix a: <http://a.example/> . a:x a:p a:y , a:z .', "turtle")
    >>> count_triples(g)
    2
    """
    import pyoxigraph
    graph.store._inner.bulk_load(input=source, format=getattr(pyoxigraph.RdfFormat, OXIGRAPH_FORMATS[fmt]),
                                 base_iri=base_iri, to_graph=pyoxigraph.DefaultGraph())


def extend(graph, part) -> None:
    """Add every triple of ``part`` to ``graph`` (natively when both are on the Oxigraph store); return None.

    >>> g, part = new_graph("oxigraph"), new_graph("oxigraph")
    >>> add_ntriples(g, b'<http://a.example/x> <http://a.example/p> <http://a.example/y> .\\n')
    >>> add_ntriples(part, b'<http://a.example/x> <http://a.example/p> <http://a.example/z> .\\n')
    >>> extend(g, part)
    >>> count_triples(g), count_triples(part)
    (2, 1)
    >>> mixed = new_graph("rdflib")
    >>> extend(mixed, part)
    >>> count_triples(mixed)
    1
    """
    if is_oxigraph(graph) and is_oxigraph(part):
        graph.store._inner.extend(part.store._inner)
    else:
        graph += part
