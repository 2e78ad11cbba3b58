"""Namespaces of the graph, declared once (as in ``rdflib.namespace``).

Every module imports its namespaces from here, and :func:`bind` gives every
graph and every export the same stable prefixes.

>>> from kg.namespaces import KG, ENT
>>> str(ENT.anlotinib)
'https://w3id.org/evidence-kg/entity/anlotinib'
"""

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

BASE = "https://w3id.org/evidence-kg/"

KG = Namespace(BASE + "schema#")          # classes, properties, evidence levels
ENT = Namespace(BASE + "entity/")         # drugs, genes, cells, processes, diseases, ...
STUDY = Namespace(BASE + "study/")        # studies, subgroup analyses, arms
OM = Namespace(BASE + "outcome/")         # outcome measures (clinical numbers)
ASRT = Namespace(BASE + "assertion/")     # mechanistic and clinical assertions
GAP = Namespace(BASE + "gap/")            # evidence gaps named by the reviews
PUB = Namespace(BASE + "publication/")    # cited publications
DOC = Namespace(BASE + "document/")       # the source documents and their sections
SRC = Namespace(BASE + "source/")         # provenance nodes (skolemized at load)

BIBO = Namespace("http://purl.org/ontology/bibo/")
FABIO = Namespace("http://purl.org/spar/fabio/")
RO = Namespace("http://purl.obolibrary.org/obo/RO_")
ECO = Namespace("http://purl.obolibrary.org/obo/ECO_")
BIOLINK = Namespace("https://w3id.org/biolink/vocab/")

PREFIXES = {
    "kg": KG, "ent": ENT, "study": STUDY, "om": OM, "asrt": ASRT, "gap": GAP,
    "pub": PUB, "doc": DOC, "src": SRC,
    "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS, "dcterms": DCTERMS,
    "prov": PROV, "sh": SH, "bibo": BIBO, "fabio": FABIO, "RO": RO, "ECO": ECO,
    "biolink": BIOLINK,
}


def bind(graph: Graph) -> Graph:
    """Bind the project's prefixes to ``graph`` and return it.

    >>> g = bind(Graph())
    >>> g.namespace_manager.compute_qname(str(ENT.KDR))[:2]
    ('ent', rdflib.term.URIRef('https://w3id.org/evidence-kg/entity/'))
    """
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


_MANAGER = None


def _manager():
    global _MANAGER
    if _MANAGER is None:
        _MANAGER = bind(Graph()).namespace_manager
    return _MANAGER


def curie(node) -> str:
    """Return ``node`` as a CURIE with the project's prefixes (its IRI if none fits).

    >>> curie(ENT.KDR)
    'ent:KDR'
    """
    if node is None:
        return ""
    try:
        return _manager().normalizeUri(node)
    except Exception:  # a literal or an IRI rdflib cannot split
        return str(node)


def expand(name: str):
    """Return the IRI for a CURIE (``ent:KDR``) or an IRI string.

    >>> str(expand("ent:KDR"))
    'https://w3id.org/evidence-kg/entity/KDR'
    """
    return URIRef(name) if "://" in name else _manager().expand_curie(name)


def label(graph: Graph, node, lang: str = "en") -> str:
    """Return ``node``'s ``rdfs:label`` in ``lang`` ('' for none; the CURIE for English).

    >>> g = Graph().parse(data='@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . '
    ...                        '<https://w3id.org/evidence-kg/entity/KDR> rdfs:label "VEGFR2"@en, "血管内皮生长因子受体2"@zh .',
    ...                   format="turtle")
    >>> label(g, ENT.KDR), label(g, ENT.KDR, "zh")
    ('VEGFR2', '血管内皮生长因子受体2')
    >>> label(g, ENT.CCL5), label(g, ENT.CCL5, "zh")
    ('ent:CCL5', '')
    """
    from rdflib.namespace import RDFS as _RDFS
    if node is None:
        return ""
    for text in graph.objects(node, _RDFS.label):
        if getattr(text, "language", None) == lang:
            return str(text)
    return curie(node) if lang == "en" else ""


def labels(graph: Graph, node) -> dict[str, str]:
    """Return the ``rdfs:label`` of ``node`` by language tag (``{"en": ..., "zh": ...}``).

    >>> g = Graph().parse(data='<http://x.example/a> <http://www.w3.org/2000/01/rdf-schema#label> "CCL5"@en .', format="nt")
    >>> labels(g, URIRef("http://x.example/a"))
    {'en': 'CCL5'}
    """
    return {lbl.language: str(lbl) for lbl in graph.objects(node, RDFS.label) if isinstance(lbl, Literal)}


def simple(term):
    """Return ``term`` with an ``xsd:string`` datatype dropped (RDF 1.1: the same literal).

    Oxigraph spells every simple literal with its datatype, rdflib's parsers without it.

    >>> from rdflib import Literal
    >>> from rdflib.namespace import XSD
    >>> simple(Literal("mouse", datatype=XSD.string)) == Literal("mouse")
    True
    """
    from rdflib import Literal
    from rdflib.namespace import XSD
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def text(graph: Graph, node, predicate, lang: str = "en") -> str:
    """Return the value of ``predicate`` on ``node`` in ``lang``, else the first in sorted order ('' for none).

    The choice never depends on the store's order, so every store prints the same.

    >>> g = Graph().parse(data='<http://x.example/a> <http://x.example/note> "the note"@en, "note b"@fr, "note a"@de .',
    ...                   format="turtle")
    >>> a, note = URIRef("http://x.example/a"), URIRef("http://x.example/note")
    >>> text(g, a, note), text(g, a, note, lang="zh"), text(g, a, RDFS.comment)
    ('the note', 'note a', '')
    """
    values = sorted(graph.objects(node, predicate), key=lambda v: (getattr(v, "language", None) != lang, str(v)))
    return str(values[0]) if values else ""
