"""Project-level checks: README ↔ CI, module layering, cheap imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Layers from the bottom up: ansum/<name>.py or the package ansum/<name>/.  A module may
#: import modules of its own package or of a lower layer, never a sibling of its layer
#: or anything above (the data flow of README's "How the code is laid out").
LAYERS = [
    {"errors", "schema"},
    {"config"},
    {"arabic"},
    {"input"},
    {"backends"},
    {"claims", "summary"},
    {"translation"},
    {"runtime"},
    {"pipeline"},
    {"batch"},
    {"brief"},
    {"render"},
    {"cli"},
]
PKG = ROOT / "ansum"
MAX_MODULE_LINES = 400


def _layer(top: str) -> int:
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"ansum.{top} is in no layer of tests/test_project.py")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PKG.rglob("*.py")}


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The ansum modules ``path`` imports anywhere (module level or inside functions):
    ``from a.b import c`` counts as ``a.b.c`` when that is a module, else ``a.b``."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if not (mod == "ansum" or mod.startswith("ansum.")):
                continue
            for alias in node.names:
                sub = f"{mod}.{alias.name}"
                found.add(sub if sub in modules else mod)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("ansum."))
    found.discard(name)
    return {m for m in found if m in modules}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) for name, path in modules.items()}


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_modules_import_only_from_their_package_or_lower_layers():
    for module, imported in _graph().items():
        top = _top(module)
        if top in ("", "__main__"):
            continue
        for other in imported:
            other_top = _top(other)
            if other_top in ("", top):
                continue
            assert _layer(other_top) < _layer(top), (
                f"{module} imports {other}: ansum.{other_top} is not below ansum.{top}")


def test_no_import_circles():
    graph = _graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                raise AssertionError("import circle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)


def test_circle_check_can_fail(monkeypatch):
    """The circle check sees a circle through a function-level import."""
    graph = {"ansum.a": {"ansum.b"}, "ansum.b": {"ansum.a"}}
    monkeypatch.setattr(sys.modules[__name__], "_graph", lambda: graph)
    with pytest.raises(AssertionError, match="ansum.a -> ansum.b -> ansum.a"):
        test_no_import_circles()


def test_nothing_imports_the_cli():
    for module, imported in _graph().items():
        if not module.startswith(("ansum.cli", "ansum.__main__")):
            assert not any(m.startswith("ansum.cli") for m in imported), module


def test_no_module_is_too_long():
    for path in PKG.rglob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)}: {lines} lines"


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


def test_public_api_from_the_package_root():
    code = (
        "import sys\n"
        "import ansum\n"
        "assert 'ansum.pipeline' not in sys.modules, 'import ansum loaded the pipeline'\n"
        "from ansum import BriefOptions, build_brief, load_article\n"
        "brief = build_brief(load_article('examples/heatwave.txt'),"
        " BriefOptions(profile='extractive'))\n"
        "assert brief.claims and brief.summary\n"
        "try:\n"
        "    ansum.no_such_name\n"
        "except AttributeError:\n"
        "    pass\n"
        "else:\n"
        "    raise AssertionError('unknown names must raise AttributeError')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_help_and_brief_do_not_import_ray():
    """``ansum --help``, ``brief --help`` and a local-engine brief never import ray."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from ansum.cli import app\n"
        "for args in (['--help'], ['brief', '--help'],\n"
        "             ['brief', '-p', 'extractive', '-f', 'json', 'examples/heatwave.txt']):\n"
        "    r = CliRunner().invoke(app, args)\n"
        "    assert r.exit_code == 0, (args, r.output)\n"
        "bad = [m for m in ('ray', 'pyarrow') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_engine_ray_without_the_extra_is_a_one_line_error():
    """Without ray, ``--engine ray`` exits 6 with one line naming the extra."""
    code = (
        "import sys\n"
        "sys.modules['ray'] = None  # import ray raises ImportError\n"
        "from typer.testing import CliRunner\n"
        "from ansum.cli import app\n"
        "r = CliRunner().invoke(app, ['brief', '-p', 'extractive', '--engine', 'ray',\n"
        "                             'examples/heatwave.txt'])\n"
        "assert r.exit_code == 6, (r.exit_code, r.output)\n"
        "lines = [x for x in r.output.splitlines() if x.strip()]\n"
        "assert len(lines) == 1 and \"pip install 'ansum[ray]'\" in lines[0], r.output\n"
        "assert 'Traceback' not in r.output\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
