"""`honlea review`: the data stewards' web page over the warehouse (FastAPI, server-rendered pages).

Only the steward's own page can record a decision: every response carries protective headers, the page
answers only under the names it is served as (no DNS rebinding), and a POST must come from this page
(Origin or Referer, Sec-Fetch-Site) with the form's token, an HMAC of the browser's session cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit
from zoneinfo import ZoneInfo

import polars as pl
from babel import Locale
from babel.dates import format_datetime
from cronsim import CronSim
from fastapi import Depends, FastAPI, Form, HTTPException, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from honlea.config.catalog import load_catalog
from honlea.config.names import LANGUAGES, DecisionAction
from honlea.config.settings import Settings
from honlea.config.text import normalize_texts, normalized
from honlea.review.feedback import text, write_feedback
from honlea.review.service import (
    FILE_ACTIONS,
    ROW_ACTIONS,
    InvalidDecision,
    IssueFilter,
    about_file,
    country_names,
    decide,
    decision_scope,
    issue_detail,
    list_issues,
)
from honlea.warehouse.backends import Warehouse
from honlea.warehouse.connection import connect

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
STATIC = Path(__file__).parent / "static"
FILTERS = ("country", "file_name", "check_name", "severity")
#: What the list's query may say besides the filters: a search, decided issues too, the page.
LIST_PARAMS = (*FILTERS, "q", "show_all")
PAGE_SIZE = 50
LANGUAGE_COOKIE = "honlea_lang"
BUSY_SECONDS = 5.0  # how long a page waits for a nightly run's write lock (DuckDB) before saying so

SESSION_COOKIE = "honlea_session"
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
TOKEN_FIELD = "csrf_token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
HEADERS = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
PAGE_POLICY = "default-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
#: Data Docs are Great Expectations HTML with inline scripts and the submitted values (which GX does not
#: always escape); their assets are copies beside them (expectations/static): they load nothing from
#: elsewhere and run sandboxed, in an origin of their own that cannot read the pages nor post a decision.
DOCS_POLICY = (
    "sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox; default-src 'self'; "
    "script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'none'"
)


def _counts(issues: pl.DataFrame, column: str) -> list[tuple[str, int]]:
    counted = issues.group_by(column).len().sort(["len", column], descending=[True, False])
    return [(value, n) for value, n in counted.iter_rows() if value is not None]


def _explanation(check: str, lang: str = "en") -> str:
    """What the country is told of a check (the catalog's text, as in the feedback workbook) in `lang`;
    empty for a check the catalog lacks."""
    catalog = load_catalog()
    return catalog.text(check, lang) if check in catalog.checks else ""


def _translator(lang: str) -> Callable[..., str]:
    """The page's texts in its language (config/feedback_texts.csv), values filled in; given a `count`,
    the text of `key`_one where the language says one of it (Babel's plural rules: "1 issue", "0
    problème"), else of `key`."""

    def translate(key: str, count: int | None = None, **values: object) -> str:
        if count is not None and Locale.parse(lang).plural_form(count) == "one":
            key = f"{key}_one"
        return text(key, lang).format(**values)

    return translate


def language(request: Request) -> str:
    """The page's language: chosen in the query (and kept in a cookie), else the cookie's, else English."""
    chosen = request.query_params.get("lang") or request.cookies.get(LANGUAGE_COOKIE) or "en"
    return chosen if chosen in LANGUAGES else "en"


@contextmanager
def reading(url: str) -> Iterator[Warehouse]:
    """A read-only connection; while a nightly run holds DuckDB's write lock, tried again for a few
    seconds, then a readable 503 page (the run ends within minutes)."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            warehouse = connect(url, read_only=True)
            break
        except Exception as exc:  # duckdb's IOException: "Could not set lock on file"
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() > deadline:
                raise HTTPException(status_code=503, detail="busy") from exc
            time.sleep(0.25)
    with warehouse:
        yield warehouse


def next_run(settings: Settings, lang: str) -> str:
    """When the nightly schedule next runs, in the page's language and the schedule's time zone."""
    now = datetime.now(ZoneInfo(settings.timezone))
    return format_datetime(next(CronSim(settings.cron, now)), "medium", locale=lang)


def _query(params: dict[str, str | None], **changes: str | None) -> str:
    """The list's query string with some parameters changed (a filter changed goes back to page 1)."""
    merged = {k: v for k, v in (params | changes).items() if v}
    if "page" not in changes:
        merged.pop("page", None)
    return urlencode(merged)


def _matching(
    issues: pl.DataFrame, params: dict[str, str | None], names: pl.DataFrame, but: str | None = None
) -> pl.DataFrame:
    """The issues the filters (all but `but`, for that filter's counts) and the search keep. The search
    finds every word of it (case and accents aside) in the country's code or name in any of the three
    languages, the file, the check, the message or the value."""
    rename = {"country": "iso3"}
    chosen = [pl.col(rename.get(k, k)) == params[k] for k in FILTERS if params.get(k) and k != but]
    shown = issues.filter(*chosen) if chosen else issues
    terms = (normalize_texts([params.get("q")])[0] or "").split()
    if not terms:
        return shown
    searched = ["iso3", "name_en", "name_es", "name_fr", "file_name", "check_name", "message", "value"]
    haystack = normalized(pl.concat_str(searched, separator=" ", ignore_nulls=True))
    return (
        shown.join(names, on="iso3", how="left")
        .filter(*[haystack.str.contains(term, literal=True) for term in terms])
        .select(issues.columns)
    )


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """A readable page for a refused or failed request."""
    lang = language(request)
    context = {"status": status, "message": message, "lang": lang, "t": _translator(lang)}
    return TEMPLATES.TemplateResponse(request, "error.html", context, status_code=status)


def _split(url: str) -> SplitResult:
    """The parts of a URL; none when it is malformed (a forged header)."""
    try:
        return urlsplit(url)
    except ValueError:
        return urlsplit("")


def _forgery(request: Request, form_token: object) -> str | None:
    """Why a request that changes something does not look like it came from this page, or None."""
    if request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        return "the form was sent from another web site"
    source = request.headers.get("origin") or request.headers.get("referer") or ""
    if not source or _split(source).netloc.lower() != request.headers.get("host", "").lower():
        return "the form was not sent from this page (its Origin or Referer is another server)"
    if not isinstance(form_token, str) or not hmac.compare_digest(form_token, request.state.csrf_token):
        return "the form's security token does not belong to this browser session"
    return None


def create_app(settings: Settings) -> FastAPI:
    """The review application for the warehouse and data folder named by the settings. It answers under
    the loopback names and the host of HONLEA_REVIEW_URL."""
    secret = secrets.token_bytes(32)  # per app: after a restart, an open page must be reloaded

    async def refuse_forgery(request: Request) -> None:
        if request.method not in SAFE_METHODS:
            reason = _forgery(request, (await request.form()).get(TOKEN_FIELD))
            if reason:
                detail = f"Refused: {reason}. Nothing was recorded: reload the page and decide again."
                raise HTTPException(status_code=403, detail=detail)

    app = FastAPI(
        title="HONLEA quality review",
        dependencies=[Depends(refuse_forgery)],
        docs_url=None,  # /docs are the Data Docs; no API explorer
        redoc_url=None,
        openapi_url=None,
    )
    hosts = {*LOOPBACK, _split(settings.review_url).hostname} - {None}

    @app.middleware("http")
    async def protect(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        session = request.cookies.get(SESSION_COOKIE, "")
        fresh = not _SESSION_ID.fullmatch(session)
        if fresh:
            session = secrets.token_urlsafe(32)
        request.state.csrf_token = hmac.new(secret, session.encode(), hashlib.sha256).hexdigest()
        if _split("//" + request.headers.get("host", "")).hostname not in hosts:
            response: Response = error_page(
                request, 400, "This page answers only under its own address (set HONLEA_REVIEW_URL to it)."
            )
        else:
            response = await call_next(request)
        if fresh:
            secure = request.url.scheme == "https"
            response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict", secure=secure)
        response.headers.update(HEADERS)
        docs = request.url.path.startswith("/docs/")
        response.headers["Content-Security-Policy"] = DOCS_POLICY if docs else PAGE_POLICY
        if docs and "/static/vendor/" in request.url.path:
            # the sandboxed docs' origin is opaque ("null"): their fonts load only if shared with it
            response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        detail = text("page_busy", language(request)) if exc.detail == "busy" else str(exc.detail)
        return error_page(request, exc.status_code, detail)

    @app.exception_handler(Exception)
    async def failure(request: Request, exc: Exception) -> HTMLResponse:
        return error_page(request, 500, f"The page failed: {type(exc).__name__}: {exc}")

    docs = settings.data_dir / "gx_docs"
    docs.mkdir(parents=True, exist_ok=True)
    app.mount("/docs", StaticFiles(directory=docs), name="docs")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def listed(
        warehouse: Warehouse, params: dict[str, str | None]
    ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
        """Every issue the list covers (open, or all), those the filters and the search keep, and the
        countries' names."""
        every = list_issues(warehouse, IssueFilter(open_only=not params.get("show_all")))
        names = country_names(warehouse)
        return every, _matching(every, params, names), names

    @app.get("/", response_class=HTMLResponse)
    def issues_page(request: Request, page: int = 1) -> HTMLResponse:
        lang = language(request)
        params = {name: request.query_params.get(name) or None for name in LIST_PARAMS}
        with reading(settings.warehouse_url) as warehouse:
            every, shown, names = listed(warehouse, params)
        pages = max(1, -(-shown.height // PAGE_SIZE))
        page = min(max(page, 1), pages)
        first = (page - 1) * PAGE_SIZE
        rename = {"country": "iso3"}
        # each list's counts: the issues the other filters and the search keep
        counts = {
            name: _counts(_matching(every, params, names, but=name), rename.get(name, name))
            for name in FILTERS
        }
        # the decisions the listed issues take: on rows, and acknowledging whole files not loaded
        files = shown["submission_id"].null_count()
        rows = shown["row_key"].count()
        actions = (ROW_ACTIONS if rows or not files else ()) + (FILE_ACTIONS if files else ())
        context = {
            "t": _translator(lang),
            "lang": lang,
            "languages": LANGUAGES,
            "issues": shown.slice(first, PAGE_SIZE).to_dicts(),
            "total": shown.height,
            "first": first + 1 if shown.height else 0,
            "last": min(first + PAGE_SIZE, shown.height),
            "page": page,
            "pages": pages,
            "counts": counts,
            "names": dict(names.select("iso3", f"name_{lang}").iter_rows()),
            "params": params,
            "href": lambda **changes: "/?" + _query(params, **{k: v and str(v) for k, v in changes.items()}),
            "query": _query(params),
            "actions": tuple(dict.fromkeys(actions)),
            "steward": os.environ.get("HONLEA_STEWARD", ""),
            "runs": sorted(set(every["run_id"]), reverse=True),
            "explanations": {name: _explanation(name, lang) for name in set(every["check_name"])},
            "next_run": next_run(settings, lang),
            "reopen": DecisionAction.REOPEN,
            "acknowledge": DecisionAction.ACKNOWLEDGE,
        }
        response = TEMPLATES.TemplateResponse(request, "issues.html", context)
        if request.query_params.get("lang") == lang:
            response.set_cookie(LANGUAGE_COOKIE, lang, httponly=True, samesite="strict")
        return response

    @app.get("/issues/{issue_id}", response_class=HTMLResponse)
    def issue_page(request: Request, issue_id: str) -> HTMLResponse:
        lang = language(request)
        with reading(settings.warehouse_url) as warehouse:
            try:
                issue = issue_detail(warehouse, issue_id)
            except KeyError as exc:
                raise HTTPException(status_code=404, detail=str(exc)) from exc
            waiting = list_issues(warehouse)["issue_id"].to_list()
        later = waiting[waiting.index(issue_id) + 1 :] if issue_id in waiting else waiting
        following = next((i for i in later if i != issue_id), None)
        context = {
            "t": _translator(lang),
            "lang": lang,
            "issue": issue,
            "check": load_catalog().checks.get(issue["check_name"]),
            "explanation": _explanation(issue["check_name"], lang),
            "actions": FILE_ACTIONS if about_file(issue) else ROW_ACTIONS,
            "decidable": about_file(issue) or issue["row_key"] is not None,
            "steward": os.environ.get("HONLEA_STEWARD", ""),
            "back": f"/issues/{following}" if following else "/",
        }
        return TEMPLATES.TemplateResponse(request, "issue.html", context)

    @app.post("/decide", response_model=None)
    def decide_page(
        request: Request,
        action: Annotated[str, Form()],
        issue_id: Annotated[list[str] | None, Form()] = None,
        reason: Annotated[str, Form()] = "",
        steward: Annotated[str, Form()] = "",
        corrected_value: Annotated[str, Form()] = "",
        back: Annotated[str, Form()] = "/",
        confirmed: Annotated[bool, Form()] = False,
        matching: Annotated[str, Form()] = "",
    ) -> HTMLResponse | RedirectResponse:
        """First a page saying which rows the decision touches; the decision is recorded once confirmed.
        `matching` (the list's query) decides on every issue the list's filters and search keep."""
        local = back if back.startswith("/") and not back.startswith(("//", "/\\")) else "/"
        with connect(settings.warehouse_url, read_only=not confirmed) as warehouse:
            if matching:
                params = {name: None for name in LIST_PARAMS} | {
                    k: v for k, v in parse_qsl(matching) if k in LIST_PARAMS
                }
                # an acknowledgement is for the issues about whole files, the other decisions for rows
                files = action == DecisionAction.ACKNOWLEDGE
                which = pl.col("submission_id").is_null() if files else pl.col("row_key").is_not_null()
                issue_id = listed(warehouse, params)[1].filter(which)["issue_id"].to_list()
            if not issue_id:
                raise HTTPException(status_code=400, detail="Select at least one issue.")
            try:
                if not confirmed:
                    scope = decision_scope(warehouse, issue_id, action, corrected_value or None)
                    form = {"action": action, "reason": reason, "steward": steward}
                    form |= {"corrected_value": corrected_value, "back": local}
                    context = {"scope": scope, "issue_ids": issue_id, "form": form}
                    context |= {"lang": language(request), "t": _translator(language(request))}
                    return TEMPLATES.TemplateResponse(request, "confirm.html", context)
                decide(warehouse, issue_id, action, steward, reason, corrected_value or None)
            except (KeyError, InvalidDecision) as exc:
                raise HTTPException(status_code=400, detail=str(exc).strip("'")) from exc
        return RedirectResponse(local, status_code=303)

    @app.get("/feedback/{submission_id}")
    def feedback_file(submission_id: int) -> FileResponse:
        with connect(settings.warehouse_url, read_only=True) as warehouse:
            try:
                path = write_feedback(warehouse, submission_id, settings.data_dir / "feedback")
            except KeyError as exc:
                raise HTTPException(status_code=404, detail=str(exc)) from exc
            except FileNotFoundError as exc:
                raise HTTPException(
                    status_code=410, detail=f"the submitted file is no longer in the inbox: {exc}"
                ) from exc
        return FileResponse(path, filename=path.name)

    return app


def serve_review(settings: Settings, host: str, port: int) -> None:
    """Serve the review page until interrupted."""
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
