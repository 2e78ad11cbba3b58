"""Turtle with the project's stable prefixes, in a deterministic order, every literal as written.

Subjects, predicates and objects are sorted by rdflib's serializer and the graph holds no
blank nodes after loading (:func:`kg.store.enrich.skolemize_sources`), so two exports of the
same graph are byte-identical and a diff shows only what changed. A number or boolean is written
bare only when its lexical form is Turtle's own spelling of it; otherwise (``"4"^^xsd:decimal``,
``"0.1"^^xsd:double``, an ill-typed ``"notabool"^^xsd:boolean``) with its datatype, so the Turtle
holds exactly the terms of the N-Triples (rdflib alone would write ``4.0``, ``1e-01`` and ``notabool``).
"""

import io
import re

from rdflib import Graph, Literal
from rdflib.namespace import XSD
from rdflib.plugins.serializers.turtle import TurtleSerializer

from kg.namespaces import bind

# Turtle's grammar for the bare forms (INTEGER, DECIMAL, DOUBLE, BooleanLiteral).
_BARE = {
    XSD.integer: re.compile(r"[+-]?[0-9]+"),
    XSD.decimal: re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    XSD.double: re.compile(r"[+-]?([0-9]+\.[0-9]*|\.?[0-9]+)[eE][+-]?[0-9]+"),
    XSD.boolean: re.compile(r"true|false"),
}


class _ExactTurtle(TurtleSerializer):
    """rdflib's Turtle writer, with literals written by :func:`_literal`."""

    def label(self, node, position):
        if isinstance(node, Literal) and node.datatype in _BARE:
            if _BARE[node.datatype].fullmatch(str(node)):
                return str(node)
            return f"{Literal(str(node)).n3()}^^{self.get_pname(node.datatype, True) or node.datatype.n3()}"
        return super().label(node, position)


def dumps(graph: Graph) -> bytes:
    """Return ``graph`` as Turtle bytes (UTF-8) with the project prefixes and no others.

    The triples are copied into a graph that binds only those prefixes: prefixes a parser happened to
    bind on the way (``BFO:`` from a freshly parsed schema, none from a cached one) never change the file.

    >>> from rdflib import XSD
    >>> from kg.namespaces import ENT, KG
    >>> g = Graph()
    >>> _ = g.add((ENT.anlotinib, KG.inhibits, ENT.KDR))
    >>> _ = g.add((ENT.x, KG.value, Literal("4", datatype=XSD.decimal)))
    >>> _ = g.add((ENT.x, KG.pValue, Literal("0.01", datatype=XSD.decimal)))
    >>> print(dumps(g).decode().strip())
    @prefix ent: <https://w3id.org/evidence-kg/entity/> .
    @prefix kg: <https://w3id.org/evidence-kg/schema#> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <BLANKLINE>
    ent:anlotinib kg:inhibits ent:KDR .
    <BLANKLINE>
    ent:x kg:pValue 0.01 ;
        kg:value "4"^^xsd:decimal .
    """
    out = bind(Graph(bind_namespaces="none"))
    out += graph
    stream = io.BytesIO()
    _ExactTurtle(out).serialize(stream, encoding="utf-8")
    return stream.getvalue()
