"""Source profiles (<config>/profiles/*.yaml): how to recognise and read each kind of submission."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from honlea.config.problems import ConfigError, ConfigProblem, problems_from
from honlea.config.schemas import Profile
from honlea.config.settings import cached_per_config_dir

__all__ = ["Profile", "load_profiles", "read_profiles", "read_yaml_model"]

M = TypeVar("M", bound=BaseModel)


def _line(node: yaml.Node | None, loc: tuple) -> int | None:
    """Line (1-based) of the deepest YAML node along a pydantic error location."""
    line = node.start_mark.line + 1 if node else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, where PyYAML was built with it


def read_yaml_model(path: Path, model: type[M]) -> tuple[M | None, list[ConfigProblem]]:
    """A YAML file checked against a model: (the model, []) or (None, its problems with their lines)."""
    try:
        text = path.read_text(encoding="utf-8")
        try:
            data = yaml.load(text, Loader=_LOADER)
        except yaml.YAMLError:
            data = yaml.safe_load(text)  # raises again, with the pure loader's words and line
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        mark, problem = getattr(exc, "problem_mark", None), getattr(exc, "problem", None) or exc
        return None, [
            ConfigProblem(path, mark.line + 1 if mark else None, "", f"not readable YAML: {problem}")
        ]
    if not isinstance(data, dict):
        return None, [ConfigProblem(path, None, "", "not a mapping of keys to values", "a YAML mapping")]
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        node = yaml.compose(text, Loader=yaml.SafeLoader)  # only now: the lines of the problems
        return None, problems_from(error, model, path, lambda loc: _line(node, loc))


def read_profiles(folder: Path) -> tuple[tuple[Profile, ...], list[ConfigProblem]]:
    """The valid profiles of the folder's profiles/ (in file-name order) and the problems of the others."""
    paths = sorted((folder / "profiles").glob("*.yaml"))
    problems = [
        ConfigProblem(path, None, "", "not read: a profile's file name ends in .yaml")
        for path in sorted((folder / "profiles").glob("*"))
        if path.suffix != ".yaml" and not path.name.startswith(".")
    ]
    if not paths:
        problems.append(ConfigProblem(folder / "profiles", None, "", "no profile (*.yaml)"))
    profiles, names = [], {}
    for path in paths:
        profile, found = read_yaml_model(path, Profile)
        problems += found
        if profile is None:
            continue
        if (first := names.setdefault(profile.name, path)) != path:
            problems.append(
                ConfigProblem(path, None, "name", f"{profile.name!r} is the name of {first.name} too")
            )
        profiles.append(profile)
    return tuple(profiles), problems


@cached_per_config_dir
def load_profiles(folder: Path) -> tuple[Profile, ...]:
    """Every profile, in file-name order; ConfigError when a profile has problems."""
    profiles, problems = read_profiles(folder)
    if problems:
        raise ConfigError(problems)
    return profiles


def yaml_line(path: Path, loc: tuple) -> int | None:
    """Line (1-based) of a key of a readable YAML file, as a pydantic location names it."""
    return _line(yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader), loc)
