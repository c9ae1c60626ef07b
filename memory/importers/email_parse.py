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
_HEADER_LINE = re.compile(r"[\041-\071\073-\176]*:|[\t ]")  # the feed parser's header or continuation line


def parse_message(data: bytes) -> Message:
    """The message in `data`, headers kept raw: what `BytesParser(policy=RAW_HEADERS)` gives, most of the time faster.

    The feed parser reads a message line by line through a generator (~50 us
    for a short one). A message that is one part with plain header lines (no
    lone CR, no envelope line, a blank line before the body) is split here
    instead, into the same `Message`; every other one, and any multipart
    message, goes to the feed parser.
    """
    text = data.decode("ascii", "surrogateescape")  # as BytesParser reads bytes
    groups = _header_lines(text)
    if groups is not None:
        lines, body = groups
        message = Message(policy=RAW_HEADERS)
        for header in lines:
            message.set_raw(*RAW_HEADERS.header_source_parse(header))
        if message.get_content_maintype() not in ("multipart", "message"):
            message.set_payload(body)
            return message
    return _PARSER.parsestr(text)


def _header_lines(text: str) -> tuple[list[list[str]], str] | None:
    """Each header's lines and the body after the blank line; None for anything the feed parser reads its own way."""
    headers: list[list[str]] = []
    start = 0
    while True:
        end = text.find("\n", start) + 1
        if not end:
            return None  # no blank line before the end: a message without body
        line = text[start:end]
        if line == "\n" or line == "\r\n":
            return headers, text[end:]
        if "\r" in line[: -2 if line.endswith("\r\n") else -1] or line.startswith(("From ", ":")):
            return None  # a lone CR ends a line for the feed parser; an envelope line or a nameless header are its to judge
        if not _HEADER_LINE.match(line):
            return None  # the body starts without a blank line: a defect the feed parser records
        if line[0] in " \t":
            if not headers:
                return None
            headers[-1].append(line)
        else:
            headers.append([line])
        start = end
