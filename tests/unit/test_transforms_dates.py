"""transforms.dates: dates and years as spreadsheets and csv files give them."""

from datetime import date

import polars as pl
import pytest

from honlea.transforms.dates import parse_date, parse_year


def dates(texts):
    return pl.DataFrame({"t": texts}, schema={"t": pl.String}).select(parse_date(pl.col("t")))["t"].to_list()


def years(texts):
    return pl.DataFrame({"t": texts}, schema={"t": pl.String}).select(parse_year(pl.col("t")))["t"].to_list()


@pytest.mark.parametrize(
    "text",
    [
        "2011-03-04",  # ISO
        "04/03/2011",  # day first
        "4/3/2011",
        "04-03-2011",
        "04.03.2011",
        "40606",  # Excel serial
        "40606.0",
        "40606.75",  # serial with a time of day
        "2011-03-04 00:00:00",  # an xlsx date cell read as text
        "2011-03-04T00:00:00",
        " 2011-03-04 ",
    ],
)
def test_parse_date_formats(text):
    assert dates([text]) == [date(2011, 3, 4)]


def test_day_first_is_not_month_first():
    assert dates(["01/12/2015", "13/01/2015"]) == [date(2015, 12, 1), date(2015, 1, 13)]


@pytest.mark.parametrize(
    "text", ["garbage", "31/02/2011", "2011-13-01", "", "marzo 2011", "19999", "80001", "2011/03/04", None]
)
def test_parse_date_rejects_garbage(text):
    assert dates([text]) == [None]


@pytest.mark.parametrize(
    ("text", "year"), [("2011", 2011), ("2011.0", 2011), (" 2011 ", 2011), ("1990", 1990)]
)
def test_parse_year(text, year):
    assert years([text]) == [year]


@pytest.mark.parametrize("text", ["11", "2011.5", "abcd", "20111", "2011-2012", "", None])
def test_parse_year_rejects_non_years(text):
    assert years([text]) == [None]


def test_parse_year_is_an_integer_column():
    frame = pl.DataFrame({"t": ["2011.0"]}).select(parse_year(pl.col("t")))
    assert frame.schema["t"] == pl.Int32
