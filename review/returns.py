"""Who answered a meeting's questionnaire by the cut-off, who after, who not yet (with the liaison
office to remind), and the `honlea questionnaire status` and `honlea templates` commands."""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.table import Table as RichTable

from honlea.config.directory import offices_to_remind
from honlea.config.meetings import load_meetings
from honlea.config.reference import dim_country
from honlea.config.settings import load_settings
from honlea.warehouse.backends import Warehouse
from honlea.warehouse.connection import connect
from honlea.warehouse.views import V_QUESTIONNAIRE_RETURNS

ON_TIME, LATE, NOT_YET = "on time", "late", "not yet"


def returns_status(warehouse: Warehouse, meeting: int) -> pl.DataFrame:
    """One row per member State of the meeting: iso3, country, answer (on time, late, not yet),
    received_date, and the office to remind (office_id, agency, contact) from the directory."""
    states = pl.DataFrame({"iso3": load_meetings().meeting(meeting).member_states})
    returns = warehouse.query(
        f"SELECT iso3, received_date, on_time FROM {V_QUESTIONNAIRE_RETURNS.qualified} WHERE meeting = ?",
        [meeting],
    )
    answer = (
        pl.when(pl.col("on_time"))
        .then(pl.lit(ON_TIME))
        .when(pl.col("received_date").is_not_null())
        .then(pl.lit(LATE))
        .otherwise(pl.lit(NOT_YET))
    )
    order = pl.col("answer").replace_strict({ON_TIME: 0, LATE: 1, NOT_YET: 2}, return_dtype=pl.Int8)
    return (
        states.join(returns, on="iso3", how="left")
        .join(dim_country().select("iso3", pl.col("name_en").alias("country")), on="iso3", how="left")
        .join(offices_to_remind(), on="iso3", how="left")
        .with_columns(answer.alias("answer"))
        .sort(order, "country")
        .select("iso3", "country", "answer", "received_date", "office_id", "agency", "contact")
    )


def _status(args: argparse.Namespace) -> int:
    with connect(load_settings(warehouse_url=args.warehouse).warehouse_url, read_only=True) as warehouse:
        found = returns_status(warehouse, args.meeting)
    cutoff = load_meetings().meeting(args.meeting).questionnaire_cutoff
    table = RichTable(title=f"Questionnaire of meeting {args.meeting} (cut-off {cutoff or 'none'})")
    for column in ("country", "answer", "received", "office to remind", "contact"):
        table.add_column(column)
    for row in found.iter_rows(named=True):
        waiting = row["answer"] == NOT_YET
        table.add_row(
            f"{row['country']} ({row['iso3']})",
            row["answer"],
            str(row["received_date"] or ""),
            (row["agency"] or "(no office in the directory)") if waiting else "",
            (row["contact"] or "") if waiting else "",
        )
    console = Console(width=160)
    console.print(table)
    counts = found["answer"].value_counts()
    console.print(", ".join(f"{n} {answer}" for answer, n in counts.sort("answer").iter_rows()))
    return 0


def _questionnaire_template(args: argparse.Namespace) -> int:
    from honlea.review.forms import write_questionnaire

    form = write_questionnaire(args.meeting, args.lang, Path(args.out), args.country)
    print(f"Questionnaire ({form.language}): {form.path}")
    return 0


def _statistics_template(args: argparse.Namespace) -> int:
    from honlea.review.forms import write_statistics

    form = write_statistics(args.year, args.lang, Path(args.out), args.country)
    print(f"Annual totals form ({form.language}): {form.path}")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    """The `questionnaire status` and `templates questionnaire` commands."""
    questionnaire = commands.add_parser("questionnaire", help="the returns of a meeting's questionnaire")
    status = questionnaire.add_subparsers(dest="action", required=True).add_parser(
        "status", help="who answered on time, late, or not yet (with the office to remind)"
    )
    status.add_argument("--meeting", type=int, required=True)
    status.add_argument("--warehouse", help="warehouse URL (default as for run)")
    status.set_defaults(handler=_status)
    templates = commands.add_parser("templates", help="write the blank forms countries fill in")
    forms = templates.add_subparsers(dest="form", required=True)
    blank = forms.add_parser(
        "questionnaire", help="the questionnaire on the previous meeting's recommendations"
    )
    blank.add_argument("--meeting", type=int, required=True)
    blank.add_argument("--country", help="ISO3: the country's name filled in, in its language")
    blank.add_argument("--lang", choices=("en", "es", "fr"), help="default: the country's, else en")
    blank.add_argument("--out", default="data/templates", help="folder (default: data/templates)")
    blank.set_defaults(handler=_questionnaire_template)
    statistics = forms.add_parser("statistics", help="the annual totals of a year (the annual_totals layout)")
    statistics.add_argument("--year", type=int, required=True)
    statistics.add_argument("--country", help="ISO3: the form in the country's language")
    statistics.add_argument("--lang", choices=("en", "es", "fr"), help="default: the country's, else en")
    statistics.add_argument("--out", default="data/templates", help="folder (default: data/templates)")
    statistics.set_defaults(handler=_statistics_template)
