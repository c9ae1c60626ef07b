"""Parsing one e-mail into a `Message` whose headers stay raw text, the way the e-mail import needs it, fast.

The import used `BytesParser(policy=policy.default)`, which makes an object
of every header it reads. Here a compat32-based policy keeps each header's
text (`email_headers` decodes the few the import uses), and a message of one
part with plain header lines is split without the feed parser's line-by-line
generator. The parts, charsets and file names found are those the
`policy.default` parse found: see `RawHeaders`.
"""
from __future__ import annotations

import re
from email import policy
from email.message import Message
from email.parser import Parser
from email.policy import Compat32

_TOKEN = r"[!#$%&'+.^_`|~0-9A-Za-z-]+"  # RFC 2045's token, less `*`: RFC 2231 parameters take the long way
_QUOTED = r'"(?:(?!=\?)[ !#-\[\]-~])*"'  # no escapes, no encoded word
_PARAMETERS = re.compile(rf"\s*{_TOKEN}(?:/{_TOKEN})?(?:\s*;\s*{_TOKEN}\s*=\s*(?:{_TOKEN}|{_QUOTED}))*\s*;?\s*")
# The headers `email.message.Message` reads itself (type, charset, file name, transfer encoding, related part), and
# the shape in which its compat32 reading of the raw text equals its reading of what `policy.default` makes of it.
_PLAIN = {
    "content-type": _PARAMETERS,
    "content-disposition": _PARAMETERS,
    "content-transfer-encoding": re.compile(r"[!-~]+"),
    "content-id": re.compile(r"(?:(?!=\?)[ -~])*"),
}


class RawHeaders(Compat32):
    """compat32 parsing: a header is fetched as text, not as an object.

    The MIME headers `Message` reads itself (for parts, charsets, file names)
    come back as the text `policy.default` makes of them when they are
    anything but plain (an encoded-word or 8-bit file name decoded, a missing
    `;` repaired), so the parts, charsets and file names found are the ones
    the `policy.default` parse found. Every other header is its raw text, a
    raw byte kept as a surrogate escape for `clean`: compat32 itself would
    wrap such a value in an `email.header.Header`, whose text has lost the
    bytes to replacement characters.
    """

    def header_fetch_parse(self, name: str, value: str) -> str:
        plain = _PLAIN.get(name.lower())
        if plain is None or plain.fullmatch(value):
            return value
        try:
            return str(policy.default.header_fetch_parse(name, value))
        except Exception:  # what the registry cannot parse, the old reading took as it came
            return value


RAW_HEADERS = RawHeaders()
_PARSER = Parser(policy=RAW_HEADERS)  # over the text BytesParser would decode
_BLANK_LINE = re.compile(r"\n\r?\n")
# One header, its folded lines with it: the name, and the value as `header_source_parse` leaves it (the feed
# parser's header line, less the shapes it judges itself: a nameless ":", an envelope "From ", a lone CR).
_HEADER = re.compile(r"([\041-\071\073-\176]+):[ \t]*([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)\r?\n")


def parse_message(data: bytes) -> Message:
    """The message in `data`, headers kept raw: what `BytesParser(policy=RAW_HEADERS)` gives, most of the time faster.

    The feed parser reads a message line by line through a generator (~50 us
    for a short one). A message of one part whose header lines are all
    plain `Name: value` lines or their folds, followed by a blank line, is
    split here instead, into the same `Message`; every other one goes to the
    feed parser.
    """
    text = data.decode("ascii", "surrogateescape")  # as BytesParser reads bytes
    split = _split(text)
    if split is not None:
        headers, body = split
        message = Message(policy=RAW_HEADERS)
        for name, value in headers:
            message.set_raw(name, value)
        if message.get_content_maintype() not in ("multipart", "message"):
            message.set_payload(body)
            return message
    return _PARSER.parsestr(text)


def _split(text: str) -> tuple[list[tuple[str, str]], str] | None:
    """The (name, value) headers and the body after the blank line; None for anything the feed parser reads its own way."""
    blank = _BLANK_LINE.search(text)
    if blank is None:
        return None  # no body: the feed parser's
    block = text[: blank.start() + 1]
    if block.count("\r") != block.count("\r\n"):
        return None  # a lone CR ends a line for the feed parser
    headers: list[tuple[str, str]] = []
    end = 0
    for match in _HEADER.finditer(block):
        if match.start() != end:
            return None  # a line that is no header: where the feed parser starts the body, with a defect
        headers.append((match[1], match[2]))
        end = match.end()
    return (headers, text[blank.end():]) if end == len(block) else None
