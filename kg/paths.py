"""Paths: mechanism-to-outcome chains, ranked by their weakest link, and neighbourhoods.

A chain follows relations in their biological direction (``anlotinib inhibits VEGFR``, never
backwards) along causal relations and structure (family members, regimen components, pathway
participants); ``predicts`` and ``associated with`` are not walked. Chains are ranked by the
evidence level of their weakest link, then by the publications behind that link, then by
length, then by a hub penalty (Hetionet's degree-weighted path count, damping 0.4).

The search is best-first on the weakest link so far, then the shortest possible length, then
the hub penalty so far, pruned by the hop distance to the target (a reverse breadth-first search,
bounded on big graphs). It reads a node's edges only when it reaches it, so its cost grows with
``k`` and ``max_hops``, not with the size of the graph: about 0.1 s a query on a Hetionet-sized
graph joined to ours (``benchmarks/scale.py``).

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
from dataclasses import asdict, dataclass, field

import networkx as nx

STRUCTURAL_RANK = math.inf          # structure never weakens a chain
NEGATIVE = {"kg:inhibits", "kg:decreases"}  # relations that flip the sign of a chain's net effect
LUNG_CANCER = "ent:lung_cancer"
CLINICAL_RANK = 4                   # case report and up: evidence in patients
MAX_EXPANSIONS = 200_000
REVERSE_BUDGET = 50_000            # edges the reverse search looks at before it settles for a bound


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
    if data.get("external"):        # a plain triple of another graph: no assertion to filter, one level
        return None if data["rank"] < flt.min_rank else {"rank": data["rank"], "level": data["level"],
                                                         "contested": False, "support": []}
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
    edges = _UsableEdges(G, flt)
    dist, beyond = _distance_to(target, edges, max_hops)
    if dist.get(source, beyond) > max_hops:
        return []
    # The nodes close enough to the target that a chain with ``n`` hops left may step onto them.
    near = {n: [node for node, d in dist.items() if d <= n] for n in range(min(beyond, max_hops + 1))}
    found: list[tuple[list[str], list[tuple]]] = []
    # Best first: weakest link so far, then the shortest possible length, then the hub penalty so
    # far (it only shrinks as a chain grows), so hubs with thousands of edges are expanded last.
    # Ties go to the path in sorted order: never to the order a store happened to list the edges.
    heap = [(-STRUCTURAL_RANK, dist.get(source, beyond), -1.0, [source], [])]
    expansions = 0
    while heap and len(found) < k * 5 and expansions < MAX_EXPANSIONS:
        neg_bottleneck, _, neg_dwpc, path, walked = heapq.heappop(heap)
        node = path[-1]
        if node == target:
            if via is None or via in path:
                found.append((path, walked))
            continue
        expansions += 1
        for succ, (key, info) in edges.successors(node, within=near.get(max_hops - len(path))):
            remaining = dist.get(succ, beyond)
            if succ in path or len(path) + remaining > max_hops:
                continue
            if _sideways(walked, key):
                continue
            bottleneck = min(-neg_bottleneck, info["rank"])
            dwpc = -neg_dwpc if succ == target else -neg_dwpc * _degree(G, succ) ** -0.4
            heapq.heappush(heap, (-bottleneck, len(path) + remaining, -dwpc, path + [succ],
                                  walked + [(node, succ, key, info)]))
    chains = [_chain(G, walked) for _, walked in found]
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


class _UsableEdges:
    """The edges a chain may walk under a filter, looked up node by node as the search reaches them.

    Looking them up lazily keeps a query on a graph of millions of edges to the part it visits.
    The adjacency is read from NetworkX's own dicts (``_succ``, ``_pred``): its read-only views
    cost four times as much per edge, which is most of a query on such a graph.
    """

    def __init__(self, G: nx.MultiDiGraph, flt: EdgeFilter):
        self._G, self._flt = G, flt
        self._successors: dict[str, list] = {}
        self._evidence: dict[int, dict | None] = {}     # by id of the edge's attribute dict

    def successors(self, node: str, within: list[str] | None = None) -> list[tuple[str, tuple[str, dict]]]:
        """Return ``[(successor, (key, evidence)), ...]``: the best usable edge to each successor.

        ``within``: only successors among these nodes. A hub's next step near the target looks
        up the few nodes near it rather than its thousands of successors.
        """
        adjacent = self._G._succ[node]
        if within is not None and node not in self._successors and len(within) < len(adjacent):
            pairs = ((succ, self._best(adjacent[succ])) for succ in within if succ in adjacent)
            return [(succ, best) for succ, best in pairs if best is not None]
        if node not in self._successors:
            pairs = ((succ, self._best(keyed)) for succ, keyed in adjacent.items())
            self._successors[node] = [(succ, best) for succ, best in pairs if best is not None]
        return self._successors[node]

    def _best(self, keyed: dict) -> tuple[str, dict] | None:
        """The best usable edge ``(key, evidence)`` among the parallel edges ``keyed`` (None if none is)."""
        best = None
        for key, data in keyed.items():
            info = self.evidence(key, data)
            if info is not None and (best is None or _edge_better((key, info), best)):
                best = (key, info)
        return best

    def predecessors(self, node: str):
        """Yield the nodes with a usable edge to ``node``."""
        for pred, keyed in self._G._pred[node].items():
            if any(self.evidence(key, data) is not None for key, data in keyed.items()):
                yield pred

    def evidence(self, key: str, data: dict) -> dict | None:
        """The edge's evidence under the filter, with its predicate and label; None if not walkable.

        Worked out once per attribute dict: the edges of an external graph share one per predicate.
        """
        if id(data) not in self._evidence:
            info = usable_edge(data, self._flt)
            self._evidence[id(data)] = info and {**info, "predicate": data.get("predicate", key),
                                                 "label": data.get("label", key),
                                                 "structural": bool(data.get("structural"))}
        return self._evidence[id(data)]


def _edge_better(a: tuple[str, dict], b: tuple[str, dict]) -> bool:
    """Whether edge ``a`` (key, evidence) says more than ``b`` between the same two nodes."""
    (key_a, a), (key_b, b) = a, b
    # Evidence beats structure between the same two nodes: it says more.
    if a["structural"] != b["structural"]:
        return not a["structural"]
    return (a["rank"], key_b) > (b["rank"], key_a)     # a tie goes to the first key in sorted order


def _distance_to(target: str, edges: _UsableEdges, max_hops: int) -> tuple[dict[str, int], int]:
    """Return the hop distance to ``target`` of the nodes near it, and a lower bound for all others.

    A reverse breadth-first search, layer by layer, to ``max_hops``. On a large graph whose hubs
    reach everything in three steps it stops after looking at ``REVERSE_BUDGET`` edges: a node it
    has not reached is then at least as far as the layer it was filling, which still prunes soundly.
    """
    dist = {target: 0}
    frontier, depth, looked = [target], 0, 0
    while frontier and depth < max_hops:
        layer = []
        for node in frontier:
            for pred in edges.predecessors(node):
                looked += 1
                if pred not in dist:
                    dist[pred] = depth + 1
                    layer.append(pred)
            if looked > REVERSE_BUDGET:
                return dist, depth + 1
        frontier, depth = layer, depth + 1
    return dist, max_hops + 1


def _sideways(edges: list, key: str) -> bool:
    """True for a step back along the structure just walked, which reaches a sibling, not a
    consequence: a drug → its class → another drug; a process → a participant → another process."""
    return bool(edges) and (edges[-1][2] == key + "^" or key == edges[-1][2] + "^")


def _degree(G: nx.MultiDiGraph, node: str) -> int:
    """The number of neighbours of ``node``, in and out (at least 1): the hub penalty's degree.

    Neighbours, not edges: a pair linked by evidence and by structure is one link, and counting
    neighbours takes one step where counting a hub's edges takes thousands.
    """
    return max(len(G._succ[node]) + len(G._pred[node]), 1)


def _chain(G: nx.MultiDiGraph, edges: list) -> Chain:
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
        dwpc *= _degree(G, hop.target) ** -0.4
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
