"""Evidence knowledge graph: drug mechanisms and the clinical evidence behind them, as RDF.

>>> from kg import KnowledgeGraph
>>> KnowledgeGraph().resolve("VEGFR2")
'ent:KDR'

The layers, in the order data flows through them, are described in ``ARCHITECTURE.md``:
:mod:`kg.store` → :mod:`kg.model` → :mod:`kg.graph` → :mod:`kg.query` / :mod:`kg.reasoning` /
:mod:`kg.validation` → :mod:`kg.io` / :mod:`kg.render`; :class:`KnowledgeGraph` is the front door.
"""

from kg.api import KnowledgeGraph
from kg.errors import KGEndpointError, KGInputError

__all__ = ["KnowledgeGraph", "KGInputError", "KGEndpointError"]
