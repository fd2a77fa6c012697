"""Text helpers for transforms; the matching rule itself lives in config/text.py (the bottom layer)."""

from __future__ import annotations

import polars as pl

from honlea.config.text import compact, normalize_texts, normalized

__all__ = ["blank_to_null", "compact", "normalize_texts", "normalized", "normalized_column"]


def blank_to_null(expr: pl.Expr) -> pl.Expr:
    """Trimmed text, with empty strings as null."""
    trimmed = expr.cast(pl.String).str.strip_chars()
    return pl.when(trimmed != "").then(trimmed)


def normalized_column(frame: pl.DataFrame, expr: pl.Expr) -> pl.Series:
    """`normalized(expr)` for every row of `frame`, each distinct text normalised once (a file's
    countries, drugs and units repeat on every row)."""
    texts = frame.select(expr.cast(pl.String).alias("text"))
    distinct = texts.unique().with_columns(normalized(pl.col("text")).alias("normalized"))
    return texts.join(distinct, on="text", how="left", maintain_order="left", nulls_equal=True)["normalized"]
