"""The one matching rule for free text: case, accents, punctuation and spacing are ignored."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import polars as pl


def folded(expr: pl.Expr) -> pl.Expr:
    """Lower case, accents removed, nothing else changed ("Semisumergibles ÉLEVÉS" -> "semisumergibles
    eleves"): the folding under every matching rule here and the full-text search's terms."""
    return expr.cast(pl.String).str.normalize("NFKD").str.replace_all(r"\p{M}", "").str.to_lowercase()


def normalized(expr: pl.Expr) -> pl.Expr:
    """Lower-case ASCII words joined by single spaces ("Año " -> "ano", "«Éxtasis»" -> "extasis")."""
    return folded(expr).str.replace_all(r"[^a-z0-9]+", " ").str.strip_chars()


def compact(expr: pl.Expr) -> pl.Expr:
    """Lower-case text without accents or spacing, punctuation kept ("N. D." -> "n.d.", "Sin  datos" ->
    "sindatos", "…" -> "..."): how a "no data" marker is matched."""
    return folded(expr).str.replace_all(r"\s+", "")


def _applied(rule: Callable[[pl.Expr], pl.Expr], values: Iterable[str | None]) -> list[str | None]:
    return (
        pl.Series(values=list(values), dtype=pl.String).to_frame("v").select(rule(pl.col("v")))["v"].to_list()
    )


def normalize_texts(values: Iterable[str | None]) -> list[str | None]:
    """`normalized` applied to plain Python strings (headers, vocabulary keys)."""
    return _applied(normalized, values)


def fold_texts(values: Iterable[str]) -> list[str]:
    """`folded` applied to plain Python strings (report texts, words of a query)."""
    return _applied(folded, values)  # type: ignore[return-value]
