"""Time push and queries against a local Oxigraph server (started here on 127.0.0.1), as whole `kg` processes.

Prints a table of medians (seconds): `kg push` of the shipped graph, `kg sparql --endpoint` of a
COUNT and of a GROUP BY query, and the query commands with `--endpoint` next to the same commands
on the local files (with the on-disk cache warm, as a user's second command would find it).
Run: .venv/bin/python benchmarks/endpoint.py [--repeat N]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import median_seconds, print_table

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
GROUP_BY = "SELECT ?level (COUNT(?a) AS ?n) WHERE { ?a a kg:Assertion ; kg:evidenceLevel ?level } GROUP BY ?level"
QUERIES = [
    ("paths", ["paths", "anlotinib", "CD8+ T cell", "--json"]),
    ("outcomes", ["outcomes", "--setting", "later-line", "--disease", "NSCLC", "--json"]),
    ("evidence", ["evidence", "anlotinib", "CCL5", "--json"]),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from kg.store.endpoint import serve_oxigraph

    beside = Path(sys.executable).parent / "kg"
    kg_bin = str(beside) if beside.exists() else shutil.which("kg")

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


if __name__ == "__main__":
    main()
