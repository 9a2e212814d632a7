"""Helpers to run the real app on loopback and look at it in headless Chromium."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(port: int | None = None, root: Path = ROOT, options: tuple[str, ...] = (), script: str = "app.py"):
    """`streamlit run SCRIPT` in `root` on 127.0.0.1 (`options`: more `--section.option value`
    arguments); yields the base URL; stops it afterwards."""
    port = port or free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(root / script),
                             "--server.port", str(port), "--server.address", "127.0.0.1",
                             "--server.headless", "true", "--browser.gatherUsageStats", "false", *options],
                            cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("the app did not start within 90 s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def is_local(url: str) -> bool:
    return url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "http://localhost", "data:", "blob:", "about:"))


def map_frames(page, min_paths: int = 5, timeout_s: float = 60.0, count: int = 1):
    """Wait until `count` frames hold a Leaflet map with at least `min_paths` drawn paths."""
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        found = []
        for frame in page.frames:
            try:
                if frame.locator("path.leaflet-interactive").count() >= min_paths:
                    found.append(frame)
            except Exception:  # frames come and go while Streamlit renders
                pass
        if len(found) >= count:
            return found
        time.sleep(0.25)
    raise AssertionError(f"fewer than {count} drawn map(s) after {timeout_s:.0f} s")


def require_browser():
    """`sync_playwright` for a browser-test module, or skip the module with the reason.

    PPA_REQUIRE_BROWSER=1 (set by .ci/run) turns a missing browser into a failure instead."""
    import pytest
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        sync_playwright = None
    if chromium_path() is None or sync_playwright is None:
        why = "Debian chromium is not installed (make browser-deps installs it)" if chromium_path() is None \
            else "the playwright package is missing"
        if os.environ.get("PPA_REQUIRE_BROWSER") == "1":
            raise RuntimeError(f"browser tests are required here but {why}")
        pytest.skip(f"browser tests skipped: {why}", allow_module_level=True)
    return sync_playwright
