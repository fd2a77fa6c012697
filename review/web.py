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
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated
from urllib.parse import SplitResult, urlencode, urlsplit

import polars as pl
from fastapi import Depends, FastAPI, Form, HTTPException, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from honlea.config.catalog import load_catalog
from honlea.config.settings import Settings
from honlea.review.feedback import write_feedback
from honlea.review.service import (
    ACTIONS,
    InvalidDecision,
    IssueFilter,
    decide,
    decision_scope,
    issue_detail,
    list_issues,
)
from honlea.warehouse.connection import connect

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
STATIC = Path(__file__).parent / "static"
FILTERS = ("country", "file_name", "check_name", "severity")

SESSION_COOKIE = "honlea_session"
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
TOKEN_FIELD = "csrf_token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
HEADERS = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}
PAGE_POLICY = "default-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
#: Data Docs are Great Expectations HTML with inline scripts, CDN assets and the submitted values (which
#: GX does not always escape): they run sandboxed, in an origin of their own that cannot read the pages
#: nor post a decision.
DOCS_POLICY = (
    "sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox; default-src 'self' https:; "
    "script-src 'self' https: 'unsafe-inline'; style-src 'self' https: 'unsafe-inline'; "
    "img-src 'self' https: data:; font-src https: data:; connect-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'none'"
)


def _counts(issues: pl.DataFrame, column: str) -> list[tuple[str, int]]:
    counted = issues.group_by(column).len().sort(["len", column], descending=[True, False])
    return [(value, n) for value, n in counted.iter_rows() if value is not None]


def _explanation(check: str) -> str:
    """What the country is told of a check (the catalog's English text); empty for a check it lacks."""
    catalog = load_catalog()
    return catalog.text(check, "en") if check in catalog.checks else ""


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """A readable page for a refused or failed request."""
    return TEMPLATES.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


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
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        return error_page(request, exc.status_code, str(exc.detail))

    docs = settings.data_dir / "gx_docs"
    docs.mkdir(parents=True, exist_ok=True)
    app.mount("/docs", StaticFiles(directory=docs), name="docs")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", response_class=HTMLResponse)
    def issues_page(request: Request, show_all: bool = False) -> HTMLResponse:
        chosen = {name: request.query_params.get(name) or None for name in FILTERS}
        with connect(settings.warehouse_url, read_only=True) as warehouse:
            every = list_issues(warehouse, IssueFilter(open_only=not show_all))
        rename = {"country": "iso3"}
        shown = (
            every.filter(*[pl.col(rename.get(k, k)) == v for k, v in chosen.items() if v])
            if any(chosen.values())
            else every
        )
        context = {
            "issues": shown.to_dicts(),
            "counts": {name: _counts(every, rename.get(name, name)) for name in FILTERS},
            "chosen": chosen,
            "show_all": show_all,
            "query": urlencode({k: v for k, v in chosen.items() if v}),
            "actions": ACTIONS,
            "steward": os.environ.get("HONLEA_STEWARD", ""),
            "runs": sorted(set(every["run_id"]), reverse=True),
            "explanations": {name: _explanation(name) for name, _ in _counts(every, "check_name")},
        }
        return TEMPLATES.TemplateResponse(request, "issues.html", context)

    @app.get("/issues/{issue_id}", response_class=HTMLResponse)
    def issue_page(request: Request, issue_id: str) -> HTMLResponse:
        with connect(settings.warehouse_url, read_only=True) as warehouse:
            try:
                issue = issue_detail(warehouse, issue_id)
            except KeyError as exc:
                raise HTTPException(status_code=404, detail=str(exc)) from exc
        context = {
            "issue": issue,
            "check": load_catalog().checks.get(issue["check_name"]),
            "explanation": _explanation(issue["check_name"]),
            "actions": ACTIONS,
            "steward": os.environ.get("HONLEA_STEWARD", ""),
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
    ) -> HTMLResponse | RedirectResponse:
        """First a page saying which rows the decision touches; the decision is recorded once confirmed."""
        if not issue_id:
            raise HTTPException(status_code=400, detail="Select at least one issue.")
        local = back if back.startswith("/") and not back.startswith(("//", "/\\")) else "/"
        with connect(settings.warehouse_url, read_only=not confirmed) as warehouse:
            try:
                if not confirmed:
                    scope = decision_scope(warehouse, issue_id, action, corrected_value or None)
                    form = {"action": action, "reason": reason, "steward": steward}
                    form |= {"corrected_value": corrected_value, "back": local}
                    context = {"scope": scope, "issue_ids": issue_id, "form": form}
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
