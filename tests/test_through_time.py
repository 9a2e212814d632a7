"""The front line through time: Russian-held km² per line and per oblast on every shipped date, against
figures known apart from the code — hand-made squares, the measured shares and totals of
shared/reference/control-figures.md (the calibration targets tests/test_frontline.py uses, with its
tolerance), the official area of Crimea and Sevastopol — then the print image and the view.
"""
import re
from pathlib import Path

import geopandas as gpd
import pytest

from geo.engine.through_time import charted_oblasts, held_by_date, held_by_oblast
from geo.testing import baseline, square
from tests.clirun import ok, run_cli
from tests.test_frontline import DATES, KNOWN_GAPS, SHARES

ROOT = Path(__file__).resolve().parent.parent
# Russian-held area of Ukraine in DeepStateMap's polygons, EPSG:3035 (control-figures.md). As in
# test_frontline.SHARES: its daily series starts on 2024-07-08, which stands for 2024-06-14, and nothing is
# measured for 2026-03-13, which repeats 2026-02-27 (the nearest measured date, 14 days before).
MEASURED_TOTAL_KM2 = dict(zip(DATES, (109_361, 111_143, 112_631, 113_157, 114_515, 115_125, 115_604, 116_355,
                                      116_586, 116_586)))
CRIMEA_OFFICIAL_KM2, SEVASTOPOL_OFFICIAL_KM2 = 26_081, 864   # State Statistics Service of Ukraine


@pytest.fixture(scope="module")
def lines():
    return held_by_date()


@pytest.fixture(scope="module")
def rows():
    return held_by_oblast()


@pytest.fixture(scope="module")
def natural_earth_km2() -> dict[str, float]:
    """Each unit's area on the boundary file, read and measured here (not through geo.inputs)."""
    units = gpd.read_file(ROOT / "data/boundaries/oblasts.geojson").to_crs("EPSG:3035")
    return dict(zip(units["iso"], units.area / 1e6))


def _tolerance_pts(date: str, iso: str) -> float:
    return KNOWN_GAPS.get((date, iso), 1.5)  # test_frontline's: 1.5 points of the oblast, its known gaps wider


def test_hand_made_squares_give_their_exact_areas_and_changes():
    lines_by_date = {"d1": baseline(square(0, 0, 10), "d1"),                       # 100 km² near Kramatorsk
                     "d2": baseline(square(0, 0, 10).union(square(20, 0, 10)), "d2")}  # and 100 km² more
    load = lines_by_date.__getitem__
    by_date = held_by_date(["d1", "d2"], load=load)
    assert [round(ln.km2, 6) for ln in by_date] == [100, 200]
    assert by_date[0].change_km2 is None and by_date[1].change_km2 == pytest.approx(100, abs=1e-6)
    donetsk = [r for r in held_by_oblast(["d1", "d2"], load=load) if r.oblast == "UA-14"]
    assert [round(r.km2, 6) for r in donetsk] == [100, 200] and donetsk[1].change_km2 == pytest.approx(100)
    others = [r for r in held_by_oblast(["d1", "d2"], load=load) if r.oblast != "UA-14"]
    assert max(r.km2 for r in others) == 0


def test_every_date_and_oblast_is_there(lines, rows):
    assert [ln.date for ln in lines] == DATES
    assert len(rows) == 27 * len(DATES)
    assert all(ln.latest_fact for ln in lines)
    assert set(charted_oblasts(rows)) >= {"UA-09", "UA-14", "UA-23", "UA-65", "UA-43", "UA-40", "UA-63"}


@pytest.mark.parametrize("i,date", list(enumerate(DATES)))
def test_oblast_km2_within_the_frontline_tolerance_of_the_measured_shares(rows, natural_earth_km2, i, date):
    held = {r.oblast: r.km2 for r in rows if r.date == date}
    off = {iso: f"{held[iso]:,.0f} km² vs {shares[i]}%" for iso, shares in SHARES.items()
           if abs(held[iso] - shares[i] / 100 * natural_earth_km2[iso])
           > _tolerance_pts(date, iso) / 100 * natural_earth_km2[iso]}
    assert not off, f"{date}: {off}"


@pytest.mark.parametrize("i,date", list(enumerate(DATES)))
def test_each_dates_total_is_within_the_frontline_tolerance_of_the_measured_total(lines, natural_earth_km2, i, date):
    # test_frontline allows each oblast 1.5 points of its area (more for its known gaps); the total can be off by
    # at most their sum. The measured total is on the official boundaries (Kherson 8% larger than ours), so ours
    # runs a few hundred km² low on every date.
    allowed = sum(_tolerance_pts(date, iso) / 100 * natural_earth_km2[iso] for iso in SHARES)
    total = lines[i].km2
    assert abs(total - MEASURED_TOTAL_KM2[date]) <= allowed, (date, round(total), MEASURED_TOTAL_KM2[date], allowed)


def test_the_figures_provenance_publishes_are_the_ones_shown(lines):
    text = (ROOT / "data/PROVENANCE.md").read_text(encoding="utf-8")
    row = lambda name: re.search(rf"^\s*\| {re.escape(name)} \|(.+)\|\s*$", text, flags=re.M).group(1)  # noqa: E731
    published = [int(v.strip().replace(",", "")) for v in row("Russian-held km²").split("|")]
    latest = [v.strip() for v in row("latest fact").split("|")]
    assert published == pytest.approx([ln.km2 for ln in lines], abs=1.0)  # whole km² there
    assert latest == [ln.latest_fact for ln in lines]


def test_crimea_and_sevastopol_are_wholly_russian_held_on_every_date(rows, natural_earth_km2):
    # Natural Earth's Crimea is within 2% of the official area and its Sevastopol 13.2% small (PROVENANCE)
    assert natural_earth_km2["UA-43"] == pytest.approx(CRIMEA_OFFICIAL_KM2, rel=0.02)
    assert natural_earth_km2["UA-40"] == pytest.approx(SEVASTOPOL_OFFICIAL_KM2 * (1 - 0.132), rel=0.005)
    for date in DATES:
        held = {r.oblast: r for r in rows if r.date == date}
        for iso in ("UA-43", "UA-40"):
            assert held[iso].km2 == pytest.approx(natural_earth_km2[iso], abs=1.0), (date, iso)  # the whole unit
            assert held[iso].share_pct == pytest.approx(100, abs=0.01)
        both = held["UA-43"].km2 + held["UA-40"].km2
        assert both == pytest.approx(CRIMEA_OFFICIAL_KM2 + SEVASTOPOL_OFFICIAL_KM2, rel=0.02), date


def test_a_lines_change_is_the_sum_of_its_oblasts_changes(lines, rows):
    for i, line in enumerate(lines):
        mine = [r for r in rows if r.date == line.date]
        assert sum(r.km2 for r in mine) == pytest.approx(line.km2, abs=1.0)  # oblasts tile Ukraine
        if i == 0:
            assert line.change_km2 is None and all(r.change_km2 is None for r in mine)
            continue
        assert sum(r.change_km2 for r in mine) == pytest.approx(line.change_km2, abs=1.0), line.date
    # and over any span: first to last, the whole line's change is the oblasts' changes summed
    first = {r.oblast: r.km2 for r in rows if r.date == DATES[0]}
    last = {r.oblast: r.km2 for r in rows if r.date == DATES[-1]}
    assert sum(last[o] - first[o] for o in first) == pytest.approx(lines[-1].km2 - lines[0].km2, abs=1.0)
    assert lines[-1].km2 - lines[0].km2 == pytest.approx(sum(ln.change_km2 for ln in lines[1:]), abs=1e-6)


def test_cli_writes_the_small_multiples_as_a_png(tmp_path):
    from PIL import Image
    out = tmp_path / "through-time.png"
    assert "wrote" in ok(run_cli("frontline", "--multiples", "--out", out)).stdout
    with Image.open(out) as im:
        im.verify()
    with Image.open(out) as im:
        assert im.format == "PNG" and im.width > 1000 and im.height > 500


def test_cli_multiples_refuses_other_files_in_one_line(tmp_path):
    r = run_cli("frontline", "--multiples", "--out", tmp_path / "x.txt")
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "--out" in r.stderr
    assert not (tmp_path / "x.txt").exists()


# ---------- the view, through AppTest ----------

def _total(at) -> str:
    return next(m.value for m in at.metric if m.label == "Russian-held on this line")


def test_time_view_renders_with_ten_dates_and_the_slider_moves_the_total():
    from bench.apptest import app, map_args
    at = app(view="time")
    assert not at.exception
    slider = at.select_slider(key="date")
    assert len(slider.options) == len(DATES) == 10 and slider.value == DATES[-1]
    assert map_args(at)   # the map of the chosen line
    latest = _total(at)
    slider.set_value(DATES[0]).run()
    assert not at.exception
    first = _total(at)
    assert first != latest
    # the first line's total as the reader sees it, near the measured total (the tolerance above)
    assert int(first.split()[0].replace(",", "")) == pytest.approx(MEASURED_TOTAL_KM2[DATES[0]], abs=3_700)
    assert at.query_params["date"] == DATES[0]   # the link carries the date
    assert any("from reports up to 14 June 2024" in c.value for c in at.caption)


def test_a_link_opens_its_date_and_play_steps_to_the_last_line(monkeypatch):
    import ui.through_time
    from bench.apptest import app
    monkeypatch.setattr(ui.through_time, "STEP_S", 0.0)
    at = app(view="time", date="2025-08-15")
    assert at.select_slider(key="date").value == "2025-08-15"
    at.button(key="time-play").click().run()   # steps through the later dates, then stops by itself
    assert not at.exception
    assert at.select_slider(key="date").value == DATES[-1]
    assert at.button(key="time-play").label.endswith("Play")
    at = app(view="time", date="1999-01-01")   # a link naming a line that does not exist says so
    assert not at.exception and at.select_slider(key="date").value == DATES[-1]
    assert any("1999-01-01" in w.value.replace("\\", "") for w in at.warning)   # Markdown-escaped


def test_time_view_in_ukrainian_and_with_a_proposal_on_the_line():
    from bench.apptest import app, map_args
    at = app(view="time", lang="uk", date="2024-11-20", proposal="us-28-point-2025-11")
    assert not at.exception and map_args(at)
    assert at.select_slider(key="date").label == "Лінія фронту на"
    assert at.selectbox(key="proposal").value == "us-28-point-2025-11"
