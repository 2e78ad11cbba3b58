"""The Virtuoso harness, spoken to in raw HTTP: what a client of Virtuoso 7.2.5 (Debian) can rely on.

Each test pins one fact of tests/store/VIRTUOSO.md on the real server of the ``virtuoso_server``
fixture, so a Virtuoso that behaves otherwise fails here first.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

N_TRIPLES = "application/n-triples"
SPARQL_JSON = "application/sparql-results+json"


def http(method: str, url: str, body: bytes | None = None, timeout: float = 120, **headers):
    """Send one request; return (status, headers, body) for any status."""
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={key.replace("_", "-"): value for key, value in headers.items()})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def form(url: str, accept: str, **fields):
    """POST ``fields`` form-encoded (``query=`` or ``update=``), the way Virtuoso answers."""
    return http("POST", url, urllib.parse.urlencode(fields).encode(), Accept=accept,
                Content_Type="application/x-www-form-urlencoded")


def upload(server, graph: str, ntriples: str) -> int:
    """POST N-Triples into ``graph`` through the Graph Store protocol; return the status."""
    status, _, _ = http("POST", f"{server.graph_store_url}?{urllib.parse.urlencode({'graph-uri': graph})}",
                        ntriples.encode("utf-8"), Content_Type=N_TRIPLES)
    return status


def count(server, graph: str) -> int:
    status, _, body = form(server.url, SPARQL_JSON,
                           query=f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def sample(n: int, prefix: str) -> str:
    """``n`` N-Triples: IRIs, typed literals, and language-tagged ones with a non-ASCII letter,
    an escaped newline and quotes."""
    lines = []
    for i in range(n):
        subject, predicate = f"<urn:{prefix}:s{i // 3}>", f"<urn:{prefix}:p{i % 3}>"
        kind = i % 3
        obj = (f"<urn:{prefix}:o{i}>" if kind == 0 else
               f'"{i}"^^<http://www.w3.org/2001/XMLSchema#integer>' if kind == 1 else
               f'"anlotinib {i} é 安罗替尼\\n\\"q\\""@zh')
        lines.append(f"{subject} {predicate} {obj} .\n")
    return "".join(lines)


@pytest.fixture(scope="module")
def cut(virtuoso_server):
    """A graph of 10,500 triples: past the server's ResultSetMaxRows (10,000)."""
    graph = "urn:kg-test:past-the-row-limit"
    assert upload(virtuoso_server, graph, sample(10_500, "cut")) == 201
    return graph


def listening(port: int) -> set[str]:
    """The local addresses (hex, as in /proc/net/tcp*) with a socket listening on ``port``."""
    found = set()
    for table in (Path("/proc/net/tcp"), Path("/proc/net/tcp6")):
        for line in (table.read_text().splitlines()[1:] if table.exists() else ()):
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_virtuoso_listens_on_127_0_0_1_only(virtuoso_server):
    for port in (virtuoso_server.http_port, virtuoso_server.sql_port):
        assert listening(port) == {"0100007F"}, f"port {port}"


def test_1000_triples_go_up_through_the_graph_store_and_come_back_through_a_construct(virtuoso_server):
    data = sample(1000, "load")
    assert upload(virtuoso_server, "urn:kg-test:thousand", data) == 201
    assert count(virtuoso_server, "urn:kg-test:thousand") == 1000
    status, headers, body = form(virtuoso_server.url, N_TRIPLES,
                                 query="CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <urn:kg-test:thousand> { ?s ?p ?o } }")
    assert status == 200 and headers.get_content_type() == N_TRIPLES
    assert isomorphic(Graph().parse(data=body.decode("utf-8"), format="nt"), Graph().parse(data=data, format="nt"))


def test_an_update_is_answered_on_the_form_encoded_post(virtuoso_server):
    status, _, body = form(virtuoso_server.url, SPARQL_JSON,
                           update="INSERT DATA { GRAPH <urn:kg-test:update> { <urn:a> <urn:b> 'c' } }")
    assert status == 200, body
    assert count(virtuoso_server, "urn:kg-test:update") == 1


def test_a_query_posted_as_application_sparql_query_gets_no_answer(virtuoso_server):
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        http("POST", virtuoso_server.url, b"ASK { ?s ?p ?o }", timeout=3,
             Content_Type="application/sparql-query", Accept=SPARQL_JSON)
    status, _, _ = http("GET", f"{virtuoso_server.url}?{urllib.parse.urlencode({'query': 'ASK {}'})}",
                        Accept=SPARQL_JSON)
    assert status == 200


def test_a_construct_answers_in_the_first_type_accepted_even_sparql_json(virtuoso_server):
    """Why a client must choose Accept by query form: Virtuoso serves a CONSTRUCT as SPARQL-JSON
    rows (s, p, o) when JSON comes first."""
    query = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <urn:kg-test:update> { ?s ?p ?o } }"
    _, headers, body = form(virtuoso_server.url, f"{SPARQL_JSON}, {N_TRIPLES};q=0.9", query=query)
    assert headers.get_content_type() == SPARQL_JSON and json.loads(body)["head"]["vars"] == ["s", "p", "o"]
    _, headers, body = form(virtuoso_server.url, N_TRIPLES, query=query)
    assert headers.get_content_type() == N_TRIPLES and len(Graph().parse(data=body.decode(), format="nt")) == 1


def test_ask_comes_back_as_a_one_column_result_not_a_boolean(virtuoso_server):
    rows = {}
    for answer, query in (("yes", "ASK { GRAPH <urn:kg-test:update> { <urn:a> ?p ?o } }"),
                          ("no", "ASK { GRAPH <urn:kg-test:update> { <urn:nothing> ?p ?o } }")):
        status, _, body = form(virtuoso_server.url, SPARQL_JSON, query=query)
        assert status == 200 and "boolean" not in json.loads(body)
        assert json.loads(body)["head"]["vars"] == ["__ASK_RETVAL"]
        rows[answer] = [row["__ASK_RETVAL"]["value"] for row in json.loads(body)["results"]["bindings"]]
    assert rows == {"yes": ["1"], "no": []}


def test_a_construct_past_the_row_limit_is_cut_with_200_and_no_sign(virtuoso_server, cut):
    assert count(virtuoso_server, cut) == 10_500
    status, headers, body = form(virtuoso_server.url, N_TRIPLES,
                                 query=f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{cut}> {{ ?s ?p ?o }} }}")
    assert status == 200 and "X-SPARQL-MaxRows" not in headers
    assert len(Graph().parse(data=body.decode("utf-8"), format="nt")) == 10_001     # ResultSetMaxRows + 1


def test_a_select_past_the_row_limit_is_cut_and_says_so_in_a_header(virtuoso_server, cut):
    status, headers, body = form(virtuoso_server.url, SPARQL_JSON,
                                 query=f"SELECT * WHERE {{ GRAPH <{cut}> {{ ?s ?p ?o }} }}")
    assert status == 200 and headers["X-SPARQL-MaxRows"] == "10000"
    assert len(json.loads(body)["results"]["bindings"]) == 10_000


def test_paging_a_construct_with_limit_and_offset_gets_every_triple(virtuoso_server, cut):
    whole, offset, page = Graph(), 0, 4000
    while True:
        status, _, body = form(virtuoso_server.url, N_TRIPLES, query=(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{cut}> {{ ?s ?p ?o }} }} LIMIT {page} OFFSET {offset}"))
        assert status == 200, body
        triples = Graph().parse(data=body.decode("utf-8"), format="nt")
        whole += triples
        offset += page
        if len(triples) < page:
            break
    assert len(whole) == 10_500


def test_ordered_paging_past_10000_rows_is_refused(virtuoso_server, cut):
    status, headers, body = form(virtuoso_server.url, SPARQL_JSON, query=(
        f"SELECT * WHERE {{ GRAPH <{cut}> {{ ?s ?p ?o }} }} ORDER BY ?s ?p ?o LIMIT 1000 OFFSET 9500"))
    assert (status, headers.get_content_type()) == (500, "text/plain")
    assert b"SR353: Sorted TOP clause" in body


def test_the_default_graph_takes_no_writes(virtuoso_server):
    status, headers, body = http("PUT", f"{virtuoso_server.graph_store_url}?default", b"<urn:a> <urn:b> <urn:c> .\n",
                                 Content_Type=N_TRIPLES)
    assert (status, headers.get_content_type()) == (500, "text/html")
    assert b"not configured to have default graph" in body
    status, headers, body = form(virtuoso_server.url, SPARQL_JSON, update="INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert (status, headers.get_content_type()) == (400, "text/plain")
    assert body.startswith(b"Virtuoso 37000 Error SP031") and b"No plain default graph" in body


def test_a_query_without_from_sees_every_graph(virtuoso_server):
    assert upload(virtuoso_server, "urn:kg-test:union-1", "<urn:union> <urn:p> <urn:one> .\n") == 201
    assert upload(virtuoso_server, "urn:kg-test:union-2", "<urn:union> <urn:p> <urn:two> .\n") == 201
    status, _, body = form(virtuoso_server.url, SPARQL_JSON, query="SELECT ?o WHERE { <urn:union> <urn:p> ?o }")
    assert status == 200
    assert {row["o"]["value"] for row in json.loads(body)["results"]["bindings"]} == {"urn:one", "urn:two"}
    _, _, body = form(virtuoso_server.url, SPARQL_JSON, query="SELECT ?o WHERE { <urn:union> <urn:p> ?o }",
                      **{"default-graph-uri": "urn:kg-test:union-1"})
    assert [row["o"]["value"] for row in json.loads(body)["results"]["bindings"]] == ["urn:one"]


def test_a_syntax_error_is_a_400_in_plain_text(virtuoso_server):
    status, headers, body = form(virtuoso_server.url, SPARQL_JSON, query="SELEC ?x WHERE { ?x ?y ?z }")
    assert (status, headers.get_content_type()) == (400, "text/plain")
    assert body.startswith(b"Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error")


def test_a_put_replaces_a_named_graph(virtuoso_server):
    graph = URIRef("urn:kg-test:replaced")
    url = f"{virtuoso_server.graph_store_url}?{urllib.parse.urlencode({'graph-uri': str(graph)})}"
    assert http("PUT", url, sample(30, "first").encode(), Content_Type=N_TRIPLES)[0] == 201
    assert http("PUT", url, sample(20, "second").encode(), Content_Type=N_TRIPLES)[0] == 200
    assert count(virtuoso_server, str(graph)) == 20
    assert http("DELETE", url)[0] == 200
    assert count(virtuoso_server, str(graph)) == 0
    assert http("DELETE", url)[0] == 404


def test_numbers_and_language_tags_come_back_in_canonical_form(virtuoso_server):
    """Virtuoso keeps a number's value, not its spelling, and lowercases language tags. rdflib respells
    integers, doubles and booleans the same way when it parses, but keeps a decimal's "4.90" and a
    tag's case: there a client that prints what it reads differs from the local files."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    sent = {"decimal": f'"4.90"^^<{xsd}decimal>', "integer": f'"007"^^<{xsd}integer>',
            "double": f'"1.50E2"^^<{xsd}double>', "boolean": f'"1"^^<{xsd}boolean>', "tag": '"Lung Cancer"@EN-us',
            "date": f'"2024-01-05"^^<{xsd}date>', "string": '"4.90"'}
    assert upload(virtuoso_server, "urn:kg-test:literals",
                  "".join(f"<urn:literal:{name}> <urn:p> {value} .\n" for name, value in sent.items())) == 201
    _, _, body = form(virtuoso_server.url, N_TRIPLES,
                      query="CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <urn:kg-test:literals> { ?s ?p ?o } }")
    # Read the raw lines: rdflib's parser would itself respell integers, doubles and booleans.
    rows = [line.split("\t") for line in body.decode("utf-8").splitlines() if line.startswith("<urn:literal:")]
    back = {subject[len("<urn:literal:"):-1]: obj.rsplit(" .", 1)[0] for subject, _, obj in rows}
    assert back == {"decimal": f'"4.9"^^<{xsd}decimal>', "integer": f'"7"^^<{xsd}integer>',
                    "double": f'"150.0"^^<{xsd}double>', "boolean": f'"true"^^<{xsd}boolean>',
                    "tag": '"Lung Cancer"@en-us', "date": f'"2024-01-05"^^<{xsd}date>', "string": '"4.90"'}
