"""A steward in a real browser (Debian's headless Chromium, driven by Playwright): filter to a country,
correct one row, accept another; the next nightly run loads both and the audit shows both decisions.
Forged decisions (from another web site in the same browser, or by hand without the page's token) are
refused and record nothing; every response carries the protective headers."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
import uvicorn
from markupsafe import escape
from playwright.sync_api import Browser, Page, sync_playwright

from honlea.config.catalog import load_catalog
from honlea.config.settings import load_settings
from honlea.review.service import list_issues
from honlea.review.web import create_app
from honlea.warehouse.connection import connect
from tests.integration.helpers import query, run_nightly

CHROMIUM = "/usr/bin/chromium"
ROWS = (
    "País;Año;Droga;Cantidad;Unidad\n"
    "Perú;2011;Heroína;-5;kg\n"  # to be corrected to 5
    "Bolivia;1988;Heroína;3;kg\n"  # to be accepted: a historic figure
    "Chile;2011;Heroína;unos 20;kg\n"  # left open
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


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


def _decisions(url: str) -> int:
    return query(url, "SELECT COUNT(*) AS n FROM quality.steward_decision")["n"].item()


def _open_issue(url: str) -> str:
    with connect(url, read_only=True) as warehouse:
        return list_issues(warehouse)["issue_id"][0]


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


def test_a_steward_corrects_and_accepts_in_the_browser(review_site, browser, tmp_path):
    base, url = review_site
    page = browser.new_page()
    page.goto(base + "/")
    assert page.locator("h1").inner_text() == "3 open quality issues"
    _decide(page, base, "PER", "correct", "typo", "abc", expect_error="the quantity is not a number")
    _decide(page, base, "PER", "correct", "the focal point confirmed 5 kg", "5")
    _decide(page, base, "BOL", "accept", "historic series, 1988 is right")
    page.goto(base + "/")
    assert page.locator("h1").inner_text() == "1 open quality issues"  # decided ones leave the list
    page.screenshot(path=str(tmp_path / "review.png"))

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


FORGED_FORM = """<form id="f" method="post" action="{base}/decide">
<input name="issue_id" value="{issue_id}"><input name="action" value="correct">
<input name="corrected_value" value="99999"><input name="reason" value="x"><input name="steward" value="x">
</form><script>document.getElementById("f").submit()</script>"""


@pytest.fixture
def attacker_site() -> Iterator[tuple[str, dict[str, str]]]:
    """Another web site on this machine (http://localhost:PORT, another site than 127.0.0.1): its base
    URL and its pages (path -> HTML), to fill in."""
    pages: dict[str, str] = {}

    class Pages(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path, "").encode()
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}", pages
    server.shutdown()


def test_another_web_site_in_the_stewards_browser_cannot_decide_nor_frame_the_page(
    review_site, attacker_site, browser
):
    base, url = review_site
    attacker_base, pages = attacker_site
    pages["/forge"] = FORGED_FORM.format(base=base, issue_id=_open_issue(url))
    pages["/frame"] = f'<iframe src="{base}/" width="800" height="400"></iframe>'
    page = browser.new_page()
    page.goto(base + "/")  # the steward has the review page open: the browser holds its session cookie
    attacker = browser.new_page()
    with attacker.expect_response(base + "/decide") as answer:
        attacker.goto(attacker_base + "/forge")
    assert answer.value.status == 403
    attacker.wait_for_load_state()
    assert "Nothing was recorded" in attacker.locator("body").inner_text()
    assert _decisions(url) == 0

    attacker.goto(attacker_base + "/frame")
    attacker.wait_for_timeout(1000)
    (framed,) = [frame for frame in attacker.frames if frame != attacker.main_frame]
    assert "open quality issues" not in framed.content()  # the browser refused to show it in a frame
    page.reload()
    assert page.locator("h1").inner_text() == "3 open quality issues"


def _session(base: str) -> tuple[httpx.Client, str]:
    """A client that opened the page as a browser would: its session cookie and the form's token."""
    client = httpx.Client(base_url=base, follow_redirects=False)
    page = client.get("/")
    (token,) = re.findall(r'name="csrf_token" value="([0-9a-f]{64})"', page.text)
    return client, token


PROTECTIVE = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def _assert_protected(answer: httpx.Response) -> None:
    assert {name: answer.headers.get(name) for name in PROTECTIVE} == PROTECTIVE, answer.url
    policy = answer.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy, answer.url


def test_forged_decisions_are_refused_with_a_readable_page(review_site):
    base, url = review_site
    client, token = _session(base)
    _, other_token = _session(base)
    form = {"issue_id": _open_issue(url), "action": "correct", "corrected_value": "99999", "reason": "x"}
    form |= {"steward": "x", "back": "/", "confirmed": "true"}
    signed, same_origin = form | {"csrf_token": token}, {"Origin": base}
    forged = {
        "no token": (form, same_origin),
        "a token of another session": (form | {"csrf_token": other_token}, same_origin),
        "another Origin": (signed, {"Origin": "http://attacker.example"}),
        "an opaque Origin": (signed, {"Origin": "null"}),
        "another Referer": (signed, {"Referer": "http://attacker.example/x"}),
        "no Origin nor Referer": (signed, {}),
        "cross-site": (signed, same_origin | {"Sec-Fetch-Site": "cross-site"}),
        "another port of this host": (signed, same_origin | {"Sec-Fetch-Site": "same-site"}),
    }
    for case, (data, headers) in forged.items():
        answer = client.post("/decide", data=data, headers=headers)
        assert answer.status_code == 403, case
        assert answer.headers["content-type"].startswith("text/html"), case
        assert "Nothing was recorded" in answer.text, case
        _assert_protected(answer)
    rebound = httpx.get(base + "/", headers={"Host": "attacker.example"})  # DNS rebinding
    assert rebound.status_code == 400 and "own address" in rebound.text
    assert _decisions(url) == 0

    answer = client.post("/decide", data=signed, headers={"Referer": base + "/"})
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    assert _decisions(url) == 1  # the same request with this session's token, from this page


def test_every_response_carries_the_protective_headers(review_site):
    base, url = review_site
    run_id = query(url, "SELECT run_id FROM quality.etl_run")["run_id"].item()
    client = httpx.Client(base_url=base)
    first = client.get("/")
    cookie = first.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    for path in ("/", f"/issues/{_open_issue(url)}", "/issues/no-such-issue", "/static/review.css"):
        _assert_protected(client.get(path))
    assert client.get("/issues/no-such-issue").headers["content-type"].startswith("text/html")
    docs = client.get(f"/docs/{run_id}/index.html")
    assert docs.status_code == 200
    _assert_protected(docs)
    assert docs.headers["content-security-policy"].startswith("sandbox allow-scripts")
    explorer = client.get("/docs", follow_redirects=True)  # no API explorer under the Data Docs' name
    assert explorer.status_code == 404 and "swagger" not in explorer.text.lower()


def test_the_page_explains_each_check_as_the_catalog_does(review_site):
    base, url = review_site
    with connect(url, read_only=True) as warehouse:
        issues = list_issues(warehouse)
    told = {check: str(escape(load_catalog().text(check, "en"))) for check in issues["check_name"]}
    assert told["plausible_year"].startswith("The year is in the future or before 1")  # the floor filled in
    client = httpx.Client(base_url=base)
    listed = client.get("/").text
    for check, issue_id in zip(issues["check_name"], issues["issue_id"], strict=True):
        assert f'title="{told[check]}">{check}</a>' in listed
        assert f"The country is told: “{told[check]}”" in client.get(f"/issues/{issue_id}").text


def test_the_page_only_redirects_within_itself(review_site):
    base, url = review_site
    client, token = _session(base)
    form = {
        "issue_id": _open_issue(url),
        "action": "await",
        "reason": "asked",
        "steward": "A",
        "back": "//evil.example/x",
        "confirmed": "true",
        "csrf_token": token,
    }
    answer = client.post("/decide", data=form, headers={"Origin": base})
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    missing = client.post("/decide", data=form | {"reason": ""}, headers={"Origin": base})
    assert missing.status_code == 400 and "reason" in missing.text
    assert missing.headers["content-type"].startswith("text/html")  # a page, not JSON
