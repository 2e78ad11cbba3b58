"""The graph: the NetworkX projection of the RDF that queries, reasoning and views walk.

:mod:`~kg.graph.projection` (entities, relations, one support record per assertion),
:mod:`~kg.graph.external` (another graph's relations joined by shared identifiers),
:mod:`~kg.graph.lookup` (names a scientist types → entities).
"""
