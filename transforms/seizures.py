"""Conform seizure records: countries, drugs, units, numbers, dates and transport to canonical codes."""

from __future__ import annotations

import polars as pl

from honlea.transforms.dates import parse_date, parse_year, row_year
from honlea.transforms.numbers import infer_decimal_mark, parse_number
from honlea.transforms.text import by_distinct, normalized
from honlea.transforms.vocabulary import Vocabularies, resolve, unmatched_column


def _unparsed(text: str, value: pl.Expr, name: str) -> pl.Expr:
    """Submitted text that is present but did not parse."""
    return (
        pl.when(pl.col(text).is_not_null() & value.is_null()).then(pl.col(text)).alias(unmatched_column(name))
    )


def _resolve_country(frame: pl.DataFrame, text: str, vocab: pl.DataFrame, name: str) -> pl.DataFrame:
    return resolve(frame, text, vocab, {"iso3": f"{name}_iso3"}, name)


def _resolve_drug(frame: pl.DataFrame, drugs: pl.DataFrame) -> pl.DataFrame:
    """Drug by "name | sub-group" where the vocabulary has that context, else by name alone (each
    distinct pair looked up once)."""
    named = ["drug_text", "drug_subgroup_text"]
    contexts = (
        frame.select(named)
        .unique()
        .with_columns(
            pl.concat_str(normalized(pl.col(named[0])), pl.lit(" | "), normalized(pl.col(named[1]))).alias(
                "__drug_in_context"
            )
        )
        .join(
            drugs.select(
                pl.col("alias").alias("__drug_in_context"), pl.col("drug_id").alias("__drug_id_ctx")
            ),
            on="__drug_in_context",
            how="left",
        )
        .drop("__drug_in_context")
    )
    in_context = frame.join(contexts, on=named, how="left", maintain_order="left")
    resolved = resolve(in_context, "drug_text", drugs, {"drug_id": "drug_id"}, "drug")
    return resolved.with_columns(
        pl.coalesce("__drug_id_ctx", "drug_id").alias("drug_id"),
        pl.when(pl.col("__drug_id_ctx").is_null()).then(pl.col("drug_unmatched")).alias("drug_unmatched"),
    ).drop("__drug_id_ctx")


def conform_seizures(records: pl.DataFrame, vocab: Vocabularies, decimal_hint: str = ".") -> pl.DataFrame:
    """One row per record (same grain as `records`), with canonical values beside the submitted text.

    Adds iso3, drug_id, unit, measure, kg_factor, quantity, kilograms, count_units, year,
    seizure_date, seizure_cases, transport_mode, conveyance, origin_iso3, destination_iso3, and a
    "<field>_unmatched" column per field holding text that was present but not understood, and
    country_mismatch where a country's name and code name two countries. `decimal_hint` is the
    decimal mark to assume when the quantities do not show one (e.g. "," for `;` separated csv).
    """
    mark = infer_decimal_mark(records["quantity_text"], decimal_hint)
    # a file may identify countries by code alone: the code is then the country as submitted
    records = records.with_columns(pl.coalesce("country_text", "country_code_text").alias("country_text"))
    frame = _resolve_country(records, "country_code_text", vocab.country_codes, "country_code")
    frame = _resolve_country(frame, "country_text", vocab.countries, "country")
    frame = _resolve_drug(frame, vocab.drugs)
    frame = resolve(
        frame,
        "unit_text",
        vocab.units,
        {"unit": "unit", "measure": "measure", "kg_factor": "kg_factor"},
        "unit",
    )
    frame = resolve(
        frame, "transport_mode_text", vocab.transport_modes, {"mode": "transport_mode"}, "transport_mode"
    )
    frame = resolve(frame, "conveyance_text", vocab.conveyances, {"conveyance": "conveyance"}, "conveyance")
    frame = _resolve_country(frame, "origin_country_text", vocab.countries, "origin")
    frame = _resolve_country(frame, "destination_country_text", vocab.countries, "destination")
    quantity = parse_number(pl.col("quantity_text"), mark)
    # numbers of cases and dates repeat from row to row: each distinct text is parsed once
    cases_whole = parse_number(pl.col("seizure_cases_text"), mark).round().cast(pl.Int64, strict=False)
    frame = by_distinct(frame, "seizure_cases_text", cases_whole, "__cases")
    frame = by_distinct(frame, "seizure_date_text", parse_date(pl.col("seizure_date_text")), "__date")
    seizure_date, cases_whole = pl.col("__date"), pl.col("__cases")
    year = row_year(pl.col("year_text"), seizure_date)
    disagree = pl.col("country_code_iso3").is_not_null() & pl.col("country_iso3").is_not_null()
    return (
        frame.lazy()  # one plan: each value parsed once, though several columns read it
        .with_columns(
            pl.coalesce("country_code_iso3", "country_iso3").alias("iso3"),
            pl.when(disagree & (pl.col("country_code_iso3") != pl.col("country_iso3")))
            .then(pl.concat_str("country_text", pl.lit(" / "), "country_code_text"))
            .alias("country_mismatch"),
            # a code that is present decides; the name is only judged when there is no code
            pl.when(pl.col("country_code_text").is_null())
            .then(pl.col("country_unmatched"))
            .alias("country_unmatched"),
            quantity.alias("quantity"),
            _unparsed("quantity_text", quantity, "quantity"),
            (quantity * pl.col("kg_factor")).alias("kilograms"),
            pl.when(pl.col("measure") == "count").then(quantity).alias("count_units"),
            year.alias("year"),
            _unparsed("year_text", parse_year(pl.col("year_text")), "year"),
            seizure_date.alias("seizure_date"),
            _unparsed("seizure_date_text", seizure_date, "seizure_date"),
            cases_whole.alias("seizure_cases"),
            _unparsed("seizure_cases_text", cases_whole, "seizure_cases"),
        )
        .drop("country_code_iso3", "country_iso3", "__cases", "__date")
        .collect()
    )
