"""The participation module knows no tool: tools register their codes and contributions."""

import ast
from pathlib import Path

import cohesion.participation

TOOLS = ("cohesion.opinions", "cohesion.processes", "cohesion.statistics", "cohesion.indicators")


def test_participation_imports_no_participatory_tool():
    root = Path(cohesion.participation.__file__).parent
    imported = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add((path.name, node.module))
            elif isinstance(node, ast.Import):
                imported.update((path.name, alias.name) for alias in node.names)
    assert [(name, module) for name, module in imported if module.startswith(TOOLS)] == []
