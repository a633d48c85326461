"""Site generation: the definition, schemas and manifests turned into mkdocs pages and files.

Each module renders one kind of page from the typed objects of the `openness` package; `pages`
gathers them all, and `scripts/hooks.py` hands them to mkdocs. The data flows one way: spec -> pages.
"""
