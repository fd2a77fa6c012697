"""The note as a Word document in the UN document style: header block (symbol, distribution, date,
original language, meeting, agenda item), title, numbered paragraphs, chapters, numbered tables and
figures each with its source line."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from honlea.note.document import Document, Figure, Heading, Paragraph, Table
from honlea.note.text import Words

FONT = "Times New Roman"
NUMERIC = ("tons", "change", "share", "count")
TEXT_WIDTH = 16.6  # cm between the margins


def _rule_below(paragraph: DocxParagraph, size: int = 12) -> None:
    """A horizontal line under the paragraph (the UN header's thick rule)."""
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    paragraph._p.get_or_add_pPr().append(border)


def _text(
    doc, text: str, size: float = 10, bold: bool = False, align=None, space_after: float = 0, italic=False
):
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    paragraph.paragraph_format.space_after = Pt(space_after)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _header(doc, document: Document) -> None:
    header = document.header
    top = doc.add_table(rows=1, cols=2)
    left, right = top.rows[0].cells
    left.paragraphs[0].add_run(header.organization).bold = True
    symbol = right.paragraphs[0].add_run(header.symbol)
    symbol.bold, symbol.font.size = True, Pt(14)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _rule_below(_text(doc, "", 4), 18)
    for line in (header.distribution, header.date, "", header.original):
        _text(doc, line, 10, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _rule_below(_text(doc, "", 4), 6)
    _text(doc, header.meeting, 10, bold=True, space_after=2)
    _text(doc, header.venue_dates, 10, space_after=6)
    _text(doc, header.item, 10, space_after=2)
    _text(doc, header.item_title, 10, bold=True, space_after=18)
    _text(doc, header.title, 16, bold=True, space_after=12)
    _text(doc, header.subtitle, 12, bold=True, space_after=12)


def _heading(doc, block: Heading) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.left_indent = Cm(1)
    paragraph.paragraph_format.first_line_indent = Cm(-1)
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run(f"{block.label}\t{block.text}")
    run.bold, run.font.size = True, Pt(12 if block.level == 1 else 10)
    paragraph.style = doc.styles["Heading 1" if block.level == 1 else "Heading 2"]


def _paragraph(doc, block: Paragraph) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.left_indent = Cm(1)
    paragraph.paragraph_format.first_line_indent = Cm(-1)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    label = f"{block.number}.\t" if block.number is not None else "\t"
    paragraph.add_run(label)
    paragraph.add_run(block.text).bold = block.emphasis


def _caption(doc, caption: str, title: str) -> None:
    paragraph = _text(doc, caption, 10, space_after=0)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(6)
    _text(doc, title, 10, bold=True, space_after=4).paragraph_format.keep_with_next = True


def _source(doc, lines: list[str]) -> None:
    for line in lines:
        _text(doc, line, 8, italic=True, space_after=0)
    doc.paragraphs[-1].paragraph_format.space_after = Pt(10)


def _table(doc, block: Table, words: Words) -> None:
    _caption(doc, block.caption, block.title)
    table = doc.add_table(rows=1, cols=len(block.columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, column in zip(table.rows[0].cells, block.columns, strict=True):
        run = cell.paragraphs[0].add_run(column.label)
        run.bold, run.font.size = True, Pt(8)
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    repeat = OxmlElement("w:tblHeader")  # the header row again on every page the table runs to
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, column, value in zip(cells, block.columns, row, strict=True):
            cell.paragraphs[0].add_run(words.cell(value, column.kind)).font.size = Pt(8)
            if column.kind in NUMERIC:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    weights = [_weight(block, index, words) for index in range(len(block.columns))]
    table.autofit = False
    for column, weight in zip(table.columns, weights, strict=True):
        column.width = Cm(TEXT_WIDTH * weight / sum(weights))  # the grid, which LibreOffice reads
        for cell in column.cells:
            cell.width = column.width  # the cells, which Word reads
    _source(doc, [*block.notes, block.source])


def _weight(block: Table, index: int, words: Words) -> float:
    """A column's share of the table's width, from its longest value and the longest word of its label."""
    column = block.columns[index]
    values = [len(words.cell(row[index], column.kind)) for row in block.rows]
    longest = max([*values, *(len(word) for word in column.label.split())], default=1)
    return min(max(longest / 4.5, 1.8), 3.5)


def _figure(doc, block: Figure) -> None:
    _caption(doc, block.caption, block.title)
    doc.add_picture(io.BytesIO(block.png), width=Cm(16))
    _source(doc, [block.source])


def write_docx(document: Document, words: Words, path: Path) -> Path:
    """Write the document to path (.docx); the path."""
    doc = new_docx()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for name in ("Heading 1", "Heading 2"):  # UN documents: black headings in the body font
        doc.styles[name].font.color.rgb = RGBColor(0, 0, 0)
        doc.styles[name].font.name = FONT
        fonts = doc.styles[name].element.rPr.rFonts
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
    footer = section.footer.paragraphs[0]
    footer.text = document.header.symbol
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.core_properties.title = document.header.title
    doc.core_properties.subject = document.header.symbol
    doc.core_properties.language = document.language
    _header(doc, document)
    for block in document.blocks:
        if isinstance(block, Heading):
            _heading(doc, block)
        elif isinstance(block, Paragraph):
            _paragraph(doc, block)
        elif isinstance(block, Table):
            _table(doc, block, words)
        else:
            _figure(doc, block)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
