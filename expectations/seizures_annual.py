"""Suite `seizures_annual`: annual totals by country, drug and year (national forms, UNODC annex)."""

from __future__ import annotations

from datetime import date

from expectations.checks import ERROR, WARNING, Check, common_checks, required, understood


def checks(today: date) -> list[Check]:
    """The suite's checks; `today` bounds plausible years."""
    return [
        *common_checks(),
        required("year", "the year"),
        understood("year", "valid_year", ERROR, "the year is not a four-digit year"),
        Check(
            "plausible_year",
            "ExpectColumnValuesToBeBetween",
            "year",
            "year",
            ERROR,
            f"the year must be between 1990 and {today.year}",
            {"min_value": 1990, "max_value": today.year},
        ),
        Check(
            "total_vs_components",
            "ExpectColumnValuesToBeNull",
            "components_kg",
            "quantity",
            WARNING,
            "the reported total is smaller than the sum of its components",
        ),
    ]
