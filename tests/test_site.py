"""The static site: structure, escaping, and no reference outside its own folder (no browser)."""
import re
from pathlib import Path

import pytest

from geo.engine.evaluate import default_catalog
from geo.site.static_site import build_site, comparison_pairs
from proposals.catalog import Catalog

ROOT = Path(__file__).resolve().parent.parent
EVIL = '<script>alert(1)</script> "quoted" & $5 {{ 7*7 }}'


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """Three proposals, one of them with hostile text in every free-text field a page shows."""
    full = default_catalog().proposals
    evil = full["trump-2025-10-stop"].model_copy(update={"title": EVIL, "proposer": "Donald Trump " + EVIL,
                                                         "summary": EVIL})
    evil = evil.model_copy(update={"sources": [s.model_copy(update={"url": "javascript:alert(1)"})
                                               for s in evil.sources]})
    cat = Catalog(proposals={"status-quo": full["status-quo"], "us-framework-2025-04": full["us-framework-2025-04"],
                             "trump-2025-10-stop": evil})
    out = tmp_path_factory.mktemp("site")
    report = build_site(cat, out)
    return out, report


def test_pages_named_by_id(small_site):
    out, report = small_site
    assert (out / "index.html").is_file()
    for pid in ("status-quo", "us-framework-2025-04", "trump-2025-10-stop"):
        assert (out / f"proposal-{pid}.html").is_file(), pid
        assert (out / "maps" / f"{pid}.html").is_file(), pid
    # Against the status quo (two), and Trump's October stop against the April US framework (same camp).
    assert sorted(p for p in report.pages if p.startswith("compare-")) == [
        "compare-status-quo--trump-2025-10-stop.html", "compare-status-quo--us-framework-2025-04.html",
        "compare-us-framework-2025-04--trump-2025-10-stop.html"]


def test_hostile_text_is_escaped_everywhere(small_site):
    out, _ = small_site
    for f in out.rglob("*.html"):
        text = f.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in text, f.name
        assert 'href="javascript:' not in text, f.name
    page = (out / "proposal-trump-2025-10-stop.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34;quoted&#34; &amp; $5 {{ 7*7 }}" in page
    for f in out.rglob("*.html"):  # a title is never run as a template (it would print 49)
        assert "$5 49" not in f.read_text(encoding="utf-8"), f.name


def test_nothing_is_loaded_from_outside_the_folder(small_site):
    out, _ = small_site
    for f in out.rglob("*.html"):
        # tags only: the body of inline scripts is code, not markup (the embed snippet builds an <iframe> string)
        text = re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", f.read_text(encoding="utf-8"), flags=re.S)
        loads = re.findall(r'<(?:script|img|iframe)[^>]*\ssrc="([^"]*)"|<link[^>]*\shref="([^"]*)"', text)
        for src in (a or b for a, b in loads):
            assert not re.match(r"^(https?:)?//", src), (f.name, src)
            if not src.startswith("data:"):
                assert (f.parent / src).resolve().is_file(), (f.name, src)


def test_every_page_carries_credits_and_approximate(small_site):
    out, _ = small_site
    for f in out.glob("*.html"):
        text = f.read_text(encoding="utf-8")
        assert "Natural Earth" in text and "GeoNames (CC BY 4.0)" in text and "approximate" in text, f.name
    import html
    m = html.unescape((out / "maps" / "us-framework-2025-04.html").read_text(encoding="utf-8"))
    for words in ('US "final offer" framework · 17 Apr 2025', "approximate",
                  "Natural Earth", "GeoNames (CC BY 4.0)", "Peace Plan Atlas"):
        assert words in m, words  # an embedded map carries its own title, dates and credits


def test_catalog_comparison_pairs():
    from geo.engine.overview import camp_of

    rows = [
        {"id": pid, "date": str(p.date), "camp": camp_of(p.proposer)} for pid, p in default_catalog().proposals.items()
    ]
    pairs = {(a, b) for a, b, _ in comparison_pairs(rows)}
    assert ("status-quo", "us-28-point-2025-11") in pairs
    assert ("ru-memorandum-2025-06", "ru-anchorage-2025-08") in pairs   # Russia: Istanbul, then Anchorage
    assert not any("status-quo" == b for _, b in pairs)


def test_each_page_links_the_data_behind_it(small_site):
    """data/<id>.zip next to the pages, linked from the proposal page, holding that proposal's data."""
    import io
    import zipfile
    out, _ = small_site
    page = (out / "proposal-us-framework-2025-04.html").read_text(encoding="utf-8")
    assert 'href="data/us-framework-2025-04.zip" download' in page
    with zipfile.ZipFile(out / "data" / "us-framework-2025-04.zip") as z:
        assert z.namelist() == ["README.txt", "zones.geojson", "numbers.csv"]
        readme = z.read("README.txt").decode("utf-8")
        assert "id: us-framework-2025-04" in readme and "CC BY 4.0" in readme
    comparison = (out / "compare-status-quo--us-framework-2025-04.html").read_text(encoding="utf-8")
    assert 'href="data/compare-status-quo--us-framework-2025-04.zip" download' in comparison
    with zipfile.ZipFile(io.BytesIO((out / "data" / "compare-status-quo--us-framework-2025-04.zip").read_bytes())) as z:
        assert "status_b" in z.read("numbers.csv").decode("utf-8-sig").splitlines()[0]
