"""A steward's decision changes exactly the rows it names, under every key policy; a file read again
publishes only what changed, saying why; corrections are checked and keep what the country sent;
a conflict shows its rows; a figure listed under two names is counted once. Real files, real runs,
DuckDB and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from honlea.flows.cli import main
from honlea.review.feedback import write_feedback
from honlea.review.service import InvalidDecision, IssueFilter, decide, issue_detail, list_issues
from honlea.warehouse.connection import connect
from tests.integration.helpers import query, run_nightly

ANNEX_HEADER = (
    "Region",
    "SubRegion",
    "Country",
    "DrugGroup",
    "DrugSubGroup",
    "DrugName",
    "Reference year",
    "Kilograms",
    "msCode",
)
LUX = ("Europe", "Western and Central Europe", "Luxembourg", "Any other drugs/substances", "Other")
STEROIDS = (
    *LUX,
    "Anabolic steroids",
    2021,
    None,
    "LUX",
)  # three identical rows without a value, as in the annex


def _annex(inbox: Path, rows: list[tuple]) -> Path:
    """A workbook in the layout of UNODC's annex (title row, header, rows): key policy `sum`."""
    inbox.mkdir(parents=True, exist_ok=True)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Export"
    sheet.append(["Drug seizures, 2018-2022 (test copy)"])
    sheet.append(list(ANNEX_HEADER))
    for row in rows:
        sheet.append(list(row))
    path = inbox / "drug_seizures_2018_2022_test.xlsx"
    workbook.save(path)
    return path


def _csv(inbox: Path, name: str, header: str, rows: list[str]) -> Path:
    inbox.mkdir(parents=True, exist_ok=True)
    path = inbox / name
    path.write_text(header + "\n" + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


# One layout per key policy, each with three identical rows lacking the quantity and one good row.
POLICIES = {
    "sum": lambda inbox: _annex(
        inbox,
        [
            STEROIDS,
            STEROIDS,
            STEROIDS,
            (*LUX[:3], "Cannabis-type", "Cannabis herb", "Cannabis herb", 2021, 7.5, "LUX"),
        ],
    ),
    "conflict": lambda inbox: _csv(
        inbox,
        "lux_annual_totals.csv",
        "Country,Year,Drug,Quantity,Unit",
        ["Luxembourg,2021,Anabolic steroids,,kg"] * 3 + ["Luxembourg,2021,Cannabis herb,7.5,kg"],
    ),
    "duplicate": lambda inbox: _csv(
        inbox,
        "lux_seizure_cases.csv",
        "Date,Country,Drug,Quantity,Unit,Case reference",
        ["2021-03-02,Luxembourg,Anabolic steroids,,kg,LU-1"] * 3
        + ["2021-03-04,Luxembourg,Cannabis herb,7.5,kg,LU-2"],
    ),
}


def _kilograms(url: str, drug: str) -> float | None:
    found = query(
        url,
        "SELECT SUM(kilograms) AS kg FROM marts.v_seizures_annual WHERE iso3 = 'LUX' AND drug = ?",
        [drug],
    )
    return found["kg"].item()


def _missing_quantity(url: str) -> list[str]:
    with connect(url, read_only=True) as warehouse:
        return list_issues(warehouse, IssueFilter(check_name="required_quantity"))["issue_id"].to_list()


@pytest.mark.parametrize("policy", POLICIES)
def test_a_decision_changes_exactly_the_row_it_names(tmp_path, new_warehouse, policy):
    url, inbox = new_warehouse(), tmp_path / "inbox"
    POLICIES[policy](inbox)
    run_nightly(inbox, tmp_path, url)
    open_rows = _missing_quantity(url)
    # under `sum` the three identical rows are three parts of one figure; elsewhere the copies are
    # exact duplicates, dropped, and one row remains
    assert len(open_rows) == (3 if policy == "sum" else 1)
    with connect(url) as warehouse:
        assert decide(warehouse, open_rows[:1], "correct", "M", "the focal point sent 5 kg", "5") == 1
        if policy == "sum":
            assert decide(warehouse, open_rows[1:2], "await", "M", "asked the country") == 1
    run_nightly(inbox, tmp_path, url)
    assert _kilograms(url, "Anabolic steroids") == 5.0  # not 15: the siblings are untouched
    left = query(
        url,
        "SELECT status, COUNT(*) AS n FROM quality.quality_issue q JOIN warehouse.dim_submission s "
        "ON s.submission_id = q.submission_id AND s.run_id = q.run_id AND s.valid_to IS NULL "
        "WHERE q.check_name = 'required_quantity' GROUP BY status ORDER BY status",
    ).rows()
    assert left == ([("awaiting", 1), ("open", 1)] if policy == "sum" else [])
    corrected = query(
        url,
        "SELECT quantity, quantity_text, decision_id, published_because FROM warehouse.fact_seizure "
        "WHERE valid_to IS NULL AND decision_id IS NOT NULL",
    )
    assert corrected.rows() == [
        (5.0, None, corrected["decision_id"][0], "decision")  # what the country sent: nothing
    ]
    assert (
        corrected["decision_id"][0]
        == query(url, "SELECT decision_id FROM quality.steward_decision WHERE action = 'correct'").item()
    )


def test_a_file_read_again_publishes_only_what_changed(tmp_path, new_warehouse):
    url, inbox = new_warehouse(), tmp_path / "inbox"
    POLICIES["sum"](inbox)
    run_nightly(inbox, tmp_path, url)
    history = "SELECT COUNT(*) FROM marts.v_seizure_history"
    assert query(url, history).item() == 1
    rows = _missing_quantity(url)
    with connect(url) as warehouse:
        decide(warehouse, rows[:1], "await", "M", "asked the country")
    run_nightly(inbox, tmp_path, url)
    assert query(url, history).item() == 1  # an await changes no figure: nothing published again
    still_open = _missing_quantity(url)  # the file was read again: its issues are new
    assert len(still_open) == 2
    with connect(url) as warehouse:
        decide(warehouse, still_open[:1], "correct", "M", "confirmed by phone", "2,5")
    run_nightly(inbox, tmp_path, url)
    versions = query(
        url,
        "SELECT drug, quantity, published_because, valid_to IS NULL AS current FROM marts.v_seizure_history "
        "ORDER BY drug",
    ).rows()
    assert versions == [
        ("Anabolic steroids", 2.5, "decision", True),
        ("Cannabis herb (marijuana)", 7.5, "submission", True),
    ]


def test_a_resubmission_says_so(tmp_path, new_warehouse):
    url, inbox = new_warehouse(), tmp_path / "inbox"
    header = "Country,Year,Drug,Quantity,Unit"
    _csv(inbox, "lux_annual_totals_v1.csv", header, ["Luxembourg,2021,Cannabis herb,7.5,kg"])
    run_nightly(inbox, tmp_path, url)
    _csv(inbox, "lux_annual_totals_v2.csv", header, ["Luxembourg,2021,Cannabis herb,8,kg"])
    run_nightly(inbox, tmp_path, url)
    why = "SELECT quantity, published_because FROM marts.v_seizure_history ORDER BY valid_from"
    assert query(url, why).rows() == [(7.5, "submission"), (8.0, "resubmission")]


def test_a_correction_must_pass_the_checks(tmp_path, new_warehouse, capsys):
    url, inbox = new_warehouse(), tmp_path / "inbox"
    POLICIES["conflict"](inbox)
    run_nightly(inbox, tmp_path, url)
    (issue,) = _missing_quantity(url)
    with connect(url) as warehouse, pytest.raises(InvalidDecision, match="not a number"):
        decide(warehouse, [issue], "correct", "M", "typo", "abc")
    code = main(
        ["issues", "correct", issue, "--value", "-4", "--reason", "r", "--steward", "M", "--warehouse", url]
    )
    assert code == 2
    assert "the quantity is negative" in capsys.readouterr().err
    code = main(
        [
            "issues",
            "correct",
            issue,
            "--value",
            "4,5",
            "--reason",
            "r",
            "--steward",
            "M",
            "--yes",
            "--warehouse",
            url,
        ]
    )
    assert code == 0
    said = capsys.readouterr().out
    assert "touches 1 row(s)" in said and "lux_annual_totals.csv, sheet csv, row 2" in said
    assert (
        query(url, "SELECT COUNT(*) FROM quality.steward_decision").item() == 1
    )  # the bad ones were not saved


def test_the_country_is_told_what_was_corrected_by_whom_and_why(tmp_path, new_warehouse):
    url, inbox = new_warehouse(), tmp_path / "inbox"
    POLICIES["conflict"](inbox)
    run_nightly(inbox, tmp_path, url)
    missing = _missing_quantity(url)
    with connect(url) as warehouse:
        decide(warehouse, missing, "correct", "María Pérez", "confirmed by e-mail", "3")
    run_nightly(inbox, tmp_path, url)
    submission = query(url, "SELECT MAX(submission_id) FROM warehouse.dim_submission").item()
    with connect(url, read_only=True) as warehouse:
        path = write_feedback(warehouse, submission, tmp_path / "feedback")
    summary = openpyxl.load_workbook(path).worksheets[0]
    rows = [[cell.value for cell in row] for row in summary.iter_rows()]
    start = next(i for i, row in enumerate(rows) if row[0] and str(row[0]).startswith("Values corrected"))
    assert rows[start + 2] == [
        "csv",
        2,
        "Quantity",
        None,
        "3",
        "María Pérez",
        rows[start + 2][6],
        "confirmed by e-mail",
    ]


def test_a_conflict_shows_its_other_rows(tmp_path, new_warehouse, capsys):
    url, inbox = new_warehouse(), tmp_path / "inbox"
    _csv(
        inbox,
        "per_annual_totals.csv",
        "Country,Year,Drug,Quantity,Unit",
        ["Peru,2011,Heroin,4,kg", "PER,2011,Heroin,6,kg"],
    )
    run_nightly(inbox, tmp_path, url)
    with connect(url, read_only=True) as warehouse:
        first, second = list_issues(warehouse, IssueFilter(check_name="key_conflict"))["issue_id"]
        related = issue_detail(warehouse, first)["related"]
    assert [(r["source_row"], r["values"]["quantity"], r["values"]["country"]) for r in related] == [
        (3, "6", "PER")
    ]
    assert main(["issues", "show", second, "--warehouse", url]) == 0
    assert "other row of this key_conflict: csv row 2: country=Peru" in capsys.readouterr().out


@pytest.mark.parametrize("policy", ["sum", "conflict"])
def test_a_figure_under_two_names_of_one_drug_counts_once(tmp_path, new_warehouse, policy):
    url, inbox = new_warehouse(), tmp_path / "inbox"
    sedatives = (
        "Europe",
        "Western and Central Europe",
        "Hungary",
        "Sedatives and tranquillizers",
        "Benzodiazepines",
    )
    if policy == "sum":
        _annex(
            inbox,
            [
                (*sedatives, "Diazepam", 2022, 0.5, "HUN"),
                (*sedatives, "Diazepam (Stesolid)", 2022, 0.5, "HUN"),  # the same figure again
                (*sedatives, "Diazepam", 2021, 0.25, "HUN"),
                (*sedatives, "Diazepam (Stesolid)", 2021, 0.5, "HUN"),  # a different value: adds up
            ],
        )
    else:
        _csv(
            inbox,
            "hun_annual_totals.csv",
            "Country,Year,Drug,Quantity,Unit",
            ["Hungary,2022,Diazepam,0.5,kg", "Hungary,2022,Diazepam (Stesolid),0.5,kg"],
        )
    run_nightly(inbox, tmp_path, url)
    figures = query(
        url, "SELECT year, kilograms FROM marts.v_seizures_annual WHERE iso3 = 'HUN' ORDER BY year"
    ).rows()
    checks = query(
        url,
        "SELECT check_name, severity FROM quality.quality_issue WHERE severity <> 'info' ORDER BY source_row",
    ).rows()
    if policy == "sum":
        assert figures == [(2021, 0.75), (2022, 0.5)]
        assert checks == [("double_listing", "warning")]
        assert query(url, "SELECT COUNT(*) FROM warehouse.fact_seizure").item() == 4  # nothing lost
    else:  # a national form giving one key twice is a conflict for a steward, as before
        assert figures == []
        assert checks == [("key_conflict", "error"), ("key_conflict", "error")]


def test_a_vocabulary_fix_loads_what_now_passes_without_a_decision(tmp_path, new_warehouse, monkeypatch):
    from tests.config_helpers import append, copy_config

    url, inbox = new_warehouse(), tmp_path / "inbox"
    header = "Country,Year,Drug,Quantity,Unit"
    _csv(inbox, "col_annual_totals.csv", header, ["Colombia,2011,Cripa,40,kg", "Colombia,2011,Heroin,2,kg"])
    _csv(inbox, "ecu_annual_totals.csv", header, ["Ecuador,2011,Heroin,1,kg"])
    before, after = copy_config(tmp_path / "config-before"), copy_config(tmp_path / "config-after")
    append(after / "drug_synonyms.csv", "Cripa,cannabis_herb,")
    monkeypatch.setenv("HONLEA_CONFIG_DIR", str(before))
    run_nightly(inbox, tmp_path, url)
    assert _open_checks(url) == [("col_annual_totals.csv", "known_drug")]

    monkeypatch.setenv("HONLEA_CONFIG_DIR", str(after))  # the steward added the synonym
    _, summary = run_nightly(inbox, tmp_path, url)
    assert _open_checks(url) == []
    assert "1 figure(s) now load after a vocabulary change" in summary
    last_run = "(SELECT MAX(run_id) FROM quality.etl_run)"
    audit = query(
        url, f"SELECT file_name, status FROM quality.load_audit WHERE run_id = {last_run} ORDER BY 1"
    )
    assert audit.rows() == [("col_annual_totals.csv", "loaded"), ("ecu_annual_totals.csv", "already_loaded")]
    versions = query(
        url, "SELECT drug_id, published_because FROM marts.v_seizure_history WHERE iso3 = 'COL' ORDER BY 1"
    )
    assert versions.rows() == [("cannabis_herb", "vocabulary"), ("heroin", "submission")]

    _, summary = run_nightly(inbox, tmp_path, url)  # the same vocabulary: nothing is read again
    assert "vocabulary change" not in summary


def _open_checks(url: str) -> list[tuple[str, str]]:
    with connect(url, read_only=True) as warehouse:
        return list_issues(warehouse).select("file_name", "check_name").rows()
