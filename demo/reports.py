"""Synthetic country reports (conference room papers UNODC/HONLAC/22/CRP.2-17) for the demo inbox.

The 16 States that submitted a report to the 22nd meeting (seed report, para 5 and annex) each get
one, in the working language the directory of liaison offices records for them
(config/liaison_offices.csv): Word mostly, a few PDFs, one workbook. The narrative repeats the
meeting's observations (maritime transport, containers, semi-submersibles, microtrafficking, liquid
cocaine; demo/specs/report_texts.csv). The seizures table gives the same figures as the State's
synthetic annual totals for 2010 and 2011, except the one discrepancy the spec plants; the other
indicators are drawn. Every file is named SYNTHETIC_* and says it is synthetic on its first line.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from honlea.config.directory import country_language
from honlea.config.reference import dim_country
from honlea.config.settings import SYNTHETIC_PREFIX
from honlea.demo.inbox import annual_records
from honlea.demo.specification import ANNUAL, LABELS, SPECS

MEETING, YEARS = 22, (2010, 2011)
REPORT_DRUGS = ("cocaine_hcl", "herb")  # the drugs whose seizures a report gives
INDICATORS = {  # indicator -> range of its yearly figure
    "arrests": (800, 12000),
    "laboratories_dismantled": (0, 40),
    "hectares_eradicated": (0, 9000),
    "precursors_seized": (500, 60000),
}


@dataclass
class ReportContent:
    """A report as its author writes it: cover lines, sections, tables (heading, rows; first is header)."""

    language: str
    cover: list[str]
    sections: list[tuple[str, str]] = field(default_factory=list)
    tables: list[tuple[str, list[list[str]]]] = field(default_factory=list)


def _texts() -> dict[str, dict[str, str]]:
    with (SPECS / "report_texts.csv").open(encoding="utf-8", newline="") as handle:
        return {row["key"]: row for row in csv.DictReader(handle)}


def _specs() -> list[dict[str, str]]:
    with (SPECS / "country_reports.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def symbol(number: int, meeting: int = MEETING) -> str:
    return f"UNODC/HONLAC/{meeting}/CRP.{number}"


def report_content(
    number: int,
    country: str,
    language: str,
    day: date,
    seizures: list[tuple[str, str, list[str]]],
    indicators: dict[str, list[str]],
    years: tuple[int, ...] = YEARS,
) -> ReportContent:
    """A report in `language`: the synthetic label, symbol, title, cover lines, four narrative sections,
    a seizures table (drug, unit, a column per year) and a table of other indicators."""
    texts = {key: row[language] for key, row in _texts().items()}
    content = ReportContent(
        language,
        [
            texts["synthetic"],
            symbol(number),
            texts["title"].format(country=country),
            f"{texts['country_label']}: {country}",
            f"{texts['date_label']}: {day.isoformat()}",
            f"{texts['language_label']}: {texts['language_name']}",
        ],
    )
    for key in ("trends", "routes", "cooperation", "legislation"):
        content.sections.append((texts[key], texts[f"{key}_text"].format(country=country, year=years[-1])))
    header = [texts["drug_column"], texts["unit_column"], *map(str, years)]
    content.tables.append((texts["seizures_heading"], [header, *[[d, u, *v] for d, u, v in seizures]]))
    rows = [[texts[key], *values] for key, values in indicators.items()]
    content.tables.append(
        (texts["indicators_heading"], [[texts["indicator_column"], *map(str, years)], *rows])
    )
    return content


def write_docx(content: ReportContent, path: Path) -> Path:
    """A Word document: cover paragraphs, Heading 1 sections, each table under a caption paragraph."""
    from docx import Document

    document = Document()
    document.core_properties.language = content.language
    document.core_properties.title = content.cover[2] if len(content.cover) > 2 else ""
    for line in content.cover:
        document.add_paragraph(line)
    for heading, text in content.sections:
        document.add_heading(heading, level=1)
        document.add_paragraph(text)
    for heading, rows in content.tables:
        document.add_paragraph(heading)
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
    document.save(str(path))
    return path


def write_pdf(content: ReportContent, path: Path) -> Path:
    """A PDF: cover lines, sections with headings in a larger type, tables with ruled cells."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_lang(content.language)
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for line in content.cover:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    for heading, text in content.sections:
        pdf.set_font("helvetica", "B", 14)
        pdf.multi_cell(0, 9, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=10)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    for heading, rows in content.tables:
        pdf.ln(4)
        pdf.multi_cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")
        with pdf.table(first_row_as_headings=False) as table:
            for row in rows:
                table.row(row)
    pdf.output(str(path))
    return path


def write_xlsx(content: ReportContent, path: Path) -> Path:
    """A workbook: a sheet per table, its heading in the first row, above the cover's lines."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for index, (heading, rows) in enumerate(content.tables, start=1):
        sheet = book.create_sheet(f"Table {index}")
        for line in content.cover[:2]:  # the synthetic label and the symbol
            sheet.append([line])
        sheet.append([heading])
        for row in rows:
            sheet.append([_number(value) for value in row])
    book.save(str(path))
    return path


def _number(text: str) -> str | float:
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return text


WRITERS = {"docx": write_docx, "pdf": write_pdf, "xlsx": write_xlsx}


def file_name(number: int, iso3: str, extension: str) -> str:
    """SYNTHETIC_UNODC-HONLAC-22-CRP.<n>_<ISO3>.<ext>"""
    return f"{SYNTHETIC_PREFIX}UNODC-HONLAC-{MEETING}-CRP.{number}_{iso3}.{extension}"


def _seizures(spec: dict[str, str], language: str) -> list[tuple[str, str, list[str]]]:
    """The State's annual totals of REPORT_DRUGS for YEARS, as its demo statistics give them (drawn for
    a State with no statistics), the planted discrepancy applied."""
    annual = next((a for a in ANNUAL if a.iso3 == spec["iso3"]), None)
    rng = random.Random(f"2012-report-{spec['iso3']}")
    figures: dict[tuple[str, int], tuple[str, float]] = {}
    if annual is not None:
        for record in annual_records(annual):
            if record["id"] in REPORT_DRUGS and record["year"] in YEARS:
                figures[record["id"], int(record["year"])] = (str(record["unit"]), float(record["qty"]))
    else:
        for drug in REPORT_DRUGS:
            for year in YEARS:
                figures[drug, year] = ("kg", round(rng.uniform(50, 9000), 1))
    rows = []
    for drug in REPORT_DRUGS:
        if not any((drug, year) in figures for year in YEARS):
            continue
        unit = next(figures[drug, y][0] for y in YEARS if (drug, y) in figures)
        values = []
        for year in YEARS:
            value = figures.get((drug, year), (unit, None))[1]
            if value is not None and (drug, str(year)) == (
                spec["discrepancy_drug"],
                spec["discrepancy_year"],
            ):
                value = round(value * float(spec["discrepancy_factor"]), 1)
            values.append("" if value is None else f"{value:.3f}".rstrip("0").rstrip("."))
        rows.append((LABELS[drug][language], unit, values))
    return rows


def demo_report(spec: dict[str, str]) -> tuple[ReportContent, str]:
    """The report of one row of country_reports.csv, and its file name."""
    language = country_language(spec["iso3"])  # the directory of liaison offices records it
    names = dim_country().filter(dim_country()["iso3"] == spec["iso3"]).row(0, named=True)
    rng = random.Random(f"2012-report-indicators-{spec['iso3']}")
    indicators = {key: [str(rng.randint(*bounds)) for _ in YEARS] for key, bounds in INDICATORS.items()}
    number = int(spec["number"])
    content = report_content(
        number,
        names[f"name_{language}"],
        language,
        date.fromisoformat(spec["date"]),
        _seizures(spec, language),
        indicators,
    )
    return content, file_name(number, spec["iso3"], spec["format"])


def write_country_reports(out_dir: Path) -> list[Path]:
    """Write the demo's country reports into out_dir/reports; their paths."""
    folder = Path(out_dir) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for spec in _specs():
        content, name = demo_report(spec)
        paths.append(WRITERS[spec["format"]](content, folder / name))
    return paths


def planted_discrepancy() -> tuple[str, str, int]:
    """(iso3, drug, year) of the report figure planted to differ from the statistics."""
    spec = next(s for s in _specs() if s["discrepancy_drug"])
    return spec["iso3"], spec["discrepancy_drug"], int(spec["discrepancy_year"])
