"""Time each query command on the shipped graph: in-process and as a cold `kg` process on each store.

Prints a table of medians (seconds). Run: .venv/bin/python benchmarks/queries.py [--repeat N]
The on-disk cache is warmed first, as a user's second command would find it; a second table
times `kg stats` and `kg paths` with an empty cache (the first command after installing).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import median_seconds, print_table

COMMANDS = [
    ("paths", ["paths", "anlotinib", "CD8+ T cell", "--json"]),
    ("paths --disease", ["paths", "anlotinib", "ORR", "--disease", "NSCLC", "--json"]),
    ("outcomes", ["outcomes", "--setting", "later-line", "--disease", "NSCLC", "--json"]),
    ("evidence", ["evidence", "anlotinib", "CCL5", "--json"]),
    ("neighbors", ["neighbors", "anlotinib", "--json"]),
    ("gaps", ["gaps", "--json"]),
    ("stats", ["stats", "--json"]),
    ("validate", ["validate", "--json"]),
]


def in_process(args: list[str]):
    from kg.api import KnowledgeGraph
    kg = KnowledgeGraph()
    name = args[0]
    if name == "paths":
        disease = args[args.index("--disease") + 1] if "--disease" in args else None
        return kg.paths(args[1], args[2], disease=disease)
    if name == "outcomes":
        return kg.outcomes(setting="later-line", disease="NSCLC")
    if name == "evidence":
        return kg.evidence(args[1], args[2])
    if name == "neighbors":
        return kg.neighbors(args[1])
    if name == "gaps":
        return kg.gaps()
    if name == "stats":
        from kg.query.stats import stats
        return stats(kg.graph)
    from kg.validation import validate
    return validate(kg.graph)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    kg_bin = str(Path(sys.executable).parent / "kg") if (Path(sys.executable).parent / "kg").exists() else shutil.which("kg")
    stores = ("rdflib", "oxigraph")
    for store in stores:                                                        # warm the cache
        subprocess.run([kg_bin, "--store", store, "paths", "anlotinib", "CCL5", "--json"], capture_output=True)
    rows = []
    for label, argv in COMMANDS:
        warm = median_seconds(lambda: in_process(argv), args.repeat)
        cold = [median_seconds(lambda: subprocess.run([kg_bin, "--store", store, *argv], capture_output=True),
                               args.repeat) for store in stores]
        rows.append((label, f"{warm:.3f}", *(f"{c:.3f}" for c in cold)))
    print_table(("command", "in-process (s)", "cold process, rdflib (s)", "cold process, oxigraph (s)"), rows)
    print(f"medians of {args.repeat} runs; in-process includes loading (a new KnowledgeGraph each run), rdflib store")

    def empty_cache(argv: list[str]) -> None:
        subprocess.run([kg_bin, *argv], capture_output=True, env=dict(os.environ, KG_CACHE_DIR=tempfile.mkdtemp()))

    first = [(label, *(f"{median_seconds(lambda: empty_cache(['--store', store, *argv]), args.repeat):.3f}"
                       for store in stores))
             for label, argv in COMMANDS if label in ("paths", "stats")]
    print()
    print_table(("first command, empty cache", "rdflib (s)", "oxigraph (s)"), first)


if __name__ == "__main__":
    main()
