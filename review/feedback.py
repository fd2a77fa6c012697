"""The feedback workbook for a submitting country's focal point, in the submission's language: the rows
as sent, each failing cell marked with a comment, and a summary of what was loaded and what to send."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import polars as pl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from honlea.config.catalog import load_catalog
from honlea.config.directory import country_language
from honlea.config.names import DecisionAction, IssueStatus, Severity
from honlea.config.settings import cached_per_config_dir
from honlea.config.vocabulary_files import load_vocabulary
from honlea.sources.grids import Grid
from honlea.sources.reports import report_grids
from honlea.transforms.decisions import effective_decisions
from honlea.transforms.headers import HEADER_SCAN_ROWS
from honlea.warehouse.backends import Warehouse
from honlea.warehouse.schema import DIM_SUBMISSION, LOAD_AUDIT, QUALITY_ISSUE, STEWARD_DECISION
from honlea.warehouse.views import CURRENT_ISSUES

MARK = PatternFill(start_color="FFFF00", end_color="FFFF00", fill_type="solid")
AUTHOR = "UNODC – HONLEA Secretariat"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")  # as the readers give a number cell
WIDEST = 60  # characters: longer texts wrap


def neutralised(text: str | None) -> str | None:
    """Text that Excel shows but never runs: a leading = + - @ gets an apostrophe before it, unless
    the text is a number (-5 stays -5)."""
    if text and text.startswith(_FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def _value(text: str, decimal_mark: str | None) -> str | int | float:
    """A cell as the country wrote it: a number as a number (a point read as the file's decimal mark:
    "1.500" in a file with decimal commas stays as written), any other text neutralised."""
    if _NUMBER.fullmatch(text) and ("." not in text or decimal_mark != ","):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
    return neutralised(text) or text


def _fit(sheet: openpyxl.worksheet.worksheet.Worksheet) -> None:
    """Column widths that fit their text (up to WIDEST characters, longer texts wrap), text kept as text,
    and the sheet printed one page wide."""
    widths: dict[str, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            if isinstance(cell.value, str):
                cell.data_type = "s"
            longest = max(len(line) for line in str(cell.value).splitlines() or [""])
            if longest > WIDEST:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[cell.column_letter] = max(widths.get(cell.column_letter, 0), min(longest, WIDEST))
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width + 2
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0


@cached_per_config_dir
def _texts(folder: Path) -> dict[str, dict[str, str]]:
    frame = load_vocabulary(folder, "feedback_texts.csv")
    return {row["key"]: row for row in frame.iter_rows(named=True)}


def text(key: str, language: str) -> str:
    """A label of the workbook in en, es or fr (English where no translation exists)."""
    row = _texts()[key]
    return row[language] or row["en"]


def _column_of(grid: Grid, header: str | None) -> int | None:
    """1-based column of a header text in the sheet's top rows."""
    if header is None:
        return None
    for row in grid.frame.drop("source_row").head(HEADER_SCAN_ROWS).iter_rows():
        for position, cell in enumerate(row, start=1):
            if cell is not None and str(cell).strip() == header:
                return position
    return None


def _row_shift(grid: Grid) -> int:
    """What a grid's row numbers gain in the workbook: 1 for a JSON or Parquet file, whose header is row 0
    (record N is row N, and is then the workbook's row N + 1), else 0."""
    first = grid.frame["source_row"].min()
    return 1 if first is not None and first < 1 else 0  # type: ignore[operator]


def _copy_sheet(
    workbook: openpyxl.Workbook, grid: Grid, title: str, decimal_mark: str | None
) -> openpyxl.worksheet.worksheet.Worksheet:
    sheet = workbook.create_sheet(title[:31])
    cells, shift = grid.frame.drop("source_row"), _row_shift(grid)
    for row, values in zip(grid.frame["source_row"], cells.iter_rows(), strict=True):
        for column, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(row=row + shift, column=column, value=_value(str(value), decimal_mark))
    _fit(sheet)
    return sheet


# the corrections in force on the rows of a file (every run that read it), with where they apply
_CORRECTIONS = f"""
SELECT d.decision_id, d.business_key, d.row_key, d.check_name, d.action, d.decided_at, d.corrected_value,
  d.reason, d.steward, q.sheet, q.source_row, q.column_name, q.value
FROM {STEWARD_DECISION.qualified} d
JOIN {QUALITY_ISSUE.qualified} q ON q.issue_id = d.issue_id
JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = q.submission_id
WHERE s.sha256 = ?
"""


def corrections(warehouse: Warehouse, sha256: str) -> pl.DataFrame:
    """One row per value a steward corrected in the file (the latest decision on each row and check)."""
    decisions = warehouse.query(_CORRECTIONS, [sha256])
    return (
        effective_decisions(decisions)
        .filter(pl.col("action") == DecisionAction.CORRECT)
        .sort("sheet", "source_row")
    )


def _corrections(sheet: openpyxl.worksheet.worksheet.Worksheet, made: pl.DataFrame, language: str) -> None:
    """The values the Secretariat corrected before loading: where, what was sent and loaded, who, why."""
    sheet.append([])
    sheet.append([text("corrections_made", language)])
    labels = ["sheet", "row", "column", "value", "corrected_value", "corrected_by", "date", "reason"]
    sheet.append([text(label, language) for label in labels])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in made.iter_rows(named=True):
        sheet.append(
            [
                neutralised(row["sheet"]),
                row["source_row"],
                neutralised(row["column_name"]),
                neutralised(row["value"]),
                neutralised(row["corrected_value"]),
                neutralised(row["steward"]),
                row["decided_at"].date().isoformat(),
                neutralised(row["reason"]),
            ]
        )


def _summary(workbook: openpyxl.Workbook, submission: dict, issues: pl.DataFrame, language: str) -> None:
    sheet = workbook.active
    sheet.title = text("summary", language)
    sheet.append([text("title", language)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([text("file", language), neutralised(submission["file_name"])])
    sheet.append([text("rows_loaded", language), submission["rows_loaded"]])
    sheet.append(
        [
            text("rows_waiting", language),
            issues.filter(pl.col("source_row").is_not_null())["source_row"].n_unique(),
        ]
    )
    sheet.append([])
    sheet.append([text("what_to_send" if issues.height else "nothing_to_send", language)])
    if not issues.height:
        return
    labels = ["sheet", "row", "column", "value", "problem", "status"]
    sheet.append([text(label, language) for label in labels])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for issue in issues.iter_rows(named=True):
        place = issue["source_row"] if issue["source_row"] is not None else text("whole_file", language)
        sheet.append(
            [
                neutralised(issue["sheet"]),
                place,
                neutralised(issue["column_name"]),
                _value(issue["value"], submission["decimal_mark"]) if issue["value"] is not None else None,
                load_catalog().text(issue["check_name"], language),
                text(f"status_{issue['status']}", language),
            ]
        )


def write_feedback(warehouse: Warehouse, submission_id: int, out_dir: Path) -> Path:
    """Write the feedback workbook of a submission; its path."""
    found = warehouse.query(
        f"SELECT s.*, a.rows_loaded FROM {DIM_SUBMISSION.qualified} s JOIN {LOAD_AUDIT.qualified} a "
        "ON a.submission_id = s.submission_id WHERE s.submission_id = ?",
        [submission_id],
    )
    if found.is_empty():
        raise KeyError(f"no submission {submission_id}")
    submission = found.row(0, named=True)
    issues = (
        warehouse.query(f"SELECT * FROM ({CURRENT_ISSUES}) current WHERE submission_id = ?", [submission_id])
        .filter(
            pl.col("severity") == Severity.ERROR,
            pl.col("status").is_in([IssueStatus.OPEN, IssueStatus.AWAITING, IssueStatus.REJECTED]),
        )
        .sort("sheet", "source_row", nulls_last=False)
    )
    language = country_language(submission["reporting_iso3"])  # its liaison offices' language
    workbook = openpyxl.Workbook()
    _summary(workbook, submission, issues, language)
    made = corrections(warehouse, submission["sha256"])
    if made.height:
        _corrections(workbook.active, made, language)
    _fit(workbook.active)
    for grid in report_grids(Path(submission["path"])):
        title = Path(submission["file_name"]).stem if grid.sheet == "csv" else grid.sheet
        sheet, shift = _copy_sheet(workbook, grid, title, submission["decimal_mark"]), _row_shift(grid)
        for issue in issues.filter(pl.col("sheet") == grid.sheet).iter_rows(named=True):
            column = _column_of(grid, issue["column_name"])
            if issue["source_row"] is None or column is None:
                continue
            cell = sheet.cell(row=issue["source_row"] + shift, column=column)
            cell.fill = MARK
            explanation = load_catalog().text(issue["check_name"], language)
            cell.comment = Comment(
                explanation if cell.comment is None else cell.comment.text + "\n" + explanation, AUTHOR
            )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"feedback_{Path(submission['file_name']).stem}_{language}.xlsx"
    workbook.save(path)
    return path
