"""The meetings (config/meetings.yaml) and the rules of the Secretariat's note (config/note.yaml), each
checked against its schema and against the countries and drug groups it names."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from honlea.config.problems import ConfigError, ConfigProblem
from honlea.config.schemas import Meetings, NoteRules
from honlea.config.settings import cached_per_config_dir
from honlea.config.source_profiles import read_yaml_model, yaml_line

MEETINGS_FILE = "meetings.yaml"
NOTE_RULES_FILE = "note.yaml"
M = TypeVar("M", bound=BaseModel)


def _read(path: Path, model: type[M]) -> tuple[M | None, list[ConfigProblem]]:
    if not path.is_file():
        return None, [ConfigProblem(path, None, "", "file missing")]
    return read_yaml_model(path, model)


def _unknown(path: Path, loc: tuple, values: list[str], known: set[str], allowed: str) -> list[ConfigProblem]:
    key = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc).replace(".[", "[")
    return [
        ConfigProblem(path, yaml_line(path, (*loc, i)), key, f"{value!r} is unknown", allowed)
        for i, value in enumerate(values)
        if known and value not in known
    ]


def read_note_config(folder: Path, countries: set[str], groups: set[str]) -> list[ConfigProblem]:
    """The problems of meetings.yaml and note.yaml: their schema, and countries and drug groups that do
    not exist (checked where the sets are not empty)."""
    meetings, problems = _read(folder / MEETINGS_FILE, Meetings)
    rules, found = _read(folder / NOTE_RULES_FILE, NoteRules)
    problems += found
    path = folder / MEETINGS_FILE
    for index, meeting in enumerate(meetings.meetings if meetings else []):
        for key in ("member_states", "represented", "observer_states"):
            loc = ("meetings", index, key)
            problems += _unknown(path, loc, getattr(meeting, key), countries, "an ISO3 code of reference/")
    if rules:
        path, allowed = folder / NOTE_RULES_FILE, "a drug_group_id of drug_groups.csv"
        for key in ("main_groups", "excluded_groups"):
            problems += _unknown(path, (key,), getattr(rules, key), groups, allowed)
        if groups and rules.sub_region_chart_group not in groups:
            problems += _unknown(path, (), [rules.sub_region_chart_group], groups, allowed)
    return problems


def _load(path: Path, model: type[M]) -> M:
    """A YAML file of config/ read as its model; ConfigError when it has problems."""
    value, problems = _read(path, model)
    if value is None:
        raise ConfigError(problems)
    return value


@cached_per_config_dir
def load_meetings(folder: Path) -> Meetings:
    """config/meetings.yaml; ConfigError when it has problems."""
    return _load(folder / MEETINGS_FILE, Meetings)


@cached_per_config_dir
def load_note_rules(folder: Path) -> NoteRules:
    """config/note.yaml; ConfigError when it has problems."""
    return _load(folder / NOTE_RULES_FILE, NoteRules)
