"""Suite `seizure_cases`: one row per seizure case."""

from __future__ import annotations

from datetime import date

from expectations.checks import ERROR, WARNING, Check, common_checks, required, understood


def checks(today: date) -> list[Check]:
    """The suite's checks; `today` bounds plausible dates (no seizure in the future)."""
    return [
        *common_checks(),
        required("seizure_date", "the date of the seizure"),
        understood(
            "seizure_date", "valid_date", ERROR, "the date is not a date (use dd/mm/yyyy or yyyy-mm-dd)"
        ),
        Check(
            "plausible_date",
            "ExpectColumnValuesToBeBetween",
            "seizure_date",
            "seizure_date",
            ERROR,
            f"the date must be between 1990-01-01 and today ({today.isoformat()}): "
            "it is in the future or too old",
            {"min_value": "1990-01-01T00:00:00", "max_value": f"{today.isoformat()}T23:59:59"},
        ),
        understood("transport_mode", "known_transport_mode", WARNING, "mode of transport not recognised"),
        understood("conveyance", "known_conveyance", WARNING, "conveyance not recognised"),
        understood(
            "origin", "known_origin_country", WARNING, "country of origin not recognised", "origin_country"
        ),
        understood(
            "destination",
            "known_destination_country",
            WARNING,
            "country of destination not recognised",
            "destination_country",
        ),
    ]
