"""KGX (the Biolink Model's Knowledge Graph Exchange format): nodes and edges, as JSON Lines or TSV.

``kg export --format kgx -o PREFIX`` writes ``PREFIX_nodes.jsonl`` and ``PREFIX_edges.jsonl`` (what
``kgx transform --output-format jsonl`` writes); ``--format kgx-tsv``, ``PREFIX_nodes.tsv`` and
``PREFIX_edges.tsv``. How our classes, relations and levels are named in Biolink is the ontology's
(``ontology/biolink.ttl``, read by :func:`kg.model.read_biolink`); this module applies it:

- a **node** per entity: its id is the identifier (``kg:xref``) with the prefix Biolink prefers for its
  category (NCBIGene before HGNC for a gene, CHEBI before DRUGBANK for a drug), else its first
  identifier, else its own CURIE (``ent:...``); English name and synonyms, Chinese ones as ``name_zh``
  and ``synonym_zh``, its other identifiers as ``xref``, its IRI as ``iri``;
- an **edge** per assertion, never merged (its id is the assertion's CURIE): Biolink predicate and
  qualifiers, knowledge level, agent type and knowledge source from the ontology; ``negated`` for a result
  that does not support the claim; the cited works' DOIs as ``publications`` (a work without one by author,
  year and title in ``publication_without_doi``); the verbatim quotes
  (``supporting_text``) with their sections and source documents, index by index; the evidence level; and
  every other property of the assertion (an outcome measure's value, unit, arm, comparator, p-value, ...)
  in a column named after it.

>>> from kg.examples import toy_graph
>>> nodes, edges = tables(toy_graph())
>>> [e["id"] for e in edges][:1], edges[0]["predicate"], edges[0]["knowledge_level"]
(['asrt:toy-CCL5-increases-CD8-infiltration'], 'biolink:affects', 'knowledge_assertion')
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from kg.namespaces import BIBO, KG, curie, labels, text

# Columns that lead a TSV file (KGX's own order); the others follow in sorted order.
NODE_COLUMNS = ("id", "category", "name", "description", "synonym", "xref", "iri", "provided_by")
EDGE_COLUMNS = ("id", "subject", "predicate", "object", "qualified_predicate", "object_aspect_qualifier",
                "object_direction_qualifier", "causal_mechanism_qualifier", "negated", "knowledge_level",
                "agent_type", "primary_knowledge_source", "publications")
LIST_SEPARATOR = "|"      # KGX's separator of a multi-valued TSV cell
# Read by their own columns, not copied as properties (the reified triple, its source records).
_OWN = {RDF.type, RDF.subject, RDF.predicate, RDF.object, KG.evidenceLevel, KG.direction, KG.source}


def tables(graph: Graph) -> tuple[list[dict], list[dict]]:
    """Return the KGX ``(nodes, edges)`` of ``graph``: one node per entity, one edge per assertion, sorted by id.

    A graph without the Biolink names (a selection of the graph) is named by the shipped ontology's.

    >>> from kg.examples import toy_graph
    >>> nodes, edges = tables(toy_graph())
    >>> kdr = next(n for n in nodes if n["name"] == "VEGFR2")
    >>> kdr["id"], kdr["category"], kdr["iri"]
    ('NCBIGene:3791', ['biolink:Gene'], 'https://w3id.org/evidence-kg/entity/KDR')
    """
    from kg.model import read_biolink
    biolink = read_biolink(graph)
    if not biolink.categories:
        from kg.store.loading import load_graph
        biolink = read_biolink(load_graph(curated=False))
    nodes = {iri: _node(graph, biolink, iri) for iri in _entities(graph, biolink)}
    edges = []
    for assertion in sorted(set(graph.subjects(RDF.type, KG.Assertion))):
        for end in (graph.value(assertion, RDF.subject), graph.value(assertion, RDF.object)):
            if isinstance(end, URIRef) and end not in nodes:     # an end not typed as an entity (an external node)
                nodes[end] = {"id": curie(end), "category": ["biolink:NamedThing"], "iri": str(end)}
        edges.append(_edge(graph, biolink, assertion, nodes))
    return sorted(nodes.values(), key=lambda n: n["id"]), sorted(edges, key=lambda e: e["id"])


def parts(graph: Graph, fmt: str = "kgx") -> dict[str, bytes]:
    """Return the files of ``fmt`` (``kgx``: JSON Lines, ``kgx-tsv``: TSV) by name suffix: ``{"nodes.jsonl": ..., ...}``.

    >>> from kg.examples import toy_graph
    >>> files = parts(toy_graph(), "kgx-tsv")
    >>> sorted(files), files["edges.tsv"].split(b"\\t")[:4]
    (['edges.tsv', 'nodes.tsv'], [b'id', b'subject', b'predicate', b'object'])
    """
    from kg.io import MULTI_FILE
    nodes, edges = tables(graph)
    write = jsonl if fmt == "kgx" else tsv
    names = MULTI_FILE[fmt]
    return {names[0]: write(nodes, NODE_COLUMNS), names[1]: write(edges, EDGE_COLUMNS)}


def jsonl(records: list[dict], columns=()) -> bytes:
    """Return ``records`` as JSON Lines (UTF-8, keys sorted, one record a line); ``columns`` is unused (the TSV's).

    >>> jsonl([{"name": "安罗替尼", "id": "ent:anlotinib"}])
    b'{"id": "ent:anlotinib", "name": "\\xe5\\xae\\x89\\xe7\\xbd\\x97\\xe6\\x9b\\xbf\\xe5\\xb0\\xbc"}\\n'
    """
    return b"".join(json.dumps(r, ensure_ascii=False, sort_keys=True).encode() + b"\n" for r in records)


def tsv(records: list[dict], columns=()) -> bytes:
    r"""Return ``records`` as KGX TSV: a header of ``columns`` then the other keys sorted; lists joined with ``|``.

    Tabs and line breaks inside a value become spaces (a TSV cell cannot hold them).

    >>> tsv([{"id": "X:1", "synonym": ["a", "b"], "negated": False, "note": "two\tcells"}], ("id",)).decode().splitlines()
    ['id\tnegated\tnote\tsynonym', 'X:1\tFalse\ttwo cells\ta|b']
    """
    header = [c for c in columns if any(c in r for r in records)]
    header += sorted({k for r in records for k in r} - set(header))
    lines = ["\t".join(header)]
    for record in records:
        lines.append("\t".join(_cell(record.get(column)) for column in header))
    return ("\n".join(lines) + "\n").encode()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    return re.sub(r"[\t\r\n]+", " ", str(value))


def _entities(graph: Graph, biolink) -> list:
    """Every node typed with a class under ``kg:Entity``."""
    entity_classes = {cls for cls, up in biolink.ancestors.items() if "kg:Entity" in up}
    return sorted({s for s, cls in graph.subject_objects(RDF.type)
                   if isinstance(s, URIRef) and curie(cls) in entity_classes})


def _node(graph: Graph, biolink, iri) -> dict:
    classes = sorted(curie(c) for c in graph.objects(iri, RDF.type))
    xrefs = sorted(str(x) for x in graph.objects(iri, KG.xref))
    category, prefix, slots = biolink.node(classes, {x.split(":", 1)[0] for x in xrefs})
    # The identifier of the prefix Biolink prefers, else the first identifier, else our own CURIE.
    node_id = next((x for x in xrefs if x.split(":", 1)[0] == prefix), xrefs[0] if xrefs else curie(iri))
    names = labels(graph, iri)
    synonyms = sorted(graph.objects(iri, SKOS.altLabel))
    record = {"id": node_id, "category": [category], "name": names.get("en", curie(iri)),
              "description": text(graph, iri, KG.definition) or text(graph, iri, RDFS.comment),
              "synonym": [str(s) for s in synonyms if getattr(s, "language", None) in (None, "en")],
              "xref": [x for x in xrefs if x != node_id],
              "close_xref": sorted(str(x) for x in graph.objects(iri, KG.closeXref)),
              "iri": str(iri), "name_zh": names.get("zh"),
              "synonym_zh": [str(s) for s in synonyms if getattr(s, "language", None) == "zh"],
              **{k: [v] if k == "provided_by" else v for k, v in slots.items()}}
    return {k: v for k, v in record.items() if v not in (None, "", [])}


def _edge(graph: Graph, biolink, assertion, nodes: dict) -> dict:
    def ref(node) -> object:
        """A node's KGX id, a publication's DOI, a schema term's label, a literal's value."""
        if isinstance(node, Literal):
            value = node.toPython()
            return float(value) if isinstance(value, Decimal) else value if isinstance(value, (int, float, bool)) else str(value)
        if node in nodes:
            return nodes[node]["id"]
        doi = graph.value(node, BIBO.doi)
        if doi is not None:
            return f"doi:{doi}"
        return labels(graph, node).get("en") or curie(node)

    subject, predicate, obj = (graph.value(assertion, p) for p in (RDF.subject, RDF.predicate, RDF.object))
    level, direction = graph.value(assertion, KG.evidenceLevel), graph.value(assertion, KG.direction)
    record: dict = {"id": curie(assertion), "subject": ref(subject), "object": ref(obj),
                    "original_subject": curie(subject), "original_predicate": curie(predicate), "original_object": curie(obj),
                    **biolink.edge([curie(c) for c in graph.objects(assertion, RDF.type)],
                                   curie(predicate), curie(level), curie(direction)),
                    "evidence_level": ref(level), "evidence_rank": ref(graph.value(level, KG.rank)),
                    "evidence_direction": ref(direction)}
    sources = sorted(graph.objects(assertion, KG.source), key=lambda s: (str(graph.value(s, KG.section)), str(s)))
    columns: dict[str, list] = {}
    for source in sources:        # one entry per source, index by index: quote, section, document
        document = graph.value(graph.value(source, KG.section), DCTERMS.isPartOf)
        for name, values in ((biolink.property_slots.get("kg:quote", "quote"), [graph.value(source, KG.quote)]),
                             ("source_section", [graph.value(source, KG.section)]), ("source_document", [document]),
                             (biolink.property_slots.get("kg:cites", "cites"),
                              [c for c in sorted(graph.objects(source, KG.cites)) if graph.value(c, BIBO.doi) is not None]),
                             ("publication_without_doi",     # Biolink's publications are CURIEs: these are named
                              [Literal(_citation(graph, c)) for c in sorted(graph.objects(source, KG.cites))
                               if graph.value(c, BIBO.doi) is None]),
                             ("citation_mismatch", sorted(graph.objects(source, KG.mismatch))),
                             ("mismatch_note", sorted(graph.objects(source, KG.mismatchNote)))):
            columns.setdefault(name, []).extend(ref(v) if v is not None else "" for v in values)
    for prop in sorted(set(graph.predicates(assertion, None)) - _OWN):
        own = _snake(curie(prop).split(":")[-1])
        values = sorted(graph.objects(assertion, prop), key=str)
        chinese = [v for v in values if getattr(v, "language", None) == "zh"]
        values = [ref(v) for v in values if v not in chinese]
        slot = biolink.property_slots.get(curie(prop))
        # A Biolink slot that takes one value (a context qualifier, the p-value) takes it only where there is one.
        name = slot if slot and (len(values) == 1 or slot in _LISTS) else own
        columns.setdefault(name, []).extend(values)
        if chinese:
            columns.setdefault(own + "_zh", []).extend(str(v) for v in chinese)
    for name, values in columns.items():
        kept = values if name in _BY_SOURCE else list(dict.fromkeys(v for v in values if v != ""))
        if kept:
            record[name] = kept if len(kept) > 1 or name in _LISTS else kept[0]
    return record


# Columns with one entry per source of the assertion, index by index (empty where a source has none).
_BY_SOURCE = ("supporting_text", "source_section", "source_document")
# Columns that are lists even with one value: Biolink's multivalued slots, the per-source ones.
_LISTS = {"publications", "publication_without_doi", *_BY_SOURCE, "citation_mismatch", "mismatch_note"}


def _citation(graph: Graph, publication) -> str:
    """A publication without a DOI as its first author, year and title (``陈飞帆 2023: PD-1 抑制剂...``)."""
    return (f"{text(graph, publication, KG.firstAuthor)} {text(graph, publication, KG.year)}: "
            f"{text(graph, publication, DCTERMS.title)}")


def _snake(name: str) -> str:
    """``comparatorArm`` -> ``comparator_arm``, ``pValueText`` -> ``p_value_text``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
