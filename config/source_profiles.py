"""Source profiles (config/profiles/*.yaml): how to recognise and read each kind of submission."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from config.names import KEY_POLICIES, SHAPES
from config.settings import PROFILES_DIR


@dataclass(frozen=True)
class Profile:
    """One kind of source: its file names, columns, shape and how repeated keys combine."""

    name: str
    title: str
    dataset: str
    formats: list[str]
    file_patterns: list[str]
    columns: dict[str, list[str]]
    required: list[str]
    key: list[str]
    key_policy: str
    shape: str = "long"
    sheet: str | None = None
    defaults: dict[str, str] = field(default_factory=dict)
    header_implies: dict[str, dict[str, str]] = field(default_factory=dict)  # header -> {field: value}
    source: str = ""  # what kind of source, shared by profiles of one source in several layouts

    def __post_init__(self) -> None:
        if not self.source:
            object.__setattr__(self, "source", self.name)

    @property
    def wide_by_year(self) -> bool:
        """True when each year is a column holding the quantity."""
        return self.shape == "wide_by_year"

    def matches_name(self, path: Path) -> bool:
        """True when the file's name fits one of the profile's patterns and formats."""
        name = path.name.lower()
        return path.suffix.lower().lstrip(".") in self.formats and any(
            fnmatch.fnmatch(name, pattern.lower()) for pattern in self.file_patterns
        )


def _profile(path: Path) -> Profile:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    profile = Profile(**data)
    if profile.key_policy not in KEY_POLICIES:
        raise ValueError(f"{path}: key_policy must be one of {KEY_POLICIES}, not {profile.key_policy!r}")
    if profile.shape not in SHAPES:
        raise ValueError(f"{path}: shape must be one of {SHAPES}, not {profile.shape!r}")
    return profile


@cache
def load_profiles(directory: Path = PROFILES_DIR) -> tuple[Profile, ...]:
    """Every profile in the directory, in file-name order."""
    return tuple(_profile(path) for path in sorted(directory.glob("*.yaml")))
