"""A suite's check as it runs: the catalog's entry (config/checks.csv) with its expectation
(expectations/suites.py), and its polars form."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import polars as pl

from honlea.config.catalog import load_catalog
from honlea.config.names import DATASETS
from honlea.expectations.suites import BETWEEN, EXPECTATIONS, NOT_NULL, NULL


@dataclass(frozen=True)
class Check:
    """One expectation of a suite, with what a failure means (the message's parameters filled in)."""

    name: str
    expectation: str  # Great Expectations class name
    column: str
    field: str
    severity: str
    message: str
    kwargs: dict[str, Any] = field(default_factory=dict)

    def holds(self) -> pl.Expr:
        """The check as a polars expression, true where a row passes (as Great Expectations judges it:
        a range check ignores missing values)."""
        column = pl.col(self.column)
        if self.expectation == NOT_NULL:
            return column.is_not_null()
        if self.expectation == NULL:
            return column.is_null()
        if self.expectation == BETWEEN:
            bounds = [self.kwargs.get(k) for k in ("min_value", "max_value")]
            if any(isinstance(b, str) for b in bounds):  # date bounds are ISO timestamps
                column = column.cast(pl.Datetime("us"))
                bounds = [datetime.fromisoformat(b) if b else None for b in bounds]
            low, high = bounds
            inside = pl.lit(True)
            if low is not None:
                inside &= column >= low
            if high is not None:
                inside &= column <= high
            return column.is_null() | inside
        raise ValueError(f"check {self.name}: no polars form for {self.expectation}")


def checks_for(dataset: str, today: date) -> list[Check]:
    """The checks of a dataset's suite, as the catalog lists them; `today` bounds plausible years and
    dates. KeyError names the known datasets, or a check without an expectation."""
    if dataset not in DATASETS:
        raise KeyError(f"no expectation suite for dataset {dataset!r}; known: {sorted(DATASETS)}")
    catalog = load_catalog()
    values = {"today": today.isoformat(), "this_year": today.year}  # a message may name them
    checks = []
    for entry in catalog.run_by(dataset):
        if entry.name not in EXPECTATIONS:
            raise KeyError(
                f"check {entry.name}: the catalog has suite {dataset} run it, but it has no expectation"
            )
        expectation = EXPECTATIONS[entry.name]
        checks.append(
            Check(
                entry.name,
                expectation.type,
                expectation.column,
                entry.field or "",
                entry.severity,
                catalog.message(entry.name, **values),
                expectation.bounds(catalog.params, today) if expectation.bounds else {},
            )
        )
    return checks
