"""Questionnaire returns without a warehouse: the form written and read back in each language, moved
rows, a retyped form, statuses in EN/ES/FR and their variants, on time or late."""

from __future__ import annotations

import csv
import shutil
from datetime import date

import openpyxl
import polars as pl
import pytest

from honlea.config.directory import catalogue, country_language, offices_to_remind
from honlea.config.settings import config_dir
from honlea.config.text import normalize_texts
from honlea.review.forms import HEADER_ROW, label, write_questionnaire, write_statistics
from honlea.sources.questionnaire import read_return
from honlea.transforms.questionnaire import quarantined_rows, received, recommendation_code
from tests.workbooks import fill_return, swap_rows

KEYS = ["1_a", "1_b", "1_c", "2_a", "2_b", "2_c", "2_d", "2_e", "3_a", "3_b", "3_c", "3_d"]


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("Implemented", "implemented"),
        ("Sí, aplicada", "implemented"),
        ("Aplicada parcialmente", "partially_implemented"),
        ("En cours", "partially_implemented"),
        ("Partially", "partially_implemented"),
        ("Mise en œuvre", "implemented"),
        ("SANS OBJET", "not_applicable"),
        ("No aplicada", "not_implemented"),
        ("Tal vez", None),
        ("", None),
    ],
)
def test_statuses_are_read_in_three_languages_and_their_variants(written, status):
    assert catalogue().status_of(written) == status


@pytest.mark.parametrize(
    ("text", "code"),
    [("22/2(c)", "22/2(c)"), ("2(c)", "22/2(c)"), ("2 c", "22/2(c)"), ("2.c", "22/2(c)"), ("c", None)],
)
def test_recommendation_codes_are_read_as_written(text, code):
    assert recommendation_code(text, 22) == code


def test_a_return_counts_from_its_reply_date_unless_that_is_after_the_file_arrived():
    cutoff = date(2013, 8, 26)
    assert received(date(2013, 8, 26), date(2026, 1, 1), cutoff) == (date(2013, 8, 26), True)
    assert received(date(2013, 8, 27), date(2026, 1, 1), cutoff) == (date(2013, 8, 27), False)
    assert received(None, date(2013, 8, 20), cutoff) == (date(2013, 8, 20), True)
    assert received(date(2013, 9, 1), date(2013, 8, 20), cutoff) == (date(2013, 8, 20), True)  # dated later
    assert received(date(2013, 9, 1), date(2013, 9, 2), None) == (date(2013, 9, 1), None)


def test_the_directory_gives_each_country_its_language():
    assert [country_language(c) for c in ("ARG", "ITA", "PRT", "FRA", "HTI", "XXX")] == [
        "es",
        "en",
        "en",
        "fr",
        "fr",
        "en",
    ]


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_the_form_reads_back_by_its_defined_names(tmp_path, language):
    form = write_questionnaire(23, language, tmp_path, "ARG")
    labels = {row["status"]: row[language] for row in catalogue().statuses.iter_rows(named=True)}
    statuses = {
        key: labels["implemented" if i % 2 else "partially_implemented"] for i, key in enumerate(KEYS)
    }
    filled = fill_return(form.path, tmp_path / "filled.xlsx", statuses, date(2013, 8, 20))
    found = read_return(filled, {})
    answers = found.records.filter(pl.col("kind") == "answer").sort("source_row")
    identification = found.records.filter(pl.col("kind") == "identification").row(0, named=True)
    assert found.by == "names"
    assert identification["reply_date_text"] == "2013-08-20"
    assert identification["meeting_text"] == "23"
    assert identification["country_text"] == ("Argentine" if language == "fr" else "Argentina")
    assert answers["recommendation_text"].to_list() == [k.replace("_", "(") + ")" for k in KEYS]
    assert answers["status_text"].to_list() == list(statuses.values())
    assert found.labels["status"] == label("status", language)
    workbook = openpyxl.load_workbook(form.path)
    sheet = workbook[label("questionnaire_sheet", language)]
    assert sheet.protection.sheet and not sheet["C10"].protection.locked and sheet["B10"].protection.locked
    assert workbook[label("lists_sheet", language)].sheet_state == "hidden"
    assert sheet.data_validations.dataValidation[0].formula1.startswith(
        f"='{label('lists_sheet', language)}'!"
    )


def test_moved_rows_still_read_by_their_names(tmp_path):
    form = write_questionnaire(23, "en", tmp_path)
    filled = fill_return(
        form.path, tmp_path / "filled.xlsx", {"1_a": "Implemented", "3_d": "Not implemented"}
    )
    swap_rows(filled, "Questionnaire", HEADER_ROW + 1, HEADER_ROW + 12)  # 22/1(a) and 22/3(d) change places
    answers = read_return(filled, {}).records.filter(pl.col("kind") == "answer")
    by_code = dict(zip(answers["recommendation_text"], answers["status_text"], strict=True))
    rows = dict(zip(answers["recommendation_text"], answers["source_row"], strict=True))
    assert (by_code["1(a)"], by_code["3(d)"]) == ("Implemented", "Not implemented")
    assert (rows["1(a)"], rows["3(d)"]) == (HEADER_ROW + 12, HEADER_ROW + 1)


def test_a_retyped_form_is_read_by_its_labels(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["SYNTHETIC test return, retyped"])
    sheet.append(["Fecha de respuesta", "2013-08-19"])
    sheet.append(["País", "Cuba"])
    sheet.append([])
    sheet.append(["Recomendación", "Estado de aplicación", "Medidas adoptadas"])
    sheet.append(["22/3(d)", "No aplicada", None])
    sheet.append(["22/1(a)", "Aplicada", "Laboratorio acreditado"])
    workbook.save(tmp_path / "retyped.xlsx")
    labels = {
        item: [label(item, language) for language in ("en", "es", "fr")]
        for item in ("country", "reply_date", "recommendation", "status", "measures")
    }
    found = read_return(tmp_path / "retyped.xlsx", labels)
    assert found.by == "labels"
    assert found.records.select("kind", "source_row", "country_text", "reply_date_text").row(0) == (
        "identification",
        2,
        "Cuba",
        "2013-08-19",
    )
    answers = found.records.filter(pl.col("kind") == "answer")
    assert answers.select("source_row", "recommendation_text", "status_text", "measures_text").rows() == [
        (6, "22/3(d)", "No aplicada", None),
        (7, "22/1(a)", "Aplicada", "Laboratorio acreditado"),
    ]


def test_every_unit_label_of_the_statistics_form_reads_as_its_unit():
    with (config_dir() / "units.csv").open(encoding="utf-8") as handle:
        aliases = {normalize_texts([row["alias"]])[0]: row["unit"] for row in csv.DictReader(handle)}
    with (config_dir() / "unit_labels.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for language in ("en", "es", "fr"):
                assert aliases.get(normalize_texts([row[language]])[0]) == row["unit"], (row, language)


def test_the_statistics_form_offers_lists_on_its_list_sheet(tmp_path):
    form = write_statistics(2012, "fr", tmp_path)
    workbook = openpyxl.load_workbook(form.path)
    sheet = workbook["Saisies"]
    assert [c.value for c in sheet[3]] == [
        "Pays",
        "Drogue",
        "Année",
        "Quantité",
        "Unité",
        "Nombre de saisies",
    ]
    lists = workbook["Listes HONLEA"]
    assert lists.sheet_state == "hidden" and "Chlorhydrate de cocaïne" in [c.value for c in lists["B"]]
    assert sheet["D4"].number_format == "#,##0.###" and not sheet["D4"].protection.locked
    assert "statistics_table" in workbook.defined_names


def test_a_row_with_an_accepted_error_loads_and_a_rejected_one_does_not():
    conformed = pl.DataFrame(
        {"row_id": [0, 1, 2, 3], "kind": ["identification", "answer", "answer", "answer"]}
    )
    issues = pl.DataFrame(
        {
            "row_id": [1, 2, 3],
            "check_name": ["known_status", "known_status", "required_status"],
            "severity": ["error", "error", "warning"],
            "status": ["accepted", "open", "rejected"],
        }
    )
    assert quarantined_rows(conformed, issues)["row_id"].to_list() == [2, 3]
    unknown = pl.DataFrame(
        {"row_id": [0], "check_name": ["return_country"], "severity": ["error"], "status": ["open"]}
    )
    assert quarantined_rows(conformed, unknown)["row_id"].to_list() == [1, 2, 3]


def test_the_office_to_remind_is_the_one_that_answers_the_questionnaire(tmp_path):
    shutil.copytree(config_dir(), tmp_path, dirs_exist_ok=True)
    with (tmp_path / "liaison_offices.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(
            [
                [
                    "ZZZ-1",
                    "ZZZ",
                    "Customs (synthetic entry)",
                    "seizure statistics",
                    "en",
                    "a@zzz.example.org",
                    "true",
                ],
                [
                    "ZZZ-2",
                    "ZZZ",
                    "Police (synthetic entry)",
                    "questionnaire",
                    "en",
                    "b@zzz.example.org",
                    "true",
                ],
                [
                    "YYY-1",
                    "YYY",
                    "Customs (synthetic entry)",
                    "seizure statistics",
                    "en",
                    "c@yyy.example.org",
                    "true",
                ],
                [
                    "YYY-2",
                    "YYY",
                    "Police (synthetic entry)",
                    "country report",
                    "en",
                    "d@yyy.example.org",
                    "true",
                ],
            ]
        )
    offices = offices_to_remind(tmp_path)
    assert offices["iso3"].is_unique().all()
    chosen = dict(zip(offices["iso3"], offices["office_id"], strict=True))
    assert chosen["ZZZ"] == "ZZZ-2"  # answers the questionnaire, though listed second
    assert chosen["YYY"] == "YYY-1"  # none answers it: the country's first office
    assert chosen["ARG"] == "ARG-1"
