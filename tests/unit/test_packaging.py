"""The package as pip builds it: one namespace (honlea.*) over the card's folders, every data file the code
reads inside it, and no warning while building."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from honlea.config.settings import ANNEX_FILE, PROJECT_ROOT

#: the folders installed as honlea.<folder>
FOLDERS = ("config", "demo", "expectations", "flows", "review", "sources", "transforms", "warehouse")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[zipfile.ZipFile, str]:
    """A wheel built from the working tree as `make` installs it (build isolation), and pip's output."""
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(out), str(PROJECT_ROOT)],
        capture_output=True,
        text=True,
        check=True,
    )
    (path,) = out.glob("honlea_warehouse-*.whl")
    return zipfile.ZipFile(path), built.stdout + built.stderr


def _shipped(folder: str) -> set[str]:
    """Files of a folder that are part of the package: everything but caches, tests' leftovers and docs."""
    root = PROJECT_ROOT / folder
    return {
        f"honlea/{folder}/{p.relative_to(root).as_posix()}"
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


def test_everything_installs_under_one_namespace(wheel):
    archive, _ = wheel
    top_level = {Path(name).parts[0] for name in archive.namelist() if ".dist-info" not in name}
    assert top_level == {"honlea"}


def test_every_file_of_the_folders_ships_with_the_package(wheel):
    archive, _ = wheel
    names = set(archive.namelist())
    missing = {folder: sorted(_shipped(folder) - names) for folder in FOLDERS}
    assert {folder: files for folder, files in missing.items() if files} == {}
    assert f"honlea/{ANNEX_FILE.relative_to(PROJECT_ROOT).as_posix()}" in names


def test_the_build_warns_of_nothing(wheel):
    _, output = wheel
    assert "BuildBackendWarning" not in output and "SetuptoolsWarning" not in output, output
