"""How statuses look and are named on a map: styles, swatches, legends, tooltip lines.

Colours come from geo/maps/palette.py and labels from the status registry (proposals/model.py); text
from a proposal file is escaped (proposals/untrusted.py) before it reaches HTML.
"""
from __future__ import annotations

from geo.maps.mapview import MAP_UI_CSS
from geo.maps.palette import HATCH, PALETTE
from geo.maps.patterns import PATTERNS, legend_rows
from proposals import untrusted
from proposals.i18n import N_, translator
from proposals.model import CONTROL_LABELS, RECOGNITION_LABELS, STATUS_LABELS, STATUSES

esc = untrusted.html  # HTML-escape anything that came from a file


def fmt_km2(km2: float, lang: str = "en") -> str:
    """'12,345 km²' (en), '12 345 km²' (uk, no-break space); one decimal under 10 km²; '—' for none."""
    return translator(lang).km2(km2)


MAP_CSS = MAP_UI_CSS  # tooltips, labels, callout, caption, locator: geo/maps/mapview.py


ZONE_STYLE = {"fillOpacity": 0.78, "weight": 0.4, "opacity": 0.9}   # fill and outline: the status colour


HIGHLIGHT = {"weight": 2.5, "color": "#000"}


LINE_STYLE = {"color": "#111111", "weight": 2.2, "dashArray": "6 4", "opacity": 0.9, "fill": False,
              "interactive": False}


CONTESTED_STYLE = {"color": "#6b6b6b", "weight": 0.6, "fillColor": "#9a9a9a", "fillOpacity": 0.55}


CONTESTED_TIP = N_("<b>Contested</b>: fighting reported inside, neither side in full control on the front-line "
                    "date; counted as not Russian-held (approximate)")


CONTESTED_STYLE_CSS = "background:#9a9a9a;opacity:.55"  # the legend swatch of the grey discs


def swatch(status: str, outline: str | None = None) -> str:
    """A small colour box for a status (hatched for the demilitarised zone), for legends."""
    hatch = f";background-image:repeating-linear-gradient(135deg,{HATCH} 0 1px,transparent 1px 4px)" \
        if status == "demilitarized" else f";{PATTERNS['to_talks'].css()}" if status == "undecided" else ""
    ring = f";outline:2px solid {outline};outline-offset:-2px" if outline else ""
    return (f'<span style="display:inline-block;flex:none;width:14px;height:11px;margin-right:6px;'
            f'vertical-align:-1px;background:{PALETTE[status]}{hatch}{ring}"></span>')


def recognition_legend_html(lang: str = "en") -> str:
    """Legend rows for the recognition lines drawn where a zone's colour does not say it."""
    return "".join(f'<div><span style="display:inline-block;flex:none;width:14px;height:11px;margin-right:6px;'
                   f'vertical-align:-1px;background:#fff;{css}"></span>{esc(label)}</div>'
                   for css, label in legend_rows(lang))


def legend_html(title: str, by_status: dict[str, float], lang: str = "en") -> str:
    """A fixed legend box: all nine statuses, always in the same order, with km²."""
    tr = translator(lang)
    rows = []
    for st in STATUSES:
        rows.append(f'<div>{swatch(st)}{esc(tr(STATUS_LABELS[st]))} '
                    f'<span style="color:#555">{fmt_km2(by_status.get(st, 0.0), lang)}</span></div>')
    return ('<div class="ppa-legend" style="position:absolute;z-index:9999;bottom:34px;left:12px;'
            'background:rgba(255,255,255,.94);padding:8px 10px;border-radius:6px;'
            'font:12px/1.35 system-ui,sans-serif;box-shadow:0 1px 4px #0004;max-width:300px">'
            f'<div style="font-weight:600;margin-bottom:4px">{esc(title)}</div>{"".join(rows)}'
            f'{recognition_legend_html(lang)}'
            '<div style="margin-top:4px"><span style="display:inline-block;width:14px;border-top:2px dashed #111;'
            f'margin-right:6px;vertical-align:3px"></span>{esc(tr("Line of contact (approximate)"))}</div>'
            f'<div><span style="display:inline-block;width:12px;height:10px;margin-right:6px;{CONTESTED_STYLE_CSS}">'
            f'</span>{esc(tr("Contested (not counted as Russian-held)"))}</div></div>')


# Land that changes hands is drawn solid; a change of legal label only (same control) pale with a
# dashed outline; a change of arrangement only (same control and recognition) pale.
DIFF_KIND_STYLE: dict[str, dict] = {
    "control": {"fillOpacity": 0.85, "weight": 2.0, "dashArray": None},
    "recognition": {"fillOpacity": 0.3, "weight": 2.4, "dashArray": "6 4"},
    "status": {"fillOpacity": 0.3, "weight": 1.2, "dashArray": None},
}


DIFF_KIND_LABELS: dict[str, str] = {
    "control": N_("Changes hands (who controls it differs)"),
    "recognition": N_("Same control, recognition differs (a legal label)"),
    "status": N_("Same control and recognition, arrangement differs"),
}


def diff_kind_legend_html(lang: str = "en") -> str:
    """How the map of what differs draws each kind of difference (our own labels only)."""
    tr = translator(lang)
    out = []
    for kind, label in DIFF_KIND_LABELS.items():
        st = DIFF_KIND_STYLE[kind]
        border = "dashed" if st["dashArray"] else "solid"
        out.append(f"<span style='white-space:nowrap;margin-right:14px'><span style='display:inline-block;width:14px;"
                   f"height:11px;margin-right:6px;vertical-align:-1px;background:rgba(119,119,119,{st['fillOpacity']});"
                   f"border:2px {border} #333'></span>{esc(tr(label))}</span>")
    return "".join(out)


def difference_tip_line(row, lang: str = "en") -> str:
    """What kind of difference a piece shows, in words (escaped)."""
    tr = translator(lang)
    if row.kind == "control":
        return esc(
            tr("Changes hands: {a} → {b}", a=tr(CONTROL_LABELS[row.control_a]), b=tr(CONTROL_LABELS[row.control_b]))
        )
    if row.kind == "recognition":
        return esc(tr("Same control ({control}); recognition: {a} → {b}", control=tr(CONTROL_LABELS[row.control_a]),
                      a=tr(RECOGNITION_LABELS[row.recognition_a]), b=tr(RECOGNITION_LABELS[row.recognition_b])))
    return esc(tr("Same control ({control}) and recognition; the arrangement differs",
                  control=tr(CONTROL_LABELS[row.control_a])))


def transition_label(status_a: str, status_b: str, lang: str = "en") -> str:
    tr = translator(lang)
    return f"A: {tr(STATUS_LABELS[status_a])} → B: {tr(STATUS_LABELS[status_b])}"


COUNTRY_STYLE = {"fillColor": "#dfe5ea", "fillOpacity": 1.0, "stroke": False, "interactive": False,
                 "pane": "tilePane"}  # in Leaflet's tile pane, under the zones and the white oblast borders
