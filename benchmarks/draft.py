"""Benchmark of `kg draft`: recall and precision of outcome numbers against text whose answer is known.

Seeds (Chinese): the drafter reads sources/d000.txt and d001.txt whole; the key is every curated
kg:OutcomeMeasure of triples/, mapped back to the place in the text each of its quotes comes from.
A drafted number counts where its sentence overlaps a quoted place ("clinical paragraphs"), and
matches a key item at the same place with the same value and endpoint (and, for the arm score,
the same arm regimen, comparator regimen and comparator value). Abstracts (English, Chinese): the
files of benchmarks/draft_abstracts/ (``*.en.txt``, ``*.zh.txt``) against key.tsv, keyed by hand by
someone who had not seen the drafter's output; an arm is compared as its regimen, else its set of
drugs. Also times a draft of one seed (~10 pages) and of both (~20 pages), in the process and as
the installed command.

    .venv/bin/python benchmarks/draft.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from rdflib.namespace import RDF

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.api import KnowledgeGraph  # noqa: E402
from kg.draft import draft_text  # noqa: E402
from kg.draft.entities import Mentions  # noqa: E402
from kg.namespaces import KG, curie  # noqa: E402

CODES = {"ent:ORR": "ORR", "ent:DCR": "DCR", "ent:PFS": "PFS", "ent:OS": "OS", "ent:pCR": "pCR", "ent:MPR": "MPR",
         "ent:EFS_3y": "EFS_3y", "ent:OS_3y": "OS_3y", "ent:OS_5y": "OS_5y", "ent:AE_incidence": "AE",
         "ent:CR_count": "CR_count", "ent:PR_count": "PR_count", "ent:SD_count": "SD_count", "ent:PD_count": "PD_count",
         "ent:median_follow_up": "FOLLOW_UP", "ent:share_of_lung_cancer": "SHARE"}


def compact(text: str) -> tuple[str, list[int]]:
    keep = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(ch for _, ch in keep), [i for i, _ in keep]


def seed_key(graph, doc: str, text: str) -> list[dict]:
    flat, where = compact(text)
    key = []
    for om in graph.subjects(RDF.type, KG.OutcomeMeasure):
        value = float(graph.value(om, KG.value))
        arm, comp = graph.value(om, KG.arm), graph.value(om, KG.comparatorArm)
        regimen = lambda a: curie(graph.value(a, KG.regimen)) if a is not None and graph.value(a, KG.regimen) is not None else None
        cv = graph.value(om, KG.comparatorValue)
        for src in graph.objects(om, KG.source):
            section = curie(graph.value(src, KG.section))
            if not section.startswith(f"doc:{doc}"):
                continue
            quote = str(graph.value(src, KG.quote))
            if value and not re.search(r"\d", re.sub(r"\[[\d,\s–-]+\]", "", quote)):
                continue        # a second source that compares in words ("更高的 ORR"): the number is not written there
            parts = [compact(p)[0] for p in quote.split("…") if p.strip()]
            number = re.compile(r"(?<![\d.])" + re.escape(re.sub(r"\.0$", "", str(value))) + r"(?:\.0+)?(?!\d|\.\d)")
            part = next((p for p in parts if number.search(p)), parts[-1])
            at = flat.find(part)
            if at < 0:
                continue
            key.append({"start": where[at], "end": where[at + len(part) - 1] + 1, "endpoint": CODES.get(curie(graph.value(om, KG.endpoint))),
                        "value": value, "arm": regimen(arm), "comparator": regimen(comp),
                        "comparator_value": float(cv) if cv is not None else None})
    return key


def arm_name(finder: Mentions, written: str | None) -> str | None:
    """An arm as the key and the score compare it: its regimen, else the sorted set of its drugs
    (``ent:a+ent:b``, the one regimen of exactly those drugs where there is one); ``new:…`` (a drug the
    graph lacks) stays as keyed and matches nothing."""
    if written is None or written.startswith(("ent:regimen-", "new:")) or "+" not in written and \
            finder.G.nodes.get(written, {}).get("cls") == "kg:Regimen":
        return written
    drugs = sorted(set(written.split("+")))
    regimens = finder.regimens_of(drugs)
    return regimens[0] if len(regimens) == 1 else "+".join(drugs)


def drafted_arm(finder: Mentions, arm) -> str | None:
    if arm is None:
        return None
    return arm.regimen or (arm_name(finder, "+".join(arm.drugs)) if arm.drugs else None)


def score(drafted: list[dict], key: list[dict], overlap, finder: Mentions) -> dict:
    used, hits, arm_hits = set(), 0, 0
    for m in drafted:
        for i, k in enumerate(key):
            if i in used or not overlap(m, k) or abs(k["value"] - m["value"]) > 1e-9 or k["endpoint"] != m["endpoint"]:
                continue
            used.add(i)
            hits += 1
            arm, comp = drafted_arm(finder, m["arm"]), drafted_arm(finder, m["comparator"])
            if arm == arm_name(finder, k["arm"]) and comp == arm_name(finder, k["comparator"]) \
                    and m["comparator_value"] == k["comparator_value"]:
                arm_hits += 1
            break
    n, k = len(drafted), len(key)
    return {"key": k, "drafted": n, "recall": hits / k if k else 0, "precision": hits / n if n else 0,
            "arm_recall": arm_hits / k if k else 0, "arm_precision": arm_hits / n if n else 0}


def _number(cell: str) -> float | None:
    """A key cell's number; "-" and words ("not achieved": no number to draft) are None."""
    return float(cell) if re.fullmatch(r"\d+(?:\.\d+)?", cell) else None


def main() -> None:
    kg = KnowledgeGraph()
    G = kg.projection
    finder = Mentions(G)
    rows = []
    for doc in ("d000", "d001"):
        text = (ROOT / "sources" / f"{doc}.txt").read_text(encoding="utf-8")
        key = seed_key(kg.graph, doc, text)
        d = draft_text(text, G, name=doc, mentions=finder)
        inside = [m for m in d.measures if any(m["sentence"].start < k["end"] and k["start"] < m["sentence"].end for k in key)]
        rows.append((f"seed {doc} (zh)", score(inside, key, lambda m, k: m["sentence"].start < k["end"] and k["start"] < m["sentence"].end,
                                               finder)))
    folder = ROOT / "benchmarks" / "draft_abstracts"
    key = []
    for line in (folder / "key.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        f, endpoint, value, cv, arm, comp = line.split("\t")[:6]       # a seventh column is the keyer's note
        key.append({"file": f, "endpoint": endpoint, "value": float(value), "comparator_value": _number(cv),
                    "arm": None if arm == "-" else arm, "comparator": None if comp == "-" else comp})
    for lang in ("en", "zh"):
        files = sorted({k["file"] for k in key if k["file"].endswith(f".{lang}.txt")})
        drafted = [dict(m, file=f) for f in files
                   for m in draft_text((folder / f).read_text(encoding="utf-8"), G, name=f, mentions=finder).measures]
        rows.append((f"public abstracts ({lang}, {len(files)} files)",
                     score(drafted, [k for k in key if k["file"] in files], lambda m, k: m["file"] == k["file"], finder)))
    print("| text | key numbers | drafted | recall (value + endpoint) | precision | recall (+ arm, comparator) | precision (+ arm) |")
    print("|---|---|---|---|---|---|---|")
    for name, s in rows:
        print(f"| {name} | {s['key']} | {s['drafted']} | {s['recall']:.2f} | {s['precision']:.2f} | {s['arm_recall']:.2f} | {s['arm_precision']:.2f} |")
    texts = {f"seed d000 ({len((ROOT / 'sources' / 'd000.txt').read_text(encoding='utf-8')):,} characters, about 10 pages)":
             (ROOT / "sources" / "d000.txt").read_text(encoding="utf-8")}
    both = "\n\n".join((ROOT / "sources" / f"{d}.txt").read_text(encoding="utf-8") for d in ("d000", "d001"))
    texts[f"both seed documents ({len(both):,} characters, about 20 pages)"] = both
    print("\n| text | draft_text, names index included (median of 5) | `kg draft FILE -o …`, whole command (median of 3) |")
    print("|---|---|---|")
    import subprocess
    import tempfile
    kg_command = Path(sys.executable).with_name("kg")
    for name, text in texts.items():
        times = []
        for _ in range(5):
            t = time.perf_counter()
            draft_text(text, G, name="timed")
            times.append(time.perf_counter() - t)
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "paper.txt"
            source.write_text(text, encoding="utf-8")
            runs = []
            for _ in range(3):
                t = time.perf_counter()
                subprocess.run([str(kg_command), "draft", str(source), "-o", str(Path(tmp) / "draft.ttl")], check=True,
                               capture_output=True)
                runs.append(time.perf_counter() - t)
        print(f"| {name} | {sorted(times)[2]:.2f} s | {sorted(runs)[1]:.2f} s |")

if __name__ == "__main__":
    main()
