"""Standalone HTML exports (cli.py render / compare --out, the app's downloads): Leaflet inlined as
page elements, no server-only asset path, file text never read as a template."""
import re
from pathlib import Path

import branca.element

import cli
from geo.engine.evaluate import default_catalog
from geo.maps.render import SERVER_PREFIX

ROOT = Path(__file__).resolve().parent.parent
LEAFLET_VERSION = "1.9.4"  # the vendored Leaflet (django-js-lib-leaflet 1.9.4.1)


def render(tmp_path, *args) -> str:
    out = tmp_path / "out.html"
    assert cli.main([*args, "--out", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def assert_standalone(page: str) -> None:
    assert SERVER_PREFIX not in page
    assert not re.search(r"<script[^>]+src=", page) and not re.search(r"<link[^>]+stylesheet", page)
    assert f'"{LEAFLET_VERSION}"' in page or f"'{LEAFLET_VERSION}'" in page or LEAFLET_VERSION in page


def test_render_export_is_standalone(tmp_path):
    assert_standalone(render(tmp_path, "render", "status-quo"))


def test_compare_export_is_standalone(tmp_path):
    page = render(tmp_path, "compare", "status-quo", "trump-2025-10-stop")
    assert SERVER_PREFIX not in page
    # the maps are documents in srcdoc iframes (escaped); each carries Leaflet, the pair also the sync script,
    # the swipe the divider (inlined, its thumb icon a data URI), each iframe titled and described on the page
    assert page.count("srcdoc=") == 3 and page.count(LEAFLET_VERSION) >= 3
    assert "L.Map.prototype.sync = function (other)" in page
    assert "L.Control.SideBySide = L.Control.extend" in page and "range-icon.png" not in page
    assert page.count('aria-describedby="') == 3 and page.count('<iframe style="height:') == page.count(' title="')


def test_a_change_in_folium_tag_format_leaves_no_dead_link(tmp_path, monkeypatch):
    # The old export string-replaced `<script src="…">` tags; a different tag format left the path in.
    monkeypatch.setattr(branca.element.JavascriptLink, "_template", branca.element.Template(
        '{% if kwargs.get("embedded",False) %}<script>{{this.get_code()}}</script>'
        '{% else %}<script defer src="{{this.url}}"></script>{% endif %}'))
    monkeypatch.setattr(branca.element.CssLink, "_template", branca.element.Template(
        '{% if kwargs.get("embedded",False) %}<style>{{this.get_code()}}</style>'
        '{% else %}<link href="{{this.url}}" rel="stylesheet">{% endif %}'))
    assert_standalone(render(tmp_path, "render", "status-quo"))


def test_proposal_text_is_not_read_as_a_template(tmp_path):
    from geo.engine.evaluate import evaluate
    from geo.maps.export import standalone_html
    from geo.maps.render import proposal_map
    from proposals.catalog import parse_text
    text = (ROOT / "proposals/catalog/status-quo.yaml").read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    proposal, errs = parse_text(text.replace(title, "title: '{{ 7 * 7 }} {{ this.__class__ }}'"), "t.yaml")
    assert not errs
    import html
    page = html.unescape(standalone_html(proposal_map(evaluate(proposal))))  # braces arrive as entities
    assert "{{ 7 * 7 }} {{ this.__class__ }}" in page and "49 " not in page.split("ppa-legend")[1][:800]


def test_comparison_page_escapes_a_title_through_its_template():
    """A hostile title in a comparison export stays text: the page comes from an autoescaping
    template, so `<script>` in a title never becomes an element of the page."""
    from geo.engine.compare import compare_results
    from geo.engine.evaluate import evaluate
    from geo.maps.export import comparison_html
    from proposals.catalog import parse_text
    text = (ROOT / "proposals/catalog/status-quo.yaml").read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    evil, _ = parse_text(text.replace(title, 'title: "<script>alert(1)</script> & co"').encode(), "evil.yaml", None)
    a, b = evaluate(evil), evaluate(default_catalog().proposals["us-28-point-2025-11"], str(evil.baseline))
    page = comparison_html(a, b, compare_results(a, b))
    head = page.split("<iframe", 1)[0]
    assert "<script>alert(1)</script>" not in head
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in head
