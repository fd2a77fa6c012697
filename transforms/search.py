"""The full-text index of report sections, as rows: terms folded (case, accents) and stemmed with the
Snowball stemmer of the section's language, counted per section (postings). The warehouse ranks
sections by BM25 over these rows in plain SQL (warehouse/search.py), the same on DuckDB and PostgreSQL.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache
from typing import TYPE_CHECKING

import polars as pl

from honlea.config.names import LANGUAGES

if TYPE_CHECKING:
    import snowballstemmer

STEMMERS = {"en": "english", "es": "spanish", "fr": "french"}
_WORD = re.compile(r"[^\W_]+")
POSTING_SCHEMA = {"section_no": pl.Int32, "language": pl.String, "term": pl.String, "tf": pl.Int32}


def fold(text: str) -> str:
    """Lower case, accents removed ("Semisumergibles" -> "semisumergibles", "Élevé" -> "eleve")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _stemmer(language: str) -> snowballstemmer.stemmer:
    import snowballstemmer  # here: every file's reading worker imports this module, few index reports

    return snowballstemmer.stemmer(STEMMERS[language])


def terms(text: str, language: str) -> list[str]:
    """The text's index terms: its words folded, then stemmed in `language`."""
    return _stemmer(language).stemWords(_WORD.findall(fold(text)))


def query_terms(query: str) -> list[tuple[str, str]]:
    """(language, term) pairs of a query stemmed in every language: a word matches a section in any of
    them whatever the query's own language."""
    return sorted({(language, term) for language in LANGUAGES for term in terms(query, language)})


def postings(sections: pl.DataFrame) -> pl.DataFrame:
    """One row per section and term: section_no, language, term, tf (times it occurs). `sections` has
    section_no, heading, text, language; a heading counts with its text."""
    rows = [
        (number, language, term, count)
        for number, heading, text, language in sections.select(
            "section_no", "heading", "text", "language"
        ).iter_rows()
        for term, count in Counter(terms(f"{heading}\n{text}", language)).items()
    ]
    return pl.DataFrame(rows, schema=POSTING_SCHEMA, orient="row")


def term_counts(sections: pl.DataFrame) -> pl.Series:
    """How many index terms each section has (its length for BM25), in the frame's order."""
    return pl.Series(
        "terms",
        [
            len(terms(f"{h}\n{t}", lang))
            for h, t, lang in sections.select("heading", "text", "language").iter_rows()
        ],
        dtype=pl.Int32,
    )


def snippet(text: str, query: str, width: int = 160) -> str:
    """A stretch of the text around the words matching the query (folded, stemmed in any language): the
    one holding most of the query's words, the first of those."""
    wanted = {term for _, term in query_terms(query)}
    hits = []  # (position, the query terms the word matches)
    for match in _WORD.finditer(text):
        matched = {terms(match.group(), language)[0] for language in LANGUAGES} & wanted
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
