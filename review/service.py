"""List and read quality issues and record stewards' decisions (one place for the CLI and the web page).

Decisions are appended, never updated or deleted; the next nightly run applies them.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

import polars as pl

from honlea.config.names import DecisionAction
from honlea.config.reference import vocabularies
from honlea.expectations.corrections import correction_problems
from honlea.warehouse.backends import Warehouse
from honlea.warehouse.schema import DIM_COUNTRY, QUALITY_ISSUE, STEWARD_DECISION
from honlea.warehouse.views import CURRENT_ISSUES, WAITING, WAITING_PARAMS

ACTIONS = tuple(DecisionAction)


@dataclass(frozen=True)
class IssueFilter:
    """What a steward narrows the list to; None means any."""

    country: str | None = None
    file_name: str | None = None
    check_name: str | None = None
    severity: str | None = None
    open_only: bool = True  # errors and warnings waiting for a steward (views.WAITING)


def list_issues(warehouse: Warehouse, chosen: IssueFilter = IssueFilter()) -> pl.DataFrame:
    """One row per current quality issue matching the filter, newest run first."""
    issues = warehouse.query(
        f"SELECT * FROM ({CURRENT_ISSUES}) current" + (f" WHERE {WAITING}" if chosen.open_only else ""),
        [*WAITING_PARAMS] if chosen.open_only else [],
    )
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
    frame = issues.filter(*conditions) if conditions else issues
    return frame.sort(
        ["run_id", "file_name", "source_row", "check_name"], descending=[True, False, False, False]
    )


def country_names(warehouse: Warehouse) -> pl.DataFrame:
    """Each country's code and its names in the three languages (for the page's lists and search)."""
    return warehouse.query(f"SELECT iso3, name_en, name_es, name_fr FROM {DIM_COUNTRY.qualified}")


def issue_detail(warehouse: Warehouse, issue_id: str) -> dict:
    """An issue with its row as submitted, the other rows of its conflict and its decision history."""
    found = warehouse.query(f"SELECT * FROM ({CURRENT_ISSUES}) current WHERE issue_id = ?", [issue_id])
    if found.is_empty():
        found = warehouse.query(
            f"SELECT q.*, NULL AS sha256, NULL AS decision FROM {QUALITY_ISSUE.qualified} q "
            "WHERE q.issue_id = ?",
            [issue_id],
        )
    if found.is_empty():
        raise KeyError(f"no quality issue {issue_id!r}")
    issue = found.row(0, named=True)
    issue["row"] = json.loads(issue["row_values"]) if issue.get("row_values") else {}
    issue["related"] = _related(warehouse, issue)
    where, keys = (
        ("sha256 = ?", [issue["sha256"]])
        if about_file(issue)
        else (
            "business_key = ? AND row_key = ?",
            [issue.get("business_key") or "", issue.get("row_key") or ""],
        )
    )
    issue["decisions"] = warehouse.query(
        "SELECT action, corrected_value, reason, steward, decided_at, applied_run_id "
        f"FROM {STEWARD_DECISION.qualified} WHERE check_name = ? AND {where} ORDER BY decided_at",
        [issue["check_name"], *keys],
    ).to_dicts()
    return issue


def _related(warehouse: Warehouse, issue: dict) -> list[dict]:
    """The other rows the issue is about (a conflict's rows), each with its fields as submitted."""
    places = {p.strip() for p in (issue.get("related_rows") or "").split(",") if p.strip()}
    if not places:
        return []
    rows = warehouse.query(
        f"SELECT DISTINCT issue_id, sheet, source_row, row_values FROM {QUALITY_ISSUE.qualified} "
        "WHERE run_id = ? AND file_name = ? AND check_name = ? AND issue_id <> ? ORDER BY sheet, source_row",
        [issue["run_id"], issue["file_name"], issue["check_name"], issue["issue_id"]],
    )
    place = pl.when(pl.lit("!" in next(iter(places)))).then(pl.col("sheet") + "!").otherwise(pl.lit(""))
    chosen = rows.filter((place + pl.col("source_row").cast(pl.String)).is_in(places))
    return [row | {"values": _shown(json.loads(row.pop("row_values") or "{}"))} for row in chosen.to_dicts()]


def _shown(row: dict[str, str | None]) -> dict[str, str]:
    """A row's submitted fields that hold something, named without the _text suffix."""
    return {k.removesuffix("_text"): v for k, v in row.items() if v is not None}


class InvalidDecision(ValueError):
    """A decision that cannot be recorded; the message says why, for the steward."""


#: What a steward can decide on an issue about a row, and on an issue about a whole file not loaded.
ROW_ACTIONS = tuple(a for a in DecisionAction if a != DecisionAction.ACKNOWLEDGE)
FILE_ACTIONS = (DecisionAction.ACKNOWLEDGE, DecisionAction.REOPEN)


def about_file(issue: dict) -> bool:
    """Whether an issue is about a whole file that was not loaded (an unrecognised file, a file that
    failed): it can only be acknowledged, for the file's bytes."""
    return issue["submission_id"] is None


@dataclass(frozen=True)
class Scope:
    """What a decision on some issues would touch: the issues, and the distinct rows (or, for issues
    about files not loaded, the files) they name."""

    issues: pl.DataFrame

    @property
    def files(self) -> bool:
        """The issues are about whole files not loaded."""
        return self.issues["submission_id"].null_count() == self.issues.height

    @property
    def rows(self) -> int:
        key = ("sha256", "check_name") if self.files else ("submission_id", "row_key")
        return self.issues.select(key).n_unique()

    def describe(self) -> list[str]:
        """One line per row touched: file, sheet, row and the check (for a whole file: file and check)."""
        return [
            f"{r['file_name']}: {r['check_name']}"
            if r["source_row"] is None
            else f"{r['file_name']}, sheet {r['sheet']}, row {r['source_row']}: {r['check_name']}"
            + (f" (value {r['value']!r})" if r["value"] is not None else "")
            for r in self.issues.sort("file_name", "sheet", "source_row").iter_rows(named=True)
        ]


def decision_scope(
    warehouse: Warehouse, issue_ids: list[str], action: str, corrected_value: str | None = None
) -> Scope:
    """What the decision would touch, once checked: the issues exist (KeyError), each names one row, or
    all are about whole files not loaded, whose bytes are known, and are acknowledged or reopened; a
    corrected value passes the checks the file's own values pass (InvalidDecision)."""
    if action not in ACTIONS:
        raise InvalidDecision(f"action must be one of {', '.join(ACTIONS)}, not {action!r}")
    issues = warehouse.query(CURRENT_ISSUES).filter(pl.col("issue_id").is_in(issue_ids))
    missing = sorted(set(issue_ids) - set(issues["issue_id"]))
    if missing:
        raise KeyError(f"not current quality issues: {', '.join(missing)}")
    files = issues["submission_id"].null_count()
    if files:
        if files < issues.height or action not in FILE_ACTIONS:
            raise InvalidDecision(
                "an issue about a whole file that was not loaded can only be acknowledged (or reopened), "
                "and on its own: decide on it apart from the issues about rows"
            )
        if not issues["sha256"].fill_null("").str.len_chars().min():
            raise InvalidDecision(
                "the file's bytes are not known (a link not followed, or two files of this name in the "
                "run): it cannot be acknowledged; remove it from the inbox"
            )
        return Scope(issues)
    if action == DecisionAction.ACKNOWLEDGE:
        raise InvalidDecision("only an issue about a whole file that was not loaded can be acknowledged")
    if issues["row_key"].null_count():
        raise InvalidDecision(
            "issues about a whole sheet, and exact duplicates, name no row to decide on: "
            "ask the country for a new file"
        )
    if action == DecisionAction.CORRECT:
        if not (corrected_value or "").strip():
            raise InvalidDecision("a correction needs the corrected value")
        if issues["field"].null_count():
            raise InvalidDecision(
                "only an issue about one cell can be corrected (this one is about a whole row)"
            )
        _check_correction(issues, corrected_value or "", date.today())
    return Scope(issues)


def _check_correction(issues: pl.DataFrame, corrected_value: str, today: date) -> None:
    """Refuse a corrected value that would fail the same checks as the file's own values."""
    problems = []
    for issue in issues.iter_rows(named=True):
        found = correction_problems(
            json.loads(issue["row_values"] or "{}"),
            issue["field"],
            corrected_value,
            dataset=issue["dataset"],
            decimal_mark=issue["decimal_mark"] or ".",
            vocab=vocabularies(),
            today=today,
        )
        problems += [
            f"{issue['file_name']} row {issue['source_row']} ({issue['field']}): {corrected_value!r}: {text}"
            for text in found
        ]
    if problems:
        raise InvalidDecision("the corrected value does not pass the checks: " + "; ".join(problems))


def decide(
    warehouse: Warehouse,
    issue_ids: list[str],
    action: str,
    steward: str,
    reason: str,
    corrected_value: str | None = None,
) -> int:
    """Record one decision per issue (appended; the next nightly run applies it to exactly the row the
    issue names; an acknowledgement holds at once, for the file's bytes); the number of rows (or files)
    touched. InvalidDecision says why a decision is refused."""
    if not steward.strip() or not reason.strip():
        raise InvalidDecision("a decision needs the steward's name and a reason")
    scope = decision_scope(warehouse, issue_ids, action, corrected_value)
    issues = scope.issues
    now = datetime.now(UTC).replace(tzinfo=None)
    decisions = issues.select(
        pl.Series("decision_id", [uuid.uuid4().hex for _ in range(issues.height)]),
        "issue_id",
        "business_key",
        "check_name",
        "field",
        pl.col("value").fill_null(""),
        pl.lit(action).alias("action"),
        pl.lit(
            corrected_value.strip() if action == DecisionAction.CORRECT and corrected_value else None,
            dtype=pl.String,
        ).alias("corrected_value"),
        pl.lit(reason.strip()).alias("reason"),
        pl.lit(steward.strip()).alias("steward"),
        pl.lit(now).alias("decided_at"),
        pl.lit(None, dtype=pl.String).alias("applied_run_id"),
        "row_key",
        pl.when(pl.col("submission_id").is_null()).then("sha256").alias("sha256"),  # a file's
    )
    warehouse.insert(STEWARD_DECISION, decisions)
    return scope.rows
