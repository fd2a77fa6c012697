"""Synthetic questionnaire returns for the demo inbox: the States of the seed report's para 15 answering
the 23rd meeting's questionnaire on the 22nd meeting's recommendations, thirteen by the cut-off and eleven
after, in their languages; one retyped on a sheet of the country's own. Statuses are drawn, seeded by the
country; every file is named SYNTHETIC_* and its title says it is synthetic."""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl

from honlea.config.directory import catalogue
from honlea.config.meetings import load_meetings
from honlea.config.reference import dim_country
from honlea.demo.specification import (
    LANGUAGES,
    PLANTED_ERRORS,
    RETURN_MEASURES,
    RETURN_PHRASES,
    RETURNS,
    QuestionnaireReturn,
)
from honlea.review.forms import ANSWERS, HEADER_ROW, IDENTIFICATION, label, write_questionnaire

#: How often each status is drawn.
STATUS_WEIGHTS = {
    "implemented": 4,
    "partially_implemented": 4,
    "not_implemented": 2,
    "not_applicable": 1,
}


def _answers(spec: QuestionnaireReturn, meeting: int) -> list[list[str | None]]:
    """Per recommendation: code, status label, measures, difficulties, assistance (as the country writes)."""
    rng = random.Random(f"returns-{meeting}-{spec.iso3}")
    texts = catalogue()
    rows = []
    for rec in texts.of_meeting(meeting - 1).iter_rows(named=True):
        status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        acted = status in ("implemented", "partially_implemented")
        rows.append(
            [
                rec["code"],
                texts.status_label(status, spec.lang),
                RETURN_MEASURES[spec.lang, rec["topic"]] if acted else None,
                RETURN_PHRASES[spec.lang, "difficulties"] if status != "implemented" and acted else None,
                RETURN_PHRASES[spec.lang, "assistance"] if status == "not_implemented" else None,
            ]
        )
    return rows


def _plant(sheet: openpyxl.worksheet.worksheet.Worksheet, spec: QuestionnaireReturn) -> None:
    """The planted errors of demo/specs/planted_errors.csv in this return, at their row and column."""
    headers = {cell.value: cell.column for cell in sheet[HEADER_ROW] if cell.value}
    for error in PLANTED_ERRORS:
        if error.file == spec.path and error.row is not None and error.column in headers:
            sheet.cell(error.row, headers[error.column]).value = error.value


def _filled_form(spec: QuestionnaireReturn, meeting: int, inbox: Path) -> Path:
    form = write_questionnaire(meeting, spec.lang, inbox / "questionnaire", spec.iso3)
    workbook = openpyxl.load_workbook(form.path)
    sheet = workbook[label("questionnaire_sheet", spec.lang)]
    sheet["A1"] = f"{LANGUAGES[spec.lang].title} – {sheet['A1'].value}"
    named = {name: defined for name, defined in workbook.defined_names.items()}
    values = {
        "responding_agency": spec.responding_agency,
        "contact": f"honlea@{spec.iso3.lower()}.example.org",
    }
    values["reply_date"] = spec.reply_date
    for item, value in values.items():
        title, cell = next(iter(named[item].destinations))
        workbook[title][cell.replace("$", "")] = value
    for row, answer in enumerate(_answers(spec, meeting), start=HEADER_ROW + 1):
        for column, value in enumerate(answer[1:], start=3):
            sheet.cell(row, column).value = value
    _plant(sheet, spec)
    path = inbox / spec.path
    workbook.save(path)
    form.path.unlink()
    return path


def _retyped(spec: QuestionnaireReturn, meeting: int, inbox: Path) -> Path:
    """The answers on a sheet of the country's own: its labels, its order, no defined names."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Respuesta"
    country = dim_country().filter(dim_country()["iso3"] == spec.iso3)[f"name_{spec.lang}"].item()
    sheet.append([f"{LANGUAGES[spec.lang].title} – {RETURN_PHRASES[spec.lang, 'retyped_note']}"])
    sheet.append([])
    values = {"country": country, "responding_agency": spec.responding_agency, "contact": None}
    values |= {"reply_date": spec.reply_date}
    for item in IDENTIFICATION:
        sheet.append([label(item, spec.lang), values[item]])
    sheet.append([label("meeting", spec.lang), meeting])
    sheet.append([])
    sheet.append([label(item, spec.lang) for item in ("recommendation", *ANSWERS)])
    for answer in reversed(_answers(spec, meeting)):  # retyped from the last recommendation up
        sheet.append(answer)
    path = inbox / spec.path
    workbook.save(path)
    return path


def write_returns(inbox: Path) -> list[Path]:
    """Write the demo's questionnaire returns of the configured meeting into inbox/questionnaire."""
    meeting = load_meetings().configured
    (inbox / "questionnaire").mkdir(parents=True, exist_ok=True)
    return [
        (_retyped if spec.layout == "retyped" else _filled_form)(spec, meeting, inbox) for spec in RETURNS
    ]
