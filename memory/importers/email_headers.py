"""Reading the few headers an e-mail import uses, quickly and as `email.policy.default` reads them.

`email.policy.default` builds a structured object for every header it is
asked for: ~1 ms a message for From, Date, Subject and the MIME headers,
fifty times what the JSON Lines importer spends on a message. The messages
are parsed keeping each header's raw text (`email_parse`), and only the
headers the import uses are decoded here:

* the common shapes: plain text, RFC 2047 encoded words (`=?UTF-8?B?...?=`)
  standing as whole words, `Name <address>`, a bare address, folded lines,
  raw 8-bit bytes (read as UTF-8);
* anything else (an encoded word glued to other text or that does not
  decode, a comment or a group in an address) goes to `policy.default`'s
  own header parser, so such a header reads exactly as it did before.

Either way a value comes out as the full parser gives it, which matters:
the speaker and subject of a message without a Message-ID are part of its
id, and a re-import must find the same ids.
"""
from __future__ import annotations

import binascii
import re
from email import policy
from email.message import Message
from email.utils import parseaddr


def clean(value: str) -> str:
    """`value` without lone surrogates: raw 8-bit header bytes the parser kept as escapes, read as UTF-8."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        pass
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that never was a byte
        return value.encode("utf-8", "replace").decode("utf-8")


# A whole encoded word: charset (an RFC 2231 language after `*`), B or Q, and text without spaces or `?`.
_WORD = re.compile(r"=\?([A-Za-z0-9!#$%&'+^_`{}~-]+)(?:\*[A-Za-z0-9-]*)?\?([BbQq])\?([!->@-~]*)\?=")
_Q_BYTE = re.compile(rb"=([0-9A-Fa-f]{2})")
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_ADDRESS = rf"{_ATOM}(?:\.{_ATOM})*@{_ATOM}(?:\.{_ATOM})*"
# `Name <address>`, `"Name" <address>`, `<address>`, `address`: what almost every From header is.
_NAMED = re.compile(rf'\s*(?:"(?P<quoted>[^"\\]*)"|(?P<phrase>[^\s"<>()\[\]\\,;:@]+(?:\s+[^\s"<>()\[\]\\,;:@]+)*))?\s*<(?P<addr>{_ADDRESS})>\s*')
_BARE = re.compile(rf"\s*(?P<addr>{_ADDRESS})\s*")


class Unusual(Exception):
    """A value the quick reading leaves to the standard library's parser."""


def header_values(message: Message, names: frozenset[str]) -> dict[str, str]:
    """The first raw value of each header in `names` (lower-case) that `message` has."""
    found: dict[str, str] = {}
    for key, value in message.raw_items():
        name = key.lower()
        if name in names and name not in found:
            found[name] = value
    return found


def text_value(name: str, raw: str | None) -> str:
    """A header as text: encoded words decoded, whitespace collapsed, raw bytes read as UTF-8; "" when absent."""
    if raw is None:
        return ""
    value = clean(" ".join(raw.split()))
    if "=?" not in value:
        return value
    try:
        return " ".join(decode_words(value, joined=True).split())
    except Unusual:
        return _full_parse(name, raw)


def sender(raw: str | None) -> tuple[str, str]:
    """(speaker, address) of a From value: the display name, else the address; "Unknown sender" when there is neither."""
    name, address = _name_and_address(raw) if raw is not None else ("", "")
    name, address = clean(" ".join(name.split())), clean(address.strip())
    return (name or address or "Unknown sender"), address


def _name_and_address(raw: str) -> tuple[str, str]:
    value = clean(raw)
    match = _NAMED.fullmatch(value) or _BARE.fullmatch(value)
    if match:
        name = match.groupdict().get("quoted") or match.groupdict().get("phrase") or ""
        try:
            return (decode_words(name, joined=False) if "=?" in name else name), match["addr"]
        except Unusual:
            pass
    try:
        header = policy.default.header_fetch_parse("from", raw)
        addresses = getattr(header, "addresses", ())
        if addresses and (addresses[0].display_name or addresses[0].addr_spec):
            return addresses[0].display_name, addresses[0].addr_spec
    except Exception:  # a From header the registry cannot parse: the standard library's lenient splitter
        pass
    return parseaddr(_full_parse("from", raw))


def decode_words(value: str, joined: bool) -> str:
    """`value` with its encoded words decoded; Unusual for one that does not stand as a whole word, or does not decode.

    `joined`: drop the space between two encoded words, as RFC 2047 says and
    the standard library does in unstructured headers (Subject); in a display
    name the standard library keeps it, and so does this (`joined=False`).
    """
    out: list[str] = []
    previous_encoded = False
    for word in value.split():
        match = _WORD.fullmatch(word)
        if match is None:
            if "=?" in word:
                raise Unusual(word)
            out.append(" " + word if out else word)
            previous_encoded = False
            continue
        text = _decode_word(*match.groups())
        out.append(text if not out or (joined and previous_encoded) else " " + text)
        previous_encoded = True
    return "".join(out)


def _decode_word(charset: str, encoding: str, text: str) -> str:
    data = text.encode("ascii")
    if encoding in "Bb":
        if len(data) % 4:
            raise Unusual(text)  # missing padding: the full parser's repair rules apply
        try:
            data = binascii.a2b_base64(data, strict_mode=True)
        except binascii.Error:
            raise Unusual(text) from None
    else:
        data = _Q_BYTE.sub(lambda m: bytes.fromhex(m.group(1).decode()), data.replace(b"_", b" "))
    try:
        return clean(data.decode(charset))
    except (LookupError, UnicodeDecodeError):
        raise Unusual(charset) from None


def _full_parse(name: str, raw: str) -> str:
    """The value as `email.policy.default` reads it (the import's reading before this module), for the unusual ones."""
    try:
        value = str(policy.default.header_fetch_parse(name, raw))
    except Exception:  # a header the registry chokes on: its raw text
        value = raw
    return clean(" ".join(value.split()))
