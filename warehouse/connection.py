"""Open the warehouse named by a URL and create what is missing: schemas, tables, views, comments."""

from __future__ import annotations

from warehouse.backends import Warehouse, open_warehouse
from warehouse.dictionary import comment_statements
from warehouse.schema import SCHEMAS, TABLES
from warehouse.views import VIEWS


def connect(url: str, read_only: bool = False) -> Warehouse:
    """A connection to the warehouse (read_only: an analyst's, which cannot write)."""
    return open_warehouse(url, read_only)


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
