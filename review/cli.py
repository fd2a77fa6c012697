"""`honlea issues list|show|accept|correct|reject|await|reopen`: the steward's actions in a terminal."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from honlea.config.names import DecisionAction
from honlea.config.settings import load_settings
from honlea.review.output import FORMATS, print_frame
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

LIST_COLUMNS = ["issue_id", "iso3", "file_name", "sheet", "source_row", "column_name", "value", "check_name"]


def _steward(args: argparse.Namespace) -> str:
    """The steward's name: --steward, else HONLEA_STEWARD, else asked for at the prompt."""
    name = args.steward or os.environ.get("HONLEA_STEWARD")
    if not name and sys.stdin.isatty():
        name = input("Your name (for the audit trail): ")
    if not name:
        raise SystemExit("give your name with --steward NAME or HONLEA_STEWARD")
    return name


def _list(args: argparse.Namespace) -> int:
    chosen = IssueFilter(args.country, args.file, args.check, args.severity, open_only=not args.all)
    with connect(load_settings(warehouse_url=args.warehouse).warehouse_url, read_only=True) as warehouse:
        issues = list_issues(warehouse, chosen)
    print_frame(issues.select(*LIST_COLUMNS, "severity", "status", "decision"), args.format, args.max_rows)
    return 0


def _show(args: argparse.Namespace) -> int:
    with connect(load_settings(warehouse_url=args.warehouse).warehouse_url, read_only=True) as warehouse:
        issue = issue_detail(warehouse, args.issue_id)
    for key in (
        "issue_id",
        "file_name",
        "sheet",
        "source_row",
        "column_name",
        "value",
        "check_name",
        "severity",
    ):
        print(f"{key:>12}: {issue.get(key)}")
    print(f"{'message':>12}: {issue['message']}")
    print("row as submitted:", {k.removesuffix("_text"): v for k, v in issue["row"].items() if v is not None})
    for related in issue["related"]:
        values = ", ".join(f"{k}={v}" for k, v in related["values"].items())
        where = f"{related['sheet']} row {related['source_row']}"
        print(f"other row of this {issue['check_name']}: {where}: {values}")
    for decision in issue["decisions"]:
        when, who = decision["decided_at"], decision["steward"]
        print(f"decision: {decision['action']} by {who} at {when}: {decision['reason']}")
    return 0


def _decide(args: argparse.Namespace) -> int:
    """Say which rows the decision touches, ask when at a terminal (unless --yes), then record it."""
    with connect(load_settings(warehouse_url=args.warehouse).warehouse_url) as warehouse:
        try:
            value = getattr(args, "value", None)
            scope = decision_scope(warehouse, args.issue_ids, args.action, value)
            print(f"{args.action} touches {scope.rows} {'file(s)' if scope.files else 'row(s)'}:")
            for line in scope.describe():
                print(f"  {line}")
            if sys.stdin.isatty() and not args.yes and input("Record it? [y/N] ").strip().lower() != "y":
                print("Nothing recorded.")
                return 1
            rows = decide(
                warehouse,
                args.issue_ids,
                args.action,
                _steward(args),
                args.reason,
                getattr(args, "value", None),
            )
        except (KeyError, InvalidDecision) as exc:
            print(f"Refused: {str(exc).strip(chr(39))}", file=sys.stderr)
            return 2
    if scope.files:  # a decision on whole files holds at once
        print(f"{args.action}: recorded for {rows} file(s); it holds at once, while the same bytes return.")
    else:
        print(f"{args.action}: recorded for {rows} row(s); the next nightly run applies it.")
    return 0


def _feedback(args: argparse.Namespace) -> int:
    from honlea.review.feedback import write_feedback

    with connect(load_settings(warehouse_url=args.warehouse).warehouse_url, read_only=True) as warehouse:
        path = write_feedback(warehouse, args.submission_id, Path(args.out))
    print(f"Feedback workbook for the country's focal point: {path}")
    return 0


def _review(args: argparse.Namespace) -> int:
    from honlea.review.web import serve_review

    settings = load_settings(warehouse_url=args.warehouse)
    print(f"Review page: http://{args.host}:{args.port}/ (Ctrl-C to stop)")
    serve_review(settings, args.host, args.port)
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    """The `review`, `issues` and `feedback` commands."""
    review = commands.add_parser("review", help="serve the stewards' review page on localhost")
    review.add_argument("--host", default="127.0.0.1")
    review.add_argument("--port", type=int, default=8765)
    review.add_argument("--warehouse", help="warehouse URL (default as for run)")
    review.set_defaults(handler=_review)
    feedback = commands.add_parser(
        "feedback", help="write the feedback workbook of a submission for its country"
    )
    feedback.add_argument("submission_id", type=int)
    feedback.add_argument("--out", default="data/feedback", help="folder (default: data/feedback)")
    feedback.add_argument("--warehouse", help="warehouse URL (default as for run)")
    feedback.set_defaults(handler=_feedback)
    issues = commands.add_parser("issues", help="review the quality issues the nightly run stopped")
    actions = issues.add_subparsers(dest="issue_command", required=True)
    listing = actions.add_parser("list", help="open issues, newest run first")
    for option in ("country", "file", "check", "severity"):
        listing.add_argument(f"--{option}")
    listing.add_argument("--all", action="store_true", help="also decided and info issues")
    listing.add_argument("--max-rows", type=int, default=50, help="rows of the table (default 50)")
    listing.add_argument("--format", choices=FORMATS, default="table", help="table, or csv, json, markdown")
    listing.set_defaults(handler=_list)
    show = actions.add_parser("show", help="one issue: its row, its conflict, its decisions")
    show.add_argument("issue_id")
    show.set_defaults(handler=_show)
    for action in ACTIONS:
        deciding = actions.add_parser(action, help=f"{action} one or more issues")
        deciding.add_argument("issue_ids", nargs="+")
        deciding.add_argument("--reason", required=True)
        deciding.add_argument("--steward", help="your name (default: $HONLEA_STEWARD, else asked)")
        deciding.add_argument("--yes", action="store_true", help="do not ask before recording")
        if action == DecisionAction.CORRECT:
            deciding.add_argument("--value", required=True, help="the corrected value to load")
        deciding.set_defaults(handler=_decide, action=action)
    for parser in (listing, show, *[actions.choices[a] for a in ACTIONS]):
        parser.add_argument("--warehouse", help="warehouse URL (default as for run)")
