"""The autofill engine over a real import: values, sources, the user, the never-fill policy."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from remembrancer.memory import Memory
from remembrancer.memory.autofill.accept import accept
from remembrancer.memory.autofill.engine import autofill
from remembrancer.memory.autofill.sensitive import looks_like_card_number, looks_like_password
from remembrancer.memory.autofill.types import FieldSuggestion, FormField
from remembrancer.memory.errors import InputError
from tests.memory.autofill.conftest import SECRETS

NOW = datetime(2024, 7, 1, 12, 0, tzinfo=timezone.utc)
FORM = [
    FormField(name="first", autocomplete="given-name"),
    FormField(name="last", autocomplete="family-name"),
    FormField(name="email", type="email", autocomplete="email"),
    FormField(name="city", autocomplete="shipping address-level2"),
    FormField(name="org", autocomplete="organization"),
    FormField(name="pw", type="password", autocomplete="new-password"),
    FormField(name="card", autocomplete="cc-number"),
    FormField(name="card2", label="Card number"),
    FormField(name="pin", label="PIN"),
    FormField(name="note", label="Wifi password hint", type="text"),
]


def _exists(memory: Memory, item_id: str) -> bool:
    return any(memory.db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [item_id]).fetchone()
               for table in ("persona", "facts", "messages"))


def _by_field(suggestions: list[FieldSuggestion]) -> dict[str, FieldSuggestion]:
    return {s.field: s for s in suggestions}


def test_acceptance_fills_from_imported_facts_with_sources(user_store: Memory) -> None:
    out = _by_field(autofill(user_store, FORM, now=NOW))
    assert out["first"].value == "Lena"
    assert out["last"].value == "Fischer"
    assert out["email"].value == "lena@fischer.dev"  # the newer address supersedes lena.f@oldmail.de
    assert out["city"].value == "Hamburg"
    assert out["org"].value == "Airbus"
    for key in ("first", "last", "email", "city", "org"):
        suggestion = out[key]
        assert suggestion.sources and all(_exists(user_store, s) for s in suggestion.sources), key
        assert 0.5 <= suggestion.confidence <= 1.0
    assert "u-12" in out["email"].sources and "u-1" in out["first"].sources
    for key in ("pw", "card", "card2", "pin", "note"):
        assert out[key].value is None and out[key].sources == [] and "sensitive" in out[key].reason, key


def test_no_value_anywhere_is_a_secret(user_store: Memory) -> None:
    fields = FORM + [FormField(name="about", label="Tell us about yourself", type="textarea"),
                     FormField(name="misc", label="Anything else we should know?", type="textarea"),
                     FormField(name="tel", autocomplete="tel")]
    for suggestion in autofill(user_store, fields, now=NOW):
        if suggestion.value is None:
            continue
        assert not looks_like_card_number(suggestion.value)
        assert not any(looks_like_password(t) for t in suggestion.value.split())
        assert not any(secret in suggestion.value for secret in SECRETS)


def test_unknown_values_are_left_empty_with_a_reason(user_store: Memory) -> None:
    out = autofill(user_store, [FormField(name="tel", autocomplete="tel"), FormField(name="zip", label="ZIP code"),
                                FormField(name="size", label="T-shirt size"), FormField(name="ok", type="checkbox", label="I agree"),
                                FormField(name="kin", label="Emergency contact name")], now=NOW)
    assert [s.value for s in out] == [None] * 5
    assert [s.reason.split(" (")[0] for s in out] == ["nothing known", "nothing known", "unsupported field",
                                                      "not a text field", "about someone else"]


def test_the_user_is_the_role_user_speaker_and_person_overrides(user_store: Memory) -> None:
    email = [FormField(name="email", autocomplete="email")]
    assert autofill(user_store, email, now=NOW)[0].value == "lena@fischer.dev"
    assert autofill(user_store, email, person="tom", now=NOW)[0].value == "tom.berg@example.com"
    assert autofill(user_store, email, preferred_person="Tom", now=NOW)[0].value == "tom.berg@example.com"
    assert autofill(user_store, email, preferred_person="me", now=NOW)[0].value == "lena@fischer.dev"  # unknown: ignored
    with pytest.raises(InputError, match="Nobody"):
        autofill(user_store, email, person="Nobody", now=NOW)


def test_threshold_turns_weak_values_into_no_value(user_store: Memory) -> None:
    email = [FormField(name="email", autocomplete="email")]
    assert autofill(user_store, email, now=NOW, min_confidence=0.99)[0].value is None
    assert "below threshold" in autofill(user_store, email, now=NOW, min_confidence=0.99)[0].reason


def _reviews(memory: Memory) -> int:
    return sum(memory.db.execute(f"SELECT coalesce(sum(reviews), 0) FROM {t}").fetchone()[0] for t in ("persona", "facts", "messages"))


def test_autofill_reinforces_nothing_until_accepted(own_store: Memory) -> None:
    before = _reviews(own_store)
    fields = FORM + [FormField(name="allergies", label="Allergies")]
    out = autofill(own_store, fields, now=NOW)
    assert _reviews(own_store) == before
    kept = [s for s in out if s.field in ("email", "allergies") and s.value]
    assert len(kept) == 2
    cited = {i for s in kept for i in s.sources}
    assert accept(own_store, kept, now=NOW) == len(cited)
    assert _reviews(own_store) == before + len(cited)
    assert accept(own_store, [FieldSuggestion("pw", None, reason="sensitive field")], now=NOW) == 0


def test_empty_store_fills_nothing(tmp_path) -> None:
    with Memory(tmp_path / "empty", "fake") as memory:
        out = autofill(memory, FORM, now=NOW)
    assert all(s.value is None for s in out)


def test_a_forgotten_value_is_never_offered(own_store: Memory) -> None:
    from remembrancer.memory.forget import find_targets, forget

    email = [FormField(name="email", autocomplete="email")]
    assert autofill(own_store, email, now=NOW)[0].value == "lena@fischer.dev"
    forget(own_store, find_targets(own_store, "lena@fischer.dev"), NOW, hard=True, with_messages=True)
    out = autofill(own_store, email, now=NOW)[0]
    assert out.value is None  # and the older address, superseded, is not offered in its place
