"""The note in one language, written from NoteData: every sentence a template of config/note_texts.csv
filled with numbers from the data, every table and chart numbered with its source line."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import polars as pl

from honlea.config.directory import catalogue
from honlea.config.text import normalized
from honlea.note import analysis, charts
from honlea.note.analysis import REGION, SUBREGION, WORLD, per_cent
from honlea.note.data import NoteData
from honlea.note.document import Column, Document, Figure, Header, Heading, Paragraph, Table
from honlea.note.text import Words

ROMAN = ("I", "II", "III", "IV", "V")
LETTERS = "ABCDEFGHIJKLMNOP"
SAME = 0.5  # a change of less than half a per cent is "about the same"
MANYFOLD = 900  # from ten times as much, a rise is said so, not in per cent


class _Writer:
    """Appends numbered paragraphs, tables and figures to a document."""

    def __init__(self, data: NoteData, words: Words) -> None:
        self.data, self.w = data, words
        self.totals = analysis.group_totals(data)
        self.discussed = analysis.discussed_groups(data)
        self.blocks: list[Any] = []
        self.paragraphs = self.tables = self.figures = 0
        self.sources_line = self.w("source_line", sources=self._source_names())

    # --- names -------------------------------------------------------------------------------------------
    def _source_names(self) -> str:
        """The sources of the figures of the trend's years (the note's tables and charts)."""
        used = set(self.data.figures.filter(pl.col("year").is_in(list(self.data.years)))["source"])
        names = dict.fromkeys(self.w(f"source_short_{s}") for s in self.data.sources["source"] if s in used)
        return self.w("list_separator").join(names)

    def country(self, row: dict) -> str:
        return row[f"name_{self.w.language}"]

    def group_label(self, group: str) -> str:
        return self.data.groups.filter(pl.col("drug_group_id") == group)[f"name_{self.w.language}"].item()

    def group_text(self, group: str) -> str:
        return self.w(f"group_{group}")

    def region_in(self) -> str:
        return self.w.region(self.data.area.name, where=True)

    def count(self, key: str, n: int) -> str:
        """A counted noun: `key_one` for one where the language says so, else `key`."""
        one = self.w.has(f"{key}_one") and self.w.plural_one(n)
        return self.w(f"{key}_one" if one else key, count=self.w.number(n))

    # --- blocks -------------------------------------------------------------------------------------------
    def chapter(self, index: int, key: str) -> None:
        self.blocks.append(Heading(f"{ROMAN[index]}.", self.w(key), 1))

    def section(self, index: int, text: str) -> None:
        self.blocks.append(Heading(f"{LETTERS[index]}.", text, 2))

    def para(self, *sentences: str, emphasis: bool = False) -> None:
        text = " ".join(s for s in sentences if s)
        if text:
            self.paragraphs += 1
            self.blocks.append(Paragraph(self.paragraphs, text, emphasis))

    def next_table(self) -> int:
        return self.tables + 1

    def next_figure(self) -> int:
        return self.figures + 1

    def table(self, title: str, columns: list[Column], rows: list[tuple], notes: tuple = ()) -> Table:
        self.tables += 1
        caption = self.w("table_caption", number=self.tables)
        table = Table(
            self.tables,
            caption,
            caption,
            title,
            tuple(columns),
            tuple(rows),
            self.sources_line,
            notes,
        )
        self.blocks.append(table)
        return table

    def figure(self, title: str, png: bytes, columns: list[Column], rows: list[tuple]) -> None:
        self.figures += 1
        caption = self.w("figure_caption", number=self.figures)
        data = Table(0, caption, caption, title, tuple(columns), tuple(rows), self.sources_line)
        self.blocks.append(Figure(self.figures, caption, title, png, data, self.sources_line))

    # --- sentences ---------------------------------------------------------------------------------------
    def change(self, new: float | None, old: float | None, year: int) -> str:
        """ ", 12 per cent more than in 2021 (612 tons)" and its kin."""
        if old is None:
            return self.w("change_no_previous", previous=year)
        pct = per_cent(new, old)
        values = {"previous": year, "previous_quantity": self.w.quantity(old)}
        if pct is None or abs(pct) < SAME:
            return self.w("change_same", **values)
        key = "change_manyfold" if pct >= MANYFOLD else ("change_up" if pct > 0 else "change_down")
        return self.w(key, pct=self.w.number(abs(pct)), **values)

    def movement(self, prefix: str, new: float | None, old: float | None, **values: Any) -> str:
        """A sentence `<prefix>_up|down|same` saying how a total moved from old to new."""
        pct = per_cent(new, old)
        if pct is None:
            return ""
        key = (
            "same" if abs(pct) < SAME else ("manyfold" if pct >= MANYFOLD else ("up" if pct > 0 else "down"))
        )
        return self.w(
            f"{prefix}_{key}",
            pct=self.w.number(abs(pct)),
            old=self.w.quantity(old or 0),
            new=self.w.quantity(new or 0),
            **values,
        )


def _header(data: NoteData, w: Words) -> Header:
    meeting = data.meeting
    item = next(i for i in meeting.agenda if i.item == meeting.note_item)
    lang = w.language
    return Header(
        organization=w("united_nations"),
        symbol=meeting.symbol,
        distribution=w("distribution"),
        date=w.date(data.as_of),
        original=w("original"),
        meeting=getattr(meeting.name, lang),
        venue_dates=w(
            "venue_dates", venue=getattr(meeting.venue, lang), dates=w.dates(meeting.start, meeting.end)
        ),
        item=w("agenda_item", item=meeting.note_item),
        item_title=getattr(item.title, lang).rstrip("."),
        title=w("title", region=w.region(data.area.name, where=True)),
        subtitle=w("note_by_secretariat"),
    )


def _introduction(x: _Writer) -> None:
    d, w = x.data, x.w
    x.chapter(0, "chapter_introduction")
    subregions = [w.region(s) for s in d.area.subregions]
    scope = (
        w("scope_with_subregions", region=x.region_in(), subregions=w.listing(subregions))
        if subregions
        else x.region_in()
    )
    x.para(
        w(
            "intro_purpose",
            meeting=getattr(d.meeting.name, w.language),
            item=d.meeting.note_item,
            scope=scope,
            date=w.date(d.as_of),
        ),
        w(
            "intro_members",
            members=len(d.meeting.member_states),
            in_area=int(d.members["in_area"].sum()),
            region=x.region_in(),
        ),
    )
    items = []
    for row in d.sources.iter_rows(named=True):
        first, last = row["first_received"].date(), row["last_received"].date()
        received = (
            w("received_on", date=w.date(first))
            if first == last
            else w("received_between", first=w.date(first), last=w.date(last))
        )
        years = (
            w("year_single", year=row["first_year"])
            if row["first_year"] == row["last_year"]
            else w("years_span", first=row["first_year"], last=row["last_year"])
        )
        items.append(
            w(
                "source_item",
                source=w(f"source_{row['source']}"),
                submissions=x.count("n_submissions", row["submissions"]),
                countries=x.count("n_countries", row["countries"]),
                received=received,
                years=years,
            )
        )
    x.para(
        w(
            "intro_sources",
            sources_count=x.count("n_sources", d.sources.height),
            sources=w("list_separator").join(items),
        )
    )
    if d.is_synthetic:
        x.para(
            w(
                "intro_synthetic",
                count=int(d.sources["synthetic_submissions"].sum()),
                total=int(d.sources["submissions"].sum()),
            ),
            emphasis=True,
        )
    ref = d.reference
    who = w("who_member_states") if ref.members_only else w("who_countries")
    if ref.chosen_by_user:
        reference = w(
            "intro_reference_chosen",
            year=ref.year,
            reporting=ref.reporting,
            considered=ref.considered,
            who=who,
            region=x.region_in(),
        )
    else:
        reference = w(
            "intro_reference",
            year=ref.year,
            quorum=w.number(100 * d.rules.reference_quorum),
            considered=ref.considered,
            reporting=ref.reporting,
            who=who,
            region=x.region_in(),
        )
    x.para(reference, w("intro_years", previous=d.previous_year, year=ref.year, first=d.years[0]))
    excluded = [w(f"excluded_{g}") for g in d.rules.excluded_groups]
    x.para(w("intro_conventions", excluded=w.listing(excluded)))


def _overview(x: _Writer) -> None:
    d, w = x.data, x.w
    x.chapter(1, "chapter_overview")
    groups = analysis.table_groups(d)
    ref, prev, first = d.reference.year, d.previous_year, d.years[0]
    region = d.area.name
    world_ref = ref in d.world_years
    table_no, figure_no = x.next_table(), x.next_figure()
    x.para(w("overview_intro", table=table_no, figure=figure_no, region=x.region_in(), first=first, year=ref))
    for group in x.discussed:
        new = analysis.total(x.totals, REGION, region, group, ref)
        old = analysis.total(x.totals, REGION, region, group, prev)
        start = analysis.total(x.totals, REGION, region, group, first)
        if new is None:
            x.para(w("overview_group_none", group=x.group_text(group), region=x.region_in(), year=ref))
            continue
        countries = x.totals.filter(
            pl.col("kind") == REGION, pl.col("drug_group_id") == group, pl.col("year") == ref
        )["countries"].item()
        sentences = [
            w(
                "overview_group",
                year=ref,
                countries=x.count("n_countries", countries),
                region=x.region_in(),
                group=x.group_text(group),
                quantity=w.quantity(new),
                change=x.change(new, old, prev),
            ),
            x.movement("trend", new, start, first=first, year=ref),
        ]
        world = analysis.total(x.totals, WORLD, "World", group, ref)
        if world_ref and world:
            sentences.append(
                w(
                    "overview_world",
                    region=x.region_in(),
                    pct=w.number(100 * new / world),
                    group=x.group_text(group),
                    year=ref,
                )
            )
        x.para(*sentences)
    if world_ref:
        x.para(w("world_note", years=w.listing([str(y) for y in d.world_years])))
    else:
        x.para(w("world_none", year=ref))

    rows = []
    for group in groups:
        values = [analysis.total(x.totals, REGION, region, group, y) for y in d.years]
        world = analysis.total(x.totals, WORLD, "World", group, ref) if world_ref else None
        share = 100 * values[-1] / world if world and values[-1] is not None else None
        rows.append((x.group_label(group), *values, per_cent(values[-1], values[-2]), share))
    columns = [
        Column(w("col_drug_group"), "text"),
        *(Column(str(y), "tons") for y in d.years),
        Column(w("col_change", previous=prev, year=ref), "change"),
        Column(w("col_world_share", year=ref), "share"),
    ]
    x.table(
        w("table_overview", region=x.region_in(), first=first, year=ref), columns, rows, (w("note_totals"),)
    )
    main = [g for g in d.rules.main_groups if g in x.discussed]
    panels = [
        (x.group_label(g), [analysis.total(x.totals, REGION, region, g, y) for y in d.years]) for g in main
    ]
    x.figure(
        w("figure_groups", region=x.region_in(), first=first, year=ref),
        charts.trend_panels(list(d.years), panels, w("unit_tons"), lambda v: w.number(v / 1000)),
        [Column(w("col_drug_group"), "text"), *(Column(str(y), "tons") for y in d.years)],
        [(label, *values) for label, values in panels],
    )
    if d.area.subregions:
        _subregions(x)


def _subregions(x: _Writer) -> None:
    d, w = x.data, x.w
    ref, prev, first = d.reference.year, d.previous_year, d.years[0]
    table_no, figure_no = x.next_table(), x.next_figure()
    chart_group = d.rules.sub_region_chart_group
    x.para(
        w(
            "subregion_intro",
            table=table_no,
            figure=figure_no,
            previous=prev,
            year=ref,
            group=x.group_text(chart_group),
            first=first,
        )
    )
    rows = []
    for group in x.discussed:
        sentences = []
        for sub in d.area.subregions:
            new = analysis.total(x.totals, SUBREGION, sub, group, ref)
            old = analysis.total(x.totals, SUBREGION, sub, group, prev)
            if max(new or 0, old or 0) < d.rules.notable_min_kg:
                continue
            rows.append((x.group_label(group), w.region(sub), old, new, per_cent(new, old)))
            where = w.region(sub, where=True)
            if new is not None and old is not None:
                sentences.append(x.movement("subregion", new, old, group=x.group_text(group), region=where))
            elif new is not None:
                sentences.append(
                    w(
                        "subregion_new",
                        group=x.group_text(group),
                        region=where,
                        quantity=w.quantity(new),
                        year=ref,
                        previous=prev,
                    )
                )
            else:
                sentences.append(
                    w(
                        "subregion_gone",
                        group=x.group_text(group),
                        region=where,
                        quantity=w.quantity(old or 0),
                        year=ref,
                        previous=prev,
                    )
                )
        x.para(*(s[0].upper() + s[1:] for s in sentences if s))
    columns = [
        Column(w("col_drug_group"), "text"),
        Column(w("col_subregion"), "text"),
        Column(str(prev), "tons"),
        Column(str(ref), "tons"),
        Column(w("col_change", previous=prev, year=ref), "change"),
    ]
    x.table(
        w("table_subregions", region=x.region_in(), previous=prev, year=ref),
        columns,
        rows,
        (w("note_totals"),),
    )
    series = [
        (w.region(sub), [analysis.total(x.totals, SUBREGION, sub, chart_group, y) or 0.0 for y in d.years])
        for sub in d.area.subregions
    ]
    series = [s for s in series if any(s[1])]
    if series:
        x.figure(
            w(
                "figure_subregions",
                group=x.group_label(chart_group),
                region=x.region_in(),
                first=first,
                year=ref,
            ),
            charts.stacked_bars(
                list(d.years), [(n, [v / 1000 for v in vals]) for n, vals in series], w("unit_tons"), w.number
            ),
            [Column(w("col_subregion"), "text"), *(Column(str(y), "tons") for y in d.years)],
            [(name, *values) for name, values in series],
        )


def _by_drug(x: _Writer) -> None:
    d, w = x.data, x.w
    x.chapter(2, "chapter_trends")
    ref, prev = d.reference.year, d.previous_year
    for index, group in enumerate(x.discussed):
        x.section(index, x.group_label(group))
        lead = analysis.leading(d, group)
        if lead.is_empty():
            x.para(w("overview_group_none", group=x.group_text(group), region=x.region_in(), year=ref))
            continue
        items = [
            w("country_quantity", country=x.country(r), quantity=w.quantity(r["reference"]))
            for r in lead.iter_rows(named=True)
        ]
        table_no = x.next_table()
        x.para(
            w(
                "leading",
                year=ref,
                group=x.group_text(group),
                region=x.region_in(),
                countries=w.listing(items),
                share=w.number(lead["share"].sum()),
                table=table_no,
            )
        )
        changes = analysis.notable_changes(d, group)
        sentences = []
        for kind in ("doubled", "halved"):
            rows = changes.filter(pl.col("kind") == kind)
            if rows.height:
                listed = [
                    w(
                        "country_from_to",
                        country=x.country(r),
                        old=w.quantity(r["previous"]),
                        new=w.quantity(r["reference"]),
                    )
                    for r in rows.iter_rows(named=True)
                ]
                sentences.append(w(f"changes_{kind}", countries=w.listing(listed), previous=prev, year=ref))
        stopped = changes.filter(pl.col("kind") == "stopped")
        if stopped.height:
            listed = [
                w("country_quantity", country=x.country(r), quantity=w.quantity(r["previous"]))
                for r in stopped.iter_rows(named=True)
            ]
            sentences.append(w("changes_stopped", countries=w.listing(listed), previous=prev, year=ref))
        if not sentences:
            sentences.append(
                w("changes_none", previous=prev, year=ref, minimum=w.quantity(d.rules.notable_min_kg))
            )
        x.para(*sentences)
        x.table(
            w("table_leading", group=x.group_label(group), region=x.region_in(), previous=prev, year=ref),
            [
                Column(w("col_country"), "text"),
                Column(str(prev), "tons"),
                Column(str(ref), "tons"),
                Column(w("col_change", previous=prev, year=ref), "change"),
                Column(w("col_share_region", year=ref), "share"),
            ],
            [
                (
                    x.country(r),
                    r["previous"],
                    r["reference"],
                    per_cent(r["reference"], r["previous"]),
                    r["share"],
                )
                for r in lead.iter_rows(named=True)
            ],
        )
        if group in d.rules.main_groups:
            labels = [x.country(r) for r in lead.iter_rows(named=True)]
            values = list(lead["reference"])
            x.figure(
                w("figure_leading", group=x.group_label(group), region=x.region_in(), year=ref),
                charts.ranked_bars(
                    labels, [v / 1000 for v in values], w("unit_tons"), lambda v: w.number(v, 1)
                ),
                [Column(w("col_country"), "text"), Column(str(ref), "tons")],
                list(zip(labels, values, strict=True)),
            )


def _coverage(x: _Writer) -> None:
    d, w = x.data, x.w
    x.chapter(3, "chapter_coverage")
    ref = d.reference.year
    card = d.scorecard
    lang = w.language
    missing = card.filter(~pl.col("reported"))
    x.section(0, w("section_scorecard"))
    members = card.height
    if missing.height:
        coverage = w(
            "coverage_missing",
            members=members,
            reported=members - missing.height,
            missing=missing.height,
            year=ref,
            states=w.listing(sorted(missing[f"name_{lang}"].to_list())),
        )
    else:
        coverage = w("coverage_all", members=members, year=ref)
    x.para(coverage, w("scorecard_intro", table=x.next_table(), year=ref))
    open_states = card.filter(pl.col("issues_open") > 0)
    x.para(
        w(
            "quality_summary",
            year=ref,
            loaded=w.number(card["rows_loaded"].sum()),
            quarantined=w.number(card["rows_quarantined"].sum()),
            issues=w.number(card["issues_open"].sum()),
            states=open_states.height,
        )
    )
    rows = [
        (
            r[f"name_{lang}"],
            w("yes") if r["reported"] else w("no"),
            ", ".join(w(f"source_code_{s}") for s in (r["sources"] or "").split(", ") if s) or None,
            r["first_received"].date() if r["first_received"] else None,
            r["last_received"].date() if r["last_received"] else None,
            r["submissions"],
            r["resubmissions"],
            r["rows_loaded"],
            r["rows_quarantined"],
            r["issues_open"],
            w.check(r["most_failed_check"]) if r["most_failed_check"] else None,
        )
        for r in card.iter_rows(named=True)
    ]
    columns = [
        Column(w("col_member_state"), "text"),
        Column(w("col_reported", year=ref), "text"),
        Column(w("col_sources"), "text"),
        Column(w("col_first_received"), "date"),
        Column(w("col_last_received"), "date"),
        Column(w("col_submissions"), "count"),
        Column(w("col_resubmissions"), "count"),
        Column(w("col_rows_loaded"), "count"),
        Column(w("col_rows_quarantined"), "count"),
        Column(w("col_issues_open"), "count"),
        Column(w("col_failed_check"), "text"),
    ]
    table = x.table(w("table_scorecard", year=ref), columns, rows, (w("note_scorecard", year=ref),))
    x.blocks[-1] = replace(table, source=w("source_line", sources=w("source_warehouse")))

    x.section(1, w("section_sources"))
    order = [w(f"source_{s}") for s in d.sources["source"]]
    x.para(w("precedence", sources=w.listing(order)), w("precedence_effect"))
    comparison = d.comparison
    if comparison.is_empty():
        x.para(w("comparison_none"))
    else:
        differing = comparison.filter(pl.col("difference_pct").abs() > d.rules.notable_difference_pct)
        shown = comparison.head(d.rules.comparison_rows)
        x.para(
            w(
                "comparison",
                count=comparison.height,
                differing=differing.height,
                threshold=w.number(d.rules.notable_difference_pct),
                table=x.next_table(),
                shown=shown.height,
            )
        )
        x.table(
            w("table_comparison"),
            [
                Column(w("col_country"), "text"),
                Column(w("col_drug_group"), "text"),
                Column(w("col_year"), "text"),
                Column(w("col_source_a"), "text"),
                Column(w("col_figure"), "tons"),
                Column(w("col_source_b"), "text"),
                Column(w("col_figure"), "tons"),
                Column(w("col_difference_pct"), "change"),
                Column(w("col_used"), "text"),
            ],
            [
                (
                    r[f"name_{lang}"],
                    x.group_label(r["drug_group_id"]),
                    str(r["year"]),
                    w(f"source_code_{r['source_a']}"),
                    r["kilograms_a"],
                    w(f"source_code_{r['source_b']}"),
                    r["kilograms_b"],
                    r["difference_pct"],
                    w(f"source_code_{r['preferred_source']}"),
                )
                for r in shown.iter_rows(named=True)
            ],
            (w("note_comparison"),),
        )
        used = dict.fromkeys(
            w(f"source_short_{s}")
            for s in d.sources["source"]
            if s in set(shown["source_a"]) | set(shown["source_b"])
        )
        x.blocks[-1] = replace(x.blocks[-1], source=w("source_line", sources=w("list_separator").join(used)))
    x.section(2, w("section_returns"))
    _returns(x)
    if not d.reports.is_empty():
        _country_reports(x)


def _country_reports(x: _Writer) -> None:
    """The country reports received (symbol, country, language) and, for each main drug group, the
    seizures they give that the statistics do not."""
    d, w = x.data, x.w
    lang = w.language
    x.para(w("reports_received", count=d.reports.height, table=x.next_table()))
    reports_source = w("source_line", sources=w("source_short_country_report"))
    table = x.table(
        w("table_reports"),
        [
            Column(w("col_symbol"), "text"),
            Column(w("col_country"), "text"),
            Column(w("col_language"), "text"),
        ],
        [
            (r["symbol"], r[f"name_{lang}"], w(f"language_{r['language']}"))
            for r in d.reports.sort("paper_number").iter_rows(named=True)
        ],
    )
    x.blocks[-1] = replace(table, source=reports_source)
    for group in d.rules.main_groups:
        rows = d.report_only.filter(pl.col("drug_group_id") == group)
        if group not in set(d.groups["drug_group_id"]):
            continue
        if rows.is_empty():
            x.para(w("reports_only_none", group=x.group_text(group)))
            continue
        x.para(w("reports_only", group=x.group_text(group), count=rows.height, table=x.next_table()))
        table = x.table(
            w("table_reports_only", group=x.group_label(group)),
            [
                Column(w("col_country"), "text"),
                Column(w("col_drug"), "text"),
                Column(w("col_year"), "text"),
                Column(w("col_figure"), "tons"),
                Column(w("col_symbol"), "text"),
            ],
            [
                (r[f"name_{lang}"], r[f"drug_{lang}"], str(r["year"]), r["kilograms"], r["symbol"])
                for r in rows.iter_rows(named=True)
            ],
        )
        x.blocks[-1] = replace(table, source=reports_source)


#: The statuses whose shares the note shows (not applicable is left out of the shares).
SHARED = ("implemented", "partially_implemented", "not_implemented")


def _returns(x: _Writer) -> None:
    """Who answered the questionnaire by the cut-off and who after (para 15 of the seed report), and how
    far each recommendation and topic was implemented, as the current returns say."""
    d, w = x.data, x.w
    if d.returns.is_empty() or d.meeting.questionnaire_cutoff is None:
        x.para(w("returns_none" if d.reports.is_empty() else "returns_none_reports_below"))
        return
    name = f"name_{w.language}"
    returns = d.returns.sort(normalized(pl.col(name)))  # alphabetical, accents aside (Équateur with E)
    on_time = returns.filter(pl.col("on_time"))[name].to_list()
    late = returns.filter(~pl.col("on_time"))[name].to_list()
    x.para(
        w(
            "returns_on_time",
            members=w.number(len(d.meeting.member_states)),
            cutoff=w.date(d.meeting.questionnaire_cutoff),
            count=w.number(len(on_time)),
            countries=w.listing(on_time),
        ),
        w("returns_late", countries=w.listing(late)) if late else "",
    )
    rows = d.implementation.filter(pl.col("answers") > 0)
    if rows.is_empty():
        return
    x.para(w("returns_implementation", table=x.next_table(), figure=x.next_figure()))
    x.table(w("table_implementation"), _share_columns(w, "col_recommendation"), _share_rows(rows, "code"))
    by_topic = (
        rows.group_by("topic", f"topic_{w.language}")
        .agg(pl.col("answers", *SHARED, "not_applicable").sum())
        .sort(f"topic_{w.language}")
    )
    x.table(
        w("table_implementation_topic"),
        _share_columns(w, "col_topic"),
        _share_rows(by_topic, f"topic_{w.language}"),
    )
    shares = _shares(rows)
    x.figure(
        w("figure_implementation"),
        charts.share_bars(
            rows["code"].to_list(),
            [(catalogue().status_label(status, w.language), shares[status].to_list()) for status in SHARED],
            lambda v: w.number(v),
        ),
        _share_columns(w, "col_recommendation"),
        _share_rows(rows, "code"),
    )


def _shares(frame: pl.DataFrame) -> pl.DataFrame:
    """Per cent of the answers giving an applicable status, per status."""
    applicable = pl.sum_horizontal(*SHARED)
    return frame.select(
        *[pl.when(applicable > 0).then(pl.col(s) * 100 / applicable).alias(s) for s in SHARED]
    )


def _share_columns(w: Words, first: str) -> list[Column]:
    return [
        Column(w(first), "text"),
        Column(w("col_answers"), "count"),
        *[Column(catalogue().status_label(status, w.language), "share") for status in SHARED],
        Column(catalogue().status_label("not_applicable", w.language), "count"),
    ]


def _share_rows(frame: pl.DataFrame, label: str) -> list[tuple]:
    shares = _shares(frame)
    return [
        (row[label], row["answers"], *share.values(), row["not_applicable"])
        for row, share in zip(frame.iter_rows(named=True), shares.iter_rows(named=True), strict=True)
    ]


def _points(x: _Writer) -> None:
    d, w = x.data, x.w
    x.chapter(4, "chapter_points")
    ref, prev = d.reference.year, d.previous_year
    lang = w.language
    missing = d.scorecard.filter(~pl.col("reported"))
    if missing.height:
        x.para(
            w(
                "point_gaps",
                missing=missing.height,
                members=d.scorecard.height,
                year=ref,
                states=w.listing(sorted(missing[f"name_{lang}"].to_list())),
            )
        )
    open_states = d.scorecard.filter(pl.col("issues_open") > 0)
    if open_states.height:
        x.para(
            w(
                "point_issues",
                states=w.listing(sorted(open_states[f"name_{lang}"].to_list())),
                issues=w.number(open_states["issues_open"].sum()),
            )
        )
    largest = analysis.largest_changes(d, x.discussed)
    if not largest.is_empty():
        items = [
            w(
                "change_item",
                group=x.group_text(r["drug_group_id"]),
                country=x.country(r),
                old=w.quantity(r["previous"]),
                new=w.quantity(r["reference"]),
            )
            for r in largest.iter_rows(named=True)
        ]
        x.para(
            w(
                "point_changes",
                region=x.region_in(),
                previous=prev,
                year=ref,
                changes=w("list_separator").join(items),
            )
        )
    differing = d.comparison.filter(pl.col("difference_pct").abs() > d.rules.notable_difference_pct)
    if differing.height:
        x.para(w("point_sources", count=differing.height, threshold=w.number(d.rules.notable_difference_pct)))
    if d.is_synthetic:
        x.para(w("point_synthetic"))


def write_document(data: NoteData, words: Words) -> Document:
    """The whole note in the words' language."""
    writer = _Writer(data, words)
    for part in (_introduction, _overview, _by_drug, _coverage, _points):
        part(writer)
    return Document(words.language, _header(data, words), writer.blocks)
