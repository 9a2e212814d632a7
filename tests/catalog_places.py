"""The catalog and the places its fact tests check: GeoNames coordinates of real places, and
helpers that read a proposal's status and recognition at a place and its source texts."""

from shapely.geometry import Point

from geo.engine.evaluate import default_catalog, evaluate
from geo.measure import EQUAL_AREA, GEOGRAPHIC, reproject

CATALOG = default_catalog()
P = CATALOG.proposals
PLACES = {  # lon, lat
    "Kramatorsk": (37.568, 48.731),
    "Sloviansk": (37.597, 48.850),
    "Druzhkivka": (37.525, 48.620),
    "Kostiantynivka": (37.706, 48.527),
    "Zaporizhzhia": (35.117, 47.852),
    "Kherson": (32.60, 46.66),  # northern Kherson: the GeoNames point sits on the river
    "Simferopol": (34.111, 44.957),
    "Sevastopol": (33.521, 44.608),
    "Melitopol": (35.382, 46.847),
    "Nova Kakhovka": (33.356, 46.760),
    "Donetsk": (37.802, 48.023),
    "Luhansk": (39.306, 48.568),
    "Enerhodar": (34.662, 47.490),
    "ZNPP": (34.586, 47.512),
    "Kinburn spit": (31.56, 46.55),
    "Dnipro": (35.041, 48.467),
    "Kyiv": (30.524, 50.455),
    # inside the Russian-held part of Kharkiv region east of the Oskil, near the border (Dvorichna area)
    "Kharkiv pocket": (37.85, 49.615),  # Kyslivka, east of the Oskil: Russian-held from May 2024 (facts table)
    "Vovchansk pocket": (37.00, 50.33),
    "Luhansk city": (39.306, 48.568),
    "Sumy border pocket": (35.00, 51.15),  # the Russian-held strip north of Yunakivka
    "Velyka Pysarivka": (35.483, 50.423),  # Sumy region, a few km from the Russian border
    "Sumy": (34.799, 50.917),
    "Kharkiv": (36.255, 49.982),  # both about 30 km from the border
}
_cache: dict = {}


def zones(pid):
    if pid not in _cache:
        _cache[pid] = evaluate(P[pid]).zones
    return _cache[pid]


def zone_at(pid, place):
    z = zones(pid)
    pt = reproject(Point(*PLACES[place]), GEOGRAPHIC, EQUAL_AREA)
    hit = z[z.geometry.contains(pt)]
    assert len(hit) == 1, f"{place} in {len(hit)} zones"
    return hit.iloc[0]


def status_at(pid, place):
    return zone_at(pid, place).status


def recognition_at(pid, place):
    return zone_at(pid, place).recognition


def source_text(pid):
    return " ".join(f"{s.outlet} {s.url} {s.supports}" for s in P[pid].sources)


def rule(pid, rule_id):
    return next(r for r in P[pid].rules if r.id == rule_id)
