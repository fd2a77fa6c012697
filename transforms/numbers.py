"""Numbers as people type them: decimal comma or point, thousands separators, spaces."""

from __future__ import annotations

import polars as pl

_COMMA_DECIMAL = r"^-?[\d .]*\d,\d+$"
# a leading group of 0 is never thousands: "0,250" and "0.250" are decimals
_THOUSANDS_DOT = r"^-?[1-9]\d{0,2}(\.\d{3})+$"
_THOUSANDS_COMMA = r"^-?[1-9]\d{0,2}(,\d{3})+$"


def infer_decimal_mark(texts: pl.Series) -> str:
    """ "," when the column's values use a decimal comma ("1.234,5", "12,5"), otherwise "."."""
    cleaned = texts.drop_nulls().str.replace_all(r"\s", "")
    comma = cleaned.str.contains(_COMMA_DECIMAL) & ~cleaned.str.contains(_THOUSANDS_COMMA)
    point = cleaned.str.contains(r"^-?[\d,]*\d\.\d+$") & ~cleaned.str.contains(_THOUSANDS_DOT)
    return "," if comma.sum() > point.sum() else "."


def parse_number(expr: pl.Expr, decimal_mark: str) -> pl.Expr:
    """Float value of a typed number, null when the text is not a number (e.g. "aprox. 15", "n.d.")."""
    text = expr.cast(pl.String).str.replace_all(r"[\s\u00a0']", "")
    if decimal_mark == ",":
        plain = (
            pl.when(text.str.contains(r"\.\d*,"))  # "1.234,5": dots group thousands
            .then(text.str.replace_all(r"\.", ""))
            .when(text.str.contains(_THOUSANDS_DOT))  # "1.234" in a decimal-comma file
            .then(text.str.replace_all(r"\.", ""))
            .otherwise(text)
            .str.replace(",", ".", literal=True)
        )
    else:
        plain = text.str.replace_all(",", "")
    return plain.cast(pl.Float64, strict=False)
