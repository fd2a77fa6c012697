"""The checks of the quality gate as data: which column, which expectation, severity and message.

Every check names the canonical field whose submitted text is shown to the steward.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import polars as pl

from config.names import Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING
#: Checks that an entry in the vocabulary (config/) can satisfy: when the vocabulary changes, files
#: with open issues of these checks are read again and what now passes is loaded.
VOCABULARY_CHECKS = (
    "known_country",
    "known_country_code",
    "known_drug",
    "known_unit",
    "known_transport_mode",
    "known_conveyance",
    "known_origin_country",
    "known_destination_country",
)


@dataclass(frozen=True)
class Check:
    """One expectation of a suite, with what a failure means."""

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
        if self.expectation == "ExpectColumnValuesToNotBeNull":
            return column.is_not_null()
        if self.expectation == "ExpectColumnValuesToBeNull":
            return column.is_null()
        if self.expectation == "ExpectColumnValuesToBeBetween":
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


def required(name: str, what: str) -> Check:
    return Check(
        f"required_{name}", "ExpectColumnValuesToNotBeNull", f"{name}_text", name, ERROR, f"{what} is missing"
    )


def understood(name: str, check: str, severity: str, message: str, field: str | None = None) -> Check:
    """Text present in the file but not understood (unknown name, not a number, not a date)."""
    return Check(check, "ExpectColumnValuesToBeNull", f"{name}_unmatched", field or name, severity, message)


def common_checks() -> list[Check]:
    """Checks every seizure dataset shares."""
    return [
        required("country", "the country"),
        required("drug", "the drug"),
        Check(
            "required_quantity",
            "ExpectColumnValuesToNotBeNull",
            "quantity_text",
            "quantity",
            ERROR,
            "the quantity is missing (a missing figure is not 0: send the figure, "
            "or 0 if nothing was seized)",
        ),
        required("unit", "the unit"),
        understood("country", "known_country", ERROR, "country name not recognised"),
        understood(
            "country_code", "known_country_code", ERROR, "country code not recognised (ISO3, ISO2 or M49)"
        ),
        Check(
            "country_name_matches_code",
            "ExpectColumnValuesToBeNull",
            "country_mismatch",
            "country",
            ERROR,
            "the country name and the country code name two different countries",
        ),
        understood("drug", "known_drug", ERROR, "drug not in the UNODC taxonomy or its synonyms"),
        understood("unit", "known_unit", ERROR, "unit not recognised (e.g. kg, g, t, l, tablets, plants)"),
        understood("quantity", "numeric_quantity", ERROR, "the quantity is not a number"),
        Check(
            "non_negative_quantity",
            "ExpectColumnValuesToBeBetween",
            "quantity",
            "quantity",
            ERROR,
            "the quantity is negative",
            {"min_value": 0},
        ),
        understood(
            "seizure_cases", "numeric_seizure_cases", WARNING, "the number of seizure cases is not a number"
        ),
        Check(
            "non_negative_seizure_cases",
            "ExpectColumnValuesToBeBetween",
            "seizure_cases",
            "seizure_cases",
            WARNING,
            "the number of seizure cases is negative",
            {"min_value": 0},
        ),
        Check(
            "key_conflict",
            "ExpectColumnValuesToBeNull",
            "conflicting_rows",
            "quantity",
            ERROR,
            "the same figure is given more than once (same country, drug, measure and year; for a case, "
            "the same case and drug)",
        ),
        Check(
            "double_listing",
            "ExpectColumnValuesToBeNull",
            "repeats_row",
            "drug",
            WARNING,
            "the same figure is given under another name of the same drug: it is counted once",
        ),
    ]
