"""Configuration problems: where (file, line, key), what is wrong and what is allowed."""

from __future__ import annotations

import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import Gt, MinLen
from pydantic import BaseModel, StringConstraints, ValidationError
from pydantic.fields import FieldInfo

from honlea.config.names import DATASETS
from honlea.config.schemas import (
    DATASETS_PATTERN,
    LETTER_PATTERN,
    OFFICE_PATTERN,
    PARAMS_PATTERN,
    RECOMMENDATION_PATTERN,
    CanonicalField,
)

_PATTERNS = {
    r"^[a-z][a-z0-9_]*$": "code (a-z, 0-9, _)",
    r"^[A-Z]{3}$": "ISO3 code",
    PARAMS_PATTERN: "name=whole number, separated by spaces",
    OFFICE_PATTERN: "ISO3 code, a dash and a number (ARG-1)",
    RECOMMENDATION_PATTERN: "meeting/issue(letter), such as 22/2(c)",
    LETTER_PATTERN: "one letter, a-z",
    DATASETS_PATTERN: f"{' or '.join(DATASETS)}, separated by spaces",
}
_WORDS = {str: "text", int: "whole number", float: "number"}


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong in a configuration file."""

    file: Path
    line: int | None  # 1-based; None for the file as a whole
    key: str  # the key (profiles) or column (vocabularies); "" for the file as a whole
    problem: str
    allowed: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        key = f" {self.key}:" if self.key else ""
        allowed = f" (allowed: {self.allowed})" if self.allowed else ""
        return f"{where}:{key} {self.problem}{allowed}"


class ConfigError(ValueError):
    """The configuration has problems: nothing may run until they are fixed."""

    def __init__(self, problems: Sequence[ConfigProblem]) -> None:
        self.problems = list(problems)
        listed = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} configuration problem(s):\n{listed}")


def _annotation(info: FieldInfo) -> Any:
    """A model field's type with its constraints (pydantic keeps them apart)."""
    return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


def describe_field(info: FieldInfo) -> str:
    """A model field's type in words."""
    return describe(_annotation(info))


def _inner(annotation: Any) -> Any:
    """The type without its constraints and without `| None`."""
    while get_origin(annotation) in (Annotated, Union, types.UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    return annotation


def _type_at(info: FieldInfo, loc: tuple[int | str, ...]) -> Any:
    """The type expected at an error's location inside a field (an item of a list, a key of a mapping)."""
    annotation = _annotation(info)
    parts = list(loc[1:])
    while parts and get_origin(_inner(annotation)) in (list, dict):
        container, args = get_origin(_inner(annotation)), get_args(_inner(annotation))
        parts.pop(0)
        if container is dict and parts[:1] == ["[key]"]:
            return args[0]
        annotation = args[-1]
    return annotation


def describe(annotation: Any) -> str:
    """A type in words, as the profile reference and the problems show it."""
    if annotation == CanonicalField:
        return "field"
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        base, *metadata = args
        words = describe(base)
        for constraint in metadata:
            if isinstance(constraint, StringConstraints) and constraint.pattern:
                words = _PATTERNS[constraint.pattern]
            elif isinstance(constraint, Gt):
                words += f" > {constraint.gt}"
            elif isinstance(constraint, MinLen) and get_origin(base) is list:
                words = f"non-empty {words}"
        return words
    if origin is Literal:
        return " or ".join([", ".join(args[:-1]), args[-1]]) if len(args) > 1 else args[0]
    if origin in (Union, types.UnionType):
        (present,) = (a for a in args if a is not type(None))
        return f"{describe(present)}, or empty"
    if origin is list:
        return f"list of {describe(args[0])}"
    if origin is dict:
        return f"mapping of {describe(args[0])} to {describe(args[1])}"
    return _WORDS.get(annotation) or getattr(annotation, "__name__", str(annotation))


def _key(loc: tuple[int | str, ...]) -> str:
    """columns.country, formats[1]: a pydantic location as the file's keys read."""
    key = ""
    for part in loc:
        if isinstance(part, int):
            key += f"[{part}]"
        elif part != "[key]":
            key += f".{part}" if key else part
    return key


def problems_from(
    error: ValidationError, model: type[BaseModel], file: Path, line_of: Callable[[tuple], int | None]
) -> list[ConfigProblem]:
    """Every error of a validation as a problem; `line_of` maps an error's location to a line."""
    problems = []
    for found in error.errors():
        loc, kind = found["loc"], found["type"]
        info = model.model_fields.get(str(loc[0])) if loc else None
        allowed = describe(_type_at(info, loc)) if info else ""
        if kind == "extra_forbidden":
            what, allowed = "unknown key", ", ".join(model.model_fields)
        elif kind == "missing":
            what = "missing"
        elif kind == "literal_error":
            what, allowed = f"{found['input']!r} is not allowed", found["ctx"]["expected"].replace("'", "")
        elif kind == "value_error":
            what = str(found["ctx"]["error"])
        elif found["input"] is None:
            what = "empty"
        else:
            what = f"{found['input']!r}: {found['msg'][0].lower()}{found['msg'][1:]}"
        line = None if kind == "missing" else line_of(loc)  # a missing key has no line
        problems.append(ConfigProblem(file, line, _key(loc) or model.__name__, what, allowed))
    return problems
