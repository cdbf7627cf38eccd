"""plenum-kg: a knowledge graph of mandates, pledges, targets and figures in Chinese
government news, every fact linked to the characters it was read from.

The functions a notebook needs are here, the same ones the ``kg`` command calls::

    import kg
    kg.build()                                   # bundled articles → ./kg-out
    kg.query_df("pledges-of-agency", agency="省工信厅")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"


if TYPE_CHECKING:
    from kg.api import (
        build,
        explorer,
        explorer_frame,
        extract,
        extract_records,
        graph,
        open_store,
        query,
        query_df,
        remove_articles,
        sparql_df,
    )


def __getattr__(name: str) -> Any:  # lazy: `import kg` stays cheap for the CLI's start-up
    if name in _API:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


__all__ = [
    "__version__",
    "build",
    "explorer",
    "explorer_frame",
    "extract",
    "extract_records",
    "graph",
    "open_store",
    "query",
    "query_df",
    "remove_articles",
    "sparql_df",
]
_API = frozenset(__all__) - {"__version__"}  # the names read lazily from kg.api
