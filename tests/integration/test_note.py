"""The Secretariat's note, written by the real nightly flow from the demo warehouse (DuckDB and
PostgreSQL): every number of its tables, charts and sentences equals a query written here over the views
and facts; the DOCX, HTML and annex open in their own tools; ES and FR have no English label; a night
with nothing new keeps the note; a note that cannot be written does not undo the load; with the annex
alone, the note for 2022 reproduces the annex's own sums."""

from __future__ import annotations

import re
import shutil
import string
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from babel.numbers import format_decimal
from docx import Document as read_docx
from playwright.sync_api import sync_playwright

from honlea.config.meetings import load_meetings, load_note_rules
from honlea.config.settings import ANNEX_FILE, CONFIG_DIR
from honlea.demo.inbox import write_demo_inbox
from honlea.flows.cli import main
from honlea.note.text import note_texts
from tests.integration.helpers import BACKENDS, query, run_nightly, warehouse_url

CHROMIUM = "/usr/bin/chromium"
STEM = "UNODC_HONLAC_23_2"
LOCALES = load_note_rules(CONFIG_DIR).locales
MEMBERS = load_meetings(CONFIG_DIR).meeting(23).member_states
FIGURES = "marts.v_seizures_group_preferred"  # one figure per country, group and year
DRUGS = "p.drug_group_id <> 'precursors'"  # precursors are not drugs (config/note.yaml)


@pytest.fixture(scope="module", params=BACKENDS)
def demo_note(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    """The demo inbox through one nightly run, which writes the note: (url, summary, workdir)."""
    work = tmp_path_factory.mktemp("note")
    write_demo_inbox(work / "inbox")
    warehouse = warehouse_url(request.param, work)
    url, summary = run_nightly(work / "inbox", work, next(warehouse))
    yield url, summary, work
    next(warehouse, None)


def _sheet(path: Path, name: str) -> tuple[list[str], list[tuple]]:
    """(header, rows) of one table of an annex."""
    sheet = openpyxl.load_workbook(path)[name]
    header = [c.value for c in sheet[3]]
    rows = []
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if row[0] is None:
            break
        rows.append(row)
    return header, rows


def _same(found: list, expected: list) -> bool:
    """The same figures, to rounding; None (no figure) only where None is expected."""
    return len(found) == len(expected) and all(
        f is None if e is None else f == pytest.approx(e, rel=1e-9)
        for f, e in zip(found, expected, strict=True)
    )


def _reference_year(url: str) -> int:
    """The latest year with figures from at least half of the member States in the Americas."""
    marks = ", ".join(f"'{iso3}'" for iso3 in MEMBERS)
    in_region = query(
        url,
        "SELECT COUNT(*) AS n FROM warehouse.dim_country "
        f"WHERE unodc_region = 'Americas' AND iso3 IN ({marks})",
    )["n"].item()
    years = query(
        url,
        f"SELECT p.year, COUNT(DISTINCT p.iso3) AS n FROM {FIGURES} p "
        "JOIN warehouse.dim_country c USING (iso3) "
        f"WHERE c.unodc_region = 'Americas' AND p.iso3 IN ({marks}) AND {DRUGS} GROUP BY p.year",
    )
    return years.filter(pl.col("n") >= in_region / 2)["year"].max()


def _region_totals(url: str, years: list[int], column: str = "c.unodc_region") -> pl.DataFrame:
    return query(
        url,
        f"SELECT g.drug_group, {column} AS area, p.year, SUM(p.kilograms) AS kg, COUNT(DISTINCT p.iso3) AS n "
        f"FROM {FIGURES} p JOIN warehouse.dim_country c USING (iso3) "
        "JOIN (SELECT DISTINCT drug_group_id, drug_group FROM warehouse.dim_drug) g USING (drug_group_id) "
        f"WHERE c.unodc_region = 'Americas' AND {DRUGS} AND p.year IN ({', '.join(map(str, years))}) "
        f"GROUP BY g.drug_group, {column}, p.year",
    )


def _text(path: Path) -> str:
    """The visible text of an HTML page, on one line."""
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))  # \s would take French no-break spaces
    return text.replace("&#39;", "'").replace("&amp;", "&")


def _tons(kg: float, language: str) -> str:
    return format_decimal(kg / 1000, format="#,##0.0", locale=LOCALES[language])


def test_the_nightly_run_writes_the_note_in_three_languages(demo_note):
    _, summary, work = demo_note
    folder = work / "data" / "note"
    assert "Secretariat's note UNODC/HONLAC/23/2" in summary
    for language in ("en", "es", "fr"):
        for suffix in ("docx", "html"):
            assert (folder / f"{STEM}_{language}.{suffix}").stat().st_size > 10_000
        assert (folder / f"{STEM}_{language}_annex.xlsx").is_file()
        assert len(list((folder / "charts" / language).glob("figure_*.png"))) >= 3
    assert not list(folder.glob(".note-*"))  # no staging folder left behind


def test_every_table_equals_a_query_over_the_views(demo_note):
    url, _, work = demo_note
    annex = work / "data" / "note" / f"{STEM}_en_annex.xlsx"
    year = _reference_year(url)
    years = list(range(year - 4, year + 1))
    header, rows = _sheet(annex, "Table 1")
    assert header[1:6] == [str(y) for y in years]
    totals = _region_totals(url, years)
    world = query(
        url,
        f"SELECT g.drug_group, SUM(p.kilograms) AS kg FROM {FIGURES} p "
        "JOIN (SELECT DISTINCT drug_group_id, drug_group FROM warehouse.dim_drug) g USING (drug_group_id) "
        f"WHERE p.year = {year} GROUP BY g.drug_group",
    )
    assert {r[0] for r in rows} == set(totals["drug_group"])
    for group, *values, change, share in rows:
        expected = {
            r["year"]: r["kg"] / 1000
            for r in totals.filter(pl.col("drug_group") == group).iter_rows(named=True)
        }
        assert _same(values, [expected.get(y) for y in years]), group
        old, new = expected.get(year - 1), expected.get(year)
        assert _same([change], [100 * (new - old) / old if old and new is not None else None]), group
        world_kg = world.filter(pl.col("drug_group") == group)["kg"].item() / 1000
        assert _same([share], [100 * new / world_kg if new is not None else None]), group
    # figure 1 shows the main groups' rows of table 1
    _, figure = _sheet(annex, "Figure 1")
    assert [r[1:] for r in figure] == [tuple(r[1:6]) for r in rows[: len(figure)]]
    # table 2: sub-regions, previous and reference year
    _, subregions = _sheet(annex, "Table 2")
    by_sub = _region_totals(url, [year - 1, year], "c.unodc_subregion")
    for group, sub, old, new, _ in subregions:
        found = by_sub.filter(pl.col("drug_group") == group, pl.col("area") == sub)
        figures = dict(zip(found["year"], found["kg"] / 1000, strict=True))
        assert _same([old, new], [figures.get(year - 1), figures.get(year)]), (group, sub)
    # table 3: the leading countries of cocaine-type drugs
    _, leading = _sheet(annex, "Table 3")
    top = query(
        url,
        f"SELECT c.name_en, p.kilograms FROM {FIGURES} p JOIN warehouse.dim_country c USING (iso3) "
        f"WHERE c.unodc_region = 'Americas' AND p.drug_group_id = 'cocaine_type' AND p.year = {year} "
        "ORDER BY p.kilograms DESC, c.name_en LIMIT 5",
    )
    assert [r[0] for r in leading] == top["name_en"].to_list()
    assert [r[2] for r in leading] == pytest.approx((top["kilograms"] / 1000).to_list(), rel=1e-9)


def test_the_scorecard_equals_a_query_over_the_reporting_views(demo_note):
    url, _, work = demo_note
    year = _reference_year(url)
    book = openpyxl.load_workbook(work / "data" / "note" / f"{STEM}_en_annex.xlsx")
    name = next(
        s
        for s in book.sheetnames
        if s.startswith("Table") and book[s]["A2"].value.startswith("Data received")
    )
    _, rows = _sheet(work / "data" / "note" / f"{STEM}_en_annex.xlsx", name)
    card = query(
        url,
        "SELECT c.name_en, SUM(s.rows_loaded) AS loaded, SUM(s.issues_open) AS open, "
        "SUM(s.rows_quarantined) AS quarantined FROM marts.v_reporting_scorecard s "
        f"JOIN warehouse.dim_country c USING (iso3) WHERE s.year = {year} GROUP BY c.name_en",
    )
    names = query(
        url,
        f"SELECT name_en FROM warehouse.dim_country WHERE iso3 IN ({', '.join(repr(m) for m in MEMBERS)})",
    )
    assert sorted(r[0] for r in rows) == sorted(names["name_en"])
    expected = {r["name_en"]: r for r in card.iter_rows(named=True)}
    for state, reported, *_, loaded, quarantined, issues, _check in [(r[0], r[1], *r[2:]) for r in rows]:
        found = expected.get(state, {"loaded": 0, "quarantined": 0, "open": 0})
        assert (loaded, quarantined, issues) == (found["loaded"], found["quarantined"], found["open"]), state
        assert reported == ("Yes" if found["loaded"] else "No"), state
        assert _check is None or "_" not in _check, state  # the check's explanation, not its code


def test_the_sentences_state_the_queried_numbers_in_each_language(demo_note):
    url, _, work = demo_note
    year = _reference_year(url)
    totals = _region_totals(url, [year]).filter(pl.col("drug_group") == "Cocaine-type").row(0, named=True)
    folder = work / "data" / "note"
    english = _text(folder / f"{STEM}_en.html")
    assert (
        f"In {year}, {totals['n']} countries in the Americas reported seizures of cocaine-type drugs "
        f"totalling {_tons(totals['kg'], 'en')} tons" in english
    )
    assert f"The reference year of the present note is {year}" in english
    spanish, french = _text(folder / f"{STEM}_es.html"), _text(folder / f"{STEM}_fr.html")
    assert f"{_tons(totals['kg'], 'es')} toneladas" in spanish and "," in _tons(totals["kg"], "es")
    assert f"{_tons(totals['kg'], 'fr')} tonnes" in french and "\u202f" in _tons(totals["kg"], "fr")


def test_no_sentence_shows_a_missing_value(demo_note):
    _, _, work = demo_note
    for language in ("en", "es", "fr"):
        text = _text(work / "data" / "note" / f"{STEM}_{language}.html")
        assert not re.findall(r"\b(None|nan|null)\b", text), language  # e.g. "year None" of a source


def test_spanish_and_french_have_no_english_label(demo_note):
    url, _, work = demo_note
    groups = query(url, "SELECT DISTINCT drug_group FROM warehouse.dim_drug")["drug_group"].to_list()
    for language in ("es", "fr"):
        text = _text(work / "data" / "note" / f"{STEM}_{language}.html")
        english = [
            literal.strip()
            for key, row in note_texts(CONFIG_DIR).items()
            if row[language] != row["en"]
            for literal, *_ in string.Formatter().parse(row["en"])
            if len(literal.strip()) >= 8
        ]
        english += [g for g in groups if len(g) >= 8]
        assert [label for label in english if label in text] == [], language


def test_the_docx_has_the_un_header_chapters_numbered_paragraphs_and_tables(demo_note):
    _, _, work = demo_note
    document = read_docx(str(work / "data" / "note" / f"{STEM}_en.docx"))
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert header == ["United Nations", "UNODC/HONLAC/23/2"]
    texts = [p.text for p in document.paragraphs]
    for line in (
        "Distr.: General",
        "Original: English",
        load_meetings(CONFIG_DIR).meeting(23).name.en,
        "Quito, Ecuador, 30 September–4 October 2013",
        "Item 3 of the provisional agenda",
        "Major regional drug trafficking trends and countermeasures",
        "Statistics and drug trafficking trends in the Americas",
        "Note by the Secretariat",
    ):
        assert line in texts
    chapters = [t for t in texts if re.match(r"^[IV]+\.\t", t)]
    assert chapters == [
        "I.\tIntroduction",
        "II.\tRegional overview",
        "III.\tTrends by drug",
        "IV.\tData coverage and quality",
        "V.\tPoints for consideration",
    ]
    numbers = [int(m.group(1)) for t in texts if (m := re.match(r"^(\d+)\.\t", t))]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 20
    captions = [t for t in texts if re.fullmatch(r"Table \d+", t)]
    assert len(document.tables) == 1 + len(captions) and len(captions) >= 5
    assert all(t.startswith("Source: ") for t in texts if t.startswith("Source"))


def test_the_html_opens_in_chromium_without_errors(demo_note, tmp_path: Path):
    _, _, work = demo_note
    page_file = work / "data" / "note" / f"{STEM}_fr.html"
    assert (
        "http"
        not in re.sub(r"https?://[^\"' ]*un\.org", "", page_file.read_text(encoding="utf-8")).split("<main>")[
            0
        ]
    )  # self-contained: nothing loaded from elsewhere
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(page_file.as_uri())
        shown = page.eval_on_selector_all("img", "images => images.map(i => i.naturalWidth)")
        page.screenshot(path=str(tmp_path / "note.png"), full_page=True)
        browser.close()
    assert errors == []
    assert len(shown) >= 3 and all(width > 0 for width in shown)
    assert (tmp_path / "note.png").stat().st_size > 50_000


def test_a_night_with_nothing_new_keeps_the_note(demo_note):
    url, _, work = demo_note
    docx = work / "data" / "note" / f"{STEM}_en.docx"
    before = docx.stat().st_mtime_ns
    _, summary = run_nightly(work / "inbox", work, url)
    assert "not regenerated (nothing new was published)" in summary
    assert docx.stat().st_mtime_ns == before


def test_the_command_writes_one_language_for_a_chosen_year_and_region(demo_note, tmp_path: Path, capsys):
    url, _, _ = demo_note
    out = tmp_path / "note"
    args = ["note", "--warehouse", url, "--out", str(out), "--lang", "es", "--year", "2021"]
    assert main([*args, "--region", "South America"]) == 0
    assert sorted(p.name for p in out.glob("*.*")) == [
        f"{STEM}_es.docx",
        f"{STEM}_es.html",
        f"{STEM}_es_annex.xlsx",
    ]
    text = _text(out / f"{STEM}_es.html")
    assert "El año de referencia de la presente nota, 2021, fue elegido expresamente" in text
    assert "en América del Sur" in text
    assert main([*args, "--region", "Atlantis"]) == 1
    assert "region 'Atlantis' is neither a UNODC region" in capsys.readouterr().err


def test_a_note_that_cannot_be_written_fails_its_task_not_the_load(tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "incautaciones_anuales_2011.csv").write_text(
        "País;Año;Droga;Cantidad;Unidad\nPerú;2011;Heroína;5;kg\n"
    )
    url, summary = run_nightly(inbox, tmp_path)
    assert "The Secretariat's note was not regenerated" in summary
    assert "no year has figures from at least 50% of the 35 member States of Americas" in summary
    assert query(url, "SELECT status FROM quality.etl_run")["status"].to_list() == ["succeeded"]
    assert query(url, "SELECT COUNT(*) AS n FROM warehouse.fact_seizure")["n"].item() == 1
    assert not (tmp_path / "data" / "note").exists() or not list((tmp_path / "data" / "note").glob("*.docx"))


def test_with_the_annex_alone_the_note_for_2022_reproduces_the_annex_sums(tmp_path: Path):
    (tmp_path / "inbox").mkdir()
    shutil.copy(ANNEX_FILE, tmp_path / "inbox" / ANNEX_FILE.name)
    run_nightly(tmp_path / "inbox", tmp_path)
    header, rows = _sheet(tmp_path / "data" / "note" / f"{STEM}_en_annex.xlsx", "Table 1")
    assert header[5] == "2022"
    source = pl.read_excel(ANNEX_FILE, read_options={"header_row": 1}).filter(
        pl.col("Region") == "Americas", pl.col("Reference year") == 2022, pl.col("Kilograms").is_not_null()
    )
    # groups whose rows are all plain components (no reported total, no plants, leaf or seed, not
    # counted in kilograms by UNODC): their figure is the plain sum of the annex's rows
    special = pl.col("DrugSubGroup").str.starts_with("Reported total") | pl.col("DrugName").str.contains(
        "(?i)total|plant|leaf|seed|straw"
    )
    plain = source.group_by("DrugGroup").agg(pl.col("Kilograms").sum(), special.any().alias("special"))
    plain = plain.filter(~pl.col("special"))
    note = {r[0].lower(): r[5] for r in rows}
    compared = [
        (group, kg)
        for group, kg in zip(plain["DrugGroup"], plain["Kilograms"], strict=True)
        if group.lower() in note
    ]
    assert len(compared) >= 2, plain
    for group, kg in compared:
        assert note[group.lower()] == pytest.approx(kg / 1000, rel=1e-9), group
