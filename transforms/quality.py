"""From check failures to quality issues, quarantined rows and loaded rows with warnings."""

from __future__ import annotations

from typing import NamedTuple

import polars as pl

from honlea.config.catalog import load_catalog
from honlea.config.names import IssueStatus, Severity
from honlea.transforms.decisions import SUBMITTED
from honlea.transforms.headers import HeaderMatch

ISSUE_COLUMNS = (
    "row_id",
    "sheet",
    "source_row",
    "column_name",
    "field",
    "value",
    "check_name",
    "severity",
    "message",
    "business_key",
    "row_values",
    "iso3",
    "row_key",
    "related_rows",
    "year",
)
DUPLICATE = "exact_duplicate"  # a row repeating another cell for cell: the copy is dropped
#: Excel's error values, and what they mean.
EXCEL_ERRORS = {
    "#N/A": "no value available",
    "#DIV/0!": "a division by zero",
    "#VALUE!": "a value of the wrong type",
    "#REF!": "a reference to a deleted cell",
    "#NAME?": "an unknown name or function",
    "#NUM!": "an impossible number",
    "#NULL!": "ranges that do not meet",
    "#GETTING_DATA": "data still being fetched",
}
#: The values of a row that a check's message may name, as the message shows them.
ROW_VALUES = {
    "conflicting_rows": pl.col("conflicting_rows"),
    "repeats_row": pl.col("repeats_row"),
    "components_kg": pl.col("components_kg").round(3),
}


class Problem(NamedTuple):
    """A quality issue about a whole file, a sheet or a column (no row)."""

    sheet: str | None
    check: str
    message: str
    column: str | None = None  # header text, for an issue about a column

    @classmethod
    def of(cls, sheet: str | None, check: str, column: str | None = None, /, **values: object) -> Problem:
        """The problem with the check's message of the catalog, `values` filled in."""
        return cls(sheet, check, load_catalog().message(check, **values), column)

    @property
    def severity(self) -> str:
        return load_catalog().severity(self.check)


def filled(message: pl.Expr, values: dict[str, pl.Expr]) -> pl.Expr:
    """A message with its `{name}` placeholders replaced by the row's values (empty where null)."""
    for name, value in values.items():
        text = value.cast(pl.String).fill_null("")
        message = message.str.replace_all("{" + name + "}", text, literal=True)
    return message


def failing_rows(frame: pl.DataFrame, failures: pl.DataFrame) -> pl.DataFrame:
    """The rows of `frame` that failed at least one check. Same columns."""
    return frame.join(failures.select("row_id").unique(), on="row_id", how="semi")


def issue_rows(
    frame: pl.DataFrame, failures: pl.DataFrame, labels: dict[str, dict[str, str]], keys: pl.DataFrame
) -> pl.DataFrame:
    """One row per failed check on one source row, with the header and value as submitted.

    `failures` has row_id, check_name, field, severity, message; `labels` maps each sheet's fields
    to its header text; `keys` has the row_key of each failing row_id (see decisions.row_keys).
    The quantity's header is each row's source_column, and so is the year's where the year is a
    column header (wide sheets).
    """
    frame = failing_rows(frame, failures)
    context = frame.select(
        "row_id",
        "business_key",
        "iso3",
        "year",
        pl.struct(SUBMITTED).struct.json_encode().alias("row_values"),
    ).join(keys, on="row_id", how="left")
    values = (
        frame.unpivot(
            on=SUBMITTED,
            index=[
                "row_id",
                "sheet",
                "source_row",
                "source_column",
                "conflicting_rows",
                "components_kg",
                "repeats_row",
            ],
            variable_name="field",
            value_name="value",
        )
        .with_columns(pl.col("field").str.strip_suffix("_text"))
        .join(context, on="row_id")
    )
    headers = pl.DataFrame(
        [(sheet, name, label) for sheet, fields in labels.items() for name, label in fields.items()],
        schema={"sheet": pl.String, "field": pl.String, "header": pl.String},
        orient="row",
    )
    from_column = (pl.col("field") == "quantity") | ((pl.col("field") == "year") & pl.col("header").is_null())
    return (
        failures.join(values, on=["row_id", "field"], how="left")
        .join(headers, on=["sheet", "field"], how="left")
        .with_columns(
            pl.when(from_column)
            .then(pl.col("source_column"))
            .otherwise(pl.col("header"))
            .alias("column_name"),
            filled(pl.col("message"), ROW_VALUES).alias("message"),
            pl.when(pl.col("check_name") == "key_conflict")
            .then(pl.col("conflicting_rows"))
            .when(pl.col("check_name") == "double_listing")
            .then(pl.col("repeats_row").cast(pl.String))
            .alias("related_rows"),
        )
        .sort("source_row", "check_name")
        .select(ISSUE_COLUMNS)
    )


def duplicate_issue_rows(dropped: pl.DataFrame) -> pl.DataFrame:
    """One info row per exact duplicate dropped, naming the row it repeats."""
    return dropped.select(
        "row_id",
        "sheet",
        "source_row",
        pl.lit(None, dtype=pl.String).alias("column_name"),
        pl.lit(None, dtype=pl.String).alias("field"),
        pl.lit(None, dtype=pl.String).alias("value"),
        pl.lit(DUPLICATE).alias("check_name"),
        pl.lit(load_catalog().severity(DUPLICATE)).alias("severity"),
        filled(
            pl.repeat(load_catalog().message(DUPLICATE), pl.len()), {"duplicate_of": pl.col("duplicate_of")}
        ).alias("message"),
        "business_key",
        pl.lit(None, dtype=pl.String).alias("row_values"),
        "iso3",
        pl.lit(None, dtype=pl.String).alias("row_key"),
        pl.col("duplicate_of").cast(pl.String).alias("related_rows"),
        "year",
        pl.lit(IssueStatus.OPEN).alias("status"),
    )


def holding(issues: pl.DataFrame) -> pl.DataFrame:
    """The issues that keep their row out: an error a steward did not accept, or any issue a steward
    rejected (`issues` carry severity and the status decisions gave them). Same grain, filtered."""
    return issues.filter(
        ((pl.col("severity") == Severity.ERROR) & (pl.col("status") != IssueStatus.ACCEPTED))
        | (pl.col("status") == IssueStatus.REJECTED)
    )


def split_quarantine(frame: pl.DataFrame, issues: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(loaded, quarantined): rows with an error-level issue are quarantined unless a steward accepted
    it, and so are rows a steward rejected; the others are loaded with `warnings` listing their
    warning-level checks (and the accepted ones, as "accepted:<check>") and `decision_id` naming the
    decision that corrected or accepted them. `issues` carry row_id, severity, check_name, status and
    decision_id. Same grain.
    """
    row_issues = issues.filter(pl.col("row_id").is_not_null())
    errors = holding(row_issues).select("row_id").unique()
    accepted = pl.col("status") == IssueStatus.ACCEPTED
    flagged = row_issues.filter((pl.col("severity") == Severity.WARNING) | accepted)
    warnings = flagged.group_by("row_id").agg(
        pl.when(accepted)
        .then(pl.lit("accepted:") + pl.col("check_name"))
        .otherwise(pl.col("check_name"))
        .unique()
        .sort()
        .str.join(",")
        .alias("warnings"),
        pl.col("decision_id").filter(accepted).sort().last().alias("__accepted_by"),
    )
    quarantined = frame.join(errors, on="row_id", how="semi", maintain_order="left")
    loaded = frame.join(errors, on="row_id", how="anti", maintain_order="left").join(
        warnings, on="row_id", how="left", maintain_order="left"
    )
    loaded = loaded.with_columns(pl.coalesce("decision_id", "__accepted_by").alias("decision_id"))
    return loaded.drop("__accepted_by"), quarantined


def file_issues(problems: list[Problem]) -> pl.DataFrame:
    """Open quality issues about a whole file, a sheet or a column (no row)."""
    rows = [
        dict.fromkeys(ISSUE_COLUMNS)
        | {
            "sheet": p.sheet,
            "column_name": p.column,
            "check_name": p.check,
            "severity": p.severity,
            "message": p.message,
        }
        for p in problems
    ]
    return pl.DataFrame(rows, schema=dict.fromkeys(ISSUE_COLUMNS, pl.String)).with_columns(
        pl.col("row_id", "source_row").cast(pl.Int64),
        pl.col("year").cast(pl.Int32),
        pl.lit(IssueStatus.OPEN).alias("status"),
    )


def flagged_fields(flags: pl.DataFrame, header: HeaderMatch) -> pl.DataFrame:
    """The cells a reader flagged as holding no value (source_row, column, flag, text; see
    sources.readers.Grid) that a field is read from: source_row, field, source_column (for a wide
    sheet's year column: its header; else null, for every record of the row), check_name, text."""
    read = {column: (name, None) for name, column in header.columns.items()}
    read |= {column: ("quantity", label) for _, column, label in header.year_columns}
    table = pl.DataFrame(
        [(column, name, label) for column, (name, label) in read.items()],
        schema={"column": pl.String, "field": pl.String, "source_column": pl.String},
        orient="row",
    )
    return flags.join(table, on="column").select(
        "source_row", "field", "source_column", pl.col("flag").alias("check_name"), "text"
    )


def cell_failures(records: pl.DataFrame, flagged: pl.DataFrame) -> pl.DataFrame:
    """One failure (row_id, check_name, field, severity, message) per record and field whose cell
    holds an Excel error value or a formula saved without its computed value: the figure is unknown,
    so the row is quarantined. `flagged`: flagged_fields of each sheet, with its sheet."""
    found = records.select("row_id", "sheet", "source_row", "source_column").join(
        flagged, on=["sheet", "source_row"], suffix="_flagged"
    )
    found = found.filter(
        pl.col("source_column_flagged").is_null()
        | (pl.col("source_column_flagged") == pl.col("source_column"))
    )
    catalog = load_catalog()
    checks = found["check_name"].unique().to_list()
    return found.select(
        "row_id",
        "check_name",
        "field",
        pl.col("check_name")
        .replace_strict({c: catalog.severity(c) for c in checks}, return_dtype=pl.String)
        .alias("severity"),
        filled(
            pl.col("check_name").replace_strict(
                {c: catalog.message(c) for c in checks}, return_dtype=pl.String
            ),
            {
                "text": pl.col("text"),
                "meaning": pl.col("text").replace_strict(EXCEL_ERRORS, default="an error"),
            },
        ).alias("message"),
    ).sort("row_id", "field")
