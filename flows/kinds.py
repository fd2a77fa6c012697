"""The steps of each kind of input (statistics, questionnaire returns, country reports).

A kind is a module of flows/ whose `STEPS` is a `KindSteps`; `steps(kind)` imports it when first
needed, so the reading worker loads only what reading that kind takes. The nightly flow is the same
for every kind: register, then `read` in the isolated worker, `conform`, `validate`, and at load the
warehouse tables of `tables`. A profile of another kind than statistics is tried first (its kind's
`claims`); statistics, recognised by header rows, is the fallback.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from honlea.config.names import InputKind
from honlea.config.schemas import Profile
from honlea.flows.staged import StagedFile
from honlea.warehouse.schema import Table

#: The module of flows/ holding each kind's STEPS.
MODULES: dict[InputKind, str] = {
    InputKind.STATISTICS: "honlea.flows.statistics",
    InputKind.QUESTIONNAIRE: "honlea.flows.questionnaire",
    InputKind.COUNTRY_REPORT: "honlea.flows.reports",
}


@dataclass(frozen=True)
class KindSteps:
    """What a kind does at each step; each step saves the staged file and returns its status."""

    #: In the worker, before the file is read as grids: does this profile (of the kind) take the file?
    claims: Callable[[Path, Profile], bool]
    #: In the worker: read the file with one of the profiles (those of the kind that may take it), write
    #: its records and reading issues, count its rows.
    read: Callable[[StagedFile, Path, tuple[Profile, ...]], str]
    #: Canonical codes and values; exact duplicates set aside.
    conform: Callable[[StagedFile], str]
    #: The dataset's suite, the stewards' decisions, quarantine; the rows to load written.
    validate: Callable[[StagedFile, date], str]
    #: At load: the warehouse tables of a validated file, each with the parquet of its rows.
    tables: Callable[[StagedFile], dict[Table, Path]]


def steps(kind: str) -> KindSteps:
    """The steps of a kind of input."""
    return importlib.import_module(MODULES[InputKind(kind)]).STEPS


def other_kinds() -> list[InputKind]:
    """The kinds tried before statistics, in the enum's order."""
    return [kind for kind in MODULES if kind != InputKind.STATISTICS]
