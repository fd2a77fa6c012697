"""A bad file never stops the run: it is reported, and the other files load."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import honlea.transforms.pipeline
from honlea.flows.cli import main
from tests.integration.helpers import query, run_nightly

GOOD = (
    "País;Año;Droga;Cantidad;Unidad\n"
    "Colombia;2011;Clorhidrato de cocaína;1.234,5;kg\n"
    "Perú;2011;Marihuana;12,5;toneladas\n"
)


def _inbox(root: Path) -> Path:
    inbox = root / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "sub" / "incautaciones_anuales_col.csv").write_bytes(GOOD.encode("cp1252"))
    (inbox / "sub" / "z_copy_of_incautaciones.csv").write_bytes(GOOD.encode("cp1252"))
    (inbox / "broken_annual_totals.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    (inbox / "empty_annual.csv").write_bytes(b"")
    (inbox / "notes.pdf").write_bytes(b"%PDF-1.4")
    (inbox / "header_only_annual.csv").write_text("Country,Year,Drug,Quantity,Unit\n")
    (inbox / "crash_annual.csv").write_text("Country,Year,Drug,Quantity,Unit\nAtlantis,2011,Heroin,3,kg\n")
    return inbox


@pytest.fixture
def crash_on_atlantis(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fault injection: the conform step raises for one file, as an unforeseen bug would."""
    conform = honlea.transforms.pipeline.conform_seizures

    def failing(records: pl.DataFrame, *args):
        if (records["country_text"] == "Atlantis").any():
            raise RuntimeError("injected failure")
        return conform(records, *args)

    monkeypatch.setattr(honlea.transforms.pipeline, "conform_seizures", failing)


def test_bad_files_are_reported_and_good_ones_load(tmp_path, crash_on_atlantis):
    url, summary = run_nightly(_inbox(tmp_path), tmp_path)
    audit = query(url, "SELECT file_name, status, rows_read, rows_loaded, message FROM quality.load_audit")
    status = dict(zip(audit["file_name"], audit["status"], strict=True))
    assert status == {
        "incautaciones_anuales_col.csv": "loaded",
        "z_copy_of_incautaciones.csv": "already_loaded",
        "broken_annual_totals.xlsx": "unrecognised",
        "empty_annual.csv": "unrecognised",
        "notes.pdf": "unrecognised",
        "header_only_annual.csv": "loaded",
        "crash_annual.csv": "failed",
    }
    messages = dict(zip(audit["file_name"], audit["message"], strict=True))
    assert "not a readable xlsx workbook" in messages["broken_annual_totals.xlsx"]
    assert "incautaciones_anuales_col.csv, earlier in this run" in messages["z_copy_of_incautaciones.csv"]
    assert "notes.pdf is not a readable PDF" in messages["notes.pdf"]  # a PDF is read as a country report
    assert "conform failed for crash_annual.csv" in messages["crash_annual.csv"]
    assert "injected failure" in messages["crash_annual.csv"]
    no_rows = query(
        url,
        "SELECT check_name, severity FROM quality.quality_issue WHERE file_name = 'header_only_annual.csv'",
    )
    assert no_rows.rows() == [("no_data_rows", "warning")]
    crash = query(
        url, "SELECT rows_read, rows_quarantined FROM quality.load_audit WHERE file_name = 'crash_annual.csv'"
    )
    assert crash.rows() == [(1, 1)]
    facts = query(url, "SELECT iso3, kilograms FROM warehouse.fact_seizure ORDER BY iso3")
    assert facts.rows() == [("COL", 1234.5), ("PER", 12500.0)]
    assert "crash_annual.csv" in summary


def test_cli_run_exits_zero_with_quarantined_rows_and_prints_summary(tmp_path, monkeypatch, capsys):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "totals_annual.csv").write_text(
        "Country,Year,Drug,Quantity,Unit\nJamaica,2011,Cannabis herb,-3,kg\n"
    )
    monkeypatch.setenv("HONLEA_DATA_DIR", str(tmp_path / "data"))
    url = f"duckdb:///{tmp_path / 'w.duckdb'}"
    assert main(["run", "--inbox", str(inbox), "--warehouse", url]) == 0
    out = capsys.readouterr().out
    assert "non_negative_quantity" in out and "totals_annual.csv" in out and url in out
    assert query(url, "SELECT rows_quarantined FROM quality.load_audit")["rows_quarantined"].item() == 1


def test_cli_run_fails_when_the_run_cannot_complete(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("HONLEA_DATA_DIR", str(tmp_path / "data"))
    code = main(
        ["run", "--inbox", str(tmp_path / "missing"), "--warehouse", f"duckdb:///{tmp_path / 'w.duckdb'}"]
    )
    assert code == 1
    assert "could not complete" in capsys.readouterr().err


def test_cli_demo_writes_labelled_synthetic_inbox(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path / "inbox")]) == 0
    files = sorted(p for p in (tmp_path / "inbox").rglob("*") if p.is_file())
    synthetic = [p for p in files if p.name.startswith("SYNTHETIC_")]
    assert len(files) == 68 and len(synthetic) == 67  # 27 statistics files, 24 returns, 16 reports, the annex
    csv = next(p for p in synthetic if p.suffix == ".csv")
    first_line = csv.read_bytes().decode("cp1252").splitlines()[0]
    assert "SYNTHETIC" in first_line.upper() or "SINTÉTICOS" in first_line.upper()
    assert "Wrote 68 files" in capsys.readouterr().out


def test_links_leading_out_of_the_inbox_are_reported_not_followed(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    secret = outside / "bolivia_annual.csv"
    secret.write_text("Country,Year,Drug,Quantity,Unit\nBolivia,2011,Heroin,7,kg\n")
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "incautaciones_anuales_col.csv").write_bytes(GOOD.encode("cp1252"))
    (inbox / "bolivia_annual.csv").symlink_to(secret)
    (inbox / "gone_annual.csv").symlink_to(tmp_path / "nowhere.csv")
    (inbox / "shared").symlink_to(outside, target_is_directory=True)
    (inbox / "sub" / "col_again.csv").symlink_to(inbox / "incautaciones_anuales_col.csv")  # inside: fine
    url, summary = run_nightly(inbox, tmp_path)
    audit = query(url, "SELECT file_name, status, message FROM quality.load_audit")
    status = dict(zip(audit["file_name"], audit["status"], strict=True))
    assert status == {
        "incautaciones_anuales_col.csv": "loaded",
        "col_again.csv": "already_loaded",
        "bolivia_annual.csv": "refused",
        "gone_annual.csv": "refused",
        "shared": "refused",
    }
    issues = query(url, "SELECT file_name, check_name, severity, message FROM quality.quality_issue")
    refused = {
        name: message for name, check, severity, message in issues.iter_rows() if check == "refused_link"
    }
    assert refused == {
        "bolivia_annual.csv": f"bolivia_annual.csv is a symbolic link to {secret.resolve()}, "
        "outside the inbox: not followed",
        "gone_annual.csv": f"gone_annual.csv is a symbolic link to {tmp_path / 'nowhere.csv'}, "
        "which does not exist: not followed",
        "shared": f"shared is a symbolic link to {outside.resolve()}, outside the inbox: not followed",
    }
    assert set(issues.filter(pl.col("check_name") == "refused_link")["severity"]) == {"error"}
    assert query(url, "SELECT DISTINCT iso3 FROM warehouse.fact_seizure ORDER BY 1")["iso3"].to_list() == [
        "COL",
        "PER",
    ]  # Bolivia's figures, outside the inbox, were never read
    assert "refused_link" in summary and "bolivia_annual.csv is a symbolic link to" in summary
