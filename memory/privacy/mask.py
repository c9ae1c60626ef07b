"""What is *shown* of a memory: its text with the secrets masked.

People paste card numbers, IBANs and passwords into chats, and summaries and
answers built from those chats repeat them. The store keeps what was said;
every surface that lists or answers (recall, ask, the popup, the chat, the
memory browser's lists, the CLI's listings) shows it through this module,
so an answer about where someone lives cannot read out their IBAN. Opening
one memory (`memory.item_detail`) is the one place the real text is shown:
that is the person asking for it.

The masks keep what helps a person recognise the thing without revealing
it: a card or IBAN keeps its last four characters ("IBAN •••• 3000", "card
•••• 4242"), the words naming a secret stay ("password: ••••••", "PIN ••••",
"maiden name is ••••••"), and the mask's length never tells the secret's.
The detection rules are `memory.privacy.detect`, shared with autofill.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from remembrancer.memory.privacy.detect import CARD, CODE, IBAN, PIN, Secret, find_secrets

MASK = "••••••"
SHORT_MASK = "••••"  # PINs and codes: "PIN ••••"

# The fields of the core's result types that hold memory text; ids, times and
# sources are never masked (an id must still open the memory it names).
TEXT_FIELDS = frozenset({"text", "summary", "title", "value", "answer", "note", "question"})
MIN_KNOWN_VALUE = 4  # a shorter value found once is not hunted for elsewhere ("PIN 12" must not mask every "12")

T = TypeVar("T")


def mask_secrets(text: str) -> str:
    """`text` with every secret `find_secrets` sees replaced by its mask; anything else unchanged."""
    return _masked_text(text, find_secrets(text))


def _masked_text(text: str, secrets: list[Secret]) -> str:
    if not secrets:
        return text
    out, last = [], 0
    for secret in secrets:
        out.append(text[last:secret.start])
        out.append(_mask(text[secret.start:secret.end], secret.kind))
        last = secret.end
    out.append(text[last:])
    return "".join(out)


def _mask(value: str, kind: str) -> str:
    if kind in (CARD, IBAN):
        tail = "".join(c for c in value if c.isalnum())[-4:]
        return f"{SHORT_MASK} {tail}"
    return SHORT_MASK if kind in (PIN, CODE) else MASK


def masked(obj: T) -> T:
    """A copy of one result (a `RecallItem`, an `Answer`, a browser view, ...) safe to show; see `masked_all`."""
    return masked_all([obj])[0]


def masked_all(items: Iterable[T]) -> list[T]:
    """Copies of a listing (recall results, an answer, the browser's facts, ...) safe to show.

    Dataclasses are copied with their `TEXT_FIELDS` masked, recursing into
    nested results (a recall item's context turns, an answer's citations, a
    conflict's two facts); lists are mapped; anything else is returned as
    is. The originals are never changed: callers may hold them for other uses.

    A secret is recognised by its shape or by the words before it, and a
    listing repeats itself: the message says "my mother's maiden name is
    Pellworthy", the persona value or a scene title says just "Pellworthy".
    So every value found anywhere in the listing is masked everywhere in it.
    """
    items = list(items)
    found = {text: find_secrets(text) for text in set(_texts(items))}  # context turns repeat across items: scan each text once
    shown = _Shown(found, _known_values(found))
    return [_copy(item, shown) for item in items]


def _texts(obj: Any) -> Iterator[str]:
    """Every text field of a result and of the results nested in it (a bare string is its own text)."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, list):
        for x in obj:
            yield from _texts(x)
    elif _is_result(obj):
        for field in dataclasses.fields(obj):
            value = getattr(obj, field.name)
            if isinstance(value, str):
                if field.name in TEXT_FIELDS:
                    yield value
            elif _nested(value):
                yield from _texts(value)


def _is_result(obj: Any) -> bool:
    return dataclasses.is_dataclass(obj) and not isinstance(obj, type)


def _nested(value: Any) -> bool:
    """A field holding results (context turns, citations, a conflict's facts), not ids (`sources`)."""
    return _is_result(value) or (isinstance(value, list) and any(_is_result(x) for x in value))


def _known_values(found: dict[str, list[Secret]]) -> re.Pattern[str] | None:
    """One pattern for the secret values found in any of the texts (whole words only), or None."""
    values = {text[s.start:s.end] for text, secrets in found.items() for s in secrets}
    values = {v for v in values if len(v.strip()) >= MIN_KNOWN_VALUE}
    if not values:
        return None
    alternatives = "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


class _Shown:
    """How one listing's texts are shown: their own secrets masked, then every value known in the listing."""

    def __init__(self, found: dict[str, list[Secret]], known: re.Pattern[str] | None):
        self.found = found
        self.known = known

    def __call__(self, text: str) -> str:
        secrets = self.found[text] if text in self.found else find_secrets(text)
        shown = _masked_text(text, secrets)
        return self.known.sub(MASK, shown) if self.known is not None else shown


def _copy(obj: T, shown: _Shown) -> T:
    if isinstance(obj, str):
        return shown(obj)  # type: ignore[return-value]
    if isinstance(obj, list):
        return [_copy(x, shown) for x in obj]  # type: ignore[return-value]
    if not _is_result(obj):
        return obj
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(obj):
        value = getattr(obj, field.name)
        if isinstance(value, str):
            if field.name in TEXT_FIELDS and (text := shown(value)) != value:
                changes[field.name] = text
        elif _nested(value):
            changes[field.name] = _copy(value, shown)
    return dataclasses.replace(obj, **changes) if changes else obj  # type: ignore[type-var]
