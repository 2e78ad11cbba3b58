"""The endpoint: a SPARQL 1.1 server (Oxigraph server, Fuseki, Virtuoso, GraphDB) holding the graph.

Plain HTTP from the standard library: queries are POSTed (``application/sparql-query``),
updates too (``application/sparql-update``), and a graph is uploaded with the Graph Store
Protocol. Every request is retried a bounded number of times with exponential backoff when the
server is down, slow, overloaded (HTTP 429) or failing (HTTP 5xx); a request the server refuses
(any other 4xx) is not retried. Failures raise :class:`kg.errors.KGEndpointError`, one line
naming the URL, what happened and how many attempts were made.

Entity names never enter the query text: they are resolved locally to IRIs, which are checked
(:func:`checked_iri`) and written with rdflib's ``.n3()``.

>>> Endpoint.at("http://127.0.0.1:7878/query").store_url
'http://127.0.0.1:7878/store'
>>> Endpoint.at("http://localhost:3030/ds/sparql").update_url
'http://localhost:3030/ds/update'
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Literal, URIRef

from kg.errors import KGEndpointError, KGInputError
from kg.namespaces import PREFIXES

SPARQL_RESULTS = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
TIMEOUT = 30.0      # seconds a request may take before it counts as failed
ATTEMPTS = 3
BACKOFF = 0.5       # seconds before the second attempt, doubled before each later one
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

    Make one with :meth:`at`, which derives the update and store URLs; ``timeout`` (seconds) and
    ``attempts`` bound every request. Making one sends nothing.

    >>> endpoint = Endpoint.at("http://127.0.0.1:7878/query", timeout=5)
    >>> endpoint.update_url, endpoint.store_url, endpoint.timeout, endpoint.attempts
    ('http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store', 5, 3)
    """

    query_url: str
    update_url: str | None
    store_url: str | None
    timeout: float = TIMEOUT
    attempts: int = ATTEMPTS

    @classmethod
    def at(cls, query_url: str, *, update_url: str | None = None, store_url: str | None = None,
           timeout: float | None = None, attempts: int | None = None) -> "Endpoint":
        """Return the endpoint whose query URL is ``query_url``; the other URLs are derived unless given.

        Oxigraph server ``/query`` → ``/update``, ``/store``; Fuseki ``/ds/query`` or ``/ds/sparql``
        → ``/ds/update``, ``/ds/data``; GraphDB ``/repositories/R`` → ``…/statements``,
        ``…/rdf-graphs/service``; Virtuoso ``/sparql`` → ``/sparql``, ``/sparql-graph-crud``.
        A URL of another shape leaves them None (then ``push`` needs them given).

        >>> Endpoint.at("http://localhost:7200/repositories/kg").update_url
        'http://localhost:7200/repositories/kg/statements'
        """
        for url in (query_url, update_url, store_url):
            if url is not None and not _is_http(url):
                raise KGInputError(f"not an http(s) URL: {url!r}")
        derived = _derived_urls(query_url)
        return cls(query_url, update_url or derived[0], store_url or derived[1],
                   TIMEOUT if timeout is None else timeout, ATTEMPTS if attempts is None else attempts)

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
        check_syntax(text)
        kind, body = self._post_query(_with_prefixes(text), graph_iri)
        if kind == N_TRIPLES:
            from kg.store.backends import add_ntriples, new_graph
            triples = new_graph()
            add_ntriples(triples, body)
            return ["subject", "predicate", "object"], [list(t) for t in triples]
        answer = json.loads(body)
        if "boolean" in answer:
            return ["ask"], [[bool(answer["boolean"])]]
        variables = answer["head"]["vars"]
        return variables, [[_term(row.get(v)) for v in variables] for row in answer["results"]["bindings"]]

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
        from kg.store.backends import add_ntriples, new_graph
        text = text.replace("{values}", " ".join(checked_iri(str(v)).n3() for v in values))
        _, body = self._post_query(_with_prefixes(text), graph_iri)
        graph = new_graph() if into is None else into
        add_ntriples(graph, body)
        return graph

    def _post_query(self, text: str, graph_iri: str | None) -> tuple[str, bytes]:
        """POST a query; return the answer's content type and body."""
        url = self.query_url
        if graph_iri:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode({"default-graph-uri": checked_iri(graph_iri)})
        return self._request("POST", url, text.encode("utf-8"), {
            "Content-Type": "application/sparql-query; charset=utf-8",
            "Accept": f"{SPARQL_RESULTS}, {N_TRIPLES};q=0.9"})

    # -- writing ---------------------------------------------------------------------------
    def put_graph(self, graph_iri: URIRef | None, data: bytes) -> None:
        """Replace the named graph ``graph_iri`` (None: the default graph) by the N-Triples ``data``
        (Graph Store Protocol PUT); return None.

        On a running server (not run here: it needs one, see :func:`serve_oxigraph`)::

            from rdflib import URIRef
            from kg.io import dumps
            from kg.examples import toy_graph
            endpoint = Endpoint.at("http://127.0.0.1:7878/query")
            endpoint.put_graph(URIRef("https://example.org/toy"), dumps(toy_graph(), "nt"))

        Without a Graph Store Protocol URL nothing is sent:

        >>> Endpoint.at("http://example.org/kg").put_graph(None, b"")
        Traceback (most recent call last):
        ...
        kg.errors.KGInputError: cannot tell the Graph Store Protocol URL of http://example.org/kg: give --store-url
        """
        # A big upload takes the server time to read and write: the timeout grows with it, and an upload
        # that timed out is not sent again (the server may still be writing it; three copies help nobody).
        self._request("PUT", self._graph_url(graph_iri), data, {"Content-Type": N_TRIPLES},
                      idempotent=False, timeout=upload_timeout(len(data), self.timeout))

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
        self._request("DELETE", self._graph_url(graph_iri), None, {})

    def update(self, text: str, *, idempotent: bool = True) -> None:
        """Run a SPARQL UPDATE; return None. Not ``idempotent``: a timed-out attempt is not repeated (it may have run).

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
        self._request("POST", self.update_url, text.encode("utf-8"),
                      {"Content-Type": "application/sparql-update; charset=utf-8"}, idempotent=idempotent)

    def _graph_url(self, graph_iri: URIRef | None) -> str:
        if not self.store_url:
            raise KGInputError(f"cannot tell the Graph Store Protocol URL of {self.query_url}: give --store-url")
        separator = "&" if "?" in self.store_url else "?"
        if graph_iri is None:
            return self.store_url + separator + "default"
        return self.store_url + separator + urllib.parse.urlencode({"graph": checked_iri(str(graph_iri))})

    # -- the one place requests are made -----------------------------------------------------
    def _request(self, method: str, url: str, body: bytes | None, headers: dict, *,
                 idempotent: bool = True, timeout: float | None = None) -> tuple[str, bytes]:
        """Send one request with bounded retry and backoff; return the answer's content type and body."""
        timeout = self.timeout if timeout is None else timeout
        for attempt in range(1, self.attempts + 1):
            try:
                request = urllib.request.Request(url, data=body, headers=headers, method=method)
                with urllib.request.urlopen(request, timeout=timeout) as answer:
                    return answer.headers.get_content_type(), answer.read()
            except urllib.error.HTTPError as err:
                status, problem = err.code, f"HTTP {err.code} {err.reason}{_first_line(err)}"
                if status < 500 and status != 429:    # the request itself was refused: the same again would be too
                    raise KGEndpointError(f"{url}: {problem} ({_tries(attempt)}; not retried)", status=status) from None
                timed_out = False
            except (TimeoutError, urllib.error.URLError, OSError) as err:
                reason = getattr(err, "reason", err)
                status, timed_out = None, isinstance(reason, TimeoutError)
                problem = f"timed out after {timeout:g} s" if timed_out else _connection_problem(reason)
                if timed_out and not idempotent:
                    raise KGEndpointError(f"{url}: {problem} ({_tries(attempt)}; not retried: it may have run)",
                                          timed_out=True) from None
            if attempt < self.attempts:
                time.sleep(BACKOFF * 2 ** (attempt - 1))
        raise KGEndpointError(f"{url}: {problem} ({_tries(self.attempts)})", status=status, timed_out=timed_out)


UPLOAD_RATE = 1_000_000      # bytes a second a server is given to read and store an upload (conservative)


def upload_timeout(size: int, timeout: float) -> float:
    """Return the seconds an upload of ``size`` bytes may take: the request ``timeout`` plus one second
    per :data:`UPLOAD_RATE` bytes, so a million-triple push is not cut off by a 30 s default.

    >>> upload_timeout(0, 30), upload_timeout(150_000_000, 30)
    (30.0, 180.0)
    """
    return float(timeout) + size / UPLOAD_RATE


@dataclass(frozen=True)
class Pushed:
    """What :func:`push` wrote: triples, bytes (``size``), seconds, and where (``target``, in words).

    >>> pushed = Pushed(triples=1110, size=152_344, seconds=0.21, target="the default graph")
    >>> pushed.triples, pushed.target
    (1110, 'the default graph')
    """

    triples: int
    size: int
    seconds: float
    target: str

    def summary(self) -> str:
        """Return one line for the terminal, e.g. ``pushed 13,456 triples (1,502,113 bytes) to the default graph in 0.8 s``.

        >>> Pushed(13456, 1502113, 0.84, "the default graph").summary()
        'pushed 13,456 triples (1,502,113 bytes) to the default graph in 0.8 s'
        """
        return f"pushed {self.triples:,} triples ({self.size:,} bytes) to {self.target} in {self.seconds:.1f} s"


def push(endpoint: Endpoint, graph, graph_iri: str | None = None, *, staged: bool = True) -> Pushed:
    """Replace the graph ``graph_iri`` (default: the default graph) on ``endpoint`` by ``graph``; return what was written.

    The N-Triples are uploaded to a fresh staging graph, then moved onto the target with one
    ``MOVE``, so a failure leaves the target as it was; the staging graph is then dropped. The
    error says what was written and what was cleaned up. Not ``staged``: one upload straight
    onto the target, half the server's work (a server writes the graph once, not twice); a
    failure leaves the target as it was only on servers that run a request as one transaction
    (Oxigraph, Fuseki, GraphDB), and the error says so. Failures raise :class:`~kg.errors.KGEndpointError`.

    On a running server (not run here: it needs one, see :func:`serve_oxigraph`)::

        from kg.examples import toy_graph
        endpoint = Endpoint.at("http://127.0.0.1:7878/query")
        print(push(endpoint, toy_graph()).summary())
        # pushed 1,110 triples (... bytes) to the default graph in 0.1 s
        push(endpoint, toy_graph(), "https://example.org/toy", staged=False)    # one upload, to a named graph

    The graph IRI is checked before anything is sent:

    >>> from kg.examples import toy_graph
    >>> push(Endpoint.at("http://127.0.0.1:7878/query"), toy_graph(), "my graph")
    Traceback (most recent call last):
    ...
    kg.errors.KGInputError: not an absolute IRI: 'my graph'
    """
    from kg.io import dumps
    from kg.store.backends import count_triples

    target = checked_iri(graph_iri) if graph_iri else None      # checked before anything is sent
    name = f"graph {target.n3()}" if target is not None else "the default graph"
    start = time.perf_counter()
    data = dumps(graph, "nt")
    if not staged:
        try:
            endpoint.put_graph(target, data)
        except KGEndpointError as err:
            raise KGEndpointError(f"upload of {len(data):,} bytes straight onto {name} failed: {err}; {name} is "
                                  "unchanged if the server runs a request as one transaction, else it may hold "
                                  "part of the upload (push again)") from None
        return Pushed(count_triples(graph), len(data), time.perf_counter() - start, name)
    staging = URIRef(f"urn:uuid:{uuid.uuid4()}")
    try:
        endpoint.put_graph(staging, data)
    except KGEndpointError as err:
        # A server that never answered made no staging graph: nothing to clean up, nothing left.
        unreached = err.status is None and not err.timed_out
        cleanup = "no staging graph was made (the server was not reached)" if unreached else _clean_up(endpoint, staging)
        raise KGEndpointError(f"upload failed: {err}; {name} unchanged; {cleanup}") from None
    try:
        endpoint.update(f"MOVE {staging.n3()} TO {target.n3() if target is not None else 'DEFAULT'}", idempotent=False)
    except KGEndpointError as err:
        outcome = f"{name} may have been replaced" if err.timed_out else f"{name} unchanged"
        raise KGEndpointError(f"uploaded {len(data):,} bytes to staging graph {staging.n3()} but the move onto "
                              f"{name} failed: {err}; {outcome}; {_clean_up(endpoint, staging)}") from None
    return Pushed(count_triples(graph), len(data), time.perf_counter() - start, name)


def _clean_up(endpoint: Endpoint, staging: URIRef) -> str:
    """Drop the staging graph, best effort; say what became of it."""
    try:
        endpoint.drop_graph(staging)
    except KGEndpointError as err:
        if err.status == 404:
            return f"staging graph {staging.n3()} was not created"
        return f"staging graph {staging.n3()} left on the server (dropping it failed: {err})"
    return f"staging graph {staging.n3()} dropped"


def _derived_urls(query_url: str) -> tuple[str | None, str | None]:
    """The (update, Graph Store Protocol) URLs that go with a query URL, by each server's convention."""
    parts = urllib.parse.urlsplit(query_url)
    path = parts.path.rstrip("/")

    def at(new_path: str) -> str:
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

    if path == "/query":                                          # Oxigraph server
        return at("/update"), at("/store")
    if path == "/sparql":                                         # Virtuoso
        return at("/sparql"), at("/sparql-graph-crud")
    if re.fullmatch(r".+/(query|sparql)", path):                  # Fuseki: /DATASET/query or /DATASET/sparql
        base = path.rsplit("/", 1)[0]
        return at(base + "/update"), at(base + "/data")
    if re.fullmatch(r".*/repositories/[^/]+", path):             # GraphDB, RDF4J
        return at(path + "/statements"), at(path + "/rdf-graphs/service")
    return None, None


def _is_http(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _with_prefixes(text: str) -> str:
    """The query with the project prefixes declared before it (its own declarations still apply)."""
    return "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES.items()) + text


def _term(binding: dict | None):
    """An rdflib term from a SPARQL JSON results binding (None when unbound)."""
    if binding is None:
        return None
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if binding.get("xml:lang"):     # some servers also send rdf:langString, which rdflib will not take with a language
        return Literal(value, lang=binding["xml:lang"])
    return Literal(value, datatype=binding.get("datatype"))


def _first_line(err: urllib.error.HTTPError) -> str:
    """``: `` and the first line of an error answer's body ('' when empty)."""
    try:
        text = err.read().decode("utf-8", "replace").strip()
    except OSError:
        return ""
    return f": {text.splitlines()[0][:200]}" if text else ""


def _connection_problem(reason) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ConnectionResetError):
        return "connection reset by the server"
    return str(getattr(reason, "strerror", None) or reason)


def _tries(n: int) -> str:
    return f"after {n} attempt{'s' if n > 1 else ''}"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now.

    The port is free when asked; another process may take it before it is used.

    >>> port = free_port()
    >>> isinstance(port, int) and 0 < port < 65536
    True
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
