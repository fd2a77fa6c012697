"""Failures reach someone: a webhook receiver on this machine (an Apprise json:// address in
HONLEA_NOTIFY_URL) is told of a run that failed, and of the dead run a later run finds."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from honlea.config.names import RunStatus
from honlea.warehouse.connection import connect
from honlea.warehouse.publish import start_run
from tests.integration.helpers import query, run_nightly


@pytest.fixture
def receiver(monkeypatch) -> Iterator[list[dict]]:
    """A webhook on localhost; the JSON bodies it received. HONLEA_NOTIFY_URL points at it."""
    received: list[dict] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("HONLEA_NOTIFY_URL", f"json://127.0.0.1:{server.server_port}/hook")
    yield received
    server.shutdown()


def test_a_failed_run_is_announced_at_the_webhook(receiver, tmp_path):
    _, state = run_nightly(tmp_path / "no_such_inbox", tmp_path, return_state=True)
    assert state.is_failed()
    (message,) = receiver
    assert message["type"] == "failure" and message["title"].startswith("HONLEA nightly run ")
    assert "no_such_inbox does not exist" in message["message"]


def test_the_next_run_announces_a_run_that_died(receiver, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    url, _ = run_nightly(inbox, tmp_path)
    with connect(url) as warehouse:  # a run whose process was killed: still marked running
        start_run(warehouse, "20261129T020000Z-dead00", "", "schedule", 3)
    run_nightly(inbox, tmp_path, url)
    assert query(
        url, "SELECT status FROM quality.etl_run WHERE run_id = '20261129T020000Z-dead00'"
    ).item() == (RunStatus.ABANDONED)
    (message,) = receiver
    assert message["title"] == "HONLEA: 1 nightly run(s) ended without an outcome"
    assert "20261129T020000Z-dead00" in message["message"]
