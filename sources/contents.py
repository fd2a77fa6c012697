"""What a recognised file gives: the records to conform, the issues found in reading it, and the count
of every row, so that each is loaded, quarantined, dropped as a duplicate or counted as not reported."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from honlea.config.names import IssueStatus
from honlea.config.source_profiles import Profile
from honlea.sources.grids import Grid, HiddenSheet
from honlea.sources.recognise import Recognised
from honlea.sources.xlsx import column_letter
from honlea.transforms.dates import parse_date, row_year
from honlea.transforms.headers import Duplicate, HeaderMatch
from honlea.transforms.keys import with_business_key
from honlea.transforms.quality import Problem, cell_failures, file_issues, flagged_fields, issue_rows
from honlea.transforms.records import SheetRecords, sheet_records


@dataclass(frozen=True)
class Contents:
    """The recognised sheets' records and the issues and counts of reading them."""

    records: pl.DataFrame  # what goes on to conform and validate
    issues: pl.DataFrame  # open issues about the file, its sheets, columns and cells
    rows_read: int
    rows_quarantined: int  # rows of sheets not read, figures of columns not read, cells not readable
    # figures not reported: a "no data" marker for the quantity, a wide row with no figure in any year
    # column (records' columns and MARKER, with row_id)
    not_reported: pl.DataFrame

    @property
    def rows_not_reported(self) -> int:
        """Figures the file does not report (counted, not loaded, not an error)."""
        return self.not_reported.height


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _letters(columns: tuple[str, ...] | list[str]) -> str:
    """ "C and F" for grid columns c2 and c5."""
    letters = [column_letter(int(column[1:])) for column in columns]
    return " and ".join([", ".join(letters[:-1]), letters[-1]] if len(letters) > 1 else letters)


def _duplicate(sheet: str, duplicate: Duplicate) -> Problem:
    labels = list(dict.fromkeys(duplicate.labels))
    where = f"columns {_letters(duplicate.columns)} " + (
        f"have the same header {labels[0]!r}"
        if len(labels) == 1
        else f"are headed {' and '.join(map(repr, labels))}"
    )
    if duplicate.field is None:
        return Problem.of(sheet, "duplicate_unused_header", labels[0], columns=where)
    return Problem.of(sheet, "duplicate_header", labels[0], columns=where, field=duplicate.field)


def _hidden(sheet: HiddenSheet) -> Problem:
    how = "very hidden (only a macro can show it)" if sheet.state == "veryHidden" else "hidden"
    return Problem.of(sheet.name, "hidden_sheet", sheet=sheet.name, how=how, rows=_count(sheet.rows, "row"))


def _other_years(sheet: str, header: HeaderMatch, counted: SheetRecords) -> list[Problem]:
    return [
        Problem.of(
            sheet,
            "not_a_calendar_year",
            label,
            letter=_letters([column]),
            label=repr(label),
            figures=_count(counted.other_year_figures[column], "figure"),
        )
        for column, label in header.other_years
    ]


def _sheet(
    grid: Grid, header: HeaderMatch, profile: Profile, markers: frozenset[str]
) -> tuple[SheetRecords, list[Problem], bool]:
    """A sheet's records, the problems of its header, and whether it is read (no field's header twice)."""
    counted = sheet_records(
        grid.frame, header, grid.sheet, profile.defaults, fill_down=profile.fill_down, markers=markers
    )
    problems = [_duplicate(grid.sheet, d) for d in header.duplicates]
    read = all(d.field is None for d in header.duplicates)
    return counted, [*problems, *(_other_years(grid.sheet, header, counted) if read else [])], read


def read_contents(
    recognised: Recognised, hidden: list[HiddenSheet], markers: frozenset[str] = frozenset()
) -> Contents:
    """Records of the sheets read; a sheet whose header names a field twice is not read (its rows
    are quarantined), nor is a wide column that is not a calendar year (its figures are); records whose
    cells hold an Excel error or a formula without its value are quarantined with a row issue. A
    quantity written as a "no data" marker (`markers`, see sheet_records) is not reported. The sheets
    the profile declares as its template's own raise no hidden-sheet or sheet-not-read issue."""
    profile = recognised.profile
    own = set(profile.template_sheets)  # the template's instructions and lists: not data, not a problem
    problems = [_hidden(sheet) for sheet in hidden if sheet.name not in own]
    problems += [
        Problem.of(sheet, "sheet_not_read", sheet=sheet, profile=profile.name)
        for sheet in recognised.unread_sheets
        if sheet not in own
    ]
    parts, not_reported, rows_read, quarantined = [], [], 0, 0
    for grid, header in recognised.sheets:
        counted, sheet_problems, read = _sheet(grid, header, profile, markers)
        problems += sheet_problems
        rows_read += counted.rows
        parts.append(counted.records if read else counted.records.clear())
        not_reported.append(counted.not_reported if read else counted.not_reported.clear())
        quarantined += sum(counted.other_year_figures.values()) if read else counted.rows
    if rows_read == 0:
        problems.append(Problem.of(None, "no_data_rows"))
    records = pl.concat(parts).with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("row_id"))
    flagged = pl.concat(
        flagged_fields(grid.flags, header).with_columns(pl.lit(grid.sheet).alias("sheet"))
        for grid, header in recognised.sheets
    )
    failures = cell_failures(records, flagged)
    labels = {grid.sheet: header.labels for grid, header in recognised.sheets}
    failing = records.join(failures.select("row_id").unique(), on="row_id", how="semi")  # keys of these only
    context = with_business_key(failing, profile.source).with_columns(
        *(pl.lit(None, dtype=pl.String).alias(name) for name in ("iso3", "conflicting_rows")),
        pl.lit(None, dtype=pl.Float64).alias("components_kg"),
        pl.lit(None, dtype=pl.Int32).alias("repeats_row"),
        row_year(pl.col("year_text"), parse_date(pl.col("seizure_date_text"))).alias("year"),
    )
    # no row key: a cell whose figure is unknown is the country's to send again, not a steward's to decide
    no_keys = pl.DataFrame(schema={"row_id": pl.Int64, "row_key": pl.String})
    cells = issue_rows(context, failures, labels, no_keys)
    unreadable = failures["row_id"].n_unique()
    return Contents(
        records.join(failures, on="row_id", how="anti", maintain_order="left"),
        pl.concat([file_issues(problems), cells.with_columns(pl.lit(IssueStatus.OPEN).alias("status"))]),
        rows_read,
        quarantined + unreadable,
        pl.concat(not_reported).with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("row_id")),
    )
