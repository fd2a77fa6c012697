"""The note's configuration: meetings and rules are checked like every configuration file, every text the
note can need exists in English, Spanish and French, and numbers and dates follow each language."""

from __future__ import annotations

import string
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from honlea.config.check import check_config
from honlea.config.meetings import load_meetings, load_note_rules
from honlea.config.problems import ConfigError
from honlea.config.reference import dim_country
from honlea.config.settings import CONFIG_DIR
from honlea.config.source_profiles import load_profiles
from honlea.config.vocabulary_files import load_vocabulary
from honlea.note.text import Words, note_texts, region_names
from tests.config_helpers import copy_config, edit

#: Texts that are the same word in English and in the other language (checked by eye).
SAME_WORD = {
    ("chapter_introduction", "fr"),
    ("col_sources", "fr"),
    ("label_notes", "fr"),
    ("figure_caption", "fr"),
    ("n_sources", "fr"),
    ("n_sources_one", "fr"),
    ("no", "es"),
    ("quantity_kg", "es"),
    ("quantity_kg", "fr"),
}


def _words(template: str) -> str:
    """The template without its placeholders."""
    return "".join(literal for literal, *_ in string.Formatter().parse(template))


def test_the_meetings_hold_the_seed_report_facts():
    meetings = load_meetings()
    assert meetings.configured == 23
    quito = meetings.meeting(23)
    assert (quito.start, quito.end, quito.venue.en) == (
        date(2013, 9, 30),
        date(2013, 10, 4),
        "Quito, Ecuador",
    )
    antigua = meetings.meeting(22)
    assert antigua.symbol == "UNODC/HONLAC/22/2"
    assert len(antigua.represented) == 23 and "DEU" in antigua.member_states  # seed para 63; ECLAC
    assert next(i for i in antigua.agenda if i.item == 3).title.en.startswith(
        "Major regional drug trafficking"
    )


def test_a_typo_in_the_meetings_is_a_configuration_error(tmp_path: Path):
    folder = copy_config(tmp_path / "config")
    old = "    note_item: 3\n    agenda:  # as adopted"
    line = edit(folder / "meetings.yaml", old, old.replace("note_item", "note_itme"))
    edit(folder / "note.yaml", "main_groups: [cocaine_type,", "main_groups: [cocaine_typ,")
    with pytest.raises(ConfigError) as raised:
        check_config(folder)
    found = [str(p) for p in raised.value.problems]
    assert any(f"meetings.yaml:{line}: meetings[0].note_itme: unknown key" in p for p in found), found
    assert any("note.yaml" in p and "'cocaine_typ' is unknown" in p for p in found), found


def test_an_unknown_member_state_is_a_configuration_error(tmp_path: Path):
    folder = copy_config(tmp_path / "config")
    edit(folder / "meetings.yaml", "    represented: []", "    represented: [XXX]")
    with pytest.raises(ConfigError, match="represented names XXX, not member States"):
        check_config(folder)


def test_every_text_is_translated():
    untranslated = [
        (key, language)
        for key, row in note_texts(CONFIG_DIR).items()
        for language in ("es", "fr")
        if not key.startswith("pattern_")
        and any(c.isalpha() for c in _words(row["en"]))
        and row[language] == row["en"]
        and (key, language) not in SAME_WORD
    ]
    assert untranslated == []


def test_every_drug_group_source_and_region_has_its_texts():
    texts = note_texts(CONFIG_DIR)
    groups = load_vocabulary(CONFIG_DIR, "drug_groups.csv")["drug_group_id"]
    missing = [f"group_{g}" for g in groups if f"group_{g}" not in texts]
    missing += [
        f"excluded_{g}" for g in load_note_rules(CONFIG_DIR).excluded_groups if f"excluded_{g}" not in texts
    ]
    for source in {p.source for p in load_profiles(CONFIG_DIR) if p.kind == "statistics"}:  # of figures
        missing += [
            k
            for k in (f"source_{source}", f"source_short_{source}", f"source_code_{source}")
            if k not in texts
        ]
    assert missing == []
    countries = dim_country(CONFIG_DIR)
    columns = ["unodc_region", "unodc_subregion", "m49_region", "m49_subregion", "m49_intermediate_region"]
    names = set(pl.concat([countries[c] for c in columns]).drop_nulls())
    assert names - set(region_names(CONFIG_DIR)) == set()


@pytest.mark.parametrize(
    ("language", "number", "day"),
    [
        ("en", "1,234.5", "4 October 2013"),
        ("es", "1.234,5", "4 de octubre de 2013"),
        ("fr", "1\u202f234,5", "4 octobre 2013"),
    ],
)
def test_numbers_and_dates_follow_the_language(language: str, number: str, day: str):
    words = Words(language, load_note_rules(CONFIG_DIR).locales[language])
    assert words.number(1234.5, 1) == number
    assert words.date(date(2013, 10, 4)) == day
    assert words.tons(1_234_500) == number
    assert words.cell(25_000_000.0, "change") == words.cell(999_999.0, "change")  # shown as ">+999"
