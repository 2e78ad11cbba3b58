"""Caches are verified before they are trusted (issue 15): a bad cache costs a rebuild, never a wrong answer."""

from __future__ import annotations

import json
import pickle

import pytest

from conftest import run_kg


def _triples(cache, store="rdflib") -> int:
    result = run_kg("--store", store, "stats", "--json", cache=cache)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-1500:]
    return json.loads(result.stdout)["triples"]


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    return _triples(tmp_path_factory.mktemp("fresh"))


def _nt_cache(cache):
    (path,) = cache.glob("shipped-*.nt")
    return path


@pytest.mark.parametrize("damage", ["cut to 6000 lines", "cut mid-line", "emptied", "edited"])
def test_a_damaged_oxigraph_cache_is_rebuilt(tmp_path, expected, damage):
    assert _triples(tmp_path, "oxigraph") == expected
    path = _nt_cache(tmp_path)
    data = path.read_bytes()
    damaged = {"cut to 6000 lines": b"\n".join(data.split(b"\n")[:6000]) + b"\n",
               "cut mid-line": data[:len(data) // 2], "emptied": b"",
               "edited": data.replace(b"anlotinib", b"anlotinix", 1)}[damage]
    path.write_bytes(damaged)
    assert _triples(tmp_path, "oxigraph") == expected       # and again: the rebuilt cache is good
    assert _triples(tmp_path, "oxigraph") == expected


@pytest.mark.parametrize("damage", ["garbage", "a list pickled with a valid header", "an empty graph"])
def test_a_bad_pickle_is_rebuilt_not_trusted(tmp_path, expected, damage):
    from kg.store.cache import store_pickle
    assert _triples(tmp_path) == expected
    for path in tmp_path.glob("*.pickle"):
        if damage == "garbage":
            path.write_bytes(b"\x80\x04garbage")
        elif damage == "a list pickled with a valid header":
            store_pickle(path, [1, 2, 3])
        else:
            from rdflib import Graph
            store_pickle(path, Graph())      # the right type, but empty: not a graph this key could hold
    result = run_kg("paths", "anlotinib", "CCL5", "--json", cache=tmp_path)
    assert result.returncode == 0, result.stderr[-800:]
    assert _triples(tmp_path) == expected


def test_a_cache_others_can_write_is_never_opened(tmp_path, expected):
    assert _triples(tmp_path) == expected
    planted = {"boom": "a pickle that would run code"}
    for path in tmp_path.glob("*.pickle"):
        path.write_bytes(pickle.dumps(planted))
    tmp_path.chmod(0o777)            # anyone may write the folder: nothing in it is trusted
    assert _triples(tmp_path) == expected
