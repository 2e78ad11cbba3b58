"""Arms: which arm and which comparator arm each number of a sentence belongs to.

A sentence's arms are the runs of drug names it writes (:meth:`kg.draft.entities.Mentions.arms`)
less the treatments a population had before (既往免疫治疗进展, previously treated with ...), plus
group letters defined earlier in the study ("A 组: X + Y", "arm B (X)" → "A 组 vs C 组") and
dose-only arms ("与 12 mg 剂量相比", "the 8 mg group": the regimen of the other arm's drugs at that
dose). An arm after a comparison cue (vs, 与…相比, than) is a comparator. A number whose sentence
names no arm takes the arm its study named last (:class:`StudyArms`), and a comparison (a pair
"a vs b", a hazard ratio) whose sentence names no comparator takes the study's last comparator;
"该联合方案" / "this combination" is the arm named just before.

>>> from kg.examples import toy_projection
>>> from kg.draft.entities import Mentions
>>> from kg.draft.numbers import measures
>>> finder, study = Mentions(toy_projection()), StudyArms()
>>> text = "Patients received anlotinib (arm A) or placebo (arm B)."
>>> study.learn(text, finder, [])
>>> text = "The median PFS was 5.4 vs 1.4 months in arm A vs arm B."
>>> [(m.endpoint, a.regimen, c.regimen) for m, a, c in assign(text, measures(text), finder, study)]
[('PFS', 'ent:regimen-anlotinib', 'ent:regimen-placebo')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kg.draft.entities import Arm, Mentions, _compact
from kg.draft.numbers import endpoint_mentions

COMPARATOR_BEFORE = re.compile(r"(?:与|较|比|相较于|较于|than|versus|vs\.?|compared (?:with|to)|over|对比|相比于|高于|低于|长于|优于)\s*(?:the\s+)?$",
                               re.IGNORECASE)
COMPARATOR_AFTER = re.compile(r"\s*(?:组)?\s*(?:相比|比较|对比)")
# a treatment the patients had before: not an arm of the study
PRIOR_BEFORE = re.compile(r"(?:既往|先前|此前|prior|previous(?:ly)?(?:\s+(?:treated|received)\s+(?:with)?)?|"
                          r"(?:after|following)\s+(?:the\s+)?(?:failure|progression)\s+(?:of|on)|(?:从|自)首次|from the first(?: dose of)?)"
                          r"\s*(?:接受|使用|接受过|经)?\s*(?:过)?\s*$", re.IGNORECASE)
PRIOR_AFTER = re.compile(r"^\s*(?:治疗|therapy|treatment)?\s*(?:失败|进展|耐药|抵抗|failure|progression|refractory|resistant|-?pretreated)",
                         re.IGNORECASE)
# a group letter: "A 组", "arm A", "group B", "cohort C", "B arm"
LETTER = re.compile(r"(?<![A-Za-z])(?P<zh>[A-H])\s*组|\b(?:arms?|groups?|cohorts?)\s+(?P<en>[A-H])\b|\b(?P<pre>[A-H])\s+(?:arm|group|cohort)\b")
DEFINES = re.compile(r"^\s*(?:[:：]|为|是|接受|采用|received|receiving|was given|\()\s*")
# "该联合方案", "this combination": the arm named last before it
ANAPHOR = re.compile(r"(?:该|此|这一|上述)(?:联合)?(?:治疗)?(?:方案|疗法|组合)|\b(?:this|the same|the)\s+(?:combination|regimen)(?: therapy)?\b",
                     re.IGNORECASE)
_AND_OR = re.compile(r"\s*(?:组)?\s*(?:或|和|及|以及|、|or|and|,)\s*", re.IGNORECASE)
DOSE_ARM = re.compile(r"(?<![\d.])(?P<dose>\d+(?:\.\d+)?)\s*mg(?:/d)?\s*(?:剂量组|剂量|组|group|arm|cohort|dose(?: group| arm)?)", re.IGNORECASE)


@dataclass
class StudyArms:
    """What one study has named so far: its last arm and comparator, and its group letters.

    >>> StudyArms().arm is None
    True
    """

    arm: Arm | None = None
    comparator: Arm | None = None
    letters: dict = field(default_factory=dict)
    compared: dict = field(default_factory=dict)    # endpoint code -> (arm, comparator) a sentence compared without numbers

    def compared_with(self, endpoint: str | None, arm: Arm | None) -> Arm | None:
        """The comparator an earlier sentence compared ``arm`` with on ``endpoint`` without giving numbers
        ("X 相较于 Y 可获得更长的 mPFS 及更高的 ORR"), else None.

        >>> from kg.examples import toy_projection
        >>> finder, study = Mentions(toy_projection()), StudyArms()
        >>> study.learn("安罗替尼联合 PD-1 抑制剂相较于安慰剂可获得更高的 ORR。", finder, [])
        >>> arm = finder.arms("安罗替尼 + PD-1 抑制剂")[0]
        >>> study.compared_with("ORR", arm).text, study.compared_with("OS", arm)
        ('安慰剂', None)
        """
        arm_of, comparator = self.compared.get(endpoint, (None, None))
        if arm is None or arm_of is None or not (arm.regimen == arm_of.regimen or set(arm.drugs) == set(arm_of.drugs)):
            return None
        return comparator

    def learn(self, text: str, finder: Mentions, assigned: list) -> None:
        """Remember the group letters ``text`` defines and the arms it names (``assigned``: the
        ``(arm, comparator)`` its numbers got; else the arms of the sentence itself)."""
        arms = [a for a in finder.arms(text) if not is_prior(text, a)]
        for m in LETTER.finditer(text):
            letter = m.group("zh") or m.group("en") or m.group("pre")
            after = next((a for a in arms if 0 <= a.start - m.end() <= 8 and DEFINES.match(text[m.end():a.start] + " ")), None)
            before = next((a for a in arms if 0 <= m.start() - a.end <= 3 and re.fullmatch(r"\s*[(（]?\s*", text[a.end:m.start()])), None)
            if after or before:
                self.letters[letter] = replace(after or before, start=m.start(), end=m.end(), text=m.group(0))
        pairs = [p for p in assigned if p[0] is not None]
        if pairs:
            self.arm = pairs[-1][0]
            self.comparator = next((c for _, c in reversed(pairs) if c is not None), self.comparator)
            return
        named = [a for a in _with_letters(text, arms, self) if a.regimen is not None or a.candidates or a.drugs]
        comparators = [a for a in named if _is_comparator(text, a)]
        experimental = [a for a in named if a not in comparators]
        if experimental and comparators and not assigned:
            for _, _, code in endpoint_mentions(text):
                self.compared[code] = (experimental[0], comparators[0])
        if experimental:
            self.arm = experimental[0]
        if comparators:
            self.comparator = comparators[0]


def assign(text: str, found: list, finder: Mentions, study: StudyArms, recent: Arm | None = None) -> list[tuple]:
    """Return ``(measure, arm, comparator)`` for each measure of ``found`` (:class:`~kg.draft.numbers.Measure`
    of ``text``), arm and comparator an :class:`~kg.draft.entities.Arm` or None; a number compared
    with several arms at once ("高于 A 组或 B 组", "than A and B") comes once per comparator.
    ``recent`` is the arm named last before the sentence (what "该联合方案" / "this combination" stands for).

    >>> from kg.examples import toy_projection
    >>> from kg.draft.numbers import measures
    >>> finder = Mentions(toy_projection())
    >>> text = "既往免疫治疗进展的患者中, 安罗替尼组 ORR 为 30%。"
    >>> [(a.text, c) for _, a, c in assign(text, measures(text), finder, StudyArms())]
    [('安罗替尼组', None)]
    >>> text = "安罗替尼组 ORR 为 30%, 高于安慰剂组或 PD-1 抑制剂组。"
    >>> [(m.value, c.text) for m, _, c in assign(text, measures(text), finder, StudyArms())]
    [(30.0, '安慰剂组'), (30.0, 'PD-1 抑制剂组')]
    """
    arms = [a for a in finder.arms(text) if not is_prior(text, a)]
    arms = _with_letters(text, arms, study)
    if recent is not None:
        arms += [replace(recent, start=m.start(), end=m.end(), text=m.group(0)) for m in ANAPHOR.finditer(text)
                 if not any(a.start <= m.start() < a.end for a in arms)]
    arms = sorted(arms + _dose_arms(text, arms, finder, study), key=lambda a: a.start)
    comparators = [a for a in arms if _is_comparator(text, a)]
    also = _coordinated(text, arms, comparators)
    comparators += [a for group in also.values() for a in group]
    experimental = [a for a in arms if a not in comparators]
    out = []
    for m in found:
        arm = comparator = None
        before = [a for a in experimental if a.start < m.start]
        after = [a for a in experimental if a.start > m.start]
        paired = "respectively" in m.notes or "two values" in m.notes
        if "respectively" in m.notes and len(after) == 1:     # "in the anlotinib and placebo groups, respectively"
            after = [a for piece in re.split(r"\s+and\s+|,\s*|、|和|与|及", after[0].text) for a in finder.arms(piece)]
        if m.arm_index is not None:                            # one of three or more values, each its own arm's
            arm = after[m.arm_index] if len(after) > m.arm_index else None
        elif "respectively" in m.notes and len(after) >= 2:
            arm, comparator = after[0], after[1]
        elif paired and not after and len(_distinct(before)) >= 2 and not comparators:
            arm, comparator = _distinct(before)[-2:]          # "X 组为 a, Y 组为 b, E 分别为 c 和 d"
        else:
            arm = before[-1] if before else (after[0] if after else study.arm)
            if comparators:
                earlier = [c for c in comparators if c.start < m.start]
                comparator = earlier[-1] if earlier else comparators[0]
            elif m.comparator_value is not None or (m.endpoint or "").startswith("HR"):   # a pair, or a hazard ratio: a comparison
                others = [a for a in experimental if a is not arm and a.start > (arm.start if arm in experimental else -1)]
                comparator = others[0] if others else study.comparator
            else:
                comparator = study.compared_with(m.endpoint, arm)
        if comparator is not None and arm is not None and (comparator.text == arm.text or
                                                           (comparator.regimen and comparator.regimen == arm.regimen)):
            comparator = None
        out += [(m, arm, c) for c in [comparator] + also.get(comparator, [])]
    return out


def _coordinated(text: str, arms: list[Arm], comparators: list[Arm]) -> dict:
    """The arms coordinated with a comparator ("高于 A 组或 B 组", "than A or B"): comparator -> the others."""
    out: dict = {}
    for first in comparators:
        last = first
        for a in arms:
            if a.start >= last.end and _AND_OR.fullmatch(text[last.end:a.start]):
                out.setdefault(first, []).append(a)
                last = a
    return out


def _distinct(arms: list[Arm]) -> list[Arm]:
    out = []
    for a in arms:
        if not out or out[-1].text != a.text:
            out.append(a)
    return out


def is_prior(text: str, arm: Arm) -> bool:
    """True when the arm's words in ``text`` name what the patients had before (既往 X 治疗失败, previously treated with X).

    >>> from kg.examples import toy_projection
    >>> text = "既往 PD-1 抑制剂治疗失败后, 安罗替尼"
    >>> [(a.text, is_prior(text, a)) for a in Mentions(toy_projection()).arms(text)]
    [('PD-1 抑制剂治疗', True), ('安罗替尼', False)]
    """
    return bool(PRIOR_BEFORE.search(text[max(0, arm.start - 30):arm.start]) or PRIOR_AFTER.match(text[arm.end:arm.end + 16]))


def _is_comparator(text: str, arm: Arm) -> bool:
    return bool(COMPARATOR_BEFORE.search(text[max(0, arm.start - 24):arm.start]) or COMPARATOR_AFTER.match(text[arm.end:arm.end + 6]))


def _with_letters(text: str, arms: list[Arm], study: StudyArms) -> list[Arm]:
    """``arms`` plus each use of a group letter the study defined ("A 组 vs C 组"), not its definition."""
    out = list(arms)
    for m in LETTER.finditer(text):
        letter = m.group("zh") or m.group("en") or m.group("pre")
        defined = study.letters.get(letter)
        if defined is None or any(a.start <= m.start() < a.end for a in arms):
            continue
        if any(0 <= a.start - m.end() <= 8 and DEFINES.match(text[m.end():a.start] + " ") for a in arms):
            continue                                # "A 组: X + Y" defines the letter here
        out.append(replace(defined, start=m.start(), end=m.end(), text=m.group(0)))
    return sorted(out, key=lambda a: a.start)


def _dose_arms(text: str, arms: list[Arm], finder: Mentions, study: StudyArms) -> list[Arm]:
    """Dose-only arms ("与 12 mg 剂量相比", "the 8 mg group"): the regimen of the same drugs as the
    sentence's (else the study's) named arm whose name gives that dose; unresolved when none or several do."""
    out = []
    for m in DOSE_ARM.finditer(text):
        if any(a.start <= m.start() < a.end for a in arms):
            continue
        reference = next((a for a in arms if a.drugs), None) or study.arm
        if reference is None or not reference.drugs:
            continue
        dose = _compact(m.group("dose") + "mg")[0]
        drugs = set()
        for d in reference.drugs:
            drugs.update(finder.components.get(d, (d,)))
        if reference.regimen:
            drugs = set(finder.components.get(reference.regimen, drugs))
        same = finder.regimens_of(drugs)
        dosed = [r for r in same if any(dose in name for name in finder.regimen_names(r))]
        out.append(Arm(m.start(), m.end(), m.group(0), reference.drugs, *((dosed[0], ()) if len(dosed) == 1 else (None, tuple(dosed)))))
    return out
