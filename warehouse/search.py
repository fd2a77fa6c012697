"""Full-text search over the sections of current country reports: BM25 in plain SQL over the postings
(warehouse.search_posting), the same on DuckDB and PostgreSQL. The caller gives the query's terms as
(language, stemmed term) pairs (transforms/search.py stems a query in every language), so a Spanish word
finds Spanish sections and an English one English sections, whatever the query's language.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from honlea.warehouse.backends import Warehouse
from honlea.warehouse.schema import DIM_COUNTRY, DIM_SUBMISSION, DOCUMENT, DOCUMENT_SECTION, SEARCH_POSTING

K1, B = 1.2, 0.75  # BM25's usual parameters: term-frequency saturation, length normalisation

#: {terms}: the query's (language, term) pairs as a VALUES list, e.g. ('es', 'semisumerg'), ('en', ...)
BM25_QUERY = f"""WITH query_terms (language, term) AS (VALUES {{terms}}),
sections AS (
  SELECT sec.submission_id, sec.section_no, sec.terms
  FROM {DOCUMENT_SECTION.qualified} sec
  JOIN {DIM_SUBMISSION.qualified} s ON s.submission_id = sec.submission_id AND s.valid_to IS NULL
),
corpus AS (SELECT COUNT(*) AS n, AVG(terms) AS average_terms FROM sections),
hits AS (
  SELECT p.submission_id, p.section_no, p.language, p.term, p.tf, sec.terms
  FROM {SEARCH_POSTING.qualified} p
  JOIN query_terms q ON q.language = p.language AND q.term = p.term
  JOIN sections sec ON sec.submission_id = p.submission_id AND sec.section_no = p.section_no
),
frequency AS (SELECT language, term, COUNT(*) AS df FROM hits GROUP BY language, term),
scores AS (
  SELECT h.submission_id, h.section_no,
    CAST(SUM(
      LN(1 + (c.n - f.df + 0.5) / (f.df + 0.5))
      * h.tf * ({K1} + 1) / (h.tf + {K1} * (1 - {B} + {B} * h.terms / c.average_terms))
    ) AS DOUBLE PRECISION) AS score
  FROM hits h
  JOIN frequency f ON f.language = h.language AND f.term = h.term
  CROSS JOIN corpus c
  GROUP BY h.submission_id, h.section_no
)
SELECT doc.symbol, doc.iso3, co.name_en AS country, sec.heading, sec.text, sec.language, sc.score,
  sc.submission_id, sc.section_no
FROM scores sc
JOIN {DOCUMENT.qualified} doc ON doc.submission_id = sc.submission_id
JOIN {DOCUMENT_SECTION.qualified} sec
  ON sec.submission_id = sc.submission_id AND sec.section_no = sc.section_no
LEFT JOIN {DIM_COUNTRY.qualified} co ON co.iso3 = doc.iso3
ORDER BY sc.score DESC, doc.symbol, sc.section_no
LIMIT {{limit}}"""


def bm25_sql(terms: Sequence[tuple[str, str]], limit: int) -> tuple[str, list[str]]:
    """The ranked search's SQL with `?` placeholders for the terms, and its parameters."""
    values = ", ".join("(?, ?)" for _ in terms)
    return BM25_QUERY.format(terms=values, limit=int(limit)), [part for pair in terms for part in pair]


def search_sections(warehouse: Warehouse, terms: Sequence[tuple[str, str]], limit: int = 10) -> pl.DataFrame:
    """The sections of current reports best matching the terms (BM25), best first: symbol, iso3, country,
    heading, text, language, score, submission_id, section_no. Empty when there are no terms."""
    if not terms:
        return pl.DataFrame()
    sql, params = bm25_sql(terms, limit)
    return warehouse.query(sql, params)
