"""The Streamlit app through AppTest: every proposal renders, numbers match the CLI, links work."""
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bench.apptest import _walk, app, map_args
from geo.engine.evaluate import default_catalog
from tests.clirun import ok, run_cli

ROOT = Path(__file__).resolve().parent.parent
IDS = list(default_catalog().proposals)


def status_table(at: AppTest):
    """The numbers-by-status table of the map view."""
    return next(d.value for d in at.dataframe if "pre-war population (GeoNames)" in d.value.columns).set_index("status")


def plain(markdown: str) -> str:
    """Text as the reader sees it: Markdown backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def title(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### "))


@pytest.fixture(scope="module")
def default_app():
    return app(view="map")


def test_default_view_renders(default_app):
    assert not default_app.exception
    assert "28" in title(default_app)
    assert len(map_args(default_app)) == 1


def test_every_catalog_proposal_renders(default_app):
    at = default_app
    for pid in IDS:
        at.selectbox(key="proposal").set_value(pid).run()
        assert not at.exception, pid
        assert map_args(at), pid


def test_numbers_match_cli_stats():
    at = app(proposal="ru-anchorage-2025-08")
    table = status_table(at)
    r = ok(run_cli("stats", "ru-anchorage-2025-08", "--json"))
    cli = json.loads(r.stdout)
    from proposals.model import STATUS_LABELS
    for status, km2 in cli["by_status"].items():
        assert table.loc[STATUS_LABELS[status], "km²"] == round(km2)
        assert (
            table.loc[STATUS_LABELS[status], "pre-war population (GeoNames)"]
            == cli["people_by_status"][status]["population"]
        )


@pytest.mark.parametrize("pid,words", [("putin-2024-06", "Putin's June 2024 conditions"),
                                       ("kellogg-2025-04", "Kellogg"),
                                       ("status-quo", "Status quo")])
def test_query_param_link_opens_that_proposal(pid, words):
    at = app(proposal=pid)
    assert not at.exception
    assert words in title(at).replace("\\", "")
    assert at.selectbox(key="proposal").value == pid


def test_query_param_front_line_is_used():
    at = app(proposal="status-quo", frontline="2025-08-15")
    assert not at.exception
    assert "2025\\-08\\-15" in " ".join(c.value for c in at.caption) or "2025-08-15" in " ".join(
        c.value for c in at.caption
    )
    table = status_table(at)
    # Russian-held on 2025-08-15 (authored line): about 113,300 km², occupied under the status quo
    assert table.loc["Occupied, nothing agreed", "km²"] == pytest.approx(113_300, rel=0.01)


def test_unknown_query_param_falls_back_without_error():
    at = app(proposal="no-such-plan")
    assert not at.exception
    assert at.selectbox(key="proposal").value in IDS
    assert any("no-such-plan" in w.value.replace("\\", "") for w in at.warning)   # named, not silently replaced


def test_unknown_frontline_date_is_named_and_the_proposal_kept():
    at = app(proposal="putin-2024-06", frontline="1999-01-01")
    assert not at.exception
    assert any("1999-01-01" in w.value.replace("\\", "") for w in at.warning)
    assert at.selectbox(key="proposal").value == "putin-2024-06"


def test_map_payload_layers_and_local_scripts_only():
    args = map_args(app(proposal="us-28-point-2025-11"))[0]
    from geo.maps.basemap import base_script
    assert args["js_links"][:2] == ["/app/static/vendor/leaflet/leaflet.js", "/app/static/ppa/map-ui.js"]
    assert re.fullmatch(r"/app/static/ppa/base-layers\.js\?v=[0-9a-f]{12}", args["js_links"][2])  # the constant base
    assert len(args["js_links"]) == 3
    assert args["css_links"] == ["/app/static/vendor/leaflet/leaflet.css"]
    assert args["returned_objects"] == []  # pan and zoom do not rerun the script
    assert not re.search(
        r"https?://(?!127\.0\.0\.1|localhost)", args["script"] + args["header"] + args["feature_group"]
    )
    fg = args["feature_group"]
    assert '"status":"demilitarized"' in fg and '"status":"russia_de_facto"' in fg   # zones
    assert '"color":"#111111","weight":2.2,"dashArray":"6 4"' in fg                  # front line layer
    assert "Kramatorsk" in fg                                                        # key cities
    assert "ppaBase(" in args["script"]                                              # the base, drawn from
    assert "Zaporizhzhia" in base_script() and "Donetsk" in base_script()            # the static script


def test_base_map_is_constant_so_the_map_is_not_remounted(default_app):
    at = default_app
    at.selectbox(key="proposal").set_value("kellogg-2025-04").run()
    a = map_args(at)[0]
    at.selectbox(key="proposal").set_value("putin-2024-06").run()
    b = map_args(at)[0]
    assert a["script"] == b["script"] and a["key"] == b["key"]
    assert a["feature_group"] != b["feature_group"]


def test_proposal_text_is_escaped(tmp_path):
    # A hostile upload must not inject markup: its text is shown, not executed or fetched.
    from proposals.catalog import parse_text
    from ui.text import md
    evil = "<img src=x onerror=alert(1)> ![t](https://evil.example/p.png) [x](javascript:alert(1))"
    assert "![" not in md(evil) and "](" not in md(evil)
    import folium

    from geo.engine.evaluate import evaluate
    from geo.maps.display import layer_data
    from geo.maps.render import layers_from_data
    text = (ROOT / "proposals/catalog/trump-2025-10-stop.yaml").read_text().replace(
        "Both sides stop on the current battle line; no recognition either way.", json.dumps(evil))
    proposal, errs = parse_text(text, "evil.yaml")
    assert not errs
    m = folium.Map()
    for g in layers_from_data(layer_data(evaluate(proposal))):
        g.add_to(m)
    html = m.get_root().render()
    # the tooltip HTML travels as JSON to ppaZones, which sets it as the tooltip's HTML: the file's
    # text arrives escaped (&lt;) and is shown, not parsed
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize("a,b", [("ru-anchorage-2025-08", "us-28-point-2025-11"),
                                 ("us-28-point-2025-11", "ukraine-position-2026"),
                                 ("ukraine-position-2026", "us-28-point-2025-11"),
                                 ("kellogg-2025-04", "kellogg-2025-04"),
                                 ("putin-2024-06", "ua-us-20-point-2025-12-b")])
def test_compare_view_from_a_link(a, b):
    at = app(view="compare", a=a, b=b)
    assert not at.exception
    assert at.selectbox(key="a").value == a and at.selectbox(key="b").value == b
    maps = map_args(at)
    assert len(maps) == (2 if a == b else 3)  # A, B and the map of what differs
    for args in maps:  # every map, not just the last: each loads only local scripts and draws zones
        assert args["js_links"][:2] == ["/app/static/vendor/leaflet/leaflet.js", "/app/static/ppa/map-ui.js"]
        assert re.fullmatch(r"/app/static/ppa/base-layers\.js\?v=[0-9a-f]{12}", args["js_links"][2])
        assert len(args["js_links"]) == 3
        assert "ppaZones(" in args["feature_group"]


def test_compare_synced_maps_use_local_sync_script():
    at = app(view="compare", a="ru-anchorage-2025-08", b="us-28-point-2025-11")
    at.toggle(key="sync").set_value(True).run()
    assert not at.exception
    dual = map_args(at)[0]
    assert "/app/static/ppa/map-sync.js" in dual["js_links"]
    assert all(not link.startswith("http") for link in dual["js_links"] + dual["css_links"])


def test_uploaded_proposals_join_the_catalog_and_bad_ones_are_reported():
    good = (ROOT / "proposals/catalog/trump-2025-10-stop.yaml").read_text().replace(
        "id: trump-2025-10-stop", "id: my-freeze").replace("title: '\"Stop where they are\"'", "title: My freeze")
    bad = "id: broken\ntitle: [unclosed\n"
    at = app(view="map")
    at.file_uploader(key="upload_proposals").set_value(
        [("mine.yaml", good.encode(), "application/x-yaml"), ("broken.yaml", bad.encode(), "application/x-yaml")]).run()
    assert not at.exception
    errors = [plain(e.value) for e in at.error]  # shown escaped: it echoes the file
    assert any(e.startswith("broken.yaml: (file): invalid YAML at line ") for e in errors), errors
    options = at.selectbox(key="proposal").options  # shown as "title — date"
    assert "My freeze — 2025-10-17" in options
    assert "Status quo — no agreement — 2026-03-13" in options  # nothing already loaded was lost
    at.selectbox(key="proposal").set_value("my-freeze").run()
    assert not at.exception and "My freeze" in title(at)


def test_uploaded_front_line_is_a_choice():
    # A hand-made Russian-held area: a 1° box around Donetsk city.
    box = {"type": "Polygon", "coordinates": [[[37.3, 47.5], [38.3, 47.5], [38.3, 48.5], [37.3, 48.5], [37.3, 47.5]]]}
    at = app(proposal="status-quo")
    at.file_uploader(key="upload_frontline").set_value(("box.geojson", json.dumps(box).encode(),
                                                        "application/geo+json")).run()
    assert not at.exception
    choice = "custom: box.geojson"
    assert choice in at.selectbox(key="frontline").options
    at.selectbox(key="frontline").set_value(choice).run()
    assert not at.exception
    occupied = status_table(at).loc["Occupied, nothing agreed", "km²"]
    # a 1° × 1° cell from 47.5° to 48.5° N: R²·Δλ·(sin 48.5° − sin 47.5°) = 8,273 km² (inside Donetsk oblast)
    assert occupied == pytest.approx(8_270, rel=0.01)


def test_bad_front_line_upload_is_one_clear_line():
    at = app()
    at.file_uploader(key="upload_frontline").set_value(("x.geojson", b'{"type": "Point", "coordinates": [30, 50]}',
                                                        "application/geo+json")).run()
    assert not at.exception
    assert any(plain(e.value).startswith("x.geojson: features[0].geometry: Point, expected Polygon") for e in at.error)


def test_recognition_in_numbers_legend_and_tooltips(default_app):
    at = default_app
    at.selectbox(key="proposal").set_value("us-28-point-2025-11").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    # the numbers panel says the buffer is demilitarised AND recognised as Russian (point 21d)
    assert re.search(r"[\d,]+ km² demilitarised zone, recognised as Russian de facto", text)
    assert "Lines: recognised as Russian de jure" in text          # legend rows for the recognition lines
    table = status_table(at)
    assert table.loc["Demilitarised zone", "recognition"] == "recognised as Russian de facto"
    fg = map_args(at)[0]["feature_group"]
    assert "Recognition: recognised as Russian de facto" in fg      # tooltips


def test_a_proposal_of_terms_only_shows_its_terms():
    at = app(proposal="paris-declaration-2026-01")
    assert not at.exception
    assert any("no territorial rule" in i.value for i in at.info)
    terms = next(d.value for d in at.dataframe if "what the proposal says" in d.value.columns).set_index("term")
    assert terms.loc["Army cap (troops)", "what the proposal says"] == "800,000"


def test_catalog_currency_is_stated(default_app):
    assert any("as of March 2026" in c.value for c in default_app.caption)


def test_compare_view_separates_changing_hands_from_a_label_change():
    at = app(view="compare", a="ru-anchorage-2025-08", b="us-28-point-2025-11")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Changes hands"].endswith("km²")
    assert metrics["Same control, recognition differs"].endswith("km²")
    # Crimea and Sevastopol (about 26,945 km² officially) are a label change, not land changing hands
    label = int(metrics["Same control, recognition differs"].replace(",", "").split()[0])
    assert label > 26_000
    tables = [t.value for t in at.table if "A → B" in t.value.columns]   # long-form matrices: fit a phone
    assert any("Russian de jure → Russian de facto" in list(t["A → B"]) for t in tables)   # the recognition one


def test_catalog_is_reloaded_when_a_file_changes(tmp_path):
    import os
    import shutil

    from ui.data import catalog_signature
    shutil.copy(ROOT / "proposals/catalog/status-quo.yaml", tmp_path / "status-quo.yaml")
    before = catalog_signature(tmp_path)
    f = tmp_path / "status-quo.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.utime(f, ns=(f.stat().st_atime_ns, f.stat().st_mtime_ns + 1_000_000))
    assert catalog_signature(tmp_path) != before                      # an edited file
    shutil.copy(f, tmp_path / "another.yaml")
    assert len(catalog_signature(tmp_path)[0]) == 2                   # a new file


def vega_charts(at: AppTest) -> list[tuple[dict, list[dict]]]:
    """(spec, data rows) of each Vega-Lite chart; Streamlit ships the data apart, as Arrow."""
    import pyarrow as pa
    return [(json.loads(e.proto.spec), pa.ipc.open_stream(e.proto.data.data).read_pandas().to_dict("records"))
            for e in _walk(at._tree) if getattr(e, "type", "") == "vega_lite_chart"]


@pytest.mark.parametrize("params", [{"view": "overview"}, {}])
def test_overview_lists_every_proposal_and_draws_the_timeline(params):
    at = app(**params)  # the overview is also the landing page
    assert not at.exception
    table = next(
        d.value for d in at.dataframe if "Ukraine withdraws from (km², to Russia or demilitarised)" in d.value.columns
    )
    catalog = default_catalog().proposals
    assert sorted(table["proposal"]) == sorted(p.title for p in catalog.values())
    assert list(table["date"]) == sorted(str(p.date) for p in catalog.values())  # oldest first
    # The 28-point plan's Donetsk buffer: the ~6,600 km² Ukraine still held there (DeepState via Reuters).
    row = table.set_index("proposal").loc["US 28-point peace plan"]
    assert row["demilitarised (km²)"] == pytest.approx(6_600, rel=0.1) and row["camp"] == "United States"
    charts = vega_charts(at)
    assert len(charts) == 1
    spec, points = charts[0]  # one point per proposal, by date and camp
    assert spec["encoding"]["x"]["field"] == "date" and spec["encoding"]["color"]["field"] == "camp"
    assert sorted(p["title"] for p in points) == sorted(p.title for p in catalog.values())
    assert {p["camp"] for p in points} >= {"Russia", "United States", "Ukraine and Europe",
                                           "US–Ukraine joint drafts"}
    links = " ".join(m.value for m in at.markdown)
    for pid in catalog:
        assert f'href="?view=map&amp;proposal={pid}"' in links, pid


def test_link_with_a_proposal_but_no_view_still_opens_the_map():
    at = app(proposal="kellogg-2025-04")
    assert not at.exception and "Kellogg" in title(at)


def test_map_view_offers_the_png_built_on_click():
    at = app(proposal="status-quo")
    buttons = {e.proto.label: e.proto for e in at.get("download_button")}
    assert "Image (PNG)" in buttons and buttons["Image (PNG)"].url == ""  # deferred: nothing built until clicked
    import io

    from PIL import Image

    from geo.engine.evaluate import evaluate
    from ui.view import map_png
    png = map_png(evaluate(default_catalog().proposals["status-quo"]))
    with Image.open(io.BytesIO(png)) as im:
        assert im.format == "PNG" and im.width >= 1000


def test_compare_view_offers_the_png_built_on_click():
    at = app(view="compare", a="status-quo", b="us-28-point-2025-11")
    buttons = {e.proto.label: e.proto for e in at.get("download_button")}
    assert "Image (PNG)" in buttons and buttons["Image (PNG)"].url == ""
