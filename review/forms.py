"""The forms the Secretariat sends to countries, in the country's language: the questionnaire on the
implementation of the previous meeting's recommendations. Every answer cell has a defined name
(`country`, `reply_date`, `status_2_c`, `measures_2_c`, ...), so that a return whose rows were moved
still reads; the layout is protected and only the answer cells are unlocked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import openpyxl
import polars as pl
from babel.dates import format_date
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from honlea.config.directory import catalogue, country_language
from honlea.config.meetings import load_meetings, load_note_rules
from honlea.config.reference import dim_country, dim_drug
from honlea.config.schemas import ANSWER_ITEMS, RETURN_ITEMS
from honlea.config.settings import cached_per_config_dir, config_dir
from honlea.config.vocabulary_files import load_vocabulary

#: The identification block: its items, in order, each a defined name of its answer cell.
IDENTIFICATION = RETURN_ITEMS
#: The answer columns after the code and the text, each a defined name per recommendation (status_2_c).
ANSWERS = ANSWER_ITEMS[1:]  # the recommendation is the row's code, not an answer
HEADER_ROW = 9  # the answer table's header row; its rows follow
ANSWER = PatternFill(start_color="FFFFFF", end_color="FFFFFF", fill_type="solid")
LAYOUT = PatternFill(start_color="DCE6F1", end_color="DCE6F1", fill_type="solid")
DATE_FORMAT = "yyyy-mm-dd"


@cached_per_config_dir
def _texts(folder: Path) -> dict[str, dict[str, str]]:
    frame = load_vocabulary(folder, "template_texts.csv")
    return {row["key"]: row for row in frame.iter_rows(named=True)}


def label(key: str, language: str, **values: object) -> str:
    """A text of the forms in en, es or fr (English where no translation exists), values filled in."""
    row = _texts()[key]
    return (row[language] or row["en"]).format(**values)


def answer_name(item: str, key: str) -> str:
    """The defined name of a recommendation's answer cell: status_2_c."""
    return f"{item}_{key}"


@dataclass(frozen=True)
class Form:
    """A written form: where it is, and in which language."""

    path: Path
    language: str


def _define(workbook: openpyxl.Workbook, name: str, sheet: str, cell: str) -> None:
    column, row = openpyxl.utils.cell.coordinate_from_string(cell)
    workbook.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!${column}${row}")


def _answer_cell(cell: openpyxl.cell.Cell, wrap: bool = True) -> None:
    cell.protection = Protection(locked=False)
    cell.fill = ANSWER
    cell.alignment = Alignment(wrap_text=wrap, vertical="top")


def _instructions(workbook: openpyxl.Workbook, language: str, lines: list[str]) -> None:
    sheet = workbook.active
    sheet.title = label("instructions_sheet", language)
    sheet.column_dimensions["A"].width = 110
    for line in lines:
        sheet.append([line])
        sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.protection.sheet = True


def _lists(workbook: openpyxl.Workbook, language: str, lists: list[list[str]]) -> list[str]:
    """The hidden list sheet, a column per list; the range each drop-down takes its values from (an
    inline list stops at 255 characters)."""
    sheet = workbook.create_sheet(label("lists_sheet", language))
    ranges = []
    for column, values in enumerate(lists, start=1):
        for row, text in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=text)
        letter = openpyxl.utils.get_column_letter(column)
        ranges.append(f"'{sheet.title}'!${letter}$1:${letter}${len(values)}")
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True
    return ranges


def write_questionnaire(meeting: int, language: str, out_dir: Path, iso3: str | None = None) -> Form:
    """Write the blank questionnaire of a meeting (on the previous meeting's recommendations) in
    `language` (for a country: its liaison offices' language unless `language` is given); its path."""
    language = language or country_language(iso3)
    meetings = load_meetings()
    current = meetings.meeting(meeting)
    recommendations = catalogue().of_meeting(meeting - 1)
    if recommendations.is_empty():
        raise LookupError(f"no recommendations of meeting {meeting - 1} in config/recommendations.csv")
    locale = load_note_rules().locales[language]
    cutoff = (
        format_date(current.questionnaire_cutoff, "long", locale) if current.questionnaire_cutoff else None
    )
    workbook = openpyxl.Workbook()
    previous = getattr(meetings.meeting(meeting - 1).name, language)
    heading = label("questionnaire_title", language, previous=previous)
    lines = [heading, *([label("deadline", language, cutoff=cutoff)] if cutoff else [])]
    _instructions(workbook, language, [*lines, label("how_to", language), label("translation", language)])
    (statuses,) = _lists(workbook, language, [catalogue().statuses[language].to_list()])
    title = label("questionnaire_sheet", language)
    sheet = workbook.create_sheet(title, 1)
    sheet["A1"] = heading
    sheet["A1"].font = Font(bold=True, size=12)
    sheet["A2"], sheet["B2"] = label("meeting", language), meeting
    _define(workbook, "meeting", title, "B2")
    for row, item in enumerate(IDENTIFICATION, start=4):
        sheet.cell(row=row, column=1, value=label(item, language)).font = Font(bold=True)
        answer = sheet.cell(row=row, column=2)
        _answer_cell(answer, wrap=False)
        _define(workbook, item, title, answer.coordinate)
    if iso3:
        sheet["B4"] = dim_country().filter(dim_country()["iso3"] == iso3)[f"name_{language}"].item()
    sheet["B7"].number_format = DATE_FORMAT
    headers = ["recommendation", "text", *ANSWERS]
    for column, item in enumerate(headers, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=label(item, language))
        cell.font, cell.fill = Font(bold=True), LAYOUT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    drop_down = DataValidation(type="list", formula1=f"={statuses}", allow_blank=True)
    sheet.add_data_validation(drop_down)
    for row, rec in enumerate(recommendations.iter_rows(named=True), start=HEADER_ROW + 1):
        key = f"{rec['issue']}_{rec['letter']}"
        sheet.cell(row=row, column=1, value=rec["code"])
        text = sheet.cell(row=row, column=2, value=rec[f"text_{language}"] or rec["text_en"])
        text.alignment = Alignment(wrap_text=True, vertical="top")
        for column, item in enumerate(ANSWERS, start=3):
            cell = sheet.cell(row=row, column=column)
            _answer_cell(cell)
            _define(workbook, answer_name(item, key), title, cell.coordinate)
        drop_down.add(sheet.cell(row=row, column=3))
    stem = f"questionnaire_{meeting}{f'_{iso3}' if iso3 else ''}_{language}"
    return _finish(workbook, sheet, (12, 70, 24, 45, 35, 35), out_dir / f"{stem}.xlsx", language)


def _finish(
    workbook: openpyxl.Workbook, sheet: Worksheet, widths: tuple[int, ...], path: Path, language: str
) -> Form:
    """Column widths, the sheet protected and shown first after the instructions, the form saved."""
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = width
    sheet.protection.sheet = True
    workbook.active = 1
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return Form(path, language)


STATISTICS_COLUMNS = ("col_country", "col_drug", "col_year", "col_quantity", "col_unit", "col_cases")
STATISTICS_HEADER_ROW, STATISTICS_ROWS = 3, 300
QUANTITY_FORMAT = "#,##0.###"


def write_statistics(year: int, language: str | None, out_dir: Path, iso3: str | None = None) -> Form:
    """Write the blank annual totals form of a year, the layout the annual_totals profile reads: country,
    drug and unit from drop-down lists (labels in the form's language), a number format on quantities;
    the table's cells are unlocked and named `statistics_table`."""
    language = language or country_language(iso3)
    meetings = load_meetings()
    countries = dim_country().filter(
        pl.col("iso3").is_in(meetings.meeting(meetings.configured).member_states)
    )
    drugs = dim_drug().filter(~pl.col("is_total"))
    units = load_vocabulary(config_dir(), "unit_labels.csv").sort(pl.col("sort_order").cast(pl.Int32))
    workbook = openpyxl.Workbook()
    title = label("statistics_title", language, year=year)
    _instructions(workbook, language, [title, label("statistics_how_to", language, year=year)])
    ranges = _lists(
        workbook,
        language,
        [sorted(countries[f"name_{language}"]), sorted(drugs[f"name_{language}"]), units[language].to_list()],
    )
    name = label("statistics_sheet", language)
    sheet = workbook.create_sheet(name, 1)
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=12)
    for column, key in enumerate(STATISTICS_COLUMNS, start=1):
        cell = sheet.cell(STATISTICS_HEADER_ROW, column, label(key, language))
        cell.font, cell.fill = Font(bold=True), LAYOUT
    first, last = STATISTICS_HEADER_ROW + 1, STATISTICS_HEADER_ROW + STATISTICS_ROWS
    for column, values in (
        (1, f"={ranges[0]}"),
        (2, f"={ranges[1]}"),
        (3, f'"{year}"'),
        (5, f"={ranges[2]}"),
    ):
        drop_down = DataValidation(type="list", formula1=values, allow_blank=True)
        sheet.add_data_validation(drop_down)
        letter = openpyxl.utils.get_column_letter(column)
        drop_down.add(f"{letter}{first}:{letter}{last}")
    for row in range(first, last + 1):
        for column in range(1, len(STATISTICS_COLUMNS) + 1):
            _answer_cell(sheet.cell(row, column), wrap=False)
        sheet.cell(row, 4).number_format = QUANTITY_FORMAT
        sheet.cell(row, 6).number_format = "#,##0"
    workbook.defined_names["statistics_table"] = DefinedName(
        "statistics_table", attr_text=f"'{name}'!$A${first}:$F${last}"
    )
    stem = f"annual_totals_{year}{f'_{iso3}' if iso3 else ''}_{language}"
    return _finish(workbook, sheet, (28, 34, 8, 14, 14, 20), out_dir / f"{stem}.xlsx", language)
