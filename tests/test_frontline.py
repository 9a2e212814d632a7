"""The authored front lines against measured control figures and anchor settlements.

Targets: Russian-held share of each oblast per date, measured from DeepStateMap polygons on
official boundaries (shared/reference/control-figures.md); anchor settlements' control on each
date from the same source. The line is authored, so a few points of error are expected.
"""
import pytest
from shapely.geometry import Point

from geo.boundaries import oblasts_metric
from geo.frontline import FrontlineError, available_dates, line_of_contact, load_baseline
from geo.measure import EQUAL_AREA, GEOGRAPHIC, reproject

DATES = ["2025-08-15", "2025-11-20", "2026-01-20", "2026-08-22"]
SHARES = {  # oblast: shares in % on the four dates
    "UA-09": (99.4, 99.6, 99.6, 99.6),
    "UA-14": (75.1, 76.6, 78.4, 80.1),
    "UA-23": (72.6, 73.8, 74.5, 75.0),
    "UA-65": (70.3, 70.3, 70.3, 70.3),
    "UA-63": (4.0, 4.5, 4.7, 5.0),
    "UA-59": (0.9, 0.9, 1.1, 1.4),
    "UA-12": (0.0, 0.5, 0.6, 0.1),
    "UA-48": (0.6, 0.6, 0.6, 0.6),
    "UA-43": (100, 100, 100, 100),
    "UA-40": (100, 100, 100, 100),
}
OFFICIAL = {"UA-09": 26684, "UA-14": 26517, "UA-23": 27183, "UA-65": 28461, "UA-63": 31415, "UA-59": 23834,
            "UA-12": 31914, "UA-48": 24598, "UA-43": 26081, "UA-40": 864}
R, U = True, False  # Russian-held, Ukrainian-held
ANCHORS = {  # name: (lon, lat, control on the four dates)
    "Sloviansk": (37.597, 48.850, (U, U, U, U)), "Kramatorsk": (37.568, 48.731, (U, U, U, U)),
    "Druzhkivka": (37.525, 48.620, (U, U, U, U)), "Kostiantynivka": (37.706, 48.527, (U, U, U, U)),
    "Pokrovsk": (37.177, 48.280, (U, R, R, R)), "Myrnohrad": (37.265, 48.310, (U, U, U, R)),
    "Dobropillia": (37.086, 48.467, (U, U, U, U)), "Lyman": (37.808, 48.990, (U, U, U, U)),
    "Siversk": (38.097, 48.865, (U, U, R, R)), "Bakhmut": (37.999, 48.594, (R, R, R, R)),
    "Chasiv Yar": (37.834, 48.588, (R, R, R, R)), "Zaporizhzhia": (35.117, 47.852, (U, U, U, U)),
    "Huliaipole": (36.256, 47.667, (U, U, R, R)), "Orikhiv": (35.783, 47.576, (U, U, U, U)),
    "Enerhodar": (34.662, 47.490, (R, R, R, R)), "Melitopol": (35.382, 46.847, (R, R, R, R)),
    "Kherson": (32.615, 46.637, (U, U, U, U)), "Nova Kakhovka": (33.356, 46.760, (R, R, R, R)),
    "Kupiansk": (37.616, 49.710, (U, U, U, U)), "Kharkiv": (36.255, 49.982, (U, U, U, U)),
    "Donetsk": (37.802, 48.023, (R, R, R, R)), "Mariupol": (37.541, 47.095, (R, R, R, R)),
    "Luhansk": (39.306, 48.568, (R, R, R, R)), "Horlivka": (38.017, 48.300, (R, R, R, R)),
    "Simferopol": (34.111, 44.957, (R, R, R, R)), "Sevastopol": (33.521, 44.608, (R, R, R, R)),
    "Dnipro": (35.041, 48.467, (U, U, U, U)), "Kyiv": (30.524, 50.455, (U, U, U, U)),
}


def test_the_four_dates_are_shipped():
    assert available_dates() == DATES


@pytest.mark.parametrize("i,date", list(enumerate(DATES)))
def test_oblast_shares_within_two_points(i, date):
    held = load_baseline(date).russian_held
    m = oblasts_metric().set_index("iso")
    for iso, shares in SHARES.items():
        geom = m.geometry[iso]
        ours = 100 * geom.intersection(held).area / geom.area
        assert ours == pytest.approx(shares[i], abs=2.0), f"{date} {iso}: {ours:.1f}% vs {shares[i]}%"


@pytest.mark.parametrize("i,date", list(enumerate(DATES)))
def test_national_share_within_half_a_point(i, date):
    # The measured shares applied to official areas give the national Russian-held share.
    target = 100 * sum(OFFICIAL[iso] * s[i] / 100 for iso, s in SHARES.items()) / 603_628
    ours = 100 * load_baseline(date).russian_held.area / oblasts_metric().area.sum()
    assert ours == pytest.approx(target, abs=0.5)


@pytest.mark.parametrize("i,date", list(enumerate(DATES)))
def test_anchor_settlements(i, date):
    held = load_baseline(date).russian_held
    for name, (lon, lat, control) in ANCHORS.items():
        p = reproject(Point(lon, lat), GEOGRAPHIC, EQUAL_AREA)
        assert held.contains(p) == control[i], f"{date}: {name} should be {'Russian' if control[i] else 'Ukrainian'}-held"


def test_ukrainian_held_donetsk_km2_near_measured():
    measured = {"2025-08-15": 6591, "2025-11-20": 6207, "2026-01-20": 5736, "2026-08-22": 5285}
    donetsk = oblasts_metric().set_index("iso").geometry["UA-14"]
    for date, km2 in measured.items():
        ours = donetsk.difference(load_baseline(date).russian_held).area / 1e6
        assert ours == pytest.approx(km2, rel=0.08), date


def test_line_of_contact_excludes_border_and_coast():
    from geo.boundaries import ukraine_metric
    base = load_baseline("2026-08-22")
    line = line_of_contact(base)
    outline = ukraine_metric().boundary
    assert min(outline.distance(Point(c)) for g in line.geoms for c in g.coords) > 200
    # Front towns the line runs past (reported as front-line cities on that date).
    for lon, lat in ((32.615, 46.637), (37.616, 49.710), (37.706, 48.527), (35.783, 47.576)):
        assert line.distance(reproject(Point(lon, lat), GEOGRAPHIC, EQUAL_AREA)) < 12_000


def test_unknown_date_names_the_available_ones():
    with pytest.raises(FrontlineError, match="2025-08-15"):
        load_baseline("2024-01-01")
