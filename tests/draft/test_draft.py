"""`kg draft`: real-looking abstracts checked number by number, hostile text, the installed command,
and a draft loaded with --data changing nothing the curated commands print."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from kg.api import KnowledgeGraph
from kg.draft import draft_text
from kg.draft.writer import to_turtle
from tests.conftest import run_kg

ROOT = Path(__file__).resolve().parents[2]

EN = ("A randomized, double-blind phase II trial. The objective response rate was 3.7% and 0% in the anlotinib and "
      "placebo groups, respectively (p = 0.9999). The median PFS was 1.51 vs. 0.71 months in favor of anlotinib "
      "(hazard ratio [HR] = 0.365, 95% confidence interval [CI]: 0.17–0.78; p = 0.0064). Patients with PD-L1 < 50% "
      "received 12 mg anlotinib. Anlotinib may inhibit VEGFR2.")
ZH = ("Dou 等在回顾性研究中纳入既往接受 PD-1/PD-L1 抑制剂治疗后进展的晚期 NSCLC 患者, 结果显示, 安罗替尼联合 PD-1 抑制剂方案可取得 "
      "23.9% 的客观缓解率和 85.1% 的疾病控制率, 中位 PFS 为 6.1 个月, 中位 OS 为 16.5 个月。与 12 mg 剂量相比, 8 mg 安罗替尼"
      "联合 PD-1 抑制剂时总体不良事件发生率显著降低(55.6% vs 82.6%, P = 0.041)。")


@pytest.fixture(scope="module")
def G():
    return KnowledgeGraph().projection


def _numbers(d):
    return [(m["endpoint"], m["value"], m["comparator_value"], m["p_text"]) for m in d.measures]


def test_english_abstract_number_by_number(G):
    d = draft_text(EN, G, name="en")
    assert _numbers(d) == [("ORR", 3.7, 0.0, "= 0.9999"), ("PFS", 1.51, 0.71, "= 0.0064"), ("HR_PFS", 0.365, None, "= 0.0064")]
    orr = d.measures[0]
    assert (orr["arm"].regimen, orr["comparator"].regimen) == ("ent:regimen-anlotinib", "ent:regimen-placebo")
    assert d.measures[2]["ci"] == (0.17, 0.78)
    assert d.studies[0]["level"] == "kg:RandomizedPhase2" and not d.studies[0]["inferred"]
    [claim] = d.assertions
    assert (claim["subject"], claim["predicate"], claim["object"], claim["hedge"]) == ("ent:anlotinib", "kg:inhibits", "ent:KDR", "may")


def test_chinese_abstract_number_by_number(G):
    d = draft_text(ZH, G, name="zh")
    assert d.lang == "zh"
    assert _numbers(d) == [("ORR", 23.9, None, None), ("DCR", 85.1, None, None), ("PFS", 6.1, None, None),
                           ("OS", 16.5, None, None), ("AE", 55.6, 82.6, "= 0.041")]
    assert d.measures[0]["arm"].regimen == "ent:regimen-anlotinib-plus-PD1_inhibitor"
    assert d.measures[4]["event_node"] == "ent:any_AE"
    assert d.studies[0]["level"] == "kg:Retrospective"
    # an arm named in Chinese gets the regimen's English label too, as the shapes ask of every entity
    g = Graph().parse(data=to_turtle(d), format="turtle")
    from kg.namespaces import KG
    from rdflib.namespace import RDFS
    arm = next(g.subjects(RDF.type, KG.StudyArm))
    assert {(str(o), o.language) for o in g.objects(arm, RDFS.label)} >= {("anlotinib + PD-1 inhibitor", "en")}


def test_events_over_n_confidence_intervals_counts_and_grades_in_words(G):
    text = ("In this single-arm phase II study, 40 patients received anlotinib. The ORR was 17.5% (7/40; 95% CI "
            "7.3-32.8) and the median PFS was 125 days (95% CI 90-160). Four patients achieved a partial response and "
            "thirty-four patients had stable disease. Grade 3 or higher adverse events occurred in 3 (7.5%) patients. "
            "客观缓解率为 30.0%(9/30), 疾病控制率为 80.0%(n = 30)。")
    d = draft_text(text, G, name="sizes")
    got = [(m["endpoint"], m["value"], m["unit"], m["ci"], m["count"], m["sample_size"], m["grade"]) for m in d.measures]
    assert got == [("ORR", 17.5, "%", (7.3, 32.8), 7, 40, None), ("PFS", 125.0, "d", (90.0, 160.0), None, None, None),
                   ("PR_count", 4.0, "{patients}", None, None, None, None),
                   ("SD_count", 34.0, "{patients}", None, None, None, None), ("AE", 7.5, "%", None, 3, None, "≥3"),
                   ("ORR", 30.0, "%", None, 9, 30, None), ("DCR", 80.0, "%", None, None, 30, None)]
    assert d.measures[4]["event_node"] == "ent:any_AE"           # "occurred in 3 (": no event name
    ttl = Graph().parse(data=to_turtle(d), format="turtle")
    from kg.namespaces import KG
    assert sorted(int(o) for o in ttl.objects(None, KG["count"])) == [3, 7, 9]
    assert sorted(int(o) for o in ttl.objects(None, KG.sampleSize)) == [30, 30, 40]
    # a fraction that does not give its percentage is not the measure's events / n
    [orr] = draft_text("The ORR was 17.5% (2/40).", G, name="x").measures
    assert (orr["count"], orr["sample_size"]) == (None, None)


def test_rates_at_several_time_points_and_values_of_three_arms(G):
    text = ("PFS rates at 6 and 12 months were 60.1% and 40.2%, respectively. 1 年和 2 年总生存率分别为 70.5% 和 45.0%。"
            "The median OS was 12.1, 9.5 and 8.0 months in the anlotinib plus chemotherapy, anlotinib and "
            "chemotherapy groups, respectively.")
    d = draft_text(text, G, name="points")
    got = [(m["endpoint"], m["value"], m["arm"].regimen if m["arm"] else None, m["comparator"]) for m in d.measures]
    assert got == [("PFS_6m", 60.1, None, None), ("PFS_12m", 40.2, None, None), ("OS_1y", 70.5, None, None),
                   ("OS_2y", 45.0, None, None), ("OS", 12.1, "ent:regimen-anlotinib-plus-chemotherapy", None),
                   ("OS", 9.5, "ent:regimen-anlotinib", None), ("OS", 8.0, "ent:regimen-chemotherapy", None)]


def test_cis_schedules_denominators_and_chinese_abbreviations_are_no_values(G):
    text = ("Patients received anlotinib 12 mg once daily for 14 days of a 21-day cycle, randomly assigned in a 2:1 ratio. "
            "Median PFS was 15 months (95% CI: 8.3 m, not reached). OS was longer with anlotinib than placebo "
            "(7.3 months [95% CI 6.1-10.3] vs 4.9 months [95% CI 2.7-6.3]). The 24-month overall survival rate was 58.4%. "
            "The 3-year OS rates were 27.6% and 12.6% (HR = 2.52, P = 0.01). The DCRs were 100%, 83.3%, and 64.3% in "
            "first-, second- and third-line, respectively. 33例患者中无完全缓解, 病情稳定17例, ORR为15.2%(5/33)。")
    d = draft_text(text, G, name="masks")
    got = [(m["endpoint"], m["value"], m["comparator_value"]) for m in d.measures]
    assert got == [("PFS", 15.0, None), ("OS", 7.3, 4.9), ("OS_24m", 58.4, None), ("OS_3y", 27.6, 12.6), ("HR_OS", 2.52, None),
                   ("DCR", 100.0, None), ("DCR", 83.3, None), ("DCR", 64.3, None), ("CR_count", 0.0, None),
                   ("SD_count", 17.0, None), ("ORR", 15.2, None)]
    assert d.measures[-1]["count"] == 5 and d.measures[-1]["sample_size"] == 33


def test_a_subgroups_number_stays_open_until_its_population_is_set(tmp_path, G):
    text = "In the limited-stage subgroup, median OS was 9.1 months. 在既往 ICI 治疗失败患者中, 中位 PFS 为 6.3 个月。"
    d = draft_text(text, G, name="sub")
    assert [m["subgroup"] for m in d.measures] == [("subgroup", "limited-stage"), ("population", "既往 ICI 治疗失败")]
    path = tmp_path / "sub.ttl"
    path.write_text(to_turtle(d), encoding="utf-8")
    report = {(p["problem"], p["open"]) for p in json.loads(run_kg("validate", "--json", "--drafts", path).stdout)}
    assert ("subgroup as written: limited-stage: set kg:population", True) in report      # blocks confirming
    assert ("population as written: 既往 ICI 治疗失败: set kg:population", False) in report   # may be all patients


def test_every_item_is_a_draft_with_its_verbatim_sentence(G):
    g = Graph().parse(data=to_turtle(draft_text(EN, G, name="en")), format="turtle")
    from kg.draft.marks import draft_nodes
    from kg.namespaces import KG
    subjects = {s for s in g.subjects() if not isinstance(s, type(next(iter(g.objects(None, KG.source)))))}
    assert subjects <= draft_nodes(g)
    assert all(str(q) in EN for q in g.objects(None, KG.quote))


@pytest.mark.parametrize("text", ["", "no numbers at all here.", "<script>alert('x')</script><b>ORR</b> 30%",
                                  "PFS " + "9" * 5000 + " months", '"""\\ \n\t\x00'.replace("\x00", "")])
def test_hostile_text_drafts_safely(G, text):
    from kg.draft.text import clean       # what read_text gives the drafter
    ttl = to_turtle(draft_text(clean(text), G, name="hostile"))
    Graph().parse(data=ttl, format="turtle")            # always valid Turtle
    assert "<script>" not in ttl


def test_installed_command_and_bad_files(tmp_path):
    source = tmp_path / "abstract.txt"
    source.write_text(EN, encoding="utf-8")
    out = tmp_path / "draft.ttl"
    done = run_kg("draft", source, "--doi", "10.1002/cam4.4507", "-o", out)
    assert done.returncode == 0, done.stderr
    assert "kg:value 1.51" in out.read_text(encoding="utf-8")
    check = run_kg("validate", "--drafts", out)
    assert check.returncode == 1 and "missing a first author" in check.stdout
    named = tmp_path / "named.ttl"
    done = run_kg("draft", source, "--first-author", "Cheng, Y.", "--year", "2022", "-o", named)
    assert done.returncode == 0, done.stderr
    paper = Graph().parse(named)
    from kg.namespaces import KG
    assert {str(o) for o in paper.objects(None, KG.firstAuthor)} == {"Cheng, Y."}
    assert {o.toPython() for o in paper.objects(None, KG.year)} == {2022}
    assert "missing a first author" not in run_kg("validate", "--drafts", named).stdout
    assert run_kg("draft", source, "--year", "3000").returncode == 2
    binary = tmp_path / "paper.pdf"
    binary.write_bytes(b"%PDF-1.4\x00\x01\x02")
    bad = run_kg("draft", binary)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "binary" in bad.stderr
    missing = run_kg("draft", tmp_path / "nope.txt")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_a_loaded_draft_changes_no_output(tmp_path):
    source = tmp_path / "abstract.txt"
    source.write_text(EN + " " + ZH, encoding="utf-8")
    out = tmp_path / "draft.ttl"
    assert run_kg("draft", source, "-o", out).returncode == 0
    for args in (("paths", "anlotinib", "CD8+ T cell infiltration", "-k", "3"), ("outcomes", "--json"),
                 ("export", "--format", "nt")):
        plain, with_draft = run_kg(*args), run_kg("--data", out, *args)
        assert plain.returncode == with_draft.returncode == 0, with_draft.stderr
        assert plain.stdout == with_draft.stdout, args


def test_confirm_removes_marks_only_where_nothing_is_open(tmp_path, G):
    from rdflib import Literal

    from kg.draft.marks import DRAFT
    from kg.namespaces import KG, expand
    ttl = to_turtle(draft_text(EN, G, name="en", doi="10.1002/cam4.4507"))
    ttl = ttl.replace("pub:draft-en a kg:Publication , kg:SourceDocument ;",
                      'pub:draft-en a kg:Publication , kg:SourceDocument ; kg:firstAuthor "Cheng Y" ; kg:year 2022 ; '
                      'dcterms:title "Anlotinib for small cell lung cancer with liver metastases"@en ;')
    path, confirmed = tmp_path / "d.ttl", tmp_path / "confirmed.ttl"
    path.write_text(ttl, encoding="utf-8")
    done = run_kg("draft", "--confirm", path, "-o", confirmed)
    assert done.returncode == 0, done.stderr
    g = Graph().parse(confirmed, format="turtle")
    marked = {curie for curie in ("om:draft-en-1", "om:draft-en-2", "om:draft-en-3", "pub:draft-en", "study:draft-en-s1")
              if (expand(curie), DRAFT, Literal(True)) in g}
    assert marked == {"om:draft-en-3"}            # the hazard ratio: no endpoint in the graph, kept as a draft
    assert (expand("om:draft-en-3"), KG.unresolvedName, None) in g
    assert len(g) >= len(Graph().parse(path, format="turtle")) - 10     # only marks removed
    before, after = run_kg("validate", "--json"), run_kg("--data", confirmed, "validate", "--json")
    assert after.returncode == before.returncode, after.stdout[-2000:]
    new = {(v["entity"], v["rule"]) for v in json.loads(after.stdout)["violations"]} \
        - {(v["entity"], v["rule"]) for v in json.loads(before.stdout)["violations"]}
    assert new == set()
    left = run_kg("validate", "--drafts", confirmed, "--json")
    assert left.returncode == 1 and {p["item"] for p in json.loads(left.stdout) if p["open"]} == {"om:draft-en-3"}


def test_a_long_paper_drafts_every_measure_with_endpoint_value_and_verbatim_quote(tmp_path):
    """Both seed documents as one file (about 20 pages), as a stand-in for a long paper."""
    from kg.draft.text import clean
    from kg.namespaces import KG
    text = "\n\n".join((ROOT / "sources" / f"{d}.txt").read_text(encoding="utf-8") for d in ("d000", "d001"))
    source, out = tmp_path / "paper.txt", tmp_path / "paper.ttl"
    source.write_text(text, encoding="utf-8")
    done = run_kg("draft", source, "-o", out)
    assert done.returncode == 0, done.stderr
    g = Graph().parse(out, format="turtle")
    measures = list(g.subjects(RDF.type, KG.OutcomeMeasure))
    assert len(measures) > 80                     # both reviews report over a hundred numbers
    cleaned = clean(text)
    for om in measures:
        assert g.value(om, KG.endpoint) is not None, om
        assert g.value(om, KG.value) is not None, om
        quotes = [str(g.value(src, KG.quote)) for src in g.objects(om, KG.source)]
        assert quotes and all(q in cleaned for q in quotes), om


ARMS_EN = ("Patients were randomised to anlotinib (arm A) or placebo (arm B). The median PFS was 5.6 vs 2.7 months in arm A vs "
           "arm B (HR 0.41, 95% CI 0.30-0.56). The median OS was 9.6 vs 6.3 months. In patients previously treated with "
           "docetaxel, the ORR was 12%. Compared with the 12 mg group, the 8 mg + ICIs group had a longer PFS (8.7 vs 6.7 "
           "months, P = 0.016).")
ARMS_ZH = ("一项研究纳入既往免疫治疗进展的患者, 接受安罗替尼联合多西他赛治疗, ORR 为 30.2%。中位 PFS 和 OS 分别为 6.5 个月和 13.5 个月。"
           "另一项研究显示, 该联合方案的 DCR 为 79.1%。")


def _arms(d):
    return [(m["endpoint"], m["value"], m["arm"] and m["arm"].regimen, m["comparator"] and m["comparator"].regimen) for m in d.measures]


def test_arms_from_group_letters_earlier_sentences_and_doses(G):
    a, p = "ent:regimen-anlotinib", "ent:regimen-placebo"
    assert _arms(draft_text(ARMS_EN, G, name="arms")) == [
        ("PFS", 5.6, a, p), ("HR_PFS", 0.41, a, p),          # "arm A vs arm B": the letters defined before
        ("OS", 9.6, a, p),                                     # a pair whose sentence names no arm: the study's arms
        ("ORR", 12.0, a, None),                                # "previously treated with docetaxel" is no arm
        ("PFS", 8.7, "ent:regimen-anlotinib-8mg-plus-ICI", "ent:regimen-anlotinib-12mg-plus-ICI")]   # "the 12 mg group"


def test_arms_skip_prior_treatment_and_follow_the_study_and_this_combination(G):
    ad = "ent:regimen-anlotinib-plus-docetaxel"
    assert _arms(draft_text(ARMS_ZH, G, name="arms")) == [("ORR", 30.2, ad, None), ("PFS", 6.5, ad, None),
                                                          ("OS", 13.5, ad, None), ("DCR", 79.1, ad, None)]


REVIEW = ("DURABLE 研究[56]是一项度伐利尤单抗联合安罗替尼作为广泛期小细胞肺癌维持治疗的随机 II 期试验, 其主要研究终点中位 PFS 为 "
          "5.4 个月 vs 1.9 个月。例如, 安罗替尼与程序性细胞死亡蛋白-1 抑制剂(programmed cell death protein-1 inhibitor, PD-1 抑制剂)"
          "联合使用时, 其 ORR 为 30.2%, 明显高于安慰剂组或单独化疗组[57]。\n\n参考文献\n\n"
          "- [56] Han, B., Zhang, B., *et al.* (2024) MA17.07 Durvalumab Plus Anlotinib versus Durvalumab as Maintenance "
          "Treatment in ES-SCLC (DURABLE): A Randomized, Phase 2 Trial. *Journal of Thoracic Oncology*, **19**, S125-S126. "
          "<https://doi.org/10.1016/j.jtho.2024.09.225>\n"
          "- [57] Nobody, A. (2025) A Study of 45 Patients with a Median PFS of 9.9 Months. *Journal X*, 1, 2.\n"
          "- Continued Line of the Same Entry. <https://doi.org/10.9999/X.1>\n")


def test_a_review_cites_its_references_and_reads_comparators_from_their_titles(G):
    d = draft_text(REVIEW, G, name="review")
    # the reference list reports no result: its "45 patients" and "9.9 months" are not drafted
    assert [(m["endpoint"], m["value"], m["comparator_value"]) for m in d.measures] == \
        [("PFS", 5.4, 1.9), ("ORR", 30.2, None), ("ORR", 30.2, None)]
    pfs, orr_placebo, orr_chemo = d.measures
    # the sentence names no comparator; the cited title does, and the measure says it was inferred
    assert (pfs["arm"].regimen, pfs["comparator"].regimen) == ("ent:regimen-durvalumab-plus-anlotinib", "ent:regimen-durvalumab")
    assert pfs["inferred"].startswith("comparator read from the title of reference [56]")
    # "X 与 Y(…)联合使用": one arm; "高于 A 组或 B 组": one measure per comparator
    assert orr_placebo["arm"].regimen == "ent:regimen-anlotinib-plus-PD1_inhibitor" and orr_placebo["inferred"] is None
    assert (orr_placebo["comparator"].regimen, orr_chemo["comparator"].regimen) == ("ent:regimen-placebo", "ent:regimen-chemotherapy")
    assert d.doi is None                              # a reference's DOI is not the review's own
    g = Graph().parse(data=to_turtle(d), format="turtle")
    from kg.namespaces import BIBO, KG, PUB
    om1 = next(s for s in g.subjects(KG.value, None) if str(s).endswith("draft-review-1"))
    assert (next(g.objects(om1, KG.source)), KG.cites, PUB.Han2024) in g       # the graph's own record of [56], by DOI
    assert "title of reference [56]" in str(g.value(om1, KG.note))
    drafted = PUB["draft-review-ref57"]                # [57] is not in the graph: drafted from its entry, lines joined
    assert str(g.value(drafted, BIBO.doi)) == "10.9999/x.1" and g.value(drafted, KG.year).toPython() == 2025
    assert (drafted, KG.draft, None) in g
    study57 = next(s for s in g.subjects(KG.reportedIn, drafted))
    assert (study57, KG.draft, None) in g
