"""The core stays free of Qt and of ui/, and SQL stays in storage/ (STYLE.md, point 1 and 2)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ("leader_app", "storage", "sync")
FORBIDDEN = ("PySide6", "shiboken6", "ui")
SQL_RE = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b",
    re.IGNORECASE | re.DOTALL,
)


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _files(*packages: str) -> list[Path]:
    return [p for pkg in packages for p in sorted((ROOT / pkg).rglob("*.py"))]


@pytest.mark.parametrize("path", _files(*CORE), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_never_imports_qt_or_ui(path: Path) -> None:
    bad = [n for n in _imports(path) if n.split(".")[0] in FORBIDDEN]
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


@pytest.mark.parametrize(
    "path",
    _files("leader_app", "sync", "ui") + [ROOT / "main.py"],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_sql_lives_in_storage(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert not SQL_RE.search(node.value), (
                f"{path.relative_to(ROOT)}:{node.lineno} has SQL; move it to storage/"
            )


def test_layering_test_sees_a_leak(tmp_path: Path) -> None:
    """Guard the guard: a Qt import in a file is found."""
    leaky = tmp_path / "leaky.py"
    leaky.write_text("from PySide6.QtCore import QObject\nimport ui.main_window\n")
    assert [n.split(".")[0] for n in _imports(leaky)] == ["PySide6", "ui"]


def test_only_file_dialogs_opens_qt_file_dialogs() -> None:
    """Qt's own file dialog reads every file it lists; inside the desk that closed a handle to
    shop.db and dropped the desk's SQLite locks (changes lost, the file damaged). Every dialog
    goes through ui/file_dialogs.py, which never opens a listed file."""
    import re
    from pathlib import Path

    ui = Path(__file__).resolve().parent.parent / "ui"
    offenders = [
        str(path.relative_to(ui.parent))
        for path in ui.rglob("*.py")
        if path.name != "file_dialogs.py"
        and re.search(r"QFileDialog\s*[.(]", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
