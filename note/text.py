"""The note's words in one language: texts and sentence templates from config/note_texts.csv, region
names from config/region_names.csv, and numbers, dates and lists in the language's convention (Babel:
"1 234,5" in French, "1.234,5" in Spanish)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal

from honlea.config.catalog import load_catalog
from honlea.config.settings import cached_per_config_dir
from honlea.config.vocabulary_files import load_vocabulary

LANGUAGES = ("en", "es", "fr")
DASH = "–"  # a table cell without a figure
LARGE_CHANGE = 1000  # a change of 1,000 per cent or more is shown as ">+999"


class MissingText(LookupError):
    """A text the note needs is not in the translation tables."""


@cached_per_config_dir
def note_texts(folder: Path) -> dict[str, dict[str, str]]:
    """key -> {en, es, fr} (config/note_texts.csv)."""
    frame = load_vocabulary(folder, "note_texts.csv")
    return {row["key"]: row for row in frame.iter_rows(named=True)}


@cached_per_config_dir
def region_names(folder: Path) -> dict[str, dict[str, str]]:
    """Region name as in the UN tables -> {en, es, fr, in_en, in_es, in_fr} (config/region_names.csv)."""
    frame = load_vocabulary(folder, "region_names.csv")
    return {row["name"]: row for row in frame.iter_rows(named=True)}


@dataclass(frozen=True)
class Words:
    """Texts and formats of one language."""

    language: str
    locale: str

    def __call__(self, key: str, **values: Any) -> str:
        """The text `key`, its placeholders filled."""
        row = note_texts().get(key)
        if row is None:
            raise MissingText(f"config/note_texts.csv has no text {key!r}")
        return row[self.language].format(**values)

    def has(self, key: str) -> bool:
        return key in note_texts()

    def plural_one(self, count: int) -> bool:
        """Whether the language uses its singular for this count."""
        return Locale.parse(self.locale).plural_form(count) == "one"

    def region(self, name: str, where: bool = False) -> str:
        """A region's label, or with `where` the phrase after a verb ("in the Americas")."""
        row = region_names().get(name)
        if row is None:
            raise MissingText(f"config/region_names.csv has no region {name!r}")
        return row[f"in_{self.language}" if where else self.language]

    def check(self, name: str | None) -> str:
        """A check's explanation from the catalog of checks, up to its first colon or bracket."""
        if not name:
            return DASH
        catalog = load_catalog()
        if name not in catalog.checks:
            return name
        return catalog.text(name, self.language).split(" (")[0].split(":")[0].rstrip(".")

    def number(self, value: float, decimals: int = 0, signed: bool = False) -> str:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        if signed:
            pattern = f"+{pattern};-{pattern}"
        return format_decimal(value, format=pattern, locale=self.locale)

    def tons(self, kilograms: float) -> str:
        return self.number(kilograms / 1000, 1)

    def quantity(self, kilograms: float) -> str:
        """A quantity in running text: tons from one ton up, otherwise kilograms."""
        if kilograms >= 1000:
            return self("quantity_tons", value=self.tons(kilograms))
        return self("quantity_kg", value=self.number(kilograms, 1))

    def date(self, day: date | datetime) -> str:
        return format_date(day, format="long", locale=self.locale)

    def dates(self, start: date, end: date) -> str:
        """A span of days: "30 September–4 October 2013", "1–5 October 2012"."""
        if (start.year, start.month) == (end.year, end.month):
            first = format_date(start, format="d", locale=self.locale)
        elif start.year == end.year:
            first = format_date(start, format=self("pattern_day_month"), locale=self.locale)
        else:
            first = self.date(start)
        return f"{first}–{self.date(end)}"

    def listing(self, items: list[str]) -> str:
        """ "A, B and C" in the language."""
        return format_list(items, locale=self.locale) if items else ""

    def cell(self, value: Any, kind: str) -> str:
        """A table value as shown in the document."""
        if value is None:
            return DASH
        if kind == "tons":
            return f"<{self.number(0.1, 1)}" if 0 < value < 50 else self.tons(value)
        if kind == "change":
            if abs(value) >= LARGE_CHANGE:
                return f">{self.number(LARGE_CHANGE - 1, 0, signed=True)}"
            return self.number(value, 0, signed=round(value) != 0)
        if kind == "share":
            return self.number(value, 1)
        if kind == "count":
            return self.number(value, 0)
        if kind == "date":
            return format_date(value, format="medium", locale=self.locale)
        return str(value)
