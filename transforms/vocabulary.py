"""Resolve submitted text against a vocabulary table (alias -> canonical values)."""

from __future__ import annotations

import polars as pl

from honlea.config.reference import Vocabularies
from honlea.transforms.text import normalized

__all__ = ["Vocabularies", "resolve", "unmatched_column"]


def unmatched_column(name: str) -> str:
    """Column holding the submitted text that the vocabulary did not recognise."""
    return f"{name}_unmatched"


def resolve(
    frame: pl.DataFrame, text: str, vocabulary: pl.DataFrame, values: dict[str, str], name: str
) -> pl.DataFrame:
    """Add the vocabulary's columns (renamed by `values`) for the text in column `text`.

    `vocabulary` has one row per normalised `alias`. Adds "<name>_unmatched": the submitted
    text where it is present but unknown (null when known or absent). Each distinct text is
    normalised and looked up once. Same grain as `frame`.
    """
    table = vocabulary.select("alias", *[pl.col(src).alias(dst) for src, dst in values.items()])
    key = f"__{name}_key"
    first = next(iter(values.values()))
    texts = (
        frame.select(pl.col(text).unique())
        .with_columns(normalized(pl.col(text)).alias(key))
        .join(table, left_on=key, right_on="alias", how="left")
        .with_columns(
            pl.when(pl.col(key).is_not_null() & pl.col(first).is_null())
            .then(pl.col(text))
            .otherwise(None)
            .alias(unmatched_column(name))
        )
        .drop(key)
    )
    return frame.join(texts, on=text, how="left", maintain_order="left")
