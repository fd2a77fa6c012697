"""Open the warehouse (`connect`, by URL) and bring it up to date: migrations, views, comments."""

from __future__ import annotations

from honlea.warehouse.backends import Warehouse, connect
from honlea.warehouse.dictionary import comment_statements
from honlea.warehouse.migrations import migrate
from honlea.warehouse.schema import SCHEMAS
from honlea.warehouse.views import VIEWS


def derived_statements(dialect: str) -> list[str]:
    """The views (dropped and created again, so a changed column list is possible) and every comment."""
    drops = [f"DROP VIEW IF EXISTS {view.qualified} CASCADE" for view in reversed(VIEWS)]
    return [*drops, *(view.ddl() for view in VIEWS), *comment_statements(dialect)]


def upgrade_schema(warehouse: Warehouse) -> list[int]:
    """Apply pending migrations and refresh views and comments, in one transaction; safe to run again.
    The migration versions applied."""
    return migrate(warehouse, SCHEMAS, derived_statements(warehouse.dialect))


__all__ = ["connect", "upgrade_schema"]
