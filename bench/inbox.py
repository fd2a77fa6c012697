"""The benchmark's inbox: case-level seizure records in English (the case form's headers), deterministic,
nothing to quarantine, written once and cached.

The cases are drawn from the demo's English scenarios (demo/specs/case_scenarios.csv, Jamaica), spread
over 20 countries of the region and the years 2019-2023, with unique case references. Synthetic: every
file name starts with ``SYNTHETIC_`` and every file opens with a title row saying so.

    python bench/inbox.py --rows 1000000 --files 20 --format xlsx   # prints the cached folder
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
from collections.abc import Iterator
from pathlib import Path

from openpyxl import Workbook

from honlea.demo.specification import CASES, LABELS

CACHE = Path(os.environ.get("HONLEA_BENCH_CACHE", Path(__file__).resolve().parent / ".cache"))
HEADER = [
    "Date",
    "Country",
    "Drug",
    "Quantity",
    "Unit",
    "Mode of transport",
    "Conveyance",
    "Place",
    "Country of origin",
    "Destination",
    "Agency",
    "Case reference",
]
HEADER_ROW = 2  # 0-based: a title row and an empty row come before the headers (_write_xlsx, _write_csv)
TITLE = "SYNTHETIC DATA for a benchmark: individual drug seizure cases (not real figures)"
COUNTRIES = [
    ("ARG", "Argentina"), ("BHS", "Bahamas"), ("BLZ", "Belize"), ("BOL", "Bolivia (Plurinational State of)"),
    ("BRA", "Brazil"), ("CHL", "Chile"), ("COL", "Colombia"), ("CRI", "Costa Rica"),
    ("DOM", "Dominican Republic"), ("ECU", "Ecuador"), ("SLV", "El Salvador"), ("GTM", "Guatemala"),
    ("GUY", "Guyana"), ("HND", "Honduras"), ("JAM", "Jamaica"), ("MEX", "Mexico"),
    ("PAN", "Panama"), ("PER", "Peru"), ("TTO", "Trinidad and Tobago"), ("URY", "Uruguay"),
]  # fmt: skip
YEARS = range(2019, 2024)


def _rows(iso3: str, country: str, count: int, seed: int) -> Iterator[list[object]]:
    """`count` cases of one country, in date order over YEARS, with references unique in the file."""
    rng = random.Random(seed)
    scenarios = next(case for case in CASES if case.iso3 == "JAM").scenarios
    weights = [s.weight for s in scenarios]
    first = dt.date(YEARS[0], 1, 1)
    span = (dt.date(YEARS[-1] + 1, 1, 1) - first).days
    for number, day in enumerate(sorted(rng.randrange(span) for _ in range(count)), start=1):
        s = rng.choices(scenarios, weights=weights)[0]
        quantity = round(rng.uniform(s.low, s.high), 3)
        yield [
            first + dt.timedelta(days=day),
            country,
            LABELS[rng.choice(s.drugs)]["en"],
            quantity,
            s.unit,
            s.mode,
            s.conveyance,
            rng.choice(s.places),
            rng.choice(s.origins),
            rng.choice(s.destinations),
            rng.choice(s.agencies),
            f"{iso3}-BENCH-{number:07d}",
        ]


def _write_xlsx(path: Path, rows: Iterator[list[object]]) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cases")
    sheet.append([TITLE])
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)


def _write_csv(path: Path, rows: Iterator[list[object]]) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerows([[TITLE], [], HEADER])
        writer.writerows(rows)


def case_inbox(rows: int, files: int = 20, file_format: str = "xlsx") -> Path:
    """The folder of `files` case files holding `rows` cases in all (written on first use, then cached
    under bench/.cache, or HONLEA_BENCH_CACHE)."""
    folder = CACHE / f"cases_{rows}_{files}_{file_format}"
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    write = _write_xlsx if file_format == "xlsx" else _write_csv
    for index in range(files):
        iso3, country = COUNTRIES[index % len(COUNTRIES)]
        count = rows // files + (1 if index < rows % files else 0)
        path = folder / f"SYNTHETIC_{iso3}_seizure_cases_{index + 1:02d}.{file_format}"
        write(path, _rows(iso3, country, count, seed=index))
    done.touch()
    return folder


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    arguments = parser.parse_args()
    print(case_inbox(arguments.rows, arguments.files, arguments.format))
