"""Load throughput as whole processes: `kg [--store S] --data BIG.nt stats` against raw pyoxigraph.

Prints a table of medians (triples per second of the generated file). Run:
    .venv/bin/python benchmarks/load.py [--sizes 10000 100000 1000000] [--repeat N] [--rdflib-max N]

- "rdflib": `kg --data F stats`, the default store;
- "oxigraph": `kg --store oxigraph --data F stats`, our fast path;
- "raw pyoxigraph": `python -c "pyoxigraph.Store().bulk_load(path=F)"`, the reference.
Each `kg` row also loads the curated graph and derives its triples; `stats` builds no projection.
The oxigraph rows start with the shipped graph's N-Triples cache in place (built once per install),
nothing else cached; the rdflib rows start with an empty cache (its cache would hold BIG.nt too).
The files are Hetionet-like N-Triples from generate.py, written to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import median_seconds, print_table
from generate import ntriples_file

RAW = "import pyoxigraph, sys; pyoxigraph.Store().bulk_load(path=sys.argv[1])"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rdflib-max", type=int, default=1_000_000,
                        help="Largest file to time on the rdflib store (about 12k triples/s).")
    args = parser.parse_args()
    here = Path(sys.executable).parent
    kg_bin = str(here / "kg") if (here / "kg").exists() else shutil.which("kg")
    folder = Path(tempfile.mkdtemp())
    shipped_cache = tempfile.mkdtemp()
    subprocess.run([kg_bin, "--store", "oxigraph", "stats"], check=True, capture_output=True,
                   env=dict(os.environ, KG_CACHE_DIR=shipped_cache))

    def run(name: str, argv: list[str]) -> None:
        cache = shipped_cache if name == "oxigraph" else tempfile.mkdtemp()
        subprocess.run(argv, check=True, capture_output=True, env=dict(os.environ, KG_CACHE_DIR=cache))

    rows = []
    for size in args.sizes:
        path = folder / f"generated-{size}.nt"
        ntriples_file(path, size)
        runs = {
            "oxigraph": [kg_bin, "--store", "oxigraph", "--data", str(path), "stats", "--json"],
            "raw pyoxigraph": [sys.executable, "-c", RAW, str(path)],
        }
        seconds = {}
        if size <= args.rdflib_max:                 # slow: timed on its own, once at 1M
            argv = [kg_bin, "--data", str(path), "stats", "--json"]
            seconds["rdflib"] = median_seconds(lambda: run("rdflib", argv), 1 if size >= 1_000_000 else args.repeat)
        # Our path and the reference run in turns, so a noisy neighbour slows both alike; the
        # ratio is the median of each turn's ratio.
        turns = [{name: median_seconds(lambda name=name, argv=argv: run(name, argv), 1) for name, argv in runs.items()}
                 for _ in range(args.repeat)]
        seconds.update({name: statistics.median(turn[name] for turn in turns) for name in runs})
        ratio = statistics.median(turn["raw pyoxigraph"] / turn["oxigraph"] for turn in turns)
        rate = {name: size / s for name, s in seconds.items()}
        rows.append((f"{size:,}", *(f"{rate[n]:,.0f} ({seconds[n]:.2f} s)" if n in rate else "not run"
                                    for n in ("rdflib", "oxigraph", "raw pyoxigraph")), f"{ratio:.2f}"))
    print_table(("triples", "rdflib: triples/s", "oxigraph: triples/s", "raw pyoxigraph: triples/s",
                 "oxigraph / raw"), rows)
    print(f"medians of {args.repeat} whole-process runs, ours and raw in turns (rdflib at 1M: 1 run)")


if __name__ == "__main__":
    main()
