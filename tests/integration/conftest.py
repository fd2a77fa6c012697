"""Fixtures for tests that run the real nightly flow on real files into a real DuckDB file or a real
PostgreSQL database (127.0.0.1:5432, trust auth), each test in its own database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.integration.helpers import BACKENDS, warehouse_url


@pytest.fixture(scope="session", autouse=True)
def prefect_server() -> Iterator[None]:
    """One temporary Prefect server for the whole session (it takes ~10 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


@pytest.fixture(params=BACKENDS)
def new_warehouse(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Per test: a factory of empty warehouses on the parametrised backend (DuckDB, then PostgreSQL)."""
    made: list[Iterator[str]] = []

    def make() -> str:
        generator = warehouse_url(request.param, tmp_path / f"w{len(made)}")
        made.append(generator)
        return next(generator)

    yield make
    for generator in made:
        next(generator, None)
