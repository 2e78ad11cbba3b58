"""Writer: a :class:`~kg.draft.Draft` as Turtle in the curated layout, every item marked ``kg:draft true``.

Names the drafter could not resolve are listed at the top as comments and on their items as
``kg:unresolvedName``: nothing is invented. Literals are written by rdflib's own escaping, so any
text (quotes, backslashes, markup) stays a literal.

>>> from kg.examples import toy_projection
>>> from kg.draft import draft_text
>>> ttl = to_turtle(draft_text("The median PFS was 5.4 months with anlotinib.", toy_projection(), name="toy"))
>>> "om:draft-toy-1 a kg:OutcomeMeasure" in ttl and "kg:draft true" in ttl
True
"""

from __future__ import annotations

import math
import re

from rdflib import Literal

from kg.draft.references import cited_numbers
from kg.draft.subgroups import note
from kg.draft.text import detect_lang
from kg.provenance import title_key

PREFIXES = """@prefix kg:    <https://w3id.org/evidence-kg/schema#> .
@prefix ent:   <https://w3id.org/evidence-kg/entity/> .
@prefix study: <https://w3id.org/evidence-kg/study/> .
@prefix om:    <https://w3id.org/evidence-kg/outcome/> .
@prefix pub:   <https://w3id.org/evidence-kg/publication/> .
@prefix doc:   <https://w3id.org/evidence-kg/document/> .
@prefix asrt:  <https://w3id.org/evidence-kg/assertion/> .
@prefix rdf:   <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:  <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix bibo:  <http://purl.org/ontology/bibo/> .
"""
UNITS = {"%": "%", "mo": "mo", "wk": "wk", "d": "d", "{patients}": "{patients}", "": "1"}


def slug(text: str) -> str:
    """Return ``text`` as a safe IRI part: letters, digits and hyphens.

    >>> slug("10.1002/cam4.4507"), slug("<script>"), slug("安罗替尼")
    ('10-1002-cam4-4507', 'script', 'draft')
    """
    out = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:60]
    return out or "draft"


def lit(value, lang: str | None = None) -> str:
    """Return a Turtle literal: strings escaped (with a language tag when given), numbers as decimals.

    >>> print(lit('say "hi"', "en"), lit(23.9), lit(True))
    "say \\"hi\\""@en 23.9 true
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"not a finite number: {value}")
    if isinstance(value, (int, float)):
        number = f"{value:.6f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
        return number if "." in number else number + ".0" if isinstance(value, float) else number
    return Literal(str(value), lang=lang).n3() if lang else Literal(str(value), datatype=None).n3()


def to_turtle(draft) -> str:
    """Return the draft as Turtle text: the publication, its document, studies with arms, one outcome
    measure per number and the candidate assertions, each with its sentence as ``kg:quote`` and the
    references it cites as ``kg:cites``. A cited reference the graph already holds (same DOI, else
    same title: :func:`kg.provenance.publication_index`) is cited by its name; any other is drafted
    from its entry in the text's reference list.

    >>> from kg.examples import toy_projection
    >>> from kg.draft import draft_text
    >>> ttl = to_turtle(draft_text("ORR was 30% with mystery drug X.", toy_projection(), name="toy"))
    >>> "kg:unresolvedName" in ttl or "# no arm" in ttl
    True
    """
    base = slug(draft.name)
    lang = draft.lang
    pub = f"pub:draft-{base}"
    section = f"doc:draft-{base}-text"
    out = [f"# Draft made by `kg draft` from {draft.name!r} ({'Chinese' if lang == 'zh' else 'English'} text).",
           "# Every item below is marked kg:draft true: chains, outcomes and exports skip it until a curator",
           "# confirms it (`kg validate --drafts FILE` lists what each still needs; see triples/README.md).", ""]
    if draft.unresolved:
        out.append("# Names the graph does not know (add the entity, or correct the item):")
        out += [f"#   - {_comment(name)}" for name in draft.unresolved]
        out.append("")
    out.append(PREFIXES)
    # the paper is both the publication its numbers cite and the document they are read from
    lines = _publication(f"{pub} a kg:Publication , kg:SourceDocument", draft.first_author, draft.year, draft.title, draft.doi)
    lines.append(f"    rdfs:label {lit('draft of ' + draft.name, 'en')}")
    out.append("# check: first author (kg:firstAuthor), year, title (dcterms:title), DOI\n" + " ;\n".join(lines) + " .")
    out.append(f"{section} a kg:DocumentSection ; kg:draft true ; dcterms:isPartOf {pub} ; "
               f"rdfs:label {lit('text of ' + draft.name, 'en')} .\n")
    cited = _cited(draft, base)
    drafted = [(n, cited[n]) for n in sorted(cited) if cited[n].startswith("pub:draft-")]
    if drafted:
        out.append("# cited references the graph does not hold, read from the text's reference list: check each")
    for number, iri in drafted:
        ref = draft.references[number]
        lines = _publication(f"{iri} a kg:Publication", ref.first_author, ref.year, ref.title, ref.doi)
        lines.append(f"    rdfs:comment {lit('as listed: ' + _comment(ref.text), detect_lang(ref.text))}")
        lines.append(f"    kg:citedAs [ kg:inDocument {pub} ; kg:referenceNumber {number} ]")
        out.append(" ;\n".join(lines) + " .")
    if drafted:
        out.append("")
    cites = lambda sentence: [cited[n] for n in cited_numbers(sentence.text) if n in cited]

    arm_ids: dict = {}
    for i, study in enumerate(draft.studies, 1):
        sid = f"study:draft-{base}-s{i}"
        study["id"] = sid
        arms = []
        for m in draft.measures:
            if m["study"] != study["key"]:
                continue
            for arm in (m["arm"], m["comparator"]):
                if arm is not None and (study["key"], arm.text) not in arm_ids:
                    arm_ids[(study["key"], arm.text)] = f"{sid}-arm{len(arms) + 1}"
                    arms.append(arm)
        level = study["level"] or "kg:Retrospective"
        lines = [f"{sid} a kg:Study", "    kg:draft true", f"    rdfs:label {lit(study['label'], 'en')}",
                 f"    kg:evidenceLevel {level}"]
        if study["cues"]:
            lines.append(f"    kg:design {lit(', '.join(study['cues']), lang)}")
        if study["inferred"]:
            lines.append("    kg:designInferred true   # design inferred: the text names no design; check the level")
        reported = [cited[int(n)] for n in study["key"].split(",") if n and int(n) in cited] or [pub]
        lines.append(f"    kg:reportedIn {' , '.join(dict.fromkeys(reported))}")
        if arms:
            lines.append("    kg:hasArm " + " , ".join(arm_ids[(study["key"], a.text)] for a in arms))
        lines.append("    kg:source " + _source(study["sentences"][0], section, lang, cites))
        out.append(" ;\n".join(_fix(lines)) + " .")
        for arm in arms:
            aid = arm_ids[(study["key"], arm.text)]
            parts = [f"{aid} a kg:StudyArm", "kg:draft true", f"rdfs:label {lit(arm.text, detect_lang(arm.text))}"]
            english = [draft.english.get(n) for n in ((arm.regimen,) if arm.regimen else arm.drugs)]
            if detect_lang(arm.text) != "en" and english and all(english):
                parts.append(f"rdfs:label {lit(' + '.join(english), 'en')}")
            if arm.regimen:
                parts.append(f"kg:regimen {arm.regimen}")
            else:
                parts.append(f"kg:unresolvedName {lit(arm.text, lang)}")
                if arm.candidates:
                    parts.append(f"rdfs:comment {lit('candidates: ' + ', '.join(arm.candidates), 'en')}")
            out.append(" ; ".join(parts) + " .")
        out.append("")

    studies = {s["key"]: s["id"] for s in draft.studies}
    for n, m in enumerate(draft.measures, 1):
        lines = [f"om:draft-{base}-{n} a kg:OutcomeMeasure", "    kg:draft true"]
        sid = studies.get(m["study"])
        if sid:
            lines.append(f"    kg:study {sid}")
        if m["arm"] is not None:
            lines.append(f"    kg:arm {arm_ids[(m['study'], m['arm'].text)]}")
        if m["comparator"] is not None:
            lines.append(f"    kg:comparatorArm {arm_ids[(m['study'], m['comparator'].text)]}")
        if m["endpoint_node"]:
            lines.append(f"    kg:endpoint {m['endpoint_node']}")
        elif m["endpoint"]:
            lines.append(f"    kg:unresolvedName {lit('endpoint ' + m['endpoint'], 'en')}")
        else:
            lines.append("    # no endpoint found in the sentence: name it (kg:endpoint) or delete this measure")
        lines.append(f"    kg:value {lit(float(m['value']))} ; kg:unit {lit(UNITS.get(m['unit'], m['unit']))}")
        for key, prop in (("value_high", "kg:valueHigh"), ("comparator_value", "kg:comparatorValue"),
                          ("difference", "kg:difference"), ("p_value", "kg:pValue")):
            if m[key] is not None:
                lines.append(f"    {prop} {lit(float(m[key]))}")
        for key, prop in (("count", "kg:count"), ("sample_size", "kg:sampleSize")):
            if m[key] is not None:
                lines.append(f"    {prop} {m[key]}")
        if m["p_text"]:
            lines.append(f"    kg:pValueText {lit(m['p_text'])}")
        if m["ci"]:
            lines.append(f"    kg:ciLow {lit(float(m['ci'][0]))} ; kg:ciHigh {lit(float(m['ci'][1]))}")
        if m["grade"]:
            lines.append(f"    kg:grade {lit(m['grade'])}")
        if m["endpoint"] == "AE":
            if m["event_node"]:
                lines.append(f"    kg:adverseEvent {m['event_node']}")
            elif m["event"]:
                lines.append(f"    kg:unresolvedName {lit('adverse event ' + m['event'], lang)}")
        if m["subgroup"]:
            lines.append(f"    kg:note {lit(note(*m['subgroup']), lang)}   # set kg:population to the graph's population")
        if m["inferred"]:
            lines.append(f"    kg:note {lit(m['inferred'], 'en')}   # inferred: not in the sentence; check it")
        lines.append("    kg:source " + _source(m["sentence"], section, lang, cites))
        out.append(" ;\n".join(_fix(lines)) + " .")
    out.append("")
    for n, a in enumerate(draft.assertions, 1):
        study = next((s for s in draft.studies if s["key"] == a["study"]), None)
        level = "kg:ReviewHypothesis" if a["hedge"] else ((study or {}).get("level") or "kg:ReviewHypothesis")
        lines = [f"asrt:draft-{base}-{n} a kg:Assertion", "    kg:draft true",
                 f"    rdf:subject {a['subject']} ; rdf:predicate {a['predicate']} ; rdf:object {a['object']}",
                 f"    kg:evidenceLevel {level}",
                 f"    kg:direction {'kg:Supports' if a['supports'] else 'kg:DoesNotSupport'}"]
        if a["hedge"]:
            lines.append(f"    kg:hedgeWord {lit(a['hedge'], lang)}   # hedged: a hypothesis, not a finding")
        elif not study or not study.get("level"):
            lines.append("    kg:designInferred true   # design inferred: the text names no design")
        lines.append("    kg:source " + _source(a["sentence"], section, lang, cites))
        out.append(" ;\n".join(_fix(lines)) + " .")
    return "\n".join(out) + "\n"


def _publication(head: str, first_author, year, title, doi) -> list[str]:
    """The lines of a drafted publication: what the text gives of its first author, year, title and DOI."""
    lines = [head, "    kg:draft true"]
    if first_author:
        lines.append(f"    kg:firstAuthor {lit(first_author)}")
    if year:
        lines.append(f"    kg:year {year}")
    if title:
        lines.append(f"    dcterms:title {lit(title, detect_lang(title))}")
    if doi:
        lines.append(f"    bibo:doi {lit(doi)}")
    return lines


def _source(sentence, section: str, lang: str, cites) -> str:
    cited = cites(sentence)
    also = f"kg:cites {' , '.join(dict.fromkeys(cited))} ; " if cited else ""
    return f"[ kg:section {section} ; {also}kg:quote {lit(sentence.text, lang)} ]"


def _cited(draft, base: str) -> dict:
    """Reference number -> the ``pub:`` CURIE each reference the drafted sentences cite is written as."""
    used = {n for m in draft.measures for n in cited_numbers(m["sentence"].text)}
    used |= {n for a in draft.assertions for n in cited_numbers(a["sentence"].text)}
    used |= {n for s in draft.studies for n in cited_numbers(s["sentences"][0].text)}
    used |= {int(n) for s in draft.studies for n in s["key"].split(",") if n}
    out = {}
    for n in sorted(used):
        ref = draft.references.get(n)
        if ref is None:
            continue
        known = draft.publications.get(ref.doi or "") or draft.publications.get(title_key(ref.title or ""))
        out[n] = known or f"pub:draft-{base}-ref{n}"
    return out


def _fix(lines: list[str]) -> list[str]:
    """Move each line's comment (``   # ...``) above the block, so a comment never swallows the ' ;' that follows."""
    notes, body = [], []
    for line in lines:
        head, sep, comment = line.partition("   #") if not line.strip().startswith("#") else ("", "#", line.strip()[1:])
        if sep:
            notes.append("#" + comment)
        if head.strip():
            body.append(head)
    if notes:
        body[0] = "\n".join(notes) + "\n" + body[0]
    return body


def _comment(text: str) -> str:
    return " ".join(str(text).split())[:200]
