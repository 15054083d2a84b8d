"""lgkg: local-governance knowledge graph.

The public API, for notebooks and scripts::

    import kg
    report = kg.build(["seeds/"], "out/store")
    with kg.open_store("out/store") as store:
        rows = kg.run_query(store, "units-under", {"unit": "某某区"})
        graph = kg.to_networkx(store)
        kg.write_html(store, "out/graph.html")
"""
from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["build", "open_store", "run_query", "to_networkx", "write_html", "__version__"]


def build(paths, store_path, *, jobs: int = 1, force: bool = False):
    """Read, extract and store every article under ``paths``; returns a BuildReport."""
    from .pipeline import build as _build
    return _build(paths, store_path, jobs=jobs, force=force)


def open_store(path, *, read_only: bool = True):
    """The Oxigraph store at ``path`` (a context manager)."""
    from .store import Store
    return Store(path, read_only=read_only)


def run_query(store, name: str, params: dict[str, str] | None = None):
    """Run a named query from ``kg/queries`` with bound parameters."""
    from .query import run_named
    return run_named(store, name, params or {})


def to_networkx(store):
    """The graph of entities and facts as a networkx MultiDiGraph."""
    from .viz import to_networkx as _to_networkx
    return _to_networkx(store)


def write_html(store, path, *, focus: str | None = None, depth: int = 2):
    """The self-contained interactive graph page."""
    from .viz import write_html as _write_html
    return _write_html(store, path, focus=focus, depth=depth)
