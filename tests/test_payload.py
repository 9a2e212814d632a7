"""Issue 12, smaller maps: what each map sends to the browser, as the app sends it.

The size is measured on the st_folium arguments the map view sends (`map_args`, as `make bench`
measures them); the layers are read back from those arguments and decoded, so a map cannot pass
by dropping a status or its geometry. The compact encoding round-trips hand-made shapes exactly.
"""
import json
import re

import pytest
import shapely

from bench.apptest import app, map_args
from geo.engine.evaluate import default_catalog, evaluate
from geo.inputs.frontline import line_of_contact
from geo.maps import encode
from geo.measure import EQUAL_AREA, GEOGRAPHIC, reproject

LIMIT_BYTES = 100_000
CATALOG = default_catalog().proposals


def _calls(script: str, function: str) -> list[list]:
    """The JSON arguments of every `window.FUNCTION(group, ...)` call in a map's script."""
    out, dec = [], json.JSONDecoder()
    for m in re.finditer(rf"window\.{function}\(\s*[\w.]+\s*,\s*", script):
        args, pos = [], m.end()
        while True:
            value, pos = dec.raw_decode(script, pos)
            args.append(value)
            rest = re.match(r"\s*,\s*", script[pos:])
            if not rest:
                break
            pos += rest.end()
        out.append(args)
    return out


def _km2(shape_4326: shapely.Geometry) -> float:
    return shapely.make_valid(reproject(shape_4326, GEOGRAPHIC, EQUAL_AREA)).area / 1e6


@pytest.fixture(scope="module")
def sent() -> dict[str, list[dict]]:
    """The st_folium arguments of the map view for every catalog proposal on its own front line."""
    at = app(view="map")
    out = {}
    for pid in CATALOG:
        at.selectbox(key="proposal").set_value(pid).run()
        assert not at.exception, pid
        out[pid] = map_args(at)
    return out


def test_every_catalog_map_is_under_100_kb(sent):
    sizes = {pid: sum(len(json.dumps(a)) for a in args) for pid, args in sent.items()}
    assert len(sizes) == len(CATALOG) >= 20
    assert max(sizes.values()) < LIMIT_BYTES, sorted(sizes.items(), key=lambda kv: -kv[1])[:3]


def test_every_status_of_every_proposal_is_drawn_with_its_area(sent):
    # km² from the engine (full geometry) against the area of the zones the browser receives: within
    # 2%, or, for small zones and thin bands, 0.15 km² per km of the zone's outline (simplifying a border by
    # up to 300 m moves ~0.1 km² per km of it: a 10 km-deep border band loses more than 2% of itself)
    for pid, args in sent.items():
        script = "".join(a.get("feature_group") or "" for a in args)
        calls = _calls(script, "ppaZones")
        assert len(calls) == 1, pid
        data = calls[0][0]
        drawn: dict[str, float] = {}
        for f in data["features"]:
            s = f["properties"]["status"]
            drawn[s] = drawn.get(s, 0.0) + _km2(encode.decode_shape(data["arcs"], f["shape"], data["scale"]))
        result = evaluate(CATALOG[pid])
        by_status = result.stats().by_status
        outline = result.zones.dissolve("status").length / 1000  # km of each status's outline
        for status, km2 in by_status.items():
            if km2 > 0:
                assert drawn.get(status, 0.0) > 0, (pid, status)
                allowed = max(0.02 * km2, 0.15 * outline[status], 30.0)
                assert abs(drawn[status] - km2) <= allowed, (pid, status, drawn[status], km2, allowed)
            else:
                assert status not in drawn, (pid, status)


def test_the_front_line_keeps_its_detail(sent):
    # the line of contact as sent is as long as the full line within 5% (a coarse line is shorter)
    for pid in ("us-28-point-2025-11", "status-quo"):
        script = "".join(a.get("feature_group") or "" for a in sent[pid])
        lines = [c for c in _calls(script, "ppaLines") if c[2].get("dashArray")]   # the dashed line of contact
        assert len(lines) == 1, pid
        paths, scale = lines[0][0], lines[0][1]
        drawn = shapely.MultiLineString([[(x / scale, y / scale) for x, y in encode.decode_points(p)] for p in paths])
        full = line_of_contact(evaluate(CATALOG[pid]).baseline).length
        assert reproject(drawn, GEOGRAPHIC, EQUAL_AREA).length == pytest.approx(full, rel=0.05), pid


def test_patterns_are_sent_as_names_not_lines(sent):
    # the 28-point plan's Donetsk buffer: demilitarised (hatched) and recognised as Russian de facto
    script = "".join(a.get("feature_group") or "" for a in sent["us-28-point-2025-11"])
    data = _calls(script, "ppaZones")[0][0]
    dmz = [f["properties"] for f in data["features"] if f["properties"]["status"] == "demilitarized"]
    assert dmz and all(p["patterns"] == ["hatch", "russia_de_facto"] for p in dmz)
    assert set(data["patterns"]) >= {"hatch", "russia_de_facto"}


# ---------- the encoding, on shapes made by hand ----------

def test_integers_round_trip_and_small_deltas_are_one_symbol():
    values = [0, 1, -1, 15, -16, 16, 511, -512, 512, 123_456, -400_000]
    assert encode.decode_ints(encode.encode_ints(values)) == values
    assert len(encode.encode_ints([15, -16])) == 2 and len(encode.encode_ints([16])) == 2
    assert set(encode.encode_ints(values)) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_two_squares_share_their_border_once():
    # two 1°×1° squares side by side: 7 grid points, the middle edge one arc used by both
    left = shapely.box(30, 48, 31, 49)
    right = shapely.box(31, 48, 32, 49)
    arcs, shapes = encode.topology([left, right], scale=10)
    points = [encode.decode_points(a) for a in arcs]
    shared = [p for p in points if {q[0] for q in p} == {310}]
    assert len(shared) == 1 and sorted(shared[0]) == [(310, 480), (310, 490)]
    refs = [abs(r if r >= 0 else ~r) for shape in shapes for poly in shape for ring in poly for r in ring]
    assert refs.count(points.index(shared[0])) == 2
    for geom, shape in zip((left, right), shapes):
        back = encode.decode_shape(arcs, shape, scale=10)
        assert back.area == pytest.approx(1.0) and back.symmetric_difference(geom).area == pytest.approx(0.0)


def test_a_hole_and_the_island_in_it_share_one_ring():
    outer = shapely.box(30, 48, 34, 52).difference(shapely.box(31, 49, 33, 51))
    island = shapely.box(31, 49, 33, 51)
    arcs, shapes = encode.topology([outer, island], scale=10)
    assert len(arcs) == 2   # the outer ring, and the hole's ring sent once for both
    assert encode.decode_shape(arcs, shapes[0], 10).area == pytest.approx(16 - 4)
    assert encode.decode_shape(arcs, shapes[1], 10).area == pytest.approx(4)


def test_arcs_far_from_the_front_are_simplified_and_near_ones_kept():
    # a zig-zag along 1° of latitude, teeth ~370 m wide (0.005° at 48°N): gone at 500 m, kept at 0
    zigzag = [(300_000 + (50 if i % 2 else 0), 480_000 + 100 * i) for i in range(101)]   # scale 10,000
    assert encode.simplify_arc(zigzag, 500.0) == [zigzag[0], zigzag[-1]]
    assert encode.simplify_arc(zigzag, 0.0) == zigzag
