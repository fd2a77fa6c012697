"""Stewards' decisions on DuckDB and PostgreSQL: recorded by the CLI, applied by the next nightly run,
kept for the same rows in a resubmission, never deleted."""

from __future__ import annotations

from pathlib import Path

import pytest

from honlea.flows.cli import main
from tests.integration.helpers import query, run_nightly

ROWS = [
    "Perú;2011;Heroína;-5;kg",  # rejected: never loaded
    "Chile;2011;Heroína;aprox. 15;kg",  # corrected to 15
    "Bolivia;1988;Heroína;3;kg",  # accepted: a historic figure
    "Ecuador;2011;Heroína;unos 20;kg",  # awaiting the country's new file
    "Colombia;2011;Heroína;4;kg",  # fine
]


def _inbox(root: Path, name: str, rows: list[str]) -> Path:
    inbox = root / "inbox"
    inbox.mkdir(exist_ok=True)
    (inbox / name).write_bytes(("País;Año;Droga;Cantidad;Unidad\n" + "\n".join(rows) + "\n").encode("cp1252"))
    return inbox


def _issue(url: str, country: str) -> str:
    from honlea.review.service import IssueFilter, list_issues
    from honlea.warehouse.connection import connect

    with connect(url, read_only=True) as warehouse:
        (issue_id,) = list_issues(warehouse, IssueFilter(country=country))["issue_id"]
    return issue_id


def _cli(url: str, *args: str) -> None:
    assert main(["issues", *args, "--steward", "A. Steward", "--warehouse", url]) == 0


def facts(url: str) -> list[tuple]:
    return query(
        url,
        "SELECT iso3, year, kilograms FROM marts.v_seizure_history WHERE valid_to IS NULL "
        "ORDER BY iso3, year",
    ).rows()


def test_decisions_are_applied_by_the_next_run_and_survive_a_resubmission(tmp_path, new_warehouse, capsys):
    url = new_warehouse()
    inbox = _inbox(tmp_path, "anual_v1.csv", ROWS)
    run_nightly(inbox, tmp_path, url)
    assert facts(url) == [("COL", 2011, 4.0)]
    issue = {country: _issue(url, country) for country in ("PER", "CHL", "BOL", "ECU")}
    _cli(url, "reject", issue["PER"], "--reason", "negative figure, the country confirmed a typo")
    _cli(url, "correct", issue["CHL"], "--value", "15", "--reason", "focal point confirmed 15 kg by mail")
    _cli(url, "accept", issue["BOL"], "--reason", "historic series, 1988 is right")
    _cli(url, "await", issue["ECU"], "--reason", "asked Ecuador for the figure")
    assert main(["issues", "show", issue["CHL"], "--warehouse", url]) == 0
    assert "correct by A. Steward" in capsys.readouterr().out

    run_nightly(inbox, tmp_path, url)  # the same file is read again to apply the decisions
    assert facts(url) == [("BOL", 1988, 3.0), ("CHL", 2011, 15.0), ("COL", 2011, 4.0)]
    statuses = query(
        url,
        "SELECT q.iso3, q.status FROM quality.quality_issue q JOIN warehouse.dim_submission s "
        "ON s.submission_id = q.submission_id AND s.valid_to IS NULL ORDER BY q.iso3",
    ).rows()
    assert statuses == [("BOL", "accepted"), ("ECU", "awaiting"), ("PER", "rejected")]
    decisions = query(
        url, "SELECT action, steward, applied_run_id FROM quality.steward_decision ORDER BY action"
    )
    assert decisions["action"].to_list() == ["accept", "await", "correct", "reject"]
    assert decisions["applied_run_id"].null_count() == 0 and set(decisions["steward"]) == {"A. Steward"}

    resubmitted = [row.replace("unos 20", "2") if row.startswith("Ecuador") else row for row in ROWS]
    _inbox(tmp_path, "anual_v2.csv", resubmitted)
    run_nightly(inbox, tmp_path, url)
    assert facts(url) == [("BOL", 1988, 3.0), ("CHL", 2011, 15.0), ("COL", 2011, 4.0), ("ECU", 2011, 2.0)]
    from honlea.review.service import IssueFilter, list_issues
    from honlea.warehouse.connection import connect

    with connect(url, read_only=True) as warehouse:
        assert list_issues(warehouse, IssueFilter()).is_empty()  # nothing asked twice
    assert query(url, "SELECT COUNT(*) AS n FROM quality.steward_decision")["n"].item() == 4


def test_a_decision_needs_a_reason_and_a_known_issue(tmp_path, new_warehouse):
    url = new_warehouse()
    run_nightly(_inbox(tmp_path, "anual.csv", ROWS[:1]), tmp_path, url)
    with pytest.raises(SystemExit):
        main(["issues", "accept", _issue(url, "PER"), "--warehouse", url, "--steward", "A"])  # no --reason
    refused = main(
        ["issues", "accept", "no-such-issue", "--reason", "x", "--steward", "A", "--warehouse", url]
    )
    assert refused == 2  # "Refused: not current quality issues: no-such-issue" on stderr
    assert query(url, "SELECT COUNT(*) AS n FROM quality.steward_decision")["n"].item() == 0


def _decide_on(url: str, country: str, action: str, *extra: str) -> None:
    _cli(url, action, _issue(url, country), "--reason", "checked with the focal point", *extra)


def test_a_file_read_again_for_a_decision_does_not_undo_a_newer_resubmission(tmp_path, new_warehouse):
    url = new_warehouse()
    inbox = _inbox(
        tmp_path,
        "v1.csv",
        ["Colombia;2010;Heroína;4;kg", "Colombia;2011;Heroína;5;kg", "Chile;2011;Heroína;aprox. 3;kg"],
    )
    run_nightly(inbox, tmp_path, url)
    _inbox(tmp_path, "v2.csv", ["Colombia;2011;Heroína;6;kg"])
    run_nightly(inbox, tmp_path, url)
    _decide_on(url, "CHL", "correct", "--value", "3")
    run_nightly(inbox, tmp_path, url)
    assert facts(url) == [("CHL", 2011, 3.0), ("COL", 2010, 4.0), ("COL", 2011, 6.0)]
    _inbox(tmp_path, "v3.csv", ["Chile;2012;Heroína;unos 20;kg"])
    run_nightly(inbox, tmp_path, url)
    _decide_on(url, "CHL", "await")
    (inbox / "v3.csv").unlink()
    _, summary = run_nightly(inbox, tmp_path, url)
    assert "1 steward decision(s) wait for their file" in summary


def test_a_resubmission_closes_a_file_whose_rows_all_failed(tmp_path, new_warehouse):
    from honlea.review.service import list_issues
    from honlea.warehouse.connection import connect

    url = new_warehouse()
    inbox = _inbox(tmp_path, "ecu_v1.csv", ["Ecuador;2011;Heroína;unos 20;kg", "Ecuador;2010;Heroína;-1;kg"])
    run_nightly(inbox, tmp_path, url)
    _inbox(tmp_path, "ecu_v2.csv", ["Ecuador;2011;Heroína;2;kg", "Ecuador;2010;Heroína;1;kg"])
    run_nightly(inbox, tmp_path, url)
    with connect(url, read_only=True) as warehouse:
        assert list_issues(warehouse).is_empty()
    closed = query(url, "SELECT file_name FROM warehouse.dim_submission WHERE valid_to IS NOT NULL")
    assert closed["file_name"].to_list() == ["ecu_v1.csv"]
    assert facts(url) == [("ECU", 2010, 1.0), ("ECU", 2011, 2.0)]


def test_accepting_one_row_of_a_conflict_loads_that_row_only(tmp_path, new_warehouse):
    from honlea.review.service import IssueFilter, decide, list_issues
    from honlea.warehouse.connection import connect

    url = new_warehouse()
    rows = [
        "Colombia;2011;Heroína;4;kg",
        "COLOMBIA;2011;HEROÍNA;4;KG",
        "Perú;2011;Heroína;2;kg",
        "Perú;2011;Heroína;2;kg",
    ]
    inbox = _inbox(tmp_path, "anual.csv", rows)
    run_nightly(inbox, tmp_path, url)
    with connect(url) as warehouse:
        conflict = list_issues(warehouse, IssueFilter(check_name="key_conflict"))
        # one key, two rows: each issue names its own row
        assert conflict.height == 2 and conflict["business_key"].n_unique() == 1
        assert conflict["row_key"].n_unique() == 2
        decide(warehouse, [conflict["issue_id"][0]], "accept", "A", "the first row is the national figure")
        decide(warehouse, [conflict["issue_id"][1]], "reject", "A", "the same figure again")
        duplicate = list_issues(warehouse, IssueFilter(open_only=False, check_name="exact_duplicate"))
        with pytest.raises(ValueError, match="exact duplicates, name no row"):
            decide(warehouse, list(duplicate["issue_id"]), "correct", "A", "x", "3")
    run_nightly(inbox, tmp_path, url)
    assert facts(url) == [("COL", 2011, 4.0), ("PER", 2011, 2.0)]


def _waiting(url: str) -> list[tuple]:
    from honlea.review.service import list_issues
    from honlea.warehouse.connection import connect

    with connect(url, read_only=True) as warehouse:
        return list_issues(warehouse).select("issue_id", "file_name", "check_name", "decision").rows()


def test_an_acknowledged_unrecognised_file_stays_acknowledged_while_its_bytes_come_back(
    tmp_path, new_warehouse, capsys
):
    url = new_warehouse()
    inbox = _inbox(tmp_path, "anual_v1.csv", ROWS[:1])
    (inbox / "notas.csv").write_text("Nota de remisión\nAdjuntamos las cifras.\n", encoding="utf-8")
    _, first_summary = run_nightly(inbox, tmp_path, url)
    ((issue_id, _, check, decision),) = [row for row in _waiting(url) if row[1] == "notas.csv"]
    assert (check, decision) == ("unrecognised_file", None)
    assert "unrecognised_file" in first_summary.split("## Open issues")[-1]  # the run's backlog counts it
    for wrong, on in (("accept", issue_id), ("acknowledge", _issue(url, "PER"))):
        assert main(["issues", wrong, on, "--reason", "x", "--steward", "A", "--warehouse", url]) == 2
    assert query(url, "SELECT COUNT(*) AS n FROM quality.steward_decision")["n"].item() == 0
    capsys.readouterr()
    _cli(url, "acknowledge", issue_id, "--reason", "a cover note, not data", "--yes")
    said = capsys.readouterr().out
    assert "acknowledge touches 1 file(s)" in said and "holds at once, while the same bytes return" in said
    assert [row[1] for row in _waiting(url)] == ["anual_v1.csv"]
    assert query(url, "SELECT SUM(issues) AS n FROM marts.v_open_issues")["n"].item() == 1

    _, summary = run_nightly(inbox, tmp_path, url)  # the same bytes the next night: a new issue id
    (again,) = query(
        url,
        "SELECT issue_id FROM quality.quality_issue WHERE check_name = 'unrecognised_file' AND issue_id <> ?",
        [issue_id],
    )["issue_id"]
    assert again != issue_id and [row[1] for row in _waiting(url)] == ["anual_v1.csv"]
    assert "unrecognised_file" not in summary.split("## Open issues")[-1]
    capsys.readouterr()
    assert main(["issues", "show", again, "--warehouse", url]) == 0  # its history: the acknowledgement
    assert "decision: acknowledge by A. Steward" in capsys.readouterr().out

    (inbox / "notas.csv").write_text("Nota de remisión\nOtra nota.\n", encoding="utf-8")  # other bytes
    run_nightly(inbox, tmp_path, url)
    assert [row[1:] for row in _waiting(url) if row[1] == "notas.csv"] == [
        ("notas.csv", "unrecognised_file", None)
    ]
