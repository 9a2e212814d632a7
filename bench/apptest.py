"""The app under Streamlit's AppTest, for tests and the benchmark alike: open it with query
parameters, and read back the arguments each map sends to the browser."""
from __future__ import annotations

import contextlib
import json

from streamlit.testing.v1 import AppTest

from bench.browser import ROOT


def app(**params) -> AppTest:
    """app.py run once with these query parameters (a generous timeout: first runs fill caches)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def _walk(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _walk(child)


def map_args(at: AppTest) -> list[dict]:
    """The arguments each st_folium map sends to the browser."""
    return [json.loads(e.proto.json_args) for e in _walk(at._tree)
            if type(e).__name__ == "UnknownElement" and getattr(e.proto, "component_name", "").endswith("st_folium")]


@contextlib.contextmanager
def recording_downloads():
    """While open, every deferred download button registers here: its file id (the button's
    `deferred_file_id`) → (mime type, file name, the callable that builds the file on click)."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    seen: dict[str, tuple[str | None, str | None, object]] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        file_id = original(self, data_callable, mimetype, coordinates, file_name, **kw)
        seen[file_id] = (mimetype, file_name, data_callable)
        return file_id

    MediaFileManager.add_deferred = add_deferred
    try:
        yield seen
    finally:
        MediaFileManager.add_deferred = original


def download_buttons(at: AppTest, seen: dict) -> dict[str, tuple[str | None, str | None, object]]:
    """Label → (mime type, file name, builder) of the deferred download buttons of the last run."""
    return {e.proto.label: seen[e.proto.deferred_file_id] for e in at.get("download_button")
            if e.proto.deferred_file_id in seen}
