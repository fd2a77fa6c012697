"""A steward's corrected value, checked by the same rules as the file's own values before it is saved."""

from __future__ import annotations

from datetime import date

import polars as pl

from honlea.expectations.checks import checks_for
from honlea.transforms.decisions import SUBMITTED
from honlea.transforms.seizures import conform_seizures
from honlea.transforms.vocabulary import Vocabularies


def correction_problems(
    row: dict[str, str | None],
    field: str,
    value: str,
    *,
    dataset: str,
    decimal_mark: str,
    vocab: Vocabularies,
    today: date,
) -> list[str]:
    """Why the row, with `field` corrected to `value`, would still fail a check about that field (empty
    when it passes): the messages of the dataset's checks on that field, as the nightly run would
    judge the corrected row. `row` is the row as submitted ("<field>_text" -> text); numbers are read
    with the file's decimal mark. Checks that compare the row with others (conflicts, totals) are
    left to the run."""
    texts = {column: row.get(column) for column in SUBMITTED} | {f"{field}_text": value.strip()}
    records = pl.DataFrame([texts], schema=dict.fromkeys(SUBMITTED, pl.String)).with_columns(
        pl.lit(0, dtype=pl.Int64).alias("row_id")
    )
    conformed = conform_seizures(records, vocab, decimal_mark)
    about = [c for c in checks_for(dataset, today) if c.field == field and c.column in conformed.columns]
    outcome = conformed.select(pl.lit(True).alias("__ok"), *[c.holds().alias(c.name) for c in about]).row(
        0, named=True
    )
    return [c.message for c in about if not outcome[c.name]]
