"""Dates and years as they arrive from spreadsheets and csv files."""

from __future__ import annotations

from datetime import date

import polars as pl

_EXCEL_EPOCH = date(1899, 12, 30)


def parse_year(expr: pl.Expr) -> pl.Expr:
    """Integer year from "2011", "2011.0" or " 2011 "; null otherwise."""
    text = expr.cast(pl.String).str.strip_chars().str.replace(r"\.0+$", "")
    return pl.when(text.str.contains(r"^\d{4}$")).then(text.cast(pl.Int32, strict=False)).otherwise(None)


def row_year(year_text: pl.Expr, seizure_date: pl.Expr) -> pl.Expr:
    """A row's year: its year as written, else the year of its (parsed) date; null when neither reads."""
    return pl.coalesce(parse_year(year_text), seizure_date.dt.year().cast(pl.Int32))


def parse_date(expr: pl.Expr) -> pl.Expr:
    """Date from ISO text, "dd/mm/yyyy" (or yy; "-" and "." too) or an Excel serial number; null otherwise.

    Day-first is the convention of every working language's users (EN files use ISO dates).
    """
    text = expr.cast(pl.String).str.strip_chars()
    serial = text.cast(pl.Float64, strict=False)
    return pl.coalesce(
        text.str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        *[
            pl.when(text.str.contains(rf"^\d{{1,2}}{sep}\d{{1,2}}{sep}\d{{4}}$"))
            .then(text.str.strptime(pl.Date, f"%d{sep}%m{sep}%Y", strict=False))
            .otherwise(text.str.strptime(pl.Date, f"%d{sep}%m{sep}%y", strict=False))
            for sep in ("/", "-", ".")
        ],
        pl.when(serial.is_between(20000, 80000))
        .then(pl.lit(_EXCEL_EPOCH) + pl.duration(days=serial.floor().cast(pl.Int64)))
        .otherwise(None),
    )
