"""Issue 17: text from a file is never template source, and stays text in every export.

A proposal with template syntax, markup, odd URLs and RTL/zero-width text in every field, and a
front line with it in every property and in its file name, go through every export the shell
makes: the map HTML, the comparison HTML in both orders, PNG and SVG of both, and the static site.
The browser half (tests/test_browser_injection.py) opens the same files and the app's downloads.
"""
from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from tests.clirun import ok, run_cli
from tests.hostile import EVALUATED, PAYLOAD, RAW_MARKUP, ROOT, assert_inert_html, hostile_proposal


@pytest.fixture(scope="module")
def files(hostile_files) -> dict[str, Path]:
    return hostile_files


def test_the_hostile_plan_loads(files):
    ok(run_cli("validate", files["plan"]))


def test_map_html_keeps_the_payload_as_text(files):
    out = files["dir"] / "map.html"
    ok(run_cli("render", files["plan"], "--out", out))
    assert_inert_html(out.read_text(encoding="utf-8"), "render --out map.html")


@pytest.mark.parametrize("order", ["plan-first", "plan-second"])
def test_comparison_html_keeps_the_payload_as_text_in_both_orders(files, order):
    """The reproduction of issue 17: the comparison export ran `{{ 6*7 }}` from a title."""
    a, b = (files["plan"], "kellogg-2025-04") if order == "plan-first" else ("kellogg-2025-04", files["plan"])
    out = files["dir"] / f"compare-{order}.html"
    ok(run_cli("compare", a, b, "--out", out))
    page = out.read_text(encoding="utf-8")
    assert_inert_html(page, f"compare --out ({order})")
    assert "{{ &#39;INJ&#39; ~ &#39;ECTED&#39; }}" in page  # the title, shown as the braces it has


def test_a_front_line_file_with_hostile_properties_and_name_stays_text(files):
    out = files["dir"] / "line-map.html"
    ok(run_cli("render", "kellogg-2025-04", "--frontline-file", files["line"], "--out", out))
    page = out.read_text(encoding="utf-8")
    for mark in (*EVALUATED, *RAW_MARKUP, "<b>x<b>"):  # the properties and the file's name stay text
        assert mark not in page, mark
    out2 = files["dir"] / "line-compare.html"
    ok(run_cli("compare", files["plan"], "kellogg-2025-04", "--frontline-file", files["line"], "--out", out2))
    assert_inert_html(out2.read_text(encoding="utf-8"), "compare --frontline-file")


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_images_draw_the_payload_as_text(files, kind):
    out = files["dir"] / f"map.{kind}"
    run = ok(run_cli("render", files["plan"], "--out", out))
    assert "Warning" not in run.stderr and "warn" not in run.stderr.lower(), run.stderr
    data = out.read_bytes()
    if kind == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 50_000
    else:
        root = ET.fromstring(data)  # well-formed XML: browsers refuse anything else
        assert not [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] in ("script", "foreignObject")]
        text = data.decode("utf-8")
        for mark in (*EVALUATED, *RAW_MARKUP):
            assert mark not in text


def test_comparison_images(files):
    for kind in ("png", "svg"):
        out = files["dir"] / f"pair.{kind}"
        ok(run_cli("compare", "kellogg-2025-04", files["plan"], "--out", out))
        assert out.stat().st_size > 20_000
        if kind == "svg":
            ET.fromstring(out.read_bytes())


def test_static_site_pages_keep_the_payload_as_text(files):
    from geo.site.static_site import build_site
    from proposals.catalog import load_catalog
    cat_dir = files["dir"] / "catalog"
    cat_dir.mkdir()
    (cat_dir / "hostile.yaml").write_text(hostile_proposal(), encoding="utf-8")
    (cat_dir / "kellogg.yaml").write_text((ROOT / "proposals/catalog/kellogg-2025-04.yaml").read_text(encoding="utf-8"))
    catalog = load_catalog(cat_dir)
    assert not catalog.errors and len(catalog.proposals) == 2
    out = files["dir"] / "site"
    build_site(catalog, out)
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for mark in (*EVALUATED, *RAW_MARKUP):
            assert mark not in text, f"{page.name}: {mark}"
    shown = (out / "proposals" / "hostile-plan.html") if (out / "proposals").is_dir() else \
        next(p for p in pages if "hostile-plan" in p.name)
    assert_inert_html(shown.read_text(encoding="utf-8"), shown.name)
    assert 'href="https://example.org/?q="><script>' not in shown.read_text(encoding="utf-8")


def test_javascript_and_data_urls_are_refused_as_sources(tmp_path):
    for url in ("javascript:alert(1)", "data:text/html,<script>x</script>", "https://a b"):
        p = tmp_path / "bad.yaml"
        d = yaml.safe_load(hostile_proposal())
        d["sources"][0]["url"] = url
        p.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
        run = run_cli("validate", p)
        assert run.returncode == 1 and "sources[0].url" in run.stderr, run.stderr


# ---------- the class, not the instance ----------

def test_a_data_element_prints_its_data_once():
    """branca renders a MacroElement's output a second time as a template; ours print it as data."""
    import folium
    from jinja2 import Template

    from geo.maps.elements import DataElement, Group, LayerControl, Verbatim

    class Probe(DataElement):
        _template = Template("{% macro script(this, kwargs) %}var probe = {{ this.text }};{% endmacro %}")

        def __init__(self, text):
            super().__init__()
            self.text = text

    m = folium.Map(tiles=None)
    g = Group(name=PAYLOAD).add_to(m)
    Probe(PAYLOAD).add_to(g)
    m.get_root().html.add_child(Verbatim(PAYLOAD))
    LayerControl().add_to(m)
    page = m.get_root().render()
    assert page.count(PAYLOAD) >= 2 and "INJECTED" not in page and "STMTRAN" not in page


def test_branca_itself_still_evaluates_twice():
    """The hazard the above avoids is real: a plain MacroElement runs template text it printed.
    (If a folium/branca release stops doing so, this test tells us the guard can go.)"""
    import folium
    from branca.element import MacroElement
    from jinja2 import Template

    class Plain(MacroElement):
        _template = Template("{% macro script(this, kwargs) %}var probe = {{ this.text }};{% endmacro %}")

        def __init__(self, text):
            super().__init__()
            self.text = text

    m = folium.Map(tiles=None)
    Plain("{{ 'INJ' ~ 'ECTED' }}").add_to(m)
    assert "INJECTED" in m.get_root().render()


CODE = [p for d in ("geo", "ui", "proposals") for p in sorted((ROOT / d).rglob("*.py"))] + [
    ROOT / "cli.py",
    ROOT / "app.py",
]
TEMPLATE_MAKERS = {"Element", "Template", "from_string", "Markup", "Html", "IFrame", "Popup", "Tooltip"}
RAW_FOLIUM = {"FeatureGroup", "LayerControl", "GeoJson", "Marker", "Popup", "Tooltip", "Html", "Element"}


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            yield name, f, node


def test_no_template_is_made_from_anything_but_a_literal():
    """Template(...), Element(...), from_string(...), Markup(...): only constant text, or our own
    markup builders; never an f-string or a variable that could hold a file's text."""
    allowed_markup = {"swatch", "diff_kind_legend_html"}  # markup we build, its text escaped inside
    bad = []
    for path in CODE:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, _f, node in _calls(tree):
            if name not in TEMPLATE_MAKERS or not node.args:
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) or (
                isinstance(arg, ast.Call) and getattr(arg.func, "id", "") in allowed_markup
            ):
                continue
            bad.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}({ast.unparse(arg)[:50]})")
    assert bad == []


def test_every_map_element_of_ours_renders_once():
    """No class of ours derives from branca's MacroElement but through geo/maps/elements.py, and no
    folium element that would print a name or text twice is used directly."""
    bad = []
    for path in CODE:
        if path.name == "elements.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases = {ast.unparse(b).rsplit(".", 1)[-1] for b in node.bases}
                if bases & {"MacroElement", "Element", "FeatureGroup", "LayerControl"}:
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno} class {node.name}")
        for name, f, node in _calls(tree):
            if name in RAW_FOLIUM and isinstance(f, ast.Attribute) and ast.unparse(f.value) in ("folium", "folium.map"):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno} folium.{name}")
    assert bad == []


def test_payload_is_long_and_odd_enough():
    assert "\u202e" in PAYLOAD and "\u200b" in PAYLOAD and "{%" in PAYLOAD and "{#" in PAYLOAD
