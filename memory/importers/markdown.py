"""A folder of Markdown notes (an Obsidian vault, say), and single Markdown or plain-text notes.

Each note is split by headings, then by paragraphs, into note items whose id
is `relative/path.md#heading-slug/key`, so a recalled item says which note and
section it stands in. The note's date comes from front matter (`date`,
`created`, ...), else the file's mtime. Code fences are kept whole.

The `key` is a short hash of the paragraph's own words (`paragraph_key`:
case-folded, punctuation and spacing dropped), not its position. Ids used to
number paragraphs (`/1`, `/2`...): inserting or deleting one shifted every
later id, so a re-import "edited" unchanged paragraphs into each other and
left the last id behind as a stale current item. Keyed by content, a
paragraph keeps its id whatever is added or removed around it, and a
re-import can tell kept, new and removed paragraphs apart (`memory.note_sync`
archives the removed ones). A fix of case, spacing or punctuation keeps the
id, so it is stored as an edit with the old text kept as history; changed
words give a new id (the old item is archived, never deleted). The same
paragraph twice in one section gets `-2`, `-3`... in document order.

The path in the id is relative to a root that does not depend on where the
import started: the nearest folder above the note that holds `.obsidian` (the
vault), else the imported folder (for a single file: its folder). So
importing `vault/` and later `vault/Journal/` gives `Journal/x.md` both
times in an Obsidian vault. A plain folder has no such mark: there, ids are
relative to the folder imported, and importing a sub-folder alone later
gives its notes new ids (stored again, not matched).

Notes are read leniently, unlike chat exports: a person's vault holds years
of hand-written files, and one odd file must not keep the rest out. Bad
front matter (not `key: value`, a date that is not a date, an unclosed
`---`) costs the note its front matter date, not its text: the file's time
is used and a `FILE:LINE` warning says why. A note that is not UTF-8 is
decoded as Windows-1252 / Latin-1 with a warning; a binary file named `.md`
raises `NotText`, which the folder walk skips and lists (`note_text`).
"""
from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from datetime import datetime
from pathlib import Path

from remembrancer.memory.errors import InputError
from remembrancer.memory.importers.base import Importer, check_unicode, iso_time, relative_name
from remembrancer.memory.importers.note_text import decode_note
from remembrancer.memory.types import ParsedMessage

DATE_KEYS = ("date", "created", "created_at", "creation_date", "updated")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
MAX_ITEM_CHARS = 1200
VAULT_MARK = ".obsidian"
KEY_HEX_DIGITS = 8  # 32 bits: ids stay short; a clash inside one section only adds a `-2` suffix
_WORD = re.compile(r"\w+")

logger = logging.getLogger(__name__)


class MarkdownImporter(Importer):
    name = "markdown"
    label = "Markdown notes"
    suffixes = (".md", ".markdown")

    def parse(self, path: Path, root: Path) -> list[ParsedMessage]:
        items, warnings = self.parse_reporting(path, root)
        for warning in warnings:  # names the file, line and problem; never the note's text
            logger.warning("%s", warning)
        return items

    def parse_reporting(self, path: Path, root: Path) -> tuple[list[ParsedMessage], list[str]]:
        text, decoding_warning = decode_note(path)
        warnings = [decoding_warning] if decoding_warning else []
        lines = text.splitlines()
        front, body_start = _front_matter(lines, path, warnings)
        source = note_name(path, root)
        when = _note_time(front, lines, path, warnings)
        author = front.get("author", "").strip() or "Me"
        items: list[ParsedMessage] = []
        slug_counts: dict[str, int] = {}
        for heading, paragraphs in _sections(lines, body_start):
            base = _slug(heading) if heading else ""
            slug_counts[base] = slug_counts.get(base, 0) + 1
            anchor = base if slug_counts[base] == 1 else f"{base}-{slug_counts[base] - 1}"
            chunks = [c for para, _ in paragraphs for c in _split_long(para)]
            lines_of = [line for para, line in paragraphs for _ in _split_long(para)]
            key_counts: dict[str, int] = {}
            for chunk, line in zip(chunks, lines_of):
                key = paragraph_key(chunk)
                key_counts[key] = key_counts.get(key, 0) + 1
                item_id = f"{source}#{anchor}/{key}" + (f"-{key_counts[key]}" if key_counts[key] > 1 else "")
                body = f"{heading}: {chunk}" if heading else chunk
                items.append(
                    ParsedMessage(
                        id=item_id,
                        conversation=source,
                        time=when,
                        speaker=author,
                        text=body,
                        role="user",
                        kind="note",
                        metadata={"path": source, "heading": heading, "source_line": line},
                        line=line,
                    )
                )
        return [check_unicode(item, path, item.line) for item in items], warnings

    def whole_note(self, path: Path, root: Path) -> str | None:
        """A note file is read whole: what a re-import does not find in it was removed from it."""
        return note_name(path, root)


def paragraph_key(text: str) -> str:
    """The content part of a note item's id: a short hash of the paragraph's words, whatever its position.

    Words are NFKC-normalised and case-folded, punctuation and spacing
    dropped, so re-wrapping a line or fixing a comma keeps the id (an edit,
    history kept). A paragraph without words (a rule, an emoji) hashes its
    stripped text instead, so two such paragraphs do not share a key.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = " ".join(_WORD.findall(folded)) or " ".join(folded.split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:KEY_HEX_DIGITS]


def note_name(path: Path, root: Path) -> str:
    """The note's path in its id: relative to the nearest folder above it holding `.obsidian`, else to `root`.

    One stat per folder above the note: cheap beside reading the note, and
    not cached, so a vault made while the app runs is seen at once. Compared
    as absolute paths, as `root` may be relative (`import ./vault`).
    """
    absolute = path.absolute()
    for folder in (absolute.parent, *absolute.parent.parents):
        if (folder / VAULT_MARK).is_dir():
            return relative_name(absolute, folder)
    return relative_name(path, root)


def _front_matter(lines: list[str], path: Path, warnings: list[str]) -> tuple[dict[str, str], int]:
    """The simple `key: value` lines of the front matter (all Remembrancer reads), and where the body starts.

    Not a YAML parser: a line it cannot read is reported and ignored, and an
    unclosed `---` makes the whole file body text (it was probably a rule).
    """
    if not lines or lines[0].strip() != "---":
        return {}, 0
    front: dict[str, str] = {}
    odd_lines: list[str] = []  # reported only if the front matter closes: else these lines are the body
    for number in range(1, len(lines)):
        line = lines[number]
        if line.strip() in ("---", "..."):
            warnings.extend(odd_lines)
            return front, number + 1
        if not line.strip() or line.startswith((" ", "\t", "-", "#")):
            continue  # a blank line, a nested value, a list item, a comment
        if ":" not in line:
            odd_lines.append(f"{path}:{number + 1}: front matter line is not `key: value`; ignored")
            continue
        key, value = line.split(":", 1)
        front[key.strip().lower()] = value.strip().strip("'\"")
    warnings.append(f"{path}:1: front matter opened with `---` is never closed; the file is read as text, with the file's time")
    return {}, 1


def _note_time(front: dict[str, str], lines: list[str], path: Path, warnings: list[str]) -> str:
    for key in DATE_KEYS:
        if front.get(key):
            line = _line_of_key(lines, key)
            try:
                return iso_time(front[key], path, line, field=f"front matter `{key}`")
            except InputError:  # reported without the value: warnings reach the log
                warnings.append(f"{path}:{line}: front matter `{key}` is not an ISO 8601 date; the file's time is used")
                break
    return datetime.fromtimestamp(path.stat().st_mtime).astimezone().isoformat(timespec="seconds")


def _line_of_key(lines: list[str], key: str) -> int:
    for number, line in enumerate(lines, start=1):
        if line.lower().startswith(key + ":"):
            return number
    return 1


def _sections(lines: list[str], start: int) -> list[tuple[str, list[tuple[str, int]]]]:
    """(heading, [(paragraph, first line number)]) in document order."""
    sections: list[tuple[str, list[tuple[str, int]]]] = [("", [])]
    buffer: list[str] = []
    buffer_line = 0
    in_fence = False

    def flush() -> None:
        nonlocal buffer
        paragraph = "\n".join(buffer).strip()
        if paragraph:
            sections[-1][1].append((paragraph, buffer_line))
        buffer = []

    for number in range(start, len(lines)):
        line = lines[number]
        if FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else HEADING.match(line)
        if heading:
            flush()
            sections.append((heading.group(2).strip(), []))
        elif not line.strip() and not in_fence:
            flush()
        else:
            if not buffer:
                buffer_line = number + 1
            buffer.append(line)
    flush()
    return [(h, paras) for h, paras in sections if paras]


def _split_long(paragraph: str) -> list[str]:
    if len(paragraph) <= MAX_ITEM_CHARS:
        return [paragraph]
    sentences = re.split(r"(?<=[.!?])\s+", paragraph)
    chunks, current = [], ""
    for sentence in sentences:
        if current and len(current) + len(sentence) > MAX_ITEM_CHARS:
            chunks.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        chunks.append(current)
    return chunks


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-") or "section"
