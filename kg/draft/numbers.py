"""Numbers: every outcome number a sentence reports, with its endpoint, comparator, p-value and CI.

Rules, not a model: endpoint words (ORR, 客观缓解率, median PFS, 3 年总生存率, HR ...) and values
with a unit (``23.9%``, ``6.1 个月``, ``5.4 months``) are found by pattern; within a clause (a part
of the sentence between top-level commas or semicolons) values pair with endpoints in order, a
pair ``a vs b`` gives a value and its comparator, and 分别 / respectively pairs lists. A threshold
(``< 50%``, ``≥ 75 岁``), a dose or a confidence bound is never an outcome.

>>> [(m.endpoint, m.value, m.unit) for m in measures("ORR 为 23.9%, DCR 为 85.1%, mPFS 和 mOS 分别为 6.1 个月和 16.5 个月")]
[('ORR', 23.9, '%'), ('DCR', 85.1, '%'), ('PFS', 6.1, 'mo'), ('OS', 16.5, 'mo')]
>>> m = measures("The median PFS was 1.51 vs. 0.71 months (HR = 0.365, 95% CI: 0.17-0.78; p = 0.0064).")
>>> [(x.endpoint, x.value, x.comparator_value, x.p_text, x.ci) for x in m]
[('PFS', 1.51, 0.71, '= 0.0064', None), ('HR_PFS', 0.365, None, '= 0.0064', (0.17, 0.78))]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NUM = r"(\d+(?:\.\d+)?|\.\d+)"
_NB = r"(?<![A-Za-z0-9.])"          # a number starts here (CJK letters may touch it)

# Endpoint words, longest first within each code; ``{t}`` is a time point (3 年, 3-year, 12-month).
ENDPOINTS = [
    ("HR", r"hazard\s+ratios?|\bHRs?\b|风险比"),
    ("EFS_RATE", r"(?P<t>\d+)\s*(?:-|\s)?(?:年|years?|yr)\s*(?:的\s*)?(?:EFS|event[- ]free survival(?: rate)?|无事件生存率)"),
    ("OS_RATE", r"(?P<t>\d+)\s*(?:-|\s)?(?:年|years?|yr|y|个月|months?)\s*(?:的\s*)?(?:OS(?: rate)?|overall survival(?: rate)?|survival rates?|总生存率|生存率)"),
    ("PFS_RATE", r"(?P<t>\d+)\s*(?:-|\s)?(?:个月|months?|年|years?)\s*(?:的\s*)?(?:PFS(?: rate)?|progression[- ]free survival rate|无进展生存率)"),
    ("pCR", r"\bpCR\b|pathologic(?:al)? complete response(?: rate)?|病理完全缓解率?"),
    ("MPR", r"\bMPR\b|major pathologic(?:al)? response(?: rate)?|主要病理缓解率?"),
    ("ORR", r"\bORRs?\b|objective (?:response|control) rates?|overall response rates?|客观缓解率|客观有效率|总体?缓解率|总有效率"),
    ("DCR", r"\bDCRs?\b|disease control rates?|疾病控制率"),
    ("PFS", r"\bm?PFS\b|progression[- ]free survival|无进展生存期?|无进展生存时间"),
    ("OS", r"\bm?OS\b|overall survival|总生存期?|总生存时间|生存期"),
    ("DOR", r"\bm?DoR\b|duration of response|缓解持续时间"),
    ("TTP", r"\bTTP\b|time to progression|疾病进展时间"),
    ("FOLLOW_UP", r"(?:median )?follow[- ]up|随访"),
    ("CR_count", r"\bCRs?\b|complete responses?|完全缓解|完全反应"),
    ("PR_count", r"\bPRs?\b|partial responses?|部分缓解|部分反应"),
    ("SD_count", r"\bSD\b|stable disease|疾病稳定|病情稳定|稳定疾病"),
    ("PD_count", r"\bPD\b(?!-)|progressive disease|疾病进展"),
    ("AE", r"adverse (?:events?|reactions?)|incidence rates? of|\bT?R?AEs?\b|toxicit(?:y|ies)|不良反应|不良事件|毒性|副作用|副反应"),
    ("SHARE", r"约?占(?:全部|所有)?[^，,。；;]{0,12}?(?:的|比例)"),
]
_ASCII_BOUNDARY = r"(?:(?<![A-Za-z0-9])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?![A-Za-z0-9]))"


def _ascii_words(rx: str) -> str:
    """``rx`` with each ``\\b`` a boundary of ASCII words: "ORR为15.2%" has one between "R" and "为",
    which Unicode's ``\\b`` does not see (both are word characters to it)."""
    return rx.replace(r"\b", _ASCII_BOUNDARY)


_ENDPOINT_RE = re.compile(_ascii_words("|".join(f"(?P<{code}>{rx})".replace("(?P<t>", f"(?P<t_{code}>") for code, rx in ENDPOINTS)),
                          re.IGNORECASE)
COUNT_CODES = {"CR_count", "PR_count", "SD_count", "PD_count"}
TIME_POINT = re.compile(r"_(\d+)([my])$")       # the tail of a rate's code: OS_3y, PFS_12m
RATE_CODES = {"EFS_RATE": "EFS", "OS_RATE": "OS", "PFS_RATE": "PFS"}

_UNIT = (r"(?P<unit>%|％|个月|months?|mo\b|m(?=\s*(?:vs|versus|对|;|,|\)|$))|weeks?|周|days?|天"
         r"|例|名|位|patients?|participants?|cases?)")
_VALUE = re.compile(_NB + NUM + r"\s*" + _UNIT + r"?", re.IGNORECASE)
_PAIR = re.compile(r"\s*(?:vs\.?|versus|对比|对|比|and)\s*$", re.IGNORECASE)
_RANGE = re.compile(r"^\s*(?:%|％)?\s*(?:到|至|-|–|~|～|to)\s*$", re.IGNORECASE)
_P = re.compile(r"(?<![A-Za-z])[Pp]\s*(?:值|-value)?\s*(?:\$)?\s*(?P<op>=|<|>|≤|≥|<=|>=|less than|＜|＝)\s*(?P<num>0?\.\d+|1(?:\.0+)?|0)")
_CI = re.compile(r"95\s*[%％]\s*(?:\[?CI\]?|confidence intervals?(?:\s*\[CI\])?|置信区间)\s*[:：,]?\s*(?:\[?CI\]?\s*[:：,]?\s*)?"
                 + NUM + r"\s*(?:months?|个月|%)?\s*(?:-|–|—|to|~|～|,)\s*" + NUM, re.IGNORECASE)
_HR = re.compile(_ascii_words(r"(?:hazard\s+ratio|\bHR\b|风险比)\s*(?:\[HR\]|\(HR\))?\s*(?:for\s+\w+\s*)?[=:：,]?\s*" + NUM), re.IGNORECASE)
_GRADE = re.compile(r"(?:\d\s*级\s*(?:或|和|及|/|-|–)\s*\d\s*级|grades?\s*(?:≥|>=|>)?\s*\d(?:\s*(?:-|–|to|or|/)\s*\d)?"
                    r"(?:\s*(?:or|and)\s*(?:higher|above|greater|worse))?|(?:(?:≥|>=)\s*)?\d\s*(?:-|–|~|或|至|到)?\s*\d?\s*级(?:及以上|以上)?)",
                    re.IGNORECASE)
_THRESHOLD = re.compile(r"(?:[<>≤≥＜＞]|<=|>=|\\geq|\\leq|\\ge|\\le|\\lt|\\gt|less than|more than|at least|over|above|under|超过|大于|小于|不足|低于|高于|少于|多于|不到)\s*\$?\s*$", re.IGNORECASE)
_DIFF = re.compile(r"(?:延长了|增加了|提高了|降低了|缩短了|改善了|prolonged by|improved by|increased by|reduced by|longer by)\s*(?:约)?\s*$", re.IGNORECASE)
_RESPECTIVELY = re.compile(r"分别|respectively", re.IGNORECASE)
_NO_CASES = re.compile(r"(?:无|没有|no)\s*(?P<what>完全缓解|部分缓解|complete responses?|partial responses?)\s*(?:病例|患者|patients?|cases?)?", re.IGNORECASE)


@dataclass
class Measure:
    """One reported number: endpoint code (``ORR``, ``PFS``, ``OS_3y``, ``HR_OS``, ``AE``, ``PR_count`` ...,
    None when the text names none), value, unit and what comes with it; ``start`` is the offset of
    the value in the sentence; ``arm`` and ``comparator`` are filled in by :mod:`kg.draft.arms`.

    >>> Measure("ORR", 30.2, "%").endpoint
    'ORR'
    """

    endpoint: str | None
    value: float
    unit: str
    start: int = 0
    value_high: float | None = None
    comparator_value: float | None = None
    p_value: float | None = None
    p_text: str | None = None
    ci: tuple | None = None
    grade: str | None = None
    event: str | None = None          # an adverse event's name as written
    difference: float | None = None
    count: int | None = None          # events of "50.0% (15/30)", "3 (7.5%) patients"
    sample_size: int | None = None    # n of "50.0% (15/30)", "11% (n = 45)"
    arm: str | None = None            # the arm's words as written
    comparator: str | None = None
    arm_index: int | None = None      # "a, b and c … in X, Y and Z, respectively": which arm, in order
    notes: list = field(default_factory=list)


@dataclass
class _Value:
    start: int
    end: int
    value: float
    unit: str
    high: float | None = None
    comparator: float | None = None
    ci: tuple | None = None
    difference: float | None = None


_SURVIVAL = r"(?P<what>EFS|OS|PFS|event[- ]free survival|overall survival|progression[- ]free survival|无事件生存|总生存|无进展生存)"
_SURVIVAL_CODE = (("EFS", r"EFS|event|无事件"), ("OS", r"OS|overall|总"), ("PFS", r"PFS|progression|无进展"))
_AT = r"\s*(?:-|\s)?(?:months?|years?|个月|年)"
# rates at several time points: "PFS rates at 6 and 12 months", "1-year and 2-year OS rates", "6 个月和 12 个月无进展生存率"
_TIME_LISTS = (re.compile(_SURVIVAL + r"(?:\s*rates?)?\s+at\s+(?P<times>\d+(?:\s*(?:,|and|or)\s*\d+)+)\s*(?P<u>months?|years?)", re.IGNORECASE),
               re.compile(r"(?P<times>\d+(?:" + _AT + r")?(?:\s*(?:,|and|和|及|、)\s*\d+(?:" + _AT + r")?)+)" + r"\s*(?:-|\s)?(?P<u>months?|years?|个月|年)"
                          r"\s*(?:的\s*)?" + _SURVIVAL, re.IGNORECASE))


def _time_points(text: str) -> list[tuple[int, int, str]]:
    """One rate mention per time point of a list ("PFS rates at 6 and 12 months" → PFS_6m, PFS_12m)."""
    out = []
    for rx in _TIME_LISTS:
        for m in rx.finditer(text):
            code = next(c for c, words in _SURVIVAL_CODE if re.match(words, m.group("what"), re.IGNORECASE))
            unit = "m" if re.search(r"个月|month", m.group("u"), re.IGNORECASE) else "y"
            points = [(m.start("times") + t.start(), t.group(0)) for t in re.finditer(r"\d+", m.group("times"))]
            for i, (at, t) in enumerate(points):
                start = m.start() if i == 0 else at
                end = points[i + 1][0] if i + 1 < len(points) else m.end()
                out.append((start, end, f"{code}_{t}{unit}"))
    return out


def endpoint_mentions(text: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, code)`` for every endpoint word of ``text``, time points folded in
    (``3 年总生存率`` is ``OS_3y``).

    >>> endpoint_mentions("3 年 EFS 84.3%, median OS")
    [(0, 7, 'EFS_3y'), (22, 24, 'OS')]
    >>> endpoint_mentions("PFS rates at 6 and 12 months")
    [(0, 19, 'PFS_6m'), (19, 28, 'PFS_12m')]
    """
    out = []
    for m in _ENDPOINT_RE.finditer(text):
        code = m.lastgroup
        if code.startswith("t_"):
            code = next(c for c, _ in ENDPOINTS if m.group(c) is not None)
        if code in RATE_CODES:
            t = next(v for k, v in m.groupdict().items() if k.startswith("t_") and v)
            unit = "m" if re.search(r"个月|month", m.group(0), re.IGNORECASE) else "y"
            code = f"{RATE_CODES[code]}_{t}{unit}"
        out.append((m.start(), m.end(), code))
    points = _time_points(text)
    out = [e for e in out if not any(a < e[1] and e[0] < b for a, b, _ in points)] + points
    return sorted(out)


def measures(sentence: str, *, context_endpoint: str | None = None) -> list[Measure]:
    """Return the outcome numbers of one sentence, in the order they are written.

    ``context_endpoint`` is the endpoint a value takes when its sentence names none (a table
    column's). Values without any endpoint come back with ``endpoint`` None.

    >>> [(m.endpoint, m.value, m.comparator_value) for m in measures("与安慰剂组相比,安罗替尼组的中位 PFS 显著延长(4.1 个月对比 0.7 个月)")]
    [('PFS', 4.1, 0.7)]
    >>> [(m.endpoint, m.value, m.event) for m in measures("The most common adverse events were hypertension (40.7%) and fatigue (29.6%).")]
    [('AE', 40.7, 'hypertension'), ('AE', 29.6, 'fatigue')]
    >>> measures("PD-L1 TPS < 50% and age ≥ 75 岁, 12 mg daily")
    []
    """
    masked, extras = _mask(sentence)
    ends = [e for e in endpoint_mentions(masked) if not e[2].startswith("HR")]
    lists = bool(_RESPECTIVELY.search(masked))      # "12.1, 9.5 and 8.0 months …, respectively"
    # the time point of a rate ("PFS rates at 6 and 12 months") is no value
    values = [v for v in _values(masked, lists=lists) if not any(a <= v.start < b and TIME_POINT.search(c) for a, b, c in ends)]
    ae_sentence = any(code == "AE" for _, _, code in ends)
    out: list[Measure] = []
    waiting = []                    # endpoints of a clause without values: "PFS 及 OS 均延长, 分别为 3 个月…与 3.7 个月…"
    for a, b in _clauses(masked, keep_lists=lists):
        vals = [v for v in values if a <= v.start < b]
        eps = [e for e in ends if a <= e[0] < b]
        if not vals:
            waiting = eps or waiting
            continue
        if not eps and len(waiting) > 1:
            eps = waiting
        waiting = []
        later = [v.start for v in values if v.start >= b]
        # ", respectively" closes the clause, or the arm list after it ("in A, B and C, respectively")
        respectively = bool(_RESPECTIVELY.search(masked[a:max(b + 20, later[0] if later else len(masked))]))
        clause = []
        for v, code in _assign(vals, eps, respectively):
            if code is None:
                code = _fallback(masked, v, a, ends, out, ae_sentence, context_endpoint)
            if code == "MERGE":
                continue
            m = Measure(code, v.value, v.unit, v.start, v.high, v.comparator, ci=v.ci, difference=v.difference)
            if code == "AE":
                m.event = _event_name(masked, v.start, a)
                m.grade = _grade(sentence, v.start)
            clause.append(m)
        if len(eps) == 1 and len(clause) == 2 and all(m.comparator_value is None and m.value_high is None for m in clause) \
                and clause[0].unit == clause[1].unit and clause[0].endpoint == clause[1].endpoint != "AE":
            first, second = clause          # "E was a for X and b for Y", "E 分别为 a 和 b": a value and its comparator
            first.comparator_value = second.value
            first.notes.append("respectively" if respectively else "two values")
            clause = [first]
        elif respectively and len(clause) > 2 and len({m.endpoint for m in clause}) == 1:
            for i, m in enumerate(clause):      # three or more arms: each value is its own arm's, compared with none
                m.arm_index = i
                m.notes.append("respectively")
        out.extend(clause)
    for x in extras:                                # hazard ratios, counts of "no complete response"
        if x.endpoint == "HR":
            x.endpoint = _hr_endpoint(masked, x.start, ends)
        out.append(x)
    out.sort(key=lambda m: m.start)
    _attach_p(sentence, out)
    _attach_ci_and_counts(sentence, masked, out)
    for m in out:
        if m.unit in ("例", "名", "位", "patients", "patient", "participants", "participant", "cases", "case"):
            m.unit = "{patients}"
    return [m for m in out if m.unit != "{patients}" or m.endpoint in COUNT_CODES]


_UNITS_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
    "sixteen seventeen eighteen nineteen".split()
_TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBER_WORD = re.compile(r"\b(?:(?P<tens>" + "|".join(_TENS_WORDS) + r")(?:[- ](?P<ones>" + "|".join(_UNITS_WORDS[1:10]) +
                          r"))?|(?P<unit>" + "|".join(_UNITS_WORDS) + r"))\b(?=\s+(?:\w+\s+)?(?:patients?|participants?|subjects?|cases?)\b)",
                          re.IGNORECASE)


def number_words(text: str) -> str:
    """Write English number words that count patients as digits, keeping every offset.

    >>> number_words("Thirty-four patients had SD and four patients PR")
    '34          patients had SD and 4    patients PR'
    """
    def digits(m):
        if m.group("unit"):
            n = _UNITS_WORDS.index(m.group("unit").lower())
        else:
            n = 10 * (_TENS_WORDS.index(m.group("tens").lower()) + 2) + \
                (_UNITS_WORDS.index(m.group("ones").lower()) if m.group("ones") else 0)
        return str(n).ljust(len(m.group(0)))
    return _NUMBER_WORD.sub(digits, text)


def _mask(sentence: str) -> tuple[str, list[Measure]]:
    """Blank out what is never an outcome value (CIs, p-values, grades, references, doses, ages,
    thresholds) keeping offsets, counts of patients in words as digits; return the masked text and the
    hazard ratios and zero counts found."""
    chars = list(number_words(sentence))

    def blank(a, b):
        for i in range(a, b):
            if chars[i] not in "()（）[]":
                chars[i] = " "
    extras = []
    for m in _CI.finditer(sentence):
        blank(m.start(), m.end())
    for m in _CI_REST.finditer("".join(chars)):     # a CI _CI cannot read ("95% CI: 8.3 m, not reached"): no value either
        blank(m.start(), m.end())
    text = "".join(chars)
    for m in _HR.finditer(text):
        hr = Measure("HR", float(m.group(1)), "", m.start(1))
        ci = _CI.search(sentence, m.end(), m.end() + 80)
        if ci and not re.search(r"[;；]", sentence[m.end():ci.start()]) and ci.start() - m.end() < 20:
            hr.ci = (float(ci.group(1)), float(ci.group(2)))
        extras.append(hr)
        blank(m.start(), m.end())
    for rx in (_P, _GRADE, re.compile(r"\[\d+(?:\s*[-–,，]\s*\d+)*\]"),
               re.compile(_NB + NUM + r"\s*(?:mg|g|ml|mL|岁|years? old|cycles?|个周期|周期|Gy|mg/d|mg/m2|mg/kg)(?![A-Za-z])"),
               re.compile(r"(?:19|20)\d\d\s*年(?:\s*\d{1,2}\s*月)?|\b(?:19|20)\d\d\b"),
               re.compile(r"(?:NCT|ChiCTR)\d+|\bn\s*=\s*\d+", re.IGNORECASE), _SCHEDULE, _DENOMINATOR,
               re.compile(_NB + NUM + r"\s*(?:个月|months?|周|weeks?|天|days?)\s*(?:内|以内)|within\s+" + NUM + r"\s*(?:months?|weeks?|days?)", re.IGNORECASE),
               re.compile(r"[A-Z][A-Za-z]*[- ]?\d{3,4}\b")):        # trial names: ALTER 1202, ETER701
        for m in rx.finditer("".join(chars)):
            blank(m.start(), m.end())
    text = "".join(chars)
    for m in _VALUE.finditer(text):                 # a threshold or a criterion
        if _THRESHOLD.search(text[max(0, m.start() - 12):m.start()]):
            blank(m.start(), m.end())
    text = "".join(chars)
    for m in _NO_CASES.finditer(text):
        what = m.group("what")
        code = "CR_count" if re.search("完全|complete", what, re.IGNORECASE) else "PR_count"
        extras.append(Measure(code, 0.0, "{patients}", m.start()))
    return "".join(chars), extras


def _values(text: str, lists: bool = False) -> list[_Value]:
    """The values of ``text``: numbers with a unit, and bare numbers that take the unit of the number
    after them ("1.51 vs. 0.71 months"; with ``lists``, "12.1, 9.5 and 8.0 months")."""
    raw = []
    for m in _VALUE.finditer(text):
        unit = (m.group("unit") or "").lower()
        if not unit or len(m.group(1)) > 12:       # no unit, or no plausible outcome (9999999999999 months)
            continue
        unit = {"％": "%", "个月": "mo", "month": "mo", "months": "mo", "m": "mo", "周": "wk", "week": "wk",
                "weeks": "wk", "天": "d", "day": "d", "days": "d"}.get(unit, unit)
        raw.append([m.start(), m.end(), float(m.group(1)), unit])
    # a bare number right before "vs"/"to" takes the unit of the number after it: "1.51 vs. 0.71 months"
    joint = r"(?:vs\.?|versus|对比|对|to|到|至|-|–)" if not lists else \
        r"(?:vs\.?|versus|对比|对|to|到|至|-|–|(?:(?:,\s*and|,|，|、|and|和|及)\s*" + NUM + r"\s*%?\s*)*(?:,\s*and|,|，|、|and|和|及))"
    for m in re.finditer(_NB + NUM + r"(?=\s*" + joint + r"\s*" + NUM + r"\s*" + _UNIT + ")", text, re.IGNORECASE):
        if not any(r[0] == m.start() for r in raw):
            raw.append([m.start(), m.end(), float(m.group(1)), None])
    raw.sort()
    for i, r in enumerate(raw):
        if r[3] is None and i + 1 < len(raw):
            r[3] = raw[i + 1][3]
    out: list[_Value] = []
    i = 0
    while i < len(raw):
        a, b, value, unit = raw[i]
        v = _Value(a, b, value, unit)
        if i + 1 < len(raw):
            between = re.sub(r"[\[(（]\s*[\])）]", "", text[b:raw[i + 1][0]])     # "4.1 months [95% CI …] vs 0.7 months"
            if _RANGE.match(between) and raw[i + 1][3] == unit and unit == "%" or (_RANGE.match(between) and re.search("到|至|to", between) and raw[i + 1][3] == unit):
                v.high, v.end = raw[i + 1][2], raw[i + 1][1]
                i += 2
                out.append(v)
                continue
            if _PAIR.match(between) and raw[i + 1][3] == unit and not re.search(r"\band\b", between, re.IGNORECASE):
                v.comparator, v.end = raw[i + 1][2], raw[i + 1][1]
                i += 2
                out.append(v)
                continue
        if (_DIFF.search(text[max(0, a - 10):a]) or re.match(r"\s*[（(]", text[b:b + 3])) and i + 2 < len(raw) \
                and _PAIR.match(text[raw[i + 1][1]:raw[i + 2][0]]):
            # "延长了 4.8 个月(5.49 个月对 0.69 个月)": the difference goes with the pair after it
            nxt = raw[i + 1]
            if nxt[3] == unit and nxt[0] - b < 6:
                i += 1
                pending = value
                a2, b2, value2, unit2 = raw[i]
                v = _Value(a2, b2, value2, unit2, difference=pending)
                if i + 1 < len(raw) and _PAIR.match(text[b2:raw[i + 1][0]]) and raw[i + 1][3] == unit2:
                    v.comparator, v.end = raw[i + 1][2], raw[i + 1][1]
                    i += 1
                i += 1
                out.append(v)
                continue
        out.append(v)
        i += 1
    return out


def _clauses(text: str, keep_lists: bool = False) -> list[tuple[int, int]]:
    """Split at commas and semicolons outside brackets; with ``keep_lists`` not at a comma of a list
    of values ("12.1, 9.5 and 8.0 months …, respectively").

    >>> _clauses("ORR 30%, 20% and 10%, respectively", keep_lists=True)
    [(0, 20), (21, 34)]
    """
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([（【":
            depth += 1
        elif ch in ")]）】" and depth:
            depth -= 1
        elif ch in ",，;；" and depth == 0 and not (keep_lists and ch in ",，" and _LIST_COMMA.search(text[:i])
                                                   and re.match(r"\s*(?:and\s+)?\d", text[i + 1:])):
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return spans


_LIST_COMMA = re.compile(r"(?<![A-Za-z])\d+(?:\.\d+)?\s*(?:%|％|months?|个月)?\s*$", re.IGNORECASE)


def _assign(vals, eps, respectively):
    """Pair values with endpoints of one clause; yield (value, code or None)."""
    if not eps:
        return [(v, None) for v in vals]
    if len(eps) == len(vals):
        return list(zip(vals, [e[2] for e in eps]))
    if len(eps) == 1:
        return [(v, eps[0][2]) for v in vals]
    out = []
    for v in vals:
        before = [e for e in eps if e[1] <= v.start]
        after = [e for e in eps if e[0] >= v.end]
        # "V 的 E": an endpoint right after the value (within a few characters) is its own
        if after and after[0][0] - v.end <= 3:
            out.append((v, after[0][2]))
        elif before:
            out.append((v, before[-1][2]))
        else:
            out.append((v, after[0][2] if after else None))
    return out


def _fallback(text, v, clause_start, ends, out, ae_sentence, context_endpoint):
    """The endpoint of a value whose clause names none."""
    if ae_sentence and v.unit == "%":
        return "AE"
    previous = [m for m in out if m.start < v.start]
    if previous and previous[-1].unit == v.unit and previous[-1].comparator_value is None and v.comparator is None \
            and re.search(r"组|group|arm|placebo|安慰剂|而|whereas|while|compared", text[clause_start:v.start], re.IGNORECASE):
        previous[-1].comparator_value = v.value       # "安罗替尼组为 10.7 个月, 安慰剂组为 6.5 个月"
        return "MERGE"
    if previous and previous[-1].unit == v.unit and previous[-1].endpoint and v.comparator is not None:
        return previous[-1].endpoint                  # "B 组 vs C 组: 13.3 个月 vs 11.9 个月" after "OS 为 A 组 vs C 组: ..."
    before = [e for e in ends if e[1] <= v.start and e[2] != "AE"]
    if before and v.unit in ("mo", "%") and not previous:
        return before[-1][2]
    return context_endpoint


def _event_name(masked: str, at: int, clause_start: int) -> str | None:
    """The words before a value in brackets: "hypertension (40.7%)", "高血压(13%)"."""
    head = masked[clause_start:at]
    head = re.sub(r"(?:\d+\s*)?[\(（]\s*$", "", head.rstrip())      # "3 (7.5%)": a count, not a name
    head = re.split(r"(?:\b(?:were|was|included|including|are|is|in|occurred|experienced|had|developed|and)|包括|为|是|:|：|及|和|、|以及)\s",
                    head + " ")[-1] if head else ""
    head = re.sub(r"^(?:and|or|the|most common|及|和)\s+", "", head.strip(), flags=re.IGNORECASE).strip(" ,，、")
    if not head or len(head) > 60 or re.fullmatch(r"[\W\d_]*", head):
        return None
    return head


def _grade(sentence: str, at: int) -> str | None:
    """The last grade written before the value: ``3 级或 4 级`` → ``3-4``, ``grade ≥ 3`` → ``≥3``."""
    found = list(_GRADE.finditer(sentence[:at]))
    if not found:
        return None
    words = found[-1].group(0)
    digits = re.findall(r"\d", words)
    if re.search(r"≥|>=|>|higher|above|greater|worse|以上", words, re.IGNORECASE):
        return "≥" + digits[0]
    return "-".join(digits[:2]) if len(digits) > 1 else digits[0]


def _hr_endpoint(text: str, at: int, ends) -> str:
    codes = [TIME_POINT.sub("", e[2]) for e in ends if e[0] < at]     # "3-year OS rates … (HR = 2.52)": HR_OS
    codes = [c for c in codes if c in ("PFS", "OS", "EFS", "DOR", "TTP")]
    return f"HR_{codes[-1]}" if codes else "HR"


_CI_REST = re.compile(r"95\s*[%％]\s*(?:CI|confidence intervals?|置信区间)[^;；\])）。]*?(?=[;；\])）。]|,\s*(?:and|while|whereas|but|the)\b|$)",
                      re.IGNORECASE)
# a dosing schedule ("for 14 days", "every 21 days", "day 1 to 14", "a 21-day cycle", "服用 2 周停 1 周") is no outcome
_SCHEDULE = re.compile(r"(?:for|every|of|per|from)\s+(?:a\s+)?\d+[- ]?(?:days?|weeks?|d)\b|days?\s+\d+\s*(?:-|–|to|through)\s*\d+|"
                       r"\d+[- ]day\b|\d+\s*(?:周|天|d)\s*停\s*\d+\s*(?:周|天|d)|\d+\s*:\s*\d+\s*(?:ratio|的比例)?", re.IGNORECASE)
# the patients a count is out of ("33 例患者中", "of the 45 patients"): no count of its own
_DENOMINATOR = re.compile(r"\d+\s*(?:例|名)\s*(?:\S{0,8}?患者)?中|(?:of|among)\s+(?:the|all|these)?\s*\d+\s+(?:\w+\s+)?patients",
                          re.IGNORECASE)
_FRACTION = re.compile(r"(?<![\d./])(\d+)\s*/\s*(\d+)(?![\d./])|\b[nN]\s*=\s*(\d+)")
# a value, its unit, a bracket or comma, and at most the events / n: what may stand between a value and its CI
_RIGHT_AFTER = re.compile(r"[\d.]+\s*[^\d\s()（）\[\]]{0,8}\s*(?:[(（\[,，;；]\s*)?(?:(?:\d+\s*/\s*\d+|[nN]\s*=\s*\d+)\s*[,，;；]?\s*)?")
_COUNT_BEFORE = re.compile(r"(?<![\d.])(\d+)\s*(?:patients?|participants?|cases?|例|名)?\s*[(（]\s*$", re.IGNORECASE)


def _attach_ci_and_counts(sentence: str, masked: str, out: list[Measure]) -> None:
    """Give each measure the confidence interval, events/n ("50.0% (15/30)", "(n = 45)") and count
    ("3 (7.5%) patients") written right by it; a fraction that does not give the percentage is left alone."""
    def right_after(at):
        before = [m for m in out if m.start < at]
        if before and _RIGHT_AFTER.fullmatch(sentence[before[-1].start:at]):
            return before[-1]
        return None
    for c in _CI.finditer(sentence):
        m = right_after(c.start())
        if m is not None and m.ci is None:
            m.ci = (float(c.group(1)), float(c.group(2)))
    for f in _FRACTION.finditer(sentence):
        m = right_after(f.start())
        if m is None or m.sample_size is not None:
            continue
        if f.group(3):
            m.sample_size = int(f.group(3))
            continue
        k, n = int(f.group(1)), int(f.group(2))
        if n and k <= n and (m.unit != "%" or abs(100 * k / n - m.value) <= 1):
            m.count, m.sample_size = k, n
    for m in out:
        count = _COUNT_BEFORE.search(masked[:m.start])
        if m.unit == "%" and m.count is None and count:
            m.count = int(count.group(1))


def _attach_p(sentence: str, out: list[Measure]) -> None:
    """Give the p-value printed after a measure to the nearest measure before it (and, after a hazard
    ratio, to the comparison the ratio belongs to); a measure keeps the first p-value it gets."""
    for at, value, text in p_values(sentence):
        before = [m for m in out if m.start < at]
        if not before:
            continue
        takers = [before[-1]]
        if before[-1].endpoint and before[-1].endpoint.startswith("HR") and len(before) > 1 \
                and before[-2].comparator_value is not None:
            takers.append(before[-2])
        for m in takers:
            if m.p_text is None:
                m.p_value, m.p_text = value, text


def p_values(sentence: str) -> list[tuple[int, float | None, str]]:
    """Return ``(offset, value, text)`` of each p-value: ``P = 0.016`` → 0.016, ``= 0.016``; ``p < .0001`` → None, ``< .0001``.

    >>> p_values("(P = 0.016), p<.0001")
    [(1, 0.016, '= 0.016'), (13, None, '< .0001')]
    """
    out = []
    for m in _P.finditer(sentence):
        op = {"less than": "<", "＜": "<", "＝": "=", "<=": "≤", ">=": "≥"}.get(m.group("op"), m.group("op"))
        num = m.group("num")
        out.append((m.start(), float(num) if op == "=" else None, f"{op} {num}"))
    return out
