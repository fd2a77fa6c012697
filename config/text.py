"""The one matching rule for free text: case, accents, punctuation and spacing are ignored."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl


def _lower_unaccented(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.String).str.normalize("NFKD").str.replace_all(r"\p{M}", "").str.to_lowercase()


def normalized(expr: pl.Expr) -> pl.Expr:
    """Lower-case ASCII words joined by single spaces ("Año " -> "ano", "«Éxtasis»" -> "extasis")."""
    return _lower_unaccented(expr).str.replace_all(r"[^a-z0-9]+", " ").str.strip_chars()


def compact(expr: pl.Expr) -> pl.Expr:
    """Lower-case text without accents or spacing, punctuation kept ("N. D." -> "n.d.", "Sin  datos" ->
    "sindatos", "…" -> "..."): how a "no data" marker is matched."""
    return _lower_unaccented(expr).str.replace_all(r"\s+", "")


def normalize_texts(values: Iterable[str | None]) -> list[str | None]:
    """`normalized` applied to plain Python strings (headers, vocabulary keys)."""
    return (
        pl.Series(values=list(values), dtype=pl.String)
        .to_frame("v")
        .select(normalized(pl.col("v")))["v"]
        .to_list()
    )
