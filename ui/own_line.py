"""The sidebar's own-front-line upload: a file in any supported format (GeoJSON, KML, KMZ, a zipped
shapefile, a GeoPackage), then — when the file has them — its layer, and which values of which
property count as Russian-held or contested. A bad file is one line; the line loaded before stays."""
from __future__ import annotations

import hashlib

import streamlit as st

from geo.inputs.frontline import FrontlineError
from geo.inputs.line_formats import LayerChoice, LineFile, LineFilter
from ui import data
from ui.i18n import t
from ui.text import clip_text, md

TYPES = ["geojson", "json", "kml", "kmz", "zip", "gpkg"]


def _read(name: str, raw: bytes, tag: str) -> LineFile | None:
    """The file read once per content (and layer, asked for when there are several)."""
    try:
        return data.read_line_upload(name, raw, None)
    except LayerChoice as e:
        layer = st.selectbox(t("Layer of the file"), e.layers, key=f"frontline_layer_{tag}",
                             format_func=lambda v: clip_text(v, 80),
                             help=t("The file has several polygon layers: choose the one that is the "
                                    "Russian-held area."))
        return data.read_line_upload(name, raw, layer)


def _filter(line: LineFile, tag: str) -> LineFilter | None | str:
    """The reader's choice of polygons when the file has categories; a message when it picks none."""
    cats = line.categories()
    if not cats:
        return None  # one category: every polygon is Russian-held
    field = st.selectbox(t("Property that says which polygons are Russian-held"), list(cats),
                         key=f"frontline_field_{tag}", format_func=lambda v: clip_text(v, 80))
    values = cats[field]
    held = st.multiselect(t("Values counted as Russian-held"), values, default=values,
                          key=f"frontline_values_{tag}_{field}", format_func=lambda v: clip_text(v, 80))
    rest = [v for v in values if v not in held]
    grey = st.multiselect(t("Values drawn as contested (not counted as Russian-held)"), rest, default=[],
                          key=f"frontline_contested_{tag}_{field}", format_func=lambda v: clip_text(v, 80))
    if not held:
        return t("Choose at least one value counted as Russian-held.")
    count = sum(1 for p in line.properties if p.get(field) in held)
    st.caption(t("{count} of {total} polygons counted as Russian-held.", count=count, total=len(line.polygons)))
    return LineFilter(field, tuple(held), tuple(grey)) if rest else None


def own_line_uploader() -> None:
    """The upload and its choices; the front line becomes a choice in *Front line* when it is good."""
    upload = st.file_uploader(t("Front line (the Russian-held area: GeoJSON, KML, KMZ, zipped shapefile or "
                                "GeoPackage)"), type=TYPES, key="upload_frontline", max_upload_size=20)
    if upload is None:
        data.set_custom_frontline(None)
        return
    raw = upload.getvalue()
    tag = hashlib.sha256(raw).hexdigest()[:12]  # a new file gets its own choices
    try:
        line = _read(upload.name, raw, tag)
        picked = _filter(line, tag) if line is not None else None
    except FrontlineError as e:
        st.error(md(str(e)), icon="⚠️")  # the message echoes the file: escaped
        return
    if isinstance(picked, str):
        st.warning(picked, icon="⚠️")
        return
    err = data.set_custom_frontline(upload, line=line, line_filter=picked)
    if err:
        st.error(md(err), icon="⚠️")
    else:
        st.caption(t("Your front line is now a choice in *Front line*."))
