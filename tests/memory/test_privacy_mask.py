"""The never-share rules (`memory.privacy`): what is masked, what is left alone, one detection for autofill too."""
from __future__ import annotations

import pytest

from remembrancer.memory.autofill.sensitive import is_sensitive_value
from remembrancer.memory.privacy import mask_secrets, masked, masked_all
from remembrancer.memory.privacy.detect import find_secrets, iban_valid, looks_like_card_number
from remembrancer.memory.types import Answer, Citation, ContextTurn, RecallItem
from tests.planted_secrets import CARD, IBAN, MAIDEN, PASSWORD, PIN, RECORDS, SECURITY_ANSWER, iban, leaked, luhn_card


def test_the_builders_make_valid_numbers() -> None:
    assert iban_valid(IBAN.replace(" ", "")) and looks_like_card_number(CARD)
    compact = IBAN.replace(" ", "")
    assert not iban_valid(compact[:-1] + str((int(compact[-1]) + 1) % 10))  # one digit off fails the check


@pytest.mark.parametrize("text, shown", [
    (f"My IBAN is {IBAN}.", f"My IBAN is •••• {IBAN.replace(' ', '')[-4:]}."),
    (f"pay to {IBAN.replace(' ', '')} today", f"pay to •••• {IBAN.replace(' ', '')[-4:]} today"),
    (f"card {CARD} exp 12/27", f"card •••• {CARD[-4:]} exp 12/27"),
    (f"{CARD.replace(' ', '-')}", f"•••• {CARD[-4:]}"),
    (f"password: {PASSWORD}", "password: ••••••"),
    (f"The Wi-Fi password is {PASSWORD}, ok?", "The Wi-Fi password is ••••••, ok?"),
    ("the password for the shed is Marrowbone", "the password for the shed is ••••••"),
    (f"my PIN is {PIN}", "my PIN is ••••"),
    ("PIN 4471", "PIN ••••"),
    ("I changed my PIN to 9921 yesterday", "I changed my PIN to •••• yesterday"),
    ("the verification code is 482 913", "the verification code is ••••"),
    ("one-time code: 551204.", "one-time code: ••••."),
    (f"My mother's maiden name is {MAIDEN}.", "My mother's maiden name is ••••••."),
    ("mum’s maiden name: Ashgrove and that is that", "mum’s maiden name: •••••• and that is that"),
    (f"security answer: {SECURITY_ANSWER}", "security answer: ••••••"),
    ("SSN 078-05-1120 on file", "SSN •••••• on file"),
    ("my passport number is K4471920", "my passport number is ••••••"),
    ("national ID number: 12345678Z", "national ID number: ••••••"),
])
def test_secrets_are_masked(text: str, shown: str) -> None:
    assert mask_secrets(text) == shown


@pytest.mark.parametrize("text", [
    "Call my sister on 0471 23 45 67 or +32 471 23 45 67 89 01.",
    "We met in 2019 and married on 2021-06-12.",
    "The deposit was $1,200 (order 55012345, tracking 1Z999AA10123456784).",
    "Her flat is at Canal Street 12, 9000 Ghent.",
    "I forgot my password again, and the password is wrong anyway.",
    "Use a password manager; passwords are case-sensitive.",
    "My mother's maiden name is the same as my grandmother's.",
    "I'll pin 3 photos to the board.",
    "The iPhone15-Pro arrived, version 2.4.1.",
    "",
])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert mask_secrets(text) == text and find_secrets(text) == []


def test_every_planted_message_is_masked_and_the_ordinary_one_kept() -> None:
    for record in RECORDS:
        assert leaked(mask_secrets(record["text"])) == []
    assert mask_secrets(RECORDS[-1]["text"]) == RECORDS[-1]["text"]  # phone, year, amount, order number


def test_another_country_and_card_length() -> None:
    gb = iban("GB", "NWBK60161331926819")
    assert mask_secrets(f"IBAN {gb}") == f"IBAN •••• {gb.replace(' ', '')[-4:]}"
    assert mask_secrets(luhn_card("401288888888188").replace(" ", "")) == "•••• " + luhn_card("401288888888188")[-4:]


def test_masked_copies_results_and_leaves_the_originals() -> None:
    turn = ContextTurn("o-4", "Orla", "2024-04-02T09:03:00+00:00", f"my PIN is {PIN}")
    item = RecallItem("f-1", "fact", f"Orla's mother's maiden name is {MAIDEN}.", 0.9, ["o-5"], 1.0, context=[turn])
    shown = masked(item)
    assert leaked(shown.text + shown.context[0].text) == [] and shown.sources == ["o-5"] and shown.id == "f-1"
    assert MAIDEN in item.text and PIN in item.context[0].text  # the caller's object is untouched


def test_a_value_found_once_is_masked_everywhere_in_the_listing() -> None:
    """The message names the secret; the persona value or a scene title repeats it bare."""
    items = [RecallItem("o-5", "message", f"my mother's maiden name is {MAIDEN}", 1.0, ["o-5"], 1.0),
             RecallItem("s-1", "scene", f"Orla, {MAIDEN} and the bank", 0.5, ["o-5"], 1.0)]
    assert all(leaked(i.text) == [] for i in masked_all(items))


def test_an_answer_is_masked_with_its_citations() -> None:
    answer = Answer("Where does Orla live?", f"Orla's IBAN is {IBAN}", [Citation("o-3", f"card {CARD}", ["o-3"])], note=f"PIN {PIN}")
    shown = masked(answer)
    assert leaked(shown.answer + shown.citations[0].text + (shown.note or "")) == []
    assert shown.citations[0].sources == ["o-3"]


@pytest.mark.parametrize("value", [IBAN, f"PIN {PIN}", f"maiden name is {MAIDEN}", "SSN 078-05-1120"])
def test_autofill_refuses_what_display_masks(value: str) -> None:
    """One detection: a value the display would mask is never offered to a form."""
    assert is_sensitive_value(value)


@pytest.mark.parametrize("keyword", [
    "password", "passwd", "pwd", "passphrase", "pass code", "Wi-Fi key", "mot de passe", "PIN", "pincode", "PIN number",
    "one-time code", "OTP", "verification code", "2FA code", "recovery codes", "CVV", "door code", "security answer",
    "memorable word", "maiden name", "mother's maiden name", "SSN", "social security number", "national ID number",
    "passport number", "tax ID", "ID card number", "driver's license number", "NIF", "IBAN", "account number",
    "routing number", "sort code", "card number",
])
def test_every_keyword_introduces_a_secret(keyword: str) -> None:
    """Each keyword of the rules finds its value (and the cheap pre-filter lets every one through)."""
    assert mask_secrets(f"my {keyword} is 7730-5512, see you") in (f"my {keyword} is ••••••, see you", f"my {keyword} is ••••, see you")
