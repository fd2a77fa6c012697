"""Country reports through real nightly runs: Word and PDF reports in English, Spanish and French are
read in the worker, their sections found by the full-text search, their indicators in the view; a report
figure that differs from the statistics is flagged with both figures; an encrypted PDF and a damaged
Word file are reported clearly while the rest of the run loads; the feedback workbook and the
stewards' decisions work for a report as for the statistics."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from pypdf import PdfReader, PdfWriter

from honlea.demo.reports import WRITERS, file_name, report_content
from honlea.flows.cli import main
from honlea.review.service import decide
from honlea.transforms.search import query_terms
from honlea.warehouse.connection import connect
from honlea.warehouse.search import search_sections
from tests.integration.helpers import query, run_nightly, unaccounted

STATISTICS = (
    "País;Año;Droga;Cantidad;Unidad\n"
    "Colombia;2010;Clorhidrato de cocaína;1200,5;kg\n"
    "Colombia;2011;Clorhidrato de cocaína;1350;kg\n"
)
DRUGS = {
    "en": ("Cocaine hydrochloride", "Cannabis herb"),
    "es": ("Clorhidrato de cocaína", "Marihuana"),
    "fr": ("Chlorhydrate de cocaïne", "Herbe de cannabis"),
}
#: paper number -> (country, ISO3, language, format)
REPORTS = {
    2: ("Jamaica", "JAM", "en", "docx"),
    3: ("Colombia", "COL", "es", "docx"),
    4: ("France", "FRA", "fr", "docx"),
    5: ("Italy", "ITA", "en", "pdf"),
    6: ("Perú", "PER", "es", "pdf"),
    7: ("Haïti", "HTI", "fr", "pdf"),
}
COLOMBIA_2011 = "2000"  # the statistics say 1350 kg: 48 % more, over the 10 % tolerance


def _write_report(folder: Path, number: int, extra_drug: str | None = None) -> Path:
    country, iso3, language, extension = REPORTS[number]
    cocaine, herb = DRUGS[language]
    seizures = [
        (cocaine, "kg", ["1200.5", COLOMBIA_2011 if iso3 == "COL" else "1350"]),
        (herb, "kg", ["80", "95"]),
    ]
    if extra_drug:
        seizures.append((extra_drug, "kg", ["5", ""]))
    indicators = {"arrests": ["410", "388"], "laboratories_dismantled": ["3", "5"]}
    content = report_content(number, country, language, date(2012, 9, 20), seizures, indicators)
    return WRITERS[extension](content, folder / file_name(number, iso3, extension))


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "incautaciones_anuales_col.csv").write_bytes(STATISTICS.encode("cp1252"))
    for number in REPORTS:
        _write_report(folder, number, extra_drug="Kryptonita" if number == 2 else None)
    locked = PdfWriter(clone_from=PdfReader(_write_report(folder, 5)))  # ITA's report, with a password
    locked.encrypt("secret")
    locked.write(folder / file_name(8, "DOM", "pdf"))
    (folder / file_name(9, "ECU", "docx")).write_bytes(b"PK\x03\x04 not a whole Word document")
    return folder


def _figures(url: str) -> pl.DataFrame:
    return query(
        url,
        "SELECT symbol, iso3, indicator_id, drug_id, year, quantity, unit, kilograms "
        "FROM marts.v_country_indicators ORDER BY symbol, indicator_id, drug_id, year",
    )


def test_reports_in_three_languages_are_searchable_and_their_indicators_load(tmp_path, inbox, new_warehouse):
    url, _ = run_nightly(inbox, tmp_path, new_warehouse())  # DuckDB, then PostgreSQL: the same search
    audit = query(
        url,
        "SELECT file_name, status, rows_read, rows_loaded, rows_quarantined, message, "
        "rows_duplicate, rows_not_reported FROM quality.load_audit",
    )
    status = dict(zip(audit["file_name"], audit["status"], strict=True))
    assert status == {
        "incautaciones_anuales_col.csv": "loaded",
        **{file_name(n, iso3, ext): "loaded" for n, (_, iso3, _, ext) in REPORTS.items()},
        file_name(8, "DOM", "pdf"): "unrecognised",
        file_name(9, "ECU", "docx"): "unrecognised",
    }
    assert unaccounted(audit) == []
    messages = dict(zip(audit["file_name"], audit["message"], strict=True))
    assert "encrypted (password-protected) PDF" in messages[file_name(8, "DOM", "pdf")]
    assert "not a readable Word document" in messages[file_name(9, "ECU", "docx")]
    unreadable = query(
        url, "SELECT file_name FROM quality.quality_issue WHERE check_name = 'unreadable_report'"
    )
    assert sorted(unreadable["file_name"]) == [file_name(8, "DOM", "pdf"), file_name(9, "ECU", "docx")]

    reports = query(url, "SELECT symbol, iso3, language, language_basis FROM marts.v_country_reports")
    assert sorted(reports.rows()) == sorted(
        (f"UNODC/HONLAC/22/CRP.{n}", iso3, lang, "declared") for n, (_, iso3, lang, _) in REPORTS.items()
    )
    figures = _figures(url)
    # 2 drugs and 2 indicators for 2 years each, for every report (JAM's unknown drug is quarantined)
    assert figures.group_by("symbol").len()["len"].to_list() == [8] * len(REPORTS)
    assert figures.filter(pl.col("iso3") == "PER", pl.col("indicator_id") == "arrests").select(
        "year", "quantity", "unit"
    ).rows() == [(2010, 410.0, "person"), (2011, 388.0, "person")]
    assert figures.filter(pl.col("iso3") == "FRA", pl.col("drug_id") == "cocaine_hydrochloride")[
        "kilograms"
    ].to_list() == [1200.5, 1350.0]

    with connect(url, read_only=True) as warehouse:
        found_spanish = search_sections(warehouse, query_terms("semisumergibles"))
        for words, expected in (
            ("semisumergibles", {"COL", "PER"}),
            ("go-fast boats", {"JAM", "ITA"}),
            ("conteneurs", {"FRA", "HTI"}),
        ):
            found = search_sections(warehouse, query_terms(words), limit=20)
            assert set(found["iso3"]) == expected, words
    assert "Rutas y métodos de ocultamiento" in set(found_spanish["heading"])


def test_honlea_search_prints_symbol_country_heading_and_snippet(tmp_path, inbox, capsys):
    url, _ = run_nightly(inbox, tmp_path)
    capsys.readouterr()
    assert main(["search", "semisumergibles", "--warehouse", url, "--width", "250"]) == 0
    printed = capsys.readouterr().out
    assert "UNODC/HONLAC/22/CRP.3" in printed and "UNODC/HONLAC/22/CRP.6" in printed
    assert "Colombia" in printed and "Rutas y métodos de ocultamiento" in printed
    assert "semisumergibles" in printed  # the snippet
    assert "CRP.2" not in printed  # English reports say semi-submersible
    assert main(["search", "kryptonite", "--warehouse", url]) == 1


def test_a_report_figure_far_from_the_statistics_is_flagged_with_both(tmp_path, inbox):
    url, _ = run_nightly(inbox, tmp_path)
    flagged = query(
        url,
        "SELECT file_name, iso3, year, value, severity, status, message FROM quality.quality_issue "
        "WHERE check_name = 'report_vs_statistics'",
    )
    assert flagged.select("file_name", "iso3", "year", "value", "severity", "status").rows() == [
        (file_name(3, "COL", "docx"), "COL", 2011, COLOMBIA_2011, "warning", "open")
    ]
    message = flagged["message"].item()
    for part in (
        "2,000.0 kg",
        "1,350.0 kg",
        "national_annual_totals",
        "incautaciones_anuales_col.csv",
        "+48.1 %",
    ):
        assert part in message, message
    comparison = query(
        url,
        "SELECT year, source_a, kilograms_a, source_b, kilograms_b FROM marts.v_source_comparison "
        "WHERE iso3 = 'COL' AND drug_group_id = 'cocaine_type' ORDER BY year",
    )
    assert comparison.rows() == [
        (2010, "national_annual_totals", 1200.5, "country_report", 1200.5),
        (2011, "national_annual_totals", 1350.0, "country_report", 2000.0),
    ]


def test_feedback_and_decisions_work_for_a_report(tmp_path, inbox):
    url, _ = run_nightly(inbox, tmp_path)
    jamaica = file_name(2, "JAM", "docx")
    submission = query(
        url, "SELECT submission_id FROM warehouse.dim_submission WHERE file_name = ?", [jamaica]
    )["submission_id"].item()
    assert main(["feedback", str(submission), "--out", str(tmp_path / "fb"), "--warehouse", url]) == 0
    (path,) = (tmp_path / "fb").glob("*.xlsx")
    workbook = openpyxl.load_workbook(path)
    commented = {
        (sheet.title, c.coordinate): c.comment.text
        for sheet in workbook.worksheets[1:]
        for row in sheet.iter_rows()
        for c in row
        if c.comment
    }
    assert commented == {
        ("table 1", "A4"): "Drug not recognised: please use the name in the UNODC questionnaire."
    }  # the drug of the fourth row of the seizures table, Kryptonita

    unknown = query(
        url,
        "SELECT issue_id FROM quality.quality_issue WHERE check_name = 'known_drug' AND file_name = ?",
        [jamaica],
    )["issue_id"].to_list()
    assert len(unknown) == 1
    difference = query(
        url, "SELECT issue_id FROM quality.quality_issue WHERE check_name = 'report_vs_statistics'"
    )["issue_id"].to_list()
    with connect(url) as warehouse:
        decide(warehouse, unknown, "correct", "M", "the focal point meant cocaine base", "Cocaine base")
        decide(warehouse, difference, "accept", "M", "the report counts the seizures of the navy too")
    run_nightly(inbox, tmp_path, url)
    latest = query(
        url,
        "SELECT q.status FROM quality.quality_issue q JOIN warehouse.dim_submission s "
        "ON s.submission_id = q.submission_id AND s.valid_to IS NULL "
        "WHERE q.check_name = 'report_vs_statistics'",
    )
    assert latest["status"].to_list() == ["accepted"]  # the report read again: the difference stays accepted
    corrected = query(
        url,
        "SELECT drug_id, year, quantity FROM marts.v_country_indicators "
        "WHERE iso3 = 'JAM' AND quantity = 5 AND drug_id IS NOT NULL",
    )
    assert corrected.rows() == [("coca_paste_base", 2010, 5.0)]
