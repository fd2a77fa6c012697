"""Write the Secretariat's note for a meeting from the warehouse: DOCX, HTML, statistical annex (xlsx) and
chart PNGs in each language. The files of a run replace the previous ones together, or not at all."""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from honlea.config.meetings import load_meetings, load_note_rules
from honlea.config.settings import load_settings
from honlea.note.annex import write_annex
from honlea.note.content import write_document
from honlea.note.data import read_note_data
from honlea.note.document import Figure
from honlea.note.docx import write_docx
from honlea.note.html import write_html
from honlea.note.text import LANGUAGES, Words
from honlea.warehouse.connection import connect


@dataclass(frozen=True)
class NoteFiles:
    """What one language's note was written to."""

    language: str
    docx: Path
    html: Path
    annex: Path
    charts: tuple[Path, ...]


@dataclass(frozen=True)
class NoteRun:
    symbol: str
    reference_year: int
    files: tuple[NoteFiles, ...]
    seconds: float


def _files(folder: Path, stem: str, language: str, figures: int) -> NoteFiles:
    return NoteFiles(
        language,
        folder / f"{stem}_{language}.docx",
        folder / f"{stem}_{language}.html",
        folder / f"{stem}_{language}_annex.xlsx",
        tuple(folder / "charts" / language / f"figure_{n}.png" for n in range(1, figures + 1)),
    )


def write_note(
    warehouse_url: str,
    out_dir: Path,
    meeting: int | None = None,
    languages: tuple[str, ...] = LANGUAGES,
    region: str | None = None,
    year: int | None = None,
) -> NoteRun:
    """Write the note of the meeting (default: HONLEA_MEETING, else the configured one) into out_dir;
    the caller has checked the configuration (the run at its start, `honlea note` before calling).
    NoteDataError (nothing written) when the warehouse cannot give the note its figures."""
    started = time.perf_counter()
    meetings, rules = load_meetings(), load_note_rules()
    chosen = meetings.meeting(meeting or load_settings().meeting or meetings.configured)
    with connect(warehouse_url, read_only=True) as warehouse:
        data = read_note_data(warehouse, chosen, rules, region, year)
    stem = chosen.symbol.replace("/", "_")
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".note-", dir=out_dir))
    try:
        written = []
        for language in languages:
            words = Words(language, rules.locales[language])
            document = write_document(data, words)
            figures = [b for b in document.blocks if isinstance(b, Figure)]
            files = _files(staging, stem, language, len(figures))
            write_docx(document, words, files.docx)
            write_html(document, words, files.html)
            write_annex(document, words, files.annex)
            for figure, path in zip(figures, files.charts, strict=True):
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(figure.png)
            written.append(_files(out_dir, stem, language, len(figures)))
        for language in languages:  # replace the previous files of these languages only now
            shutil.rmtree(out_dir / "charts" / language, ignore_errors=True)
        for path in sorted(staging.rglob("*")):
            if path.is_file():
                target = out_dir / path.relative_to(staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                path.replace(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return NoteRun(chosen.symbol, data.reference.year, tuple(written), time.perf_counter() - started)
