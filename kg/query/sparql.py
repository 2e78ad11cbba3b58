"""SPARQL over the loaded graph, with user terms bound as parameters (never pasted into the text).

>>> from kg.examples import toy_graph
>>> from rdflib import URIRef
>>> cols, rows = run(toy_graph(), "SELECT ?label WHERE { ?e rdfs:label ?label }",
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
    can be bound). A query the engine rejects raises KGInputError.

    >>> from kg.examples import toy_graph
    >>> from kg.namespaces import ENT, curie
    >>> g = toy_graph()
    >>> cols, rows = run(g, "SELECT ?t WHERE { ?d kg:inhibits ?t } ORDER BY ?t", {"d": ENT.anlotinib})
    >>> cols, [curie(t) for (t,) in rows]
    (['t'], ['ent:ERK1_2', 'ent:KDR'])
    >>> run(g, "ASK { ent:anlotinib kg:increases ent:CCL5 }", {})
    (['ask'], [[True]])
    """
    if _calls_a_service(query):
        raise KGInputError("SPARQL SERVICE reaches another server: a query of the local files never leaves this "
                           "machine (name the server with --endpoint instead)")
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


def _calls_a_service(query: str) -> bool:
    """Whether ``query`` holds a ``SERVICE`` clause (False when it does not parse: the engine reports that)."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    def service(node) -> bool:
        if isinstance(node, CompValue):
            return node.name == "ServiceGraphPattern" or any(service(v) for v in node.values())
        if isinstance(node, (list, tuple)):
            return any(service(v) for v in node)
        return False
    try:
        return service(translateQuery(parseQuery(query), initNs={p: str(ns) for p, ns in PREFIXES.items()}).algebra)
    except Exception:
        return False


def check_syntax(query: str) -> None:
    """Raise KGInputError naming line and column if ``query`` is not SPARQL 1.1 (before it is sent anywhere).

    Return None when the query parses.

    >>> check_syntax("SELECT ?x WHERE { ?x a kg:Drug }")
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
