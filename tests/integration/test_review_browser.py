"""A steward in a real browser (Debian's headless Chromium, driven by Playwright): filter to a country,
correct one row, accept another; the next nightly run loads both and the audit shows both decisions."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from playwright.sync_api import Page, sync_playwright

from config.settings import load_settings
from review.web import create_app
from tests.integration.helpers import query, run_nightly

CHROMIUM = "/usr/bin/chromium"
ROWS = (
    "País;Año;Droga;Cantidad;Unidad\n"
    "Perú;2011;Heroína;-5;kg\n"  # to be corrected to 5
    "Bolivia;1988;Heroína;3;kg\n"  # to be accepted: a historic figure
    "Chile;2011;Heroína;n.d.;kg\n"  # left open
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def review_site(tmp_path, monkeypatch) -> Iterator[tuple[str, str]]:
    """The review page served on localhost over a warehouse the nightly run filled: (base URL, warehouse)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "incautaciones_anuales_2011.csv").write_bytes(ROWS.encode("cp1252"))
    monkeypatch.setenv("HONLEA_DATA_DIR", str(tmp_path / "data"))
    url, _ = run_nightly(inbox, tmp_path)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(load_settings(warehouse_url=url)), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", url
    server.should_exit = True
    thread.join(timeout=10)


def _decide(
    page: Page, base: str, country: str, action: str, reason: str, value: str = "", expect_error: str = ""
) -> None:
    page.goto(base + "/")
    page.click(f'a[data-filter="country"]:text-is("{country}")')
    rows = page.locator("table tr").filter(has_text=country)
    assert rows.count() == 1
    rows.first.locator('input[type="checkbox"]').check()
    page.select_option('form#decide select[name="action"]', action)
    page.fill('form#decide input[name="corrected_value"]', value)
    page.fill('form#decide input[name="reason"]', reason)
    page.fill('form#decide input[name="steward"]', "María Steward")
    page.click('form#decide button[type="submit"]')
    page.wait_for_load_state()
    if expect_error:
        assert page.locator("h1").inner_text() == "Not recorded"
        assert expect_error in page.locator("p.error").inner_text()
        return
    # before saving, the page says how many rows the decision touches
    assert page.locator("h1").inner_text() == f"{action.capitalize()}: 1 row"
    page.click('form#confirm button[type="submit"]')
    page.wait_for_load_state()


def test_a_steward_corrects_and_accepts_in_the_browser(review_site, tmp_path):
    base, url = review_site
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.goto(base + "/")
        assert page.locator("h1").inner_text() == "3 open quality issues"
        _decide(page, base, "PER", "correct", "typo", "abc", expect_error="the quantity is not a number")
        _decide(page, base, "PER", "correct", "the focal point confirmed 5 kg", "5")
        _decide(page, base, "BOL", "accept", "historic series, 1988 is right")
        page.goto(base + "/")
        assert page.locator("h1").inner_text() == "1 open quality issues"  # decided ones leave the list
        page.screenshot(path=str(tmp_path / "review.png"))
        browser.close()

    run_nightly(tmp_path / "inbox", tmp_path, url)
    facts = query(url, "SELECT iso3, year, kilograms FROM marts.v_seizures_annual ORDER BY iso3").rows()
    assert facts == [("BOL", 1988, 3.0), ("PER", 2011, 5.0)]
    audit = query(
        url,
        "SELECT action, corrected_value, steward, applied_run_id FROM quality.steward_decision "
        "ORDER BY action",
    )
    assert audit.select("action", "corrected_value", "steward").rows() == [
        ("accept", None, "María Steward"),
        ("correct", "5", "María Steward"),
    ]
    assert audit["applied_run_id"].null_count() == 0


def test_the_page_only_redirects_within_itself(review_site):
    import httpx

    from review.service import list_issues
    from warehouse.connection import connect

    base, url = review_site
    with connect(url, read_only=True) as warehouse:
        issue_id = list_issues(warehouse)["issue_id"][0]
    form = {
        "issue_id": issue_id,
        "action": "await",
        "reason": "asked",
        "steward": "A",
        "back": "//evil.example/x",
        "confirmed": "true",
    }
    answer = httpx.post(base + "/decide", data=form, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    missing = httpx.post(base + "/decide", data=form | {"reason": ""}, follow_redirects=False)
    assert missing.status_code == 400 and "reason" in missing.text
    assert missing.headers["content-type"].startswith("text/html")  # a page, not JSON
