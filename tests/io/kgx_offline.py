"""Run the real `kgx` command line offline: `python kgx_offline.py validate -i jsonl NODES EDGES`.

kgx (2.6) fetches what it validates against from GitHub: bmt's Toolkit() loads the Biolink Model YAML and
predicate_mapping.yaml from raw.githubusercontent.com (at import of kgx.utils), and kgx.config's
`jsonld-context` entries name the Biolink, Monarch and OBO JSON-LD contexts by URL. This machine has no
network, so before kgx is imported both are pointed at copies installed packages ship:

- the schema: `biolink_model/schema/biolink_model.yaml` of the biolink-model package (4.4.6);
- the predicate map: none is shipped, so an empty one (bmt reads it only to map external predicates
  onto Biolink, which validation never asks);
- the "biolink" context: `biolink_model/prefixmaps/biolink-model-prefix-map.json` (the same prefixes,
  of the same release, that kgx's default context URL for Biolink 2.2.5 gives);
- "monarch_context" and "obo_context": prefixcommons' own `registry/*.jsonld`.

Note that kgx writes its validation report (JSON) to standard error, whatever -o says, after its log lines.
"""

import sys
from importlib.resources import files

import bmt
import bmt.toolkit

SCHEMA = str(files("biolink_model") / "schema" / "biolink_model.yaml")


class OfflineToolkit(bmt.toolkit.Toolkit):
    """bmt's Toolkit on the installed Biolink Model, with no predicate map."""

    def __init__(self, schema=SCHEMA, predicate_map=None, **options):
        super().__init__(schema, predicate_map or {"predicate mappings": []}, **options)


def offline() -> None:
    """Point bmt and kgx at the installed copies (call before importing kgx's modules)."""
    bmt.Toolkit = bmt.toolkit.Toolkit = OfflineToolkit
    import kgx.config
    kgx.config.get_config()["jsonld-context"].update(
        biolink=str(files("biolink_model") / "prefixmaps" / "biolink-model-prefix-map.json"),
        monarch_context=str(files("prefixcommons") / "registry" / "monarch_context.jsonld"),
        obo_context=str(files("prefixcommons") / "registry" / "obo_context.jsonld"))


if __name__ == "__main__":
    offline()
    from kgx.cli import cli
    sys.exit(cli())
