"""The directory of liaison offices (config/liaison_offices.csv) and the recommendation catalogue
(config/recommendations.csv and its issues, topics and implementation statuses), as the code uses them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from honlea.config.settings import cached_per_config_dir
from honlea.config.text import normalize_texts
from honlea.config.vocabulary_files import load_vocabulary

OFFICES = "liaison_offices.csv"


@cached_per_config_dir
def liaison_offices(folder: Path) -> pl.DataFrame:
    """Every liaison office: office_id, iso3, agency, function, language, contact, synthetic."""
    return load_vocabulary(folder, OFFICES)


@cached_per_config_dir
def offices_to_remind(folder: Path) -> pl.DataFrame:
    """One office per country, the one a questionnaire return comes from and a reminder goes to: the
    first that answers the questionnaire, else the country's first office. iso3, office_id, agency,
    contact."""
    offices = liaison_offices(folder)
    return (
        offices.sort(pl.col("function").str.contains("questionnaire"), descending=True, maintain_order=True)
        .unique("iso3", keep="first", maintain_order=True)
        .select("iso3", "office_id", "agency", "contact")
    )


@cached_per_config_dir
def _languages(folder: Path) -> dict[str, str]:
    offices = liaison_offices(folder)
    return dict(zip(offices["iso3"], offices["language"], strict=True))


def country_language(iso3: str | None) -> str:
    """es, fr or en: the language of the country's liaison offices; en when it has none."""
    return _languages().get(iso3 or "", "en")


def dim_liaison_office(folder: Path | None = None) -> pl.DataFrame:
    """warehouse.dim_liaison_office: the directory, `synthetic` as a boolean."""
    return (
        liaison_offices(folder)
        .with_columns((pl.col("synthetic") == "true").alias("is_synthetic"))
        .drop("synthetic")
    )


@dataclass(frozen=True)
class Catalogue:
    """The recommendations of every meeting with their issue titles and topic labels, and the statuses."""

    recommendations: pl.DataFrame  # recommendations.csv joined with issue titles and topic labels
    statuses: pl.DataFrame  # implementation_statuses.csv, in sort order
    aliases: dict[str, str]  # normalised text -> status (labels in en/es/fr, codes and aliases)

    def of_meeting(self, meeting: int) -> pl.DataFrame:
        """The recommendations a meeting adopted, in order (issue, letter)."""
        return self.recommendations.filter(pl.col("meeting") == meeting).sort("issue", "letter")

    def status_label(self, status: str, language: str) -> str:
        return self.statuses.filter(pl.col("status") == status)[language].item()

    def status_of(self, text: str | None) -> str | None:
        """The status a written answer means; None when unknown or empty."""
        if text is None or not text.strip():
            return None
        return self.aliases.get(normalize_texts([text])[0])


@cached_per_config_dir
def catalogue(folder: Path) -> Catalogue:
    """The recommendation catalogue of config/ (ConfigError when a file has problems)."""
    issues = load_vocabulary(folder, "recommendation_issues.csv")
    topics = load_vocabulary(folder, "recommendation_topics.csv").rename(
        {"en": "topic_en", "es": "topic_es", "fr": "topic_fr"}
    )
    recommendations = (
        load_vocabulary(folder, "recommendations.csv")
        .join(
            issues.rename({f"title_{x}": f"issue_title_{x}" for x in ("en", "es", "fr")}),
            on=["meeting", "issue"],
            how="left",
        )
        .join(topics, on="topic", how="left")
        .with_columns(pl.col("meeting", "issue").cast(pl.Int32))
    )
    statuses = (
        load_vocabulary(folder, "implementation_statuses.csv")
        .with_columns(pl.col("sort_order").cast(pl.Int32))
        .sort("sort_order")
    )
    written = load_vocabulary(folder, "implementation_status_aliases.csv")
    pairs = [(row["status"], row["status"]) for row in statuses.iter_rows(named=True)]
    pairs += [(row[x], row["status"]) for row in statuses.iter_rows(named=True) for x in ("en", "es", "fr")]
    pairs += list(zip(written["alias"], written["status"], strict=True))
    texts = normalize_texts([text.replace("_", " ") for text, _ in pairs])
    return Catalogue(recommendations, statuses, dict(zip(texts, (s for _, s in pairs), strict=True)))


def dim_recommendation(folder: Path | None = None) -> pl.DataFrame:
    """warehouse.dim_recommendation's rows: every recommendation with its issue's title and topic labels."""
    return catalogue(folder).recommendations
