"""Speed and size, measured and printed (not asserted): `make bench`.

- engine: zones + numbers per proposal, and `stats` for the whole catalog
- cli: `list`, `validate FILE` and `stats --all` as fresh processes (the last computed, and from the store)
- server: time for a proposal switch in the app (AppTest, warm caches)
- builder: server time per rerun while a plan is edited, and the longest catalog plan link
- payload: bytes each map sends to the browser (st_folium arguments)
- browser: time to the first drawn map in headless Chromium, warm server (if Chromium is present)
- wire: bytes the server sends a real browser for a map (websocket and HTTP), websocket compression off and on
- images: time to draw one proposal's PNG and SVG (matplotlib); `--site` also times `cli.py site`
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ms(seconds: float) -> str:
    return f"{1000 * seconds:7.0f} ms"


def bench_engine() -> None:
    from geo.engine.evaluate import default_catalog, evaluate
    from geo.inputs.frontline import available_dates, load_baseline
    from geo.inputs.settlements import load_settlements
    t = time.perf_counter()
    catalog = default_catalog()
    for d in available_dates():
        load_baseline(d)
    load_settlements()
    print(f"load catalog, {len(available_dates())} front lines, settlements: {ms(time.perf_counter() - t)}")
    times = {}
    t_all = time.perf_counter()
    for pid, p in catalog.proposals.items():
        t = time.perf_counter()
        evaluate(p).stats()
        times[pid] = time.perf_counter() - t
    print(f"stats for the whole catalog ({len(times)} proposals): {ms(time.perf_counter() - t_all)}"
          f"  (median {ms(statistics.median(times.values())).strip()}, max {ms(max(times.values())).strip()}"
          f" for {max(times, key=times.get)})")


def _process(*args: str, env: dict | None = None) -> float:
    """Wall time of one fresh `python cli.py …` process (imports included), seconds."""
    import os
    import subprocess
    t = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "cli.py"), *args], check=True, capture_output=True, cwd=ROOT,
                   env={**os.environ, **(env or {})})
    return time.perf_counter() - t


def bench_cli() -> None:
    """The CLI as a shell runs it: one cold process per call."""
    one = str(ROOT / "proposals" / "catalog" / "us-28-point-2025-11.yaml")
    for label, args in (("list", ("list",)), ("validate FILE", ("validate", one))):
        print(f"cli.py {label}, one process: median {ms(statistics.median(_process(*args) for _ in range(3))).strip()}")
    off = _process("stats", "--all", env={"PEACE_PLAN_ATLAS_STORE": "off"})
    _process("stats", "--all")  # fills the store if this engine has not yet
    warm = statistics.median(_process("stats", "--all") for _ in range(3))
    print(f"cli.py stats --all (every proposal on its own line), one process: computed {ms(off).strip()}, "
          f"from the disk store {ms(warm).strip()}")


def bench_app() -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    from bench.apptest import map_args
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["view"] = "map"  # the landing page is the overview
    at.run()
    from geo.engine.evaluate import default_catalog
    ids = list(default_catalog().proposals)
    cold, warm, sizes = [], [], {}
    for pid in ids:  # first pass fills the caches
        t = time.perf_counter()
        at.selectbox(key="proposal").set_value(pid).run()
        cold.append(time.perf_counter() - t)
    for pid in ids:
        t = time.perf_counter()
        at.selectbox(key="proposal").set_value(pid).run()
        warm.append(time.perf_counter() - t)
        sizes[pid] = sum(len(json.dumps(a)) for a in map_args(at))
    print(f"proposal switch, server time (AppTest): cold median {ms(statistics.median(cold))}, "
          f"warm median {ms(statistics.median(warm))}, warm max {ms(max(warm))}")
    print(f"map payload per map view: median {statistics.median(sizes.values()) / 1024:.0f} KiB, "
          f"max {max(sizes.values()) / 1024:.0f} KiB ({max(sizes, key=sizes.get)})")
    compare_bench(at)
    return {k: v / 1024 for k, v in sizes.items()}


def compare_bench(at) -> None:
    try:
        from ui import compare  # noqa: F401
    except ImportError:
        return
    from bench.apptest import map_args
    pairs = [("ru-anchorage-2025-08", "us-28-point-2025-11"), ("us-28-point-2025-11", "ukraine-position-2026"),
             ("putin-2024-06", "eu-24-point-2025-11"), ("kellogg-2025-04", "ua-us-20-point-2025-12-b")]
    at.radio(key="view").set_value("compare").run()
    times, sizes = [], []
    for _ in range(2):
        for a, b in pairs:
            t = time.perf_counter()
            at.selectbox(key="a").set_value(a).run()
            at.selectbox(key="b").set_value(b).run()
            times.append(time.perf_counter() - t)
            args = map_args(at)
            sizes.append([len(json.dumps(x)) for x in args])
    warm = times[len(pairs):]
    per_map = [s for row in sizes for s in row]
    print(f"compare view, server time for a new pair (two reruns, warm): median {ms(statistics.median(warm))}")
    print(f"compare payload: {len(sizes[-1])} maps, per map median {statistics.median(per_map) / 1024:.0f} KiB, "
          f"max {max(per_map) / 1024:.0f} KiB; whole view max {max(sum(r) for r in sizes) / 1024:.0f} KiB")


def bench_builder() -> None:
    """The plan builder: server time per rerun while editing, and the longest catalog link."""
    from streamlit.testing.v1 import AppTest

    from geo.engine.evaluate import default_catalog
    from proposals import link
    lengths = {pid: len(link.query_string(p)) for pid, p in default_catalog().proposals.items()}
    longest = max(lengths, key=lengths.get)
    print(f"builder, longest catalog link: {lengths[longest]:,} characters ({longest}); "
          f"median {statistics.median(lengths.values()):,.0f}")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params["view"] = "build"
    at.run()
    at.button(key="b:add_rule").click().run()
    at.multiselect(key="b:r:0:oblasts").set_value(["UA-14"]).run()
    at.button(key="b:add_rule").click().run()
    at.multiselect(key="b:r:1:oblasts").set_value([]).run()
    at.selectbox(key="b:r:1:held_by").set_value("any").run()
    at.checkbox(key="b:r:1:band").check().run()
    at.selectbox(key="b:r:1:status").set_value("demilitarized").run()
    new_rule, same_map = [], []
    for km in range(16, 26):  # each width is a plan not seen before: zones, numbers and map recomputed
        t = time.perf_counter()
        at.number_input(key="b:r:1:km").set_value(float(km)).run()
        new_rule.append(time.perf_counter() - t)
    seen = []
    for km in range(16, 26):  # the same widths again: every plan is in the cache now
        t = time.perf_counter()
        at.number_input(key="b:r:1:km").set_value(float(km)).run()
        seen.append(time.perf_counter() - t)
    for n in range(10):  # a title edit leaves the map's cache key unchanged
        t = time.perf_counter()
        at.text_input(key="b:h:title").set_value(f"My plan {n}").run()
        same_map.append(time.perf_counter() - t)
    assert not at.exception
    print(f"builder rerun, server time (AppTest), one rule changed (band width, new plan): median "
          f"{ms(statistics.median(new_rule)).strip()}, max {ms(max(new_rule)).strip()}; title edited (map cached): "
          f"median {ms(statistics.median(same_map)).strip()}; a rule changed back to a plan seen before: median "
          f"{ms(statistics.median(seen)).strip()}")
    at.query_params["plan"] = link.encode(default_catalog().proposals[longest])
    at.run()
    t = time.perf_counter()
    at.selectbox(key="b:r:0:status").set_value("undecided").run()
    print(f"builder rerun on a copy of {longest} ({len(default_catalog().proposals[longest].rules)} rules), "
          f"first rule's status changed: {ms(time.perf_counter() - t).strip()}")


def bench_images(site: bool) -> None:
    from geo.engine.evaluate import default_catalog, evaluate
    from geo.images import figure
    results = [evaluate(p) for p in default_catalog().proposals.values()]
    for kind in ("png", "svg"):
        times = []
        for r in results:
            t = time.perf_counter()
            figure.figure_bytes(figure.proposal_figure(r), kind)
            times.append(time.perf_counter() - t)
        print(f"{kind} image of one proposal: median {ms(statistics.median(times)).strip()}, "
              f"max {ms(max(times)).strip()}")
    if site:
        import subprocess
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            t = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "cli.py"), "site", d], check=True, capture_output=True)
            size = sum(f.stat().st_size for f in Path(d).rglob("*") if f.is_file())
            files = sum(1 for f in Path(d).rglob("*") if f.is_file())
            print(f"static site: {ms(time.perf_counter() - t).strip()}, {size / 1e6:.1f} MB in {files} files")


def bench_browser() -> None:
    from bench.browser import CHROMIUM_FLAGS, chromium_path, map_frames, running_app
    if chromium_path() is None:
        print("browser: skipped (no chromium; make browser-deps installs it)")
        return
    from playwright.sync_api import sync_playwright
    with running_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        t = time.perf_counter()
        page.goto(f"{url}/?view=map")
        map_frames(page)
        print(f"browser, first map on a cold server: {ms(time.perf_counter() - t)} (target ≤ 3.0 s)")
        results = []
        for pid in ("us-28-point-2025-11", "ru-anchorage-2025-08", "kellogg-2025-04"):
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            t = time.perf_counter()
            page.goto(f"{url}/?proposal={pid}")
            map_frames(page)
            results.append(time.perf_counter() - t)
            page.close()
        print(f"browser, first map in a new tab, warm server: median {ms(statistics.median(results))}, "
              f"max {ms(max(results))} (target ≤ 2.0 s)")
        try:
            from ui import compare  # noqa: F401
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            t = time.perf_counter()
            page.goto(f"{url}/?view=compare&a=ru-anchorage-2025-08&b=us-28-point-2025-11")
            map_frames(page, count=3)
            print(f"browser, compare view (three maps) in a new tab, warm server: {ms(time.perf_counter() - t)}")
        except (ImportError, AssertionError) as e:
            print(f"browser, compare view: not measured ({e})")
        browser.close()


def bench_wire() -> None:
    """Bytes on the wire (bench/wire.py): a first map in a fresh browser (empty cache), then another
    proposal in a new tab of the same browser (scripts cached), with Streamlit's websocket
    compression (server.enableWebsocketCompression) off and on."""
    from bench.browser import CHROMIUM_FLAGS, chromium_path, map_frames, running_app
    from bench.wire import CountingProxy
    if chromium_path() is None:
        print("wire: skipped (no chromium; make browser-deps installs it)")
        return
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        for compress in ("false", "true"):
            with running_app(options=("--server.enableWebsocketCompression", compress)) as url, \
                    CountingProxy(url).running() as proxy:
                ctx = browser.new_context(viewport={"width": 1500, "height": 1000})
                rows = []
                for pid in ("us-28-point-2025-11", "ru-anchorage-2025-08"):
                    proxy.reset()
                    page = ctx.new_page()
                    page.goto(f"{proxy.url}/?proposal={pid}")
                    map_frames(page)
                    time.sleep(2.0)  # the rest of the page's messages
                    rows.append(dict(proxy.down))
                    page.close()
                ctx.close()
            (first, second) = rows
            print(f"wire, websocket compression {'on ' if compress == 'true' else 'off'}: first map view in a fresh "
                  f"browser {first['ws'] / 1024:.0f} KiB websocket + {first['http'] / 1024:.0f} KiB HTTP; another "
                  f"proposal in a new tab (scripts cached) {second['ws'] / 1024:.0f} KiB websocket + "
                  f"{second['http'] / 1024:.0f} KiB HTTP")
        browser.close()


def bench_naive(ours_kib: dict[str, float] | None = None) -> None:
    """The same maps built the obvious way (bench/naive_app.py), with ratios against ours."""
    from streamlit.testing.v1 import AppTest

    from bench.apptest import map_args
    sizes, times = {}, []
    for pid in ("us-28-point-2025-11", "ru-anchorage-2025-08", "kellogg-2025-04", "status-quo"):
        at = AppTest.from_file(str(ROOT / "bench" / "naive_app.py"), default_timeout=300)
        at.query_params["proposal"] = pid
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
        sizes[pid] = sum(len(json.dumps(a)) for a in map_args(at)) / 1024
    naive = statistics.median(sizes.values())
    line = f"naive map (full-resolution GeoJson, st_folium defaults): median {naive:.0f} KiB per map, " \
           f"first run median {ms(statistics.median(times)).strip()}"
    if ours_kib:
        ours = statistics.median(ours_kib.values())
        line += f"; ours {ours:.0f} KiB — naive/ours = {naive / ours:.1f}×"
    print(line)


if __name__ == "__main__":
    import os
    os.chdir(ROOT)
    bench_engine()
    bench_cli()
    bench_images(site="--site" in sys.argv)
    bench_naive(bench_app())
    bench_builder()
    bench_browser()
    bench_wire()
