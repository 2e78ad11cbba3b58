"""What the benchmark scripts share: medians of repeated runs and an aligned table."""

from __future__ import annotations

import statistics
import time


def median_seconds(run, repeat: int) -> float:
    """Return the median wall time of ``repeat`` calls of ``run()``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def print_table(header: tuple[str, ...], rows: list[tuple]) -> None:
    """Print ``rows`` under ``header``, the first column left-aligned, the others right-aligned."""
    cells = [tuple(str(c) for c in header)] + [tuple(str(c) for c in row) for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for row in cells:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
