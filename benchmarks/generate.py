"""Generators of synthetic graphs for the benchmarks (seeded, so every run draws the same graph)."""

from __future__ import annotations

import itertools
import random

import networkx as nx

from kg.render.page import CLASS_STYLE


def view_graph(n_nodes: int, edges_per_node: int = 2, seed: int = 7, model=None) -> nx.MultiDiGraph:
    """Return a drawable view (see ``kg.render.view``) of ``n_nodes`` typed entities with a skewed degree distribution.

    Preferential attachment (Barabási–Albert) gives hubs like a drug or a disease node; classes
    and evidence levels (of ``model``, the schema's :class:`kg.model.Model`) are drawn at random, every edge
    carries one supporting assertion.
    """
    levels = model.levels if model is not None else []
    rng = random.Random(seed)
    classes = sorted(CLASS_STYLE)
    skeleton = nx.barabasi_albert_graph(n_nodes, edges_per_node, seed=seed)
    V = nx.MultiDiGraph(model=model, chains=[])
    for n in skeleton:
        V.add_node(f"ent:n{n}", label=f"entity {n}", label_zh=f"实体 {n}", cls=rng.choice(classes),
                   xrefs=[f"X:{n}"], synonyms=[])
    ranks = [lvl.rank for lvl in levels] or [2]
    for u, v in skeleton.edges:
        rank = rng.choice(ranks)
        label = next((lvl.label for lvl in levels if lvl.rank == rank), "in vitro")
        support = [{"level": label, "rank": rank, "against": False, "where": "doc:synthetic", "section": "",
                    "quote": f"entity {u} increases entity {v}", "refs": [], "diseases": [], "year": 2024,
                    "mismatches": [], "partners": [], "assertion": f"asrt:n{u}-n{v}"}]
        V.add_edge(f"ent:n{u}", f"ent:n{v}", key="kg:increases", label="increases", level=label, rank=rank,
                   support=support)
    return V


# Node types and relations of a Hetionet-like graph, with its rough proportions of nodes.
HETIONET_TYPES = {"Gene": 0.44, "Compound": 0.03, "Disease": 0.003, "Anatomy": 0.01, "BiologicalProcess": 0.24,
                  "CellularComponent": 0.03, "MolecularFunction": 0.06, "Pathway": 0.04, "PharmacologicClass": 0.01,
                  "SideEffect": 0.12, "Symptom": 0.01}
HETIONET_RELATIONS = ("interacts", "regulates", "participates", "binds", "upregulates", "downregulates",
                      "associates", "treats", "causes", "expresses", "resembles")
EXTERNAL = "https://example.org/hetionet/"


def ntriples_file(path, n_triples: int, seed: int = 7, join_genes: tuple[str, ...] = ()) -> int:
    """Write about ``n_triples`` N-Triples of a Hetionet-like graph to ``path``; return the node count.

    Each node has a type and a label (2 triples); the rest are edges whose endpoints are drawn
    with a skewed (Zipf-like, exponent 0.8) distribution over a shuffled order, so a few hubs
    have tens of thousands of edges and most nodes a handful. ``join_genes`` (HGNC numbers such
    as ``"6307"``) become genes with identifiers.org IRIs, so they join the curated targets by
    identifier.
    """
    rng = random.Random(seed)
    n_nodes = max(10, n_triples // 48)            # Hetionet: 47k nodes, 2.25M edges
    kinds = list(HETIONET_TYPES)
    weights = list(HETIONET_TYPES.values())
    names = [f"{EXTERNAL}{i}" for i in range(n_nodes)]
    for i, hgnc in enumerate(join_genes):
        names[i] = f"https://identifiers.org/hgnc:{hgnc}"
    by_popularity = names[:]
    rng.shuffle(by_popularity)
    popularity = list(itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(n_nodes)))
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        for i, name in enumerate(names):
            kind = "Gene" if i < len(join_genes) else rng.choices(kinds, weights)[0]
            out.write(f'<{name}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EXTERNAL}{kind}> .\n'
                      f'<{name}> <http://www.w3.org/2000/01/rdf-schema#label> "{kind.lower()} {i}" .\n')
            written += 2
        n_edges = max(0, n_triples - written)
        subjects = rng.choices(by_popularity, cum_weights=popularity, k=n_edges)
        objects = rng.choices(by_popularity, cum_weights=popularity, k=n_edges)
        for u, v in zip(subjects, objects):
            out.write(f"<{u}> <{EXTERNAL}{rng.choice(HETIONET_RELATIONS)}> <{v}> .\n")
    return n_nodes
