"""Hostile or mistaken front-line files (issue 11): one line naming file, field and problem, or a
clean polygonal baseline; never a traceback, and the CLI names the file, not the proposal."""
import gc
import json

import pytest

from geo.inputs.frontline import BaselineRegistry, FrontlineError, baseline_from_geojson, line_of_contact
from geo.testing import baseline as make_baseline
from geo.testing import square

# A 1° × 1° cell from 47.5° to 48.5° N, 37.3° to 38.3° E, inside Donetsk oblast:
# R²·Δλ·(sin 48.5° − sin 47.5°) = 8,273 km².
BOX = [[37.3, 47.5], [38.3, 47.5], [38.3, 48.5], [37.3, 48.5], [37.3, 47.5]]
BOX_KM2 = 8_273


def refused(doc, name="line.geojson") -> str:
    text = doc if isinstance(doc, str) else json.dumps(doc)
    with pytest.raises(FrontlineError) as e:
        baseline_from_geojson(text, name)
    msg = str(e.value)
    assert msg.startswith(f"{name}: ") and "\n" not in msg and len(msg) < 300, msg
    return msg


def test_features_not_a_list():
    assert refused({"type": "FeatureCollection", "features": 5}) == \
        "line.geojson: features: expected a list of features, found int"


def test_feature_not_an_object():
    assert refused({"type": "FeatureCollection", "features": [5]}).startswith("line.geojson: features[0]: ")


def test_200000_nested_brackets():
    assert refused("[" * 200_000 + "]" * 200_000).startswith("line.geojson: geojson: nested more than ")


def test_deep_coordinates():
    deep = {"type": "Polygon", "coordinates": json.loads("[" * 500 + "]" * 500)}
    assert refused(deep).startswith("line.geojson: ")


def test_spike_gives_a_polygonal_baseline():
    # A spike out to 39.0° E and back along the same line: make_valid turned it into a
    # GeometryCollection (polygon + line) that crashed the line of contact.
    spiked = BOX[:2] + [[38.3, 48.0], [39.0, 48.0], [38.3, 48.0]] + BOX[2:]
    base = baseline_from_geojson(json.dumps({"type": "Polygon", "coordinates": [spiked]}), "spike.geojson")
    assert base.russian_held.geom_type in ("Polygon", "MultiPolygon")
    assert base.russian_held_km2 == pytest.approx(BOX_KM2, rel=0.005)
    assert line_of_contact(base).length > 0


def test_geometry_collection_of_polygons_is_accepted():
    doc = {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "coordinates": [BOX]}]}
    assert baseline_from_geojson(json.dumps(doc), "gc.geojson").russian_held_km2 == pytest.approx(BOX_KM2, rel=0.005)


def test_degenerate_ring_is_refused():
    flat = [[37.3, 47.5], [38.3, 47.5], [38.8, 47.5], [37.3, 47.5]]
    assert "encloses no area" in refused({"type": "Polygon", "coordinates": [flat]})


def test_front_line_covering_europe_is_refused():
    europe = [[-10, 35], [45, 35], [45, 70], [-10, 70], [-10, 35]]
    msg = refused({"type": "Polygon", "coordinates": [europe]})
    assert msg.startswith("line.geojson: geometry: covers 100% of Ukraine")


def test_front_line_in_metres_says_not_lon_lat():
    # The same box in EPSG:3035 metres
    metres = [[6_500_000, 2_800_000], [6_580_000, 2_800_000], [6_580_000, 2_900_000], [6_500_000, 2_900_000],
              [6_500_000, 2_800_000]]
    msg = refused({"type": "Polygon", "coordinates": [metres]})
    assert "not longitude/latitude" in msg and "EPSG:4326" in msg


def test_cli_names_the_file_not_the_proposal(tmp_path, capsys):
    import cli
    f = tmp_path / "five.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": 5}))
    assert cli.main(["stats", "status-quo", "--frontline-file", str(f)]) == 1
    err = capsys.readouterr().err
    assert err == f"{f}: features: expected a list of features, found int\n"


def test_registry_of_uploaded_front_lines_is_bounded():
    # Every uploaded front line stayed in server memory until restart: now at most `max_entries`
    # recent ones, plus those a live session still holds.
    registry = BaselineRegistry(max_entries=3)
    for i in range(10):
        registry.put(f"d{i}", make_baseline(square(i, 0, 1)))
    gc.collect()
    assert len(registry) == 3 and registry.get("d0") is None and registry.get("d9") is not None
    in_use = make_baseline(square(50, 0, 1))
    registry.put("mine", in_use)
    for i in range(10, 20):
        registry.put(f"d{i}", make_baseline(square(i, 0, 1)))
    gc.collect()
    assert len(registry) == 4
    assert registry.get("mine") is in_use  # a session still shows it
