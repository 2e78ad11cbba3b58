"""Drafts: turn a plain-text abstract, section or paper (English or Chinese) into reviewable Turtle.

``kg draft FILE`` reads the text (:mod:`kg.draft.text`), finds every outcome number
(:mod:`kg.draft.numbers`), the study design (:mod:`kg.draft.design`), the arms and entities the
graph knows (:mod:`kg.draft.entities`) and candidate mechanism claims (:mod:`kg.draft.mechanisms`),
and writes them in the curated layout (:mod:`kg.draft.writer`), every item with its verbatim
sentence and marked ``kg:draft true`` (:mod:`kg.draft.marks`): nothing drafted enters chains,
outcomes or exports until a curator confirms it (:mod:`kg.draft.review`).

>>> from kg.examples import toy_projection
>>> d = draft_text("A randomized phase 3 trial. The median PFS was 5.4 vs 1.4 months with anlotinib versus placebo (P < 0.001).",
...                toy_projection(), name="toy")
>>> [(m["endpoint"], m["value"], m["comparator_value"], m["p_text"], m["arm"].regimen) for m in d.measures]
[('PFS', 5.4, 1.4, '< 0.001', 'ent:regimen-anlotinib')]
>>> d.studies[0]["level"], d.studies[0]["inferred"]
('kg:RandomizedPhase3', False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import networkx as nx

from kg.draft.arms import StudyArms, assign, is_prior
from kg.draft.design import study_design
from kg.draft.entities import Arm, Mentions
from kg.draft.mechanisms import candidates, hedge
from kg.draft.numbers import TIME_POINT, endpoint_mentions, measures
from kg.draft.references import cited_numbers, list_spans, references
from kg.draft.subgroups import subgroup
from kg.draft.text import detect_lang, sentences

_TRIAL = re.compile(r"\b([A-Z][A-Za-z]*-?[A-Z]*\s?-?\d{3,4}[A-Z]?|[A-Z]{2,}-[A-Za-z]+[A-Z]+[A-Za-z]*|DURABLE|ETER\d+)\b")
_AUTHOR = re.compile(r"([A-Z][a-z]+(?:,?\s+[A-Z]\.?)*)\s*(?:等人?|et al\.?)")
_OPENS = re.compile(r"另一项|一项|另有|another (?:study|trial)|\bin (?:a|one) (?:\w+ ){0,3}(?:study|trial)", re.IGNORECASE)
_VERSUS = re.compile(r"\s(?:versus|vs\.?|compared (?:with|to))\s|对比|对照", re.IGNORECASE)
_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>\]]+")

# The graph's name for each endpoint code (a rate at a time point is built from its code).
ENDPOINT_NAMES = {"ORR": "ORR", "DCR": "DCR", "PFS": "PFS", "OS": "OS", "pCR": "pCR", "MPR": "MPR",
                  "CR_count": "CR", "PR_count": "PR", "SD_count": "SD", "PD_count": "PD", "AE": "AE rate",
                  "FOLLOW_UP": "median follow-up", "SHARE": "share of all lung cancer cases", "HR": "hazard ratio"}


@dataclass
class Draft:
    """What the drafter read from one text: publication, studies, measures, assertions and the
    names it could not resolve.

    >>> Draft("x", "en").measures
    []
    """

    name: str
    lang: str
    doi: str | None = None
    title: str | None = None
    year: int | None = None
    first_author: str | None = None
    studies: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    assertions: list = field(default_factory=list)
    unresolved: list = field(default_factory=list)
    references: dict = field(default_factory=dict)     # the text's reference list: number -> Reference
    publications: dict = field(default_factory=dict)   # the graph's publications by DOI and title (kg.provenance)
    english: dict = field(default_factory=dict)        # regimen or drug CURIE -> the graph's English label


def draft_text(text: str, G: nx.MultiDiGraph, *, name: str = "draft", doi: str | None = None, lang: str = "auto",
               first_author: str | None = None, year: int | None = None, mentions: Mentions | None = None) -> Draft:
    """Return the :class:`Draft` of ``text`` against the projection ``G`` (whose names resolve arms and entities).

    ``lang`` is ``en``, ``zh`` or ``auto`` (read from the text). Each measure is a dict with
    endpoint (code), endpoint_node, value, unit, comparator_value, p_value, p_text, ci, arm and
    comparator (:class:`~kg.draft.entities.Arm` or None), sentence, study (its key).

    >>> from kg.examples import toy_projection
    >>> d = draft_text("回顾性研究显示, 安罗替尼组 ORR 为 30%。", toy_projection())
    >>> d.lang, [(m["endpoint"], m["value"], m["endpoint_node"]) for m in d.measures], d.studies[0]["level"]
    ('zh', [('ORR', 30.0, None)], 'kg:Retrospective')
    """
    finder = mentions or Mentions(G)
    lang = detect_lang(text) if lang == "auto" else lang
    spans = list_spans(text)
    stop = spans[0][0] if spans else None
    found = _DOI.search(text[:stop])          # the paper's own DOI, not one of its references'
    draft = Draft(name, lang, doi=(doi or (found.group(0).rstrip(".,;)") if found else None)))
    draft.publications = G.graph.get("publications", {})
    if draft.doi:
        draft.doi = draft.doi.lower().removeprefix("https://doi.org/")
    first = text.strip().split("\n", 1)[0].strip().lstrip("# ").strip()
    if first and len(first) <= 300 and not endpoint_mentions(first):
        draft.title = first
    years = re.findall(r"\b(?:19|20)\d\d\b", text[:600 if stop is None else min(600, stop)])
    draft.year = year or (int(years[0]) if years else None)
    draft.first_author = first_author
    draft.references = references(text)
    sents = [s for s in sentences(text) if not any(a <= s.start < b for a, b in spans)]    # a reference list reports no result
    keys = _study_keys(sents)
    studies: dict = {}
    header: tuple | None = None
    arms_of: dict = {}                  # study key -> what the study has named so far
    for s, key in zip(sents, keys):
        study = studies.setdefault(key, {"key": key, "label": None, "sentences": [], "level": None, "cues": []})
        study["sentences"].append(s)
        if s.row is not None:
            if header is None or s.paragraph != header[0] + 1:
                header = (s.paragraph, s.row)
                continue
            header = (s.paragraph, header[1])
            rows = _table_row(s, header[1], finder, _arms_of(arms_of, key))
        else:
            header = None
            rows = _sentence_measures(s, finder, _arms_of(arms_of, key),
                                      arms_of.setdefault(("paragraph", s.paragraph), StudyArms()))
        named = subgroup(s.text)
        for m in rows:
            m["study"] = key
            m["subgroup"] = named
            m["endpoint_node"] = _endpoint_node(finder, m["endpoint"])
            if m["endpoint"] == "AE":
                events = finder.find(m["event"] or "", {"kg:AdverseEvent"}) \
                    or [e for e in finder.find(s.text, {"kg:AdverseEvent"}) if e.start < m["start"]]
                m["event_node"] = events[-1].node if events else _endpoint_node(finder, "any adverse event")
            draft.measures.append(m)
        if s.row is None:
            for c in candidates(s.text, finder.find(s.text)):
                c.update(sentence=s, study=key)
                draft.assertions.append(c)
    _comparators_from_titles(draft, finder)
    for study in studies.values():
        words = " ".join(x.text for x in study["sentences"])
        study["level"], study["cues"] = study_design(words)
        study["inferred"] = study["level"] is None
        trial = _TRIAL.search(words)
        author = _AUTHOR.search(words)
        study["label"] = (trial.group(1) if trial else None) or (f"{author.group(1)} et al." if author else None) \
            or (f"study cited as [{study['key']}]" if study["key"] != "" else draft.title or draft.name)
    draft.studies = [s for s in studies.values() if any(m["study"] == s["key"] for m in draft.measures)] \
        or list(studies.values())[:1]
    for m in draft.measures:
        for arm in (a for a in (m["arm"], m["comparator"]) if a is not None):
            if arm.regimen is None and arm.text not in draft.unresolved:
                draft.unresolved.append(arm.text)
            for node in (arm.regimen,) if arm.regimen else arm.drugs:    # an arm named in Chinese needs an English label too
                draft.english[node] = G.nodes.get(node, {}).get("label")
        if m["endpoint"] and m["endpoint_node"] is None and m["endpoint"] not in draft.unresolved:
            draft.unresolved.append(m["endpoint"])
    for a in draft.assertions:
        a["hedge"] = a["hedge"] or hedge(a["sentence"].text)
    return draft


def _arms_of(arms_of: dict, key: str) -> StudyArms:
    """What the study ``key`` has named so far; a study first met here (a table row citing [33]) starts
    from what a sentence citing the same references among others ("… [32] [33]") named."""
    if key not in arms_of:
        cited = set(key.split(","))
        known = [k for k in arms_of if isinstance(k, str) and k and cited <= set(k.split(","))]
        arms_of[key] = replace(arms_of[known[-1]], letters=dict(arms_of[known[-1]].letters),
                               compared=dict(arms_of[known[-1]].compared)) if known else StudyArms()
    return arms_of[key]


def _comparators_from_titles(draft: Draft, finder: Mentions) -> None:
    """Give a comparison whose text names no comparator ("中位 PFS 为 5.4 个月 vs 1.9 个月[56]") the
    comparator its cited title names ("Durvalumab Plus Anlotinib versus Durvalumab"), where the
    title's experimental arm is the measure's own; the measure says so in ``inferred``."""
    for m in draft.measures:
        if m["comparator"] is not None or (m["comparator_value"] is None and not (m["endpoint"] or "").startswith("HR")):
            continue
        for number in (int(n) for n in m["study"].split(",") if n):
            title = getattr(draft.references.get(number), "title", None) or ""
            parts = _VERSUS.split(title, maxsplit=1)
            if len(parts) < 2 or not finder.arms(parts[1]):
                continue
            own = finder.arms(parts[0])
            arm = own[-1] if own else None
            if m["arm"] is not None and arm is not None and not set(_parts(finder, m["arm"])) & set(_parts(finder, arm)):
                continue                        # the title compares other arms than this number's
            m["comparator"] = finder.arms(parts[1])[0]
            m["arm"] = m["arm"] or arm
            m["inferred"] = f"comparator read from the title of reference [{number}]: {title}"
            break


def _parts(finder: Mentions, arm: Arm) -> tuple:
    """The drugs of an arm, a named regimen taken apart."""
    return finder.components.get(arm.regimen, arm.drugs) if arm.regimen else arm.drugs


def _study_keys(sents) -> list[str]:
    """Each sentence's study: its reference numbers, else the keyed sentence before it in its paragraph
    (the study it continues), else after it (a sentence opening a study, "Li 等开展的研究表明…", or the
    paragraph's first); a text citing nothing is one study (key "")."""
    own = []
    for s in sents:
        refs = cited_numbers(s.text)
        own.append(",".join(map(str, refs)) if refs else None)
    after = [None] * len(sents)
    for i in range(len(sents) - 2, -1, -1):
        if sents[i].paragraph == sents[i + 1].paragraph:
            after[i] = own[i + 1] or after[i + 1]
    keys: list[str] = []
    for i, s in enumerate(sents):
        before = keys[-1] if i and sents[i - 1].paragraph == s.paragraph else None
        opens = _AUTHOR.search(s.text) or _OPENS.search(s.text)
        keys.append(own[i] or ((after[i] or before) if opens else (before or after[i])) or "")
    return keys


def _sentence_measures(s, finder: Mentions, study: StudyArms, paragraph: StudyArms) -> list[dict]:
    assigned = assign(s.text, measures(s.text), finder, study, recent=paragraph.arm)
    pairs = [(arm, comparator) for _, arm, comparator in assigned]
    study.learn(s.text, finder, pairs)
    paragraph.learn(s.text, finder, pairs)
    return [_record(m, s, arm, comparator) for m, arm, comparator in assigned]


def _table_row(s, header: tuple, finder: Mentions, study: StudyArms) -> list[dict]:
    """A table row under its header: endpoint columns give each number its endpoint; arm columns
    ("8 mg + ICIs 组") give the first its value and the second its comparator; else the row's arm
    (not a prior treatment), else the arm its study named last."""
    cols = [endpoint_mentions(h) for h in header]
    arm_cols = [i for i, h in enumerate(header) if re.search(r"组|group|arm", h, re.IGNORECASE)]
    p_col = next((i for i, h in enumerate(header) if re.fullmatch(r"\s*[Pp]\s*(?:值|-?value)?\s*", h)), None)
    row_arms = [a for cell in s.row for a in finder.arms(cell) if not is_prior(cell, a)]
    out = []
    if len(arm_cols) >= 2 and not any(cols[i] for i in arm_cols):
        ends = endpoint_mentions(s.row[0])
        first = measures(s.row[arm_cols[0]], context_endpoint=ends[0][2] if ends else None)
        second = measures(s.row[arm_cols[1]], context_endpoint=ends[0][2] if ends else None)
        if first:
            m = first[0]
            m.comparator_value = second[0].value if second else None
            if p_col is not None and p_col < len(s.row) and re.fullmatch(r"\s*0?\.\d+\s*", s.row[p_col]):
                m.p_value, m.p_text = float(s.row[p_col]), f"= {s.row[p_col].strip()}"
            arms = [finder.arms(header[i]) for i in arm_cols[:2]]
            out.append(_record(m, s, arms[0][0] if arms[0] else _unnamed(header[arm_cols[0]]),
                               arms[1][0] if arms[1] else _unnamed(header[arm_cols[1]])))
        return out
    arm = row_arms[0] if row_arms else study.arm
    for i, cell in enumerate(s.row):
        if i >= len(cols):
            break
        code = cols[i][0][2] if cols[i] else None
        if code is None and not endpoint_mentions(cell):
            continue
        unit = "mo" if re.search(r"月|month", header[i], re.IGNORECASE) else None
        found = measures(cell, context_endpoint=code)
        if not found and code and re.fullmatch(r"\s*\d+(?:\.\d+)?\s*", cell) and unit:
            from kg.draft.numbers import Measure
            found = [Measure(code, float(cell), unit, 0)]
        for m in found:
            out.append(_record(m, s, arm, study.compared_with(m.endpoint, arm)))
    return out


def _unnamed(text: str) -> Arm:
    return Arm(0, len(text), text.strip(), (), None, ())


def _record(m, s, arm, comparator) -> dict:
    return {"endpoint": m.endpoint, "value": m.value, "unit": m.unit, "value_high": m.value_high,
            "comparator_value": m.comparator_value, "p_value": m.p_value, "p_text": m.p_text, "ci": m.ci,
            "grade": m.grade, "event": m.event, "difference": m.difference, "count": m.count,
            "sample_size": m.sample_size, "arm": arm, "comparator": comparator,
            "sentence": s, "start": m.start, "endpoint_node": None, "event_node": None, "inferred": None, "subgroup": None}


def _endpoint_node(finder: Mentions, code: str | None) -> str | None:
    """The graph's endpoint for a code (``OS_3y`` is "3-year OS"), None when the graph has none."""
    if code is None:
        return None
    rate = TIME_POINT.search(code)
    name = f"{rate[1]}-{'year' if rate[2] == 'y' else 'month'} {code[:rate.start()]}" if rate else ENDPOINT_NAMES.get(code, code)
    from kg.draft.entities import _compact
    wanted = "kg:AdverseEvent" if code == "any adverse event" else "kg:Endpoint"
    nodes = [n for n in finder.names.get(_compact(name)[0], ()) if finder.G.nodes[n].get("cls") == wanted]
    return sorted(nodes)[0] if nodes else None


def draft_file(path, G: nx.MultiDiGraph, *, doi: str | None = None, lang: str = "auto",
               first_author: str | None = None, year: int | None = None) -> bytes:
    """Return the draft of the text file ``path`` as Turtle bytes (see :func:`draft_text`; ``doi``,
    ``first_author`` and ``year`` are what the options give); a bad file is a one-line
    :class:`~kg.errors.KGInputError`.

    >>> import tempfile, os
    >>> from kg.examples import toy_projection
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
    ...     _ = f.write("Median OS was 7.3 months.")
    >>> b"kg:value 7.3" in draft_file(f.name, toy_projection(), doi="10.1000/x")
    True
    >>> os.unlink(f.name)
    """
    from pathlib import Path

    from kg.draft.text import read_text
    from kg.draft.writer import slug, to_turtle
    text = read_text(path)
    name = slug(doi) if doi else Path(path).stem
    return to_turtle(draft_text(text, G, name=name, doi=doi, lang=lang, first_author=first_author, year=year)).encode("utf-8")
