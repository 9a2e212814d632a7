"""Maps that open on the story, their callout, labels and credits; the Natural Earth context layers.

Hand-made zones with known places and areas; real data only for facts known from elsewhere.
"""
import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.engine.evaluate import default_catalog, evaluate
from geo.engine.stats import changes_hands
from geo.maps import display, export, mapview, render
from geo.measure import EQUAL_AREA
from proposals.paths import BOUNDARIES


def _box(w, s, e, n):
    return gpd.GeoSeries([shapely.box(w, s, e, n)], crs="EPSG:4326").to_crs(EQUAL_AREA).iloc[0]


def _zones(rows):
    """rows: (held_before, status, (w, s, e, n), km2)."""
    return gpd.GeoDataFrame([{"held_before": h, "status": st, "km2": km2, "geometry": _box(*b)}
                             for h, st, b, km2 in rows], geometry="geometry", crs=EQUAL_AREA)


KRAMATORSK = (37.2, 48.5, 37.8, 48.9)    # a 0.6° × 0.4° square around the fortress belt
KYIV_SIDE = (24.0, 48.0, 32.0, 52.0)
CRIMEA_SIDE = (33.0, 44.5, 36.0, 46.0)


def _inside(bounds, w, s, e, n) -> bool:
    (bs, bw), (bn, be) = bounds
    return bs <= s and bw <= w and bn >= n and be >= e


def test_map_opens_on_the_land_ukraine_withdraws_from_not_the_whole_country():
    z = _zones([("ukraine", "ukraine", KYIV_SIDE, 0), ("ukraine", "demilitarized", KRAMATORSK, 1),
                ("russia", "russia_de_facto", CRIMEA_SIDE, 0), ("russia", "returned", (35.0, 50.5, 36.0, 51.0), 0)])
    kind, _ = mapview.story_area(z, baseline=None)
    assert kind == "ukraine_withdraws"
    (s, w), (n, e) = mapview.story_bounds(z, baseline=None)
    assert _inside([[s, w], [n, e]], *KRAMATORSK)
    assert e - w == pytest.approx(3.0, abs=0.01) and n - s == pytest.approx(1.8, abs=0.01)  # the minimum span
    assert (s + n) / 2 == pytest.approx(48.7, abs=0.01) and (w + e) / 2 == pytest.approx(37.5, abs=0.01)


def test_then_other_land_that_changes_hands_then_relabelled_land():
    back = (35.0, 50.5, 36.0, 51.0)
    z = _zones([("ukraine", "ukraine", KYIV_SIDE, 0), ("russia", "returned", back, 1),
                ("russia", "russia_de_jure", CRIMEA_SIDE, 0)])
    assert mapview.story_area(z, None)[0] == "control"
    assert _inside(mapview.story_bounds(z, None), *back)
    z = _zones([("ukraine", "ukraine", KYIV_SIDE, 0), ("russia", "russia_de_jure", CRIMEA_SIDE, 0)])
    assert mapview.story_area(z, None)[0] == "status"
    assert _inside(mapview.story_bounds(z, None), *CRIMEA_SIDE)


def test_a_recognition_clause_alone_is_a_story():
    z = _zones([("ukraine", "ukraine", KYIV_SIDE, 0), ("russia", "occupied", CRIMEA_SIDE, 0)])
    z["recognition"] = ["ukraine", "russia_de_jure"]
    assert mapview.story_area(z, None)[0] == "status"
    assert _inside(mapview.story_bounds(z, None), *CRIMEA_SIDE)


def test_status_quo_opens_on_the_front():
    p = default_catalog().proposals["status-quo"]
    r = evaluate(p)
    assert mapview.story_area(r.zones, r.baseline)[0] == "front"
    (s, w), (n, e) = mapview.story_bounds(r.zones, r.baseline)
    # the front runs from the Kharkiv border (~50.4°N) to the Dnipro at Kherson (~46.6°N, 32.6°E)
    assert s < 46.6 and n > 50.4 and w < 32.6 and e > 38.0
    assert e - w < 18.2 - 5   # much narrower than Ukraine (22.1°E–40.3°E)


def test_withdrawal_counts_land_and_people_ukraine_leaves():
    z = _zones([("ukraine", "ukraine", KYIV_SIDE, 1000.0), ("ukraine", "demilitarized", KRAMATORSK, 300.0),
                ("ukraine", "ceded", (38.0, 48.0, 38.5, 48.5), 25.0), ("russia", "returned", CRIMEA_SIDE, 40.0)])
    located = pd.DataFrame([{"held_before": "ukraine", "status": "demilitarized", "population": 150_000},
                            {"held_before": "ukraine", "status": "ceded", "population": 7},
                            {"held_before": "ukraine", "status": "ukraine", "population": 2_900_000},
                            {"held_before": "russia", "status": "returned", "population": 50}])
    w = mapview.withdrawal(z, located)
    assert w == {"ukraine_km2": 325.0, "ukraine_people": 150_007, "russia_km2": 40.0, "talks_km2": 0.0,
                 "talks_people": 0}
    assert mapview.headline_text(w, 0) == ("Ukraine withdraws from 325 km² · pre-war population (GeoNames): 150,007"
                                           " — Russia withdraws from 40 km²")
    assert mapview.headline_text({"ukraine_km2": 0, "ukraine_people": 0, "russia_km2": 0}, 116_019.4) == \
        "No land changes hands · Russian-held: 116,019 km²"


def test_land_left_to_talks_is_its_own_line_never_a_withdrawal():
    z = _zones([("ukraine", "ukraine", KYIV_SIDE, 1000.0), ("ukraine", "undecided", KRAMATORSK, 300.0),
                ("russia", "undecided", CRIMEA_SIDE, 40.0)])
    located = pd.DataFrame([{"held_before": "ukraine", "status": "undecided", "population": 9_000},
                            {"held_before": "russia", "status": "undecided", "population": 50}])
    w = mapview.withdrawal(z, located)
    assert (w["ukraine_km2"], w["russia_km2"], w["talks_km2"], w["talks_people"]) == (0.0, 0.0, 340.0, 9_000)
    parts = mapview.headline_parts(w, 40.0)
    assert [k for k, _ in parts] == ["talks"]
    assert parts[0][1] == "340 km² left to later talks (control unchanged) · pre-war population (GeoNames): 9,000"
    html = mapview.callout_html(parts)
    assert "withdraw" not in html and mapview.HEADLINE_COLORS["talks"] in html
    uk = mapview.headline_text(w, 40.0, "uk")
    assert "відходить" not in uk and "переговор" in uk and "довоєнне населення" in uk


@pytest.fixture(scope="module")
def plan28():
    return evaluate(default_catalog().proposals["us-28-point-2025-11"])


def test_28_point_callout_agrees_with_the_stats(plan28):
    ch = changes_hands(plan28.zones)
    leaves = ch.ukraine_to_russia + ch.ukraine_to_neutral
    story = mapview.story_data(plan28)
    assert f"Ukraine withdraws from {leaves:,.0f} km²" in story["callout"]
    assert "pre-war population (GeoNames)" in story["callout"]
    # beside the pre-war count, the latest published count of people living in Ukrainian-held Donetsk now
    assert "about 200,500 (29 Oct 2025" in story["callout"] and "Vilne Radio" in story["callout"]
    # Donetsk oblast is 26,517 km² (official) and about 76% Russian-held in November 2025: the plan's
    # Ukrainian-held remainder is roughly 6,400 km², and the buffer is the bulk of what Ukraine leaves
    assert 5_500 < leaves < 7_500
    (s, w), (n, e) = story["bounds"]
    assert _inside(story["bounds"], 37.55, 48.72, 37.62, 48.87)  # Kramatorsk and Sloviansk in the first view
    assert e - w < 6 and n - s < 4


def test_fortress_belt_labels_come_first(plan28):
    labels = {lb["text"]: lb["priority"] for lb in mapview.city_labels(display.city_markers(plan28.located))}
    for city in mapview.FORTRESS_BELT:
        assert labels[city] == 0
    assert labels["Kyiv"] > 0


def test_every_export_carries_title_dates_and_credits(plan28):
    page = export.standalone_html(render.proposal_map(plan28))
    for text in ("US 28-point peace plan", "20 Nov 2025", "front line 2025-11-20", "approximate",
                 "Natural Earth", "GeoNames (CC BY 4.0)", "Peace Plan Atlas", "window.ppaStory"):
        assert text in page, text
    assert "<script src=" not in page   # map-ui.js inlined like Leaflet: the file works offline


def test_proposal_text_is_escaped_in_callout_and_caption():
    html = mapview.caption_html("<img src=x onerror=alert(1)>", "1 Jan 2026", "2026-01-20")
    assert "<img" not in html and "&lt;img" in html


def test_context_layers_are_ukraines_neighbours_and_waters():
    ukraine = shapely.union_all(gpd.read_file(BOUNDARIES).geometry.values)
    neighbours = gpd.read_file(mapview.CONTEXT / "neighbours.geojson")
    assert {"RUS", "BLR", "POL", "SVK", "HUN", "ROU", "MDA"} <= set(neighbours.iso3)
    overlap = neighbours.to_crs(EQUAL_AREA).intersection(
        gpd.GeoSeries([ukraine], crs="EPSG:4326").to_crs(EQUAL_AREA).iloc[0]).area.sum() / 1e6
    assert overlap < 300   # cut against Ukraine: only simplification slivers along 7,000 km of border
    lakes = gpd.read_file(mapview.CONTEXT / "lakes.geojson").set_index("name")
    kremenchuk = lakes.to_crs(EQUAL_AREA).area["Kremenchuk Reservoir"] / 1e6
    assert 1_500 < kremenchuk < 2_600   # 2,250 km² at full level (Ukraine's largest reservoir)
    rivers = gpd.read_file(mapview.CONTEXT / "rivers.geojson").to_crs(EQUAL_AREA)
    kyiv = gpd.GeoSeries([shapely.Point(30.52, 50.45)], crs="EPSG:4326").to_crs(EQUAL_AREA).iloc[0]
    assert rivers.distance(kyiv).min() < 5_000   # the Dnipro runs through Kyiv
    for name in ("neighbours", "rivers", "lakes"):
        assert (mapview.CONTEXT / f"{name}.geojson").stat().st_size < 100_000   # quiet and small


def test_topojson_decoder_on_a_hand_made_square():
    from scripts.build_context import topo_decode
    topo = {
        "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 2], [-2, 0], [0, -2]]],
        "objects": {
            "sq": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[0]], "id": "X"}]}
        },
    }
    (gid, geom), = topo_decode(topo, "sq")
    assert gid == "X"
    poly = shapely.geometry.shape(geom)
    assert poly.area == 1.0 and poly.bounds == (10.0, 20.0, 11.0, 21.0)
    json.dumps(geom)


def test_comparison_opens_where_control_differs_before_where_labels_differ():
    def piece(a, b, box):
        return {"status_a": a, "status_b": b, "geometry": _box(*box)}
    changed = gpd.GeoDataFrame([piece("russia_de_jure", "russia_de_facto", CRIMEA_SIDE),
                                piece("ceded", "demilitarized", KRAMATORSK)], geometry="geometry", crs=EQUAL_AREA)
    bounds = mapview.difference_bounds(changed)
    assert _inside(bounds, *KRAMATORSK) and not _inside(bounds, *CRIMEA_SIDE)
    only_labels = changed.iloc[:1]
    assert _inside(mapview.difference_bounds(only_labels), *CRIMEA_SIDE)
    assert mapview.difference_bounds(changed.iloc[0:0]) is None


def test_contested_places_are_drawn_grey_with_their_meaning():
    # Vovchansk: Russia claimed it on 1 Dec 2025; Ukraine said it still held the south of the town
    # (facts table, north.csv) — contested, so grey on the map and not counted as Russian-held.
    from shapely.geometry import Point

    from geo.measure import GEOGRAPHIC, reproject
    result = evaluate(default_catalog().proposals["status-quo"], frontline="2026-01-20")
    vovchansk = reproject(Point(36.94, 50.29), GEOGRAPHIC, EQUAL_AREA)
    assert result.baseline.contested.contains(vovchansk)
    assert not result.baseline.russian_held.contains(vovchansk)
    html = render.proposal_map(result).get_root().render()
    assert "fighting reported inside" in html and "Contested (not counted as Russian-held)" in html
