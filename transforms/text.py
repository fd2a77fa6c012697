"""Text helpers for transforms; the matching rule itself lives in config/text.py (the bottom layer)."""

from __future__ import annotations

import polars as pl

from honlea.config.text import compact, normalize_texts, normalized

__all__ = ["blank_to_null", "compact", "normalize_texts", "normalized"]


def blank_to_null(expr: pl.Expr) -> pl.Expr:
    """Trimmed text, with empty strings as null."""
    trimmed = expr.cast(pl.String).str.strip_chars()
    return pl.when(trimmed != "").then(trimmed)
