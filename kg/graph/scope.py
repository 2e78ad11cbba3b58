"""Scope: a node with everything narrower than it (and, for evidence, broader), by ``skos:broader``.

One rule for every filter that names a disease, setting or population: ``paths --disease``,
``outcomes --disease/--setting/--population`` and the views.

>>> links = {"ent:LUAD": ["ent:NSCLC"], "ent:NSCLC": ["ent:lung_cancer"], "ent:SCLC": ["ent:lung_cancer"]}
>>> sorted(narrower(links, "ent:NSCLC"))
['ent:LUAD', 'ent:NSCLC']
>>> sorted(broader_and_narrower(links, "ent:NSCLC"))
['ent:LUAD', 'ent:NSCLC', 'ent:lung_cancer']
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import SKOS

from kg.namespaces import curie


def broader_links(graph: Graph) -> dict[str, list[str]]:
    """Return each node's broader nodes (CURIEs) from the ``skos:broader`` triples of ``graph``.

    >>> from kg.examples import toy_graph
    >>> broader_links(toy_graph())
    {'ent:LUAD': ['ent:NSCLC'], 'ent:NSCLC': ['ent:lung_cancer']}
    """
    links: dict[str, list[str]] = {}
    for narrow, broad in sorted(graph.subject_objects(SKOS.broader)):
        links.setdefault(curie(narrow), []).append(curie(broad))
    return links


def narrower(links: dict[str, list[str]], node: str) -> frozenset:
    """Return ``node`` and every node narrower than it, transitively.

    >>> links = {"ent:LUAD": ["ent:NSCLC"], "ent:NSCLC": ["ent:lung_cancer"]}
    >>> sorted(narrower(links, "ent:lung_cancer"))
    ['ent:LUAD', 'ent:NSCLC', 'ent:lung_cancer']
    >>> sorted(narrower(links, "ent:LUAD"))
    ['ent:LUAD']
    """
    down, changed = {node}, True
    while changed:
        changed = False
        for narrow, parents in links.items():
            if narrow not in down and down.intersection(parents):
                down.add(narrow)
                changed = True
    return frozenset(down)


def broader_and_narrower(links: dict[str, list[str]], node: str) -> frozenset:
    """Return ``node`` with every broader and every narrower node: where evidence about it may come from.

    Siblings are left out: evidence in small cell lung cancer says nothing about NSCLC.

    >>> links = {"ent:LUAD": ["ent:NSCLC"], "ent:NSCLC": ["ent:lung_cancer"], "ent:SCLC": ["ent:lung_cancer"]}
    >>> sorted(broader_and_narrower(links, "ent:LUAD"))
    ['ent:LUAD', 'ent:NSCLC', 'ent:lung_cancer']
    """
    up, stack = set(), [node]
    while stack:
        current = stack.pop()
        if current not in up:
            up.add(current)
            stack.extend(links.get(current, []))
    return frozenset(up) | narrower(links, node)
