"""A read-only login role for analysts (PostgreSQL): reads warehouse and marts, writes nowhere, and
cannot reach what the nightly run needs (schema quality, where its lock is; no temporary tables)."""

from __future__ import annotations

import re

from honlea.warehouse.backends import Warehouse
from honlea.warehouse.schema import MARTS, WAREHOUSE

_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def grant_analyst(warehouse: Warehouse, name: str) -> None:
    """Create role `name` (if missing) able to log in and read the warehouse and marts schemas only.

    Also takes from PUBLIC (every role, so the analyst too) what PostgreSQL gives it by default in this
    database: temporary tables (the loading role keeps them) and creating objects in schema public."""
    if warehouse.dialect != "postgresql":
        raise ValueError(
            "DuckDB has no roles: give analysts the file and let them open it read-only "
            "(honlea sql does; in Python: duckdb.connect(path, read_only=True))"
        )
    if not _ROLE_NAME.match(name):
        raise ValueError(f"role name {name!r}: use lower-case letters, digits and _ (at most 63)")
    database = warehouse.scalar("SELECT current_database()")
    readable = f"{WAREHOUSE}, {MARTS}"
    with warehouse.transaction():
        if not warehouse.scalar("SELECT COUNT(*) FROM pg_roles WHERE rolname = ?", [name]):
            warehouse.execute(f"CREATE ROLE {name} LOGIN")
        warehouse.execute(f'REVOKE TEMPORARY ON DATABASE "{database}" FROM PUBLIC')
        warehouse.execute(f'GRANT TEMPORARY ON DATABASE "{database}" TO CURRENT_USER')
        warehouse.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        warehouse.execute(f'GRANT CONNECT ON DATABASE "{database}" TO {name}')
        warehouse.execute(f"GRANT USAGE ON SCHEMA {readable} TO {name}")
        warehouse.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {readable} TO {name}")
        warehouse.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {readable} GRANT SELECT ON TABLES TO {name}")
        warehouse.execute(f"ALTER ROLE {name} SET default_transaction_read_only = on")
