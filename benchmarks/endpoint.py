"""Time push and queries against a local Oxigraph server (started here on 127.0.0.1), as whole `kg` processes.

Prints two tables of medians (seconds):
- `kg push` of the shipped graph, `kg sparql --endpoint` of a COUNT and of a GROUP BY query, and the
  query commands with `--endpoint` next to the same commands on the local files (with the on-disk
  cache warm, as a user's second command would find it);
- a push of a generated graph of ``--push-triples`` triples (default one million): raw `curl` POSTs of
  its N-Triples (the Graph Store Protocol, and Oxigraph's bulk path) side by side with `kg push` (its
  default, the bulk path) and `kg push --atomic`, each into a fresh server, with triples a second,
  the ratio to curl's POST and `kg`'s peak memory.
Run: .venv/bin/python benchmarks/endpoint.py [--repeat N] [--push-triples N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import median_seconds, print_table
from generate import ntriples_file

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
GROUP_BY = "SELECT ?level (COUNT(?a) AS ?n) WHERE { ?a a kg:Assertion ; kg:evidenceLevel ?level } GROUP BY ?level"
QUERIES = [
    ("paths", ["paths", "anlotinib", "CD8+ T cell infiltration", "--json"]),
    ("outcomes", ["outcomes", "--setting", "later-line", "--disease", "NSCLC", "--json"]),
    ("evidence", ["evidence", "anlotinib", "CCL5", "--json"]),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--push-triples", type=int, default=1_000_000, help="size of the pushed graph (0: skip)")
    parser.add_argument("--push-only", action="store_true", help="only the table of the pushed graph")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from kg.store.endpoint import serve_oxigraph

    beside = Path(sys.executable).parent / "kg"
    kg_bin = str(beside) if beside.exists() else shutil.which("kg")
    if args.push_only:
        push_table(kg_bin, args.push_triples, args.repeat)
        return

    def kg(*argv: str) -> None:
        subprocess.run([kg_bin, *argv], capture_output=True, check=True)

    server, url = serve_oxigraph(Path(tempfile.mkdtemp(prefix="kg-bench-oxigraph-")))
    try:
        kg("push", "--endpoint", url)                                  # also warms the local cache
        rows = [("kg push (shipped graph)", median_seconds(lambda: kg("push", "--endpoint", url), args.repeat), "")]
        for label, query in (("kg sparql --endpoint: COUNT", COUNT), ("kg sparql --endpoint: GROUP BY", GROUP_BY)):
            remote = median_seconds(lambda: kg("sparql", "--endpoint", url, query), args.repeat)
            local = median_seconds(lambda: kg("sparql", query), args.repeat)
            rows.append((label, remote, local))
        for label, argv in QUERIES:
            remote = median_seconds(lambda: kg("--endpoint", url, *argv), args.repeat)
            local = median_seconds(lambda: kg(*argv), args.repeat)
            rows.append((f"kg {label} --endpoint", remote, local))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print_table(("command", "endpoint (s)", "local files (s)"),
                [(label, f"{remote:.2f}", f"{local:.2f}" if local != "" else "–") for label, remote, local in rows])
    print(f"medians of {args.repeat} runs, each a whole `kg` process; Oxigraph server on 127.0.0.1")
    if args.push_triples:
        print()
        push_table(kg_bin, args.push_triples, args.repeat)


def push_table(kg_bin: str, n_triples: int, repeat: int) -> None:
    """Print raw curl uploads of ``n_triples`` N-Triples next to `kg push` of the same graph, each into a fresh server."""
    from kg.store.endpoint import serve_oxigraph

    folder = Path(tempfile.mkdtemp(prefix="kg-bench-push-"))
    data = folder / "graph.nt"
    ntriples_file(data, n_triples)
    triples = sum(1 for _ in open(data, "rb"))
    peaks = {}

    def fresh(run) -> float:
        """Seconds of ``run(url)`` against a new, empty server (median of ``repeat``)."""
        def once():
            server, url = serve_oxigraph(Path(tempfile.mkdtemp(dir=folder)))
            try:
                start = time.perf_counter()
                run(url)
                return time.perf_counter() - start
            finally:
                server.terminate()
                server.wait(timeout=60)
        return statistics.median(once() for _ in range(repeat))

    def curl(query: str):
        return lambda url: subprocess.run(
            ["curl", "-sf", "-X", "POST", "-H", "Content-Type: application/n-triples", "--data-binary", f"@{data}",
             url.removesuffix("/query") + "/store?" + query], check=True, capture_output=True)

    def kg_push(*options: str):
        def run(url):
            # A wrapper process of its own, so its children's peak memory is this push's.
            probe = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True); "
                     "sys.stderr.write(done.stderr.decode()); "
                     "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(done.returncode)")
            done = subprocess.run([sys.executable, "-c", probe, kg_bin, "--store", "oxigraph", "--no-curated",
                                   "--data", str(data), "push", "--endpoint", url, *options],
                                  capture_output=True, text=True)
            if done.returncode:
                raise SystemExit(f"kg push {' '.join(options)} failed: {done.stderr.strip()}")
            peaks[options] = max(peaks.get(options, 0), int(done.stdout.split()[-1]) // 1024)
        return run

    rows = [("curl POST /store?default (Graph Store Protocol)", fresh(curl("default")), None),
            ("curl POST /store?default&no_transaction (bulk)", fresh(curl("default&no_transaction")), None),
            ("kg push (default: drop, then bulk)", fresh(kg_push()), ()),
            ("kg push --atomic (staging graph, then MOVE)", fresh(kg_push("--atomic")), ("--atomic",))]
    post = rows[0][1]
    print_table(("upload of the same N-Triples", "seconds", "triples/s", "vs curl POST", "kg peak MB"),
                [(label, f"{seconds:.1f}", f"{triples / seconds:,.0f}", f"{post / seconds:.2f}x",
                  "" if key is None else f"{peaks[key]:,}") for label, seconds, key in rows])
    print(f"{triples:,} triples ({data.stat().st_size:,} bytes); medians of {repeat}, each into a fresh Oxigraph "
          "server on 127.0.0.1; kg's time is the whole process (loading the file, writing, uploading, counting)")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
