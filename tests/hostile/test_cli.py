"""Hostile command lines (issue 15): each ends in one line on stderr with exit 2, or in the right answer."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time

from conftest import FIXTURES, kg_executable, run_kg


def _one_line_error(result) -> str:
    assert result.returncode == 2, (result.stdout[-500:], result.stderr[-500:])
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_version_is_printed():
    result = run_kg("--version")
    assert result.returncode == 0 and result.stdout.startswith("kg, version ")


def test_an_empty_filter_is_an_error_not_no_filter():
    for args in (("paths", "anlotinib", "CCL5", "--min-evidence", ""), ("export", "--disease", " "),
                 ("outcomes", "--study", "")):
        line = _one_line_error(run_kg(*args))
        assert "empty value" in line and args[0] in line


def test_a_bad_option_is_one_line_naming_the_command():
    line = _one_line_error(run_kg("paths", "anlotinib", "CCL5", "--max-hops", "many"))
    assert line.startswith("error: kg paths:") and "--max-hops" in line


def test_dash_means_standard_output(tmp_path):
    export = run_kg("export", "--focus", "CCL5", "-o", "-", cwd=tmp_path)
    assert export.returncode == 0 and export.stdout.startswith("@prefix")
    page = run_kg("render", "--focus", "CCL5", "-o", "-", cwd=tmp_path)
    assert page.returncode == 0 and page.stdout.lstrip().lower().startswith("<!doctype html")
    assert not (tmp_path / "-").exists()


def test_a_full_standard_output_is_an_error(tmp_path):
    with open("/dev/full", "wb") as full:
        result = subprocess.run([kg_executable(), "export"], stdout=full, stderr=subprocess.PIPE, text=True)
    line = _one_line_error(result)
    assert "standard output" in line


def test_an_unreadable_query_file_is_an_error(tmp_path):
    binary = tmp_path / "binary.rq"
    binary.write_bytes(b"\xff\xfe\x00SELECT")
    assert "binary.rq" in _one_line_error(run_kg("sparql", f"@{binary}"))


def test_a_huge_or_hostile_name_is_not_echoed_raw():
    long_name = "x" * 10_000
    line = _one_line_error(run_kg("paths", "anlotinib", long_name))
    assert len(line) < 700 and "more characters" in line
    line = _one_line_error(run_kg("paths", "anlotinib", "\x1b[2Jgone"))
    assert "\x1b" not in line


def test_a_device_pipe_or_folder_is_never_replaced_by_a_file(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for args in (("export", "-o", "/dev/full"), ("render", "--focus", "CCL5", "-o", fifo),
                 ("export", "-o", tmp_path)):
        line = _one_line_error(run_kg(*args))
        assert "not a file to write" in line
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode) and stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_killed_writes_temporary_file_is_cleaned_up_by_the_next_write(tmp_path):
    target = tmp_path / "graph.ttl"
    stale = tmp_path / ".graph.ttl.abcd1234.tmp"
    stale.write_bytes(b"half a graph")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = tmp_path / ".graph.ttl.efgh5678.tmp"      # a write running now: left alone
    fresh.write_bytes(b"")
    result = run_kg("export", "--focus", "CCL5", "-o", target)
    assert result.returncode == 0, result.stderr
    assert target.is_file() and not stale.exists() and fresh.exists()


def test_markup_and_control_characters_in_data_print_as_themselves(tmp_path):
    """A label '[/bold]…' once crashed rich; '[link=…]' became a hyperlink; ESC reached the terminal."""
    data = ("--data", FIXTURES / "hostile_markup.ttl")
    for args in (("validate",), ("evidence", "CCL5"), ("neighbors", "CCL5"),
                 ("sparql", "SELECT ?l WHERE { ent:hostile-markup rdfs:label ?l }"),
                 ("build", "--out", tmp_path / "out")):
        result = run_kg(*data, *args)
        assert result.returncode in (0, 1), (args, result.stderr[-1500:])
        assert "Traceback" not in result.stderr and "MarkupError" not in result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout, args
    shown = run_kg(*data, "sparql", "SELECT ?l WHERE { ent:hostile-markup rdfs:label ?l }").stdout
    assert "[/bold] closes nothing [link=https://evil.example]click[/link]" in shown


def test_a_local_query_never_reaches_the_network():
    """SERVICE in a query of the local files is refused before anything is sent."""
    import socket
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        for store in ("rdflib", "oxigraph"):
            line = _one_line_error(run_kg("--store", store, "sparql", query))
            assert "SERVICE" in line and "--endpoint" in line
        try:
            listener.accept()
            reached = True
        except socket.timeout:
            reached = False
    assert not reached


def test_a_build_that_fails_validation_keeps_the_previous_outputs(tmp_path):
    out = tmp_path / "out"
    good = run_kg("build", "--out", out, "--json")
    assert good.returncode == 0, good.stderr[-1500:]
    report = json.loads(good.stdout)
    assert report["valid"] and set(report["files"]) == {"turtle", "graph_html", "chains_html", "outcomes_html"}
    assert report["top_chains"][0]["nodes"][0] == "ent:anlotinib"
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = run_kg("--data", FIXTURES / "broken" / "missing_level.ttl", "build", "--out", out)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "not written" in bad.stdout
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_push_to_a_server_that_is_not_there_says_nothing_was_left(tmp_path):
    import socket
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]          # closed when the block ends: nothing listens there
    url = f"http://127.0.0.1:{port}/query"
    line = _one_line_error(run_kg("push", "--atomic", "--endpoint", url, "--attempts", "1"))
    assert "no staging graph was made" in line and "left on the server" not in line
    line = _one_line_error(run_kg("push", "--endpoint", url, "--attempts", "1"))
    assert "connection refused" in line and "nothing was uploaded" in line


def test_shell_completion_is_offered():
    env = dict(os.environ, _KG_COMPLETE="bash_source")
    result = subprocess.run([kg_executable()], env=env, capture_output=True, text=True)
    assert result.returncode == 0 and "_kg_completion" in result.stdout


def test_the_installed_package_has_no_bare_cli_module():
    """Issue 15: a top-level module named `cli` would collide with other packages; the command line is kg.cli."""
    probe = ("import importlib.util, kg.cli; print(importlib.util.find_spec('cli') is None, "
             "kg.cli.__name__, kg.cli.main.name)")
    result = subprocess.run([sys.executable, "-c", probe], cwd="/", capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "kg.cli", "main"]
