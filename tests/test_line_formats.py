"""A user's own front line in KML, KMZ, a zipped shapefile and a GeoPackage (issue 21): each file is
made here from a hand-made square whose area is known independently, in the CRS a user would
have it in; hostile files (zip bombs, '../' members, 10,000 members, millions of positions, no
polygon layer, metres without a .prj) are refused in one line, before the work they would cost."""
import io
import json
import math
import zipfile

import geopandas as gpd
import pytest
import shapely

from geo.inputs import line_gdal
from geo.inputs.frontline import FrontlineError, baseline_from_geojson
from geo.inputs.line_formats import LayerChoice, LineFilter, load_line_bytes, load_user_baseline, read_line
from tests.clirun import ok, run_cli

# A 0.5° × 0.5° box inside Donetsk oblast, 37.5°–38.0° E, 47.8°–48.3° N. Its area on the authalic
# sphere (R = 6371.0072 km): R²·Δλ·(sin φ2 − sin φ1).
W, S, E, N = 37.5, 47.8, 38.0, 48.3
R = 6371.0072
BOX_KM2 = R * R * math.radians(E - W) * (math.sin(math.radians(N)) - math.sin(math.radians(S)))
BOX = shapely.box(W, S, E, N)
WEST = shapely.box(W - 0.5, S, W, N)        # the same size, just west: the same latitudes, the same area
FAR_WEST = shapely.box(W - 1.0, S, W - 0.5, N)


def ring(box) -> str:
    x0, y0, x1, y1 = box.bounds
    return f"{x0},{y0} {x1},{y0} {x1},{y1} {x0},{y1} {x0},{y0}"


def kml(placemarks: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
            f"{placemarks}</Document></kml>").encode()


def placemark(box, name="occupied") -> str:
    return (f"<Placemark><name>{name}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>{ring(box)}"
            "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>")


def zipped(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def square_frame(crs) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"status": ["occupied"]}, geometry=[BOX], crs=4326).to_crs(crs)


def shapefile_zip(tmp_path, frame, prj=True) -> bytes:
    frame.to_file(tmp_path / "line.shp")
    exts = ("shp", "shx", "dbf") + (("prj",) if prj else ())
    return zipped({f"line/line.{e}": (tmp_path / f"line.{e}").read_bytes() for e in exts})


def gpkg(tmp_path, layers: dict[str, gpd.GeoDataFrame]) -> bytes:
    path = tmp_path / "line.gpkg"
    for name, frame in layers.items():
        frame.to_file(path, driver="GPKG", layer=name)
    return path.read_bytes()


def files(tmp_path) -> dict[str, bytes]:
    """The square in every format, each in a CRS a user would have it in."""
    return {
        "line.kml": kml(placemark(BOX)),
        "line.kmz": zipped({"doc.kml": kml(placemark(BOX)), "files/icon.png": b"\x89PNG"}),
        "line.zip": shapefile_zip(tmp_path, square_frame(3857)),           # Web Mercator metres
        "line.gpkg": gpkg(tmp_path, {"front": square_frame(32637)}),       # UTM zone 37N metres
        "line.geojson": json.dumps(shapely.geometry.mapping(BOX)).encode(),
    }


def refused(raw: bytes, name: str, **kw) -> str:
    with pytest.raises(FrontlineError) as e:
        load_line_bytes(raw, name, **kw)
    msg = str(e.value)
    assert msg.startswith(f"{name}: ") and "\n" not in msg and len(msg) < 400, msg
    return msg


@pytest.fixture
def no_gdal(monkeypatch):
    """GDAL must not be reached: the file is refused before parsing."""
    def boom(*args, **kwargs):
        raise AssertionError("GDAL was asked to read a file that should have been refused first")
    monkeypatch.setattr(line_gdal, "_gdal", boom)


@pytest.mark.parametrize("name", ["line.kml", "line.kmz", "line.zip", "line.gpkg", "line.geojson"])
def test_each_format_gives_the_squares_area(tmp_path, name):
    base = load_line_bytes(files(tmp_path)[name], name)
    assert base.russian_held_km2 == pytest.approx(BOX_KM2, rel=0.005)
    geojson = baseline_from_geojson(json.dumps(shapely.geometry.mapping(BOX)), "same.geojson")
    assert base.russian_held_km2 == pytest.approx(geojson.russian_held_km2, rel=1e-6)


def test_plain_geojson_is_read_as_it_always_was(tmp_path):
    raw = files(tmp_path)["line.geojson"]
    assert load_line_bytes(raw, "line.geojson").digest == baseline_from_geojson(raw.decode(), "line.geojson").digest


def test_cli_reads_a_kmz_and_a_shapefile_zip(tmp_path):
    for name, raw in files(tmp_path).items():
        if name in ("line.kmz", "line.zip"):
            (tmp_path / name).write_bytes(raw)
            data = json.loads(ok(run_cli("stats", "status-quo", "--frontline-file", tmp_path / name, "--json")).stdout)
            assert data["by_status"]["occupied"] == pytest.approx(BOX_KM2, rel=0.005), name


def test_filter_counts_only_the_chosen_category():
    raw = kml(f"<Folder><name>occupied</name>{placemark(BOX, 'a')}</Folder>"
              f"<Folder><name>contested</name>{placemark(WEST, 'b')}</Folder>"
              f"<Folder><name>liberated</name>{placemark(FAR_WEST, 'c')}</Folder>")
    line = read_line(raw, "three.kml")
    assert line.categories()["folder"] == ["contested", "liberated", "occupied"]
    assert list(line.categories())[0] == "folder"  # the folder is offered first
    every = load_line_bytes(raw, "three.kml")
    assert every.russian_held_km2 == pytest.approx(3 * BOX_KM2, rel=0.005)
    one = load_line_bytes(raw, "three.kml", line_filter=LineFilter("folder", ("occupied",), ("contested",)))
    assert one.russian_held_km2 == pytest.approx(BOX_KM2, rel=0.005)
    assert one.contested_km2 == pytest.approx(BOX_KM2, rel=0.005)  # WEST is the same size
    assert one.digest != every.digest
    assert "folder has no value 'held'; values: contested, liberated, occupied" in refused(
        raw, "three.kml", line_filter=LineFilter("folder", ("held",)))
    assert "filter: no text property 'colour'" in refused(raw, "three.kml", line_filter=LineFilter("colour", ("x",)))


def test_filter_on_placemark_names_from_the_cli(tmp_path):
    f = tmp_path / "names.kml"
    f.write_bytes(kml(placemark(BOX, "occupied") + placemark(WEST, "liberated")))
    data = json.loads(ok(run_cli("stats", "status-quo", "--frontline-file", f, "--frontline-filter", "Name=occupied",
                                 "--json")).stdout)
    assert data["by_status"]["occupied"] == pytest.approx(BOX_KM2, rel=0.005)
    r = run_cli("stats", "status-quo", "--frontline-file", f, "--frontline-filter", "Name")
    assert r.returncode == 1 and r.stderr.startswith(f"{f}: --frontline-filter: give FIELD=VALUE")
    r = run_cli("stats", "status-quo", "--frontline-file", f, "--frontline-filter", "Name=gone")
    assert r.returncode == 1 and r.stderr == f"{f}: filter: Name has no value 'gone'; values: liberated, occupied\n"


def test_a_single_category_takes_every_polygon():
    line = read_line(kml(placemark(BOX, "held")), "one.kml")
    assert line.categories() == {}


def test_zip_bomb_is_refused_before_unpacking(no_gdal):
    bomb = zipped({"doc.kml": b"\0" * (60 * 2**20)})  # 60 MB of zeros packs to about 60 KB
    assert len(bomb) < 200_000
    assert refused(bomb, "bomb.kmz") == "bomb.kmz: zip: unpacks to more than 50 MB; at most 50 MB"


def test_a_member_that_lies_about_its_size_is_cut_off(no_gdal):
    raw = bytearray(zipped({"doc.kml": b"<" * 5_000_000}))
    # claim 100 bytes in the local and the central header: reading stops there and the CRC fails
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.find(sig)
        raw[at + offset:at + offset + 4] = (100).to_bytes(4, "little")
    assert "zip: member 'doc.kml' is corrupt" in refused(bytes(raw), "liar.kmz")


@pytest.mark.parametrize("member", ["../evil.kml", "a/../../evil.kml", "/etc/evil.kml", "C:/evil.kml", "..\\evil.kml"])
def test_path_traversal_is_refused(no_gdal, member):
    msg = refused(zipped({member: kml(placemark(BOX))}), "evil.kmz")
    assert "has an unsafe path" in msg and "refused" in msg


def test_ten_thousand_members_are_refused(no_gdal):
    many = zipped({f"f{i}.dbf": b"" for i in range(10_000)}, zipfile.ZIP_STORED)
    assert refused(many, "many.zip") == "many.zip: zip: 10,000 members; at most 64"


def test_three_million_positions_are_refused_before_parsing(no_gdal):
    coords = " ".join(f"{37 + i * 1e-7:.7f},48.0000000" for i in range(3_000_000))
    big = kml(f"<Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>{coords}</coordinates>"
              "</LinearRing></outerBoundaryIs></Polygon></Placemark>")
    assert len(big) > 20 * 2**20
    assert refused(big, "big.kml") == "big.kml: file: larger than 20 MB"
    small = kml(f"<Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>{' '.join(['1,1'] * 2_500_000)}"
                "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>")  # 10 MB, 2.5 M positions
    assert len(small) < 20 * 2**20
    assert refused(small, "short.kml") == "short.kml: coordinates: more than 2,000,000 positions"


def test_a_kml_with_entities_is_refused(no_gdal):
    raw = b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa">]><kml>&a;</kml>'
    assert refused(raw, "laughs.kml") == "laughs.kml: kml: declares a DTD or entities; not accepted"


def test_a_geopackage_without_a_polygon_layer(tmp_path):
    points = gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.Point(37.6, 48.0)], crs=4326)
    assert refused(gpkg(tmp_path, {"towns": points}), "towns.gpkg") == \
        "towns.gpkg: layer: no polygon layer (layers: towns (Point))"


def test_a_geopackage_with_two_polygon_layers_needs_a_layer(tmp_path):
    raw = gpkg(tmp_path, {"june": square_frame(32637), "july": square_frame(4326)})
    with pytest.raises(LayerChoice) as e:
        load_line_bytes(raw, "two.gpkg")
    assert sorted(e.value.layers) == ["july", "june"] and "--frontline-layer" in str(e.value)
    assert load_line_bytes(raw, "two.gpkg", layer="june").russian_held_km2 == pytest.approx(BOX_KM2, rel=0.005)
    assert refused(raw, "two.gpkg", layer="august").startswith("two.gpkg: layer: no layer 'august'; layers: ")


def test_too_many_features_are_refused_before_reading(tmp_path, monkeypatch):
    cells = [shapely.box(W + i * 1e-4, S, W + (i + 1) * 1e-4, S + 1e-4) for i in range(10_001)]
    raw = gpkg(tmp_path, {"cells": gpd.GeoDataFrame(geometry=cells, crs=4326)})
    real = line_gdal._gdal

    def no_reading(call, *args, **kwargs):
        assert call != "read_dataframe", "features were read before they were counted"
        return real(call, *args, **kwargs)
    monkeypatch.setattr(line_gdal, "_gdal", no_reading)
    assert refused(raw, "cells.gpkg") == "cells.gpkg: features: 10,001 features; at most 10,000"


def test_a_shapefile_in_metres_without_prj(tmp_path):
    raw = shapefile_zip(tmp_path, square_frame(3857), prj=False)
    msg = refused(raw, "noprj.zip")
    assert msg.startswith("noprj.zip: crs: no coordinate system (.prj) and the coordinates are not degrees")
    # the same file in degrees is taken as EPSG:4326
    deg = shapefile_zip(tmp_path, square_frame(4326), prj=False)
    assert load_line_bytes(deg, "deg.zip").russian_held_km2 == pytest.approx(BOX_KM2, rel=0.005)


def test_an_unknown_crs(tmp_path):
    raw = shapefile_zip(tmp_path, square_frame(3857), prj=False)
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    members["line/line.prj"] = b'PROJCS["made up",GEOGCS["nothing"]]'
    assert refused(zipped(members), "odd.zip").startswith("odd.zip: crs: not a coordinate system that can be used")
    members["line/line.prj"] = b"not a projection at all"
    assert "crs: its .prj is not a coordinate system GDAL knows" in refused(zipped(members), "odder.zip")


@pytest.mark.parametrize("raw, name, expected", [
    (b"PK\x03\x04not really a zip", "broken.kmz", "broken.kmz: zip: not a readable zip archive (corrupt or truncated)"),
    (zipped({"a.txt": b"x"}), "empty.zip", "empty.zip: zip: holds no shapefile (.shp with its .shx and .dbf)"),
    (zipped({"l.shp": b"x", "l.dbf": b"y"}), "part.zip", "part.zip: zip: l.shp has no .shx beside it"),
    (zipped({"l.kml": b"x"}), "line.kml", "line.kml: file: named .kml (KML) but its content is a zip archive"),
    (b"<kml/>", "line.gpkg", "line.gpkg: file: named .gpkg (GeoPackage) but its content is XML (KML)"),
    (b"SQLite format 3\x00" + bytes(200), "db.gpkg",
     "db.gpkg: file: an SQLite database but not a GeoPackage (no GPKG application id)"),
    (b"{}", "line.txt", "line.txt: file: unknown extension '.txt'; give GeoJSON (.geojson, .json), KML (.kml), "
                        "KMZ (.kmz), a zipped shapefile (.zip), GeoPackage (.gpkg)"),
    (kml("<Placemark><Point><coordinates>37.6,48</coordinates></Point></Placemark>"), "point.kml",
     "point.kml: geometry: no polygons (found 1 Point); a front line is the Russian-held area as polygons"),
])
def test_bad_files_are_one_line(raw, name, expected):
    assert refused(raw, name) == expected


def test_a_truncated_kml_names_no_temporary_folder():
    msg = refused(kml(placemark(BOX))[:150], "cut.kml")
    assert msg.startswith("cut.kml: file: cannot be read as KML") and "ppa-line-" not in msg and "/tmp" not in msg


def test_cli_errors_are_one_line(tmp_path):
    f = tmp_path / "bomb.kmz"
    f.write_bytes(zipped({"doc.kml": b"\0" * (60 * 2**20)}))
    r = run_cli("stats", "status-quo", "--frontline-file", f)
    assert r.returncode == 1 and r.stderr == f"{f}: zip: unpacks to more than 50 MB; at most 50 MB\n"
    r = run_cli("stats", "status-quo", "--frontline-layer", "x")
    assert r.returncode == 1 and r.stderr == "--frontline-layer: needs --frontline-file\n"


def test_the_example_file_loads():
    from pathlib import Path
    path = Path(__file__).resolve().parent.parent / "docs/examples/frontline-box.kml"
    base = load_user_baseline(path, line_filter=LineFilter("folder", ("occupied",), ("contested",)))
    assert base.russian_held_km2 == pytest.approx(BOX_KM2, rel=0.005)  # its occupied box is this box
    assert base.contested_km2 == pytest.approx(BOX_KM2, rel=0.005)


def test_a_kml_with_too_many_placemarks_is_refused_before_parsing(no_gdal):
    raw = kml("".join(placemark(BOX, f"p{i}") for i in range(10_001)))
    assert refused(raw, "many.kml") == "many.kml: features: 10,001 placemarks; at most 10,000"


def test_a_big_kml_of_many_folders_is_refused_before_each_is_read(monkeypatch):
    # GDAL parses a KML once per folder: 30 folders of a 10 MB file would be 310 MB of parsing
    pad = "x" * (10 * 2**20 // 30)
    raw = kml("".join(f"<Folder><name>f{i}</name><description>{pad}</description>{placemark(BOX)}</Folder>"
                      for i in range(30)))
    real = line_gdal._gdal

    def no_reading(call, *args, **kwargs):
        assert call == "list_layers", f"{call} was called on a file that should have been refused"
        return real(call, *args, **kwargs)
    monkeypatch.setattr(line_gdal, "_gdal", no_reading)
    msg = refused(raw, "folders.kml")  # 200 MB allows 19 parses of 10 MB: the list and 18 folders
    assert msg.startswith("folders.kml: layer: 30 folders in 10 MB of KML; at most 18 at this size")


def test_a_geojson_with_categories_is_filtered_too(tmp_path):
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"control": "Russia"}, "geometry": shapely.geometry.mapping(BOX)},
        {"type": "Feature", "properties": {"control": "Ukraine"}, "geometry": shapely.geometry.mapping(WEST)}]}
    raw = json.dumps(fc).encode()
    assert read_line(raw, "two.geojson").categories() == {"control": ["Russia", "Ukraine"]}
    assert load_line_bytes(raw, "two.geojson").russian_held_km2 == pytest.approx(2 * BOX_KM2, rel=0.005)
    f = tmp_path / "two.geojson"
    f.write_bytes(raw)
    data = json.loads(ok(run_cli("stats", "status-quo", "--frontline-file", f, "--frontline-filter", "control=russia",
                                 "--json")).stdout)
    assert data["by_status"]["occupied"] == pytest.approx(BOX_KM2, rel=0.005)


def test_a_zip_of_two_shapefiles_is_two_layers(tmp_path):
    one = shapefile_zip(tmp_path, square_frame(3857))
    with zipfile.ZipFile(io.BytesIO(one)) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    members.update({n.replace("line/line.", "other."): data for n, data in members.items()})
    raw = zipped(members)
    with pytest.raises(LayerChoice) as e:
        load_line_bytes(raw, "two.zip")
    assert sorted(e.value.layers) == ["line", "other"]
    assert load_line_bytes(raw, "two.zip", layer="other").russian_held_km2 == pytest.approx(BOX_KM2, rel=0.005)
