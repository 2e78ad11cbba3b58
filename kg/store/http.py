"""HTTP for the endpoint: the one place a request leaves the machine.

Every request has a **total deadline** (connecting, sending and reading the whole answer, not one
socket read: a server that sends a byte a second is cut off too), a **size cap** on the answer
(checked against ``Content-Length`` before reading and while reading), **no redirects** (a SPARQL
client that followed a 302 would send a GET without its query to wherever it points: the error
names the new location instead), and bounded retry with exponential backoff when the server is
down, times out, is overloaded (HTTP 429) or fails (HTTP 5xx). A request the server refuses (any
other 4xx) is not retried; an upload that timed out is never re-sent. Failures raise
:class:`kg.errors.KGEndpointError`: one line naming the URL, what happened and the attempts made.

Standard library only (``http.client``): no proxy from the environment is used, so a request goes
exactly where its URL says.

>>> answer = Answer(200, "application/sparql-results+json", b'{"boolean": true}')
>>> answer.content_type, answer.text()
('application/sparql-results+json', '{"boolean": true}')
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KGEndpointError

TIMEOUT = 30.0              # seconds a whole request (sent and answered) may take
ATTEMPTS = 3
BACKOFF = 0.5               # seconds before the second attempt, doubled before each later one
MAX_ANSWER = 512 * 2**20    # bytes an answer may hold (about four million triples of N-Triples)
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Answer:
    """A server's answer: HTTP ``status``, media type (``content_type``, lower case, no parameters), ``body``
    and ``headers`` (names in lower case).

    >>> Answer(204, "", b"").text()
    ''
    """

    status: int
    content_type: str
    body: bytes
    headers: dict = field(default_factory=dict)

    def text(self) -> str:
        """Return the body decoded as UTF-8 (undecodable bytes replaced).

        >>> Answer(200, "text/plain", "CD8⁺".encode()).text()
        'CD8⁺'
        """
        return self.body.decode("utf-8", "replace")


def send(method: str, url: str, body: bytes | Path | None = None, headers: dict | None = None, *,
         timeout: float = TIMEOUT, attempts: int = ATTEMPTS, idempotent: bool = True,
         max_answer: int = MAX_ANSWER) -> Answer:
    """Send one request (retried as the module says) and return the server's 2xx :class:`Answer`.

    ``body`` is bytes or a file (a :class:`~pathlib.Path`, streamed from disk: an upload does not
    grow memory). ``timeout`` bounds the whole exchange; ``max_answer`` the answer's size.

    >>> send("GET", "http://127.0.0.1:1/query", timeout=1, attempts=1)
    Traceback (most recent call last):
    ...
    kg.errors.KGEndpointError: http://127.0.0.1:1/query: connection refused (after 1 attempt)
    >>> send("GET", "ftp://example.org/x")
    Traceback (most recent call last):
    ...
    kg.errors.KGEndpointError: ftp://example.org/x: not an http(s) URL
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KGEndpointError(f"{url}: not an http(s) URL")
    problem, status, timed_out = "", None, False
    for attempt in range(1, attempts + 1):
        try:
            return _exchange(method, parts, body, headers or {}, timeout, max_answer)
        except _Failed as failed:               # a 5xx or 429, a cut answer: the same request may succeed later
            problem, status, timed_out = failed.problem, failed.status, False
        except _Refused as refused:             # a 4xx, a redirect, an oversized answer
            raise KGEndpointError(f"{url}: {refused.problem} ({_tries(attempt)}; not retried)",
                                  status=refused.status) from None
        except (TimeoutError, socket.timeout):
            problem, status, timed_out = f"no complete answer within {timeout:g} s", None, True
            if not idempotent:
                raise KGEndpointError(f"{url}: {problem} ({_tries(attempt)}; not retried: it may have run)",
                                      timed_out=True) from None
        except (OSError, http.client.HTTPException) as err:
            problem, status, timed_out = _connection_problem(err), None, False
        if attempt < attempts:
            time.sleep(BACKOFF * 2 ** (attempt - 1))
    raise KGEndpointError(f"{url}: {problem} ({_tries(attempt)})", status=status, timed_out=timed_out)


class _Answered(Exception):
    """A server's answer that is not a success: ``problem`` in words, HTTP ``status`` where there was one."""

    def __init__(self, problem: str, status: int | None = None):
        super().__init__(problem)
        self.problem, self.status = problem, status


class _Refused(_Answered):
    """Sending the same again would be refused again: a 4xx, a redirect, an answer over the size cap."""


class _Failed(_Answered):
    """The same request may succeed later: a 5xx, a 429, an answer cut short."""


def _exchange(method, parts, body, headers, timeout, max_answer) -> Answer:
    """One request and its whole answer, within ``timeout`` seconds in all."""
    deadline = time.monotonic() + timeout
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    extra = {"context": ssl.create_default_context()} if parts.scheme == "https" else {}
    connection = connection_class(parts.hostname, parts.port, timeout=timeout, blocksize=_CHUNK * 16, **extra)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    upload = open(body, "rb") if isinstance(body, Path) else None
    try:
        headers = {"User-Agent": "evidence-kg", **headers}
        if upload is not None:
            headers["Content-Length"] = str(body.stat().st_size)
            connection.request(method, target, body=_TimedReader(upload, connection, deadline), headers=headers)
        else:
            connection.request(method, target, body=body, headers=headers)
        _remaining(connection, deadline)
        response = connection.getresponse()
        status = response.status
        if 300 <= status < 400:
            raise _Refused(f"HTTP {status} redirect to {response.getheader('Location', '?')!r}, not followed "
                           "(give that URL if it is the endpoint)", status)
        content_type = response.headers.get_content_type() if response.getheader("Content-Type") else ""
        data = _read(response, connection, deadline, max_answer if status < 300 else 4096)
        if status >= 300:
            problem = f"HTTP {status} {response.reason}{_first_line(data, content_type)}"
            if status >= 500 or status == 429:
                raise _Failed(problem, status)
            raise _Refused(problem, status)
        return Answer(status, content_type, data, {name.lower(): value for name, value in response.getheaders()})
    finally:
        connection.close()
        if upload is not None:
            upload.close()


class _TimedReader:
    """A file read by ``http.client`` in blocks as it sends them, each within what is left of the deadline."""

    def __init__(self, handle, connection, deadline: float):
        self._handle, self._connection, self._deadline = handle, connection, deadline

    def read(self, size: int = -1) -> bytes:
        _remaining(self._connection, self._deadline)
        return self._handle.read(max(size, _CHUNK * 16))


def _remaining(connection, deadline: float) -> None:
    """Give the socket only the time left before ``deadline``; raise TimeoutError when none is."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    if connection.sock is not None:
        connection.sock.settimeout(left)


def _read(response, connection, deadline: float, cap: int) -> bytes:
    """The whole body, read chunk by chunk within the deadline and the size cap."""
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise _Refused(f"answer of {int(declared):,} bytes is larger than the limit of {cap:,} bytes")
    parts, size = [], 0
    while True:
        _remaining(connection, deadline)
        try:
            chunk = response.read1(_CHUNK)
        except http.client.IncompleteRead as err:
            raise _Failed(f"answer cut short ({len(err.partial) + size:,} bytes of the {declared} announced)")
        if not chunk:
            break
        size += len(chunk)
        if size > cap:
            raise _Refused(f"answer larger than the limit of {cap:,} bytes")
        parts.append(chunk)
    if response.length:             # the server closed the connection before the announced length
        raise _Failed(f"answer cut short ({size:,} bytes of the {declared} announced)")
    return b"".join(parts)


def _first_line(body: bytes, content_type: str) -> str:
    """``: `` and the first line of an error answer's text ('' when empty or an HTML page)."""
    text = body.decode("utf-8", "replace").strip()
    if not text or content_type == "text/html" or text.lstrip().startswith("<"):
        return ""
    return f": {text.splitlines()[0][:200]}"


def _connection_problem(err: BaseException) -> str:
    if isinstance(err, ConnectionRefusedError):
        return "connection refused"
    if isinstance(err, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(err, (BrokenPipeError, http.client.RemoteDisconnected)):
        return "the server closed the connection before answering"
    if isinstance(err, socket.gaierror):
        return "unknown host"
    if isinstance(err, http.client.HTTPException):
        return f"not an HTTP answer ({type(err).__name__})"
    return str(getattr(err, "strerror", None) or err)


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


def _tries(n: int) -> str:
    return f"after {n} attempt{'s' if n > 1 else ''}"
