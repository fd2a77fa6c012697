"""warehouse.dictionary: the data dictionary committed under docs/ is the one the schema describes."""

from honlea.config.settings import PROJECT_ROOT
from honlea.warehouse.dictionary import html_page, markdown


def test_the_committed_data_dictionary_is_current():
    assert (PROJECT_ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8") == markdown()
    assert (PROJECT_ROOT / "docs" / "data-dictionary.html").read_text(encoding="utf-8") == html_page()
