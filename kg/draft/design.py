"""Design: a study's design and evidence level from the text's own words.

>>> study_design("This randomized, double-blind phase III trial enrolled 440 patients.")
('kg:RandomizedPhase3', ['randomized', 'phase III'])
>>> study_design("Dou 等在回顾性研究中纳入…")
('kg:Retrospective', ['回顾性'])
>>> study_design("The median PFS was 5.6 months.")
(None, [])
"""

from __future__ import annotations

import re

_CUES = [
    ("meta", r"meta[- ]?analys[ie]s|荟萃分析|meta\s*分析|汇总分析|pooled analysis"),
    ("random", r"randomi[sz]ed|randomly assigned|随机"),
    ("phase3", r"phase\s*(?:III|3)\b|III\s*期|Ⅲ\s*期|3\s*期"),
    ("phase2", r"phase\s*(?:II|2)\b|II\s*期|Ⅱ\s*期|2\s*期"),
    ("single", r"single[- ]arm|单臂|non-?randomi[sz]ed|非随机|prospective|前瞻性"),
    ("retro", r"retrospective|real[- ]world|回顾性|真实世界"),
    ("case", r"case reports?|个案报道|病例报告|个案"),
    ("animal", r"\bmice\b|\bmouse\b|murine|in vivo|xenograft|荷瘤|小鼠|动物模型|体内"),
    ("vitro", r"in vitro|cell lines?|细胞系|体外"),
]
_RX = {name: re.compile(rx, re.IGNORECASE) for name, rx in _CUES}


def study_design(text: str) -> tuple[str | None, list[str]]:
    """Return ``(level CURIE, the cue words found)``; the level is None when the text names no design.

    Randomised with a phase gives the randomised level of that phase; a phase without
    randomisation, single-arm or prospective gives a single-arm trial.

    >>> study_design("一项随机、双盲、安慰剂对照 II 期临床试验")
    ('kg:RandomizedPhase2', ['随机', 'II 期'])
    """
    found = {name: rx.search(text) for name, rx in _RX.items()}
    words = lambda *names: [found[n].group(0) for n in names if found[n]]
    if found["meta"]:
        return "kg:MetaAnalysis", words("meta")
    if found["random"] and (found["phase3"] or not found["phase2"]) and found["phase3"]:
        return "kg:RandomizedPhase3", words("random", "phase3")
    if found["random"]:
        return "kg:RandomizedPhase2", words("random", "phase2")     # a randomised trial without a phase: phase 2 at most
    if found["phase2"] or found["phase3"] or found["single"]:
        return "kg:SingleArmTrial", words("phase2", "phase3", "single")
    for name, level in (("retro", "kg:Retrospective"), ("case", "kg:CaseReport"), ("animal", "kg:AnimalModel"),
                        ("vitro", "kg:InVitro")):
        if found[name]:
            return level, words(name)
    return None, []
