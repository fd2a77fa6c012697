"""Country reports: the readers round-trip documents the demo writes (docx, pdf, xlsx) in the three
languages, refuse encrypted and damaged files with a clear message, and the report's words are read as
metadata, indicator records and search terms."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from pypdf import PdfReader, PdfWriter

from honlea.config.reference import vocabularies
from honlea.config.reports import report_indicators, report_rules
from honlea.demo.inbox import annual_records
from honlea.demo.reports import (
    WRITERS,
    _specs,
    demo_report,
    file_name,
    planted_discrepancy,
    report_content,
    write_country_reports,
)
from honlea.demo.specification import ANNUAL, LABELS
from honlea.sources.readers import UnreadableFile
from honlea.sources.reports import read_report
from honlea.transforms.reports import indicator_records, report_metadata, sections_frame
from honlea.transforms.search import fold, postings, query_terms, section_terms, snippet, terms

SEIZURES = {
    "en": ("Cocaine hydrochloride", "Cannabis herb"),
    "es": ("Clorhidrato de cocaína", "Marihuana"),
    "fr": ("Chlorhydrate de cocaïne", "Herbe de cannabis"),
}
COUNTRY = {"en": ("JAM", "Jamaica"), "es": ("COL", "Colombia"), "fr": ("FRA", "France")}


def _report(language: str, number: int = 7):
    iso3, country = COUNTRY[language]
    drugs = SEIZURES[language]
    seizures = [(drugs[0], "kg", ["1200.5", "1350"]), (drugs[1], "kg", ["80", "95.25"])]
    indicators = {"arrests": ["410", "388"], "laboratories_dismantled": ["3", "5"]}
    return report_content(number, country, language, date(2012, 9, 20), seizures, indicators), iso3


@pytest.mark.parametrize("extension", ["docx", "pdf", "xlsx"])
@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_a_report_round_trips_through_its_reader(tmp_path, language, extension):
    content, iso3 = _report(language)
    path = WRITERS[extension](content, tmp_path / file_name(7, iso3, extension))
    document = read_report(path)
    metadata, problems = report_metadata(document, path.name, report_rules(), vocabularies().countries)
    assert problems == []
    assert (metadata.symbol, metadata.number, metadata.meeting, metadata.iso3) == (
        "UNODC/HONLAC/22/CRP.7",
        7,
        22,
        iso3,
    )
    assert metadata.language == language
    if extension != "xlsx":  # a workbook has tables only
        assert [s.heading for s in document.sections] == [h for h, _ in content.sections]
        assert "semi" in document.sections[1].text.lower()
    records = indicator_records(document, metadata.iso3, report_rules(), report_indicators())
    assert records.height == 8  # 2 drugs and 2 indicators, 2 years each
    seizures = records.filter(pl.col("indicator_id") == "drug_seizures")
    assert seizures["drug_text"].to_list() == [SEIZURES[language][0]] * 2 + [SEIZURES[language][1]] * 2
    assert seizures["quantity_text"].to_list() == ["1200.5", "1350", "80", "95.25"]
    assert set(seizures["unit_text"]) == {"kg"}
    arrests = records.filter(pl.col("indicator_id") == "arrests")
    assert arrests.select("year_text", "quantity_text", "unit_text").rows() == [
        ("2010", "410", "person"),
        ("2011", "388", "person"),
    ]
    assert records["country_text"].unique().to_list() == [iso3]


def test_an_encrypted_pdf_is_refused_with_a_clear_message(tmp_path):
    content, iso3 = _report("es")
    plain = WRITERS["pdf"](content, tmp_path / "plain.pdf")
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt("secret")
    locked = tmp_path / file_name(9, iso3, "pdf")
    writer.write(locked)
    with pytest.raises(UnreadableFile, match=r"CRP\.9_COL\.pdf is an encrypted \(password-protected\) PDF"):
        read_report(locked)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("report.docx", b"PK\x03\x04 this is not a whole zip", "not a readable Word document"),
        ("report.docx", b"just text", "not a readable Word document"),
        ("report.pdf", b"%PDF-1.4\n garbage", "not a readable PDF"),
    ],
)
def test_a_damaged_document_is_refused_with_its_name(tmp_path, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=rf"{name}.*{expected}|{name} is {expected}|{expected}"):
        read_report(path)


def test_a_country_that_contradicts_the_file_name_is_an_issue(tmp_path):
    content, _ = _report("en", number=4)
    path = WRITERS["docx"](content, tmp_path / file_name(5, "BHS", "docx"))  # JAM's report named BHS, CRP.5
    metadata, problems = report_metadata(
        read_report(path), path.name, report_rules(), vocabularies().countries
    )
    assert metadata.iso3 == "JAM" and metadata.number == 4  # the document's own word counts
    assert sorted((p.check, p.message) for p in problems) == [
        (
            "report_metadata_mismatch",
            "the country in the document (JAM) is not the one its file name gives (BHS)",
        ),
        (
            "report_metadata_mismatch",
            "the paper number in the document (4) is not the one its file name gives (5)",
        ),
    ]


def test_the_language_is_detected_from_the_words_when_not_declared(tmp_path):
    content, _ = _report("fr")
    content.cover = [line for line in content.cover if not line.startswith("Langue")]
    path = WRITERS["pdf"](content, tmp_path / "rapport.pdf")  # a PDF declares no language of its own
    metadata, problems = report_metadata(
        read_report(path), path.name, report_rules(), vocabularies().countries
    )
    assert (metadata.language, metadata.language_basis) == ("fr", "detected")
    assert problems == []  # a file name without symbol or country: the text gives them
    assert (metadata.number, metadata.iso3) == (7, "FRA")


def test_search_terms_are_folded_and_stemmed_per_language():
    assert fold("Semisumergibles ÉLEVÉS") == "semisumergibles eleves"
    assert terms("Los semisumergibles", "es") == terms("los SEMISUMERGIBLE", "es")
    assert ("es", terms("semisumergibles", "es")[0]) in query_terms("semisumergibles")
    assert {language for language, _ in query_terms("containers")} == {"en", "es", "fr"}
    sections = pl.DataFrame(
        {
            "section_no": [1],
            "heading": ["Rutas"],
            "text": ["Semisumergibles y semisumergible"],
            "language": ["es"],
        }
    ).cast({"section_no": pl.Int32})
    indexed = section_terms(sections)
    assert indexed["terms"].list.len().to_list() == [4]  # the heading counts with the text
    found = postings(indexed)
    assert found.filter(pl.col("term") == terms("semisumergibles", "es")[0])["tf"].to_list() == [2]
    assert "semisumergibles" in snippet(
        "Texto largo. " * 30 + "Los semisumergibles llegan.", "SEMISUMERGIBLE"
    )


def test_sections_carry_the_reports_language(tmp_path):
    content, _ = _report("es")
    document = read_report(WRITERS["docx"](content, Path(tmp_path) / "x_CRP.7_COL.docx"))
    frame = sections_frame(document, "es")
    assert frame["section_no"].to_list() == [1, 2, 3, 4] and set(frame["language"]) == {"es"}


def test_the_demo_writes_a_report_for_each_of_the_16_states_in_their_language(tmp_path):
    paths = write_country_reports(tmp_path)
    assert len(paths) == 16 and all(p.name.startswith("SYNTHETIC_UNODC-HONLAC-22-CRP.") for p in paths)
    assert Counter(p.suffix for p in paths) == {".docx": 12, ".pdf": 3, ".xlsx": 1}
    languages = {}
    for path in paths:
        document = read_report(path)
        assert any(word in fold(document.cover[0]) for word in ("synthetic", "sintetico", "synthetique"))
        metadata, problems = report_metadata(document, path.name, report_rules(), vocabularies().countries)
        assert problems == []
        languages[metadata.iso3] = metadata.language
    assert len(languages) == 16 and languages["ITA"] == languages["PRT"] == "en" and languages["FRA"] == "fr"
    assert languages["COL"] == languages["MEX"] == "es"


def test_the_demo_reports_agree_with_the_demo_statistics_but_for_the_planted_figure():
    iso3, drug, year = planted_discrepancy()
    differing = []
    for spec in _specs():
        annual = next((a for a in ANNUAL if a.iso3 == spec["iso3"]), None)
        if annual is None:
            continue
        sent = {(r["drug"], int(r["year"])): float(r["qty"]) for r in annual_records(annual)}
        content, _ = demo_report(spec)
        seizures = content.tables[0][1]
        for row in seizures[1:]:
            for column, value in zip(seizures[0][2:], row[2:], strict=True):
                if value and float(value) != sent[row[0], int(column)]:
                    differing.append((spec["iso3"], row[0], int(column)))
    assert differing == [(iso3, LABELS[drug]["es"], year)]
