"""Read a country report (a conference room paper: .docx, .pdf or .xlsx) into its cover text, its
narrative sections and its tables, as text. Run in the isolated reading worker: no Prefect, no GX.

A Word document's sections start at its paragraphs of a Heading style; a PDF's at its lines set in a
larger type than the body; a workbook has no narrative, each sheet is a table under the heading in its
first row. A table's heading is the last line of text above it. What the report's words mean (which
table holds what, the country, the language) is decided later (transforms/reports.py).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from honlea.sources.grids import Grid, UnreadableFile, grid_of
from honlea.sources.readers import read_grids, read_xlsx

REPORT_FORMATS = ("docx", "pdf", "xlsx")


@dataclass(frozen=True)
class Section:
    """A narrative section: its heading and the text below it, up to the next heading."""

    order: int  # 1, 2, ... in the document
    heading: str
    text: str


@dataclass(frozen=True)
class ReportTable:
    """A table of the report: its rows of cell texts (the first is its header) and where it is."""

    label: str  # where: "table 2", "page 3 table 1", or the sheet's name
    heading: str  # the line above it (a caption or heading); "" when none
    rows: list[list[str]]
    first_row: int = 1  # the number of its first row as the file shows it (a sheet's row, else 1)


@dataclass
class ReportDocument:
    """What a report holds, as text."""

    cover: list[str]  # the lines before the first section: symbol, country, date ...
    sections: list[Section] = field(default_factory=list)
    tables: list[ReportTable] = field(default_factory=list)
    declared_language: str | None = None  # as the file's properties declare it (en-GB, es, ...)


def _cell(text: object) -> str:
    return " ".join(str(text or "").split())


def _outline(report: ReportDocument, lines: list[tuple[str, bool]]) -> None:
    """Fill the report's cover (the lines before the first heading) and sections from its lines of text,
    each (text, is it a heading)."""
    headings: list[tuple[str, list[str]]] = []
    for text, is_heading in lines:
        if is_heading:
            headings.append((text, []))
        elif headings:
            headings[-1][1].append(text)
        else:
            report.cover.append(text)
    report.sections = [Section(n, h, "\n".join(body)) for n, (h, body) in enumerate(headings, start=1)]


def read_docx(path: Path) -> ReportDocument:
    """A Word document: paragraphs of a Heading (or Title) style open sections; tables in order."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(str(path))
    except Exception as exc:  # python-docx's, zipfile's and lxml's errors: every one means a damaged file
        raise UnreadableFile(
            f"{path.name} is not a readable Word document (.docx): the file is damaged or of another "
            f"type ({type(exc).__name__}: {exc})"
        ) from exc
    report = ReportDocument(cover=[], declared_language=document.core_properties.language or None)
    lines: list[tuple[str, bool]] = []
    last_line = ""
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            rows = [[_cell(c.text) for c in row.cells] for row in Table(element, document).rows]
            report.tables.append(ReportTable(f"table {len(report.tables) + 1}", last_line, rows))
        elif tag == "p":
            paragraph = Paragraph(element, document)
            text = _cell(paragraph.text)
            if not text:
                continue
            style = paragraph.style.name if paragraph.style is not None else ""
            lines.append((text, style.startswith("Heading")))
            last_line = text
    _outline(report, lines)
    return report


def _pdf_lines(page: object, outside: list[tuple[float, float, float, float]]) -> Iterator[dict]:
    """The page's text lines (text, top, size) that are not inside one of the boxes."""
    for line in page.extract_text_lines(keep_blank_chars=True):  # type: ignore[attr-defined]
        inside = any(
            x0 - 1 <= line["x0"] and line["top"] >= top - 1 and line["bottom"] <= bottom + 1
            for x0, top, _x1, bottom in outside
        )
        if not inside and line["text"].strip():
            size = max(char["size"] for char in line["chars"])
            yield {"text": _cell(line["text"]), "top": line["top"], "size": round(size, 1)}


def read_pdf(path: Path) -> ReportDocument:
    """A PDF: lines in a larger type than the body open sections; tables as pdfplumber finds them."""
    import pdfplumber
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        encrypted = PdfReader(str(path)).is_encrypted
    except (PdfReadError, OSError, ValueError) as exc:
        raise UnreadableFile(f"{path.name} is not a readable PDF: {exc}") from exc
    if encrypted:
        raise UnreadableFile(
            f"{path.name} is an encrypted (password-protected) PDF: it cannot be read; please send it "
            "without a password"
        )
    report = ReportDocument(cover=[])
    lines: list[tuple[str, float]] = []  # (text, size) in reading order, tables marked as ("", -1)
    try:
        with pdfplumber.open(str(path)) as pdf:
            report.declared_language = (pdf.metadata or {}).get("Lang") or None
            for number, page in enumerate(pdf.pages, start=1):
                found = page.find_tables()
                events = [(line["top"], line, None) for line in _pdf_lines(page, [t.bbox for t in found])]
                events += [(table.bbox[1], None, (i, table)) for i, table in enumerate(found, start=1)]
                above = ""  # the last line of text before a table
                for _top, line, table in sorted(events, key=lambda e: e[0]):
                    if line is not None:
                        lines.append((line["text"], line["size"]))
                        above = line["text"]
                    else:
                        rows = [[_cell(c) for c in row] for row in table[1].extract()]
                        report.tables.append(ReportTable(f"page {number} table {table[0]}", above, rows))
    except UnreadableFile:
        raise
    except Exception as exc:  # pdfminer's errors have no common base: every one means an unreadable file
        raise UnreadableFile(f"{path.name} is not a readable PDF ({type(exc).__name__}: {exc})") from exc
    body = statistics.median([size for _, size in lines]) if lines else 0
    _outline(report, [(line, size > body + 0.5) for line, size in lines])
    return report


def read_report_workbook(path: Path) -> ReportDocument:
    """A workbook: each sheet is a table; a first row with one cell only is the table's heading."""
    report = ReportDocument(cover=[])
    for grid in read_xlsx(path).grids:
        cells = [c for c in grid.frame.columns if c != "source_row"]
        rows = [[_cell(row[c]) for c in cells] for row in grid.frame.iter_rows(named=True)]
        numbers = grid.frame["source_row"].to_list()
        heading = ""
        while rows and sum(bool(c) for c in rows[0]) <= 1:  # title lines above the header
            heading = next((c for c in rows[0] if c), heading)
            report.cover.append(heading)
            rows, numbers = rows[1:], numbers[1:]
        if rows:
            report.tables.append(ReportTable(grid.sheet, heading, rows, numbers[0]))
    return report


_READERS = {"docx": read_docx, "pdf": read_pdf, "xlsx": read_report_workbook}


def read_report(path: Path) -> ReportDocument:
    """The report's text, sections and tables; UnreadableFile naming the file and what is wrong."""
    kind = path.suffix.lower().lstrip(".")
    if kind not in _READERS:
        raise UnreadableFile(f"{path.name}: a country report is read from {', '.join(REPORT_FORMATS)} files")
    return _READERS[kind](path)


def report_grids(path: Path) -> list[Grid]:
    """The tables of a Word or PDF report as grids (one per table, rows numbered from its header as 1),
    so that a feedback workbook can show them; any other file's grids as read_grids gives them."""
    if path.suffix.lower() not in (".docx", ".pdf"):
        return read_grids(path)
    return [
        Grid(table.label, grid_of(table.rows, range(table.first_row, table.first_row + len(table.rows))))
        for table in read_report(path).tables
    ]
