"""References: a paper's numbered reference list, read so its sentences' citations can be traced.

A review's sentence "DURABLE 研究[56]…" cites an entry of the list at its end. Each entry gives the
cited publication (DOI, first author, year, title) for ``kg:cites``, and its title may name the
comparison the sentence leaves out ("Durvalumab Plus Anlotinib versus Durvalumab").

Entries are lines opening with ``[N]``, ``- [N]`` or ``N.`` after a heading "References" /
"参考文献" (or, for ``[N]``, anywhere); a line a PDF converter broke is joined to its entry, and the
list ends at the first line of body text after it.

>>> refs = references("Text [1].\\n\\n参考文献\\n[1] Han, B. (2024) Durvalumab Plus Anlotinib versus Durvalumab. *J Thorac Oncol*, 19. https://doi.org/10.1016/j.jtho.2024.09.225")
>>> r = refs[1]
>>> r.first_author, r.year, r.title, r.doi
('Han', 2024, 'Durvalumab Plus Anlotinib versus Durvalumab', '10.1016/j.jtho.2024.09.225')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^\s*(?:#+\s*)?(?:\*\*)?\s*(?:references?|bibliography|参考文献)\s*(?:\*\*)?\s*[:：]?\s*$", re.IGNORECASE)
_BRACKET = re.compile(r"^\s*(?:-\s*)?\[(\d{1,4})\]\s*(\S.*)$")
_NUMBERED = re.compile(r"^\s*(\d{1,4})[.)]\s+(\S.*)$")
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>\]]+)")
_YEAR = re.compile(r"\((?:19|20)\d\d[a-z]?\)|(?<![\d.])(?:19|20)\d\d(?![\d])")


@dataclass(frozen=True)
class Reference:
    """One entry of a reference list: its number, its text as printed and what it names.

    >>> Reference(1, "x", None, None, None, None).number
    1
    """

    number: int
    text: str
    first_author: str | None
    year: int | None
    title: str | None
    doi: str | None


def references(text: str) -> dict[int, Reference]:
    """Return the entries of the reference lists of ``text`` by number (empty when it has none).

    >>> sorted(references("Body.\\nReferences\\n1. Li X, Wang Y. Anlotinib in SCLC. Cancer. 2020;1:2.\\n2. Zhou Z. ORR. 2021."))
    [1, 2]
    >>> references("The median PFS was 5.6 months [3].")
    {}
    """
    entries, _ = _scan(text)
    return {n: _parse(n, " ".join(parts)) for n, parts in entries.items()}


def list_spans(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` offsets of the reference lists of ``text``: from the heading (else the
    first ``[N]`` entry) to the last line of an entry. No outcome number or claim is drafted from them;
    a text after the list (an appendix, a second paper) is drafted again.

    >>> t = "PFS 5 months [1].\\n参考文献\\n[1] Li (2020) 45 patients.\\n\\nOS was 7 months."
    >>> [t[a:b] for a, b in list_spans(t)]
    ['参考文献\\n[1] Li (2020) 45 patients.']
    """
    return _scan(text)[1]


def _scan(text: str) -> tuple[dict[int, list[str]], list[tuple[int, int]]]:
    """The entries (number -> the lines of its text) and the spans of the reference lists of ``text``."""
    entries: dict[int, list[str]] = {}
    spans: list[tuple[int, int]] = []
    after_heading = False
    current: int | None = None
    begin = last = None
    blank = False
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        m = _BRACKET.match(line) or (_NUMBERED.match(line) if after_heading else None)
        if _HEADING.match(line):
            after_heading, current = True, None
            begin = pos if begin is None else begin
            last = end
        elif m:
            current = int(m.group(1))
            if current in entries:              # a second list numbered again (texts joined): its first entry is kept
                current = None
            else:
                entries[current] = [m.group(2).strip()]
            begin = pos if begin is None else begin
            last = end
        elif current is not None and line.strip() and (not blank or line.lstrip().startswith("- ")):
            entries[current].append(line.strip().removeprefix("- "))   # an entry a converter broke over lines
            last = end
        elif line.strip():
            if begin is not None:               # body text again: the list has ended
                spans.append((begin, last))
            begin = last = current = None
            after_heading = False
        blank = not line.strip()
        pos = end + 1
    if begin is not None:
        spans.append((begin, last))
    return entries, spans


def _parse(number: int, entry: str) -> Reference:
    doi = _DOI.search(entry)
    year = _YEAR.search(entry)
    author = re.match(r"\s*([A-Z][A-Za-z'\-]+|[\u4e00-\u9fff]{2,4})", entry)
    return Reference(number, entry, author.group(1) if author else None,
                     int(year.group(0).strip("()")[:4]) if year else None, _title(entry),
                     doi.group(1).rstrip(".,;>)").lower() if doi else None)


def _title(entry: str) -> str | None:
    """The title of an entry: after "(2024)" up to the journal ("*Journal*" or ". Journal"), else the
    second ". "-separated part (Vancouver style: "Authors. Title. Journal. Year")."""
    m = re.search(r"\((?:19|20)\d\d[a-z]?\)\s*(.+?)(?:\.\s*\*|\s*\*|\.\s*$|\[[A-Z])", entry)
    if m:
        return m.group(1).strip().rstrip(".")
    parts = [p.strip() for p in re.split(r"(?<=[a-z\]\u4e00-\u9fff])\.\s+", entry) if p.strip()]
    return re.sub(r"\s*\[[A-Z/]+\]$", "", parts[1].rstrip(".")) if len(parts) >= 3 else None


def cited_numbers(text: str) -> list[int]:
    """Return the reference numbers a sentence cites, ranges expanded, in order.

    >>> cited_numbers("如 ALTER0303 试验 [4] [28] [29], 见 [32-34] 和 [5, 7]")
    [4, 28, 29, 32, 33, 34, 5, 7]
    """
    out: list[int] = []
    for group in _CITE.findall(text):
        for part in re.split(r"\s*[,，]\s*", group):
            ends = [int(x) for x in re.split(r"\s*[-–]\s*", part)]
            first, last = ends[0], ends[-1]
            out += [n for n in range(first, min(last, first + 50) + 1) if n not in out]
    return out


_CITE = re.compile(r"\[(\d{1,4}(?:\s*[-–,，]\s*\d{1,4})*)\]")
