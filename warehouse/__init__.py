"""The mobility warehouse: partners, agreements and mobility flows in one DuckDB file.

Public API: `connect()` opens the warehouse read-only, `query(name, **params)` runs
queries/<name>.sql, `writing()` is the only way to change it. Nothing here imports Dash.
"""

from warehouse.db import connect, query, writing

__all__ = ["connect", "query", "writing"]
