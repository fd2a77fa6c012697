"""Decide which source profile a file follows: by its name, or else by its header row."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from honlea.config.source_profiles import Profile
from honlea.sources.grids import Grid
from honlea.transforms.headers import (
    HEADER_SCAN_ROWS,
    HeaderCells,
    HeaderMatch,
    fields_named,
    find_header,
    match_header_cells,
)


@dataclass(frozen=True)
class Recognised:
    """A profile and, for each sheet it can read, where that sheet's header is."""

    profile: Profile
    sheets: list[tuple[Grid, HeaderMatch]]
    by_name: bool
    unread_sheets: tuple[str, ...] = ()  # sheets with content where the profile found no header


class Unrecognised(ValueError):
    """No profile recognises the file; the message says why."""


def header_fields(profile: Profile) -> list[str]:
    """Required fields that must appear in the header (defaults and year columns supply the rest)."""
    implied = {"year", "quantity"} if profile.wide_by_year else set()
    return [f for f in profile.required if f not in profile.defaults and f not in implied]


def _sheets(profile: Profile, grids: list[Grid]) -> list[tuple[Grid, HeaderMatch]]:
    found = []
    for grid in grids:
        if profile.sheet not in (None, grid.sheet):
            continue
        header = find_header(
            grid.frame, profile.columns, header_fields(profile), profile.wide_by_year, profile.header_implies
        )
        if header is not None:
            found.append((grid, header))
    return found


def _missing(profile: Profile, grids: list[Grid]) -> str:
    """What the best-looking header row of the file lacks (required fields, calendar-year columns),
    for the error message."""

    def lacking(values: list, cells: HeaderCells | None) -> list[str]:
        named = fields_named(cells.fields.values()) if cells else set()
        missing = [
            f"{f}: e.g. {', '.join(repr(s) for s in profile.columns[f][:3])}"
            for f in sorted(set(header_fields(profile)) - named)
        ]
        if profile.wide_by_year and not (cells and cells.years):
            others = ", ".join(repr(str(values[p]).strip()) for p in cells.other_years) if cells else ""
            missing.append(
                "a column per calendar year, e.g. '2011'" + (f" ({others} are not)" if others else "")
            )
        return missing

    best: tuple[int, str, list[str]] = (-1, "no header-like row", lacking([], None))
    for grid in grids:
        top = grid.frame.drop("source_row").head(HEADER_SCAN_ROWS)
        for row, values in zip(grid.frame["source_row"], top.iter_rows(), strict=False):
            cells = match_header_cells(list(values), profile.columns, profile.wide_by_year)
            if len(cells.fields) > best[0]:
                best = (len(cells.fields), f"sheet '{grid.sheet}' row {row}", lacking(list(values), cells))
    return f"{best[1]} lacks {'; '.join(best[2])}"


def _best(candidates: list[Profile], grids: list[Grid], by_name: bool) -> Recognised | None:
    """The candidate whose headers name the most fields, with the sheets it leaves unread."""
    found = [Recognised(p, sheets, by_name) for p in candidates if (sheets := _sheets(p, grids))]
    if not found:
        return None
    best = max(found, key=lambda r: sum(header.score for _, header in r.sheets))
    read = {grid.sheet for grid, _ in best.sheets}
    unread = tuple(grid.sheet for grid in grids if grid.sheet not in read)  # empty sheets are never read in
    return Recognised(best.profile, best.sheets, by_name, unread)


def recognise(path: Path, grids: list[Grid], profiles: tuple[Profile, ...]) -> Recognised:
    """Among profiles whose name pattern fits, the one whose headers name the most fields; when no
    pattern fits (or none of those profiles finds its header), the best header match of all."""
    named = [p for p in profiles if p.matches_name(path)]
    suffix = path.suffix.lower().lstrip(".")
    recognised = _best(named, grids, by_name=True) or _best(
        [p for p in profiles if suffix in p.formats], grids, by_name=False
    )
    if recognised:
        return recognised
    if named:
        reasons = "; ".join(f"profile {p.name}: {_missing(p, grids)}" for p in named)
        raise Unrecognised(
            f"{path.name}: its name fits {', '.join(p.name for p in named)} "
            f"but no header row was found ({reasons})"
        )
    wanted = "; ".join(f"{p.name}: {', '.join(header_fields(p))}" for p in profiles)
    raise Unrecognised(
        f"{path.name}: no source profile recognises it: the name fits no profile's pattern and no sheet has "
        f"a header row (first {HEADER_SCAN_ROWS} rows) naming a profile's required columns ({wanted})"
    )
