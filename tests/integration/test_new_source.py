"""A new source in minutes: two files of kinds the shipped profiles do not read — a UNODC release laid out
wide with merged country cells, and a national police file of seizure cases in JSON without a country
column — loaded by profiles alone (docs/adding-a-source.md), with their "no data" markers counted as not
reported, through real nightly runs."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.config_helpers import append, copy_config
from tests.integration.helpers import query, run_nightly, unaccounted

RELEASE_PROFILE = """\
name: unodc_release_wide
source: unodc_release
title: UNODC release, seizures by country and year
dataset: seizures_annual
formats: [xlsx]
file_patterns: ["*unodc*seizures*"]
shape: wide_by_year
fill_down: [country]
key: [country, drug, unit, year]
key_policy: conflict
columns:
  country: [country]
  drug: [drug]
  unit: [unit]
required: [country, drug, unit]
synonyms:
  drug: {"Cannabis-type": non_specified_cannabis}
"""
POLICE_PROFILE = """\
name: col_police_cases
source: col_police_cases
title: Colombian National Police, individual seizures
dataset: seizure_cases
formats: [json]
file_patterns: ["*incautaciones_policia*"]
key: [country, case_ref, drug]
key_policy: duplicate
defaults:
  country: COL
  seizure_cases: "1"
columns:
  seizure_date: [fecha]
  admin1: [departamento]
  drug: [droga]
  quantity: [cantidad]
  unit: [unidad]
  case_ref: [caso]
required: [seizure_date, drug, quantity, unit]
"""


@pytest.fixture
def new_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A configuration with the two profiles and their sources' ranks; the inbox with the two files."""
    config = copy_config(tmp_path / "config")
    (config / "profiles" / "unodc_release_wide.yaml").write_text(RELEASE_PROFILE, encoding="utf-8")
    (config / "profiles" / "col_police_cases.yaml").write_text(POLICE_PROFILE, encoding="utf-8")
    append(
        config / "source_precedence.csv",
        "col_police_cases,5,Colombian National Police cases",
        "unodc_release,6,A UNODC release besides the annex",
    )
    monkeypatch.setenv("HONLEA_CONFIG_DIR", str(config))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["SYNTHETIC drug seizures by country (kilograms)"])
    sheet.append(["Country", "Drug", "Unit", 2009, 2010])
    sheet.append(["Colombia", "Cocaine (base, paste and salts)", "kg", 253044, "--"])
    sheet.append([None, "Marijuana (herb)", "kg", 208827, 255000])
    sheet.append([None, "Cannabis-type", "kg", 0, None])  # the release's own meaning; a genuine zero
    sheet.append([])  # a blank row between countries
    sheet.append(["Peru", "Cocaine (base, paste and salts)", "kg", "not known", 31300])
    sheet.merge_cells("A3:A5")
    book.save(inbox / "SYNTHETIC_unodc_seizures_release.xlsx")
    records = [
        {
            "fecha": "2011-03-04",
            "departamento": "Antioquia",
            "droga": "Basuco",
            "cantidad": 1.5,
            "unidad": "kg",
            "caso": "A-1",
        },
        {
            "fecha": "2011-03-20",
            "departamento": "Antioquia",
            "droga": "Basuco",
            "cantidad": 2,
            "unidad": "kg",
            "caso": "A-2",
        },
        {
            "fecha": "2011-04-02",
            "departamento": "Cauca",
            "droga": "Perico",
            "cantidad": "--",
            "unidad": "kg",
            "caso": "A-3",
        },
        {
            "fecha": "2011-04-09",
            "departamento": "Cauca",
            "droga": "Marihuana",
            "cantidad": None,
            "unidad": "kg",
            "caso": "A-4",
        },
    ]
    document = {"title": "SYNTHETIC seizures, National Police", "records": records}
    (inbox / "SYNTHETIC_incautaciones_policia_2011.json").write_text(json.dumps(document), encoding="utf-8")
    return inbox


def test_two_new_kinds_of_file_load_with_profiles_alone(new_sources, tmp_path, new_warehouse):
    url, _ = run_nightly(new_sources, tmp_path, new_warehouse())
    audit = query(
        url,
        "SELECT file_name, profile, status, rows_read, rows_loaded, rows_quarantined, rows_duplicate, "
        "rows_not_reported FROM quality.load_audit ORDER BY file_name",
    )
    assert audit.drop("file_name").rows() == [
        ("col_police_cases", "loaded", 4, 2, 1, 0, 1),  # the blank quantity is an error, "--" is not reported
        ("unodc_release_wide", "loaded", 7, 5, 0, 0, 2),  # "--" and "not known"; blank cells are no figure
    ]
    assert unaccounted(audit) == []

    annual = query(
        url,
        "SELECT iso3, drug_id, year, kilograms, source FROM marts.v_seizures_annual "
        "WHERE source = 'unodc_release' ORDER BY iso3, drug_id, year",
    )
    assert annual.rows() == [  # every cell with its filled-down country
        ("COL", "cannabis_herb", 2009, 208827.0, "unodc_release"),
        ("COL", "cannabis_herb", 2010, 255000.0, "unodc_release"),
        ("COL", "cocaine_total", 2009, 253044.0, "unodc_release"),
        ("COL", "non_specified_cannabis", 2009, 0.0, "unodc_release"),  # the profile's meaning; zero stays
        ("PER", "cocaine_total", 2010, 31300.0, "unodc_release"),
    ]
    monthly = query(
        url,
        "SELECT country, admin1, drug_id, year, month, cases, kilograms, source "
        "FROM marts.v_seizure_cases_monthly ORDER BY month, admin1",
    )
    assert monthly.rows() == [
        ("Colombia", "Antioquia", "other_smokable_cocaine", 2011, 3, 2, 3.5, "col_police_cases")
    ]
    not_reported = query(
        url,
        "SELECT iso3, drug_id, year, marker, source, source_row FROM marts.v_not_reported "
        "ORDER BY source, iso3",
    )
    assert not_reported.rows() == [
        ("COL", "cocaine_hydrochloride", 2011, "--", "col_police_cases", 3),  # the JSON file's third record
        ("COL", "cocaine_total", 2010, "--", "unodc_release", 3),
        ("PER", "cocaine_total", 2009, "not known", "unodc_release", 7),
    ]
    issues = query(
        url, "SELECT file_name, source_row, check_name FROM quality.quality_issue ORDER BY file_name"
    )
    assert issues.rows() == [("SYNTHETIC_incautaciones_policia_2011.json", 4, "required_quantity")]


def test_honlea_try_shows_the_profile_mapping_rows_and_issues_and_writes_nothing(
    new_sources, tmp_path, capsys
):
    from honlea.flows.cli import main

    police = new_sources / "SYNTHETIC_incautaciones_policia_2011.json"
    assert main(["try", str(police)]) == 0
    out = capsys.readouterr().out
    assert "profile col_police_cases (kind statistics, source 'col_police_cases'" in out
    assert "its file name fits the profile's file_patterns" in out
    assert "admin1 <- 'departamento'" in out
    assert "other_smokable_cocaine" in out and "required_quantity" in out and "Perico" in out
    assert "rows read 4: would load 2, quarantine 1, drop 0 as duplicates, count 1 as not reported" in out
    assert not list(tmp_path.rglob("*.duckdb"))  # nothing written to a warehouse
    # the one profile asked for: it does not read JSON, so the file is not recognised
    assert main(["try", str(police), "--profile", "annual_totals"]) == 1
    assert "not recognised" in capsys.readouterr().out


def test_honlea_reread_publishes_what_a_changed_profile_reads_differently(
    new_sources, tmp_path, monkeypatch, capsys
):
    from honlea.flows.cli import main

    monkeypatch.setenv("HONLEA_DATA_DIR", str(tmp_path / "data"))
    url = f"duckdb:///{tmp_path / 'w.duckdb'}"
    assert main(["run", "--inbox", str(new_sources), "--warehouse", url]) == 0
    # the profile changes (a copy of the folder: this process keeps what it read of the first)
    changed = Path(shutil.copytree(os.environ["HONLEA_CONFIG_DIR"], tmp_path / "config-changed"))
    profile = changed / "profiles" / "unodc_release_wide.yaml"
    profile.write_text(profile.read_text().replace("non_specified_cannabis", "cannabis_total"))
    monkeypatch.setenv("HONLEA_CONFIG_DIR", str(changed))
    release = new_sources / "SYNTHETIC_unodc_seizures_release.xlsx"
    assert main(["run", "--inbox", str(new_sources), "--warehouse", url]) == 0  # the night reads nothing
    assert query(url, "SELECT COUNT(*) AS n FROM warehouse.dim_submission")["n"].item() == 2
    assert main(["reread", str(release), "--inbox", str(new_sources), "--warehouse", url]) == 0
    figures = query(
        url,
        "SELECT drug_id, year, kilograms, published_because FROM warehouse.fact_seizure f "
        "JOIN warehouse.dim_submission s USING (submission_id) WHERE s.source = 'unodc_release' "
        "AND f.valid_to IS NULL AND f.drug_id LIKE '%cannabis%' ORDER BY drug_id, year",
    )
    assert figures.rows() == [
        ("cannabis_herb", 2009, 208827.0, "submission"),  # unchanged: not published again
        ("cannabis_herb", 2010, 255000.0, "submission"),
        ("cannabis_total", 2009, 0.0, "reread"),  # what the profile now says "Cannabis-type" means
    ]
    with pytest.raises(SystemExit, match="no submission 999 in the warehouse"):
        main(["reread", "999", "--inbox", str(new_sources), "--warehouse", url])
