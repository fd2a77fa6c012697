"""Version 3: the sources' precedence (warehouse.dim_source, loaded by each run from the configuration)
and the year of the row a quality issue is about (quality_issue.year), so that issues and quarantined
rows can be counted per country and year.

Issues recorded before this version get the year their row gave as submitted: its year when written
as four digits, else the year of its date when written yyyy-mm-dd or dd/mm/yyyy.
"""

from __future__ import annotations

from typing import ClassVar

import polars as pl

from honlea.warehouse.backends import Warehouse

STATEMENTS = (
    "CREATE TABLE warehouse.dim_source (source VARCHAR PRIMARY KEY, precedence INTEGER, description VARCHAR)",
    "ALTER TABLE quality.quality_issue ADD COLUMN year INTEGER",
)


class _Scratch:
    """Where the years wait for the UPDATE (the insert interface needs a name and columns)."""

    qualified: ClassVar[str] = "quality.migration_issue_year"
    column_names: ClassVar[list[str]] = ["issue_id", "year"]


def _submitted_year(row_values: pl.Expr) -> pl.Expr:
    year = row_values.str.json_path_match("$.year_text").str.strip_chars().str.extract(r"^(\d{4})(?:\.0+)?$")
    day = row_values.str.json_path_match("$.seizure_date_text").str.strip_chars()
    from_day = pl.coalesce(
        day.str.extract(r"^(\d{4})-\d{1,2}-\d{1,2}"), day.str.extract(r"^\d{1,2}/\d{1,2}/(\d{4})")
    )
    return pl.coalesce(year, from_day).cast(pl.Int32)


def upgrade(warehouse: Warehouse) -> None:
    for statement in STATEMENTS:
        warehouse.execute(statement)
    issues = warehouse.query(
        "SELECT issue_id, row_values FROM quality.quality_issue WHERE row_values IS NOT NULL"
    )
    years = issues.select("issue_id", _submitted_year(pl.col("row_values")).alias("year")).drop_nulls()
    if years.is_empty():
        return
    warehouse.execute(f"CREATE TABLE {_Scratch.qualified} (issue_id VARCHAR, year INTEGER)")
    warehouse.insert(_Scratch, years)  # type: ignore[arg-type]
    warehouse.execute(
        f"UPDATE quality.quality_issue SET year = (SELECT m.year FROM {_Scratch.qualified} m "
        "WHERE m.issue_id = quality.quality_issue.issue_id)"
    )
    warehouse.execute(f"DROP TABLE {_Scratch.qualified}")
