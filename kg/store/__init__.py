"""The store: files and endpoints into one rdflib graph (rdflib's memory store or Oxigraph).

:mod:`~kg.store.files` (where things are, formats, the cache key), :mod:`~kg.store.loading`
(parsing, progress, the Oxigraph cache), :mod:`~kg.store.backends` (the two stores and their fast
paths), :mod:`~kg.store.enrich` (triples derived at load), :mod:`~kg.store.endpoint` (SPARQL
endpoints: query, push, a local Oxigraph server).
"""
