"""A steward in a real browser (Debian's headless Chromium, driven by Playwright): filter to a country,
correct one row, accept another; the next nightly run loads both and the audit shows both decisions.
Forged decisions (from another web site in the same browser, or by hand without the page's token) are
refused and record nothing; every response carries the protective headers."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

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


def _serve(inbox: Path, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The review page served on localhost over a warehouse a nightly run filled from the inbox."""
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
def review_site(tmp_path, monkeypatch) -> Iterator[tuple[str, str]]:
    """The review page over a warehouse the nightly run filled: (base URL, warehouse)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "incautaciones_anuales_2011.csv").write_bytes(ROWS.encode("cp1252"))
    monkeypatch.setenv("HONLEA_DATA_DIR", str(tmp_path / "data"))
    yield from _serve(inbox, tmp_path)


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
    page.click(f'a[data-filter="country"][data-value="{country}"]')
    rows = page.locator("table tr").filter(has=page.locator('input[type="checkbox"]'))
    assert rows.count() == 1
    rows.first.locator('input[type="checkbox"]').check()
    page.check(f'form#decide input[name="action"][value="{action}"]')
    corrected = page.locator('form#decide input[name="corrected_value"]')
    assert corrected.is_visible() == (action == "correct")  # asked for only when correcting
    if value:
        corrected.fill(value)
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
    assert page.locator("h1").inner_text() == "1 open quality issue"  # decided ones leave the list
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
    assert "https:" not in docs.headers["content-security-policy"]  # their assets are copies beside them
    font = client.get(f"/docs/{run_id}/static/vendor/webfonts/fa-solid-900.woff2")
    assert font.status_code == 200 and font.headers["access-control-allow-origin"] == "*"  # sandboxed: null
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


#: 20 countries, three rows each: a negative quantity (error), a year before the floor, a good figure.
COUNTRIES = [
    "ARG",
    "BOL",
    "BRA",
    "CHL",
    "COL",
    "CRI",
    "CUB",
    "DOM",
    "ECU",
    "GTM",
    "HND",
    "JAM",
    "MEX",
    "NIC",
    "PAN",
    "PER",
    "PRY",
    "SLV",
    "URY",
    "VEN",
]
MANY = "Country;Year;Drug;Quantity;Unit\n" + "".join(
    f"{iso3};2011;Heroin;-5;kg\n{iso3};1985;Morphine;3;kg\n{iso3};2011;Cannabis herb (marijuana);7;kg\n"
    for iso3 in COUNTRIES
)


@pytest.fixture
def busy_site(tmp_path, monkeypatch) -> Iterator[tuple[str, str]]:
    """The review page over 40 open issues of 20 countries."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "annual_totals_2011.csv").write_text(MANY, encoding="utf-8")
    monkeypatch.setenv("HONLEA_DATA_DIR", str(tmp_path / "data"))
    yield from _serve(inbox, tmp_path)


def _listed(page: Page) -> list[str]:
    """The issues on the page, as their row links' issue ids."""
    return [
        link.get_attribute("href").rsplit("/", 1)[1]
        for link in page.locator('table tr td a[href^="/issues/"]').all()
    ]


def test_hundreds_of_issues_page_filter_search_and_decide_together(busy_site, browser, tmp_path, monkeypatch):
    base, url = busy_site
    monkeypatch.setattr("honlea.review.web.PAGE_SIZE", 25)
    page = browser.new_page()
    page.goto(base + "/")
    assert page.locator("h1").inner_text() == "40 open quality issues"
    assert page.locator("p.paging").inner_text().startswith("Showing 1–25 of 40")
    first = _listed(page)
    page.click("a[rel=next]")
    assert page.locator("p.paging").inner_text().startswith("Showing 26–40 of 40")
    assert len(first) == 25 and not set(first) & set(_listed(page))  # the second page, the rest
    # every country is listed (not the first 15), with its name
    assert page.locator('a[data-filter="country"]').count() == 20
    assert "Venezuela" in page.locator('a[data-filter="country"][data-value="VEN"]').inner_text()
    # filters combine: a country, then a check, keeps the country
    page.click('a[data-filter="country"][data-value="VEN"]')
    page.click('a[data-filter="check_name"][data-value="plausible_year"]')
    assert "country=VEN" in page.url and "check_name=plausible_year" in page.url
    assert page.locator("h1").inner_text() == "1 open quality issue"
    # the search finds a country by its name in any language, and every word must match
    page.goto(base + "/?q=Pérou")
    assert page.locator("h1").inner_text() == "2 open quality issues"
    page.goto(base + "/?q=venezuela+1985")
    assert page.locator("h1").inner_text() == "1 open quality issue"
    # every issue that matches, not only those shown, in one decision
    page.goto(base + "/?check_name=plausible_year")
    page.check('form#decide input[name="matching"]')
    page.check('form#decide input[name="action"][value="accept"]')
    page.fill('form#decide input[name="reason"]', "historic series confirmed by the focal points")
    page.fill('form#decide input[name="steward"]', "María Steward")
    page.click('form#decide button[type="submit"]')
    assert page.locator("h1").inner_text() == "Accept: 20 rows"
    page.click('form#confirm button[type="submit"]')
    assert page.locator("h1").inner_text() == "0 open quality issues"
    page.goto(base + "/?show_all=true&check_name=plausible_year")
    assert "applied by the next run" in page.locator("table tr").nth(1).inner_text()
    # after a decision on an issue's page, the next issue's page
    page.goto(base + "/")
    first, second = _listed(page)[:2]
    page.goto(f"{base}/issues/{first}")
    page.check('form.decide input[name="action"][value="reject"]')
    page.fill('form.decide input[name="reason"]', "a negative quantity")
    page.fill('form.decide input[name="steward"]', "María Steward")
    page.click('form.decide button[type="submit"]')
    page.click('form#confirm button[type="submit"]')
    assert page.url == f"{base}/issues/{second}"
    page.screenshot(path=str(tmp_path / "many.png"), full_page=True)
    assert _decisions(url) == 21


def test_the_page_in_spanish_names_countries_in_spanish(busy_site, browser, tmp_path):
    base, _ = busy_site
    page = browser.new_page()
    page.goto(base + "/?lang=es")
    assert page.locator("h1").inner_text() == "40 problemas de calidad abiertos"
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator('a[data-filter="country"][data-value="PER"]').inner_text().startswith("Perú")
    assert "Aceptar: cargar la fila" in page.locator("form#decide").inner_text()
    page.goto(base + "/?country=BRA")  # the language is kept
    assert page.locator("h1").inner_text() == "2 problemas de calidad abiertos"
    assert "None" not in page.locator("table").inner_text()
    page.screenshot(path=str(tmp_path / "es.png"), full_page=True)


def _hold_write_lock(path: str, seconds: float) -> subprocess.Popen:
    """Another process holding DuckDB's write lock on the warehouse, as a nightly run does."""
    script = (
        f"import duckdb, time; c = duckdb.connect({path!r}); print('held', flush=True); time.sleep({seconds})"
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_while_a_run_writes_the_page_waits_then_says_so(busy_site):
    base, url = busy_site
    path = url.removeprefix("duckdb:///")
    holder = _hold_write_lock(path, 2)
    answer = httpx.get(base + "/", timeout=30)  # waits for the lock, up to a few seconds
    holder.wait()
    assert answer.status_code == 200 and "40 open quality issues" in answer.text
    holder = _hold_write_lock(path, 30)
    try:
        answer = httpx.get(base + "/?lang=fr", timeout=30)
    finally:
        holder.kill()
    assert answer.status_code == 503
    assert answer.headers["content-type"].startswith("text/html")
    assert "exécution de nuit écrit dans" in answer.text and 'lang="fr"' in answer.text


def test_the_backlog_view_counts_as_the_page_does(busy_site):
    base, url = busy_site
    backlog = query(url, "SELECT * FROM marts.v_open_issues ORDER BY iso3, check_name")
    assert backlog["issues"].sum() == 40 and backlog.height == 40  # 20 countries x 2 checks, 1 each
    assert set(backlog["check_name"]) == {"non_negative_quantity", "plausible_year"}
    assert backlog.filter(iso3="VEN")["country"].to_list() == ["Venezuela (Bolivarian Republic of)"] * 2
    client, token = _session(base)
    issue = httpx.get(base + "/?country=VEN&check_name=plausible_year").text
    issue_id = re.search(r'href="/issues/([^"]+)"', issue).group(1)
    form = {"issue_id": issue_id, "action": "accept", "reason": "historic", "steward": "A"}
    form |= {"confirmed": "true", "csrf_token": token}
    assert client.post("/decide", data=form, headers={"Origin": base}).status_code == 303
    assert query(url, "SELECT SUM(issues) AS n FROM marts.v_open_issues")["n"].item() == 39
    assert "39 open quality issues" in httpx.get(base + "/").text


def test_facet_counts_follow_the_other_filters_and_the_search(busy_site, browser):
    base, _ = busy_site
    page = browser.new_page()

    def count(name: str, value: str) -> str:
        item = page.locator(f'a[data-filter="{name}"][data-value="{value}"]').locator("xpath=..")
        return item.inner_text().rsplit(" ", 1)[1]

    page.goto(base + "/")
    assert (count("country", "VEN"), count("check_name", "plausible_year")) == ("(2)", "(20)")
    page.click('a[data-filter="check_name"][data-value="plausible_year"]')
    assert count("country", "VEN") == "(1)"  # narrowed by the check chosen
    assert count("check_name", "non_negative_quantity") == "(20)"  # a list is not narrowed by its own filter
    page.click('a[data-filter="country"][data-value="VEN"]')
    assert page.locator('a[data-filter="country"]').count() == 20
    assert count("check_name", "non_negative_quantity") == "(1)"
    page.goto(base + "/?q=venezuela")
    assert (count("check_name", "plausible_year"), count("severity", "error")) == ("(1)", "(2)")
    assert page.locator('a[data-filter="country"]').count() == 1


def test_the_page_in_french_and_spanish_tells_each_issue_in_its_language(busy_site, browser, tmp_path):
    base, _ = busy_site
    catalog = load_catalog()
    page = browser.new_page()
    for lang, title in (
        ("fr", "20 problèmes de qualité ouverts"),
        ("es", "20 problemas de calidad abiertos"),
    ):
        page.goto(f"{base}/?lang={lang}&check_name=plausible_year")
        assert page.locator("h1").inner_text() == title
        message = page.locator("table tr").nth(1).locator("td").nth(8)
        assert message.inner_text().startswith(catalog.text("plausible_year", lang))
        assert message.locator("small[lang=en]").inner_text().startswith("the year must be between")
        page.screenshot(path=str(tmp_path / f"list_{lang}.png"), full_page=True)
        page.click('table tr td a[href^="/issues/"]')
        body = page.locator("body").inner_text()
        assert catalog.text("plausible_year", lang) in body and "None" not in body
        assert {"fr": "Valeur telle qu'envoyée", "es": "Valor tal como se envió"}[lang] in body
        page.screenshot(path=str(tmp_path / f"issue_{lang}.png"), full_page=True)
    assert page.locator('form.decide input[value="acknowledge"]').count() == 0  # a row's issue


NOTE = "Nota de remisión\nAdjuntamos las cifras del año.\n"  # not a statistics table: unrecognised


@pytest.fixture
def note_site(tmp_path, monkeypatch) -> Iterator[tuple[str, str]]:
    """The review page over the three rows' issues and an unrecognised file's."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "incautaciones_anuales_2011.csv").write_bytes(ROWS.encode("cp1252"))
    (inbox / "nota.csv").write_text(NOTE, encoding="utf-8")
    monkeypatch.setenv("HONLEA_DATA_DIR", str(tmp_path / "data"))
    yield from _serve(inbox, tmp_path)


def test_a_steward_acknowledges_an_unrecognised_file_until_it_changes(note_site, browser, tmp_path):
    base, url = note_site
    inbox = tmp_path / "inbox"
    page = browser.new_page()
    page.goto(base + "/?lang=es")
    assert page.locator("h1").inner_text() == "4 problemas de calidad abiertos"
    assert "Dar por visto" in page.locator("form#decide").inner_text()  # a file's issue is listed
    page.goto(base + "/?lang=en&file_name=nota.csv")
    page.click('table tr td a[href^="/issues/"]')
    assert "None" not in page.locator("body").inner_text()
    actions = page.locator('form.decide input[name="action"]')
    assert [actions.nth(i).get_attribute("value") for i in range(actions.count())] == [
        "acknowledge",
        "reopen",
    ]
    assert "not counted as open while the same file" in page.locator("form.decide").inner_text()
    page.fill('form.decide input[name="reason"]', "a cover note sent with the figures")
    page.fill('form.decide input[name="steward"]', "María Steward")
    page.click('form.decide button[type="submit"]')
    assert page.locator("h1").inner_text() == "Acknowledge: 1 file"
    page.screenshot(path=str(tmp_path / "acknowledge_confirm.png"), full_page=True)
    page.click('form#confirm button[type="submit"]')
    page.goto(base + "/")
    assert page.locator("h1").inner_text() == "3 open quality issues"
    assert "Acknowledge" not in page.locator("form#decide").inner_text()  # no file's issue is open
    assert query(url, "SELECT SUM(issues) AS n FROM marts.v_open_issues")["n"].item() == 3
    page.goto(base + "/?show_all=true&file_name=nota.csv&lang=fr")
    assert "pris en compte par María Steward" in page.locator("table tr").nth(1).inner_text()
    page.screenshot(path=str(tmp_path / "acknowledged_fr.png"), full_page=True)
    page.goto(base + "/?show_all=true&file_name=nota.csv&lang=es")
    page.click('table tr td a[href^="/issues/"]')
    history = page.locator("table").last.inner_text()
    assert "Dar por visto" in history and "de inmediato" in history and "None" not in history
    assert "visto por María Steward" in page.locator("table").first.inner_text()  # not "open"
    page.screenshot(path=str(tmp_path / "acknowledged_issue_es.png"), full_page=True)

    _, summary = run_nightly(inbox, tmp_path, url)  # the same bytes the next night
    page.goto(base + "/?lang=en")
    assert page.locator("h1").inner_text() == "3 open quality issues"
    assert "unrecognised_file" not in summary.split("## Open issues")[-1]
    (inbox / "nota.csv").write_text(NOTE + "Saludos.\n", encoding="utf-8")  # a new file: a new issue
    run_nightly(inbox, tmp_path, url)
    page.reload()
    assert page.locator("h1").inner_text() == "4 open quality issues"
