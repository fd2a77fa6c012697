"""The suites' expectations: the Great Expectations form of every check a suite runs, by check name.

Which suites run a check, its severity, field, message and parameters are in the catalog
(config/checks.csv): adding a check is a row there and an expectation here (and the transform that
produces its column, if it reads a new one).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

NOT_NULL = "ExpectColumnValuesToNotBeNull"
NULL = "ExpectColumnValuesToBeNull"
BETWEEN = "ExpectColumnValuesToBeBetween"

#: The bounds of a range check, from the catalog's parameters and the day of the run.
Bounds = Callable[[dict[str, int], date], dict[str, Any]]


class Expectation(NamedTuple):
    """A Great Expectations expectation on one column of the conformed rows."""

    type: str  # Great Expectations class name
    column: str
    bounds: Bounds | None = None  # the kwargs of a range check


def _present(field: str) -> Expectation:
    """The field was given (its submitted text is not empty)."""
    return Expectation(NOT_NULL, f"{field}_text")


def _understood(name: str) -> Expectation:
    """Text given but not understood (unknown name, not a number, not a date) leaves <name>_unmatched."""
    return Expectation(NULL, f"{name}_unmatched")


def _not_negative(_params: dict[str, int], _today: date) -> dict[str, Any]:
    return {"min_value": 0}


def _years(params: dict[str, int], today: date) -> dict[str, Any]:
    return {"min_value": params["year_floor"], "max_value": today.year}


def _dates(params: dict[str, int], today: date) -> dict[str, Any]:
    return {
        "min_value": f"{params['year_floor']}-01-01T00:00:00",
        "max_value": f"{today.isoformat()}T23:59:59",
    }


EXPECTATIONS: dict[str, Expectation] = {
    "required_country": _present("country"),
    "required_drug": _present("drug"),
    "required_quantity": _present("quantity"),
    "required_unit": _present("unit"),
    "required_year": _present("year"),
    "required_seizure_date": _present("seizure_date"),
    "known_country": _understood("country"),
    "known_country_code": _understood("country_code"),
    "country_name_matches_code": Expectation(NULL, "country_mismatch"),
    "known_drug": _understood("drug"),
    "known_unit": _understood("unit"),
    "numeric_quantity": _understood("quantity"),
    "non_negative_quantity": Expectation(BETWEEN, "quantity", _not_negative),
    "numeric_seizure_cases": _understood("seizure_cases"),
    "non_negative_seizure_cases": Expectation(BETWEEN, "seizure_cases", _not_negative),
    "key_conflict": Expectation(NULL, "conflicting_rows"),
    "double_listing": Expectation(NULL, "repeats_row"),
    "valid_year": _understood("year"),
    "plausible_year": Expectation(BETWEEN, "year", _years),
    "total_vs_components": Expectation(NULL, "components_kg"),
    "valid_date": _understood("seizure_date"),
    "plausible_date": Expectation(BETWEEN, "seizure_date", _dates),
    "known_transport_mode": _understood("transport_mode"),
    "known_conveyance": _understood("conveyance"),
    "known_origin_country": _understood("origin"),
    "known_destination_country": _understood("destination"),
    "known_indicator": _understood("indicator"),  # a country report's indicator tables
    # questionnaire returns (transforms/questionnaire.py): a column holds the text at fault, else null
    "return_country": Expectation(NULL, "country_problem"),
    "required_reply_date": Expectation(NULL, "reply_date_missing"),
    "valid_reply_date": Expectation(NULL, "reply_date_problem"),
    "plausible_reply_date": Expectation(BETWEEN, "reply_date", _dates),
    "known_recommendation": Expectation(NULL, "recommendation_problem"),
    "known_status": Expectation(NULL, "status_problem"),
    "required_status": Expectation(NULL, "status_missing"),
}
