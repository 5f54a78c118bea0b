"""The package's layout rules (outreach/__init__.py): which stage may import which, who may import
Streamlit, no import cycles, no oversized module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "outreach"

# Stage of a module: its subpackage, or "base" for config, i18n and texts, or "entry" for cli.
BASE = {"outreach.config", "outreach.i18n", "outreach.texts"}
STAGES = ("ingest", "query", "views", "ui", "demo")
# What each stage may import from outreach (besides itself).
ALLOWED = {
    "base": {"base"},
    "ingest": {"base"},
    "query": {"base"},
    "views": {"base", "query", "ingest"},
    "demo": {"base", "ingest", "query.periods"},
    "ui": {"base", "ingest", "query", "views", "demo"},
    "entry": {"base", "ingest", "query", "demo"},
    "page": {"base", "ingest", "query", "views", "ui"},
}
STREAMLIT_STAGES = {"ui", "page"}
MAX_LINES = 560


def module_name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def stage_of(module: str) -> str:
    if module.startswith(("pages.", "dashboard")) or module == "dashboard":
        return "page"
    parts = module.split(".")
    if module in BASE or any(module.startswith(base + ".") for base in BASE):
        return "base"
    if len(parts) >= 2 and parts[1] in STAGES:
        return parts[1]
    return "entry"


def imports_of(path: Path) -> set[str]:
    """Every absolute module name imported anywhere in the file (also inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # "from outreach.query import db" imports the module outreach.query.db
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def project_files() -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py")) + sorted((ROOT / "pages").glob("*.py")) + [ROOT / "dashboard.py"]
    return [path for path in files if "__pycache__" not in path.parts]


def known_modules() -> set[str]:
    return {module_name(path) for path in sorted(PACKAGE.rglob("*.py"))}


def allows(stage: str, target: str) -> bool:
    target_stage = stage_of(target)
    if target_stage == stage:
        return True
    rules = ALLOWED[stage]
    if target_stage in rules:
        return True
    return any(target == f"outreach.{rule}" or target.startswith(f"outreach.{rule}.") for rule in rules if "." in rule)


@pytest.mark.parametrize("path", project_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_imports_follow_the_stages(path):
    module = module_name(path)
    stage = stage_of(module)
    modules = known_modules()
    imported = imports_of(path)
    wrong = sorted(name for name in imported
                   if name in modules and name not in ("outreach",) and not allows(stage, name))
    assert not wrong, f"{module} ({stage}) may not import {wrong}"
    if stage not in STREAMLIT_STAGES:
        streamlit = sorted(name for name in imported if name == "streamlit" or name.startswith("streamlit."))
        assert not streamlit, f"{module} ({stage}) imports Streamlit"


def test_the_rules_catch_a_wrong_import(tmp_path):
    # The checker itself: a views module importing ui, and a query module importing Streamlit.
    sample = tmp_path / "sample.py"
    sample.write_text("from outreach.ui import tables\nimport streamlit as st\n", encoding="utf-8")
    imported = imports_of(sample)
    assert "outreach.ui.tables" in imported and "streamlit" in imported
    assert not allows("views", "outreach.ui.tables") and not allows("query", "outreach.ingest.load")
    assert allows("views", "outreach.query.db") and allows("demo", "outreach.query.periods")
    assert not allows("demo", "outreach.query.db")


def test_every_subpackage_says_what_it_holds_and_may_import():
    for stage in STAGES:
        init = PACKAGE / stage / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "import" in doc.lower() and len(doc) > 200, stage


def test_no_import_cycle():
    modules = known_modules()
    graph = {module_name(path): {name for name in imports_of(path) if name in modules and name != module_name(path)}
             for path in sorted(PACKAGE.rglob("*.py"))}
    # A package's __init__ is not a dependency of its modules for this purpose.
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target == "outreach" or any(target == node.rsplit(".", k)[0] for k in range(1, node.count(".") + 1)):
                continue
            if state.get(target) == 1:
                raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(target):] + [target]))
            if state.get(target) is None:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if state.get(node) is None:
            visit(node)


def test_no_oversized_module():
    big = {str(path.relative_to(ROOT)): lines for path in sorted(PACKAGE.rglob("*.py"))
           if "texts" not in path.parts and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, big


def test_one_card_type_drawn_by_one_helper():
    """Every page's figure cards are outreach.views.columns.Card drawn by shell.card_rows."""
    import re

    sources = {path: path.read_text(encoding="utf-8") for path in [*ROOT.glob("pages/*.py"), ROOT / "dashboard.py",
                                                                  *ROOT.glob("outreach/**/*.py")]}
    cards = [path for path, text in sources.items() if re.search(r"^class Card\b", text, re.M)]
    assert [path.relative_to(ROOT).as_posix() for path in cards] == ["outreach/views/columns.py"]
    drawers = [path.relative_to(ROOT).as_posix() for path, text in sources.items()
               if ".metric(" in text or re.search(r"\bcards_html\(", text)]
    assert sorted(drawers) == ["outreach/ui/shell.py", "outreach/views/cards.py"], drawers
