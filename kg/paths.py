"""Paths: mechanism-to-outcome chains, ranked by their weakest link, and neighbourhoods.

A chain follows relations in their biological direction (``anlotinib inhibits VEGFR``, never
backwards) along causal relations and structure (family members, regimen components, pathway
participants); ``predicts`` and ``associated with`` are not walked. Chains are ranked by the
evidence level of their weakest link, then by the publications behind that link, then by
length, then by a hub penalty (Hetionet's degree-weighted path count, damping 0.4).

The search is best-first on the weakest link so far, pruned by the hop distance to the target
(a reverse breadth-first search), so its cost grows with ``k`` and ``max_hops``, not with the
number of paths in the graph.

>>> from kg.loading import load_graph
>>> from kg.projection import project
>>> G = project(load_graph())
>>> chains = find_chains(G, "ent:anlotinib", "ent:CD8_T_infiltration", k=3)
>>> chains[0].nodes[0], chains[0].nodes[-1]
('ent:anlotinib', 'ent:CD8_T_infiltration')
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from dataclasses import asdict, dataclass, field
from itertools import count

import networkx as nx

STRUCTURAL_RANK = math.inf          # structure never weakens a chain
NEGATIVE = {"kg:inhibits", "kg:decreases"}  # relations that flip the sign of a chain's net effect
LUNG_CANCER = "ent:lung_cancer"
CLINICAL_RANK = 4                   # case report and up: evidence in patients
MAX_EXPANSIONS = 200_000


@dataclass
class EdgeFilter:
    """Which evidence counts: minimum level rank, disease context, publication year."""

    min_rank: int = -1
    diseases: frozenset | None = None   # allowed disease nodes (with broader/narrower), None = any
    as_of: int | None = None

    @property
    def active(self) -> bool:
        """Whether the filter drops anything at all."""
        return self.min_rank >= 0 or self.diseases is not None or self.as_of is not None


@dataclass
class Hop:
    """One link of a chain, with the evidence that survived the filter."""

    source: str
    target: str
    relation: str
    predicate: str
    level: str = ""
    rank: float = STRUCTURAL_RANK
    publications: list = field(default_factory=list)
    contested: bool = False
    context: str = ""                   # e.g. "only in mice", "only in neuroblastoma"
    structural: bool = False
    weakest: bool = False
    support: list = field(default_factory=list)


@dataclass
class Chain:
    """A ranked chain from source to target."""

    hops: list
    weakest_rank: float
    weakest_level: str
    publications_at_weakest: int
    dwpc: float
    mixed_context: bool = False
    contested: bool = False
    net_effect: str = "increases"       # the sign of the chain: inhibiting an inhibitor increases

    @property
    def nodes(self) -> list[str]:
        """The chain's nodes, source first."""
        return [self.hops[0].source] + [h.target for h in self.hops] if self.hops else []

    def to_dict(self, G: nx.MultiDiGraph | None = None) -> dict:
        """Return the chain as JSON-ready data (with labels when ``G`` is given)."""
        data = asdict(self)
        data["nodes"] = self.nodes
        data["weakest_rank"] = None if self.weakest_rank == STRUCTURAL_RANK else self.weakest_rank
        for hop in data["hops"]:
            hop["rank"] = None if hop["rank"] == STRUCTURAL_RANK else hop["rank"]
            if G is not None:
                hop["source_label"] = G.nodes[hop["source"]].get("label", hop["source"])
                hop["target_label"] = G.nodes[hop["target"]].get("label", hop["target"])
                hop["source_label_zh"] = G.nodes[hop["source"]].get("label_zh", "")
                hop["target_label_zh"] = G.nodes[hop["target"]].get("label_zh", "")
        return data


def disease_scope(G: nx.MultiDiGraph, disease: str) -> frozenset:
    """Return ``disease`` with every broader and narrower disease (from ``skos:broader``)."""
    broader = G.graph.get("broader", {})
    up, stack = set(), [disease]
    while stack:
        node = stack.pop()
        if node not in up:
            up.add(node)
            stack.extend(broader.get(node, []))
    return frozenset(up) | disease_scope_down(G, disease)


def usable_edge(data: dict, flt: EdgeFilter) -> dict | None:
    """Return the edge's evidence after ``flt`` (level, rank, contested, supports), or None to skip it.

    Non-causal relations (predicts, associated with) are never walked.
    """
    if data.get("structural"):
        return {"rank": STRUCTURAL_RANK, "level": "", "contested": False, "support": []}
    if not data.get("causal", True):
        return None
    return filtered_evidence(data, flt)


def filtered_evidence(data: dict, flt: EdgeFilter) -> dict | None:
    """Return an evidence edge's best level, contested flag and the support that passes ``flt``.

    None when no supporting assertion passes (by year, disease context and level).
    """
    kept = [s for s in data.get("support", [])
            if (flt.as_of is None or s["year"] <= flt.as_of)
            and (flt.diseases is None or not s["diseases"] or flt.diseases.intersection(s["diseases"]))]
    favour = [s for s in kept if not s["against"]]
    if not favour:
        return None
    best = max(favour, key=lambda s: s["rank"])
    if best["rank"] < flt.min_rank:
        return None
    return {"rank": best["rank"], "level": best["level"], "contested": len(favour) < len(kept), "support": kept}


def find_chains(G: nx.MultiDiGraph, source: str, target: str, *, max_hops: int = 6, k: int = 10,
                flt: EdgeFilter | None = None, via: str | None = None) -> list[Chain]:
    """Return up to ``k`` chains from ``source`` to ``target``, best first (see the module docstring)."""
    flt = flt or EdgeFilter()
    if source == target or source not in G or target not in G:
        return []
    best_edge = _best_edges(G, flt)
    dist = _distance_to(target, best_edge, max_hops)
    if source not in dist:
        return []
    degree = {n: G.degree(n) for n in G}
    found: list[tuple[list[str], list[tuple]]] = []
    tie = count()
    heap = [(-STRUCTURAL_RANK, dist[source], next(tie), [source], [])]
    expansions = 0
    while heap and len(found) < k * 5 and expansions < MAX_EXPANSIONS:
        neg_bottleneck, _, _, path, edges = heapq.heappop(heap)
        node = path[-1]
        if node == target:
            if via is None or via in path:
                found.append((path, edges))
            continue
        expansions += 1
        for succ, (key, info) in best_edge.get(node, {}).items():
            if succ in path or len(path) + dist.get(succ, max_hops + 1) > max_hops:
                continue
            if _sideways(edges, key):
                continue
            bottleneck = min(-neg_bottleneck, info["rank"])
            heapq.heappush(heap, (-bottleneck, len(path) + dist[succ], next(tie), path + [succ],
                                  edges + [(node, succ, key, info)]))
    chains = [_chain(G, edges, degree) for _, edges in found]
    chains.sort(key=lambda c: (-c.weakest_rank, -c.publications_at_weakest, len(c.hops), -c.dwpc))
    return chains[:k]


def neighbors(G: nx.MultiDiGraph, node: str, *, hops: int = 1, relation: str | None = None) -> nx.MultiDiGraph:
    """Return the subgraph within ``hops`` of ``node`` (either direction), optionally one relation only.

    ``relation`` matches an edge's predicate CURIE or label (``kg:inhibits`` or ``inhibits``).
    """
    def keep(data):
        return relation is None or relation in (data.get("predicate"), data.get("label"))

    seen, frontier = {node}, {node}
    for _ in range(hops):
        nxt = set()
        for n in frontier:
            for _, v, data in G.out_edges(n, data=True):
                if keep(data):
                    nxt.add(v)
            for u, _, data in G.in_edges(n, data=True):
                if keep(data):
                    nxt.add(u)
        frontier = nxt - seen
        seen |= nxt
    sub = G.subgraph(seen).copy()
    if relation is not None:
        sub.remove_edges_from([(u, v, key) for u, v, key, data in sub.edges(keys=True, data=True) if not keep(data)])
    return sub


def _best_edges(G: nx.MultiDiGraph, flt: EdgeFilter) -> dict:
    """Return {u: {v: (key, evidence)}} keeping, per node pair, the best usable edge."""
    best: dict[str, dict[str, tuple]] = {}
    for u, v, key, data in G.edges(keys=True, data=True):
        info = usable_edge(data, flt)
        if info is None:
            continue
        info = {**info, "predicate": data.get("predicate", key), "label": data.get("label", key),
                "structural": bool(data.get("structural"))}
        current = best.setdefault(u, {}).get(v)
        if current is None or _edge_better(info, current[1]):
            best[u][v] = (key, info)
    return best


def _edge_better(a: dict, b: dict) -> bool:
    # Evidence beats structure between the same two nodes: it says more.
    if a["structural"] != b["structural"]:
        return not a["structural"]
    return a["rank"] > b["rank"]


def _distance_to(target: str, best_edge: dict, max_hops: int) -> dict[str, int]:
    """Hop distance from every node to ``target`` (reverse BFS, at most ``max_hops``)."""
    reverse: dict[str, list[str]] = {}
    for u, targets in best_edge.items():
        for v in targets:
            reverse.setdefault(v, []).append(u)
    dist = {target: 0}
    queue = deque([target])
    while queue:
        node = queue.popleft()
        if dist[node] >= max_hops:
            continue
        for pred in reverse.get(node, []):
            if pred not in dist:
                dist[pred] = dist[node] + 1
                queue.append(pred)
    return dist


def _sideways(edges: list, key: str) -> bool:
    """True for a step back along the structure just walked, which reaches a sibling, not a
    consequence: a drug → its class → another drug; a process → a participant → another process."""
    return bool(edges) and (edges[-1][2] == key + "^" or key == edges[-1][2] + "^")


def _chain(G: nx.MultiDiGraph, edges: list, degree: dict) -> Chain:
    hops = []
    for u, v, key, info in edges:
        hops.append(Hop(source=u, target=v, relation=info["label"], predicate=info["predicate"],
                        level=info["level"], rank=info["rank"], contested=info["contested"],
                        structural=info["structural"], support=info["support"],
                        publications=_refs(info["support"]),
                        context=_context(G, info["support"])))
    evidence = [h for h in hops if not h.structural]
    if evidence:
        weakest = min(evidence, key=lambda h: (h.rank, len(h.publications)))
        weakest.weakest = True
        weakest_rank, weakest_level, pubs = weakest.rank, weakest.level, len(weakest.publications)
    else:
        weakest_rank, weakest_level, pubs = STRUCTURAL_RANK, "", 0
    clinical = any(not h.structural and not h.context and h.rank >= CLINICAL_RANK for h in hops)
    dwpc = 1.0
    for hop in hops[:-1]:
        dwpc *= max(degree.get(hop.target, 1), 1) ** -0.4
    negatives = sum(1 for h in hops if h.predicate in NEGATIVE)
    return Chain(hops=hops, weakest_rank=weakest_rank, weakest_level=weakest_level,
                 net_effect="decreases" if negatives % 2 else "increases",
                 publications_at_weakest=pubs, dwpc=dwpc,
                 mixed_context=clinical and any(h.context for h in hops),
                 contested=any(h.contested for h in hops))


def _refs(support: list) -> list[dict]:
    seen, refs = set(), []
    for s in support:
        for ref in s["refs"]:
            if ref["publication"] not in seen:
                seen.add(ref["publication"])
                refs.append(ref)
    return refs


def _context(G: nx.MultiDiGraph, support: list) -> str:
    """Say where a link was shown when none of its evidence is human lung cancer ('' otherwise)."""
    if not support:
        return ""
    lung = disease_scope_down(G, LUNG_CANCER)
    reasons = []
    for s in support:
        if s["against"]:
            continue
        in_lung = not s["diseases"] or any(d in lung for d in s["diseases"])
        human = not s["species"] or "human" in s["species"]
        if in_lung and human and s["rank"] >= CLINICAL_RANK:
            return ""
        if not in_lung:
            reasons.append("in " + ", ".join(G.nodes[d].get("label", d) if d in G else d for d in s["diseases"]))
        elif not human:
            reasons.append("in " + ", ".join(s["species"]))
        elif s["rank"] in (2, 3):
            reasons.append("in vitro" if s["rank"] == 2 else "in animals")
    return "only " + " / ".join(dict.fromkeys(reasons)) if reasons else ""


def disease_scope_down(G: nx.MultiDiGraph, disease: str) -> frozenset:
    """Return ``disease`` and every disease narrower than it."""
    cache = G.graph.setdefault("_scope_down", {})
    if disease not in cache:
        broader = G.graph.get("broader", {})
        down, changed = {disease}, True
        while changed:
            changed = False
            for narrower, parents in broader.items():
                if narrower not in down and down.intersection(parents):
                    down.add(narrower)
                    changed = True
        cache[disease] = frozenset(down)
    return cache[disease]
