"""Bad input: one line naming the file (and line), exit code 2, no traceback."""

from __future__ import annotations

from conftest import FIXTURES, run_kg


def _one_line_error(result):
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_malformed_turtle_names_file_and_line():
    line = _one_line_error(run_kg("--data", FIXTURES / "malformed.ttl", "stats"))
    assert "malformed.ttl:4" in line and "syntax" in line


def test_malformed_jsonld_names_file():
    line = _one_line_error(run_kg("--data", FIXTURES / "malformed.jsonld", "validate"))
    assert "malformed.jsonld" in line


def test_missing_file():
    line = _one_line_error(run_kg("--data", "no/such/file.ttl", "stats"))
    assert "no/such/file.ttl" in line and "no such file" in line


def test_unknown_format():
    line = _one_line_error(run_kg("--data", FIXTURES / "broken" / ".." / ".." / "conftest.py", "stats"))
    assert "unknown RDF format" in line


def test_folder_of_rdf_is_loaded(tmp_path):
    (tmp_path / "a.nt").write_text((FIXTURES / "extra.nt").read_text())
    result = run_kg("--data", tmp_path, "stats", "--json")
    assert result.returncode == 0, result.stderr
