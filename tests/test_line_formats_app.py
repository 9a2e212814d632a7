"""The sidebar takes a front line as KMZ (or KML, a shapefile zip, a GeoPackage) like a GeoJSON
(issue 21): the hand-made square's area comes back; a file with categories offers the property and
its values; a bad file is one line and the line loaded before is still a choice."""
import hashlib

import pytest
import shapely

from bench.apptest import app, map_args
from tests.test_app import plain, status_table
from tests.test_hostile_app import UNESCAPED
from tests.test_line_formats import BOX, BOX_KM2, FAR_WEST, WEST, gpkg, kml, placemark, square_frame, zipped

KMZ = zipped({"doc.kml": kml(placemark(BOX))})
THREE = kml(f"<Folder><name>occupied</name>{placemark(BOX, 'a')}</Folder>"
            f"<Folder><name>contested</name>{placemark(WEST, 'b')}</Folder>"
            f"<Folder><name>liberated</name>{placemark(FAR_WEST, 'c')}</Folder>")


def upload(at, name: str, raw: bytes):
    at.file_uploader(key="upload_frontline").set_value((name, raw, "application/octet-stream")).run()
    assert not at.exception, at.exception
    return at


def occupied_on(at, choice: str) -> float:
    assert choice in at.selectbox(key="frontline").options
    at.selectbox(key="frontline").set_value(choice).run()
    assert not at.exception and map_args(at)
    return status_table(at).loc["Occupied, nothing agreed", "km²"]


def test_a_kmz_upload_is_a_front_line_and_a_bad_one_loses_nothing():
    at = upload(app(proposal="status-quo"), "mine.kmz", KMZ)
    assert not at.error
    assert occupied_on(at, "custom: mine.kmz") == pytest.approx(BOX_KM2, rel=0.01)
    upload(at, "bomb.kmz", zipped({"doc.kml": b"\0" * (60 * 2**20)}))
    errors = [plain(e.value) for e in at.error]
    assert "bomb.kmz: zip: unpacks to more than 50 MB; at most 50 MB" in errors, errors
    assert "custom: mine.kmz" in at.selectbox(key="frontline").options  # what was loaded is kept
    assert map_args(at)


def test_a_file_with_categories_offers_property_and_values():
    at = upload(app(proposal="status-quo"), "three.kml", THREE)
    tag = hashlib.sha256(THREE).hexdigest()[:12]
    field = at.selectbox(key=f"frontline_field_{tag}")
    assert field.value == "folder" and list(field.options) == ["folder", "Name"]
    at.multiselect(key=f"frontline_values_{tag}_folder").set_value(["occupied"]).run()
    at.multiselect(key=f"frontline_contested_{tag}_folder").set_value(["contested"]).run()
    assert not at.exception and not at.error
    assert any("1 of 3 polygons counted as Russian-held" in c.value for c in at.caption)
    assert occupied_on(at, "custom: three.kml") == pytest.approx(BOX_KM2, rel=0.01)
    at.multiselect(key=f"frontline_values_{tag}_folder").set_value([]).run()
    assert any("Choose at least one value" in w.value for w in at.warning)
    assert occupied_on(at, "custom: three.kml") == pytest.approx(BOX_KM2, rel=0.01)  # the last good choice stays


def test_a_geopackage_with_two_polygon_layers_asks_which(tmp_path):
    half = square_frame(4326).assign(geometry=[shapely.box(37.5, 47.8, 37.75, 48.3)])  # half the square
    two = gpkg(tmp_path, {"june": square_frame(32637), "july": half})
    at = upload(app(proposal="status-quo"), "two.gpkg", two)
    layer = at.selectbox(key=f"frontline_layer_{hashlib.sha256(two).hexdigest()[:12]}")
    assert sorted(layer.options) == ["july", "june"]
    layer.set_value("june").run()
    assert not at.exception and not at.error
    assert occupied_on(at, "custom: two.gpkg") == pytest.approx(BOX_KM2, rel=0.01)
    at.selectbox(key=f"frontline_layer_{hashlib.sha256(two).hexdigest()[:12]}").set_value("july").run()
    assert occupied_on(at, "custom: two.gpkg") == pytest.approx(BOX_KM2 / 2, rel=0.01)


def test_names_and_values_from_the_file_are_escaped():
    evil = "![x](https://evil.example/f.png) <img src=x>"
    name = "![x](https://evil.example/f.png).kmz"
    at = upload(app(proposal="status-quo"), name, zipped({f"{evil}/../../doc.kml": b"x"}))
    errors = [e.value for e in at.error]
    assert any(plain(e).startswith(f"{name}: zip: member ") and "unsafe path" in plain(e) for e in errors), errors
    assert not any(UNESCAPED.search(e) for e in errors), errors
