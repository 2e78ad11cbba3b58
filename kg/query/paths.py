"""Paths: mechanism-to-outcome chains, ranked by the certainty of their weakest hop, and neighbourhoods.

A chain follows relations in their biological direction (``anlotinib inhibits VEGFR``, never
backwards) along causal relations and the structure the schema lets a chain walk (upward from a
member, part or kind; into a regimen from its drug; never downward); ``predicts`` and ``associated
with`` are not walked, nor is a result that does not support its relation. What each step may
conclude and how certain each hop is belong to :mod:`kg.reasoning`: the search takes that
assessment as a function (``assess``), the way NetworkX takes ``weight``, and ranks chains by
certainty, then by the independent publications at it, then by length, then by a hub penalty
(Hetionet's degree-weighted path count, damping 0.4). Near-duplicate chains (the same route
through nested nodes: VEGFR and VEGFR2) are grouped: the best is shown, its variants counted.

The search is best-first on the weakest certainty so far, then the shortest possible length, then
the hub penalty so far, pruned by the hop distance to the target (a reverse breadth-first search,
bounded on big graphs). It reads a node's edges only when it reaches it, so its cost grows with
``k`` and ``max_hops``, not with the size of the graph: about 0.1 s a query on a Hetionet-sized
graph joined to ours (``benchmarks/scale.py``).

>>> from kg.examples import toy_graph
>>> from kg.graph.projection import project
>>> G = project(toy_graph())
>>> chains = find_chains(G, "ent:anlotinib", "ent:CD8_T_infiltration", k=3)
>>> chains[0].nodes[0], chains[0].nodes[-1]
('ent:anlotinib', 'ent:CD8_T_infiltration')
"""

from __future__ import annotations

import heapq
from dataclasses import asdict, dataclass, field

import networkx as nx

from kg.graph.projection import evidence_summary
from kg.graph.scope import broader_and_narrower, narrower
from kg.reasoning import certainty as grading
from kg.reasoning import phrases
from kg.reasoning.indirectness import HOME_DISEASE
from kg.reasoning.polarity import benefit, net_effect

STRUCTURAL_RANK = grading.STRUCTURAL   # structure never weakens a chain
MAX_EXPANSIONS = 200_000
REVERSE_BUDGET = 50_000            # edges the reverse search looks at before it settles for a bound


@dataclass
class EdgeFilter:
    """Which evidence counts and which hops a chain may take.

    ``min_rank``: lowest design level; ``diseases``: allowed disease nodes (with broader and narrower;
    None = any); ``as_of``: only evidence published by then; ``exclude_mismatched``: drop support whose
    citation is flagged; ``direct_only``: no class, combination or co-treatment inference;
    ``min_certainty``: lowest hop certainty. The default filter keeps everything.

    >>> from kg.examples import toy_projection
    >>> G = toy_projection()
    >>> [c.nodes for c in find_chains(G, "ent:anlotinib", "ent:CCL5")]
    [['ent:anlotinib', 'ent:CCL5']]
    >>> find_chains(G, "ent:anlotinib", "ent:CCL5", flt=EdgeFilter(as_of=2023))   # the evidence is from 2024
    []
    """

    min_rank: int = -1
    diseases: frozenset | None = None
    as_of: int | None = None
    exclude_mismatched: bool = False
    direct_only: bool = False
    min_certainty: int = -1

    @property
    def active(self) -> bool:
        """Return whether the filter drops any evidence at all.

        >>> EdgeFilter().active, EdgeFilter(min_rank=3).active, EdgeFilter(direct_only=True).active
        (False, True, True)
        """
        return (self.min_rank >= 0 or self.diseases is not None or self.as_of is not None or self.exclude_mismatched
                or self.direct_only or self.min_certainty >= 0)

    def keeps(self, support: dict) -> bool:
        """Return whether one support record passes the year, disease and mismatch filters.

        A support with no disease passes any disease filter.

        >>> support = {"year": 2024, "diseases": ["ent:NSCLC"], "mismatches": []}
        >>> EdgeFilter(as_of=2024).keeps(support), EdgeFilter(as_of=2023).keeps(support)
        (True, False)
        >>> EdgeFilter(diseases=frozenset({"ent:SCLC"})).keeps(support)
        False
        >>> EdgeFilter(diseases=frozenset({"ent:SCLC"})).keeps(dict(support, diseases=[]))
        True
        """
        return ((self.as_of is None or support["year"] <= self.as_of)
                and (self.diseases is None or not support["diseases"] or bool(self.diseases.intersection(support["diseases"])))
                and not (self.exclude_mismatched and support["mismatches"]))

    def home(self, G: nx.MultiDiGraph) -> frozenset:
        """Return the diseases a support must be in not to count as another cancer: lung cancer and narrower.

        Empty when ``G`` has no lung cancer node.

        >>> from kg.examples import toy_projection
        >>> sorted(EdgeFilter().home(toy_projection()))
        ['ent:LUAD', 'ent:NSCLC', 'ent:lung_cancer']
        """
        return disease_scope_down(G, HOME_DISEASE) if HOME_DISEASE in G else frozenset()


@dataclass(frozen=True)
class Question:
    """What a search asks: from ``source`` to ``target``.

    Frozen, so it compares and hashes by value; :func:`find_chains` hands it to ``assess``.

    >>> q = Question("ent:anlotinib", "ent:ICI_response")
    >>> q.source, q.target, q == Question("ent:anlotinib", "ent:ICI_response")
    ('ent:anlotinib', 'ent:ICI_response', True)
    """

    source: str
    target: str


@dataclass
class Hop:
    """One link of a chain: its evidence after the filter, its design, certainty and the reasons for it.

    >>> from kg.examples import toy_projection
    >>> hop = find_chains(toy_projection(), "ent:anlotinib", "ent:CCL5")[0].hops[0]
    >>> hop.relation, hop.level, hop.grade, [r["label"] for r in hop.reasons]
    ('increases', 'animal model (in vivo)', 'very low', ['not in patients'])
    >>> [ref["publication"] for ref in hop.publications], hop.structural
    (['pub:Toy2024'], False)
    """

    source: str
    target: str
    relation: str
    predicate: str                      # the projection key walked (``kg:hasMember^`` is "member of")
    relation_zh: str = ""
    level: str = ""                     # the design of its best support
    rank: float = STRUCTURAL_RANK       # that design's rank, where its certainty starts
    certainty: float = STRUCTURAL_RANK
    grade: str = ""
    reasons: list = field(default_factory=list)     # each {"reason", "label", "detail", "steps"}
    publications: list = field(default_factory=list)
    publications_at_certainty: int = 0
    conditions: list = field(default_factory=list)  # co-treatments the support was shown with
    inferred: str = ""                  # what a structural step concludes (X increases CD8+ T cells, so T cells)
    isolated_by: str = ""               # the comparison that credits a combination's result to the drug
    sign: int = 1
    contested: bool = False
    mismatched: bool = False
    structural: bool = False
    weakest: bool = False
    support: list = field(default_factory=list)
    source_label: str = ""
    target_label: str = ""
    # The same in Chinese (:mod:`kg.reasoning.phrases`; empty where there is nothing to say or no Chinese label).
    source_label_zh: str = ""
    target_label_zh: str = ""
    level_zh: str = ""
    grade_zh: str = ""
    conditions_zh: list = field(default_factory=list)
    inferred_zh: str = ""
    isolated_by_zh: str = ""


@dataclass
class Chain:
    """A ranked chain from source to target.

    What :func:`find_chains` returns: its hops, the certainty and grade of its weakest hop, its net
    effect (and, towards an endpoint, whether that is better for the patient) and why it ranks there.

    >>> from kg.examples import toy_projection
    >>> chain = find_chains(toy_projection(), "ent:anlotinib", "ent:PFS")[0]
    >>> [h.relation for h in chain.hops], chain.net_effect, chain.benefit
    (['component of', 'has outcome'], 'increases', 'better')
    """

    hops: list
    certainty: float
    grade: str
    weakest_rank: float
    weakest_level: str
    publications_at_weakest: int
    dwpc: float
    net_effect: str = "unknown"         # increases, decreases or unknown (inhibiting an inhibitor increases)
    benefit: str = ""                   # better or worse for the patient, when the target is an endpoint
    mixed_context: bool = False
    contested: bool = False
    why: str = ""
    variants: list = field(default_factory=list)    # near-duplicate routes through nested nodes
    # The same in Chinese (:mod:`kg.reasoning.phrases`).
    grade_zh: str = ""
    net_effect_zh: str = ""
    benefit_zh: str = ""
    why_zh: str = ""

    @property
    def nodes(self) -> list[str]:
        """Return the chain's nodes, source first (empty for a chain without hops).

        >>> from kg.examples import toy_projection
        >>> find_chains(toy_projection(), "ent:anlotinib", "ent:CD8_T_infiltration")[0].nodes
        ['ent:anlotinib', 'ent:CCL5', 'ent:CD8_T_infiltration']
        """
        return [self.hops[0].source] + [h.target for h in self.hops] if self.hops else []

    def to_dict(self, G: nx.MultiDiGraph | None = None) -> dict:
        """Return the chain as JSON-ready data: its English fields, each with a ``_zh`` twin in Chinese
        (whatever the language asked for, so a consumer of ``--json`` reads the same keys either way).

        A structural hop's certainty and rank become None. ``G`` is kept for callers that pass it: the
        Chinese labels are on the chain already.

        >>> from kg.examples import toy_projection
        >>> G = toy_projection()
        >>> data = find_chains(G, "ent:anlotinib", "ent:CD8_T_infiltration")[0].to_dict(G)
        >>> data["nodes"], data["grade"]
        (['ent:anlotinib', 'ent:CCL5', 'ent:CD8_T_infiltration'], 'very low')
        >>> data["hops"][0]["target_label"], data["hops"][0]["target_label_zh"]
        ('CCL5', 'CC趋化因子配体5')
        """
        data = asdict(self)
        data["nodes"] = self.nodes
        for name in ("certainty", "weakest_rank"):
            data[name] = None if data[name] == STRUCTURAL_RANK else data[name]
        for hop in data["hops"]:
            for name in ("rank", "certainty"):
                hop[name] = None if hop[name] == STRUCTURAL_RANK else hop[name]
        return data


def disease_scope(G: nx.MultiDiGraph, disease: str) -> frozenset:
    """Return ``disease`` with every broader and narrower disease (:func:`kg.graph.scope.broader_and_narrower`).

    >>> from kg.examples import toy_projection
    >>> sorted(disease_scope(toy_projection(), "ent:NSCLC"))
    ['ent:LUAD', 'ent:NSCLC', 'ent:lung_cancer']
    """
    return broader_and_narrower(G.graph.get("broader", {}), disease)


def filtered_evidence(data: dict, flt: EdgeFilter) -> dict | None:
    """Return an evidence edge's attributes over the support that passes ``flt`` (its best level,
    contested flag, assertions, publications: :func:`kg.graph.projection.evidence_summary`).

    None when no supporting assertion passes (by year, disease context, mismatch and level): a result
    that does not support its relation is never an edge to draw or walk.

    >>> from kg.examples import toy_projection
    >>> data = toy_projection().edges["ent:anlotinib", "ent:KDR", "kg:inhibits"]      # one in vitro study
    >>> summary = filtered_evidence(data, EdgeFilter())
    >>> summary["level"], summary["assertions"]
    ('in vitro', ['asrt:toy-anlotinib-inhibits-KDR'])
    >>> filtered_evidence(data, EdgeFilter(min_rank=3)) is None        # asks for animal models or better
    True
    """
    kept = [s for s in data.get("support", []) if flt.keeps(s)]
    if all(s["against"] for s in kept):
        return None
    summary = evidence_summary(kept)
    return summary if summary["rank"] >= flt.min_rank else None


def find_chains(G: nx.MultiDiGraph, source: str, target: str, *, max_hops: int = 6, k: int = 10,
                flt: EdgeFilter | None = None, via: str | None = None,
                assess=grading.assess_hop, key=grading.chain_key) -> list[Chain]:
    """Return up to ``k`` chains from ``source`` to ``target``, best first (see the module docstring).

    ``assess(G, walked, u, v, edge_key, base, question, flt)`` grades a hop (None: the chain may not
    take it); ``key(chain)`` orders the chains found. Both default to :mod:`kg.reasoning.certainty`.
    An empty list when no chain of at most ``max_hops`` hops passes.

    >>> from kg.examples import toy_projection
    >>> G = toy_projection()
    >>> for chain in find_chains(G, "ent:anlotinib", "ent:ICI_response"):
    ...     print(" → ".join(chain.nodes), "|", chain.grade)
    ent:anlotinib → ent:CCL5 → ent:CCL5_CD8_axis → ent:ICI_response | very low
    >>> find_chains(G, "ent:anlotinib", "ent:ICI_response", max_hops=2)
    []
    """
    flt = flt or EdgeFilter()
    if source == target or source not in G or target not in G:
        return []
    question = Question(source, target)
    edges = _UsableEdges(G, flt)
    dist, beyond = _distance_to(target, edges, max_hops)
    if dist.get(source, beyond) > max_hops:
        return []
    # The nodes close enough to the target that a chain with ``n`` hops left may step onto them.
    near = {n: [node for node, d in dist.items() if d <= n] for n in range(min(beyond, max_hops + 1))}
    found: list[list[dict]] = []
    # Best first: weakest certainty so far, then the shortest possible length, then the hub penalty so
    # far (it only shrinks as a chain grows), so hubs with thousands of edges are expanded last.
    # Ties go to the path in sorted order: never to the order a store happened to list the edges.
    heap = [(-STRUCTURAL_RANK, dist.get(source, beyond), -1.0, [source], [])]
    expansions = 0
    while heap and len(found) < k * 5 and expansions < MAX_EXPANSIONS:
        neg_bottleneck, _, neg_dwpc, path, walked = heapq.heappop(heap)
        node = path[-1]
        if node == target:
            if via is None or via in path:
                found.append(walked)
            continue
        expansions += 1
        for succ, (edge_key, base) in edges.successors(node, within=near.get(max_hops - len(path))):
            remaining = dist.get(succ, beyond)
            if succ in path or len(path) + remaining > max_hops:
                continue
            hop = assess(G, walked, node, succ, edge_key, base, question, flt)
            if hop is None:
                continue
            bottleneck = min(-neg_bottleneck, hop["certainty"])
            dwpc = -neg_dwpc if succ == target else -neg_dwpc * _degree(G, succ) ** -0.4
            heapq.heappush(heap, (-bottleneck, len(path) + remaining, -dwpc, path + [succ], walked + [hop]))
    chains = sorted((_chain(G, walked) for walked in found), key=key)
    return _group_variants(G, chains)[:k]


def neighbors(G: nx.MultiDiGraph, node: str, *, hops: int = 1, relation: str | None = None) -> nx.MultiDiGraph:
    """Return the subgraph within ``hops`` of ``node`` (either direction), optionally one relation only.

    ``relation`` matches an edge's predicate CURIE or label (``kg:inhibits`` or ``inhibits``).

    >>> from kg.examples import toy_projection
    >>> G = toy_projection()
    >>> sorted(neighbors(G, "ent:CCL5").nodes)
    ['ent:CCL5', 'ent:CCL5_CD8_axis', 'ent:CD8_T_infiltration', 'ent:anlotinib']
    >>> sorted(neighbors(G, "ent:anlotinib", relation="inhibits").edges(keys=True))
    [('ent:anlotinib', 'ent:ERK1_2', 'kg:inhibits'), ('ent:anlotinib', 'ent:KDR', 'kg:inhibits')]
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
    """The edges a chain may walk under a filter, looked up node by node as the search reaches them,
    with the part of their assessment that does not depend on the chain (:func:`kg.reasoning.certainty.base_evidence`).

    Looking them up lazily keeps a query on a graph of millions of edges to the part it visits.
    The adjacency is read from NetworkX's own dicts (``_succ``, ``_pred``): its read-only views
    cost four times as much per edge, which is most of a query on such a graph.
    """

    def __init__(self, G: nx.MultiDiGraph, flt: EdgeFilter):
        self._G, self._flt = G, flt
        self._successors: dict[str, list] = {}
        self._evidence: dict[int, dict | None] = {}     # by id of the edge's attribute dict
        self._usable_pair: dict[int, bool] = {}          # by id of a pair's key dict

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
        usable = self._usable_pair
        for pred, keyed in self._G._pred[node].items():
            # By id of the key dict: an external graph's pairs linked by one predicate share one.
            found = usable.get(id(keyed))
            if found is None:
                found = usable[id(keyed)] = any(self.evidence(key, data) is not None for key, data in keyed.items())
            if found:
                yield pred

    def evidence(self, key: str, data: dict) -> dict | None:
        """The edge's context-free assessment under the filter; None if it is never walkable.

        Worked out once per attribute dict: the edges of an external graph share one per predicate.
        """
        if id(data) not in self._evidence:
            self._evidence[id(data)] = grading.base_evidence(self._G, data, self._flt)
        return self._evidence[id(data)]


def _edge_better(a: tuple[str, dict], b: tuple[str, dict]) -> bool:
    """Whether edge ``a`` (key, base assessment) says more than ``b`` between the same two nodes."""
    (key_a, a), (key_b, b) = a, b
    # Evidence beats structure between the same two nodes: it says more.
    if a["structural"] != b["structural"]:
        return not a["structural"]
    # Then the more certain; then one with a direction ("increases" over "leads to"); then the first key in sorted order.
    return ((a.get("estimate", 0), a.get("sign", 0) != 0, key_b) > (b.get("estimate", 0), b.get("sign", 0) != 0, key_a))


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


def _degree(G: nx.MultiDiGraph, node: str) -> int:
    """The number of neighbours of ``node``, in and out (at least 1): the hub penalty's degree.

    Neighbours, not edges: a pair linked by evidence and by structure is one link, and counting
    neighbours takes one step where counting a hub's edges takes thousands.
    """
    return max(len(G._succ[node]) + len(G._pred[node]), 1)


def _chain(G: nx.MultiDiGraph, walked: list[dict]) -> Chain:
    """Build the :class:`Chain` of the assessed hops ``walked``."""
    model = G.graph["model"]
    hops = []
    for h in walked:
        step = model.steps.get(h["key"])
        data = G.edges[h["source"], h["target"], h["key"]]
        hops.append(Hop(source=h["source"], target=h["target"], predicate=h["key"],
                        relation=step.label if step else data.get("label", h["key"]),
                        relation_zh=step.label_zh if step else data.get("label_zh", ""),
                        level=h["design"], rank=h["design_rank"], certainty=h["certainty"],
                        grade="" if h["structural"] else model.grade(h["certainty"]), reasons=h["reasons"],
                        publications=_refs(h["support"]), publications_at_certainty=len(h["at_certainty"]),
                        conditions=h["conditions"], inferred=h["inferred"], isolated_by=h["isolated_by"], sign=h["sign"], contested=h["contested"],
                        mismatched=h["mismatched"], structural=h["structural"], support=h["support"],
                        source_label=G.nodes[h["source"]].get("label", h["source"]),
                        target_label=G.nodes[h["target"]].get("label", h["target"]),
                        source_label_zh=G.nodes[h["source"]].get("label_zh", ""),
                        target_label_zh=G.nodes[h["target"]].get("label_zh", ""),
                        level_zh=phrases.level_words(model, h["design"]).zh if h["design"] else "",
                        grade_zh="" if h["structural"] else model.grade(h["certainty"], lang="zh"),
                        conditions_zh=h.get("conditions_zh", h["conditions"]), inferred_zh=h.get("inferred_zh", ""),
                        isolated_by_zh=h.get("isolated_by_zh", "")))
    evidence = [h for h in hops if not h.structural]
    if evidence:
        weakest = min(evidence, key=lambda h: (h.certainty, h.publications_at_certainty))
        weakest.weakest = True
        certainty, rank, level, pubs = weakest.certainty, weakest.rank, weakest.level, weakest.publications_at_certainty
    else:
        certainty, rank, level, pubs = STRUCTURAL_RANK, STRUCTURAL_RANK, "", 0
    dwpc = 1.0
    for hop in hops[:-1]:
        dwpc *= _degree(G, hop.target) ** -0.4
    indirect = [any(r["reason"] in ("kg:OtherSpecies", "kg:OtherCancerContext") for r in h.reasons) for h in evidence]
    net = net_effect(h.sign for h in hops)
    chain = Chain(hops=hops, certainty=certainty, grade=model.grade(certainty) if evidence else "",
                  weakest_rank=rank, weakest_level=level, publications_at_weakest=pubs, dwpc=dwpc, net_effect=net,
                  benefit=benefit(net, G.nodes[hops[-1].target].get("better_when", 0)) if hops else "",
                  mixed_context=any(indirect) and not all(indirect), contested=any(h.contested for h in hops))
    chain.why, chain.why_zh = grading.why_words(chain, model)
    chain.grade_zh = model.grade(certainty, lang="zh") if evidence else ""
    chain.net_effect_zh = phrases.say(net).zh
    chain.benefit_zh = phrases.say(chain.benefit).zh if chain.benefit else ""
    return chain


def _group_variants(G: nx.MultiDiGraph, chains: list[Chain]) -> list[Chain]:
    """Keep the best of each group of near-duplicate chains, with the others as its ``variants``.

    A chain joins a group when it is a variant of any chain in it (VEGFR2 and VEGFR3 routes join
    through the VEGFR route).

    Two chains are variants when their evidence hops pair up one to one with the same relation, between
    nodes that are the same or nested (one a member, part or kind of the other): VEGFR and VEGFR2, and
    they rest on the same inferences (a class-level route is never a variant of the drug's own).
    """
    above: dict[str, set] = {}
    model, name = G.graph["model"], phrases.names(G)

    def nested(x: str, y: str) -> bool:
        for node in (x, y):
            if node not in above:
                above[node] = _above(G, node)
        return x == y or y in above[x] or x in above[y]

    def inferences(chain: Chain) -> set:
        return {r["reason"] for h in chain.hops for r in h.reasons if model.reasons[r["reason"]].inference}

    def variant(a: Chain, b: Chain) -> bool:
        # Never a class-level or combination route folded into the drug's own: they say different things.
        first, second = [h for h in a.hops if not h.structural], [h for h in b.hops if not h.structural]
        return len(first) == len(second) and inferences(a) == inferences(b) and all(
            x.predicate == y.predicate and nested(x.source, y.source) and nested(x.target, y.target)
            for x, y in zip(first, second))

    groups: list[list[Chain]] = []     # in rank order of each group's first chain
    for chain in chains:
        matching = [g for g in groups if any(variant(member, chain) for member in g)]
        if not matching:
            groups.append([chain])
            continue
        for other in matching[1:]:      # the chain joins groups that were apart (VEGFR2 and VEGFR3 via VEGFR)
            matching[0].extend(other)
            groups.remove(other)
        matching[0].append(chain)
    kept = []
    for group in groups:
        # A group is shown by its most certain, then shortest route (anlotinib → VEGFR before
        # anlotinib → VEGFR2 → VEGFR), in the place the group ranks.
        best = max(group, key=lambda c: (c.certainty, -len(c.hops)))
        best.variants = [{"nodes": c.nodes, "text": text.en, "text_zh": text.pick("zh"), "certainty": c.certainty}
                         for c in group if c is not best for text in [phrases.join(map(name, c.nodes), "arrow")]]
        kept.append(best)
    return kept


def _above(G: nx.MultiDiGraph, node: str) -> set:
    """Every node above ``node`` by upward steps (its families, wholes and kinds, transitively)."""
    up, seen, stack = G.graph.get("above", {}), set(), [node]
    while stack:
        for broader in up.get(stack.pop(), ()):
            if broader not in seen:
                seen.add(broader)
                stack.append(broader)
    return seen


def _refs(support: list) -> list[dict]:
    seen, refs = set(), []
    for s in support:
        for ref in s["refs"]:
            if ref["publication"] not in seen:
                seen.add(ref["publication"])
                refs.append(ref)
    return refs


def disease_scope_down(G: nx.MultiDiGraph, disease: str) -> frozenset:
    """Return ``disease`` and every disease narrower than it (:func:`kg.graph.scope.narrower`), cached on ``G``.

    >>> from kg.examples import toy_projection
    >>> sorted(disease_scope_down(toy_projection(), "ent:NSCLC"))
    ['ent:LUAD', 'ent:NSCLC']
    """
    cache = G.graph.setdefault("_scope_down", {})
    if disease not in cache:
        cache[disease] = narrower(G.graph.get("broader", {}), disease)
    return cache[disease]
