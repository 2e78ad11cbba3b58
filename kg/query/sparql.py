"""SPARQL over the loaded graph, with user terms bound as parameters (never pasted into the text).

>>> from kg.examples import toy_graph
>>> from rdflib import URIRef
>>> cols, rows = run(toy_graph(), "SELECT ?label WHERE { ?e rdfs:label ?label }",
...                  {"e": URIRef("https://w3id.org/evidence-kg/entity/KDR")})
>>> "VEGFR2" in [str(r[0]) for r in rows]
True
"""

from __future__ import annotations

import contextlib
import signal
import threading

from rdflib import Graph
from pyparsing import ParseException

from kg.errors import KGInputError
from kg.namespaces import PREFIXES


def run(graph: Graph, query: str, bindings: dict, *, timeout: float | None = None) -> tuple[list[str], list[list]]:
    """Return (variables, rows) of a SELECT, or (["ask"], [[bool]]) of an ASK; CONSTRUCT/DESCRIBE give triples.

    The project prefixes are predeclared; ``bindings`` (variable name → RDF term) are passed to
    the engine as initial bindings (on the Oxigraph store, only variables the SELECT clause names
    can be bound). A query the engine rejects raises KGInputError; so does one still running after
    ``timeout`` seconds (see :func:`time_limit`).

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
        with time_limit(timeout):       # the engine evaluates lazily: the rows are read inside the limit
            result = graph.query(query, initNs={prefix: str(ns) for prefix, ns in PREFIXES.items()},
                                 initBindings=bindings)
            if result.type == "ASK":
                return ["ask"], [[bool(result.askAnswer)]]
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                return ["subject", "predicate", "object"], [list(t) for t in result.graph]
            return [str(v) for v in result.vars], [list(row) for row in result]
    except ParseException as err:
        raise _syntax_error(err) from None
    except KGInputError:
        raise
    except Exception as err:  # the engine raises plain exceptions for unsupported features
        raise KGInputError(f"SPARQL query failed: {err}") from None


class _OutOfTime(BaseException):
    """Raised into a running query by the alarm (a BaseException: the engine's own handlers let it through)."""


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Bound the block to ``seconds`` of wall time (None: no limit); raise KGInputError when it runs longer.

    An interval timer interrupts the Python engine between two steps, so only the main thread of a
    process can be limited (elsewhere the block runs unlimited); a single step inside a compiled
    engine (one Oxigraph aggregate) finishes before the limit is noticed.

    >>> with time_limit(0.2):
    ...     while True:
    ...         pass
    Traceback (most recent call last):
    ...
    kg.errors.KGInputError: the query ran longer than 0.2 s (give --timeout SECONDS for more)
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def alarm(signum, frame):
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _OutOfTime:
        raise KGInputError(f"the query ran longer than {seconds:g} s (give --timeout SECONDS for more)") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


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


def check_syntax(query: str) -> str:
    """Return the form of the SPARQL 1.1 ``query`` (``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``);
    raise KGInputError naming line and column if it does not parse (before it is sent anywhere).

    >>> check_syntax("SELECT ?x WHERE { ?x a kg:Drug }")
    'SELECT'
    >>> check_syntax("SELEC ?x WHERE {}")
    Traceback (most recent call last):
    ...
    kg.errors.KGInputError: SPARQL syntax error at line 1, column 1: Expected {SelectQuery | ConstructQuery | DescribeQuery | AskQuery}
    """
    from rdflib.plugins.sparql.parser import parseQuery
    try:
        parsed = parseQuery(query)
    except ParseException as err:
        raise _syntax_error(err) from None
    return parsed[1].name.removesuffix("Query").upper()


def _syntax_error(err: ParseException) -> KGInputError:
    return KGInputError(f"SPARQL syntax error at line {err.lineno}, column {err.col}: {err.msg}")
