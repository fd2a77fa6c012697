"""The rules for reading country reports (config/country_reports.yaml) and their indicators
(config/report_indicators.csv)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from honlea.config.problems import ConfigError
from honlea.config.schemas import ReportRules
from honlea.config.settings import cached_per_config_dir
from honlea.config.source_profiles import read_yaml_model
from honlea.config.vocabulary_files import load_vocabulary

RULES_FILE = "country_reports.yaml"
INDICATORS_FILE = "report_indicators.csv"


@cached_per_config_dir
def report_rules(folder: Path) -> ReportRules:
    """config/country_reports.yaml, checked; ConfigError with its problems."""
    rules, problems = read_yaml_model(folder / RULES_FILE, ReportRules)
    if rules is None:
        raise ConfigError(problems)
    return rules


@cached_per_config_dir
def report_indicators(folder: Path) -> pl.DataFrame:
    """indicator_id, by_drug (bool), unit, name_en/es/fr, labels (list of texts)."""
    return load_vocabulary(folder, INDICATORS_FILE).with_columns(
        (pl.col("by_drug") == "true").alias("by_drug"), pl.col("labels").str.split("|")
    )


def dim_indicator(folder: Path | None = None) -> pl.DataFrame:
    """warehouse.dim_indicator's rows: the indicators without their labels."""
    return report_indicators(folder).drop("labels")
