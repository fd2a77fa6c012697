"""List and read quality issues and record stewards' decisions (one place for the CLI and the web page).

Decisions are appended, never updated or deleted; the next nightly run applies them.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl

from warehouse.backends import Warehouse
from warehouse.schema import STEWARD_DECISION

ACTIONS = ("accept", "correct", "reject", "await", "reopen")

# The issues of each file's current processing: for a published file, those of the run that published
# it while it is current; for a file that could not be loaded, those of the latest run.
CURRENT_ISSUES = """
SELECT q.issue_id, q.run_id, q.submission_id, q.file_name, q.sheet, q.source_row, q.column_name, q.field,
  q.value, q.check_name, q.severity, q.message, q.status, q.business_key, q.row_key, q.row_values,
  COALESCE(q.iso3, s.reporting_iso3) AS iso3, s.source, d.action AS decision, d.steward AS decided_by
FROM quality.quality_issue q
LEFT JOIN warehouse.dim_submission s ON s.submission_id = q.submission_id
LEFT JOIN (
  SELECT issue_id, action, steward, ROW_NUMBER() OVER (PARTITION BY issue_id ORDER BY decided_at DESC) AS n
  FROM quality.steward_decision) d ON d.issue_id = q.issue_id AND d.n = 1
WHERE (s.valid_to IS NULL AND q.run_id = s.run_id)
   OR (q.submission_id IS NULL AND q.run_id = (SELECT MAX(run_id) FROM quality.load_audit))
"""


@dataclass(frozen=True)
class IssueFilter:
    """What a steward narrows the list to; None means any."""

    country: str | None = None
    file_name: str | None = None
    check_name: str | None = None
    severity: str | None = None
    open_only: bool = True  # errors and warnings waiting for a steward: open, not decided since


def list_issues(warehouse: Warehouse, chosen: IssueFilter = IssueFilter()) -> pl.DataFrame:
    """One row per current quality issue matching the filter, newest run first."""
    issues = warehouse.query(CURRENT_ISSUES)
    conditions = [
        pl.col(column) == value
        for column, value in (
            ("iso3", chosen.country),
            ("file_name", chosen.file_name),
            ("check_name", chosen.check_name),
            ("severity", chosen.severity),
        )
        if value
    ]
    if chosen.open_only:
        undecided = pl.col("decision").is_null() | (pl.col("decision") == "reopen")
        conditions.append(
            (pl.col("status") == "open") & undecided & pl.col("severity").is_in(["error", "warning"])
        )
    frame = issues.filter(*conditions) if conditions else issues
    return frame.sort(
        ["run_id", "file_name", "source_row", "check_name"], descending=[True, False, False, False]
    )


def issue_detail(warehouse: Warehouse, issue_id: str) -> dict:
    """An issue with its row as submitted, the other rows of its conflict and its decision history."""
    found = warehouse.query(f"SELECT * FROM ({CURRENT_ISSUES}) current WHERE issue_id = ?", [issue_id])
    if found.is_empty():
        found = warehouse.query(
            "SELECT q.*, NULL AS decision FROM quality.quality_issue q WHERE q.issue_id = ?", [issue_id]
        )
    if found.is_empty():
        raise KeyError(f"no quality issue {issue_id!r}")
    issue = found.row(0, named=True)
    issue["row"] = json.loads(issue["row_values"]) if issue.get("row_values") else {}
    issue["related"] = warehouse.query(
        "SELECT issue_id, sheet, source_row, value, check_name FROM quality.quality_issue "
        "WHERE run_id = ? AND file_name = ? AND business_key = ? AND issue_id <> ? ORDER BY source_row",
        [issue["run_id"], issue["file_name"], issue.get("business_key") or "", issue_id],
    ).to_dicts()
    issue["decisions"] = warehouse.query(
        "SELECT action, corrected_value, reason, steward, decided_at, applied_run_id "
        "FROM quality.steward_decision WHERE business_key = ? AND check_name = ? AND value = ? "
        "ORDER BY decided_at",
        [issue.get("business_key") or "", issue["check_name"], issue.get("value") or ""],
    ).to_dicts()
    return issue


def decide(
    warehouse: Warehouse,
    issue_ids: list[str],
    action: str,
    steward: str,
    reason: str,
    corrected_value: str | None = None,
) -> int:
    """Record one decision per issue (appended; the next nightly run applies them); how many."""
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {', '.join(ACTIONS)}, not {action!r}")
    if not steward.strip() or not reason.strip():
        raise ValueError("a decision needs the steward's name and a reason")
    if action == "correct" and not (corrected_value or "").strip():
        raise ValueError("a correction needs the corrected value")
    issues = warehouse.query(CURRENT_ISSUES).filter(pl.col("issue_id").is_in(issue_ids))
    missing = sorted(set(issue_ids) - set(issues["issue_id"]))
    if missing:
        raise KeyError(f"not current quality issues: {', '.join(missing)}")
    if action == "correct" and issues["field"].null_count():
        raise ValueError("only an issue about one cell can be corrected (this one is about a whole row)")
    if issues["business_key"].null_count():
        raise ValueError(
            "issues about a whole file cannot be decided row by row: ask the country for a new file"
        )
    now = datetime.now(UTC).replace(tzinfo=None)
    decisions = issues.select(
        pl.Series("decision_id", [uuid.uuid4().hex for _ in range(issues.height)]),
        "issue_id",
        "business_key",
        "check_name",
        "field",
        pl.col("value").fill_null(""),
        pl.lit(action).alias("action"),
        pl.lit(corrected_value if action == "correct" else None, dtype=pl.String).alias("corrected_value"),
        pl.lit(reason.strip()).alias("reason"),
        pl.lit(steward.strip()).alias("steward"),
        pl.lit(now).alias("decided_at"),
        pl.lit(None, dtype=pl.String).alias("applied_run_id"),
        "row_key",
    )
    warehouse.insert(STEWARD_DECISION, decisions)
    return decisions.height
