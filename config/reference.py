"""Load the reference data of the config folder into frames: dimensions and vocabularies."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from honlea.config.schemas import PRECEDENCE
from honlea.config.settings import cached_per_config_dir
from honlea.config.text import compact, normalized
from honlea.config.vocabulary_files import load_vocabulary


@dataclass(frozen=True)
class Vocabularies:
    """Lookup tables from the config folder, each with one row per normalised alias."""

    countries: pl.DataFrame  # alias, iso3: UN names in EN/ES/FR, common short names, ISO3 codes
    country_codes: pl.DataFrame  # alias, iso3: ISO3, ISO2 and M49 codes
    drugs: pl.DataFrame  # alias ("name" or "name | sub-group context"), drug_id
    units: pl.DataFrame  # alias, unit, measure, kg_factor
    transport_modes: pl.DataFrame  # alias, mode
    conveyances: pl.DataFrame  # alias, conveyance


def with_synonyms(vocab: Vocabularies, synonyms: dict[str, dict[str, str]]) -> Vocabularies:
    """The vocabularies with a profile's `synonyms` (kind -> name -> drug_id, ISO3 code or canonical unit)
    in place of what the same names (normalised) mean in the shared files; names of codes nobody knows
    are left out (check_config reports them)."""
    if not synonyms:
        return vocab

    def table(kind: str, current: pl.DataFrame, value: str) -> pl.DataFrame:
        names = synonyms.get(kind, {})
        given = pl.DataFrame(
            {"alias": list(names), value: list(names.values())}, schema={"alias": pl.String, value: pl.String}
        ).select(normalized(pl.col("alias")).alias("alias"), value)
        if kind == "unit":  # a unit brings its measure and factor
            given = given.join(current.drop("alias").unique(value, keep="first"), on=value, how="inner")
        else:
            given = given.join(current.select(value).unique(), on=value, how="semi")
        # a drug name given in the profile means that drug in every context ("name | sub-group") too
        named = pl.col("alias").str.split(" | ").list.first()
        kept = current.filter(~named.is_in(given["alias"].implode()))
        return pl.concat([given.select(current.columns), kept])

    return replace(
        vocab,
        countries=table("country", vocab.countries, "iso3"),
        drugs=table("drug", vocab.drugs, "drug_id"),
        units=table("unit", vocab.units, "unit"),
    )


_ARTICLES = r"^(the|el|la|los|las|le|les|l) | (the|el|la|los|las|le|les|l)$"
_NAME_COLUMNS = (
    "UNTERM English Short",
    "UNTERM English Formal",
    "UNTERM Spanish Short",
    "UNTERM Spanish Formal",
    "UNTERM French Short",
    "UNTERM French Formal",
    "official_name_en",
    "official_name_es",
    "official_name_fr",
    "CLDR display name",
)


#: The vocabulary files: a change to any of them (or to a UN reference table) changes vocabulary_version().
_VOCABULARY = (
    "drugs.csv",
    "drug_groups.csv",
    "drug_synonyms.csv",
    "units.csv",
    "country_aliases.csv",
    "country_names.csv",
    "transport_modes.csv",
    "conveyances.csv",
    "no_data_markers.csv",
)


@cached_per_config_dir
def vocabulary_version(folder: Path) -> str:
    """A digest of the vocabulary files and UN reference tables of the config folder, as this process
    reads them: files whose rows failed for unknown vocabulary are read again when it changes."""
    digest = hashlib.sha256()
    for path in [*(folder / name for name in _VOCABULARY), *sorted((folder / "reference").glob("*.csv"))]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _reference(folder: Path, name: str) -> pl.DataFrame:
    return pl.read_csv(folder / "reference" / name, infer_schema=False)


def _aliases(frame: pl.DataFrame, text: str, *values: str, normalize: bool = True) -> pl.DataFrame:
    """alias (normalised text) -> values, dropping aliases that point to two different values. Only generated
    names (UN names, the drugs' own names) can clash: an alias file with a clash is refused when read."""
    alias = normalized(pl.col(text)) if normalize else pl.col(text)
    table = frame.select(alias.alias("alias"), *values).drop_nulls("alias").unique()
    return table.filter(pl.len().over("alias") == 1)


@cached_per_config_dir
def _un_codes(folder: Path) -> pl.DataFrame:
    """The UN country-codes table, rows with an ISO3 code."""
    return _reference(folder, "country-codes.csv").filter(pl.col("ISO3166-1-Alpha-3").is_not_null())


@cached_per_config_dir
def dim_country(folder: Path) -> pl.DataFrame:
    """One row per country or area: ISO and M49 codes, UN names EN/ES/FR, M49 and UNODC regions."""
    un = (
        _un_codes(folder)
        .select(
            pl.col("ISO3166-1-Alpha-3").alias("iso3"),
            pl.col("ISO3166-1-Alpha-2").alias("iso2"),
            pl.col("M49").str.zfill(3).alias("m49_code"),
            pl.coalesce("official_name_en", "CLDR display name").alias("name_en"),
            pl.coalesce("official_name_es", "UNTERM Spanish Short").alias("name_es"),
            pl.coalesce("official_name_fr", "UNTERM French Short").alias("name_fr"),
            pl.col("Region Name").alias("m49_region"),
            pl.col("Sub-region Name").alias("m49_subregion"),
            pl.col("Intermediate Region Name").alias("m49_intermediate_region"),
            pl.lit("current").alias("status"),
        )
        .join(_reference(folder, "unodc_regions.csv"), on="iso3", how="left")
    )
    extra = _reference(folder, "extra_countries.csv")
    named = load_vocabulary(folder, "country_names.csv").rename(
        {f"name_{lang}": f"un_{lang}" for lang in ("en", "es", "fr")}
    )
    countries = pl.concat([un, extra.select(un.columns)]).join(named.drop("note"), on="iso3", how="left")
    return (
        countries.with_columns(
            pl.coalesce(f"un_{lang}", f"name_{lang}").alias(f"name_{lang}") for lang in ("en", "es", "fr")
        )
        .select(un.columns)
        .sort("iso3")
    )


@cached_per_config_dir
def country_code_vocabulary(folder: Path) -> pl.DataFrame:
    """alias -> iso3 for ISO3, ISO2 and M49 codes (with and without leading zeros)."""
    countries = dim_country(folder)
    codes = [countries.select(pl.col(c).alias("text"), "iso3") for c in ("iso3", "iso2", "m49_code")]
    unpadded = countries.select(pl.col("m49_code").str.strip_chars_start("0").alias("text"), "iso3")
    return _aliases(pl.concat([*codes, unpadded]).drop_nulls(), "text", "iso3")


@cached_per_config_dir
def country_vocabulary(folder: Path) -> pl.DataFrame:
    """alias -> iso3 for UN names (formal and short) in EN/ES/FR, common short names and ISO3 codes.

    Two-letter codes are left out: in free text "NA" or "no" mean "not available", not Namibia.
    """
    names = [
        _un_codes(folder).select(pl.col(c).alias("text"), pl.col("ISO3166-1-Alpha-3").alias("iso3"))
        for c in _NAME_COLUMNS
    ]
    unsd = [
        _reference(folder, f"UNSD-{lang}.csv").select(
            pl.col("Country or Area").alias("text"), pl.col("ISO-alpha3 Code").alias("iso3")
        )
        for lang in ("en", "es", "fr")
    ]
    countries = dim_country(folder)
    renamed = pl.col("iso3").is_in(load_vocabulary(folder, "country_names.csv")["iso3"].implode())
    extra_names = [
        countries.filter((pl.col("status") != "current") | renamed).select(
            pl.col(f"name_{lang}").alias("text"), "iso3"
        )
        for lang in ("en", "es", "fr")
    ]
    texts = pl.concat([*names, *unsd, *extra_names, countries.select(pl.col("iso3").alias("text"), "iso3")])
    texts = texts.drop_nulls()
    stripped = texts.with_columns(normalized(pl.col("text")).str.replace_all(_ARTICLES, "").alias("text"))
    generated = _aliases(pl.concat([texts, stripped]), "text", "iso3")
    explicit = _aliases(load_vocabulary(folder, "country_aliases.csv"), "alias", "iso3")
    return pl.concat([explicit, generated.join(explicit, on="alias", how="anti")])


@cached_per_config_dir
def country_successors(folder: Path) -> pl.DataFrame:
    """One row per historic entity and successor (country_successors.csv), with the successor's first year."""
    return load_vocabulary(folder, "country_successors.csv").with_columns(pl.col("year").cast(pl.Int32))


@cached_per_config_dir
def drug_groups(folder: Path) -> pl.DataFrame:
    """One row per UNODC drug group, names in EN/ES/FR."""
    return load_vocabulary(folder, "drug_groups.csv").with_columns(pl.col("sort_order").cast(pl.Int32))


@cached_per_config_dir
def dim_drug(folder: Path) -> pl.DataFrame:
    """One row per drug of the taxonomy, with its group and total flags."""
    flags = [pl.col(c) == "true" for c in ("is_total", "in_group_total")]
    return (
        load_vocabulary(folder, "drugs.csv")
        .with_columns(flags[0].alias("is_total"), flags[1].alias("in_group_total"))
        .join(
            drug_groups(folder).select(
                "drug_group_id",
                pl.col("name_en").alias("drug_group"),
                pl.col("name_es").alias("drug_group_es"),
                pl.col("name_fr").alias("drug_group_fr"),
            ),
            on="drug_group_id",
            how="left",
        )
    )


@cached_per_config_dir
def dim_source(folder: Path) -> pl.DataFrame:
    """One row per source with its precedence (1 is preferred) and description (source_precedence.csv)."""
    return load_vocabulary(folder, PRECEDENCE).select(
        "source", pl.col("rank").cast(pl.Int32).alias("precedence"), "description"
    )


@cached_per_config_dir
def drug_vocabulary(folder: Path) -> pl.DataFrame:
    """alias ("name" or "name | sub-group") -> drug_id, from the synonyms and the taxonomy's names."""
    synonyms = load_vocabulary(folder, "drug_synonyms.csv").select(
        pl.when(pl.col("context").fill_null("") != "")
        .then(pl.concat_str(normalized(pl.col("synonym")), pl.lit(" | "), normalized(pl.col("context"))))
        .otherwise(normalized(pl.col("synonym")))
        .alias("text"),
        "drug_id",
    )
    names = dim_drug(folder).unpivot(["name_en", "name_es", "name_fr"], index="drug_id", value_name="text")
    explicit = _aliases(synonyms, "text", "drug_id", normalize=False)
    generated = _aliases(names.select("text", "drug_id"), "text", "drug_id")
    return pl.concat([explicit, generated.join(explicit, on="alias", how="anti")])


@cached_per_config_dir
def no_data_markers(folder: Path) -> frozenset[str]:
    """The "no data" markers of no_data_markers.csv, as `compact` writes them."""
    markers = load_vocabulary(folder, "no_data_markers.csv").select(compact(pl.col("marker")))
    return frozenset(markers["marker"].to_list())


def _unit_vocabulary(folder: Path) -> pl.DataFrame:
    units = load_vocabulary(folder, "units.csv").with_columns(pl.col("kg_factor").cast(pl.Float64))
    return _aliases(units, "alias", "unit", "measure", "kg_factor")


@cached_per_config_dir
def vocabularies(folder: Path) -> Vocabularies:
    """Every lookup the conform step needs."""
    return Vocabularies(
        countries=country_vocabulary(folder),
        country_codes=country_code_vocabulary(folder),
        drugs=drug_vocabulary(folder),
        units=_unit_vocabulary(folder),
        transport_modes=_aliases(load_vocabulary(folder, "transport_modes.csv"), "alias", "mode"),
        conveyances=_aliases(load_vocabulary(folder, "conveyances.csv"), "alias", "conveyance"),
    )
