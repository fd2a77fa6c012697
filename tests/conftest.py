"""Test settings: Prefect and Great Expectations write only to temporary folders, quietly. Tests are
marked by kind here, from where they live and what they use, so that no test has to say it itself:

- integration: everything under tests/integration (real nightly runs: a Prefect server, real files,
  a real warehouse);
- postgres: a test run on the PostgreSQL backend (parametrised "postgresql", see
  tests/integration/helpers.BACKENDS) or whose code calls psycopg: it needs PostgreSQL on
  127.0.0.1:5432;
- browser: a test whose code drives Playwright: it needs Debian's Chromium;
- gx: a test whose code runs a Great Expectations validation or builds Data Docs (the first imports
  GX, ~7 s of CPU; each validation takes a second or more).

"A test's code" is the test function's and that of every fixture it uses (a fixture that launches
Chromium makes its tests `browser`), nested code included; an explicit mark works too.

`make test` runs every kind; `make test-unit` runs the unit tests (`-m "not integration"`).
"""

from __future__ import annotations

import os
import tempfile
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

_PREFECT_TMP = Path(tempfile.mkdtemp(prefix="honlea-prefect-"))
os.environ["PREFECT_HOME"] = str(_PREFECT_TMP / "home")
os.environ["PREFECT_RESULTS_LOCAL_STORAGE_PATH"] = str(_PREFECT_TMP / "results")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["GX_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ["HONLEA_RETRY_DELAYS"] = "0.1,0.1"  # retries stay on, without the production back-off

INTEGRATION = Path(__file__).parent / "integration"
POSTGRES_BACKEND = "postgresql"  # the backend parameter of new_warehouse, demo_run and annex_run
# validate judges the checks in polars and builds GX's result without importing GX: not an entry point
GX_ENTRY_POINTS = {("honlea.expectations.runner", "build_docs")}


def _code_objects(code: types.CodeType) -> Iterator[types.CodeType]:
    """A function's code and the code nested in it (comprehensions, lambdas, inner functions)."""
    yield code
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            yield from _code_objects(constant)


def _functions(item: pytest.Item) -> Iterator[Callable]:
    """The test function and the function of every fixture it uses, directly or through another."""
    yield getattr(item, "function", None)
    known = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})  # pytest's own record
    for name in getattr(item, "fixturenames", ()):
        for fixturedef in known.get(name, ()):
            yield fixturedef.func


def _refers_to(item: pytest.Item, wanted: Callable[[object], bool]) -> bool:
    """Whether the code of the test or of one of its fixtures names a global object for which `wanted`
    is true."""
    for function in _functions(item):
        code = getattr(function, "__code__", None)
        if code is None:
            continue
        names = {name for nested in _code_objects(code) for name in nested.co_names}
        if any(wanted(function.__globals__[name]) for name in names if name in function.__globals__):
            return True
    return False


def _home(obj: object) -> str:
    """The dotted name of the module an object (or a module) comes from."""
    return obj.__name__ if isinstance(obj, types.ModuleType) else str(getattr(obj, "__module__", None))


def _from_package(package: str) -> Callable[[object], bool]:
    return lambda obj: _home(obj) == package or _home(obj).startswith(package + ".")


def _is_gx_entry_point(obj: object) -> bool:
    return (_home(obj), getattr(obj, "__name__", None)) in GX_ENTRY_POINTS


def _on_postgresql(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    params = callspec.params.values() if callspec is not None else ()
    on_backend = any(isinstance(value, str) and value == POSTGRES_BACKEND for value in params)
    return on_backend or _refers_to(item, _from_package("psycopg"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every collected test by kind (see the module's docstring)."""
    for item in items:
        if item.path.is_relative_to(INTEGRATION):
            item.add_marker(pytest.mark.integration)
        if _on_postgresql(item):
            item.add_marker(pytest.mark.postgres)
        if _refers_to(item, _from_package("playwright")):
            item.add_marker(pytest.mark.browser)
        if _refers_to(item, _is_gx_entry_point):
            item.add_marker(pytest.mark.gx)
