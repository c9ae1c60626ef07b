"""The never-fill policy: fields and values autofill must never touch.

Applied *last*, to whatever the engine, a provider or a plugin proposed, so no
later addition can route around it. A memory store is full of things people
pasted by mistake (a card number, a Wi-Fi password); a form can ask for them
in many ways. Two independent guards:

* the field: credentials (`new-password`, `current-password`,
  `one-time-code`), anything payment-card (`cc-*`), hidden and password
  inputs, and fields whose label/name/placeholder means a card number, CVC,
  expiry, IBAN or account number, a national id (SSN, NIF, ...), a PIN,
  password, one-time code, or a security question/answer;
* the value: a digit run that passes the Luhn check (a card number), an
  IBAN, any secret the never-share rules find (`memory/privacy/detect.py`:
  "PIN 4921", "my mother's maiden name is ..."), a token shaped like a
  password (letters, digits and symbols or mixed case, no spaces), or text
  that talks about passwords, PINs or card codes is never offered, whatever
  field asked for it.

The value rules are the same ones that mask secrets in everything the app
shows (`memory/privacy/mask.py`): one detection, two uses. False positives
only cost a field left empty; false negatives leak secrets, so every rule
leans towards blocking.
"""
from __future__ import annotations

import re

from remembrancer.memory.autofill.classify import normalise
from remembrancer.memory.autofill.tokens import parse_autocomplete
from remembrancer.memory.autofill.types import FieldSuggestion, FormField
from remembrancer.memory.privacy.detect import find_secrets, looks_like_card_number, looks_like_password, luhn_valid, mentions_secret

__all__ = [
    "enforce", "is_sensitive_field", "is_sensitive_value", "looks_like_card_number", "looks_like_password", "luhn_valid",
]

SENSITIVE_TOKENS = frozenset({"new-password", "current-password", "one-time-code"})
SENSITIVE_TYPES = frozenset({"password", "hidden"})
# On normalised text (lower-case, no accents, punctuation as spaces).
_SENSITIVE_TEXT_RE = re.compile(
    r"\b(?:pass ?words?|passwd|pwd|pass ?phrase|pass ?code|passwort|kennwort|senha|contrasena|mot de passe|"
    r"card ?number|card ?no|credit ?card|debit ?card|card ?holder|name on (?:the )?card|cc ?num(?:ber)?|ccnum|"
    r"cvc2?|cvv2?|csc|cid|security ?code|card ?verification|kartennummer|numero (?:do|de|del) (?:cartao|tarjeta|carte)|"
    r"expiry|expiration|exp ?date|exp ?month|exp ?year|valid (?:thru|through|until)|ablaufdatum|validade|"
    r"iban|bic|swift|account ?number|routing ?number|sort ?code|bank ?account|kontonummer|nib|"
    r"ssn|social ?security|national ?insurance|tax ?id|tin|nif|nie|dni|cpf|steuer ?id|sozialversicherungsnummer|"
    r"passport ?number|id ?number|pin|pin ?code|otp|one ?time|verification ?code|2fa|mfa|auth(?:entication)? ?code|"
    r"security ?question|security ?answer|secret|maiden ?name|recovery ?code|captcha)\b"
)
_TOKEN_RE = re.compile(r"\S+")


def is_sensitive_field(field: FormField) -> str | None:
    """Why `field` must never be filled, or None when it may be."""
    detail = parse_autocomplete(field.autocomplete)
    if detail.field_name in SENSITIVE_TOKENS or detail.field_name.startswith("cc-"):
        return f"sensitive field (autocomplete {detail.field_name})"
    if field.type.lower() in SENSITIVE_TYPES:
        return f"sensitive field (type {field.type.lower()})"
    for attr in ("label", "name", "id", "placeholder"):
        text = normalise(getattr(field, attr))
        if text and _SENSITIVE_TEXT_RE.search(text):
            return f"sensitive field ({attr} {getattr(field, attr)!r})"
    return None


def is_sensitive_value(value: str) -> str | None:
    """Why `value` must never be offered, or None when it may be."""
    if looks_like_card_number(value):
        return "value looks like a card number"
    secrets = find_secrets(value)
    if secrets:
        return f"value holds a secret ({secrets[0].kind})"
    if any(looks_like_password(t) for t in _TOKEN_RE.findall(value)):
        return "value looks like a password"
    if mentions_secret(value):
        return "value mentions a secret"
    return None


def enforce(field: FormField, suggestion: FieldSuggestion) -> FieldSuggestion:
    """The suggestion, or an empty one saying why the policy refused it."""
    reason = is_sensitive_field(field)
    if reason is None and suggestion.value is not None:
        reason = is_sensitive_value(suggestion.value)
    if reason is None:
        return suggestion
    return FieldSuggestion(field=suggestion.field, value=None, confidence=0.0, sources=[], reason=reason)
