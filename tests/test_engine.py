"""The rule engine on hand-made squares whose areas are known exactly."""
import math

import pytest
import shapely
from pyproj import Geod, Transformer

from geo.engine.zones import zones_for
from geo.measure import reproject
from geo.testing import assert_partition, baseline, rect, square, units
from proposals.model import Proposal

SRC = [{"id": "s", "outlet": "test", "date": "2025-01-01", "url": "https://example.org", "supports": "test"}]


def proposal(*rules) -> Proposal:
    return Proposal.model_validate({
        "id": "t", "title": "t", "proposer": "t", "date": "2025-01-01", "status": "draft",
        "baseline": "2025-01-01", "summary": "t", "sources": SRC,
        "rules": [dict(r, id=r.get("id", f"r{i}"), sources=["s"]) for i, r in enumerate(rules)],
    })


# Two 10 km × 10 km oblasts side by side; Russia holds the east half of the eastern one.
WEST, EAST = square(0, 0, 10), square(10, 0, 10)
UNITS = units(**{"UA-12": WEST, "UA-14": EAST})
HELD = rect(15, 0, 5, 10)
TERRITORY = shapely.union_all([WEST, EAST])


def km2(zones, **where):
    mask = True
    for k, v in where.items():
        mask = mask & (zones[k] == v)
    return zones[mask].geometry.area.sum() / 1e6


def test_default_is_ukraine_and_occupied():
    z = zones_for(proposal(), baseline(HELD), UNITS)
    assert km2(z, status="ukraine") == pytest.approx(150, rel=1e-9)
    assert km2(z, status="occupied") == pytest.approx(50, rel=1e-9)
    assert_partition(z, TERRITORY)


def test_oblast_selector_by_name_code_and_group():
    for name in ("Donetsk", "UA-14", "donbas", "Донецька область"):
        z = zones_for(proposal({"where": {"oblasts": [name]}, "status": "russia_de_jure"}), baseline(HELD), UNITS)
        assert km2(z, status="russia_de_jure") == pytest.approx(100, rel=1e-9), name
        assert km2(z, status="ukraine") == pytest.approx(100, rel=1e-9), name


def test_held_by_selector():
    z = zones_for(proposal({"where": {"oblasts": ["donetsk"], "held_by": "ukraine"}, "status": "ceded"}),
                  baseline(HELD), UNITS)
    assert km2(z, status="ceded") == pytest.approx(50, rel=1e-9)
    assert km2(z, status="occupied") == pytest.approx(50, rel=1e-9)
    assert km2(z, status="ceded", held_before="ukraine") == pytest.approx(50, rel=1e-9)


def test_all_group_and_rule_order_later_wins():
    z = zones_for(proposal({"where": {"oblasts": ["all"]}, "status": "undecided"},
                           {"where": {"held_by": "russia"}, "status": "frozen"}), baseline(HELD), UNITS)
    assert km2(z, status="undecided") == pytest.approx(150, rel=1e-9)
    assert km2(z, status="frozen") == pytest.approx(50, rel=1e-9)
    # and the other way round, the first rule is overwritten everywhere
    z = zones_for(proposal({"where": {"held_by": "russia"}, "status": "frozen"},
                           {"where": {"oblasts": ["all"]}, "status": "undecided"}), baseline(HELD), UNITS)
    assert km2(z, status="undecided") == pytest.approx(200, rel=1e-9)


def _true_length_km(line_3035) -> float:
    line = reproject(line_3035, "EPSG:3035", "EPSG:4326")
    return Geod(ellps="WGS84").geometry_length(line) / 1000


@pytest.mark.parametrize("width", [5, 10, 20])
@pytest.mark.parametrize("orientation", ["north-south", "east-west"])
def test_band_along_line_has_true_width(width, orientation):
    # One 100 km square, Russia holds half of it: the line of contact cuts it in two.
    # EPSG:3035 stretches distances here by about 1.3% (N-S) and shrinks them (E-W), so a
    # buffer drawn in EPSG:3035 would miss these by more than the 0.5% allowed.
    big = square(0, 0, 100)
    if orientation == "north-south":
        held = rect(50, 0, 50, 100)
        x = held.bounds[0]
        line = shapely.LineString([(x, big.bounds[1]), (x, big.bounds[3])])
    else:
        held = rect(0, 50, 100, 50)
        y = held.bounds[1]
        line = shapely.LineString([(big.bounds[0], y), (big.bounds[2], y)])
    length = _true_length_km(line)
    z = zones_for(proposal({"where": {"within_km_of_line": width}, "status": "demilitarized"}),
                  baseline(held), units(**{"UA-14": big}))
    # Band of half-width w both sides of a line of true length L: 2·w·L (the caps fall outside
    # the square; the ±250 m trimmed at the ends of the line are filled back by the round caps).
    assert km2(z, status="demilitarized") == pytest.approx(2 * width * length, rel=0.005)
    assert_partition(z, big)


def test_band_sides():
    big, held = square(0, 0, 100), rect(50, 0, 50, 100)
    both = zones_for(proposal({"where": {"within_km_of_line": 10}, "status": "demilitarized"}), baseline(held),
                     units(**{"UA-14": big}))
    ua = zones_for(proposal({"where": {"within_km_of_line": 10, "side": "ukraine"}, "status": "demilitarized"}),
                   baseline(held), units(**{"UA-14": big}))
    ru = zones_for(proposal({"where": {"within_km_of_line": 10, "side": "russia"}, "status": "demilitarized"}),
                   baseline(held), units(**{"UA-14": big}))
    assert km2(ua, status="demilitarized", held_before="russia") == 0
    assert km2(ru, status="demilitarized", held_before="ukraine") == 0
    assert km2(ua, status="demilitarized") + km2(ru, status="demilitarized") == pytest.approx(
        km2(both, status="demilitarized"), rel=1e-6)
    assert km2(ua, status="demilitarized") == pytest.approx(km2(ru, status="demilitarized"), rel=0.01)


def test_explicit_area_polygon():
    to_geo = Transformer.from_crs("EPSG:3035", "EPSG:4326", always_xy=True)
    target = square(2, 2, 4)  # 16 km² inside the western oblast
    ring = [list(to_geo.transform(x, y)) for x, y in shapely.segmentize(target, 100).exterior.coords]
    z = zones_for(proposal({"where": {"area": {"type": "Polygon", "coordinates": [ring]}}, "status": "returned"}),
                  baseline(HELD), UNITS)
    assert km2(z, status="returned") == pytest.approx(16, rel=1e-4)
    assert_partition(z, TERRITORY)


def test_around_point_is_a_true_circle():
    to_geo = Transformer.from_crs("EPSG:3035", "EPSG:4326", always_xy=True)
    big = square(0, 0, 100)
    lon, lat = to_geo.transform(*big.centroid.coords[0])
    z = zones_for(proposal({"where": {"area": {"around": {"lon": lon, "lat": lat, "radius_km": 10}}},
                            "status": "demilitarized"}), baseline(shapely.Polygon()), units(**{"UA-14": big}))
    assert km2(z, status="demilitarized") == pytest.approx(math.pi * 100, rel=0.005)


def test_selectors_combine_with_and():
    z = zones_for(proposal({"where": {"oblasts": ["UA-12"], "held_by": "russia"}, "status": "returned"}),
                  baseline(HELD), UNITS)
    assert km2(z, status="returned") == 0  # Russia holds nothing in UA-12
    assert_partition(z, TERRITORY)
