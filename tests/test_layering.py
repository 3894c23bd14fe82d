"""Which app may import which (README, Layout): the import-linter contracts in pyproject.toml hold, and no project
import hides inside a function to dodge a cycle (only an AppConfig's ready() imports late, as Django asks)."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("newsroom", "desk", "pagecache", "worker", "articles", "live", "ingest", "api", "pages")


def test_the_layers_and_acyclic_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _late_project_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            names = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.ImportFrom) and node.level > 0:
                names = ["." * node.level + (node.module or "")]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                if name.startswith(".") or name.split(".")[0] in PACKAGES:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {function.name}() imports {name}")
    return found


def test_no_project_import_is_written_inside_a_function():
    late = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts or path.name == "apps.py":
                continue
            late += _late_project_imports(path)
    assert late == [], "imports written inside functions (move them up, or break the cycle they dodge):\n" + "\n".join(
        late
    )
