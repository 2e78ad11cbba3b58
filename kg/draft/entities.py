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
# words closing an arm's name: 组, 方案, 相关治疗方案, -based regimens, group
_TAIL = re.compile(r"\s*(?:相关治疗方案|相关方案|为基础的(?:治疗)?方案|治疗方案|方案|单药|组|治疗|-?based regimens?|-?based therapy|"
                   r"group|arm|regimens?|alone|monotherapy)", re.IGNORECASE)
_WITH = re.compile(r"^\s*(?:与|和|同)")
_IN_USE = re.compile(r"^\s*[)）]?\s*(?:联合|联用|合用)")
_CLAUSE_BREAK = re.compile(r"[,，;；。]")
_BASED = re.compile(r"相关|为基础|based|related", re.IGNORECASE)


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
        # the lengths of the names starting with each pair of characters, longest first: at each place of
        # a text only those slices are looked up (one set lookup each, not a scan of every name)
        lengths: dict[str, set] = {}
        for key in self.names:
            lengths.setdefault(key[:2], set()).add(len(key))
        self._lengths = {head: sorted(ls, reverse=True) for head, ls in lengths.items()}
        self._seen: dict[str, list] = {}
        self._arms_seen: dict[str, tuple] = {}
        self.components = {r: tuple(sorted(c)) for r, c in G.graph.get("components", {}).items()}
        self._regimen_names: dict[str, list[str]] = {}
        self._by_parts: dict[frozenset, list[str]] = {}
        for r, parts in sorted(self.components.items()):
            self._by_parts.setdefault(frozenset(parts), []).append(r)

    def find(self, text: str, classes: set | None = None) -> list[Mention]:
        """Return the mentions in ``text`` (of ``classes`` only, when given), leftmost-longest, in order.

        >>> from kg.examples import toy_projection
        >>> [m.node for m in Mentions(toy_projection()).find("VEGFR2 and KDR", {"kg:Target"})]
        ['ent:KDR', 'ent:KDR']
        """
        found = []
        for a, b, nodes in self._matches(text):
            if classes is not None:
                nodes = [n for n in nodes if self.G.nodes[n].get("cls") in classes]
            if nodes and (not found or a >= found[-1].end):
                found.append(Mention(a, b, text[a:b], nodes[0], self.G.nodes[nodes[0]].get("cls", "")))
        return found

    def _matches(self, text: str) -> list[tuple[int, int, list]]:
        """Every name standing as a word in ``text``: ``(start, end, nodes)``, by start and longest first
        (cached: a sentence is searched for arms, entities and adverse events)."""
        hit = self._seen.get(text)
        if hit is not None:
            return hit
        compact, where = _compact(text)
        out = []
        for i in range(len(compact) - 1):
            for size in self._lengths.get(compact[i:i + 2], ()):
                key = compact[i:i + size]
                if len(key) < size or key not in self.names:
                    continue
                a, b = where[i], where[i + size - 1] + 1
                if _WORD.match(key[0]) and a > 0 and _WORD.match(text[a - 1]):
                    continue
                if _WORD.match(key[-1]) and b < len(text) and _WORD.match(text[b]):
                    continue
                out.append((a, b, sorted(self.names[key])))
        if len(self._seen) > 4096:
            self._seen.clear()
        self._seen[text] = out
        return out

    def arms(self, text: str) -> list[Arm]:
        """Return the arms written in ``text``: runs of drug, class, regimen or placebo names joined by
        联合 / + / plus / with / and, each resolved to the regimen with exactly those components.

        >>> from kg.examples import toy_projection
        >>> [(a.text, a.regimen) for a in Mentions(toy_projection()).arms("anlotinib plus PD-1 inhibitor vs placebo")]
        [('anlotinib plus PD-1 inhibitor', 'ent:regimen-anlotinib-plus-PD1_inhibitor'), ('placebo', 'ent:regimen-placebo')]
        """
        cached = self._arms_seen.get(text)
        if cached is not None:           # a sentence's arms are asked for by the numbers, the study and the paragraph
            return list(cached)
        runs: list[list[Mention]] = []
        for m in self.find(text, ARM_CLASSES):
            if runs and _JOIN.match(text[runs[-1][-1].end:m.start]) and m.start - runs[-1][-1].end <= 24 \
                    and not re.search(r"\bvs\b|versus|对比|相比|than|compared", text[runs[-1][-1].end:m.start], re.IGNORECASE):
                runs[-1].append(m)
            else:
                runs.append([m])
        runs = _joined_in_use(text, runs)
        out = []
        for run in runs:
            a, b = run[0].start, run[-1].end
            tail = _TAIL.match(text[b:b + 12])
            b2 = b + (tail.end() if tail else 0)
            regimen, candidates = self.regimen(run, text[a:b2])
            drugs = tuple(sorted({m.node for m in run}))
            out.append(Arm(a, b2, text[a:b2], drugs, regimen, candidates))
        if len(self._arms_seen) > 4096:
            self._arms_seen.clear()
        self._arms_seen[text] = tuple(out)
        return out

    def regimen(self, run: list[Mention], words: str = "") -> tuple[str | None, tuple]:
        """Return ``(regimen, candidates)`` for a run of names (``words``: the arm as written): a regimen
        named outright, else the one regimen whose components are exactly the drugs named (a placebo
        beside active drugs is no component: "安慰剂 + 安罗替尼" is anlotinib), candidates when several are.

        >>> from kg.examples import toy_projection
        >>> finder = Mentions(toy_projection())
        >>> finder.regimen(finder.find("anlotinib plus PD-1 inhibitor"))
        ('ent:regimen-anlotinib-plus-PD1_inhibitor', ())
        """
        named = [m.node for m in run if m.cls == "kg:Regimen"]
        if len(named) == 1 and len(run) == 1:
            return named[0], ()
        drugs = set()
        for m in run:
            drugs.update(self.components.get(m.node, (m.node,)) if m.cls == "kg:Regimen" else (m.node,))
        active = {d for d in drugs if self.G.nodes[d].get("cls") != "kg:Placebo"} if _mixes_placebo(drugs, self.G) else drugs
        matches = self.regimens_of(active or drugs)
        if len(matches) > 1:            # the same drugs at several doses or settings: the one the words name wins
            plain = [r for r in matches if not self.G.nodes[r].get("doses")]
            written = _compact(" ".join([words] + [m.text for m in run]))[0]
            written = written.replace("治疗方案", "方案")
            labelled = [r for r in matches if any(name in written for name in self.regimen_names(r))]
            if not labelled and _BASED.search(words):    # "安罗替尼为基础的方案", "anlotinib-based regimens"
                labelled = [r for r in matches if any(_BASED.search(n) for n in self.regimen_names(r))]
            matches = labelled if len(labelled) == 1 else (plain if len(plain) == 1 else matches)
            if len(matches) > 1:
                matches = sorted(matches, key=lambda r: len(self.G.nodes[r].get("label", "")))[:1] \
                    if len({len(self.G.nodes[r].get("label", "")) for r in matches}) == len(matches) else matches
        if len(matches) == 1:
            return matches[0], ()
        return None, tuple(sorted(matches))

    def regimens_of(self, drugs) -> list[str]:
        """Return the regimens whose components are exactly ``drugs``, sorted.

        >>> from kg.examples import toy_projection
        >>> Mentions(toy_projection()).regimens_of({"ent:anlotinib"})
        ['ent:regimen-anlotinib']
        """
        return list(self._by_parts.get(frozenset(drugs), ()))

    def regimen_names(self, regimen: str) -> list[str]:
        """Return the names of ``regimen`` (labels and synonyms) compacted as :meth:`find` matches them.

        >>> from kg.examples import toy_projection
        >>> Mentions(toy_projection()).regimen_names("ent:regimen-placebo")
        ['placeboalone', '安慰剂组方案']
        """
        names = self._regimen_names.get(regimen)
        if names is None:
            attrs = self.G.nodes[regimen]
            names = [_compact(n)[0] for n in (attrs.get("label", ""), attrs.get("label_zh", ""), *attrs.get("synonyms", [])) if n]
            self._regimen_names[regimen] = names
        return names


def _joined_in_use(text: str, runs: list[list[Mention]]) -> list[list[Mention]]:
    """Join "X 与 Y(…)联合使用" into one run: X and Y are given together, however long Y's name is
    written in between (a clause break outside brackets ends it).

    >>> from kg.examples import toy_projection
    >>> t = "安罗替尼与程序性细胞死亡蛋白-1 抑制剂(programmed cell death protein-1 inhibitor, PD-1 抑制剂)联合使用时"
    >>> [a.text for a in Mentions(toy_projection()).arms(t)]
    ['安罗替尼与程序性细胞死亡蛋白-1 抑制剂(programmed cell death protein-1 inhibitor, PD-1 抑制剂']
    """
    out: list[list[Mention]] = []
    for run in runs:
        if out and _WITH.match(text[out[-1][-1].end:run[0].start]) and _IN_USE.match(text[run[-1].end:run[-1].end + 12]) \
                and run[0].start - out[-1][-1].end <= 160 and not _CLAUSE_BREAK.search(_outside_brackets(text[out[-1][-1].end:run[0].start])):
            out[-1] = out[-1] + run
        else:
            out.append(run)
    return out


def _outside_brackets(text: str) -> str:
    depth, kept = 0, []
    for ch in text:
        depth += ch in "(（[" 
        if not depth:
            kept.append(ch)
        depth -= ch in ")）]" and depth > 0
    return "".join(kept)


def _mixes_placebo(drugs, G) -> bool:
    """True when ``drugs`` mixes a placebo with an active drug."""
    kinds = {G.nodes[d].get("cls") == "kg:Placebo" for d in drugs if d in G}
    return kinds == {True, False}


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
