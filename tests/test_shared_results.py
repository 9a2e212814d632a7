"""Results are shared: a second reader's proposal switch reuses zones another session computed,
and a fresh process reads zones and numbers back from the disk store instead of recomputing."""
import streamlit as st

import ui.cache
from bench.apptest import app  # one AppTest session per call
from geo import store
from geo.engine.evaluate import default_catalog, evaluate

A, B = "us-28-point-2025-11", "kellogg-2025-04"


def test_a_second_session_does_not_recompute_zones(monkeypatch):
    calls = []
    real = ui.cache.evaluate
    monkeypatch.setattr(ui.cache, "evaluate", lambda p, *a, **k: calls.append(p.id) or real(p, *a, **k))
    st.cache_resource.clear()
    st.cache_data.clear()
    first = app(view="map", proposal=A)
    assert not first.exception and calls == [A]
    second = app(view="map", proposal=B)
    assert calls == [A, B]
    second.selectbox(key="proposal").set_value(A).run()  # A was computed by the first reader
    assert not second.exception
    assert calls == [A, B], "switching to a proposal another session showed recomputed its zones"


def test_the_store_returns_what_was_put(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "STORE_DIR", tmp_path)
    proposal = default_catalog().proposals[A]
    fresh = evaluate(proposal)  # computed (empty store), then stored
    assert len(list(tmp_path.glob("*.zones"))) == 1
    k = store.key(proposal.model_dump_json(), fresh.baseline.digest)
    again = store.get_zones(k)
    assert again is not None and list(again.columns) == list(fresh.zones.columns)
    assert again.geometry.geom_equals_exact(fresh.zones.geometry, tolerance=0).all()
    assert (again.drop(columns="geometry") == fresh.zones.drop(columns="geometry")).all().all()


def test_a_damaged_store_entry_is_a_miss(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "STORE_DIR", tmp_path)
    (tmp_path / "abc.zones").write_bytes(b"\xff" * 64)
    assert store.get_zones("abc") is None
    (tmp_path / "abc.stats").write_text("{not json")
    assert store.get_stats("abc") is None


def test_a_changed_front_line_is_a_different_key():
    p = default_catalog().proposals[A].model_dump_json()
    assert store.key(p, store.text_digest("one line")) != store.key(p, store.text_digest("another line"))
    assert store.shipped_digest("2025-11-20") != store.shipped_digest("2025-10-16")


def test_the_store_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "STORE_DIR", tmp_path)
    monkeypatch.setattr(store, "MAX_ENTRIES", 3)
    import geopandas as gpd
    from shapely.geometry import box
    zones = gpd.GeoDataFrame({"status": ["ceded"]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:3035")
    for i in range(6):
        store.put_zones(f"k{i}", zones)
    assert len(list(tmp_path.glob("*.zones"))) == 3
