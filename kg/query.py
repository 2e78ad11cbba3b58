"""SPARQL over the loaded graph, with user terms bound as parameters (never pasted into the text).

>>> from kg.loading import load_graph
>>> from rdflib import URIRef
>>> cols, rows = run(load_graph(), "SELECT ?label WHERE { ?e rdfs:label ?label }",
...                  {"e": URIRef("https://w3id.org/evidence-kg/entity/KDR")})
>>> "VEGFR2" in [str(r[0]) for r in rows]
True
"""

from __future__ import annotations

from rdflib import Graph
from pyparsing import ParseException

from kg.errors import KGInputError
from kg.namespaces import PREFIXES


def run(graph: Graph, query: str, bindings: dict) -> tuple[list[str], list[list]]:
    """Return (variables, rows) of a SELECT, or (["ask"], [[bool]]) of an ASK; CONSTRUCT/DESCRIBE give triples.

    The project prefixes are predeclared; ``bindings`` (variable name → RDF term) are passed to
    the engine as initial bindings (on the Oxigraph store, only variables the SELECT clause names
    can be bound).
    """
    try:
        result = graph.query(query, initNs={prefix: str(ns) for prefix, ns in PREFIXES.items()},
                             initBindings=bindings)
    except ParseException as err:
        raise _syntax_error(err) from None
    except Exception as err:  # the engine raises plain exceptions for unsupported features
        raise KGInputError(f"SPARQL query failed: {err}") from None
    if result.type == "ASK":
        return ["ask"], [[bool(result.askAnswer)]]
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return ["subject", "predicate", "object"], [list(t) for t in result.graph]
    variables = [str(v) for v in result.vars]
    return variables, [list(row) for row in result]


def check_syntax(query: str) -> None:
    """Raise KGInputError naming line and column if ``query`` is not SPARQL 1.1 (before it is sent anywhere).

    >>> check_syntax("SELEC ?x WHERE {}")
    Traceback (most recent call last):
    ...
    kg.errors.KGInputError: SPARQL syntax error at line 1, column 1: Expected {SelectQuery | ConstructQuery | DescribeQuery | AskQuery}
    """
    from rdflib.plugins.sparql.parser import parseQuery
    try:
        parseQuery(query)
    except ParseException as err:
        raise _syntax_error(err) from None


def _syntax_error(err: ParseException) -> KGInputError:
    return KGInputError(f"SPARQL syntax error at line {err.lineno}, column {err.col}: {err.msg}")
