"""The note as a language's document: a header and a list of blocks (headings, numbered paragraphs,
tables and figures). note/content.py writes it; the DOCX, HTML and annex writers render it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

#: How a table column's values are shown: text as is, tons (kg / 1000, one decimal), a signed change
#: or a share in per cent, a whole number, a date.
Kind = Literal["text", "tons", "change", "share", "count", "date"]


@dataclass(frozen=True)
class Header:
    """The UN document header block and title."""

    organization: str  # "United Nations"
    symbol: str  # UNODC/HONLAC/23/2
    distribution: str  # "Distr.: General"
    date: str
    original: str  # "Original: English"
    meeting: str
    venue_dates: str
    item: str  # "Item 3 of the provisional agenda"
    item_title: str
    title: str
    subtitle: str  # "Note by the Secretariat"


@dataclass(frozen=True)
class Heading:
    label: str  # "I." or "A."
    text: str
    level: int  # 1 chapter, 2 section


@dataclass(frozen=True)
class Paragraph:
    number: int | None  # numbered paragraphs; None: unnumbered (e.g. a caution)
    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class Column:
    label: str
    kind: Kind


@dataclass(frozen=True)
class Table:
    """A numbered table; its values raw (the writers format them), with its source line and notes."""

    number: int
    sheet: str  # the annex's sheet name
    caption: str  # "Table 1"
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    source: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A numbered chart: its PNG, and the table of the numbers it shows (for the annex)."""

    number: int
    caption: str  # "Figure 1"
    title: str
    png: bytes
    data: Table
    source: str


Block = Heading | Paragraph | Table | Figure


@dataclass
class Document:
    language: str
    header: Header
    blocks: list[Block] = field(default_factory=list)
    footer: str = ""  # the annex's title page note

    def tables(self) -> list[Table]:
        """The note's tables, then the data of its figures, in order."""
        own = [b for b in self.blocks if isinstance(b, Table)]
        return own + [b.data for b in self.blocks if isinstance(b, Figure)]
