"""Attribution: which structural steps a chain may take, and whose effect the next hop then shows.

The schema says how each structural relation may be walked (``kg:forwardStep``,
``kg:reverseStep``); the rules here apply it along a chain:

- **never downward** (``kg:Specialises``): not from a family to a member, a process to a narrower
  one ("includes"), a pathway to a participant, a class to another drug;
- **upward after an effect** (``kg:Generalises``) is an inference that holds: X increases CD8+ T
  cell infiltration, so X increases effector T cell infiltration; the hop says what was inferred;
- **upward from the agent** before any effect borrows the broader thing's evidence: the next hop is
  **class-level** (``kg:ClassLevel``);
- **into a combination** (``kg:CombinationStep``, drug → a regimen with it) only from the agent: the
  regimen's results are the combination's, credited to the drug only when a comparison in the same
  study isolates it (arms that differ by the drug alone, placebo aside), which the hop names; else
  ``kg:CombinationNotIsolated``. A regimen of the drug alone is the drug;
- **co-treatments** of a support (``kg:combinationPartner``) are conditions the hop carries; one that
  is not on the chain and not the treatment the question is the response to is ``kg:CoTreatment``.

>>> from kg.examples import toy_projection
>>> G = toy_projection()
>>> isolating_comparison(G, "ent:anlotinib", "ent:regimen-anlotinib-plus-PD1_inhibitor",
...                      {"arm": "study:ToyCombo-combination", "comparator_arm": "study:ToyCombo-PD1"}).en
'Toy combination study: anlotinib + PD-1 inhibitor vs PD-1 inhibitor alone'
"""

from __future__ import annotations

import networkx as nx

from kg.model import COMBINATION, GENERALISES, Model
from kg.reasoning.indirectness import Applied, applied
from kg.reasoning.phrases import Words, join, names, say, schema_words

MEMBER = "kg:hasMember"


def agent_side(walked: list) -> bool:
    """Return True while the chain has taken no evidence hop: its current node is still the agent itself.

    >>> agent_side([]), agent_side([{"structural": True}]), agent_side([{"structural": True}, {"structural": False}])
    (True, True, False)
    """
    return all(hop["structural"] for hop in walked)


def may_take(model: Model, walked: list, key: str) -> bool:
    """Return whether a chain that has walked ``walked`` (hop records with ``key``, ``structural``) may take the
    structural step ``key`` next (see the module docstring).

    >>> from kg.store.loading import load_graph
    >>> from kg.model import read_model
    >>> model = read_model(load_graph(curated=False))
    >>> may_take(model, [], "kg:hasMember^"), may_take(model, [], "skos:broader^")
    (True, False)
    >>> may_take(model, [{"key": "kg:increases", "structural": False}], "kg:hasComponent^")
    False
    """
    step = model.steps.get(key)
    if step is None or not step.walked:
        return False
    if step.kind == COMBINATION and not agent_side(walked):
        return False        # a drug reached by an effect (metformin enhances anlotinib) is not the agent of a regimen
    previous = walked[-1]["key"] if walked else None
    # Back along the structure just walked reaches a sibling, not a consequence.
    return previous is None or model.steps.get(previous) is None or model.steps[previous].predicate != step.predicate


def structural_run(walked: list) -> list:
    """Return the structural hops right before the next evidence hop (since the last evidence hop or the start).

    >>> walked = [{"key": "kg:hasComponent^", "structural": True}, {"key": "kg:increases", "structural": False},
    ...           {"key": "kg:hasParticipant^", "structural": True}]
    >>> [hop["key"] for hop in structural_run(walked)], structural_run(walked[:2])
    (['kg:hasParticipant^'], [])
    """
    run = []
    for hop in reversed(walked):
        if not hop["structural"]:
            break
        run.append(hop)
    return run[::-1]


def step_inference(G: nx.MultiDiGraph, walked: list, u: str, v: str, key: str) -> Words:
    """Return what the structural step ``u → v`` (edge ``key``) lets the chain conclude, in words of both
    languages (empty for nothing).

    >>> from kg.examples import toy_projection
    >>> said = step_inference(toy_projection(), [{"source": "ent:anlotinib", "target": "ent:CCL5", "key": "kg:increases",
    ...                       "structural": False}], "ent:CCL5", "ent:CCL5_CD8_axis", "kg:hasParticipant^")
    >>> said.en
    'anlotinib increases CCL5, so it increases CCL5-CD8+ T cell axis (CCL5 participates in it)'
    >>> said.zh
    '安罗替尼增加/促进CC趋化因子配体5，因此也增加/促进CCL5-CD8+T细胞轴（CC趋化因子配体5参与CCL5-CD8+T细胞轴）'
    """
    model, name = G.graph["model"], names(G)
    step = model.steps[key]
    if step.kind != GENERALISES:
        return Words("", "")
    if agent_side(walked):
        return say("class_level_step", broader=name(v), node=name(u), step=schema_words(step))
    effect = next(hop for hop in reversed(walked) if not hop["structural"])
    relation = schema_words(model.relations.get(effect["key"]), effect["key"])
    return say("inferred_step", agent=name(effect["source"]), relation=relation, node=name(u), broader=name(v),
               step=schema_words(step))


def context_reasons(G: nx.MultiDiGraph, walked: list) -> tuple[list[Applied], tuple[str, str] | None]:
    """Return ``(reasons, combination)`` for the evidence hop that follows ``walked``.

    ``reasons``: class-level, where the structure before the hop made the agent a class or a broader
    kind; ``combination``: ``(drug, regimen)`` where it made the agent a regimen holding other active
    drugs, whose every support must then isolate the drug (:func:`isolating_comparison`).

    >>> from kg.examples import toy_projection
    >>> G = toy_projection()
    >>> context_reasons(G, [{"source": "ent:KDR", "target": "ent:VEGFR", "key": "kg:hasMember^",
    ...                      "structural": True, "step": GENERALISES}])       # from VEGFR2 up to its family
    ([Applied(reason='kg:ClassLevel', label='class-level', detail='evidence about VEGFR, not VEGFR2 itself', steps=1)], None)
    >>> context_reasons(G, [{"source": "ent:anlotinib", "target": "ent:regimen-anlotinib-plus-PD1_inhibitor",
    ...                      "key": "kg:hasComponent^", "structural": True, "step": COMBINATION}])
    ([], ('ent:anlotinib', 'ent:regimen-anlotinib-plus-PD1_inhibitor'))
    """
    model, name = G.graph["model"], names(G)
    run = structural_run(walked)
    if not run or not agent_side(walked):
        return [], None
    first = run[0]["source"]
    reasons, combination = [], None
    for hop in run:
        if hop["step"] == GENERALISES and not reasons:
            reasons.append(applied(model, "kg:ClassLevel", say("evidence_about", broader=name(hop["target"]), agent=name(first))))
        if hop["step"] == COMBINATION and _active(G, hop["target"]) - {hop["source"]}:
            combination = (hop["source"], hop["target"])
    return reasons, combination


def isolating_comparison(G: nx.MultiDiGraph, drug: str, regimen: str, support: dict) -> Words | None:
    """Return the comparison of ``support`` that isolates ``drug`` within ``regimen`` (``"ETER701: A vs B"``, in both languages),
    or None: the support's own arm is on ``regimen`` and its comparator arm on a regimen that differs from
    it by ``drug`` alone, placebo aside. Another comparison in the same study does not count for this number.

    >>> from kg.examples import toy_projection
    >>> G = toy_projection()
    >>> isolating_comparison(G, "ent:anlotinib", "ent:regimen-anlotinib-plus-PD1_inhibitor",
    ...                      {"arm": "study:ToyCombo-combination", "comparator_arm": "study:ToyCombo-PD1"})
    Words(en='Toy combination study: anlotinib + PD-1 inhibitor vs PD-1 inhibitor alone', zh='Toy combination study：安罗替尼联合PD-1抑制剂 对比 PD-1抑制剂单药')
    >>> isolating_comparison(G, "ent:anlotinib", "ent:regimen-anlotinib-plus-PD1_inhibitor",
    ...                      {"arm": "study:ToyCombo-combination"}) is None      # no comparator arm
    True
    """
    arms = G.graph.get("arms", {})
    own, against = arms.get(support.get("arm")), arms.get(support.get("comparator_arm"))
    if own is None or against is None or own[0] != regimen:
        return None
    with_drug, other = _active(G, regimen), _active(G, against[0])
    if with_drug - other == {drug} and other <= with_drug:
        name = names(G)
        return say("comparison", study=name(own[1]), arm=name(regimen), other=name(against[0]))
    return None


def add_on_comparison(G: nx.MultiDiGraph, drug: str, support: dict, partners: set) -> tuple[bool, Words] | None:
    """Return whether ``support``'s study isolates what ``drug`` adds to its co-treatments ``partners``, with
    the words for it (in both languages): ``(True, "study: A vs B")`` when the study has an arm of ``drug`` with the partners and
    one of the partners alone (placebo aside); ``(False, why)`` when its arms hold no such pair, so the
    result is the combination's, not the drug's add-on effect. None when there is nothing to judge: no
    partners, no study, or a study without arms.

    >>> from kg.examples import toy_projection
    >>> G = toy_projection()
    >>> isolated, said = add_on_comparison(G, "ent:anlotinib", {"study": "study:ToyCombo"}, {"ent:PD1_inhibitor"})
    >>> isolated, said.en
    (True, 'Toy combination study: anlotinib + PD-1 inhibitor vs PD-1 inhibitor alone')
    >>> isolated, said = add_on_comparison(G, "ent:anlotinib", {"study": "study:ToyTrial"}, {"ent:PD1_inhibitor"})
    >>> isolated, said.en, said.zh
    (False, 'Toy trial has no arm of PD-1 inhibitor without anlotinib to compare with', '玩具试验没有不含安罗替尼的PD-1抑制剂组可供比较')
    """
    partners = {p for p in partners if not G.nodes.get(p, {}).get("inert")}
    arms = [regimen for regimen, study in G.graph.get("arms", {}).values() if study == support.get("study")]
    if not partners or not arms:
        return None
    name = names(G)
    with_drug = [r for r in arms if _active(G, r) == partners | {drug}]
    alone = [r for r in arms if _active(G, r) == partners]
    if with_drug and alone:
        return True, say("comparison", study=name(support["study"]), arm=name(with_drug[0]), other=name(alone[0]))
    return False, say("no_add_on_arm", study=name(support["study"]), partners=join(sorted(map(name, partners)), "list"),
                      drug=name(drug))


def excused_partners(G: nx.MultiDiGraph, chain_nodes: set, target: str) -> set:
    """Return the co-treatments that are not conditions for a chain: its own nodes, the components of its
    regimens, and the treatments its target is the response to, with their members (never their
    classes' other members: bevacizumab is no PD-1 inhibitor).

    >>> from kg.examples import toy_projection
    >>> sorted(excused_partners(toy_projection(), {"ent:anlotinib", "ent:CCL5"}, "ent:ICI_response"))
    ['ent:CCL5', 'ent:PD1_inhibitor', 'ent:anlotinib']
    """
    excused = set(chain_nodes)
    for node in chain_nodes:
        excused |= _components(G, node)
    stack = list(G.nodes[target].get("response_to", ())) if target in G else []
    while stack:
        node = stack.pop()
        if node in excused or node not in G:
            continue
        excused.add(node)
        stack.extend(v for v, keyed in G._succ[node].items() if MEMBER in keyed)
    return excused


def co_treatments(G: nx.MultiDiGraph, support: dict, excused: set) -> list[str]:
    """Return the co-treatments of ``support`` that are conditions of the hop (not excused, not placebo).

    >>> from kg.examples import toy_projection
    >>> G = toy_projection()
    >>> co_treatments(G, {"partners": ["ent:PD1_inhibitor"]}, set())
    ['ent:PD1_inhibitor']
    >>> co_treatments(G, {"partners": ["ent:PD1_inhibitor"]}, excused_partners(G, {"ent:anlotinib"}, "ent:ICI_response"))
    []
    """
    return [p for p in support["partners"] if p not in excused and not G.nodes.get(p, {}).get("inert")]


def _components(G: nx.MultiDiGraph, regimen: str) -> set:
    return set(G.graph.get("components", {}).get(regimen, ()))


def _active(G: nx.MultiDiGraph, regimen: str) -> set:
    """A regimen's components other than placebo."""
    return {c for c in _components(G, regimen) if not G.nodes[c].get("inert")}


def namer(G: nx.MultiDiGraph):
    """Return a function giving a node's English label (the node id when it has none).

    >>> from kg.examples import toy_projection
    >>> name = namer(toy_projection())
    >>> name("ent:KDR"), name("ent:not_in_graph")
    ('VEGFR2', 'ent:not_in_graph')
    """
    return lambda node: G.nodes[node].get("label", node) if node in G else node
