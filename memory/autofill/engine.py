"""`autofill`: form fields in, one suggestion per field out.

For each field, in order:

1. fields that take no typed value (checkboxes, buttons, files) get nothing;
2. the never-fill policy (`sensitive.py`) refuses credentials, card and
   identity-number fields before any memory is read or the model is asked;
3. the field's kind comes from its `autocomplete` tokens when they parse
   (WHATWG grammar, `tokens.py`), else from its label, placeholder, name/id
   and type (`classify.py`);
4. a standard kind maps to the user's persona attributes (`values.py`), a
   free-text field is answered from recall and the model (`freetext.py`);
5. a value whose confidence (value x field reading) is under the threshold
   is dropped: no value rather than a guess;
6. the policy runs again on the result, so no value shaped like a card number
   or a password ever leaves, whatever produced it.

Autofill reads only: it never reinforces what it used. When the user keeps a
suggestion, the surface calls `accept` (see `accept.py`), which counts the
cited memories as reviewed.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from remembrancer.memory.autofill import sensitive
from remembrancer.memory.autofill.classify import BIRTHPLACE, FREE_TEXT, OTHER_PERSON, Classification, classify
from remembrancer.memory.autofill.freetext import ModelSource, loaded_once, suggest_free_text
from remembrancer.memory.autofill.profile import Profile, load_profile, resolve_person
from remembrancer.memory.autofill.tokens import parse_autocomplete
from remembrancer.memory.autofill.types import FieldSuggestion, FormField
from remembrancer.memory.autofill.values import SUPPORTED, Value, derive
from remembrancer.memory.timeutil import ensure_aware

if TYPE_CHECKING:
    from remembrancer.memory.core import Memory

logger = logging.getLogger(__name__)

MIN_CONFIDENCE = 0.5
# Input types that hold no typed text: nothing to suggest.
NOT_TEXT_TYPES = frozenset({"checkbox", "radio", "submit", "button", "reset", "file", "image", "range", "color"})
# Contact tokens the user's one known number or address cannot be assumed to fit.
_FOREIGN_CONTACTS = frozenset({"fax", "pager"})
_WORK_CONTACT_FACTOR = 0.8  # "work email": the one the user gave may be personal


def autofill(
    memory: Memory,
    fields: Sequence[FormField],
    person: str | None = None,
    model: ModelSource = None,
    now: datetime | None = None,
    preferred_person: str | None = None,
    min_confidence: float = MIN_CONFIDENCE,
) -> list[FieldSuggestion]:
    """One suggestion per field, in order: a value with its confidence and sources, or none and why.

    `person` names whose data to use (an unknown name is an `InputError`);
    `preferred_person` is a configured default used only when the store knows
    it; otherwise the user is found as `profile.resolve_person` documents.
    `model` is a `LanguageModel` or a function returning one (loaded only
    if a free-text field needs it; failures mean "no model").
    """
    now = ensure_aware(now)
    who = resolve_person(memory.db, person, preferred=preferred_person)
    profile = load_profile(memory.db, who)
    model = loaded_once(model)
    out = []
    for field in fields:
        suggestion = _suggest(memory, field, profile, model, now, min_confidence)
        out.append(sensitive.enforce(field, suggestion))
    filled = sum(s.value is not None for s in out)
    logger.info("autofill for %s: %d of %d fields filled", who or "nobody", filled, len(out))
    return out


def field_kind(field: FormField) -> Classification:
    """What the field asks for: its autocomplete field name, else the heuristic reading."""
    detail = parse_autocomplete(field.autocomplete)
    if not detail.named:
        return classify(field)
    if detail.field_name == "username":
        # A login that takes an email says so in its label; otherwise a username is not something memory holds.
        read = classify(field)
        return Classification("email", 0.8, "autocomplete+label") if read.kind == "email" else Classification("username", 1.0, "autocomplete")
    if detail.contact in _FOREIGN_CONTACTS:
        return Classification(f"{detail.contact} {detail.field_name}", 1.0, "autocomplete")
    confidence = _WORK_CONTACT_FACTOR if detail.contact == "work" else 1.0
    return Classification(detail.field_name, confidence, "autocomplete")


def _suggest(memory: Memory, field: FormField, profile: Profile, model: ModelSource, now: datetime,
             min_confidence: float) -> FieldSuggestion:
    key = field.key
    if field.type.lower() in NOT_TEXT_TYPES:
        return FieldSuggestion(key, None, reason=f"not a text field ({field.type.lower()})")
    refused = sensitive.is_sensitive_field(field)
    if refused:
        return FieldSuggestion(key, None, reason=refused)
    kind = field_kind(field)
    if kind.kind == OTHER_PERSON:
        return FieldSuggestion(key, None, reason="about someone else")
    if kind.kind == FREE_TEXT:
        value = suggest_free_text(memory, field.label or field.placeholder or field.name, profile, model, now)
    elif kind.kind in SUPPORTED:
        value = derive(kind.kind, profile)
    else:
        return FieldSuggestion(key, None, reason=f"unsupported field ({kind.kind or 'unrecognised'})")
    if value is None:
        return FieldSuggestion(key, None, reason=f"nothing known ({_label(kind)})")
    return _scored(key, value, kind, min_confidence)


def _scored(key: str, value: Value, kind: Classification, min_confidence: float) -> FieldSuggestion:
    confidence = round(value.confidence * kind.confidence, 4)
    if confidence < min_confidence:
        return FieldSuggestion(key, None, reason=f"below threshold ({value.reason}, {confidence:.2f})")
    return FieldSuggestion(key, value.text, confidence, value.sources, value.reason)


def _label(kind: Classification) -> str:
    return "place of birth" if kind.kind == BIRTHPLACE else kind.kind
