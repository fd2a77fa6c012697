"""The configuration is checked against its schema: every problem names its file, line or key, and what
is allowed; the loaders refuse a broken file instead of dropping what they cannot use."""

from __future__ import annotations

import ast
import csv
import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from honlea.config.check import check_config
from honlea.config.names import DATASETS, FIELDS, FORMATS, KEY_POLICIES, STATISTICS_DATASETS
from honlea.config.problems import ConfigError, ConfigProblem
from honlea.config.reference import dim_drug, dim_source, vocabularies
from honlea.config.schemas import Profile
from honlea.config.settings import CONFIG_DIR, PROJECT_ROOT
from honlea.config.source_profiles import load_profiles
from tests.config_helpers import append, copy_config, edit, line_of

PROFILE_KEYS = ", ".join(Profile.model_fields)
FIELD_LIST = ", ".join(FIELDS[:-1]) + f" or {FIELDS[-1]}"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copy_config(tmp_path / "config")


def problems(folder: Path) -> list[str]:
    """Every problem check_config reports for the folder (it must report some)."""
    with pytest.raises(ConfigError) as raised:
        check_config(folder)
    return [str(problem) for problem in raised.value.problems]


def test_the_shipped_configuration_is_valid():
    with open(CONFIG_DIR / "drug_synonyms.csv", encoding="utf-8") as handle:
        synonyms = len(list(csv.DictReader(handle)))
    summary = check_config(CONFIG_DIR)
    assert summary.startswith(f"configuration OK ({CONFIG_DIR}): 6 profiles, ")
    assert f", {synonyms} drug synonyms, " in summary


def test_a_misspelt_profile_key_is_named_with_its_line_and_the_allowed_keys(folder):
    path = folder / "profiles" / "annual_totals.yaml"
    line = edit(path, "key_policy: conflict", "key_polcy: conflict")
    assert problems(folder) == [
        f"{path}: key_policy: missing (allowed: sum, duplicate or conflict)",
        f"{path}:{line}: key_polcy: unknown key (allowed: {PROFILE_KEYS})",
    ]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "formats: [xlsx, xls, ods, csv, json, jsonl, parquet]",
            "formats: xlsx",
            "formats: 'xlsx': input should be a valid list "
            "(allowed: non-empty list of xlsx, xlsm, xls, ods, csv, txt, json, jsonl, parquet, docx or pdf)",
        ),
        (
            "key_policy: conflict",
            "key_policy: sometimes",
            "key_policy: 'sometimes' is not allowed (allowed: sum, duplicate or conflict)",
        ),
        ("shape: long ", "shape: wide ", "shape: 'wide' is not allowed (allowed: long or wide_by_year)"),
        (
            "dataset: seizures_annual",
            "dataset: annual",
            "dataset: 'annual' is not allowed "
            "(allowed: seizures_annual, seizure_cases, questionnaire_returns or country_indicators)",
        ),
        ("key: [country, drug, unit, year]", "key: [country, drug, units, year]", "key[2]: 'units' is not"),
        (
            "  unit: [unit, units,",
            "  unti: [unit, units,",
            f"columns.unti: 'unti' is not allowed (allowed: {FIELD_LIST})",
        ),
        (
            "  kilogramos: {unit: kg}",
            "  kilogramos: {unit: [kg]}",
            "header_implies.kilogramos.unit: ['kg']: input",
        ),
        (
            "required: [country, drug, year, quantity, unit]",
            "required: [country, drug, year, quantity, unit, agency]",
            "required: agency: no headers in columns and no default, so no file matches",
        ),
    ],
)
def test_a_wrong_profile_value_is_named_with_its_line_and_what_is_allowed(folder, old, new, problem):
    path = folder / "profiles" / "annual_totals.yaml"
    line = edit(path, old, new)
    (found,) = problems(folder)
    assert found.startswith(f"{path}:{line}: {problem}")


def test_a_profile_that_is_not_yaml_is_named_with_its_line(folder):
    path = folder / "profiles" / "seizure_cases.yaml"
    line = edit(path, "shape: long", "shape: [long")
    (found,) = problems(folder)
    assert found.startswith(f"{path}:{line + 1}: not readable YAML: expected ',' or ']'")  # where it notices


def test_two_profiles_with_one_name_are_refused(folder):
    edit(folder / "profiles" / "annual_totals_wide.yaml", "name: annual_totals_wide", "name: annual_totals")
    assert problems(folder) == [
        f"{folder / 'profiles' / 'annual_totals_wide.yaml'}: name: 'annual_totals' is the name of "
        "annual_totals.yaml too"
    ]


def test_a_synonym_pointing_to_two_drugs_names_both_lines(folder):
    path = folder / "drug_synonyms.csv"
    earlier = line_of(path, "Crack,crack_cocaine,")
    (line,) = append(path, "CRACK ,cocaine_hydrochloride,")  # "Crack", ignoring case and spacing
    assert problems(folder) == [
        f"{path}:{line}: synonym: 'CRACK ' means cocaine_hydrochloride here but crack_cocaine on line "
        f"{earlier} (allowed: one drug_id per synonym and context, ignoring case, accents and punctuation)"
    ]


def test_a_synonym_may_mean_another_drug_in_another_context_or_repeat_its_drug(folder):
    append(folder / "drug_synonyms.csv", "Crack,cocaine_hydrochloride,Cocaine", "crack,crack_cocaine,")
    assert check_config(folder).startswith("configuration OK")


@pytest.mark.parametrize(
    ("file", "row", "problem"),
    [
        ("drug_synonyms.csv", "Crack,cocaine_hydrochloride,", "synonym: 'Crack' means cocaine_hydrochloride"),
        ("units.csv", "KGS,g,mass,0.001", "alias: 'KGS' means unit=g, measure=mass, kg_factor=0.001 here"),
        ("country_aliases.csv", "venezuela,BOL", "alias: 'venezuela' means BOL here but VEN on line"),
        ("transport_modes.csv", "Air,sea", "alias: 'Air' means sea here but air on line"),
        ("conveyances.csv", "Container,truck", "alias: 'Container' means truck here but container on line"),
    ],
)
def test_the_vocabularies_refuse_an_alias_with_two_meanings_instead_of_dropping_it(
    folder, file, row, problem
):
    """Loading used to drop an alias pointing to two values, silently: it now stops, naming the line."""
    (line,) = append(folder / file, row)
    with pytest.raises(ConfigError, match=re.escape(f"{folder / file}:{line}: {problem}")):
        vocabularies(folder)


@pytest.mark.parametrize(
    ("file", "row", "problem"),
    [
        (
            "drug_synonyms.csv",
            "Krokodile,desomorfine,",
            "drug_id: 'desomorfine' is unknown (allowed: a drug_id of drugs.csv)",
        ),
        (
            "units.csv",
            "kilo,kg,mass,",
            "kg_factor: a mass unit needs a kg_factor (allowed: number > 0, or empty)",
        ),
        ("units.csv", "litro,l,volume,", "kg_factor: a volume unit needs a kg_factor"),
        (
            "units.csv",
            "pill,unit,count,0.1",
            "kg_factor: a count unit has no kg_factor: counted items stay counts",
        ),
        (
            "units.csv",
            "gramo,g,mass,-1",
            "kg_factor: '-1': input should be greater than 0 (allowed: number > 0, or empty)",
        ),
        (
            "units.csv",
            "tabs,unit,pills,",
            "measure: 'pills' is not allowed (allowed: mass, volume, count or area)",
        ),
        (
            "units.csv",
            "livre anglaise,lb,mass,0.5",
            "unit: 'lb' means measure=mass, kg_factor=0.5 here but measure=mass, kg_factor=0.45359237 on",
        ),
        ("country_aliases.csv", "Narnia,NRN", "iso3: 'NRN' is unknown (allowed: an ISO3 code of reference/)"),
        (
            "country_aliases.csv",
            "Brasil,bra",
            "iso3: 'bra': string should match pattern '^[A-Z]{3}$' (allowed: ISO3 code)",
        ),
        (
            "liaison_offices.csv",
            "BRA-2,BRA,Synthetic agency,statistics,pt,,true",
            "language: 'pt' is not allowed (allowed: en, es or fr)",
        ),
        (
            "liaison_offices.csv",
            "ARG-2,ARG,Synthetic agency,statistics,en,,true",
            "iso3: 'ARG' means en here",
        ),
        ("transport_modes.csv", "by plane,Air", "mode: 'Air': string should match pattern"),
        ("conveyances.csv", "boat,", "conveyance: empty (allowed: code (a-z, 0-9, _))"),
        ("feedback_texts.csv", "summary,Overview,,", "key: 'summary' given again (first on line"),
        (
            "drugs.csv",
            "test_drug,stimulants,NPS,Test,Prueba,Essai,false,true,mass",
            "drug_group_id: 'stimulants' is unknown (allowed: a drug_group_id of drug_groups.csv)",
        ),
        (
            "drugs.csv",
            "test_drug,ats,NPS,Test,Prueba,Essai,no,true,mass",
            "is_total: 'no' is not allowed (allowed: true or false)",
        ),
        (
            "drug_groups.csv",
            "khat_type,Khat,Khat,Khat,first",
            "sort_order: 'first': input should be a valid integer",
        ),
        ("units.csv", "kg,kg", "2 cells in a file of 4 columns"),
    ],
)
def test_a_wrong_vocabulary_row_is_named_with_its_line_and_what_is_allowed(folder, file, row, problem):
    (line,) = append(folder / file, row)
    (found,) = problems(folder)
    assert found.startswith(f"{folder / file}:{line}: {problem}")


def test_a_profile_whose_source_has_no_precedence_stops_the_run(folder):
    path = folder / "source_precedence.csv"
    line = line_of(
        path, next(row for row in path.read_text().splitlines() if row.startswith("national_annual"))
    )
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: line - 1] + lines[line:]), encoding="utf-8")
    assert problems(folder) == [
        f"{path}: source: no row for source 'national_annual_totals' (read by profile annual_totals, "
        "annual_totals_wide) (allowed: a row for every source a profile reads)"
    ]


def test_two_sources_of_the_same_rank_are_refused(folder):
    path = folder / "source_precedence.csv"
    first = line_of(path, next(r for r in path.read_text().splitlines() if r.startswith("unodc_annex,1,")))
    (line,) = append(path, "unodc_release_2023,1,Another UNODC release")
    assert problems(folder) == [
        f"{path}:{line}: rank: 1 is the rank of unodc_annex too (line {first}) (allowed: one source per rank)"
    ]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            "unodc_release_2023,0,Another UNODC release",
            "rank: '0': input should be greater than 0 (allowed: whole number > 0)",
        ),
        ("unodc_release_2023,first,Another UNODC release", "rank: 'first': input should be a valid integer"),
        ("unodc_annex,7,The annex again", "source: 'unodc_annex' given again (first on line 2)"),
    ],
)
def test_a_wrong_precedence_row_is_named(folder, row, problem):
    path = folder / "source_precedence.csv"
    (line,) = append(path, row)
    (found,) = problems(folder)
    assert found.startswith(f"{path}:{line}: {problem}")


def test_the_precedence_ranks_every_profiles_source_once_as_the_warehouse_loads_it(folder):
    append(folder / "source_precedence.csv", "unodc_release_2023,9,Another UNODC release")
    loaded = dim_source(folder)
    assert loaded.columns == ["source", "precedence", "description"]
    assert loaded["precedence"].dtype == pl.Int32
    ranks = dict(zip(loaded["source"], loaded["precedence"], strict=True))
    assert ranks["unodc_release_2023"] == 9
    shipped = dim_source(CONFIG_DIR).sort("precedence")["source"].to_list()
    # the default: the annex, else a country's annual totals, else the sum of its cases; the country reports
    # are compared with them, never preferred
    assert shipped == ["unodc_annex", "national_annual_totals", "national_seizure_cases", "country_report"]
    assert {p.source for p in load_profiles(CONFIG_DIR) if p.kind != "questionnaire"} <= set(shipped)


def test_unknown_missing_and_repeated_columns_are_named(folder):
    edit(folder / "transport_modes.csv", "alias,mode\n", "alias,mod\n")
    header = "office_id,iso3,agency,function,language,contact,synthetic"
    edit(folder / "liaison_offices.csv", f"{header}\n", f"{header},language\n")
    path, languages = folder / "transport_modes.csv", folder / "liaison_offices.csv"
    assert problems(folder) == [
        f"{languages}:1: language: column given twice (allowed: {header.replace(',', ', ')})",
        f"{path}:1: mod: unknown column (allowed: alias, mode)",
        f"{path}:1: mode: missing column (allowed: alias, mode)",
    ]


def test_a_missing_file_and_a_profile_never_read_are_named(folder):
    (folder / "conveyances.csv").unlink()
    (folder / "profiles" / "seizure_cases.yaml").rename(folder / "profiles" / "seizure_cases.yml")
    assert problems(folder) == [
        f"{folder / 'conveyances.csv'}: file missing",
        f"{folder / 'profiles' / 'seizure_cases.yml'}: not read: a profile's file name ends in .yaml",
    ]


def test_every_problem_of_every_file_is_reported_at_once(folder):
    edit(folder / "profiles" / "unodc_annex.yaml", "key_policy: sum", "key_policy: add")
    append(folder / "units.csv", "kilo,kg,mass,")
    append(folder / "country_aliases.csv", "Narnia,NRN")
    found = problems(folder)
    assert [Path(p.split(":")[0]).name for p in found] == [
        "country_aliases.csv",
        "unodc_annex.yaml",
        "units.csv",
    ]


def test_a_problem_reads_file_line_key_what_and_allowed():
    problem = ConfigProblem(
        Path("config/units.csv"), 12, "kg_factor", "a mass unit needs a kg_factor", "number > 0"
    )
    assert (
        str(problem) == "config/units.csv:12: kg_factor: a mass unit needs a kg_factor (allowed: number > 0)"
    )
    assert str(ConfigProblem(Path("config/conveyances.csv"), None, "", "file missing")) == (
        "config/conveyances.csv: file missing"
    )
    error = ConfigError([problem, problem])
    assert str(error).splitlines() == ["2 configuration problem(s):", f"  {problem}", f"  {problem}"]


def test_the_loaders_read_the_folder_of_honlea_config_dir(folder, monkeypatch):
    edit(folder / "profiles" / "unodc_annex.yaml", "name: unodc_annex", "name: unodc_annex_copy")
    append(folder / "drugs.csv", "test_drug,ats,NPS,Test,Prueba,Essai,false,true,mass")
    monkeypatch.setenv("HONLEA_CONFIG_DIR", str(folder))
    assert [p.name for p in load_profiles()][-1] == "unodc_annex_copy"
    assert "test_drug" in dim_drug()["drug_id"].to_list()
    monkeypatch.delenv("HONLEA_CONFIG_DIR")
    assert [p.name for p in load_profiles()][-1] == "unodc_annex"
    assert "test_drug" not in dim_drug()["drug_id"].to_list()


def test_loading_a_broken_profile_raises_the_problems(folder):
    path = folder / "profiles" / "seizure_cases.yaml"
    line = edit(path, "key_policy: duplicate", "key_policy: duplicates")
    with pytest.raises(ConfigError, match=rf"{path}:{line}: key_policy: 'duplicates' is not allowed"):
        load_profiles(folder)


def test_the_names_agree_with_their_users():
    from honlea.expectations.checks import checks_for
    from honlea.sources.readers import READERS
    from honlea.sources.reports import REPORT_FORMATS
    from honlea.transforms import keys, records
    from honlea.transforms.facts import FIGURE_TYPES

    assert sorted({*(s.lstrip(".") for s in READERS), *REPORT_FORMATS}) == sorted(
        FORMATS
    )  # reports: docx, pdf
    assert sorted(FIGURE_TYPES) == sorted(STATISTICS_DATASETS)
    assert all(checks_for(dataset, date(2026, 11, 29)) for dataset in DATASETS)  # each has its suite
    assert records.FIELDS is FIELDS and keys.KEY_POLICIES is KEY_POLICIES


def test_config_imports_nothing_of_ours_but_config():
    ours = {
        "config",
        "demo",
        "expectations",
        "flows",
        "review",
        "sources",
        "transforms",
        "warehouse",
        "bench",
    }
    imported = {
        (path.name, name)
        for path in (PROJECT_ROOT / "config").glob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in ([node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names])
        if name and name.split(".")[0] in ours - {"config"}
    }
    assert imported == set()


def test_the_profile_reference_is_current_and_linked_from_the_readme():
    from honlea.config.profile_reference import FILE_NAME, markdown

    committed = (PROJECT_ROOT / "docs" / FILE_NAME).read_text(encoding="utf-8")
    assert committed == markdown(), "run `.venv/bin/honlea docs` and commit docs/profile-reference.md"
    assert all(f"| `{key}` |" in committed for key in Profile.model_fields)
    assert f"(docs/{FILE_NAME})" in (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_honlea_check_config_prints_a_summary_or_every_problem(folder, tmp_path, capsys):
    from honlea.flows.cli import main

    assert main(["check-config"]) == 0
    assert capsys.readouterr().out.startswith(f"configuration OK ({CONFIG_DIR}): 6 profiles, ")
    path = folder / "profiles" / "unodc_annex.yaml"
    line = edit(path, "sheet: Export", "sheets: Export")
    assert main(["check-config", "--config", str(folder)]) == 2
    assert capsys.readouterr().out.splitlines() == [
        "1 configuration problem(s):",
        f"  {path}:{line}: sheets: unknown key (allowed: {PROFILE_KEYS})",
    ]
    assert main(["check-config", "--config", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().out.splitlines() == [
        "1 configuration problem(s):",
        f"  {tmp_path / 'nowhere'}: no such folder",
    ]


def test_a_profile_synonym_naming_an_unknown_drug_country_or_unit_is_refused(folder):
    path = folder / "profiles" / "annual_totals.yaml"
    edit(
        path,
        "key_policy: conflict\n",
        "key_policy: conflict\nsynonyms:\n  drug: {Cannabis-type: cannabis_total, Hierba: no_such_drug}\n"
        "  country: {Antillas: XXX}\n  unit: {bolsas: kg}\n",
    )
    assert problems(folder) == [
        f"{folder / 'profiles'}: synonyms.drug: profile annual_totals: 'Hierba' means 'no_such_drug', which "
        "is unknown (allowed: a drug_id of drugs.csv)",
        f"{folder / 'profiles'}: synonyms.country: profile annual_totals: 'Antillas' means 'XXX', which is "
        "unknown (allowed: an ISO3 code of reference/)",
    ]


def test_a_fill_down_field_without_headers_is_refused(folder):
    path = folder / "profiles" / "annual_totals.yaml"
    line = edit(path, "key_policy: conflict\n", "key_policy: conflict\nfill_down: [country, place]\n")
    assert any(f"{path}:{line + 1}: fill_down: place: no headers in columns" in p for p in problems(folder))
