"""The person's own messages in exports that do not say whose they are.

A WhatsApp chat, a mailbox, a Slack or Discord export, a chat log, a
Telegram group exported on its own: none of them says which participant
made the export, so every speaker is "other". The person can say who they
are (the app passes the `user_name` and `owner_aliases` settings in, or
`import --me NAME` for one run), and a message whose speaker has one of
those names, or whose sender has one of those e-mail addresses, is theirs:
role "user".

Names match case-insensitively, with white space and Unicode forms
normalised ("ana  LIMA" is "Ana Lima"). An entry "Ana Lima <ana@example.org>"
gives a name and an address, a bare "ana@example.org" an address (e-mail
senders are matched by address too, so a message sent from a client that
shows no name is found).

An export that names its owner is believed instead (ChatGPT, Claude and
Gemini exports, a Telegram account export or one-to-one chat, a JSON Lines
line with a `role`): there the names change nothing. A role is never part of
a message's id, so marking changes no id and a re-import adds nothing.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_NAMED = re.compile(r'\s*"?(?P<name>[^"<>]*?)"?\s*<(?P<address>[^<>\s]+@[^<>\s]+)>\s*')
_ADDRESS = re.compile(r"\s*(?P<address>[^<>\s\"]+@[^<>\s\"]+)\s*")


def normal(name: str) -> str:
    """`name` as names are compared: NFC, case folded, runs of white space one space."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@dataclass(frozen=True)
class Owner:
    """The names and e-mail addresses of the person whose memory this is (both normalised); empty: not known."""

    names: frozenset[str] = frozenset()
    addresses: frozenset[str] = frozenset()

    @classmethod
    def of(cls, entries: Iterable[str]) -> Owner:
        """From names, addresses and `Name <address>` entries."""
        names: set[str] = set()
        addresses: set[str] = set()
        for entry in entries:
            named, bare = _NAMED.fullmatch(entry), _ADDRESS.fullmatch(entry)
            if named:
                addresses.add(named["address"].casefold())
                if normal(named["name"]):
                    names.add(normal(named["name"]))
            elif bare:
                addresses.add(bare["address"].casefold())
            elif normal(entry):
                names.add(normal(entry))
        return cls(frozenset(names), frozenset(addresses))

    def __bool__(self) -> bool:
        return bool(self.names or self.addresses)

    def is_owner(self, *names: object, address: object = None) -> bool:
        """Whether any of `names` (the ones a sender goes by: display name, real name, handle) or `address` is the person's."""
        if isinstance(address, str) and address.strip().casefold() in self.addresses:
            return True
        return any(isinstance(name, str) and normal(name) in self.names for name in names)

    def role(self, role: str, *names: object, address: object = None) -> str:
        """"user" for the person's message, else `role` as the importer read it."""
        return "user" if self and self.is_owner(*names, address=address) else role


NOBODY = Owner()
