"""Check the whole configuration before a run: every profile, every vocabulary file and what they name.

A configuration error is not bad data: it stops the run, loudly, before any file is touched.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import polars as pl

from honlea.config.catalog import FILE_NAME as CATALOG
from honlea.config.catalog import implementation_problems, read_catalog
from honlea.config.meetings import read_note_config
from honlea.config.names import InputKind
from honlea.config.problems import ConfigError, ConfigProblem
from honlea.config.reference import dim_country
from honlea.config.reports import RULES_FILE
from honlea.config.schemas import COUNTRIES, PRECEDENCE, VOCABULARY_FILES, Profile, ReportRules
from honlea.config.settings import config_dir
from honlea.config.source_profiles import read_profiles, read_yaml_model
from honlea.config.vocabulary_files import Row, read_vocabulary


def _countries(folder: Path) -> tuple[set[str], list[ConfigProblem]]:
    try:
        return set(dim_country(folder)["iso3"]), []
    except (OSError, pl.exceptions.PolarsError) as exc:
        return set(), [ConfigProblem(folder / "reference", None, "", f"the UN reference tables: {exc}")]
    except ConfigError:  # country_names.csv: its problems are reported with the other files'
        return set(), []


def _unknown_references(
    folder: Path, rows: dict[str, list[Row]], known: dict[str, set[str]]
) -> list[ConfigProblem]:
    """Values naming a drug, a drug group or a country that does not exist."""
    problems = []
    for name, spec in VOCABULARY_FILES.items():
        for column, target in spec.refers.items():
            allowed = "an ISO3 code of reference/" if target == COUNTRIES else f"a {column} of {target}"
            problems += [
                ConfigProblem(folder / name, row.line, column, f"{row.cells[column]!r} is unknown", allowed)
                for row in rows[name]
                if known[target] and row.cells[column] is not None and row.cells[column] not in known[target]
            ]
    return problems


def _precedence_problems(folder: Path, profiles: tuple[Profile, ...], rows: list[Row]) -> list[ConfigProblem]:
    """A statistics profile's source without a precedence, or two sources with the same rank."""
    path = folder / PRECEDENCE
    ranked = {row.cells["source"] for row in rows}
    readers: dict[str, list[str]] = {}
    for profile in profiles:
        if profile.kind == InputKind.STATISTICS:  # the other kinds give no seizure figures to rank
            readers.setdefault(profile.source, []).append(profile.name)
    problems = [
        ConfigProblem(
            path,
            None,
            "source",
            f"no row for source {source!r} (read by profile {', '.join(names)})",
            "a row for every source a profile reads",
        )
        for source, names in readers.items()
        if source not in ranked
    ]
    first: dict[int, Row] = {}
    for row in rows:
        earlier = first.setdefault(row.valid.rank, row)  # type: ignore[attr-defined]
        if earlier is not row:
            problems.append(
                ConfigProblem(
                    path,
                    row.line,
                    "rank",
                    f"{row.cells['rank']} is the rank of {earlier.cells['source']} too (line {earlier.line})",
                    "one source per rank",
                )
            )
    return problems


def _synonym_problems(
    folder: Path, profiles: tuple[Profile, ...], rows: dict[str, list[Row]], countries: set[str]
) -> list[ConfigProblem]:
    """A profile's synonym naming a drug, a country or a unit that does not exist."""
    known = {
        "drug": ({row.cells["drug_id"] for row in rows["drugs.csv"]}, "a drug_id of drugs.csv"),
        "country": (countries, "an ISO3 code of reference/"),
        "unit": ({row.cells["unit"] for row in rows["units.csv"]}, "a unit of units.csv"),
    }
    return [
        ConfigProblem(
            folder / "profiles",
            None,
            f"synonyms.{kind}",
            f"profile {profile.name}: {name!r} means {value!r}, which is unknown",
            known[kind][1],
        )
        for profile in profiles
        for kind, names in profile.synonyms.items()
        for name, value in names.items()
        if known[kind][0] and value not in known[kind][0]
    ]


def _check(folder: Path, implemented: Collection[str] | None) -> tuple[list[ConfigProblem], dict[str, int]]:
    """(problems, rows per file and the number of profiles)."""
    if not folder.is_dir():
        return [ConfigProblem(folder, None, "", "no such folder")], {}
    profiles, problems = read_profiles(folder)
    rows: dict[str, list[Row]] = {}
    for name in VOCABULARY_FILES:
        rows[name], found = read_catalog(folder) if name == CATALOG else read_vocabulary(folder, name)
        problems += found
    if rows[PRECEDENCE] or not any(p.file == folder / PRECEDENCE for p in problems):
        problems += _precedence_problems(folder, profiles, rows[PRECEDENCE])
    if implemented is not None:
        problems += implementation_problems(folder / CATALOG, rows[CATALOG], implemented)
    countries, unread = _countries(folder)
    known = {
        name: {row.cells[spec.unique] for row in rows[name]}
        for name, spec in VOCABULARY_FILES.items()
        if spec.unique
    }
    problems += unread + _unknown_references(folder, rows, {**known, COUNTRIES: countries})
    problems += _synonym_problems(folder, profiles, rows, countries)
    problems += read_note_config(folder, countries, known["drug_groups.csv"])
    problems += read_yaml_model(folder / RULES_FILE, ReportRules)[1]
    problems.sort(key=lambda p: (str(p.file), p.line or 0))
    return problems, {"profiles": len(profiles)} | {name: len(valid) for name, valid in rows.items()}


def check_config(folder: Path | None = None, implemented: Collection[str] | None = None) -> str:
    """Check the configuration folder (default: `config_dir()`): a one-line summary when it is valid,
    ConfigError listing every problem otherwise. `implemented`: the checks the expectation suites have an
    expectation for, to be matched with the checks the catalog has them run."""
    folder = folder or config_dir()
    problems, counts = _check(folder, implemented)
    if problems:
        raise ConfigError(problems)
    files = ", ".join(f"{n} {name.removesuffix('.csv').replace('_', ' ')}" for name, n in counts.items())
    return f"configuration OK ({folder}): {files}"
