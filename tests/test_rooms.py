"""The rooms and their one-way imports, read from the source (AST): proposals → geo's inputs →
engine → maps → images → site → ui / cli. A path says what a module may import."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Rank of each room: a module may import its own room and rooms of lower rank, never higher.
RANK = {"proposals": 0, "geo": 1, "geo.inputs": 2, "geo.engine": 3, "geo.maps": 4, "geo.exports": 4, "geo.images": 5,
        "geo.site": 6, "ui": 7, "app": 8, "cli": 8}
# The computing rooms draw nothing: no map, template, plot or app library, not even inside a function.
DRAWING = {"folium", "branca", "jinja2", "matplotlib", "streamlit", "streamlit_folium", "PIL"}
# Tools and tests sit above the product: nothing in it imports them.
TOOLS = {"scripts", "bench", "tests"}
GEO_ROOT_MODULES = {"geo", "geo.measure", "geo.store", "geo.testing"}


def modules() -> dict[str, Path]:
    """Dotted name → file, for the product's own modules."""
    out = {"app": ROOT / "app.py", "cli": ROOT / "cli.py"}
    for pkg in ("proposals", "geo", "ui"):
        for f in sorted((ROOT / pkg).rglob("*.py")):
            parts = f.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = f
    return out


def imported(path: Path, top_level_only: bool = False) -> set[str]:
    """Absolute module names a file imports, `from a import b` counted as a.b where a.b is a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    names = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def room(name: str) -> str:
    """The room a module lives in (its package, or geo itself for geo's few root modules)."""
    if name in ("app", "cli"):
        return name
    if name in GEO_ROOT_MODULES or name.startswith("proposals"):
        return "geo" if name.startswith("geo") else "proposals"
    if name.startswith("geo."):
        return ".".join(name.split(".")[:2])
    return name.split(".")[0]


MODULES = modules()


def project_imports(name: str, top_level_only: bool = False) -> set[str]:
    return {n for n in imported(MODULES[name], top_level_only) if n in MODULES and n != name}


def test_every_module_is_in_a_room():
    assert len(MODULES) > 60
    assert {room(m) for m in MODULES} <= set(RANK)
    geo_root = sorted(m for m in MODULES if m.startswith("geo.") and m.count(".") == 1 and m not in RANK)
    assert geo_root == ["geo.measure", "geo.store", "geo.testing"]  # a handful left in geo/ itself


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_one_way(name):
    if name == "geo.testing":  # the public testing helper builds inputs for tests of every room
        return
    upward = sorted(n for n in project_imports(name) if RANK[room(n)] > RANK[room(name)])
    assert upward == [], f"{name} ({room(name)}) imports a room above it"


@pytest.mark.parametrize("name", sorted(m for m in MODULES if room(m) in ("proposals", "geo", "geo.inputs",
                                                                         "geo.engine", "geo.exports")))
def test_computing_rooms_draw_nothing(name):
    libs = {n.split(".")[0] for n in imported(MODULES[name])}
    assert libs & DRAWING == set(), name


@pytest.mark.parametrize("name", sorted(m for m in MODULES if room(m) == "geo.exports"))
def test_exports_read_only_the_engine_and_its_inputs(name):
    """The data files (geo/exports) are built from results alone: not from the maps beside them at rank 4."""
    rooms = {room(n) for n in project_imports(name)}
    assert rooms <= {"proposals", "geo", "geo.inputs", "geo.engine", "geo.exports"}, (name, rooms)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_product_imports_no_tool_or_test(name):
    libs = {n.split(".")[0] for n in imported(MODULES[name])}
    assert libs & TOOLS == set(), name
    if room(name) not in ("ui", "app"):
        assert "streamlit" not in libs, name


def test_no_circle_between_modules():
    """Module-level imports form no cycle (a lazy import inside a function is not counted)."""
    graph = {m: project_imports(m, top_level_only=True) for m in MODULES}
    state: dict[str, int] = {}
    cycles = []

    def visit(m, trail):
        state[m] = 1
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                cycles.append(trail[trail.index(n):] + [n] if n in trail else [m, n])
            elif n not in state:
                visit(n, trail + [n])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == []


def test_no_lazy_import_hides_a_circle():
    """A function-level import of a module that imports this one back is a circle too."""
    back = []
    for m in MODULES:
        for n in project_imports(m) - project_imports(m, top_level_only=True):
            if m in project_imports(n):
                back.append((m, n))
    assert back == []


def test_the_check_sees_a_wrong_import(tmp_path):
    """The rank check itself can fail: an engine module importing a map module is upward."""
    assert RANK[room("geo.maps.render")] > RANK[room("geo.engine.zones")]
    assert room("geo.store") == "geo" and room("ui.view") == "ui" and room("proposals.model") == "proposals"
