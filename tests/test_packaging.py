"""The project as a package: layering checked on the source (AST), no sys.path patching, pins in
step with requirements.txt, and a console command that is the CLI."""
import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SKIP = {".venv", ".git", "static", "tmp", ".cache", "build"}


def sources(*parts: str) -> list[Path]:
    """Python files under the given folders or files of the checkout."""
    out = []
    for part in parts:
        p = ROOT / part
        out += [p] if p.is_file() else sorted(f for f in p.rglob("*.py") if not SKIP & set(f.relative_to(ROOT).parts))
    return out


def imports(path: Path) -> set[str]:
    """Top-level module names a file imports (anywhere in it, functions included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def importers(files: list[Path], *modules: str) -> list[str]:
    return [str(f.relative_to(ROOT)) for f in files
            if any(n == m or n.startswith(m + ".") for n in imports(f) for m in modules)]


def test_nothing_outside_ui_imports_streamlit():
    outside = sources("geo", "proposals", "cli.py", "app.py", "scripts")
    assert len(outside) > 15
    assert importers(outside, "streamlit", "streamlit_folium") == []
    assert importers(sources("ui"), "streamlit")  # the check sees imports where they exist


def test_layers_import_only_downwards():
    assert importers(sources("proposals"), "geo", "ui", "cli", "shapely", "geopandas") == []  # no geometry
    assert importers(sources("geo"), "ui", "cli") == []


def test_no_sys_path_patching():
    patched = []
    for f in sources("."):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr == "path" and isinstance(node.value, ast.Name)
                    and node.value.id == "sys"):
                patched.append(str(f.relative_to(ROOT)))
    assert patched == []


def test_dependencies_pinned_as_in_requirements():
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower()] = version
    project = PYPROJECT["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["test"]
    assert {d.split("==")[0].lower(): d.split("==")[1] for d in declared} == pins


def test_console_command_is_the_cli(capsys):
    target = PYPROJECT["project"]["scripts"]["peace-plan-atlas"]
    module, func = target.split(":")
    main = getattr(__import__(module), func)
    assert main(["list", "--json"]) == 0
    assert '"id": "status-quo"' in capsys.readouterr().out


def test_packaged_data_covers_what_the_code_reads():
    from proposals import paths
    files = PYPROJECT["tool"]["setuptools"]["data-files"]
    globs = [g for patterns in files.values() for g in patterns]
    for path in (paths.BOUNDARIES, paths.OBLAST_TABLE, paths.KEY_CITIES, paths.SYNC_JS, paths.UI_JS, paths.SWIPE_JS,
                 *paths.FRONTLINE_DIR.glob("*.geojson"), *paths.CONTEXT_DIR.glob("*.geojson")):
        rel = path.relative_to(ROOT).as_posix()
        assert any(Path(rel).match(g) for g in globs), rel
    assert "catalog/*.yaml" in PYPROJECT["tool"]["setuptools"]["package-data"]["proposals"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", PYPROJECT["project"]["version"])
