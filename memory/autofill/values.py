"""From a field kind (an autofill field name) to the user's value for it.

Each value's confidence is the persona confidence times how directly the
field maps onto what was said: 1.0 for the attribute itself (email, tel),
0.95 for a part of a stated value (the family name of a stated full name, the
postcode of a stated address), 0.9 for a reading of another attribute (the
city of "lives in Porto", a job title from "works at X as a designer", an
employer from "is a pharmacist at Y"), 0.7
for a hint (the country of a phone number's region, a name taken from how the
user appears in chats). The engine multiplies in how sure it is of the
field's kind and drops anything under its threshold: no value beats a guess.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from remembrancer.memory.autofill.places import Country, country_from_code, parse_address, split_place
from remembrancer.memory.autofill.profile import Evidence, Profile

DIRECT, PART, READING, HINT = 1.0, 0.95, 0.9, 0.7
_PARTICLES = frozenset("da de do dos das del della di du van von der den le la bin al ter ten".split())
_DATE_FORMATS = ("%d %B %Y", "%B %d %Y", "%B %d, %Y", "%Y-%m-%d", "%d %B", "%B %d")
_ROLE_IN_WORK_RE = re.compile(r"\bas an? ([a-z][a-z -]{2,40}?)(?=[,.;!]|\s+(?:and|but|so|since|because|at|for|in|with)\b|$)")
_GENDER_RE = re.compile(r"\b(woman|man|female|male|non-binary|nonbinary|genderqueer|genderfluid|agender)\b", re.IGNORECASE)
_ORG_ARTICLE_RE = re.compile(r"^(?:an?|the|my|some)\s+[a-z]")
_ORG_AFTER_ROLE_RE = re.compile(r"\s+(?:at|for|with)\s+((?:the\s+)?[A-Z][\w&'.-]*(?:\s+(?:of\s+|&\s+|de\s+)?[A-Z][\w&'.-]*)*)")


@dataclass(frozen=True)
class Value:
    text: str
    confidence: float
    sources: list[str]
    reason: str


def _value(text: str | None, evidence: Evidence | None, factor: float, reason: str) -> Value | None:
    if not text or evidence is None:
        return None
    return Value(text.strip(), round(evidence.confidence * factor, 4), list(evidence.sources), reason)


# -- names ---------------------------------------------------------------------
def _name_parts(name: str) -> tuple[str, str | None, str | None]:
    """Given, additional (middle) and family name; particles stay with the family name ("Ana de Sousa")."""
    words = name.split()
    if len(words) == 1:
        return words[0], None, None
    family_start = len(words) - 1
    while family_start > 1 and words[family_start - 1].lower() in _PARTICLES:
        family_start -= 1
    middle = " ".join(words[1:family_start]) or None
    return words[0], middle, " ".join(words[family_start:])


def _name(profile: Profile, part: str) -> Value | None:
    stated = profile.best("name")
    if stated is not None:
        given, middle, family = _name_parts(stated.value)
        pick = {"name": stated.value, "given-name": given, "additional-name": middle, "family-name": family}[part]
        return _value(pick, stated, DIRECT if part == "name" else PART, "persona:name")
    display = profile.display_name
    if display is None:
        return None
    given, middle, family = _name_parts(display)
    pick = {"name": display if family else None, "given-name": given, "additional-name": middle, "family-name": family}[part]
    seen = Evidence(display, 1.0, tuple(profile.speaker_messages), "")
    return _value(pick, seen, HINT, "speaker name")


# -- contact -----------------------------------------------------------------------
def _tel(profile: Profile, kind: str) -> Value | None:
    phone = profile.best("phone")
    if phone is None:
        return None
    if kind == "tel":
        return _value(phone.value, phone, DIRECT, "persona:phone")
    parsed = _parse_phone(phone.value, _home_country_code(profile))
    if parsed is None:
        return None
    import phonenumbers

    if kind == "tel-country-code":
        return _value(f"+{parsed.country_code}", phone, PART, "persona:phone")
    if kind == "tel-national":
        return _value(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL), phone, PART, "persona:phone")
    return None  # area code, local prefix/suffix: numbering plans differ too much to split safely


def _parse_phone(text: str, region: str | None = None):
    """The parsed number; one without "+country" needs the region it is dialled in (else None)."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_possible_number(parsed) else None


def _home_country_code(profile: Profile) -> str | None:
    """The country of the user's current address or home, when said (never guessed from the phone itself)."""
    stated, home = profile.best("address"), profile.best("home")
    country = parse_address(stated.value).country if stated is not None and stated.current else None
    if country is None and home is not None and home.current:
        country = split_place(home.value)[2]
    return country.code if country else None


# -- places ------------------------------------------------------------------------
def _address_part(profile: Profile, kind: str) -> Value | None:
    stated = profile.best("address")
    if stated is None or not stated.current:
        return None
    address = parse_address(stated.value)
    pick = {"street-address": address.street, "address-line1": address.street, "postal-code": address.postal_code}.get(kind)
    return _value(pick, stated, PART, "persona:address")


def _city(profile: Profile) -> Value | None:
    stated, home = profile.best("address"), profile.best("home")
    from_address = parse_address(stated.value).city if stated is not None and stated.current else None
    from_home = split_place(home.value)[0] if home is not None and home.current else None
    if from_address and (not from_home or stated.last_seen >= home.last_seen):
        return _value(from_address, stated, PART, "persona:address")
    return _value(from_home, home, READING, "persona:home")


def _region(profile: Profile) -> Value | None:
    stated, home = profile.best("address"), profile.best("home")
    if stated is not None and stated.current and parse_address(stated.value).region:
        return _value(parse_address(stated.value).region, stated, PART, "persona:address")
    return _value(split_place(home.value)[1], home, READING, "persona:home") if home is not None and home.current else None


def _country(profile: Profile, as_code: bool) -> Value | None:
    found: tuple[Country, Evidence, float, str] | None = None
    stated, home, phone = profile.best("address"), profile.best("home"), profile.best("phone")
    if stated is not None and stated.current and parse_address(stated.value).country:
        found = (parse_address(stated.value).country, stated, PART, "persona:address")
    elif home is not None and home.current and split_place(home.value)[2]:
        found = (split_place(home.value)[2], home, READING, "persona:home")
    elif phone is not None and phone.current and (parsed := _parse_phone(phone.value)) is not None:
        import phonenumbers

        country = country_from_code(phonenumbers.region_code_for_number(parsed) or "")
        found = (country, phone, HINT, "persona:phone (region)") if country else None
    if found is None:
        return None
    country, evidence, factor, reason = found
    return _value(country.code if as_code else country.name, evidence, factor, reason)


def _birthplace(profile: Profile) -> Value | None:
    origin = profile.best("origin")
    if origin is None:
        return None
    city, _, country = split_place(origin.value)
    return _value(city or (country.name if country else None), origin, READING, "persona:origin")


# -- work, birthday, gender --------------------------------------------------------------
def _organization(profile: Profile) -> Value | None:
    work = profile.best("work")
    if work is not None and work.current and not _ORG_ARTICLE_RE.match(work.value):  # "a startup" is no name for a form
        return _value(work.value, work, DIRECT, "persona:work")
    occupation = profile.best("occupation")
    for text in (occupation.fact_texts if occupation is not None and occupation.current else ()):
        at = text.find(occupation.value)
        m = _ORG_AFTER_ROLE_RE.match(text, at + len(occupation.value)) if at >= 0 else None
        if m:  # "is a pharmacist at Manchester Royal Infirmary"
            return _value(m.group(1), occupation, READING, "persona:occupation (employer)")
    return None


def _title(profile: Profile) -> Value | None:
    occupation = profile.best("occupation")
    if occupation is not None and occupation.current:
        return _value(occupation.value, occupation, DIRECT, "persona:occupation")
    work = profile.best("work")
    for text in (work.fact_texts if work is not None and work.current else ()):
        m = _ROLE_IN_WORK_RE.search(text)
        if m:
            return _value(m.group(1), work, READING, "persona:work (role)")
    return None


def _birthday(profile: Profile, kind: str) -> Value | None:
    stated = profile.best("birthday")
    if stated is None:
        return None
    for fmt in _DATE_FORMATS:
        try:
            day = datetime.strptime(stated.value.strip(), fmt)
        except ValueError:
            continue
        has_year = "%Y" in fmt
        pick = {
            "bday": day.strftime("%Y-%m-%d") if has_year else None,
            "bday-year": str(day.year) if has_year else None,
            "bday-month": str(day.month),
            "bday-day": str(day.day),
        }[kind]
        return _value(pick, stated, PART, "persona:birthday")
    return None


def _sex(profile: Profile) -> Value | None:
    for identity in profile.all("identity"):
        m = _GENDER_RE.search(identity.value)
        if m and identity.current:
            return _value(m.group(1).capitalize(), identity, READING, "persona:identity")
    return None


def _email(profile: Profile) -> Value | None:
    email = profile.best("email")
    return _value(email.value, email, DIRECT, "persona:email") if email is not None else None


_DERIVERS: dict[str, Callable[[Profile], Value | None]] = {
    "name": lambda p: _name(p, "name"),
    "given-name": lambda p: _name(p, "given-name"),
    "additional-name": lambda p: _name(p, "additional-name"),
    "family-name": lambda p: _name(p, "family-name"),
    "email": _email,
    "tel": lambda p: _tel(p, "tel"),
    "tel-national": lambda p: _tel(p, "tel-national"),
    "tel-country-code": lambda p: _tel(p, "tel-country-code"),
    "street-address": lambda p: _address_part(p, "street-address"),
    "address-line1": lambda p: _address_part(p, "address-line1"),
    "postal-code": lambda p: _address_part(p, "postal-code"),
    "address-level2": _city,
    "address-level1": _region,
    "country": lambda p: _country(p, as_code=True),
    "country-name": lambda p: _country(p, as_code=False),
    "organization": _organization,
    "organization-title": _title,
    "bday": lambda p: _birthday(p, "bday"),
    "bday-day": lambda p: _birthday(p, "bday-day"),
    "bday-month": lambda p: _birthday(p, "bday-month"),
    "bday-year": lambda p: _birthday(p, "bday-year"),
    "sex": _sex,
    "birthplace": _birthplace,
}
SUPPORTED = frozenset(_DERIVERS)


def derive(kind: str, profile: Profile) -> Value | None:
    """The user's value for a field of this kind, or None when the store does not know it."""
    deriver = _DERIVERS.get(kind)
    return deriver(profile) if deriver is not None else None
