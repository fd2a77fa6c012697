"""The full-text index of report sections, as rows: terms folded (case, accents) and stemmed with the
Snowball stemmer of the section's language, counted per section (postings). The warehouse ranks
sections by BM25 over these rows in plain SQL (warehouse/search.py), the same on DuckDB and PostgreSQL.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

import polars as pl

from honlea.config.names import LANGUAGES
from honlea.config.text import fold_texts

if TYPE_CHECKING:
    import snowballstemmer

STEMMERS = {"en": "english", "es": "spanish", "fr": "french"}
_WORD = re.compile(r"[^\W_]+")
POSTING_SCHEMA = {"section_no": pl.Int32, "language": pl.String, "term": pl.String, "tf": pl.Int32}


def fold(text: str) -> str:
    """Lower case, accents removed ("Semisumergibles" -> "semisumergibles", "Élevé" -> "eleve"), by the
    one folding rule (config.text.folded)."""
    return fold_texts([text])[0]


@cache
def _stemmer(language: str) -> snowballstemmer.stemmer:
    import snowballstemmer  # here: every file's reading worker imports this module, few index reports

    return snowballstemmer.stemmer(STEMMERS[language])


def terms(text: str, language: str) -> list[str]:
    """The text's index terms: its words folded, then stemmed in `language`."""
    return _stemmer(language).stemWords(_WORD.findall(fold(text)))


def section_terms(sections: pl.DataFrame) -> pl.DataFrame:
    """The sections with `terms`: the index terms of each (its heading counts with its text), stemmed
    once for both the postings and the sections' lengths (BM25). Grain: one row per section, as given."""
    texts = fold_texts(f"{h}\n{t}" for h, t in sections.select("heading", "text").iter_rows())
    stemmed = [
        _stemmer(language).stemWords(_WORD.findall(text))
        for text, language in zip(texts, sections["language"], strict=True)
    ]
    return sections.with_columns(pl.Series("terms", stemmed, dtype=pl.List(pl.String)))


def query_terms(query: str) -> list[tuple[str, str]]:
    """(language, term) pairs of a query stemmed in every language: a word matches a section in any of
    them whatever the query's own language."""
    return sorted({(language, term) for language in LANGUAGES for term in terms(query, language)})


def postings(sections: pl.DataFrame) -> pl.DataFrame:
    """One row per section and term: section_no, language, term, tf (times it occurs). `sections` as
    section_terms returns them."""
    return (
        sections.select("section_no", "language", pl.col("terms").alias("term"))
        .explode("term")
        .drop_nulls("term")
        .group_by("section_no", "language", "term", maintain_order=True)
        .agg(pl.len().alias("tf"))
        .cast(POSTING_SCHEMA)
    )


def snippet(text: str, query: str, width: int = 160) -> str:
    """A stretch of the text around the words matching the query (folded, stemmed in any language): the
    one holding most of the query's words, the first of those."""
    wanted = {term for _, term in query_terms(query)}
    matches = list(_WORD.finditer(text))
    words = fold_texts(match.group() for match in matches)
    stems = [_stemmer(language).stemWords(words) for language in LANGUAGES]
    hits = []  # (position, the query terms the word matches)
    for index, match in enumerate(matches):
        matched = {stemmed[index] for stemmed in stems} & wanted
        if matched:
            hits.append((match.start(), frozenset(matched)))
    if not hits:
        return text[:width].replace("\n", " ") + ("…" if len(text) > width else "")

    def covered(position: int) -> int:
        return len(set().union(*(found for at, found in hits if position <= at < position + width // 2)))

    best = max((position for position, _ in hits), key=lambda position: (covered(position), -position))
    start = max(0, best - width // 3)
    piece = text[start : start + width].replace("\n", " ")
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")
