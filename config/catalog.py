"""The catalog of quality checks (config/checks.csv): each check's level, severity, field, parameters and
texts, in one place. Suites, issues, the review page, the feedback workbook and docs/checks.md read it."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from honlea.config.problems import ConfigError, ConfigProblem
from honlea.config.schemas import CheckEntry, placeholders
from honlea.config.settings import cached_per_config_dir
from honlea.config.vocabulary_files import Row, read_vocabulary

FILE_NAME = "checks.csv"
SUITES_MODULE = "expectations/suites.py"  # where the suites' expectations are, by check name


class _Kept(dict[str, object]):
    """Values for str.format_map that keep a placeholder nobody supplied, to be filled later."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Catalog:
    """Every check by name, and the parameters the checks define."""

    checks: dict[str, CheckEntry]
    params: dict[str, int]

    def __getitem__(self, name: str) -> CheckEntry:
        if name not in self.checks:
            raise KeyError(f"no check {name!r} in {FILE_NAME}")
        return self.checks[name]

    def severity(self, name: str) -> str:
        return self[name].severity

    def message(self, name: str, **values: object) -> str:
        """The check's message for the steward with the parameters and `values` filled in; a placeholder
        of neither stays as `{name}` (a value of the row, filled when the issue is made)."""
        return self[name].message.format_map(_Kept(self.params | values))

    def text(self, name: str, language: str) -> str:
        """The check's explanation for the country in `language` (en, es or fr), parameters filled in."""
        return self[name].text(language).format_map(self.params)

    def run_by(self, dataset: str) -> list[CheckEntry]:
        """The checks of a dataset's suite, in catalog order."""
        return [entry for entry in self.checks.values() if dataset in (entry.datasets or "").split()]

    def vocabulary_checks(self) -> tuple[str, ...]:
        """Checks an entry in the vocabulary can satisfy: files with open issues of them are read again
        when the vocabulary changes."""
        return tuple(name for name, entry in self.checks.items() if entry.vocabulary == "true")


def _cross_row_problems(path: Path, rows: list[Row]) -> list[ConfigProblem]:
    """A parameter defined twice, a text naming a parameter nobody defines."""
    problems, defined = [], {}
    for row in rows:
        for name in cast(CheckEntry, row.valid).parameters:
            if name in defined:
                problems.append(
                    ConfigProblem(
                        path,
                        row.line,
                        "params",
                        f"{name} is defined on line {defined[name]} already",
                        "each parameter once",
                    )
                )
            defined.setdefault(name, row.line)
    for row in rows:  # the other languages name the same placeholders (CheckEntry checks it)
        unknown = sorted(placeholders(cast(CheckEntry, row.valid).text_en) - set(defined))
        if unknown:
            problems.append(
                ConfigProblem(
                    path,
                    row.line,
                    "text_en",
                    f"{', '.join(f'{{{n}}}' for n in unknown)}: not a parameter of the catalog",
                    ", ".join(f"{{{n}}}" for n in defined) or "no placeholder",
                )
            )
    return problems


def implementation_problems(path: Path, rows: list[Row], implemented: Collection[str]) -> list[ConfigProblem]:
    """A check a suite should run without an expectation in the suites, or an expectation of the suites
    without a check of the catalog that a suite runs."""
    run = {cast(CheckEntry, row.valid).name: row for row in rows if cast(CheckEntry, row.valid).datasets}
    problems = [
        ConfigProblem(path, row.line, "datasets", f"{name}: no expectation in {SUITES_MODULE}")
        for name, row in run.items()
        if name not in implemented
    ]
    problems += [
        ConfigProblem(
            path,
            None,
            "name",
            f"{name}: an expectation in {SUITES_MODULE}, but no suite runs it",
        )
        for name in sorted(set(implemented) - set(run))
    ]
    return problems


def read_catalog(folder: Path) -> tuple[list[Row], list[ConfigProblem]]:
    """The catalog's valid rows and every problem of the file, its rows and across its rows."""
    rows, problems = read_vocabulary(folder, FILE_NAME)
    return rows, problems + _cross_row_problems(folder / FILE_NAME, rows)


@cached_per_config_dir
def load_catalog(folder: Path) -> Catalog:
    """The catalog of the configuration folder; ConfigError when it has problems."""
    rows, problems = read_catalog(folder)
    if problems:
        raise ConfigError(problems)
    entries = [cast(CheckEntry, row.valid) for row in rows]
    return Catalog(
        {entry.name: entry for entry in entries},
        {name: value for entry in entries for name, value in entry.parameters.items()},
    )
