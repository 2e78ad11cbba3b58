"""Gaps: where the evidence from a drug to a clinical outcome is only preclinical or a hypothesis.

Two lists side by side: the translational gaps found in the graph (chains from the drug to a
clinical outcome or endpoint whose weakest hop rests on evidence outside patients or a review's
statement, with that hop and its certainty named, most certain first), and the evidence gaps the
source documents name themselves (``kg:EvidenceGap``).

>>> from kg.examples import toy_graph
>>> from kg.graph.projection import project
>>> g = toy_graph()
>>> result = gaps(g, project(g), "ent:anlotinib")
>>> set(result) == {"chains", "named"}
True
"""

from __future__ import annotations

import networkx as nx
from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from kg.namespaces import KG, curie, label, text
from kg.query.paths import EdgeFilter, find_chains

OUTCOME_CLASSES = ("kg:ClinicalOutcome", "kg:Endpoint")


def gaps(graph: Graph, G: nx.MultiDiGraph, drug: str, *, max_hops: int = 5, k: int = 3,
         flt: EdgeFilter | None = None) -> dict:
    """Return ``{"chains": [...], "named": [...]}`` for ``drug`` (a node id such as ``ent:anlotinib``).

    ``chains``: for each clinical outcome reachable from the drug, the best chains whose weakest
    hop rests on preclinical evidence or a review's own statement (its design is not a study in
    patients), each with that hop, its certainty and reasons; the most certain first (they are the
    nearest to being shown). ``named``: the evidence gaps the documents state, with the link they
    leave unproven and their source.

    >>> from kg.examples import toy_graph
    >>> from kg.graph.projection import project
    >>> g = toy_graph()
    >>> result = gaps(g, project(g), "ent:anlotinib")
    >>> [(r["outcome"], r["chain"]["nodes"]) for r in result["chains"]]
    [('response to PD-1/PD-L1 blockade', ['ent:anlotinib', 'ent:CCL5', 'ent:CCL5_CD8_axis', 'ent:ICI_response'])]
    >>> weak = result["chains"][0]["needs_clinical_evidence"]
    >>> weak["source"], weak["relation"], weak["target"], weak["level"], weak["grade"]
    ('anlotinib', 'increases', 'CCL5', 'animal model (in vivo)', 'very low')
    >>> result["named"]                  # the toy review names no evidence gap
    []
    """
    model, found = G.graph["model"], []
    clinical = max(lvl.rank for lvl in model.levels if lvl.preclinical) + 1      # the first design in patients
    for node, attrs in G.nodes(data=True):
        if attrs.get("cls") not in OUTCOME_CLASSES:
            continue
        for chain in find_chains(G, drug, node, max_hops=max_hops, k=k, flt=flt):
            if chain.weakest_rank >= clinical:
                continue
            weak = next(h for h in chain.hops if h.weakest)
            found.append({"outcome": attrs.get("label", node), "outcome_id": node,
                          "chain": chain.to_dict(G),
                          "needs_clinical_evidence": {"source": weak.source_label, "relation": weak.relation,
                                                      "target": weak.target_label, "level": weak.level,
                                                      "certainty": weak.certainty, "grade": weak.grade,
                                                      "reasons": weak.reasons}})
    found.sort(key=lambda r: (-r["chain"]["certainty"], -r["chain"]["publications_at_weakest"], r["outcome"],
                              len(r["chain"]["hops"])))
    named = []
    for gap in sorted(graph.subjects(RDF.type, KG.EvidenceGap)):
        source = min(graph.objects(gap, KG.source), default=None)
        named.append({
            "gap": curie(gap),
            "label": text(graph, gap, RDFS.label) or curie(gap),
            "from": sorted(label(graph, n) for n in graph.objects(gap, KG.gapSubject)),
            "to": sorted(label(graph, n) for n in graph.objects(gap, KG.gapObject)),
            "missing": text(graph, gap, KG.missingEvidence),
            "section": curie(graph.value(source, KG.section)) if source is not None else "",
            "quote": str(graph.value(source, KG.quote) or "") if source is not None else "",
        })
    return {"chains": found, "named": named}

