"""Generators of synthetic graphs for the benchmarks (seeded, so every run draws the same graph)."""

from __future__ import annotations

import random

import networkx as nx

from kg.render import CLASS_STYLE


def view_graph(n_nodes: int, edges_per_node: int = 2, seed: int = 7, levels=()) -> nx.MultiDiGraph:
    """Return a drawable view (see ``kg.view``) of ``n_nodes`` typed entities with a skewed degree distribution.

    Preferential attachment (Barabási–Albert) gives hubs like a drug or a disease node; classes
    and evidence levels are drawn at random, every edge carries one supporting assertion.
    """
    rng = random.Random(seed)
    classes = sorted(CLASS_STYLE)
    skeleton = nx.barabasi_albert_graph(n_nodes, edges_per_node, seed=seed)
    V = nx.MultiDiGraph(levels=list(levels), chains=[])
    for n in skeleton:
        V.add_node(f"ent:n{n}", label=f"entity {n}", label_zh=f"实体 {n}", cls=rng.choice(classes),
                   xrefs=[f"X:{n}"], synonyms=[])
    ranks = [lvl.rank for lvl in levels] or [2]
    for u, v in skeleton.edges:
        rank = rng.choice(ranks)
        label = next((lvl.label for lvl in levels if lvl.rank == rank), "in vitro")
        support = [{"level": label, "rank": rank, "against": False, "where": "doc:synthetic", "section": "",
                    "quote": f"entity {u} increases entity {v}", "refs": [], "diseases": [], "year": 2024}]
        V.add_edge(f"ent:n{u}", f"ent:n{v}", key="kg:increases", label="increases", level=label, rank=rank,
                   support=support)
    return V
