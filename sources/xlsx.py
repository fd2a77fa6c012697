"""Read an xlsx workbook's sheets as cells of text in one streaming pass over each sheet's XML.

Vectorised with polars regexes (no per-cell Python): memory grows with the cells that hold something,
not with the sheet's dimension or its formatted blank rows. Besides the values, the pass sees what a
value reader hides: hidden sheets, Excel error values and formulas saved without a computed value.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from html import unescape
from math import isfinite
from xml.etree import ElementTree

import polars as pl

_P = "(?:[A-Za-z0-9_]+:)?"  # any namespace prefix
_ROW = rf"(?s)<{_P}row(?:[ \t\r\n][^>]*?)?(?:/>|>.*?</{_P}row>)"
_CELL = rf"(?s)<{_P}c(?:[ \t\r\n][^>]*?)?(?:/>|>.*?</{_P}c>)"
_SHEET_DATA = re.compile(rb"<([A-Za-z0-9_]+:)?sheetData[ \t\r\n>/]")
_CHUNK = 2 << 20  # bytes of sheet XML handled at once
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DOC_RELATION = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59), *range(71, 82)}
_NOT_DATE_PARTS = re.compile(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]')  # quoted text, escapes, [colours]
_ESCAPED = r"&#|_x[0-9A-Fa-f]{4}_"  # character references left to Python
FORMULA_MARK = "="  # a formula saved without its value reads as "=" and the formula


@dataclass(frozen=True)
class Sheet:
    """A worksheet of the workbook: its name, visibility and the part holding its XML."""

    name: str
    state: str  # visible, hidden or veryHidden
    part: str


@dataclass(frozen=True)
class Workbook:
    """What every sheet's cells need: shared strings, which styles are dates, the date system."""

    archive: zipfile.ZipFile
    sheets: list[Sheet]
    shared: pl.DataFrame  # index, text
    date_styles: pl.DataFrame  # style: the cell styles whose number format is a date
    epoch_1904: bool


def _xml(archive: zipfile.ZipFile, part: str) -> ElementTree.Element | None:
    return ElementTree.fromstring(archive.read(part)) if part in archive.NameToInfo else None


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type's last word, target part) of a part."""
    folder, name = posixpath.split(part)
    rels = _xml(archive, posixpath.join(folder, "_rels", f"{name}.rels"))
    found = {}
    for rel in [] if rels is None else rels.iter(_RELS):
        target = rel.get("Target", "")
        path = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        found[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
    return found


def _runs(items: pl.Expr) -> pl.Expr:
    """The text of <si> or <is> elements as written: their runs joined, phonetic guides left out."""
    return items.str.replace_all(rf"(?s)<{_P}rPh[ >].*?</{_P}rPh>", "").str.replace_all(r"<[^>]*>", "")


def _unescape_texts(texts: pl.Series) -> pl.Series:
    """XML text as meant: entities, character references and Excel's _xHHHH_ escapes decoded."""
    if not texts.str.contains("&|_x", literal=False).any():
        return texts
    odd = texts.str.contains(_ESCAPED).fill_null(False)
    named = texts.str.replace_many(["&lt;", "&gt;", "&quot;", "&apos;", "&amp;"], ["<", ">", '"', "'", "&"])
    if not odd.any():
        return named
    odd_texts = texts.filter(odd).unique().to_list()  # a column repeats its few odd texts: each decoded once
    decoded = texts.replace_strict(
        odd_texts, [_unescape(t) for t in odd_texts], default=None, return_dtype=pl.String
    )
    return decoded.zip_with(odd, named).rename(texts.name)


def _unescape(text: str) -> str:
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), unescape(text))


def _shared_strings(archive: zipfile.ZipFile, part: str | None) -> pl.DataFrame:
    data = archive.read(part).decode("utf-8") if part else ""
    items = pl.Series([data]).str.extract_all(rf"(?s)<{_P}si(?:[ \t\r\n][^>]*)?(?:/>|>.*?</{_P}si>)")
    texts = _unescape_texts(items.explode().drop_nulls().to_frame("si").select(_runs(pl.col("si")))["si"])
    return pl.DataFrame({"index": pl.int_range(texts.len(), eager=True, dtype=pl.Int64), "text": texts})


def is_date_format(code: str) -> bool:
    """A number format that shows a date or time (d, m, y, h or s outside quotes, escapes, [colours])."""
    return re.search(r"[dmyhs]", _NOT_DATE_PARTS.sub("", code), re.IGNORECASE) is not None


def _date_styles(archive: zipfile.ZipFile, part: str | None) -> pl.DataFrame:
    styles = _xml(archive, part) if part else None
    dates: list[int] = []
    if styles is not None:
        custom = {
            int(fmt.get("numFmtId", "0")): fmt.get("formatCode", "")
            for fmt in styles.iterfind("{*}numFmts/{*}numFmt")
        }
        for index, xf in enumerate(styles.iterfind("{*}cellXfs/{*}xf")):
            number_format = int(xf.get("numFmtId", "0"))
            if number_format in _DATE_FORMAT_IDS or is_date_format(custom.get(number_format, "")):
                dates.append(index)
    return pl.DataFrame({"style": dates}, schema={"style": pl.Int64})


def _book(archive: zipfile.ZipFile) -> tuple[str, ElementTree.Element]:
    """The workbook part's path and XML."""
    book_part = next(
        (path for kind, path in _relations(archive, "").values() if kind == "officeDocument"),
        "xl/workbook.xml",
    )
    book = _xml(archive, book_part)
    if book is None:
        raise KeyError(f"no workbook part {book_part}")
    return book_part, book


def defined_names(archive: zipfile.ZipFile) -> set[str]:
    """The names the workbook defines for all its sheets (not those of one sheet), read from the
    workbook part alone."""
    return {
        name.get("name", "")
        for name in _book(archive)[1].iterfind("{*}definedNames/{*}definedName")
        if name.get("localSheetId") is None
    }


def open_workbook(archive: zipfile.ZipFile) -> Workbook:
    """The workbook's sheets in tab order, shared strings, date styles and date system."""
    book_part, book = _book(archive)
    relations = _relations(archive, book_part)
    parts = {kind: path for kind, path in relations.values()}
    sheets = [
        Sheet(
            sheet.get("name", ""), sheet.get("state", "visible"), relations[sheet.get(_DOC_RELATION, "")][1]
        )
        for sheet in book.iterfind("{*}sheets/{*}sheet")
        if relations.get(sheet.get(_DOC_RELATION, ""), ("",))[0] == "worksheet"
    ]
    properties = book.find("{*}workbookPr")
    return Workbook(
        archive,
        sheets,
        _shared_strings(archive, parts.get("sharedStrings")),
        _date_styles(archive, parts.get("styles")),
        properties is not None and properties.get("date1904", "0").lower() in ("1", "true"),
    )


def _row_start(data: bytes, prefix: bytes) -> int:
    """Where the last <row> element of the data starts (0 if none starts after its first byte)."""
    mark, end = b"<" + prefix + b"row", len(data)
    while (found := data.rfind(mark, 1, end)) > 0:
        if data[found + len(mark) : found + len(mark) + 1] in (b" ", b">", b"/", b"\t", b"\r", b"\n"):
            return found
        end = found  # <rowBreaks>
    return 0


def _xml_chunks(archive: zipfile.ZipFile, part: str) -> Iterator[str]:
    """The sheet's XML in pieces of about _CHUNK bytes that each end where a row starts."""
    tail, prefix = b"", None
    with archive.open(part) as stream:
        while block := stream.read(_CHUNK):
            data = tail + block
            if prefix is None and (found := _SHEET_DATA.search(data)):
                prefix = found.group(1) or b""
            cut = _row_start(data, prefix or b"")
            if cut:
                yield data[:cut].decode("utf-8")
            tail = data[cut:]
    if tail:
        yield tail.decode("utf-8")


def _attribute(tag: pl.Expr, name: str) -> pl.Expr:
    """An attribute's value in an element's start tag."""
    return tag.str.extract(rf"[ \t\r\n]{name}=[\"']([^\"']*)[\"']")


def column_letter(index: int) -> str:
    """Excel's letters for a 0-based column (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, digit = divmod(index - 1, 26)
        letters = chr(65 + digit) + letters
    return letters


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


_FIELDS = ("letters", "row", "style", "type", "f", "formula", "v", "inline")
#: A cell as Excel, LibreOffice, openpyxl and xlsxwriter write it: r, s, t in this order, a formula,
#: a value, a plain inline string. Other cells go the slower way of one regex per attribute.
_PLAIN_CELL = (
    rf'(?s)^<{_P}c r="([A-Z]+)([0-9]+)"(?: s="([0-9]+)")?(?: t="([A-Za-z]+)")?(?: (?:cm|vm|ph)="[^"]*")*>'
    rf"(<{_P}f(?:[ \t\r\n][^>]*?)?(?:/>|>([^<]*)</{_P}f>))?(?:<{_P}v>([^<]*)</{_P}v>|<{_P}v ?/>)?"
    rf"(?:<{_P}is><{_P}t(?:[ \t\r\n][^>]*)?>([^<]*)</{_P}t></{_P}is>)?</{_P}c>$"
)


def _fields(cells: pl.DataFrame) -> pl.DataFrame:
    """The fields of _PLAIN_CELL of cells written another way (attributes in another order, rich
    inline text, no reference), one regex each."""
    tag = pl.col("cell").str.extract(r"^(<[^>]*>)")
    body = pl.col("cell").str.replace(r"^<[^>]*>", "")
    return cells.select(
        "cell",
        _attribute(tag, "r").str.extract(r"^([A-Z]+)").alias("letters"),
        _attribute(tag, "r").str.extract(r"([0-9]+)$").alias("row"),
        _attribute(tag, "s").alias("style"),
        _attribute(tag, "t").alias("type"),
        body.str.extract(rf"(<{_P}f[ \t\r\n>/])").alias("f"),
        body.str.extract(rf"(?s)<{_P}f(?:[ \t\r\n][^>]*?)?(?:/>|>(.*?)</{_P}f>)").alias("formula"),
        body.str.extract(rf"(?s)<{_P}v(?:[ \t\r\n][^>]*)?>(.*?)</{_P}v>").alias("v"),
        _runs(body.str.extract(rf"(?s)<{_P}is(?:[ \t\r\n][^>]*)?>(.*?)</{_P}is>")).alias("inline"),
    )


def _with_columns(fields: pl.DataFrame) -> pl.DataFrame:
    """letters replaced by column: 0-based (A is 0); where a cell has no reference, the column after
    the previous cell of its row (fields of _positioned: position and row_number)."""
    letters = fields["letters"].drop_nulls().unique().to_list()
    column = pl.col("letters").replace_strict(letters, [_column_index(x) for x in letters]).cast(pl.Int64)
    if "position" in fields.columns:
        after = (column - pl.col("position")).forward_fill().over("row_number").fill_null(0)
        column = pl.coalesce(column, pl.col("position") + after)
    return fields.with_columns(column.alias("column")).drop("letters")


def _positioned(xml: str, first_row: int) -> pl.DataFrame:
    """_fields of every cell, placed by its reference ("B3") or, where a writer left references out,
    by its place: a row after the previous row (from first_row), a cell after the previous cell."""
    rows = pl.Series("row_xml", [xml]).str.extract_all(_ROW).explode().drop_nulls().to_frame()
    rows = rows.with_columns(
        _attribute(pl.col("row_xml").str.extract(r"^(<[^>]*>)"), "r")
        .cast(pl.Int64, strict=False)
        .alias("row")
    ).with_columns(pl.coalesce("row", first_row + pl.int_range(pl.len())).cast(pl.String).alias("row_number"))
    cells = rows.select("row_number", pl.col("row_xml").str.extract_all(_CELL).alias("cell")).explode("cell")
    cells = cells.drop_nulls("cell").with_columns(pl.int_range(pl.len()).over("row_number").alias("position"))
    fields = pl.concat([_fields(cells), cells.select("row_number", "position")], how="horizontal")
    fields = _with_columns(fields.with_columns(pl.coalesce("row", "row_number").alias("row")))
    return fields.filter(~pl.col("cell").str.ends_with("/>")).drop("row_number", "position", "cell")


def _cells(xml: str, first_row: int) -> pl.DataFrame:
    """row, column (0-based), type, style, v, inline, formula, has_formula of each cell of the XML
    piece that holds something (rows numbered from first_row where a row does not give its number)."""
    cells = pl.Series("cell", [xml]).str.extract_all(_CELL).explode().drop_nulls().to_frame()
    cells = cells.filter(~pl.col("cell").str.ends_with("/>"))  # formatted but empty
    plain = cells.select(pl.col("cell").str.extract_groups(_PLAIN_CELL).struct.rename_fields(list(_FIELDS)))
    plain = plain.unnest("cell").with_columns(cells["cell"])
    fields = _with_columns(plain.filter(pl.col("letters").is_not_null()).drop("cell"))
    others = _fields(plain.filter(pl.col("letters").is_null()))
    if others["letters"].null_count():  # a writer left references out: place every cell by order
        fields = _positioned(xml, first_row)
    elif others.height:
        fields = pl.concat([fields, _with_columns(others).drop("cell")], how="diagonal")
    return fields.select(
        pl.col("row").cast(pl.Int64),
        "column",
        pl.col("type").fill_null("n"),
        pl.col("style").cast(pl.Int64).fill_null(0),
        "v",
        "inline",
        "formula",
        pl.col("f").is_not_null().alias("has_formula"),
    )


def shortest(number: str) -> str:
    """A number as Excel shows it: 15 significant digits, no exponent ("3.5000000000000005E-4" ->
    "0.00035", "1e+21" -> "1000000000000000000000")."""
    value = float(number)
    text = format(Decimal(repr(float(f"{value:.15g}"))), "f") if isfinite(value) else number
    return text.removesuffix(".0")


def _dates(serial: pl.Expr, epoch_1904: bool) -> pl.Expr:
    """Excel serial date as "yyyy-mm-dd hh:mm:ss" (the 1900 system counts a 29 February 1900)."""
    epoch = (
        pl.lit(datetime(1904, 1, 1))
        if epoch_1904
        else pl.when(serial < 60)
        .then(pl.lit(datetime(1899, 12, 31)))
        .otherwise(pl.lit(datetime(1899, 12, 30)))
    )
    return (epoch + pl.duration(milliseconds=(serial * 86_400_000).round().cast(pl.Int64))).dt.strftime(
        "%Y-%m-%d %H:%M:%S"
    )


def _texts_of(cells: pl.DataFrame, book: Workbook) -> pl.DataFrame:
    """row, column, text, flag: each cell's value as Excel shows it (numbers to 15 digits, dates as
    "yyyy-mm-dd hh:mm:ss", errors as "#N/A", formulas saved without a value as "=formula"), flagged
    excel_error or formula_without_value where the cell holds no value; cells that hold only spaces or
    nothing are left out."""
    cells = cells.with_columns(
        _unescape_texts(cells["v"]), _unescape_texts(cells["formula"]), _unescape_texts(cells["inline"])
    ).join(
        book.shared.rename({"index": "shared_index", "text": "shared"}),
        left_on=pl.when(pl.col("type") == "s").then(pl.col("v").cast(pl.Int64, strict=False)),
        right_on="shared_index",
        how="left",
        maintain_order="left",
    )
    cells = cells.join(
        book.date_styles.with_columns(pl.lit(True).alias("is_date")),
        on="style",
        how="left",
        maintain_order="left",
    )
    number = pl.col("v").str.strip_chars().cast(pl.Float64, strict=False)
    written = pl.col("v").str.strip_chars()
    plain = written.str.contains(r"^-?[0-9]{1,15}(\.[0-9]+)?$") & (written.str.len_chars() <= 16)
    odd = cells.filter(pl.col("type") == "n", ~plain, number.is_not_null())["v"].unique().to_list()
    uncomputed = pl.col("has_formula") & (
        pl.col("v").is_null() | ((pl.col("v") == "") & ~pl.col("type").is_in(["str", "inlineStr"]))
    )
    text = (
        pl.when(uncomputed)
        .then(pl.lit(FORMULA_MARK) + pl.col("formula").fill_null(""))
        .when(pl.col("type") == "s")
        .then(pl.col("shared"))
        .when(pl.col("type") == "inlineStr")
        .then(pl.col("inline"))
        .when(pl.col("type") == "b")
        .then(pl.when(pl.col("v") == "1").then(pl.lit("true")).otherwise(pl.lit("false")))
        .when(pl.col("type").is_in(["str", "e", "d"]))
        .then(pl.col("v"))
        .when(pl.col("is_date") & number.is_not_null())
        .then(_dates(number, book.epoch_1904))
        .when(plain)
        .then(written.str.replace(r"\.0+$", ""))
        .otherwise(pl.col("v").replace_strict(odd, [shortest(x) for x in odd], default=pl.col("v")))
    )
    flag = (
        pl.when(uncomputed)
        .then(pl.lit("formula_without_value"))
        .when(pl.col("type") == "e")
        .then(pl.lit("excel_error"))
    )
    return cells.select("row", "column", text.alias("text"), flag.alias("flag")).filter(
        pl.col("text").str.strip_chars() != ""
    )


def sheet_cells(book: Workbook, sheet: Sheet) -> pl.DataFrame:
    """row (as Excel numbers it), column (0-based: A is 0), text and flag (see _texts_of) of every cell
    of the sheet holding something, in row order."""
    parts, last_row = [], 0
    for xml in _xml_chunks(book.archive, sheet.part):
        cells = _cells(xml, last_row + 1)
        if cells.height:
            last_row = int(cells["row"].max() or last_row)
            parts.append(_texts_of(cells, book))
    schema = {"row": pl.Int64, "column": pl.Int64, "text": pl.String, "flag": pl.String}
    return pl.concat(parts) if parts else pl.DataFrame(schema=schema)
