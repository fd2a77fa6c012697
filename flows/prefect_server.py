"""The temporary Prefect server of `honlea run` when no server is configured, dying with the run.

Prefect starts its own temporary server as a plain child process: a killed run left it running
(nothing stops it but the run's atexit). This one is started through flows.children, so the kernel
kills it when the run's process ends, however it ends.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

import prefect
from prefect.events.worker import EventsWorker
from prefect.logging.handlers import APILogWorker
from prefect.server.api.server import SubprocessASGIServer
from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

from honlea.flows import children


class _TemporaryServer(SubprocessASGIServer):
    """Prefect's subprocess server (its port choice, start-up checks and stop), started to die with us."""

    _instances: ClassVar[dict[int | None, SubprocessASGIServer]] = {}  # not shared with Prefect's own

    def _run_uvicorn_command(self) -> subprocess.Popen:
        """The command and environment of SubprocessASGIServer._run_uvicorn_command (Prefect 3.9)."""
        command = [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent)]
        command += ["--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--log-level", "error", "--lifespan", "on"]
        env = {
            **os.environ,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
            **get_current_settings().to_environment_variables(exclude_unset=True),
        }
        return children.start(command, env=env)


@contextmanager
def prefect_api() -> Iterator[None]:
    """The configured Prefect API (PREFECT_API_URL), or else a temporary server for the block."""
    if get_current_settings().api.url:
        yield
        return
    server = _TemporaryServer()
    server.start()
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            try:
                yield
            finally:  # send the run's last logs and events while the server is still there
                APILogWorker.drain_all(timeout=10)
                EventsWorker.drain_all(timeout=10)
    finally:
        server.stop()
