"""The catalog of checks (config/checks.csv): every check the code makes is in it with its texts in three
languages, it is checked like every configuration file, and a check is added by a row there and an
expectation in the suites."""

from __future__ import annotations

import ast
import csv
import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from honlea.config.catalog import FILE_NAME, load_catalog
from honlea.config.check import check_config
from honlea.config.names import DATASETS, LANGUAGES, DecisionAction, IssueStatus
from honlea.config.problems import ConfigError
from honlea.config.schemas import placeholders
from honlea.config.settings import CONFIG_DIR, PROJECT_ROOT
from honlea.expectations.checks import checks_for
from honlea.expectations.suites import BETWEEN, EXPECTATIONS, Expectation
from honlea.review.feedback import text
from tests.config_helpers import append, copy_config, edit

TODAY = date(2026, 11, 29)
CODE = ("config", "expectations", "flows", "review", "sources", "transforms", "warehouse")
ROW = (
    "a_new_check,row,warning,seizures_annual,quantity,false,,the message,In English.,En español.,En français."
)
#: Labels of the feedback workbook that are the same word in English and in another language.
SAME_WORD = {("date", "fr"), ("page_severity_error", "es")}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copy_config(tmp_path / "config")


def problems(folder: Path) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        check_config(folder, EXPECTATIONS)
    return [str(problem) for problem in raised.value.problems]


def python_files() -> list[Path]:
    return [path for top in CODE for path in sorted((PROJECT_ROOT / top).rglob("*.py"))]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_of_the_catalog_is_given_in_every_language(language):
    catalog = load_catalog(CONFIG_DIR)
    for entry in catalog.checks.values():
        text = catalog.text(entry.name, language)
        assert text.strip() and "{" not in text, entry.name  # its parameters filled in
        assert placeholders(entry.text(language)) == placeholders(entry.text_en), entry.name
        if language != "en":
            assert entry.text(language) != entry.text_en, f"{entry.name}: not translated to {language}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_of_the_feedback_workbook_is_given_in_every_language(language):
    with open(CONFIG_DIR / "feedback_texts.csv", encoding="utf-8") as handle:
        labels = list(csv.DictReader(handle))
    assert labels
    for label in labels:
        assert label[language], f"{label['key']}: no {language} text"
        if language != "en" and (label["key"], language) not in SAME_WORD:
            assert label[language] != label["en"], f"{label['key']}: not translated to {language}"


def test_the_suites_and_the_catalog_name_the_same_checks():
    assert check_config(CONFIG_DIR, EXPECTATIONS).startswith("configuration OK")
    catalog = load_catalog(CONFIG_DIR)
    run = {check.name for dataset in DATASETS for check in checks_for(dataset, TODAY)}
    assert run == set(EXPECTATIONS) == {name for name, entry in catalog.checks.items() if entry.datasets}


def test_every_check_made_while_reading_is_in_the_catalog_and_named_by_the_code():
    catalog = load_catalog(CONFIG_DIR)
    strings = {
        node.value
        for path in python_files()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    reading = {name for name, entry in catalog.checks.items() if not entry.datasets}
    assert reading - strings == set()  # a check of the catalog that no code makes
    made = {
        call.args[1].value
        for path in python_files()
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "of"
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "Problem"
    }
    assert made and made <= reading


def test_the_year_floor_is_written_once():
    floor = str(load_catalog(CONFIG_DIR).params["year_floor"])
    assert (CONFIG_DIR / FILE_NAME).read_text(encoding="utf-8").count(f"year_floor={floor}") == 1
    written = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}"
        for path in [*python_files(), *CONFIG_DIR.glob("*.csv"), *CONFIG_DIR.glob("profiles/*")]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(rf"\b{floor}\b", line) and path.name != FILE_NAME
    ]
    assert written == []


def test_the_year_floor_moves_the_suites_bounds_messages_and_texts(folder, monkeypatch):
    edit(folder / FILE_NAME, "year_floor=1990", "year_floor=2000")
    monkeypatch.setenv("HONLEA_CONFIG_DIR", str(folder))
    years = {c.name: c for c in checks_for("seizures_annual", TODAY)}["plausible_year"]
    dates = {c.name: c for c in checks_for("seizure_cases", TODAY)}["plausible_date"]
    assert years.kwargs == {"min_value": 2000, "max_value": 2026}
    assert years.message == "the year must be between 2000 and 2026"
    assert dates.kwargs["min_value"] == "2000-01-01T00:00:00"
    assert dates.message.startswith("the date must be between 2000-01-01 and today (2026-11-29)")
    assert load_catalog().text("plausible_year", "fr") == "L'année est future ou antérieure à 2000."


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (ROW.replace(",row,", ",cell,"), "level: 'cell' is not allowed (allowed: row, sheet or file)"),
        (
            ROW.replace(",warning,", ",fatal,"),
            "severity: 'fatal' is not allowed (allowed: error, warning or info)",
        ),
        (
            ROW.replace(",seizures_annual,", ",arrests,"),
            "datasets: 'arrests': string should match pattern",
        ),
        (ROW.replace(",quantity,", ",weight,"), "field: 'weight' is not allowed"),
        (ROW.replace(",false,", ",no,"), "vocabulary: 'no' is not allowed (allowed: true or false)"),
        (
            ROW.replace(",false,,", ",false,year_floor:1990,"),
            "params: 'year_floor:1990': string should match pattern '^[a-z][a-z0-9_]*=-?[0-9]+"
            "( [a-z][a-z0-9_]*=-?[0-9]+)*$' (allowed: name=whole number, separated by spaces, or empty)",
        ),
        (ROW.replace(",false,,", ",false,year_floor=2000,"), "params: year_floor is defined on line"),
        (
            ROW.replace("En español.", "Antes de {year_floor}."),
            "text_es: names other placeholders than text_en",
        ),
        (
            ROW.replace("In English.,En español.,En français.", "{cap}.,{cap}.,{cap}."),
            "text_en: {cap}: not a parameter of the catalog (allowed: {year_floor}, {tolerance_pct})",
        ),
        (ROW.replace("a_new_check", "known_drug"), "name: 'known_drug' given again (first on line"),
        (ROW.replace(",In English.,", ",,"), "text_en: empty"),
        (ROW.replace("the message", "rows {} and {1}"), "message: a placeholder is a name in braces"),
        (ROW.replace("the message", "rows {a"), "message: expected '}' before end of string"),
    ],
)
def test_a_wrong_catalog_row_is_named_with_its_line_and_what_is_allowed(folder, row, problem):
    (line,) = append(folder / FILE_NAME, row)
    found = [p for p in problems(folder) if "no expectation in" not in p]
    assert len(found) == 1 and found[0].startswith(f"{folder / FILE_NAME}:{line}: {problem}"), found


def test_a_check_without_its_expectation_or_an_expectation_without_its_check_stops_the_run(folder, capsys):
    from honlea.flows.cli import main

    path = folder / FILE_NAME
    (line,) = append(path, ROW)
    known = next(
        row for row in path.read_text(encoding="utf-8").splitlines() if row.startswith("known_conveyance,")
    )
    edit(path, known + "\n", "")
    assert problems(folder) == [
        f"{path}: name: known_conveyance: an expectation in expectations/suites.py, but no suite runs it",
        f"{path}:{line - 1}: datasets: a_new_check: no expectation in expectations/suites.py",
    ]
    assert main(["check-config", "--config", str(folder)]) == 2
    assert "a_new_check: no expectation" in capsys.readouterr().out


def test_adding_a_check_takes_a_catalog_row_and_its_expectation(folder, monkeypatch, make_records):
    """The recipe of docs/checks.md: a row in config/checks.csv, an expectation in expectations/suites.py."""
    from honlea.config.check_reference import markdown
    from honlea.expectations.runner import validate
    from tests.unit.pipeline import prepared

    append(
        folder / FILE_NAME,
        "plausible_seizure_cases,row,warning,seizures_annual,seizure_cases,false,most_cases=10000,"
        "more than {most_cases} seizure cases in one year,"
        "More than {most_cases} seizure cases in one year: please check the figure.,"
        "Más de {most_cases} incautaciones en un año: verifique la cifra.,"
        "Plus de {most_cases} saisies en un an : veuillez vérifier le chiffre.",
    )
    monkeypatch.setitem(
        EXPECTATIONS,
        "plausible_seizure_cases",
        Expectation(BETWEEN, "seizure_cases", lambda params, _today: {"max_value": params["most_cases"]}),
    )
    monkeypatch.setenv("HONLEA_CONFIG_DIR", str(folder))
    assert check_config(folder, EXPECTATIONS).startswith("configuration OK")

    row = {"country": "Perú", "drug": "Heroína", "year": "2011", "quantity": "5", "unit": "kg"}
    frame = prepared(
        make_records([row | {"seizure_cases": "12"}, row | {"seizure_cases": "12000", "year": "2010"}])
    )
    failures, _ = validate(frame, "seizures_annual", "unit new check", TODAY)

    assert failures.filter(pl.col("check_name") == "plausible_seizure_cases").rows() == [
        (
            1,
            "plausible_seizure_cases",
            "seizure_cases",
            "warning",
            "more than 10000 seizure cases in one year",
        )
    ]
    assert load_catalog().text("plausible_seizure_cases", "es") == (
        "Más de 10000 incautaciones en un año: verifique la cifra."
    )
    assert "| `plausible_seizure_cases` | warning | seizures_annual |" in markdown()


def test_the_table_of_checks_is_current_and_linked_from_the_readme():
    from honlea.config.check_reference import FILE_NAME as PAGE
    from honlea.config.check_reference import markdown

    committed = (PROJECT_ROOT / "docs" / PAGE).read_text(encoding="utf-8")
    assert committed == markdown(load_catalog(CONFIG_DIR)), (
        "run `.venv/bin/honlea docs` and commit docs/checks.md"
    )
    assert all(f"| `{name}` |" in committed for name in load_catalog(CONFIG_DIR).checks)
    assert f"(docs/{PAGE})" in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_the_checks_read_again_after_a_vocabulary_change_are_the_catalogs():
    assert load_catalog(CONFIG_DIR).vocabulary_checks() == (
        "known_country",
        "known_country_code",
        "known_drug",
        "known_unit",
        "numeric_quantity",  # a text that a new "no data" marker (no_data_markers.csv) makes not reported
        "known_transport_mode",
        "known_conveyance",
        "known_origin_country",
        "known_destination_country",
        "known_indicator",
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_review_page_names_every_status_and_action_in_every_language(language):
    named = [text(f"page_status_{s}", language) for s in IssueStatus]
    named += [text(f"page_action_{a}", language) for a in DecisionAction]
    assert all(named) and len(set(named)) == len(named)
