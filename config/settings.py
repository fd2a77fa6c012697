"""Run settings, read from the environment with defaults for a local checkout."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CONFIG_DIR = PROJECT_ROOT / "config"
REFERENCE_DIR = CONFIG_DIR / "reference"
PROFILES_DIR = CONFIG_DIR / "profiles"
#: Files whose name starts with this are synthetic demo data, and are labelled so in the warehouse.
SYNTHETIC_PREFIX = "SYNTHETIC_"
ANNEX_FILE = PROJECT_ROOT / "tests" / "data" / "real" / "drug_seizures_2018_2022.xlsx"


@dataclass(frozen=True)
class Settings:
    """Where a run reads from and writes to."""

    inbox: Path
    warehouse_url: str
    data_dir: Path

    @property
    def docs_dir(self) -> Path:
        """Great Expectations Data Docs, one site per run below it."""
        return self.data_dir / "gx_docs"

    @property
    def staging_dir(self) -> Path:
        """Per-run scratch files passed between tasks."""
        return self.data_dir / "staging"


def load_settings(inbox: str | Path | None = None, warehouse_url: str | None = None) -> Settings:
    """Settings from arguments, then HONLEA_* environment variables, then defaults."""
    data_dir = Path(os.environ.get("HONLEA_DATA_DIR", "data"))
    return Settings(
        inbox=Path(inbox or os.environ.get("HONLEA_INBOX", data_dir / "inbox")),
        warehouse_url=warehouse_url
        or os.environ.get("HONLEA_WAREHOUSE_URL", f"duckdb:///{data_dir / 'warehouse.duckdb'}"),
        data_dir=data_dir,
    )
