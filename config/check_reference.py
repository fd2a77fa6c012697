"""The table of quality checks, generated from the catalog (docs/checks.md)."""

from __future__ import annotations

from pathlib import Path

from honlea.config.catalog import FILE_NAME as CATALOG
from honlea.config.catalog import SUITES_MODULE, Catalog, load_catalog
from honlea.config.names import CHECK_LEVELS
from honlea.config.profile_reference import write_page

FILE_NAME = "checks.md"
_LEVELS = {
    "row": "Rows (a source row, or a cell of it)",
    "sheet": "Sheets (a sheet, or a column of it)",
    "file": "Files",
}


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _checks(catalog: Catalog, level: str) -> list[str]:
    lines = [
        "| check | severity | suites | field | message (steward) | explanation (country, English) |",
        "|---|---|---|---|---|---|",
    ]
    for entry in catalog.checks.values():
        if entry.level != level:
            continue
        suites = ", ".join(entry.datasets.split()) if entry.datasets else "reading"
        field = f"`{entry.field}`" if entry.field else ""
        cells = [
            f"`{entry.name}`",
            entry.severity,
            suites,
            field,
            entry.message,
            catalog.text(entry.name, "en"),
        ]
        lines.append("| " + " | ".join(map(_cell, cells)) + " |")
    return lines


def markdown(catalog: Catalog | None = None) -> str:
    """The catalog as markdown: its parameters, every check by level, and how to add one."""
    catalog = catalog or load_catalog()
    owners = {name: entry.name for entry in catalog.checks.values() for name in entry.parameters}
    lines = [
        "# Quality checks",
        "",
        f"<!-- Generated from config/{CATALOG} by `honlea docs`; do not edit (a test keeps it current). -->",
        "",
        f"Every check of the quality gate is a row of `config/{CATALOG}` (its columns: "
        "[profile-reference.md](profile-reference.md#checkscsv)): its level, severity, the suites that run "
        "it, the field it is about, its parameters, the message recorded with each issue for the steward "
        "and its explanation for the country in English, Spanish and French (the feedback workbook).",
        "",
        "**error**: the row is quarantined (of a sheet or a file: the rows it concerns are not loaded); "
        "**warning**: loaded and listed in `fact_seizure.warnings`; **info**: told, nothing held back. A "
        "suite's checks "
        "(Great Expectations expectations) are judged on each file's conformed rows, every row, as polars "
        "expressions, and their result is shown in the run's Data Docs; *reading*: made while reading or "
        "conforming the file, whatever its dataset. `{name}` in a text is a parameter below, or a value "
        "of the issue.",
        "",
        "## Parameters",
        "",
        "| parameter | value | defined with |",
        "|---|---|---|",
        *[f"| `{name}` | {value} | `{owners[name]}` |" for name, value in catalog.params.items()],
    ]
    for level in CHECK_LEVELS:
        lines += ["", f"## {_LEVELS[level]}", "", *_checks(catalog, level)]
    lines += [
        "",
        "## Adding a check",
        "",
        f"1. Add its row to `config/{CATALOG}`: name, level, severity, the suites that run it (`datasets`), "
        "field, parameters if any (`name=value`; a parameter already defined is named, not repeated), the "
        "steward's message and the country's explanation in `text_en`, `text_es` and `text_fr` (the same "
        "placeholders in each).",
        f"2. A suite's check: add its Great Expectations expectation, by the check's name, to "
        f"`EXPECTATIONS` in `{SUITES_MODULE}` (the column it reads, and bounds from the parameters). If it "
        "reads a column the conformed rows do not have yet, the transform that makes it comes too. A check "
        "made while reading: the reader names it (`Problem.of(sheet, name, ...)`).",
        "3. `.venv/bin/honlea check-config` matches the catalog with the suites (a row without its "
        "expectation, or an expectation without its row, is a configuration error), and "
        "`.venv/bin/honlea docs` writes this page.",
    ]
    return "\n".join(lines) + "\n"


def write_check_reference(out_dir: Path) -> Path:
    """Write checks.md; its path."""
    return write_page(out_dir, FILE_NAME, markdown())
