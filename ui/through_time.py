"""The front line through time (`?view=time&date=…`): a date slider with a play control, the map of
the chosen line (the status quo, or any proposal applied to that line), the Russian-held area per
oblast over every date as charts, and the numbers with each line's newest report."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.engine.through_time import LineHeld, OblastHeld, charted_oblasts
from geo.inputs.frontline import available_dates
from proposals.i18n import N_
from ui import cache, data, maps
from ui.i18n import lang, t, tr
from ui.url import set_widget, show_notices, url_widget

STATUS_QUO = "status-quo"
STILL_KM2 = 0.5            # an oblast whose Russian-held km² moves less than this is listed, not charted
STEP_S = 1.5               # seconds each date stays on screen while playing
PLAYING, NEXT = "_time_playing", "_time_next"
RERUN_AFTER = "_rerun_after"  # read by ui.main: sleep this long after the page is drawn, then rerun
INTRO = N_("Every front line this atlas ships, from June 2024 to March 2026: move the slider or press *Play*. "
           "The map shows the status quo on that date, or any proposal applied to that line; the charts show "
           "the Russian-held area of each oblast on every date (km², measured on full-resolution boundaries; "
           "contested land not counted). Lines are approximate.")


def _toggle_play(dates: list[str]) -> None:
    playing = not st.session_state.get(PLAYING, False)
    st.session_state[PLAYING] = playing
    st.session_state.pop(NEXT, None)  # a step already planned is dropped when the reader stops
    if playing and st.session_state.get("date", dates[-1]) == dates[-1]:
        set_widget("date", dates[0], dates[-1])  # from the start again


def _signed(value: float | None) -> str:
    if value is None:
        return "—"
    return ("+" if value >= 0 else "−") + tr().num(abs(value))


UK_VEGA_LOCALE = {  # Vega's own locale, so axes and tooltips group digits and name months the Ukrainian way
    "number": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0грн"]},
    "time": {"dateTime": "%A, %e %B %Y р. %X", "date": "%d.%m.%Y", "time": "%H:%M:%S", "periods": ["", ""],
             "days": ["неділя", "понеділок", "вівторок", "середа", "четвер", "пʼятниця", "субота"],
             "shortDays": ["нд", "пн", "вт", "ср", "чт", "пт", "сб"],
             "months": ["січень", "лютий", "березень", "квітень", "травень", "червень", "липень", "серпень",
                        "вересень", "жовтень", "листопад", "грудень"],
             "shortMonths": ["січ.", "лют.", "бер.", "квіт.", "трав.", "черв.", "лип.", "серп.", "вер.", "жовт.",
                             "лист.", "груд."]}}


def _localised(spec: dict) -> dict:
    return {**spec, "config": {"locale": UK_VEGA_LOCALE}} if lang() == "uk" else spec


def chart_values(rows: list[OblastHeld], shown: list[str]) -> list[dict]:
    tl = tr()
    return [{"date": r.date, "oblast": tl.oblast(r.oblast, r.name), "km2": round(r.km2),
             "change": None if r.change_km2 is None else round(r.change_km2),
             "label": tl.date(r.date, long=False)} for r in rows if r.oblast in shown]


def _tooltip() -> list[dict]:
    return [{"field": "oblast", "title": t("oblast")}, {"field": "label", "title": t("front line of")},
            {"field": "km2", "title": t("Russian-held km²"), "format": ",d"},
            {"field": "change", "title": t("change since the previous date, km²"), "format": "+,d"}]


def _x(axis: bool) -> dict:
    return {"field": "date", "type": "temporal", "title": None,
            "axis": {"format": "%b %Y", "labelAngle": 0, "tickCount": 4} if axis else None}


def km2_spec(values: list[dict], moved: list[tuple[str, float]], domain: list[str]) -> dict:
    """Vega-Lite: one small line chart per oblast whose Russian-held km² moved (largest move first),
    stacked, x shared; each keeps its own y scale, so its title states the move in km²."""
    tl = tr()
    first = tl.date(values[0]["date"], long=False) if values else ""
    charts = []
    for n, (name, gained) in enumerate(moved):
        charts.append({
            "transform": [{"filter": {"field": "oblast", "equal": name}}],
            "title": {"text": t("{oblast}: {change} km² since {date}", oblast=name, change=_signed(gained), date=first),
                      "anchor": "start", "frame": "bounds", "fontSize": 11, "fontWeight": "normal", "offset": 2},
            "mark": {"type": "line", "point": {"filled": True, "size": 25}},
            "encoding": {"x": _x(n == len(moved) - 1),
                         "y": {"field": "km2", "type": "quantitative", "title": None, "scale": {"zero": False},
                               "axis": {"tickCount": 2, "format": ",d"}},
                         "color": {"field": "oblast", "type": "nominal", "scale": {"domain": domain,
                                                                                    "scheme": "tableau10"},
                                   "legend": None},
                         "tooltip": _tooltip()},
            "height": 38})
    return _localised({"data": {"values": values}, "vconcat": charts, "spacing": 10,
                       "resolve": {"scale": {"x": "shared", "y": "independent"}}})


def change_spec(values: list[dict], domain: list[str], date: str) -> dict:
    """Vega-Lite: the change since the previous date as bars stacked by oblast (losses below zero),
    spaced by true time; a dashed rule marks the date on the map. Streamlit's own bundled Vega
    draws it (no request outside)."""
    columns = 2 if max(map(len, domain), default=0) <= 16 else 1  # long (Ukrainian) names: one column
    legend_rows = -(-len(domain) // columns)
    return _localised({
        "layer": [
            {"data": {"values": [v for v in values if v["change"]]}, "mark": {"type": "bar", "size": 12},
             "encoding": {"x": {**_x(True), "scale": {"padding": 10}},
                          "y": {"field": "change", "type": "quantitative", "title": None, "stack": True,
                                "axis": {"format": ",d"}},
                          "color": {"field": "oblast", "type": "nominal", "title": None,
                                    "scale": {"domain": domain, "scheme": "tableau10"},
                                    "legend": {"orient": "bottom", "labelLimit": 200, "columns": columns}},
                          "tooltip": _tooltip()}},
            {"data": {"values": [{"date": date}]}, "mark": {"type": "rule", "color": "#111111", "strokeDash": [4, 3]},
             "encoding": {"x": {"field": "date", "type": "temporal"}}},
        ],
        "height": 170 + 18 * legend_rows,  # the legend is inside the height: the bars keep ~130 px
    })


def charts(rows: list[OblastHeld], shown: list[str], date: str) -> None:
    tl = tr()
    first, last = rows[0].date, rows[-1].date
    km = {(r.date, r.oblast): r.km2 for r in rows}
    names = {r.oblast: tl.oblast(r.oblast, r.name) for r in rows}
    spread = {iso: max(r.km2 for r in rows if r.oblast == iso) - min(r.km2 for r in rows if r.oblast == iso)
              for iso in shown}
    moved = sorted(((iso, km[(last, iso)] - km[(first, iso)]) for iso in shown if spread[iso] >= STILL_KM2),
                   key=lambda m: -abs(m[1]))
    still = [iso for iso in shown if iso not in dict(moved)]
    domain = [names[iso] for iso, _ in moved]
    values = chart_values(rows, [iso for iso, _ in moved])
    st.markdown("**" + t("Russian-held area by oblast, km²") + "**")
    st.vega_lite_chart(km2_spec(values, [(names[iso], g) for iso, g in moved], domain), width="stretch")
    if still:
        st.caption(t("The same on every date: {oblasts}.", oblasts=", ".join(
            f"{names[iso]} {tl.area(km[(last, iso)])}" for iso in still)) + " " +
            t("Each small chart has its own scale: read the change in its title."))
    st.markdown("**" + t("Change since the previous date, km²") + "**")
    st.vega_lite_chart(change_spec(values, domain, date), width="stretch")


def table(lines: list[LineHeld], rows: list[OblastHeld], shown: list[str]) -> pd.DataFrame:
    tl = tr()
    by = {(r.date, r.oblast): r.km2 for r in rows}
    names = {r.oblast: tl.oblast(r.oblast, r.name) for r in rows}
    return pd.DataFrame([{
        t("front line of"): ln.date, t("from reports up to"): ln.latest_fact or "—",
        t("Russian-held km²"): round(ln.km2), t("change since the previous date, km²"): _signed(ln.change_km2),
        t("contested km² (not counted)"): round(ln.contested_km2),
        **{names[iso]: round(by[(ln.date, iso)]) for iso in shown}} for ln in lines])


def headline(line: LineHeld, previous: LineHeld | None) -> None:
    tl = tr()
    st.metric(t("Russian-held on this line"), tl.area(line.km2),
              delta=None if previous is None else t("{change} km² since {date}", change=_signed(line.change_km2),
                                                     date=tl.date(previous.date, long=False)),
              delta_color="off", help=t("km² measured on full-resolution boundaries in an equal-area projection "
                                        "(EPSG:3035), Crimea and Sevastopol included; contested land ({contested}) "
                                        "is not counted.", contested=tl.area(line.contested_km2)))
    st.caption(t("Front line of {date}, from reports up to {latest} · approximate",
                 date=tl.date(line.date), latest=tl.date(line.latest_fact) if line.latest_fact else "—"))


def pick_shown(default: str = STATUS_QUO):
    props = data.proposals()
    tl = tr()
    pid = url_widget(st.selectbox, t("On the map"), list(props), "proposal", default if default in props
                     else next(iter(props)), what=t("proposal id"),
                     format_func=lambda i: f"{props[i].title_in(tl.lang)} — {props[i].date}",
                     help=t("The status quo shows the line itself; a proposal is applied to the chosen line, "
                            "whatever date it was made against."))
    return props[pid]


def through_time(frontline: str | None = None) -> None:
    dates = available_dates()
    pending = st.session_state.pop(NEXT, None)
    if pending in dates:  # the play step planned by the last run, set before the slider is drawn
        set_widget("date", pending, dates[-1])
    playing = st.session_state.get(PLAYING, False)
    st.markdown("### " + t("The front line through time"))
    st.caption(t(INTRO))
    c1, c2 = st.columns([5, 1], vertical_alignment="bottom")
    tl = tr()
    date = url_widget(c1.select_slider, t("Front line of"), dates, "date", dates[-1], what=t("front-line date"),
                      format_func=lambda d, tl=tl: tl.date(d, long=False))
    if playing and date == dates[-1]:
        st.session_state[PLAYING] = playing = False  # the last date: stop, the button says Play again
    c2.button("■ " + t("Stop") if playing else "▶ " + t("Play"), key="time-play", on_click=_toggle_play,
              args=(dates,), width="stretch", help=t("Step through every date, {seconds} s each.",
                                                     seconds=f"{STEP_S:g}"))
    show_notices()
    lines, rows = cache.through_time(tuple(dates))
    i = dates.index(date)
    shown = charted_oblasts(rows)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        headline(lines[i], lines[i - 1] if i else None)
        p = pick_shown()
        maps.show_map(maps.layer_data(p, date), key="time-map", height=560)
    with right:
        charts(rows, shown, date)
    st.markdown("#### " + t("The numbers"))
    df = table(lines, rows, shown)
    text = {t("front line of"), t("from reports up to"), t("change since the previous date, km²")}
    st.dataframe(df, hide_index=True, width="stretch", key="time-table", column_config={
        c: st.column_config.NumberColumn(format="localized") for c in df.columns if c not in text})
    st.caption(t("km² of Russian-held land on each line, measured on full-resolution Natural Earth boundaries "
                 "(EPSG:3035); Crimea and Sevastopol are wholly Russian-held on every date. *From reports up to*: "
                 "the newest dated report the line rests on. Contested land is grey on the map and not counted."))
    language = lang()
    st.download_button(t("Small maps of every date (PNG)"), lambda: cache.multiples_png(tuple(dates), language),
                       "front-line-through-time.png", "image/png", on_click="ignore", key="time-png",
                       help=t("One small map per date, titled with its date and Russian-held km², for print."))
    st.caption(t("The same from the shell: {command} (or `.svg`).",
                 command="`python cli.py frontline --multiples --out through-time.png`"))
    if playing:  # the next date after the page is drawn (ui.main sleeps, then reruns)
        st.session_state[NEXT] = dates[i + 1]
        st.session_state[RERUN_AFTER] = STEP_S
