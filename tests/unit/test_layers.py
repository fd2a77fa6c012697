"""Layers import downward only (README, Layout): every import of every .py of the project, read from its
syntax tree, goes to its own layer or a lower one; warehouse/ imports neither config/ nor transforms/; and
each names the package by its installed name, honlea.<folder>."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: each top-level folder's layer, bottom (0) to top; tests may import anything
LAYERS = {
    "config": 0,
    "transforms": 1,
    "sources": 1,
    "expectations": 2,
    "warehouse": 3,
    "flows": 4,
    "review": 4,
    "note": 4,
    "demo": 4,
    "bench": 4,
    "tests": 5,
}
#: lower layers a folder may not import all the same: storage stores what it is handed
FORBIDDEN = {"warehouse": {"config", "transforms"}}
#: the shared names (enums of statuses, severities, ...): loads nothing, so every layer may import it
SHARED = "config.names"
#: the one namespace the folders are installed under (pyproject.toml: honlea.flows is flows/, ...)
NAMESPACE = "honlea."


def imported(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import of ours in a file, relative ones resolved to honlea.<folder>...."""
    package = ("honlea", *path.relative_to(ROOT).parent.parts)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            found.append((node.lineno, module))
    return [(line, module) for line, module in found if _folder(module) in LAYERS]


def _folder(module: str) -> str:
    return module.removeprefix(NAMESPACE).split(".")[0]


def violations(path: Path) -> list[str]:
    """What is wrong with a file's imports, one line each (file:line imports module)."""
    folder = path.relative_to(ROOT).parts[0]
    wrong = []
    for line, module in imported(path):
        target, name = _folder(module), module.removeprefix(NAMESPACE)
        if not module.startswith(NAMESPACE) and target != "tests":
            wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}, not {NAMESPACE}{module}")
            continue
        if name == SHARED or name.startswith(SHARED + "."):
            continue
        if LAYERS[target] > LAYERS[folder] or target in FORBIDDEN.get(folder, ()):
            wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return wrong


#: top-level folders that hold no code of the project
NOT_CODE = ("data", "build", "docs")


def project_files() -> list[Path]:
    return sorted(p for folder in LAYERS for p in (ROOT / folder).rglob("*.py"))


def test_every_folder_of_python_code_has_a_layer():
    folders = {
        p.name
        for p in ROOT.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.name not in NOT_CODE and any(p.rglob("*.py"))
    }
    assert folders == LAYERS.keys()


def test_modules_import_their_own_layer_or_lower_ones():
    files = project_files()
    assert len(files) > 50
    wrong = [line for path in files for line in violations(path)]
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("folder", "statement", "allowed"),
    [
        ("transforms", "from honlea.warehouse.schema import FACT_SEIZURE", False),
        ("warehouse", "from honlea.config.reference import dim_country", False),
        ("warehouse", "import honlea.transforms.facts", False),
        ("warehouse", "from honlea.config.names import FileStatus", True),
        ("config", "def f():\n    from honlea.sources import readers", False),
        ("expectations", "from honlea.transforms.decisions import DECISION_SCHEMA", True),
        ("sources", "from honlea.transforms import headers", True),
        ("flows", "from honlea.review.cli import main", True),
        ("tests", "from honlea.flows.cli import main", True),
        ("tests", "from tests.workbooks import write_workbook", True),
        ("warehouse", "from . import schema", True),
        ("transforms", "from ..warehouse import schema", False),
        ("flows", "from review.cli import main", False),  # the folder's name, not the installed package
    ],
)
def test_the_rule_catches_an_import_upward(folder, statement, allowed, tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    path = tmp_path / folder / "module.py"
    path.parent.mkdir()
    path.write_text(statement + "\n", encoding="utf-8")
    assert (violations(path) == []) is allowed
