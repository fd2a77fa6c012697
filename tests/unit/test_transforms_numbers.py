"""transforms.numbers: numbers as people type them, and the decimal mark of a column."""

import polars as pl
import pytest

from honlea.transforms.numbers import infer_decimal_mark, parse_number


def parsed(texts, mark):
    return pl.DataFrame({"t": texts}, schema={"t": pl.String}).select(parse_number(pl.col("t"), mark))["t"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234,5", 1234.5),
        ("12,5", 12.5),
        ("1 234,5", 1234.5),
        ("1\u00a0234,5", 1234.5),  # non-breaking space as thousands separator
        ("1.234.567,25", 1234567.25),
        ("1.234", 1234.0),  # dots group thousands in a decimal-comma file
        ("-3,5", -3.5),
        ("-1.234,5", -1234.5),
        ("0,5", 0.5),
        ("12", 12.0),
    ],
)
def test_decimal_comma_numbers(text, value):
    assert parsed([text], ",").to_list() == [pytest.approx(value)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.5", 1234.5),
        ("1,234,567.25", 1234567.25),
        ("12.5", 12.5),
        ("-3.5", -3.5),
        ("1 234.5", 1234.5),
        ("1'234.5", 1234.5),
        ("1,234", 1234.0),
    ],
)
def test_decimal_point_numbers(text, value):
    assert parsed([text], ".").to_list() == [pytest.approx(value)]


@pytest.mark.parametrize("mark", [",", "."])
@pytest.mark.parametrize("text", ["aprox. 15", "n.d.", "N/A", "-", "", "quince", "15 kg"])
def test_text_that_is_not_a_number_is_null(text, mark):
    assert parsed([text], mark).to_list() == [None]


def test_null_stays_null():
    assert parsed([None], ",").to_list() == [None]


@pytest.mark.parametrize(
    ("texts", "mark"),
    [
        (["1.234,5", "12,5", "7"], ","),
        (["12,5", "3,25", None], ","),
        (["1 234,5", "0,75"], ","),
        (["1,234.5", "12.5", "7"], "."),
        (["12.5", "0.75"], "."),
        (["1,234", "2,500"], "."),  # thousands commas, no decimals
        (["1.234", "2.500"], "."),  # thousands dots alone prove nothing
        (["7", "12"], "."),
        ([None], "."),
    ],
)
def test_infer_decimal_mark(texts, mark):
    assert infer_decimal_mark(pl.Series(texts, dtype=pl.String)) == mark


def test_infer_decimal_mark_follows_the_majority():
    assert infer_decimal_mark(pl.Series(["12,5", "3,5", "4.5"])) == ","
    assert infer_decimal_mark(pl.Series(["12.5", "3.5", "4,5"])) == "."


def test_inferred_mark_then_parse_a_spanish_column():
    column = pl.Series(["1.234,5", "12,5", "1 234,5", "aprox. 15", "n.d.", "-2,5"])
    mark = infer_decimal_mark(column)
    assert parsed(column.to_list(), mark).to_list() == [1234.5, 12.5, 1234.5, None, None, -2.5]


def test_three_decimal_comma_quantities_below_one_are_decimals():
    column = pl.Series(["0,250", "0,500"])
    mark = infer_decimal_mark(column)
    assert parsed(column.to_list(), mark).to_list() == [0.25, 0.5]


def read_numbers(texts, default="."):
    """The column's decimal mark inferred (`default` when nothing shows it), then its numbers parsed."""
    column = pl.Series(texts, dtype=pl.String)
    mark = infer_decimal_mark(column, default)
    return column.to_frame("t").select(parse_number(pl.col("t"), mark))["t"].to_list()


def test_whole_numbers_with_thousands_dots_in_a_semicolon_file():
    assert read_numbers(["1.500", "12.000"], default=",") == [1500.0, 12000.0]


def test_a_typed_decimal_comma_among_excel_number_cells():
    assert read_numbers(["1234.5", "10.25", "12,5"]) == [1234.5, 10.25, 12.5]


@pytest.mark.parametrize("text", ["1,2,3", "nan", "inf", "-inf", "12,5,0"])
def test_texts_that_are_not_finite_numbers(text):
    assert read_numbers([text]) == [None]


def test_decimal_comma_below_one_in_a_point_file():
    assert read_numbers(["0,75", "12.5", "3.25"]) == [0.75, 12.5, 3.25]
