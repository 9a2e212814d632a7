"""The app under Streamlit's AppTest, for tests and the benchmark alike: open it with query
parameters, and read back the arguments each map sends to the browser."""
from __future__ import annotations

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
