"""The result store's key covers the code a result is computed by and nothing else: an edit in
the engine or its inputs gives a new key (no stale numbers), a restyled map keeps it (no
needless recomputation)."""
import shutil
from pathlib import Path

import pytest

from geo import store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def tree(tmp_path) -> Path:
    for pkg in ("geo", "proposals"):
        shutil.copytree(ROOT / pkg, tmp_path / pkg, ignore=shutil.ignore_patterns("__pycache__", "*.yaml", "*.po"))
    return tmp_path


def digest(root: Path) -> str:
    return store.files_digest(store.engine_files(root / "geo", root / "proposals"), root)


def touch(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")


@pytest.mark.parametrize("module", ["geo/engine/zones.py", "geo/engine/stats.py", "geo/inputs/frontline.py",
                                    "geo/inputs/frontline_facts.py", "geo/measure.py", "proposals/model.py"])
def test_an_engine_edit_changes_the_key(tree, module):
    before = digest(tree)
    touch(tree / module)
    assert digest(tree) != before


@pytest.mark.parametrize("module", ["geo/maps/palette.py", "geo/maps/legend.py", "geo/images/figure.py",
                                    "geo/site/static_site.py", "geo/testing.py"])
def test_a_drawing_edit_keeps_the_key(tree, module):
    before = digest(tree)
    touch(tree / module)
    assert digest(tree) == before


def test_a_new_engine_module_changes_the_key(tree):
    before = digest(tree)
    (tree / "geo" / "engine" / "new_rule.py").write_text("X = 1\n", encoding="utf-8")
    assert digest(tree) != before


def test_the_key_in_use_hashes_the_engine_rooms():
    files = {p.relative_to(ROOT).as_posix() for p in store.engine_files(ROOT / "geo", ROOT / "proposals")}
    assert {"geo/engine/zones.py", "geo/inputs/frontline.py", "geo/store.py", "proposals/catalog.py"} <= files
    assert not any(f.startswith(("geo/maps/", "geo/images/", "geo/site/")) for f in files)
