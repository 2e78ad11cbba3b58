"""The endpoint: a SPARQL 1.1 server (Oxigraph server, Fuseki, Virtuoso, GraphDB) holding the graph.

Queries and updates are sent the way every server answers them (an HTML form POST, SPARQL 1.1
Protocol), a graph is uploaded with the Graph Store Protocol, and every answer is read by its
Content-Type and checked: an HTML page, a result that does not parse or an answer of the wrong kind
is a one-line :class:`kg.errors.KGEndpointError` naming the URL, never a traceback or a wrong
result. The requests themselves (deadline, size cap, no redirects, retries) are made in
:mod:`kg.store.http`.

Entity names never enter the query text: they are resolved locally to IRIs, which are checked
(:func:`checked_iri`) and written with rdflib's ``.n3()``.

>>> Endpoint.at("http://127.0.0.1:7878/query").store_url
'http://127.0.0.1:7878/store'
>>> Endpoint.at("http://localhost:3030/ds/sparql").update_url
'http://localhost:3030/ds/update'
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Literal, URIRef

from kg.errors import KGEndpointError, KGInputError
from kg.namespaces import PREFIXES
from kg.store.http import ATTEMPTS, MAX_ANSWER, TIMEOUT, Answer, free_port, send

# What an answer may be, by its Content-Type: SPARQL results (SELECT, ASK) or triples (CONSTRUCT, DESCRIBE).
RESULT_FORMATS = {"application/sparql-results+json": "json", "application/json": "json",
                  "application/sparql-results+xml": "xml"}
GRAPH_FORMATS = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle",
                 "application/x-turtle": "turtle", "application/rdf+xml": "xml", "application/ld+json": "json-ld"}
ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.8"
ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.8"
N_TRIPLES = "application/n-triples"
FORM = "application/x-www-form-urlencoded"
# The characters an IRI may not hold (the N-Triples and SPARQL IRIREF rule), so a checked IRI
# written as <...> cannot end early and inject text into a query.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')

# -- the subgraphs the query commands fetch ------------------------------------------------
# Each is a CONSTRUCT; `{values}` is filled with checked IRIs only.

# Resolving a name: the projection's nodes (entities by class, the subjects and objects of
# assertions) with their labels, synonyms and identifiers; owl:sameAs and skos:exactMatch
# because nodes joined by them are one node; kg:rank because a projection carries the evidence
# scale. The labels also name predicates and levels in the records.
NAMES = """
CONSTRUCT { ?s ?p ?o } WHERE {
    VALUES ?p { rdf:type rdfs:subClassOf rdfs:label skos:altLabel kg:xref rdf:subject rdf:predicate rdf:object
                owl:sameAs skos:exactMatch kg:rank }
    ?s ?p ?o .
}"""

# Evidence about entities (`{values}`): the assertions whose rdf:subject or rdf:object is one of
# them (level, direction, year, disease, note), their sources (section, quote, citation mismatches),
# and the publications the sources cite (first author, year, DOI). Labels and ranks come with NAMES.
EVIDENCE = """
CONSTRUCT { ?s ?p ?o } WHERE {
    VALUES ?entity { {values} }
    { ?s rdf:subject|rdf:object ?entity ; ?p ?o . }
    UNION { ?a rdf:subject|rdf:object ?entity ; kg:source ?s . ?s ?p ?o . }
    UNION { ?a rdf:subject|rdf:object ?entity ; kg:source/kg:cites ?s . ?s ?p ?o . }
}"""

# Clinical outcomes: every value a record shows sits on an outcome measure, its study (and the
# study it is a subgroup of), its arms and the publications (reportedIn, cites); the quotes on the
# outcome measures' sources; and the links the filters walk: narrower diseases, settings and
# populations (skos:broader), subgroups, a regimen's drugs and the drug classes holding them.
# Labels come with NAMES.
OUTCOMES = """
CONSTRUCT { ?s ?p ?o } WHERE {
    { VALUES ?class { kg:OutcomeMeasure kg:Study kg:StudyArm kg:Publication } ?s a ?class ; ?p ?o . }
    UNION { ?om a kg:OutcomeMeasure ; kg:source ?s . ?s ?p ?o . }
    UNION { VALUES ?p { skos:broader kg:subgroupOf kg:hasComponent kg:hasMember } ?s ?p ?o . }
}"""

# Chains: the projection they run on is built from nearly every kind of triple (entities of every
# class, assertions with evidence, publications and quotes, structure, context, joins), so a
# narrower subgraph would silently drift from it: paths and the other commands take the whole graph.
WHOLE = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def checked_iri(value: str) -> URIRef:
    """Return ``value`` as a URIRef if it is an absolute IRI; raise KGInputError otherwise.

    Only a checked IRI goes into query or update text (through ``.n3()``).

    >>> checked_iri("https://example.org/graph").n3()
    '<https://example.org/graph>'
    >>> checked_iri("x> } ; DROP ALL ; <y")
    Traceback (most recent call last):
    ...
    kg.errors.KGInputError: not an absolute IRI: 'x> } ; DROP ALL ; <y'
    """
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value) or _NOT_IN_IRI.search(value):
        raise KGInputError(f"not an absolute IRI: {value!r}")
    return URIRef(value)


@dataclass(frozen=True)
class Endpoint:
    """Where a SPARQL 1.1 server answers queries, updates and Graph Store Protocol requests.

    Make one with :meth:`at`, which derives the update and store URLs and tells the ``server`` by
    its URL's shape; ``timeout`` (seconds for a whole request), ``attempts`` and ``max_answer``
    (bytes) bound every request. Making one sends nothing.

    >>> endpoint = Endpoint.at("http://127.0.0.1:7878/query", timeout=5)
    >>> endpoint.update_url, endpoint.store_url, endpoint.server, endpoint.timeout, endpoint.attempts
    ('http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store', 'oxigraph', 5, 3)
    """

    query_url: str
    update_url: str | None
    store_url: str | None
    timeout: float = TIMEOUT
    attempts: int = ATTEMPTS
    max_answer: int = MAX_ANSWER
    server: str | None = None

    @classmethod
    def at(cls, query_url: str, *, update_url: str | None = None, store_url: str | None = None,
           timeout: float | None = None, attempts: int | None = None, max_answer: int | None = None) -> "Endpoint":
        """Return the endpoint whose query URL is ``query_url``; the other URLs are derived unless given.

        Oxigraph server ``/query`` → ``/update``, ``/store``; Fuseki ``/ds/query`` or ``/ds/sparql``
        → ``/ds/update``, ``/ds/data``; GraphDB ``/repositories/R`` → ``…/statements``,
        ``…/rdf-graphs/service``; Virtuoso ``/sparql`` → ``/sparql``, ``/sparql-graph-crud``.
        A URL of another shape leaves them None (then ``push`` needs them given).

        >>> Endpoint.at("http://localhost:7200/repositories/kg").update_url
        'http://localhost:7200/repositories/kg/statements'
        >>> Endpoint.at("http://localhost:8890/sparql").server
        'virtuoso'
        """
        for url in (query_url, update_url, store_url):
            if url is not None and not _is_http(url):
                raise KGInputError(f"not an http(s) URL: {url!r}")
        derived_update, derived_store, server = _conventions(query_url)
        return cls(query_url, update_url or derived_update, store_url or derived_store,
                   TIMEOUT if timeout is None else timeout, ATTEMPTS if attempts is None else attempts,
                   MAX_ANSWER if max_answer is None else max_answer, server)

    # -- queries ---------------------------------------------------------------------------
    def query(self, text: str, graph_iri: str | None = None) -> tuple[list[str], list[list]]:
        """Run a SPARQL query on the server; return (variables, rows) as :func:`kg.query.sparql.run` does.

        SELECT rows hold rdflib terms; ASK gives ``(["ask"], [[bool]])``; CONSTRUCT and DESCRIBE
        give ``(["subject", "predicate", "object"], triples)``. The project prefixes are predeclared;
        a syntax error is reported as the local ``kg sparql`` reports it, before anything is sent.
        ``graph_iri`` queries that named graph as the default graph.

        On a running server (not run here: it needs one, see :func:`serve_oxigraph`)::

            endpoint = Endpoint.at("http://127.0.0.1:7878/query")
            columns, rows = endpoint.query("SELECT ?l WHERE { ent:KDR rdfs:label ?l }")
            # columns == ['l'], rows == [[Literal('VEGFR2', lang='en')], ...] once the toy graph is pushed
            endpoint.query("ASK { ent:anlotinib kg:inhibits ent:KDR }")     # (['ask'], [[True]])

        A query that does not parse never reaches the server:

        >>> Endpoint.at("http://127.0.0.1:7878/query").query("SELEC ?x WHERE {}")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kg.errors.KGInputError: SPARQL syntax error at line 1, column 1: Expected ...
        """
        from kg.query.sparql import check_syntax
        form = check_syntax(text)
        if form in ("CONSTRUCT", "DESCRIBE"):
            from kg.store.backends import new_graph
            triples = self._graph(_with_prefixes(text), graph_iri, new_graph(), page=_page_size(text))
            return ["subject", "predicate", "object"], [list(t) for t in triples]
        return self._results(self._post_query(_with_prefixes(text), graph_iri, ACCEPT_RESULTS), form)

    def construct(self, text: str, graph_iri: str | None = None, *, values=(), into=None):
        """Return the triples of a CONSTRUCT query (``{values}`` filled with the IRIs ``values``) as an rdflib graph.

        The triples are added to ``into`` when given (a graph from :func:`kg.store.backends.new_graph`).

        On a running server (not run here: it needs one, see :func:`serve_oxigraph`)::

            from kg.namespaces import ENT
            endpoint = Endpoint.at("http://127.0.0.1:7878/query")
            graph = endpoint.construct("CONSTRUCT { ?e rdfs:label ?l } WHERE { VALUES ?e { {values} } ?e rdfs:label ?l }",
                                       values=[ENT.KDR, ENT.CCL5])
            # len(graph) == 4 once the toy graph is pushed (an English and a Chinese label each)

        Every value is checked as an IRI before anything is sent:

        >>> Endpoint.at("http://127.0.0.1:7878/query").construct(
        ...     "CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?s { {values} } ?s ?p ?o }", values=["CCL5"])
        Traceback (most recent call last):
        ...
        kg.errors.KGInputError: not an absolute IRI: 'CCL5'
        """
        from kg.store.backends import count_triples, extend, is_oxigraph, new_graph
        if self.server == "virtuoso" and not graph_iri:
            raise KGInputError("Virtuoso has no default graph of its own (a query without FROM sees every graph, "
                               "its system graphs too): name the graph with --graph IRI")
        text = text.replace("{values}", " ".join(checked_iri(str(v)).n3() for v in values))
        graph = new_graph() if into is None else into
        store = "oxigraph" if is_oxigraph(graph) else "rdflib"
        part = self._triples(self._post_query(_with_prefixes(text), graph_iri, ACCEPT_GRAPH), new_graph(store))
        if self.server == "virtuoso":     # it cuts a long answer silently: its distinct solutions say how many there are
            expected = self._count_construct(text, graph_iri)
            if count_triples(part) < expected:
                part = self._graph(_with_prefixes(text), graph_iri, new_graph(store), page=_page_size(text))
            if count_triples(part) < expected:
                raise KGEndpointError(f"{self.query_url}: answered {count_triples(part):,} of {expected:,} triples, "
                                      f"also in pages of {PAGE_TRIPLES:,}: raise ResultSetMaxRows in the [SPARQL] "
                                      "section of virtuoso.ini to at least that")
        extend(graph, part)
        return graph

    def _graph(self, text: str, graph_iri: str | None, graph, *, page: int | None):
        """Add the triples of a CONSTRUCT to ``graph``, in pages of ``page`` solutions on a server that cuts
        long answers (Virtuoso: ``ResultSetMaxRows``, with HTTP 200 and no mark); return ``graph``."""
        from kg.store.backends import count_triples, extend, is_oxigraph, new_graph
        if self.server != "virtuoso" or page is None:
            return self._triples(self._post_query(text, graph_iri, ACCEPT_GRAPH), graph)
        offset = 0
        while True:      # until an empty page: a page with duplicate triples holds fewer than `page`
            part = self._triples(self._post_query(f"{text}\nLIMIT {page} OFFSET {offset}", graph_iri, ACCEPT_GRAPH),
                                 new_graph("oxigraph" if is_oxigraph(graph) else "rdflib"))
            if not count_triples(part):
                return graph
            extend(graph, part)
            offset += page

    def _count_construct(self, text: str, graph_iri: str | None) -> int:
        """The number of distinct triples one of our ``CONSTRUCT { ?s ?p ?o } WHERE {...}`` queries gives."""
        head = "CONSTRUCT { ?s ?p ?o } WHERE"
        if not text.lstrip().startswith(head):
            raise ValueError("only a CONSTRUCT { ?s ?p ?o } query is counted")
        where = text.lstrip()[len(head):]
        _, rows = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {where} }}", graph_iri)
        return int(str(rows[0][0])) if rows and rows[0] and rows[0][0] is not None else 0

    def count(self, graph_iri: URIRef | None) -> int:
        """Return how many triples the server holds in the named graph ``graph_iri`` (None: what its
        default graph shows).

        On a running server (not run here: it needs one, see :func:`serve_oxigraph`)::

            Endpoint.at("http://127.0.0.1:7878/query").count(None)      # 1110 once the toy graph is pushed
        """
        where = f"GRAPH {graph_iri.n3()} {{ ?s ?p ?o }}" if graph_iri is not None else "?s ?p ?o"
        _, rows = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        value = rows[0][0] if rows and rows[0] else None
        if not isinstance(value, Literal) or not str(value).isdigit():
            raise KGEndpointError(f"{self.query_url}: a COUNT query was answered with {value!r}, not a number")
        return int(str(value))

    def _post_query(self, text: str, graph_iri: str | None, accept: str) -> Answer:
        """Send a query as an HTML form POST, which every server answers (Virtuoso ignores a
        ``application/sparql-query`` body); return the answer."""
        fields = [("query", text)]
        if graph_iri:
            fields.append(("default-graph-uri", str(checked_iri(graph_iri))))
        return self._send("POST", self.query_url, urllib.parse.urlencode(fields).encode("utf-8"),
                          {"Content-Type": FORM, "Accept": accept})

    def _results(self, answer: Answer, form: str) -> tuple[list[str], list[list]]:
        """The (variables, rows) of a SELECT or ASK answer, read by its Content-Type."""
        fmt = RESULT_FORMATS.get(answer.content_type)
        if fmt is None:
            raise self._unexpected(answer, f"SPARQL results for an {form} query")
        try:
            variables, rows = _xml_results(answer.body) if fmt == "xml" else _json_results(answer.body)
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise KGEndpointError(f"{self.query_url}: answered with malformed SPARQL results ({_one_line(err)})") from None
        if form == "ASK" and variables == ["__ASK_RETVAL"]:     # Virtuoso: one row "1" for yes, no row for no
            variables, rows = ["ask"], [[any(str(row[0]) == "1" for row in rows)]]
        cut = answer.headers.get("x-sparql-maxrows", "")
        if cut.isdigit() and len(rows) >= int(cut):
            raise KGEndpointError(f"{self.query_url}: the answer was cut at the server's limit of {int(cut):,} rows "
                                  "(Virtuoso: ResultSetMaxRows in virtuoso.ini): add LIMIT and OFFSET to page it, "
                                  "or raise the limit")
        if (variables == ["ask"]) != (form == "ASK"):
            raise KGEndpointError(f"{self.query_url}: answered an {form} query with the results of another kind")
        return variables, rows

    def _triples(self, answer: Answer, graph):
        """Add the triples of a CONSTRUCT answer, read by its Content-Type, to ``graph``; return ``graph``."""
        from kg.store.backends import add_ntriples, extend, new_graph
        fmt = GRAPH_FORMATS.get(answer.content_type)
        if fmt is None:
            raise self._unexpected(answer, "RDF triples (N-Triples or Turtle) for a CONSTRUCT query")
        try:
            if fmt == "nt":
                add_ntriples(graph, answer.body)
            else:
                extend(graph, new_graph().parse(data=answer.body, format=fmt))
        except Exception as err:   # the parsers raise many types (syntax, decoding, plugin errors)
            raise KGEndpointError(f"{self.query_url}: answered with {answer.content_type} that does not parse "
                                  f"({_one_line(err)})") from None
        return graph

    def _unexpected(self, answer: Answer, expected: str) -> KGEndpointError:
        """The error for an answer of the wrong kind: often a login, proxy or landing page."""
        start = answer.body.lstrip()[:200].lower()
        if answer.content_type in ("text/html", "application/xhtml+xml") or start.startswith((b"<!doctype html", b"<html")):
            what = "an HTML page"
        else:
            what = answer.content_type or "an answer without a Content-Type"
        return KGEndpointError(f"{self.query_url}: answered with {what}, not {expected} "
                               "(is this the server's SPARQL query URL?)", status=answer.status)

    # -- writing ---------------------------------------------------------------------------
    def store_graph(self, graph_iri: URIRef | None, source: bytes | Path, *, replace: bool = True,
                    bulk: bool = False) -> None:
        """Upload the N-Triples ``source`` (bytes, or a file streamed from disk) into the named graph
        ``graph_iri`` (None: the default graph) with the Graph Store Protocol; return None.

        ``replace``: PUT, the graph becomes the upload; else POST, the upload is added. ``bulk``
        (Oxigraph server): its bulk loader, outside a transaction (several times faster; a failure
        may leave part of the upload). The request's time grows with the upload's size
        (:func:`upload_timeout`) and an upload that timed out is never sent again.

        On a running server (not run here: it needs one, see :func:`serve_oxigraph`)::

            from rdflib import URIRef
            from kg.io import dumps
            from kg.examples import toy_graph
            endpoint = Endpoint.at("http://127.0.0.1:7878/query")
            endpoint.store_graph(URIRef("https://example.org/toy"), dumps(toy_graph(), "nt"))

        Without a Graph Store Protocol URL nothing is sent:

        >>> Endpoint.at("http://example.org/kg").store_graph(None, b"")
        Traceback (most recent call last):
        ...
        kg.errors.KGInputError: cannot tell the Graph Store Protocol URL of http://example.org/kg: give --store-url
        """
        url = self._graph_url(graph_iri) + ("&no_transaction" if bulk else "")
        size = source.stat().st_size if isinstance(source, Path) else len(source)
        self._send("PUT" if replace else "POST", url, source, {"Content-Type": N_TRIPLES},
                   idempotent=False, timeout=upload_timeout(size, self.timeout))

    def drop_graph(self, graph_iri: URIRef) -> None:
        """Delete the named graph ``graph_iri`` (Graph Store Protocol DELETE); return None.

        A graph the server does not hold raises :class:`~kg.errors.KGEndpointError` (``status`` 404 on
        most servers).
        On a running server (not run here: it needs one, see :func:`serve_oxigraph`)::

            from rdflib import URIRef
            Endpoint.at("http://127.0.0.1:7878/query").drop_graph(URIRef("https://example.org/toy"))

        Without a Graph Store Protocol URL nothing is sent:

        >>> from rdflib import URIRef
        >>> Endpoint.at("http://example.org/kg").drop_graph(URIRef("https://example.org/toy"))
        Traceback (most recent call last):
        ...
        kg.errors.KGInputError: cannot tell the Graph Store Protocol URL of http://example.org/kg: give --store-url
        """
        self._send("DELETE", self._graph_url(graph_iri), None, {})

    def update(self, text: str, *, idempotent: bool = True, timeout: float | None = None) -> None:
        """Run a SPARQL UPDATE (an HTML form POST); return None. Not ``idempotent``: a timed-out attempt
        is not repeated (it may have run). ``timeout``: seconds for this one (default: the endpoint's).

        On a running server (not run here: it needs one, see :func:`serve_oxigraph`)::

            endpoint = Endpoint.at("http://127.0.0.1:7878/query")
            endpoint.update("CLEAR GRAPH <https://example.org/toy>")
            endpoint.update("MOVE <https://example.org/staging> TO DEFAULT", idempotent=False)     # as push does

        Without an update URL nothing is sent:

        >>> Endpoint.at("http://example.org/kg").update("CLEAR DEFAULT")
        Traceback (most recent call last):
        ...
        kg.errors.KGInputError: cannot tell the update URL of http://example.org/kg: give --update-url
        """
        if not self.update_url:
            raise KGInputError(f"cannot tell the update URL of {self.query_url}: give --update-url")
        self._send("POST", self.update_url, urllib.parse.urlencode([("update", text)]).encode("utf-8"),
                   {"Content-Type": FORM}, idempotent=idempotent, timeout=timeout)

    def _graph_url(self, graph_iri: URIRef | None) -> str:
        if not self.store_url:
            raise KGInputError(f"cannot tell the Graph Store Protocol URL of {self.query_url}: give --store-url")
        separator = "&" if "?" in self.store_url else "?"
        if graph_iri is None:
            return self.store_url + separator + "default"
        return self.store_url + separator + urllib.parse.urlencode({"graph": checked_iri(str(graph_iri))})

    def _send(self, method: str, url: str, body, headers: dict, *, idempotent: bool = True,
              timeout: float | None = None) -> Answer:
        return send(method, url, body, headers, timeout=self.timeout if timeout is None else timeout,
                    attempts=self.attempts, idempotent=idempotent, max_answer=self.max_answer)


# Bytes a second a server is given to read and store an upload: Oxigraph server stores a PUT of a
# million triples (116 MB) in 150 s on this project's shared 2-core machine, so 200 kB/s leaves room.
UPLOAD_RATE = 200_000


def upload_timeout(size: int, timeout: float) -> float:
    """Return the seconds an upload of ``size`` bytes may take: the request ``timeout`` plus one second
    per :data:`UPLOAD_RATE` bytes (five seconds a megabyte), so a million-triple push is not cut off by a 30 s default.

    >>> upload_timeout(0, 30), upload_timeout(150_000_000, 30)
    (30.0, 780.0)
    """
    return float(timeout) + size / UPLOAD_RATE


@dataclass(frozen=True)
class Pushed:
    """What :func:`push` wrote: triples, bytes (``size``), seconds, where (``target``, in words) and how
    (``way``: ``bulk``, ``post``, ``put`` or ``atomic``).

    >>> pushed = Pushed(triples=1110, size=152_344, seconds=0.21, target="the default graph", way="bulk")
    >>> pushed.triples, pushed.target
    (1110, 'the default graph')
    """

    triples: int
    size: int
    seconds: float
    target: str
    way: str

    def summary(self) -> str:
        """Return one line for the terminal, e.g. ``pushed 13,456 triples (1,502,113 bytes) to the default graph in 0.8 s``.

        >>> Pushed(13456, 1502113, 0.84, "the default graph", "bulk").summary()
        'pushed 13,456 triples (1,502,113 bytes) to the default graph in 0.8 s (bulk load; checked: the server holds them)'
        """
        how = {"bulk": "bulk load", "post": "emptied, then one upload", "put": "one upload",
               "atomic": "staging graph, then MOVE"}[self.way]
        return (f"pushed {self.triples:,} triples ({self.size:,} bytes) to {self.target} in {self.seconds:.1f} s "
                f"({how}; checked: the server holds them)")


def push(endpoint: Endpoint, graph, graph_iri: str | None = None, *, atomic: bool = False) -> Pushed:
    """Replace the graph ``graph_iri`` (default: the default graph) on ``endpoint`` by ``graph``; return what was written.

    The N-Triples are written to a temporary file and streamed from it (memory does not grow with
    the upload). By default the fastest replace the server has: on Oxigraph server the target is
    dropped, then bulk loaded outside a transaction; elsewhere one PUT (all or nothing on servers
    that run a request as one transaction: Fuseki, GraphDB). ``atomic``: upload to a fresh staging
    graph, then one ``MOVE`` onto the target, so a failure leaves the target as it was on any server
    (the server writes everything twice). Afterwards the server is asked how many triples the
    target holds: a push that did not land as sent is an error, never a success. Failures raise
    :class:`~kg.errors.KGEndpointError` saying what was written and what was cleaned up.

    On a running server (not run here: it needs one, see :func:`serve_oxigraph`)::

        from kg.examples import toy_graph
        endpoint = Endpoint.at("http://127.0.0.1:7878/query")
        print(push(endpoint, toy_graph()).summary())
        # pushed 1,110 triples (... bytes) to the default graph in 0.1 s (bulk load; checked: ...)
        push(endpoint, toy_graph(), "https://example.org/toy", atomic=True)    # target unchanged on failure

    The graph IRI is checked before anything is sent, and Virtuoso's default graph is refused:

    >>> from kg.examples import toy_graph
    >>> push(Endpoint.at("http://127.0.0.1:7878/query"), toy_graph(), "my graph")
    Traceback (most recent call last):
    ...
    kg.errors.KGInputError: not an absolute IRI: 'my graph'
    >>> push(Endpoint.at("http://127.0.0.1:8890/sparql"), toy_graph())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.KGInputError: Virtuoso has no default graph of its own ...: push to a named graph with --graph IRI
    """
    from kg.store.backends import count_triples, write_ntriples

    target = checked_iri(graph_iri) if graph_iri else None      # checked before anything is sent
    if target is None and endpoint.server == "virtuoso":
        raise KGInputError("Virtuoso has no default graph of its own (a query without FROM sees every graph): "
                           "push to a named graph with --graph IRI")
    name = f"graph {target.n3()}" if target is not None else "the default graph"
    start = time.perf_counter()
    triples = count_triples(graph)
    with tempfile.TemporaryDirectory(prefix="kg-push-") as folder:
        upload = Path(folder) / "graph.nt"
        write_ntriples(graph, upload)
        size = upload.stat().st_size
        # Oxigraph: its bulk loader; Virtuoso: a POST into the emptied graph (its PUT is slower, and no more atomic).
        way = "atomic" if atomic else {"oxigraph": "bulk", "virtuoso": "post"}.get(endpoint.server, "put")
        if atomic:
            _push_staged(endpoint, upload, target, name)
        else:
            _push_fast(endpoint, upload, target, name, way)
    held = endpoint.count(target)
    if held != triples:
        raise KGEndpointError(f"{endpoint.query_url}: after the push {name} holds {held:,} triples, not the "
                              f"{triples:,} sent (the server did not store the upload as sent, or its default "
                              "graph shows other graphs too: push to a named graph with --graph IRI)")
    return Pushed(triples, size, time.perf_counter() - start, name, way)


def _push_fast(endpoint: Endpoint, upload: Path, target: URIRef | None, name: str, way: str) -> None:
    """Replace ``target`` by the file ``upload`` in one upload: a PUT (``put``), or the target dropped, then
    a POST into it (``post``; ``bulk``: through Oxigraph's bulk loader)."""
    size = upload.stat().st_size
    if way == "put":
        try:
            endpoint.store_graph(target, upload)
        except KGEndpointError as err:
            raise KGEndpointError(f"upload of {size:,} bytes onto {name} failed: {err}; {name} is unchanged if the "
                                  "server runs a request as one transaction, else it may hold part of the upload "
                                  "(push again, or with --atomic)") from None
        return
    # Dropping or moving a graph takes the server time in its size, as an upload does.
    seconds = upload_timeout(size, endpoint.timeout)
    try:
        endpoint.update(f"DROP SILENT GRAPH {target.n3()}" if target is not None else "DROP SILENT DEFAULT",
                        timeout=seconds)
    except KGEndpointError as err:
        raise KGEndpointError(f"emptying {name} before the upload failed: {err}; nothing was uploaded") from None
    try:
        endpoint.store_graph(target, upload, replace=False, bulk=way == "bulk")
    except KGEndpointError as err:
        raise KGEndpointError(f"{'bulk ' if way == 'bulk' else ''}upload of {size:,} bytes onto {name} failed: {err}; "
                              f"{name} was emptied first and may hold part of the upload (push again, or with --atomic)") from None


def _push_staged(endpoint: Endpoint, upload: Path, target: URIRef | None, name: str) -> None:
    """Upload the file ``upload`` to a fresh staging graph, then MOVE it onto ``target``."""
    staging = URIRef(f"urn:uuid:{uuid.uuid4()}")
    try:
        endpoint.store_graph(staging, upload)
    except KGEndpointError as err:
        # A server that never answered made no staging graph: nothing to clean up, nothing left.
        unreached = err.status is None and not err.timed_out
        cleanup = "no staging graph was made (the server was not reached)" if unreached else _clean_up(endpoint, staging)
        raise KGEndpointError(f"upload failed: {err}; {name} unchanged; {cleanup}") from None
    try:
        endpoint.update(f"MOVE {staging.n3()} TO {target.n3() if target is not None else 'DEFAULT'}", idempotent=False,
                        timeout=upload_timeout(upload.stat().st_size, endpoint.timeout))
    except KGEndpointError as err:
        outcome = f"{name} may have been replaced" if err.timed_out else f"{name} unchanged"
        raise KGEndpointError(f"uploaded {upload.stat().st_size:,} bytes to staging graph {staging.n3()} but the "
                              f"move onto {name} failed: {err}; {outcome}; {_clean_up(endpoint, staging)}") from None


def _clean_up(endpoint: Endpoint, staging: URIRef) -> str:
    """Drop the staging graph, best effort; say what became of it."""
    try:
        endpoint.drop_graph(staging)
    except KGEndpointError as err:
        if err.status == 404:
            return f"staging graph {staging.n3()} was not created"
        return f"staging graph {staging.n3()} left on the server (dropping it failed: {err})"
    return f"staging graph {staging.n3()} dropped"


def _conventions(query_url: str) -> tuple[str | None, str | None, str | None]:
    """The (update URL, Graph Store Protocol URL, server) that go with a query URL, by each server's convention."""
    parts = urllib.parse.urlsplit(query_url)
    path = parts.path.rstrip("/")

    def at(new_path: str) -> str:
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

    if path == "/query":                                          # Oxigraph server
        return at("/update"), at("/store"), "oxigraph"
    if path == "/sparql":                                         # Virtuoso
        return at("/sparql"), at("/sparql-graph-crud"), "virtuoso"
    if re.fullmatch(r".+/(query|sparql)", path):                  # Fuseki: /DATASET/query or /DATASET/sparql
        base = path.rsplit("/", 1)[0]
        return at(base + "/update"), at(base + "/data"), "fuseki"
    if re.fullmatch(r".*/repositories/[^/]+", path):             # GraphDB, RDF4J
        return at(path + "/statements"), at(path + "/rdf-graphs/service"), "graphdb"
    return None, None, None


PAGE_TRIPLES = 5000     # triples a page of a CONSTRUCT may hold on a server that cuts answers (Virtuoso's default: 10,000)


def _page_size(text: str) -> int | None:
    """Solutions a page of the CONSTRUCT ``text`` may ask for, so it holds at most :data:`PAGE_TRIPLES` triples;
    None when it cannot be paged (it has a LIMIT or OFFSET of its own, or no explicit template).

    >>> _page_size("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"), _page_size("CONSTRUCT WHERE { ?s ?p ?o }")
    (5000, None)
    >>> _page_size("CONSTRUCT { ?s ?p ?o . ?o ?p ?s } WHERE { ?s ?p ?o } LIMIT 10")
    """
    from rdflib.plugins.sparql.parser import parseQuery
    body = parseQuery(_with_prefixes(text))[1]
    if "limitoffset" in body or "template" not in body:      # (CompValue.get returns the key when it is missing)
        return None
    return max(1, PAGE_TRIPLES // len(body["template"]))


def _is_http(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _with_prefixes(text: str) -> str:
    """The query with the project prefixes declared before it (its own declarations still apply)."""
    return "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES.items()) + text


def _json_results(body: bytes) -> tuple[list[str], list[list]]:
    """(variables, rows) of SPARQL 1.1 JSON results; ValueError, KeyError or TypeError when malformed."""
    answer = json.loads(body)
    if "boolean" in answer:
        if not isinstance(answer["boolean"], bool):
            raise ValueError(f"ASK answered {answer['boolean']!r}")
        return ["ask"], [[answer["boolean"]]]
    variables = answer["head"]["vars"]
    if not all(isinstance(v, str) for v in variables):
        raise ValueError("a variable name is not a string")
    return variables, [[_term(row.get(v)) for v in variables] for row in answer["results"]["bindings"]]


def _xml_results(body: bytes) -> tuple[list[str], list[list]]:
    """(variables, rows) of SPARQL XML results, read by rdflib."""
    from rdflib.query import Result
    result = Result.parse(io.BytesIO(body), format="xml")
    if result.type == "ASK":
        return ["ask"], [[bool(result.askAnswer)]]
    variables = [str(v) for v in result.vars]
    return variables, [[row.get(v) for v in result.vars] for row in result.bindings]


def _term(binding: dict | None):
    """An rdflib term from a SPARQL JSON results binding (None when unbound); ValueError when malformed."""
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if not isinstance(value, str):
        raise ValueError(f"a {kind} value is not a string")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"unknown term type {kind!r}")
    if binding.get("xml:lang"):     # some servers also send rdf:langString, which rdflib will not take with a language
        return Literal(value, lang=binding["xml:lang"])
    return Literal(value, datatype=binding.get("datatype"))


def _one_line(err) -> str:
    text = str(err).strip()
    return (text.splitlines()[0] if text else type(err).__name__)[:200]


def serve_oxigraph(location: Path, *, wait: float = 30.0) -> tuple[subprocess.Popen, str]:
    """Start an Oxigraph server (``oxigraph serve``, PyPI package ``oxigraph``) on a free port of 127.0.0.1.

    It keeps its data in the folder ``location``. Returns the process (stop it with
    ``terminate()``) and its query URL once it answers; raises KGEndpointError if the
    ``oxigraph`` command is missing or the server does not answer within ``wait`` seconds.

    Example (not run here: it starts a server)::

        import tempfile
        from kg.examples import toy_graph
        from kg.api import KnowledgeGraph
        server, url = serve_oxigraph(Path(tempfile.mkdtemp()))
        try:
            push(Endpoint.at(url), toy_graph())
            KnowledgeGraph(endpoint=url).resolve("RANTES")      # 'ent:CCL5'
        finally:
            server.terminate()
            server.wait()
    """
    beside = Path(sys.executable).parent / "oxigraph"
    binary = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not binary:
        raise KGEndpointError("the oxigraph server command is not installed (pip install oxigraph)")
    port = free_port()
    log = tempfile.TemporaryFile()     # not a pipe: a long-running server would fill it and stall
    server = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}/query"
    probe_endpoint = Endpoint.at(url, timeout=2, attempts=1)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise KGEndpointError(f"oxigraph serve exited with {server.returncode}: "
                                  f"{log.read().decode('utf-8', 'replace').strip()[:300]}")
        try:
            probe_endpoint.query("ASK {}")
            return server, url
        except KGEndpointError:
            time.sleep(0.1)
    server.terminate()
    raise KGEndpointError(f"oxigraph serve did not answer on {url} within {wait:g} s")
