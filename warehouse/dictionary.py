"""The data dictionary: every table, view and column with its meaning, as SQL comments and as pages."""

from __future__ import annotations

import html
import tempfile
from functools import cache
from pathlib import Path

from honlea.warehouse.examples import EXAMPLES
from honlea.warehouse.schema import SCHEMAS, TABLES
from honlea.warehouse.views import VIEWS

_SCHEMA_DOCS = {
    "staging": "a run's rows on their way in (empty between runs)",
    "warehouse": "dimensions and facts",
    "quality": "quality issues, load audit and runs",
    "marts": "views for analysts",
}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@cache
def view_types() -> dict[str, dict[str, str]]:
    """Each view's column types, as DuckDB states them for an empty warehouse of this version."""
    from honlea.warehouse.backends import connect
    from honlea.warehouse.connection import upgrade_schema  # it imports this module

    with tempfile.TemporaryDirectory() as folder, connect(f"duckdb:///{folder}/types.duckdb") as warehouse:
        upgrade_schema(warehouse)
        return {
            view.qualified: dict(
                warehouse.query(f"DESCRIBE {view.qualified}").select("column_name", "column_type").rows()
            )
            for view in VIEWS
        }


def _entries(typed: bool = True) -> list[tuple[str, str, str, list[tuple[str, str, str]]]]:
    """(kind, qualified name, doc, [(column, type, doc)]) for every table and view; a view's column
    types are left empty unless `typed` (finding them creates a warehouse, whose comments come from
    here)."""
    tables = [("TABLE", t.qualified, t.doc, [(c.name, c.type, c.doc) for c in t.columns]) for t in TABLES]
    types = view_types() if typed else {v.qualified: dict.fromkeys(v.columns, "") for v in VIEWS}
    views = [
        (
            "VIEW",
            v.qualified,
            v.doc,
            [(name, types[v.qualified][name], doc) for name, doc in v.columns.items()],
        )
        for v in VIEWS
    ]
    return tables + views


def comment_statements(dialect: str) -> list[str]:
    """COMMENT ON every table, view and column (and schema: PostgreSQL only, DuckDB has no such comment)."""
    schemas = SCHEMAS if dialect == "postgresql" else ()
    statements = [f"COMMENT ON SCHEMA {s} IS {_quote(_SCHEMA_DOCS[s])}" for s in schemas]
    for kind, name, doc, columns in _entries(typed=False):
        statements.append(f"COMMENT ON {kind} {name} IS {_quote(doc)}")
        statements += [f"COMMENT ON COLUMN {name}.{column} IS {_quote(text)}" for column, _, text in columns]
    return statements


def markdown() -> str:
    """The dictionary as markdown."""
    lines = ["# HONLEA warehouse: data dictionary", ""]
    lines += [f"- `{s}`: {_SCHEMA_DOCS[s]}" for s in SCHEMAS]
    for kind, name, doc, columns in _entries():
        lines += [
            "",
            f"## {kind.lower()} `{name}`",
            "",
            doc,
            "",
            "| column | type | meaning |",
            "|---|---|---|",
        ]
        lines += [f"| `{column}` | {type_} | {text} |" for column, type_, text in columns]
    lines += ["", "## Example queries"]
    for question, sql in EXAMPLES:
        lines += ["", f"{question}:", "", "```sql", sql, "```"]
    return "\n".join(lines) + "\n"


def html_page() -> str:
    """The dictionary as one browsable HTML page with a table of contents."""
    toc = "".join(
        f'<li><a href="#{name}">{name}</a> ({kind.lower()})</li>' for kind, name, _, _ in _entries()
    )
    sections = []
    for kind, name, doc, columns in _entries():
        rows = "".join(
            f"<tr><td><code>{html.escape(c)}</code></td><td>{html.escape(t)}</td><td>{html.escape(d)}</td></tr>"
            for c, t, d in columns
        )
        sections.append(
            f'<section id="{name}"><h2>{kind.lower()} <code>{name}</code></h2><p>{html.escape(doc)}</p>'
            f"<table><tr><th>column</th><th>type</th><th>meaning</th></tr>{rows}</table></section>"
        )
    style = (
        "body{font-family:sans-serif;max-width:70em;margin:auto}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}"
    )
    examples = "".join(
        f"<p>{html.escape(question)}:</p><pre><code>{html.escape(sql)}</code></pre>"
        for question, sql in EXAMPLES
    )
    sections.append(f'<section id="examples"><h2>Example queries</h2>{examples}</section>')
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>HONLEA data dictionary</title>"
        f"<style>{style}</style></head><body><h1>HONLEA warehouse: data dictionary</h1>"
        f"<ul>{toc}</ul>{''.join(sections)}</body></html>\n"
    )


def write_dictionary(out_dir: Path) -> tuple[Path, Path]:
    """Write data-dictionary.md and data-dictionary.html; their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    md, page = out_dir / "data-dictionary.md", out_dir / "data-dictionary.html"
    md.write_text(markdown(), encoding="utf-8")
    page.write_text(html_page(), encoding="utf-8")
    return md, page
