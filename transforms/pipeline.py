"""One file's rows from records to rows ready for the quality suite, as the nightly run takes them."""

from __future__ import annotations

import polars as pl

from honlea.transforms.decisions import apply_corrections, with_occurrence
from honlea.transforms.keys import (
    mark_double_listings,
    mark_key_conflicts,
    split_exact_duplicates,
    with_business_key,
)
from honlea.transforms.records import MARKER
from honlea.transforms.seizures import conform_seizures
from honlea.transforms.totals import mark_total_shortfalls
from honlea.transforms.vocabulary import Vocabularies


def prepare_rows(
    records: pl.DataFrame,
    *,
    source: str,
    key: list[str],
    policy: str,
    decisions: pl.DataFrame,
    vocab: Vocabularies,
    drugs: pl.DataFrame,
    decimal_hint: str = ".",
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(kept, dropped), one row per record between them: stewards' corrections applied, canonical
    codes and numbers, exact duplicates set aside (`dropped`, under duplicate and conflict), key
    conflicts, figures listed twice under two names and total shortfalls marked (`kept`)."""
    records = with_occurrence(with_business_key(records, source))
    conformed = conform_seizures(apply_corrections(records, decisions), vocab, decimal_hint)
    kept, dropped = split_exact_duplicates(conformed, policy)
    kept = mark_double_listings(mark_key_conflicts(kept, key, policy), policy)
    return mark_total_shortfalls(kept, drugs), dropped


def conform_not_reported(not_reported: pl.DataFrame, vocab: Vocabularies) -> pl.DataFrame:
    """The figures a file does not report (records' columns and MARKER) with their country, drug and year
    where the vocabulary knows them: quality.not_reported's columns but submission_id."""
    return conform_seizures(not_reported, vocab).select(
        "sheet",
        pl.col("source_row").cast(pl.Int32),
        "source_column",
        "iso3",
        "drug_id",
        pl.col("year").cast(pl.Int32),
        "country_text",
        "drug_text",
        MARKER,
    )
