"""Standalone HTML: a map or a comparison as one file that works offline.

Leaflet, the map UI and the base are added as page elements (never by rewriting tags), so no
server path survives; pages are rendered from autoescaping templates (geo/templates/).
"""
from __future__ import annotations

import base64
from pathlib import Path

import jinja2
from markupsafe import Markup

from geo.maps import basemap
from geo.maps.display import difference_data, difference_text, layer_data, with_bounds
from geo.maps.elements import Verbatim
from geo.maps.legend import diff_kind_legend_html, esc, fmt_km2, swatch
from geo.maps.mapview import difference_bounds
from geo.maps.render import SERVER_PREFIX, base_map, difference_layers, dual_map, swipe_map
from geo.maps.vendor import SIDE_BY_SIDE_CSS, SIDE_BY_SIDE_JS, leaflet_dir, side_by_side_available
from proposals.i18n import translator
from proposals.model import STATUS_LABELS, STATUSES
from proposals.paths import SIDE_BY_SIDE_DIR, SWIPE_JS, SYNC_JS, UI_JS


def inline_assets(m) -> None:
    """Replace a map's links to served assets by the assets themselves, as page elements.

    Folium writes `default_js`/`default_css` as links when it renders; emptying them (on a DualMap
    and both its maps) means no link to a server path is ever written, whatever folium's tag format.
    """
    maps = [m, *(getattr(m, k) for k in ("m1", "m2") if hasattr(m, k))]
    wanted = {name for x in maps for name, _ in getattr(x, "default_js", [])}
    for x in maps:
        x.default_js, x.default_css = [], []
    leaflet = leaflet_dir()
    css = (leaflet / "leaflet.css").read_text(encoding="utf-8")
    for img in sorted((leaflet / "images").glob("*.png")):  # relative image URLs break once inlined
        data = base64.b64encode(img.read_bytes()).decode("ascii")
        css = css.replace(f"images/{img.name}", f"data:image/png;base64,{data}")
    header = m.get_root().header
    header.add_child(
        Verbatim(f"<script>{(leaflet / 'leaflet.js').read_text(encoding='utf-8')}</script>"), name="leaflet"
    )
    header.add_child(Verbatim(f"<style>{css}</style>"), name="leaflet_css")
    if "map_sync" in wanted:
        header.add_child(Verbatim(f"<script>{SYNC_JS.read_text(encoding='utf-8')}</script>"), name="map_sync")
    if "ppa_ui" in wanted:
        header.add_child(Verbatim(f"<script>{UI_JS.read_text(encoding='utf-8')}</script>"), name="ppa_ui")
    if "ppa_base" in wanted:  # after map-ui.js, as the served page loads them
        header.add_child(Verbatim(f"<script>{basemap.base_script()}</script>"), name="ppa_base")
    if "sbs" in wanted:  # the swipe divider (comparison_html adds the swipe only when it is vendored)
        _inline_side_by_side(header)
        header.add_child(Verbatim(f"<script>{SWIPE_JS.read_text(encoding='utf-8')}</script>"), name="ppa_swipe")


def _inline_side_by_side(header, folder: Path = SIDE_BY_SIDE_DIR) -> None:
    """leaflet-side-by-side's script and styles as page elements, its thumb icon as a data URI."""
    icon = base64.b64encode((folder / "range-icon.png").read_bytes()).decode("ascii")
    css = "".join((folder / name).read_text(encoding="utf-8") for name in SIDE_BY_SIDE_CSS)
    css = css.replace("url(range-icon.png)", f"url(data:image/png;base64,{icon})")
    header.add_child(Verbatim(f"<script>{(folder / SIDE_BY_SIDE_JS).read_text(encoding='utf-8')}</script>"), name="sbs")
    header.add_child(Verbatim(f"<style>{css}</style>"), name="sbs_css")


def standalone_html(m, title: str = "Peace Plan Atlas") -> str:
    """The map as one HTML file that works offline: Leaflet inlined, nothing fetched."""
    inline_assets(m)
    m.get_root().header.add_child(Verbatim(f"<title>{esc(title)}</title>"), name="title")
    page = m.get_root().render()
    if SERVER_PREFIX in page:  # fail loudly rather than ship a dead link
        raise RuntimeError(f"standalone export still refers to {SERVER_PREFIX}")
    return page


# Pages from autoescaping templates: a title from a file cannot become markup.
_PAGE = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                           autoescape=True, undefined=jinja2.StrictUndefined).get_template("export_comparison.html")


def comparison_html(a, b, comparison, lang: str = "en") -> str:
    """One offline HTML page: A and B side by side (synced) and the map of what differs (in `lang`).

    Each map is its own self-contained document in an iframe (a DualMap cannot share a page).
    """
    tr = translator(lang)
    bounds = difference_bounds(comparison.changed)
    layers_a, layers_b = with_bounds(layer_data(a, lang), bounds), with_bounds(layer_data(b, lang), bounds)
    pair = standalone_html(dual_map(layers_a, layers_b), title=tr("A and B"))
    title_a, title_b = a.proposal.title_in(lang), b.proposal.title_in(lang)
    swipe = standalone_html(swipe_map(layers_a, layers_b, title_a, title_b), title=tr("Swipe: A and B")) \
        if side_by_side_available() else None  # a pip-only install has no divider to inline: the pair alone
    diff = base_map(lang=lang)
    for group in difference_layers(difference_data(comparison, lang)):
        group.add_to(diff)
    diff_page = standalone_html(diff, title=tr("What differs"))
    return _PAGE.render(
        lang=lang, title_a=a.proposal.title_in(lang), title_b=b.proposal.title_in(lang),
        summary=tr("Both applied to the front line of {date} (built from reports, approximate). {changed} differ: "
                   "{control} change hands, {recognition} keep their control but change their legal label "
                   "(recognition). Pan or zoom one map and the other follows.",
                   date=comparison.frontline, changed=fmt_km2(comparison.changed_km2, lang),
                   control=fmt_km2(comparison.changed_control_km2, lang),
                   recognition=fmt_km2(comparison.changed_recognition_km2, lang)),
        swatches=[{"swatch": Markup(swatch(s)), "label": tr(STATUS_LABELS[s])} for s in STATUSES],
        pair=pair, diff_page=diff_page, swipe_page=swipe,  # whole documents, escaped into srcdoc attributes
        swipe_heading=tr("Swipe: A left of the divider, B right of it (drag it, or use the arrow keys)"),
        pair_title=tr("Maps A and B side by side, pan and zoom in step"),
        swipe_title=tr("Swipe map: A, {a}, left of the divider; B, {b}, right of it", a=title_a, b=title_b),
        diff_title=difference_text(comparison, lang)["title"],
        diff_summary=difference_text(comparison, lang)["summary"],
        diff_heading=tr("What differs — fill: status in B, outline: status in A"),
        diff_legend=Markup(diff_kind_legend_html(lang)),  # our own markup; its labels are escaped inside
        credits=tr("Peace Plan Atlas · boundaries: Natural Earth · settlements: GeoNames (CC BY 4.0)"))
