"""Text helpers for transforms; the matching rule itself lives in config/text.py (the bottom layer)."""

from __future__ import annotations

import polars as pl

from honlea.config.text import compact, normalize_texts, normalized

__all__ = ["blank_to_null", "by_distinct", "compact", "normalize_texts", "normalized", "normalized_column"]


def blank_to_null(expr: pl.Expr) -> pl.Expr:
    """Trimmed text, with empty strings as null."""
    trimmed = expr.cast(pl.String).str.strip_chars()
    return pl.when(trimmed != "").then(trimmed)


def by_distinct(frame: pl.DataFrame, text: str, value: pl.Expr, name: str) -> pl.DataFrame:
    """`frame` with column `name`: `value`, an expression of column `text`, computed once per distinct
    text and joined back (a file's countries, drugs, units and dates repeat on every row). Same grain."""
    table = frame.select(pl.col(text).unique()).with_columns(value.alias(name))
    return frame.join(table, on=text, how="left", maintain_order="left", nulls_equal=True)


def normalized_column(frame: pl.DataFrame, expr: pl.Expr) -> pl.Series:
    """`normalized(expr)` for every row of `frame`, each distinct text normalised once."""
    texts = frame.select(expr.cast(pl.String).alias("text"))
    return by_distinct(texts, "text", normalized(pl.col("text")), "normalized")["normalized"]
