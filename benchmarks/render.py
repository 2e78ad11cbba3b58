"""Render time, page size and browser layout time: the shipped graph and a generated 5,000-node graph.

Prints a table of medians. Run: .venv/bin/python benchmarks/render.py [--repeat N] [--nodes N]

- "view + page (s)": choosing what to draw (kg.render.view) and writing the page (kg.render.page), in process;
- "settle in Chromium (s)": opening the page in headless Chromium until the layout has settled and
  physics stopped (needs Debian's chromium and playwright, as the tests do; else "n/a");
- the last row times pyvis's own ``Network.add_node`` / ``add_edge`` for the generated graph, the
  path the renderer avoids because it is quadratic.

Every page is written into an empty temporary folder, which must hold that page and nothing else.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from common import median_seconds, print_table
from generate import view_graph

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  the browser as the tests start it


def settle_seconds(page_path: Path) -> float | None:
    """Seconds from opening ``page_path`` in headless Chromium until ``window.kgSettled``; None without a browser."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            tempfile.mkdtemp(), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
            viewport={"width": 1400, "height": 900})
        page = context.new_page()
        start = time.perf_counter()
        page.goto(page_path.as_uri())
        while not page.evaluate("window.kgSettled === true"):
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
        context.close()
    return elapsed


def measure(name: str, make_view, repeat: int) -> tuple:
    """One table row: nodes, edges, view + page time, page size, settle time."""
    from kg.render.page import render_html
    folder = Path(tempfile.mkdtemp())
    page = folder / "page.html"
    view = make_view()
    seconds = median_seconds(lambda: render_html(make_view(), page), repeat)
    assert [p.name for p in folder.iterdir()] == ["page.html"], "rendering wrote more than the page"
    settle = [settle_seconds(page) for _ in range(repeat)]
    settled = "n/a" if None in settle else f"{sorted(settle)[len(settle) // 2]:.2f}"
    return (name, view.number_of_nodes(), view.number_of_edges(), f"{seconds:.3f}",
            f"{page.stat().st_size / 1e6:.2f}", settled)


def pyvis_add_loop(view) -> None:
    from pyvis.network import Network
    net = Network()
    for node, attrs in view.nodes(data=True):
        net.add_node(node, label=attrs["label"])
    for u, v in view.edges():
        net.add_edge(u, v)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--nodes", type=int, default=5000, help="Size of the generated graph.")
    args = parser.parse_args()

    from kg.api import KnowledgeGraph
    kg = KnowledgeGraph()
    model = kg.projection.graph["model"]
    rows = [
        measure("shipped: whole graph", kg.view, args.repeat),
        measure("shipped: chains anlotinib → PD-1 response", lambda: kg.view(
            paths=("anlotinib", "response to PD-1/PD-L1 blockade"), k=10), args.repeat),
        measure(f"generated: {args.nodes:,} nodes", lambda: view_graph(args.nodes, model=model), args.repeat),
    ]
    generated = view_graph(args.nodes, model=model)
    pyvis_seconds = median_seconds(lambda: pyvis_add_loop(generated), 1)
    rows.append((f"pyvis add_node/add_edge, {args.nodes:,} nodes (not used)", generated.number_of_nodes(),
                 generated.number_of_edges(), f"{pyvis_seconds:.3f}", "-", "-"))
    print_table(("page", "nodes", "edges", "view + page (s)", "size (MB)", "settle in Chromium (s)"), rows)
    print(f"medians of {args.repeat} runs (pyvis: 1 run)")


if __name__ == "__main__":
    main()
