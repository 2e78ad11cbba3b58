"""Entities: find the graph's entities named in a text, and resolve an arm's words to a regimen.

Names are the projection's labels, Chinese labels and synonyms (the ones
:class:`kg.graph.lookup.EntityIndex` resolves), matched ignoring case and white space; a Latin name
must stand as a word. The longest name wins where two overlap.

>>> from kg.examples import toy_projection
>>> finder = Mentions(toy_projection())
>>> [(m.node, m.text) for m in finder.find("安罗替尼 increases rantes")]
[('ent:anlotinib', '安罗替尼'), ('ent:CCL5', 'rantes')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import networkx as nx

ARM_CLASSES = {"kg:Drug", "kg:DrugClass", "kg:Regimen", "kg:Placebo"}
_WORD = re.compile(r"[A-Za-z0-9]")
_JOIN = re.compile(r"^\s*(?:联合|合并|加用|加|\+|＋|plus|combined with|in combination with|with|and|与|及|和|、|/|,)?\s*(?:\d+(?:\.\d+)?\s*mg\s*)?$",
                   re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """A name found in a text: where, the words as written, the node and its class.

    >>> Mention(0, 4, "安罗替尼", "ent:anlotinib", "kg:Drug").node
    'ent:anlotinib'
    """

    start: int
    end: int
    text: str
    node: str
    cls: str


@dataclass(frozen=True)
class Arm:
    """An arm as written (a run of drug names: 安罗替尼联合 PD-1 抑制剂), the drugs in it and the regimen
    it resolves to (None when no regimen or several match: ``candidates`` lists them).

    >>> Arm(0, 4, "安罗替尼", ("ent:anlotinib",), None, ()).regimen is None
    True
    """

    start: int
    end: int
    text: str
    drugs: tuple
    regimen: str | None
    candidates: tuple


class Mentions:
    """The names of a projection's nodes, ready to be found in text.

    >>> from kg.examples import toy_projection
    >>> len(Mentions(toy_projection()).names) > 10
    True
    """

    def __init__(self, G: nx.MultiDiGraph):
        self.G = G
        self.names: dict[str, set] = {}
        for node, attrs in G.nodes(data=True):
            for name in (attrs.get("label", ""), attrs.get("label_zh", ""), *attrs.get("synonyms", [])):
                key = _compact(name)[0]
                if len(key) >= 2 and not key.isdigit():
                    self.names.setdefault(key, set()).add(node)
        self._by_first: dict[str, list[str]] = {}
        for key in sorted(self.names, key=len, reverse=True):
            self._by_first.setdefault(key[0], []).append(key)
        self.components = {r: tuple(sorted(c)) for r, c in G.graph.get("components", {}).items()}

    def find(self, text: str, classes: set | None = None) -> list[Mention]:
        """Return the mentions in ``text`` (of ``classes`` only, when given), leftmost-longest, in order.

        >>> from kg.examples import toy_projection
        >>> [m.node for m in Mentions(toy_projection()).find("VEGFR2 and KDR", {"kg:Target"})]
        ['ent:KDR', 'ent:KDR']
        """
        compact, where = _compact(text)
        found = []
        i = 0
        while i < len(compact):
            hit = None
            for key in self._by_first.get(compact[i], ()):
                if compact.startswith(key, i):
                    a, b = where[i], where[i + len(key) - 1] + 1
                    if _WORD.match(key[0]) and a > 0 and _WORD.match(text[a - 1]):
                        continue
                    if _WORD.match(key[-1]) and b < len(text) and _WORD.match(text[b]):
                        continue
                    nodes = sorted(self.names[key])
                    if classes is not None:
                        nodes = [n for n in nodes if self.G.nodes[n].get("cls") in classes]
                    if not nodes:
                        continue
                    hit = (a, b, key, nodes[0])
                    break
            if hit:
                a, b, key, node = hit
                found.append(Mention(a, b, text[a:b], node, self.G.nodes[node].get("cls", "")))
                i += len(key)
            else:
                i += 1
        return found

    def arms(self, text: str) -> list[Arm]:
        """Return the arms written in ``text``: runs of drug, class, regimen or placebo names joined by
        联合 / + / plus / with / and, each resolved to the regimen with exactly those components.

        >>> from kg.examples import toy_projection
        >>> [(a.text, a.regimen) for a in Mentions(toy_projection()).arms("anlotinib plus PD-1 inhibitor vs placebo")]
        [('anlotinib plus PD-1 inhibitor', 'ent:regimen-anlotinib-plus-PD1_inhibitor'), ('placebo', 'ent:regimen-placebo')]
        """
        runs: list[list[Mention]] = []
        for m in self.find(text, ARM_CLASSES):
            if runs and _JOIN.match(text[runs[-1][-1].end:m.start]) and m.start - runs[-1][-1].end <= 24 \
                    and not re.search(r"\bvs\b|versus|对比|相比|than|compared", text[runs[-1][-1].end:m.start], re.IGNORECASE):
                runs[-1].append(m)
            else:
                runs.append([m])
        out = []
        for run in runs:
            a, b = run[0].start, run[-1].end
            tail = re.match(r"\s*(?:治疗方案|方案|组|治疗|group|arm|regimen)", text[b:b + 8], re.IGNORECASE)
            b2 = b + (tail.end() if tail else 0)
            regimen, candidates = self.regimen(run)
            drugs = tuple(sorted({m.node for m in run}))
            out.append(Arm(a, b2, text[a:b2], drugs, regimen, candidates))
        return out

    def regimen(self, run: list[Mention]) -> tuple[str | None, tuple]:
        """Return ``(regimen, candidates)`` for a run of names: a regimen named outright, else the one
        regimen whose components are exactly the drugs named (candidates when several are)."""
        named = [m.node for m in run if m.cls == "kg:Regimen"]
        if len(named) == 1 and len(run) == 1:
            return named[0], ()
        drugs = set()
        for m in run:
            drugs.update(self.components.get(m.node, (m.node,)) if m.cls == "kg:Regimen" else (m.node,))
        matches = [r for r, parts in self.components.items() if set(parts) == drugs]
        if len(matches) > 1:            # the same drugs at several doses: a plain regimen (no dose) wins
            plain = [r for r in matches if not self.G.nodes[r].get("doses")]
            words = " ".join(m.text for m in run)
            labelled = [r for r in matches if _compact(self.G.nodes[r].get("label", ""))[0] in _compact(words)[0]]
            matches = labelled if len(labelled) == 1 else (plain if len(plain) == 1 else matches)
            if len(matches) > 1:
                matches = sorted(matches, key=lambda r: len(self.G.nodes[r].get("label", "")))[:1] \
                    if len({len(self.G.nodes[r].get("label", "")) for r in matches}) == len(matches) else matches
        if len(matches) == 1:
            return matches[0], ()
        return None, tuple(sorted(matches))


def _compact(text: str) -> tuple[str, list[int]]:
    """Lower-cased text without white space, and where each kept character was."""
    chars, where = [], []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        ch = {"＋": "+", "–": "-", "‐": "-", "—": "-", "（": "(", "）": ")", "β": "β"}.get(ch, ch)
        chars.append(ch.lower())
        where.append(i)
    return "".join(chars), where
