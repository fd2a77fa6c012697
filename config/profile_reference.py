"""The reference of the configuration files, generated from their schema (docs/profile-reference.md)."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from honlea.config.names import FIELD_MEANINGS
from honlea.config.problems import describe_field
from honlea.config.schemas import COUNTRIES, VOCABULARY_FILES, Profile

FILE_NAME = "profile-reference.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _yaml(value: Any) -> str:
    """A value as a profile writes it, on one line."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1000, sort_keys=False)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "required"
    if isinstance(info.json_schema_extra, dict) and "default_shown" in info.json_schema_extra:
        return str(info.json_schema_extra["default_shown"])
    default = info.get_default(call_default_factory=True)
    return "none" if default is None else f"`{_yaml(default)}`"


def _table(model: type[BaseModel]) -> list[str]:
    """A row per key of a profile (with its default; the example as YAML) or per column of a CSV file."""
    profile = model is Profile
    head = ["key" if profile else "column", "type", *(["required / default"] if profile else []), "meaning"]
    lines = ["| " + " | ".join([*head, "example"]) + " |", "|" + "---|" * (len(head) + 1)]
    for name, info in model.model_fields.items():
        example = f"{name}: {_yaml(info.examples[0])}" if profile else str(info.examples[0])
        cells = [f"`{name}`", describe_field(info), *([_default(info)] if profile else [])]
        lines.append("| " + " | ".join(map(_cell, [*cells, info.description or "", f"`{example}`"])) + " |")
    return lines


def _rules(name: str) -> list[str]:
    spec = VOCABULARY_FILES[name]
    rules = [f"- one row per `{spec.unique}`"] if spec.unique else []
    rules += [
        f"- rows with the same {' and '.join(f'`{c}`' for c in rule.key)} (ignoring case, accents and "
        f"punctuation) have the same {', '.join(f'`{c}`' for c in rule.values)}"
        for rule in spec.meanings
    ]
    rules += [
        f"- `{column}` is "
        + ("a country of `reference/`" if target == COUNTRIES else f"a `{column}` of `{target}`")
        for column, target in spec.refers.items()
    ]
    return rules


def markdown() -> str:
    """The reference as markdown: every profile key and every vocabulary column, with its type, default,
    meaning and an example."""
    lines = [
        "# Configuration reference: source profiles and vocabularies",
        "",
        "<!-- Generated from config/schemas.py by `honlea docs`; do not edit (a test keeps it current). -->",
        "",
        "`honlea check-config [--config DIR]` checks every file below against this reference and lists every "
        "problem as `file:line: key: what is wrong (allowed: ...)`; `honlea run` and the nightly flow refuse "
        "to start while there is one. The configuration folder is `config/` unless `--config` or "
        "`HONLEA_CONFIG_DIR` names another (it then holds all of these files, and `reference/`).",
        "",
        "## Source profiles (`profiles/*.yaml`)",
        "",
        "A profile says how to recognise and read one kind of submission. A key not listed here is an error.",
        "",
        *_table(Profile),
        "",
        "### Fields",
        "",
        "The canonical fields that `columns`, `defaults`, `header_implies`, `required` and `key` name:",
        "",
        "| field | meaning |",
        "|---|---|",
        *[f"| `{name}` | {meaning} |" for name, meaning in FIELD_MEANINGS.items()],
        "",
        "## Vocabulary files (`*.csv`)",
        "",
        "UTF-8, comma-separated, a header row naming every column below (in any order, no others); a cell "
        "may be empty only where the type says so.",
    ]
    for name, spec in VOCABULARY_FILES.items():
        doc = inspect.cleandoc(spec.row.__doc__ or "")
        lines += ["", f"### `{name}`", "", doc, "", *_table(spec.row)]
        if rules := _rules(name):
            lines += ["", "Rules:", "", *rules]
    return "\n".join(lines) + "\n"


def write_page(out_dir: Path, name: str, text: str) -> Path:
    """Write a generated page into out_dir; its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / name
    path.write_text(text, encoding="utf-8")
    return path


def write_profile_reference(out_dir: Path) -> Path:
    """Write profile-reference.md; its path."""
    return write_page(out_dir, FILE_NAME, markdown())
