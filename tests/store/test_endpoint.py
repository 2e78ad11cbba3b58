"""Issue 7: SPARQL 1.1 endpoints. `kg push` uploads to a real Oxigraph server, `kg sparql
--endpoint` queries it, and the query commands give the same answers from it as from the files.
An endpoint that is down, slow or failing gets one clear line, after a bounded number of tries.
"""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from conftest import COUNT, ENDPOINT_QUERIES as QUERIES, run_kg
from kg.store.endpoint import free_port


def count(url: str, *graph: str) -> int:
    result = run_kg("sparql", "--endpoint", url, *graph, COUNT, "--format", "csv")
    assert result.returncode == 0, result.stderr
    return int(result.stdout.splitlines()[1])


@pytest.fixture(scope="module")
def pushed(oxigraph_server):
    """The server's query URL, with the shipped graph pushed to its default graph."""
    result = run_kg("push", "--endpoint", oxigraph_server)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("pushed ") and "to the default graph" in result.stderr
    return oxigraph_server


def test_push_then_count_matches_the_local_graph(pushed):
    local = run_kg("sparql", COUNT, "--format", "csv")
    assert count(pushed) == int(local.stdout.splitlines()[1]) > 10000


def test_push_twice_replaces_rather_than_appends(pushed):
    before = count(pushed)
    assert run_kg("push", "--endpoint", pushed).returncode == 0
    assert count(pushed) == before


def test_push_to_a_named_graph_leaves_the_default_graph_alone(pushed):
    default = count(pushed)
    result = run_kg("push", "--endpoint", pushed, "--graph", "https://example.org/graphs/anlotinib")
    assert result.returncode == 0, result.stderr
    assert "<https://example.org/graphs/anlotinib>" in result.stderr
    assert count(pushed, "--graph", "https://example.org/graphs/anlotinib") == default
    assert count(pushed) == default
    # The query commands read a named graph too.
    local = run_kg("evidence", "anlotinib", "CCL5", "--json")
    remote = run_kg("evidence", "anlotinib", "CCL5", "--json", "--endpoint", pushed,
                    "--graph", "https://example.org/graphs/anlotinib")
    assert remote.stdout == local.stdout


@pytest.mark.parametrize("args", QUERIES, ids=[" ".join(q[:3]) for q in QUERIES])
def test_query_commands_answer_the_same_from_the_endpoint(pushed, args):
    local = run_kg(*args)
    remote = run_kg("--endpoint", pushed, *args)
    assert local.returncode == remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout


def test_endpoint_option_after_the_command_and_on_the_oxigraph_store(pushed):
    args = ("paths", "anlotinib", "CD8+ T cell infiltration", "--json")
    local = run_kg(*args)
    assert run_kg("--store", "oxigraph", *args, "--endpoint", pushed).stdout == local.stdout


def test_sparql_on_the_endpoint_prints_like_the_local_command(pushed):
    query = "SELECT ?level (COUNT(?a) AS ?n) WHERE { ?a a kg:Assertion ; kg:evidenceLevel ?level } GROUP BY ?level ORDER BY ?level"
    for fmt in ("json", "csv", "table"):
        local = run_kg("sparql", query, "--format", fmt)
        remote = run_kg("sparql", "--endpoint", pushed, query, "--format", fmt)
        assert remote.returncode == 0 and remote.stdout == local.stdout, fmt
    labels = 'SELECT ?label WHERE { ent:KDR rdfs:label ?label } ORDER BY ?label'
    assert run_kg("sparql", "--endpoint", pushed, labels, "--json").stdout == run_kg("sparql", labels, "--json").stdout
    ask = run_kg("sparql", "--endpoint", pushed, "ASK { ent:anlotinib kg:inhibits ent:KDR }", "--json")
    assert '"ask": "True"' in ask.stdout


def test_a_move_that_fails_leaves_the_target_as_it_was(pushed):
    before = count(pushed)
    broken = pushed.rsplit("/", 1)[0] + "/no-such-update-service"
    result = run_kg("--no-curated", "push", "--atomic", "--endpoint", pushed, "--update-url", broken)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    message = result.stderr
    assert "uploaded" in message and "staging graph <urn:uuid:" in message and "HTTP 404" in message
    assert "the default graph unchanged" in message and "dropped" in message
    assert count(pushed) == before      # the schema alone was not moved onto the default graph
    graphs = run_kg("sparql", "--endpoint", pushed, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "--json")
    assert "urn:uuid:" not in graphs.stdout     # and the staging graph was dropped


def test_the_default_push_bulk_loads_and_says_what_a_failure_leaves(pushed):
    """On Oxigraph server the default push drops the target, then bulk loads it: no staging graph, and
    a failure says the target was emptied (the atomic push is the safe one)."""
    before = count(pushed)
    result = run_kg("push", "--endpoint", pushed, "--json")
    assert result.returncode == 0, result.stderr
    assert '"way": "bulk"' in result.stdout and "(bulk load; checked: the server holds them)" in result.stderr
    assert count(pushed) == before
    graphs = run_kg("sparql", "--endpoint", pushed, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "--json")
    assert "urn:uuid:" not in graphs.stdout     # no staging graph
    broken = run_kg("--no-curated", "push", "--endpoint", pushed,
                    "--store-url", pushed.rsplit("/", 1)[0] + "/no-such-store")
    assert broken.returncode == 2 and len(broken.stderr.strip().splitlines()) == 1
    assert "bulk upload" in broken.stderr and "HTTP 404" in broken.stderr
    assert "was emptied first" in broken.stderr and "--atomic" in broken.stderr
    assert count(pushed) == 0
    atomic = run_kg("push", "--atomic", "--endpoint", pushed)
    assert atomic.returncode == 0 and "(staging graph, then MOVE;" in atomic.stderr
    assert count(pushed) == before


def test_a_hostile_graph_iri_is_refused_before_anything_is_sent(pushed):
    hostile = "https://example.org/g> } ; DROP ALL ; <https://example.org/x"
    for args in (("push", "--endpoint", pushed, "--graph", hostile),
                 ("sparql", "--endpoint", pushed, "--graph", hostile, COUNT)):
        result = run_kg(*args)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert result.stderr.strip().splitlines() == [f"error: not an absolute IRI: {hostile!r}"]
    assert count(pushed) > 10000


def one_error_line(result) -> str:
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    return lines[0]


def test_a_down_endpoint_is_retried_then_named_in_one_line():
    url = f"http://127.0.0.1:{free_port()}/query"
    start = time.monotonic()
    message = one_error_line(run_kg("sparql", "--endpoint", url, COUNT))
    assert message == f"error: {url}: connection refused (after 3 attempts)"
    assert time.monotonic() - start > 1.5      # backoff: 0.5 s, then 1 s
    message = one_error_line(run_kg("paths", "anlotinib", "ORR", "--endpoint", url, "--attempts", "2"))
    assert message == f"error: {url}: connection refused (after 2 attempts)"


class Stub:
    """A threaded HTTP server on 127.0.0.1 answering every request with one status, after a delay."""

    def __init__(self, status: int, delay: float = 0.0):
        self.requests = 0
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                stub.requests += 1
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                time.sleep(delay)
                body = f"stub failure {status}\nsecond line\n".encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:     # the client gave up waiting
                    pass

            do_PUT = do_POST        # a Graph Store Protocol upload is answered the same way

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub():
    servers = []

    def start(status: int, delay: float = 0.0) -> Stub:
        servers.append(Stub(status, delay))
        return servers[-1]
    yield start
    for server in servers:
        server.close()


def test_a_slow_endpoint_times_out_with_a_clear_message(stub):
    slow = stub(200, delay=3)
    message = one_error_line(run_kg("sparql", "--endpoint", slow.url, "--timeout", "0.5", COUNT))
    assert message == f"error: {slow.url}: no complete answer within 0.5 s (after 3 attempts)"
    assert slow.requests == 3


def test_a_slow_upload_gets_time_for_its_size_and_is_never_sent_twice(stub):
    """A push is given the timeout plus five seconds a megabyte; one that still times out is not re-sent
    (the server may be writing it: three copies of a big upload help nobody)."""
    slow = stub(204, delay=30)
    message = one_error_line(run_kg("push", "--atomic", "--endpoint", slow.url, "--timeout", "0.5"))
    assert "not retried" in message and slow.requests == 1
    seconds = float(message.split("no complete answer within ")[1].split(" s")[0])
    assert seconds > 0.5 + 5.0        # the shipped graph's N-Triples are over a megabyte


def test_a_server_error_is_retried_and_a_refused_request_is_not(stub):
    failing = stub(500)
    message = one_error_line(run_kg("sparql", "--endpoint", failing.url, COUNT))
    assert message == (f"error: {failing.url}: HTTP 500 Internal Server Error: stub failure 500 (after 3 attempts)")
    assert failing.requests == 3
    refusing = stub(400)
    message = one_error_line(run_kg("evidence", "anlotinib", "--endpoint", refusing.url))
    assert message == (f"error: {refusing.url}: HTTP 400 Bad Request: stub failure 400 (after 1 attempt; not retried)")
    assert refusing.requests == 1


def test_endpoint_options_need_an_endpoint_and_outcomes_says_where_it_goes(pushed):
    message = one_error_line(run_kg("sparql", "--graph", "https://example.org/g", COUNT))
    assert "--endpoint URL is needed" in message
    one_error_line(run_kg("push"))
    wrong = run_kg("outcomes", "--endpoint", pushed)
    assert wrong.returncode == 2 and "kg --endpoint URL outcomes" in wrong.stderr
