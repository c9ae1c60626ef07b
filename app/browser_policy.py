"""What the browser host never fills and never sends (defence in depth).

The autofill engine has its own never-fill policy (`memory/autofill/sensitive.py`)
and the extension skips these fields too; the host applies the engine's
policy once more (a plugin may have answered instead of the engine) and then
its own, independent rules, because it is the last step before a value leaves
for a web page. A field is refused when any of these says so:

- its type is `password` or `hidden`;
- its `autocomplete` tokens name a password, a one-time code or any `cc-*`
  (card) field;
- its name, id, label or placeholder reads like a password, PIN, one-time
  code, card number, expiry, security code, IBAN or social security number.

And a value that looks like a payment card number (13-19 digits passing the
Luhn check) is dropped whatever field asked for it.
"""
from __future__ import annotations

import logging
import re

from remembrancer.memory.autofill import sensitive as engine_policy
from remembrancer.memory.autofill.types import FieldSuggestion, FormField
from remembrancer.memory.privacy import detect

logger = logging.getLogger(__name__)

NEVER_TYPES = {"password": "password field", "hidden": "hidden field"}
NEVER_TOKENS = ("new-password", "current-password", "one-time-code")
CARD_TOKEN = re.compile(r"(?:^|\s)cc-[a-z-]+(?:\s|$)")
NEVER_WORDS = re.compile(
    r"pass(?:word|wd|phrase|code)|\bpass\b|passwort|mot.de.passe|\bpwd\b|\bpin\b|\botp\b|one.?time|verification.?code|\b2fa\b|\bmfa\b|"
    r"\btotp\b|security.?code|\bcvc\d?\b|\bcvv\d?\b|\bcsc\b|card.?(?:number|no|holder|name)|credit.?card|debit.?card|\bcc.?(?:num|number|exp|name)|"
    r"expir|\biban\b|\bssn\b|social.?security|\bsecret\b",
    re.IGNORECASE,
)


def never_fill_reason(field: FormField) -> str | None:
    """Why the host refuses `field` ("password field", ...), or None when it may be filled."""
    kind = field.type.strip().lower()
    if kind in NEVER_TYPES:
        return NEVER_TYPES[kind]
    tokens = field.autocomplete.lower()
    for token in NEVER_TOKENS:
        if token in tokens.split():
            return f"autocomplete {token}"
    if CARD_TOKEN.search(tokens):
        return "payment card field"
    for text in (field.name, field.id, field.label, field.placeholder):
        if text and NEVER_WORDS.search(text):
            return "sensitive field"
    return engine_policy.is_sensitive_field(field)


def looks_like_card_number(value: str) -> bool:
    """13 to 19 digits (spaces or dashes between) that pass the Luhn check.

    Stricter than the engine's rule, which lets a run after "+" pass as a
    phone number: the host is the last step before a web page. The rule
    itself is the core's one (`memory/privacy/detect.py`).
    """
    return detect.looks_like_card_number(value, phone_prefix=False)


def enforce(fields: list[FormField], suggestions: list[FieldSuggestion]) -> list[FieldSuggestion]:
    """The suggestions that may leave, one per field in `fields` order.

    A field either policy refuses gets no value (with the reason), a
    suggestion for a field that was not asked about is dropped, and so is any
    value the engine's value rules refuse or that looks like a card number.
    """
    by_key = {s.field: s for s in suggestions}
    out: list[FieldSuggestion] = []
    for field in fields:
        reason = never_fill_reason(field)
        suggestion = by_key.get(field.key)
        if reason:
            out.append(FieldSuggestion(field=field.key, value=None, reason=f"never filled: {reason}"))
        elif suggestion is None or not suggestion.value:
            out.append(suggestion or FieldSuggestion(field=field.key, value=None, reason="nothing in memory"))
        elif engine_policy.enforce(field, suggestion).value is None or looks_like_card_number(suggestion.value):
            logger.warning("dropped a sensitive-looking value offered for field %r", field.key)
            out.append(FieldSuggestion(field=field.key, value=None, reason="never filled: sensitive value"))
        else:
            out.append(suggestion)
    return out
