"""Project-level checks: README ↔ CI, module layering, cheap imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Layers from the bottom up; a module may import only from its own layer or below.
LAYERS = [
    {"errors", "schema"},
    {"config", "inputs", "clean", "langid", "text", "stopwords", "figures"},
    {"backends", "guards", "models"},
    {"claims", "reporting", "attribution", "summarize", "abstractive", "translate"},
    {"pipeline"},
    {"render"},
    {"cli"},
]


def _layer(module: str) -> int:
    for i, names in enumerate(LAYERS):
        if module in names:
            return i
    raise AssertionError(f"module ansum.{module} is in no layer of tests/test_project.py")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 1:  # "from . import x": x may be a module or a name
                found.update(a.name for a in node.names if not a.name.startswith("__"))
            elif node.level == 2:
                found.add((node.module or "").split(".")[0] or "")
            elif node.module and node.module.startswith("ansum."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("ansum."):
                    found.add(a.name.split(".")[1])
    return {f for f in found if f}


def test_modules_import_only_from_lower_layers():
    pkg = ROOT / "ansum"
    for path in pkg.rglob("*.py"):
        rel = path.relative_to(pkg)
        top = rel.parts[0].removesuffix(".py")
        if top in ("__init__", "__main__"):
            continue
        own = _layer(top)
        for imported in _imports(path):
            if imported == top or (
                path.parent != pkg and imported in {p.stem for p in path.parent.glob("*.py")}
            ):
                continue
            assert _layer(imported) <= own, f"{rel} imports ansum.{imported} from a higher layer"
    # nothing imports the CLI
    for path in pkg.rglob("*.py"):
        if path.name not in ("cli.py", "__main__.py"):
            assert "cli" not in _imports(path), path


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = ci.strip().splitlines()[-1]
    assert "pytest" in command
    assert command in readme


def test_shipped_and_root_models_toml_identical():
    assert (ROOT / "models.toml").read_bytes() == (ROOT / "ansum" / "models.toml").read_bytes()


def test_help_and_version_do_not_import_torch():
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from ansum.cli import app\n"
        "r = CliRunner().invoke(app, ['--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "r = CliRunner().invoke(app, ['summarize', '--help'])\n"
        "assert r.exit_code == 0, r.output\n"
        "bad = [m for m in ('torch', 'transformers', 'trafilatura') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
