"""What the maps show, as data: display geometry and the compact layers a map is drawn from.

Zones are simplified as a coverage (shared borders stay shared; finer within NEAR_KM of the front
line than away from it) and sent as shared arcs of quantised, delta-encoded paths (geo/maps/encode.py),
decoded by static/ppa/map-ui.js. Plain data in, plain JSON-able dicts out: cached by the app, reused
by the static site and the exports. Numbers are never measured here (full geometry, elsewhere).
"""
from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import numpy as np
import shapely

from geo.inputs.boundaries import oblasts_metric
from geo.inputs.frontline import line_of_contact
from geo.maps.encode import SCALE, encode_lines, encode_polygons, topology
from geo.maps.legend import difference_tip_line, esc, fmt_km2
from geo.maps.mapview import callout_html, difference_bounds, story_data
from geo.maps.palette import PALETTE
from geo.maps.patterns import svg_patterns, zone_patterns
from geo.measure import EQUAL_AREA, GEOGRAPHIC, reproject
from proposals.i18n import translator
from proposals.model import CONTROL_LABELS, RECOGNITION_LABELS, STATUS_LABELS, control_of

SIMPLIFY_M = 800.0      # static images' display tolerance (geo/images/figure.py); km² are measured on full geometry


NEAR_KM = 30.0          # within this distance of the line of contact, zones are drawn finer


NEAR_SIMPLIFY_M = 300.0


FAR_SIMPLIFY_M = 2000.0


FRONT_SIMPLIFY_M = 300.0


CONTESTED_SIMPLIFY_M = 150.0


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygons of an overlay result (slivers of lines and points dropped)."""
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, shapely.Polygon) and not g.is_empty]
    return shapely.MultiPolygon(parts) if parts else shapely.Polygon()


def display_pieces(geoms_3035: np.ndarray, front_3035: shapely.Geometry | None, near_km: float = NEAR_KM,
                   near_m: float = NEAR_SIMPLIFY_M) -> tuple[np.ndarray, shapely.Geometry | None]:
    """A coverage (EPSG:3035) simplified for drawing at `near_m` and cut where it enters the band of
    `near_km` around the front line, so each border arc lies wholly inside or outside it.

    Returns each geometry in EPSG:4326 (its pieces inside and outside the band, as one multipolygon)
    and the band in EPSG:4326 (None without a front line); `arc_tolerance` coarsens arcs outside it.
    """
    simp = shapely.coverage_simplify(np.asarray(geoms_3035), near_m)
    if front_3035 is None or front_3035.is_empty:
        return np.array([reproject(g, EQUAL_AREA, GEOGRAPHIC) for g in simp], dtype=object), None
    # the band's edge only decides which arcs are coarse: buffer a simplified line, coarse round caps
    band = shapely.buffer(shapely.simplify(front_3035, 1000.0), near_km * 1000.0, quad_segs=2)
    inside, outside = shapely.intersection(simp, band), shapely.difference(simp, band)
    parts = [shapely.MultiPolygon([p for g in (i, o) for p in shapely.get_parts(_polygonal(g))])
             for i, o in zip(inside, outside)]
    return (np.array([reproject(g, EQUAL_AREA, GEOGRAPHIC) for g in parts], dtype=object),
            reproject(band, EQUAL_AREA, GEOGRAPHIC))


def arc_tolerance(band_4326: shapely.Geometry | None, far_m: float = FAR_SIMPLIFY_M):
    """How far each border arc may be simplified: not at all inside the band (done at NEAR_SIMPLIFY_M),
    `far_m` outside it (an arc's middle vertex says which side it is on)."""
    if band_4326 is None:
        return lambda arc: far_m
    shapely.prepare(band_4326)
    return lambda arc: 0.0 if band_4326.contains(shapely.Point(arc[len(arc) // 2])) else far_m


def compact_features(geoms_4326, properties: list[dict], patterns: bool = False, tolerance=None) -> dict:
    """Display geometries as shared arcs (geo/maps/encode.py) and features that refer to them: each
    feature `shape` (polygons of rings of arc indices) and `properties`."""
    keep = [i for i, g in enumerate(geoms_4326) if not g.is_empty]
    arcs, shapes = topology([geoms_4326[i] for i in keep], tolerance=tolerance)
    feats = [{"shape": sh, "properties": properties[i]} for i, sh in zip(keep, shapes) if sh]
    out = {"scale": SCALE, "arcs": arcs, "features": feats}
    if patterns:
        out["patterns"] = svg_patterns()
    return out


def zone_features(zones: gpd.GeoDataFrame, front_3035: shapely.Geometry | None = None, lang: str = "en") -> dict:
    """Zones for drawing, compact (`compact_features`): finer near the front line, with escaped
    tooltip HTML in `lang`, the status colour and the patterns drawn over each (hatch, recognition)."""
    tr = translator(lang)
    geoms, band = display_pieces(zones.geometry.values, front_3035)
    props = []
    for row in zones.itertuples():
        held = tr(CONTROL_LABELS[row.held_before])
        rule = "" if row.rule == "baseline" else f"<br><i>{esc(tr('Rule {rule}', rule=row.rule))}</i>: {esc(row.note)}"
        tip = (
            f"<b>{esc(tr.oblast(row.oblast, row.name))}</b> — {esc(tr(STATUS_LABELS[row.status]))}<br>"
            + esc(
                tr(
                    "{area} · held by {side} on the front-line date · control after: {control}",
                    area=fmt_km2(row.km2, lang),
                    side=held,
                    control=tr(CONTROL_LABELS[control_of(row.status, row.held_before)]),
                )
            )
            + f"<br>{esc(tr('Recognition: {recognition}', recognition=tr(RECOGNITION_LABELS[row.recognition])))}{rule}"
        )
        props.append({"status": row.status, "recognition": row.recognition, "fill": PALETTE[row.status],
                      "patterns": zone_patterns(row.status, row.recognition), "tip": tip})
    return compact_features(geoms, props, patterns=True, tolerance=arc_tolerance(band))


def front_line_paths(baseline, line_3035: shapely.Geometry | None = None) -> list[str]:
    """The line of contact (`line_3035` if already computed), simplified to FRONT_SIMPLIFY_M, as
    path strings (geo/maps/encode.py)."""
    line = shapely.simplify(line_of_contact(baseline) if line_3035 is None else line_3035, FRONT_SIMPLIFY_M)
    return encode_lines(reproject(line, EQUAL_AREA, GEOGRAPHIC))


def contested_paths(baseline) -> list[list[str]] | None:
    """The grey discs of settlements reported contested on the baseline's date, as polygons of ring
    path strings (geo/maps/encode.py); None when there are none."""
    if baseline.contested is None or baseline.contested.is_empty:
        return None
    discs = shapely.simplify(baseline.contested, CONTESTED_SIMPLIFY_M)
    return encode_polygons(reproject(discs, EQUAL_AREA, GEOGRAPHIC)) or None


def city_markers(located: gpd.GeoDataFrame) -> list[dict]:
    """Key cities with the status of the zone they fall in (from `Result.located`)."""
    key = located[located["key"]]
    return [{"name": r.name, "lat": round(r.lat, 4), "lon": round(r.lon, 4), "status": r.status,
             "held_before": r.held_before, "population": int(r.population), "role": r.role}
            for r in key.itertuples()]


def layer_data(result, lang: str = "en") -> dict:
    """Everything a proposal's map layers need, as plain JSON-able data (cacheable); texts in `lang`."""
    front = line_of_contact(result.baseline)
    return {"zones": zone_features(result.zones, front, lang),
            "line": front_line_paths(result.baseline, front), "contested": contested_paths(result.baseline),
            "cities": city_markers(result.located), "date": result.baseline.date, "story": story_data(result, lang),
            "lang": lang}


def difference_text(comparison, lang: str = "en") -> dict:
    """The difference map's text alternative (plain text): a title for its frame and one sentence."""
    tr = translator(lang)
    a, b = comparison.a.proposal.title_in(lang), comparison.b.proposal.title_in(lang)
    return {"title": tr("Map of what differs: A, {a}; B, {b}", a=a, b=b),
            "summary": tr("Map of what differs between A ({a}) and B ({b}) on the front line of {date} (approximate): "
                          "{changed} differ, {control} of them change hands. The figures are in the tables on this "
                          "page.", a=a, b=b, date=comparison.frontline, changed=fmt_km2(comparison.changed_km2, lang),
                          control=fmt_km2(comparison.changed_control_km2, lang))}


def difference_data(comparison, lang: str = "en") -> dict:
    """Land whose status differs, coloured by what it becomes in B, outlined in its colour in A
    (texts in `lang`)."""
    tr = translator(lang)
    ch = comparison.changed
    geoms, props, band = [], [], None
    front = line_of_contact(comparison.a.baseline)
    if not ch.empty:
        geoms, band = display_pieces(comparison.pieces.geometry.values, front)  # the whole coverage at once
        keep = comparison.pieces.kind.notna().to_numpy()
        geoms = geoms[keep]
        for row in comparison.pieces[keep].itertuples():
            tip = (f"<b>{esc(tr.oblast(getattr(row, 'oblast', None), row.name))}</b> — {fmt_km2(row.km2, lang)}<br>"
                   f"A ({esc(comparison.a.proposal.title_in(lang))}): {esc(tr(STATUS_LABELS[row.status_a]))}<br>"
                   f"B ({esc(comparison.b.proposal.title_in(lang))}): {esc(tr(STATUS_LABELS[row.status_b]))}<br>"
                   f"{difference_tip_line(row, lang)}")
            props.append({"fill": PALETTE[row.status_b], "stroke": PALETTE[row.status_a], "kind": row.kind,
                          "tip": tip})
    cities = [{"lat": round(float(c.lat), 4), "lon": round(float(c.lon), 4), "name": c.name,
               "population": int(c.population), "changes": True,
               "tip": f"<b>{esc(tr.city(c.name))}</b> — "
                      + esc(tr("{people} people before the war", people=tr.num(int(c.population))))
                      + f"<br>A: {esc(tr(STATUS_LABELS[c.status]))} → B: {esc(tr(STATUS_LABELS[c.status_b]))}"}
              for c in comparison.located[comparison.located["key"]].itertuples()] if len(comparison.located) else []
    people = int(comparison.located["population"].sum()) if len(comparison.located) else 0
    a, b = comparison.a.proposal, comparison.b.proposal
    story = {"bounds": difference_bounds(comparison.changed),
             "callout": callout_html(tr("{area} km² differ", area=tr.num(comparison.changed_km2))
                                     + (" · " + tr("pre-war population (GeoNames): {people}", people=tr.num(people))
                                        if people else "")
                                     if comparison.changed_km2 >= 1 else tr("Nothing differs"),
                                     tr("Fill: status in B · outline: status in A")),
             "caption": f"A: <b>{esc(a.title_in(lang))}</b> ({esc(tr.date(a.date, long=False))}) · "
                        f"B: <b>{esc(b.title_in(lang))}</b> ({esc(tr.date(b.date, long=False))})<br>"
                        + esc(tr("Front line {date} · approximate", date=comparison.frontline)),
             **difference_text(comparison, lang)}
    return {"zones": compact_features(list(geoms), props, tolerance=arc_tolerance(band)),
            "line": front_line_paths(comparison.a.baseline, front), "cities": cities,
            "date": comparison.frontline, "story": story, "lang": lang}


def with_bounds(layers: dict, bounds) -> dict:
    """A proposal's layers opening on other bounds (compare: both maps open on what differs)."""
    if bounds is None or "story" not in layers:
        return layers
    return {**layers, "story": {**layers["story"], "bounds": bounds}}


@lru_cache(maxsize=1)
def country_paths() -> list[list[str]]:
    """Ukraine's outline (~2 km), filled faintly under the difference map so unchanged land reads as land."""
    outline = shapely.coverage_simplify(np.array([shapely.union_all(oblasts_metric().geometry.values)]), 2000.0)[0]
    return encode_polygons(reproject(outline, EQUAL_AREA, GEOGRAPHIC), 1000)
