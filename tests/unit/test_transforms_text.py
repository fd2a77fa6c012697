"""transforms.text: the single matching rule for free text."""

import polars as pl
import pytest

from honlea.transforms.text import blank_to_null, normalize_texts, normalized


@pytest.mark.parametrize(
    ("submitted", "expected"),
    [
        ("Año ", "ano"),
        ("«Éxtasis»", "extasis"),
        ("“Éxtasis”", "extasis"),
        ("PASTA   Básica-de  COCAÍNA!!", "pasta basica de cocaina"),
        ("Trinité-et-Tobago", "trinite et tobago"),
        ("Côte d’Ivoire", "cote d ivoire"),
        ("Venezuela (República Bolivariana de)", "venezuela republica bolivariana de"),
        ("Cocaine (total)", "cocaine total"),
        ("  Kg. ", "kg"),
        ("Héroïne", "heroine"),
        ("Ñandú", "nandu"),
        ("2011.0", "2011 0"),
    ],
)
def test_normalize_texts_ignores_accents_case_punctuation_and_spacing(submitted, expected):
    assert normalize_texts([submitted]) == [expected]


def test_normalize_texts_keeps_nulls_and_order():
    assert normalize_texts(["B", None, "a"]) == ["b", None, "a"]


def test_spellings_of_one_name_normalise_alike():
    spellings = ["Résine de cannabis", "RESINE DE CANNABIS", "résine-de-cannabis", " Resine  de cannabis. "]
    assert set(normalize_texts(spellings)) == {"resine de cannabis"}


def test_normalized_expression_on_a_column():
    frame = pl.DataFrame({"v": ["«Marihuana»", "MARIHUANA ", None]})
    assert frame.select(normalized(pl.col("v")))["v"].to_list() == ["marihuana", "marihuana", None]


def test_blank_to_null_trims_and_nulls_empty_cells():
    frame = pl.DataFrame({"v": ["  Perú ", "", "   ", None]})
    assert frame.select(blank_to_null(pl.col("v")))["v"].to_list() == ["Perú", None, None, None]
