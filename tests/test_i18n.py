"""The Ukrainian interface: every text has a translation, numbers and dates follow Ukrainian
rules, place names come from the data tables (English where none is known), and `?lang=uk`
renders the map and compare views in Ukrainian and survives switching views."""
from __future__ import annotations

import ast
import csv
import datetime as dt
import string
import typing
from pathlib import Path

import pytest

from proposals.i18n import EN, messages, translator
from proposals.model import ProposalStatus

ROOT = Path(__file__).resolve().parent.parent
MARKERS = {"t", "tr", "N_", "_"}  # the calls whose first argument is a text to translate
SCANNED = ("ui", "geo", "proposals")


def marked_texts() -> dict[str, str]:
    """Every literal text passed to t()/tr()/N_() in ui/, geo/ and proposals/ → where it is."""
    found: dict[str, str] = {}
    for folder in SCANNED:
        for path in sorted((ROOT / folder).glob("*.py")):
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
    assert found["Ukraine withdraws from {area}"].startswith("geo/mapview.py")     # tr() in a map builder
    assert found["Compare two proposals"].startswith("ui/")                         # t() in a view
    assert len(found) > 200


def test_every_interface_text_has_a_ukrainian_translation():
    uk = messages("uk")
    missing = [f"{where}: {text!r}" for text, where in {**marked_texts(), **data_texts()}.items() if text not in uk]
    assert not missing, "no Ukrainian translation (add it to proposals/locale/uk.po):\n" + "\n".join(missing)


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
