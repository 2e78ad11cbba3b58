"""Shared fixtures: the installed `kg` command and the loaded shipped graph."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# The query commands an endpoint test runs on a server and on the local files, output compared byte for byte.
ENDPOINT_QUERIES = [
    ("paths", "anlotinib", "CD8+ T cell infiltration", "--json"),
    ("paths", "anlotinib", "ORR", "--disease", "NSCLC", "--min-evidence", "retrospective", "--json"),
    ("outcomes", "--setting", "later-line", "--disease", "NSCLC", "--json"),
    ("outcomes", "--endpoint", "PFS", "--compare", "--json"),
    ("evidence", "anlotinib", "CCL5", "--json"),
    ("evidence", "VEGFR", "--json"),
    ("neighbors", "CCL5", "--json"),
    ("gaps", "--json"),
]
_CACHE = Path(tempfile.mkdtemp(prefix="kg-test-cache-"))  # the on-disk cache, private to this test run


def kg_executable() -> str:
    """The installed console script: next to this Python, else on PATH."""
    candidate = Path(sys.executable).parent / "kg"
    found = str(candidate) if candidate.exists() else shutil.which("kg")
    assert found, "the `kg` command is not installed (pip install .)"
    return found


def run_kg(*args: str, cwd: str | Path | None = None, timeout: int = 300,
           cache: str | Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed `kg` as a subprocess (its cache in ``cache``, else the run's own); return the
    completed process (text mode)."""
    env = dict(os.environ, COLUMNS="200", KG_CACHE_DIR=str(cache or _CACHE))
    return subprocess.run([kg_executable(), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env)


@pytest.fixture(scope="session")
def graph():
    """The shipped graph, loaded and enriched once for the whole session (treat as read-only)."""
    from kg.store.loading import load_graph
    return load_graph()


@pytest.fixture(scope="session")
def projection(graph):
    """The NetworkX projection of the shipped graph."""
    from kg.graph.projection import project
    return project(graph)


# -- text in Chinese --------------------------------------------------------------------------
ASCII_WORD = re.compile(r"[A-Za-z]{3,}")


def names_without_chinese(projection) -> set[str]:
    """The ASCII words a Chinese page or table may show: those inside the graph's and the schema's Chinese
    labels (gene symbols: CCL5; phase III), in the English labels of nodes with no Chinese label (proper
    names: ALTER 1202), and in the references (authors, DOIs)."""
    model = projection.graph["model"]
    text = [term.label_zh for terms in (model.relations, model.steps, model.reasons, model.mismatches)
            for term in terms.values()] + [level.label_zh for level in model.levels] + ["doi"]
    for _, attrs in projection.nodes(data=True):
        text.append(attrs.get("label_zh") or attrs.get("label", ""))
    for *_, data in projection.edges(data=True):
        for support in data.get("support", []):
            text.extend(f"{ref.get('first_author') or ''} {ref.get('doi') or ''}" for ref in support.get("refs", []))
    return {word for chunk in text for word in ASCII_WORD.findall(chunk)}


def english_words(text: str, allowed: set[str]) -> list[str]:
    """The ASCII words of three letters or more in ``text`` that are no allowed name nor part of one (a name
    a terminal table wraps across lines: "Z" / "hang"), sorted, once each."""
    return sorted(w for w in set(ASCII_WORD.findall(text)) if not any(w in name for name in allowed))


# -- the browser ---------------------------------------------------------------------------
CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium phones home at start; this machine's closed
# network refuses it, and the request gate below would count it.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (Debian's package) driven by Playwright. Fails, never skips, when missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: run scripts/test.sh (pip install '.[test]')")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/test.sh, which installs Debian's chromium")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tempfile.mkdtemp(prefix="kg-chromium-"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
            headless=True, viewport={"width": 1400, "height": 900})
        yield context
        context.close()


# -- a SPARQL endpoint -----------------------------------------------------------------------
@pytest.fixture(scope="session")
def oxigraph_server():
    """The query URL of a real Oxigraph server on 127.0.0.1, for the whole session. Fails, never skips."""
    from kg.store.endpoint import serve_oxigraph
    from kg.errors import KGInputError
    try:
        server, url = serve_oxigraph(Path(tempfile.mkdtemp(prefix="kg-oxigraph-")))
    except KGInputError as err:
        pytest.fail(f"{err} (run scripts/test.sh: pip install '.[test]' brings the oxigraph server)")
    yield url
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="session")
def virtuoso_server():
    """A real Virtuoso on 127.0.0.1 for the whole session (tests/virtuoso_server.py): its ``.url`` is the
    SPARQL endpoint, ``.graph_store_url`` the Graph Store protocol one. Fails, never skips."""
    from virtuoso_server import start_virtuoso
    try:
        server = start_virtuoso()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as err:
        pytest.fail(f"Virtuoso could not be started: {err}")
    yield server
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)
