"""Time each query command on the shipped graph: in-process and as a cold `kg` process.

Prints a table of medians (seconds). Run: .venv/bin/python benchmarks/queries.py [--repeat N]
The on-disk cache is warmed first, as a user's second command would find it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
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
        from kg.stats import stats
        return stats(kg.graph)
    from kg.validation import validate
    return validate(kg.graph)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    kg_bin = str(Path(sys.executable).parent / "kg") if (Path(sys.executable).parent / "kg").exists() else shutil.which("kg")
    subprocess.run([kg_bin, "paths", "anlotinib", "CCL5", "--json"], capture_output=True)  # warm the cache
    rows = []
    for label, argv in COMMANDS:
        cold = median_seconds(lambda: subprocess.run([kg_bin, *argv], capture_output=True), args.repeat)
        warm = median_seconds(lambda: in_process(argv), args.repeat)
        rows.append((label, warm, cold))
    print_table(("command", "in-process (s)", "cold process (s)"),
                [(label, f"{warm:.3f}", f"{cold:.3f}") for label, warm, cold in rows])
    print(f"medians of {args.repeat} runs; in-process includes loading (a new KnowledgeGraph each run)")


if __name__ == "__main__":
    main()
