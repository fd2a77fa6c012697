"""`honlea search`: the sections of current country reports that best match a query, in any language."""

from __future__ import annotations

import argparse

from honlea.config.settings import load_settings
from honlea.review.output import FORMATS


def _search(args: argparse.Namespace) -> int:
    import polars as pl

    from honlea.review.output import print_frame
    from honlea.transforms.search import query_terms, snippet
    from honlea.warehouse.connection import connect
    from honlea.warehouse.search import bm25_sql, search_sections

    terms = query_terms(args.query)
    if args.show_sql:
        sql, params = bm25_sql(terms, args.limit)
        print(f"{sql}\n-- parameters: {params}")
        return 0
    with connect(load_settings(warehouse_url=args.warehouse).warehouse_url, read_only=True) as warehouse:
        found = search_sections(warehouse, terms, args.limit)
    if found.is_empty():
        print(f"No section of a current country report matches {args.query!r}.")
        return 1
    shown = found.select(
        "symbol",
        pl.coalesce("country", "iso3").alias("country"),
        "heading",
        pl.col("text")
        .map_elements(lambda text: snippet(text, args.query), return_dtype=pl.String)
        .alias("snippet"),
        pl.col("score").round(2),
    )
    if args.format == "table":
        print(f"Country report sections matching {args.query!r} (BM25, best first)")
    print_frame(shown, args.format, max_rows=args.limit, width=args.width)
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add `search` to the command line."""
    search = commands.add_parser(
        "search",
        help="full-text search of the country reports' sections (stemmed in English, Spanish and French)",
    )
    search.add_argument("query", help='words to look for, e.g. "semisumergibles"')
    search.add_argument("--limit", type=int, default=10, help="sections to show (default 10)")
    search.add_argument("--warehouse", help="warehouse URL (default as for run)")
    search.add_argument("--width", type=int, help="width of the table printed (default: the terminal's)")
    search.add_argument(
        "--format", choices=FORMATS, default="table", help="an aligned table, or csv, json or markdown"
    )
    search.add_argument(
        "--show-sql", action="store_true", help="print the BM25 query (for DuckDB or PostgreSQL) and stop"
    )
    search.set_defaults(handler=_search)
