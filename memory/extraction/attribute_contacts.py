"""Values of the contact attributes (name, email, phone, address), checked by their shape.

The patterns in `attribute_patterns.py` find where a name, an email address,
a phone number or a street address is stated as someone's; this module
decides whether the captured text really has that shape and cuts it where
the sentence moves on. These values are copied verbatim into forms, so a
doubtful one is dropped (None) rather than trimmed into something plausible.
"""
from __future__ import annotations

import re

CONTACT_ATTRIBUTES = frozenset({"name", "email", "phone", "address"})
# "reach me at", "call me on": the person reached is the object of these verbs,
# so a name right after them can start an attribute pattern.
CONTACT_VERBS = frozenset({"reach", "call", "ring", "text", "phone", "contact", "email", "e-mail", "mail", "message",
                           "ping", "whatsapp", "to"})
PREDICATES = {"name": "is named", "email": "has the email address", "phone": "has the phone number", "address": "lives at"}

_NAME_STATEMENT_RE = re.compile(r"\b(?:name|called|named|goes by)\b", re.IGNORECASE)
_ADDRESS_CUT_RE = re.compile(
    r"\s+(?:and|but|so|since|because|which|where|if|when|until|now|these days|with|near|from|for|since)\b.*$"
    r"|\s+-\s.*$|[,.]\s*$"
)
_POSTAL_HINT_RE = re.compile(r"\b\d{4,5}(?:-\d{3,4})?\b|\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|\b[A-Z]\d[A-Z] ?\d[A-Z]\d\b")
_STREET_WORD_RE = re.compile(
    r"\b(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|place|pl|court|ct|square|sq|terrace|"
    r"rua|avenida|travessa|largo|praça|praca|calle|carrer|plaza|paseo|rue|boulevard|chemin|allée|via|viale|piazza|"
    r"straße|strasse|str|weg|platz|allee|gasse|ring|damm|laan|straat|gracht|plein)\b\.?",
    re.IGNORECASE,
)


def contact_value(attr: str, raw: str, subject: str, matched: str) -> str | None:
    """The cleaned value of a contact attribute, or None when the text does not have its shape."""
    value = raw.strip()
    if attr == "name":
        return _name(value, subject, matched)
    if attr == "email":
        return value.rstrip(".").lower() if "@" in value else None
    if attr == "phone":
        return _phone(value)
    if attr == "address":
        return _address(value)
    return value


def _name(value: str, subject: str, matched: str) -> str | None:
    words = value.split()
    if not words or any(w.isupper() and len(w) > 1 for w in words):
        return None  # "I'm OK", acronyms
    if not _NAME_STATEMENT_RE.search(matched):
        # A bare "X is Y Z" is a self-introduction only when it extends the subject's own name
        # ("Ana is Ana Lima"), never "Ana is Brazilian" or "Ana is Catholic".
        if len(words) < 2 or words[0] != subject.split()[0]:
            return None
    return " ".join(words)


def _phone(value: str) -> str | None:
    value = value.lstrip(" .-").rstrip(" .-(")
    if value.count("(") != value.count(")"):
        value = value.replace("(", "").replace(")", "")
    digits = re.sub(r"\D", "", value)
    return value if 7 <= len(digits) <= 15 else None


def _address(value: str) -> str | None:
    previous = None
    while previous != value:
        previous = value
        value = _ADDRESS_CUT_RE.sub("", value).strip()
    if not re.search(r"\d", value) or len(value.split()) < 2:
        return None
    # A number beside capitalised words is a street only with a postcode or a street word ("moved to Berlin in 2019" is not).
    if not (_POSTAL_HINT_RE.search(value) or _STREET_WORD_RE.search(value)):
        return None
    return value
