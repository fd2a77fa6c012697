"""The run summary as markdown: one line per file, then issues by check."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from honlea.config.names import IssueStatus, PublishedBecause, Severity

AUDIT_COUNTS = ("rows_read", "rows_loaded", "rows_quarantined", "rows_duplicate", "rows_not_reported")


def _table(frame: pl.DataFrame) -> str:
    head = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in frame.iter_rows()]
    return "\n".join([head, rule, *body])


def docs_link(run_id: str, docs_index: str, review_url: str) -> str:
    """The run's Data Docs (`docs_index`: the absolute path of their index page) as a link that works
    from the Prefect UI: on the review page's server (`honlea review` serves the data folder's gx_docs
    under /docs), else the index page's file URL; `docs_index` as it is when it is no path (none were
    rendered, and why)."""
    index = Path(docs_index)
    if not index.is_absolute():
        return docs_index
    if review_url:
        url = f"{review_url.rstrip('/')}/docs/{run_id}/index.html"
        return f"[{run_id}]({url}) (served by `honlea review`; on this machine: {index})"
    return f"[{index.name}]({index.as_uri()})"


def summary_markdown(
    run_id: str,
    audit: pl.DataFrame,
    issues: pl.DataFrame,
    docs_index: str,
    review_url: str,
    pending: int = 0,
    republished: dict[str, int] | None = None,
    abandoned: pl.DataFrame | None = None,
    backlog: pl.DataFrame | None = None,
    previous: dict | None = None,
) -> str:
    """Markdown for the Prefect artifact and the terminal: the previous run's outcome, the runs this one
    found abandoned, files, totals, this run's issues by check and severity, the whole backlog waiting
    for a steward by country and check (`backlog`: marts.v_open_issues; else this run's open issues),
    with the review page's address, and the figures published again because of stewards' decisions or
    a vocabulary change (`republished`: reason -> figures)."""
    republished = republished or {}
    totals = audit.select(
        pl.lit("**all files**").alias("file_name"), *[pl.col(c).sum() for c in AUDIT_COUNTS]
    )
    files = pl.concat(
        [audit.select("file_name", "profile", "status", *AUDIT_COUNTS, "message"), totals], how="diagonal"
    ).with_columns(pl.col("message").str.slice(0, 160))
    by_check = (
        issues.group_by("severity", "check_name")
        .agg(pl.len().alias("rows"), pl.col("file_name").n_unique().alias("files"))
        .sort("severity", "rows", descending=[False, True])
    )
    if backlog is None:
        backlog = issues.filter(
            pl.col("status") == IssueStatus.OPEN, pl.col("severity").is_in([Severity.ERROR, Severity.WARNING])
        ).with_columns(pl.lit(1).alias("issues"))
    waiting = (
        backlog.group_by(pl.col("iso3").fill_null("(file)").alias("country"), "check_name")
        .agg(pl.col("issues").sum())
        .sort("country", "check_name")
    )
    before = []
    if previous:
        published = previous.get("files_loaded")
        before = [
            f"Previous run {previous['run_id']}: {previous['status']}"
            + (f", {published} file(s) published" if published is not None else "")
            + (f" ({previous['message']})" if previous.get("message") else "")
            + "."
        ]
    parts = [
        f"# Nightly run {run_id}",
        "Demo files named SYNTHETIC_* are synthetic data, not official statistics.",
        *before,
        *(
            [
                "## Runs found abandoned",
                "These runs' processes ended without recording an outcome (killed, crashed, or the machine "
                "stopped); nothing of theirs was published. They are marked abandoned in quality.etl_run.",
                _table(abandoned),
            ]
            if abandoned is not None and abandoned.height
            else []
        ),
        "## Files",
        _table(files),
        "## Quality issues by check",
        _table(by_check) if by_check.height else "No quality issues.",
        "## Open issues by country and check",
        (
            f"{waiting['issues'].sum()} issue(s) wait for a steward, from every run so far:\n\n"
            + _table(waiting)
            if waiting.height
            else "Nothing waits for a steward."
        ),
        f"Review and decide them on the review page: {review_url} (`honlea review`).",
        *(
            [f"{pending} steward decision(s) wait for their file: put it back in the inbox to apply them."]
            if pending
            else []
        ),
        *(
            [
                f"{republished[PublishedBecause.DECISION]} figure(s) changed by stewards' decisions "
                "were published."
            ]
            if republished.get(PublishedBecause.DECISION)
            else []
        ),
        *(
            [
                f"{republished[PublishedBecause.VOCABULARY]} figure(s) now load after a vocabulary change "
                "(their files were read again)."
            ]
            if republished.get(PublishedBecause.VOCABULARY)
            else []
        ),
        *(
            [f"{republished[PublishedBecause.REREAD]} figure(s) changed in files read again on request."]
            if republished.get(PublishedBecause.REREAD)
            else []
        ),
        f"Great Expectations Data Docs: {docs_link(run_id, docs_index, review_url)}",
    ]
    return "\n\n".join(parts) + "\n"
