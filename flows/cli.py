"""The `honlea` command: write the demo inbox, run the nightly flow now."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rich.console import Console

from honlea.config.settings import Settings, load_settings
from honlea.flows.logs import quiet_task_runs
from honlea.flows.search import add_commands as add_search_commands
from honlea.flows.trial import add_commands as add_source_commands
from honlea.note.cli import add_commands as add_note_commands
from honlea.review.cli import add_commands as add_review_commands
from honlea.review.output import FORMATS
from honlea.review.returns import add_commands as add_returns_commands

CONFIG_ERROR = 2  # exit status of a configuration error (1: a run that could not complete)
CONFIG_HELP = "configuration folder (default: $HONLEA_CONFIG_DIR or the project's config/)"


def _demo(args: argparse.Namespace) -> int:
    from honlea.demo.inbox import write_demo_inbox

    paths = write_demo_inbox(Path(args.out))
    print(
        f"Wrote {len(paths)} files to {args.out} "
        "(SYNTHETIC_* files are synthetic demo data; the UNODC annex is real)."
    )
    return 0


def _check_config(args: argparse.Namespace) -> int:
    from honlea.config.check import check_config
    from honlea.config.problems import ConfigError
    from honlea.expectations.suites import EXPECTATIONS

    try:
        print(check_config(Path(args.config) if args.config else None, EXPECTATIONS))
    except ConfigError as exc:
        print(exc)
        return CONFIG_ERROR
    return 0


def _config_refused(refused: str) -> bool:
    """Check the configuration before anything starts; print every problem after `refused` if any."""
    from honlea.config.check import check_config
    from honlea.config.problems import ConfigError
    from honlea.expectations.suites import EXPECTATIONS

    try:
        check_config(implemented=EXPECTATIONS)
    except ConfigError as exc:
        print(f"{refused}: {exc}", file=sys.stderr)
        return True
    return False


def _run(args: argparse.Namespace) -> int:
    if args.config:  # for this process and every task it starts
        os.environ["HONLEA_CONFIG_DIR"] = str(Path(args.config).resolve())
    if _config_refused("The nightly run did not start"):  # before the flow: nothing is touched
        return CONFIG_ERROR
    return run_now(load_settings(args.inbox, args.warehouse))


def run_now(settings: Settings, reread: tuple[str, ...] = (), console: Console | None = None) -> int:
    """One nightly run now (reading again the published files whose SHA-256 `reread` names); its summary
    printed, and in a terminal (`console`: stdout's) each file's progress. The configuration is checked
    already."""
    from honlea.flows.nightly import nightly
    from honlea.flows.prefect_server import prefect_api
    from honlea.flows.progress import file_progress

    with prefect_api(), file_progress(console or Console(), settings.data_dir, settings.inbox):
        state = nightly(
            inbox=str(settings.inbox),
            warehouse_url=settings.warehouse_url,
            data_dir=str(settings.data_dir),
            lock_wait_seconds=settings.lock_wait_seconds,
            reread=reread,
            return_state=True,
        )
    if state.is_failed():
        print(f"The nightly run could not complete: {state.message}", file=sys.stderr)
        return 1
    print(state.result())
    print(f"Warehouse: {settings.warehouse_url}")
    return 0


def _sql(args: argparse.Namespace) -> int:
    from honlea.review.output import print_frame
    from honlea.warehouse.connection import connect

    settings = load_settings(warehouse_url=args.warehouse)
    with connect(settings.warehouse_url, read_only=True) as warehouse:
        try:
            result = warehouse.query(args.query)
        except Exception as exc:  # the database's own message, on one line
            lines = [line.strip() for line in str(exc).splitlines() if line.strip()] or [type(exc).__name__]
            print(f"SQL error: {lines[0]}", file=sys.stderr)
            return 2
    print_frame(result, args.format, args.max_rows)
    return 0


def _docs(args: argparse.Namespace) -> int:
    from honlea.config.check_reference import write_check_reference
    from honlea.config.profile_reference import write_profile_reference
    from honlea.warehouse.dictionary import write_dictionary

    markdown, page = write_dictionary(Path(args.out))
    print(f"Data dictionary: {page} (and {markdown})")
    print(f"Configuration reference: {write_profile_reference(Path(args.out))}")
    print(f"Quality checks: {write_check_reference(Path(args.out))}")
    return 0


def _grant_analyst(args: argparse.Namespace) -> int:
    from honlea.warehouse.connection import connect
    from honlea.warehouse.roles import grant_analyst

    settings = load_settings(warehouse_url=args.warehouse)
    with connect(settings.warehouse_url) as warehouse:
        grant_analyst(warehouse, args.name)
    print(f"{args.name} can read schemas warehouse and marts and write nowhere.")
    return 0


def _serve(args: argparse.Namespace) -> int:
    if _config_refused("honlea serve did not start"):
        return CONFIG_ERROR
    from honlea.flows.deployment import serve

    serve(load_settings())
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    quiet_task_runs()  # before any run starts a process (a served run, a Dask worker)
    parser = argparse.ArgumentParser(prog="honlea", description="HONLEA statistics warehouse")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="write the synthetic demo inbox (plus the real UNODC annex)")
    demo.add_argument(
        "--out", default=str(load_settings().inbox), help="folder to write (default: data/inbox)"
    )
    demo.set_defaults(handler=_demo)
    run = commands.add_parser("run", help="one nightly run now")
    run.add_argument("--inbox", help="inbox folder (default: $HONLEA_INBOX or data/inbox)")
    run.add_argument(
        "--warehouse",
        help="warehouse URL (default: $HONLEA_WAREHOUSE_URL or duckdb:///data/honlea.duckdb)",
    )
    run.add_argument("--config", help=CONFIG_HELP)
    run.set_defaults(handler=_run)
    check = commands.add_parser(
        "check-config", help="check the profiles and vocabularies; exit 2 and list every problem if any"
    )
    check.add_argument("--config", help=CONFIG_HELP)
    check.set_defaults(handler=_check_config)
    sql = commands.add_parser("sql", help="run a read-only SQL query on the warehouse and print the result")
    sql.add_argument("query", help='e.g. "select * from marts.v_seizures_annual limit 5"')
    sql.add_argument("--warehouse", help="warehouse URL (default as for run)")
    sql.add_argument("--max-rows", type=int, default=40, help="rows of the table (default 40)")
    sql.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="an aligned table, or every row as csv, json or markdown (for scripts)",
    )
    sql.set_defaults(handler=_sql)
    docs = commands.add_parser(
        "docs",
        help="write the data dictionary (HTML and markdown), the configuration reference and the checks",
    )
    docs.add_argument("--out", default="docs", help="folder to write (default: docs)")
    docs.set_defaults(handler=_docs)
    grant = commands.add_parser(
        "grant-analyst", help="PostgreSQL: create a read-only login role for an analyst"
    )
    grant.add_argument("name", help="role name")
    grant.add_argument("--warehouse", help="warehouse URL (default as for run)")
    grant.set_defaults(handler=_grant_analyst)
    serve = commands.add_parser(
        "serve", help="serve the nightly deployment on its schedule (needs a Prefect server)"
    )
    serve.set_defaults(handler=_serve)
    add_source_commands(commands)
    add_review_commands(commands)
    add_returns_commands(commands)
    add_note_commands(commands)
    add_search_commands(commands)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
