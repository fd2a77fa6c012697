"""Ordered migrations of the warehouse: the schema version is stored in the warehouse, and a run
brings an older warehouse up to date in one transaction before it writes anything.

Each migration is a file `NNNN_name.sql` (statements separated by `;`, `{DOUBLE}` for the dialect's
double type) or `NNNN_name.py` (a module with `upgrade(warehouse)`, for steps that move data).
Version 1 is the warehouse as it was created before migrations existed; a warehouse of that age
(tables present, no version table) is recorded as version 1 and upgraded from there.
A migration is frozen once released: it never imports the code of later versions.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from honlea.warehouse.backends import Warehouse

FOLDER = Path(__file__).parent
_NAME = re.compile(r"^(\d{4})_(\w+)\.(sql|py)$")
_DOUBLE = {"duckdb": "DOUBLE", "postgresql": "DOUBLE PRECISION"}
VERSION_TABLE = "quality.schema_version"
STATE_TABLE = "quality.schema_state"  # digest of the views and comments last created
_LEGACY_MARK = "warehouse.fact_seizure"  # a table every pre-migration warehouse has


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Warehouse], None]


def _sql_steps(path: Path) -> Callable[[Warehouse], None]:
    def apply(warehouse: Warehouse) -> None:
        text = path.read_text(encoding="utf-8").replace("{DOUBLE}", _DOUBLE[warehouse.dialect])
        lines = [line for line in text.splitlines() if not line.lstrip().startswith("--")]
        for statement in "\n".join(lines).split(";"):
            if statement.strip():
                warehouse.execute(statement)

    return apply


def _python_steps(path: Path) -> Callable[[Warehouse], None]:
    spec = importlib.util.spec_from_file_location(f"honlea_migration_{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.upgrade


def migrations(folder: Path = FOLDER) -> list[Migration]:
    """Every migration in version order."""
    found = []
    for path in sorted(folder.iterdir()):
        match = _NAME.match(path.name)
        if match:
            steps = _sql_steps(path) if match[3] == "sql" else _python_steps(path)
            found.append(Migration(int(match[1]), match[2], steps))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations in {folder} must be numbered 1, 2, 3 ... without gaps: {versions}")
    return found


def _table_exists(warehouse: Warehouse, qualified: str) -> bool:
    schema, name = qualified.split(".")
    return bool(
        warehouse.scalar(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
            [schema, name],
        )
    )


def current_version(warehouse: Warehouse) -> int:
    """The warehouse's schema version: 0 for an empty database."""
    if _table_exists(warehouse, VERSION_TABLE):
        return int(warehouse.scalar(f"SELECT COALESCE(MAX(version), 0) FROM {VERSION_TABLE}"))
    return 1 if _table_exists(warehouse, _LEGACY_MARK) else 0


def latest_version() -> int:
    return len(migrations())


def migrate(warehouse: Warehouse, schemas: tuple[str, ...], derived: list[str]) -> list[int]:
    """Apply the pending migrations, then (re)create the derived objects (views, comments) when their
    statements changed; all in one transaction. The versions applied, oldest first.

    A warehouse newer than this code is refused rather than written with an older layout.
    """
    pending = []
    with warehouse.transaction():
        if warehouse.dialect == "postgresql":  # two runs starting at once migrate one after the other
            if _table_exists(warehouse, "quality.etl_run"):  # a table analysts cannot reach
                warehouse.execute("LOCK TABLE quality.etl_run IN EXCLUSIVE MODE")
            else:  # an empty database, where no analyst has been granted anything yet
                warehouse.execute("SELECT pg_advisory_xact_lock(20121002)")
        for schema in schemas:
            warehouse.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        version = current_version(warehouse)
        warehouse.execute(
            f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} "
            "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
        )
        warehouse.execute(f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} (derived_digest VARCHAR)")
        known = migrations()
        if version > len(known):
            raise RuntimeError(
                f"the warehouse is at schema version {version}, newer than this code knows "
                f"({len(known)}): upgrade the code before running it on this warehouse"
            )
        if version == 1 and not warehouse.scalar(f"SELECT COUNT(*) FROM {VERSION_TABLE}"):
            _record(warehouse, known[0])  # built before migrations existed
        for migration in known[version:]:
            migration.apply(warehouse)
            _record(warehouse, migration)
            pending.append(migration.version)
        digest = hashlib.sha256("\n".join(derived).encode()).hexdigest()
        if warehouse.scalar(f"SELECT MAX(derived_digest) FROM {STATE_TABLE}") != digest:
            for statement in derived:
                warehouse.execute(statement)
            warehouse.execute(f"DELETE FROM {STATE_TABLE}")
            warehouse.execute(f"INSERT INTO {STATE_TABLE} VALUES (?)", [digest])
    return pending


def _record(warehouse: Warehouse, migration: Migration) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    warehouse.execute(
        f"INSERT INTO {VERSION_TABLE} (version, name, applied_at) VALUES (?, ?, ?)",
        [migration.version, migration.name, now],
    )
