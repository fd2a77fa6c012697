"""The note as one self-contained, printable HTML page (charts embedded as base64 PNG), from a Jinja2
template."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from honlea.note.document import Document, Figure, Heading, Paragraph, Table
from honlea.note.docx import NUMERIC
from honlea.note.text import Words

_ENVIRONMENT = Environment(
    loader=PackageLoader("honlea.note", "templates"), autoescape=select_autoescape(["html"])
)


def _view(block: Any, words: Words) -> dict[str, Any]:
    """What the template shows of a block."""
    if isinstance(block, Heading):
        return {"kind": "heading", **block.__dict__}
    if isinstance(block, Paragraph):
        return {"kind": "paragraph", **block.__dict__}
    if isinstance(block, Table):
        rows = [
            [
                {"text": words.cell(value, column.kind), "numeric": column.kind in NUMERIC}
                for column, value in zip(block.columns, row, strict=True)
            ]
            for row in block.rows
        ]
        return {"kind": "table", **{**block.__dict__, "rows": rows}}
    assert isinstance(block, Figure)
    image = base64.b64encode(block.png).decode("ascii")
    return {
        "kind": "figure",
        "caption": block.caption,
        "title": block.title,
        "image": image,
        "source": block.source,
    }


def render_html(document: Document, words: Words) -> str:
    blocks = [_view(block, words) for block in document.blocks]
    template = _ENVIRONMENT.get_template("note.html")
    return template.render(document={"language": document.language, "blocks": blocks}, header=document.header)


def write_html(document: Document, words: Words, path: Path) -> Path:
    """Write the page to path (.html); the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(document, words), encoding="utf-8")
    return path
