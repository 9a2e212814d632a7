"""Hostile uploads in the app (issue 11): escaped wherever they land, reported by file name, and
handled inside the error boundary so the map still draws. Most start on the map view (the
landing page is the overview, which has its own test here)."""
import json
import re
from pathlib import Path

from bench.apptest import app, map_args
from tests.test_app import plain, title

ROOT = Path(__file__).resolve().parent.parent
GOOD = (ROOT / "proposals/catalog/trump-2025-10-stop.yaml").read_text()
EVIL = "![tracker](https://evil.example/pixel.png) [click](https://evil.example/) <img src=x>"
UNESCAPED = re.compile(r"(?<!\\)(!\[|\]\(|<img)")


def upload(at, key: str, files):
    at.file_uploader(key=key).set_value(files).run()
    assert not at.exception, at.exception
    return at


def yaml_file(name: str, text: str):
    return (name, text.encode(), "application/x-yaml")


def own(pid: str, title_: str = "My freeze") -> str:
    return GOOD.replace("id: trump-2025-10-stop", f"id: {pid}").replace(
        "title: '\"Stop where they are\"'", f"title: {title_}"
    )


def texts(at) -> list[str]:
    """Every Markdown string the page shows (markdown, captions, alerts)."""
    out = []
    for kind in ("markdown", "caption", "warning", "error", "info", "success"):
        out += [e.value for e in getattr(at, kind)]
    return out


def test_markdown_from_uploads_is_escaped_everywhere():
    with_contradiction = (
        own("evil-plan", title_=json.dumps("Plan " + EVIL)) + f"contradictions:\n  - {json.dumps(EVIL)}\n"
    )
    bad_oblast = own("evil-two").replace("where: {held_by: russia}", f"where: {{oblasts: [{json.dumps(EVIL)}]}}")
    assert bad_oblast != own("evil-two")
    at = app(view="map")
    upload(at, "upload_proposals", [yaml_file("[x](https://evil.example).yaml", with_contradiction),
                                    yaml_file("two.yaml", bad_oblast)])
    at.selectbox(key="proposal").set_value("evil-plan").run()
    assert not at.exception
    shown = texts(at)
    assert any(EVIL in plain(w.value) for w in at.warning)                      # the contradiction is shown …
    assert any("Plan ![tracker]" in plain(s) for s in shown)              # … the title …
    assert any("unknown oblast '![tracker](https://evil.example" in plain(s) for s in shown)  # … the echoed error …
    bad = [s for s in shown if "evil" in s and UNESCAPED.search(s)]
    assert bad == []                                                      # … but never as Markdown


def test_file_name_in_an_error_is_escaped():
    at = app(view="map")
    upload(at, "upload_proposals", [yaml_file("![x](https://evil.example/f.png).yaml", "id: [unclosed\n")])
    errors = [e.value for e in at.error]
    assert any(plain(e).startswith("![x](https://evil.example/f.png).yaml: (file): invalid YAML") for e in errors), (
        errors
    )
    assert not any(UNESCAPED.search(e) for e in errors)


def test_two_uploads_with_one_id_are_reported():
    at = app(view="map")
    upload(at, "upload_proposals", [yaml_file("first.yaml", own("my-freeze", "First")),
                                    yaml_file("second.yaml", own("my-freeze", "Second"))])
    errors = [plain(e.value) for e in at.error]
    assert "second.yaml: id: 'my-freeze' is already used by first.yaml; give yours another id" in errors, errors
    assert "First — 2025-10-17" in at.selectbox(key="proposal").options


def test_hostile_proposal_uploads_are_reported_and_the_map_still_draws():
    at = app(view="map")
    impossible = own("bad-date").replace("date: 2025-10-17", "date: 2025-13-01", 1)
    assert impossible != own("bad-date")
    upload(at, "upload_proposals", [yaml_file("date.yaml", impossible), yaml_file("deep.yaml", "[" * 10_000)])
    errors = [plain(e.value) for e in at.error]
    assert any(e.startswith("date.yaml: date: ") for e in errors), errors
    assert any(e.startswith("deep.yaml: (file): nested more than ") for e in errors), errors
    assert map_args(at) and "28" in title(at)


def test_hostile_front_line_uploads_are_one_line_and_the_map_still_draws():
    for name, raw, start in [
        ("five.geojson", json.dumps({"type": "FeatureCollection", "features": 5}).encode(),
         "five.geojson: features: expected a list of features"),
        ("deep.geojson", b"[" * 200_000 + b"]" * 200_000, "deep.geojson: geojson: nested more than "),
    ]:
        at = app(view="map")
        upload(at, "upload_frontline", (name, raw, "application/geo+json"))
        errors = [plain(e.value) for e in at.error]
        assert any(e.startswith(start) for e in errors), errors
        assert map_args(at), name


def test_a_failure_in_upload_handling_stays_inside_the_boundary(monkeypatch):
    import ui.data

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(ui.data, "parse_uploads", boom)
    at = app(view="map")
    upload(at, "upload_proposals", [yaml_file("mine.yaml", own("mine"))])
    assert any("RuntimeError: boom" in e.value for e in at.error)
    assert map_args(at) and "28" in title(at)


def test_uploads_are_parsed_once_not_on_every_rerun(monkeypatch):
    import ui.cache
    calls = []
    real = ui.cache.parse_text

    def counting(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(ui.cache, "parse_text", counting)
    ui.cache.parsed_upload.clear()
    at = app(view="map")
    upload(at, "upload_proposals", [yaml_file("once.yaml", own("parsed-once"))])
    for _ in range(3):
        at.run()
    assert not at.exception
    assert calls == ["once.yaml"]


def test_hostile_titles_on_the_overview_are_text():
    """An uploaded proposal joins the overview's table, timeline and thumbnails: its title is shown
    as text there too, never as an image, a link or HTML."""
    at = app(view="map")
    upload(at, "upload_proposals", [yaml_file("evil.yaml", own("evil-plan", title_=json.dumps("Plan " + EVIL)))])
    at.radio(key="view").set_value("overview").run()
    assert not at.exception
    captions = [m.value for m in at.markdown if "evil-plan" in m.value]  # the thumbnail's link and title
    assert len(captions) == 1 and "Plan ![tracker]" in plain(captions[0])
    assert not UNESCAPED.search(captions[0])
    table = next(
        d.value for d in at.dataframe if "Ukraine withdraws from (km², to Russia or demilitarised)" in d.value.columns
    )
    assert ("Plan " + EVIL) in set(table["proposal"])  # a dataframe cell is text, shown as is
