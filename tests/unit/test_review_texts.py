"""The review page's texts: the singular where the language says one of a thing (Babel's plural rules)."""

import pytest

from honlea.review.web import _translator


@pytest.mark.parametrize(
    ("lang", "count", "heading"),
    [
        ("en", 0, "open quality issues"),
        ("en", 1, "open quality issue"),
        ("en", 2, "open quality issues"),
        ("fr", 0, "problème de qualité ouvert"),  # French counts zero as one
        ("fr", 1, "problème de qualité ouvert"),
        ("fr", 2, "problèmes de qualité ouverts"),
        ("es", 0, "problemas de calidad abiertos"),
        ("es", 1, "problema de calidad abierto"),
    ],
)
def test_the_heading_is_singular_where_the_language_says_one(lang, count, heading):
    assert _translator(lang)("page_open_issues", count=count) == heading
