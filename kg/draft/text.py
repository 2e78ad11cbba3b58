"""Text: read a file safely, tell English from Chinese, split into paragraphs and sentences.

A sentence keeps its offsets in the cleaned text, so every drafted item quotes it verbatim.

>>> [s.text for s in sentences("ORR was 30%. The median PFS was 5.6 months (P < 0.001).")]
['ORR was 30%.', 'The median PFS was 5.6 months (P < 0.001).']
>>> [s.text for s in sentences("客观缓解率为 23.9%。中位 PFS 为 6.1 个月[15]。")]
['客观缓解率为 23.9%。', '中位 PFS 为 6.1 个月[15]。']
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGInputError

MAX_BYTES = 20_000_000        # a converted paper is well under this; a larger file is not text to draft
_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[A-Za-z/!][^<>]{0,2000}>", re.IGNORECASE | re.DOTALL)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^<>\s]{1,2000})>", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]{2,}")
# A sentence ends at 。！？ (Chinese) or . ! ? followed by space and a capital, digit or CJK (English);
# "vs." "et al." "e.g." "Fig." and decimals do not end one.
_CLOSED = re.compile(r"[。！？.!?:：;；)）\]】”\"'’]\s*$")
_ABBREV = re.compile(r"(?:\b(?:vs|al|e\.g|i\.e|Fig|Figs|No|approx|ca|Dr|Ref|cf)\.)$", re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    """One sentence (or a table row) of the text: its words, where it starts and ends, its paragraph.

    >>> s = sentences("A. B.")[1]
    >>> s.text, s.start, s.end, s.paragraph, s.row
    ('B.', 3, 5, 0, None)
    """

    text: str
    start: int
    end: int
    paragraph: int
    row: tuple | None = None   # the cells, when the line is a table row (tab-separated)


def read_text(path: str | Path) -> str:
    """Return the text of ``path``, cleaned for drafting: markup removed (tags, scripts, entities
    decoded), control characters dropped. Raises :class:`KGInputError` in one line for a missing,
    unreadable, binary or oversized file.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as f:
    ...     _ = f.write("<p>ORR &lt;b&gt; 30%</p><script>alert(1)</script>".encode())
    >>> read_text(f.name)
    'ORR <b> 30%'
    >>> os.unlink(f.name)
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise KGInputError(f"{path}: is a folder, not a text file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise KGInputError(f"{path}: {size:,} bytes is too large to draft (at most {MAX_BYTES:,})")
        data = path.read_bytes()
    except OSError as err:
        raise KGInputError(f"{path}: cannot read ({err.strerror or err})") from None
    if b"\x00" in data[:8192]:
        raise KGInputError(f"{path}: binary data, not text (convert the PDF to text first)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise KGInputError(f"{path}: not UTF-8 or GB18030 text") from None
    return clean(text)


def clean(text: str) -> str:
    """Return ``text`` without markup and control characters (tabs and newlines kept).

    >>> clean("<b>PFS</b> 5.6&nbsp;months\\x1b[31m <https://doi.org/10.1/x>")
    'PFS 5.6 months[31m https://doi.org/10.1/x'
    """
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)       # <https://doi.org/…> is a link written out, not a tag
        text = _TAG.sub(lambda m: "" if m.group(0)[1:2].isalpha() or m.group(0)[1:2] == "/" else " ", text)
    if "&" in text:
        text = html.unescape(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\u3000", " ")
    return _CONTROL.sub("", text).strip()


def detect_lang(text: str) -> str:
    """Return ``"zh"`` when Chinese characters make up a tenth of the letters, else ``"en"``.

    >>> detect_lang("中位 PFS 为 6.1 个月"), detect_lang("median PFS 6.1 months")
    ('zh', 'en')
    """
    cjk = len(_CJK.findall(text))
    latin = sum(len(w) for w in _LATIN.findall(text)) / 4       # a Chinese character carries about a word
    return "zh" if cjk and cjk >= 0.1 * (cjk + latin) else "en"


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` of each paragraph: blank lines separate them, and so do table
    rows and headings; a line a PDF converter broke in mid-sentence is joined to the next.

    >>> t = "安罗替\\n尼有效。\\n\\n# 2. 方法\\nA\\tB"
    >>> [t[a:b] for a, b in paragraphs(t)]
    ['安罗替\\n尼有效。', '# 2. 方法', 'A\\tB']
    >>> t = "Patients who progressed on first-line chemotherapy were randomly assigned to anlotinib or\\n\\nplacebo."
    >>> len(paragraphs(t))
    1
    """
    spans = []
    start = None
    prev_end = pos = 0
    open_line = False               # the paragraph so far stops in mid-sentence (a page break): a blank line does not end it
    for line in text.split("\n"):
        end = pos + len(line)
        stripped = line.strip()
        alone = "\t" in line or stripped.startswith(("#", "|", "**", "- [")) or not stripped
        if not stripped and start is not None and open_line:
            pos = end + 1
            continue
        if alone:
            if start is not None:
                spans.append((start, prev_end))
                start = None
            if stripped:
                spans.append((pos, end))
        else:
            if start is None:
                start = pos
            prev_end = end
            open_line = prev_end - start >= 80 and not _CLOSED.search(stripped)
            if re.search(r"[。！？.!?:：]\s*(\[\d+(?:[-–,，]\s*\d+)*\]\s*)*$", stripped) and len(stripped) < 40:
                spans.append((start, end))   # a short line ending a sentence stands alone (a title)
                start = None
        pos = end + 1
    if start is not None:
        spans.append((start, prev_end))
    return spans


def sentences(text: str) -> list[Sentence]:
    """Return the sentences of ``text`` in order; a tab-separated line is one sentence (a table row)
    with its cells.

    >>> [s.text for s in sentences("Median OS was 7.3 vs. 4.9 months. HR 0.53 (95% CI 0.3-0.8).")]
    ['Median OS was 7.3 vs. 4.9 months.', 'HR 0.53 (95% CI 0.3-0.8).']
    >>> sentences("研究\\tORR\\nDou 等\\t23.9%")[1].row
    ('Dou 等', '23.9%')
    """
    out = []
    for number, (start, end) in enumerate(paragraphs(text)):
        chunk = text[start:end]
        if "\t" in chunk:
            cells = tuple(c.strip() for c in chunk.split("\t"))
            out.append(Sentence(chunk.strip(), start + len(chunk) - len(chunk.lstrip()), end, number, cells))
            continue
        out.extend(_split(chunk, start, number))
    return out


def _split(chunk: str, offset: int, number: int) -> list[Sentence]:
    pieces = []
    begin = 0
    depth = 0
    i = 0
    n = len(chunk)
    while i < n:
        ch = chunk[i]
        if ch in "([（【":
            depth += 1
        elif ch in ")]）】" and depth:
            depth -= 1
        end = None
        if ch in "。！？":
            end = i + 1
        elif ch in ".!?" and depth == 0:
            nxt = chunk[i + 1:i + 3]
            before = chunk[begin:i + 1]
            if (not nxt or nxt[0] in " \n") and not _ABBREV.search(before) \
                    and not re.search(r"\d\.$", before[-2:] if ch == "." and i + 1 < n and chunk[i + 1:i + 2].isdigit() else ""):
                rest = chunk[i + 1:].lstrip()
                if not rest or rest[0].isupper() or rest[0].isdigit() or _CJK.match(rest[0]) or rest[0] in "([":
                    end = i + 1
        if end is not None:
            while end < n and (chunk[end] in "”’\"'" ):
                end += 1
            pieces.append((begin, end))
            begin = end
            depth = 0
        i += 1
    if begin < n:
        pieces.append((begin, n))
    out = []
    for a, b in pieces:
        raw = chunk[a:b]
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if body:
            out.append(Sentence(body, offset + a + lead, offset + a + lead + len(body), number))
    return out
