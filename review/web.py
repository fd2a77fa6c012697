"""`honlea review`: the data stewards' web page over the warehouse (FastAPI, server-rendered pages)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

import polars as pl
from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from config.settings import Settings
from review.feedback import write_feedback
from review.service import (
    ACTIONS,
    InvalidDecision,
    IssueFilter,
    decide,
    decision_scope,
    issue_detail,
    list_issues,
)
from warehouse.connection import connect

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
FILTERS = ("country", "file_name", "check_name", "severity")


def _counts(issues: pl.DataFrame, column: str) -> list[tuple[str, int]]:
    counted = issues.group_by(column).len().sort(["len", column], descending=[True, False])
    return [(value, n) for value, n in counted.iter_rows() if value is not None]


def create_app(settings: Settings) -> FastAPI:
    """The review application for the warehouse and data folder named by the settings."""
    app = FastAPI(title="HONLEA quality review")

    @app.exception_handler(HTTPException)
    def error_page(request: Request, exc: HTTPException) -> HTMLResponse:
        """Errors as pages a steward can read, not JSON."""
        context = {"status": exc.status_code, "detail": exc.detail}
        return TEMPLATES.TemplateResponse(request, "error.html", context, status_code=exc.status_code)

    docs = settings.data_dir / "gx_docs"
    docs.mkdir(parents=True, exist_ok=True)
    app.mount("/docs", StaticFiles(directory=docs), name="docs")

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
        }
        return TEMPLATES.TemplateResponse(request, "issues.html", context)

    @app.get("/issues/{issue_id}", response_class=HTMLResponse)
    def issue_page(request: Request, issue_id: str) -> HTMLResponse:
        with connect(settings.warehouse_url, read_only=True) as warehouse:
            try:
                issue = issue_detail(warehouse, issue_id)
            except KeyError as exc:
                raise HTTPException(status_code=404, detail=str(exc)) from exc
        context = {"issue": issue, "actions": ACTIONS, "steward": os.environ.get("HONLEA_STEWARD", "")}
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
