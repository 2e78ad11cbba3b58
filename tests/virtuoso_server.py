"""A real Virtuoso for the tests: Debian's ``virtuoso-opensource-7-bin`` started in a fresh database folder.

It listens on 127.0.0.1 only (its SQL port and its HTTP port, both free ports), with a
``virtuoso.ini`` of its own: the settings of Debian's packaged ``virtuoso.ini`` that shape what a
client sees (``[SPARQL] ResultSetMaxRows = 10000``, ``MaxQueryExecutionTime = 60``,
``MaxQueryCostEstimationTime = 400``), a small buffer pool, and no database outside its folder.
Once it answers, the SPARQL user (the one anonymous HTTP requests run as) is granted
``SPARQL_UPDATE``: that lets ``/sparql`` run updates and ``/sparql-graph-crud`` take uploads
without authentication. What it answers and how is written down in ``tests/store/VIRTUOSO.md``.

``scripts/test.sh`` installs ``virtuoso-opensource-7-bin`` (the server binary and ``isql-vt``), not
the metapackage ``virtuoso-opensource``, whose install starts a system service on ports 1111 and
8890 of every interface.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kg.store.endpoint import free_port

VIRTUOSO = os.environ.get("KG_VIRTUOSO", "/usr/bin/virtuoso-t")
ISQL = os.environ.get("KG_VIRTUOSO_ISQL", "/usr/bin/isql-vt")

# Debian's virtuoso.ini values for what a client sees; a test may start a server with others.
SPARQL_SETTINGS = {"ResultSetMaxRows": 10000, "MaxQueryCostEstimationTime": 400, "MaxQueryExecutionTime": 60}

INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 0
DirsAllowed = ., {folder}
VADInstallDir = {folder}
ThreadsPerQuery = 2
MaxQueryMem = 500M
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 10
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8

[SPARQL]
{sparql}
"""


@dataclass
class Virtuoso:
    """A running Virtuoso: its process, database folder and ports; :attr:`url` is its SPARQL endpoint."""

    process: subprocess.Popen
    folder: Path
    http_port: int
    sql_port: int
    started_in: float           # seconds from launch until it answered a query and took the grant

    @property
    def url(self) -> str:
        """The SPARQL endpoint (queries and updates): ``http://127.0.0.1:PORT/sparql``."""
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def graph_store_url(self) -> str:
        """The Graph Store protocol endpoint; it names a graph with ``?graph-uri=`` (``?graph=`` works too)."""
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud"

    def isql(self, statement: str) -> str:
        """Run one SQL statement as ``dba`` through ``isql-vt``; return its output, or raise RuntimeError
        (isql-vt exits 0 after a failed statement: its ``*** Error`` line is what tells)."""
        done = subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", "VERBOSE=OFF", "BANNER=OFF",
                               f"exec={statement}"], capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)
        if done.returncode or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt {statement!r}: {(done.stdout + done.stderr).strip()[-500:]}")
        return done.stdout

    def log(self) -> str:
        """The server's error log (its last 2,000 characters)."""
        path = self.folder / "virtuoso.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 30 s); return None."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)


def start_virtuoso(folder: Path | None = None, *, sparql: dict | None = None, wait: float = 120.0) -> Virtuoso:
    """Start Virtuoso on free ports of 127.0.0.1 with its database in ``folder`` (default: a new temporary
    folder) and ``[SPARQL]`` settings ``sparql`` over :data:`SPARQL_SETTINGS`; return it once it answers
    ``ASK {}`` on /sparql and the SPARQL user holds SPARQL_UPDATE. Raise RuntimeError (with the log's
    tail) if it is not installed, exits, or does not answer within ``wait`` seconds."""
    if not Path(VIRTUOSO).exists() or not Path(ISQL).exists():
        raise RuntimeError(f"{VIRTUOSO} or {ISQL} is missing: run scripts/test.sh, which installs "
                           "Debian's virtuoso-opensource-7-bin")
    folder = Path(folder or tempfile.mkdtemp(prefix="kg-virtuoso-"))
    http_port, sql_port = free_port(), free_port()
    while sql_port == http_port:
        sql_port = free_port()
    settings = {**SPARQL_SETTINGS, **(sparql or {})}
    (folder / "virtuoso.ini").write_text(INI.format(
        folder=folder, http_port=http_port, sql_port=sql_port,
        sparql="\n".join(f"{key} = {value}" for key, value in settings.items())))
    start = time.monotonic()
    process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                               cwd=folder, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    server = Virtuoso(process, folder, http_port, sql_port, 0.0)
    probe = f"{server.url}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}: {server.log()}")
        if time.monotonic() - start > wait:
            server.stop()
            raise RuntimeError(f"virtuoso-t did not answer within {wait:g} s: {server.log()}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as answer:
                if answer.status == 200:
                    break
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    # The SQL port opens a moment after the HTTP one. (No bare TCP probe of it: connecting and
    # hanging up while the server starts once made it crash, GPF in Dkernel.c.)
    for attempt in range(10):
        try:
            server.isql('GRANT SPARQL_UPDATE TO "SPARQL";')
            break
        except (RuntimeError, subprocess.TimeoutExpired):
            if attempt == 9 or process.poll() is not None:
                server.stop()
                raise
            time.sleep(0.5)
    server.started_in = time.monotonic() - start
    return server
