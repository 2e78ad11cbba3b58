"""The library's front door: one object whose methods mirror the `kg` commands.

Names are resolved with :mod:`kg.lookup` (labels, synonyms, CURIEs, IRIs), so a method takes
what a scientist would type. The rdflib graph and the NetworkX projection are built on first
use; the projection is cached on disk keyed by the content of the data files.

With ``endpoint`` (a SPARQL endpoint URL or :class:`kg.endpoint.Endpoint`) the graph is the one
the endpoint holds (in ``graph_iri``, else its default graph), not the local files: each method
fetches the subgraph it needs (see :mod:`kg.endpoint`), never cached on disk (the remote graph
can change).

>>> from kg.api import KnowledgeGraph
>>> kg = KnowledgeGraph()
>>> chains = kg.paths("anlotinib", "CD8+ T cell infiltration", k=3)
>>> chains[0]["nodes"][0]
'ent:anlotinib'
>>> rows = kg.outcomes(study="ALTER 1202")
>>> {r["study_id"] for r in rows} >= {"study:ALTER1202"}
True
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Iterable

from kg.errors import KGInputError
from kg.loading import cache_dir, fingerprint

CACHE_VERSION = "1"
SIZES = ("hops", "k", "max_hops")      # options that size a selection but do not make one


class KnowledgeGraph:
    """The curated graph plus any ``data`` files; methods return JSON-ready records."""

    def __init__(self, data: Iterable[str | Path] = (), *, curated: bool = True, cache: bool = True,
                 store: str = "rdflib", show_progress: bool = False, endpoint=None, graph_iri: str | None = None):
        from kg.loading import curated_files, expand_paths, ontology_files
        if endpoint is not None and data:
            raise KGInputError("--data does not apply with --endpoint: the endpoint holds the graph (kg push adds data)")
        self.endpoint = _endpoint(endpoint)
        self.graph_iri = graph_iri
        self.data = list(data)
        self.curated = curated
        self.store = store
        self.show_progress = show_progress
        self._files = list(ontology_files()) + (curated_files() if curated else []) + expand_paths(self.data)
        self._cache = cache and self.endpoint is None
        self._graph = None
        self._names = None
        self._projection = None
        self._index = None

    # -- what the methods share ------------------------------------------------------------
    @property
    def graph(self):
        """The rdflib graph (loaded and enriched on first use; from the on-disk cache when unchanged).

        On the Oxigraph store the graph is loaded anew each time (Oxigraph's bulk loader is the fast path).
        From an endpoint: the whole graph, fetched on first use.
        """
        if self._graph is None and self.endpoint is not None:
            from kg.endpoint import WHOLE
            self._graph = self._fetch(WHOLE)
        if self._graph is None:
            from kg.loading import load_graph

            def load():
                return load_graph(self.data, curated=self.curated, store=self.store, show_progress=self.show_progress)
            self._graph = load() if self.store == "oxigraph" else self._cached("graph", load)
        return self._graph

    @property
    def projection(self):
        """The NetworkX projection (from the on-disk cache when the data files are unchanged)."""
        if self._projection is None:
            self._projection = self._cached("projection", self._build_projection)
        return self._projection

    def _build_projection(self):
        """Build the projection; with ``show_progress`` a spinner says so (millions of edges take seconds)."""
        graph = self.graph
        if not self.show_progress:
            return _project(graph)
        from rich.console import Console
        with Console(stderr=True).status("building the entity graph (joining external graphs by identifier)"):
            return _project(graph)

    @property
    def index(self):
        """The name index used to resolve entity names.

        From an endpoint, before the whole graph is needed: built from the names alone.
        """
        if self._index is None:
            from kg.lookup import EntityIndex
            names = self.projection if self._graph is not None or self.endpoint is None else _project(self._names_graph())
            self._index = EntityIndex.from_projection(names)
        return self._index

    def resolve(self, name: str) -> str:
        """Return the node id (CURIE) for a name; raise KGInputError if unknown or ambiguous."""
        return self.index.resolve(name)

    # -- the commands ----------------------------------------------------------------------
    def paths(self, source: str, target: str, *, max_hops: int = 6, k: int = 10, via: str | None = None,
              **filters) -> list[dict]:
        """Return the top ``k`` chains from ``source`` to ``target`` as dicts (see :mod:`kg.paths`).

        ``filters``: ``min_evidence``, ``disease``, ``as_of``, ``exclude_mismatched``, ``direct_only``,
        ``min_certainty`` (see :meth:`edge_filter`).
        """
        return [c.to_dict(self.projection) for c in self.chains(source, target, max_hops=max_hops, k=k, via=via,
                                                                **filters)]

    def chains(self, source: str, target: str, *, max_hops: int = 6, k: int = 10, via: str | None = None,
               **filters) -> list:
        """The top ``k`` :class:`~kg.paths.Chain` objects from ``source`` to ``target`` (see :meth:`paths`)."""
        from kg.paths import find_chains
        return find_chains(self.projection, self.resolve(source), self.resolve(target), max_hops=max_hops, k=k,
                           flt=self.edge_filter(**filters), via=self.resolve(via) if via else None)

    def gaps(self, drug: str = "anlotinib", *, max_hops: int = 5, **filters) -> dict:
        """Return translational gaps from ``drug`` and the gaps the documents name (see :mod:`kg.gaps`)."""
        from kg.gaps import gaps
        return gaps(self.graph, self.projection, self.resolve(drug), max_hops=max_hops, flt=self.edge_filter(**filters))

    def outcomes(self, *, study: str | None = None, disease: str | None = None, setting: str | None = None,
                 endpoint: str | None = None, regimen: str | None = None, population: str | None = None,
                 sort: str = "study") -> list[dict]:
        """Return outcome-measure records matching the filters (names resolved; see :mod:`kg.outcomes`)."""
        from kg.outcomes import outcomes
        names = {"study": study, "disease": disease, "setting": setting, "endpoint": endpoint,
                 "regimen": regimen, "population": population}
        resolved = {key: self.resolve(value) for key, value in names.items() if value}
        return outcomes(self._subgraph("OUTCOMES"), sort=sort, **resolved)

    def evidence(self, entity: str, other: str | None = None) -> list[dict]:
        """Return every assertion about ``entity`` (or between it and ``other``), strongest first."""
        from kg.evidence import about
        from kg.namespaces import expand
        first = expand(self.resolve(entity))
        second = expand(self.resolve(other)) if other else None
        return about(self._subgraph("EVIDENCE", [first] + ([second] if second is not None else [])), first, second)

    def neighbors(self, entity: str, *, hops: int = 1, relation: str | None = None) -> dict:
        """Return ``{"nodes": [...], "edges": [...]}`` within ``hops`` of ``entity``."""
        from kg.paths import neighbors
        G = self.projection
        sub = neighbors(G, self.resolve(entity), hops=hops, relation=relation)
        nodes = [{"id": n, "label": a.get("label"), "label_zh": a.get("label_zh"), "class": a.get("cls")}
                 for n, a in sorted(sub.nodes(data=True))]
        from kg.reasoning.polarity import no_effect
        edges = []
        for u, v, d in sorted(sub.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("predicate", ""))):
            null = no_effect(d.get("support", ()))
            edges.append({"source": u, "relation": d.get("label"), "predicate": d.get("predicate"), "target": v,
                          "level": max((s for s in d["support"] if s["against"]), key=lambda s: s["rank"])["level"]
                          if null else d.get("level", ""),
                          "structural": bool(d.get("structural")), "no_effect": null})
        return {"center": self.resolve(entity), "nodes": nodes, "edges": edges}

    def sparql(self, query: str, bindings: dict | None = None) -> tuple[list[str], list[list]]:
        """Run a SPARQL query; return (variables, rows). ``bindings`` are bound as parameters."""
        from kg.query import run
        return run(self.graph, query, bindings or {})

    def select(self, **selection):
        """Return the RDF subgraph (an rdflib Graph), with provenance, behind what :meth:`view` draws for
        the same options: a neighbourhood, the top chains, or every link passing the filters.

        >>> sub = KnowledgeGraph().select(focus="CCL5", min_evidence="animal model")
        >>> len(sub) > 10
        True
        """
        from kg.selection import subgraph
        return subgraph(self.graph, self._selection(**selection))

    def export(self, fmt: str, **selection) -> bytes:
        """Return the graph serialized as ``fmt`` (``ttl``, ``nt``, ``jsonld``, ``graphml``): the whole graph,
        or with any of :meth:`view`'s options the part it selects (the same part the page draws).

        >>> KnowledgeGraph().export("graphml", focus="CCL5")[:5]
        b'<?xml'
        """
        from kg.io import RDF_FORMATS, dumps
        whole = not any(value for name, value in selection.items() if name not in SIZES)
        if fmt in RDF_FORMATS:
            return dumps(self.graph if whole else self.select(**selection), fmt)
        return dumps(self._selection(**selection), fmt)

    def view(self, **selection):
        """Return the drawable graph (see :mod:`kg.view`) of the whole graph, a neighbourhood or the top chains:
        ``focus`` (with ``hops``), or ``paths=(source, target)`` (with ``k``, ``max_hops``), and the filters of
        :meth:`edge_filter`. A whole graph too large to draw is refused before it is built.

        >>> V = KnowledgeGraph().view(paths=("anlotinib", "response to PD-1/PD-L1 blockade"), k=3)
        >>> len(V.graph["chains"])
        3
        """
        if not (selection.get("focus") or selection.get("paths")):
            from kg.render import check_drawable
            check_drawable(self.projection.number_of_nodes(), self.projection.number_of_edges())
        return self._selection(**selection)

    def _selection(self, *, focus: str | None = None, hops: int = 1, paths: tuple[str, str] | None = None,
                   k: int = 10, max_hops: int = 6, **filters):
        """The one selection behind :meth:`view`, :meth:`select` and :meth:`export`: edges pass the filters
        first, then the neighbourhood or the chains are taken along what is left."""
        from kg import view
        from kg.paths import find_chains
        G = self.projection
        flt = self.edge_filter(**filters)

        def name(node: str) -> str:
            return G.nodes[node].get("label", node)

        if paths is not None:
            source, target = self.resolve(paths[0]), self.resolve(paths[1])
            drawn = view.chains(G, find_chains(G, source, target, k=k, max_hops=max_hops, flt=flt), flt)
            title = f"Top {k} chains: {name(source)} → {name(target)}"
        elif focus is not None:
            drawn = view.neighbourhood(G, self.resolve(focus), hops=hops, flt=flt)
            title = f"Within {hops} hop{'s' if hops > 1 else ''} of {name(self.resolve(focus))}"
        else:
            drawn, title = view.whole(G, flt), "Evidence graph"
        if filters.get("min_evidence"):
            title += f" · evidence ≥ {filters['min_evidence']}"
        if filters.get("disease"):
            title += f" · {name(self.resolve(filters['disease']))}"
        drawn.graph["title"] = title
        return drawn

    def level_rank(self, name: str) -> int:
        """Return the rank of an evidence level named by label or local name (``"in vitro"``, ``RandomizedPhase2``)."""
        from kg.lookup import normalize
        levels = self.projection.graph["model"].levels
        for level in levels:
            if normalize(name) in (normalize(level.label), normalize(str(level.iri).rsplit("#", 1)[-1])):
                return level.rank
        choices = ", ".join(str(level.iri).rsplit("#", 1)[-1] for level in levels)
        raise KGInputError(f"unknown evidence level {name!r} (use one of {choices})")

    def certainty_rank(self, name: str) -> int:
        """Return the lowest certainty a name stands for: a number, a grade (``low``) or an evidence level."""
        model = self.projection.graph["model"]
        if name.strip().lstrip("-").isdigit():
            return int(name)
        from kg.lookup import normalize
        for lowest, label, label_zh in model.grades:
            if normalize(name) in (normalize(label), normalize(label_zh)):
                return lowest
        try:
            return self.level_rank(name)
        except KGInputError:
            grades = ", ".join(label for _, label, _ in model.grades)
            raise KGInputError(f"unknown certainty {name!r} (a number 0-{model.top_rank}, a grade: {grades}; "
                               f"or an evidence level)") from None

    def edge_filter(self, *, min_evidence: str | None = None, disease: str | None = None, as_of: int | None = None,
                    exclude_mismatched: bool = False, direct_only: bool = False, min_certainty: str | None = None):
        """The :class:`~kg.paths.EdgeFilter` for names as a user gives them (a level, a disease, a certainty)."""
        from kg.paths import EdgeFilter, disease_scope
        return EdgeFilter(min_rank=self.level_rank(min_evidence) if min_evidence else -1,
                          diseases=disease_scope(self.projection, self.resolve(disease)) if disease else None,
                          as_of=as_of, exclude_mismatched=exclude_mismatched, direct_only=direct_only,
                          min_certainty=self.certainty_rank(min_certainty) if min_certainty else -1)

    # -- an endpoint's graph -------------------------------------------------------------------
    def _fetch(self, query: str, values=(), into=None):
        """The triples of a CONSTRUCT ``query`` on the endpoint, in a graph on this object's store."""
        from kg.loading import new_graph
        return self.endpoint.construct(query, self.graph_iri, values=values,
                                       into=new_graph(self.store) if into is None else into)

    def _names_graph(self):
        """The labels, synonyms and identifiers of every node, from the endpoint (fetched once), with our
        schema read locally: its semantics (levels, polarities, reasons) are the tool's, whatever the server holds."""
        if self._names is None:
            from kg.endpoint import NAMES
            from kg.loading import load_graph
            self._names = self._fetch(NAMES, into=load_graph(curated=False, enrich=False, store=self.store))
        return self._names

    def _subgraph(self, need: str, values=()):
        """The graph a query needs: the whole graph when loaded; from an endpoint, the names plus the
        subgraph ``need`` (a query of :mod:`kg.endpoint`, ``{values}`` filled with the IRIs ``values``)."""
        if self._graph is not None or self.endpoint is None:
            return self.graph
        from kg import endpoint
        from kg.loading import new_graph
        graph = new_graph(self.store)
        graph += self._names_graph()
        return self._fetch(getattr(endpoint, need), values, into=graph)

    # -- the on-disk cache -----------------------------------------------------------------
    def _cached(self, what: str, build):
        if not self._cache:
            return build()
        path = cache_dir() / f"{what}-{self._fingerprint()}.pickle"
        if path.exists():
            try:
                with path.open("rb") as handle:
                    return pickle.load(handle)
            except Exception:  # a truncated or stale cache is rebuilt, never trusted
                path.unlink(missing_ok=True)
        value = build()
        try:
            from kg.io.atomic import atomic_write
            atomic_write(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except KGInputError:
            pass  # an unwritable cache only costs speed
        return value

    def _fingerprint(self) -> str:
        return fingerprint(self._files, salt=f"{CACHE_VERSION} {self.store}")


def _endpoint(endpoint):
    """An :class:`kg.endpoint.Endpoint` for a URL (None stays None)."""
    if endpoint is None or not isinstance(endpoint, str):
        return endpoint
    from kg.endpoint import Endpoint
    return Endpoint.at(endpoint)


def _project(graph):
    from kg.projection import project
    return project(graph)

