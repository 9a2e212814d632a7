"""Hostile-input probes (issue 17) in the app: uploads in the sidebar and `?plan=` links get the
same one-line refusals as the CLI, at once, and the map still draws."""
import json
import time

from test_probes import area_plan, star

from bench.apptest import app, map_args
from tests.buildpage import builder, notices
from tests.test_app import plain
from tests.test_build_links import pack
from tests.test_hostile_app import own, upload, yaml_file


def errors(at) -> list[str]:
    return [plain(e.value) for e in at.error]


def test_uploaded_crossing_area_is_refused_and_the_map_draws():
    at = app(view="map")
    t = time.perf_counter()
    upload(at, "upload_proposals", [yaml_file("crossing.yaml", area_plan(star()))])
    assert time.perf_counter() - t < 30  # it used to pin the server
    assert any(e.startswith("crossing.yaml: rules[0].where.area: the ring crosses itself at (") for e in errors(at)), (
        errors(at))
    assert map_args(at)


def test_uploaded_crossing_front_line_is_refused_and_the_map_draws():
    doc = {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [star()]}}
    at = app(view="map")
    upload(at, "upload_frontline", ("line.geojson", json.dumps(doc).encode(), "application/geo+json"))
    assert any(e.startswith("line.geojson: geometry: the ring crosses itself at (") for e in errors(at)), errors(at)
    assert map_args(at)


def test_plan_link_with_a_crossing_area_gives_a_notice():
    at = builder(plan=pack(area_plan(star()).encode()))
    assert not at.exception
    found = [plain(n) for n in notices(at) if "could not be opened" in n]
    assert len(found) == 1 and "link: rules[0].where.area: the ring crosses itself at (" in found[0], notices(at)
    assert map_args(at)


def test_uploads_with_control_characters_or_the_reserved_id_are_refused():
    at = app(view="map")
    upload(at, "upload_proposals", [yaml_file("esc.yaml", own("esc-plan", json.dumps("Plan \x1b[31m red"))),
                                    yaml_file("plan.yaml", own("plan"))])
    found = errors(at)
    assert "esc.yaml: title: control character U+001B in the text; remove it" in found, found
    assert "plan.yaml: id: 'plan' is reserved for the plan carried by a link; choose another id" in found, found
    assert map_args(at)
