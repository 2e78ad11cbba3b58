"""The library's front door: one object whose methods mirror the `kg` commands.

Names are resolved with :mod:`kg.graph.lookup` (labels, synonyms, CURIEs, IRIs), so a method takes
what a scientist would type. The rdflib graph and the NetworkX projection are built on first
use; the projection is cached on disk keyed by the content of the data files.

With ``endpoint`` (a SPARQL endpoint URL or :class:`kg.store.endpoint.Endpoint`) the graph is the one
the endpoint holds (in ``graph_iri``, else its default graph), not the local files: each method
fetches the subgraph it needs (see :mod:`kg.store.endpoint`), never cached on disk (the remote graph
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

from pathlib import Path
from typing import Iterable

from kg.errors import KGInputError
from kg.store.files import cache_dir, fingerprint

CACHE_VERSION = "3"     # 2: caches carry a verified header (kg.store.cache); 3: the projection indexes publications


def _a_graph(value) -> bool:
    from rdflib import Graph
    return isinstance(value, Graph) and len(value) > 0      # the schema alone has triples


def _a_projection(value) -> bool:
    import networkx as nx
    return isinstance(value, nx.MultiDiGraph) and "model" in value.graph


# What each on-disk cache must hold to be used (its libraries imported only when a cache is read).
CACHE_CHECKS = {"graph": _a_graph, "projection": _a_projection}
SIZES = ("hops", "k", "max_hops")      # options that size a selection but do not make one


class KnowledgeGraph:
    """The curated graph plus any ``data`` files; methods return JSON-ready records.

    ``KnowledgeGraph(data, curated=True, cache=True, store="rdflib", endpoint=None, graph_iri=None)``
    returns the object; nothing is loaded until a method needs it. ``curated=False`` leaves out the
    curated triples (the schema is always there), ``cache=False`` skips the on-disk cache of the graph
    and the projection.

    >>> from kg.examples import TOY
    >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
    >>> kg.resolve("RANTES"), kg.curated, kg.endpoint is None
    ('ent:CCL5', False, True)
    """

    def __init__(self, data: Iterable[str | Path] = (), *, curated: bool = True, cache: bool = True,
                 store: str = "rdflib", show_progress: bool = False, endpoint=None, graph_iri: str | None = None):
        from kg.store.files import curated_files, expand_paths, ontology_files
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

        >>> from kg.examples import TOY
        >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
        >>> from kg.namespaces import ENT, KG
        >>> (ENT.anlotinib, KG.increases, ENT.CCL5) in kg.graph
        True
        """
        if self._graph is None and self.endpoint is not None:
            from kg.store.endpoint import WHOLE
            self._graph = self._fetch(WHOLE)
        if self._graph is None:
            from kg.store.loading import load_graph

            def load():
                return load_graph(self.data, curated=self.curated, store=self.store, show_progress=self.show_progress)
            self._graph = load() if self.store == "oxigraph" else self._cached("graph", load)
        return self._graph

    @property
    def projection(self):
        """The NetworkX projection (from the on-disk cache when the data files are unchanged).

        See :func:`kg.graph.projection.project`; built from :attr:`graph` on first use.

        >>> from kg.examples import TOY
        >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
        >>> kg.projection.has_edge("ent:anlotinib", "ent:KDR")
        True
        >>> kg.projection["ent:anlotinib"]["ent:KDR"]["kg:inhibits"]["level"]
        'in vitro'
        """
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
        It is a :class:`kg.graph.lookup.EntityIndex` (labels, synonyms, identifiers, CURIEs, IRIs).

        >>> from kg.examples import TOY
        >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
        >>> kg.index.resolve("VEGFR-2")
        'ent:KDR'
        """
        if self._index is None:
            from kg.graph.lookup import EntityIndex
            names = self.projection if self._graph is not None or self.endpoint is None else _project(self._names_graph())
            self._index = EntityIndex.from_projection(names)
        return self._index

    def resolve(self, name: str) -> str:
        """Return the node id (CURIE) for a name; raise KGInputError if unknown or ambiguous.

        A name is a label, a synonym, an identifier (``kg:xref``), a CURIE or an IRI.

        >>> from kg.examples import TOY
        >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
        >>> kg.resolve("RANTES"), kg.resolve("VEGFR-2"), kg.resolve("HGNC:6307")
        ('ent:CCL5', 'ent:KDR', 'ent:KDR')
        >>> kg.resolve("imatinib")
        Traceback (most recent call last):
        ...
        kg.errors.KGInputError: unknown entity 'imatinib'; did you mean 'anlotinib'?
        """
        return self.index.resolve(name)

    # -- the commands ----------------------------------------------------------------------
    def paths(self, source: str, target: str, *, max_hops: int = 6, k: int = 10, via: str | None = None,
              **filters) -> list[dict]:
        """Return the top ``k`` chains from ``source`` to ``target`` as dicts (see :mod:`kg.query.paths`).

        ``filters``: ``min_evidence``, ``disease``, ``as_of``, ``exclude_mismatched``, ``direct_only``,
        ``min_certainty`` (see :meth:`edge_filter`).

        >>> from kg.examples import TOY
        >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
        >>> chains = kg.paths("anlotinib", "response to PD-1/PD-L1 blockade", k=3)
        >>> chains[0]["nodes"]
        ['ent:anlotinib', 'ent:CCL5', 'ent:CCL5_CD8_axis', 'ent:ICI_response']
        >>> chains[0]["grade"], chains[0]["net_effect"]
        ('very low', 'increases')
        >>> kg.paths("anlotinib", "response to PD-1/PD-L1 blockade", min_evidence="randomized phase 3 trial")
        []
        """
        return [c.to_dict(self.projection) for c in self.chains(source, target, max_hops=max_hops, k=k, via=via,
                                                                **filters)]

    def chains(self, source: str, target: str, *, max_hops: int = 6, k: int = 10, via: str | None = None,
               **filters) -> list:
        """Return the top ``k`` :class:`~kg.query.paths.Chain` objects from ``source`` to ``target`` (see :meth:`paths`).

        >>> from kg.examples import TOY
        >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
        >>> [chain.nodes[1] for chain in kg.chains("anlotinib", "ICI_response")]
        ['ent:CCL5']
        >>> [hop.relation for hop in kg.chains("anlotinib", "ICI_response")[0].hops]
        ['increases', 'participates in', 'increases']
        """
        from kg.query.paths import find_chains
        return find_chains(self.projection, self.resolve(source), self.resolve(target), max_hops=max_hops, k=k,
                           flt=self.edge_filter(**filters), via=self.resolve(via) if via else None)

    def gaps(self, drug: str = "anlotinib", *, max_hops: int = 5, **filters) -> dict:
        """Return translational gaps from ``drug`` and the gaps the documents name (see :mod:`kg.query.gaps`).

        A dict: ``chains``, the best chains to each clinical outcome whose weakest hop rests on
        preclinical evidence or a review's own statement (``needs_clinical_evidence`` names that hop),
        and ``named``, the gaps the documents state.

        >>> from kg.examples import TOY
        >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
        >>> found = kg.gaps("anlotinib")
        >>> [(gap["outcome_id"], gap["needs_clinical_evidence"]["target"]) for gap in found["chains"]]
        [('ent:ICI_response', 'CCL5')]
        >>> found["named"]
        []
        """
        from kg.query.gaps import gaps
        return gaps(self.graph, self.projection, self.resolve(drug), max_hops=max_hops, flt=self.edge_filter(**filters))

    def outcomes(self, *, study: str | None = None, disease: str | None = None, setting: str | None = None,
                 endpoint: str | None = None, regimen: str | None = None, population: str | None = None,
                 sort: str = "study") -> list[dict]:
        """Return outcome-measure records matching the filters (names resolved; see :mod:`kg.query.outcomes`).

        >>> from kg.examples import TOY
        >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
        >>> [(r["outcome"], r["value"], r["comparator_value"], r["unit"]) for r in kg.outcomes(endpoint="PFS")]
        [('om:ToyTrial-PFS', 5.4, 1.4, 'mo')]
        >>> kg.outcomes(study="Toy trial")[0]["regimen"]
        'anlotinib monotherapy'
        """
        from kg.query.outcomes import outcomes
        names = {"study": study, "disease": disease, "setting": setting, "endpoint": endpoint,
                 "regimen": regimen, "population": population}
        resolved = {key: self.resolve(value) for key, value in names.items() if value}
        return outcomes(self._subgraph("OUTCOMES"), sort=sort, **resolved)

    def evidence(self, entity: str, other: str | None = None) -> list[dict]:
        """Return every assertion about ``entity`` (or between it and ``other``), strongest first.

        >>> from kg.examples import TOY
        >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
        >>> [(r["assertion"], r["level"]) for r in kg.evidence("anlotinib", "CCL5")]
        [('asrt:toy-anlotinib-increases-CCL5', 'animal model (in vivo)')]
        >>> [r["rank"] for r in kg.evidence("anlotinib")]
        [3, 2, 2, 2]
        """
        from kg.query.evidence import about
        from kg.namespaces import expand
        first = expand(self.resolve(entity))
        second = expand(self.resolve(other)) if other else None
        return about(self._subgraph("EVIDENCE", [first] + ([second] if second is not None else [])), first, second)

    def neighbors(self, entity: str, *, hops: int = 1, relation: str | None = None) -> dict:
        """Return ``{"center": ..., "nodes": [...], "edges": [...]}`` within ``hops`` of ``entity``.

        ``relation`` keeps only the edges of one relation (by label or CURIE).

        >>> from kg.examples import TOY
        >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
        >>> near = kg.neighbors("VEGFR2")
        >>> near["center"], [node["id"] for node in near["nodes"]]
        ('ent:KDR', ['ent:KDR', 'ent:VEGFR', 'ent:anlotinib'])
        >>> [(e["source"], e["relation"], e["target"]) for e in kg.neighbors("anlotinib", relation="inhibits")["edges"]]
        [('ent:anlotinib', 'inhibits', 'ent:ERK1_2'), ('ent:anlotinib', 'inhibits', 'ent:KDR')]
        """
        from kg.query.paths import neighbors
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

    def sparql(self, query: str, bindings: dict | None = None, *,
               timeout: float | None = None) -> tuple[list[str], list[list]]:
        """Run a SPARQL query on the local graph, or on the endpoint when there is one; return (variables, rows).

        ``bindings`` are bound as parameters (local graph only); ``timeout`` bounds a local query's
        seconds (an endpoint's requests have the endpoint's own).

        >>> from kg.examples import TOY
        >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
        >>> columns, rows = kg.sparql("SELECT ?l WHERE { ent:KDR rdfs:label ?l } ORDER BY ?l")
        >>> columns, [str(label) for (label,) in rows]
        (['l'], ['VEGFR2', '血管内皮生长因子受体2'])
        >>> from kg.namespaces import ENT
        >>> kg.sparql("ASK { ?d kg:inhibits ent:KDR }", {"d": ENT.anlotinib})
        (['ask'], [[True]])
        """
        if self.endpoint is not None and not bindings:
            return self.endpoint.query(query, self.graph_iri)
        from kg.query.sparql import run
        return run(self.graph, query, bindings or {}, timeout=timeout)

    def select(self, **selection):
        """Return the RDF subgraph (an rdflib Graph), with provenance, behind what :meth:`view` draws for
        the same options: a neighbourhood, the top chains, or every link passing the filters.

        >>> from kg.examples import TOY
        >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
        >>> from rdflib.namespace import RDF
        >>> from kg.namespaces import KG, curie
        >>> sub = kg.select(focus="CCL5", min_evidence="animal model")
        >>> sorted(curie(a) for a in sub.subjects(RDF.type, KG.Assertion))
        ['asrt:toy-CCL5-increases-CD8-infiltration', 'asrt:toy-anlotinib-increases-CCL5']
        """
        from kg.draft.marks import without_drafts
        from kg.query.selection import subgraph
        return subgraph(without_drafts(self.graph), self._selection(**selection))

    def export(self, fmt: str, **selection) -> bytes | dict[str, bytes]:
        """Return the graph serialized as ``fmt`` (``ttl``, ``nt``, ``jsonld``, ``graphml``; ``kgx``, ``kgx-tsv``: the
        bytes of each file by its part, see :func:`kg.io.dumps`): the whole graph, or with any of :meth:`view`'s
        options the part it selects (the same part the page draws).

        >>> from kg.examples import TOY
        >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
        >>> kg.export("graphml", focus="CCL5")[:5]
        b'<?xml'
        >>> b"asrt:toy-anlotinib-increases-CCL5" in kg.export("ttl", focus="CCL5")
        True
        """
        from kg.draft.marks import without_drafts
        from kg.io import GRAPH_FORMATS, dumps
        whole = not any(value for name, value in selection.items() if name not in SIZES)
        if fmt in GRAPH_FORMATS:     # a draft is never exported until confirmed (kg/draft/marks.py)
            return dumps(without_drafts(self.graph) if whole else self.select(**selection), fmt)
        return dumps(self._selection(**selection), fmt)

    def view(self, **selection):
        """Return the drawable graph (see :mod:`kg.render.view`) of the whole graph, a neighbourhood or the top chains:
        ``focus`` (with ``hops``), or ``paths=(source, target)`` (with ``k``, ``max_hops``), and the filters of
        :meth:`edge_filter`. A whole graph too large to draw is refused before it is built.

        >>> from kg.examples import TOY
        >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
        >>> V = kg.view(paths=("anlotinib", "response to PD-1/PD-L1 blockade"), k=3)
        >>> V.graph["title"], len(V.graph["chains"])
        ('Top 3 chains: anlotinib → response to PD-1/PD-L1 blockade', 1)
        >>> sorted(kg.view(focus="CCL5"))
        ['ent:CCL5', 'ent:CCL5_CD8_axis', 'ent:CD8_T_infiltration', 'ent:anlotinib']
        """
        if not (selection.get("focus") or selection.get("paths")):
            from kg.render.page import check_drawable
            check_drawable(self.projection.number_of_nodes(), self.projection.number_of_edges())
        return self._selection(**selection)

    def _selection(self, *, focus: str | None = None, hops: int = 1, paths: tuple[str, str] | None = None,
                   k: int = 10, max_hops: int = 6, **filters):
        """The one selection behind :meth:`view`, :meth:`select` and :meth:`export`: edges pass the filters
        first, then the neighbourhood or the chains are taken along what is left."""
        from kg.render import view
        from kg.query.paths import find_chains
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
        """Return the rank of an evidence level named by label or local name (``"in vitro"``, ``RandomizedPhase2``).

        Raise KGInputError, listing the levels, for a name that is none of them.

        >>> from kg.examples import TOY
        >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
        >>> kg.level_rank("in vitro"), kg.level_rank("RandomizedPhase2"), kg.level_rank("animal model")
        (2, 7, 3)
        """
        from kg.graph.lookup import normalize
        levels = self.projection.graph["model"].levels
        for level in levels:
            if normalize(name) in (normalize(level.label), normalize(str(level.iri).rsplit("#", 1)[-1])):
                return level.rank
        choices = ", ".join(str(level.iri).rsplit("#", 1)[-1] for level in levels)
        raise KGInputError(f"unknown evidence level {name!r} (use one of {choices})")

    def certainty_rank(self, name: str) -> int:
        """Return the lowest certainty a name stands for: a number, a grade (``low``) or an evidence level.

        >>> from kg.examples import TOY
        >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
        >>> kg.certainty_rank("3"), kg.certainty_rank("low"), kg.certainty_rank("极低"), kg.certainty_rank("in vitro")
        (3, 5, 0, 2)
        """
        model = self.projection.graph["model"]
        if name.strip().lstrip("-").isdigit():
            return int(name)
        from kg.graph.lookup import normalize
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
        """Return the :class:`~kg.query.paths.EdgeFilter` for names as a user gives them (a level, a disease, a certainty).

        A disease stands for itself and every broader and narrower disease (``skos:broader``).

        >>> from kg.examples import TOY
        >>> kg = KnowledgeGraph([TOY], curated=False, cache=False)
        >>> flt = kg.edge_filter(min_evidence="animal model", disease="NSCLC", min_certainty="low")
        >>> flt.min_rank, sorted(flt.diseases), flt.min_certainty
        (3, ['ent:LUAD', 'ent:NSCLC', 'ent:lung_cancer'], 5)
        >>> kg.edge_filter().active
        False
        """
        from kg.query.paths import EdgeFilter, disease_scope
        return EdgeFilter(min_rank=self.level_rank(min_evidence) if min_evidence else -1,
                          diseases=disease_scope(self.projection, self.resolve(disease)) if disease else None,
                          as_of=as_of, exclude_mismatched=exclude_mismatched, direct_only=direct_only,
                          min_certainty=self.certainty_rank(min_certainty) if min_certainty else -1)

    # -- an endpoint's graph -------------------------------------------------------------------
    def _fetch(self, query: str, values=(), into=None):
        """The triples of a CONSTRUCT ``query`` on the endpoint, in a graph on this object's store."""
        from kg.store.backends import new_graph
        return self.endpoint.construct(query, self.graph_iri, values=values,
                                       into=new_graph(self.store) if into is None else into)

    def _names_graph(self):
        """The labels, synonyms and identifiers of every node, from the endpoint (fetched once), with our
        schema read locally: its semantics (levels, polarities, reasons) are the tool's, whatever the server holds."""
        if self._names is None:
            from kg.store.endpoint import NAMES
            from kg.store.loading import load_graph
            self._names = self._fetch(NAMES, into=load_graph(curated=False, enrich=False, store=self.store))
        return self._names

    def _subgraph(self, need: str, values=()):
        """The graph a query needs: the whole graph when loaded; from an endpoint, the names plus the
        subgraph ``need`` (a query of :mod:`kg.store.endpoint`, ``{values}`` filled with the IRIs ``values``)."""
        if self._graph is not None or self.endpoint is None:
            return self.graph
        from kg.store import endpoint
        from kg.store.backends import new_graph
        graph = new_graph(self.store)
        graph += self._names_graph()
        return self._fetch(getattr(endpoint, need), values, into=graph)

    # -- the on-disk cache -----------------------------------------------------------------
    def _cached(self, what: str, build):
        if not self._cache:
            return build()
        from kg.store.cache import load_pickle, store_pickle
        path = cache_dir() / f"{what}-{self._fingerprint()}.pickle"
        value = load_pickle(path, CACHE_CHECKS[what])      # verified, else rebuilt
        if value is None:
            value = build()
            store_pickle(path, value)
        return value

    def _fingerprint(self) -> str:
        return fingerprint(self._files, salt=f"{CACHE_VERSION} {self.store}")


def _endpoint(endpoint):
    """An :class:`kg.store.endpoint.Endpoint` for a URL (None stays None)."""
    if endpoint is None or not isinstance(endpoint, str):
        return endpoint
    from kg.store.endpoint import Endpoint
    return Endpoint.at(endpoint)


def _project(graph):
    from kg.graph.projection import project
    return project(graph)

