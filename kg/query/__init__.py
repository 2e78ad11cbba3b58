"""Queries: one module per question a scientist asks; each returns JSON-ready records.

:mod:`~kg.query.paths` (chains and neighbours), :mod:`~kg.query.evidence`,
:mod:`~kg.query.outcomes`, :mod:`~kg.query.gaps`, :mod:`~kg.query.sparql`, :mod:`~kg.query.stats`,
:mod:`~kg.query.selection` (the RDF behind a view, for export).
"""
