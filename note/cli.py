"""The `honlea note` command: write the Secretariat's note from the warehouse."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from honlea.config.settings import load_settings
from honlea.note.text import LANGUAGES

CONFIG_ERROR, NO_NOTE = 2, 1  # exit statuses: a configuration problem; the note could not be written


def note_folder(data_dir: Path) -> Path:
    """Where the nightly run and `honlea note` write the note by default."""
    return data_dir / "note"


def _note(args: argparse.Namespace) -> int:
    from honlea.config.check import check_config
    from honlea.config.problems import ConfigError
    from honlea.note.build import write_note
    from honlea.note.data import NoteDataError

    settings = load_settings(warehouse_url=args.warehouse)
    languages = LANGUAGES if args.lang == "all" else (args.lang,)
    out = Path(args.out) if args.out else note_folder(settings.data_dir)
    try:
        check_config()  # before anything is read
        run = write_note(settings.warehouse_url, out, args.meeting, languages, args.region, args.year)
    except ConfigError as exc:
        print(f"The note was not written: {exc}", file=sys.stderr)
        return CONFIG_ERROR
    except (NoteDataError, LookupError) as exc:
        print(f"The note was not written: {exc}", file=sys.stderr)
        return NO_NOTE
    print(f"{run.symbol}, reference year {run.reference_year}, written in {run.seconds:.1f} s:")
    for files in run.files:
        print(f"  {files.language}: {files.docx}  {files.html}  {files.annex}  ({len(files.charts)} charts)")
    return 0


def add_commands(commands: argparse._SubParsersAction) -> None:
    """The `note` command."""
    note = commands.add_parser(
        "note", help="write the Secretariat's note on statistics and trends (DOCX, HTML, xlsx annex)"
    )
    note.add_argument("--year", type=int, help="reference year (default: the latest with enough figures)")
    note.add_argument("--lang", choices=[*LANGUAGES, "all"], default="all", help="language (default: all)")
    note.add_argument("--meeting", type=int, help="meeting number (default: $HONLEA_MEETING or config)")
    note.add_argument("--region", help="UNODC region, or M49 region or sub-region (default: Americas)")
    note.add_argument("--out", help="folder (default: data/note)")
    note.add_argument("--warehouse", help="warehouse URL (default as for run)")
    note.set_defaults(handler=_note)
