"""The HTML `autocomplete` attribute, parsed as the WHATWG spec reads it.

Grammar (HTML Living Standard, "Autofilling form controls: the autocomplete
attribute"), tokens separated by ASCII whitespace, compared case-insensitively:

    [section-*] [shipping|billing] ( FIELD | [home|work|mobile|fax|pager] CONTACT-FIELD ) [webauthn]

or the single keyword `on` / `off`. A value that breaks the grammar has no
autofill field name, exactly as a browser treats it; the engine then falls
back to the heuristics in `classify.py` instead of trusting a half-parsed
hint. Parsing is pure and total: it never raises on page input.
"""
from __future__ import annotations

from dataclasses import dataclass

# Field names that take no contact token, in the spec's order.
FIELD_NAMES = frozenset(
    """name honorific-prefix given-name additional-name family-name honorific-suffix nickname username
    new-password current-password one-time-code organization-title organization street-address
    address-line1 address-line2 address-line3 address-level4 address-level3 address-level2 address-level1
    country country-name postal-code cc-name cc-given-name cc-additional-name cc-family-name cc-number
    cc-exp cc-exp-month cc-exp-year cc-csc cc-type transaction-currency transaction-amount language
    bday bday-day bday-month bday-year sex url photo""".split()
)
# Field names that may follow a contact token (home, work, mobile, fax, pager).
CONTACT_FIELD_NAMES = frozenset(
    """tel tel-country-code tel-national tel-area-code tel-local tel-local-prefix tel-local-suffix
    tel-extension email impp""".split()
)
CONTACT_TOKENS = frozenset({"home", "work", "mobile", "fax", "pager"})
MODE_TOKENS = frozenset({"shipping", "billing"})
ALL_FIELD_NAMES = FIELD_NAMES | CONTACT_FIELD_NAMES


@dataclass(frozen=True)
class AutofillDetail:
    """What an `autocomplete` value says about a field.

    `field_name` is "" when the value names no field (empty, `on`, or invalid);
    `off` is True for `autocomplete="off"`, which a page uses to stop the
    browser's own autofill (the engine still classifies such a field: sites
    set it on ordinary fields, and the never-fill policy guards what matters).
    """

    field_name: str = ""
    section: str = ""      # "section-blue" -> "blue"
    mode: str = ""         # "shipping" | "billing" | ""
    contact: str = ""      # "home" | "work" | "mobile" | "fax" | "pager" | ""
    webauthn: bool = False
    off: bool = False
    valid: bool = True     # False when the value broke the grammar

    @property
    def named(self) -> bool:
        return bool(self.field_name)


NONE = AutofillDetail()
_INVALID = AutofillDetail(valid=False)


def parse_autocomplete(value: str | None) -> AutofillDetail:
    """Parse one `autocomplete` attribute value (see the module docstring for the grammar)."""
    tokens = (value or "").lower().split()
    if not tokens:
        return NONE
    if len(tokens) == 1 and tokens[0] in ("on", "off"):
        return AutofillDetail(off=tokens[0] == "off")
    webauthn = tokens[-1] == "webauthn"
    if webauthn:
        tokens = tokens[:-1]
        if not tokens:
            return _INVALID
    field_name = tokens.pop()
    contact = ""
    if field_name in CONTACT_FIELD_NAMES:
        if tokens and tokens[-1] in CONTACT_TOKENS:
            contact = tokens.pop()
    elif field_name not in FIELD_NAMES:
        return _INVALID
    mode = tokens.pop() if tokens and tokens[-1] in MODE_TOKENS else ""
    section = ""
    if tokens and tokens[-1].startswith("section-") and len(tokens[-1]) > len("section-"):
        section = tokens.pop()[len("section-"):]
    if tokens:  # anything left over is outside the grammar
        return _INVALID
    return AutofillDetail(field_name=field_name, section=section, mode=mode, contact=contact, webauthn=webauthn)
