"""Open the warehouse (`connect`, by URL) and create what it lacks: schemas, tables, views, comments."""

from __future__ import annotations

from warehouse.backends import Warehouse, connect
from warehouse.dictionary import comment_statements
from warehouse.schema import SCHEMAS, TABLES
from warehouse.views import VIEWS


def create_schema(warehouse: Warehouse) -> None:
    """Schemas, tables and views, each with its comment; safe to run again."""
    for schema in SCHEMAS:
        warehouse.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    for table in TABLES:
        warehouse.execute(table.ddl(warehouse.dialect))
    for view in VIEWS:
        warehouse.execute(view.ddl())
    for statement in comment_statements(warehouse.dialect):
        warehouse.execute(statement)


__all__ = ["connect", "create_schema"]
