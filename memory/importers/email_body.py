"""What a person wrote in one e-mail: its own words and the names of its attachments.

A reply carries the whole thread below it ("> ..." lines, "On Mon, ... Kit
wrote:", Outlook's "-----Original Message-----") and a signature under
"-- ". Kept, every message of a thread would repeat the ones before it, and
recall would find the same sentence under ten speakers. So only the text
above the first quote marker is kept, interleaved quotes are dropped, and a
message in HTML alone is turned into text with the standard library's
`html.parser` (quoted `<blockquote>` and Gmail's quote block left out).

Decoding never fails: the declared charset first, UTF-8 when that is wrong
(a common mislabel), and the declared one with replacement characters as
the last resort, logged (never the text) so the person can find it.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from email.message import Message
from html.parser import HTMLParser

from remembrancer.memory.importers.email_headers import clean

logger = logging.getLogger(__name__)

# "On Mon, 1 Jan 2024 at 10:00, Kit <kit@example.com> wrote:" and its common translations.
_REPLY_HEADER = re.compile(
    r"^(On\s.+\swrote|Am\s.+\sschrieb\s?.*|Le\s.+\sa\s+écrit|El\s.+\sescribió|Il\s.+\sha\s+scritto|Op\s.+\sschreef\s?.*)\s*:\s*$",
    re.IGNORECASE,
)
_REPLY_OPENER = re.compile(r"^(On|Am|Le|El|Il|Op)\s", re.IGNORECASE)
_ORIGINAL = re.compile(r"^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original)\s*-{2,}$", re.IGNORECASE)
_OUTLOOK_RULE = re.compile(r"^_{10,}$")
_SIGNATURE = "-- "
_BLANK_LINES = re.compile(r"\n{3,}")


def body_text(message: Message, where: str) -> str:
    """The message's own words: `text/plain` if it has one with words, else its `text/html` as text."""
    for preference in ("plain", "html"):
        try:
            part = next(_bodies(message, message, preference), None)
        except (LookupError, ValueError, TypeError, AttributeError):  # a broken MIME tree: read what can be read
            part = None
        if part is None:
            continue
        text = decode_part(part, where)
        if preference == "html":
            text = html_to_text(text)
        text = strip_quotes(text)
        if text:
            return text
    return ""


def _bodies(top: Message, part: Message, subtype: str) -> Iterator[Message]:
    """The `text/<subtype>` parts a reader would show, best first: `EmailMessage.get_body`'s search (quirks kept), for a compat32 message.

    Attachments are passed over; in `multipart/related` only the root part
    (`start`, else the first) counts, the rest being what it shows inline.
    """
    if part.get_content_disposition() == "attachment":
        return
    maintype, found = part.get_content_type().split("/")
    if maintype == "text":
        if found == subtype:
            yield part
        return
    if maintype != "multipart" or not top.is_multipart():
        return
    if found != "related":
        for subpart in part.get_payload() if part.is_multipart() else ():
            yield from _bodies(top, subpart, subtype)
        return
    candidate = None
    start = part.get_param("start")
    if start and part.is_multipart():
        candidate = next((sub for sub in part.get_payload() if sub["content-id"] == start), None)
    if candidate is None:
        subparts = part.get_payload()
        candidate = subparts[0] if subparts else None
    if candidate is not None:
        yield from _bodies(top, candidate, subtype)


def decode_part(part: Message, where: str) -> str:
    """The part's text in its charset; undecodable bytes replaced and logged, never an exception."""
    try:
        payload = part.get_payload(decode=True)
    except (ValueError, TypeError, LookupError, AssertionError):
        payload = None
    if not isinstance(payload, bytes):
        return ""
    declared = declared_charset(part) or "utf-8"
    for charset in dict.fromkeys((declared, "utf-8")):
        try:
            return clean(payload.decode(charset))
        except (LookupError, UnicodeDecodeError):
            continue
    logger.warning("%s: text not valid %s; undecodable bytes replaced", where, declared)
    try:
        return clean(payload.decode(declared, "replace"))
    except LookupError:
        return payload.decode("utf-8", "replace")


# `type/subtype; charset=x`: the one parameter of most text parts, read without `Message`'s parameter parser (~5 us).
_CHARSET_ONLY = re.compile(r'\s*[A-Za-z0-9.+-]+/[A-Za-z0-9.+-]+\s*;\s*charset\s*=\s*(?:"([A-Za-z0-9_.:+-]+)"|([A-Za-z0-9_.:+-]+))\s*;?\s*',
                           re.IGNORECASE)


def declared_charset(part: Message) -> str | None:
    """`part.get_content_charset()`, lower-case; quicker for a Content-Type whose one parameter is the charset."""
    match = _CHARSET_ONLY.fullmatch(part.get("content-type", ""))
    return (match[1] or match[2]).lower() if match else part.get_content_charset()


def strip_quotes(text: str) -> str:
    """`text` up to the first reply header, "-----Original Message-----" or signature, without "> " lines."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if line == _SIGNATURE or _starts_quoted_reply(lines, index):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line.rstrip())
    return _BLANK_LINES.sub("\n\n", "\n".join(kept)).strip()


def _starts_quoted_reply(lines: list[str], index: int) -> bool:
    line = lines[index].strip()
    if _ORIGINAL.match(line) or _REPLY_HEADER.match(line):
        return True
    rule = _OUTLOOK_RULE.match(line)  # Outlook's rule above the quoted message's "From: ..." block
    sender = line.lower().startswith("from:")
    # A client that wrapped its reply header: "On Mon, 1 Jan 2024 at 10:00, Kit <" / "kit@example.com> wrote:"
    opener = len(line) < 200 and _REPLY_OPENER.match(line)
    if not (rule or sender or opener):
        return False  # most lines: the next one need not be looked at
    following = next((other.strip() for other in lines[index + 1 : index + 3] if other.strip()), "")
    if rule:
        return following.lower().startswith("from:")
    if sender and following.lower().startswith("sent:"):
        return True
    return bool(opener) and bool(following) and bool(_REPLY_HEADER.match(f"{line} {following}"))


def html_to_text(html: str) -> str:
    """Readable text of an HTML body: block elements as line breaks, scripts, styles and quoted replies left out."""
    parser = _TextOf()
    try:
        parser.feed(html)
        parser.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup: keep what it read
        pass
    return parser.text()


_LINE = {"br", "div", "li", "tr", "hr", "section", "article"}  # start a new line
_PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre"}  # stand apart from what surrounds them
_VOID = {"br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col", "embed", "param", "source", "track"}
_HIDDEN = {"script", "style", "head", "title", "blockquote"}


class _TextOf(HTMLParser):
    """Collects text outside hidden elements; a stack of open tags says when a hidden one ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._open: list[str] = []
        self._hidden_from: int | None = None  # depth of the open tag that started hiding

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if (tag in _LINE or tag in _PARAGRAPH) and self._hidden_from is None:
            self._parts.append("\n")
        if tag in _VOID:
            return
        self._open.append(tag)
        classes = " ".join(value or "" for name, value in attrs if name == "class")
        if self._hidden_from is None and (tag in _HIDDEN or "gmail_quote" in classes):
            self._hidden_from = len(self._open)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass
        if self._hidden_from is not None and len(self._open) < self._hidden_from:
            self._hidden_from = None
        if tag in _PARAGRAPH and self._hidden_from is None:
            self._parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._hidden_from is None:
            self._parts.append(data if "pre" in self._open else re.sub(r"\s+", " ", data))

    def text(self) -> str:
        lines = (line.replace("\xa0", " ").strip() for line in "".join(self._parts).split("\n"))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def attachments_of(message: Message) -> list[dict[str, str]]:
    """Each non-inline part with a file name as `{kind, name}` (the contract's attachment), never its content."""
    found: list[dict[str, str]] = []
    for part in message.walk():
        if part.is_multipart() or not _may_name_a_file(part):
            continue
        try:
            name = part.get_filename()
            disposition = part.get_content_disposition()
        except (ValueError, TypeError, LookupError, AttributeError):
            continue
        if not name or disposition == "inline":
            continue
        kind = part.get_content_maintype()
        found.append({"kind": kind if kind in ("image", "audio", "video") else "file", "name": _file_name(name)})
    return found


def _may_name_a_file(part: Message) -> bool:
    """Whether `part` has a header that can carry a file name: a quick no for most text parts (a parameter parse is ~10 us)."""
    disposition = part.get("content-disposition")
    return disposition is not None or "name" in str(part.get("content-type", "")).lower()


def _file_name(name: object) -> str:
    """An attachment's name, whitespace collapsed (an encoded or 8-bit name arrives decoded: see `email_headers.RawHeaders`)."""
    return clean(" ".join(str(name).split()))
