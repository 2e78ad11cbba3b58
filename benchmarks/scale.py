"""A Hetionet-sized external graph joined to the curated one: load, projection, ranked chains.

Prints a table of medians. Run:
    .venv/bin/python benchmarks/scale.py [--triples 2350000] [--queries 20] [--repeat 3]

The graph comes from generate.ntriples_file: about 47,000 typed nodes and 2.25 million edges
with Zipf-like hubs, five of whose genes are anlotinib's targets (KDR, FLT1, FLT4, FGFR1,
PDGFRB) under identifiers.org IRIs, so chains run from anlotinib into it. Each run is a fresh
process on the Oxigraph store:
- "load": the shipped graph (its N-Triples cache warm) and the generated file;
- "projection": the NetworkX projection with the external graph joined; "peak memory" is the
  process's maximum resident set;
- "name index": the index that resolves names, built on first use;
- "projection from cache": a later process reading the pickled projection instead;
- "chain query": `paths anlotinib TARGET -k 10 --max-hops 4` in-process, for ``--queries``
  external targets drawn at random (seeded) among the nodes with an edge;
- "kg paths, cached": the whole `kg --store oxigraph --data FILE paths ...` command once the
  projection is cached.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import median_seconds, print_table
from generate import ntriples_file

TARGET_GENES = ("6307", "3763", "3767", "3688", "8804")   # HGNC: KDR, FLT1, FLT4, FGFR1, PDGFRB

# Runs in a fresh process: times load and projection, then the chain queries; prints JSON.
CHILD = r"""
import json, random, resource, sys, time
from kg.api import KnowledgeGraph

path, queries, cache = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "cache"
started = time.perf_counter()
kg = KnowledgeGraph([path], store="oxigraph", cache=cache)
if not cache:
    kg.graph
loaded = time.perf_counter()
G = kg.projection
projected = time.perf_counter()
kg.index
indexed = time.perf_counter()
external = sorted(n for n, d in G.nodes(data=True) if d.get("external") and G.in_degree(n))
targets = random.Random(11).sample(external, queries)
times, found = [], []
for target in targets:
    start = time.perf_counter()
    found.append(len(kg.paths("anlotinib", target, k=10, max_hops=4)))
    times.append(time.perf_counter() - start)
print(json.dumps({"load": loaded - started, "projection": projected - loaded, "index": indexed - projected,
                  "queries": times, "found": found,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=2_350_000)
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    here = Path(sys.executable).parent
    kg_bin = str(here / "kg") if (here / "kg").exists() else shutil.which("kg")
    folder = Path(tempfile.mkdtemp())
    path = folder / "hetionet-like.nt"
    ntriples_file(path, args.triples, join_genes=TARGET_GENES)
    cache = folder / "cache"
    env = dict(os.environ, KG_CACHE_DIR=str(cache))
    subprocess.run([kg_bin, "--store", "oxigraph", "stats"], check=True, capture_output=True, env=env)

    def child(mode: str) -> dict:
        done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(args.queries), mode], check=True,
                              capture_output=True, text=True, env=env)
        return json.loads(done.stdout)

    cold = [child("fresh") for _ in range(args.repeat)]
    child("cache")                                   # writes the projection's cache
    cached = [child("cache") for _ in range(args.repeat)]
    query = [t for run in cold + cached for t in run["queries"]]
    command = median_seconds(lambda: subprocess.run(
        [kg_bin, "--store", "oxigraph", "--data", str(path), "paths", "anlotinib", "https://example.org/hetionet/100",
         "-k", "10", "--max-hops", "4", "--json"], check=True, capture_output=True, env=env), args.repeat)

    def median(runs: list[dict], key: str) -> float:
        return statistics.median(run[key] for run in runs)

    first = cold[0]
    print(f"{args.triples:,} triples generated: {first['nodes']:,} projection nodes, {first['edges']:,} edges "
          f"(curated included)")
    print_table(("step", "median", "note"), [
        ("load (oxigraph store)", f"{median(cold, 'load'):.1f} s", "shipped graph + generated file"),
        ("projection", f"{median(cold, 'projection'):.1f} s", "external graph joined by identifier"),
        ("load + projection", f"{median(cold, 'load') + median(cold, 'projection'):.1f} s", "target: under 30 s"),
        ("peak memory", f"{median(cold, 'rss_mb'):,.0f} MB", "target: under 2 GB"),
        ("name index", f"{median(cold, 'index'):.1f} s", "labels, synonyms, identifiers of every node"),
        ("projection from cache", f"{median(cached, 'projection'):.1f} s",
         f"peak memory {median(cached, 'rss_mb'):,.0f} MB"),
        ("chain query, median", f"{statistics.median(query):.2f} s",
         f"k=10, at most 4 hops; {len(query)} queries, {sum(1 for run in cold + cached for n in run['found'] if n)}"
         " found chains"),
        ("chain query, slowest", f"{max(query):.2f} s", "target: under 1 s each"),
        ("kg paths, cached", f"{command:.1f} s", "whole process: projection from cache + one query"),
    ])
    print(f"medians of {args.repeat} fresh processes ({args.queries} queries each)")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
