"""A crowd on loopback: N readers open the app at once (one Chromium, N pages), bounded.

Starts the app on 127.0.0.1, samples the server's memory, opens N pages at the same moment on
different proposals and compare links, and reports each page's time to a drawn map, the errors,
and the server's resident memory before, at its peak and after. Loopback only; at most 40
pages; every page gives up after `--timeout` seconds; the run stops by itself.

    python -m bench.load_test [--pages 20] [--timeout 180]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import threading
import time
from pathlib import Path

from bench.browser import CHROMIUM_FLAGS, chromium_path, is_local, running_app

MAX_PAGES = 40
POLL_S = 0.5  # how often a reader looks for its drawn map (every 2 s gave the same figures)



P90_TARGET_S = 40.0   # issue 21: the 20-page crowd's p90 on this 2-core machine
MEMORY_TARGET_MB = 600


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children, MiB (Linux /proc)."""
    total = 0
    for p in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of processes (Linux /proc), seconds."""
    import os
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / tick


def _named(word: bytes) -> list[int]:
    out = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if word in (proc / "cmdline").read_bytes():
                    out.append(int(proc.name))
            except OSError:
                pass
    return out


def _children(pid: int) -> list[int]:
    try:
        kids = [int(k) for k in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return kids + [g for k in kids for g in _children(k)]


def links(n: int) -> list[tuple[str, int]]:
    """(query string, maps expected) for n readers: proposals and compare pairs, round robin."""
    from geo.engine.evaluate import default_catalog
    ids = list(default_catalog().proposals)
    pairs = [(ids[i], ids[-1 - i]) for i in range(len(ids) // 2)]
    out = []
    for i in range(n):
        if i % 4 == 3:
            a, b = pairs[(i // 4) % len(pairs)]
            out.append((f"?view=compare&a={a}&b={b}", 3))
        else:
            out.append((f"?view=map&proposal={ids[i % len(ids)]}", 1))
    return out


async def reader(
    browser, url: str, query: str, maps: int, timeout: float, outside: list[str]
) -> tuple[float | None, str]:
    page = await browser.new_page(viewport={"width": 1400, "height": 900})
    page.on("request", lambda r: None if is_local(r.url) else outside.append(r.url))
    t = time.perf_counter()
    try:
        await page.goto(url + "/" + query, timeout=timeout * 1000)
        deadline = t + timeout
        while time.perf_counter() < deadline:
            drawn = 0
            for frame in page.frames:
                try:
                    if await frame.locator("path.leaflet-interactive").count() >= 5:
                        drawn += 1
                except Exception:  # frames come and go while Streamlit renders
                    pass
            if drawn >= maps:
                return time.perf_counter() - t, ""
            await asyncio.sleep(POLL_S)
        return None, "timeout"
    except Exception as e:  # a reader's failure is a figure, not a crash of the run
        return None, type(e).__name__
    finally:
        await page.close()


async def floor_reader(browser, url: str, query: str, maps: int, timeout: float, outside: list[str]):
    """A reader of the floor page: done when its one line of text is shown."""
    page = await browser.new_page(viewport={"width": 1400, "height": 900})
    t = time.perf_counter()
    try:
        await page.goto(url + "/", timeout=timeout * 1000)
        await page.get_by_text("Load-test floor").wait_for(timeout=timeout * 1000)
        return time.perf_counter() - t, ""
    except Exception as e:
        return None, type(e).__name__
    finally:
        await page.close()


async def crowd(url: str, n: int, timeout: float, floor: bool = False) -> tuple[list, list[str]]:
    from playwright.async_api import async_playwright
    outside: list[str] = []
    one = floor_reader if floor else reader
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        results = await asyncio.gather(*(one(browser, url, q, m, timeout, outside) for q, m in links(n)))
        await browser.close()
    return results, outside


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--timeout", type=float, default=180)
    ap.add_argument("--floor", action="store_true",
                    help="the same crowd on a one-line Streamlit page (bench/floor_app.py): what Streamlit costs")
    args = ap.parse_args()
    n = max(1, min(args.pages, MAX_PAGES))
    if chromium_path() is None:
        print("load test: skipped (no chromium; make browser-deps installs it)")
        return
    with running_app(script="bench/floor_app.py" if args.floor else "app.py") as url:
        import urllib.request
        pid = _server_pid(url)
        before = rss_mib(pid) if pid else float("nan")
        peak = [before]
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], rss_mib(pid)) if pid else peak[0]
                time.sleep(0.5)

        threading.Thread(target=sample, daemon=True).start()
        server_cpu = cpu_seconds([pid]) if pid else float("nan")
        browser_cpu = [0.0]

        def sample_browser():  # chromium's processes come and go: keep the largest total seen
            while not stop.is_set():
                browser_cpu[0] = max(browser_cpu[0], cpu_seconds(_named(b"chromium")))
                time.sleep(0.5)

        threading.Thread(target=sample_browser, daemon=True).start()
        t = time.perf_counter()
        results, outside = asyncio.run(crowd(url, n, args.timeout, args.floor))
        wall = time.perf_counter() - t
        time.sleep(2)
        server_cpu = (cpu_seconds([pid]) - server_cpu) if pid else float("nan")
        stop.set()
        after = rss_mib(pid) if pid else float("nan")
        urllib.request.urlopen(f"{url}/_stcore/health", timeout=5)
    times = sorted(r[0] for r in results if r[0] is not None)
    errors = [r[1] for r in results if r[0] is None]
    p90 = times[max(0, int(round(0.9 * len(times))) - 1)] if times else float("nan")
    what = "the floor page (one line of Streamlit text)" if args.floor else "the atlas"
    print(f"load test, {what}, {n} concurrent first visits (one Chromium, loopback): {len(times)} drawn, "
          f"{len(errors)} errors {sorted(set(errors)) if errors else ''}")
    if times:
        print(f"  time to drawn map: median {statistics.median(times):.1f} s, p90 {p90:.1f} s, max {times[-1]:.1f} s; "
              f"all done in {wall:.1f} s" + ("" if args.floor else f" (target: p90 ≤ {P90_TARGET_S:.0f} s)"))
    print(f"  server memory (RSS): before {before:.0f} MiB, peak {peak[0]:.0f} MiB, after {after:.0f} MiB "
          f"(target ≤ {MEMORY_TARGET_MB} MB)")
    print(f"  CPU time: server {server_cpu:.0f} s, Chromium (all its processes, at least) {browser_cpu[0]:.0f} s "
          f"over {wall:.0f} s of wall time on {os.cpu_count()} cores")
    print(f"  requests leaving the machine: {len(outside)}")


def _server_pid(url: str) -> int | None:
    """The streamlit process serving `url` (found by its command line: running_app gives the port)."""
    port = url.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(cmd) and port.encode() in cmd:
            return int(proc.name)
    return None


if __name__ == "__main__":
    main()
