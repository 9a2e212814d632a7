"""Interface text, numbers and dates in the reader's language (English or Ukrainian).

The domain returns keys and numbers (a status `ceded`, 6,441.2 km²); text is made at the edges
(ui/, the map builders in geo/) by a `Translator`. Message ids are the English texts (gettext's
convention), with `{name}` placeholders filled after translation; the Ukrainian catalog is the
gettext file `proposals/locale/uk.po`, read with Babel at first use (nothing to compile). A text
missing from the catalog shows in English; tests/test_i18n.py fails listing every one.
Numbers and dates are formatted by Babel with the locale's own rules (uk: `12 345`, with a
no-break space; `20 листопада 2025`).
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from proposals.paths import KEY_CITIES
from proposals.paths import OBLAST_TABLE as OBLASTS_CSV

LANGS: tuple[str, ...] = ("en", "uk")
DEFAULT_LANG = "en"
LANG_NAMES = {"en": "English", "uk": "Українська"}
LOCALES = {"en": "en", "uk": "uk_UA"}
KM2 = {"en": "km²", "uk": "км²"}  # the unit as each language writes it
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def N_(text: str) -> str:
    """Marks a text for translation where it is defined (a label table) and returns it unchanged:
    the extractor in tests/test_i18n.py collects it, the edge translates it when shown."""
    return text


def normalise(lang: object) -> str:
    """A known language code, else the default (the URL is untrusted)."""
    return lang if isinstance(lang, str) and lang in LANGS else DEFAULT_LANG


@lru_cache(maxsize=len(LANGS))
def messages(lang: str) -> dict[str, str]:
    """msgid → translation for `lang` (empty for English, whose ids are the texts)."""
    path = LOCALE_DIR / f"{lang}.po"
    if lang == DEFAULT_LANG or not path.is_file():
        return {}
    with path.open("rb") as f:
        cat = read_po(f, locale=LOCALES[lang])
    return {m.id: m.string for m in cat if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


@lru_cache(maxsize=1)
def _oblast_names_uk() -> dict[str, str]:
    with OBLASTS_CSV.open(encoding="utf-8") as f:
        return {r["iso"]: r["name_uk"] for r in csv.DictReader(f) if r.get("name_uk")}


@lru_cache(maxsize=1)
def _oblast_iso_by_name() -> dict[str, str]:
    with OBLASTS_CSV.open(encoding="utf-8") as f:
        return {r["name"]: r["iso"] for r in csv.DictReader(f)}


@lru_cache(maxsize=1)
def _city_names_uk() -> dict[str, str]:
    """English name → Ukrainian name of the key cities (data/tables/key_cities.csv, name_uk)."""
    with KEY_CITIES.open(encoding="utf-8") as f:
        return {r["name"]: r["name_uk"] for r in csv.DictReader(f) if r.get("name_uk")}


@dataclass(frozen=True)
class Translator:
    """Texts, numbers, dates and place names for one language."""

    lang: str = DEFAULT_LANG

    def __call__(self, msgid: str, **values: object) -> str:
        """The translation of `msgid` (English if there is none), placeholders filled."""
        text = messages(self.lang).get(msgid, msgid)
        return text.format(**values) if values else text

    @property
    def locale(self) -> str:
        return LOCALES[self.lang]

    def num(self, value: float, decimals: int = 0) -> str:
        """A number grouped the locale's way: 12,345 (en), 12 345 with a no-break space (uk)."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def km2(self, value: float) -> str:
        """Area for tables and legends: '—' for none, one decimal under 10 km² ('12 345 км²' in uk)."""
        if value <= 0:
            return "—"
        return f"{self.num(value, 0 if value >= 10 else 1)} {KM2[self.lang]}"

    def area(self, value: float) -> str:
        """Area in whole km², zero included (headlines)."""
        return f"{self.num(value)} {KM2[self.lang]}"

    def pct(self, value: float, decimals: int = 1) -> str:
        return f"{self.num(value, decimals)}%"

    def date(self, value: dt.date | str, long: bool = True) -> str:
        """'20 November 2025' / '20 листопада 2025' (long) or '20 Nov 2025' / '20 лист. 2025'."""
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                return value  # a custom front line's label, not a date
        return format_date(value, "d MMMM y" if long else "d MMM y", locale=self.locale)

    def oblast(self, iso: str | None, name: str) -> str:
        """An oblast's name: Ukrainian from data/tables/oblasts.csv, else the English `name`."""
        if self.lang != "uk":
            return name
        iso = iso or _oblast_iso_by_name().get(name)
        return _oblast_names_uk().get(iso or "", name)

    def oblast_by_name(self, name: str) -> str:
        return self.oblast(None, name)

    def city(self, name: str) -> str:
        """A key city's Ukrainian name (data/tables/key_cities.csv); any other place keeps its
        GeoNames (English) name: we do not make names up."""
        if self.lang != "uk":
            return name
        return _city_names_uk().get(name, name)


@lru_cache(maxsize=len(LANGS))
def translator(lang: object = DEFAULT_LANG) -> Translator:
    return Translator(normalise(lang))


EN = translator(DEFAULT_LANG)
