"""A questionnaire return's records conformed: the country, the date of reply, each recommendation's code
and status recognised, with the columns its suite checks (a column `<x>_problem` holds the text at
fault, null when the row passes); and the rows of the warehouse's two tables. Pure: frames in, frames
out."""

from __future__ import annotations

import re
from datetime import date

import polars as pl

from honlea.config.names import IssueStatus
from honlea.config.text import normalized
from honlea.transforms.quality import ISSUE_COLUMNS, holding
from honlea.transforms.vocabulary import resolve

_CODE = re.compile(r"^(?:(\d+)\s*/\s*)?(\d+)\s*[.\s]?\s*\(?\s*([a-z])\s*\)?$")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y")


def recommendation_code(text: str | None, meeting: int) -> str | None:
    """22/2(c), from "22/2(c)", "2(c)", "2 c" or "2.c" (the meeting given: the recommendations'); None
    when it reads as none."""
    found = _CODE.match((text or "").strip().lower())
    if not found:
        return None
    given, issue, letter = found.groups()
    return f"{given or meeting}/{issue}({letter})"


def _date(text: pl.Expr) -> pl.Expr:
    return pl.coalesce(*(text.str.strptime(pl.Date, f, strict=False) for f in DATE_FORMATS))


def conform_return(
    records: pl.DataFrame,
    meeting: int,
    codes: list[str],
    statuses: dict[str, str],
    countries: pl.DataFrame,
) -> pl.DataFrame:
    """The records with: meeting; iso3 and country_problem (identification row); reply_date and its
    problems; recommendation_code, status and their problems (answer rows); a row (kind `absent`, no
    source row) for each recommendation of `codes` the return does not give. `statuses`: normalised
    text -> status; `countries`: alias -> iso3 (config.reference.country_vocabulary)."""
    previous = meeting - 1
    answers = records.filter(pl.col("kind") == "answer").with_columns(
        pl.col("recommendation_text")
        .map_elements(lambda t: recommendation_code(t, previous), return_dtype=pl.String)
        .alias("recommendation_code")
    )
    given = set(answers["recommendation_code"].drop_nulls())
    absent = pl.DataFrame(
        {"kind": "absent", "recommendation_text": [c for c in codes if c not in given]},
        schema={"kind": pl.String, "recommendation_text": pl.String},
    ).with_columns(pl.col("recommendation_text").alias("recommendation_code"))
    first = records["row_id"].max() + 1 if records.height else 0
    absent = absent.with_columns((pl.int_range(pl.len()) + first).cast(pl.Int64).alias("row_id"))
    frame = pl.concat([records.filter(pl.col("kind") != "answer"), answers, absent], how="diagonal")
    frame = resolve(frame, "country_text", countries, {"iso3": "iso3"}, "country")
    identification = pl.col("kind") == "identification"
    iso3 = frame.filter(identification)["iso3"].drop_nulls()
    status_key = pl.col("status_text").str.to_lowercase()
    return frame.with_columns(
        pl.lit(meeting, dtype=pl.Int32).alias("meeting"),
        pl.lit(iso3[0] if iso3.len() else None, dtype=pl.String).alias("iso3"),
        pl.when(identification & pl.col("iso3").is_null())
        .then(pl.coalesce("country_text", pl.lit("(none)")))
        .alias("country_problem"),
        pl.when(identification).then(_date(pl.col("reply_date_text"))).alias("reply_date"),
        pl.when(identification & pl.col("reply_date_text").is_null())
        .then(pl.lit("missing"))
        .alias("reply_date_missing"),
        pl.when(
            identification
            & pl.col("reply_date_text").is_not_null()
            & _date(pl.col("reply_date_text")).is_null()
        )
        .then(pl.col("reply_date_text"))
        .alias("reply_date_problem"),
        pl.when(pl.col("recommendation_code").is_in(codes).not_())
        .then(pl.col("recommendation_text"))
        .alias("recommendation_problem"),
        normalized(status_key).replace_strict(statuses, default=None).alias("status"),
        pl.col("status_text").alias("status_problem"),
        pl.when(pl.col("kind").is_in(["answer", "absent"]) & pl.col("status_text").is_null())
        .then(pl.coalesce("recommendation_code", "recommendation_text"))
        .alias("status_missing"),
    ).with_columns(
        pl.when(pl.col("status").is_null()).then(pl.col("status_problem")).alias("status_problem"),
    )


def received(reply_date: date | None, arrived: date, cutoff: date | None) -> tuple[date, bool | None]:
    """(the day a return counts as received, on time): its date of reply where it gives one no later
    than the file's arrival, else the arrival; on time when by the cut-off (None: no cut-off)."""
    day = reply_date if reply_date is not None and reply_date <= arrived else arrived
    return day, (day <= cutoff) if cutoff else None


#: The item of the return each check is about (its label is the issue's column).
CHECK_ITEMS = {
    "return_country": "country",
    "required_reply_date": "reply_date",
    "valid_reply_date": "reply_date",
    "plausible_reply_date": "reply_date",
    "known_recommendation": "recommendation",
    "known_status": "status",
    "required_status": "status",
}
_PROBLEM = {
    "return_country": "country_problem",
    "valid_reply_date": "reply_date_problem",
    "plausible_reply_date": "reply_date_text",
    "known_recommendation": "recommendation_problem",
    "known_status": "status_problem",
    "required_status": "status_missing",
}
TEXTS = [
    f"{item}_text"
    for item in (
        "country",
        "responding_agency",
        "contact",
        "reply_date",
        "recommendation",
        "status",
        "measures",
        "difficulties",
        "assistance",
    )
]


def return_issues(
    conformed: pl.DataFrame, failures: pl.DataFrame, labels: dict[str, str], source: str, year: int
) -> pl.DataFrame:
    """One open issue per failed check on a row of the return (transforms.quality.ISSUE_COLUMNS and
    status): its sheet and row, the item's label in the return as the column, the text at fault."""
    value = pl.lit(None, dtype=pl.String)
    for check, column in _PROBLEM.items():
        value = pl.when(pl.col("check_name") == check).then(pl.col(column)).otherwise(value)
    item = pl.col("check_name").replace_strict(CHECK_ITEMS, default=None)
    rows = failures.join(conformed, on="row_id", how="left")
    return (
        rows.with_columns(value.alias("value"), item.alias("field"))
        .with_columns(
            item.replace_strict(labels, default=None).alias("column_name"),
            pl.col("message").str.replace_all("{value}", pl.col("value").fill_null(""), literal=True),
            pl.format(
                "{}|{}|{}|{}",
                pl.lit(source),
                pl.col("iso3").fill_null(""),
                pl.col("meeting"),
                pl.coalesce("recommendation_code", "recommendation_text", pl.col("kind")),
            ).alias("business_key"),
            pl.struct(TEXTS).struct.json_encode().alias("row_values"),
            pl.format(  # the row a steward's decision names: its place and recommendation
                "{}!{}|{}",
                pl.col("sheet").fill_null(""),
                pl.col("source_row").cast(pl.String).fill_null(""),
                pl.coalesce("recommendation_code", "recommendation_text", pl.col("kind")),
            ).alias("row_key"),
            pl.lit(None, dtype=pl.String).alias("related_rows"),
            pl.lit(year, dtype=pl.Int32).alias("year"),
            pl.lit(IssueStatus.OPEN).alias("status"),
        )
        .select(*ISSUE_COLUMNS, "status")
        .sort("source_row", "check_name", nulls_last=True)
    )


def quarantined_rows(conformed: pl.DataFrame, issues: pl.DataFrame) -> pl.DataFrame:
    """The answer rows of the return not loaded: every one when the country is not identified, else
    those with an error-level issue a steward did not accept, or one a steward rejected (`issues` carry
    the status decisions gave them: transforms.decisions.apply_decisions)."""
    answers = conformed.filter(pl.col("kind") == "answer")
    held = holding(issues)
    if held.filter(pl.col("check_name") == "return_country").height:
        return answers
    return answers.join(held.select("row_id").unique(), on="row_id", how="semi")


def status_rows(conformed: pl.DataFrame, quarantined: pl.DataFrame) -> pl.DataFrame:
    """warehouse.fact_recommendation_status's rows (but submission_id) of the answers loaded."""
    return (
        conformed.filter(pl.col("kind") == "answer")
        .join(quarantined.select("row_id"), on="row_id", how="anti")
        .select(
            "meeting",
            "iso3",
            "recommendation_code",
            "status",
            "status_text",
            pl.col("measures_text").alias("measures"),
            pl.col("difficulties_text").alias("difficulties"),
            pl.col("assistance_text").alias("assistance"),
            "sheet",
            pl.col("source_row").cast(pl.Int32),
        )
    )
