"""A hand-made chat with secrets planted in it, for the masking tests of every surface.

The people are invented. The IBAN and the card number are built here with
valid checksums (so the masking must recognise them, not just their shape);
the other secrets are introduced the way people write them.
"""
from __future__ import annotations

from pathlib import Path

from tests.helpers import record, write_jsonl


def iban(country: str, bban: str) -> str:
    """A valid IBAN for `bban`: the ISO 13616 check digits computed, then grouped by four."""
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    compact = f"{country}{98 - int(numeric) % 97:02d}{bban}"
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def luhn_card(prefix15: str) -> str:
    """A 16-digit card number whose last digit makes the Luhn check pass, grouped by four."""
    for check in "0123456789":
        digits = prefix15 + check
        total = sum((d * 2 - 9 if d * 2 > 9 else d * 2) if i % 2 else d for i, d in enumerate(int(c) for c in reversed(digits)))
        if total % 10 == 0:
            return " ".join(digits[i:i + 4] for i in range(0, 16, 4))
    raise AssertionError("unreachable: one check digit always fits")


IBAN = iban("DE", "520400600781234567")
CARD = luhn_card("471503992018654")
PASSWORD = "Qx7-Lanternfish"
PIN = "730519"
MAIDEN = "Pellworthy"
SECURITY_ANSWER = "Saltmarsh Orchard"

# Every form a secret could leak in (grouped and compact).
SECRETS = [IBAN, IBAN.replace(" ", ""), CARD, CARD.replace(" ", ""), PASSWORD, PIN, MAIDEN, SECURITY_ANSWER]
# What the masks keep, so a test can tell "masked" from "never recalled".
IBAN_MASK = "IBAN is •••• " + IBAN.replace(" ", "")[-4:]
CARD_MASK = "•••• " + CARD[-4:]

# Ordinary details that must survive: a phone number, a year, an amount, a short order number.
PHONE, YEAR, AMOUNT, ORDER = "0471 23 45 67", "2019", "$1,200", "55012345"

RECORDS = [
    record("o-1", "I live in Ghent now, in a small flat by the canal.", "Orla", "bank", "2024-04-02T09:00:00", role="user"),
    record("o-2", "Nice! Send me your bank details so we can split the rent.", "Bram", "bank", "2024-04-02T09:01:00"),
    record("o-3", f"My IBAN is {IBAN}, or use the card {CARD} if that is easier.", "Orla", "bank", "2024-04-02T09:02:00", role="user"),
    record("o-4", f"The Wi-Fi password is {PASSWORD} and my PIN is {PIN}.", "Orla", "bank", "2024-04-02T09:03:00", role="user"),
    record("o-5", f"For the bank app my mother's maiden name is {MAIDEN}; the security answer: {SECURITY_ANSWER}.", "Orla", "bank",
           "2024-04-02T09:04:00", role="user"),
    record("o-6", f"If anything happens call my sister on {PHONE}. We met in {YEAR}, the deposit was {AMOUNT}, order {ORDER}.",
           "Bram", "bank", "2024-04-02T09:05:00"),
]
NOW = "2024-04-03T12:00:00Z"
QUERIES = ["Where does Orla live?", "Orla's IBAN and card", "Wi-Fi password PIN", "mother's maiden name security answer", "bank details"]


def write_planted(path: Path) -> Path:
    return write_jsonl(path, RECORDS)


def leaked(text: str) -> list[str]:
    """The planted secrets present in `text` (an empty list is the only passing answer)."""
    return [secret for secret in SECRETS if secret in text]
