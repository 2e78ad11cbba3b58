"""Issue 15, class 4: what a SPARQL endpoint answers is checked, never trusted.

Each case is a fake server on 127.0.0.1 that answers every request one hostile way; the installed
`kg` must end in one line naming the URL and what was wrong, exit 2, no traceback, and never take a
wrong answer for a result.
"""

from __future__ import annotations

import http.server
import threading
import time

import pytest

from conftest import COUNT, run_kg

CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
JSON = "application/sparql-results+json"


class Fake:
    """A server on 127.0.0.1 answering every request with ``answer(handler)``; counts the requests."""

    def __init__(self, answer):
        self.requests = []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                fake.requests.append((self.command, self.path, self.rfile.read(length)))
                try:
                    answer(self)
                except OSError:         # the client hung up, as it should on a hostile answer
                    pass
                self.close_connection = True

            do_GET = do_POST = do_PUT = do_DELETE = _any

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.url = self.base + "/query"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake():
    servers = []

    def start(answer) -> Fake:
        servers.append(Fake(answer))
        return servers[-1]
    yield start
    for server in servers:
        server.close()


def replying(status: int, content_type: str | None, body: bytes, length: str | None = None, **headers):
    """An answer of ``status`` with ``body`` (``length``: the Content-Length announced, if not its own)."""
    def answer(handler):
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", length or str(len(body)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)
    return answer


def one_line(*args, timeout: int = 120) -> str:
    result = run_kg(*args, timeout=timeout)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    return lines[0]


HTML = b"<!DOCTYPE html><html><body><h1>Welcome</h1><form>Sign in</form></body></html>"


@pytest.mark.parametrize("args", [("sparql", COUNT), ("sparql", CONSTRUCT), ("evidence", "anlotinib"),
                                  ("outcomes", "--study", "ALTER 1202")])
def test_an_html_page_with_status_200_is_not_an_answer(fake, args):
    server = fake(replying(200, "text/html; charset=utf-8", HTML))
    line = one_line("--endpoint", server.url, *args)
    assert f"{server.url}: answered with an HTML page, not " in line and "query URL" in line


def test_a_push_answered_by_an_html_page_fails(fake):
    """A login page that answers 200 to everything: the upload "succeeds", the check after it does not."""
    server = fake(replying(200, "text/html", HTML))
    for way in ((), ("--atomic",)):
        line = one_line("--no-curated", "push", *way, "--endpoint", server.url)
        assert "answered with an HTML page" in line and "pushed" not in line


@pytest.mark.parametrize("body", [b"garbage \x00\xff", b"[1, 2]", b'{"head": {"vars": ["n"]}}',
                                  b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "weird", "value": "1"}}]}}',
                                  b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "uri", "value": 7}}]}}',
                                  b'{"boolean": "yes"}'])
def test_malformed_sparql_results_are_named(fake, body):
    server = fake(replying(200, JSON, body))
    line = one_line("sparql", "--endpoint", server.url, COUNT)
    assert f"{server.url}: answered with malformed SPARQL results" in line


def test_an_ask_answered_with_rows_is_not_taken_for_a_yes(fake):
    server = fake(replying(200, JSON, b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}'))
    line = one_line("sparql", "--endpoint", server.url, "ASK { ?s ?p ?o }")
    assert "answered an ASK query with the results of another kind" in line


@pytest.mark.parametrize("content_type, body, words", [
    ("application/n-triples", b"<http://a> <http://b> this is not n-triples", "does not parse"),
    ("application/n-triples", b"\xff\xfe\x00garbage", "does not parse"),
    (JSON, b'{"head": {"vars": ["s", "p", "o"]}, "results": {"bindings": []}}', "not RDF triples"),
    ("application/octet-stream", b"\x00\x01", "answered with application/octet-stream, not RDF triples")])
def test_a_construct_answer_must_be_triples(fake, content_type, body, words):
    server = fake(replying(200, content_type, body))
    for args in (("sparql", CONSTRUCT), ("neighbors", "anlotinib")):
        line = one_line("--endpoint", server.url, *args)
        assert server.url in line and words in line


def test_a_body_shorter_than_its_content_length_is_cut_short(fake):
    server = fake(replying(200, JSON, b'{"head": {"vars"', length="1000"))
    line = one_line("sparql", "--endpoint", server.url, "--attempts", "2", COUNT)
    assert "answer cut short (16 bytes of the 1000 announced)" in line and "after 2 attempts" in line
    assert len(server.requests) == 2        # a cut answer may be the network's fault: tried again


def test_an_answer_announced_larger_than_the_limit_is_not_read(fake):
    server = fake(replying(200, JSON, b"{}", length=str(2 * 10**9)))
    start = time.monotonic()
    line = one_line("sparql", "--endpoint", server.url, COUNT)
    assert "answer of 2,000,000,000 bytes is larger than the limit of 536,870,912 bytes" in line
    assert "not retried" in line and time.monotonic() - start < 30


def test_a_streamed_answer_is_cut_at_the_limit(fake):
    """No Content-Length, megabytes without end: read up to --max-answer, then refused."""
    def endless(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/n-triples")
        handler.end_headers()
        line = b"<http://a.example/s> <http://a.example/p> <http://a.example/o> .\n" * 16384
        while True:
            handler.wfile.write(line)
    server = fake(endless)
    line = one_line("sparql", "--endpoint", server.url, "--max-answer", "2", CONSTRUCT)
    assert "answer larger than the limit of 2,097,152 bytes" in line


def test_a_server_that_sends_a_byte_a_second_meets_the_whole_request_deadline(fake):
    """--timeout bounds the whole answer, not each socket read."""
    def drip(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", JSON)
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        for _ in range(100000):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            time.sleep(0.2)
    server = fake(drip)
    start = time.monotonic()
    line = one_line("sparql", "--endpoint", server.url, "--timeout", "2", "--attempts", "1", COUNT)
    assert line == f"error: {server.url}: no complete answer within 2 s (after 1 attempt)"
    assert time.monotonic() - start < 20


def test_a_redirect_is_named_not_followed(fake):
    elsewhere = fake(replying(200, "text/html", HTML))
    server = fake(replying(302, "text/plain", b"moved", Location=elsewhere.base + "/login"))
    line = one_line("sparql", "--endpoint", server.url, COUNT)
    assert f"HTTP 302 redirect to '{elsewhere.base}/login', not followed" in line
    assert elsewhere.requests == []         # nothing was sent where the redirect pointed


def test_queries_are_sent_as_a_form_every_server_answers(fake):
    """Virtuoso ignores a POST of application/sparql-query: queries and updates are HTML form POSTs."""
    server = fake(replying(200, JSON, b'{"head": {"vars": ["n"]}, "results": {"bindings": '
                                        b'[{"n": {"type": "literal", "value": "3"}}]}}'))
    result = run_kg("sparql", "--endpoint", server.url, COUNT, "--format", "csv")
    assert result.returncode == 0 and result.stdout.splitlines() == ["n", "3"]
    method, path, body = server.requests[0]
    assert (method, path) == ("POST", "/query") and body.startswith(b"PREFIX") is False
    assert body.startswith(b"query=") and b"COUNT" in body
