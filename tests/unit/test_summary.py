"""transforms.summary.docs_link: the run's Data Docs as a link that works from the Prefect UI."""

from honlea.transforms.summary import docs_link

INDEX = "/srv/honlea/data/gx_docs/20261130T020000Z-abc123/index.html"


def test_the_data_docs_link_goes_through_the_review_server_when_there_is_one():
    link = docs_link("20261130T020000Z-abc123", INDEX, "http://stats.example:8765/")
    assert link.startswith(
        "[20261130T020000Z-abc123](http://stats.example:8765/docs/20261130T020000Z-abc123/index.html)"
    )
    assert INDEX in link


def test_the_data_docs_link_is_an_absolute_file_url_without_a_review_server():
    assert docs_link("20261130T020000Z-abc123", INDEX, "") == f"[index.html](file://{INDEX})"


def test_a_run_without_data_docs_says_why_instead_of_a_link():
    for review_url in ("http://127.0.0.1:8765", ""):
        said = docs_link("20261130T010000Z-abcdef", "none (no file was validated in this run)", review_url)
        assert said == "none (no file was validated in this run)"
