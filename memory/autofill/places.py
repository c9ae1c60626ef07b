"""Street addresses, places and countries, taken apart for form fields.

A stored address is one line as the user said it ("Rua da Alegria 45,
4000-042 Porto" or "221B Baker Street, London NW1 6XE"); forms want the
street, postcode, city and country apart. The postcode is found by the common
national shapes (UK, Canada, the Netherlands, Portugal/Brazil, ZIP, then
plain 4-5 digits), the city is the capitalised words beside it, the street
the first comma part, a country any part pycountry knows. Countries come
from pycountry (ISO 3166 names and codes), so `country` (a code) and
`country-name` both fill; a phone number's region is the weakest hint.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

logger = logging.getLogger(__name__)

_POSTCODES = [
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b"),  # UK
    re.compile(r"\b[A-Z]\d[A-Z] ?\d[A-Z]\d\b"),           # Canada
    re.compile(r"\b\d{4} ?[A-Z]{2}\b"),                   # Netherlands
    re.compile(r"\b\d{4,5}-\d{3,4}\b"),                   # Portugal, Brazil, ZIP+4
    re.compile(r"\b\d{4,5}\b"),                           # US ZIP, most of Europe
]
_CAP_WORDS_RE = re.compile(r"[A-ZÀ-Þ][\w'.-]*(?:\s+(?:(?:de|da|do|dos|das|del|la|le|am|an|der|upon|on|sur)\s+)?[A-ZÀ-Þ][\w'.-]*)*")
# Common names pycountry spells differently.
_ALIASES = {"usa": "US", "us": "US", "america": "US", "united states of america": "US", "uk": "GB", "britain": "GB",
            "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "russia": "RU", "south korea": "KR",
            "korea": "KR", "iran": "IR", "vietnam": "VN", "czechia": "CZ", "holland": "NL", "the netherlands": "NL",
            "deutschland": "DE", "espana": "ES", "españa": "ES", "brasil": "BR", "italia": "IT", "schweiz": "CH",
            "suisse": "CH", "österreich": "AT", "belgique": "BE", "bolivia": "BO", "venezuela": "VE", "tanzania": "TZ",
            "taiwan": "TW", "syria": "SY", "laos": "LA", "moldova": "MD", "turkey": "TR"}


@dataclass(frozen=True)
class Country:
    name: str     # the common English name ("United Kingdom", "Portugal")
    code: str     # ISO 3166-1 alpha-2 ("GB", "PT")


@dataclass(frozen=True)
class Address:
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    region: str | None = None
    country: Country | None = None


@lru_cache(maxsize=512)
def country_from_text(text: str) -> Country | None:
    """The country `text` names exactly (a name, an official name or a code of 3 letters), else None."""
    key = text.strip().strip(".").lower()
    if len(key) < 2:
        return None
    import pycountry  # imported on first use: the tables take a moment to load

    code = _ALIASES.get(key)
    if code:
        found = pycountry.countries.get(alpha_2=code)
    elif len(key) <= 3:  # two-letter words ("in", "to") are not countries in running text; "PRT" is
        found = pycountry.countries.get(alpha_3=key.upper()) if len(key) == 3 and text.strip().isupper() else None
    else:
        try:
            found = pycountry.countries.lookup(key)
        except LookupError:
            found = None
    if found is None:
        return None
    name = getattr(found, "common_name", None) or found.name
    return Country(name=name, code=found.alpha_2)


def country_from_code(code: str) -> Country | None:
    import pycountry

    found = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if found is None:
        return None
    return Country(getattr(found, "common_name", None) or found.name, found.alpha_2)


def parse_address(text: str) -> Address:
    """Street, postcode, city, region and country of a one-line address (parts not found are None)."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    country = country_from_text(parts[-1]) if len(parts) > 1 else None
    if country is not None:
        parts = parts[:-1]
    if not parts:
        return Address(country=country)
    postal, where = _find_postcode(parts)
    city = region = None
    if postal is None:
        city = _place(parts[1]) if len(parts) > 1 else None
        region = _place(parts[2]) if len(parts) > 2 else None
    else:
        part = parts[where]
        before, after = part[:part.index(postal)].strip(), part[part.index(postal) + len(postal):].strip()
        if re.fullmatch(r"[A-Z]{2,3}", before):  # "New York, NY 10118": a state code, the city before it
            region, city = before, (_place(parts[where - 1]) if where > 1 else None)
        else:
            city = _place(after) or (_place(before) if where > 0 else None)
    street = parts[0] if where != 0 else parts[0].split(postal)[0].strip(" ,") or None
    return Address(street=street, postal_code=postal, city=city, region=region, country=country)


def _find_postcode(parts: list[str]) -> tuple[str | None, int]:
    """The postcode and the index of its part; the most specific national shape wins."""
    for pattern in _POSTCODES:
        for index, part in enumerate(parts):
            if index == 0 and len(parts) > 1 and pattern is _POSTCODES[-1]:
                continue  # in the first part, plain digits are the house number
            m = pattern.search(part)
            if m:
                return m.group(0), index
    return None, -1


def split_place(text: str) -> tuple[str | None, str | None, Country | None]:
    """A place said in conversation ("Porto", "Austin, Texas", "Lisbon, Portugal") as city, region, country."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        return None, None, None
    whole = country_from_text(text)
    if whole is not None:
        return None, None, whole
    country = country_from_text(parts[-1]) if len(parts) > 1 else None
    if country is not None:
        parts = parts[:-1]
    city = _place(parts[0])
    region = _place(parts[1]) if len(parts) > 1 else None
    return city, region, country


def _place(text: str) -> str | None:
    """The capitalised run a place name is ("Porto", "Vila Nova de Gaia"), None when there is none."""
    m = _CAP_WORDS_RE.match(text.strip())
    return m.group(0).strip() if m and len(m.group(0)) > 1 else None
