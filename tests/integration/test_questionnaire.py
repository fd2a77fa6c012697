"""Questionnaire returns and the statistics form through real nightly runs: the forms written in each
language, filled as a country fills them, ingested, and read from the views; on time and late, moved
rows, a resubmission, the stewards' page and the feedback workbook, the note's paragraph on the demo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from docx import Document as docx_document

from honlea.config.directory import catalogue
from honlea.demo.inbox import write_demo_inbox
from honlea.demo.specification import RETURNS
from honlea.flows.cli import main
from honlea.review.forms import HEADER_ROW, write_questionnaire, write_statistics
from honlea.review.service import IssueFilter, list_issues
from honlea.warehouse.connection import connect
from tests.integration.helpers import query, run_nightly, unaccounted
from tests.workbooks import fill_return, swap_rows

KEYS = ["1_a", "1_b", "1_c", "2_a", "2_b", "2_c", "2_d", "2_e", "3_a", "3_b", "3_c", "3_d"]
CUTOFF = date(2013, 8, 26)  # config/meetings.yaml, meeting 23 (assumed)


def _labels(language: str) -> dict[str, str]:
    return {row["status"]: row[language] for row in catalogue().statuses.iter_rows(named=True)}


def _return(
    inbox: Path, iso3: str, language: str, reply: date | None, statuses: dict[str, str | None]
) -> Path:
    form = write_questionnaire(23, language, inbox / "forms", iso3)
    path = fill_return(form.path, inbox / f"{iso3}_{language}_return.xlsx", statuses, reply)
    form.path.unlink()
    return path


def _statistics(inbox: Path, language: str, rows: list[tuple]) -> Path:
    form = write_statistics(2012, language, inbox / "forms")
    workbook = openpyxl.load_workbook(form.path)
    sheet = workbook.worksheets[1]
    for number, row in enumerate(rows, start=4):
        for column, value in enumerate(row, start=1):
            sheet.cell(number, column).value = value
    path = inbox / form.path.name
    workbook.save(path)
    form.path.unlink()
    return path


def test_filled_forms_in_three_languages_load_with_no_issue(tmp_path):
    inbox = tmp_path / "inbox"
    es, en, fr = _labels("es"), _labels("en"), _labels("fr")
    _return(inbox, "ARG", "es", date(2013, 8, 12), {k: es["implemented"] for k in KEYS})
    moved = _return(
        inbox,
        "ITA",
        "en",
        date(2013, 8, 26),
        dict.fromkeys(KEYS, en["not_implemented"]) | {"1_a": en["implemented"]},
    )
    swap_rows(moved, "Questionnaire", HEADER_ROW + 1, HEADER_ROW + 12)  # 22/1(a) moved to the last row
    _return(inbox, "FRA", "fr", date(2013, 9, 9), {k: fr["partially_implemented"] for k in KEYS})
    _statistics(inbox, "en", [("Argentina", "Cocaine hydrochloride", 2012, 1234.5, "kilograms", 12)])
    _statistics(inbox, "es", [("Chile", "Hierba de cannabis", 2012, 20, "toneladas", 30)])
    _statistics(inbox, "fr", [("France", "Chlorhydrate de cocaïne", 2012, 7, "grammes", 1)])
    for folder in (inbox / "forms",):
        folder.rmdir()
    url, _ = run_nightly(inbox, tmp_path)

    audit = query(url, "SELECT * FROM quality.load_audit")
    assert audit["status"].to_list() == ["loaded"] * 6 and not unaccounted(audit)
    assert query(url, "SELECT * FROM quality.quality_issue").is_empty()
    returns = query(
        url,
        "SELECT iso3, received_date, on_time, timeliness, statuses_given, language "
        "FROM marts.v_questionnaire_returns ORDER BY iso3",
    )
    assert returns.rows() == [
        ("ARG", date(2013, 8, 12), True, "on_time", 12, "es"),
        ("FRA", date(2013, 9, 9), False, "late", 12, "fr"),
        ("ITA", date(2013, 8, 26), True, "on_time", 12, "en"),
    ]
    implementation = query(
        url,
        "SELECT iso3, recommendation_code, status, implemented FROM "
        "marts.v_recommendation_implementation ORDER BY iso3, recommendation_code",
    )
    assert implementation.height == 36
    italy = implementation.filter(pl.col("iso3") == "ITA")
    assert italy.filter(pl.col("recommendation_code") == "22/1(a)")["status"].item() == "implemented"
    assert italy.filter(pl.col("status") == "not_implemented").height == 11
    shares = query(
        url,
        "SELECT topic, AVG(implemented) AS share FROM marts.v_recommendation_implementation "
        "WHERE topic = 'precursor_control' GROUP BY topic",
    )
    assert shares["share"].item() == pytest.approx(2 / 6)
    seized = query(
        url, "SELECT iso3, drug_id, kilograms, seizure_cases FROM marts.v_seizures_annual ORDER BY iso3"
    )
    assert seized.rows() == [
        ("ARG", "cocaine_hydrochloride", 1234.5, 12),
        ("CHL", "cannabis_herb", 20000.0, 30),
        ("FRA", "cocaine_hydrochloride", pytest.approx(0.007), 1),
    ]


def test_a_second_return_supersedes_the_first_with_history(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    es = _labels("es")
    _return(first, "PER", "es", date(2013, 9, 2), dict.fromkeys(KEYS, es["not_implemented"]))
    (first / "forms").rmdir()
    url, _ = run_nightly(first, tmp_path)
    _return(second, "PER", "es", date(2013, 9, 20), dict.fromkeys(KEYS, es["implemented"]))
    (second / "forms").rmdir()
    run_nightly(second, tmp_path, url)
    current = query(url, "SELECT iso3, reply_date, earlier_returns FROM marts.v_questionnaire_returns")
    assert current.rows() == [("PER", date(2013, 9, 20), 1)]
    statuses = query(url, "SELECT DISTINCT status FROM marts.v_recommendation_implementation")
    assert statuses["status"].to_list() == ["implemented"]
    history = query(
        url,
        "SELECT r.reply_date, s.valid_to IS NULL AS current FROM "
        "warehouse.fact_questionnaire_return r JOIN warehouse.dim_submission s USING (submission_id) "
        "ORDER BY r.reply_date",
    )
    assert history.rows() == [(date(2013, 9, 2), False), (date(2013, 9, 20), True)]
    assert query(url, "SELECT COUNT(*) AS n FROM warehouse.fact_recommendation_status")["n"].item() == 24


def test_an_unknown_status_and_a_missing_reply_date_reach_the_stewards(tmp_path, capsys):
    inbox = tmp_path / "inbox"
    es = _labels("es")
    _return(inbox, "PER", "es", None, dict.fromkeys(KEYS, es["implemented"]) | {"2_b": "Tal vez"})
    (inbox / "forms").rmdir()
    url, _ = run_nightly(inbox, tmp_path)
    with connect(url, read_only=True) as warehouse:
        issues = list_issues(warehouse, IssueFilter(None, None, None, None, open_only=True))
    found = issues.select("check_name", "severity", "sheet", "source_row", "column_name", "value").sort(
        "check_name"
    )
    assert found.rows() == [
        ("known_status", "error", "Cuestionario", HEADER_ROW + 5, "Estado de aplicación", "Tal vez"),
        ("required_reply_date", "warning", "Cuestionario", 7, "Fecha de respuesta", None),
    ]
    audit = query(url, "SELECT rows_read, rows_loaded, rows_quarantined FROM quality.load_audit")
    assert audit.rows() == [(12, 11, 1)]
    returns = query(url, "SELECT reply_date, received_date, on_time FROM marts.v_questionnaire_returns")
    assert returns["reply_date"].to_list() == [None]  # received when the file arrived: today, late
    assert returns["on_time"].to_list() == [False]
    submission = query(url, "SELECT submission_id FROM warehouse.dim_submission")["submission_id"].item()
    assert main(["feedback", str(submission), "--out", str(tmp_path / "fb"), "--warehouse", url]) == 0
    (path,) = (tmp_path / "fb").glob("*_es.xlsx")
    sheet = openpyxl.load_workbook(path)["Cuestionario"]
    commented = {c.coordinate: c.comment.text for row in sheet.iter_rows() for c in row if c.comment}
    assert commented == {
        f"C{HEADER_ROW + 5}": "El estado no es uno de la lista: elíjalo en la lista desplegable."
    }


def _paragraph(docx: Path, opening: str) -> str:
    return next(p.text for p in docx_document(docx).paragraphs if opening in p.text)


def test_the_demo_returns_give_the_notes_two_groups(tmp_path):
    inbox = tmp_path / "inbox"
    write_demo_inbox(inbox)
    url, _ = run_nightly(inbox, tmp_path)
    returns = query(url, "SELECT iso3, on_time, timeliness FROM marts.v_questionnaire_returns")
    on_time = set(returns.filter(pl.col("on_time"))["iso3"])
    late = set(returns.filter(~pl.col("on_time"))["iso3"])
    assert on_time == {r.iso3 for r in RETURNS if r.reply_date <= CUTOFF} and len(on_time) == 13
    assert late == {r.iso3 for r in RETURNS if r.reply_date > CUTOFF} and len(late) == 11
    issues = query(
        url,
        "SELECT file_name, check_name, source_row FROM quality.quality_issue "
        "WHERE file_name LIKE '%cuestionario%' OR file_name LIKE '%questionnaire%'",
    )
    assert issues.rows() == [("SYNTHETIC_PER_cuestionario_23.xlsx", "known_status", HEADER_ROW + 6)]
    names = query(url, "SELECT iso3, name_en, name_es FROM warehouse.dim_country")
    for language in ("en", "es"):
        (docx,) = (tmp_path / "data" / "note").glob(f"*_{language}.docx")
        named = dict(zip(names["iso3"], names[f"name_{language}"], strict=True))
        after_cutoff = "After that date" if language == "en" else "Después de esa fecha"
        by_cutoff, after = _paragraph(docx, after_cutoff).split(after_cutoff)
        assert {iso3 for iso3 in named if iso3 in on_time | late and named[iso3] in by_cutoff} == on_time
        assert {iso3 for iso3 in named if iso3 in on_time | late and named[iso3] in after} == late
    status = main(["questionnaire", "status", "--meeting", "23", "--warehouse", url])
    assert status == 0
