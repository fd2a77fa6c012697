"""Numbers as people type them: decimal comma or point, thousands separators, spaces."""

from __future__ import annotations

import polars as pl

# "1.500" and "1,500" could be thousands or decimals: the file's decimal mark decides.
# A leading group of 0 is never thousands: "0,250" and "0.250" are decimals.
_GROUPED_DOT = r"^-?[1-9]\d{0,2}(\.\d{3})+$"
_GROUPED_COMMA = r"^-?[1-9]\d{0,2}(,\d{3})+$"
_COMMA_LAST = r"^-?\d{1,3}(\.\d{3})+,\d+$"  # "1.234,5"
_POINT_LAST = r"^-?\d{1,3}(,\d{3})+\.\d+$"  # "1,234.5"
_DECIMAL_COMMA = r"^-?\d+,\d+$"
_PLAIN = r"^-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?$"  # "12", "12.5", "1e-07" (Excel number cells)


def _clean(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.String).str.replace_all(r"[\s\u00a0'’]", "").str.strip_prefix("+")


def infer_decimal_mark(texts: pl.Series, default: str = ".") -> str:
    """The decimal mark the column's unambiguous values use ("12,5" vs "12.5"); `default` on a tie."""
    cleaned = texts.drop_nulls().to_frame("t").select(_clean(pl.col("t")))["t"]
    comma = (
        cleaned.str.contains(_COMMA_LAST) | cleaned.str.contains(_DECIMAL_COMMA)
    ) & ~cleaned.str.contains(_GROUPED_COMMA)
    point = (
        (cleaned.str.contains(_POINT_LAST) | cleaned.str.contains(_PLAIN))
        & cleaned.str.contains(r"\.")
        & (~cleaned.str.contains(_GROUPED_DOT))
    )
    if comma.sum() == point.sum():
        return default
    return "," if comma.sum() > point.sum() else "."


def parse_number(expr: pl.Expr, decimal_mark: str) -> pl.Expr:
    """Finite float value of a typed number; null when the text is not one ("aprox. 15", "n.d.", "nan").

    Unambiguous forms ("1.234,5", "12,5", "1,234.5") are read as written; "1.500" and "1,500" by
    the file's decimal mark.
    """
    text = _clean(expr)
    no_dots, no_commas = text.str.replace_all(r"\.", ""), text.str.replace_all(",", "")
    comma_decimal = no_dots.str.replace(",", ".", literal=True)
    plain = (
        pl.when(text.str.contains(_COMMA_LAST))
        .then(comma_decimal)
        .when(text.str.contains(_POINT_LAST))
        .then(no_commas)
        .when(text.str.contains(_GROUPED_DOT))
        .then(no_dots if decimal_mark == "," else text)
        .when(text.str.contains(_GROUPED_COMMA))
        .then(no_commas if decimal_mark == "." else comma_decimal)
        .when(text.str.contains(_DECIMAL_COMMA))
        .then(text.str.replace(",", ".", literal=True))
        .when(text.str.contains(_PLAIN))
        .then(text)
    )
    value = plain.cast(pl.Float64, strict=False)
    return pl.when(value.is_finite()).then(value)
